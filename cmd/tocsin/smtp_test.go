package main

import (
	"bytes"
	"io"
	"net"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/emersion/go-smtp"

	"github.com/tocsin-cert/tocsin/internal/testutil"
)

// sink is an SMTP server for tests that keeps what it receives and can
// refuse the first few messages with a temporary error.
type sink struct {
	mu       sync.Mutex
	msgs     []sinkMsg
	tempFail int
}

type sinkMsg struct {
	from string
	to   []string
	data []byte
}

func (s *sink) NewSession(*smtp.Conn) (smtp.Session, error) { return &sinkSession{sink: s}, nil }

type sinkSession struct {
	sink *sink
	msg  sinkMsg
}

func (ss *sinkSession) Mail(from string, _ *smtp.MailOptions) error {
	ss.msg.from = from
	return nil
}

func (ss *sinkSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	ss.msg.to = append(ss.msg.to, to)
	return nil
}

func (ss *sinkSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	ss.sink.mu.Lock()
	defer ss.sink.mu.Unlock()
	if ss.sink.tempFail > 0 {
		ss.sink.tempFail--
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try again later"}
	}
	ss.msg.data = b
	ss.sink.msgs = append(ss.sink.msgs, ss.msg)
	return nil
}

func (ss *sinkSession) Reset()        { ss.msg = sinkMsg{} }
func (ss *sinkSession) Logout() error { return nil }

func startSink(t *testing.T, tempFail int) (*sink, string) {
	t.Helper()
	sk := &sink{tempFail: tempFail}
	srv := smtp.NewServer(sk)
	srv.Domain = "sink.test"
	srv.AllowInsecureAuth = true
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return sk, ln.Addr().String()
}

// TestDeliverSMTP sends through a real SMTP server: the first attempt meets
// a temporary failure and is kept for a retry; the sink then has exactly one
// signed message per recipient.
func TestDeliverSMTP(t *testing.T) {
	t.Parallel()
	advisoryFile := testutil.Corpus(t, "csaf/cisa/icsa-22-167-14.json")
	sk, addr := startSink(t, 1)
	r := runner{t: t, bin: binary(t), data: filepath.Join(t.TempDir(), "data")}
	r.run(0, "init", "--name", "Test CERT", "--email", "cert@test.example")
	r.run(0, "org", "add", "--type", "sme", "--name", "Alpine Dairy AG")
	r.run(0, "profile", "add", "--org", "Alpine Dairy AG", "--name", "network",
		"--product", "vendor:siemens", "--recipient", "ot@alpine-dairy.test", "--recipient", "boss@alpine-dairy.test", "--format", "txt,html,xml,json")
	r.run(0, "import", "--publish", advisoryFile)
	url := "smtp+insecure://" + addr
	out := r.run(0, "deliver", "--once", "--smtp", url)
	if !strings.Contains(out, "Sent 1, failed 0, retrying later 1") {
		t.Errorf("first run: %s", out)
	}
	// The retry is not due yet: nothing happens now.
	out = r.run(0, "deliver", "--once", "--smtp", url)
	if !strings.Contains(out, "Sent 0, failed 0, retrying later 0") || !strings.Contains(out, "1 deliveries wait for a retry") {
		t.Errorf("second run: %s", out)
	}
	out = r.run(0, "deliveries", "ICSA-22-167-14")
	if !strings.Contains(out, "451") || !strings.Contains(out, "pending") {
		t.Errorf("the temporary failure is not recorded:\n%s", out)
	}
	// The operator fixed the server: --retry-now sends the rest at once.
	out = r.run(0, "deliver", "--once", "--retry-now", "--smtp", url)
	if !strings.Contains(out, "Sent 1, failed 0, retrying later 0") {
		t.Errorf("retry-now run: %s", out)
	}
	sk.mu.Lock()
	defer sk.mu.Unlock()
	if len(sk.msgs) != 2 || sk.msgs[0].to[0] == sk.msgs[1].to[0] {
		t.Fatalf("sink holds %d messages, want one for each of 2 recipients", len(sk.msgs))
	}
	m := sk.msgs[0]
	if m.from != "cert@test.example" || len(m.to) != 1 {
		t.Errorf("envelope from %q to %v", m.from, m.to)
	}
	for _, want := range []string{"multipart/signed", "multipart/mixed", "multipart/alternative", "text/html", "application/pgp-signature",
		`filename=icsa-22-167-14.json`, `filename=icsa-22-167-14.xml`, "application/json", "application/xml"} {
		if !bytes.Contains(m.data, []byte(want)) {
			t.Errorf("message lacks %q", want)
		}
	}
}
