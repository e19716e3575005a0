package cve5

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tocsin-cert/tocsin/internal/advisory"
	"github.com/tocsin-cert/tocsin/internal/product"
	"github.com/tocsin-cert/tocsin/internal/testutil"
)

// record builds a CVE JSON 5 record around a CNA container body (the part
// after "providerMetadata"), with optional ADP containers.
func recordJSON(cnaBody, adp string) string {
	doc := `{"dataType":"CVE_RECORD","dataVersion":"5.1",
		"cveMetadata":{"cveId":"CVE-2099-0001","assignerOrgId":"00000000-0000-4000-8000-000000000000","assignerShortName":"example",
			"state":"PUBLISHED","datePublished":"2099-01-01T00:00:00Z","dateUpdated":"2099-01-02T03:04:05.678Z"},
		"containers":{"cna":{"providerMetadata":{"orgId":"00000000-0000-4000-8000-000000000000","shortName":"example"},
			"descriptions":[{"lang":"en","value":"A test. More."}]` + cnaBody + `}`
	if adp != "" {
		doc += `,"adp":[` + adp + `]`
	}
	return doc + `}}`
}

func mustParse(t *testing.T, doc string) *advisory.Advisory {
	t.Helper()
	if !Detect([]byte(doc)) {
		t.Fatalf("Detect = false")
	}
	a, err := Parse([]byte(doc))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return a
}

func TestDetect(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name, doc string
		want      bool
	}{
		{"record", recordJSON("", ""), true},
		{"other dataType", `{"dataType":"CVE_RECORD_V4","cveMetadata":{}}`, false},
		{"dataType not a string", `{"dataType":5}`, false},
		{"OSV", `{"id":"GHSA-1","modified":"2024-01-01T00:00:00Z","affected":[]}`, false},
		{"CVE JSON 4", `{"data_type":"CVE","data_format":"MITRE","CVE_data_meta":{"ID":"CVE-2017-0001"}}`, false},
		{"unknown JSON", `{"name":"x"}`, false},
		{"not JSON", `dataType: CVE_RECORD`, false},
		{"empty", ``, false},
	} {
		if got := Detect([]byte(c.doc)); got != c.want {
			t.Errorf("%s: Detect = %v, want %v", c.name, got, c.want)
		}
	}
}

