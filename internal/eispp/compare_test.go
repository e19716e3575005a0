package eispp

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/tocsin-cert/tocsin/internal/advisory"
)

// notCarried lists the fields of the advisory model that EISPP XML does not
// carry, as "Type.Field", each with the reason. The round-trip tests compare
// whole models and skip exactly these fields; a field the model gains later
// fails the round trip until it is written to the XML or listed here (and
// in docs/eispp-xml.md).
func notCarried() map[string]string {
	return map[string]string{
		// Values as the CSAF JSON writes them, kept so that csaf.Marshal can
		// write the document again byte for byte; the XML writes the parsed
		// value (xs:dateTime, trimmed name, TLP 2.0 label).
		"Advisory.InitialReleaseRaw":     "raw CSAF text of InitialRelease",
		"Advisory.CurrentReleaseRaw":     "raw CSAF text of CurrentRelease",
		"Advisory.TLPLabel":              "raw CSAF TLP label (WHITE); the XML has the TLP 2.0 label",
		"Publisher.NameRaw":              "raw CSAF publisher name",
		"Revision.DateRaw":               "raw CSAF text of Date",
		"Revision.Position":              "index in the CSAF revision_history; the XML keeps Revisions' order",
		"Vulnerability.ReleaseDateRaw":   "raw CSAF text",
		"Vulnerability.DiscoveryDateRaw": "raw CSAF text",
		"Remediation.DateRaw":            "raw CSAF text",
		"Threat.DateRaw":                 "raw CSAF text",
		// CSAF structure the XML presents in its own way.
		"Advisory.ProductTree":             "CSAF product tree as written; the XML carries the flattened Products (TechnicalContext)",
		"Advisory.Additional":              "properties CSAF does not define",
		"Advisory.Generator":               "the tool that wrote the CSAF document",
		"Advisory.DocumentAcknowledgments": "structured CSAF acknowledgments; the XML carries the flattened Acknowledgments",
		"Vulnerability.Acknowledgments":    "structured CSAF acknowledgments; the XML carries the flattened Acknowledgments",
		"Vulnerability.StatusLists":        "CSAF product_status lists as written; the XML carries ProductStatus",
		"Vulnerability.ScoreSets":          "full CVSS objects; the XML carries Scores (version, vector, base score and severity, products)",
		"Flag.DateRaw":                     "raw CSAF text",
		"Flag.GroupIDs":                    "CSAF product groups; the XML carries ProductIDs with the groups expanded",
		"Flag.ListedProductIDs":            "CSAF product groups; the XML carries ProductIDs with the groups expanded",
		"Remediation.GroupIDs":             "CSAF product groups; the XML carries ProductIDs with the groups expanded",
		"Remediation.ListedProductIDs":     "CSAF product groups; the XML carries ProductIDs with the groups expanded",
		"Threat.GroupIDs":                  "CSAF product groups; the XML carries ProductIDs with the groups expanded",
		"Threat.ListedProductIDs":          "CSAF product groups; the XML carries ProductIDs with the groups expanded",
	}
}

// diffModels lists the differences between two advisories in the fields
// EISPP XML carries, as "path: want X, got Y". Nil and empty slices and
// maps are equal (the XML does not tell them apart); times are equal when
// they denote the same instant with the same UTC offset.
func diffModels(want, got *advisory.Advisory) []string {
	var out []string
	diffValue(reflect.ValueOf(want).Elem(), reflect.ValueOf(got).Elem(), "", notCarried(), &out)
	return out
}

var timeType = reflect.TypeFor[time.Time]()

func diffValue(w, g reflect.Value, path string, skip map[string]string, out *[]string) {
	if len(*out) >= 20 {
		return
	}
	report := func() {
		*out = append(*out, fmt.Sprintf("%s: want %s, got %s", path, show(w), show(g)))
	}
	if w.Type() == timeType {
		wt, gt := w.Interface().(time.Time), g.Interface().(time.Time)
		_, wo := wt.Zone()
		_, gov := gt.Zone()
		if !wt.Equal(gt) || wo != gov {
			report()
		}
		return
	}
	switch w.Kind() {
	case reflect.Struct:
		t := w.Type()
		for i := range t.NumField() {
			f := t.Field(i)
			if _, ok := skip[t.Name()+"."+f.Name]; ok || !f.IsExported() {
				continue
			}
			diffValue(w.Field(i), g.Field(i), path+"."+f.Name, skip, out)
		}
	case reflect.Pointer:
		if w.IsNil() || g.IsNil() {
			if w.IsNil() != g.IsNil() {
				report()
			}
			return
		}
		diffValue(w.Elem(), g.Elem(), path, skip, out)
	case reflect.Slice:
		if w.Len() != g.Len() {
			report()
			return
		}
		for i := range w.Len() {
			diffValue(w.Index(i), g.Index(i), fmt.Sprintf("%s[%d]", path, i), skip, out)
		}
	case reflect.Map:
		if w.Len() != g.Len() {
			report()
			return
		}
		for _, k := range w.MapKeys() {
			gv := g.MapIndex(k)
			if !gv.IsValid() {
				*out = append(*out, fmt.Sprintf("%s[%v]: missing", path, k))
				continue
			}
			diffValue(w.MapIndex(k), gv, fmt.Sprintf("%s[%v]", path, k), skip, out)
		}
	case reflect.Interface:
		if !reflect.DeepEqual(w.Interface(), g.Interface()) {
			report()
		}
	default:
		if !w.Equal(g) {
			report()
		}
	}
}

// show formats a value for a difference, shortened.
func show(v reflect.Value) string {
	s := fmt.Sprintf("%#v", v.Interface())
	if v.Kind() == reflect.Slice || v.Kind() == reflect.Map {
		s = fmt.Sprintf("%d entries", v.Len())
	}
	if len(s) > 120 {
		s = s[:120] + "..."
	}
	return s
}

// TestNotCarriedNamesRealFields keeps the list honest: every entry names a
// field of a type of the advisory model.
func TestNotCarriedNamesRealFields(t *testing.T) {
	types := map[string]reflect.Type{}
	var walk func(reflect.Type)
	walk = func(t reflect.Type) {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Map {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct || t == timeType || types[t.Name()] != nil {
			return
		}
		types[t.Name()] = t
		for i := range t.NumField() {
			walk(t.Field(i).Type)
		}
	}
	walk(reflect.TypeFor[advisory.Advisory]())
	for name := range notCarried() {
		typ, field, _ := strings.Cut(name, ".")
		st, ok := types[typ]
		if !ok {
			t.Errorf("notCarried names %s, but the model has no type %s", name, typ)
			continue
		}
		if _, ok := st.FieldByName(field); !ok {
			t.Errorf("notCarried names %s, but %s has no field %s", name, typ, field)
		}
	}
}
