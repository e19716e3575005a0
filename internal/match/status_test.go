package match

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/tocsin-cert/tocsin/internal/advisory"
	"github.com/tocsin-cert/tocsin/internal/org"
)

// widgetAdvisory is a CSAF advisory as the reader flattens it: Acme
// Widget Server in the versions given, each a product_version branch
// with its product id W<version>, and one vulnerability listing them with
// the statuses given (both in ProductStatus and in StatusLists, as the
// reader fills them).
func widgetAdvisory(cpe bool, statuses ...string) *advisory.Advisory {
	a := &advisory.Advisory{TrackingID: "ACME-2025-1"}
	v := advisory.Vulnerability{CVE: "CVE-2025-0001", ProductStatus: map[string]advisory.Status{},
		StatusLists: map[advisory.Status][]string{}}
	for _, s := range statuses {
		ver, st, _ := strings.Cut(s, " ")
		p := advisory.Product{ID: "W" + ver, Name: "Acme Widget Server " + ver, Vendor: "Acme", Product: "Widget Server", Version: ver}
		if cpe {
			p.CPE = "cpe:2.3:a:acme:widget_server:" + ver + ":*:*:*:*:*:*:*"
		}
		a.Products = append(a.Products, p)
		v.ProductStatus[p.ID] = advisory.Status(st)
		v.StatusLists[advisory.Status(st)] = append(v.StatusLists[advisory.Status(st)], p.ID)
	}
	a.Vulnerabilities = []advisory.Vulnerability{v}
	return a
}

