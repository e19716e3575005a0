package csaf

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tocsin-cert/tocsin/internal/advisory"
	"github.com/tocsin-cert/tocsin/internal/testutil"
)

// TestMarshalConvertedIsValid converts an advisory of the shape the OSV
// reader produces (date-stamp version, withdrawn, references without
// summary, a CWE without name, a CVSS v4 score) and checks the result
// against the schema and the mandatory tests. (Every corpus OSV and CVE 5
// record is checked the same way in package present, which may import
// their readers.)
func TestMarshalConvertedIsValid(t *testing.T) {
	t.Parallel()
	v, err := NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	a := &advisory.Advisory{
		Publisher:  advisory.Publisher{Name: "GitHub Advisory Database", Namespace: "https://github.com/advisories"},
		TrackingID: "GHSA-xxxx-yyyy-zzzz", Version: "20230424.155627", Status: "withdrawn",
		Title: "A test record", Lang: "en",
		References: []advisory.Reference{{URL: "https://example.com/a"}},
		Vulnerabilities: []advisory.Vulnerability{{
			CVE:           "CVE-2023-0001",
			CWE:           &advisory.CWE{ID: "CWE-352"},
			Scores:        []advisory.Score{{CVSSVersion: "4.0", Vector: "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", ProductIDs: []string{"p1"}}},
			References:    []advisory.Reference{{URL: "https://example.com/b"}},
			ProductStatus: map[string]advisory.Status{"p1": advisory.StatusKnownAffected, "p2": advisory.StatusFixed},
			Notes:         []advisory.Note{{Category: "description", Text: "x"}},
		}},
		Products: []advisory.Product{
			{ID: "p1", Name: "npm lodash", Vendor: "npm", Product: "lodash", VersionRange: "vers:npm/<4.17.21", PURL: "pkg:npm/lodash"},
			{ID: "p2", Name: "npm lodash 4.17.21", Vendor: "npm", Product: "lodash", Version: "4.17.21", PURL: "pkg:npm/lodash@4.17.21"},
		},
	}
	out, err := v.MarshalConverted(a, "OSV")
	if err != nil {
		t.Fatal(err)
	}
	r := v.Check(out, false)
	if !r.Valid() {
		t.Fatalf("converted document is invalid: %v\n%s", r.Findings, out)
	}
	for _, want := range []string{`"legacy_version": "20230424.155627"`, "Cross-Site Request Forgery", "withdrawn", "CVSS:4.0"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("converted document lacks %q", want)
		}
	}
	// The corpus CSAF documents themselves are untouched by this path: a
	// CSAF document converted anyway stays valid too.
	root := testutil.Corpus(t, "csaf/cisa")
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".json") {
			return err
		}
		data, _ := os.ReadFile(p)
		a, err := v.Decode(data)
		if err != nil {
			return nil
		}
		out, err := v.MarshalConverted(a, "test")
		if err != nil {
			t.Errorf("%s: %v", p, err)
			return nil
		}
		if r := v.Check(out, false); !r.Valid() {
			t.Errorf("%s converted: %v", filepath.Base(p), firstFindings(r.Findings))
		}
		return nil
	})
}

func firstFindings(fs []Finding) []Finding {
	if len(fs) > 3 {
		return fs[:3]
	}
	return fs
}

// TestGroupExpansionBounded is a regression test: 4,000 statements naming a
// group of 4,000 products took 3 s and 1.1 GB; past a bound the document
// is now refused with a message naming group_ids.
func TestGroupExpansionBounded(t *testing.T) {
	t.Parallel()
	const n = 1500
	var b strings.Builder
	b.WriteString(`{"document":{"category":"csaf_base","csaf_version":"2.0","publisher":{"category":"other","name":"x","namespace":"https://x.example"},"title":"t","tracking":{"current_release_date":"2024-01-01T00:00:00Z","id":"X-1","initial_release_date":"2024-01-01T00:00:00Z","revision_history":[{"date":"2024-01-01T00:00:00Z","number":"1","summary":"s"}],"status":"final","version":"1"}},"product_tree":{"full_product_names":[`)
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"name":"p%d","product_id":"P%d"}`, i, i)
	}
	b.WriteString(`],"product_groups":[{"group_id":"G","product_ids":[`)
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `"P%d"`, i)
	}
	b.WriteString(`]}]},"vulnerabilities":[{"threats":[`)
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString(`{"category":"impact","details":"d","group_ids":["G"]}`)
	}
	b.WriteString(`]}]}`)
	_, err := Parse([]byte(b.String()))
	if err == nil || !strings.Contains(err.Error(), "group_ids") {
		t.Errorf("2.25 million expanded ids: err = %v", err)
	}
}
