package mail

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	netmail "net/mail"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tocsin-cert/tocsin/internal/sign"
	"github.com/tocsin-cert/tocsin/internal/testutil"
)

// key generates a fresh OpenPGP key for a test (Ed25519 is fast).
func key(t *testing.T) *sign.OpenPGP {
	t.Helper()
	k, err := sign.GenerateOpenPGP("Tocsin Test CERT", "cert@example.org", time.Now())
	if err != nil {
		t.Fatalf("GenerateOpenPGP: %v", err)
	}
	return k
}

// gpgVerifier returns a function that runs "gpg --verify sig data" in a
// fresh GNUPGHOME holding k's public key and reports gpg's status output.
func gpgVerifier(t *testing.T, k *sign.OpenPGP) func(sig, data []byte) (string, error) {
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
		t.Fatal(err)
	}
	work := t.TempDir()
	pubFile := filepath.Join(work, "pub.asc")
	if err := os.WriteFile(pubFile, pub, 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := run("--import", pubFile); err != nil {
		t.Fatalf("gpg --import: %v\n%s", err, out)
	}
	n := 0
	var mu sync.Mutex
	return func(sig, data []byte) (string, error) {
		mu.Lock()
		n++
		sigFile := filepath.Join(work, fmt.Sprintf("%d.asc", n))
		dataFile := filepath.Join(work, fmt.Sprintf("%d.txt", n))
		mu.Unlock()
		if err := os.WriteFile(sigFile, sig, 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dataFile, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return run("--verify", sigFile, dataFile)
	}
}

// splitSigned cuts a multipart/signed message like a mail client does: the
// first body part's exact bytes (after its boundary line's CRLF, up to the
// CRLF before the next boundary) and the signature part's body.
func splitSigned(t *testing.T, raw []byte) (header netmail.Header, part1, sig []byte) {
	t.Helper()
	msg, err := netmail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("net/mail cannot read the message: %v", err)
	}
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil {
		t.Fatalf("Content-Type: %v", err)
	}
	if mt != "multipart/signed" || params["micalg"] != "pgp-sha256" || params["protocol"] != "application/pgp-signature" {
		t.Fatalf("Content-Type = %q, want multipart/signed; micalg=pgp-sha256; protocol=application/pgp-signature", msg.Header.Get("Content-Type"))
	}
	delim := []byte("--" + params["boundary"] + "\r\n")
	start := bytes.Index(raw, delim)
	if start < 0 {
		t.Fatal("first boundary not found")
	}
	start += len(delim)
	end := bytes.Index(raw[start:], []byte("\r\n--"+params["boundary"]))
	if end < 0 {
		t.Fatal("second boundary not found")
	}
	part1 = raw[start : start+end]

	body, err := io.ReadAll(msg.Body)
	if err != nil {
		t.Fatal(err)
	}
	mr := multipart.NewReader(bytes.NewReader(body), params["boundary"])
	p1, err := mr.NextRawPart()
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, p1)
	p2, err := mr.NextRawPart()
	if err != nil {
		t.Fatalf("signature part: %v", err)
	}
	if got := p2.Header.Get("Content-Type"); !strings.HasPrefix(got, "application/pgp-signature") {
		t.Fatalf("second part Content-Type = %q", got)
	}
	sig, err = io.ReadAll(p2)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := mr.NextRawPart(); err != io.EOF {
		t.Fatalf("more than two parts in multipart/signed: %v", err)
	}
	return msg.Header, part1, sig
}

