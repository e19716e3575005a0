package mail

import (
	"context"
	"errors"

	"github.com/emersion/go-smtp"
)

// Sender delivers one composed message to the envelope recipients to, with
// from as the envelope sender (return path). key is a stable idempotency key
// for this delivery, such as "42-3-alice@example.org": a sender that can
// (Maildir) delivers a key at most once; one that cannot (SMTP) uses it only
// to name the delivery in errors.
type Sender interface {
	Send(ctx context.Context, from string, to []string, msg []byte, key string) error
}

// permanentError marks a failure that retrying cannot fix, such as an
// invalid argument.
type permanentError struct{ err error }

func (e *permanentError) Error() string { return e.err.Error() }
func (e *permanentError) Unwrap() error { return e.err }

// permanent wraps err so that IsPermanent reports true.
func permanent(err error) error { return &permanentError{err: err} }

// IsPermanent reports whether a delivery error is permanent, so retrying the
// same delivery is pointless: an SMTP reply in the 5xx range, or an invalid
// argument to Send. SMTP 4xx replies, network errors, timeouts, a cancelled
// context and TLS or configuration problems the operator can fix are
// temporary (false). Note that a 5xx reply to AUTH or MAIL FROM is a problem
// of the sending side, not of the recipient, though it is permanent too.
func IsPermanent(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	var pe *permanentError
	if errors.As(err, &pe) {
		return true
	}
	var se *smtp.SMTPError
	if errors.As(err, &se) {
		return se.Code >= 500 && se.Code <= 599
	}
	return false
}
