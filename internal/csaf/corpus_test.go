package csaf

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/tocsin-cert/tocsin/internal/advisory"
	"github.com/tocsin-cert/tocsin/internal/testutil"
)

// refused lists the corpus files Tocsin refuses, for the CSAF 2.0 schema
// or a mandatory test, each with substrings of the findings that name its
// real faults. Every entry was checked by hand against the file, the
// schema and the standard's text.
func refused() map[string][]string {
	return map[string][]string{
		// A CSAF 2.1 test document (csaf_version "2.1", metrics instead of
		// scores); Tocsin reads CSAF 2.0.
		"tlp/oasis_csaf_tc-csaf_2_1-2024-6-3-14-01.json": {
			`/document/csaf_version: value must be "2.0" (got "2.1"); Tocsin reads CSAF 2.0`,
		},
		// Its only branch ("Server Control") has neither "branches" nor
		// "product" (branches_t wants exactly three properties), and
		// product_status.fixed lists an empty product id (product_id_t has
		// minLength 1).
		"schwarz-informatik/schwarz_informatik-c1235.json": {
			`/product_tree/branches/0: a branch must have "category", "name" and exactly one of "branches" or "product"`,
			`/vulnerabilities/0/product_status/fixed/0: must not be empty`,
		},
		// Test 6.1.16 (latest document version): tracking.version is "1",
		// but the revision history's latest entry (2023-11-13) is "2".
		"redhat/cve-2023-0044.json": {
			`6.1.16 /document/tracking/version: is 1, but the latest revision in the history is 2`,
		},
		// The same fault: version "1", latest revision "2" (2023-11-14).
		"redhat/CVE-2023-20862.json": {
			`6.1.16 /document/tracking/version: is 1, but the latest revision in the history is 2`,
		},
		// Test 6.1.1 (missing definition of product id): the workaround
		// remediation lists "Red Hat build of Quarkus", which is the name
		// of a product_family branch, not a product id.
		"redhat/rhsa-2024-2705.json": {
			`6.1.1 /vulnerabilities/0/remediations/1/product_ids/0: product id "Red Hat build of Quarkus" is not defined`,
		},
	}
}

// corpusFiles lists the CSAF corpus as paths relative to the csaf folder,
// with slashes.
func corpusFiles(t testing.TB) (root string, files []string) {
	t.Helper()
	root = testutil.Corpus(t, "csaf")
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".json") {
			rel, err := filepath.Rel(root, p)
			if err != nil {
				return err
			}
			files = append(files, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatalf("list CSAF corpus: %v", err)
	}
	if len(files) == 0 {
		t.Fatalf("no CSAF files under %s", root)
	}
	return root, files
}

func newValidator(t testing.TB) *Validator {
	t.Helper()
	v, err := NewValidator()
	if err != nil {
		t.Fatalf("NewValidator: %v", err)
	}
	return v
}

func readCorpus(t testing.TB, rel string) []byte {
	t.Helper()
	data, err := os.ReadFile(testutil.Corpus(t, "csaf/"+rel))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestCorpus decodes every corpus file: each either decodes into a sane
// advisory or is refused for the fault listed in refused().
func TestCorpus(t *testing.T) {
	t.Parallel()
	v := newValidator(t)
	root, files := corpusFiles(t)
	want := refused()
	for rel := range want {
		if !slices.Contains(files, rel) {
			t.Errorf("refused() lists %s, which is not in the corpus any more", rel)
		}
	}
	for _, rel := range files {
		t.Run(rel, func(t *testing.T) {
			t.Parallel()
			data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(rel)))
			if err != nil {
				t.Fatal(err)
			}
			a, err := v.Decode(data)
			if faults, ok := want[rel]; ok {
				var inv *InvalidError
				if !errors.As(err, &inv) {
					t.Fatalf("Decode = %v, want an *InvalidError", err)
				}
				for _, f := range faults {
					if !strings.Contains(err.Error(), f) {
						t.Errorf("error %q\ndoes not name the fault %q", err, f)
					}
				}
				if inv.Findings[0].Kind == KindSchema {
					if got := v.Validate(data); len(got) != len(faults) {
						t.Errorf("Validate gave %d findings %v, want %d", len(got), got, len(faults))
					}
				} else if len(inv.Findings) != len(faults) {
					t.Errorf("Decode gave %d findings %v, want %d", len(inv.Findings), inv.Findings, len(faults))
				}
				return
			}
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			checkSane(t, a)
		})
	}
}

