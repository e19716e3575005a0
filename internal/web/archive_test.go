package web

import (
	"bytes"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/tocsin-cert/tocsin/internal/advisory"
	"github.com/tocsin-cert/tocsin/internal/store"
)

// listed reports whether a list page links to the advisory with this
// tracking id.
func listed(body, trackingID string) bool {
	return strings.Contains(body, `class="tracking-id">`+trackingID+`<`)
}

func TestSecurityHeaders(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.login(e.alice)
	anon := e.client()
	for _, tc := range []struct {
		c       *http.Client
		path    string
		noStore bool
	}{
		{anon, "/login", true},
		{anon, "/", true},
		{anon, "/healthz", false},
		{anon, "/static/style.css", false},
		{anon, "/openpgp-key.asc", false},
		{anon, "/no/such/page", false},
		{c, "/", true},
		{c, "/?q=" + clearCVE, true},
		{c, advPath(e.clear), true},
		{c, advPath(e.clear) + ".txt", true},
		{c, advPath(e.clear) + "/csaf.json", true},
		{c, advPath(e.amber) + "?level=expert", true},
		{c, "/advisories/424242", true},
	} {
		resp := e.get(tc.c, tc.path)
		h := resp.Header
		for name, want := range map[string]string{
			"Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
			"X-Frame-Options":         "DENY",
			"X-Content-Type-Options":  "nosniff",
			"Referrer-Policy":         "same-origin",
		} {
			if got := h.Get(name); got != want {
				t.Errorf("GET %s: %s = %q, want %q", tc.path, name, got, want)
			}
		}
		if tc.noStore && h.Get("Cache-Control") != "no-store" {
			t.Errorf("GET %s: Cache-Control = %q, want no-store", tc.path, h.Get("Cache-Control"))
		}
		// The policy forbids inline code and styles: the pages have none.
		if strings.HasPrefix(h.Get("Content-Type"), "text/html") {
			for _, bad := range []string{"<script", "<style", " style=", " onclick=", " onload=", "javascript:"} {
				if strings.Contains(strings.ToLower(resp.body), bad) {
					t.Errorf("GET %s: the page contains %q, which the CSP blocks", tc.path, bad)
				}
			}
		}
	}
}

func TestSmallRoutes(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.client()
	if resp := e.get(c, "/healthz"); resp.StatusCode != http.StatusOK || resp.body != "ok" {
		t.Errorf("healthz: %d %q", resp.StatusCode, resp.body)
	}
	resp := e.get(c, "/openpgp-key.asc")
	if resp.StatusCode != http.StatusOK || !strings.Contains(resp.body, "BEGIN PGP PUBLIC KEY BLOCK") || resp.Header.Get("Content-Type") != "application/pgp-keys" {
		t.Errorf("key: %d %q %q", resp.StatusCode, resp.Header.Get("Content-Type"), resp.body)
	}
	resp = e.get(c, "/static/style.css")
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/css") {
		t.Errorf("css: %d %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if resp := e.get(c, "/static/"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("static directory listing: status %d", resp.StatusCode)
	}
	resp = e.get(c, "/no/such/page")
	if resp.StatusCode != http.StatusNotFound || !strings.Contains(resp.body, "Page not found") {
		t.Errorf("unknown page: %d\n%s", resp.StatusCode, resp.body)
	}
	// A server without a key serves none.
	noKey := e.newServer(Config{})
	if w := serve(noKey, mustRequest(t, "/openpgp-key.asc")); w.Code != http.StatusNotFound {
		t.Errorf("no key: status %d", w.Code)
	}
}

func mustRequest(t *testing.T, path string) *http.Request {
	t.Helper()
	r, err := http.NewRequest(http.MethodGet, path, nil)
	if err != nil {
		t.Fatal(err)
	}
	r.RemoteAddr = "192.0.2.1:1"
	return r
}

