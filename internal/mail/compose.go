// Package mail composes Tocsin's e-mail notices, signed with PGP/MIME
// (RFC 3156) or unsigned, and hands them to a Sender: a Maildir folder for
// development and tests, or an SMTP submission server.
//
// Composed messages are complete RFC 5322 messages with CRLF line endings,
// 7-bit clean (quoted-printable bodies, RFC 2047 encoded subject and names).
//
// The package must not import other Tocsin packages: signing goes through
// the small Signer interface, which *sign.OpenPGP satisfies.
package mail

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"mime"
	"mime/quotedprintable"
	netmail "net/mail"
	"strings"
	"time"
	"unicode/utf8"
)

// Message is a notice to compose. Text is required; HTML is optional and,
// when given, becomes the preferred alternative. Line endings in Text and
// HTML may be LF or CRLF; the composed message always uses CRLF.
type Message struct {
	From      string // one address, "Name <addr>" or "addr"; the name may be non-ASCII
	To        string // one or more comma-separated addresses
	Subject   string // any UTF-8 text without line breaks; outer blanks are dropped
	MessageID string // "<id@domain>" (angle brackets optional); see NewMessageID
	Date      time.Time
	Headers   [][2]string // extra ASCII header fields in order, e.g. {"List-Id", "<advisories.example.org>"}
	Text      string
	HTML      string // optional
	// Attachments are added after the text (multipart/mixed), inside the
	// signed part, base64-encoded.
	Attachments []Attachment
}

// Attachment is a file sent with a message.
type Attachment struct {
	Filename    string // ASCII file name, e.g. "icsa-24-100-01.json"
	ContentType string // e.g. "application/json"
	Data        []byte
}

// Signer makes an armored OpenPGP detached signature of type text (0x01)
// with SHA-256 over data. *sign.OpenPGP satisfies it. The signature must use
// SHA-256, because the composed message announces micalg=pgp-sha256.
type Signer interface {
	DetachSignText(data []byte) ([]byte, error)
}

const (
	crlf = "\r\n"
	// maxHeaderLine is the length after which header fields are folded
	// (RFC 5322 section 2.1.1 recommends 78).
	maxHeaderLine = 78
	// hardLineLimit is RFC 5322's limit for any line, without CRLF.
	hardLineLimit = 998
	// qpLineMax is the longest quoted-printable line, without CRLF.
	qpLineMax = 76
)

// isReservedHeader reports whether a header field is written by the
// composer itself (or would need envelope changes, like Cc and Bcc) and so
// may not appear in Message.Headers.
func isReservedHeader(name string) bool {
	switch strings.ToLower(name) {
	case "from", "to", "cc", "bcc", "subject", "date", "message-id",
		"mime-version", "content-type", "content-transfer-encoding":
		return true
	}
	return false
}

// NewMessageID returns a fresh random Message-ID such as
// "<5f0c...e1@example.org>" for the given domain (normally the domain of the
// From address).
func NewMessageID(domain string) (string, error) {
	if domain == "" || !isPrintableASCII(domain) || strings.ContainsAny(domain, " <>@") {
		return "", fmt.Errorf("new Message-ID: invalid domain %q; give the ASCII (punycode) domain of the From address", domain)
	}
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("new Message-ID: %w", err)
	}
	return "<" + hex.EncodeToString(b[:]) + "@" + domain + ">", nil
}

// Compose returns m as an unsigned RFC 5322 message: text/plain, or
// multipart/alternative when m.HTML is set.
func Compose(m Message) ([]byte, error) {
	head, err := topHeaders(m)
	if err != nil {
		return nil, fmt.Errorf("compose message: %w", err)
	}
	content, err := contentEntity(m)
	if err != nil {
		return nil, fmt.Errorf("compose message: %w", err)
	}
	var buf bytes.Buffer
	buf.Write(head)
	// The content entity starts with its own MIME header fields, which
	// continue the message header.
	buf.Write(content)
	return buf.Bytes(), nil
}

