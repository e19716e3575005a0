package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tocsin-cert/tocsin/internal/sign"
	"github.com/tocsin-cert/tocsin/internal/testutil"
)

// TestRecipientKeys: a recipient's OpenPGP key is checked and kept with the
// profile; a key for another address is refused; removing the recipient
// drops the key.
func TestRecipientKeys(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	must := func(args ...string) string {
		t.Helper()
		code, out, errs := run(t, append([]string{"--data", data}, args...)...)
		if code != 0 {
			t.Fatalf("tocsin %s: %d\n%s%s", strings.Join(args, " "), code, out, errs)
		}
		return out
	}
	must("init", "--name", "T", "--email", "c@t.example")
	must("org", "add", "--type", "sme", "--name", "Acme")
	must("profile", "add", "--org", "Acme", "--name", "p", "--product", "vendor:acme", "--recipient", "ops@acme.example", "--recipient", "boss@acme.example")
	k, err := sign.GenerateOpenPGP("Ops", "ops@acme.example", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	pub, _ := k.PublicArmored()
	keyFile := filepath.Join(dir, "ops.asc")
	os.WriteFile(keyFile, pub, 0o600)
	must("profile", "set", "--profile", "p", "--recipient-key", "ops@acme.example="+keyFile)
	if out := must("profile", "list"); !strings.Contains(out, "ops@acme.example  (encrypt: openpgp "+k.Fingerprint()) {
		t.Errorf("profile list:\n%s", out)
	}
	code, out, errs := run(t, "--data", data, "profile", "set", "--profile", "p", "--recipient-key", "boss@acme.example="+keyFile)
	if code != 1 || !strings.Contains(out+errs, "not boss@acme.example") {
		t.Errorf("a key for another address: %d %s%s", code, out, errs)
	}
	must("profile", "set", "--profile", "p", "--remove-recipient", "ops@acme.example")
	if out := must("profile", "list"); strings.Contains(out, "encrypt:") {
		t.Errorf("the removed recipient's key stayed:\n%s", out)
	}
}

// TestDigestScheduleRefused: until digests exist, a digest schedule is
// refused rather than accepted and ignored.
func TestDigestScheduleRefused(t *testing.T) {
	t.Parallel()
	data := filepath.Join(t.TempDir(), "data")
	for _, args := range [][]string{
		{"init", "--name", "T", "--email", "c@t.example"},
		{"org", "add", "--type", "sme", "--name", "Acme"},
		{"profile", "add", "--org", "Acme", "--name", "p", "--product", "vendor:acme", "--recipient", "ops@acme.example"},
	} {
		if code, out, errs := run(t, append([]string{"--data", data}, args...)...); code != 0 {
			t.Fatalf("%v: %s%s", args, out, errs)
		}
	}
	code, out, errs := run(t, "--data", data, "profile", "set", "--profile", "p", "--schedule", "daily@07")
	if code != 2 || !strings.Contains(out+errs, "not available yet") {
		t.Errorf("daily schedule: %d %s%s", code, out, errs)
	}
}

// TestValidateCapsFindingsPerTest: a test with hundreds of findings shows
// ten and a count, not a thousand lines.
func TestValidateCapsFindingsPerTest(t *testing.T) {
	t.Parallel()
	file := testutil.Corpus(t, "csaf/redhat/rhsa-2024_2049.json")
	code, out, _ := run(t, "validate", "--all", file)
	if code != 0 || strings.Count(out, "\n") > 60 || !strings.Contains(out, "more findings of this test") {
		t.Errorf("validate --all: exit %d, %d lines", code, strings.Count(out, "\n"))
	}
	_, all, _ := run(t, "validate", "--all", "--max-per-test", "0", file)
	if strings.Count(all, "\n") < 500 {
		t.Errorf("--max-per-test 0 shows %d lines", strings.Count(all, "\n"))
	}
}
