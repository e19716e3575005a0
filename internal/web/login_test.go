package web

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestLoginRequired(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.client()
	for _, path := range []string{
		"/",
		"/?q=secret",
		advPath(e.clear),
		advPath(e.clear) + ".txt",
		advPath(e.clear) + "/csaf.json",
		advPath(e.clear) + "?level=expert",
		advPath(e.amber) + "/csaf.json?x=1&y",
		"/advisories/999999",
		"/advisories/999999/csaf.json",
		"/advisories/not-a-number.txt",
	} {
		want := "/login?next=" + url.QueryEscape(path)
		if path == "/" {
			want = "/login"
		}
		resp := e.get(c, path)
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != want {
			t.Errorf("GET %s: status %d, Location %q; want 303 to %q", path, resp.StatusCode, resp.Header.Get("Location"), want)
		}
		if strings.Contains(resp.body, clearTitle) {
			t.Errorf("GET %s without login shows the advisory", path)
		}
	}
}

func TestLoginThenGoesWhereAsked(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.client()
	form := e.get(c, "/login?next="+url.QueryEscape(advPath(e.clear)))
	if !strings.Contains(form.body, `name="next" value="`+advPath(e.clear)+`"`) {
		t.Fatalf("sign-in form does not carry next:\n%s", form.body)
	}
	resp := e.post(c, "/login", url.Values{"email": {e.alice}, "password": {testPassword}, "csrf": {csrfOf(t, form.body)}, "next": {advPath(e.clear)}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != advPath(e.clear) {
		t.Fatalf("status %d, Location %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	// Signed in, /login goes straight on.
	if resp := e.get(c, "/login"); resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/" {
		t.Errorf("GET /login when signed in: status %d, Location %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	// Foreign or odd targets are not followed.
	for _, next := range []string{"//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:alert(1)", "evil", "/ok\r\nX: y"} {
		c := e.client()
		form := e.get(c, "/login")
		resp := e.post(c, "/login", url.Values{"email": {e.alice}, "password": {testPassword}, "csrf": {csrfOf(t, form.body)}, "next": {next}})
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/" {
			t.Errorf("next=%q: status %d, Location %q; want 303 to /", next, resp.StatusCode, resp.Header.Get("Location"))
		}
	}
}

func TestWrongPasswordRefused(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	wrong := e.tryLogin(e.client(), e.alice, "not the password")
	unknown := e.tryLogin(e.client(), "nobody@nowhere.example", testPassword)
	empty := e.tryLogin(e.client(), "", "")
	for name, resp := range map[string]response{"wrong password": wrong, "unknown user": unknown, "empty form": empty} {
		if resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("%s: status %d, want 401", name, resp.StatusCode)
		}
		if !strings.Contains(resp.body, msgLoginFailed) {
			t.Errorf("%s: the page does not say %q:\n%s", name, msgLoginFailed, resp.body)
		}
		for _, c := range resp.Cookies() {
			if c.Name == e.srv.sessionCookie && c.Value != "" {
				t.Errorf("%s: a session cookie was set", name)
			}
		}
	}
	// The same page for both: nothing tells whether the address exists.
	norm := func(body, email string) string {
		return csrfField.ReplaceAllString(strings.ReplaceAll(body, email, "X"), "")
	}
	if norm(wrong.body, e.alice) != norm(unknown.body, "nobody@nowhere.example") {
		t.Errorf("wrong password and unknown user give different pages")
	}
	if strings.Contains(e.logs.String(), "not the password") {
		t.Errorf("a password reached the log")
	}
}

// loginRequest builds a sign-in POST with a valid double-submit token,
// from the given client address, for calling the handler directly.
func loginRequest(s *Server, remote, email, password string) *http.Request {
	const token = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
	form := url.Values{"email": {email}, "password": {password}, "csrf": {token}}
	r := httptest.NewRequest(http.MethodPost, "/login", strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.AddCookie(&http.Cookie{Name: s.loginCookie, Value: token})
	r.RemoteAddr = remote
	return r
}

func serve(s *Server, r *http.Request) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	s.Handler().ServeHTTP(w, r)
	return w
}

func TestLoginRateLimitPerClient(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	const ip = "192.0.2.7:4000"
	// A client address may fail clientFactor times more often than one
	// account (many people can share one address behind a proxy).
	for i := range loginMaxFails * clientFactor {
		w := serve(e.srv, loginRequest(e.srv, ip, fmt.Sprintf("guess%d@alpha.example", i), "wrong"))
		if w.Code != http.StatusUnauthorized {
			t.Fatalf("attempt %d: status %d, want 401", i+1, w.Code)
		}
	}
	// Even the right password is refused now, from this client...
	w := serve(e.srv, loginRequest(e.srv, ip, e.alice, testPassword))
	if w.Code != http.StatusTooManyRequests || !strings.Contains(w.Body.String(), "Too many failed sign-in attempts") {
		t.Fatalf("after %d failures: status %d, want 429 with a clear message:\n%s", loginMaxFails*clientFactor, w.Code, w.Body.String())
	}
	// ...but not from another one.
	if w := serve(e.srv, loginRequest(e.srv, "198.51.100.1:5000", e.alice, testPassword)); w.Code != http.StatusSeeOther {
		t.Errorf("another client: status %d, want 303", w.Code)
	}
	// An IPv6 client's neighbours in its /64 share its count.
	for i := range loginMaxFails * clientFactor {
		serve(e.srv, loginRequest(e.srv, "[2001:db8:1:2::10]:443", fmt.Sprintf("x%d@y.example", i), "wrong"))
	}
	if w := serve(e.srv, loginRequest(e.srv, "[2001:db8:1:2::99]:443", e.alice, testPassword)); w.Code != http.StatusTooManyRequests {
		t.Errorf("same IPv6 /64: status %d, want 429", w.Code)
	}
	// After the window the client may try again.
	e.clock.Add(loginWindow + time.Second)
	if w := serve(e.srv, loginRequest(e.srv, ip, e.alice, testPassword)); w.Code != http.StatusSeeOther {
		t.Errorf("after the window: status %d, want 303", w.Code)
	}
}

func TestLoginRateLimitPerEmail(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	// Failures for one address from many clients.
	for i := range loginMaxFails {
		w := serve(e.srv, loginRequest(e.srv, "203.0.113."+string(rune('1'+i%9))+":1", "  Alice@Alpha.example ", "wrong"))
		if w.Code != http.StatusUnauthorized {
			t.Fatalf("attempt %d: status %d", i+1, w.Code)
		}
	}
	w := serve(e.srv, loginRequest(e.srv, "192.0.2.200:1", e.alice, testPassword))
	if w.Code != http.StatusTooManyRequests {
		t.Fatalf("status %d, want 429", w.Code)
	}
	// Other users are not affected.
	if w := serve(e.srv, loginRequest(e.srv, "192.0.2.200:1", e.bob, testPassword)); w.Code != http.StatusSeeOther {
		t.Errorf("other user: status %d, want 303", w.Code)
	}
	// Through the real form, the page says what happened.
	resp := e.tryLogin(e.client(), e.alice, testPassword)
	if resp.StatusCode != http.StatusTooManyRequests || !strings.Contains(resp.body, msgLoginBlocked) {
		t.Errorf("form: status %d:\n%s", resp.StatusCode, resp.body)
	}
}

func TestCSRF(t *testing.T) {
	t.Parallel()
	e := newEnv(t)

	// Sign-in form: no cookie, no field, or a mismatch are refused.
	for name, tc := range map[string]struct{ cookie, field string }{
		"nothing":   {},
		"no cookie": {field: "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"},
		"no field":  {cookie: "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"},
		"mismatch":  {cookie: "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", field: "BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB"},
	} {
		form := url.Values{"email": {e.alice}, "password": {testPassword}}
		if tc.field != "" {
			form.Set("csrf", tc.field)
		}
		r := httptest.NewRequest(http.MethodPost, "/login", strings.NewReader(form.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if tc.cookie != "" {
			r.AddCookie(&http.Cookie{Name: e.srv.loginCookie, Value: tc.cookie})
		}
		w := serve(e.srv, r)
		if w.Code != http.StatusForbidden {
			t.Errorf("login, %s: status %d, want 403", name, w.Code)
		}
		for _, c := range w.Result().Cookies() {
			if c.Name == e.srv.sessionCookie && c.Value != "" {
				t.Errorf("login, %s: session cookie set", name)
			}
		}
	}

	// Sign-out form: the session's token is required.
	c := e.login(e.alice)
	page := e.get(c, "/")
	token := csrfOf(t, page.body)
	for name, form := range map[string]url.Values{
		"missing": {},
		"empty":   {"csrf": {""}},
		"wrong":   {"csrf": {token + "x"}},
	} {
		if resp := e.post(c, "/logout", form); resp.StatusCode != http.StatusForbidden {
			t.Errorf("logout, %s token: status %d, want 403", name, resp.StatusCode)
		}
	}
	if resp := e.get(c, "/"); resp.StatusCode != http.StatusOK {
		t.Fatalf("the session ended without a valid token: status %d", resp.StatusCode)
	}

	// A cross-site POST is refused even with the right token.
	req, _ := http.NewRequest(http.MethodPost, e.ts.URL+"/logout", strings.NewReader(url.Values{"csrf": {token}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	req.Header.Set("Origin", "https://evil.example")
	hresp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if resp := readResponse(t, hresp); resp.StatusCode != http.StatusForbidden || !strings.Contains(resp.body, "sent from another website") {
		t.Errorf("cross-site logout: status %d, want 403 with an explanation:\n%s", resp.StatusCode, resp.body)
	}
	if resp := e.get(c, "/"); resp.StatusCode != http.StatusOK {
		t.Fatalf("a cross-site POST ended the session: status %d", resp.StatusCode)
	}
}

func TestSessionAndLogout(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.client()
	resp := e.tryLogin(c, e.alice, testPassword)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("login: status %d", resp.StatusCode)
	}
	var sessionCookie *http.Cookie
	for _, ck := range resp.Cookies() {
		if ck.Name == e.srv.sessionCookie {
			sessionCookie = ck
		}
	}
	if sessionCookie == nil {
		t.Fatal("no session cookie")
	}
	if !sessionCookie.HttpOnly || sessionCookie.SameSite != http.SameSiteLaxMode || sessionCookie.Path != "/" || sessionCookie.Secure {
		t.Errorf("session cookie attributes: %+v", sessionCookie)
	}
	if sessionCookie.MaxAge != int((12 * time.Hour).Seconds()) {
		t.Errorf("session cookie MaxAge %d, want 12 hours", sessionCookie.MaxAge)
	}
	// Only the token's hash is stored: the cookie value itself finds nothing.
	if _, err := e.store.SessionByTokenHash(e.ctx, sessionCookie.Value, e.clock.Now()); err == nil {
		t.Error("the raw token is stored as the session key")
	}

	page := e.get(c, "/")
	if page.StatusCode != http.StatusOK {
		t.Fatalf("GET /: status %d", page.StatusCode)
	}
	for _, want := range []string{e.alice, e.orgA.Name, `action="/logout"`, "Sign out"} {
		if !strings.Contains(page.body, want) {
			t.Errorf("the page does not show %q", want)
		}
	}

	// Sign out, and the old cookie is worthless.
	out := e.post(c, "/logout", url.Values{"csrf": {csrfOf(t, page.body)}})
	if out.StatusCode != http.StatusSeeOther || out.Header.Get("Location") != "/login" {
		t.Fatalf("logout: status %d, Location %q", out.StatusCode, out.Header.Get("Location"))
	}
	if resp := e.get(c, "/"); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("after logout GET /: status %d, want 303", resp.StatusCode)
	}
	replay := httptest.NewRequest(http.MethodGet, "/", nil)
	replay.AddCookie(&http.Cookie{Name: e.srv.sessionCookie, Value: sessionCookie.Value})
	if w := serve(e.srv, replay); w.Code != http.StatusSeeOther {
		t.Errorf("old session token after logout: status %d, want 303", w.Code)
	}

	// Sessions end after 12 hours.
	c2 := e.login(e.bob)
	if resp := e.get(c2, "/"); resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	e.clock.Add(12*time.Hour + time.Minute)
	if resp := e.get(c2, "/"); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("after 12 hours: status %d, want 303", resp.StatusCode)
	}
}

func TestSecureCookies(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	s := e.newServer(Config{SecureCookies: true})
	w := serve(s, httptest.NewRequest(http.MethodGet, "/login", nil))
	cookies := w.Result().Cookies()
	if len(cookies) != 1 || cookies[0].Name != "__Host-tocsin_login" || !cookies[0].Secure || !cookies[0].HttpOnly {
		t.Fatalf("login form cookie: %+v", cookies)
	}
	r := loginRequest(s, "192.0.2.1:1", e.alice, testPassword)
	w = serve(s, r)
	if w.Code != http.StatusSeeOther {
		t.Fatalf("status %d", w.Code)
	}
	found := false
	for _, c := range w.Result().Cookies() {
		if c.Name == "__Host-tocsin_session" {
			found = true
			if !c.Secure || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/" {
				t.Errorf("session cookie: %+v", c)
			}
		}
	}
	if !found {
		t.Error("no __Host- session cookie")
	}
}

// TestLoginRateLimitConcurrent is a regression test: the limit was checked
// before the slow password check and the failure counted after it, so 50
// parallel guesses were all evaluated.
func TestLoginRateLimitConcurrent(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	var mu sync.Mutex
	codes := map[int]int{}
	var wg sync.WaitGroup
	for i := range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := serve(e.srv, loginRequest(e.srv, fmt.Sprintf("203.0.113.%d:1", i), e.alice, "wrong"))
			mu.Lock()
			codes[w.Code]++
			mu.Unlock()
		}()
	}
	wg.Wait()
	if codes[http.StatusUnauthorized] > loginMaxFails {
		t.Errorf("%d of 50 parallel guesses were checked, want at most %d (codes %v)", codes[http.StatusUnauthorized], loginMaxFails, codes)
	}
}
