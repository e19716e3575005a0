package ingest

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/tocsin-cert/tocsin/internal/store"
	"github.com/tocsin-cert/tocsin/internal/store/sqlite"
	"github.com/tocsin-cert/tocsin/internal/testutil"
)

// TestDecodeByContent imports one file of each kind, named misleadingly,
// and checks that the content decides.
func TestDecodeByContent(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	im, err := New(st)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		rel, format, id string
	}{
		{"csaf/cisa/icsa-21-124-02.json", FormatCSAF, "ICSA-21-124-02"},
		{"osv/ghsa/GHSA-2ccf-ffrj-m4qw.json", FormatOSV, "GHSA-2ccf-ffrj-m4qw"},
		{"cve5/osv.dev/CVE-2021-44228.json", FormatCVE5, "CVE-2021-44228"},
	} {
		data, err := os.ReadFile(testutil.Corpus(t, c.rel))
		if err != nil {
			t.Fatal(err)
		}
		r := im.Import(ctx, "unnamed", data, Result{})
		if r.Err != nil || r.Advisory.TrackingID != c.id || r.Outcome != store.OutcomeCreated {
			t.Errorf("%s: %+v", c.rel, r)
			continue
		}
		rec, err := st.Advisory(ctx, r.ID)
		if err != nil || rec.Source.Format != c.format || string(rec.Source.Data) != string(data) {
			t.Errorf("%s: stored as %q (%d bytes), %v", c.rel, rec.Source.Format, len(rec.Source.Data), err)
		}
	}
	for _, bad := range []struct{ data, want string }{
		{`{"hello": "world"}`, "Tocsin imports CSAF 2.0, CVE JSON 5, OSV and EISPP XML"},
		{`<html><body>no</body></html>`, ""},
		{``, "empty"},
	} {
		r := im.Import(ctx, "bad", []byte(bad.data), Result{})
		if r.Err == nil || !strings.Contains(r.Err.Error(), bad.want) {
			t.Errorf("%q: err = %v, want it to mention %q", bad.data, r.Err, bad.want)
		}
	}
}

func TestFiles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, p := range []string{"b.json", "a.xml", "sub/c.JSON", "notes.txt", "sub/d.json"} {
		os.MkdirAll(filepath.Join(dir, filepath.Dir(p)), 0o755)
		os.WriteFile(filepath.Join(dir, p), []byte("{}"), 0o600)
	}
	files, bad := Files([]string{dir, filepath.Join(dir, "notes.txt"), filepath.Join(dir, "gone.json")})
	var names []string
	for _, f := range files {
		rel, _ := filepath.Rel(dir, f)
		names = append(names, filepath.ToSlash(rel))
	}
	want := "a.xml b.json sub/c.JSON sub/d.json notes.txt"
	if strings.Join(names, " ") != want {
		t.Errorf("Files = %v, want %s", names, want)
	}
	if len(bad) != 1 || !strings.Contains(bad[0].Err.Error(), "no such file") {
		t.Errorf("bad = %+v", bad)
	}
}

// TestImportAllOrderAndCancel: results come in input order, bad files are
// reported in place, and a cancelled import ends instead of hanging.
func TestImportAllOrderAndCancel(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	im, err := New(st)
	if err != nil {
		t.Fatal(err)
	}
	dir := testutil.Corpus(t, "csaf/cisa")
	names := []string{"icsa-21-124-02.json", "missing.json", "icsa-22-167-14.json", "icsa-24-046-11.json"}
	var docs []Doc
	for _, n := range names {
		docs = append(docs, Doc{Path: filepath.Join(dir, n)})
	}
	docs = append(docs, Doc{Path: "inline", Data: []byte("{")})
	var got []string
	im.ImportAll(ctx, docs, 3, func(r Result) {
		state := "ok"
		if r.Err != nil {
			state = "err"
		}
		got = append(got, filepath.Base(r.Path)+":"+state)
	})
	want := "icsa-21-124-02.json:ok missing.json:err icsa-22-167-14.json:ok icsa-24-046-11.json:ok inline:err"
	if strings.Join(got, " ") != want {
		t.Errorf("results %v, want %s", got, want)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	n := 0
	im.ImportAll(cctx, docs, 2, func(Result) { n++ })
	if n > len(docs) {
		t.Errorf("%d results for %d documents", n, len(docs))
	}
}

// TestFIFOSkipped is a regression test: a named pipe among the files made
// the import hang for ever.
func TestFIFOSkipped(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(dir, "a.json"), 0o600); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	os.WriteFile(filepath.Join(dir, "z.json"), []byte("{}"), 0o600)
	files, bad := Files([]string{dir, filepath.Join(dir, "a.json")})
	if len(files) != 1 || !strings.HasSuffix(files[0], "z.json") || len(bad) != 2 {
		t.Errorf("files %v, bad %+v", files, bad)
	}
}
