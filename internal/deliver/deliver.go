// Package deliver sends the deliveries that publishing recorded: it renders
// each advisory in the recipient's variant, signs the message (PGP/MIME),
// hands it to the mail sender and records the outcome. Because deliveries
// are recorded before anything is sent and each has a stable idempotency
// key, a worker that crashed can run again and sends only what is missing.
package deliver

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/mail"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tocsin-cert/tocsin/internal/advisory"
	"github.com/tocsin-cert/tocsin/internal/csaf"
	"github.com/tocsin-cert/tocsin/internal/eispp"
	tmail "github.com/tocsin-cert/tocsin/internal/mail"
	"github.com/tocsin-cert/tocsin/internal/org"
	"github.com/tocsin-cert/tocsin/internal/present"
	"github.com/tocsin-cert/tocsin/internal/publish"
	"github.com/tocsin-cert/tocsin/internal/render"
	"github.com/tocsin-cert/tocsin/internal/store"
)

// MaxAttempts is how often a temporary failure is retried before the
// delivery is given up.
const MaxAttempts = 10

// Worker sends pending deliveries.
type Worker struct {
	Store    store.Store
	Renderer *render.Renderer
	Signer   tmail.Signer
	Sender   tmail.Sender
	// From is the sender as shown ("Example CERT <cert@example.org>").
	From string
	// BaseURL is the web archive's address, for links in messages.
	BaseURL string
	Log     *slog.Logger
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// CSAF converts advisories not read from CSAF for JSON attachments;
	// nil attaches CSAF only for CSAF documents.
	CSAF *csaf.Validator
}

// Stats counts what one run did.
type Stats struct {
	Sent     int
	Failed   int
	Retrying int
}

func (w *Worker) now() time.Time {
	if w.Now != nil {
		return w.Now()
	}
	return time.Now()
}

// Backoff is the wait before retry number attempt (1-based).
func Backoff(attempt int) time.Duration {
	steps := []time.Duration{time.Minute, 5 * time.Minute, 15 * time.Minute, time.Hour, 3 * time.Hour, 6 * time.Hour}
	if attempt < 1 {
		attempt = 1
	}
	if attempt > len(steps) {
		return steps[len(steps)-1]
	}
	return steps[attempt-1]
}

type rendered struct {
	subject, text, html string
	attachments         []tmail.Attachment
}