// TestMatchFirstLastAffected is the tester's report: a product listed
// first_affected or last_affected was matched on its one version only, so
// subscribers on the other affected versions were not notified. CSAF 2.0:
// first_affected is the first version affected (it and later ones, up to
// the fixed version), last_affected the last (it and earlier ones).
func TestMatchFirstLastAffected(t *testing.T) {
	t.Parallel()
	last := widgetAdvisory(false, "3.1 last_affected", "3.2.1 first_fixed")
	first := widgetAdvisory(false, "3.0.0 first_affected", "3.2.1 first_fixed")
	firstCPE := widgetAdvisory(true, "3.0.0 first_affected", "3.2.1 first_fixed")
	firstFixed := widgetAdvisory(false, "3.0.0 first_affected", "3.2.1 fixed", "3.3 fixed", "2.9 fixed")
	firstOpen := widgetAdvisory(false, "3.0.0 first_affected")
	known := widgetAdvisory(false, "3.0.0 known_affected", "3.2.1 first_fixed")
	// Two release lines, each first_affected with its own fix.
	lines := widgetAdvisory(false, "2.0 first_affected", "2.4.7 fixed", "3.0 first_affected", "3.1.2 fixed")
	// Only in StatusLists, as when a product is in two lists and
	// ProductStatus kept the other status.
	listed := widgetAdvisory(false, "3.0.0 first_affected", "3.2.1 first_fixed")
	listed.Vulnerabilities[0].ProductStatus["W3.0.0"] = advisory.StatusUnderInvestigation
	// Another product's fix does not bound this one.
	other := widgetAdvisory(false, "3.0.0 first_affected")
	other.Products = append(other.Products, advisory.Product{ID: "G3.2.1", Name: "Acme Gadget 3.2.1", Vendor: "Acme", Product: "Gadget", Version: "3.2.1"})
	other.Vulnerabilities[0].ProductStatus["G3.2.1"] = advisory.StatusFixed
	// Full product names without branches: the version is in the name
	// and the package URL.
	purls := &advisory.Advisory{Products: []advisory.Product{
		{ID: "P1", Name: "widget 1.2.0", Product: "widget 1.2.0", PURL: "pkg:npm/widget@1.2.0"},
		{ID: "P2", Name: "widget 1.4.0", Product: "widget 1.4.0", PURL: "pkg:npm/widget@1.4.0"},
	}, Vulnerabilities: []advisory.Vulnerability{{ProductStatus: map[string]advisory.Status{
		"P1": advisory.StatusFirstAffected, "P2": advisory.StatusFirstFixed}}}}

	tests := []struct {
		name string
		a    *advisory.Advisory
		spec string
		want string // "" for no hit, else "PRODUCT | reason substring"
	}{
		{"last_affected: earlier version", last, "acme/widget server@3.0.0",
			"W3.1 | advisory version 3.1 (last_affected: 3.1 and earlier) contains subscribed 3.0.0"},
		{"last_affected: itself", last, "acme/widget server@3.1", "W3.1 | contains subscribed 3.1"},
		{"last_affected: later version", last, "acme/widget server@3.2.0", ""},
		{"last_affected: fixed version", last, "acme/widget server@3.2.1", ""},
		{"last_affected: subscribed range", last, "acme/widget server@>=2.0,<3.0", "W3.1 | overlaps subscribed range >=2.0,<3.0"},

		{"first_affected: 3.2.0", first, "acme/widget server@3.2.0",
			"W3.0.0 | advisory version 3.0.0 (first_affected: 3.0.0 and later, before fixed 3.2.1) contains subscribed 3.2.0"},
		{"first_affected: 3.1", first, "acme/widget server@3.1", "W3.0.0 | contains subscribed 3.1"},
		{"first_affected: itself", first, "acme/widget server@3.0.0", "W3.0.0 | contains subscribed 3.0.0"},
		{"first_affected: CPE 3.1.0", first, "cpe:2.3:a:acme:widget_server:3.1.0:*:*:*:*:*:*:*", "W3.0.0 | contains subscribed 3.1.0"},
		{"first_affected: CPE 3.1.0 on the product's CPE", firstCPE, "cpe:2.3:a:acme:widget_server:3.1.0:*:*:*:*:*:*:*",
			"W3.0.0 | CPE cpe:2.3:a:acme:widget_server:3.1.0:*:*:*:*:*:*:* matches the advisory's CPE"},
		{"first_affected: fixed version", first, "acme/widget server@3.2.1", ""},
		{"first_affected: CPE fixed version", firstCPE, "cpe:2.3:a:acme:widget_server:3.2.1:*:*:*:*:*:*:*", ""},
		{"first_affected: later line", first, "acme/widget server@4.0", ""},
		{"first_affected: earlier version", first, "acme/widget server@2.9", ""},
		{"first_affected: lowest greater fix bounds", firstFixed, "acme/widget server@3.2.1", ""},
		{"first_affected: lowest greater fix, inside", firstFixed, "acme/widget server@3.2", "W3.0.0 | before fixed 3.2.1"},
		{"first_affected: no fix, later", firstOpen, "acme/widget server@4.0",
			"W3.0.0 | advisory version 3.0.0 (first_affected: 3.0.0 and later) contains subscribed 4.0"},
		{"first_affected: only in StatusLists", listed, "acme/widget server@3.1", "W3.0.0 | before fixed 3.2.1"},
		{"first_affected: another product's fix", other, "acme/widget server@3.5", "W3.0.0 | (first_affected: 3.0.0 and later)"},
		{"release lines: 2.x", lines, "acme/widget server@2.4.6", "W2.0 | before fixed 2.4.7"},
		{"release lines: 2.x fixed", lines, "acme/widget server@2.4.7", ""},
		{"release lines: 3.x", lines, "acme/widget server@3.1.1", "W3.0 | before fixed 3.1.2"},
		{"release lines: 3.x fixed", lines, "acme/widget server@3.1.2", ""},
		{"package URL version", purls, "pkg:npm/widget@1.3.0", "P1 | before fixed 1.4.0"},
		{"package URL version fixed", purls, "pkg:npm/widget@1.4.0", ""},
		{"package URL range", purls, "pkg:npm/widget@>=1.3.5", "P1 | overlaps subscribed range >=1.3.5"},
		{"known_affected stays one version", known, "acme/widget server@3.1", ""},
		{"known_affected, its version", known, "acme/widget server@3.0.0", "W3.0.0 | equals subscribed 3.0.0"},
	}
	for _, tt := range tests {
		profiles := []org.Profile{{ID: 1, OrgID: 1, Name: "p", Products: []string{tt.spec}}}
		ix := mustIndex(t, profiles)
		hits := ix.Match(tt.a)
		if want := naiveMatch(profiles, tt.a); (len(hits) > 0 || len(want) > 0) && !reflect.DeepEqual(hits, want) {
			t.Errorf("%s: index %+v, naive %+v", tt.name, hits, want)
		}
		var got []string
		for _, h := range hits {
			got = append(got, h.ProductID)
		}
		if tt.want == "" {
			if len(hits) > 0 {
				t.Errorf("%s: %s hit %v, want none: %s", tt.name, tt.spec, got, hits[0].Reason)
			}
			continue
		}
		id, sub, _ := strings.Cut(tt.want, " | ")
		if len(hits) != 1 || hits[0].ProductID != id || !strings.Contains(hits[0].Reason, sub) {
			t.Errorf("%s: %s hits %+v, want one on %s with reason containing %q", tt.name, tt.spec, hits, id, sub)
		}
	}
}

// TestExplainFirstAffected: Explain gives the verdicts that Match acts
// on, with the status range in the reason.
func TestExplainFirstAffected(t *testing.T) {
	t.Parallel()
	ix := mustIndex(t, []org.Profile{{ID: 1, Products: []string{"acme/widget server@3.1"}}})
	var got []string
	for _, e := range ix.Explain(widgetAdvisory(false, "3.0.0 first_affected", "3.2.1 first_fixed"), 1) {
		got = append(got, fmt.Sprintf("%s match=%v notified=%v: %s", e.ProductID, e.Match, e.Notified, e.Reason))
	}
	want := []string{
		"W3.0.0 match=true notified=true: vendor Acme and product Widget Server match; advisory version 3.0.0 (first_affected: 3.0.0 and later, before fixed 3.2.1) contains subscribed 3.1",
		"W3.2.1 match=false notified=false: vendor Acme and product Widget Server match; but advisory version 3.2.1 is not subscribed 3.1",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Explain:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
