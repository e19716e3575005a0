package csaf

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tocsin-cert/tocsin/internal/testutil"
)

// oasisCase is one file of the OASIS validator tests.
type oasisCase struct {
	test  string // the test id, e.g. "6.1.1"
	group string // mandatory, optional or informative
	file  string // relative to the data folder
	valid bool   // expected to pass the test
}

// oasisCases reads testcases.json of the OASIS CSAF 2.0 validator tests.
func oasisCases(t testing.TB) (dir string, cases []oasisCase) {
	t.Helper()
	dir = filepath.Join(testutil.SharedDir(t), "testdata", "csaf", "csaf_2.0", "test", "validator", "data")
	data, err := os.ReadFile(filepath.Join(dir, "testcases.json"))
	if err != nil {
		t.Fatal(err)
	}
	var tc struct {
		Tests []struct {
			ID       string `json:"id"`
			Group    string `json:"group"`
			Failures []struct {
				Name string `json:"name"`
			} `json:"failures"`
			Valid []struct {
				Name string `json:"name"`
			} `json:"valid"`
		} `json:"tests"`
	}
	if err := json.Unmarshal(data, &tc); err != nil {
		t.Fatal(err)
	}
	for _, x := range tc.Tests {
		for _, f := range x.Failures {
			cases = append(cases, oasisCase{x.ID, x.Group, f.Name, false})
		}
		for _, f := range x.Valid {
			cases = append(cases, oasisCase{x.ID, x.Group, f.Name, true})
		}
	}
	return dir, cases
}

// offlineSkipped are the tests Tocsin does not run: they need the network
// (6.3.6, 6.3.7: URLs that fail to resolve) or a dictionary (6.3.8).
func offlineSkipped() []string {
	return []string{"6.3.6", "6.3.7", "6.3.8"}
}

// checkOASISCase says why a case fails, or "" when it passes: a file
// expected to fail must fail its test; a file expected to pass must pass
// the schema, every mandatory test and its own test.
func checkOASISCase(r Report, c oasisCase) string {
	failed := false
	for _, f := range r.Findings {
		if f.Test == c.test {
			failed = true
		}
	}
	switch {
	case !c.valid && !failed:
		return "does not fail test " + c.test
	case !c.valid && c.group == "mandatory" && r.Valid():
		return "is reported valid"
	case c.valid && failed:
		return "fails test " + c.test
	case c.valid && !r.Valid():
		return "is reported invalid"
	}
	return ""
}

// TestOASISValidatorFiles runs every OASIS validator test file through
// Check and compares with testcases.json.
func TestOASISValidatorFiles(t *testing.T) {
	t.Parallel()
	v := newValidator(t)
	dir, cases := oasisCases(t)
	if len(cases) < 239 {
		t.Fatalf("only %d cases in testcases.json", len(cases))
	}
	passed, skipped := 0, 0
	for _, c := range cases {
		if slices.Contains(offlineSkipped(), c.test) {
			skipped++
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(c.file)))
		if err != nil {
			t.Fatal(err)
		}
		r := v.Check(data, true)
		if why := checkOASISCase(r, c); why != "" {
			var lines []string
			for _, f := range r.Findings {
				lines = append(lines, "  "+f.String())
			}
			t.Errorf("%s (%s, valid=%v) %s:\n%s", c.file, c.test, c.valid, why, strings.Join(lines, "\n"))
			continue
		}
		passed++
	}
	t.Logf("OASIS validator test files: %d/%d pass, %d skipped (tests %s need the network or a dictionary)",
		passed, len(cases)-skipped, skipped, strings.Join(offlineSkipped(), ", "))
}