// RunOnce sends every delivery that is due now and returns when none is
// left. Errors of single deliveries are recorded on them; the returned
// error is for failures of the store itself.
func (w *Worker) RunOnce(ctx context.Context) (Stats, error) {
	var st Stats
	records := map[int64]*store.Record{}
	cache := map[string]rendered{}
	matches := map[int64][]store.Match{}
	profiles := map[int64]org.Profile{}
	if ps, err := w.Store.ListProfiles(ctx); err == nil {
		for _, p := range ps {
			profiles[p.ID] = p
		}
	} else {
		return st, fmt.Errorf("deliver: %w", err)
	}
	from, err := mail.ParseAddress(w.From)
	if err != nil {
		return st, fmt.Errorf("deliver: sender address %q: %w", w.From, err)
	}
	for {
		batch, err := w.Store.PendingDeliveries(ctx, w.now(), 200)
		if err != nil {
			return st, fmt.Errorf("deliver: %w", err)
		}
		if len(batch) == 0 {
			return st, nil
		}
		progress := false
		for _, d := range batch {
			if err := ctx.Err(); err != nil {
				return st, err
			}
			rec, ok := records[d.AdvisoryID]
			if !ok {
				rec, err = w.Store.Advisory(ctx, d.AdvisoryID)
				if err != nil {
					return st, fmt.Errorf("deliver %d: %w", d.ID, err)
				}
				records[d.AdvisoryID] = rec
			}
			if rec.Version != d.Version && !rec.Published {
				// A newer revision was imported but is not published yet:
				// wait for it (its publication then replaces this
				// delivery); cancelling now would leave nobody alerted if it
				// is never published.
				if err := w.Store.Postpone(ctx, d.ID, "waiting: revision "+rec.Version+" is imported but not published", w.now().Add(10*time.Minute)); err != nil {
					return st, err
				}
				progress = true
				continue
			}
			if rec.Version != d.Version {
				// A newer revision replaced this one before it went out:
				// sending the old text would mislead. The newer revision's
				// publication has its own deliveries.
				if err := w.Store.MarkFailed(ctx, d.ID, "superseded by revision "+rec.Version+" before sending", true, w.now()); err != nil {
					return st, err
				}
				st.Failed++
				progress = true
				continue
			}
			if reason := stillWanted(profiles, d); reason != "" {
				// The profile changed after publication: removed, paused, or
				// the recipient taken out. Nothing goes to them.
				if err := w.Store.MarkFailed(ctx, d.ID, reason, true, w.now()); err != nil {
					return st, err
				}
				st.Failed++
				progress = true
				continue
			}
			ms, ok := matches[d.AdvisoryID]
			if !ok {
				if ms, err = w.Store.Matches(ctx, d.AdvisoryID); err != nil {
					return st, fmt.Errorf("deliver %d: %w", d.ID, err)
				}
				matches[d.AdvisoryID] = ms
			}
			key := strconv.FormatInt(d.AdvisoryID, 10) + "/" + d.Version + "/" + d.Variant + "/" + strconv.FormatInt(d.ProfileID, 10)
			r, ok := cache[key]
			if !ok {
				r, err = w.render(rec, d.AdvisoryID, d.Variant, Why(rec, ms, d, profiles[d.ProfileID].Name))
				if err != nil {
					return st, fmt.Errorf("deliver %d: %w", d.ID, err)
				}
				cache[key] = r
			}
			msgID := MessageID(d, from.Address)
			msg, err := tmail.ComposeSigned(tmail.Message{
				From:      w.From,
				To:        d.Recipient,
				Subject:   r.subject,
				MessageID: msgID,
				Date:      w.now(),
				Headers: [][2]string{
					{"Auto-Submitted", "auto-generated"},
					{"Precedence", "bulk"},
					{"X-Tocsin-Advisory", headerSafe(rec.TrackingID + " revision " + rec.Version)},
				},
				Text:        r.text,
				HTML:        r.html,
				Attachments: r.attachments,
			}, w.Signer)
			if err != nil {
				// This one message cannot be built (an address or value mail
				// cannot carry): fail it for good, and go on with the others.
				reason := "cannot build the message: " + err.Error()
				if err := w.Store.MarkFailed(ctx, d.ID, reason, true, w.now()); err != nil {
					return st, err
				}
				st.Failed++
				progress = true
				w.log().Warn("delivery failed for good", "advisory", rec.TrackingID, "delivery", d.ID, "err", reason)
				continue
			}
			progress = true
			sendErr := w.Sender.Send(ctx, from.Address, []string{d.Recipient}, msg, d.Key())
			if sendErr == nil {
				if err := w.Store.MarkSent(ctx, d.ID, msgID, w.now()); err != nil {
					return st, err
				}
				st.Sent++
				w.log().Info("delivered", "advisory", rec.TrackingID, "version", d.Version, "delivery", d.ID)
				continue
			}
			permanent := tmail.IsPermanent(sendErr) || d.Attempts+1 >= MaxAttempts
			if err := w.Store.MarkFailed(ctx, d.ID, sendErr.Error(), permanent, w.now().Add(Backoff(d.Attempts+1))); err != nil {
				return st, err
			}
			if permanent {
				st.Failed++
				w.log().Warn("delivery failed for good", "advisory", rec.TrackingID, "delivery", d.ID, "err", sendErr)
			} else {
				st.Retrying++
				w.log().Warn("delivery failed, will retry", "advisory", rec.TrackingID, "delivery", d.ID, "attempt", d.Attempts+1, "err", sendErr)
			}
		}
		if !progress {
			return st, nil
		}
	}
}