func TestSearch(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.login(e.alice)
	for _, q := range []string{clearCVE, strings.ToLower(clearCVE), clearID, strings.ToLower(clearID)} {
		resp := e.get(c, "/?scope=all&q="+url.QueryEscape(q))
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("q=%s: status %d", q, resp.StatusCode)
		}
		if !listed(resp.body, clearID) {
			t.Errorf("q=%s: %s not found:\n%s", q, clearID, resp.body)
		}
		if listed(resp.body, otherID) || listed(resp.body, amberID) {
			t.Errorf("q=%s: other advisories listed", q)
		}
		if !strings.Contains(resp.body, "1 advisory matches your search") {
			t.Errorf("q=%s: no count", q)
		}
		if !strings.Contains(resp.body, "<mark>") {
			t.Errorf("q=%s: the snippet marks nothing", q)
		}
		if !strings.Contains(resp.body, `value="`+q+`"`) {
			t.Errorf("q=%s: the search box does not keep the query", q)
		}
	}
	// Keywords, and a search that finds nothing.
	resp := e.get(c, "/?scope=all&q=OpenSSL")
	if !listed(resp.body, clearID) {
		t.Errorf("keyword search did not find %s", clearID)
	}
	resp = e.get(c, "/?scope=all&q=CVE-1999-0001")
	if resp.StatusCode != http.StatusOK || !strings.Contains(resp.body, "No advisories match your search") {
		t.Errorf("empty search: %d\n%s", resp.StatusCode, resp.body)
	}
	// What people type cannot inject markup or FTS syntax.
	resp = e.get(c, "/?scope=all&q="+url.QueryEscape(`"><script>alert(1)</script> OR *`))
	if resp.StatusCode != http.StatusOK || strings.Contains(resp.body, "<script>") {
		t.Errorf("hostile query: %d", resp.StatusCode)
	}
	// Searches are never logged.
	if strings.Contains(e.logs.String(), "OpenSSL") || strings.Contains(e.logs.String(), "CVE-1999") {
		t.Errorf("a search query reached the log:\n%s", e.logs.String())
	}
}

func TestAmberOnlyForMatchedOrg(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	alice, bob := e.login(e.alice), e.login(e.bob)
	page := advPath(e.amber)
	downloads := []string{page, page + "?level=expert", page + ".txt", page + ".txt?level=expert", page + "/csaf.json"}

	// Organisation A: listed (both scopes), found, openable, downloadable.
	for _, scope := range []string{"mine", "all"} {
		if resp := e.get(alice, "/?scope="+scope); !listed(resp.body, amberID) || !strings.Contains(resp.body, "TLP:AMBER") {
			t.Errorf("A, scope %s: %s not listed with its TLP", scope, amberID)
		}
	}
	if resp := e.get(alice, "/?scope=all&q="+amberCVE); !listed(resp.body, amberID) {
		t.Errorf("A: search by %s does not find %s", amberCVE, amberID)
	}
	for _, p := range downloads {
		if resp := e.get(alice, p); resp.StatusCode != http.StatusOK {
			t.Errorf("A: GET %s: status %d", p, resp.StatusCode)
		}
	}
	resp := e.get(alice, page)
	for _, want := range []string{"Siemens Solid Edge", amberID, "TLP:AMBER", "Solid Edge SE2023", "concerns products listed in your organisation", "Profile <strong>Factory</strong>"} {
		if !strings.Contains(resp.body, want) {
			t.Errorf("A: the page does not show %q", want)
		}
	}

	// Organisation B: not listed, not found, and 404 exactly like an id
	// that does not exist.
	for _, q := range []string{"/?scope=all", "/?scope=mine", "/?scope=all&q=" + amberCVE, "/?scope=all&q=" + amberID} {
		if resp := e.get(bob, q); listed(resp.body, amberID) {
			t.Errorf("B: GET %s lists %s", q, amberID)
		}
	}
	missing := e.get(bob, "/advisories/987654")
	for _, p := range downloads {
		resp := e.get(bob, p)
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("B: GET %s: status %d, want 404", p, resp.StatusCode)
		}
		if strings.Contains(resp.body, "Solid Edge") || strings.Contains(resp.body, amberID) {
			t.Errorf("B: GET %s reveals the advisory", p)
		}
		if resp.body != missing.body {
			t.Errorf("B: GET %s differs from the 404 of a missing advisory", p)
		}
	}

	// CERT staff see it too.
	staff := e.login(e.staff)
	if resp := e.get(staff, page); resp.StatusCode != http.StatusOK {
		t.Errorf("staff: status %d", resp.StatusCode)
	}
}

