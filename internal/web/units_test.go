package web

import (
	"github.com/tocsin-cert/tocsin/internal/present"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestSnippetHTML(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"plain text", "plain text"},
		{"fix «OpenSSL» now", "fix <mark>OpenSSL</mark> now"},
		{"…a «b» and «c d»…", "…a <mark>b</mark> and <mark>c d</mark>…"},
		{`<script>alert("x")</script> «<b>»`, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; <mark>&lt;b&gt;</mark>"},
		{"unclosed «mark", "unclosed <mark>mark</mark>"},
		{"stray » close", "stray  close"},
		{"««double»»", "<mark>double</mark>"},
		{"a & b «c'd»", "a &amp; b <mark>c&#39;d</mark>"},
	} {
		if got := string(snippetHTML(tc.in)); got != tc.want {
			t.Errorf("snippetHTML(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestSafeNext(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"":                       "/",
		"/":                      "/",
		"/advisories/3":          "/advisories/3",
		"/?q=CVE-2024-1&scope=a": "/?q=CVE-2024-1&scope=a",
		"//evil.example":         "/",
		// Regression: http.Redirect cleaned this into "/\\evil.example/".
		"/./%5Cevil.example/":   "/",
		"/./\\evil.example/":    "/",
		"/.//evil.example":      "/",
		"/\\evil.example":       "/",
		"https://evil.example/": "/",
		"evil.example":          "/",
		"javascript:alert(1)":   "/",
		"/a\r\nSet-Cookie: x=y": "/",
		"/a\tb":                 "/",
	} {
		if got := safeNext(in); got != want {
			t.Errorf("safeNext(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFileBase(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   string
		want string
	}{
		{"ICSA-22-167-14", "icsa-22-167-14"},
		{"RHSA-2024:2705", "rhsa-2024_2705"},
		{"WID-SEC-W-2024-0001", "wid-sec-w-2024-0001"},
		{"../../etc/passwd", "______etc_passwd"},
		{`a"b;c d`, "a_b_c_d"},
		{"ÄÖÜ+1", "___+1"},
		{"", "advisory-7"},
		{"///", "advisory-7"},
		{strings.Repeat("x", 300), "advisory-7"},
	} {
		if got := present.FileBase(tc.in, 7); got != tc.want {
			t.Errorf("present.FileBase(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestLimiter(t *testing.T) {
	t.Parallel()
	l := newLimiter(3, time.Minute)
	t0 := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	for i := range 3 {
		if l.blocked(t0, "k") {
			t.Fatalf("blocked after %d failures", i)
		}
		l.fail(t0.Add(time.Duration(i)*time.Second), "k")
	}
	if !l.blocked(t0.Add(3*time.Second), "k") {
		t.Fatal("not blocked after 3 failures")
	}
	if l.blocked(t0, "other") {
		t.Fatal("another key is blocked")
	}
	// The oldest failure leaves the window: one more try.
	if l.blocked(t0.Add(time.Minute), "k") {
		t.Error("still blocked after the first failure left the window")
	}
	l.reset("k")
	if l.blocked(t0.Add(3*time.Second), "k") {
		t.Error("blocked after reset")
	}
	// Old keys are swept.
	l.fail(t0, "old")
	l.fail(t0.Add(2*time.Minute), "new")
	l.mu.Lock()
	_, stale := l.fails["old"]
	l.mu.Unlock()
	if stale {
		t.Error("an expired key was not swept")
	}
}

func TestClientKey(t *testing.T) {
	t.Parallel()
	for remote, want := range map[string]string{
		"192.0.2.1:1234":            "ip:192.0.2.1",
		"[::ffff:192.0.2.1]:1":      "ip:192.0.2.1",
		"[2001:db8:a:b:c::1]:443":   "ip:2001:db8:a:b::/64",
		"[2001:db8:a:b:ffff::2]:80": "ip:2001:db8:a:b::/64",
		"pipe":                      "ip:pipe",
	} {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.RemoteAddr = remote
		if got := clientKey(r); got != want {
			t.Errorf("clientKey(%q) = %q, want %q", remote, got, want)
		}
	}
}

func TestNoSecretsInLogs(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.client()
	resp := e.tryLogin(c, e.alice, testPassword)
	var token string
	for _, ck := range resp.Cookies() {
		if ck.Name == e.srv.sessionCookie {
			token = ck.Value
		}
	}
	if token == "" {
		t.Fatal("no session")
	}
	page := e.get(c, "/?q=confidential-search-term")
	e.tryLogin(e.client(), e.bob, "bobs-wrong-password")
	logs := e.logs.String()
	for _, secret := range []string{testPassword, "bobs-wrong-password", token, csrfOf(t, page.body), "confidential-search-term"} {
		if strings.Contains(logs, secret) {
			t.Errorf("the log contains %q:\n%s", secret, logs)
		}
	}
	for _, want := range []string{"method=GET", "path=/", "status=200", "duration=", "sign-in failed"} {
		if !strings.Contains(logs, want) {
			t.Errorf("the log lacks %q:\n%s", want, logs)
		}
	}
}
