package main

import (
	"bytes"
	"io"
	"mime"
	"mime/multipart"
	"net/mail"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/tocsin-cert/tocsin/internal/testutil"
)

// builtBinary is the tocsin binary TestMain builds once for this package's
// tests.
var builtBinary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "tocsin-e2e")
	if err != nil {
		panic(err)
	}
	builtBinary = filepath.Join(dir, "tocsin")
	if out, err := exec.Command("go", "build", "-o", builtBinary, ".").CombinedOutput(); err != nil {
		os.RemoveAll(dir)
		panic("go build: " + err.Error() + "\n" + string(out))
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func binary(t *testing.T) string {
	t.Helper()
	return builtBinary
}

type runner struct {
	t    *testing.T
	bin  string
	data string
}

// run runs tocsin with the data directory and returns stdout; it fails the
// test when the exit code differs from want.
func (r runner) run(want int, args ...string) string {
	r.t.Helper()
	cmd := exec.Command(r.bin, append([]string{"--data", r.data}, args...)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		r.t.Fatalf("tocsin %v: %v", args, err)
	}
	if code != want {
		r.t.Fatalf("tocsin %s: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), code, want, stdout.String(), stderr.String())
	}
	return stdout.String()
}

func maildirFiles(t *testing.T, dir string) []string {
	t.Helper()
	var files []string
	for _, sub := range []string{"new", "cur"} {
		es, err := os.ReadDir(filepath.Join(dir, sub))
		if err != nil {
			t.Fatalf("read Maildir: %v", err)
		}
		for _, e := range es {
			files = append(files, filepath.Join(dir, sub, e.Name()))
		}
	}
	return files
}

// TestEndToEnd drives the binary as a CERT operator would: init, an SME with
// a profile naming a product of a real CISA advisory, import --publish,
// deliver --once; exactly one signed message reaches the recipient, gpg
// verifies it with the exported key, profiles for other versions and
// products get nothing, and a second delivery run sends nothing new.
func TestEndToEnd(t *testing.T) {
	t.Parallel()
	gpg := testutil.RequireTool(t, "gpg")
	advisoryFile := testutil.Corpus(t, "csaf/cisa/icsa-22-167-14.json")
	r := runner{t: t, bin: binary(t), data: filepath.Join(t.TempDir(), "data")}

	out := r.run(0, "init", "--name", "Test CERT", "--email", "cert@test.example")
	if !regexp.MustCompile(`Administrator password: \S+`).MatchString(out) {
		t.Errorf("init does not print the administrator password:\n%s", out)
	}
	r.run(0, "org", "add", "--type", "sme", "--name", "Alpine Dairy AG")
	r.run(0, "org", "add", "--type", "sme", "--name", "Harbour Logistics")
	// RX1500 below V2.15.1 is affected: 2.14 matches, 2.16 does not.
	r.run(0, "profile", "add", "--org", "Alpine Dairy AG", "--name", "network",
		"--product", "siemens/ruggedcom rox rx1500@2.14", "--recipient", "ot@alpine-dairy.test", "--level", "expert")
	r.run(0, "profile", "add", "--org", "Harbour Logistics", "--name", "patched routers",
		"--product", "siemens/ruggedcom rox rx1500@2.16", "--recipient", "it@harbour.test")
	r.run(0, "profile", "add", "--org", "Harbour Logistics", "--name", "plc",
		"--product", "siemens/simatic s7-300", "--recipient", "plc@harbour.test")

	out = r.run(0, "import", "--publish", advisoryFile)
	if !strings.Contains(out, "ICSA-22-167-14") || !strings.Contains(out, "1 profile matched") {
		t.Errorf("import output:\n%s", out)
	}
	out = r.run(0, "deliver", "--once")
	if !strings.Contains(out, "Sent 1,") {
		t.Errorf("deliver --once: %s", out)
	}
	maildir := filepath.Join(r.data, "mail")
	files := maildirFiles(t, maildir)
	if len(files) != 1 {
		t.Fatalf("Maildir holds %d messages, want 1", len(files))
	}
	raw, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("parse message: %v", err)
	}
	if to := msg.Header.Get("To"); !strings.Contains(to, "ot@alpine-dairy.test") {
		t.Errorf("To = %q", to)
	}
	subject, _ := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	for _, want := range []string{"TLP:CLEAR", "ICSA-22-167-14", "HIGH"} {
		if !strings.Contains(strings.ToUpper(subject), strings.ToUpper(want)) {
			t.Errorf("subject %q lacks %q", subject, want)
		}
	}

	// Verify the PGP/MIME signature with gpg, as a mail client would.
	signed, sig, text := splitSigned(t, msg)
	dir := t.TempDir()
	gnupg := filepath.Join(dir, "gnupg")
	if err := os.Mkdir(gnupg, 0o700); err != nil {
		t.Fatal(err)
	}
	key := r.run(0, "keys", "export")
	writeFile(t, filepath.Join(dir, "key.asc"), key)
	writeFile(t, filepath.Join(dir, "part.txt"), string(signed))
	writeFile(t, filepath.Join(dir, "part.sig"), string(sig))
	gpgRun := func(args ...string) (string, error) {
		cmd := exec.Command(gpg, append([]string{"--batch", "--homedir", gnupg}, args...)...)
		b, err := cmd.CombinedOutput()
		return string(b), err
	}
	if out, err := gpgRun("--import", filepath.Join(dir, "key.asc")); err != nil {
		t.Fatalf("gpg --import: %v\n%s", err, out)
	}
	if out, err := gpgRun("--verify", filepath.Join(dir, "part.sig"), filepath.Join(dir, "part.txt")); err != nil || !strings.Contains(out, "Good signature") {
		t.Fatalf("gpg --verify: %v\n%s", err, out)
	}
	// Tampering breaks it.
	writeFile(t, filepath.Join(dir, "part.txt"), strings.Replace(string(signed), "CVE-2022-0778", "CVE-2022-0779", 1))
	if out, err := gpgRun("--verify", filepath.Join(dir, "part.sig"), filepath.Join(dir, "part.txt")); err == nil {
		t.Errorf("gpg accepted a tampered message:\n%s", out)
	}
	for _, want := range []string{"ICSA-22-167-14", "CVE-2022-0778", "RUGGEDCOM ROX RX1500", "Why you receive this", "siemens/ruggedcom rox rx1500@2.14"} {
		if !strings.Contains(strings.Join(strings.Fields(text), " "), want) {
			t.Errorf("message body lacks %q", want)
		}
	}

	// Nothing new on a second run; re-import and re-publish change nothing.
	out = r.run(0, "deliver", "--once")
	if !strings.Contains(out, "Sent 0,") {
		t.Errorf("second deliver --once: %s", out)
	}
	out = r.run(0, "import", "--publish", advisoryFile)
	if !strings.Contains(out, "unchanged") || !strings.Contains(out, "0 new deliveries") {
		t.Errorf("second import: %s", out)
	}
	r.run(0, "deliver", "--once")
	if n := len(maildirFiles(t, maildir)); n != 1 {
		t.Errorf("Maildir holds %d messages after re-import, want 1", n)
	}
	// A profile added later sees the advisory in the archive but gets no mail.
	out = r.run(0, "profile", "add", "--org", "Harbour Logistics", "--name", "late", "--product", "vendor:siemens", "--recipient", "late@harbour.test")
	if !strings.Contains(out, "It matches 1 advisory published before") {
		t.Errorf("profile add after publication: %s", out)
	}
	r.run(0, "deliver", "--once")
	if n := len(maildirFiles(t, maildir)); n != 1 {
		t.Errorf("Maildir holds %d messages after a late profile, want 1", n)
	}
	// Why was the 2.16 profile not told? match explain says.
	out = r.run(0, "match", "explain", "ICSA-22-167-14", "--profile", "patched routers")
	if !strings.Contains(out, "does not contain subscribed 2.16") || !strings.Contains(out, "Verdict: not notified") {
		t.Errorf("match explain for the 2.16 profile:\n%s", out)
	}
	out = r.run(0, "match", "explain", "ICSA-22-167-14", "--profile", "network")
	if !strings.Contains(out, "NOTIFIES  RUGGEDCOM ROX RX1500") || !strings.Contains(out, "Verdict: the profile is notified") {
		t.Errorf("match explain for the 2.14 profile:\n%s", out)
	}
	// Options may follow the id.
	if out := r.run(0, "advisory", "show", "ICSA-22-167-14", "--format", "html", "--level", "expert"); !strings.Contains(out, "<html") || !strings.Contains(out, "CVE-2022-0778") {
		t.Errorf("advisory show ID --format html: not HTML")
	}
	r.run(2, "advisory", "show", "ICSA-22-167-14", "extra")
	out = r.run(0, "deliveries", "ICSA-22-167-14")
	if !strings.Contains(out, "ot@alpine-dairy.test") || !strings.Contains(out, "sent") {
		t.Errorf("deliveries:\n%s", out)
	}
	if strings.Contains(out, "it@harbour") || strings.Contains(out, "plc@harbour") {
		t.Errorf("an unaffected profile was matched:\n%s", out)
	}
}

// splitSigned returns the signed first part exactly as transmitted (headers
// and body, CRLF), the signature, and the decoded text of the message.
func splitSigned(t *testing.T, msg *mail.Message) (signed, sig []byte, text string) {
	t.Helper()
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/signed" || params["protocol"] != "application/pgp-signature" {
		t.Fatalf("Content-Type = %q, want multipart/signed with protocol application/pgp-signature", msg.Header.Get("Content-Type"))
	}
	body, err := io.ReadAll(msg.Body)
	if err != nil {
		t.Fatal(err)
	}
	delim := []byte("--" + params["boundary"])
	parts := bytes.Split(body, delim)
	if len(parts) < 3 {
		t.Fatalf("multipart/signed has %d parts", len(parts)-1)
	}
	first := parts[1]
	first = bytes.TrimPrefix(first, []byte("\r\n"))
	first = bytes.TrimSuffix(first, []byte("\r\n"))
	signed = first

	mr := multipart.NewReader(bytes.NewReader(body), params["boundary"])
	p1, err := mr.NextPart()
	if err != nil {
		t.Fatal(err)
	}
	text = decodedText(t, p1)
	p2, err := mr.NextPart()
	if err != nil {
		t.Fatal(err)
	}
	if ct := p2.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/pgp-signature") {
		t.Fatalf("second part is %q", ct)
	}
	sig, _ = io.ReadAll(p2)
	return signed, sig, text
}

// decodedText collects the text of a part, descending into multiparts.
func decodedText(t *testing.T, p *multipart.Part) string {
	t.Helper()
	mt, params, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
	if strings.HasPrefix(mt, "multipart/") {
		var b strings.Builder
		mr := multipart.NewReader(p, params["boundary"])
		for {
			q, err := mr.NextPart()
			if err != nil {
				break
			}
			b.WriteString(decodedText(t, q))
		}
		return b.String()
	}
	b, _ := io.ReadAll(p) // multipart.Part decodes quoted-printable
	return string(b)
}

func writeFile(t *testing.T, path, s string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(s), 0o600); err != nil {
		t.Fatal(err)
	}
}

// runCode runs tocsin and returns its exit code and combined output.
func (r runner) runCode(args ...string) (int, string) {
	r.t.Helper()
	cmd := exec.Command(r.bin, append([]string{"--data", r.data}, args...)...)
	out, err := cmd.CombinedOutput()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode(), string(out)
	} else if err != nil {
		r.t.Fatalf("tocsin %v: %v", args, err)
	}
	return 0, string(out)
}
