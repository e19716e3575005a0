package render

import (
	"bytes"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tocsin-cert/tocsin/internal/advisory"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/ with the current output")

// newStrict returns a Renderer that fails on labels missing from the
// English catalogue.
func newStrict(t testing.TB) *Renderer {
	t.Helper()
	r, err := New()
	if err != nil {
		t.Fatal(err)
	}
	r.strict = true
	return r
}

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// fixture is a small advisory in the shape of a CISA ICS advisory: two
// vendors, ranges and versions, two vulnerabilities sharing a remediation.
func fixture() *advisory.Advisory {
	return &advisory.Advisory{
		Publisher:      advisory.Publisher{Name: "CISA", Namespace: "https://www.cisa.gov/", Category: "coordinator", ContactDetails: "Email: central@cisa.example"},
		TrackingID:     "ICSA-24-100-01",
		Version:        "2",
		Status:         "final",
		Category:       "csaf_security_advisory",
		InitialRelease: day("2024-04-09"),
		CurrentRelease: day("2024-04-16"),
		Revisions: []advisory.Revision{
			{Number: "1", Date: day("2024-04-09"), Summary: "Initial publication"},
			{Number: "2", Date: day("2024-04-16"), Summary: "Added fixed versions"},
		},
		Title:            "Siemens SIMATIC S7-1500",
		TLP:              advisory.TLPClear,
		DistributionText: "Disclosure is not limited",
		Lang:             "en-US",
		Notes: []advisory.Note{
			{Category: "summary", Title: "Risk evaluation", Text: "Successful exploitation of these vulnerabilities could allow an attacker to cause a denial of service or to run code on the controller."},
			{Category: "legal_disclaimer", Title: "Legal Notice", Text: "All information is provided \"as is\"."},
		},
		References: []advisory.Reference{
			{URL: "https://www.cisa.gov/news-events/ics-advisories/icsa-24-100-01", Summary: "Web version", Category: "self"},
		},
		Acknowledgments: []string{"Siemens ProductCERT"},
		Vulnerabilities: []advisory.Vulnerability{
			{
				CVE:   "CVE-2024-0001",
				Title: "Improper input validation",
				CWE:   &advisory.CWE{ID: "CWE-20", Name: "Improper Input Validation"},
				Notes: []advisory.Note{{Category: "summary", Title: "Summary", Text: "A crafted packet makes the controller stop."}},
				Scores: []advisory.Score{
					{CVSSVersion: "3.1", Vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H", BaseScore: 7.5, BaseSeverity: "HIGH", ProductIDs: []string{"P1", "P2", "P3"}},
				},
				Remediations: []advisory.Remediation{
					{Category: "vendor_fix", Details: "Update to V3.1 or later version", URL: "https://support.example.com/fix/31", ProductIDs: []string{"P1", "P2"}},
					{Category: "mitigation", Details: "Restrict network access to the controller.", ProductIDs: []string{"P1", "P2", "P3"}},
				},
				Threats:       []advisory.Threat{{Category: "impact", Details: "Denial of service"}},
				ProductStatus: map[string]advisory.Status{"P1": advisory.StatusKnownAffected, "P2": advisory.StatusKnownAffected, "P3": advisory.StatusKnownAffected, "P4": advisory.StatusFixed},
				References:    []advisory.Reference{{URL: "https://nvd.nist.gov/vuln/detail/CVE-2024-0001", Summary: "NVD"}},
			},
			{
				CVE:   "CVE-2024-0002",
				Title: "CVE-2024-0002",
				Scores: []advisory.Score{
					{CVSSVersion: "3.1", Vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", BaseScore: 9.8, BaseSeverity: "CRITICAL", ProductIDs: []string{"P3"}},
				},
				Remediations: []advisory.Remediation{
					{Category: "vendor_fix", Details: "Update to V3.1 or later version", URL: "https://support.example.com/fix/31", ProductIDs: []string{"P2"}},
					{Category: "none_available", Details: "Currently no fix is available", ProductIDs: []string{"P3"}},
				},
				ProductStatus: map[string]advisory.Status{"P2": advisory.StatusKnownAffected, "P3": advisory.StatusUnderInvestigation},
			},
		},
		Products: []advisory.Product{
			{ID: "P1", Name: "SIMATIC S7-1500 CPU 1518-4 PN/DP", Vendor: "Siemens", Product: "SIMATIC S7-1500 CPU 1518-4 PN/DP", VersionRange: "vers:all/<V3.1", ModelNumbers: []string{"6ES7518-4AP00-0AB0"}},
			{ID: "P2", Name: "SIMATIC S7-1500 Software Controller", Vendor: "Siemens", Product: "SIMATIC S7-1500 Software Controller", VersionRange: "All versions < V3.1"},
			{ID: "P3", Name: "Gateway 2000", Vendor: "Example Corp", Product: "Gateway 2000", Version: "4.2", CPE: "cpe:2.3:h:example:gateway_2000:4.2:*:*:*:*:*:*:*"},
			{ID: "P4", Name: "SIMATIC S7-1500 CPU 1518-4 PN/DP V3.1", Vendor: "Siemens", Version: "V3.1"},
		},
	}
}

// hostile is an advisory whose texts try to inject markup.
func hostile() *advisory.Advisory {
	a := fixture()
	a.Title = `Widget <script>alert("t")</script> & "friends"`
	a.Notes = append(a.Notes, advisory.Note{Category: "details", Title: `<b onmouseover="x()">Details</b>`, Text: "Run <script>alert(1)</script> and see <img src=x onerror=alert(2)>.\nLink: javascript:alert(3) and https://example.com/a?b=<c>"})
	a.References = append(a.References, advisory.Reference{URL: "javascript:alert(4)", Summary: "<i>click</i>"})
	a.Products[0].Name = `Widget <iframe src="https://evil.example/">`
	a.Vulnerabilities[0].Remediations[0].Details = `Update <a href="javascript:alert(5)">here</a>`
	a.Vulnerabilities[0].Remediations[0].URL = "javascript:alert(6)"
	return a
}

func render(t testing.TB, r *Renderer, a *advisory.Advisory, o Options) string {
	t.Helper()
	var b bytes.Buffer
	if err := r.Render(&b, a, o); err != nil {
		t.Fatalf("Render(%+v): %v", o, err)
	}
	return b.String()
}

// allOptions are the four renderings every test advisory goes through.
func allOptions() []Options {
	return []Options{
		{Format: FormatTXT, Level: LevelBasic},
		{Format: FormatTXT, Level: LevelExpert},
		{Format: FormatHTML, Level: LevelBasic},
		{Format: FormatHTML, Level: LevelExpert},
	}
}

// golden compares got with testdata/name, or rewrites it under -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		for i := range max(len(gl), len(wl)) {
			var g, w string
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Fatalf("%s differs at line %d:\n got: %q\nwant: %q\n(run go test -update if the change is intended)", path, i+1, g, w)
			}
		}
	}
}

