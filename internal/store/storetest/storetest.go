// Package storetest is the behaviour every store.Store implementation must
// show. Each implementation's tests call Run with a constructor that gives a
// fresh, empty store.
package storetest

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/tocsin-cert/tocsin/internal/advisory"
	"github.com/tocsin-cert/tocsin/internal/org"
	"github.com/tocsin-cert/tocsin/internal/store"
)

// Run runs the suite; open must return a new empty store for each call.
func Run(t *testing.T, open func(t *testing.T) store.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s store.Store)
	}{
		{"Orgs", testOrgs},
		{"UsersAndProfiles", testUsersProfiles},
		{"UpdateProfileProducts", testUpdateProfileProducts},
		{"SaveAdvisoryRevisions", testSaveRevisions},
		{"SearchAndFilter", testSearchFilter},
		{"PublishIdempotent", testPublish},
		{"Sessions", testSessions},
		{"Translations", testTranslations},
		{"RevisionVisibility", testRevisionVisibility},
		{"SearchControlChars", testSearchControlChars},
		{"AuditAndIntermediaries", testAuditAndIntermediaries},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := open(t)
			t.Cleanup(func() { s.Close() })
			tt.fn(t, s)
		})
	}
}

func mustOrg(t *testing.T, s store.Store, name string, kind org.Kind, parent int64) org.Org {
	t.Helper()
	o, err := s.CreateOrg(context.Background(), org.Org{Name: name, Kind: kind, ParentID: parent})
	if err != nil {
		t.Fatalf("CreateOrg %s: %v", name, err)
	}
	return o
}

func testOrgs(t *testing.T, s store.Store) {
	ctx := context.Background()
	cert := mustOrg(t, s, "Example CERT", org.KindCERT, 0)
	sme := mustOrg(t, s, "Acme GmbH", org.KindSME, cert.ID)
	if _, err := s.CreateOrg(ctx, org.Org{Name: " acme  gmbh", Kind: org.KindSME}); !errors.Is(err, store.ErrExists) {
		t.Errorf("duplicate organisation name: err = %v, want ErrExists", err)
	}
	got, err := s.OrgByName(ctx, "ACME GMBH")
	if err != nil || got.ID != sme.ID || got.ParentID != cert.ID || got.Kind != org.KindSME {
		t.Errorf("OrgByName = %+v, %v", got, err)
	}
	if _, err := s.OrgByName(ctx, "nobody"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("OrgByName(nobody) err = %v, want ErrNotFound", err)
	}
	all, err := s.ListOrgs(ctx)
	if err != nil || len(all) != 2 {
		t.Errorf("ListOrgs = %d, %v", len(all), err)
	}
}