// decodeContent parses the content entity (part1 or a whole unsigned
// message) and returns the decoded text and HTML.
func decodeContent(t *testing.T, entity []byte) (text, html string) {
	t.Helper()
	msg, err := netmail.ReadMessage(bytes.NewReader(entity))
	if err != nil {
		t.Fatalf("read content entity: %v", err)
	}
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil {
		t.Fatal(err)
	}
	decode := func(h interface{ Get(string) string }, r io.Reader) string {
		if got := h.Get("Content-Transfer-Encoding"); got != "quoted-printable" {
			t.Errorf("Content-Transfer-Encoding = %q, want quoted-printable", got)
		}
		b, err := io.ReadAll(quotedprintable.NewReader(r))
		if err != nil {
			t.Fatalf("decode quoted-printable: %v", err)
		}
		return string(b)
	}
	switch mt {
	case "text/plain":
		if params["charset"] != "utf-8" {
			t.Errorf("charset = %q", params["charset"])
		}
		return decode(msg.Header, msg.Body), ""
	case "multipart/alternative":
		mr := multipart.NewReader(msg.Body, params["boundary"])
		for _, want := range []string{"text/plain", "text/html"} {
			p, err := mr.NextRawPart()
			if err != nil {
				t.Fatalf("alternative %s: %v", want, err)
			}
			pmt, pp, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
			if pmt != want || pp["charset"] != "utf-8" {
				t.Fatalf("alternative Content-Type = %q, want %s; charset=utf-8", p.Header.Get("Content-Type"), want)
			}
			if want == "text/plain" {
				text = decode(p.Header, p)
			} else {
				html = decode(p.Header, p)
			}
		}
		if _, err := mr.NextRawPart(); err != io.EOF {
			t.Fatalf("extra alternative: %v", err)
		}
		return text, html
	}
	t.Fatalf("unexpected content type %q", mt)
	return "", ""
}

// checkWire checks properties every composed message must have: CRLF only,
// 7-bit, no over-long lines, no trailing blanks in the body.
func checkWire(t *testing.T, raw []byte) {
	t.Helper()
	if bytes.Contains(bytes.ReplaceAll(raw, []byte("\r\n"), nil), []byte("\n")) || bytes.Contains(bytes.ReplaceAll(raw, []byte("\r\n"), nil), []byte("\r")) {
		t.Error("message has bare LF or CR")
	}
	if !bytes.HasSuffix(raw, []byte("\r\n")) {
		t.Error("message does not end with CRLF")
	}
	inBody := false
	for i, line := range strings.Split(string(raw), "\r\n") {
		for _, c := range []byte(line) {
			if c > 0x7e || (c < 0x20 && c != '\t') {
				t.Errorf("line %d has byte %#x: %q", i+1, c, line)
				break
			}
		}
		if line == "" {
			inBody = true
		}
		if inBody && len(line) > 76 && !strings.HasPrefix(line, "--") {
			t.Errorf("body line %d is %d characters long: %q", i+1, len(line), line)
		}
		if len(line) > 998 {
			t.Errorf("line %d is longer than 998 characters", i+1)
		}
		if inBody && (strings.HasSuffix(line, " ") || strings.HasSuffix(line, "\t")) {
			t.Errorf("body line %d ends with a blank: %q", i+1, line)
		}
		if inBody && (strings.HasPrefix(line, "From ") || line == ".") {
			t.Errorf("body line %d is unsafe for mbox or SMTP: %q", i+1, line)
		}
	}
}

func baseMessage() Message {
	return Message{
		From:      "Tocsin CERT <cert@example.org>",
		To:        "Alice <alice@example.net>",
		Subject:   "TOCSIN-2026-0001: OpenSSL vulnerability",
		MessageID: "<tocsin-2026-0001.alice@example.org>",
		Date:      time.Date(2026, 12, 3, 14, 5, 9, 0, time.FixedZone("CET", 3600)),
		Headers:   [][2]string{{"List-Id", "Tocsin advisories <advisories.example.org>"}, {"Auto-Submitted", "auto-generated"}},
		Text:      "Hello,\n\nA vulnerability affects OpenSSL 3.0.\n",
	}
}

