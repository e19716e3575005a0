package deliver

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/tocsin-cert/tocsin/internal/advisory"
	"github.com/tocsin-cert/tocsin/internal/org"
	"github.com/tocsin-cert/tocsin/internal/render"
	"github.com/tocsin-cert/tocsin/internal/store"
	"github.com/tocsin-cert/tocsin/internal/store/sqlite"
	"github.com/tocsin-cert/tocsin/internal/store/storetest"
)

// fakeSender records messages and fails as told.
type fakeSender struct {
	mu    sync.Mutex
	sent  map[string]int // key → count
	fail  func(n int) error
	calls int
}

func (f *fakeSender) Send(ctx context.Context, from string, to []string, msg []byte, key string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	if f.fail != nil {
		if err := f.fail(f.calls); err != nil {
			return err
		}
	}
	if f.sent == nil {
		f.sent = map[string]int{}
	}
	f.sent[key]++
	return nil
}

type nopSigner struct{}

func (nopSigner) DetachSignText(data []byte) ([]byte, error) {
	return []byte("-----BEGIN PGP SIGNATURE-----\n\nx\n-----END PGP SIGNATURE-----\n"), nil
}

func setup(t *testing.T, recipients ...string) (*sqlite.Store, int64) {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	o, err := st.CreateOrg(ctx, org.Org{Name: "SME", Kind: org.KindSME})
	if err != nil {
		t.Fatal(err)
	}
	p, err := st.CreateProfile(ctx, org.Profile{OrgID: o.ID, Name: "p", Products: []string{"vendor:acme"}, Recipients: recipients, Formats: []string{"txt", "html"}, Level: "basic", Lang: "en"})
	if err != nil {
		t.Fatal(err)
	}
	r, err := st.SaveAdvisory(ctx, storetest.Fixture("TST-2024-0001", "1", advisory.TLPClear, time.Now()), store.Source{Format: "csaf", Data: []byte("x")})
	if err != nil {
		t.Fatal(err)
	}
	var ds []store.Delivery
	for _, rc := range recipients {
		ds = append(ds, store.Delivery{ProfileID: p.ID, OrgID: o.ID, Recipient: rc, Channel: "email", Variant: "txt+html/basic/en"})
	}
	if _, err := st.Publish(ctx, r.ID, "1", nil, ds); err != nil {
		t.Fatal(err)
	}
	return st, r.ID
}

func newWorker(t *testing.T, st store.Store, snd *fakeSender, now *time.Time) *Worker {
	t.Helper()
	r, err := render.New()
	if err != nil {
		t.Fatal(err)
	}
	return &Worker{Store: st, Renderer: r, Signer: nopSigner{}, Sender: snd, From: `"Test CERT" <cert@test.example>`, Now: func() time.Time { return *now }}
}

func permanentSMTP() error {
	return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such user"}
}

func TestRunOnceSendsEachOnce(t *testing.T) {
	t.Parallel()
	st, _ := setup(t, "a@example.org", "b@example.org", "c@example.org")
	now := time.Now()
	snd := &fakeSender{}
	w := newWorker(t, st, snd, &now)
	stats, err := w.RunOnce(context.Background())
	if err != nil || stats.Sent != 3 {
		t.Fatalf("RunOnce = %+v, %v", stats, err)
	}
	stats, err = w.RunOnce(context.Background())
	if err != nil || stats.Sent != 0 {
		t.Errorf("second RunOnce = %+v, %v; want nothing sent", stats, err)
	}
	for k, n := range snd.sent {
		if n != 1 {
			t.Errorf("%s sent %d times", k, n)
		}
	}
	if len(snd.sent) != 3 {
		t.Errorf("sent to %d keys, want 3", len(snd.sent))
	}
}

