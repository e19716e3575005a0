package eispp

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tocsin-cert/tocsin/internal/advisory"
	"github.com/tocsin-cert/tocsin/internal/csaf"
	"github.com/tocsin-cert/tocsin/internal/testutil"
)

// corpusDoc is one CSAF file of the shared corpus that csaf.Parse accepts.
type corpusDoc struct {
	rel string
	a   *advisory.Advisory
}

// corpus parses every CSAF file of the shared corpus; files csaf.Parse
// refuses (e.g. CSAF 2.1) are skipped, as the round trip starts from the
// model.
func corpus(t *testing.T) []corpusDoc {
	t.Helper()
	root := testutil.Corpus(t, "csaf")
	var docs []corpusDoc
	skipped := 0
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(p, ".json") {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		a, err := csaf.Parse(data)
		if err != nil {
			t.Logf("skip %s: %v", rel, err)
			skipped++
			return nil
		}
		docs = append(docs, corpusDoc{rel: filepath.ToSlash(rel), a: a})
		return nil
	})
	if err != nil {
		t.Fatalf("read the CSAF corpus: %v", err)
	}
	if len(docs) < 50 {
		t.Fatalf("only %d CSAF files parsed (%d skipped) under %s", len(docs), skipped, root)
	}
	return docs
}

// TestCorpusRoundTrip: for every corpus document, Unmarshal(Marshal(a))
// equals a in every field EISPP XML carries (all but notCarried).
func TestCorpusRoundTrip(t *testing.T) {
	for _, doc := range corpus(t) {
		t.Run(doc.rel, func(t *testing.T) {
			t.Parallel()
			out := marshal(t, doc.a)
			got, err := Unmarshal(out)
			if err != nil {
				t.Fatalf("Unmarshal of the export: %v", err)
			}
			for _, d := range diffModels(doc.a, got) {
				t.Error(d)
			}
		})
	}
}

// TestCorpusPeers: xmllint accepts every exported document against the
// shipped schema, and xsltproc with the shipped stylesheet turns it into a
// page with the title, every CVE id and every remediation text.
func TestCorpusPeers(t *testing.T) {
	xmllint := testutil.RequireTool(t, "xmllint")
	xsltproc := testutil.RequireTool(t, "xsltproc")
	xsd, xsl := assets(t)
	for _, doc := range corpus(t) {
		t.Run(doc.rel, func(t *testing.T) {
			t.Parallel()
			file := writeTemp(t, "advisory.xml", marshal(t, doc.a))
			if out, ok := validate(t, xmllint, xsd, file); !ok {
				t.Errorf("xmllint refuses the export:\n%s", out)
			}
			checkPage(t, doc.rel, transform(t, xsltproc, xsl, file), doc.a)
		})
	}
}
