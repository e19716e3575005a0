package csaf

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tocsin-cert/tocsin/internal/advisory"
)

// fullDoc uses most of what Tocsin maps: product groups, nested and
// duplicate relationships, a product in several status lists, flags, both
// CVSS versions, revision history out of order, names with stray spaces.
// It is schema-valid, though it fails CSAF's mandatory tests 6.1.2
// (multiple definition of product id), 6.1.3 (circular definition) and
// 6.1.6 (contradicting product status) on purpose: Parse maps it, Decode
// refuses it.
const fullDoc = `{
  "document": {
    "category": "csaf_security_advisory",
    "csaf_version": "2.0",
    "lang": "en",
    "title": "Example advisory",
    "publisher": {"category": "vendor", "name": " Example Corp ", "namespace": "https://example.com",
      "contact_details": "psirt@example.com", "issuing_authority": "Example PSIRT"},
    "distribution": {"text": "Share freely", "tlp": {"label": "WHITE", "url": "https://www.first.org/tlp/"}},
    "aggregate_severity": {"text": "High", "namespace": "https://example.com/severity"},
    "notes": [{"category": "summary", "title": "Summary", "text": "A flaw.", "audience": "all"}],
    "references": [{"url": "https://example.com/sa-1", "summary": "This advisory", "category": "self"}],
    "acknowledgments": [
      {"names": ["Jane Doe", "John Roe"], "organization": "ACME Research"},
      {"organization": "CERT-X"},
      {"names": ["Solo"]}
    ],
    "tracking": {
      "id": "EX-2024-001", "version": "3", "status": "final",
      "initial_release_date": "2024-01-10T08:00:00Z",
      "current_release_date": "2024-03-01T12:30:00+01:00",
      "revision_history": [
        {"number": "3", "date": "2024-03-01T12:30:00+01:00", "summary": "Third"},
        {"number": "1", "date": "2024-01-10T08:00:00Z", "summary": "Initial"},
        {"number": "2", "date": "2024-02-01T00:00:00Z", "summary": "Second"}
      ]
    }
  },
  "product_tree": {
    "branches": [{
      "category": "vendor", "name": "Example Corp",
      "branches": [{
        "category": "product_family", "name": "Gateways",
        "branches": [{
          "category": "product_name", "name": " Gateway 100 ",
          "branches": [
            {"category": "product_version", "name": "2.1.0",
             "product": {"name": "Example Gateway 100 2.1.0", "product_id": "GW-210",
               "product_identification_helper": {"cpe": "cpe:2.3:h:example:gateway_100:2.1.0:*:*:*:*:*:*:*",
                 "model_numbers": ["GW100"], "skus": ["GW100-EU"]}}},
            {"category": "product_version_range", "name": "vers:generic/<2.1.0",
             "product": {"name": "Example Gateway 100 < 2.1.0", "product_id": "GW-OLD"}}
          ]
        }]
      }, {
        "category": "product_name", "name": "libexample",
        "branches": [{"category": "product_version", "name": "1.4.2",
          "product": {"name": "libexample 1.4.2", "product_id": "LIB-142",
            "product_identification_helper": {"purl": "pkg:generic/libexample@1.4.2"}}}]
      }]
    }],
    "full_product_names": [
      {"name": " Example Cloud ", "product_id": "CLOUD"},
      {"name": "Duplicate of GW-210", "product_id": "GW-210"}
    ],
    "product_groups": [
      {"group_id": "GRP-GW", "product_ids": ["GW-210", "GW-OLD"]},
      {"group_id": "GRP-ALL", "product_ids": ["GW-OLD", "LIB-142", "LIB-ON-GW"]}
    ],
    "relationships": [
      {"category": "installed_on", "product_reference": "LIB-ON-GW", "relates_to_product_reference": "CLOUD",
       "full_product_name": {"name": "libexample 1.4.2 on Gateway 100 2.1.0, in the cloud", "product_id": "NESTED"}},
      {"category": "default_component_of", "product_reference": "LIB-142", "relates_to_product_reference": "GW-210",
       "full_product_name": {"name": "libexample 1.4.2 as a component of Example Gateway 100 2.1.0", "product_id": "LIB-ON-GW"}},
      {"category": "installed_on", "product_reference": "LIB-142", "relates_to_product_reference": "CLOUD",
       "full_product_name": {"name": "Duplicate id", "product_id": "CLOUD"}}
    ]
  },
  "vulnerabilities": [{
    "cve": "CVE-2024-0001",
    "title": "Buffer overflow",
    "ids": [{"system_name": "Example Bug", "text": "EX-42"}],
    "cwe": {"id": "CWE-787", "name": "Out-of-bounds Write"},
    "notes": [{"category": "description", "text": "Overflow."}],
    "references": [{"url": "https://example.com/bug/42", "summary": "Bug 42"}],
    "release_date": "2024-01-10T08:00:00Z",
    "discovery_date": "2023-12-24T00:00:00Z",
    "acknowledgments": [{"names": ["Jane Doe"], "organization": "ACME Research"}, {"names": ["Max Muster"]}],
    "product_status": {
      "known_affected": ["GW-OLD", "LIB-ON-GW"],
      "fixed": ["GW-210", "GW-OLD"],
      "known_not_affected": ["CLOUD"],
      "under_investigation": ["CLOUD"],
      "recommended": ["GW-210"]
    },
    "scores": [{"products": ["GW-OLD", "LIB-ON-GW"],
      "cvss_v3": {"version": "3.1", "vectorString": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "baseScore": 9.8, "baseSeverity": "CRITICAL"},
      "cvss_v2": {"version": "2.0", "vectorString": "AV:N/AC:L/Au:N/C:C/I:C/A:C", "baseScore": 10.0}}],
    "remediations": [
      {"category": "vendor_fix", "details": "Update to 2.1.0.", "url": "https://example.com/dl",
       "date": "2024-01-10T08:00:00Z", "product_ids": ["GW-OLD"], "group_ids": ["GRP-GW"]},
      {"category": "workaround", "details": "Block port 1234.", "group_ids": ["GRP-ALL"]}
    ],
    "threats": [{"category": "impact", "details": "Remote code execution.", "group_ids": ["GRP-GW"]}],
    "flags": [{"label": "component_not_present", "product_ids": ["CLOUD"], "group_ids": ["GRP-GW"]}]
  }]
}`

