// Command tocsin-bench-match measures package match at scale: it generates
// profiles from the real catalogue of the shared corpus (see package
// matchgen), builds the index, and reports the time to match each corpus
// advisory (median and 99th percentile), the whole corpus, and the memory
// the index holds, beside the naive scan over all profiles.
//
//	go run ./cmd/tocsin-bench-match -profiles 100000 -entries 20
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/pprof"
	"time"

	"github.com/tocsin-cert/tocsin/internal/match/matchgen"
)

func main() {
	cfg, err := parseConfig(os.Args[1:])
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err == nil {
		err = run(cfg, os.Stdout)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "tocsin-bench-match:", err)
		os.Exit(1)
	}
}

func run(cfg config, out io.Writer) error {
	docs, skipped, err := matchgen.LoadCorpus(cfg.corpus)
	if err != nil {
		return fmt.Errorf("load corpus: %w", err)
	}
	cat := matchgen.NewCatalogue(docs)
	start := time.Now()
	profiles := cat.Profiles(cfg.profiles, cfg.entries, matchgen.DefaultMix(), cfg.seed)
	fmt.Fprintf(out, "%s, %s/%s, GOMAXPROCS %d\n", time.Now().Format("2006-01-02"), runtime.GOOS, runtime.GOARCH, runtime.GOMAXPROCS(0))
	fmt.Fprintf(out, "corpus %d advisories (%d skipped); catalogue %d vendors, %d products, %d package URLs, %d CPE names; profiles generated in %s\n",
		len(docs), len(skipped), len(cat.Vendors), len(cat.Items), len(cat.Packages), len(cat.CPEs), time.Since(start).Round(time.Millisecond))
	opt := matchgen.Options{Repeat: cfg.repeat, Naive: cfg.naive}
	if cfg.verbose {
		opt.Log = out
	}
	if cfg.cpuprof != "" {
		f, err := os.Create(cfg.cpuprof)
		if err != nil {
			return fmt.Errorf("cpu profile: %w", err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return fmt.Errorf("cpu profile: %w", err)
		}
		defer pprof.StopCPUProfile()
	}
	rep, err := matchgen.Measure(docs, profiles, opt)
	if err != nil {
		return fmt.Errorf("measure: %w", err)
	}
	rep.Write(out)
	if len(rep.Mismatches) > 0 {
		return fmt.Errorf("index and naive scan differ on %d advisories", len(rep.Mismatches))
	}
	return nil
}
