package eispp

import (
	"bytes"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"html"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/tocsin-cert/tocsin/internal/advisory"
	"github.com/tocsin-cert/tocsin/internal/testutil"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// fixture is an advisory that sets every field EISPP XML carries, with
// text that needs escaping, line breaks, a product id the product list
// lacks, vendors that come back after another one, and a javascript: URL
// that the stylesheet must not turn into a link.
func fixture() *advisory.Advisory {
	cet := time.FixedZone("", 3600)
	return &advisory.Advisory{
		Publisher: advisory.Publisher{
			Name:             "Example CERT",
			Namespace:        "https://cert.example.org",
			Category:         "coordinator",
			ContactDetails:   "cert@example.org\n+49 30 1234567",
			IssuingAuthority: "Example CERT <national CSIRT> & partners",
		},
		TrackingID:     "TDC-2026-0042",
		Aliases:        []string{"EXAMPLE-SA-7", "VU#123456"},
		Version:        "3",
		Status:         "final",
		Category:       "csaf_security_advisory",
		InitialRelease: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC),
		CurrentRelease: time.Date(2026, 3, 9, 17, 30, 15, 250000000, cet),
		Revisions: []advisory.Revision{
			{Number: "1", Date: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC), Summary: "Initial release."},
			{Number: "2", Date: time.Date(2026, 3, 4, 12, 0, 0, 0, time.UTC), Summary: "Added the workaround\nand the Beta Gateway.", LegacyVersion: "1.1"},
			{Number: "3", Date: time.Date(2026, 3, 9, 17, 30, 15, 250000000, cet), Summary: "Fixed version 4.2.1 released."},
		},
		Title:                      "Acme Widget Server & Beta Gateway: remote code execution <critical>",
		TLP:                        advisory.TLPAmber,
		TLPURL:                     "https://www.first.org/tlp/",
		DistributionText:           "Share with your constituency's IT staff only.",
		Lang:                       "en-GB",
		SourceLang:                 "de-DE",
		AggregateSeverity:          "Critical",
		AggregateSeverityNamespace: "https://cert.example.org/risk-schema",
		Notes: []advisory.Note{
			{Category: "legal_disclaimer", Title: "Terms of use", Text: "Provided \"as is\" without warranty."},
			{Category: "summary", Title: "Summary", Text: "An attacker on the network can run code on Acme Widget Server.\n\nUpdate to 4.2.1.", Audience: "all"},
			{Category: "details", Title: "Technical details", Text: "The upload handler trusts the file name:\n\t../../etc/cron.d/x\r\nis written as root.", Audience: "system administrators"},
			{Category: "description", Text: "Widget Server is a web application server; Beta Gateway is an IoT gateway."},
			{Category: "general", Title: "Background", Text: "Ünïcödé, emoji 🔔 and CJK 警報 survive."},
		},
		References: []advisory.Reference{
			{URL: "https://cert.example.org/advisories/TDC-2026-0042", Summary: "This advisory", Category: "self"},
			{URL: "javascript:alert('x')", Summary: "A link that must stay text", Category: "external"},
		},
		Acknowledgments: []string{"Jane Doe (Example Research)", "Beta Labs"},
		Vulnerabilities: []advisory.Vulnerability{
			{
				CVE:   "CVE-2026-41001",
				IDs:   []advisory.ID{{System: "Acme PSIRT", Text: "ACME-2026-17"}, {System: "GHSA", Text: "GHSA-abcd-efgh-ijkl"}},
				Title: "Path traversal in the upload handler",
				CWE:   &advisory.CWE{ID: "CWE-22", Name: "Improper Limitation of a Pathname to a Restricted Directory ('Path Traversal')"},
				Notes: []advisory.Note{
					{Category: "description", Title: "Vulnerability description", Text: "A crafted file name <../> escapes the upload folder."},
					{Category: "details", Text: "Exploitation needs no authentication."},
				},
				Scores: []advisory.Score{
					{CVSSVersion: "3.1", Vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", BaseScore: 9.8, BaseSeverity: "CRITICAL", ProductIDs: []string{"ACME-WS-4.1", "ACME-WS-RANGE"}},
					{CVSSVersion: "2.0", Vector: "AV:N/AC:L/Au:N/C:C/I:C/A:C", BaseScore: 10, ProductIDs: []string{"ACME-WS-4.1"}},
				},
				Remediations: []advisory.Remediation{
					{
						Category: "vendor_fix", Details: "Update Acme Widget Server to version 4.2.1 or later.",
						URL: "https://acme.example/download?product=ws&version=4.2.1", Date: time.Date(2026, 3, 9, 0, 0, 0, 0, time.UTC),
						ProductIDs:      []string{"ACME-WS-4.1", "ACME-WS-RANGE"},
						Entitlements:    []string{"A valid maintenance contract."},
						RestartRequired: &advisory.RestartRequired{Category: "service", Details: "Restart the widget service."},
					},
					{Category: "workaround", Details: "Block uploads at the reverse proxy:\n  location /upload { deny all; }", ProductIDs: []string{"ACME-WS-4.1"}},
				},
				References: []advisory.Reference{{URL: "https://acme.example/psirt/ACME-2026-17", Summary: "Vendor advisory", Category: "external"}},
				Threats: []advisory.Threat{
					{Category: "impact", Details: "Complete compromise of the server.", ProductIDs: []string{"ACME-WS-4.1"}},
					{Category: "exploit_status", Details: "Exploited in the wild since 2026-03-01.", Date: time.Date(2026, 3, 5, 8, 0, 0, 0, time.UTC)},
					{Category: "flag", Details: "component_not_present", ProductIDs: []string{"ACME-WS-4.2.1"}, Date: time.Date(2026, 3, 9, 0, 0, 0, 0, time.UTC)},
				},
				Flags: []advisory.Flag{
					{Label: "component_not_present", ProductIDs: []string{"ACME-WS-4.2.1"}, Date: time.Date(2026, 3, 9, 0, 0, 0, 0, time.UTC)},
				},
				Involvements: []advisory.Involvement{
					{Party: "vendor", Status: "completed", Summary: "Acme released a fix.", Date: time.Date(2026, 3, 9, 0, 0, 0, 0, time.UTC)},
				},
				ReleaseDate:   time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC),
				DiscoveryDate: time.Date(2026, 2, 14, 0, 0, 0, 0, time.UTC),
				ProductStatus: map[string]advisory.Status{
					"ACME-WS-4.1":   advisory.StatusKnownAffected,
					"ACME-WS-RANGE": advisory.StatusKnownAffected,
					"ACME-WS-4.2.1": advisory.StatusFixed,
					"GONE-1":        advisory.StatusKnownNotAffected,
				},
			},
			{
				Title: "Default credentials on Beta Gateway",
				CWE:   &advisory.CWE{ID: "CWE-1392"},
				Scores: []advisory.Score{
					{CVSSVersion: "3.0", Vector: "CVSS:3.0/AV:A/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:N", BaseScore: 8.1, BaseSeverity: "HIGH", ProductIDs: []string{"BETA-GW-2"}},
				},
				Remediations: []advisory.Remediation{
					{Category: "mitigation", Details: "Change the administrator password & restrict access to the management network.", ProductIDs: []string{"BETA-GW-2", "BETA-GW-RHEL"}},
					{Category: "workaround", Details: "Block uploads at the reverse proxy:\n  location /upload { deny all; }"},
				},
				ProductStatus: map[string]advisory.Status{
					"BETA-GW-2":    advisory.StatusKnownAffected,
					"BETA-GW-RHEL": advisory.StatusUnderInvestigation,
				},
			},
		},
		Products: []advisory.Product{
			{ID: "ACME-WS-4.1", Name: "Acme Widget Server 4.1", Vendor: "Acme Corp.", Family: "Widgets", Product: "Widget Server", Version: "4.1",
				CPE: "cpe:2.3:a:acme:widget_server:4.1:*:*:*:*:*:*:*", PURL: "pkg:generic/acme/widget-server@4.1"},
			{ID: "ACME-WS-RANGE", Name: "Acme Widget Server <4.2.1", Vendor: "Acme Corp.", Family: "Widgets", Product: "Widget Server", VersionRange: "vers:semver/>=4.0|<4.2.1"},
			{ID: "ACME-WS-4.2.1", Name: "Acme Widget Server 4.2.1", Vendor: "Acme Corp.", Family: "Widgets", Product: "Widget Server", Version: "4.2.1"},
			{ID: "BETA-GW-2", Name: "Beta Gateway 2", Vendor: "Beta Labs", Product: "Beta Gateway", Version: "2",
				ModelNumbers: []string{"BG-200", "BG-210"}, SKUs: []string{"SKU-0042"}},
			{ID: "ACME-AGENT", Name: "Acme Agent", Vendor: "Acme Corp.", Product: "Acme Agent"},
			{ID: "BETA-GW-RHEL", Name: "Beta Gateway agent as a component of Red Hat Enterprise Linux 9", Vendor: "Beta Labs", Product: "Beta Gateway agent",
				Version: "2.0.1", Platform: "Red Hat Enterprise Linux 9", Relationship: "default_component_of"},
		},
	}
}