func TestParseFullDocument(t *testing.T) {
	t.Parallel()
	v := newValidator(t)
	if f := v.Validate([]byte(fullDoc)); f != nil {
		t.Fatalf("fullDoc is not schema-valid: %v", f)
	}
	parsed, err := Parse([]byte(fullDoc))
	if err != nil {
		t.Fatal(err)
	}
	checkFullDoc(t, parsed)
	_, err = v.Decode([]byte(fullDoc))
	var inv *InvalidError
	if !errors.As(err, &inv) {
		t.Fatalf("Decode = %v, want an *InvalidError", err)
	}
	var ids []string
	for _, f := range inv.Findings {
		if f.Kind != KindMandatory {
			t.Errorf("finding %v is not a mandatory test's", f)
		}
		ids = append(ids, f.Test)
	}
	if ids = slices.Compact(ids); !slices.Equal(ids, []string{"6.1.2", "6.1.3", "6.1.6"}) {
		t.Errorf("Decode fails tests %v, want 6.1.2, 6.1.3, 6.1.6: %v", ids, err)
	}
}

func checkFullDoc(t *testing.T, a *advisory.Advisory) {
	wantPub := advisory.Publisher{Name: "Example Corp", Namespace: "https://example.com", Category: "vendor",
		ContactDetails: "psirt@example.com", IssuingAuthority: "Example PSIRT", NameRaw: " Example Corp "}
	if a.Publisher != wantPub {
		t.Errorf("publisher = %+v", a.Publisher)
	}
	if a.Key() != "https://example.com#EX-2024-001" || a.Version != "3" || a.Status != "final" || a.Category != "csaf_security_advisory" {
		t.Errorf("tracking: key %q version %q status %q category %q", a.Key(), a.Version, a.Status, a.Category)
	}
	if !a.InitialRelease.Equal(time.Date(2024, 1, 10, 8, 0, 0, 0, time.UTC)) || !a.CurrentRelease.Equal(time.Date(2024, 3, 1, 11, 30, 0, 0, time.UTC)) {
		t.Errorf("releases %v, %v", a.InitialRelease, a.CurrentRelease)
	}
	var nums []string
	for _, r := range a.Revisions {
		nums = append(nums, r.Number+":"+r.Summary)
	}
	if !slices.Equal(nums, []string{"1:Initial", "2:Second", "3:Third"}) {
		t.Errorf("revisions = %v", nums)
	}
	if a.TLP != advisory.TLPClear || a.DistributionText != "Share freely" || a.Lang != "en" || a.Title != "Example advisory" {
		t.Errorf("TLP %q, text %q, lang %q, title %q", a.TLP, a.DistributionText, a.Lang, a.Title)
	}
	if a.AggregateSeverity != "High" || a.AggregateSeverityNamespace != "https://example.com/severity" {
		t.Errorf("aggregate severity %q %q", a.AggregateSeverity, a.AggregateSeverityNamespace)
	}
	if len(a.Notes) != 1 || a.Notes[0] != (advisory.Note{Category: "summary", Title: "Summary", Text: "A flaw.", Audience: "all"}) {
		t.Errorf("notes = %+v", a.Notes)
	}
	if len(a.References) != 1 || a.References[0] != (advisory.Reference{URL: "https://example.com/sa-1", Summary: "This advisory", Category: "self"}) {
		t.Errorf("references = %+v", a.References)
	}
	wantAcks := []string{"Jane Doe (ACME Research)", "John Roe (ACME Research)", "CERT-X", "Solo", "Max Muster"}
	if !slices.Equal(a.Acknowledgments, wantAcks) {
		t.Errorf("acknowledgments = %q\nwant %q", a.Acknowledgments, wantAcks)
	}

	wantProducts := []advisory.Product{
		{ID: "GW-210", Name: "Example Gateway 100 2.1.0", Vendor: "Example Corp", Family: "Gateways", Product: "Gateway 100",
			Version: "2.1.0", CPE: "cpe:2.3:h:example:gateway_100:2.1.0:*:*:*:*:*:*:*", ModelNumbers: []string{"GW100"}, SKUs: []string{"GW100-EU"}},
		{ID: "GW-OLD", Name: "Example Gateway 100 < 2.1.0", Vendor: "Example Corp", Family: "Gateways", Product: "Gateway 100",
			VersionRange: "vers:generic/<2.1.0"},
		{ID: "LIB-142", Name: "libexample 1.4.2", Vendor: "Example Corp", Product: "libexample", Version: "1.4.2",
			PURL: "pkg:generic/libexample@1.4.2"},
		{ID: "CLOUD", Name: "Example Cloud", Product: "Example Cloud"},
		// Refers to LIB-ON-GW, which a later relationship defines.
		{ID: "NESTED", Name: "libexample 1.4.2 on Gateway 100 2.1.0, in the cloud", Vendor: "Example Corp", Product: "libexample",
			Version: "1.4.2", PURL: "pkg:generic/libexample@1.4.2", Platform: "Example Cloud", Relationship: "installed_on"},
		{ID: "LIB-ON-GW", Name: "libexample 1.4.2 as a component of Example Gateway 100 2.1.0", Vendor: "Example Corp",
			Product: "libexample", Version: "1.4.2", PURL: "pkg:generic/libexample@1.4.2", Platform: "Gateway 100",
			Relationship: "default_component_of"},
	}
	if len(a.Products) != len(wantProducts) {
		t.Errorf("%d products, want %d: %+v", len(a.Products), len(wantProducts), a.Products)
	}
	for i := range min(len(a.Products), len(wantProducts)) {
		if !equalProduct(a.Products[i], wantProducts[i]) {
			t.Errorf("product %d:\n got %+v\nwant %+v", i, a.Products[i], wantProducts[i])
		}
	}

	if len(a.Vulnerabilities) != 1 {
		t.Fatalf("%d vulnerabilities", len(a.Vulnerabilities))
	}
	vu := a.Vulnerabilities[0]
	if vu.CVE != "CVE-2024-0001" || vu.Title != "Buffer overflow" || vu.CWE == nil || *vu.CWE != (advisory.CWE{ID: "CWE-787", Name: "Out-of-bounds Write"}) {
		t.Errorf("cve %q title %q cwe %+v", vu.CVE, vu.Title, vu.CWE)
	}
	if len(vu.IDs) != 1 || vu.IDs[0] != (advisory.ID{System: "Example Bug", Text: "EX-42"}) || len(vu.Notes) != 1 || len(vu.References) != 1 {
		t.Errorf("ids %+v notes %+v references %+v", vu.IDs, vu.Notes, vu.References)
	}
	if !vu.ReleaseDate.Equal(time.Date(2024, 1, 10, 8, 0, 0, 0, time.UTC)) || !vu.DiscoveryDate.Equal(time.Date(2023, 12, 24, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("release %v discovery %v", vu.ReleaseDate, vu.DiscoveryDate)
	}
	wantStatus := map[string]advisory.Status{
		"GW-OLD":    advisory.StatusKnownAffected,      // also fixed
		"LIB-ON-GW": advisory.StatusKnownAffected,      //
		"GW-210":    advisory.StatusFixed,              // also recommended
		"CLOUD":     advisory.StatusUnderInvestigation, // also known_not_affected
	}
	if len(vu.ProductStatus) != len(wantStatus) {
		t.Errorf("statuses = %v", vu.ProductStatus)
	}
	for id, st := range wantStatus {
		if vu.ProductStatus[id] != st {
			t.Errorf("status of %s = %q, want %q", id, vu.ProductStatus[id], st)
		}
	}

	wantScores := []advisory.Score{
		{CVSSVersion: "3.1", Vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", BaseScore: 9.8, BaseSeverity: "CRITICAL", ProductIDs: []string{"GW-OLD", "LIB-ON-GW"}},
		{CVSSVersion: "2.0", Vector: "AV:N/AC:L/Au:N/C:C/I:C/A:C", BaseScore: 10, ProductIDs: []string{"GW-OLD", "LIB-ON-GW"}},
	}
	if !slices.EqualFunc(vu.Scores, wantScores, func(x, y advisory.Score) bool {
		return x.CVSSVersion == y.CVSSVersion && x.Vector == y.Vector && x.BaseScore == y.BaseScore &&
			x.BaseSeverity == y.BaseSeverity && slices.Equal(x.ProductIDs, y.ProductIDs)
	}) {
		t.Errorf("scores = %+v", vu.Scores)
	}

	// Group ids are expanded, after the product ids, without duplicates.
	if len(vu.Remediations) != 2 {
		t.Fatalf("remediations = %+v", vu.Remediations)
	}
	r := vu.Remediations[0]
	if r.Category != "vendor_fix" || r.Details != "Update to 2.1.0." || r.URL != "https://example.com/dl" ||
		!r.Date.Equal(time.Date(2024, 1, 10, 8, 0, 0, 0, time.UTC)) || !slices.Equal(r.ProductIDs, []string{"GW-OLD", "GW-210"}) {
		t.Errorf("remediation 0 = %+v", r)
	}
	if got := vu.Remediations[1].ProductIDs; !slices.Equal(got, []string{"GW-OLD", "LIB-142", "LIB-ON-GW"}) {
		t.Errorf("remediation 1 products = %v", got)
	}
	wantThreats := []advisory.Threat{
		{Category: "impact", Details: "Remote code execution.", ProductIDs: []string{"GW-210", "GW-OLD"}},
		{Category: FlagThreatCategory, Details: "component_not_present", ProductIDs: []string{"CLOUD", "GW-210", "GW-OLD"}},
	}
	if !slices.EqualFunc(vu.Threats, wantThreats, func(x, y advisory.Threat) bool {
		return x.Category == y.Category && x.Details == y.Details && slices.Equal(x.ProductIDs, y.ProductIDs)
	}) {
		t.Errorf("threats = %+v\nwant %+v", vu.Threats, wantThreats)
	}

	// The model's helpers work on what was mapped.
	if s, ok := a.MaxScore(); !ok || s.BaseScore != 9.8 || a.Severity() != advisory.SeverityCritical {
		t.Errorf("max score %+v, severity %v", s, a.Severity())
	}
	var notify []string
	for _, p := range a.NotifyingProducts() {
		notify = append(notify, p.ID)
	}
	if !slices.Equal(notify, []string{"GW-OLD", "CLOUD", "LIB-ON-GW"}) {
		t.Errorf("notifying products = %v", notify)
	}
}

// TestParseDates checks that Parse reads the date forms real documents
// use, while Decode holds them to RFC 3339 as the schema does.
func TestParseDates(t *testing.T) {
	t.Parallel()
	v := newValidator(t)
	tests := []struct {
		in     string
		want   time.Time
		schema bool // valid per the schema
	}{
		{"2024-05-01T10:00:00Z", time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC), true},
		{"2024-05-01T10:00:00.123456Z", time.Date(2024, 5, 1, 10, 0, 0, 123456000, time.UTC), true},
		{"2024-05-01T12:00:00+02:00", time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC), true},
		{"2024-05-01t10:00:00z", time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC), true},
		{"2016-12-31T23:59:60Z", time.Date(2016, 12, 31, 23, 59, 59, 0, time.UTC), true}, // leap second
		{"2024-05-01T10:00:00.1234567890123Z", time.Date(2024, 5, 1, 10, 0, 0, 123456789, time.UTC), true},
		{"2024-05-01T12:00:00+0200", time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC), false},
		{"2024-05-01T10:00:00", time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC), false},
		{"2024-05-01T10:00", time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC), false},
		{"2024-05-01 10:00:00Z", time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC), false},
		{"2024-05-01", time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC), false},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			t.Parallel()
			data := docWith(t, minimalDoc, set("/document/tracking/initial_release_date", tc.in))
			a, err := Parse(data)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if !a.InitialRelease.Equal(tc.want) {
				t.Errorf("InitialRelease = %v, want %v", a.InitialRelease, tc.want)
			}
			if _, err := v.Decode(data); tc.schema && err != nil {
				t.Errorf("Decode: %v", err)
			}
			findings := v.Validate(data)
			if tc.schema != (findings == nil) {
				t.Errorf("schema findings = %v, want valid=%v", findings, tc.schema)
			}
			if !tc.schema && (len(findings) != 1 || findings[0].Path != "/document/tracking/initial_release_date") {
				t.Errorf("findings = %v", findings)
			}
		})
	}
}

