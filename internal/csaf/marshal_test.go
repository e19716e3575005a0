package csaf

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/tocsin-cert/tocsin/internal/advisory"
	"github.com/tocsin-cert/tocsin/internal/testutil"
)

// TestRoundTripCorpus reads every corpus file Parse maps (all but the
// CSAF 2.1 one, the refused ones included), writes it with Marshal and
// checks that the result equals the original as JSON.
func TestRoundTripCorpus(t *testing.T) {
	t.Parallel()
	root, files := corpusFiles(t)
	n := 0
	for _, rel := range files {
		data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(rel)))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Parse(data); err != nil && strings.Contains(err.Error(), "Tocsin reads CSAF 2.0") {
			continue
		}
		n++
		checkRoundTrip(t, rel, data)
	}
	if n < 50 {
		t.Errorf("only %d corpus files round-tripped", n)
	}
}

// TestRoundTripOASIS round-trips the OASIS example documents and every
// validator test file (valid or not: Parse maps what it can read).
func TestRoundTripOASIS(t *testing.T) {
	t.Parallel()
	base := filepath.Join(testutil.SharedDir(t), "testdata", "csaf", "csaf_2.0")
	for _, dir := range []string{"test/validator/data", "examples/csaf"} {
		err := filepath.WalkDir(filepath.Join(base, dir), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".json") || d.Name() == "testcases.json" {
				return err
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			checkRoundTrip(t, filepath.Base(p), data)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

func checkRoundTrip(t *testing.T, name string, data []byte) {
	t.Helper()
	a, err := Parse(data)
	if err != nil {
		t.Errorf("%s: Parse: %v", name, err)
		return
	}
	out, err := Marshal(a)
	if err != nil {
		t.Errorf("%s: Marshal: %v", name, err)
		return
	}
	var want, got any
	if err := json.Unmarshal(data, &want); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("%s: Marshal wrote invalid JSON: %v", name, err)
	}
	if !reflect.DeepEqual(want, got) {
		var diffs []string
		jsonDiff("", want, got, &diffs)
		if len(diffs) > 10 {
			diffs = append(diffs[:10], fmt.Sprintf("... %d more", len(diffs)-10))
		}
		t.Errorf("%s: written document differs:\n%s", name, strings.Join(diffs, "\n"))
	}
}

// jsonDiff lists where two decoded JSON values differ.
func jsonDiff(path string, a, b any, out *[]string) {
	switch av := a.(type) {
	case map[string]any:
		bv, ok := b.(map[string]any)
		if !ok {
			*out = append(*out, fmt.Sprintf("%s: %T vs %T", path, a, b))
			return
		}
		keys := map[string]bool{}
		for k := range av {
			keys[k] = true
		}
		for k := range bv {
			keys[k] = true
		}
		var ks []string
		for k := range keys {
			ks = append(ks, k)
		}
		sort.Strings(ks)
		for _, k := range ks {
			x, okA := av[k]
			y, okB := bv[k]
			switch {
			case !okA:
				*out = append(*out, fmt.Sprintf("%s/%s: added %v", path, k, y))
			case !okB:
				*out = append(*out, fmt.Sprintf("%s/%s: lost %v", path, k, x))
			default:
				jsonDiff(path+"/"+k, x, y, out)
			}
		}
	case []any:
		bv, ok := b.([]any)
		if !ok || len(av) != len(bv) {
			*out = append(*out, fmt.Sprintf("%s: %v vs %v", path, a, b))
			return
		}
		for i := range av {
			jsonDiff(fmt.Sprintf("%s/%d", path, i), av[i], bv[i], out)
		}
	default:
		if !reflect.DeepEqual(a, b) {
			*out = append(*out, fmt.Sprintf("%s: %#v vs %#v", path, a, b))
		}
	}
}

// TestMarshalBuilt writes an advisory built without the CSAF-only fields
// and checks that the result is a schema-valid document carrying them.
func TestMarshalBuilt(t *testing.T) {
	t.Parallel()
	day := time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)
	a := &advisory.Advisory{
		Publisher:  advisory.Publisher{Name: "Example CERT", Namespace: "https://cert.example", Category: "coordinator"},
		TrackingID: "EX-1", Version: "1", Status: "final", Category: "csaf_base", Title: "Built",
		InitialRelease: day, CurrentRelease: day,
		Revisions: []advisory.Revision{{Number: "1", Date: day, Summary: "Initial"}},
		TLP:       advisory.TLPClear,
		Products:  []advisory.Product{{ID: "P1", Name: "Widget 1.0", CPE: "cpe:2.3:a:example:widget:1.0:*:*:*:*:*:*:*"}},
		Vulnerabilities: []advisory.Vulnerability{{
			CVE:           "CVE-2024-0001",
			ProductStatus: map[string]advisory.Status{"P1": advisory.StatusKnownAffected},
			Scores:        []advisory.Score{{CVSSVersion: "3.1", Vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", BaseScore: 9.8, BaseSeverity: "CRITICAL", ProductIDs: []string{"P1"}}},
			Threats:       []advisory.Threat{{Category: FlagThreatCategory, Details: "component_not_present", ProductIDs: []string{"P1"}}},
		}},
	}
	out, err := Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	if f := newValidator(t).Validate(out); f != nil {
		t.Fatalf("not schema-valid: %v\n%s", f, out)
	}
	for _, want := range []string{`"label": "WHITE"`, `"date": "2024-05-01T10:00:00Z"`, `"known_affected": [`, `"label": "component_not_present"`, `"cpe": "cpe:2.3:a:example:widget`} {
		if !strings.Contains(string(out), want) {
			t.Errorf("output lacks %s:\n%s", want, out)
		}
	}
	b, err := Parse(out)
	if err != nil || b.TrackingID != "EX-1" || len(b.Products) != 1 || b.Vulnerabilities[0].ProductStatus["P1"] != advisory.StatusKnownAffected {
		t.Errorf("Parse(Marshal) = %+v, %v", b, err)
	}
}

// TestMarshalAdditional checks that properties CSAF does not define come
// back where they were.
func TestMarshalAdditional(t *testing.T) {
	t.Parallel()
	data := docWith(t, minimalDoc, set("/document/custom", map[string]any{"a": 1}), set("/document/tracking/x_note", "kept"))
	a, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Additional) != 2 {
		t.Errorf("Additional = %v", a.Additional)
	}
	checkRoundTrip(t, "additional", data)
	a.Additional["/vulnerabilities/9/x"] = 1
	if _, err := Marshal(a); err == nil || !strings.Contains(err.Error(), "/vulnerabilities/9/x") {
		t.Errorf("Marshal with a misplaced property: %v", err)
	}
}