func marshal(t *testing.T, a *advisory.Advisory) []byte {
	t.Helper()
	out, err := Marshal(a)
	if err != nil {
		t.Fatalf("Marshal: %v", err)
	}
	return out
}

// writeTemp writes data to a file in a fresh temporary folder.
func writeTemp(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// assets writes the embedded schema and stylesheet to a temporary folder.
func assets(t *testing.T) (xsd, xsl string) {
	t.Helper()
	dir := t.TempDir()
	xsd, xsl = filepath.Join(dir, "eispp.xsd"), filepath.Join(dir, "eispp-html.xsl")
	if err := os.WriteFile(xsd, Schema(), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(xsl, Stylesheet(), 0o644); err != nil {
		t.Fatal(err)
	}
	return xsd, xsl
}

// validate runs xmllint against the schema; it returns xmllint's output
// and whether it accepted the document.
func validate(t *testing.T, xmllint, xsd, file string) (string, bool) {
	t.Helper()
	out, err := exec.Command(xmllint, "--noout", "--nonet", "--schema", xsd, file).CombinedOutput()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatalf("run xmllint: %v", err)
	}
	return string(out), err == nil
}

// transform runs xsltproc with the stylesheet and the given parameters.
func transform(t *testing.T, xsltproc, xsl, file string, params ...string) string {
	t.Helper()
	args := []string{"--nonet"}
	for i := 0; i+1 < len(params); i += 2 {
		args = append(args, "--stringparam", params[i], params[i+1])
	}
	args = append(args, xsl, file)
	var stderr bytes.Buffer
	cmd := exec.Command(xsltproc, args...)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("xsltproc %s: %v\n%s", file, err, stderr.String())
	}
	if stderr.Len() > 0 {
		t.Errorf("xsltproc %s wrote to stderr:\n%s", file, stderr.String())
	}
	return string(out)
}