func testUsersProfiles(t *testing.T, s store.Store) {
	ctx := context.Background()
	o := mustOrg(t, s, "Acme", org.KindSME, 0)
	u, err := s.CreateUser(ctx, org.User{OrgID: o.ID, Email: " Alice@Example.org ", Role: org.RoleAdmin, PasswordHash: "h1"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateUser(ctx, org.User{OrgID: o.ID, Email: "alice@example.org", Role: org.RoleMember}); !errors.Is(err, store.ErrExists) {
		t.Errorf("duplicate e-mail: err = %v, want ErrExists", err)
	}
	got, err := s.UserByEmail(ctx, "ALICE@example.org")
	if err != nil || got.ID != u.ID || got.PasswordHash != "h1" {
		t.Errorf("UserByEmail = %+v, %v", got, err)
	}
	if err := s.SetPassword(ctx, u.ID, "h2"); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.UserByID(ctx, u.ID); got.PasswordHash != "h2" {
		t.Errorf("password not changed")
	}
	p, err := s.CreateProfile(ctx, org.Profile{OrgID: o.ID, Name: "servers", Products: []string{"siemens/simatic s7-1500", "vendor:acme"},
		Recipients: []string{"ops@example.org"}, Formats: []string{"txt"}, Level: "basic", Lang: "en"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateProfile(ctx, org.Profile{OrgID: o.ID, Name: "servers"}); !errors.Is(err, store.ErrExists) {
		t.Errorf("duplicate profile: err = %v", err)
	}
	ps, err := s.ProfilesByOrg(ctx, o.ID)
	if err != nil || len(ps) != 1 || ps[0].ID != p.ID || len(ps[0].Products) != 2 || ps[0].Recipients[0] != "ops@example.org" {
		t.Errorf("ProfilesByOrg = %+v, %v", ps, err)
	}
	p.MinSeverity, p.TLPs, p.Schedule, p.Paused, p.AlertsOff = "high", []string{"CLEAR", "AMBER"}, "daily@07", true, true
	p.Recipients = append(p.Recipients, "boss@example.org")
	if err := s.UpdateProfile(ctx, p); err != nil {
		t.Fatal(err)
	}
	ps, _ = s.ProfilesByOrg(ctx, o.ID)
	gp := ps[0]
	if gp.MinSeverity != "high" || len(gp.TLPs) != 2 || gp.Schedule != "daily@07" || !gp.Paused || !gp.AlertsOff || len(gp.Recipients) != 2 {
		t.Errorf("after UpdateProfile: %+v", got)
	}
	if err := s.RemoveProfile(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	if ps, _ := s.ProfilesByOrg(ctx, o.ID); len(ps) != 0 {
		t.Errorf("a removed profile is still listed")
	}
	if _, err := s.CreateProfile(ctx, org.Profile{OrgID: o.ID, Name: "servers", Products: []string{"x"}, Recipients: []string{"a@example.org"}}); err != nil {
		t.Errorf("the name of a removed profile cannot be reused: %v", err)
	}
	if err := s.RemoveProfile(ctx, p.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("removing twice: %v", err)
	}
	if err := s.UpdateProfile(ctx, org.Profile{ID: 9999, Name: "x"}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("UpdateProfile of a missing profile: %v", err)
	}
}

func testUpdateProfileProducts(t *testing.T, s store.Store) {
	ctx := context.Background()
	o := mustOrg(t, s, "Acme", org.KindSME, 0)
	mk := func(name string) org.Profile {
		p, err := s.CreateProfile(ctx, org.Profile{OrgID: o.ID, Name: name, Products: []string{"vendor:acme"},
			Recipients: []string{"ops@example.org"}, Formats: []string{"txt"}, Level: "basic", Lang: "en"})
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	p, other := mk("servers"), mk("desktops")
	want := []string{"vendor:acme", "pkg:npm/lodash@4.17.21", "siemens/simatic s7-1500@2.9.4"}
	if err := s.UpdateProfileProducts(ctx, p.ID, want); err != nil {
		t.Fatal(err)
	}
	ps, err := s.ProfilesByOrg(ctx, o.ID)
	if err != nil || len(ps) != 2 {
		t.Fatalf("ProfilesByOrg = %+v, %v", ps, err)
	}
	for _, got := range ps {
		switch got.ID {
		case p.ID:
			if !slices.Equal(got.Products, want) || got.Name != "servers" || len(got.Recipients) != 1 || got.Level != "basic" {
				t.Errorf("updated profile = %+v; want products %q and the rest unchanged", got, want)
			}
		case other.ID:
			if !slices.Equal(got.Products, []string{"vendor:acme"}) {
				t.Errorf("other profile's products = %q; want them unchanged", got.Products)
			}
		}
	}
	if err := s.UpdateProfileProducts(ctx, p.ID+other.ID+100, want); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("UpdateProfileProducts(no such profile) err = %v, want ErrNotFound", err)
	}
}

// Fixture returns a small advisory for store tests.
func Fixture(id, version string, tlp advisory.TLP, release time.Time) *advisory.Advisory {
	return &advisory.Advisory{
		Publisher:      advisory.Publisher{Name: "Example CERT", Namespace: "https://cert.example"},
		TrackingID:     id,
		Version:        version,
		Title:          "Buffer overflow in Frobnicator " + id,
		TLP:            tlp,
		Lang:           "en",
		CurrentRelease: release,
		Notes:          []advisory.Note{{Category: "summary", Text: "A remote attacker can crash the widget parser."}},
		Vulnerabilities: []advisory.Vulnerability{{
			CVE:           "CVE-2024-" + id[len(id)-4:],
			Scores:        []advisory.Score{{CVSSVersion: "3.1", BaseScore: 9.8}},
			ProductStatus: map[string]advisory.Status{"P1": advisory.StatusKnownAffected},
		}},
		Products: []advisory.Product{{ID: "P1", Vendor: "Acme Corp", Product: "Frobnicator", Version: "2.1"}},
	}
}

func testSaveRevisions(t *testing.T, s store.Store) {
	ctx := context.Background()
	t0 := time.Date(2024, 3, 1, 10, 0, 0, 0, time.UTC)
	a1 := Fixture("TST-2024-0001", "1", advisory.TLPClear, t0)
	r, err := s.SaveAdvisory(ctx, a1, store.Source{Format: "csaf", Data: []byte(`{"v":1}`), Name: "a.json"})
	if err != nil || r.Outcome != store.OutcomeCreated {
		t.Fatalf("first save = %+v, %v", r, err)
	}
	again, err := s.SaveAdvisory(ctx, a1, store.Source{Format: "csaf", Data: []byte(`{"v":1}`), Name: "a.json"})
	if err != nil || again.Outcome != store.OutcomeUnchanged || again.ID != r.ID {
		t.Errorf("same document again = %+v, %v; want unchanged", again, err)
	}
	a2 := Fixture("TST-2024-0001", "2", advisory.TLPClear, t0.Add(24*time.Hour))
	a2.Title = "Updated title"
	up, err := s.SaveAdvisory(ctx, a2, store.Source{Format: "csaf", Data: []byte(`{"v":2}`)})
	if err != nil || up.Outcome != store.OutcomeUpdated || up.Previous != "1" {
		t.Errorf("newer revision = %+v, %v; want updated from 1", up, err)
	}
	old, err := s.SaveAdvisory(ctx, a1, store.Source{Format: "csaf", Data: []byte(`{"v":1, "x":1}`)})
	if err != nil || old.Outcome != store.OutcomeOlder {
		t.Errorf("older revision = %+v, %v; want older", old, err)
	}
	recs, err := s.AdvisoriesByTrackingID(ctx, "tst-2024-0001")
	if err != nil || len(recs) != 1 {
		t.Fatalf("AdvisoriesByTrackingID = %d, %v", len(recs), err)
	}
	rec := recs[0]
	if rec.Version != "2" || rec.Title != "Updated title" || rec.Advisory.Title != "Updated title" || string(rec.Source.Data) != `{"v":2}` {
		t.Errorf("current revision = %s %q, source %s", rec.Version, rec.Title, rec.Source.Data)
	}
	if len(rec.Revisions) != 3 {
		t.Errorf("revisions = %d, want 3", len(rec.Revisions))
	}
	if rec.Severity != advisory.SeverityCritical || len(rec.CVEs) != 1 || rec.CVEs[0] != "CVE-2024-0001" {
		t.Errorf("summary = %+v", rec.Summary)
	}
}

func testSearchFilter(t *testing.T, s store.Store) {
	ctx := context.Background()
	t0 := time.Date(2024, 3, 1, 10, 0, 0, 0, time.UTC)
	sme := mustOrg(t, s, "SME", org.KindSME, 0)
	other := mustOrg(t, s, "Other", org.KindSME, 0)
	p, err := s.CreateProfile(ctx, org.Profile{OrgID: sme.ID, Name: "p", Products: []string{"x"}, Recipients: []string{"a@example.org"}, Formats: []string{"txt"}, Level: "basic", Lang: "en"})
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]int64{}
	for i, c := range []struct {
		id  string
		tlp advisory.TLP
	}{{"TST-2024-1001", advisory.TLPClear}, {"TST-2024-1002", advisory.TLPAmber}, {"TST-2024-1003", advisory.TLPRed}, {"TST-2024-1004", advisory.TLPGreen}} {
		r, err := s.SaveAdvisory(ctx, Fixture(c.id, "1", c.tlp, t0.Add(time.Duration(i)*time.Hour)), store.Source{Format: "csaf", Data: []byte(c.id)})
		if err != nil {
			t.Fatal(err)
		}
		ids[c.id] = r.ID
	}
	// Publish all; 1002 (AMBER) matched the SME.
	for id, aid := range ids {
		var ms []store.Match
		if id == "TST-2024-1002" {
			ms = []store.Match{{ProfileID: p.ID, OrgID: sme.ID, ProductID: "P1", Spec: "x", Reason: "r"}}
		}
		if _, err := s.Publish(ctx, aid, "1", ms, nil); err != nil {
			t.Fatal(err)
		}
	}
	list := func(f store.Filter) []string {
		t.Helper()
		got, err := s.ListAdvisories(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		n, err := s.CountAdvisories(ctx, f)
		if err != nil || (f.Limit == 0 && n != len(got)) {
			t.Errorf("CountAdvisories = %d, %v; listed %d", n, err, len(got))
		}
		var out []string
		for _, g := range got {
			out = append(out, g.TrackingID)
		}
		return out
	}
	eq := func(name string, got []string, want ...string) {
		t.Helper()
		if len(got) != len(want) {
			t.Errorf("%s = %v, want %v", name, got, want)
			return
		}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("%s = %v, want %v", name, got, want)
				return
			}
		}
	}
	eq("all, newest first", list(store.Filter{}), "TST-2024-1004", "TST-2024-1003", "TST-2024-1002", "TST-2024-1001")
	eq("SME sees its AMBER", list(store.Filter{RestrictedOrg: sme.ID}), "TST-2024-1004", "TST-2024-1002", "TST-2024-1001")
	eq("other SME sees no AMBER/RED", list(store.Filter{RestrictedOrg: other.ID}), "TST-2024-1004", "TST-2024-1001")
	eq("matched only", list(store.Filter{MatchedOrg: sme.ID, RestrictedOrg: sme.ID}), "TST-2024-1002")
	eq("anonymous", list(store.Filter{HideRestricted: true}), "TST-2024-1004", "TST-2024-1001")
	eq("search by CVE", list(store.Filter{Query: "CVE-2024-1003"}), "TST-2024-1003")
	eq("search by id", list(store.Filter{Query: "tst-2024-1001"}), "TST-2024-1001")
	eq("search keyword + restriction", list(store.Filter{Query: "widget parser 1003", RestrictedOrg: other.ID}))
	eq("search product", list(store.Filter{Query: "frobnicator", HideRestricted: true}), "TST-2024-1004", "TST-2024-1001")
	eq("search syntax is not injected", list(store.Filter{Query: `"AND OR NEAR(`}))
	got, err := s.ListAdvisories(ctx, store.Filter{Query: "widget"})
	if err != nil || len(got) == 0 || got[0].Snippet == "" {
		t.Errorf("search snippet missing: %+v %v", got, err)
	}
	eq("paging", list(store.Filter{Limit: 2, Offset: 1}), "TST-2024-1003", "TST-2024-1002")
}

func testPublish(t *testing.T, s store.Store) {
	ctx := context.Background()
	o := mustOrg(t, s, "SME", org.KindSME, 0)
	p, err := s.CreateProfile(ctx, org.Profile{OrgID: o.ID, Name: "p", Products: []string{"x"}, Recipients: []string{"a@example.org"}, Formats: []string{"txt"}, Level: "basic", Lang: "en"})
	if err != nil {
		t.Fatal(err)
	}
	r, err := s.SaveAdvisory(ctx, Fixture("TST-2024-2001", "1", advisory.TLPClear, time.Now()), store.Source{Format: "csaf", Data: []byte("x")})
	if err != nil {
		t.Fatal(err)
	}
	ds := []store.Delivery{
		{ProfileID: p.ID, OrgID: o.ID, Recipient: "a@example.org", Channel: "email", Variant: "txt/basic/en"},
		{ProfileID: p.ID, OrgID: o.ID, Recipient: "B@example.org", Channel: "email", Variant: "txt/basic/en"},
	}
	n, err := s.Publish(ctx, r.ID, "1", nil, ds)
	if err != nil || n != 2 {
		t.Fatalf("Publish = %d, %v", n, err)
	}
	n, err = s.Publish(ctx, r.ID, "1", nil, append(ds, store.Delivery{ProfileID: p.ID, OrgID: o.ID, Recipient: "b@EXAMPLE.org", Channel: "email"}))
	if err != nil || n != 0 {
		t.Errorf("Publish again = %d, %v; want 0 new", n, err)
	}
	if _, err := s.Publish(ctx, r.ID, "7", nil, nil); err == nil {
		t.Error("Publish of a version that is not current must fail")
	}
	now := time.Now()
	pend, err := s.PendingDeliveries(ctx, now, 10)
	if err != nil || len(pend) != 2 {
		t.Fatalf("pending = %d, %v", len(pend), err)
	}
	if err := s.MarkSent(ctx, pend[0].ID, "<m1@x>", now); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkFailed(ctx, pend[1].ID, "451 try later", false, now.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if pend, _ := s.PendingDeliveries(ctx, now, 10); len(pend) != 0 {
		t.Errorf("pending right after a temporary failure = %d, want 0 (retry later)", len(pend))
	}
	if pend, _ := s.PendingDeliveries(ctx, now.Add(2*time.Minute), 10); len(pend) != 1 || pend[0].Attempts != 1 {
		t.Errorf("pending after retry time = %+v", pend)
	}
	if n, err := s.RetryNow(ctx, now); err != nil || n != 1 {
		t.Errorf("RetryNow = %d, %v; want 1", n, err)
	}
	if pend, _ := s.PendingDeliveries(ctx, now, 10); len(pend) != 1 {
		t.Errorf("pending after RetryNow = %d, want 1", len(pend))
	}
	if err := s.MarkFailed(ctx, pend[1].ID, "550 no such user", true, now); err != nil {
		t.Fatal(err)
	}
	m := store.Match{AdvisoryID: r.ID, Version: "1", ProfileID: p.ID, OrgID: o.ID, ProductID: "P1", Spec: "x", Reason: "later"}
	if n, err := s.AddMatches(ctx, []store.Match{m, m}); err != nil || n != 1 {
		t.Errorf("AddMatches = %d, %v; want 1", n, err)
	}
	if orgs, _ := s.MatchedOrgs(ctx, r.ID); len(orgs) != 1 || orgs[0] != o.ID {
		t.Errorf("MatchedOrgs = %v", orgs)
	}
	counts, err := s.DeliveryCounts(ctx)
	if err != nil || counts[store.DeliverySent] != 1 || counts[store.DeliveryFailed] != 1 {
		t.Errorf("counts = %v, %v", counts, err)
	}
	all, _ := s.Deliveries(ctx, r.ID)
	if len(all) != 2 || all[1].LastError != "550 no such user" || all[0].MessageID != "<m1@x>" {
		t.Errorf("deliveries = %+v", all)
	}
}

func testSessions(t *testing.T, s store.Store) {
	ctx := context.Background()
	o := mustOrg(t, s, "SME", org.KindSME, 0)
	u, err := s.CreateUser(ctx, org.User{OrgID: o.ID, Email: "a@example.org", Role: org.RoleMember})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	if err := s.CreateSession(ctx, store.Session{TokenHash: "h", UserID: u.ID, CSRF: "c", Created: now, Expires: now.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	se, err := s.SessionByTokenHash(ctx, "h", now)
	if err != nil || se.UserID != u.ID || se.CSRF != "c" {
		t.Errorf("session = %+v, %v", se, err)
	}
	if _, err := s.SessionByTokenHash(ctx, "h", now.Add(2*time.Hour)); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("expired session: err = %v", err)
	}
	if err := s.CreateSession(ctx, store.Session{TokenHash: "old", UserID: u.ID, CSRF: "c", Created: now, Expires: now.Add(-time.Minute)}); err != nil {
		t.Fatal(err)
	}
	if n, err := s.DeleteExpiredSessions(ctx, now); err != nil || n != 1 {
		t.Errorf("DeleteExpiredSessions = %d, %v; want 1", n, err)
	}
	if err := s.CreateSession(ctx, store.Session{TokenHash: "h2", UserID: u.ID, CSRF: "c", Created: now, Expires: now.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteUserSessions(ctx, u.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SessionByTokenHash(ctx, "h2", now); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("session after DeleteUserSessions: err = %v", err)
	}
	if err := s.CreateSession(ctx, store.Session{TokenHash: "h", UserID: u.ID, CSRF: "c", Created: now, Expires: now.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateAPIToken(ctx, "tok", u.ID, "script", now); err != nil {
		t.Fatal(err)
	}
	if id, err := s.APITokenUser(ctx, "tok"); err != nil || id != u.ID {
		t.Errorf("APITokenUser = %d, %v", id, err)
	}
	if _, err := s.APITokenUser(ctx, "nope"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown token: %v", err)
	}
	if err := s.DeleteSession(ctx, "h"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SessionByTokenHash(ctx, "h", now); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("deleted session: err = %v", err)
	}
}

func testTranslations(t *testing.T, s store.Store) {
	ctx := context.Background()
	t0 := time.Date(2024, 3, 1, 10, 0, 0, 0, time.UTC)
	en := Fixture("TST-2024-3001", "1", advisory.TLPClear, t0)
	r, err := s.SaveAdvisory(ctx, en, store.Source{Format: "csaf", Data: []byte("en")})
	if err != nil {
		t.Fatal(err)
	}
	fr := Fixture("TST-2024-3001", "1", advisory.TLPClear, t0)
	fr.Lang, fr.Title = "fr-FR", "Débordement de tampon"
	tr, err := s.SaveAdvisory(ctx, fr, store.Source{Format: "csaf", Data: []byte("fr"), Name: "fr.json"})
	if err != nil || tr.Outcome != store.OutcomeTranslation || tr.ID != r.ID {
		t.Fatalf("translation saved as %+v, %v", tr, err)
	}
	// A translator's document (other publisher) with the same id is one too.
	de := Fixture("TST-2024-3001", "1", advisory.TLPClear, t0)
	de.Lang, de.Title, de.Publisher = "de", "Pufferüberlauf", advisory.Publisher{Name: "Übersetzer", Namespace: "https://translator.example", Category: "translator"}
	if tr, err := s.SaveAdvisory(ctx, de, store.Source{Format: "csaf", Data: []byte("de")}); err != nil || tr.Outcome != store.OutcomeTranslation {
		t.Fatalf("translator's document saved as %+v, %v", tr, err)
	}
	rec, err := s.Advisory(ctx, r.ID)
	if err != nil || rec.Title != en.Title || len(rec.Translations) != 2 {
		t.Fatalf("advisory after translations: %q %v, %v", rec.Title, rec.Translations, err)
	}
	got, src, err := s.Translation(ctx, r.ID, "fr")
	if err != nil || got.Title != "Débordement de tampon" || string(src.Data) != "fr" {
		t.Errorf("Translation(fr) = %v, %q, %v", got, src.Data, err)
	}
	if _, _, err := s.Translation(ctx, r.ID, "it"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Translation(it) err = %v", err)
	}
	list, _ := s.ListAdvisories(ctx, store.Filter{})
	if len(list) != 1 {
		t.Errorf("a translation was listed as an advisory of its own: %d", len(list))
	}

	// Regression: another publisher (not a translator) with the same id in
	// another language is an advisory of its own, not a translation.
	other := Fixture("TST-2024-3001", "1", advisory.TLPClear, t0)
	other.Lang, other.Title, other.Publisher = "it", "Altro", advisory.Publisher{Name: "Unrelated", Namespace: "https://unrelated.example", Category: "vendor"}
	if r, err := s.SaveAdvisory(ctx, other, store.Source{Format: "csaf", Data: []byte("it")}); err != nil || r.Outcome != store.OutcomeCreated {
		t.Errorf("unrelated publisher's document saved as %+v, %v; want a new advisory", r, err)
	}

	// Regression: a document with a language must not overwrite another
	// publisher's advisory with the same tracking id that has no language
	// (a CVE record beside a per-CVE VEX document).
	nolang := Fixture("CVE-2024-4001", "1", advisory.TLPClear, t0)
	nolang.Lang = ""
	first, err := s.SaveAdvisory(ctx, nolang, store.Source{Format: "csaf", Data: []byte("vex")})
	if err != nil {
		t.Fatal(err)
	}
	cve := Fixture("CVE-2024-4001", "2", advisory.TLPClear, t0.Add(time.Hour))
	cve.Lang, cve.Title, cve.Publisher = "en", "CVE record", advisory.Publisher{Name: "Some CNA", Namespace: "https://cna.example"}
	second, err := s.SaveAdvisory(ctx, cve, store.Source{Format: "cve", Data: []byte("cve")})
	if err != nil || second.Outcome != store.OutcomeCreated || second.ID == first.ID {
		t.Errorf("other publisher's document with a language: %+v, %v; want a new advisory", second, err)
	}
	if rec, _ := s.Advisory(ctx, first.ID); rec == nil || rec.Title != nolang.Title {
		t.Errorf("the first publisher's advisory was overwritten")
	}
}

// testRevisionVisibility: regression tests. A new revision is unpublished
// until published, so its draft text does not reach SMEs; and a TLP:RED
// revision sent to one organisation is not opened to another that got an
// earlier, GREEN revision.
func testRevisionVisibility(t *testing.T, s store.Store) {
	ctx := context.Background()
	t0 := time.Date(2024, 3, 1, 10, 0, 0, 0, time.UTC)
	a := mustOrg(t, s, "A", org.KindSME, 0)
	b := mustOrg(t, s, "B", org.KindSME, 0)
	pa, _ := s.CreateProfile(ctx, org.Profile{OrgID: a.ID, Name: "p", Products: []string{"x"}, Recipients: []string{"a@example.org"}, Formats: []string{"txt"}, Level: "basic", Lang: "en"})
	pb, _ := s.CreateProfile(ctx, org.Profile{OrgID: b.ID, Name: "p", Products: []string{"x"}, Recipients: []string{"b@example.org"}, Formats: []string{"txt"}, Level: "basic", Lang: "en"})
	v1 := Fixture("TST-2024-5001", "1", advisory.TLPGreen, t0)
	r, _ := s.SaveAdvisory(ctx, v1, store.Source{Format: "csaf", Data: []byte("v1")})
	ms := []store.Match{{ProfileID: pa.ID, OrgID: a.ID, ProductID: "P1", Spec: "x"}, {ProfileID: pb.ID, OrgID: b.ID, ProductID: "P1", Spec: "x"}}
	if _, err := s.Publish(ctx, r.ID, "1", ms, nil); err != nil {
		t.Fatal(err)
	}
	ids := func(f store.Filter) int {
		l, _ := s.ListAdvisories(ctx, f)
		return len(l)
	}
	if ids(store.Filter{PublishedOnly: true, RestrictedOrg: b.ID}) != 1 {
		t.Fatal("v1 not visible to B")
	}
	v2 := Fixture("TST-2024-5001", "2", advisory.TLPRed, t0.Add(time.Hour))
	if _, err := s.SaveAdvisory(ctx, v2, store.Source{Format: "csaf", Data: []byte("v2")}); err != nil {
		t.Fatal(err)
	}
	if n := ids(store.Filter{PublishedOnly: true, RestrictedOrg: b.ID}); n != 0 {
		t.Error("an unpublished revision is visible outside the CERT")
	}
	if _, err := s.Publish(ctx, r.ID, "2", ms[:1], nil); err != nil {
		t.Fatal(err)
	}
	if n := ids(store.Filter{PublishedOnly: true, RestrictedOrg: a.ID}); n != 1 {
		t.Error("the RED revision is not visible to A, to whom it was sent")
	}
	if n := ids(store.Filter{PublishedOnly: true, RestrictedOrg: b.ID}); n != 0 {
		t.Error("the RED revision is visible to B, which only got the GREEN one")
	}
	if orgs, _ := s.MatchedOrgs(ctx, r.ID); len(orgs) != 1 || orgs[0] != a.ID {
		t.Errorf("MatchedOrgs = %v, want only A (current revision)", orgs)
	}
}

// testSearchControlChars is a regression test: a NUL in a
// search used to reach SQLite and fail ("unterminated string").
func testSearchControlChars(t *testing.T, s store.Store) {
	ctx := context.Background()
	if _, err := s.SaveAdvisory(ctx, Fixture("TST-2024-6001", "1", advisory.TLPClear, time.Now()), store.Source{Format: "csaf", Data: []byte("x")}); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"widget\x00parser", "\x00", "a\x01b\x7f"} {
		if _, err := s.ListAdvisories(ctx, store.Filter{Query: q}); err != nil {
			t.Errorf("search %q: %v", q, err)
		}
	}
	l, err := s.ListAdvisories(ctx, store.Filter{Query: "widget\x00parser"})
	if err != nil || len(l) != 1 {
		t.Errorf("search with a NUL between words = %d, %v; want 1", len(l), err)
	}
}

func testAuditAndIntermediaries(t *testing.T, s store.Store) {
	ctx := context.Background()
	o, err := s.CreateOrg(ctx, org.Org{Name: "Chamber", Kind: org.KindIntermediary, Intermediary: org.IntermediaryRedistributor, TimeZone: "Europe/Paris"})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := s.OrgByID(ctx, o.ID)
	if got.Intermediary != org.IntermediaryRedistributor || got.TimeZone != "Europe/Paris" {
		t.Errorf("org = %+v", got)
	}
	g, err := s.CreateGroup(ctx, "Health")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateGroup(ctx, "health"); !errors.Is(err, store.ErrExists) {
		t.Errorf("duplicate group: %v", err)
	}
	s.AddGroupMember(ctx, g.ID, o.ID)
	s.AddGroupMember(ctx, g.ID, o.ID)
	if gs, err := s.Groups(ctx); err != nil || len(gs) != 1 || len(gs[0].Members) != 1 || gs[0].Members[0] != o.ID {
		t.Errorf("Groups = %+v, %v", gs, err)
	}
	for i, a := range []string{"org.add", "profile.add"} {
		if err := s.AddAudit(ctx, store.AuditEntry{Actor: "admin@cert.example", Action: a, Target: "x", Detail: "d", At: time.Now().Add(time.Duration(i) * time.Second)}); err != nil {
			t.Fatal(err)
		}
	}
	es, err := s.Audit(ctx, 10)
	if err != nil || len(es) != 2 || es[0].Action != "profile.add" || es[1].Actor != "admin@cert.example" {
		t.Errorf("Audit = %+v, %v", es, err)
	}
}
