package osv

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tocsin-cert/tocsin/internal/advisory"
	"github.com/tocsin-cert/tocsin/internal/product"
	"github.com/tocsin-cert/tocsin/internal/testutil"
)

func mustParse(t *testing.T, doc string) *advisory.Advisory {
	t.Helper()
	if !Detect([]byte(doc)) {
		t.Fatalf("Detect = false for %s", doc)
	}
	a, err := Parse([]byte(doc))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return a
}

func affectedProducts(a *advisory.Advisory) []advisory.Product { return a.NotifyingProducts() }

func TestDetect(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name string
		doc  string
		want bool
	}{
		{"minimal record", `{"id":"X-1","modified":"2024-01-01T00:00:00Z","affected":[]}`, true},
		{"schema_version only", `{"schema_version":"1.6.0","id":"X-1","modified":"2024-01-01T00:00:00Z"}`, true},
		{"withdrawn without affected", `{"id":"X-1","modified":"2024-01-01T00:00:00Z","withdrawn":"2024-01-02T00:00:00Z"}`, true},
		{"id and modified only", `{"id":"X-1","modified":"2024-01-01T00:00:00Z"}`, false},
		{"modified not a string", `{"id":"X-1","modified":5,"affected":[]}`, false},
		{"CVE JSON 5", `{"dataType":"CVE_RECORD","id":"X","modified":"2024-01-01T00:00:00Z","affected":[]}`, false},
		{"CSAF", `{"document":{"csaf_version":"2.0"},"id":"X","modified":"x","affected":[]}`, false},
		{"unknown JSON", `{"name":"something else","items":[1,2,3]}`, false},
		{"array", `[{"id":"X-1","modified":"2024-01-01T00:00:00Z","affected":[]}]`, false},
		{"not JSON", `id: X-1`, false},
		{"empty", ``, false},
	} {
		if got := Detect([]byte(c.doc)); got != c.want {
			t.Errorf("%s: Detect = %v, want %v", c.name, got, c.want)
		}
	}
}