// checkSane checks what must hold for every decoded advisory.
func checkSane(t *testing.T, a *advisory.Advisory) {
	t.Helper()
	if a.TrackingID == "" || a.Version == "" || a.Title == "" || a.Publisher.Name == "" || a.Publisher.Namespace == "" {
		t.Errorf("document basics missing: id %q version %q title %q publisher %+v", a.TrackingID, a.Version, a.Title, a.Publisher)
	}
	if a.InitialRelease.IsZero() || a.CurrentRelease.IsZero() || a.CurrentRelease.Before(a.InitialRelease) {
		t.Errorf("release dates: initial %v, current %v", a.InitialRelease, a.CurrentRelease)
	}
	if len(a.Revisions) == 0 {
		t.Error("no revision history")
	}
	if !slices.IsSortedFunc(a.Revisions, func(x, y advisory.Revision) int { return x.Date.Compare(y.Date) }) {
		t.Error("revision history is not oldest first")
	}
	seen := map[string]bool{}
	for _, p := range a.Products {
		if seen[p.ID] {
			t.Errorf("product id %q twice", p.ID)
		}
		seen[p.ID] = true
		if p.Name == "" || p.Product == "" {
			t.Errorf("product %q has no name (%q) or product (%q)", p.ID, p.Name, p.Product)
		}
		if p.Name != strings.TrimSpace(p.Name) || p.Product != strings.TrimSpace(p.Product) {
			t.Errorf("product %q: names not trimmed: %q, %q", p.ID, p.Name, p.Product)
		}
	}
	for _, vu := range a.Vulnerabilities {
		for id := range vu.ProductStatus {
			if !seen[id] {
				t.Errorf("%s: status for unknown product %q", vu.CVE, id)
			}
		}
		for _, s := range vu.Scores {
			if !slices.Contains([]string{"2.0", "3.0", "3.1"}, s.CVSSVersion) || s.Vector == "" || s.BaseScore < 0 || s.BaseScore > 10 {
				t.Errorf("%s: odd score %+v", vu.CVE, s)
			}
		}
	}
}

