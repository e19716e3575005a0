package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/tocsin-cert/tocsin/internal/org"
)

// TestProfileSelfService: an SME administrator adds a profile in the
// portal; a member manages nothing; nobody adds one to another
// organisation; the form needs its CSRF token.
func TestProfileSelfService(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	hash, _ := testPasswordHash()
	if _, err := e.store.CreateUser(e.ctx, org.User{OrgID: e.orgA.ID, Email: "boss@alpha.example", Role: org.RoleAdmin, PasswordHash: hash}); err != nil {
		t.Fatal(err)
	}
	boss := e.login("boss@alpha.example")
	page := e.get(boss, "/profiles")
	if page.StatusCode != 200 || !strings.Contains(page.body, "Alpha Machines GmbH") || strings.Contains(page.body, "Beta Bakery") || !strings.Contains(page.body, "Factory") {
		t.Fatalf("profiles page for A's administrator: %d", page.StatusCode)
	}
	csrf := csrfOf(t, page.body)
	form := url.Values{"csrf": {csrf}, "org": {strconv.FormatInt(e.orgA.ID, 10)}, "name": {"Office"},
		"products": {"siemens/simatic s7-1500\nvendor:fortinet"}, "recipients": {"it@alpha.example"}, "level": {"expert"}, "lang": {"de"}, "html": {"on"}}
	resp := e.post(boss, "/profiles", form)
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusSeeOther || !strings.Contains(loc, "created=Office") {
		t.Fatalf("add a profile: %d %q\n%s", resp.StatusCode, loc, resp.body)
	}
	if resp := e.get(boss, loc); !strings.Contains(resp.body, "was added") {
		t.Error("no confirmation after adding")
	}
	ps, _ := e.store.ProfilesByOrg(e.ctx, e.orgA.ID)
	var got *org.Profile
	for i := range ps {
		if ps[i].Name == "Office" {
			got = &ps[i]
		}
	}
	if got == nil || len(got.Products) != 2 || got.Level != "expert" || got.Lang != "de" || len(got.Formats) != 2 {
		t.Fatalf("stored profile: %+v", got)
	}
	// Errors keep what was typed and say what is wrong.
	bad := url.Values{"csrf": {csrf}, "org": {strconv.FormatInt(e.orgA.ID, 10)}, "name": {"Bad"}, "products": {"cpe:2.3:nonsense"}, "recipients": {"it@alpha.example"}}
	if resp := e.post(boss, "/profiles", bad); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(resp.body, "not understood") || !strings.Contains(resp.body, "cpe:2.3:nonsense") {
		t.Errorf("bad product: %d", resp.StatusCode)
	}
	// Another organisation, or no CSRF token: refused.
	other := url.Values{"csrf": {csrf}, "org": {strconv.FormatInt(e.orgB.ID, 10)}, "name": {"Sneaky"}, "products": {"vendor:acme"}, "recipients": {"x@alpha.example"}}
	if resp := e.post(boss, "/profiles", other); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("profile for another organisation: %d", resp.StatusCode)
	}
	if ps, _ := e.store.ProfilesByOrg(e.ctx, e.orgB.ID); len(ps) != 1 {
		t.Errorf("B has %d profiles, want its 1", len(ps))
	}
	form.Set("csrf", "")
	form.Set("name", "NoToken")
	if resp := e.post(boss, "/profiles", form); resp.StatusCode != http.StatusForbidden {
		t.Errorf("without CSRF token: %d", resp.StatusCode)
	}
	// A member manages nothing.
	alice := e.login(e.alice)
	if resp := e.get(alice, "/profiles"); !strings.Contains(resp.body, "You do not manage") {
		t.Error("a member was offered profile management")
	}
	// The search-as-you-type endpoint answers JSON to signed-in users only.
	if resp := e.get(boss, "/catalogue.json?q=si"); resp.StatusCode != 200 || !strings.HasPrefix(strings.TrimSpace(resp.body), "[") {
		t.Errorf("catalogue.json: %d %q", resp.StatusCode, resp.body)
	}
	if resp := e.get(e.client(), "/catalogue.json?q=si"); resp.StatusCode == 200 && strings.HasPrefix(strings.TrimSpace(resp.body), "[") {
		t.Error("catalogue.json answered without a session")
	}
}

// TestStatusPage: counters for the CERT's staff; a 404 for everyone else.
func TestStatusPage(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	if resp := e.get(e.login(e.staff), "/status"); resp.StatusCode != 200 || !strings.Contains(resp.body, "Mail sent") {
		t.Errorf("staff: %d", resp.StatusCode)
	}
	if resp := e.get(e.login(e.alice), "/status"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("SME member: %d, want 404", resp.StatusCode)
	}
}