// TestDetectOtherCorpora: no CVE record, CSAF document or SBOM of the
// corpus is taken for an OSV record.
func TestDetectOtherCorpora(t *testing.T) {
	t.Parallel()
	for _, kind := range []string{"cve5", "csaf", "sbom"} {
		root := testutil.Corpus(t, kind)
		err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".json") {
				return err
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			if Detect(data) {
				t.Errorf("Detect(%s) = true", p)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

func TestParseRefusesOtherKinds(t *testing.T) {
	t.Parallel()
	_, err := Parse([]byte(`{"name":"something else"}`))
	if err == nil || !strings.Contains(err.Error(), "not an OSV record") {
		t.Errorf("Parse(unknown JSON) = %v, want a clear refusal", err)
	}
	_, err = Parse([]byte(`{"id":`))
	if err == nil || !strings.Contains(err.Error(), "not a JSON object") {
		t.Errorf("Parse(broken JSON) = %v", err)
	}
}

func TestWithdrawn(t *testing.T) {
	t.Parallel()
	a := mustParse(t, `{
		"schema_version": "1.6.0",
		"id": "GHSA-xxxx-yyyy-zzzz",
		"modified": "2024-03-02T10:00:00Z",
		"published": "2024-03-01T10:00:00Z",
		"withdrawn": "2024-03-02T09:00:00Z",
		"aliases": ["CVE-2024-0001"],
		"summary": "Not a vulnerability after all",
		"affected": [{"package": {"ecosystem": "npm", "name": "left-pad"},
			"ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": "1.3.0"}]}]}]
	}`)
	if a.Status != "withdrawn" {
		t.Errorf("Status = %q, want withdrawn", a.Status)
	}
	found := false
	for _, n := range a.Notes {
		if n.Title == "Withdrawn" && strings.Contains(n.Text, "2024-03-02") {
			found = true
		}
	}
	if !found {
		t.Errorf("no note says when the record was withdrawn: %+v", a.Notes)
	}
	// The products are kept; whether a withdrawn record notifies is the
	// caller's decision.
	if ps := affectedProducts(a); len(ps) != 1 || ps[0].VersionRange != "vers:npm/<1.3.0" {
		t.Errorf("products = %+v", ps)
	}
	if got := a.CVEs(); len(got) != 1 || got[0] != "CVE-2024-0001" {
		t.Errorf("CVEs = %v", got)
	}
}

// TestGitRange: a package known only by commits (no package, as OSS-Fuzz
// writes) matches on its name; the commits are in a note.
func TestGitRange(t *testing.T) {
	t.Parallel()
	a := mustParse(t, `{
		"id": "OSV-2023-1",
		"modified": "2023-09-01T00:00:00Z",
		"affected": [{"ranges": [{"type": "GIT", "repo": "https://github.com/graylog2/graylog2-server",
			"events": [{"introduced": "0"}, {"fixed": "466af814523cffae9fbc7e77bab7472988f03c3e"}]}]}]
	}`)
	ps := affectedProducts(a)
	if len(ps) != 1 {
		t.Fatalf("products = %+v", ps)
	}
	p := ps[0]
	if p.Product != "graylog2-server" || p.Vendor != "graylog2" || p.PURL != "pkg:github/graylog2/graylog2-server" {
		t.Errorf("product = %+v", p)
	}
	r := product.ParseAdvisoryRange(p.VersionRange)
	if !r.IsUnknown() || !r.Contains("5.1.0") {
		t.Errorf("range %q: unknown = %v; a commit range must be unknown and match every version", p.VersionRange, r.IsUnknown())
	}
	var note string
	for _, n := range a.Notes {
		if strings.HasPrefix(n.Title, "Affected commits") {
			note = n.Text
		}
	}
	if !strings.Contains(note, "fixed 466af814523cffae9fbc7e77bab7472988f03c3e") || !strings.Contains(note, "github.com/graylog2") {
		t.Errorf("commit note = %q", note)
	}
	// No fixed product: a commit is not a version.
	for _, p := range a.Products {
		if a.ProductStatus()[p.ID] == advisory.StatusFixed {
			t.Errorf("fixed product from a commit: %+v", p)
		}
	}
}

// TestGitAndVersions: with both, the ECOSYSTEM range decides and the GIT
// range is only a note (PYSEC style); with GIT ranges and versions[], the
// enumeration decides.
func TestGitAndVersions(t *testing.T) {
	t.Parallel()
	a := mustParse(t, `{"id": "PYSEC-2023-74", "modified": "2023-05-26T18:15:14Z",
		"affected": [{"package": {"ecosystem": "PyPI", "name": "requests", "purl": "pkg:pypi/requests"},
			"ranges": [
				{"type": "GIT", "repo": "https://github.com/psf/requests", "events": [{"introduced": "0"}, {"fixed": "74ea7cf7a6a27a4eeb2ae24e162bcc942a6706d5"}]},
				{"type": "ECOSYSTEM", "events": [{"introduced": "2.3.0"}, {"fixed": "2.31.0"}]}],
			"versions": ["2.3.0", "2.30.0"]}]}`)
	ps := affectedProducts(a)
	if len(ps) != 1 || ps[0].VersionRange != "vers:pypi/>=2.3.0|<2.31.0" {
		t.Fatalf("products = %+v", ps)
	}
	a = mustParse(t, `{"id": "OSV-2021-2", "modified": "2021-01-01T00:00:00Z",
		"affected": [{"package": {"ecosystem": "OSS-Fuzz", "name": "libfoo"},
			"ranges": [{"type": "GIT", "repo": "https://example.org/libfoo.git", "events": [{"introduced": "aaaaaaa"}, {"fixed": "bbbbbbb"}]}],
			"versions": ["1.0", "1.1"]}]}`)
	ps = affectedProducts(a)
	if len(ps) != 1 {
		t.Fatalf("products = %+v", ps)
	}
	r := product.ParseAdvisoryRange(ps[0].VersionRange)
	if !r.Contains("1.1") || r.Contains("1.2") || r.IsUnknown() {
		t.Errorf("range %q should hold 1.0 and 1.1 only", ps[0].VersionRange)
	}
}

func TestEvents(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name, events, want string
		in, out            []string
	}{
		{"last_affected", `[{"introduced":"1.0.0"},{"last_affected":"1.4.2"}]`, "vers:npm/>=1.0.0|<=1.4.2",
			[]string{"1.0.0", "1.4.2"}, []string{"0.9.9", "1.4.3"}},
		{"limit", `[{"introduced":"2.0.0"},{"limit":"3.0.0"}]`, "vers:npm/>=2.0.0|<3.0.0",
			[]string{"2.5.0"}, []string{"3.0.0", "1.0.0"}},
		{"open end", `[{"introduced":"2.0.0"}]`, "vers:npm/>=2.0.0", []string{"9.0.0"}, []string{"1.9.9"}},
		{"all versions", `[{"introduced":"0"}]`, "vers:npm/*", []string{"0.0.1", "99.0.0"}, nil},
		{"unsorted", `[{"fixed":"2.3.0"},{"introduced":"2.0.0"},{"fixed":"1.1.0"},{"introduced":"0"}]`, "vers:npm/<1.1.0|>=2.0.0|<2.3.0",
			[]string{"1.0.9", "2.2.0"}, []string{"1.1.0", "1.9.0", "2.3.0"}},
		{"zeros as start", `[{"introduced":"0.0.0-0"},{"fixed":"0.14.10"}]`, "vers:npm/<0.14.10", []string{"0.1.0"}, []string{"0.14.10"}},
	} {
		a := mustParse(t, `{"id":"T-1","modified":"2024-01-01T00:00:00Z","affected":[{"package":{"ecosystem":"npm","name":"p"},
			"ranges":[{"type":"SEMVER","events":`+c.events+`}]}]}`)
		ps := affectedProducts(a)
		if len(ps) != 1 {
			t.Errorf("%s: products %+v", c.name, ps)
			continue
		}
		if ps[0].VersionRange != c.want {
			t.Errorf("%s: range %q, want %q", c.name, ps[0].VersionRange, c.want)
		}
		r := product.ParseAdvisoryRange(ps[0].VersionRange)
		for _, v := range c.in {
			if !r.Contains(v) {
				t.Errorf("%s: %s should be in %q", c.name, v, ps[0].VersionRange)
			}
		}
		for _, v := range c.out {
			if r.Contains(v) {
				t.Errorf("%s: %s should not be in %q", c.name, v, ps[0].VersionRange)
			}
		}
	}
}

func TestFixedProductsAndRemediation(t *testing.T) {
	t.Parallel()
	a := mustParse(t, `{"id":"GO-2099-1","modified":"2024-01-01T00:00:00Z","affected":[{"package":{"ecosystem":"Go","name":"stdlib"},
		"ranges":[{"type":"SEMVER","events":[{"introduced":"0"},{"fixed":"1.21.9"},{"introduced":"1.22.0-0"},{"fixed":"1.22.2"}]}]}]}`)
	st := a.ProductStatus()
	var fixed []string
	for _, p := range a.Products {
		if st[p.ID] == advisory.StatusFixed {
			fixed = append(fixed, p.Version)
			if p.Product != "stdlib" || p.PURL != "pkg:golang/stdlib" {
				t.Errorf("fixed product %+v", p)
			}
		}
	}
	if strings.Join(fixed, " ") != "1.21.9 1.22.2" {
		t.Errorf("fixed versions %v", fixed)
	}
	rems := a.Vulnerabilities[0].Remediations
	if len(rems) != 1 || rems[0].Category != "vendor_fix" || !strings.Contains(rems[0].Details, "1.21.9, 1.22.2") ||
		len(rems[0].ProductIDs) != 1 || rems[0].ProductIDs[0] != "p1" {
		t.Errorf("remediations %+v", rems)
	}
}

// TestVersionOrder: the tracking version made from "modified" orders two
// revisions of a record as advisory.CompareTrackingVersions reads it.
func TestVersionOrder(t *testing.T) {
	t.Parallel()
	rev := func(modified string) *advisory.Advisory {
		return mustParse(t, `{"id":"X-1","modified":"`+modified+`","affected":[]}`)
	}
	older, newer := rev("2023-12-31T23:59:59Z"), rev("2024-01-01T00:00:00Z")
	if older.Version != "20231231.235959" || newer.Version != "20240101.000000" {
		t.Errorf("versions %q %q", older.Version, newer.Version)
	}
	pairs := [][2]string{
		{"2023-12-31T23:59:59Z", "2024-01-01T00:00:00Z"},
		{"2024-01-01T09:00:00Z", "2024-01-01T10:00:00Z"},
		{"2024-01-01T10:00:00Z", "2024-01-01T10:00:00.5Z"},
		{"2024-01-01T10:00:00.05Z", "2024-01-01T10:00:00.5Z"},
		{"2024-01-01T10:00:00.999999Z", "2024-01-01T10:00:01Z"},
		{"2024-01-01T12:00:00+02:00", "2024-01-01T11:00:00Z"}, // 10:00 UTC before 11:00 UTC
		{"0001-01-01T00:00:00Z", "2021-04-14T20:04:52Z"},
	}
	for _, p := range pairs {
		a, b := rev(p[0]), rev(p[1])
		if c := advisory.CompareTrackingVersions(a.Version, b.Version); c >= 0 {
			t.Errorf("%s (%s) should order before %s (%s), got %d", p[0], a.Version, p[1], b.Version, c)
		}
		if !advisory.Newer(b, a) || advisory.Newer(a, b) {
			t.Errorf("Newer(%s, %s) wrong", p[1], p[0])
		}
	}
	if v := rev("0001-01-01T00:00:00Z"); v.Version != "0" || !v.CurrentRelease.IsZero() {
		t.Errorf("zero modified: version %q, release %v", v.Version, v.CurrentRelease)
	}
	if c := advisory.CompareTrackingVersions(rev("2024-05-01T12:00:00Z").Version, rev("2024-05-01T12:00:00Z").Version); c != 0 {
		t.Errorf("same time: %d", c)
	}
	if got := rev("2024-05-01T12:00:00Z").CurrentRelease; !got.Equal(time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)) {
		t.Errorf("CurrentRelease %v", got)
	}
}

func TestErrorsNameTheJSONPath(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ doc, want string }{
		{`{"id":"X-1","modified":"2024-01-01T00:00:00Z","summary":5,"affected":[]}`, "/summary: must be a string, not a number"},
		{`{"id":"X-1","modified":"yesterday","affected":[]}`, `/modified: cannot read date "yesterday"`},
		{`{"id":"X-1","modified":"2024-01-01T00:00:00Z","affected":[{"package":{"ecosystem":"npm","name":"p"},
			"ranges":[{"type":"SEMVER","events":[{"introduced":"0"},{"introduced":"1.0","fixed":"2.0"}]}]}]}`,
			"/affected/0/ranges/0/events/1: an event needs exactly one of"},
		{`{"id":"X-1","modified":"2024-01-01T00:00:00Z","affected":[{"package":"npm"}]}`, "/affected/0/package: must be an object"},
		{`{"id":"X-1","modified":"2024-01-01T00:00:00Z","affected":{}}`, "/affected: must be an array"},
		{`{"id":"X-1","modified":"2024-01-01T00:00:00Z","affected":[],"references":[{"url":7}]}`, "/references/0/url: must be a string"},
	} {
		_, err := Parse([]byte(c.doc))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Parse(%s) = %v, want an error naming %q", c.doc, err, c.want)
		}
	}
}