// TestParseErrors checks that Parse, which does not validate, reports values
// it cannot map with their JSON path.
func TestParseErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		input []byte
		want  string
	}{
		{"not JSON", []byte("{\"document\": }"), "parse CSAF: not valid JSON at line 1, column 14 (byte offset 13): unexpected character '}', a value was expected"},
		{"array", []byte(`[]`), "parse CSAF: a CSAF document must be a JSON object, not an array"},
		{"no document", []byte(`{"vulnerabilities": []}`), "parse CSAF: /document: missing; this is not a CSAF document"},
		{"document not an object", []byte(`{"document": 1}`), "parse CSAF: /document: must be an object, not a number"},
		{"CSAF 2.1", docWith(t, minimalDoc, set("/document/csaf_version", "2.1")), `parse CSAF: /document/csaf_version: Tocsin reads CSAF 2.0, not "2.1"`},
		{"no version", docWith(t, minimalDoc, del("/document/csaf_version")), `parse CSAF: /document/csaf_version: Tocsin reads CSAF 2.0, not ""`},
		{
			"unreadable date",
			docWith(t, minimalDoc, set("/document/tracking/revision_history/0/date", "01.02.2024")),
			`parse CSAF: /document/tracking/revision_history/0/date: cannot read date "01.02.2024": want an RFC 3339 date-time such as 2024-05-01T10:00:00Z`,
		},
		{"empty date", docWith(t, minimalDoc, set("/document/tracking/current_release_date", "")), "parse CSAF: /document/tracking/current_release_date: date is empty"},
		{"unknown TLP", docWith(t, minimalDoc, set("/document/distribution/tlp/label", "PURPLE")), `parse CSAF: /document/distribution/tlp/label: unknown TLP label "PURPLE" (CSAF 2.0 knows WHITE, GREEN, AMBER and RED)`},
		{"id of wrong type", docWith(t, minimalDoc, set("/document/tracking/id", 7)), "parse CSAF: /document/tracking/id: must be a string, not a number"},
		{
			"branches not a list",
			docWith(t, minimalDoc, set("/product_tree/branches", map[string]any{})),
			"parse CSAF: /product_tree/branches: must be an array, not an object",
		},
		{
			"product id not a string",
			docWith(t, minimalDoc, set("/vulnerabilities", []any{map[string]any{"product_status": map[string]any{"fixed": []any{"P1", 2}}}})),
			"parse CSAF: /vulnerabilities/0/product_status/fixed/1: must be a string, not a number",
		},
		{
			"score not a number",
			docWith(t, minimalDoc, set("/vulnerabilities", vulnWithScore("3.1", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "9.8"))),
			"parse CSAF: /vulnerabilities/0/scores/0/cvss_v3/baseScore: must be a number, not a string",
		},
		{
			"vulnerability not an object",
			docWith(t, minimalDoc, set("/vulnerabilities", []any{"CVE-2024-0001"})),
			"parse CSAF: /vulnerabilities/0: must be an object, not a string",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			a, err := Parse(tc.input)
			if err == nil {
				t.Fatalf("Parse = %+v, want error %q", a, tc.want)
			}
			if err.Error() != tc.want {
				t.Errorf("error = %q\nwant    %q", err, tc.want)
			}
		})
	}
}

