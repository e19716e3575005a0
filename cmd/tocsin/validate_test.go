package main

import (
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tocsin-cert/tocsin/internal/testutil"
)

// TestValidateOASISFiles runs the built binary's validate command on a
// handful of the OASIS CSAF 2.0 validator test files and checks what
// testcases.json says of them: valid files pass (exit 0), failing ones
// fail with the expected test id (exit 1); --json gives the same.
func TestValidateOASISFiles(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(testutil.SharedDir(t), "testdata", "csaf", "csaf_2.0", "test", "validator", "data")
	r := runner{t: t, bin: binary(t), data: filepath.Join(t.TempDir(), "unused")}
	cases := []struct {
		file  string
		test  string
		valid bool
	}{
		{"mandatory/oasis_csaf_tc-csaf_2_0-2021-6-1-01-01.json", "6.1.1", false},
		{"mandatory/oasis_csaf_tc-csaf_2_0-2021-6-1-01-11.json", "6.1.1", true},
		{"mandatory/oasis_csaf_tc-csaf_2_0-2021-6-1-08-02.json", "6.1.8", false},
		{"mandatory/oasis_csaf_tc-csaf_2_0-2021-6-1-09-01.json", "6.1.9", false},
		{"mandatory/oasis_csaf_tc-csaf_2_0-2021-6-1-16-12.json", "6.1.16", true},
		{"mandatory/oasis_csaf_tc-csaf_2_0-2021-6-1-27-10-01.json", "6.1.27.10", false},
		{"mandatory/oasis_csaf_tc-csaf_2_0-2021-6-1-33-01.json", "6.1.33", false},
	}
	for _, c := range cases {
		want := 1
		if c.valid {
			want = 0
		}
		out := r.run(want, "validate", filepath.Join(dir, c.file))
		lines := strings.Split(strings.TrimSpace(out), "\n")
		head := "INVALID"
		if c.valid {
			head = "valid"
		}
		if !strings.HasSuffix(lines[0], ": "+head) {
			t.Errorf("%s: header %q, want it to end in %q", c.file, lines[0], head)
		}
		failed := slices.ContainsFunc(lines[1:], func(l string) bool { return strings.HasPrefix(strings.TrimSpace(l), c.test+" ") })
		if failed == c.valid {
			t.Errorf("%s: test %s failed = %v, want %v:\n%s", c.file, c.test, failed, !c.valid, out)
		}
	}

	// Optional tests run with --all only and do not make a file invalid.
	opt := filepath.Join(dir, "optional/oasis_csaf_tc-csaf_2_0-2021-6-2-20-01.json")
	if out := r.run(0, "validate", opt); strings.Contains(out, "6.2.20") {
		t.Errorf("optional test reported without --all:\n%s", out)
	}
	if out := r.run(0, "validate", "--all", opt); !strings.Contains(out, "6.2.20     /document/custom_property") {
		t.Errorf("--all does not report 6.2.20 at /document/custom_property:\n%s", out)
	}

	// --json, several files, options after the arguments.
	out := r.run(1, "validate", filepath.Join(dir, cases[0].file), filepath.Join(dir, cases[1].file), "--json")
	var res []struct {
		File     string `json:"file"`
		Valid    bool   `json:"valid"`
		Findings []struct {
			Test, Kind, Path, Message string
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("--json output is not JSON: %v\n%s", err, out)
	}
	if len(res) != 2 || res[0].Valid || !res[1].Valid || len(res[0].Findings) == 0 || res[1].Findings == nil {
		t.Fatalf("--json results = %+v", res)
	}
	f := res[0].Findings[0]
	if f.Test != "6.1.1" || f.Kind != "mandatory" || !strings.HasPrefix(f.Path, "/") || f.Message == "" {
		t.Errorf("--json finding = %+v", f)
	}
}