func TestTemporaryFailureIsRetried(t *testing.T) {
	t.Parallel()
	st, id := setup(t, "a@example.org")
	now := time.Now()
	snd := &fakeSender{fail: func(n int) error {
		if n <= 2 {
			return errors.New("451 4.3.0 try again later")
		}
		return nil
	}}
	w := newWorker(t, st, snd, &now)
	ctx := context.Background()
	for i, want := range []Stats{{Retrying: 1}, {}, {Retrying: 1}, {Sent: 1}} {
		got, err := w.RunOnce(ctx)
		if err != nil || got != want {
			t.Fatalf("run %d = %+v, %v; want %+v", i, got, err, want)
		}
		// Between runs, time passes beyond the backoff except after run 0.
		if i >= 1 {
			now = now.Add(time.Hour)
		}
	}
	ds, _ := st.Deliveries(ctx, id)
	if ds[0].Status != store.DeliverySent || ds[0].Attempts != 3 {
		t.Errorf("delivery = %+v", ds[0])
	}
}

func TestPermanentFailureStops(t *testing.T) {
	t.Parallel()
	st, id := setup(t, "nobody@example.org")
	now := time.Now()
	snd := &fakeSender{fail: func(int) error { return permanentSMTP() }}
	w := newWorker(t, st, snd, &now)
	ctx := context.Background()
	got, err := w.RunOnce(ctx)
	if err != nil || got.Failed != 1 {
		t.Fatalf("RunOnce = %+v, %v", got, err)
	}
	now = now.Add(24 * time.Hour)
	if got, _ := w.RunOnce(ctx); got != (Stats{}) || snd.calls != 1 {
		t.Errorf("after a permanent failure: %+v, %d calls; want no retry", got, snd.calls)
	}
	ds, _ := st.Deliveries(ctx, id)
	if ds[0].Status != store.DeliveryFailed || !strings.Contains(ds[0].LastError, "550") {
		t.Errorf("delivery = %+v", ds[0])
	}
}

func TestBackoffGrows(t *testing.T) {
	t.Parallel()
	prev := time.Duration(0)
	for i := 1; i <= 8; i++ {
		b := Backoff(i)
		if b < prev {
			t.Errorf("Backoff(%d) = %v < Backoff(%d) = %v", i, b, i-1, prev)
		}
		prev = b
	}
	if Backoff(100) > 6*time.Hour {
		t.Errorf("Backoff is not capped")
	}
}

func TestMessageIDStable(t *testing.T) {
	t.Parallel()
	d := store.Delivery{AdvisoryID: 7, Version: "2", Recipient: "a@example.org", Channel: "email"}
	a, b := MessageID(d, "cert@cert.example"), MessageID(d, "cert@cert.example")
	if a != b || !strings.HasSuffix(a, "@cert.example>") || !strings.HasPrefix(a, "<tocsin.7.2.") {
		t.Errorf("MessageID = %q, %q", a, b)
	}
	d.Recipient = "b@example.org"
	if MessageID(d, "cert@cert.example") == a {
		t.Error("two recipients share a Message-ID")
	}
}

// recordingSender keeps the messages.
type recordingSender struct {
	mu   sync.Mutex
	msgs map[string][]byte
}

func (r *recordingSender) Send(ctx context.Context, from string, to []string, msg []byte, key string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.msgs == nil {
		r.msgs = map[string][]byte{}
	}
	r.msgs[to[0]] = msg
	return nil
}

