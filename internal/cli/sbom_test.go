package cli

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"log/slog"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tocsin-cert/tocsin/internal/instance"
	"github.com/tocsin-cert/tocsin/internal/org"
	"github.com/tocsin-cert/tocsin/internal/testutil"
)

// importSBOM runs "tocsin profile import-sbom ARGS..." and returns the exit
// code and output. Once "import-sbom" is wired into runProfile it goes
// through Main; until then it calls runProfileImportSBOM as Main would.
func importSBOM(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	if code, out, _ := run(t, "profile", "import-sbom", "--help"); code == 0 && strings.Contains(out, "import-sbom") {
		return run(t, append([]string{"profile", "import-sbom"}, args...)...)
	}
	var out, errb bytes.Buffer
	c := &cmdCtx{Env: Env{Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}, name: "profile"}
	c.log = slog.New(slog.NewTextHandler(&errb, nil))
	for _, a := range args {
		if a == "-h" || a == "-help" || a == "--help" {
			c.wantsHelp = true
		}
	}
	err := runProfileImportSBOM(context.Background(), c, args)
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return exitOK, out.String(), errb.String()
	case errors.Is(err, errUsage):
		return exitUsage, out.String(), errb.String()
	}
	errb.WriteString("tocsin profile: " + err.Error() + "\n")
	return exitFail, out.String(), errb.String()
}

// sbomInstance makes an instance with two SMEs that both have a profile
// named "network", and Alpine Dairy a second profile "web" that lists one
// laravel component already.
func sbomInstance(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "data")
	inst, _, err := instance.Init(context.Background(), dir, "Test CERT", "cert@example.org")
	if err != nil {
		t.Fatal(err)
	}
	inst.Close()
	for _, args := range [][]string{
		{"org", "add", "--type", "sme", "--name", "Alpine Dairy AG"},
		{"org", "add", "--type", "sme", "--name", "Bergbahn GmbH"},
		{"profile", "add", "--org", "Alpine Dairy AG", "--name", "network", "--product", "vendor:fortinet", "--recipient", "ot@alpine.example"},
		{"profile", "add", "--org", "Bergbahn GmbH", "--name", "network", "--product", "vendor:cisco", "--recipient", "it@bergbahn.example"},
		{"profile", "add", "--org", "Alpine Dairy AG", "--name", "web", "--product", "pkg:composer/asm89/stack-cors@1.3.0", "--recipient", "web@alpine.example"},
	} {
		if code, out, errs := run(t, append(args, "--data", dir)...); code != 0 {
			t.Fatalf("tocsin %s: exit %d\n%s%s", strings.Join(args, " "), code, out, errs)
		}
	}
	return dir
}

func profileProducts(t *testing.T, dir, orgName, name string) []string {
	t.Helper()
	inst, err := instance.Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	defer inst.Close()
	o, err := inst.Store.OrgByName(context.Background(), orgName)
	if err != nil {
		t.Fatal(err)
	}
	ps, err := inst.Store.ProfilesByOrg(context.Background(), o.ID)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(ps, func(p org.Profile) bool { return p.Name == name })
	if i < 0 {
		t.Fatalf("%s has no profile %s", orgName, name)
	}
	return ps[i].Products
}

func TestProfileImportSBOM(t *testing.T) {
	t.Parallel()
	corpus := testutil.Corpus(t, "sbom")
	dir := sbomInstance(t)
	laravel := filepath.Join(corpus, "cyclonedx", "laravel-7.12.0.bom.1.4.json")

	// 63 components (the demo project and 62 libraries), one of which the
	// profile lists already.
	code, out, errs := importSBOM(t, "--profile", "web", laravel, "--data", dir)
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	wantSummary := `added 62 products to profile "web" of "Alpine Dairy AG" from CycloneDX 1.4 JSON (1 already in the profile)`
	if len(lines) != 63 || lines[62] != wantSummary {
		t.Fatalf("got %d lines, last %q; want 62 product lines and %q\n%s", len(lines), lines[len(lines)-1], wantSummary, out)
	}
	if lines[0] != "added pkg:composer/cyclonedx/cyclonedx-php-composer-demo@dev-master" || !slices.Contains(lines, "added pkg:composer/laravel/framework@v7.30.6") {
		t.Errorf("product lines:\n%s", out)
	}
	if slices.Contains(lines, "added pkg:composer/asm89/stack-cors@1.3.0") {
		t.Errorf("a product the profile had was added again:\n%s", out)
	}
	products := profileProducts(t, dir, "Alpine Dairy AG", "web")
	if len(products) != 63 || products[0] != "pkg:composer/asm89/stack-cors@1.3.0" || !slices.Contains(products, "pkg:composer/laravel/framework@v7.30.6") {
		t.Errorf("profile products = %q", products)
	}

	// The same BOM in XML adds nothing.
	code, out, errs = importSBOM(t, "--data", dir, "--profile", "web", "--org", "alpine dairy ag", strings.TrimSuffix(laravel, ".json")+".xml")
	want := `added 0 products to profile "web" of "Alpine Dairy AG" from CycloneDX 1.4 XML (63 already in the profile)`
	if code != 0 || strings.TrimSpace(out) != want {
		t.Errorf("second import: exit %d\n%s%s\nwant %s", code, out, errs, want)
	}
	if n := len(profileProducts(t, dir, "Alpine Dairy AG", "web")); n != 63 {
		t.Errorf("%d products after the second import; want 63", n)
	}
}

