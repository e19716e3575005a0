package web

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/tocsin-cert/tocsin/internal/advisory"
	"github.com/tocsin-cert/tocsin/internal/auth"
	"github.com/tocsin-cert/tocsin/internal/csaf"
	"github.com/tocsin-cert/tocsin/internal/org"
	"github.com/tocsin-cert/tocsin/internal/render"
	"github.com/tocsin-cert/tocsin/internal/store"
	"github.com/tocsin-cert/tocsin/internal/store/sqlite"
	"github.com/tocsin-cert/tocsin/internal/testutil"
)

// testPassword is every test user's password; hashing it once keeps the
// tests fast (argon2id with 64 MiB).
const testPassword = "correct horse battery staple"

var testPasswordHash = sync.OnceValues(func() (string, error) { return auth.HashPassword(testPassword) })

// Corpus advisories the tests use.
const (
	// clearFile is TLP:CLEAR, published, matched to organisation A.
	clearFile  = "csaf/cisa/icsa-22-167-14.json"
	clearID    = "ICSA-22-167-14"
	clearCVE   = "CVE-2022-0778"
	clearTitle = "Siemens OpenSSL Affected Industrial Products (Update C)"
	// amberFile is made TLP:AMBER, published, matched to organisation A only.
	amberFile = "csaf/cisa/icsa-23-131-01.json"
	amberID   = "ICSA-23-131-01"
	amberCVE  = "CVE-2023-30985"
	// draftFile is imported but not published.
	draftFile = "csaf/cisa/icsa-21-287-01.json"
	draftID   = "ICSA-21-287-01"
	draftCVE  = "CVE-2021-22801"
	// otherFile is TLP:CLEAR, published, matched to nobody.
	otherFile = "csaf/cisa/icsa-24-137-09.json"
	otherID   = "ICSA-24-137-09"
)

// clock is a settable test clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// lockedBuffer collects log output from concurrent handlers.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// env is one test's world: its own database, server and data.
type env struct {
	t     *testing.T
	ctx   context.Context
	store *sqlite.Store
	srv   *Server
	ts    *httptest.Server
	clock *clock
	logs  *lockedBuffer

	cert, orgA, orgB org.Org
	// Users' e-mail addresses.
	staff, alice, bob string
	// Internal ids of the corpus advisories.
	clear, amber, draft, other int64
	// Raw CSAF of the CLEAR advisory, as imported.
	clearRaw []byte
}

