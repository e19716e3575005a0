package mail

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"fmt"
	"io"
	"log"
	"math/big"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// delivery is what the test server received in one transaction.
type delivery struct {
	from     string
	to       []string
	data     []byte
	authUser string
	authPass string
	tls      bool
}

// script says how the test server answers.
type script struct {
	rcptErr  error // returned for RCPT TO when set
	dataErr  error // returned after DATA when set
	wantUser string
	wantPass string
	needAuth bool
}

// testServer is a go-smtp server on 127.0.0.1 with scripted answers.
type testServer struct {
	script
	mu         sync.Mutex
	deliveries []delivery
}

type testSession struct {
	srv *testServer
	d   delivery
}

func (ts *testServer) NewSession(c *smtp.Conn) (smtp.Session, error) {
	_, isTLS := c.TLSConnectionState()
	return &testSession{srv: ts, d: delivery{tls: isTLS}}, nil
}

func (s *testSession) AuthMechanisms() []string { return []string{sasl.Plain} }

func (s *testSession) Auth(mech string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(identity, user, pass string) error {
		s.d.authUser, s.d.authPass = user, pass
		if user != s.srv.wantUser || pass != s.srv.wantPass {
			return smtp.ErrAuthFailed
		}
		return nil
	}), nil
}

func (s *testSession) Mail(from string, _ *smtp.MailOptions) error {
	if s.srv.needAuth && s.d.authUser == "" {
		return smtp.ErrAuthRequired
	}
	s.d.from = from
	return nil
}

func (s *testSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	if s.srv.rcptErr != nil {
		return s.srv.rcptErr
	}
	s.d.to = append(s.d.to, to)
	return nil
}

func (s *testSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	if s.srv.dataErr != nil {
		return s.srv.dataErr
	}
	s.d.data = b
	s.srv.mu.Lock()
	s.srv.deliveries = append(s.srv.deliveries, s.d)
	s.srv.mu.Unlock()
	return nil
}

func (s *testSession) Reset()        { s.d.from, s.d.to, s.d.data = "", nil, nil }
func (s *testSession) Logout() error { return nil }

func (ts *testServer) got() []delivery {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return append([]delivery(nil), ts.deliveries...)
}

type tlsMode int

const (
	tlsNone tlsMode = iota
	tlsStart
	tlsImplicit
)

// selfSigned makes a certificate for 127.0.0.1 that no one trusts.
func selfSigned(t *testing.T) tls.Certificate {
	t.Helper()
	priv, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "127.0.0.1"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		IPAddresses:  []net.IP{net.ParseIP("127.0.0.1")},
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &priv.PublicKey, priv)
	if err != nil {
		t.Fatal(err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: priv}
}

// start runs ts on a random 127.0.0.1 port and returns "127.0.0.1:port".
func (ts *testServer) start(t *testing.T, mode tlsMode) string {
	t.Helper()
	srv := smtp.NewServer(ts)
	srv.Domain = "sink.test"
	srv.ErrorLog = log.New(io.Discard, "", 0)
	srv.AllowInsecureAuth = true
	srv.ReadTimeout = 10 * time.Second
	srv.WriteTimeout = 10 * time.Second
	cfg := &tls.Config{Certificates: []tls.Certificate{selfSigned(t)}}
	var ln net.Listener
	var err error
	switch mode {
	case tlsNone:
		ln, err = net.Listen("tcp", "127.0.0.1:0")
	case tlsStart:
		srv.TLSConfig = cfg
		ln, err = net.Listen("tcp", "127.0.0.1:0")
	case tlsImplicit:
		ln, err = tls.Listen("tcp", "127.0.0.1:0", cfg)
	}
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return ln.Addr().String()
}