// checkPage checks an HTML page from the stylesheet: it is self-contained
// and without script, and its text holds the title, every CVE id and the
// text of every remediation (the details of at least one remediation when
// the advisory has hundreds).
func checkPage(t *testing.T, name, page string, a *advisory.Advisory) {
	t.Helper()
	lower := strings.ToLower(page)
	for _, bad := range []string{"<script", `href="javascript:`, `href="data:`, " src=", "<link", "@import", "url(", "<iframe", "<object", "<embed", "<img"} {
		if strings.Contains(lower, bad) {
			t.Errorf("%s: the page contains %q: it must be self-contained and without script", name, bad)
		}
	}
	if m := eventHandler.FindString(lower); m != "" {
		t.Errorf("%s: the page has an event handler attribute %q", name, m)
	}
	text := html.UnescapeString(page)
	if !strings.Contains(text, a.Title) {
		t.Errorf("%s: the page lacks the title %q", name, a.Title)
	}
	for _, cve := range a.CVEs() {
		if !strings.Contains(text, cve) {
			t.Errorf("%s: the page lacks %s", name, cve)
		}
	}
	for _, v := range a.Vulnerabilities {
		for _, r := range v.Remediations {
			if strings.TrimSpace(r.Details) != "" && !strings.Contains(text, r.Details) {
				t.Errorf("%s: the page lacks the remediation text %q", name, short(r.Details))
			}
		}
	}
}