// TestTranslationAndWhy: a French recipient gets the French translation
// with French labels, an English one the original; both are told why.
func TestTranslationAndWhy(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	o, _ := st.CreateOrg(ctx, org.Org{Name: "SME", Kind: org.KindSME})
	pFR, _ := st.CreateProfile(ctx, org.Profile{OrgID: o.ID, Name: "Usine", Products: []string{"acme/frobnicator"}, Recipients: []string{"fr@example.org"}, Formats: []string{"txt"}, Level: "basic", Lang: "fr"})
	pEN, _ := st.CreateProfile(ctx, org.Profile{OrgID: o.ID, Name: "Plant", Products: []string{"acme/frobnicator"}, Recipients: []string{"en@example.org"}, Formats: []string{"txt"}, Level: "basic", Lang: "en"})
	t0 := time.Now()
	r, err := st.SaveAdvisory(ctx, storetest.Fixture("TST-2024-0001", "1", advisory.TLPClear, t0), store.Source{Format: "csaf", Data: []byte("en")})
	if err != nil {
		t.Fatal(err)
	}
	fr := storetest.Fixture("TST-2024-0001", "1", advisory.TLPClear, t0)
	fr.Lang, fr.Title = "fr", "Débordement de tampon dans Frobnicator"
	if _, err := st.SaveAdvisory(ctx, fr, store.Source{Format: "csaf", Data: []byte("fr")}); err != nil {
		t.Fatal(err)
	}
	ms := []store.Match{
		{ProfileID: pFR.ID, OrgID: o.ID, ProductID: "P1", Spec: "acme/frobnicator", Reason: "r"},
		{ProfileID: pEN.ID, OrgID: o.ID, ProductID: "P1", Spec: "acme/frobnicator", Reason: "r"},
	}
	ds := []store.Delivery{
		{ProfileID: pFR.ID, OrgID: o.ID, Recipient: "fr@example.org", Channel: "email", Variant: "txt/basic/fr"},
		{ProfileID: pEN.ID, OrgID: o.ID, Recipient: "en@example.org", Channel: "email", Variant: "txt/basic/en"},
	}
	if _, err := st.Publish(ctx, r.ID, "1", ms, ds); err != nil {
		t.Fatal(err)
	}
	rs := &recordingSender{}
	rdr, _ := render.New()
	w := &Worker{Store: st, Renderer: rdr, Signer: nopSigner{}, Sender: rs, From: "cert@test.example"}
	if got, err := w.RunOnce(ctx); err != nil || got.Sent != 2 {
		t.Fatalf("RunOnce = %+v, %v", got, err)
	}
	frMsg, enMsg := string(rs.msgs["fr@example.org"]), string(rs.msgs["en@example.org"])
	for _, want := range []string{"=?utf-8?", "Pourquoi vous recevez ce message", "Usine", "Que faire"} {
		if !strings.Contains(frMsg, want) {
			t.Errorf("French message lacks %q", want)
		}
	}
	for _, want := range []string{"Buffer overflow in Frobnicator", "Why you receive this", "Plant"} {
		if !strings.Contains(enMsg, want) {
			t.Errorf("English message lacks %q", want)
		}
	}
}

// TestOneBadMessageDoesNotStopTheRest is a regression test: a delivery whose
// message cannot be built (a non-ASCII address) used to end the whole run,
// so nothing after it was ever sent.
func TestOneBadMessageDoesNotStopTheRest(t *testing.T) {
	t.Parallel()
	st, id := setup(t, "ops@bücher.example", "a@example.org")
	now := time.Now()
	snd := &fakeSender{}
	w := newWorker(t, st, snd, &now)
	got, err := w.RunOnce(context.Background())
	if err != nil || got.Sent != 1 || got.Failed != 1 {
		t.Fatalf("RunOnce = %+v, %v; want 1 sent, 1 failed", got, err)
	}
	ds, _ := st.Deliveries(context.Background(), id)
	for _, d := range ds {
		if strings.Contains(d.Recipient, "bücher") && (d.Status != store.DeliveryFailed || !strings.Contains(d.LastError, "cannot build")) {
			t.Errorf("bad delivery: %+v", d)
		}
	}
}