func TestTextsAndSeverity(t *testing.T) {
	t.Parallel()
	a := mustParse(t, `{"id":"GHSA-aaaa-bbbb-cccc","modified":"2024-01-01T00:00:00Z","published":"2023-12-01T00:00:00Z",
		"aliases":["CVE-2024-1111","GO-2024-0001"],
		"details":"First line of the details. Second sentence.\n\nMore.",
		"severity":[{"type":"CVSS_V3","score":"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}],
		"database_specific":{"severity":"CRITICAL","cwe_ids":["CWE-79","CWE-80"]},
		"references":[{"type":"ADVISORY","url":"https://example.org/a"}],
		"credits":[{"name":"Person A","type":"FINDER"}],
		"affected":[]}`)
	if a.Title != "First line of the details." {
		t.Errorf("Title = %q", a.Title)
	}
	if a.Severity() != advisory.SeverityCritical || a.AggregateSeverity != "CRITICAL" {
		t.Errorf("severity %v %q", a.Severity(), a.AggregateSeverity)
	}
	if _, ok := a.MaxScore(); ok {
		t.Errorf("a vector without base score must not become a Score (it would read as severity none)")
	}
	var vectors string
	for _, n := range a.Notes {
		if n.Title == "CVSS vectors" {
			vectors = n.Text
		}
	}
	if !strings.Contains(vectors, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H") {
		t.Errorf("vectors note %q", vectors)
	}
	v := a.Vulnerabilities[0]
	if v.CVE != "CVE-2024-1111" || v.CWE == nil || v.CWE.ID != "CWE-79" {
		t.Errorf("vulnerability %+v", v)
	}
	if len(v.IDs) != 2 || v.IDs[0].Text != "GHSA-aaaa-bbbb-cccc" || v.IDs[1].System != "Go vulnerability database" {
		t.Errorf("ids %+v", v.IDs)
	}
	if len(a.References) != 1 || a.References[0].Summary != "Advisory" || len(a.Acknowledgments) != 1 {
		t.Errorf("references %+v, acknowledgments %v", a.References, a.Acknowledgments)
	}
	if a.Summary() == "" || a.InitialRelease.IsZero() || a.Publisher.Namespace != "https://github.com/advisories" {
		t.Errorf("summary %q, initial release %v, namespace %q", a.Summary(), a.InitialRelease, a.Publisher.Namespace)
	}
}