// TestDetectOtherCorpora: no OSV record, CSAF document or SBOM of the
// corpus is taken for a CVE record.
func TestDetectOtherCorpora(t *testing.T) {
	t.Parallel()
	for _, kind := range []string{"osv", "csaf", "sbom"} {
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
	_, err := Parse([]byte(`{"id":"GHSA-1","modified":"2024-01-01T00:00:00Z"}`))
	if err == nil || !strings.Contains(err.Error(), `not a CVE JSON 5 record: "dataType" must be "CVE_RECORD"`) {
		t.Errorf("Parse(OSV) = %v, want a clear refusal", err)
	}
}

func TestRejected(t *testing.T) {
	t.Parallel()
	a := mustParse(t, `{"dataType":"CVE_RECORD","dataVersion":"5.1",
		"cveMetadata":{"cveId":"CVE-2099-0002","assignerOrgId":"00000000-0000-4000-8000-000000000000","state":"REJECTED",
			"assignerShortName":"example","datePublished":"2099-01-01T00:00:00Z","dateUpdated":"2099-02-01T00:00:00Z","dateRejected":"2099-02-01T00:00:00Z"},
		"containers":{"cna":{"providerMetadata":{"orgId":"00000000-0000-4000-8000-000000000000"},
			"rejectedReasons":[{"lang":"en","value":"This is a duplicate of CVE-2099-0001."}],"replacedBy":["CVE-2099-0001"]}}}`)
	if a.Status != "rejected" || len(a.Products) != 0 || a.Title != "CVE-2099-0002 (rejected)" {
		t.Errorf("status %q, title %q, products %+v", a.Status, a.Title, a.Products)
	}
	var texts []string
	for _, n := range a.Notes {
		texts = append(texts, n.Title+": "+n.Text)
	}
	joined := strings.Join(texts, "\n")
	for _, want := range []string{"Rejected (en): This is a duplicate", "Replaced by: CVE-2099-0001", "Rejection date: 2099-02-01"} {
		if !strings.Contains(joined, want) {
			t.Errorf("notes %q lack %q", joined, want)
		}
	}
	if got := a.CVEs(); len(got) != 1 || got[0] != "CVE-2099-0002" || len(a.NotifyingProducts()) != 0 {
		t.Errorf("CVEs %v, notifying %v", got, a.NotifyingProducts())
	}
	if a.Publisher.Name != "example" {
		t.Errorf("publisher %+v", a.Publisher)
	}
}

// TestADPMetric: a score given only by CISA's ADP is kept and its source
// said; KEV and SSVC become threats.
func TestADPMetric(t *testing.T) {
	t.Parallel()
	a := mustParse(t, recordJSON(`,"affected":[{"vendor":"Acme","product":"Widget","versions":[{"version":"1.0","status":"affected"}]}]`,
		`{"providerMetadata":{"orgId":"134c704f-9b21-4f2e-91b3-4a467353bcc0","shortName":"CISA-ADP"},"title":"CISA ADP Vulnrichment",
		 "metrics":[{"cvssV3_1":{"version":"3.1","baseScore":9.8,"baseSeverity":"CRITICAL","vectorString":"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}},
			{"other":{"type":"ssvc","content":{"options":[{"Exploitation":"active"},{"Automatable":"yes"},{"Technical Impact":"total"}]}}},
			{"other":{"type":"kev","content":{"dateAdded":"2099-01-05","reference":"https://www.cisa.gov/kev"}}}]}`))
	v := a.Vulnerabilities[0]
	if len(v.Scores) != 1 || v.Scores[0].BaseScore != 9.8 || v.Scores[0].CVSSVersion != "3.1" || !slices.Equal(v.Scores[0].ProductIDs, []string{"cna-1"}) {
		t.Fatalf("scores %+v", v.Scores)
	}
	if a.Severity() != advisory.SeverityCritical {
		t.Errorf("severity %v", a.Severity())
	}
	var sources string
	for _, n := range v.Notes {
		if n.Title == "Sources of the scores" {
			sources = n.Text
		}
	}
	if !strings.Contains(sources, "CVSS 3.1 base score 9.8 (CRITICAL) from CISA-ADP: CVSS:3.1/AV:N") {
		t.Errorf("sources note %q", sources)
	}
	var threats []string
	for _, th := range v.Threats {
		threats = append(threats, th.Category+": "+th.Details)
	}
	joined := strings.Join(threats, "\n")
	for _, want := range []string{"exploit_status: Listed in CISA's Known Exploited Vulnerabilities catalog since 2099-01-05 (CISA-ADP).",
		"Exploitation: active", "Technical Impact: total"} {
		if !strings.Contains(joined, want) {
			t.Errorf("threats %q lack %q", joined, want)
		}
	}
}

// TestVersionsAlgorithm walks the schema's status algorithm: the first
// entry holding a version decides, changes[] (re-sorted) refine a range,
// defaultStatus covers the rest.
func TestVersionsAlgorithm(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name, affected string
		in, out        []string
		status         advisory.Status
	}{
		{"changes re-sorted",
			`{"vendor":"Acme","product":"P","versions":[{"version":"1.0","lessThan":"3.0","status":"affected","versionType":"semver",
				"changes":[{"at":"2.5.0","status":"unaffected"},{"at":"1.5.0","status":"unaffected"},{"at":"2.0.0","status":"affected"}]}]}`,
			[]string{"1.0.0", "1.4.9", "2.0.0", "2.4.9"}, []string{"0.9.0", "1.5.0", "1.9.9", "2.5.0", "3.0.0"}, ""},
		{"first entry wins",
			`{"vendor":"Acme","product":"P","versions":[{"version":"2.0","status":"unaffected"},{"version":"1.0","lessThan":"3.0","status":"affected","versionType":"custom"}]}`,
			[]string{"1.0", "2.1"}, []string{"2.0", "3.0"}, ""},
		{"default affected minus unaffected ranges",
			`{"vendor":"Acme","product":"P","defaultStatus":"affected","versions":[{"version":"0","lessThan":"1.2","status":"unaffected","versionType":"custom"},
				{"version":"1.4.5","lessThanOrEqual":"1.4.*","status":"unaffected","versionType":"custom"},{"version":"1.6","lessThan":"*","status":"unaffected","versionType":"custom"}]}`,
			[]string{"1.2", "1.4.4", "1.5", "1.5.9"}, []string{"1.1", "1.4.5", "1.4.99", "1.6", "2.0"}, ""},
		{"only defaultStatus affected", `{"vendor":"Acme","product":"P","defaultStatus":"affected"}`, []string{"0.1", "99"}, nil, ""},
		{"only unknown", `{"vendor":"Acme","product":"P","defaultStatus":"unknown","versions":[{"version":"2.0","status":"unaffected"}]}`,
			nil, nil, advisory.StatusUnderInvestigation},
		{"only unaffected", `{"vendor":"Acme","product":"P","defaultStatus":"unaffected"}`, nil, nil, advisory.StatusKnownNotAffected},
		{"lessThanOrEqual with wildcard start",
			`{"vendor":"Acme","product":"P","versions":[{"version":"*","lessThanOrEqual":"2.2.23","status":"affected","versionType":"semver"}],"defaultStatus":"unaffected"}`,
			[]string{"2.2.23", "0.0.1"}, []string{"2.2.24"}, ""},
	} {
		a := mustParse(t, recordJSON(`,"affected":[`+c.affected+`]`, ""))
		want := c.status
		if want == "" {
			want = advisory.StatusKnownAffected
		}
		st := a.ProductStatus()
		var p advisory.Product
		for _, q := range a.Products {
			if q.ID == "cna-1" {
				p = q
			}
		}
		if st["cna-1"] != want {
			t.Errorf("%s: status %q, want %q (%+v)", c.name, st["cna-1"], want, a.Products)
			continue
		}
		r := product.ParseAdvisoryRange(p.VersionRange)
		if p.VersionRange == "" {
			r = product.Range{}
		}
		for _, v := range c.in {
			if !r.Contains(v) {
				t.Errorf("%s: %s should be in %q", c.name, v, p.VersionRange)
			}
		}
		for _, v := range c.out {
			if r.Contains(v) {
				t.Errorf("%s: %s should not be in %q", c.name, v, p.VersionRange)
			}
		}
	}
}

