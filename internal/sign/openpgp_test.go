package sign

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tocsin-cert/tocsin/internal/testutil"
)

// newKey generates a fresh key for a test.
func newKey(t *testing.T) *OpenPGP {
	t.Helper()
	k, err := GenerateOpenPGP("Tocsin Test CERT", "cert@example.org", time.Now())
	if err != nil {
		t.Fatalf("GenerateOpenPGP: %v", err)
	}
	return k
}

// gpgHome makes a fresh GNUPGHOME (mode 0700) holding k's public key and
// returns a function that runs gpg in it.
func gpgHome(t *testing.T, k *OpenPGP) func(args ...string) (string, error) {
	t.Helper()
	gpg := testutil.RequireTool(t, "gpg")
	home := t.TempDir()
	if err := os.Chmod(home, 0o700); err != nil {
		t.Fatal(err)
	}
	run := func(args ...string) (string, error) {
		cmd := exec.Command(gpg, append([]string{"--homedir", home, "--batch", "--no-tty", "--status-fd", "1"}, args...)...)
		cmd.Env = append(os.Environ(), "GNUPGHOME="+home, "LC_ALL=C")
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	pub, err := k.PublicArmored()
	if err != nil {
		t.Fatalf("PublicArmored: %v", err)
	}
	pubFile := filepath.Join(t.TempDir(), "pub.asc")
	if err := os.WriteFile(pubFile, pub, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := run("--import", pubFile)
	if err != nil {
		t.Fatalf("gpg --import: %v\n%s", err, out)
	}
	if !strings.Contains(out, "IMPORT_OK") {
		t.Fatalf("gpg --import did not import the key:\n%s", out)
	}
	out, err = run("--with-colons", "--list-keys", k.Fingerprint())
	if err != nil {
		t.Fatalf("gpg --list-keys: %v\n%s", err, out)
	}
	if !strings.Contains(out, "uid:") || !strings.Contains(out, "Tocsin Test CERT <cert@example.org>") {
		t.Fatalf("gpg dropped the user ID:\n%s", out)
	}
	if !strings.Contains(out, "fpr:::::::::"+k.Fingerprint()+":") {
		t.Fatalf("gpg lists another fingerprint than %s:\n%s", k.Fingerprint(), out)
	}
	return run
}

func TestGenerateSaveLoadSignVerifyWithGPG(t *testing.T) {
	t.Parallel()
	k := newKey(t)
	if fp := k.Fingerprint(); len(fp) != 40 || strings.ToUpper(fp) != fp {
		t.Fatalf("Fingerprint() = %q, want 40 upper-case hex digits", fp)
	}
	if got, want := k.UserID(), "Tocsin Test CERT <cert@example.org>"; got != want {
		t.Errorf("UserID() = %q, want %q", got, want)
	}

	path := filepath.Join(t.TempDir(), "keys", "nested", "instance.asc")
	if err := k.Save(path); err != nil {
		t.Fatalf("Save: %v", err)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("key file mode = %o, want 600", st.Mode().Perm())
	}
	dst, err := os.Stat(filepath.Dir(path))
	if err != nil {
		t.Fatal(err)
	}
	if dst.Mode().Perm() != 0o700 {
		t.Errorf("key folder mode = %o, want 700", dst.Mode().Perm())
	}
	entries, err := os.ReadDir(filepath.Dir(path))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 {
		t.Errorf("key folder holds %d entries, want only the key (temporary file left behind?)", len(entries))
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(raw, []byte("-----BEGIN PGP PRIVATE KEY BLOCK-----")) {
		t.Errorf("saved key is not an armored private key:\n%.80s", raw)
	}

	loaded, err := LoadOpenPGP(path)
	if err != nil {
		t.Fatalf("LoadOpenPGP: %v", err)
	}
	if loaded.Fingerprint() != k.Fingerprint() {
		t.Fatalf("loaded fingerprint %s, want %s", loaded.Fingerprint(), k.Fingerprint())
	}

	// Sign with the loaded key, verify with gpg holding the original's
	// public key.
	run := gpgHome(t, k)
	dir := t.TempDir()
	tests := []struct {
		name      string
		sign      func([]byte) ([]byte, error)
		data      string
		sigClass  string // as in gpg --list-packets
		tampered  string
		verifyLF  bool // also verify an LF-only copy (text signatures only)
		wantClass byte
	}{
		{name: "text CRLF", sign: loaded.DetachSignText, data: "Advisory TOCSIN-2026-0001\r\nSeverity: high\r\n", tampered: "Advisory TOCSIN-2026-0001\r\nSeverity: low\r\n", verifyLF: true, wantClass: 0x01},
		{name: "text LF canonicalised", sign: loaded.DetachSignText, data: "line one\nline two\n", tampered: "line one\nline 2\n", verifyLF: true, wantClass: 0x01},
		{name: "text non-ASCII", sign: loaded.DetachSignText, data: "Schwachstelle in Ölpumpe\r\n", tampered: "Schwachstelle in Olpumpe\r\n", wantClass: 0x01},
		{name: "binary", sign: loaded.DetachSign, data: "{\"document\":{}}\n\x00\xff", tampered: "{\"document\":{}}\r\n\x00\xff", wantClass: 0x00},
		{name: "binary empty", sign: loaded.DetachSign, data: "", tampered: "\n", wantClass: 0x00},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sig, err := tc.sign([]byte(tc.data))
			if err != nil {
				t.Fatalf("sign: %v", err)
			}
			if !bytes.HasPrefix(sig, []byte("-----BEGIN PGP SIGNATURE-----")) {
				t.Fatalf("signature is not armored:\n%s", sig)
			}
			sigFile := filepath.Join(dir, fmt.Sprintf("%d.asc", i))
			dataFile := filepath.Join(dir, fmt.Sprintf("%d.txt", i))
			badFile := filepath.Join(dir, fmt.Sprintf("%d.bad", i))
			for name, b := range map[string][]byte{sigFile: sig, dataFile: []byte(tc.data), badFile: []byte(tc.tampered)} {
				if err := os.WriteFile(name, b, 0o600); err != nil {
					t.Fatal(err)
				}
			}

			out, err := run("--list-packets", sigFile)
			if err != nil {
				t.Fatalf("gpg --list-packets: %v\n%s", err, out)
			}
			if want := fmt.Sprintf("sigclass 0x%02x", tc.wantClass); !strings.Contains(out, want) {
				t.Errorf("signature packet lacks %q:\n%s", want, out)
			}
			if !strings.Contains(out, "digest algo 8") { // SHA-256
				t.Errorf("signature is not SHA-256:\n%s", out)
			}
			if !strings.Contains(out, ":signature packet: algo 22,") { // legacy EdDSA
				t.Errorf("signature is not legacy EdDSA (22):\n%s", out)
			}

			out, err = run("--verify", sigFile, dataFile)
			if err != nil || !strings.Contains(out, "GOODSIG") || !strings.Contains(out, "VALIDSIG "+k.Fingerprint()) {
				t.Fatalf("gpg --verify: err=%v, want GOODSIG by %s:\n%s", err, k.Fingerprint(), out)
			}
			if tc.verifyLF {
				lf := filepath.Join(dir, fmt.Sprintf("%d.lf", i))
				if err := os.WriteFile(lf, []byte(strings.ReplaceAll(tc.data, "\r\n", "\n")), 0o600); err != nil {
					t.Fatal(err)
				}
				if out, err := run("--verify", sigFile, lf); err != nil || !strings.Contains(out, "GOODSIG") {
					t.Errorf("gpg --verify of the LF copy: err=%v\n%s", err, out)
				}
			}
			out, err = run("--verify", sigFile, badFile)
			if err == nil || strings.Contains(out, "GOODSIG") || !strings.Contains(out, "BADSIG") {
				t.Fatalf("gpg --verify of tampered data: err=%v, want BADSIG:\n%s", err, out)
			}
		})
	}
}

func TestSaveRefusesToOverwrite(t *testing.T) {
	t.Parallel()
	k := newKey(t)
	path := filepath.Join(t.TempDir(), "key.asc")
	if err := os.WriteFile(path, []byte("precious"), 0o600); err != nil {
		t.Fatal(err)
	}
	err := k.Save(path)
	if !errors.Is(err, fs.ErrExist) {
		t.Fatalf("Save over an existing file: err = %v, want fs.ErrExist", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "precious" {
		t.Fatalf("existing file was changed to %q", b)
	}
	if entries, _ := os.ReadDir(filepath.Dir(path)); len(entries) != 1 {
		t.Fatalf("temporary file left behind: %v", entries)
	}
}

func TestLoadOpenPGPErrors(t *testing.T) {
	t.Parallel()
	k := newKey(t)
	pub, err := k.PublicArmored()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(pub, []byte("-----BEGIN PGP PUBLIC KEY BLOCK-----")) {
		t.Fatalf("PublicArmored:\n%s", pub)
	}
	if bytes.Contains(pub, []byte("PRIVATE")) {
		t.Fatal("PublicArmored output mentions a private key")
	}
	two := filepath.Join(t.TempDir(), "two.asc")
	{
		k2 := newKey(t)
		p1, p2 := filepath.Join(t.TempDir(), "1.asc"), filepath.Join(t.TempDir(), "2.asc")
		if err := k.Save(p1); err != nil {
			t.Fatal(err)
		}
		if err := k2.Save(p2); err != nil {
			t.Fatal(err)
		}
		b1, _ := os.ReadFile(p1)
		b2, _ := os.ReadFile(p2)
		// Two armored blocks in one file: only the first is read.
		if err := os.WriteFile(two, append(b1, b2...), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name    string
		content []byte
		want    string
	}{
		{name: "public key", content: pub, want: "not the exported public key"},
		{name: "garbage", content: []byte("hello\n"), want: "not an ASCII-armored OpenPGP key"},
		{name: "empty", content: nil, want: "not an ASCII-armored OpenPGP key"},
		{name: "broken armor body", content: []byte("-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nAAAA\n=AAAA\n-----END PGP PRIVATE KEY BLOCK-----\n"), want: "load OpenPGP key"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), "key.asc")
			if err := os.WriteFile(path, tc.content, 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := LoadOpenPGP(path)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("LoadOpenPGP: err = %v, want it to contain %q", err, tc.want)
			}
			if !strings.Contains(err.Error(), path) {
				t.Errorf("error %q does not name the file", err)
			}
		})
	}
	if _, err := LoadOpenPGP(filepath.Join(t.TempDir(), "missing.asc")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("LoadOpenPGP of a missing file: err = %v, want fs.ErrNotExist", err)
	}
	if got, err := LoadOpenPGP(two); err != nil || got.Fingerprint() != k.Fingerprint() {
		t.Errorf("LoadOpenPGP of two concatenated files: %v, %v; want the first key", got, err)
	}
}

func TestGenerateOpenPGPRejectsBadInput(t *testing.T) {
	t.Parallel()
	now := time.Now()
	tests := []struct {
		name, user, email string
		now               time.Time
	}{
		{name: "empty e-mail", user: "CERT", email: "", now: now},
		{name: "empty name", user: "", email: "cert@example.org", now: now},
		{name: "angle bracket", user: "CERT <evil>", email: "cert@example.org", now: now},
		{name: "newline", user: "CERT", email: "cert@exa\nmple.org", now: now},
		{name: "zero time", user: "CERT", email: "cert@example.org"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if _, err := GenerateOpenPGP(tc.user, tc.email, tc.now); err == nil {
				t.Fatal("GenerateOpenPGP succeeded, want an error")
			}
		})
	}
}

func TestPrintingNeverShowsTheKey(t *testing.T) {
	t.Parallel()
	k := newKey(t)
	path := filepath.Join(t.TempDir(), "key.asc")
	if err := k.Save(path); err != nil {
		t.Fatal(err)
	}
	var logBuf bytes.Buffer
	slog.New(slog.NewTextHandler(&logBuf, nil)).Info("loaded", "key", k)
	for _, s := range []string{
		fmt.Sprint(k), fmt.Sprintf("%v", k), fmt.Sprintf("%+v", k), fmt.Sprintf("%#v", k), fmt.Sprintf("%s", k), logBuf.String(),
	} {
		if !strings.Contains(s, k.Fingerprint()) {
			t.Errorf("%q does not show the fingerprint", s)
		}
		if strings.Contains(s, "PRIVATE") || strings.Contains(s, "0x") {
			t.Errorf("%q may show key material", s)
		}
	}
}