func TestComposeSignedVerifiesWithGPG(t *testing.T) {
	t.Parallel()
	k := key(t)
	verify := gpgVerifier(t, k)
	longWord := strings.Repeat("x", 200)
	tests := []struct {
		name string
		edit func(*Message)
	}{
		{name: "text only", edit: func(m *Message) {}},
		{name: "text and HTML", edit: func(m *Message) {
			m.HTML = "<p>Hello,</p>\n<p>A <b>vulnerability</b> affects OpenSSL 3.0 &amp; 3.1.</p>\n"
		}},
		{name: "non-ASCII subject and body", edit: func(m *Message) {
			m.From = "Tocsin-Warndienst Ü <cert@example.org>"
			m.Subject = "Sicherheitshinweis: Schwachstelle in Ölpumpen-Steuerung – kritisch ⚠"
			m.Text = "Grüße,\n\nbetroffen: „Ölpumpe“ ≥ 2.0\n"
			m.HTML = "<p>Grüße – <i>Ölpumpe</i></p>"
		}},
		{name: "awkward text", edit: func(m *Message) {
			m.Text = "From here on, trailing blanks   \nand tabs\t\n.\n.leading dot\n= sign =3D\r\nCRLF line\rlone CR\n" +
				longWord + "\n" + strings.Repeat("From ", 30) + "\nno final newline  "
			m.HTML = "<pre>From x\n.\n</pre>   "
		}},
		{name: "long ASCII subject", edit: func(m *Message) {
			m.Subject = strings.Repeat("OpenSSL buffer overflow in X.509 name constraints ", 4)
		}},
		{name: "subject looking encoded", edit: func(m *Message) {
			m.Subject = "=?utf-8?q?spoofed?= subject"
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m := baseMessage()
			tc.edit(&m)
			raw, err := ComposeSigned(m, k)
			if err != nil {
				t.Fatalf("ComposeSigned: %v", err)
			}
			checkWire(t, raw)
			header, part1, sig := splitSigned(t, raw)

			out, err := verify(sig, part1)
			if err != nil || !strings.Contains(out, "GOODSIG") || !strings.Contains(out, "VALIDSIG "+k.Fingerprint()) {
				t.Fatalf("gpg --verify: err=%v, want GOODSIG:\n%s\n--- part1:\n%s", err, out, part1)
			}
			// A client that stored the part with LF endings also verifies.
			if out, err := verify(sig, bytes.ReplaceAll(part1, []byte("\r\n"), []byte("\n"))); err != nil || !strings.Contains(out, "GOODSIG") {
				t.Errorf("gpg --verify of an LF copy: err=%v\n%s", err, out)
			}
			tampered := bytes.Replace(part1, []byte("quoted-printable\r\n\r\n"), []byte("quoted-printable\r\n\r\nX"), 1)
			if out, err := verify(sig, tampered); err == nil || !strings.Contains(out, "BADSIG") {
				t.Fatalf("gpg --verify of tampered part: err=%v, want BADSIG:\n%s", err, out)
			}

			checkHeaders(t, header, m)
			text, html := decodeContent(t, part1)
			if want := canonical(m.Text); text != want {
				t.Errorf("decoded text:\n%q\nwant\n%q", text, want)
			}
			if want := canonical(m.HTML); html != want {
				t.Errorf("decoded HTML:\n%q\nwant\n%q", html, want)
			}
		})
	}
}

// canonical is the form the text takes in the message: CRLF line endings.
func canonical(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.ReplaceAll(s, "\n", "\r\n")
}

