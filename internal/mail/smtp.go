package mail

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// SMTP is a Sender that submits each message to an SMTP server, one
// connection per Send. Build it with NewSMTP.
type SMTP struct {
	u          *url.URL // for String; its password is redacted there
	mode       smtpMode
	addr       string // host:port
	host       string
	user, pass string
	hasAuth    bool
	skipVerify bool
	helo       string

	// DialTimeout bounds connecting (and, for smtps, the TLS handshake);
	// zero means DefaultDialTimeout. Set it before the first Send.
	DialTimeout time.Duration
	// CommandTimeout bounds the wait for each server reply after the
	// greeting; zero means DefaultCommandTimeout. The context passed to
	// Send bounds the whole delivery.
	CommandTimeout time.Duration
}

type smtpMode int

const (
	modeStartTLS smtpMode = iota // smtp://, STARTTLS required
	modeTLS                      // smtps://, implicit TLS
	modePlain                    // smtp+insecure://, loopback only
)

// Default timeouts of an SMTP sender.
const (
	DefaultDialTimeout    = 30 * time.Second
	DefaultCommandTimeout = 2 * time.Minute
)

// NewSMTP returns an SMTP sender for a URL of the form
//
//	smtp://user:pass@host:587      submission with STARTTLS, which is required
//	smtps://user:pass@host:465     implicit TLS
//	smtp+insecure://host:port      plaintext, only to a loopback address (test sinks)
//
// The user and password are optional; when given, Send authenticates with
// SASL PLAIN (percent-encode special characters in them). The port defaults
// to 587, 465 and 25 respectively. Query parameters: tls-skip-verify=true
// accepts any server certificate (test setups only); helo=NAME sets the name
// sent in EHLO (default: the host name when it is fully qualified, else
// "localhost").
func NewSMTP(rawURL string) (*SMTP, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		// url errors quote the input, which may hold a password.
		return nil, errors.New("parse SMTP URL: not a valid URL; use smtp://user:pass@host:587, smtps://user:pass@host:465 or smtp+insecure://127.0.0.1:port")
	}
	s := &SMTP{u: u, DialTimeout: DefaultDialTimeout, CommandTimeout: DefaultCommandTimeout}
	var defPort string
	switch strings.ToLower(u.Scheme) {
	case "smtp":
		s.mode, defPort = modeStartTLS, "587"
	case "smtps":
		s.mode, defPort = modeTLS, "465"
	case "smtp+insecure":
		s.mode, defPort = modePlain, "25"
	default:
		return nil, fmt.Errorf("parse SMTP URL %s: unknown scheme %q; use smtp:// (STARTTLS), smtps:// (implicit TLS) or smtp+insecure:// (loopback test sinks)", u.Redacted(), u.Scheme)
	}
	if u.Opaque != "" || u.Hostname() == "" {
		return nil, fmt.Errorf("parse SMTP URL %s: no host; write it as %s://host:port", u.Redacted(), u.Scheme)
	}
	if u.Path != "" && u.Path != "/" {
		return nil, fmt.Errorf("parse SMTP URL %s: unexpected path %q", u.Redacted(), u.Path)
	}
	s.host = u.Hostname()
	port := u.Port()
	if port == "" {
		port = defPort
	}
	if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
		return nil, fmt.Errorf("parse SMTP URL %s: invalid port %q", u.Redacted(), port)
	}
	s.addr = net.JoinHostPort(s.host, port)
	if s.mode == modePlain && !isLoopback(s.host) {
		return nil, fmt.Errorf("parse SMTP URL %s: smtp+insecure:// sends mail and passwords unencrypted and is allowed only to a loopback address (127.0.0.1, ::1, localhost); for %s use smtp:// (STARTTLS) or smtps://", u.Redacted(), s.host)
	}
	if u.User != nil {
		s.user = u.User.Username()
		s.pass, _ = u.User.Password()
		s.hasAuth = s.user != ""
		if !s.hasAuth {
			return nil, fmt.Errorf("parse SMTP URL %s: a password without a user name", u.Redacted())
		}
	}
	q := u.Query()
	for name, vals := range q {
		switch name {
		case "tls-skip-verify":
			b, err := strconv.ParseBool(vals[len(vals)-1])
			if err != nil {
				return nil, fmt.Errorf("parse SMTP URL %s: tls-skip-verify=%q is not true or false", u.Redacted(), vals[len(vals)-1])
			}
			s.skipVerify = b
		case "helo":
			s.helo = vals[len(vals)-1]
			if s.helo == "" || !isPrintableASCII(s.helo) || strings.ContainsAny(s.helo, " \t") {
				return nil, fmt.Errorf("parse SMTP URL %s: helo=%q is not a host name", u.Redacted(), s.helo)
			}
		default:
			return nil, fmt.Errorf("parse SMTP URL %s: unknown parameter %q; known are tls-skip-verify and helo", u.Redacted(), name)
		}
	}
	if s.helo == "" {
		s.helo = "localhost"
		if h, err := os.Hostname(); err == nil && strings.Contains(h, ".") && isPrintableASCII(h) && !strings.ContainsAny(h, " \t") {
			s.helo = h
		}
	}
	return s, nil
}

// isLoopback reports whether host is a loopback IP address or "localhost".
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// String returns the URL with the password replaced by "xxxxx".
func (s *SMTP) String() string { return s.u.Redacted() }