func TestSMTPSend(t *testing.T) {
	t.Parallel()
	msg, err := ComposeSigned(baseMessage(), key(t))
	if err != nil {
		t.Fatal(err)
	}
	// A message with a line that needs dot-stuffing on the wire.
	dotty := []byte("Subject: dots\r\n\r\n.\r\n..x\r\n.\r\nend\r\n")
	tests := []struct {
		name      string
		mode      tlsMode
		url       string // ADDR is replaced by the server address
		server    script
		msg       []byte
		wantErr   string
		permanent bool
		wantTLS   bool
		wantUser  string
		wantPass  string
	}{
		{name: "plaintext delivers exact bytes", mode: tlsNone, url: "smtp+insecure://ADDR", msg: msg},
		{name: "plaintext dot-stuffing round trip", mode: tlsNone, url: "smtp+insecure://ADDR", msg: dotty},
		{name: "plaintext with auth", mode: tlsNone, url: "smtp+insecure://tocsin:s3cret@ADDR",
			server: script{wantUser: "tocsin", wantPass: "s3cret", needAuth: true}, msg: msg, wantUser: "tocsin", wantPass: "s3cret"},
		{name: "451 at RCPT is temporary", mode: tlsNone, url: "smtp+insecure://ADDR",
			server: script{rcptErr: &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try later"}},
			msg:    msg, wantErr: "451", permanent: false},
		{name: "550 at RCPT is permanent", mode: tlsNone, url: "smtp+insecure://ADDR",
			server: script{rcptErr: &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such user"}},
			msg:    msg, wantErr: "550", permanent: true},
		{name: "554 after DATA is permanent", mode: tlsNone, url: "smtp+insecure://ADDR",
			server: script{dataErr: &smtp.SMTPError{Code: 554, EnhancedCode: smtp.EnhancedCode{5, 6, 0}, Message: "rejected"}},
			msg:    msg, wantErr: "554", permanent: true},
		{name: "421 after DATA is temporary", mode: tlsNone, url: "smtp+insecure://ADDR",
			server: script{dataErr: &smtp.SMTPError{Code: 421, EnhancedCode: smtp.EnhancedCode{4, 4, 2}, Message: "bye"}},
			msg:    msg, wantErr: "421", permanent: false},
		{name: "STARTTLS self-signed with skip-verify and auth", mode: tlsStart,
			url:    "smtp://tocsin:p%40ss%3Aword@ADDR?tls-skip-verify=true",
			server: script{wantUser: "tocsin", wantPass: "p@ss:word", needAuth: true},
			msg:    msg, wantTLS: true, wantUser: "tocsin", wantPass: "p@ss:word"},
		{name: "STARTTLS wrong password is permanent", mode: tlsStart,
			url:    "smtp://tocsin:wrong@ADDR?tls-skip-verify=true",
			server: script{wantUser: "tocsin", wantPass: "right", needAuth: true},
			msg:    msg, wantErr: "535", permanent: true, wantUser: "tocsin", wantPass: "wrong"},
		{name: "STARTTLS self-signed without skip-verify fails", mode: tlsStart, url: "smtp://ADDR",
			msg: msg, wantErr: "tls-skip-verify=true", permanent: false},
		{name: "smtp:// requires STARTTLS", mode: tlsNone, url: "smtp://ADDR",
			msg: msg, wantErr: "STARTTLS", permanent: false},
		{name: "implicit TLS", mode: tlsImplicit, url: "smtps://ADDR?tls-skip-verify=true", msg: msg, wantTLS: true},
		{name: "implicit TLS self-signed without skip-verify fails", mode: tlsImplicit, url: "smtps://ADDR",
			msg: msg, wantErr: "tls-skip-verify=true", permanent: false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ts := &testServer{script: tc.server}
			addr := ts.start(t, tc.mode)
			s, err := NewSMTP(strings.Replace(tc.url, "ADDR", addr, 1))
			if err != nil {
				t.Fatalf("NewSMTP: %v", err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			to := []string{"alice@example.net", "bob@example.com"}
			err = s.Send(ctx, "bounces@example.org", to, tc.msg, "42-3-alice@example.net")
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("Send: err = %v, want it to contain %q", err, tc.wantErr)
				}
				if !strings.Contains(err.Error(), "42-3-alice@example.net") {
					t.Errorf("error does not name the delivery: %v", err)
				}
				if got := IsPermanent(err); got != tc.permanent {
					t.Errorf("IsPermanent(%v) = %v, want %v", err, got, tc.permanent)
				}
				if tc.wantPass != "" && strings.Contains(err.Error(), tc.wantPass) {
					t.Errorf("error reveals the password: %v", err)
				}
				if n := len(ts.got()); n != 0 {
					t.Errorf("server stored %d messages despite the error", n)
				}
				return
			}
			if err != nil {
				t.Fatalf("Send: %v", err)
			}
			got := ts.got()
			if len(got) != 1 {
				t.Fatalf("server received %d messages, want 1", len(got))
			}
			d := got[0]
			if !bytes.Equal(d.data, tc.msg) {
				t.Errorf("server received different bytes:\n%q\nwant\n%q", d.data, tc.msg)
			}
			if d.from != "bounces@example.org" || strings.Join(d.to, ",") != strings.Join(to, ",") {
				t.Errorf("envelope %s -> %v", d.from, d.to)
			}
			if d.tls != tc.wantTLS {
				t.Errorf("TLS = %v, want %v", d.tls, tc.wantTLS)
			}
			if d.authUser != tc.wantUser || d.authPass != tc.wantPass {
				t.Errorf("AUTH PLAIN as %q/%q, want %q/%q", d.authUser, d.authPass, tc.wantUser, tc.wantPass)
			}
		})
	}
}

func TestSMTPContextAndNetworkErrors(t *testing.T) {
	t.Parallel()
	msg := []byte("Subject: x\r\n\r\nx\r\n")

	// A server that accepts connections but never greets.
	silent, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { silent.Close() })
	go func() {
		for {
			c, err := silent.Accept()
			if err != nil {
				return
			}
			t.Cleanup(func() { c.Close() })
		}
	}()

	// A port with nothing listening.
	closed, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closedAddr := closed.Addr().String()
	closed.Close()

	tests := []struct {
		name    string
		url     string
		timeout time.Duration
		to      []string
		isCtx   bool
		perm    bool
	}{
		{name: "context deadline while waiting for the greeting", url: "smtp+insecure://" + silent.Addr().String(), timeout: 300 * time.Millisecond, to: []string{"a@example.org"}, isCtx: true},
		{name: "connection refused", url: "smtp+insecure://" + closedAddr, timeout: 5 * time.Second, to: []string{"a@example.org"}},
		{name: "no recipients", url: "smtp+insecure://" + closedAddr, timeout: 5 * time.Second, perm: true},
		{name: "recipient with CRLF", url: "smtp+insecure://" + closedAddr, timeout: 5 * time.Second, to: []string{"a@example.org\r\nRCPT TO:<b@example.org>"}, perm: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s, err := NewSMTP(tc.url)
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), tc.timeout)
			defer cancel()
			start := time.Now()
			err = s.Send(ctx, "a@example.org", tc.to, msg, "k1")
			if err == nil {
				t.Fatal("Send succeeded")
			}
			if time.Since(start) > 3*time.Second {
				t.Errorf("Send took %v; the context was not respected", time.Since(start))
			}
			if tc.isCtx && !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("err = %v, want context.DeadlineExceeded", err)
			}
			if IsPermanent(err) != tc.perm {
				t.Errorf("IsPermanent(%v) = %v, want %v", err, IsPermanent(err), tc.perm)
			}
		})
	}
}

