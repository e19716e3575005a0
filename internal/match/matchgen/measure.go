package matchgen

import (
	"fmt"
	"io"
	"reflect"
	"runtime"
	"slices"
	"time"

	"github.com/tocsin-cert/tocsin/internal/match"
	"github.com/tocsin-cert/tocsin/internal/org"
)

// Options say what Measure runs.
type Options struct {
	// Repeat is how many times each advisory is matched through the
	// index; its time is the median of the runs.
	Repeat int
	// Naive also runs the baseline scan (once per advisory) and checks
	// that it finds the same hits.
	Naive bool
	// Log, if set, gets a line per advisory.
	Log io.Writer
}

// Timing summarises per-advisory times.
type Timing struct {
	Median, P99, Max, Total time.Duration
	Slowest                 string // the advisory that took Max
}

// Report is what Measure found.
type Report struct {
	Profiles      int // profiles indexed
	Subscriptions int // their product entries
	Specs         int // distinct specs the index keeps
	Errors        int // unreadable specs

	Advisories        int    // documents matched
	NotifyingProducts int    // their affected or under investigation products
	Hits              int    // hits of all documents (one per profile and product)
	MaxHits           int    // hits of the document with the most
	MaxHitsDoc        string // that document

	BuildTime  time.Duration // NewIndex
	IndexBytes uint64        // live heap the index adds, after GC
	Index      Timing        // per document, through the index
	Corpus     time.Duration // one pass over all documents, through the index

	Naive      *Timing  // per document, the naive scan; nil unless Options.Naive
	NaiveBytes uint64   // live heap of the naive scan's parsed specs
	Mismatches []string // documents where index and naive scan differ
}

// Measure builds the index of the profiles (timing it and measuring the
// heap it holds), matches every document through it and, if asked, through
// the naive scan.
func Measure(docs []Doc, profiles []org.Profile, opt Options) (*Report, error) {
	if opt.Repeat < 1 {
		opt.Repeat = 1
	}
	rep := &Report{Profiles: len(profiles), Advisories: len(docs)}
	for _, p := range profiles {
		rep.Subscriptions += len(p.Products)
	}
	before := heap()
	start := time.Now()
	ix, errs := match.NewIndex(profiles)
	rep.BuildTime = time.Since(start)
	rep.IndexBytes = heap() - before
	rep.Specs, rep.Errors = ix.Specs(), len(errs)
	if ix.Len()+len(errs) != rep.Subscriptions {
		return nil, fmt.Errorf("index holds %d subscriptions and %d errors for %d specs", ix.Len(), len(errs), rep.Subscriptions)
	}

	var times []time.Duration
	var names []string
	hits := make([][]match.Hit, len(docs))
	for i, d := range docs {
		rep.NotifyingProducts += len(d.Advisory.NotifyingProducts())
		runs := make([]time.Duration, opt.Repeat)
		for k := range runs {
			t0 := time.Now()
			hits[i] = ix.Match(d.Advisory)
			runs[k] = time.Since(t0)
		}
		slices.Sort(runs)
		times = append(times, runs[len(runs)/2])
		names = append(names, d.Path)
		rep.Hits += len(hits[i])
		if len(hits[i]) > rep.MaxHits {
			rep.MaxHits, rep.MaxHitsDoc = len(hits[i]), d.Path
		}
		if opt.Log != nil {
			fmt.Fprintf(opt.Log, "index %-55s %6d hits %10s\n", d.Path, len(hits[i]), runs[len(runs)/2])
		}
	}
	rep.Index = summarise(times, names)
	start = time.Now()
	for _, d := range docs {
		_ = ix.Match(d.Advisory)
	}
	rep.Corpus = time.Since(start)
	runtime.KeepAlive(ix)

	if opt.Naive {
		ix = nil
		before := heap()
		n := NewNaive(profiles)
		rep.NaiveBytes = heap() - before
		times = times[:0]
		for i, d := range docs {
			t0 := time.Now()
			got := n.Match(d.Advisory)
			times = append(times, time.Since(t0))
			if !reflect.DeepEqual(got, hits[i]) && !(len(got) == 0 && len(hits[i]) == 0) {
				rep.Mismatches = append(rep.Mismatches, fmt.Sprintf("%s: index %d hits, naive %d", d.Path, len(hits[i]), len(got)))
			}
			if opt.Log != nil {
				fmt.Fprintf(opt.Log, "naive %-55s %6d hits %10s\n", d.Path, len(got), times[i])
			}
		}
		t := summarise(times, names)
		rep.Naive = &t
		runtime.KeepAlive(n)
	}
	return rep, nil
}

// heap returns the live heap after a full collection.
func heap() uint64 {
	var m runtime.MemStats
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

func summarise(times []time.Duration, names []string) Timing {
	var t Timing
	sorted := slices.Clone(times)
	slices.Sort(sorted)
	for i, d := range times {
		t.Total += d
		if d >= t.Max {
			t.Max, t.Slowest = d, names[i]
		}
	}
	if len(sorted) > 0 {
		t.Median = sorted[len(sorted)/2]
		// nearest rank: the smallest time at or above 99% of the runs
		k := (99*len(sorted) + 99) / 100
		t.P99 = sorted[min(k, len(sorted))-1]
	}
	return t
}

// Write prints the report.
func (r *Report) Write(w io.Writer) {
	fmt.Fprintf(w, "profiles %d, subscriptions %d (%d unreadable), distinct specs %d\n", r.Profiles, r.Subscriptions, r.Errors, r.Specs)
	fmt.Fprintf(w, "advisories %d, notifying products %d, hits %d (max %d, %s)\n", r.Advisories, r.NotifyingProducts, r.Hits, r.MaxHits, r.MaxHitsDoc)
	fmt.Fprintf(w, "index: built in %s, holds %.1f MB\n", short(r.BuildTime), float64(r.IndexBytes)/1e6)
	fmt.Fprintf(w, "index per advisory: median %s, p99 %s, max %s (%s); corpus pass %s\n",
		short(r.Index.Median), short(r.Index.P99), short(r.Index.Max), r.Index.Slowest, short(r.Corpus))
	if r.Naive != nil {
		fmt.Fprintf(w, "naive (%.1f MB of parsed specs) per advisory: median %s, p99 %s, max %s (%s); corpus %s\n",
			float64(r.NaiveBytes)/1e6, short(r.Naive.Median), short(r.Naive.P99), short(r.Naive.Max), r.Naive.Slowest, short(r.Naive.Total))
		if len(r.Mismatches) == 0 {
			fmt.Fprintln(w, "index and naive scan found the same hits for every advisory")
		}
		for _, m := range r.Mismatches {
			fmt.Fprintln(w, "MISMATCH", m)
		}
	}
}

// short rounds a duration to three significant digits.
func short(d time.Duration) time.Duration {
	for r := time.Duration(1); r < time.Hour; r *= 10 {
		if d < 1000*r {
			return d.Round(r)
		}
	}
	return d.Round(time.Second)
}
