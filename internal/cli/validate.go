package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"os"

	"github.com/tocsin-cert/tocsin/internal/csaf"
	"github.com/tocsin-cert/tocsin/internal/ingest"
)

// validateResult is one file's result, as printed by --json.
type validateResult struct {
	File     string            `json:"file"`
	Valid    bool              `json:"valid"`
	Findings []validateFinding `json:"findings"`
}

type validateFinding struct {
	Test    string `json:"test"`
	Kind    string `json:"kind"`
	Path    string `json:"path"`
	Message string `json:"message"`
}

func runValidate(ctx context.Context, c *cmdCtx, args []string) error {
	fs := c.flags("", "[--all] [--json] FILE...", `Check CSAF 2.0 documents (files, or folders: every *.json inside) as a CSAF
validator does: the JSON schema and every mandatory test of section 6.1 of
the standard (6.1.1 to 6.1.33, the profile tests 6.1.27.x included); with
--all also the optional (6.2) and informative (6.3) tests. Nothing is
imported and no data directory is needed.

Per file, a header line says whether it is valid, then one line per
finding: the test id (or "schema"), the JSON path and what to change.
Optional findings are warnings and informative ones hints: they do not make
a document invalid. The exit code is 1 when any file fails the schema or a
mandatory test (such a file is also refused by "tocsin import").`)
	all := fs.Bool("all", false, "also run the optional (6.2) and informative (6.3) tests")
	perTest := fs.Int("max-per-test", 10, "in the text output, show at most this many findings of one test per file (0: all); --json always has all")
	asJSON := fs.Bool("json", false, `print the results as JSON: [{"file", "valid", "findings": [{"test", "kind", "path", "message"}]}]`)
	if err := c.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return c.usageErr("give at least one file or folder")
	}
	v, err := csaf.NewValidator()
	if err != nil {
		return err
	}
	files, bad := ingest.Files(fs.Args())
	results := make([]validateResult, 0, len(files)+len(bad))
	for _, b := range bad {
		results = append(results, validateResult{File: b.Path, Findings: []validateFinding{{Kind: "file", Message: b.Err.Error()}}})
	}
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		data, err := os.ReadFile(f)
		if err != nil {
			results = append(results, validateResult{File: f, Findings: []validateFinding{{Kind: "file", Message: fmt.Sprintf("cannot read the file: %v", err)}}})
			continue
		}
		r := v.Check(data, *all)
		res := validateResult{File: f, Valid: r.Valid(), Findings: make([]validateFinding, 0, len(r.Findings))}
		for _, x := range r.Findings {
			res.Findings = append(res.Findings, validateFinding{Test: x.Test, Kind: string(x.Kind), Path: x.Path, Message: x.Message})
		}
		results = append(results, res)
	}

	invalid, warnings := 0, 0
	for _, r := range results {
		if !r.Valid {
			invalid++
		}
		for _, f := range r.Findings {
			if f.Kind == string(csaf.KindOptional) || f.Kind == string(csaf.KindInformative) {
				warnings++
			}
		}
	}
	if *asJSON {
		enc := json.NewEncoder(c.Stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(results); err != nil {
			return fmt.Errorf("write JSON: %w", err)
		}
	} else {
		for _, r := range results {
			state := "valid"
			if !r.Valid {
				state = "INVALID"
			}
			fmt.Fprintf(c.Stdout, "%s: %s\n", r.File, state)
			shown, hidden := map[string]int{}, map[string]int{}
			var order []string
			for _, f := range r.Findings {
				test := f.Test
				if test == "" {
					test = f.Kind
				}
				if *perTest > 0 && shown[test] >= *perTest {
					if hidden[test] == 0 {
						order = append(order, test)
					}
					hidden[test]++
					continue
				}
				shown[test]++
				path := f.Path
				if path == "" {
					path = "/"
				}
				fmt.Fprintf(c.Stdout, "  %-9s  %s  %s%s\n", test, path, f.Message, kindNote(f.Kind))
			}
			for _, test := range order {
				fmt.Fprintf(c.Stdout, "  %-9s  ... and %s of this test (--max-per-test 0 shows all)\n", test, plural(hidden[test], "more finding"))
			}
		}
	}
	fmt.Fprintf(c.Stderr, "%s: %d valid, %d invalid; %s\n", plural(len(results), "file"), len(results)-invalid, invalid, plural(warnings, "finding")+" of optional or informative tests")
	if invalid > 0 {
		return errSilent
	}
	return nil
}

// kindNote marks findings that do not make a document invalid.
func kindNote(kind string) string {
	switch kind {
	case string(csaf.KindOptional):
		return " (optional test: a warning)"
	case string(csaf.KindInformative):
		return " (informative test: a hint)"
	}
	return ""
}