func goldenName(base string, o Options) string {
	return fmt.Sprintf("%s.%s.%s.golden", base, o.Level, o.Format)
}

func TestGoldenFixture(t *testing.T) {
	t.Parallel()
	r := newStrict(t)
	for _, o := range allOptions() {
		o.URL = "https://tocsin.example/advisories/ICSA-24-100-01"
		golden(t, goldenName("fixture", o), render(t, r, fixture(), o))
	}
}

// checkText asserts the plain-text rules: lines of at most lineWidth runes
// unless the line is a single unbreakable token (after its indentation and
// a list bullet), no trailing white space, no tabs or control characters,
// no runs of blank lines.
func checkText(t testing.TB, name, out string) {
	t.Helper()
	if !strings.HasSuffix(out, "\n") || strings.HasSuffix(out, "\n\n") {
		t.Errorf("%s: output must end with exactly one newline", name)
	}
	blank := 0
	for i, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if line != strings.TrimRight(line, " \t") {
			t.Errorf("%s:%d: trailing white space: %q", name, i+1, line)
		}
		if strings.ContainsFunc(line, func(r rune) bool { return r < ' ' || r == 0x7f }) {
			t.Errorf("%s:%d: control character: %q", name, i+1, line)
		}
		if line == "" {
			blank++
			if blank > 1 {
				t.Errorf("%s:%d: more than one blank line", name, i+1)
			}
		} else {
			blank = 0
		}
		if runes(line) > lineWidth {
			body := strings.TrimLeft(line, " ")
			if b := listBullet(body); b != "" {
				body = body[len(b):]
			}
			if strings.Contains(body, " ") {
				t.Errorf("%s:%d: %d columns and not a single long token: %q", name, i+1, runes(line), line)
			}
		}
	}
}

