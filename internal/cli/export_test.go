package cli

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tocsin-cert/tocsin/internal/testutil"
)

func TestExport(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	file := testutil.Corpus(t, "csaf/cisa/icsa-22-167-14.json")
	if code, out, errs := run(t, "--data", data, "init", "--name", "T", "--email", "c@t.example"); code != 0 {
		t.Fatalf("init: %s%s", out, errs)
	}
	if code, out, errs := run(t, "--data", data, "import", file); code != 0 {
		t.Fatalf("import: %s%s", out, errs)
	}
	out := filepath.Join(dir, "out")
	code, stdout, errs := run(t, "--data", data, "export", "--out", out, "--lang", "en,fr", "--format", "txt,csaf", "--sign")
	if code != 0 {
		t.Fatalf("export: %s%s", stdout, errs)
	}
	for _, name := range []string{
		"icsa-22-167-14-basic-en.txt", "icsa-22-167-14-expert-fr.txt", "icsa-22-167-14.json",
		"icsa-22-167-14.json.asc", "icsa-22-167-14.json.sha256", "icsa-22-167-14.json.sha512",
	} {
		if _, err := os.Stat(filepath.Join(out, name)); err != nil {
			t.Errorf("missing %s", name)
		}
	}
	// No CSAF in French: the advisory has no French translation.
	if _, err := os.Stat(filepath.Join(out, "icsa-22-167-14.fr.json")); err == nil {
		t.Error("a French CSAF file was made up")
	}
	raw, _ := os.ReadFile(file)
	exported, _ := os.ReadFile(filepath.Join(out, "icsa-22-167-14.json"))
	if string(raw) != string(exported) {
		t.Error("the exported CSAF differs from the imported document")
	}
	sum, _ := os.ReadFile(filepath.Join(out, "icsa-22-167-14.json.sha256"))
	h := sha256.Sum256(exported)
	if !strings.HasPrefix(string(sum), hex.EncodeToString(h[:])+"  icsa-22-167-14.json") {
		t.Errorf("checksum file %q", sum)
	}
	fr, _ := os.ReadFile(filepath.Join(out, "icsa-22-167-14-expert-fr.txt"))
	if !strings.Contains(string(fr), "Que faire") && !strings.Contains(string(fr), "Vulnérabilités") {
		t.Error("the French text has no French labels")
	}
	if code, _, _ := run(t, "--data", data, "export", "--format", "pdf"); code != 2 {
		t.Errorf("--format pdf: exit %d, want 2", code)
	}
}