// ComposeSigned returns m as a PGP/MIME signed message (RFC 3156):
// multipart/signed with micalg=pgp-sha256, whose first part is the content
// (text/plain, or multipart/alternative when m.HTML is set) and whose second
// part is signer's armored detached text signature over exactly the first
// part's bytes, MIME header fields included.
func ComposeSigned(m Message, signer Signer) ([]byte, error) {
	if signer == nil {
		return nil, errors.New("compose signed message: no signer given")
	}
	head, err := topHeaders(m)
	if err != nil {
		return nil, fmt.Errorf("compose signed message: %w", err)
	}
	content, err := contentEntity(m)
	if err != nil {
		return nil, fmt.Errorf("compose signed message: %w", err)
	}
	sig, err := signer.DetachSignText(content)
	if err != nil {
		return nil, fmt.Errorf("compose signed message: %w", err)
	}
	sig = bytes.TrimRight(toCRLF(sig), "\r\n")
	if !bytes.HasPrefix(sig, []byte("-----BEGIN PGP SIGNATURE-----")) || !is7bit(sig) {
		return nil, errors.New("compose signed message: the signer did not return an ASCII-armored OpenPGP signature")
	}
	boundary, err := newBoundary()
	if err != nil {
		return nil, fmt.Errorf("compose signed message: %w", err)
	}
	ct := mime.FormatMediaType("multipart/signed", map[string]string{
		"boundary": boundary,
		"micalg":   "pgp-sha256",
		"protocol": "application/pgp-signature",
	})

	var buf bytes.Buffer
	buf.Write(head)
	if err := writeField(&buf, "Content-Type", ct); err != nil {
		return nil, fmt.Errorf("compose signed message: %w", err)
	}
	buf.WriteString(crlf)
	buf.WriteString("This is an OpenPGP/MIME signed message (RFC 4880 and 3156)" + crlf)
	buf.WriteString("--" + boundary + crlf)
	buf.Write(content)
	buf.WriteString(crlf + "--" + boundary + crlf)
	buf.WriteString("Content-Type: application/pgp-signature; name=\"signature.asc\"" + crlf)
	buf.WriteString("Content-Description: OpenPGP digital signature" + crlf)
	buf.WriteString("Content-Disposition: attachment; filename=\"signature.asc\"" + crlf)
	buf.WriteString(crlf)
	buf.Write(sig)
	buf.WriteString(crlf + "--" + boundary + "--" + crlf)
	return buf.Bytes(), nil
}

// topHeaders returns the message header fields before the Content-Type,
// each ending in CRLF.
func topHeaders(m Message) ([]byte, error) {
	from, err := formatAddresses("From", m.From, true)
	if err != nil {
		return nil, err
	}
	to, err := formatAddresses("To", m.To, false)
	if err != nil {
		return nil, err
	}
	subject, err := encodeSubject(m.Subject)
	if err != nil {
		return nil, err
	}
	if m.Date.IsZero() {
		return nil, errors.New("the Date is not set; pass the time the notice is composed")
	}
	msgID, err := formatMessageID(m.MessageID)
	if err != nil {
		return nil, err
	}

	var buf bytes.Buffer
	fields := [][2]string{
		{"From", from},
		{"To", to},
		{"Subject", subject},
		{"Date", m.Date.Format(time.RFC1123Z)},
		{"Message-ID", msgID},
		{"MIME-Version", "1.0"},
	}
	for _, f := range fields {
		if err := writeField(&buf, f[0], f[1]); err != nil {
			return nil, err
		}
	}
	for _, h := range m.Headers {
		if err := checkExtraHeader(h[0], h[1]); err != nil {
			return nil, err
		}
		if err := writeField(&buf, h[0], h[1]); err != nil {
			return nil, err
		}
	}
	return buf.Bytes(), nil
}