// TestUnpublishedRevisionWaits is a regression test: importing a newer
// revision without publishing it used to cancel the published revision's
// pending mail ("superseded"), so nobody was alerted if it was never
// published. Now the delivery waits, and goes when the new revision is
// published (as its own delivery).
func TestUnpublishedRevisionWaits(t *testing.T) {
	t.Parallel()
	st, id := setup(t, "a@example.org")
	ctx := context.Background()
	if _, err := st.SaveAdvisory(ctx, storetest.Fixture("TST-2024-0001", "2", advisory.TLPClear, time.Now().Add(time.Hour)), store.Source{Format: "csaf", Data: []byte("v2")}); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	snd := &fakeSender{}
	w := newWorker(t, st, snd, &now)
	if got, err := w.RunOnce(ctx); err != nil || got != (Stats{}) {
		t.Fatalf("RunOnce = %+v, %v; want nothing done", got, err)
	}
	ds, _ := st.Deliveries(ctx, id)
	if ds[0].Status != store.DeliveryPending || ds[0].Attempts != 0 || !strings.Contains(ds[0].LastError, "not published") {
		t.Errorf("delivery = %+v; want it pending and waiting", ds[0])
	}
}

// TestLanguagePreferences: a recipient who reads Italian, then French, gets
// the French translation (no Italian one exists) with French labels.
func TestLanguagePreferences(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	rec := func() *store.Record {
		r, err := st.SaveAdvisory(ctx, storetest.Fixture("TST-2024-0009", "1", advisory.TLPClear, time.Now()), store.Source{Format: "csaf", Data: []byte("en")})
		if err != nil {
			t.Fatal(err)
		}
		fr := storetest.Fixture("TST-2024-0009", "1", advisory.TLPClear, time.Now())
		fr.Lang, fr.Title = "fr", "Titre français"
		fr.Publisher.Category = "translator"
		if _, err := st.SaveAdvisory(ctx, fr, store.Source{Format: "csaf", Data: []byte("fr")}); err != nil {
			t.Fatal(err)
		}
		rec, _ := st.Advisory(ctx, r.ID)
		return rec
	}()
	w := &Worker{Store: st}
	for _, c := range []struct {
		prefs    []string
		title    string
		labelsIn string
	}{
		{[]string{"it", "fr"}, "Titre français", "fr"},
		{[]string{"en", "fr"}, "Buffer overflow in Frobnicator TST-2024-0009", "en"},
		{[]string{"it", "sv"}, "Buffer overflow in Frobnicator TST-2024-0009", "it"},
	} {
		a, lang := w.pickLanguage(rec, rec.ID, c.prefs)
		if a.Title != c.title || lang != c.labelsIn {
			t.Errorf("%v: %q in %s; want %q in %s", c.prefs, a.Title, lang, c.title, c.labelsIn)
		}
	}
}

// TestProfileChangedAfterPublication is a regression test: a profile
// removed (or paused, or a recipient taken out) after publication still
// got its pending mail.
func TestProfileChangedAfterPublication(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, change := range []string{"remove", "pause", "drop-recipient"} {
		st, id := setup(t, "a@example.org", "b@example.org")
		ps, _ := st.ListProfiles(ctx)
		p := ps[0]
		switch change {
		case "remove":
			st.RemoveProfile(ctx, p.ID)
		case "pause":
			p.Paused = true
			st.UpdateProfile(ctx, p)
		case "drop-recipient":
			p.Recipients = []string{"b@example.org"}
			st.UpdateProfile(ctx, p)
		}
		now := time.Now()
		snd := &fakeSender{}
		got, err := newWorker(t, st, snd, &now).RunOnce(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want := Stats{Failed: 2}
		if change == "drop-recipient" {
			want = Stats{Sent: 1, Failed: 1}
		}
		if got != want {
			t.Errorf("%s: %+v, want %+v", change, got, want)
		}
		ds, _ := st.Deliveries(ctx, id)
		for _, d := range ds {
			if d.Status == store.DeliveryFailed && !strings.Contains(d.LastError, "before sending") {
				t.Errorf("%s: reason %q", change, d.LastError)
			}
		}
	}
}
