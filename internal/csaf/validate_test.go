package csaf

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/tocsin-cert/tocsin/internal/testutil"
)

// minimalDoc is the smallest valid CSAF 2.0 document (profile csaf_base).
const minimalDoc = `{
  "document": {
    "category": "csaf_base",
    "csaf_version": "2.0",
    "publisher": {"category": "coordinator", "name": "Test CERT", "namespace": "https://cert.example"},
    "title": "Test advisory",
    "tracking": {
      "id": "TEST-2024-0001",
      "version": "1",
      "status": "final",
      "initial_release_date": "2024-01-01T00:00:00Z",
      "current_release_date": "2024-02-01T00:00:00Z",
      "revision_history": [{"number": "1", "date": "2024-01-01T00:00:00Z", "summary": "Initial version"}]
    }
  }
}`

// edit is a change to a JSON document: set the value at a JSON pointer,
// or delete it when del is set.
type edit struct {
	ptr string
	val any
	del bool
}

// set and del build edits.
func set(ptr string, val any) edit { return edit{ptr: ptr, val: val} }
func del(ptr string) edit          { return edit{ptr: ptr, del: true} }

// docWith applies edits to a copy of base and encodes it.
func docWith(t testing.TB, base string, edits ...edit) []byte {
	t.Helper()
	var root any
	if err := json.Unmarshal([]byte(base), &root); err != nil {
		t.Fatal(err)
	}
	for _, e := range edits {
		toks := strings.Split(strings.TrimPrefix(e.ptr, "/"), "/")
		parent := root
		for _, tok := range toks[:len(toks)-1] {
			parent = child(t, parent, tok, e.ptr)
		}
		last := toks[len(toks)-1]
		switch p := parent.(type) {
		case map[string]any:
			if e.del {
				delete(p, last)
			} else {
				p[last] = e.val
			}
		case []any:
			i, err := strconv.Atoi(last)
			if err != nil || i >= len(p) || e.del {
				t.Fatalf("edit %s: bad array index", e.ptr)
			}
			p[i] = e.val
		default:
			t.Fatalf("edit %s: parent is not a container", e.ptr)
		}
	}
	out, err := json.Marshal(root)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func child(t testing.TB, v any, tok, ptr string) any {
	t.Helper()
	switch c := v.(type) {
	case map[string]any:
		if n, ok := c[tok]; ok {
			return n
		}
		n := map[string]any{}
		c[tok] = n
		return n
	case []any:
		i, err := strconv.Atoi(tok)
		if err == nil && i < len(c) {
			return c[i]
		}
	}
	t.Fatalf("edit %s: no %q", ptr, tok)
	return nil
}

// vulnWithScore is a vulnerability with one CVSS v3 score.
func vulnWithScore(version, vector string, score any) []any {
	return []any{map[string]any{
		"cve": "CVE-2024-0001",
		"scores": []any{map[string]any{
			"products": []any{"P1"},
			"cvss_v3":  map[string]any{"version": version, "vectorString": vector, "baseScore": score, "baseSeverity": "CRITICAL"},
		}},
	}}
}

func TestValidateFindings(t *testing.T) {
	t.Parallel()
	v := newValidator(t)
	tests := []struct {
		name  string
		input []byte
		want  []string // Finding.String() of every finding, in order
	}{
		{"minimal valid document", []byte(minimalDoc), nil},
		{"additional properties are allowed by CSAF 2.0", docWith(t, minimalDoc, set("/document/x_vendor", "anything")), nil},
		{"a JSON array", []byte(`[{"document": {}}]`), []string{"a CSAF document must be a JSON object, not an array"}},
		{"a JSON string", []byte(`"csaf"`), []string{"a CSAF document must be a JSON object, not a string"}},
		{"empty object", []byte(`{}`), []string{"/document: missing required property"}},
		{
			"CSAF 2.1",
			docWith(t, minimalDoc, set("/document/csaf_version", "2.1")),
			[]string{`/document/csaf_version: value must be "2.0" (got "2.1"); Tocsin reads CSAF 2.0`},
		},
		{"missing title", docWith(t, minimalDoc, del("/document/title")), []string{"/document/title: missing required property"}},
		{
			"missing tracking fields",
			docWith(t, minimalDoc, del("/document/tracking/id"), del("/document/tracking/version")),
			[]string{"/document/tracking/id: missing required property", "/document/tracking/version: missing required property"},
		},
		{"id of wrong type", docWith(t, minimalDoc, set("/document/tracking/id", 42)), []string{"/document/tracking/id: wrong type: must be string, not number"}},
		{"publisher of wrong type", docWith(t, minimalDoc, set("/document/publisher", "Test CERT")), []string{"/document/publisher: wrong type: must be object, not string"}},
		{
			"id with trailing space",
			docWith(t, minimalDoc, set("/document/tracking/id", "TEST-1 ")),
			[]string{`/document/tracking/id: "TEST-1 " is not an id without white space at either end`},
		},
		{
			"date without time zone",
			docWith(t, minimalDoc, set("/document/tracking/current_release_date", "2024-02-01T10:00:00")),
			[]string{`/document/tracking/current_release_date: "2024-02-01T10:00:00" is not a valid date-time (RFC 3339, e.g. 2024-05-01T10:00:00Z): less than 20 characters long`},
		},
		{
			"unknown status and TLP",
			docWith(t, minimalDoc, set("/document/tracking/status", "published"), set("/document/distribution/tlp/label", "PURPLE")),
			[]string{
				`/document/distribution/tlp/label: value must be one of "AMBER", "GREEN", "RED", "WHITE" (got "PURPLE")`,
				`/document/tracking/status: value must be one of "draft", "final", "interim" (got "published")`,
			},
		},
		{
			"relative URL",
			docWith(t, minimalDoc, set("/document/references", []any{map[string]any{"url": "www.example.com", "summary": "x"}})),
			[]string{`/document/references/0/url: "www.example.com" is not a valid absolute URI: relative url`},
		},
		{
			"empty list",
			docWith(t, minimalDoc, set("/document/notes", []any{})),
			[]string{"/document/notes: must not be an empty list: give at least 1 entry or leave the property out"},
		},
		{
			"bad CVE and CWE ids",
			docWith(t, minimalDoc, set("/vulnerabilities", []any{map[string]any{"cve": "CVE-24-1", "cwe": map[string]any{"id": "79", "name": "XSS"}}})),
			[]string{
				`/vulnerabilities/0/cve: "CVE-24-1" is not a CVE id such as CVE-2024-12345`,
				`/vulnerabilities/0/cwe/id: "79" is not a CWE id such as CWE-79`,
			},
		},
		{
			"branch without product",
			docWith(t, minimalDoc, set("/product_tree", map[string]any{"branches": []any{map[string]any{"category": "vendor", "name": "ACME"}}})),
			[]string{`/product_tree/branches/0: a branch must have "category", "name" and exactly one of "branches" or "product"`},
		},
		{
			"CVSS 3.1 score out of range: only the 3.1 schema is reported",
			docWith(t, minimalDoc, set("/vulnerabilities", vulnWithScore("3.1", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 11))),
			[]string{"6.1.8 /vulnerabilities/0/scores/0/cvss_v3/baseScore: must be at most 10.0 (got 11.0)"},
		},
		{
			"CVSS version neither 3.0 nor 3.1",
			docWith(t, minimalDoc, set("/vulnerabilities", vulnWithScore("3.2", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8))),
			[]string{`6.1.8 /vulnerabilities/0/scores/0/cvss_v3/version: value must be one of "3.0", "3.1" (got "3.2")`},
		},
		{
			"CVSS 3.0 vector in a 3.1 score",
			docWith(t, minimalDoc, set("/vulnerabilities", vulnWithScore("3.1", "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8))),
			[]string{`6.1.8 /vulnerabilities/0/scores/0/cvss_v3/vectorString: "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H" is not a CVSS vector string of the score's version`},
		},
		{
			"sorted by path, array indexes as numbers",
			docWith(t, minimalDoc, set("/vulnerabilities", func() []any {
				vs := make([]any, 11)
				for i := range vs {
					vs[i] = map[string]any{"title": "fine"}
				}
				vs[2] = map[string]any{"cve": "bad"}
				vs[10] = map[string]any{"cve": "bad"}
				return vs
			}())),
			[]string{
				`/vulnerabilities/2/cve: "bad" is not a CVE id such as CVE-2024-12345`,
				`/vulnerabilities/10/cve: "bad" is not a CVE id such as CVE-2024-12345`,
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var got []string
			for _, f := range v.Validate(tc.input) {
				got = append(got, f.String())
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("findings:\n got %q\nwant %q", got, tc.want)
			}
		})
	}
}

// TestValidateManyFindings checks that a long list is cut to the first ten
// and a count of the rest.
func TestValidateManyFindings(t *testing.T) {
	t.Parallel()
	v := newValidator(t)
	vs := make([]any, 25)
	for i := range vs {
		vs[i] = map[string]any{"cve": fmt.Sprintf("bad-%d", i)}
	}
	got := v.Validate(docWith(t, minimalDoc, set("/vulnerabilities", vs)))
	if len(got) != 11 {
		t.Fatalf("%d findings, want 11: %v", len(got), got)
	}
	if got[0].Path != "/vulnerabilities/0/cve" || got[9].Path != "/vulnerabilities/9/cve" {
		t.Errorf("first findings not in order: %v", got)
	}
	if last := got[10]; last.Path != "" || last.Message != "... and 15 more findings not shown" {
		t.Errorf("last finding = %+v", last)
	}
}

// TestValidateNotJSON checks that input which is not JSON gives one finding
// with the place of the fault.
func TestValidateNotJSON(t *testing.T) {
	t.Parallel()
	v := newValidator(t)
	tests := []struct {
		name, input, want string
	}{
		{"empty", "", "not valid JSON: the input is empty"},
		{"text", "CSAF", "not valid JSON at line 1, column 1 (byte offset 0): unexpected character 'C', a value was expected"},
		{"missing comma", "{\n  \"document\": {}\n  \"x\": 1\n}", `not valid JSON at line 3, column 3 (byte offset 21): unexpected character '"', ',' or '}' was expected`},
		{"truncated", "{\"document\": {\"title\": \"T", "not valid JSON at line 1, column 26 (byte offset 25): unexpected end of input inside a string"},
		{"two values", "{} {}", "not valid JSON at line 1, column 4 (byte offset 3): unexpected character '{' after the top-level value"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := v.Validate([]byte(tc.input))
			if len(got) != 1 || got[0].Path != "" || got[0].Message != tc.want {
				t.Errorf("findings = %q\nwant one: %q", got, tc.want)
			}
		})
	}
}

func TestDecodeErrors(t *testing.T) {
	t.Parallel()
	v := newValidator(t)

	_, err := v.Decode(docWith(t, minimalDoc, del("/document/title"), set("/document/tracking/id", 7)))
	var inv *InvalidError
	if !errors.As(err, &inv) {
		t.Fatalf("Decode = %v, want *InvalidError", err)
	}
	want := "CSAF document does not conform to the CSAF 2.0 schema: /document/title: missing required property; /document/tracking/id: wrong type: must be string, not number"
	if err.Error() != want || len(inv.Findings) != 2 {
		t.Errorf("error = %q\nwant    %q", err, want)
	}

	_, err = v.Decode([]byte("{\n\"document\": nul\n}"))
	if errors.As(err, &inv) || err == nil || !strings.Contains(err.Error(), "line 2, column 13 (byte offset 14)") {
		t.Errorf("not-JSON error = %v", err)
	}

	a, err := v.Decode([]byte(minimalDoc))
	if err != nil || a.TrackingID != "TEST-2024-0001" {
		t.Errorf("Decode(minimal) = %+v, %v", a, err)
	}
}

// plainLoader serves the embedded schemas unchanged, without the $ref
// inlining embeddedLoader does, to check that inlining changes nothing.
type plainLoader struct{}

func (plainLoader) Load(url string) (any, error) {
	name, ok := embeddedSchema(url)
	if !ok {
		return nil, fmt.Errorf("%s not embedded", url)
	}
	f, err := schemaFS.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return jsonschema.UnmarshalJSON(f)
}

// TestOASISTestFiles validates the OASIS CSAF 2.0 example documents and
// validator test files: per the research notes, all are schema-valid except
// the three invalid-CVSS tests 6.1.8-01 to -03. It also checks that the
// validator with inlined $refs finds exactly what the unchanged schema
// finds, on these files, the corpus and broken documents.
func TestOASISTestFiles(t *testing.T) {
	t.Parallel()
	v := newValidator(t)
	c := jsonschema.NewCompiler()
	c.UseLoader(plainLoader{})
	c.AssertFormat()
	plainSchema, err := c.Compile(SchemaURL)
	if err != nil {
		t.Fatal(err)
	}
	plain := &Validator{schema: plainSchema}

	base := filepath.Join(testutil.SharedDir(t), "testdata", "csaf", "csaf_2.0")
	var files []string
	for _, dir := range []string{"test/validator/data", "examples/csaf"} {
		err := filepath.WalkDir(filepath.Join(base, dir), func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && strings.HasSuffix(p, ".json") && d.Name() != "testcases.json" {
				files = append(files, p)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(files) < 250 {
		t.Fatalf("found only %d OASIS files", len(files))
	}
	invalidCVSS := map[string]string{
		"oasis_csaf_tc-csaf_2_0-2021-6-1-08-01.json": "6.1.8 /vulnerabilities/0/scores/0/cvss_v3/baseSeverity: missing required property",
		"oasis_csaf_tc-csaf_2_0-2021-6-1-08-02.json": "6.1.8 /vulnerabilities/0/scores/0/cvss_v3/baseSeverity: missing required property",
		"oasis_csaf_tc-csaf_2_0-2021-6-1-08-03.json": "6.1.8 /vulnerabilities/0/scores/0/cvss_v2/version: missing required property",
	}
	_, corpus := corpusFiles(t)
	for _, rel := range corpus {
		files = append(files, testutil.Corpus(t, "csaf/"+rel))
	}
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		got := v.Validate(data)
		if !slices.Equal(got, plain.Validate(data)) {
			t.Errorf("%s: inlined schema finds %v, plain schema %v", p, got, plain.Validate(data))
		}
		if strings.Contains(p, "/corpus/") {
			continue
		}
		want, bad := invalidCVSS[filepath.Base(p)]
		switch {
		case bad && (len(got) != 1 || got[0].String() != want):
			t.Errorf("%s: findings %v, want %q", p, got, want)
		case !bad && got != nil:
			t.Errorf("%s: findings %v, want none", p, got)
		}
		if _, err := Parse(data); err != nil {
			t.Errorf("%s: Parse: %v", p, err)
		}
	}
	for _, broken := range []string{`[]`, `{}`, `{"document": {"csaf_version": "2.1"}}`} {
		if got, want := v.Validate([]byte(broken)), plain.Validate([]byte(broken)); !slices.Equal(got, want) {
			t.Errorf("%s: inlined %v, plain %v", broken, got, want)
		}
	}
}

// TestLoaderOffline checks that the loader serves only the embedded schemas.
func TestLoaderOffline(t *testing.T) {
	t.Parallel()
	for _, url := range []string{
		SchemaURL,
		"https://www.first.org/cvss/cvss-v2.0.json",
		"https://www.first.org/cvss/cvss-v3.0.json",
		"https://www.first.org/cvss/cvss-v3.1.json",
	} {
		if doc, err := (embeddedLoader{}).Load(url); err != nil || doc == nil {
			t.Errorf("Load(%s) = %v", url, err)
		}
	}
	for _, url := range []string{
		"https://www.first.org/cvss/cvss-v4.0.json",
		"https://docs.oasis-open.org/csaf/csaf/v2.1/schema/csaf.json",
		"file:///etc/passwd",
	} {
		if _, err := (embeddedLoader{}).Load(url); err == nil || !strings.Contains(err.Error(), "not embedded") {
			t.Errorf("Load(%s) = %v, want a refusal", url, err)
		}
	}
}

// TestInlineLocalRefs checks that inlining leaves only the recursive
// branches_t reference and the external CVSS ones.
func TestInlineLocalRefs(t *testing.T) {
	t.Parallel()
	doc, err := (embeddedLoader{}).Load(SchemaURL)
	if err != nil {
		t.Fatal(err)
	}
	refs := map[string]int{}
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if r, ok := v["$ref"].(string); ok {
				refs[r]++
			}
			for _, e := range v {
				walk(e)
			}
		case []any:
			for _, e := range v {
				walk(e)
			}
		}
	}
	walk(doc)
	for r := range refs {
		switch {
		case r == "#/$defs/branches_t", strings.HasPrefix(r, "https://www.first.org/cvss/cvss-v"):
		default:
			t.Errorf("$ref %q left in the inlined schema", r)
		}
	}
	if refs["#/$defs/branches_t"] == 0 || len(refs) != 4 {
		t.Errorf("refs = %v", refs)
	}
}