// contentEntity returns the MIME entity holding the text (and HTML): its
// header fields, a blank line and its body, all with CRLF line endings.
func contentEntity(m Message) ([]byte, error) {
	if strings.TrimSpace(m.Text) == "" {
		return nil, errors.New("the message has no plain text; Text is required (HTML is optional)")
	}
	if !utf8.ValidString(m.Text) || !utf8.ValidString(m.HTML) {
		return nil, errors.New("the message body is not valid UTF-8")
	}
	body, err := bodyEntity(m)
	if err != nil || len(m.Attachments) == 0 {
		return body, err
	}
	parts := [][]byte{body}
	for _, a := range m.Attachments {
		e, err := attachmentEntity(a)
		if err != nil {
			return nil, err
		}
		parts = append(parts, e)
	}
	return multipartEntity("multipart/mixed", parts)
}

// bodyEntity is the text, or text and HTML as multipart/alternative.
func bodyEntity(m Message) ([]byte, error) {
	text := textEntity("text/plain", m.Text)
	if m.HTML == "" {
		return text, nil
	}
	return multipartEntity("multipart/alternative", [][]byte{text, textEntity("text/html", m.HTML)})
}

// multipartEntity joins entities into a multipart entity of mediaType.
func multipartEntity(mediaType string, parts [][]byte) ([]byte, error) {
	boundary, err := newBoundary()
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := writeField(&buf, "Content-Type", mime.FormatMediaType(mediaType, map[string]string{"boundary": boundary})); err != nil {
		return nil, err
	}
	buf.WriteString(crlf)
	for _, p := range parts {
		buf.WriteString("--" + boundary + crlf)
		buf.Write(p)
		buf.WriteString(crlf)
	}
	buf.WriteString("--" + boundary + "--" + crlf)
	return buf.Bytes(), nil
}

// attachmentEntity is a base64 attachment entity.
func attachmentEntity(a Attachment) ([]byte, error) {
	if a.Filename == "" || !isPrintableASCII(a.Filename) || strings.ContainsAny(a.Filename, "/\\\"") {
		return nil, fmt.Errorf("attachment name %q: give a plain ASCII file name", a.Filename)
	}
	ct := a.ContentType
	if ct == "" {
		ct = "application/octet-stream"
	}
	var buf bytes.Buffer
	if err := writeField(&buf, "Content-Type", mime.FormatMediaType(ct, map[string]string{"name": a.Filename})); err != nil {
		return nil, err
	}
	if err := writeField(&buf, "Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": a.Filename})); err != nil {
		return nil, err
	}
	buf.WriteString("Content-Transfer-Encoding: base64" + crlf + crlf)
	enc := base64.StdEncoding.EncodeToString(a.Data)
	for len(enc) > 76 {
		buf.WriteString(enc[:76] + crlf)
		enc = enc[76:]
	}
	if enc != "" {
		buf.WriteString(enc + crlf)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte(crlf)), nil
}

// textEntity returns a quoted-printable UTF-8 text entity of the given
// media type.
func textEntity(mediaType, body string) []byte {
	var buf bytes.Buffer
	buf.WriteString("Content-Type: " + mediaType + "; charset=utf-8" + crlf)
	buf.WriteString("Content-Transfer-Encoding: quoted-printable" + crlf)
	buf.WriteString(crlf)
	buf.Write(encodeQP(body))
	return buf.Bytes()
}