// TestGitOnly: a product known only by commits matches on its name; the
// commits are in a note.
func TestGitOnly(t *testing.T) {
	t.Parallel()
	a := mustParse(t, recordJSON(`,"affected":[{"vendor":"Linux","product":"Linux","repo":"https://git.kernel.org/pub/scm/linux/kernel/git/stable/linux.git",
		"defaultStatus":"unaffected","versions":[{"version":"3a85a5de29ea","lessThan":"9c980795ccd7","status":"affected","versionType":"git"}]}]`, ""))
	ps := a.NotifyingProducts()
	if len(ps) != 1 {
		t.Fatalf("products %+v", a.Products)
	}
	r := product.ParseAdvisoryRange(ps[0].VersionRange)
	if !r.IsUnknown() || !r.Contains("6.1") {
		t.Errorf("range %q should be unknown (matched on name)", ps[0].VersionRange)
	}
	if !slices.ContainsFunc(a.Notes, func(n advisory.Note) bool {
		return strings.Contains(n.Text, "affected: from 3a85a5de29ea before 9c980795ccd7")
	}) {
		t.Errorf("no note with the commits: %+v", a.Notes)
	}
}

func TestSingleVersionTexts(t *testing.T) {
	t.Parallel()
	o := order{"generic"}
	for _, c := range []struct {
		text    string
		names   []string
		kind    textKind
		in, out []string
	}{
		{"1.2.3", nil, textSpans, []string{"1.2.3"}, []string{"1.2.4"}},
		{"< 0.14.10", nil, textSpans, []string{"0.14.9"}, []string{"0.14.10"}},
		{">= 2.62.0, < 2.62.1", nil, textSpans, []string{"2.62.0"}, []string{"2.61.9", "2.62.1"}},
		{"<=1.89", nil, textSpans, []string{"1.89"}, []string{"1.90"}},
		{"before version 3.4.4", nil, textSpans, []string{"3.4.3"}, []string{"3.4.4"}},
		{"prior to v1.19.1", nil, textSpans, []string{"1.19.0"}, []string{"1.19.1"}},
		{"before 1.2.5, 1.3.2", nil, textSpans, []string{"1.2.4", "1.3.1"}, []string{"1.2.5", "1.2.9", "1.3.2"}},
		{"before Brocade Fabric OS v9.1.1c, v9.2.0", []string{"Brocade", "Fabric OS"}, textSpans, []string{"9.1.1b"}, []string{"9.1.1c", "9.2.0"}},
		{"3.2 and earlier", nil, textSpans, []string{"3.2", "1.0"}, []string{"3.2.1"}},
		{"12.1.1-12.1.3", nil, textSpans, []string{"12.1.2"}, []string{"12.1.4", "12.1.0"}},
		{"1.0 through 1.4", nil, textSpans, []string{"1.4"}, []string{"1.5"}},
		{"11.3, 11.4, 11.5, 12.0", nil, textSpans, []string{"11.4", "12.0"}, []string{"11.6"}},
		{"FortiOS 7.2.0, 7.0.6", []string{"Fortinet", "Fortinet FortiOS"}, textSpans, []string{"7.2.0", "7.0.6"}, []string{"7.0.5"}},
		{"LG Simple Editor 3.21.0", []string{"LG", "Simple Editor"}, textSpans, []string{"3.21.0"}, []string{"3.20.0"}},
		{"2.13B01 BETA", nil, textSpans, []string{"2.13B01 BETA"}, nil},
		{"11.0.3-238", nil, textSpans, []string{"11.0.3-238"}, []string{"11.0.3-239"}},
		{"n/a", nil, textAll, nil, nil},
		{"unspecified", nil, textAll, nil, nil},
		{"https://www.example.com/advisory", nil, textUnversioned, nil, nil},
		{"4438137139edb1e04de7e265e94444e1c87316b0821178285d87763f00bcc5df", nil, textUnversioned, nil, nil},
		{"see the vendor's advisory", nil, textOpaque, nil, nil},
	} {
		spans, kind := o.single(c.text, c.names)
		if kind != c.kind {
			t.Errorf("%q: kind %d, want %d", c.text, kind, c.kind)
			continue
		}
		if kind != textSpans {
			continue
		}
		r := product.ParseAdvisoryRange(o.Vers(o.Union(spans)))
		for _, v := range c.in {
			if !r.Contains(v) {
				t.Errorf("%q: %s should be in %q", c.text, v, r.Text())
			}
		}
		for _, v := range c.out {
			if r.Contains(v) {
				t.Errorf("%q: %s should not be in %q", c.text, v, r.Text())
			}
		}
	}
}

