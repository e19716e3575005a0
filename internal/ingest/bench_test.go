package ingest

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/tocsin-cert/tocsin/internal/csaf"
	"github.com/tocsin-cert/tocsin/internal/store/sqlite"
	"github.com/tocsin-cert/tocsin/internal/testutil"
)

// BenchmarkImportCorpus imports the whole CSAF corpus per iteration, as
// "tocsin import" does: JSON schema, mandatory tests, mapping and storing
// in a new SQLite database (refused documents are checked and reported,
// not stored). It reports documents and bytes per second; scripts/bench-csaf
// runs it beside gocsaf's csaf_validator (see BENCHMARKS.md).
func BenchmarkImportCorpus(b *testing.B) {
	root := testutil.Corpus(b, "csaf")
	type doc struct {
		name string
		data []byte
	}
	var docs []doc
	var total int64
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".json") {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		docs = append(docs, doc{filepath.Base(p), data})
		total += int64(len(data))
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	batch := make([]Doc, len(docs))
	for i, d := range docs {
		batch[i] = Doc{Path: d.name, Data: d.data}
	}
	v, err := csaf.NewValidator()
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	dir := b.TempDir()
	b.SetBytes(total)
	b.ReportAllocs()
	n, stored := 0, 0
	var elapsed time.Duration
	for b.Loop() {
		// A new database each time, so every document is stored again.
		b.StopTimer()
		n++
		st, err := sqlite.Open(ctx, filepath.Join(dir, "bench-"+time.Now().Format("150405.000000000")+".db"))
		if err != nil {
			b.Fatal(err)
		}
		im := &Importer{Store: st, Validator: v}
		b.StartTimer()
		start := time.Now()
		stored = 0
		im.ImportAll(ctx, batch, runtime.GOMAXPROCS(0), func(r Result) {
			if r.Err == nil {
				stored++
			}
		})
		elapsed += time.Since(start)
		b.StopTimer()
		st.Close()
		b.StartTimer()
	}
	if stored == 0 {
		b.Fatal("nothing was stored")
	}
	b.ReportMetric(float64(len(docs)*n)/elapsed.Seconds(), "docs/s")
	b.ReportMetric(float64(stored), "stored")
}
