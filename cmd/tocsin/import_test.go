package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tocsin-cert/tocsin/internal/testutil"
)

// TestImportCorpus imports every CSAF file of the shared corpus through the
// command line: all import except the ones listed here, each refused with a
// message that names the real fault; the exit code says a file failed.
func TestImportCorpus(t *testing.T) {
	t.Parallel()
	dir := testutil.Corpus(t, "csaf")
	r := runner{t: t, bin: binary(t), data: filepath.Join(t.TempDir(), "data")}
	r.run(0, "init", "--name", "Test CERT", "--email", "cert@test.example")
	out := r.run(1, "import", dir)

	refused := map[string][]string{
		// A CSAF 2.1 document: Tocsin reads 2.0.
		"tlp/oasis_csaf_tc-csaf_2_1-2024-6-3-14-01.json": {"/document/csaf_version", `"2.1"`},
		// A branch with neither sub-branches nor a product, and an empty
		// product id in a status list: both invalid in the 2.0 schema.
		"schwarz-informatik/schwarz_informatik-c1235.json": {"/product_tree/branches/0", "/vulnerabilities/0/product_status/fixed/0"},
		// Mandatory test 6.1.16 (latest document version): tracking.version
		// is "1", but the latest entry of the revision history is "2".
		"redhat/cve-2023-0044.json":  {"6.1.16", "/document/tracking/version"},
		"redhat/CVE-2023-20862.json": {"6.1.16", "/document/tracking/version"},
		// Mandatory test 6.1.1 (missing definition of product id): a
		// remediation names "Red Hat build of Quarkus", the name of a
		// product_family branch, which no product has as its id.
		"redhat/rhsa-2024-2705.json": {"6.1.1", "/vulnerabilities/0/remediations/1/product_ids/0"},
	}
	var files []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".json") {
			files = append(files, p)
		}
		return nil
	})
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != len(files) {
		t.Errorf("import printed %d lines for %d files", len(lines), len(files))
	}
	for _, f := range files {
		rel, _ := filepath.Rel(dir, f)
		var line string
		for _, l := range lines {
			if strings.Contains(l, f) {
				line = l
			}
		}
		if line == "" {
			t.Errorf("%s: no output line", rel)
			continue
		}
		if want, ok := refused[filepath.ToSlash(rel)]; ok {
			if !strings.HasPrefix(line, "FAILED") {
				t.Errorf("%s should be refused: %s", rel, line)
			}
			for _, w := range want {
				if !strings.Contains(line, w) {
					t.Errorf("%s: refusal does not name %q: %s", rel, w, line)
				}
			}
			continue
		}
		if !strings.HasPrefix(line, "new") {
			t.Errorf("%s should import: %s", rel, line)
		}
	}
	// Importing again changes nothing.
	out = r.run(1, "import", dir)
	if n := strings.Count(out, "unchanged"); n != len(files)-len(refused) {
		t.Errorf("second import: %d unchanged, want %d", n, len(files)-len(refused))
	}
	list := r.run(0, "advisory", "list", "--json")
	var items []map[string]any
	if err := json.Unmarshal([]byte(list), &items); err != nil || len(items) != len(files)-len(refused) {
		t.Errorf("advisory list --json: %d items, %v", len(items), err)
	}
}

// TestRevisionUpdate imports a real advisory, then a later revision of it
// (the same document with a higher version), then the first again.
func TestRevisionUpdate(t *testing.T) {
	t.Parallel()
	src := testutil.Corpus(t, "csaf/cisa/icsa-21-124-02.json")
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	tracking := doc["document"].(map[string]any)["tracking"].(map[string]any)
	tracking["version"] = "2"
	tracking["current_release_date"] = "2030-01-01T00:00:00Z"
	tracking["revision_history"] = append(tracking["revision_history"].([]any), map[string]any{"date": "2030-01-01T00:00:00Z", "number": "2", "summary": "Test update."})
	doc["document"].(map[string]any)["title"] = "Updated title for the test"
	v2, _ := json.Marshal(doc)
	dir := t.TempDir()
	v2path := filepath.Join(dir, "v2.json")
	if err := os.WriteFile(v2path, v2, 0o600); err != nil {
		t.Fatal(err)
	}
	r := runner{t: t, bin: binary(t), data: filepath.Join(dir, "data")}
	r.run(0, "init", "--name", "Test CERT", "--email", "cert@test.example")
	if out := r.run(0, "import", src); !strings.HasPrefix(out, "new") {
		t.Errorf("first import: %s", out)
	}
	if out := r.run(0, "import", v2path); !strings.HasPrefix(out, "updated") || !strings.Contains(out, "replaces revision 1") {
		t.Errorf("second revision: %s", out)
	}
	if out := r.run(0, "import", src); !strings.HasPrefix(out, "older") {
		t.Errorf("first revision again: %s", out)
	}
	if out := r.run(0, "advisory", "list"); !strings.Contains(out, "Updated title for the test") {
		t.Errorf("list does not show the current revision:\n%s", out)
	}
}

// TestBadFiles checks that bad input gets a clear message naming the file
// and that the rest of the batch still imports.
func TestBadFiles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	good := testutil.Corpus(t, "csaf/cisa/icsa-21-124-02.json")
	for name, content := range map[string]string{
		"broken.json": `{"document": {`,
		"array.json":  `[1, 2]`,
		"cve.json":    `{"dataType": "CVE_RECORD", "dataVersion": "5.1"}`,
		"empty.json":  ``,
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	r := runner{t: t, bin: binary(t), data: filepath.Join(t.TempDir(), "data")}
	r.run(0, "init", "--name", "Test CERT", "--email", "cert@test.example")
	out := r.run(1, "import", dir, good, filepath.Join(dir, "missing.json"))
	for _, want := range []string{"broken.json", "array.json", "CVE JSON 5", "empty.json", "missing.json", "new        ICSA-21-124-02"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if n := strings.Count(out, "FAILED"); n != 5 {
		t.Errorf("%d failures, want 5:\n%s", n, out)
	}
}
