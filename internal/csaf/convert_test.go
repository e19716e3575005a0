package csaf

import (
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