func checkHeaders(t *testing.T, h netmail.Header, m Message) {
	t.Helper()
	dec := new(mime.WordDecoder)
	subject, err := dec.DecodeHeader(h.Get("Subject"))
	if err != nil {
		t.Fatalf("decode Subject %q: %v", h.Get("Subject"), err)
	}
	if subject != strings.TrimSpace(m.Subject) {
		t.Errorf("Subject round trip: got %q, want %q (raw %q)", subject, m.Subject, h.Get("Subject"))
	}
	from, err := h.AddressList("From")
	if err != nil || len(from) != 1 {
		t.Fatalf("From: %v %v", from, err)
	}
	wantFrom, _ := netmail.ParseAddress(m.From)
	if *from[0] != *wantFrom {
		t.Errorf("From = %+v, want %+v", from[0], wantFrom)
	}
	to, err := h.AddressList("To")
	if err != nil {
		t.Fatalf("To: %v", err)
	}
	wantTo, _ := netmail.ParseAddressList(m.To)
	if len(to) != len(wantTo) || *to[0] != *wantTo[0] {
		t.Errorf("To = %v, want %v", to, wantTo)
	}
	date, err := h.Date()
	if err != nil || !date.Equal(m.Date) {
		t.Errorf("Date = %v (%v), want %v", date, err, m.Date)
	}
	if got := h.Get("Message-ID"); got != m.MessageID {
		t.Errorf("Message-ID = %q, want %q", got, m.MessageID)
	}
	if got := h.Get("MIME-Version"); got != "1.0" {
		t.Errorf("MIME-Version = %q", got)
	}
	for _, x := range m.Headers {
		if got := h.Get(x[0]); got != x[1] {
			t.Errorf("%s = %q, want %q", x[0], got, x[1])
		}
	}
}

func TestComposeUnsigned(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		html     string
		wantType string
	}{
		{name: "text", wantType: "text/plain"},
		{name: "alternative", html: "<p>Hi</p>", wantType: "multipart/alternative"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m := baseMessage()
			m.To = "alice@example.net, \"Bob, CISO\" <bob@example.com>"
			m.HTML = tc.html
			raw, err := Compose(m)
			if err != nil {
				t.Fatalf("Compose: %v", err)
			}
			checkWire(t, raw)
			msg, err := netmail.ReadMessage(bytes.NewReader(raw))
			if err != nil {
				t.Fatal(err)
			}
			checkHeaders(t, msg.Header, m)
			if to, _ := msg.Header.AddressList("To"); len(to) != 2 || to[1].Name != "Bob, CISO" {
				t.Errorf("To = %v", to)
			}
			mt, _, _ := mime.ParseMediaType(msg.Header.Get("Content-Type"))
			if mt != tc.wantType {
				t.Errorf("Content-Type = %q, want %s", mt, tc.wantType)
			}
			text, html := decodeContent(t, raw)
			if text != canonical(m.Text) || html != canonical(m.HTML) {
				t.Errorf("decoded %q / %q", text, html)
			}
		})
	}
}

// headerOrder lists the field names of a raw message header in order.
func headerOrder(t *testing.T, raw []byte) []string {
	t.Helper()
	var names []string
	sc := bufio.NewScanner(bytes.NewReader(raw))
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), "\r")
		if line == "" {
			break
		}
		if line[0] == ' ' || line[0] == '\t' {
			continue
		}
		name, _, _ := strings.Cut(line, ":")
		names = append(names, name)
	}
	return names
}

func TestComposeHeaderLayout(t *testing.T) {
	t.Parallel()
	m := baseMessage()
	m.Subject = "Sicherheitshinweis zu einer sehr langen Überschrift, die gefaltet werden muss, weil sie lang ist"
	raw, err := ComposeSigned(m, key(t))
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(headerOrder(t, raw), ",")
	want := "From,To,Subject,Date,Message-ID,MIME-Version,List-Id,Auto-Submitted,Content-Type"
	if got != want {
		t.Errorf("header order %s, want %s", got, want)
	}
	head, _, _ := bytes.Cut(raw, []byte("\r\n\r\n"))
	for _, line := range strings.Split(string(head), "\r\n") {
		if len(line) > 78 {
			t.Errorf("header line longer than 78: %q", line)
		}
	}
	if !bytes.Contains(raw, []byte("Date: Thu, 03 Dec 2026 14:05:09 +0100\r\n")) {
		t.Errorf("Date not in RFC 5322 form:\n%s", head)
	}
}