// encodeQP encodes s as quoted-printable with CRLF line breaks. Besides what
// mime/quotedprintable does (encode '=', controls, non-ASCII and trailing
// blanks; lines of at most 76 characters), it encodes a line-initial "F" of
// "From " and a line-initial "." so that mbox "From " quoting and broken
// SMTP dot handling cannot change the signed bytes (RFC 3156 section 3).
func encodeQP(s string) []byte {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	var raw bytes.Buffer
	w := quotedprintable.NewWriter(&raw)
	// Writes to a bytes.Buffer cannot fail.
	_, _ = w.Write([]byte(s))
	_ = w.Close()

	var out bytes.Buffer
	lines := strings.SplitAfter(raw.String(), crlf)
	for _, line := range lines {
		body, hasCRLF := strings.CutSuffix(line, crlf)
		for {
			switch {
			case strings.HasPrefix(body, "From "):
				body = "=46" + body[1:]
			case strings.HasPrefix(body, "."):
				body = "=2E" + body[1:]
			}
			if len(body) <= qpLineMax {
				break
			}
			// Too long after escaping: insert a soft line break
			// without splitting an "=XX" triplet.
			cut := qpLineMax - 1
			switch {
			case body[cut-1] == '=':
				cut--
			case body[cut-2] == '=':
				cut -= 2
			}
			out.WriteString(body[:cut] + "=" + crlf)
			body = body[cut:]
		}
		out.WriteString(body)
		if hasCRLF {
			out.WriteString(crlf)
		}
	}
	return out.Bytes()
}

// formatAddresses parses an address (list) and formats it 7-bit clean.
func formatAddresses(field, value string, single bool) (string, error) {
	if strings.TrimSpace(value) == "" {
		return "", fmt.Errorf("the %s address is empty", field)
	}
	if strings.ContainsAny(value, "\r\n") {
		return "", fmt.Errorf("the %s address contains a line break", field)
	}
	var list []*netmail.Address
	if single {
		a, err := netmail.ParseAddress(value)
		if err != nil {
			return "", fmt.Errorf("parse %s address %q: %w", field, value, err)
		}
		list = []*netmail.Address{a}
	} else {
		l, err := netmail.ParseAddressList(value)
		if err != nil {
			return "", fmt.Errorf("parse %s addresses %q: %w", field, value, err)
		}
		list = l
	}
	parts := make([]string, 0, len(list))
	for _, a := range list {
		if !isPrintableASCII(a.Address) {
			return "", fmt.Errorf("the %s address %q is not ASCII; internationalised addresses (SMTPUTF8) are not supported, use the punycode form of the domain", field, a.Address)
		}
		parts = append(parts, a.String())
	}
	return strings.Join(parts, ", "), nil
}

// encodeSubject returns the subject as it goes into the header: unchanged
// when it is printable ASCII, otherwise RFC 2047 Q-encoded UTF-8. Leading
// and trailing blanks are dropped, as readers would drop them anyway.
func encodeSubject(s string) (string, error) {
	if strings.ContainsAny(s, "\r\n") {
		return "", errors.New("the subject contains a line break")
	}
	if !utf8.ValidString(s) {
		return "", errors.New("the subject is not valid UTF-8")
	}
	s = strings.Trim(s, " \t")
	if isPrintableASCII(s) && !strings.Contains(s, "=?") {
		return s, nil
	}
	if !isPrintableASCII(s) {
		return mime.QEncoding.Encode("utf-8", s), nil
	}
	// Printable ASCII that looks like an encoded word: mime would leave it
	// alone and readers would decode it, so encode it ourselves.
	return qEncodeASCII(s), nil
}

// qEncodeASCII Q-encodes printable ASCII s into encoded words of at most 75
// characters, separated by spaces.
func qEncodeASCII(s string) string {
	const prefix, suffix = "=?utf-8?q?", "?="
	var words []string
	var cur strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		var enc string
		switch {
		case c == ' ':
			enc = "_"
		case c >= '0' && c <= '9', c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', strings.IndexByte("!*+-/", c) >= 0:
			enc = string(c)
		default:
			enc = fmt.Sprintf("=%02X", c)
		}
		if len(prefix)+cur.Len()+len(enc)+len(suffix) > 75 {
			words = append(words, prefix+cur.String()+suffix)
			cur.Reset()
		}
		cur.WriteString(enc)
	}
	words = append(words, prefix+cur.String()+suffix)
	return strings.Join(words, " ")
}