// checkHTML asserts that an HTML rendering parses with balanced tags (void
// elements aside), has no script, and mentions every want string (escaped
// as HTML text).
func checkHTML(t testing.TB, name, out string, want ...string) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(out))
	d.Strict = false
	d.AutoClose = xml.HTMLAutoClose
	d.Entity = xml.HTMLEntity
	var stack []string
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("%s: HTML does not parse: %v", name, err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if tok.Name.Local == "script" {
				t.Errorf("%s: <script> element in output", name)
			}
			for _, at := range tok.Attr {
				if strings.HasPrefix(strings.ToLower(at.Name.Local), "on") {
					t.Errorf("%s: event handler attribute %s", name, at.Name.Local)
				}
				if (at.Name.Local == "href" || at.Name.Local == "src") && strings.HasPrefix(strings.ToLower(strings.TrimSpace(at.Value)), "javascript:") {
					t.Errorf("%s: javascript URL in %s", name, at.Name.Local)
				}
				if at.Name.Local == "src" || (at.Name.Local == "href" && tok.Name.Local == "link") {
					t.Errorf("%s: external resource %s=%q", name, at.Name.Local, at.Value)
				}
			}
			stack = append(stack, tok.Name.Local)
		case xml.EndElement:
			if len(stack) == 0 || stack[len(stack)-1] != tok.Name.Local {
				t.Fatalf("%s: unbalanced </%s>, open: %v", name, tok.Name.Local, stack)
			}
			stack = stack[:len(stack)-1]
		}
	}
	if len(stack) > 0 {
		t.Errorf("%s: unclosed elements %v", name, stack)
	}
	for _, w := range want {
		if !strings.Contains(out, htmlEscape(w)) {
			t.Errorf("%s: missing %q", name, w)
		}
	}
}

func htmlEscape(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	// html/template writes &#34; and &#39; for quotes; EscapeText does too.
	return strings.ReplaceAll(b.String(), "&#xA;", "\n")
}

func TestFixtureRules(t *testing.T) {
	t.Parallel()
	r := newStrict(t)
	a := fixture()
	for _, o := range allOptions() {
		out := render(t, r, a, o)
		name := string(o.Format) + "/" + string(o.Level)
		if o.Format == FormatTXT {
			checkText(t, name, out)
			for _, w := range append(a.CVEs(), a.Title) {
				if !strings.Contains(out, w) {
					t.Errorf("%s: missing %q", name, w)
				}
			}
		} else {
			checkHTML(t, name, out, append(a.CVEs(), a.Title)...)
		}
	}
}

func TestBasicContent(t *testing.T) {
	t.Parallel()
	r := newStrict(t)
	out := render(t, r, fixture(), Options{URL: "https://tocsin.example/a/1"})
	for _, want := range []string{
		"ICSA-24-100-01", "9 April 2024", "16 April 2024", "CISA", "TLP:CLEAR", "Critical",
		"Successful exploitation",
		"Siemens", "SIMATIC S7-1500 CPU 1518-4 PN/DP: versions before V3.1", "All versions < V3.1",
		"Example Corp", "Gateway 2000: version 4.2",
		"CVE-2024-0001, CVE-2024-0002",
		"Vendor fix: Update to V3.1 or later version", "https://support.example.com/fix/31",
		"Mitigation: Restrict network access", "No fix available",
		"https://tocsin.example/a/1",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("basic text lacks %q", want)
		}
	}
	// The shared fix appears once, and the fixed product is not listed.
	if n := strings.Count(out, "Update to V3.1"); n != 1 {
		t.Errorf("vendor fix shown %d times, want 1", n)
	}
	if strings.Contains(out, "V3.1\n  - SIMATIC S7-1500 CPU 1518-4 PN/DP V3.1") || strings.Contains(out, "PN/DP V3.1") {
		t.Errorf("basic text lists the fixed product:\n%s", out)
	}
	for _, not := range []string{"CWE-20", "CVSS:3.1/", "Legal Notice", "P1", "Revision"} {
		if strings.Contains(out, not) {
			t.Errorf("basic text shows expert detail %q", not)
		}
	}
}