// eventHandler finds event handler attributes (onclick=...) in tags.
var eventHandler = regexp.MustCompile(`<[^>]*\son[a-z]+\s*=`)

func short(s string) string {
	if len(s) > 80 {
		return s[:80] + "..."
	}
	return s
}

func TestRoundTripFixture(t *testing.T) {
	a := fixture()
	got, err := Unmarshal(marshal(t, a))
	if err != nil {
		t.Fatalf("Unmarshal: %v", err)
	}
	for _, d := range diffModels(a, got) {
		t.Error(d)
	}
	// Values with surrounding white space survive too.
	a.Vulnerabilities[0].CVE = " CVE-2026-41001\n"
	a.Products[0].ID = " ACME-WS-4.1 "
	a.Vulnerabilities[1].ProductStatus[" ACME-WS-4.1 "] = advisory.StatusFixed
	spaced, err := Unmarshal(marshal(t, a))
	if err != nil {
		t.Fatalf("Unmarshal with spaced values: %v", err)
	}
	for _, d := range diffModels(a, spaced) {
		t.Error(d)
	}
	a = fixture()
	// Marshal is deterministic and a second round changes nothing.
	if again := marshal(t, got); !bytes.Equal(again, marshal(t, a)) {
		t.Error("Marshal(Unmarshal(Marshal(a))) differs from Marshal(a)")
	}
}

func TestGolden(t *testing.T) {
	out := marshal(t, fixture())
	golden(t, "fixture.xml.golden", out)

	xsltproc := testutil.RequireTool(t, "xsltproc")
	_, xsl := assets(t)
	page := transform(t, xsltproc, xsl, writeTemp(t, "fixture.xml", out))
	golden(t, "fixture.html.golden", []byte(page))
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	p := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(p, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the output; if the change is intended, run go test ./internal/eispp/ -update and review the diff\n%s", p, firstDiff(string(want), string(got)))
	}
}

// firstDiff shows the first line where two texts differ.
func firstDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return fmt.Sprintf("line %d:\n- %s\n+ %s", i+1, w, g)
		}
	}
	return ""
}

func TestSchemaAcceptsFixture(t *testing.T) {
	xmllint := testutil.RequireTool(t, "xmllint")
	xsd, _ := assets(t)
	out, ok := validate(t, xmllint, xsd, writeTemp(t, "fixture.xml", marshal(t, fixture())))
	if !ok {
		t.Fatalf("xmllint refuses the exported fixture:\n%s", out)
	}
}