// newEnv sets up a database with a CERT, two SMEs (A and B) with one user
// each, four advisories, and a server for them.
func newEnv(t *testing.T) *env {
	t.Helper()
	ctx := t.Context()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	e := &env{t: t, ctx: ctx, store: st, clock: &clock{t: time.Now()}, logs: &lockedBuffer{}}

	e.cert = e.createOrg("National CERT", org.KindCERT, 0)
	e.orgA = e.createOrg("Alpha Machines GmbH", org.KindSME, e.cert.ID)
	e.orgB = e.createOrg("Beta Bakery SARL", org.KindSME, e.cert.ID)
	e.staff = e.createUser(e.cert, "analyst@cert.example")
	e.alice = e.createUser(e.orgA, "alice@alpha.example")
	e.bob = e.createUser(e.orgB, "bob@beta.example")
	profA, err := st.CreateProfile(ctx, org.Profile{OrgID: e.orgA.ID, Name: "Factory", Products: []string{"Siemens SIMATIC", "Siemens Solid Edge"},
		Recipients: []string{"alice@alpha.example"}, Formats: []string{"txt"}, Level: "basic", Lang: "en"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.CreateProfile(ctx, org.Profile{OrgID: e.orgB.ID, Name: "Shop", Products: []string{"Schneider Electric"},
		Recipients: []string{"bob@beta.example"}, Formats: []string{"txt"}, Level: "basic", Lang: "en"}); err != nil {
		t.Fatal(err)
	}

	var a *advisory.Advisory
	e.clear, a, e.clearRaw = e.importAdvisory(clearFile, nil)
	e.publish(e.clear, a, profA)
	e.amber, a, _ = e.importAdvisory(amberFile, func(a *advisory.Advisory) { a.TLP = advisory.TLPAmber })
	e.publish(e.amber, a, profA)
	e.draft, _, _ = e.importAdvisory(draftFile, nil)
	e.other, a, _ = e.importAdvisory(otherFile, nil)
	e.publish(e.other, a, org.Profile{})

	e.srv = e.newServer(Config{PublicKey: []byte("-----BEGIN PGP PUBLIC KEY BLOCK-----\n\ntest\n-----END PGP PUBLIC KEY BLOCK-----\n")})
	e.ts = httptest.NewServer(e.srv.Handler())
	t.Cleanup(e.ts.Close)
	return e
}

// newServer makes a server on the env's store with cfg's other settings.
func (e *env) newServer(cfg Config) *Server {
	e.t.Helper()
	r, err := render.New()
	if err != nil {
		e.t.Fatal(err)
	}
	cfg.Store, cfg.Renderer, cfg.Now = e.store, r, e.clock.Now
	cfg.Log = slog.New(slog.NewTextHandler(e.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	cfg.InstanceName = "Tocsin Test"
	srv, err := New(cfg)
	if err != nil {
		e.t.Fatal(err)
	}
	return srv
}

func (e *env) createOrg(name string, kind org.Kind, parent int64) org.Org {
	e.t.Helper()
	o, err := e.store.CreateOrg(e.ctx, org.Org{Name: name, Kind: kind, ParentID: parent})
	if err != nil {
		e.t.Fatal(err)
	}
	return o
}

func (e *env) createUser(o org.Org, email string) string {
	e.t.Helper()
	hash, err := testPasswordHash()
	if err != nil {
		e.t.Fatal(err)
	}
	if _, err := e.store.CreateUser(e.ctx, org.User{OrgID: o.ID, Email: email, Role: org.RoleMember, PasswordHash: hash}); err != nil {
		e.t.Fatal(err)
	}
	return email
}

// importAdvisory parses a corpus file, lets change adjust it, and saves it.
func (e *env) importAdvisory(rel string, change func(*advisory.Advisory)) (int64, *advisory.Advisory, []byte) {
	e.t.Helper()
	raw, err := os.ReadFile(testutil.Corpus(e.t, rel))
	if err != nil {
		e.t.Fatal(err)
	}
	a, err := csaf.Parse(raw)
	if err != nil {
		e.t.Fatalf("parse %s: %v", rel, err)
	}
	if change != nil {
		change(a)
	}
	res, err := e.store.SaveAdvisory(e.ctx, a, store.Source{Format: "csaf", Data: raw, Name: filepath.Base(rel)})
	if err != nil {
		e.t.Fatal(err)
	}
	return res.ID, a, raw
}

// publish publishes an advisory, matched to the profile's organisation
// (none for the zero profile).
func (e *env) publish(id int64, a *advisory.Advisory, p org.Profile) {
	e.t.Helper()
	var matches []store.Match
	if p.ID != 0 {
		prod := a.NotifyingProducts()[0]
		matches = append(matches, store.Match{ProfileID: p.ID, OrgID: p.OrgID, ProductID: prod.ID, Spec: p.Products[0], Reason: "vendor and product"})
	}
	if _, err := e.store.Publish(e.ctx, id, a.Version, matches, nil); err != nil {
		e.t.Fatal(err)
	}
}

// client is a browser stand-in: it keeps cookies and does not follow
// redirects, so that tests see them.
func (e *env) client() *http.Client {
	jar, err := cookiejar.New(nil)
	if err != nil {
		e.t.Fatal(err)
	}
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// response is a fetched response with its body read.
type response struct {
	*http.Response
	body string
}

func (e *env) get(c *http.Client, path string) response {
	e.t.Helper()
	resp, err := c.Get(e.ts.URL + path)
	if err != nil {
		e.t.Fatal(err)
	}
	return readResponse(e.t, resp)
}

func (e *env) post(c *http.Client, path string, form url.Values) response {
	e.t.Helper()
	resp, err := c.PostForm(e.ts.URL+path, form)
	if err != nil {
		e.t.Fatal(err)
	}
	return readResponse(e.t, resp)
}

func readResponse(t *testing.T, resp *http.Response) response {
	t.Helper()
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{Response: resp, body: string(b)}
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// csrfOf finds the CSRF token in a page's form.
func csrfOf(t *testing.T, body string) string {
	t.Helper()
	m := csrfField.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no csrf field in page:\n%s", body)
	}
	return m[1]
}

// tryLogin fetches the sign-in form and submits it.
func (e *env) tryLogin(c *http.Client, email, password string) response {
	e.t.Helper()
	form := e.get(c, "/login")
	return e.post(c, "/login", url.Values{"email": {email}, "password": {password}, "csrf": {csrfOf(e.t, form.body)}})
}

// login signs a new client in and fails the test if that does not work.
func (e *env) login(email string) *http.Client {
	e.t.Helper()
	c := e.client()
	resp := e.tryLogin(c, email, testPassword)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/" {
		e.t.Fatalf("login %s: status %d, Location %q:\n%s", email, resp.StatusCode, resp.Header.Get("Location"), resp.body)
	}
	return c
}

// advPath is an advisory's page address.
func advPath(id int64) string { return "/advisories/" + strconv.FormatInt(id, 10) }