func TestUnpublishedOnlyForStaff(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for _, u := range []string{e.alice, e.bob} {
		c := e.login(u)
		for _, q := range []string{"/?scope=all", "/?scope=mine", "/?scope=all&q=" + draftCVE, "/?scope=all&q=" + draftID} {
			if resp := e.get(c, q); listed(resp.body, draftID) {
				t.Errorf("%s: GET %s lists the unpublished %s", u, q, draftID)
			}
		}
		for _, p := range []string{advPath(e.draft), advPath(e.draft) + ".txt", advPath(e.draft) + "/csaf.json"} {
			if resp := e.get(c, p); resp.StatusCode != http.StatusNotFound {
				t.Errorf("%s: GET %s: status %d, want 404", u, p, resp.StatusCode)
			}
		}
	}
	staff := e.login(e.staff)
	resp := e.get(staff, "/?q="+draftCVE)
	if !listed(resp.body, draftID) || !strings.Contains(resp.body, "Not published") {
		t.Errorf("staff: the unpublished advisory is not listed as such")
	}
	if resp := e.get(staff, advPath(e.draft)); resp.StatusCode != http.StatusOK || !strings.Contains(resp.body, "ConneXium Network Manager") {
		t.Errorf("staff: page status %d", resp.StatusCode)
	}
}

func TestScope(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	alice := e.login(e.alice)
	// An SME sees what matched its profiles by default.
	for _, p := range []string{"/", "/?scope=mine", "/?scope=bogus"} {
		resp := e.get(alice, p)
		if !listed(resp.body, clearID) || !listed(resp.body, amberID) || listed(resp.body, otherID) {
			t.Errorf("A: GET %s is not the matched advisories only", p)
		}
		if !strings.Contains(resp.body, "2 advisories") {
			t.Errorf("A: GET %s: no count of 2", p)
		}
		if !strings.Contains(resp.body, `class="tab active" aria-current="page">Matching my profiles`) {
			t.Errorf("A: GET %s: the mine tab is not active", p)
		}
	}
	resp := e.get(alice, "/?scope=all")
	if !listed(resp.body, clearID) || !listed(resp.body, amberID) || !listed(resp.body, otherID) || listed(resp.body, draftID) {
		t.Errorf("A: scope=all is wrong")
	}
	if !strings.Contains(resp.body, "3 advisories") {
		t.Errorf("A: scope=all: no count of 3")
	}
	// Newest first.
	if strings.Index(resp.body, otherID) > strings.Index(resp.body, clearID) {
		t.Errorf("A: not newest first")
	}

	// B matched nothing: an empty "mine" that points to "all".
	bob := e.login(e.bob)
	resp = e.get(bob, "/")
	if listed(resp.body, clearID) || !strings.Contains(resp.body, "No advisory has concerned") || !strings.Contains(resp.body, "See all advisories") {
		t.Errorf("B: default scope:\n%s", resp.body)
	}
	resp = e.get(bob, "/?scope=all")
	if !listed(resp.body, clearID) || !listed(resp.body, otherID) || listed(resp.body, amberID) || !strings.Contains(resp.body, "2 advisories") {
		t.Errorf("B: scope=all is wrong")
	}

	// CERT staff see everything by default.
	staff := e.login(e.staff)
	resp = e.get(staff, "/")
	for _, id := range []string{clearID, amberID, draftID, otherID} {
		if !listed(resp.body, id) {
			t.Errorf("staff: %s not listed", id)
		}
	}
}