func TestExpertContent(t *testing.T) {
	t.Parallel()
	r := newStrict(t)
	for _, f := range []Format{FormatTXT, FormatHTML} {
		out := render(t, r, fixture(), Options{Format: f, Level: LevelExpert})
		for _, want := range []string{
			"Risk evaluation", "Legal Notice", "CWE-20", "Improper Input Validation",
			"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H", "7.5", "9.8", "CVSS 3.1",
			"Known affected", "Under investigation", "Fixed", "P1", "P4",
			"6ES7518-4AP00-0AB0", "cpe:2.3:h:example:gateway_2000:4.2:*:*:*:*:*:*:*", "vers:all/&lt;V3.1",
			"Initial publication", "Siemens ProductCERT", "Denial of service", "NVD",
			"https://nvd.nist.gov/vuln/detail/CVE-2024-0001",
		} {
			if f == FormatTXT {
				want = strings.ReplaceAll(want, "&lt;", "<")
			}
			if !strings.Contains(out, want) {
				t.Errorf("%s expert lacks %q", f, want)
			}
		}
	}
}

func TestHTMLEscaping(t *testing.T) {
	t.Parallel()
	r := newStrict(t)
	a := hostile()
	for _, o := range allOptions() {
		if o.Format != FormatHTML {
			continue
		}
		for _, frag := range []bool{false, true} {
			o.Fragment = frag
			out := render(t, r, a, o)
			name := fmt.Sprintf("%s fragment=%v", o.Level, frag)
			checkHTML(t, name, out, a.Title)
			for _, bad := range []string{"<script", "<iframe", "<img", "<b onmouseover", `href="javascript:`, "<a href=\"javascript"} {
				if strings.Contains(out, bad) {
					t.Errorf("%s: unescaped %q in output", name, bad)
				}
			}
			if !strings.Contains(out, "Widget &lt;script&gt;alert(&#34;t&#34;)&lt;/script&gt; &amp; &#34;friends&#34;") {
				t.Errorf("%s: title not escaped as expected", name)
			}
		}
	}
	out := render(t, r, a, Options{Format: FormatHTML, Level: LevelExpert})
	if !strings.Contains(out, "Run &lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Error("note text not escaped as expected")
	}
}

func TestFragment(t *testing.T) {
	t.Parallel()
	r := newStrict(t)
	full := render(t, r, fixture(), Options{Format: FormatHTML})
	frag := render(t, r, fixture(), Options{Format: FormatHTML, Fragment: true})
	for _, w := range []string{"<!DOCTYPE html>", "<html", "<head>", "<style>", "<title>"} {
		if !strings.Contains(full, w) {
			t.Errorf("document lacks %s", w)
		}
		if strings.Contains(frag, w) {
			t.Errorf("fragment holds %s", w)
		}
	}
	for _, bad := range []string{"<script", "<link", "<img", "<iframe", "url(", "@import"} {
		if strings.Contains(full, bad) {
			t.Errorf("document holds %s", bad)
		}
	}
	if !strings.HasPrefix(frag, "<article") || !strings.HasSuffix(strings.TrimSpace(frag), "</article>") {
		t.Errorf("fragment is not one <article>: %.80q", frag)
	}
	if !strings.Contains(full, frag) {
		t.Error("the document does not embed the fragment unchanged")
	}
}

func TestSubject(t *testing.T) {
	t.Parallel()
	a := &advisory.Advisory{
		TrackingID: "ICSA-24-100-01",
		Title:      "Siemens SIMATIC S7-1500",
		TLP:        advisory.TLPClear,
		Vulnerabilities: []advisory.Vulnerability{{
			Scores: []advisory.Score{{CVSSVersion: "3.1", BaseScore: 7.5}},
		}},
	}
	if got, want := Subject(a), "[TLP:CLEAR] [HIGH] ICSA-24-100-01: Siemens SIMATIC S7-1500"; got != want {
		t.Errorf("Subject = %q, want %q", got, want)
	}

	b := &advisory.Advisory{TrackingID: "X-1", Title: "Line one\r\nline\ttwo " + strings.Repeat("très long mot ", 40), AggregateSeverity: "Moderate"}
	got := Subject(b)
	if runes(got) > maxSubject {
		t.Errorf("Subject has %d characters, want ≤ %d", runes(got), maxSubject)
	}
	if strings.ContainsAny(got, "\r\n\t") {
		t.Errorf("Subject not on one line: %q", got)
	}
	if !strings.HasPrefix(got, "[TLP:UNLABELED] [MEDIUM] X-1: Line one line two très") || !strings.HasSuffix(got, "…") {
		t.Errorf("Subject = %q", got)
	}

	c := &advisory.Advisory{TrackingID: strings.Repeat("I", 300)}
	if got := Subject(c); runes(got) > maxSubject {
		t.Errorf("Subject with a huge id has %d characters", runes(got))
	}
	if got := Subject(&advisory.Advisory{Title: "Only a title"}); got != "[TLP:UNLABELED] [UNKNOWN] Only a title" {
		t.Errorf("Subject without id = %q", got)
	}
	if Subject(nil) != "" {
		t.Error("Subject(nil) not empty")
	}
}