// TestCorpusValues checks values of real documents, read by hand from the
// JSON.
func TestCorpusValues(t *testing.T) {
	t.Parallel()
	v := newValidator(t)
	tests := []struct {
		file      string
		id        string
		version   string
		status    string
		tlp       advisory.TLP
		lang      string
		publisher string
		current   time.Time
		revisions int
		vulns     int
		cves      []string // the first CVEs in document order
		products  int
	}{
		{
			file: "bsi/wid-sec-w-2024-0002.json", id: "WID-SEC-W-2024-0002", version: "21", status: "final",
			tlp: advisory.TLPClear, lang: "de-DE", publisher: "Bundesamt für Sicherheit in der Informationstechnik",
			current: time.Date(2024, 5, 30, 22, 0, 0, 0, time.UTC), revisions: 21, vulns: 1, cves: []string{"CVE-2023-7192"}, products: 6,
		},
		{
			file: "cisa/icsa-22-167-14.json", id: "ICSA-22-167-14", version: "1", status: "final",
			tlp: advisory.TLPClear, lang: "en-US", publisher: "CISA",
			current: time.Date(2022, 6, 16, 0, 0, 0, 0, time.UTC), revisions: 1, vulns: 1, cves: []string{"CVE-2022-0778"}, products: 386,
		},
		{
			file: "cisa/icsa-24-046-11.json", id: "ICSA-24-046-11", version: "1", status: "final",
			tlp: advisory.TLPClear, lang: "en", publisher: "CISA",
			current: time.Date(2024, 2, 13, 0, 0, 0, 0, time.UTC), revisions: 1, vulns: 160,
			cves: []string{"CVE-2006-20001", "CVE-2020-10735", "CVE-2021-3445"}, products: 11,
		},
		{
			file: "redhat/rhsa-2024_3666.json", id: "RHSA-2024:3666", version: "3", status: "final",
			tlp: advisory.TLPClear, lang: "en", publisher: "Red Hat Product Security",
			current: time.Date(2024, 6, 6, 10, 6, 58, 0, time.UTC), revisions: 3, vulns: 2,
			cves: []string{"CVE-2024-23672", "CVE-2024-24549"}, products: 19,
		},
		{
			file: "oasis-vex/sec-vex-2022-0001.json", id: "SEC-VEX-2022-0001", version: "1", status: "final",
			tlp: advisory.TLPClear, lang: "en-US", publisher: "Secvisogram",
			current: time.Date(2022, 5, 27, 10, 0, 0, 0, time.UTC), revisions: 1, vulns: 3,
			cves: []string{"CVE-2021-44228", "CVE-2021-45046", "CVE-2021-45105"}, products: 1,
		},
		{
			// No distribution, no lang: TLP stays unlabelled.
			file: "ciq/ciqsa-cbr-7-9-2026-0002.json", id: "CIQSA-CBR-7-9-2026:0002", version: "1.0.1", status: "final",
			tlp: "", lang: "", publisher: "Ctrl IQ, Inc",
			current: time.Date(2026, 3, 12, 7, 56, 5, 920581000, time.UTC), revisions: 2, vulns: 1,
			cves: []string{"CVE-2024-11187"}, products: 49,
		},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			t.Parallel()
			a, err := v.Decode(readCorpus(t, tc.file))
			if err != nil {
				t.Fatal(err)
			}
			if a.TrackingID != tc.id || a.Version != tc.version || a.Status != tc.status {
				t.Errorf("tracking = %q v%q %q, want %q v%q %q", a.TrackingID, a.Version, a.Status, tc.id, tc.version, tc.status)
			}
			if a.TLP != tc.tlp {
				t.Errorf("TLP = %q, want %q", a.TLP, tc.tlp)
			}
			if a.Lang != tc.lang || a.Publisher.Name != tc.publisher {
				t.Errorf("lang %q publisher %q, want %q %q", a.Lang, a.Publisher.Name, tc.lang, tc.publisher)
			}
			if !a.CurrentRelease.Equal(tc.current) {
				t.Errorf("current release = %v, want %v", a.CurrentRelease, tc.current)
			}
			if len(a.Revisions) != tc.revisions || len(a.Vulnerabilities) != tc.vulns || len(a.Products) != tc.products {
				t.Errorf("revisions/vulnerabilities/products = %d/%d/%d, want %d/%d/%d",
					len(a.Revisions), len(a.Vulnerabilities), len(a.Products), tc.revisions, tc.vulns, tc.products)
			}
			for i, cve := range tc.cves {
				if i >= len(a.Vulnerabilities) || a.Vulnerabilities[i].CVE != cve {
					t.Errorf("vulnerability %d: want %s", i, cve)
				}
			}
		})
	}
}