func TestComposeRejectsBadInput(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		edit func(*Message)
		want string
	}{
		{"no from", func(m *Message) { m.From = "" }, "From address is empty"},
		{"bad from", func(m *Message) { m.From = "not an address" }, "parse From"},
		{"two froms", func(m *Message) { m.From = "a@example.org, b@example.org" }, "parse From"},
		{"no to", func(m *Message) { m.To = " " }, "To address is empty"},
		{"non-ASCII address", func(m *Message) { m.To = "jörg@example.org" }, "not ASCII"},
		{"subject injection", func(m *Message) { m.Subject = "hi\r\nBcc: victim@example.org" }, "line break"},
		{"subject bad UTF-8", func(m *Message) { m.Subject = "a\xffb" }, "UTF-8"},
		{"no date", func(m *Message) { m.Date = time.Time{} }, "Date is not set"},
		{"no message id", func(m *Message) { m.MessageID = "" }, "Message-ID is not set"},
		{"bad message id", func(m *Message) { m.MessageID = "<no-at-sign>" }, "Message-ID"},
		{"no text", func(m *Message) { m.Text = ""; m.HTML = "<p>x</p>" }, "no plain text"},
		{"reserved extra", func(m *Message) { m.Headers = [][2]string{{"Content-Type", "text/html"}} }, "set by the composer"},
		{"bcc extra", func(m *Message) { m.Headers = [][2]string{{"bcc", "x@example.org"}} }, "set by the composer"},
		{"extra injection", func(m *Message) { m.Headers = [][2]string{{"List-Id", "x\r\nBcc: y"}} }, "line break"},
		{"extra bad name", func(m *Message) { m.Headers = [][2]string{{"List Id", "x"}} }, "name"},
		{"extra non-ASCII", func(m *Message) { m.Headers = [][2]string{{"X-Note", "Grüße"}} }, "not printable ASCII"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m := baseMessage()
			tc.edit(&m)
			for name, compose := range map[string]func(Message) ([]byte, error){
				"Compose":       Compose,
				"ComposeSigned": func(m Message) ([]byte, error) { return ComposeSigned(m, fakeSigner{}) },
			} {
				_, err := compose(m)
				if err == nil || !strings.Contains(err.Error(), tc.want) {
					t.Errorf("%s: err = %v, want it to contain %q", name, err, tc.want)
				}
			}
		})
	}
}

type fakeSigner struct {
	sig []byte
	err error
}

func (f fakeSigner) DetachSignText([]byte) ([]byte, error) { return f.sig, f.err }

func TestComposeSignedSignerErrors(t *testing.T) {
	t.Parallel()
	boom := errors.New("boom")
	tests := []struct {
		name   string
		signer Signer
		want   string
	}{
		{"nil signer", nil, "no signer"},
		{"signer fails", fakeSigner{err: boom}, "boom"},
		{"not armored", fakeSigner{sig: []byte("xyz")}, "ASCII-armored"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := ComposeSigned(baseMessage(), tc.signer)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
		})
	}
	if _, err := ComposeSigned(baseMessage(), fakeSigner{err: boom}); !errors.Is(err, boom) {
		t.Errorf("signer error not wrapped: %v", err)
	}
}

