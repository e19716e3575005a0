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
	// The catalogue now knows the corpus's products, one vendor per alias.
	// Regression: words are searched one by one, not as one substring.
	for _, q := range []string{"ruggedcom rox rx15", "ruggedcom rx1500", "siemens rx1500"} {
		if cat := r.run(0, "catalogue", "products", "--search", q); !strings.Contains(cat, "siemens/ruggedcom rox rx1500") {
			t.Errorf("catalogue products --search %q:\n%s", q, cat)
		}
	}
	vendors := r.run(0, "catalogue", "vendors", "--search", "siemens")
	if n := strings.Count(vendors, "\nsiemens "); n != 1 {
		t.Errorf("Siemens appears %d times among the vendors:\n%s", n, vendors)
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
	for _, want := range []string{"broken.json", "array.json", "CVE record", "/cveMetadata", "empty.json", "missing.json", "new        ICSA-21-124-02"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if n := strings.Count(out, "FAILED"); n != 5 {
		t.Errorf("%d failures, want 5:\n%s", n, out)
	}
}

// TestImportOSVAndCVE imports every OSV and CVE JSON 5 record of the corpus:
// all are recognised by content and stored; a rejected CVE and a withdrawn
// OSV record are published but match nobody.
func TestImportOSVAndCVE(t *testing.T) {
	t.Parallel()
	r := runner{t: t, bin: binary(t), data: filepath.Join(t.TempDir(), "data")}
	r.run(0, "init", "--name", "Test CERT", "--email", "cert@test.example")
	r.run(0, "org", "add", "--type", "sme", "--name", "Dev Shop")
	r.run(0, "profile", "add", "--org", "Dev Shop", "--name", "stack",
		"--product", "apache/log4j2@2.14.1", "--recipient", "dev@shop.test")
	for _, dir := range []string{"osv", "cve5"} {
		out := r.run(0, "import", "--publish", testutil.Corpus(t, dir))
		if strings.Contains(out, "FAILED") {
			t.Errorf("%s: some records failed:\n%s", dir, out)
		}
	}
	out := r.run(0, "deliveries", "CVE-2021-44228")
	if !strings.Contains(out, "dev@shop.test") {
		t.Errorf("log4j-core 2.14.1 was not matched by the Log4Shell CVE record:\n%s", out)
	}
	// Every form exists for a record read from OSV, and its CSAF is valid.
	for _, f := range []string{"txt", "html", "xml", "csaf"} {
		if out := r.run(0, "advisory", "show", "GHSA-2ccf-ffrj-m4qw", "--format", f); len(out) < 100 {
			t.Errorf("show --format %s: %q", f, out)
		}
	}
	dir := t.TempDir()
	r.run(0, "export", "--out", dir, "--format", "csaf", "--sign")
	files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	if len(files) < 90 {
		t.Fatalf("exported %d CSAF files", len(files))
	}
	if out := r.run(0, append([]string{"validate"}, files...)...); strings.Contains(out, "INVALID") {
		t.Errorf("exported CSAF is not all valid:\n%s", out[max(0, len(out)-2000):])
	}
}

// TestXMLRoundTrip exports an advisory as EISPP XML and imports it into
// another instance: the same advisory, products and CVEs.
func TestXMLRoundTrip(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	a := runner{t: t, bin: binary(t), data: filepath.Join(dir, "a")}
	a.run(0, "init", "--name", "A CERT", "--email", "a@a.example")
	a.run(0, "import", testutil.Corpus(t, "csaf/cisa/icsa-22-167-14.json"))
	xml := a.run(0, "advisory", "show", "ICSA-22-167-14", "--format", "xml")
	path := filepath.Join(dir, "icsa.xml")
	if err := os.WriteFile(path, []byte(xml), 0o600); err != nil {
		t.Fatal(err)
	}
	b := runner{t: t, bin: binary(t), data: filepath.Join(dir, "b")}
	b.run(0, "init", "--name", "B CERT", "--email", "b@b.example")
	if out := b.run(0, "import", path); !strings.HasPrefix(out, "new        ICSA-22-167-14") {
		t.Fatalf("import of exported XML: %s", out)
	}
	ta := a.run(0, "advisory", "show", "ICSA-22-167-14", "--level", "expert")
	tb := b.run(0, "advisory", "show", "ICSA-22-167-14", "--level", "expert")
	if ta != tb {
		t.Errorf("the advisory read back from XML renders differently")
	}
}
