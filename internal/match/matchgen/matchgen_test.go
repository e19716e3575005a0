package matchgen

import (
	"flag"
	"reflect"
	"strings"
	"testing"

	"github.com/tocsin-cert/tocsin/internal/match"
	"github.com/tocsin-cert/tocsin/internal/testutil"
)

// benchProfiles sets the size of BenchmarkMatchCorpus; the full
// measurement (100,000 profiles, with the naive baseline) is the command
// go run ./cmd/tocsin-bench-match.
var benchProfiles = flag.Int("matchgen.profiles", 2000, "profiles for BenchmarkMatchCorpus")

func loadCorpus(t testing.TB) []Doc {
	t.Helper()
	docs, skipped, err := LoadCorpus(testutil.Corpus(t, ""))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range skipped {
		if !strings.Contains(s, `not "2.1"`) { // the one CSAF 2.1 test document
			t.Errorf("corpus file refused: %s", s)
		}
	}
	return docs
}

func TestCatalogue(t *testing.T) {
	t.Parallel()
	docs := loadCorpus(t)
	kinds := map[string]int{}
	for _, d := range docs {
		kinds[strings.Split(d.Path, "/")[0]]++
	}
	if kinds["csaf"] < 50 || kinds["osv"] < 40 || kinds["cve5"] < 50 {
		t.Errorf("corpus read: %v", kinds)
	}
	c := NewCatalogue(docs)
	if len(c.Vendors) < 50 || len(c.Items) < 1000 || len(c.Packages) < 500 || len(c.CPEs) < 50 {
		t.Errorf("catalogue: %d vendors, %d items, %d packages, %d CPEs", len(c.Vendors), len(c.Items), len(c.Packages), len(c.CPEs))
	}
	a := c.Profiles(50, 20, DefaultMix(), 7)
	b := c.Profiles(50, 20, DefaultMix(), 7)
	if !reflect.DeepEqual(a, b) {
		t.Error("profiles are not deterministic for a seed")
	}
	forms := map[string]int{}
	for _, p := range a {
		if len(p.Products) != 20 {
			t.Fatalf("profile %d has %d entries", p.ID, len(p.Products))
		}
		for _, s := range p.Products {
			switch {
			case strings.HasPrefix(s, "vendor:"):
				forms["vendor"]++
			case strings.HasPrefix(s, "pkg:"):
				forms["purl"]++
			case strings.HasPrefix(s, "cpe:"):
				forms["cpe"]++
			case strings.Contains(s, "@vers:"):
				forms["vers"]++
			case strings.Contains(s, "@"):
				forms["versioned"]++
			default:
				forms["product"]++
			}
		}
	}
	for _, f := range []string{"vendor", "purl", "cpe", "vers", "versioned", "product"} {
		if forms[f] == 0 {
			t.Errorf("no %s entry among 1,000: %v", f, forms)
		}
	}
}

// TestIndexEqualsNaiveOnCorpus matches every corpus advisory against
// generated profiles (some specs unreadable) through the index and
// through the naive scan: the hits must be the same.
func TestIndexEqualsNaiveOnCorpus(t *testing.T) {
	t.Parallel()
	docs := loadCorpus(t)
	mix := DefaultMix()
	mix.Vendor, mix.Misspelled = 4, 2
	profiles := NewCatalogue(docs).Profiles(300, 20, mix, 11)
	ix, errs := match.NewIndex(profiles)
	if len(errs) == 0 {
		t.Error("no unreadable spec: the mix should make some")
	}
	n := NewNaive(profiles)
	total := 0
	for _, d := range docs {
		got, want := ix.Match(d.Advisory), n.Match(d.Advisory)
		if !reflect.DeepEqual(got, want) && len(got)+len(want) > 0 {
			t.Errorf("%s: index %d hits, naive %d", d.Path, len(got), len(want))
		}
		total += len(got)
	}
	if total < 1000 {
		t.Errorf("only %d hits over the corpus", total)
	}
}

// TestMeasureSmoke runs the measurement at a small size.
func TestMeasureSmoke(t *testing.T) {
	t.Parallel()
	docs := loadCorpus(t)
	profiles := NewCatalogue(docs).Profiles(200, 20, DefaultMix(), 3)
	rep, err := Measure(docs, profiles, Options{Repeat: 1, Naive: true})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Subscriptions != 4000 || rep.Specs == 0 || rep.Hits == 0 || rep.Naive == nil || len(rep.Mismatches) > 0 {
		t.Errorf("report %+v", rep)
	}
	var b strings.Builder
	rep.Write(&b)
	if !strings.Contains(b.String(), "same hits for every advisory") {
		t.Errorf("report text:\n%s", b.String())
	}
}

// BenchmarkMatchCorpus matches the whole corpus against
// -matchgen.profiles profiles of 20 entries.
func BenchmarkMatchCorpus(b *testing.B) {
	docs := loadCorpus(b)
	profiles := NewCatalogue(docs).Profiles(*benchProfiles, 20, DefaultMix(), 1)
	ix, _ := match.NewIndex(profiles)
	hits := 0
	for b.Loop() {
		hits = 0
		for _, d := range docs {
			hits += len(ix.Match(d.Advisory))
		}
	}
	b.ReportMetric(float64(hits), "hits/op")
}