// TestParseLenient checks what Parse accepts although the schema does not.
func TestParseLenient(t *testing.T) {
	t.Parallel()
	// A branch with both a product and sub-branches, a CVSS v3 object
	// without version, a relationship to an unknown product.
	data := docWith(t, minimalDoc,
		set("/product_tree", map[string]any{
			"branches": []any{map[string]any{
				"category": "vendor", "name": "V",
				"product": map[string]any{"name": "V all", "product_id": "V"},
				"branches": []any{map[string]any{"category": "product_name", "name": "P",
					"product": map[string]any{"name": "P all", "product_id": "P"}}},
			}},
			"relationships": []any{map[string]any{
				"category": "installed_on", "product_reference": "P", "relates_to_product_reference": "GONE",
				"full_product_name": map[string]any{"name": "P on something", "product_id": "P-ON"},
			}},
		}),
		set("/vulnerabilities", []any{map[string]any{"scores": []any{map[string]any{
			"products": []any{"P"},
			"cvss_v3":  map[string]any{"vectorString": "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "baseScore": 9.8},
		}}}}),
	)
	a, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, p := range a.Products {
		ids = append(ids, p.ID+"="+p.Vendor+"/"+p.Product+"/"+p.Platform)
	}
	if !slices.Equal(ids, []string{"V=V/V all/", "P=V/P/", "P-ON=V/P/"}) {
		t.Errorf("products = %v", ids)
	}
	if s := a.Vulnerabilities[0].Scores; len(s) != 1 || s[0].CVSSVersion != "3.0" {
		t.Errorf("scores = %+v", s)
	}
}

func TestCompareVersions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		a, b string
		want int
	}{
		{"1", "2", -1}, {"2", "10", -1}, {"10", "2", 1}, {"1.0.0", "1.0.0", 0},
		{"1.2.0", "1.10.0", -1}, {"1.0", "1.0.1", -1}, {"2", "2", 0},
	}
	for _, tc := range tests {
		if got := compareVersions(tc.a, tc.b); got != tc.want {
			t.Errorf("compareVersions(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestFindingString(t *testing.T) {
	t.Parallel()
	if got := (Finding{Path: "/document/title", Message: "missing required property"}).String(); got != "/document/title: missing required property" {
		t.Error(got)
	}
	if got := (Finding{Message: "not valid JSON"}).String(); !strings.HasPrefix(got, "not valid") {
		t.Error(got)
	}
}

// FuzzParse checks that no input makes Parse or Decode panic, and that a
// document Decode accepts, Parse accepts too:
// go test -fuzz FuzzParse ./internal/csaf/
func FuzzParse(f *testing.F) {
	f.Add([]byte(minimalDoc))
	f.Add([]byte(fullDoc))
	f.Add([]byte(`{"document":{"csaf_version":"2.0"},"product_tree":{"relationships":[{}]}}`))
	v := newValidator(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		_, perr := Parse(data)
		if _, err := v.Decode(data); err == nil && perr != nil {
			t.Errorf("Decode accepts what Parse refuses: %v", perr)
		}
	})
}
