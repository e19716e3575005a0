package cli

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

func run(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(context.Background(), args, Env{Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }})
	return code, out.String(), errb.String()
}

// TestHelp checks that every command and subcommand answers --help with its
// usage on stdout and exit code 0.
func TestHelp(t *testing.T) {
	t.Parallel()
	cases := [][]string{{"--help"}, {"help"}}
	for _, c := range commands() {
		cases = append(cases, []string{c.name, "--help"}, []string{"help", c.name})
	}
	for _, sub := range [][]string{{"org", "add"}, {"org", "list"}, {"user", "add"}, {"user", "passwd"}, {"profile", "add"}, {"profile", "list"}, {"profile", "import-sbom"}, {"export"}, {"match", "explain"}, {"token", "create"}, {"profile", "set"}, {"profile", "remove"}, {"catalogue", "vendors"}, {"catalogue", "products"}, {"catalogue", "import-cpe"}, {"group", "add"}, {"group", "join"}, {"group", "list"}, {"advisory", "list"}, {"advisory", "show"}, {"keys", "export"}} {
		cases = append(cases, append(sub, "--help"))
	}
	for _, args := range cases {
		code, out, errs := run(t, args...)
		if code != 0 || !strings.Contains(out, "Usage") {
			t.Errorf("tocsin %s: exit %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), code, out, errs)
		}
	}
}

func TestUsageErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, tc := range []struct {
		args []string
		code int
		msg  string
	}{
		{nil, 2, "Commands:"},
		{[]string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{[]string{"init"}, 2, "--name and --email are required"},
		{[]string{"init", "--name", "X", "--email", "not-an-address", "--data", dir + "/x"}, 1, "not an e-mail address"},
		{[]string{"org", "add", "--type", "bank", "--name", "X"}, 2, "--type sme"},
		{[]string{"org", "frob"}, 2, "unknown subcommand"},
		{[]string{"import", "--data", dir + "/none"}, 2, "at least one file"},
		{[]string{"import", "--data", dir + "/none", "x.json"}, 1, "tocsin init"},
		{[]string{"profile", "add", "--org", "A", "--name", "p", "--product", "cpe:2.3:bad", "--recipient", "a@b.example"}, 1, "product"},
		{[]string{"profile", "add", "--org", "A", "--name", "p", "--product", "vendor:acme", "--recipient", "not an address"}, 1, "not an e-mail address"},
		{[]string{"profile", "add", "--org", "A", "--name", "p", "--product", "vendor:acme", "--recipient", "a@b.example", "--format", "pdf"}, 2, "--format must be txt, html, xml or json"},
		{[]string{"advisory", "show", "X", "--format", "pdf"}, 2, "--format must be"},
		{[]string{"profile", "add", "--org", "A", "--name", "p", "--product", "vendor:acme", "--recipient", "ops@bücher.example"}, 1, "plain ASCII"},
		{[]string{"profile", "add", "--org", "A", "--name", "p", "--product", "vendor:acme", "--recipient", `"john smith"@x.example`}, 1, "plain ASCII"},
		{[]string{"init", "--name", "X", "--email", "cert@ünï.example", "--data", dir + "/y"}, 1, "plain ASCII"},
	} {
		code, out, errs := run(t, tc.args...)
		if code != tc.code || !strings.Contains(out+errs, tc.msg) {
			t.Errorf("tocsin %s: exit %d (want %d), output lacks %q:\n%s%s", strings.Join(tc.args, " "), code, tc.code, tc.msg, out, errs)
		}
	}
}