func TestProfileImportSBOMSkipsAndRepeats(t *testing.T) {
	t.Parallel()
	corpus := testutil.Corpus(t, "sbom")
	dir := sbomInstance(t)
	for _, tc := range []struct {
		file    string
		summary string
		added   int
	}{
		{"spdx/appbomination.spdx.json", `added 5 products to profile "network" of "Bergbahn GmbH" from SPDX 2.2 JSON (2 components had no PURL/CPE/vendor and were skipped)`, 5},
		{"spdx/openssl-3.0.7-18.el9_2.spdx.json", `added 8 products to profile "network" of "Bergbahn GmbH" from SPDX 2.3 JSON (30 components repeated a product listed before)`, 8},
		{"spdx/example6-bin.spdx", `added 0 products to profile "network" of "Bergbahn GmbH" from SPDX 2.2 tag-value (1 component had no PURL/CPE/vendor and was skipped)`, 0},
	} {
		code, out, errs := importSBOM(t, "--data", dir, "--profile", "network", "--org", "Bergbahn GmbH", filepath.Join(corpus, tc.file))
		lines := strings.Split(strings.TrimSpace(out), "\n")
		if code != 0 || lines[len(lines)-1] != tc.summary || len(lines) != tc.added+1 {
			t.Errorf("%s: exit %d\n%s%s\nwant %d lines ending %s", tc.file, code, out, errs, tc.added+1, tc.summary)
		}
	}
	got := profileProducts(t, dir, "Bergbahn GmbH", "network")
	if len(got) != 1+5+8 || got[0] != "vendor:cisco" || !slices.Contains(got, "ACT Project/App-BOM-ination@1.0") || !slices.Contains(got, "pkg:rpm/redhat/openssl-libs@3.0.7-18.el9_2") {
		t.Errorf("products = %q", got)
	}
	if other := profileProducts(t, dir, "Alpine Dairy AG", "network"); !slices.Equal(other, []string{"vendor:fortinet"}) {
		t.Errorf("the other organisation's profile changed: %q", other)
	}
}

func TestProfileImportSBOMErrors(t *testing.T) {
	t.Parallel()
	corpus := testutil.Corpus(t, "sbom")
	dir := sbomInstance(t)
	zlib := filepath.Join(corpus, "cyclonedx", "alpine-zlib-16.cdx.json")
	for _, tc := range []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"help", []string{"--help"}, 0, "Usage: tocsin profile import-sbom --profile NAME [--org NAME] FILE"},
		{"no profile", []string{zlib}, 2, "--profile is required"},
		{"no file", []string{"--profile", "web"}, 2, "give exactly one SBOM file"},
		{"two files", []string{"--profile", "web", zlib, zlib}, 2, "give exactly one SBOM file"},
		{"ambiguous profile", []string{"--profile", "network", zlib}, 2, `several organisations have a profile named "network" ("network" of "Alpine Dairy AG", "network" of "Bergbahn GmbH"); give --org NAME`},
		{"unknown profile", []string{"--profile", "desktops", zlib}, 1, `no profile named "desktops"`},
		{"unknown org", []string{"--profile", "web", "--org", "Nobody Ltd", zlib}, 1, `organisation "Nobody Ltd" not found`},
		{"profile not in org", []string{"--profile", "web", "--org", "Bergbahn GmbH", zlib}, 1, `"Bergbahn GmbH" has no profile named "web"`},
		{"missing file", []string{"--profile", "web", filepath.Join(dir, "none.json")}, 1, "read SBOM: open"},
		{"unsupported version", []string{"--profile", "web", filepath.Join(corpus, "cyclonedx", "dropwizard-1.3.15.bom.xml")}, 1, "found CycloneDX 1.2 XML; Tocsin reads CycloneDX 1.4, 1.5 and 1.6"},
		{"not an SBOM", []string{"--profile", "web", filepath.Join(dir, instance.DBFile)}, 1, "not a CycloneDX or SPDX document"},
		{"VEX without components", []string{"--profile", "web", filepath.Join(corpus, "cyclonedx", "vex.json")}, 1, "the CycloneDX 1.4 JSON document lists no components"},
	} {
		code, out, errs := importSBOM(t, append(tc.args, "--data", dir)...)
		if code != tc.code || !strings.Contains(out+errs, tc.msg) {
			t.Errorf("%s: exit %d (want %d), output lacks %q:\n%s%s", tc.name, code, tc.code, tc.msg, out, errs)
		}
	}
	if got := profileProducts(t, dir, "Alpine Dairy AG", "web"); len(got) != 1 {
		t.Errorf("failed imports changed the profile: %q", got)
	}
	if code, _, errs := importSBOM(t, "--profile", "web", zlib, "--data", filepath.Join(dir, "nothing-here")); code != 1 || !strings.Contains(errs, "tocsin init") {
		t.Errorf("no instance: exit %d, %s", code, errs)
	}
}
