package render

import (
	"encoding/xml"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tocsin-cert/tocsin/internal/advisory"
	"github.com/tocsin-cert/tocsin/internal/csaf"
	"github.com/tocsin-cert/tocsin/internal/testutil"
)

// parseCorpus reads and parses one CSAF file of the shared corpus.
func parseCorpus(t testing.TB, rel string) *advisory.Advisory {
	t.Helper()
	data, err := os.ReadFile(testutil.Corpus(t, rel))
	if err != nil {
		t.Fatal(err)
	}
	a, err := csaf.Parse(data)
	if err != nil {
		t.Fatalf("parse %s: %v", rel, err)
	}
	return a
}

// TestGoldenCorpus renders two real advisories: a CISA one for Siemens
// (hundreds of products, version ranges) and a Red Hat one (products built
// by relationships, package URLs, only fixed statuses).
func TestGoldenCorpus(t *testing.T) {
	t.Parallel()
	r := newStrict(t)
	for _, tc := range []struct{ rel, base string }{
		{"csaf/cisa/icsa-22-167-14.json", "icsa-22-167-14"},
		{"csaf/redhat/rhsa-2024_6163.json", "rhsa-2024_6163"},
	} {
		a := parseCorpus(t, tc.rel)
		for _, o := range allOptions() {
			o.URL = "https://tocsin.example/advisories/" + tc.base
			golden(t, goldenName(tc.base, o), render(t, r, a, o))
		}
	}
}

// plain is the text of a rendering with all white space folded: for TXT
// the wrapping goes, for HTML the tags go and entities are decoded.
func plain(t testing.TB, format Format, out string) string {
	t.Helper()
	if format == FormatTXT {
		return strings.Join(strings.Fields(out), " ")
	}
	d := xml.NewDecoder(strings.NewReader(out))
	d.Strict = false
	d.AutoClose = xml.HTMLAutoClose
	d.Entity = xml.HTMLEntity
	var b strings.Builder
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("HTML does not parse: %v", err)
		}
		switch tok := tok.(type) {
		case xml.CharData:
			b.Write(tok)
		case xml.StartElement:
			if !inline(tok.Name.Local) {
				b.WriteByte(' ')
			}
		case xml.EndElement:
			if !inline(tok.Name.Local) {
				b.WriteByte(' ')
			}
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// inline reports the elements that do not break a line of text.
func inline(name string) bool {
	switch name {
	case "a", "code", "strong", "span", "em", "b", "i":
		return true
	}
	return false
}

func fold(s string) string { return strings.Join(strings.Fields(cleanText(s)), " ") }

// TestCorpusProperties renders every CSAF document of the shared corpus
// that csaf.Parse accepts, in both formats at both levels, and checks the
// rules every rendering must keep.
func TestCorpusProperties(t *testing.T) {
	t.Parallel()
	r := newStrict(t)
	root := testutil.Corpus(t, "csaf")
	var paths []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".json") {
			paths = append(paths, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) == 0 {
		t.Fatalf("no CSAF files under %s", root)
	}
	for _, p := range paths {
		rel, _ := filepath.Rel(root, p)
		t.Run(filepath.ToSlash(rel), func(t *testing.T) {
			t.Parallel()
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			a, err := csaf.Parse(data)
			if err != nil {
				t.Skipf("csaf.Parse refuses it: %v", err)
			}
			checkAdvisory(t, r, a)
		})
	}
}

// checkAdvisory renders a in the four ways and checks them.
func checkAdvisory(t *testing.T, r *Renderer, a *advisory.Advisory) {
	t.Helper()
	title := oneLine(a.Title)
	if title == "" {
		title = oneLine(a.TrackingID)
	}
	for _, o := range allOptions() {
		out := render(t, r, a, o)
		name := string(o.Level) + "." + string(o.Format)
		if o.Format == FormatTXT {
			checkText(t, name, out)
		} else {
			checkHTML(t, name, out)
		}
		text := plain(t, o.Format, out)
		want := append([]string{title}, a.CVEs()...)
		if o.Level == LevelExpert {
			b := newBuilder(a, newTranslator(r.cats, ""))
			for _, p := range a.NotifyingProducts() {
				want = append(want, b.name(&p))
			}
		} else {
			for _, v := range a.Vulnerabilities {
				for _, rm := range v.Remediations {
					want = append(want, fold(rm.Details), oneLine(rm.URL))
				}
			}
		}
		slices.Sort(want)
		for _, w := range slices.Compact(want) {
			if w != "" && !strings.Contains(text, w) {
				t.Errorf("%s lacks %q", name, w)
			}
		}
	}
}

// BenchmarkRender renders the largest advisory of the corpus (a Red Hat
// one with about 2,100 products) in every format and level.
func BenchmarkRender(b *testing.B) {
	r, err := New()
	if err != nil {
		b.Fatal(err)
	}
	a := parseCorpus(b, "csaf/redhat/rhsa-2024-2705.json")
	for _, o := range allOptions() {
		b.Run(string(o.Level)+"."+string(o.Format), func(b *testing.B) {
			for b.Loop() {
				if err := r.Render(io.Discard, a, o); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestGoldenLanguages renders a real advisory and the fixture in French and
// German at both levels and formats.
func TestGoldenLanguages(t *testing.T) {
	t.Parallel()
	r := newStrict(t)
	for _, tc := range []struct {
		base string
		a    *advisory.Advisory
	}{
		{"icsa-22-167-14", parseCorpus(t, "csaf/cisa/icsa-22-167-14.json")},
		{"fixture", fixture()},
	} {
		for _, lang := range []string{"fr", "de"} {
			for _, o := range allOptions() {
				o.Lang = lang
				o.URL = "https://tocsin.example/advisories/" + tc.base
				golden(t, tc.base+"."+lang+"."+string(o.Level)+"."+string(o.Format)+".golden", render(t, r, tc.a, o))
			}
		}
	}
}