func TestVersionOrder(t *testing.T) {
	t.Parallel()
	rev := func(updated string) *advisory.Advisory {
		return mustParse(t, strings.Replace(recordJSON("", ""), "2099-01-02T03:04:05.678Z", updated, 1))
	}
	if v := rev("2024-08-01T16:03:04.917Z").Version; v != "20240801.160304.917000000" {
		t.Errorf("version %q", v)
	}
	for _, p := range [][2]string{
		{"2024-08-01T16:03:04.917Z", "2024-08-01T16:03:05Z"},
		{"2024-08-01T16:03:04.917Z", "2024-08-01T16:03:04.92Z"},
		{"2024-08-01T23:59:59", "2024-08-02T00:00:00Z"},
		{"2021-07-07T19:35:10", "2024-10-08T20:15:34.009Z"},
	} {
		a, b := rev(p[0]), rev(p[1])
		if advisory.CompareTrackingVersions(a.Version, b.Version) >= 0 || !advisory.Newer(b, a) {
			t.Errorf("%s (%s) should order before %s (%s)", p[0], a.Version, p[1], b.Version)
		}
	}
}

func TestErrorsNameTheJSONPath(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ doc, want string }{
		{recordJSON(`,"affected":[{"vendor":"A","product":"B","versions":[{"version":"1","status":"broken"}]}]`, ""),
			`/containers/cna/affected/0/versions/0/status: must be affected, unaffected or unknown, not "broken"`},
		{recordJSON(`,"affected":[{"vendor":"A","product":"B","defaultStatus":"maybe"}]`, ""), `/containers/cna/affected/0/defaultStatus: must be`},
		{recordJSON(`,"metrics":[{"cvssV3_1":{"version":"3.1","baseScore":"high","vectorString":"CVSS:3.1/AV:N"}}]`, ""),
			"/containers/cna/metrics/0/cvssV3_1/baseScore: must be a number"},
		{recordJSON(`,"title":["x"]`, ""), "/containers/cna/title: must be a string, not an array"},
		{recordJSON("", `{"providerMetadata":{"orgId":"x","shortName":"CISA-ADP"},"references":[{"url":1}]}`), "/containers/adp/0/references/0/url: must be a string"},
		{strings.Replace(recordJSON("", ""), `"CVE-2099-0001"`, `"CVE-99"`, 1), `/cveMetadata/cveId: "CVE-99" is not a CVE id`},
		{strings.Replace(recordJSON("", ""), `"2099-01-01T00:00:00Z"`, `"soon"`, 1), `/cveMetadata/datePublished: cannot read date "soon"`},
	} {
		_, err := Parse([]byte(c.doc))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Parse = %v, want an error naming %q", err, c.want)
		}
	}
}