func TestAdvisoryPageAndDownloads(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	alice := e.login(e.alice)
	page := advPath(e.clear)

	resp := e.get(alice, page)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	for _, want := range []string{clearTitle, clearID, clearCVE, "TLP:CLEAR", "High risk", "Siemens", "SIMATIC",
		`href="` + page + `.txt?level=basic"`, `href="` + page + `/csaf.json"`, `class="tab active" aria-current="page">The essentials`} {
		if !strings.Contains(resp.body, want) {
			t.Errorf("page does not show %q", want)
		}
	}
	expert := e.get(alice, page+"?level=expert")
	if !strings.Contains(expert.body, `class="tab active" aria-current="page">All details`) || !strings.Contains(expert.body, `href="`+page+`.txt?level=expert"`) {
		t.Errorf("expert switch not shown as active")
	}
	if len(expert.body) <= len(resp.body) {
		t.Errorf("the expert page (%d bytes) is not longer than the basic one (%d)", len(expert.body), len(resp.body))
	}
	// Staff get the expert level by default.
	staff := e.login(e.staff)
	if resp := e.get(staff, page); !strings.Contains(resp.body, `class="tab active" aria-current="page">All details`) {
		t.Errorf("staff default level is not expert")
	}

	txt := e.get(alice, page+".txt")
	if txt.StatusCode != http.StatusOK || txt.Header.Get("Content-Type") != "text/plain; charset=utf-8" || !strings.Contains(txt.body, clearTitle) {
		t.Errorf("txt: %d %q", txt.StatusCode, txt.Header.Get("Content-Type"))
	}
	if got := txt.Header.Get("Content-Disposition"); got != `attachment; filename=icsa-22-167-14-basic.txt` {
		t.Errorf("txt Content-Disposition %q", got)
	}

	raw := e.get(alice, page+"/csaf.json")
	if raw.StatusCode != http.StatusOK || raw.Header.Get("Content-Type") != "application/json" {
		t.Errorf("csaf: %d %q", raw.StatusCode, raw.Header.Get("Content-Type"))
	}
	if got := raw.Header.Get("Content-Disposition"); got != `attachment; filename=icsa-22-167-14.json` {
		t.Errorf("csaf Content-Disposition %q", got)
	}
	if !bytes.Equal([]byte(raw.body), e.clearRaw) {
		t.Errorf("csaf download differs from the imported document")
	}

	// Odd ids are plain 404s.
	for _, p := range []string{"/advisories/0", "/advisories/-1", "/advisories/+1", "/advisories/abc", "/advisories/1.json", "/advisories/.txt", "/advisories/99999999999999999999"} {
		if resp := e.get(alice, p); resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", p, resp.StatusCode)
		}
	}
}

func TestPaging(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	// 55 more advisories, unpublished (staff see them).
	_, a, raw := e.importAdvisory(otherFile, nil)
	for i := range 55 {
		c := *a
		c.TrackingID = "PAGING-" + string(rune('A'+i/26)) + string(rune('A'+i%26))
		c.TLP = advisory.TLPGreen
		if _, err := e.store.SaveAdvisory(e.ctx, &c, store.Source{Format: "csaf", Data: append(raw, byte(' ')), Name: "x.json"}); err != nil {
			t.Fatal(err)
		}
	}
	staff := e.login(e.staff)
	first := e.get(staff, "/?scope=all")
	if !strings.Contains(first.body, "59 advisories") || !strings.Contains(first.body, "page 1 of 2") {
		t.Errorf("count and pages not shown:\n%s", first.body)
	}
	if n := strings.Count(first.body, `<li class="item">`); n != pageSize {
		t.Errorf("page 1 has %d rows, want %d", n, pageSize)
	}
	if !strings.Contains(first.body, `href="/?page=2&amp;scope=all" rel="next"`) {
		t.Errorf("no link to page 2")
	}
	second := e.get(staff, "/?scope=all&page=2")
	if n := strings.Count(second.body, `<li class="item">`); n != 9 {
		t.Errorf("page 2 has %d rows, want 9", n)
	}
	if !strings.Contains(second.body, `rel="prev"`) || strings.Contains(second.body, `rel="next"`) {
		t.Errorf("page 2 links wrong")
	}
	// Past the end shows the last page.
	if resp := e.get(staff, "/?scope=all&page=999999999999"); strings.Count(resp.body, `<li class="item">`) != 9 {
		t.Errorf("a page past the end is not the last page")
	}
}

func TestServerErrorIsLoggedNotShown(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	alice := e.login(e.alice)
	e.store.Close() // every query fails from now on
	resp := e.get(alice, "/?q="+clearCVE)
	if resp.StatusCode != http.StatusInternalServerError || !strings.Contains(resp.body, "Something went wrong") {
		t.Fatalf("status %d:\n%s", resp.StatusCode, resp.body)
	}
	if strings.Contains(strings.ToLower(resp.body), "database") || strings.Contains(strings.ToLower(resp.body), "sql") {
		t.Errorf("the page reveals the cause:\n%s", resp.body)
	}
	if logs := e.logs.String(); !strings.Contains(logs, "internal error") || !strings.Contains(logs, "database is closed") {
		t.Errorf("the cause was not logged:\n%s", logs)
	}
}