// TestSiemensProducts checks the product tree of a CISA republication of
// Siemens advisories: vendor / product_name / product_version_range paths,
// names with stray spaces, free-form and vers ranges, model numbers.
func TestSiemensProducts(t *testing.T) {
	t.Parallel()
	v := newValidator(t)

	a, err := v.Decode(readCorpus(t, "cisa/icsa-22-167-14.json"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []advisory.Product{
		// JSON: product_name " SIMATIC Logon V1.6", range "All versions < V1.6 Upd6".
		{ID: "CSAFPID-0001", Name: "SIMATIC Logon V1.6", Vendor: "Siemens", Product: "SIMATIC Logon V1.6", VersionRange: "All versions < V1.6 Upd6"},
		{ID: "CSAFPID-0002", Name: "Industrial Edge - OPC UA Connector", Vendor: "Siemens", Product: "Industrial Edge - OPC UA Connector", VersionRange: "vers:all/<V1.7"},
		{ID: "CSAFPID-0007", Name: "RUGGEDCOM ROX MX5000", Vendor: "Siemens", Product: "RUGGEDCOM ROX MX5000", VersionRange: "vers:all/<V2.15.1"},
	}
	for _, want := range tests {
		got, ok := a.Product(want.ID)
		if !ok {
			t.Errorf("product %s missing", want.ID)
			continue
		}
		if !equalProduct(got, want) {
			t.Errorf("product %s:\n got %+v\nwant %+v", want.ID, got, want)
		}
	}
	vu := a.Vulnerabilities[0]
	for _, id := range []string{"CSAFPID-0001", "CSAFPID-0002", "CSAFPID-0007"} {
		if st := vu.ProductStatus[id]; st != advisory.StatusKnownAffected {
			t.Errorf("status of %s = %q, want known_affected", id, st)
		}
	}
	if len(vu.ProductStatus) != 386 {
		t.Errorf("%d product statuses, want 386", len(vu.ProductStatus))
	}
	if len(vu.Scores) != 1 {
		t.Fatalf("scores = %+v", vu.Scores)
	}
	s := vu.Scores[0]
	if s.CVSSVersion != "3.1" || s.BaseScore != 7.5 || s.BaseSeverity != "HIGH" ||
		s.Vector != "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H/E:P/RL:O/RC:C" || !slices.Contains(s.ProductIDs, "CSAFPID-0001") {
		t.Errorf("score = %+v", s)
	}

	// Model numbers from the identification helper.
	b, err := v.Decode(readCorpus(t, "cisa/icsa-18-317-02.json"))
	if err != nil {
		t.Fatal(err)
	}
	want := advisory.Product{
		ID: "CSAFPID-0001", Name: "SIMATIC S7-400 CPU 412-1 DP V7 (6ES7412-1XJ07-0AB0)", Vendor: "Siemens",
		Product: "SIMATIC S7-400 CPU 412-1 DP V7 (6ES7412-1XJ07-0AB0)", VersionRange: "vers:all/*",
		ModelNumbers: []string{"6ES7412-1XJ07-0AB0"},
	}
	if got, _ := b.Product("CSAFPID-0001"); !equalProduct(got, want) {
		t.Errorf("product:\n got %+v\nwant %+v", got, want)
	}
}

// TestRedHatRelationships checks a Red Hat advisory whose affected products
// are packages made "default_component_of" a product stream.
func TestRedHatRelationships(t *testing.T) {
	t.Parallel()
	v := newValidator(t)
	a, err := v.Decode(readCorpus(t, "redhat/rhsa-2024_3666.json"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []advisory.Product{
		// The platform: vendor / product_family / product_name, with a CPE.
		{
			ID: "AppStream-8.10.0.Z.MAIN.EUS", Name: "Red Hat Enterprise Linux AppStream (v. 8)",
			Vendor: "Red Hat", Family: "Red Hat Enterprise Linux", Product: "Red Hat Enterprise Linux AppStream (v. 8)",
			CPE: "cpe:/a:redhat:enterprise_linux:8::appstream",
		},
		// A component: vendor / architecture / product_version, with a purl;
		// no product_name branch, so Product falls back to the name.
		{
			ID: "tomcat-1:9.0.87-1.el8_10.1.noarch", Name: "tomcat-1:9.0.87-1.el8_10.1.noarch",
			Vendor: "Red Hat", Product: "tomcat-1:9.0.87-1.el8_10.1.noarch", Version: "tomcat-1:9.0.87-1.el8_10.1.noarch",
			PURL: "pkg:rpm/redhat/tomcat@9.0.87-1.el8_10.1?arch=noarch&epoch=1",
		},
		// The relationship product: the component's data on the platform.
		{
			ID:     "AppStream-8.10.0.Z.MAIN.EUS:tomcat-1:9.0.87-1.el8_10.1.noarch",
			Name:   "tomcat-1:9.0.87-1.el8_10.1.noarch as a component of Red Hat Enterprise Linux AppStream (v. 8)",
			Vendor: "Red Hat", Product: "tomcat-1:9.0.87-1.el8_10.1.noarch", Version: "tomcat-1:9.0.87-1.el8_10.1.noarch",
			PURL:     "pkg:rpm/redhat/tomcat@9.0.87-1.el8_10.1?arch=noarch&epoch=1",
			Platform: "Red Hat Enterprise Linux AppStream (v. 8)", Relationship: "default_component_of",
		},
		{
			ID:     "AppStream-8.10.0.Z.MAIN.EUS:tomcat-1:9.0.87-1.el8_10.1.src",
			Name:   "tomcat-1:9.0.87-1.el8_10.1.src as a component of Red Hat Enterprise Linux AppStream (v. 8)",
			Vendor: "Red Hat", Product: "tomcat-1:9.0.87-1.el8_10.1.src", Version: "tomcat-1:9.0.87-1.el8_10.1.src",
			PURL:     "pkg:rpm/redhat/tomcat@9.0.87-1.el8_10.1?arch=src&epoch=1",
			Platform: "Red Hat Enterprise Linux AppStream (v. 8)", Relationship: "default_component_of",
		},
	}
	for _, want := range tests {
		got, ok := a.Product(want.ID)
		if !ok {
			t.Errorf("product %s missing", want.ID)
			continue
		}
		if !equalProduct(got, want) {
			t.Errorf("product %s:\n got %+v\nwant %+v", want.ID, got, want)
		}
	}
	// Tree order: the branch products first, then the relationships.
	if a.Products[0].ID != "AppStream-8.10.0.Z.MAIN.EUS" || a.Products[10].Relationship != "default_component_of" {
		t.Errorf("product order: first %q, eleventh %+v", a.Products[0].ID, a.Products[10])
	}

	rel := "AppStream-8.10.0.Z.MAIN.EUS:tomcat-1:9.0.87-1.el8_10.1.noarch"
	for _, vu := range a.Vulnerabilities {
		if st := vu.ProductStatus[rel]; st != advisory.StatusFixed {
			t.Errorf("%s: status of %s = %q, want fixed", vu.CVE, rel, st)
		}
		if len(vu.ProductStatus) != 9 {
			t.Errorf("%s: %d statuses, want 9", vu.CVE, len(vu.ProductStatus))
		}
	}
	v0 := a.Vulnerabilities[0]
	if v0.CWE == nil || v0.CWE.ID != "CWE-459" || v0.CWE.Name != "Incomplete Cleanup" {
		t.Errorf("CWE = %+v", v0.CWE)
	}
	if len(v0.IDs) != 1 || v0.IDs[0] != (advisory.ID{System: "Red Hat Bugzilla ID", Text: "2269608"}) {
		t.Errorf("IDs = %+v", v0.IDs)
	}
	if len(v0.Remediations) != 2 || v0.Remediations[0].Category != "vendor_fix" ||
		v0.Remediations[0].URL != "https://access.redhat.com/errata/RHSA-2024:3666" || len(v0.Remediations[0].ProductIDs) != 9 {
		t.Errorf("remediations = %+v", v0.Remediations)
	}
	if len(v0.Threats) != 1 || v0.Threats[0].Category != "impact" || v0.Threats[0].Details != "Important" {
		t.Errorf("threats = %+v", v0.Threats)
	}
	if a.AggregateSeverity != "Important" || a.AggregateSeverityNamespace != "https://access.redhat.com/security/updates/classification/" {
		t.Errorf("aggregate severity = %q %q", a.AggregateSeverity, a.AggregateSeverityNamespace)
	}
	if a.DistributionText != "Copyright © Red Hat, Inc. All rights reserved." || a.Category != "csaf_vex" {
		t.Errorf("distribution text %q, category %q", a.DistributionText, a.Category)
	}
	if got := []string{a.Revisions[0].Number, a.Revisions[1].Number, a.Revisions[2].Number}; !slices.Equal(got, []string{"1", "2", "3"}) {
		t.Errorf("revisions = %v", got)
	}
}

// TestVEXFlags checks that VEX justification flags are kept (as threats of
// category "flag") with the products they name.
func TestVEXFlags(t *testing.T) {
	t.Parallel()
	v := newValidator(t)
	a, err := v.Decode(readCorpus(t, "stackable/cve-2022-1471.json"))
	if err != nil {
		t.Fatal(err)
	}
	vu := a.Vulnerabilities[0]
	var flags []advisory.Threat
	for _, th := range vu.Threats {
		if th.Category == FlagThreatCategory {
			flags = append(flags, th)
		}
	}
	if len(flags) != 1 || flags[0].Details != "vulnerable_code_cannot_be_controlled_by_adversary" || len(flags[0].ProductIDs) != 4 {
		t.Fatalf("flags = %+v", flags)
	}
	for _, id := range flags[0].ProductIDs {
		if vu.ProductStatus[id] != advisory.StatusKnownNotAffected {
			t.Errorf("flagged product %s has status %q, want known_not_affected", id, vu.ProductStatus[id])
		}
	}
	p, ok := a.Product(flags[0].ProductIDs[0])
	if !ok || p.Relationship != "default_component_of" || p.PURL == "" || p.Platform == "" {
		t.Errorf("flagged product = %+v", p)
	}
}

func equalProduct(a, b advisory.Product) bool {
	return a.ID == b.ID && a.Name == b.Name && a.Vendor == b.Vendor && a.Family == b.Family &&
		a.Product == b.Product && a.Version == b.Version && a.VersionRange == b.VersionRange &&
		a.Platform == b.Platform && a.Relationship == b.Relationship && a.CPE == b.CPE && a.PURL == b.PURL &&
		slices.Equal(a.ModelNumbers, b.ModelNumbers) && slices.Equal(a.SKUs, b.SKUs)
}

// BenchmarkDecodeCorpus validates (schema and mandatory tests) and maps
// every CSAF file of the corpus per iteration, without storing.
func BenchmarkDecodeCorpus(b *testing.B) {
	v := newValidator(b)
	root, files := corpusFiles(b)
	want := refused()
	type doc struct {
		name    string
		data    []byte
		refused bool
	}
	docs := make([]doc, 0, len(files))
	var total int64
	for _, rel := range files {
		data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(rel)))
		if err != nil {
			b.Fatal(err)
		}
		_, refused := want[rel]
		docs = append(docs, doc{rel, data, refused})
		total += int64(len(data))
	}
	b.SetBytes(total)
	b.ReportAllocs()
	start := time.Now()
	n := 0
	for b.Loop() {
		n++
		for _, d := range docs {
			if _, err := v.Decode(d.data); (err != nil) != d.refused {
				b.Fatalf("%s: %v", d.name, err)
			}
		}
	}
	b.ReportMetric(float64(n*len(docs))/time.Since(start).Seconds(), "docs/s")
}

// BenchmarkBaselineStdlibValidate is the reference BenchmarkDecodeCorpus
// must beat: what gocsaf's validator does per document (encoding/json into
// an any, then the unchanged CSAF schema compiled by the same library), with
// no mapping at all.
func BenchmarkBaselineStdlibValidate(b *testing.B) {
	c := jsonschema.NewCompiler()
	c.UseLoader(plainLoader{})
	c.AssertFormat()
	sch, err := c.Compile(SchemaURL)
	if err != nil {
		b.Fatal(err)
	}
	root, files := corpusFiles(b)
	var docs [][]byte
	var total int64
	for _, rel := range files {
		data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(rel)))
		if err != nil {
			b.Fatal(err)
		}
		docs = append(docs, data)
		total += int64(len(data))
	}
	b.SetBytes(total)
	b.ReportAllocs()
	for b.Loop() {
		for _, data := range docs {
			var doc any
			if err := json.Unmarshal(data, &doc); err != nil {
				b.Fatal(err)
			}
			_ = sch.Validate(doc)
		}
	}
}