func TestOptions(t *testing.T) {
	t.Parallel()
	r := newStrict(t)
	var b bytes.Buffer
	if err := r.Render(&b, fixture(), Options{Format: "pdf"}); err == nil || b.Len() > 0 {
		t.Errorf("format pdf: err=%v, wrote %d bytes", err, b.Len())
	}
	if err := r.Render(&b, fixture(), Options{Level: "guru"}); err == nil {
		t.Error("level guru accepted")
	}
	if err := r.Render(&b, nil, Options{}); err == nil {
		t.Error("nil advisory accepted")
	}
	// Zero options are basic text; an unknown language falls back to English.
	if got, want := render(t, r, fixture(), Options{Lang: "tlh"}), render(t, r, fixture(), Options{Format: FormatTXT, Level: LevelBasic}); got != want {
		t.Error("zero options or an unknown language differ from basic English text")
	}
	if _, err := ParseFormat("HTML"); err != nil {
		t.Error(err)
	}
	if _, err := ParseLevel("novice"); err == nil {
		t.Error("ParseLevel accepted novice")
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriteError(t *testing.T) {
	t.Parallel()
	r := newStrict(t)
	err := r.Render(failWriter{}, fixture(), Options{})
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("err = %v", err)
	}
}

func TestLanguageFallback(t *testing.T) {
	t.Parallel()
	cats := map[string]catalogue{
		"en": {"a": "A", "b": "B"},
		"fr": {"a": "À"},
	}
	for _, tc := range []struct{ want, lang, a, b string }{
		{"", "en", "A", "B"},
		{"fr", "fr", "À", "B"},
		{"fr_CH", "fr", "À", "B"},
		{"FR-ca", "fr", "À", "B"},
		{"de-DE", "en", "A", "B"},
	} {
		l := newTranslator(cats, tc.want)
		if l.lang != tc.lang || l.T("a") != tc.a || l.T("b") != tc.b {
			t.Errorf("lang %q: got %s %s %s", tc.want, l.lang, l.T("a"), l.T("b"))
		}
		if len(l.Missing()) != 0 {
			t.Errorf("lang %q: missing %v", tc.want, l.Missing())
		}
	}
	l := newTranslator(cats, "en")
	if l.T("nope") != "nope" || len(l.Missing()) != 1 {
		t.Error("a missing id is not reported")
	}
}

func TestCatalogueComplete(t *testing.T) {
	t.Parallel()
	cats, err := loadCatalogues(files)
	if err != nil {
		t.Fatal(err)
	}
	for lang, c := range cats {
		for id, s := range c {
			if strings.TrimSpace(s) == "" {
				t.Errorf("%s: %s is empty", lang, id)
			}
			if _, ok := cats[defaultLang][id]; !ok {
				t.Errorf("%s: %s is not in the English catalogue", lang, id)
			}
		}
	}
}

func TestWrap(t *testing.T) {
	t.Parallel()
	long := "https://example.com/" + strings.Repeat("x", 80)
	for _, tc := range []struct {
		name, in, first, rest, want string
	}{
		{"short", "hello world", "", "", "hello world\n"},
		{"paragraphs", "a.\n\n\n b.\r\nc", "", "", "a.\n\nb.\nc\n"},
		{"publisher's wrapping undone", "impact of\nModerate. Next\nline.\n* item\nmore", "", "", "impact of Moderate. Next line.\n* item more\n"},
		{"bullets", "* " + strings.Repeat("word ", 20), "", "", "* word word word word word word word word word word word word word word\n  word word word word word word\n"},
		{"long token alone", "see " + long + " now", "", "", "see\n" + long + "\nnow\n"},
		{"label then long token", long, "Products: ", "          ", "Products:\n          " + long + "\n"},
		{"bullet keeps long token", long, "- ", "  ", "- " + long + "\n"},
		{"controls dropped", "a\x1b[31mb\u202ec\td", "", "", "a[31mbc d\n"},
	} {
		if got := wrap(tc.in, tc.first, tc.rest); got != tc.want {
			t.Errorf("%s: wrap = %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestFieldsText(t *testing.T) {
	t.Parallel()
	got := fieldsText(0, []field{
		{Label: "Advisory", Value: "X-1"},
		{Label: "TLP", Value: "TLP:CLEAR", Hint: "may be shared"},
		{Label: "Contact", Value: "Email: a@b.example;\n Phone: 1"},
	})
	want := "Advisory: X-1\nTLP:      TLP:CLEAR (may be shared)\nContact:  Email: a@b.example;\n          Phone: 1\n"
	if got != want {
		t.Errorf("fieldsText =\n%s\nwant\n%s", got, want)
	}
}

func TestTrimText(t *testing.T) {
	t.Parallel()
	s := strings.Repeat("This is a sentence. ", 50)
	got := trimText(s, 100)
	if runes(got) > 102 || !strings.HasSuffix(got, "sentence. …") {
		t.Errorf("trimText = %q", got)
	}
	if got := trimText("short", 100); got != "short" {
		t.Errorf("trimText(short) = %q", got)
	}
}

func TestRangeWords(t *testing.T) {
	t.Parallel()
	b := newBuilder(&advisory.Advisory{}, newTranslator(mustCats(t), "en"))
	for in, want := range map[string]string{
		"vers:all/<V1.7":           "versions before V1.7",
		"vers:semver/>=1.0|<2.0":   "versions from 1.0, before 2.0",
		"vers:generic/*":           "all versions",
		"vers:generic/=2.1":        "version 2.1",
		"<=4.2":                    "versions up to 4.2",
		"All versions < V1.6 Upd6": "All versions < V1.6 Upd6",
		"vers:broken":              "vers:broken",
	} {
		if got := b.rangeWords(in); got != want {
			t.Errorf("rangeWords(%q) = %q, want %q", in, got, want)
		}
	}
}

func mustCats(t testing.TB) map[string]catalogue {
	t.Helper()
	c, err := loadCatalogues(files)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestLinkify(t *testing.T) {
	t.Parallel()
	got := linkify("See (https://a.example/x_(y)) and <https://b.example/>. Also http:// alone, https://c.example/p.")
	var urls []string
	for _, s := range got {
		if s.URL != "" {
			urls = append(urls, s.URL)
		}
	}
	want := []string{"https://a.example/x_(y)", "https://b.example/", "https://c.example/p"}
	if strings.Join(urls, " ") != strings.Join(want, " ") {
		t.Errorf("linkify URLs = %q, want %q", urls, want)
	}
	var all strings.Builder
	for _, s := range got {
		all.WriteString(s.Text)
	}
	if all.String() != "See (https://a.example/x_(y)) and <https://b.example/>. Also http:// alone, https://c.example/p." {
		t.Errorf("linkify lost text: %q", all.String())
	}
}

// big is a synthetic advisory the size of the largest real ones: many
// vendors and products, 160 vulnerabilities with the same statuses and
// remediation.
func big(products, vulns int) *advisory.Advisory {
	a := fixture()
	a.Products = nil
	status := map[string]advisory.Status{}
	var ids []string
	for i := range products {
		id := fmt.Sprintf("PROD-%05d", i)
		ids = append(ids, id)
		a.Products = append(a.Products, advisory.Product{
			ID: id, Name: fmt.Sprintf("Product %d", i), Vendor: fmt.Sprintf("Vendor %d", i%7),
			VersionRange: "vers:semver/<" + fmt.Sprint(i%5+1) + ".0", PURL: "pkg:generic/product-" + fmt.Sprint(i) + "@1.0",
		})
		status[id] = advisory.StatusKnownAffected
	}
	a.Vulnerabilities = nil
	for i := range vulns {
		a.Vulnerabilities = append(a.Vulnerabilities, advisory.Vulnerability{
			CVE:           fmt.Sprintf("CVE-2024-%05d", i),
			Scores:        []advisory.Score{{CVSSVersion: "3.1", BaseScore: 5, Vector: "CVSS:3.1/AV:N", ProductIDs: ids}},
			Remediations:  []advisory.Remediation{{Category: "vendor_fix", Details: "Update to 5.0", ProductIDs: ids}},
			ProductStatus: status,
		})
	}
	return a
}

func TestLargeAdvisory(t *testing.T) {
	t.Parallel()
	r := newStrict(t)
	a := big(3000, 160)
	start := time.Now()
	for _, o := range allOptions() {
		out := render(t, r, a, o)
		name := string(o.Format) + "/" + string(o.Level)
		if o.Level == LevelBasic {
			if n := strings.Count(out, "Product "); n > basicProductLines+1 {
				t.Errorf("%s: basic lists %d products, want at most %d", name, n, basicProductLines)
			}
			if !strings.Contains(out, "and 2985 more") {
				t.Errorf("%s: no \"and 2985 more\"", name)
			}
			if n := strings.Count(out, "Update to 5.0"); n != 1 {
				t.Errorf("%s: remediation shown %d times", name, n)
			}
		} else if n := strings.Count(out, "PROD-02999"); n > 3 {
			// Once in the status list, once in the product list (twice in
			// HTML: the product table has no separate row name).
			t.Errorf("%s: a product id appears %d times: statuses are not de-duplicated", name, n)
		}
		if o.Format == FormatTXT {
			checkText(t, name, out)
		}
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("rendering a large advisory four times took %v", d)
	}
}

func TestBasicFallbackLists(t *testing.T) {
	t.Parallel()
	r := newStrict(t)
	// Only fixed products: they are listed as fixed versions.
	a := fixture()
	for i := range a.Vulnerabilities {
		for id := range a.Vulnerabilities[i].ProductStatus {
			a.Vulnerabilities[i].ProductStatus[id] = advisory.StatusFixed
		}
	}
	out := render(t, r, a, Options{})
	for _, want := range []string{"Fixed versions\n", "Earlier versions may be affected.", "Gateway 2000: version 4.2"} {
		if !strings.Contains(out, want) {
			t.Errorf("fixed-only advisory lacks %q:\n%s", want, out)
		}
	}
	// A VEX statement: not affected, nothing to do.
	for i := range a.Vulnerabilities {
		a.Vulnerabilities[i].Remediations = nil
		for id := range a.Vulnerabilities[i].ProductStatus {
			a.Vulnerabilities[i].ProductStatus[id] = advisory.StatusKnownNotAffected
		}
	}
	out = render(t, r, a, Options{})
	for _, want := range []string{"Products not affected\n", "No action is needed"} {
		if !strings.Contains(out, want) {
			t.Errorf("VEX advisory lacks %q:\n%s", want, out)
		}
	}
	// No status at all.
	for i := range a.Vulnerabilities {
		a.Vulnerabilities[i].ProductStatus = nil
	}
	out = render(t, r, a, Options{})
	for _, want := range []string{"The advisory names no affected product.", "Ask the vendor or your CERT"} {
		if !strings.Contains(out, want) {
			t.Errorf("advisory without statuses lacks %q:\n%s", want, out)
		}
	}
}

func TestDocumentLanguage(t *testing.T) {
	t.Parallel()
	r := newStrict(t)
	a := fixture()
	a.Lang = "de-DE"
	out := render(t, r, a, Options{Format: FormatHTML, Level: LevelBasic})
	if !strings.Contains(out, `<html lang="en">`) || !strings.Contains(out, `<h1 lang="de-DE">`) {
		t.Errorf("labels and document texts are not marked with their languages:\n%.400s", out)
	}
	a.Lang = "en-US"
	out = render(t, r, a, Options{Format: FormatHTML, Level: LevelBasic})
	if strings.Contains(out, `lang="en-US"`) {
		t.Error("an English document in English labels is marked as another language")
	}
}

func TestBasicVersionsPerProduct(t *testing.T) {
	t.Parallel()
	r := newStrict(t)
	a := fixture()
	a.Products = nil
	st := map[string]advisory.Status{}
	for i := range 8 {
		id := fmt.Sprint("V", i)
		a.Products = append(a.Products, advisory.Product{ID: id, Name: "Router", Vendor: "Acme", Version: fmt.Sprintf("1.%d", i)})
		st[id] = advisory.StatusKnownAffected
	}
	a.Vulnerabilities = []advisory.Vulnerability{{CVE: "CVE-2024-1", ProductStatus: st}}
	out := render(t, r, a, Options{})
	if !strings.Contains(out, "  - Router: versions 1.0, 1.1, 1.2, 1.3, 1.4 and 3 more\n") {
		t.Errorf("versions of one product are not merged and cut:\n%s", out)
	}
}

func TestWhy(t *testing.T) {
	t.Parallel()
	r := newStrict(t)
	why := []Why{{Profile: "plant <b>", Spec: "siemens/simatic s7-1500", Products: []string{"SIMATIC S7-1500 CPU 1518-4 PN/DP"}, More: 2}}
	for _, o := range allOptions() {
		o.Why = why
		out := render(t, r, fixture(), o)
		if !strings.Contains(out, "Why you receive this") {
			t.Errorf("%s/%s: no Why section", o.Format, o.Level)
		}
		if o.Format == FormatTXT {
			checkText(t, "why", out)
			if !strings.Contains(strings.Join(strings.Fields(out), " "), "which matches SIMATIC S7-1500 CPU 1518-4 PN/DP and 2 more.") {
				t.Errorf("TXT lacks the reason:\n%s", out)
			}
		} else if strings.Contains(out, "<b>") || !strings.Contains(out, "plant &lt;b&gt;") {
			t.Errorf("HTML does not escape the Why line")
		}
		if i, j := strings.Index(out, "Why you receive this"), strings.Index(out, "CVE-"); j >= 0 && i > j {
			t.Errorf("%s/%s: Why comes after the advisory text", o.Format, o.Level)
		}
	}
	if out := render(t, r, fixture(), Options{}); strings.Contains(out, "Why you receive this") {
		t.Error("Why shown without reasons")
	}
}

func TestSubjectUpdateAndIDTitle(t *testing.T) {
	t.Parallel()
	a := &advisory.Advisory{TrackingID: "X-1", Title: "x-1", Version: "2", TLP: advisory.TLPGreen,
		Revisions: []advisory.Revision{{Number: "1"}, {Number: "2", Summary: "Fix added"}}}
	if got, want := Subject(a), "[TLP:GREEN] [UNKNOWN] [UPDATE 2] X-1"; got != want {
		t.Errorf("Subject = %q, want %q", got, want)
	}
	a.Revisions = a.Revisions[:1]
	a.Title = "Title"
	if got, want := Subject(a), "[TLP:GREEN] [UNKNOWN] X-1: Title"; got != want {
		t.Errorf("Subject = %q, want %q", got, want)
	}
}

// TestLanguages renders in every catalogue's language: the labels change,
// dates and scores follow the language, and every catalogue has every
// label (newStrict fails on a missing English one; this checks the others).
func TestLanguages(t *testing.T) {
	t.Parallel()
	r := newStrict(t)
	en := r.cats[defaultLang]
	for _, c := range []struct{ lang, heading, date, score string }{
		{"en", "What to do", "16 April 2024", "9.8"},
		{"fr", "Que faire", "16 avril 2024", "9,8"},
		{"de", "Was zu tun ist", "16. April 2024", "9,8"},
		{"es", "Qué hacer", "16 de abril de 2024", "9,8"},
		{"it", "Cosa fare", "16 aprile 2024", "9,8"},
		{"sv", "Vad du ska göra", "16 april 2024", "9,8"},
		{"de-AT", "Was zu tun ist", "16. April 2024", "9,8"},
	} {
		for _, f := range []Format{FormatTXT, FormatHTML} {
			out := render(t, r, fixture(), Options{Lang: c.lang, Format: f})
			for _, want := range []string{c.heading, c.date, c.score} {
				if !strings.Contains(out, want) {
					t.Errorf("%s %s lacks %q", c.lang, f, want)
				}
			}
			if f == FormatTXT {
				checkText(t, c.lang, out)
			}
		}
		cat := r.cats[strings.SplitN(c.lang, "-", 2)[0]]
		for id := range en {
			if _, ok := cat[id]; !ok {
				t.Errorf("locales/%s.json lacks %q", c.lang, id)
			}
		}
		for id := range cat {
			if _, ok := en[id]; !ok {
				t.Errorf("locales/%s.json has %q, which English lacks", c.lang, id)
			}
		}
	}
}

// TestUpdateNotice: a recipient who had revision 1 gets what changed, what
// to do and the link, not the whole advisory again.
func TestUpdateNotice(t *testing.T) {
	t.Parallel()
	r := newStrict(t)
	for _, f := range []Format{FormatTXT, FormatHTML} {
		out := render(t, r, fixture(), Options{Format: f, Level: LevelExpert, UpdateSince: "1", URL: "https://tocsin.example/a/1"})
		for _, want := range []string{"What changed", "Added fixed versions", "What to do", "https://tocsin.example/a/1"} {
			if !strings.Contains(out, want) {
				t.Errorf("%s update notice lacks %q", f, want)
			}
		}
		for _, not := range []string{"Affected products", "Revision history"} {
			if strings.Contains(out, not) {
				t.Errorf("%s update notice repeats %q", f, not)
			}
		}
		if f == FormatTXT {
			checkText(t, "update", out)
		}
	}
	out := render(t, r, fixture(), Options{UpdateSince: "2"})
	if !strings.Contains(out, "gives no summary") {
		t.Errorf("update without history lines: %s", out)
	}
}