// GoString is like String, so that %#v does not show the password either.
func (s *SMTP) GoString() string { return "mail.SMTP{" + s.u.Redacted() + "}" }

// Send submits msg to the server: it connects, secures the connection as
// the URL says, authenticates when credentials were given and sends the
// envelope and the message. Every recipient must be accepted, or nothing is
// sent. key only names the delivery in errors: SMTP cannot detect a
// duplicate submission. Use IsPermanent on the error to decide whether to
// retry.
func (s *SMTP) Send(ctx context.Context, from string, to []string, msg []byte, key string) error {
	if err := s.send(ctx, from, to, msg); err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil && !errors.Is(err, ctxErr) {
			err = fmt.Errorf("%w (%v)", ctxErr, err)
		}
		return fmt.Errorf("smtp delivery %s via %s: %w", key, s.addr, err)
	}
	return nil
}

func (s *SMTP) send(ctx context.Context, from string, to []string, msg []byte) error {
	if len(to) == 0 {
		return permanent(errors.New("no recipients"))
	}
	if len(msg) == 0 {
		return permanent(errors.New("empty message"))
	}
	for _, a := range append([]string{from}, to...) {
		if strings.ContainsAny(a, "\r\n<> ") || !isPrintableASCII(a) {
			return permanent(fmt.Errorf("invalid envelope address %q", a))
		}
	}
	for _, a := range to {
		if a == "" {
			return permanent(errors.New("empty recipient address"))
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}

	c, err := s.dial(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	// Closing the connection interrupts any blocking read or write when
	// ctx ends (go-smtp resets deadlines per command, so they cannot).
	stop := context.AfterFunc(ctx, func() { c.Close() })
	defer stop()

	if s.hasAuth {
		if ok, _ := c.Extension("AUTH"); !ok {
			return errors.New("the server offers no AUTH; remove the user name and password from the URL or use the submission port")
		}
		if err := c.Auth(sasl.NewPlainClient("", s.user, s.pass)); err != nil {
			return fmt.Errorf("authenticate as %s (check the user name and password in the SMTP URL): %w", s.user, err)
		}
	}
	if err := c.Mail(from, nil); err != nil {
		return fmt.Errorf("MAIL FROM:<%s>: %w", from, err)
	}
	for _, rcpt := range to {
		if err := c.Rcpt(rcpt, nil); err != nil {
			return fmt.Errorf("RCPT TO:<%s>: %w", rcpt, err)
		}
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("DATA: %w", err)
	}
	if _, err := w.Write(msg); err != nil {
		return fmt.Errorf("DATA: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("end of DATA: %w", err)
	}
	// The message is accepted; a failing QUIT does not undo that.
	_ = c.Quit()
	return nil
}

// dial connects and secures the connection according to the URL scheme.
func (s *SMTP) dial(ctx context.Context) (*smtp.Client, error) {
	tlsConf := &tls.Config{
		ServerName:         s.host,
		MinVersion:         tls.VersionTLS12,
		InsecureSkipVerify: s.skipVerify, //nolint:gosec // only when the URL asks for it, for test setups
	}
	dialTimeout, cmdTimeout := s.DialTimeout, s.CommandTimeout
	if dialTimeout <= 0 {
		dialTimeout = DefaultDialTimeout
	}
	if cmdTimeout <= 0 {
		cmdTimeout = DefaultCommandTimeout
	}
	dialCtx, cancel := context.WithTimeout(ctx, dialTimeout)
	defer cancel()
	nd := &net.Dialer{}

	var conn net.Conn
	var err error
	if s.mode == modeTLS {
		conn, err = (&tls.Dialer{NetDialer: nd, Config: tlsConf}).DialContext(dialCtx, "tcp", s.addr)
	} else {
		conn, err = nd.DialContext(dialCtx, "tcp", s.addr)
	}
	if err != nil {
		if hint := s.certHint(err); hint != "" {
			return nil, fmt.Errorf("connect: %s: %w", hint, err)
		}
		return nil, fmt.Errorf("connect: %w", err)
	}
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()

	var c *smtp.Client
	if s.mode == modeStartTLS {
		// go-smtp introduces itself as "localhost" before STARTTLS; the
		// configured name follows on the encrypted connection.
		c, err = smtp.NewClientStartTLS(conn, tlsConf)
		if err != nil {
			conn.Close()
			return nil, fmt.Errorf("STARTTLS, which smtp:// requires (use smtps:// for implicit TLS on port 465, or smtp+insecure:// for a loopback test sink): %w", err)
		}
	} else {
		c = smtp.NewClient(conn)
	}
	c.CommandTimeout = cmdTimeout
	// After STARTTLS this EHLO is the first use of the TLS connection, so
	// the handshake and certificate check happen here.
	if err := c.Hello(s.helo); err != nil {
		c.Close()
		if hint := s.certHint(err); hint != "" {
			return nil, fmt.Errorf("TLS: %s: %w", hint, err)
		}
		return nil, fmt.Errorf("EHLO: %w", err)
	}
	return c, nil
}

// certHint explains a certificate verification failure, or returns "".
func (s *SMTP) certHint(err error) string {
	var certErr *tls.CertificateVerificationError
	if !errors.As(err, &certErr) {
		return ""
	}
	return fmt.Sprintf("the server's certificate is not trusted for %s; install a valid certificate on the server, or for test setups only add ?tls-skip-verify=true to the URL", s.host)
}
