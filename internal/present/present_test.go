package present

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tocsin-cert/tocsin/internal/advisory"
	"github.com/tocsin-cert/tocsin/internal/csaf"
	"github.com/tocsin-cert/tocsin/internal/cve5"
	"github.com/tocsin-cert/tocsin/internal/osv"
	"github.com/tocsin-cert/tocsin/internal/testutil"
)

// TestConvertedCSAFIsValid is a regression test: CSAF written from OSV and
// CVE JSON 5 records failed the schema and mandatory tests (94 of 121 in an
// export), yet was signed and offered. Every corpus record now converts to
// a valid document.
func TestConvertedCSAFIsValid(t *testing.T) {
	t.Parallel()
	v, err := csaf.NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, dir := range []string{"osv", "cve5"} {
		filepath.WalkDir(testutil.Corpus(t, dir), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".json") {
				return err
			}
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			var a *advisory.Advisory
			if dir == "osv" {
				a, err = osv.Parse(data)
			} else {
				a, err = cve5.Parse(data)
			}
			if err != nil {
				t.Errorf("%s: %v", p, err)
				return nil
			}
			out, err := v.MarshalConverted(a, dir)
			if err != nil {
				t.Errorf("%s: %v", p, err)
				return nil
			}
			if r := v.Check(out, false); !r.Valid() {
				fs := r.Findings
				if len(fs) > 3 {
					fs = fs[:3]
				}
				t.Errorf("%s: converted CSAF is invalid: %v", filepath.Base(p), fs)
			}
			n++
			return nil
		})
	}
	if n < 90 {
		t.Errorf("only %d records converted", n)
	}
}