func TestNewSMTP(t *testing.T) {
	t.Parallel()
	tests := []struct {
		url      string
		wantErr  string
		wantAddr string
		wantStr  string
	}{
		{url: "smtp://user:pa55@mail.example.org", wantAddr: "mail.example.org:587", wantStr: "smtp://user:xxxxx@mail.example.org"},
		{url: "smtps://user:pa55@mail.example.org", wantAddr: "mail.example.org:465", wantStr: "smtps://user:xxxxx@mail.example.org"},
		{url: "smtp://mail.example.org:2525?tls-skip-verify=true", wantAddr: "mail.example.org:2525"},
		{url: "smtp+insecure://127.0.0.1:1025", wantAddr: "127.0.0.1:1025"},
		{url: "smtp+insecure://[::1]:1025", wantAddr: "[::1]:1025"},
		{url: "smtp+insecure://localhost:1025", wantAddr: "localhost:1025"},
		{url: "smtp+insecure://mail.example.org:25", wantErr: "loopback"},
		{url: "smtp+insecure://10.0.0.1:25", wantErr: "loopback"},
		{url: "http://mail.example.org", wantErr: "unknown scheme"},
		{url: "smtp://", wantErr: "no host"},
		{url: "smtp://mail.example.org:99999", wantErr: "invalid port"},
		{url: "smtp://mail.example.org?tls-skip-verify=perhaps", wantErr: "tls-skip-verify"},
		{url: "smtp://mail.example.org?tls-skip-verfy=true", wantErr: "unknown parameter"},
		{url: "smtp://:secret@mail.example.org", wantErr: "without a user name"},
		{url: "smtp://user:secret@mail.example.org/path", wantErr: "unexpected path"},
		{url: "smtp://user:sec ret@%zz", wantErr: "not a valid URL"},
	}
	for _, tc := range tests {
		t.Run(tc.url, func(t *testing.T) {
			t.Parallel()
			s, err := NewSMTP(tc.url)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				for _, secret := range []string{"secret", "sec ret"} {
					if strings.Contains(err.Error(), secret) {
						t.Errorf("error reveals the password: %v", err)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if s.addr != tc.wantAddr {
				t.Errorf("addr = %q, want %q", s.addr, tc.wantAddr)
			}
			if tc.wantStr != "" && s.String() != tc.wantStr {
				t.Errorf("String() = %q, want %q", s.String(), tc.wantStr)
			}
			for _, out := range []string{s.String(), fmt.Sprint(s), fmt.Sprintf("%+v", s), fmt.Sprintf("%#v", s)} {
				if strings.Contains(out, "pa55") {
					t.Errorf("%q reveals the password", out)
				}
			}
		})
	}
}