// TestTexts: English descriptions first with their language, the title
// from the first sentence when the CNA gives none, CWE from problemTypes.
func TestTexts(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile(testutil.Corpus(t, "cve5/vulnrichment/CVE-2024-9534.json"))
	if err != nil {
		t.Fatal(err)
	}
	a, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	var descs []string
	for _, n := range a.Notes {
		if n.Category == "description" {
			descs = append(descs, n.Title)
		}
	}
	if len(descs) != 2 || descs[0] != "Description (en)" || descs[1] != "Description (de)" || a.Lang != "en" {
		t.Errorf("descriptions %v, lang %q", descs, a.Lang)
	}
	if v := a.Vulnerabilities[0]; v.CWE == nil || v.CWE.ID != "CWE-120" {
		t.Errorf("CWE %+v", v.CWE)
	}
	b := mustParse(t, recordJSON(`,"problemTypes":[{"descriptions":[{"lang":"en","type":"CWE","cweId":"CWE-79","description":"CWE-79 Improper Neutralization"}]}]`, ""))
	if b.Title != "A test." || b.Vulnerabilities[0].CWE.Name != "Improper Neutralization" {
		t.Errorf("title %q, CWE %+v", b.Title, b.Vulnerabilities[0].CWE)
	}
	if b.Publisher.Namespace != "https://www.cve.org/PartnerInformation/ListofPartners/partner/example" {
		t.Errorf("namespace %q", b.Publisher.Namespace)
	}
}

// TestURLVersion: a link written as a version becomes a reference; the
// product matches on its name.
func TestURLVersion(t *testing.T) {
	t.Parallel()
	a := mustParse(t, recordJSON(`,"affected":[{"vendor":"Supermicro","product":"Multiple","defaultStatus":"unaffected",
		"versions":[{"status":"affected","version":"https://www.supermicro.com/en/support/security_PKFAIL_Jul_2024"}]}]`, ""))
	ps := a.NotifyingProducts()
	if len(ps) != 1 || ps[0].VersionRange != "" || ps[0].Version != "" {
		t.Errorf("products %+v", ps)
	}
	if !slices.ContainsFunc(a.References, func(r advisory.Reference) bool {
		return r.URL == "https://www.supermicro.com/en/support/security_PKFAIL_Jul_2024"
	}) {
		t.Errorf("references %+v", a.References)
	}
}

// TestSchemaExamples reads the examples shipped with the CVE schema; the
// advanced one has a range refined by changes[] and a "2.1.*" line.
func TestSchemaExamples(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(testutil.SharedDir(t), "testdata", "schemas", "cve", "examples")
	for _, name := range []string{"CVEv5_basic-example.json", "CVEv5_advanced-example.json"} {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		a, err := Parse(data)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		ps := a.NotifyingProducts()
		if a.TrackingID != "CVE-1337-1234" || len(ps) != 1 || ps[0].Product != "Example Enterprise" {
			t.Fatalf("%s: %s %+v", name, a.TrackingID, ps)
		}
		if name != "CVEv5_advanced-example.json" {
			continue
		}
		r := product.ParseAdvisoryRange(ps[0].VersionRange)
		for _, v := range []string{"1.0.0", "1.0.5", "2.1.6", "2.1.8"} {
			if !r.Contains(v) {
				t.Errorf("%s should be affected: %q", v, ps[0].VersionRange)
			}
		}
		for _, v := range []string{"0.9.0", "1.0.6", "2.0.0", "2.1.5", "2.1.9", "2.2.0", "3.0.0"} {
			if r.Contains(v) {
				t.Errorf("%s should not be affected: %q", v, ps[0].VersionRange)
			}
		}
	}
}