// TestPublisherKeys: OSV and CSAF documents with the same id (Red Hat)
// have different keys, so that one never replaces the other.
func TestPublisherKeys(t *testing.T) {
	t.Parallel()
	a := mustParse(t, `{"id":"RHSA-2024:4546","modified":"2024-09-02T14:30:00Z","affected":[]}`)
	if a.Key() == "https://www.redhat.com#RHSA-2024:4546" {
		t.Errorf("key %q collides with Red Hat's CSAF advisory", a.Key())
	}
	for id, want := range map[string]string{
		"GHSA-2ccf-ffrj-m4qw":  "GitHub Advisory Database",
		"GO-2020-0050":         "Go vulnerability database",
		"PYSEC-2021-63":        "PyPA Advisory Database",
		"DSA-3029-1":           "Debian",
		"ALSA-2022:8194":       "AlmaLinux",
		"ALBA-2021:4378":       "AlmaLinux",
		"CGA-224q-ccj5-2p53":   "Chainguard",
		"BIT-brotli-2020-8927": "Bitnami",
		"RUSTSEC-2021-0079":    "RustSec Advisory Database",
		"USN-5614-1":           "Ubuntu (Canonical)",
		"MAL-2024-10238":       "OpenSSF Malicious Packages",
		"XYZ-1":                "OSV",
	} {
		if got := publisherFor(id, nil, nil); got.Name != want || got.Namespace == "" {
			t.Errorf("publisher of %s = %+v, want %s", id, got, want)
		}
	}
}

// TestSchemaExamples reads the examples shipped with the OSV schema,
// among them a record without package (GIT ranges only).
func TestSchemaExamples(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob(filepath.Join(testutil.SharedDir(t), "testdata", "schemas", "osv", "examples", "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no OSV schema examples: %v", err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		a, err := Parse(data)
		if err != nil {
			t.Errorf("%s: %v", filepath.Base(f), err)
			continue
		}
		if filepath.Base(f) == "CVE-2023-41045.json" {
			ps := a.NotifyingProducts()
			if len(ps) != 1 || ps[0].Product != "graylog2-server" || !product.ParseAdvisoryRange(ps[0].VersionRange).IsUnknown() {
				t.Errorf("graylog: %+v", ps)
			}
		}
	}
}