// TestSchemaRefuses shows that the schema checks what it promises: a
// document broken in each way is refused by xmllint.
func TestSchemaRefuses(t *testing.T) {
	xmllint := testutil.RequireTool(t, "xmllint")
	xsd, _ := assets(t)
	good := string(marshal(t, fixture()))
	cases := []struct{ name, old, new string }{
		{"unknown status", ">known_affected</Status>", ">broken</Status>"},
		{"status of an unknown vulnerability", `<Status vulnerability="V1">`, `<Status vulnerability="V9">`},
		{"remediation of an unknown vulnerability", `<Remediation vulnerability="V2"`, `<Remediation vulnerability="V7"`},
		{"unknown TLP", `>AMBER</TLP>`, `>ORANGE</TLP>`},
		{"bad date", `<InitialRelease>2026-03-02T09:00:00Z`, `<InitialRelease>2 March 2026`},
		{"bad score", `base_score="9.8"`, `base_score="high"`},
		{"other version", `version="tocsin-1.0"`, `version="daf-1.1"`},
		{"duplicate product id", `<System id="ACME-WS-RANGE">`, `<System id="ACME-WS-4.1">`},
		{"missing title", `<Title>Acme Widget Server &amp; Beta Gateway: remote code execution &lt;critical&gt;</Title>`, ``},
		{"unknown element", `<Status>final</Status>`, `<State>final</State>`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if !strings.Contains(good, c.old) {
				t.Fatalf("the exported fixture has no %q", c.old)
			}
			bad := strings.Replace(good, c.old, c.new, 1)
			if out, ok := validate(t, xmllint, xsd, writeTemp(t, "bad.xml", []byte(bad))); ok {
				t.Errorf("xmllint accepts the document with %s:\n%s", c.name, out)
			}
		})
	}
}

func TestStylesheetFixture(t *testing.T) {
	xsltproc := testutil.RequireTool(t, "xsltproc")
	_, xsl := assets(t)
	a := fixture()
	file := writeTemp(t, "fixture.xml", marshal(t, a))

	page := transform(t, xsltproc, xsl, file)
	checkPage(t, "expert", page, a)
	text := html.UnescapeString(page)
	basic := strings.Index(text, `id="summary"`)
	details := strings.Index(text, `id="details"`)
	if basic < 0 || details < 0 || basic > details {
		t.Errorf("want the basic section (id=summary) before the details (id=details); at %d and %d", basic, details)
	}
	for _, want := range []string{
		"TLP:AMBER", "Critical", "CVSS v3.1 base score 9.8", "GHSA-abcd-efgh-ijkl", "CWE-22",
		"Exploited in the wild since 2026-03-01.", "Widget Server", "4.1", "vers:semver/>=4.0|<4.2.1",
		"(under investigation)", "GONE-1", "Share with your constituency's IT staff only.",
		"Jane Doe (Example Research)", "Fixed version 4.2.1 released.", "Ünïcödé, emoji 🔔 and CJK 警報 survive.",
		"A valid maintenance contract.", "Restart the widget service.", "EXAMPLE-SA-7", "Acme released a fix.",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the expert page lacks %q", want)
		}
	}
	if !strings.Contains(page, `<a href="https://acme.example/download?product=ws&amp;version=4.2.1"`) {
		t.Error("the page does not link the vendor fix URL")
	}
	if !strings.Contains(text, "javascript:alert('x')") {
		t.Error("the javascript: reference should be shown as text")
	}
	// The workaround shared by both vulnerabilities is shown once in the
	// basic section.
	sum := text[basic:details]
	if n := strings.Count(sum, "location /upload { deny all; }"); n != 1 {
		t.Errorf("the basic section shows the shared workaround %d times, want 1", n)
	}

	short := transform(t, xsltproc, xsl, file, "level", "basic")
	checkPage(t, "basic", short, a)
	if strings.Contains(short, `id="details"`) || strings.Contains(short, "AV:N/AC:L") {
		t.Error("level=basic still shows the technical details")
	}
}