// Run sends due deliveries every interval until ctx ends.
func (w *Worker) Run(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if st, err := w.RunOnce(ctx); err != nil && ctx.Err() == nil {
			w.log().Error("delivery run", "err", err)
		} else if st.Sent+st.Failed+st.Retrying > 0 {
			w.log().Info("delivery run", "sent", st.Sent, "failed", st.Failed, "retrying", st.Retrying)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (w *Worker) log() *slog.Logger {
	if w.Log != nil {
		return w.Log
	}
	return slog.Default()
}

func (w *Worker) render(rec *store.Record, id int64, variant string, why []render.Why) (rendered, error) {
	formats, level, langs, since := publish.ParseVariant(variant)
	a, lang := w.pickLanguage(rec, id, strings.Split(langs, ","))
	url := ""
	if w.BaseURL != "" {
		url = strings.TrimRight(w.BaseURL, "/") + "/advisories/" + strconv.FormatInt(id, 10)
	}
	var r rendered
	r.subject = render.Subject(a)
	var buf bytes.Buffer
	// Text is always there: every mail client shows it.
	if err := w.Renderer.Render(&buf, a, render.Options{Format: "txt", Level: render.Level(level), Lang: lang, URL: url, Why: why, UpdateSince: since}); err != nil {
		return r, err
	}
	r.text = buf.String()
	p := &present.Presenter{Store: w.Store, Renderer: w.Renderer, MarshalXML: eispp.Marshal, Validator: w.CSAF}
	for _, f := range formats {
		switch f {
		case "html":
			buf.Reset()
			if err := w.Renderer.Render(&buf, a, render.Options{Format: "html", Level: render.Level(level), Lang: lang, URL: url, Why: why, UpdateSince: since}); err != nil {
				return r, err
			}
			r.html = buf.String()
		case "xml", "json":
			// The advisory itself, for the recipient's tools: EISPP XML or
			// CSAF JSON, in the recipient's language when translated.
			format := present.XML
			if f == "json" {
				format = present.CSAF
			}
			file, err := p.File(context.Background(), rec, present.Request{Format: format, Lang: lang})
			if errors.Is(err, present.ErrUnavailable) {
				file, err = p.File(context.Background(), rec, present.Request{Format: format})
			}
			if errors.Is(err, present.ErrUnavailable) {
				continue // this advisory has no such form; the text still goes
			}
			if err != nil {
				return r, err
			}
			r.attachments = append(r.attachments, tmail.Attachment{Filename: file.Name, ContentType: file.ContentType, Data: file.Body})
		}
	}
	return r, nil
}

// stillWanted returns why a delivery must not go out any more ("" when it
// may): its profile was removed or paused, or its recipient was taken out
// of the profile, after the advisory was published.
func stillWanted(profiles map[int64]org.Profile, d store.Delivery) string {
	p, ok := profiles[d.ProfileID]
	switch {
	case !ok:
		return "not sent: the profile was removed before sending"
	case p.Paused:
		return "not sent: the profile was paused before sending"
	}
	for _, r := range p.Recipients {
		if strings.EqualFold(r, d.Recipient) {
			return ""
		}
	}
	return "not sent: the recipient was removed from the profile before sending"
}

// headerSafe keeps a header value printable ASCII and short: other
// characters become "?"; it is for information only.
func headerSafe(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c < 0x20 || c > 0x7e {
			b[i] = '?'
		}
	}
	if len(b) > 200 {
		b = b[:200]
	}
	return string(b)
}

// pickLanguage chooses, from the recipient's languages in order of
// preference, the first the advisory exists in (its own, or a stored
// translation); when none, the text stays in its own language and the
// labels use the first preference.
func (w *Worker) pickLanguage(rec *store.Record, id int64, prefs []string) (*advisory.Advisory, string) {
	for _, l := range prefs {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		if present.SameLang(rec.Advisory.Lang, l) {
			return rec.Advisory, l
		}
		if tr, _, err := w.Store.Translation(context.Background(), id, l); err == nil {
			return tr, l
		}
	}
	first := strings.TrimSpace(prefs[0])
	if first == "" {
		first = "en"
	}
	return rec.Advisory, first
}

// maxWhyProducts is how many matched products a "why" line names.
const maxWhyProducts = 3

// Why explains to a recipient which subscriptions of their profile matched
// which products of this revision: one entry per product SPEC.
func Why(rec *store.Record, ms []store.Match, d store.Delivery, profileName string) []render.Why {
	var out []render.Why
	bySpec := map[string]int{}
	for _, m := range ms {
		if m.ProfileID != d.ProfileID || m.Version != d.Version {
			continue
		}
		i, ok := bySpec[m.Spec]
		if !ok {
			i = len(out)
			bySpec[m.Spec] = i
			out = append(out, render.Why{Profile: profileName, Spec: m.Spec})
		}
		name := m.ProductID
		if p, ok := rec.Advisory.Product(m.ProductID); ok && p.Name != "" {
			name = strings.TrimSpace(p.Name)
		}
		w := &out[i]
		switch {
		case slices.Contains(w.Products, name):
		case len(w.Products) < maxWhyProducts:
			w.Products = append(w.Products, name)
		default:
			w.More++
		}
	}
	return out
}

// MessageID is the delivery's stable Message-ID: the same delivery always
// has the same one, so a mail client can drop a duplicate.
func MessageID(d store.Delivery, fromAddr string) string {
	host := "tocsin.invalid"
	if i := strings.LastIndexByte(fromAddr, '@'); i >= 0 {
		host = fromAddr[i+1:]
	}
	h := sha256.Sum256([]byte(d.Key()))
	return "<tocsin." + strconv.FormatInt(d.AdvisoryID, 10) + "." + d.Version + "." + hex.EncodeToString(h[:8]) + "@" + host + ">"
}
