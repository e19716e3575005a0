package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
)

// config holds the command's flags.
type config struct {
	corpus   string
	profiles int
	entries  int
	seed     uint64
	repeat   int
	naive    bool
	verbose  bool
	cpuprof  string
}

func parseConfig(args []string) (config, error) {
	fs := flag.NewFlagSet("tocsin-bench-match", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), `Usage: tocsin-bench-match [flags]

Builds profiles from the products named by the shared corpus's CSAF, OSV
and CVE JSON 5 files, indexes them, and times matching every corpus
advisory through the index and through the naive scan (the baseline).

Flags:
`)
		fs.PrintDefaults()
	}
	def := filepath.Join("..", "shared", "corpus")
	if d := os.Getenv("TOCSIN_SHARED"); d != "" {
		def = filepath.Join(d, "corpus")
	}
	var c config
	fs.StringVar(&c.corpus, "corpus", def, "the corpus folder (csaf/, osv/, cve5/ under it)")
	fs.IntVar(&c.profiles, "profiles", 100000, "number of profiles")
	fs.IntVar(&c.entries, "entries", 20, "product entries per profile")
	fs.Uint64Var(&c.seed, "seed", 1, "seed of the profile generator")
	fs.IntVar(&c.repeat, "repeat", 5, "matches per advisory through the index (the median is kept)")
	fs.BoolVar(&c.naive, "naive", true, "also time the naive scan over all profiles and compare its hits")
	fs.BoolVar(&c.verbose, "v", false, "print a line per advisory")
	fs.StringVar(&c.cpuprof, "cpuprofile", "", "write a CPU profile of the matching to this file")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if c.profiles < 1 || c.entries < 1 {
		return c, fmt.Errorf("-profiles and -entries must be at least 1")
	}
	return c, nil
}