func TestDetect(t *testing.T) {
	cases := []struct {
		name string
		data string
		want bool
	}{
		{"export", string(marshal(t, fixture())), true},
		{"DAF", `<?xml version="1.0" encoding="iso-8859-1"?><!DOCTYPE EISPPAdvisory SYSTEM "daf.dtd"><EISPPAdvisory version="daf-1.1"/>`, true},
		{"comment first", "\ufeff<!-- x --><EISPPAdvisory xmlns=\"urn:tocsin:eispp:1.0\"/>", true},
		{"CSAF JSON", `{"document":{"csaf_version":"2.0"}}`, false},
		{"other XML", `<cvrfdoc xmlns="http://docs.oasis-open.org/csaf/ns/csaf-cvrf/v1.2/cvrf"/>`, false},
		{"empty", ``, false},
		{"broken", `<EISPPAdvisory`, false},
	}
	for _, c := range cases {
		if got := Detect([]byte(c.data)); got != c.want {
			t.Errorf("%s: Detect = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestUnmarshalErrors(t *testing.T) {
	good := string(marshal(t, fixture()))
	edit := func(old, new string) string {
		if !strings.Contains(good, old) {
			t.Fatalf("the exported fixture has no %q", old)
		}
		return strings.Replace(good, old, new, 1)
	}
	lineOf := func(doc, s string) int { return strings.Count(doc[:strings.Index(doc, s)], "\n") + 1 }

	cases := []struct {
		name string
		data string
		// want are substrings of the message.
		want []string
		// line is the line the error must name; 0 for none.
		line int
	}{
		{name: "empty", data: "  \n", want: []string{"the input is empty"}},
		{name: "not XML", data: `{"document": {}}`, want: []string{"not an XML document"}},
		{name: "HTML", data: "<!DOCTYPE html>\n<html><body>x</body></html>", want: []string{"root element must be <EISPPAdvisory>"}, line: 2},
		{name: "wrong root", data: `<?xml version="1.0"?>` + "\n" + `<cvrfdoc xmlns="http://docs.oasis-open.org/csaf/ns/csaf-cvrf/v1.2/cvrf"/>`, want: []string{"<cvrfdoc>", "must be <EISPPAdvisory>"}, line: 2},
		{name: "DAF", data: `<?xml version="1.0" encoding="iso-8859-1"?>` + "\n<EISPPAdvisory version=\"daf-1.1\"><IdentificationData/></EISPPAdvisory>", want: []string{`"daf-1.1" is a DAF document`, "tocsin-1.0"}, line: 2},
		{name: "no version", data: `<EISPPAdvisory xmlns="urn:tocsin:eispp:1.0"/>`, want: []string{"version attribute is missing"}, line: 1},
		{name: "other version", data: edit(`version="tocsin-1.0"`, `version="tocsin-2.0"`), want: []string{`"tocsin-2.0" is not supported`}, line: 2},
		{name: "no namespace", data: edit(` xmlns="urn:tocsin:eispp:1.0"`, ``), want: []string{"namespace", "urn:tocsin:eispp:1.0"}, line: 2},
		{name: "truncated", data: good[:len(good)/2], want: []string{"not well-formed XML", "unexpected EOF"}},
		{name: "mismatched tag", data: edit("</Title>", "</Titel>"), want: []string{"not well-formed XML", "Titel"}, line: lineOf(good, "</Title>")},
		{name: "bad entity", data: edit("&amp; Beta Gateway", "&nbsp; Beta Gateway"), want: []string{"not well-formed XML", "entity"}, line: lineOf(good, "&amp; Beta Gateway")},
		{name: "content after root", data: good + "<EISPPAdvisory/>\n", want: []string{"content after the end of <EISPPAdvisory>"}},
		{name: "missing identification", data: `<EISPPAdvisory xmlns="urn:tocsin:eispp:1.0" version="tocsin-1.0"/>`, want: []string{"<IdentificationData> is missing"}, line: 1},
		{name: "missing title", data: edit("<Title>Acme Widget Server &amp; Beta Gateway: remote code execution &lt;critical&gt;</Title>", ""), want: []string{"<IdentificationData>", "<Title> is missing"}, line: lineOf(good, "<IdentificationData>")},
		{name: "unknown element", data: edit("<Status>final</Status>", "<State>final</State>"), want: []string{"<IdentificationData>", "unknown element <State>"}, line: lineOf(good, "<Status>final")},
		{name: "unknown attribute", data: edit(`<Remediation vulnerability="V1"`, `<Remediation vulnerabilty="V1" vulnerability="V1"`), want: []string{"<Remediation>", `unknown attribute "vulnerabilty"`}, line: lineOf(good, `<Remediation vulnerability="V1"`)},
		{name: "bad date", data: edit("<InitialRelease>2026-03-02T09:00:00Z", "<InitialRelease>2 March 2026"), want: []string{"<InitialRelease>", `cannot read date "2 March 2026"`}, line: lineOf(good, "<IdentificationData>")},
		{name: "bad score", data: edit(`base_score="9.8"`, `base_score="high"`), want: []string{"<Score>", `base_score "high" is not a number`}, line: lineOf(good, `base_score="9.8"`)},
		{name: "bad TLP", data: edit(">AMBER</TLP>", ">ORANGE</TLP>"), want: []string{"<TLP>", `"ORANGE" is not a TLP label`}, line: lineOf(good, ">AMBER</TLP>")},
		{name: "bad status", data: edit(">known_affected</Status>", ">vulnerable</Status>"), want: []string{"<Status>", `"vulnerable" is not a product status`}, line: lineOf(good, ">known_affected</Status>")},
		{name: "unknown vulnerability", data: edit(`<Remediation vulnerability="V2"`, `<Remediation vulnerability="V7"`), want: []string{"<Remediation>", `vulnerability "V7" is not defined`}, line: lineOf(good, `<Remediation vulnerability="V2"`)},
		{name: "duplicate vulnerability id", data: edit(`<Vulnerability id="V2"`, `<Vulnerability id="V1"`), want: []string{"<Vulnerability>", `the id "V1" is used twice`}, line: lineOf(good, `<Vulnerability id="V2"`)},
		{name: "duplicate product id", data: edit(`<System id="ACME-WS-RANGE">`, `<System id="ACME-WS-4.1">`), want: []string{"<System>", `product id "ACME-WS-4.1" is used twice`}, line: lineOf(good, `<System id="ACME-WS-RANGE">`)},
		{name: "CVE reference disagrees", data: edit(`<CVE vulnerability="V1">CVE-2026-41001</CVE>`, `<CVE vulnerability="V1">CVE-2026-49999</CVE>`), want: []string{"<CVE>", "CVE-2026-49999", "CVE-2026-41001", "must agree"}, line: lineOf(good, `<CVE vulnerability="V1">`)},
		{name: "unknown reference", data: edit(`<CVE vulnerability="V1">CVE-2026-41001</CVE>`, `<Bugzilla vulnerability="V1">1234</Bugzilla>`), want: []string{"unknown element <Bugzilla>"}},
		{name: "bad seq", data: edit(`seq="2"`, `seq="second"`), want: []string{"<Note>", `seq "second"`}, line: lineOf(good, `seq="2"`)},
		{name: "unsupported encoding", data: `<?xml version="1.0" encoding="EBCDIC-US"?><EISPPAdvisory/>`, want: []string{"EBCDIC-US", "UTF-8"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a, err := Unmarshal([]byte(c.data))
			if err == nil {
				t.Fatalf("Unmarshal accepts it: %+v", a.Title)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, "read EISPP XML: ") {
				t.Errorf("the message does not say what failed: %s", msg)
			}
			for _, w := range c.want {
				if !strings.Contains(msg, w) {
					t.Errorf("the message lacks %q: %s", w, msg)
				}
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("the error is not an *Error: %T %v", err, err)
			}
			if c.line != 0 && e.Line != c.line {
				t.Errorf("the error names line %d, want %d: %s", e.Line, c.line, msg)
			}
		})
	}
}

// TestUnmarshalLenient shows what Unmarshal accepts beyond what Marshal
// writes: notes without seq keep their order after numbered ones, dates
// without a zone are UTC, ISO-8859-1 input, a byte order mark, comments.
func TestUnmarshalLenient(t *testing.T) {
	doc := "\ufeff<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<!-- from a peer -->\n" +
		`<EISPPAdvisory xmlns="urn:tocsin:eispp:1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" version="tocsin-1.0">` +
		`<IdentificationData><Issuer><Name>Peer CERT</Name></Issuer><ReferenceNumber>P-1</ReferenceNumber><Version>1</Version>` +
		"<Title>M\xfcller</Title><TLP>white</TLP><InitialRelease>2026-01-02T03:04:05</InitialRelease></IdentificationData>" +
		`<Description><Description><Note category="summary">second</Note><Note category="summary" seq="1">first</Note></Description></Description>` +
		"</EISPPAdvisory>\n<!-- end -->\n"
	a, err := Unmarshal([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != "Müller" {
		t.Errorf("title %q, want Müller (read as ISO-8859-1)", a.Title)
	}
	if a.TLP != advisory.TLPClear {
		t.Errorf("TLP %q, want CLEAR", a.TLP)
	}
	if want := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC); !a.InitialRelease.Equal(want) {
		t.Errorf("initial release %v, want %v", a.InitialRelease, want)
	}
	if len(a.Notes) != 2 || a.Notes[0].Text != "first" || a.Notes[1].Text != "second" {
		t.Errorf("notes %+v, want first then second", a.Notes)
	}
}

func TestMarshalErrors(t *testing.T) {
	cases := []struct {
		name string
		edit func(a *advisory.Advisory)
		want string
	}{
		{"nil", nil, "no advisory"},
		{"TLP", func(a *advisory.Advisory) { a.TLP = "WHITE" }, `TLP "WHITE" is not a TLP 2.0 label`},
		{"status", func(a *advisory.Advisory) { a.Vulnerabilities[0].ProductStatus["X"] = "vulnerable" }, `unknown status "vulnerable"`},
		{"duplicate product", func(a *advisory.Advisory) { a.Products = append(a.Products, a.Products[0]) }, `product id "ACME-WS-4.1" appears twice`},
		{"score", func(a *advisory.Advisory) { a.Vulnerabilities[1].Scores[0].BaseScore = math.NaN() }, "is not a number"},
		{"year", func(a *advisory.Advisory) { a.CurrentRelease = time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC) }, "outside the years 1 to 9999"},
	}
	for _, c := range cases {
		var a *advisory.Advisory
		if c.edit != nil {
			a = fixture()
			c.edit(a)
		}
		_, err := Marshal(a)
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), "write EISPP XML") {
			t.Errorf("%s: Marshal error %v, want one with %q", c.name, err, c.want)
		}
	}
}

// TestMarshalShape checks the document's outline: declaration, root,
// namespace, version, blocks in order, literal line breaks.
func TestMarshalShape(t *testing.T) {
	out := string(marshal(t, fixture()))
	if !strings.HasPrefix(out, `<?xml version="1.0" encoding="UTF-8"?>`+"\n"+`<EISPPAdvisory xmlns="urn:tocsin:eispp:1.0" version="tocsin-1.0">`) {
		t.Errorf("the document starts with %q", out[:min(len(out), 120)])
	}
	last := -1
	for _, block := range []string{"<IdentificationData>", "<VulnerabilityClassification>", "<Description>", "<PublicationContext>",
		"<TechnicalContext>", "<Description>", "<TechnicalInformation>", "<Solution>", "<References>", "<Acknowledgments>", "<RevisionHistory>"} {
		i := strings.Index(out[last+1:], block)
		if i < 0 {
			t.Errorf("%s missing or out of order", block)
			continue
		}
		last += 1 + i
	}
	if !strings.Contains(out, "An attacker on the network can run code on Acme Widget Server.\n\nUpdate to 4.2.1.</Note>") {
		t.Error("line breaks in notes are not written literally")
	}
	if err := xml.Unmarshal([]byte(out), new(struct{})); err != nil {
		t.Errorf("not well-formed: %v", err)
	}
	if !bytes.Equal(Schema(), []byte(schemaXSD)) || !bytes.Equal(Stylesheet(), []byte(stylesheetXSL)) {
		t.Error("Schema or Stylesheet differ from the embedded files")
	}
	s := Schema()
	s[0] = 'X'
	if Schema()[0] == 'X' {
		t.Error("Schema returns shared memory")
	}
}