func TestEncodeQP(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
	}{
		{"plain", "hello\n"},
		{"from", "From me\nFrom\nFromage\n"},
		{"dots", ".\n..\n.x\n"},
		{"trailing blanks", "a \nb\t\nc  "},
		{"long", strings.Repeat("abcdefghij", 30) + "\n"},
		{"long from", "From " + strings.Repeat("é", 60) + "\n"},
		{"soft break lands on From", strings.Repeat("a", 75) + "From " + strings.Repeat("b", 80) + "\n"},
		{"soft break lands on dot", strings.Repeat("a", 75) + "." + strings.Repeat("b", 80) + "\n"},
		{"equals", "a=b ==\n"},
		{"controls", "bell\a nul\x00 esc\x1b\n"},
		{"empty lines", "\n\n\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			enc := encodeQP(tc.in)
			for _, line := range strings.Split(string(enc), "\r\n") {
				if len(line) > 76 {
					t.Errorf("line of %d characters: %q", len(line), line)
				}
				if strings.HasPrefix(line, "From ") || strings.HasPrefix(line, ".") {
					t.Errorf("unsafe line start: %q", line)
				}
				if strings.HasSuffix(line, " ") || strings.HasSuffix(line, "\t") {
					t.Errorf("trailing blank: %q", line)
				}
				for _, c := range []byte(line) {
					if c > 0x7e || c < 0x20 {
						t.Errorf("raw byte %#x in %q", c, line)
					}
				}
			}
			dec, err := io.ReadAll(quotedprintable.NewReader(bytes.NewReader(enc)))
			if err != nil {
				t.Fatalf("decode: %v", err)
			}
			if string(dec) != canonical(tc.in) {
				t.Errorf("round trip:\n%q\nwant\n%q\nencoded:\n%s", dec, canonical(tc.in), enc)
			}
		})
	}
}

func TestNewMessageID(t *testing.T) {
	t.Parallel()
	a, err := NewMessageID("example.org")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := NewMessageID("example.org")
	if a == b || !strings.HasPrefix(a, "<") || !strings.HasSuffix(a, "@example.org>") {
		t.Errorf("NewMessageID: %q, %q", a, b)
	}
	if _, err := formatMessageID(a); err != nil {
		t.Errorf("own Message-ID rejected: %v", err)
	}
	for _, bad := range []string{"", "exa mple.org", "a@b", "bücher.example"} {
		if _, err := NewMessageID(bad); err == nil {
			t.Errorf("NewMessageID(%q) succeeded", bad)
		}
	}
}

// TestComposeAttachments: attachments go inside the signed part (so gpg
// still verifies it), base64, with their names, after the text.
func TestComposeAttachments(t *testing.T) {
	t.Parallel()
	k := key(t)
	verify := gpgVerifier(t, k)
	m := baseMessage()
	m.HTML = "<p>Hello</p>"
	data := bytes.Repeat([]byte(`{"document": {"title": "x"}}`+"\n"), 50)
	m.Attachments = []Attachment{{Filename: "icsa-24-100-01.json", ContentType: "application/json", Data: data}, {Filename: "icsa-24-100-01.xml", ContentType: "application/xml", Data: []byte("<x/>")}}
	raw, err := ComposeSigned(m, k)
	if err != nil {
		t.Fatal(err)
	}
	checkWire(t, raw)
	_, part1, sig := splitSigned(t, raw)
	if out, err := verify(sig, part1); err != nil {
		t.Fatalf("gpg: %v\n%s", err, out)
	}
	msg, err := netmail.ReadMessage(bytes.NewReader(part1))
	if err != nil {
		t.Fatal(err)
	}
	mt, params, _ := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if mt != "multipart/mixed" {
		t.Fatalf("signed part is %s", mt)
	}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	var names []string
	for {
		p, err := mr.NextPart()
		if err != nil {
			break
		}
		if fn := p.FileName(); fn != "" {
			names = append(names, fn)
			body, _ := io.ReadAll(base64.NewDecoder(base64.StdEncoding, p))
			if fn == "icsa-24-100-01.json" && !bytes.Equal(body, data) {
				t.Error("the JSON attachment changed")
			}
		}
	}
	if strings.Join(names, ",") != "icsa-24-100-01.json,icsa-24-100-01.xml" {
		t.Errorf("attachments %v", names)
	}
	m.Attachments = []Attachment{{Filename: "../etc/passwd", Data: []byte("x")}}
	if _, err := ComposeSigned(m, k); err == nil {
		t.Error("a path as attachment name was accepted")
	}
}