// formatMessageID validates a Message-ID and puts it in angle brackets.
func formatMessageID(id string) (string, error) {
	id = strings.TrimSpace(id)
	if id == "" {
		return "", errors.New("the Message-ID is not set; make one with NewMessageID and keep it for retries")
	}
	inner := strings.TrimSuffix(strings.TrimPrefix(id, "<"), ">")
	left, right, ok := strings.Cut(inner, "@")
	if !ok || left == "" || right == "" || !isPrintableASCII(inner) || strings.ContainsAny(inner, " <>\t") || strings.Count(inner, "@") != 1 {
		return "", fmt.Errorf("the Message-ID %q is not of the form <local@domain> in printable ASCII", id)
	}
	return "<" + inner + ">", nil
}

// checkExtraHeader validates one of Message.Headers.
func checkExtraHeader(name, value string) error {
	if name == "" {
		return errors.New("an extra header field has an empty name")
	}
	for i := 0; i < len(name); i++ {
		if c := name[i]; c < 33 || c > 126 || c == ':' {
			return fmt.Errorf("the extra header field name %q is invalid; use letters, digits and '-'", name)
		}
	}
	if isReservedHeader(name) {
		return fmt.Errorf("the header field %s is set by the composer (or not allowed); use the Message fields instead of Headers", name)
	}
	if strings.ContainsAny(value, "\r\n") {
		return fmt.Errorf("the value of header field %s contains a line break", name)
	}
	if !isPrintableASCII(strings.ReplaceAll(value, "\t", " ")) {
		return fmt.Errorf("the value of header field %s is not printable ASCII; encode it with mime.QEncoding first where the field allows encoded words", name)
	}
	return nil
}

// writeField writes "Name: value" folded at spaces to lines of at most 78
// characters where possible.
func writeField(buf *bytes.Buffer, name, value string) error {
	var out strings.Builder
	out.WriteString(name + ":")
	lineLen := out.Len()
	for i, seg := range splitSegments(value) {
		if i == 0 {
			seg = " " + strings.TrimLeft(seg, " \t")
		}
		// Fold before the segment when the line would grow too long; the
		// first segment too, right after the colon, when that helps.
		if lineLen+len(seg) > maxHeaderLine && (i > 0 || len(seg) <= maxHeaderLine) {
			out.WriteString(crlf)
			lineLen = 0
		}
		out.WriteString(seg)
		lineLen += len(seg)
		if lineLen > hardLineLimit {
			return fmt.Errorf("header field %s has a word longer than %d characters", name, hardLineLimit)
		}
	}
	out.WriteString(crlf)
	buf.WriteString(out.String())
	return nil
}

// splitSegments splits s before each run of blanks, so that every segment
// but the first starts with blanks and ends with a non-blank; folding
// happens only before a segment.
func splitSegments(s string) []string {
	var segs []string
	start := 0
	for i := 1; i < len(s); i++ {
		if (s[i] == ' ' || s[i] == '\t') && s[i-1] != ' ' && s[i-1] != '\t' {
			segs = append(segs, s[start:i])
			start = i
		}
	}
	return append(segs, s[start:])
}

// newBoundary returns a random MIME boundary. It contains "=_", which
// cannot occur in quoted-printable or base64 text.
func newBoundary() (string, error) {
	var b [18]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("make MIME boundary: %w", err)
	}
	return "=_tocsin_" + hex.EncodeToString(b[:]), nil
}

// toCRLF turns LF and lone CR line endings into CRLF.
func toCRLF(b []byte) []byte {
	b = bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
	b = bytes.ReplaceAll(b, []byte("\r"), []byte("\n"))
	return bytes.ReplaceAll(b, []byte("\n"), []byte("\r\n"))
}

// isPrintableASCII reports whether s consists of characters 0x20 to 0x7E.
func isPrintableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

// is7bit reports whether b has only ASCII characters.
func is7bit(b []byte) bool {
	for _, c := range b {
		if c > 0x7f {
			return false
		}
	}
	return true
}
