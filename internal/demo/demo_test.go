package demo

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/tocsin-cert/tocsin/internal/access"
	"github.com/tocsin-cert/tocsin/internal/auth"
	"github.com/tocsin-cert/tocsin/internal/instance"
)

// TestLoad checks that the demo loads, that its SME sees the advisories its
// profile matches (and the AMBER one only because it was sent to it), and
// that loading twice adds nothing but a new password.
func TestLoad(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	inst, _, err := instance.Init(ctx, filepath.Join(t.TempDir(), "data"), "Demo CERT", "cert@demo.example")
	if err != nil {
		t.Fatal(err)
	}
	defer inst.Close()
	first, err := Load(ctx, inst)
	if err != nil {
		t.Fatal(err)
	}
	if first.Advisories != 5 {
		t.Errorf("loaded %d advisories, want 5", first.Advisories)
	}
	second, err := Load(ctx, inst)
	if err != nil {
		t.Fatal(err)
	}
	if second.Password == first.Password {
		t.Error("the demo password did not change")
	}
	u, err := inst.Store.UserByEmail(ctx, UserEmail)
	if err != nil {
		t.Fatal(err)
	}
	if err := auth.CheckPassword(u.PasswordHash, second.Password); err != nil {
		t.Errorf("the printed password does not log in: %v", err)
	}
	o, err := inst.Store.OrgByID(ctx, u.OrgID)
	if err != nil {
		t.Fatal(err)
	}
	v := access.Viewer{User: u, Org: o}
	mine, err := inst.Store.ListAdvisories(ctx, access.ArchiveFilter(v, true))
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, s := range mine {
		ids = append(ids, s.TrackingID)
	}
	want := []string{"TDC-2026-0005", "TDC-2026-0004", "TDC-2026-0002", "TDC-2026-0001"}
	if len(ids) != len(want) {
		t.Fatalf("the demo SME's matches = %v, want %v", ids, want)
	}
	for i := range want {
		if ids[i] != want[i] {
			t.Fatalf("the demo SME's matches = %v, want %v", ids, want)
		}
	}
	all, err := inst.Store.ListAdvisories(ctx, access.ArchiveFilter(v, false))
	if err != nil || len(all) != 5 {
		t.Errorf("all the demo SME may see = %d, %v; want 5", len(all), err)
	}
	ps, _ := inst.Store.ProfilesByOrg(ctx, o.ID)
	ds, _ := inst.Store.Deliveries(ctx, mine[0].ID)
	if len(ps) != 1 || len(ds) != 1 {
		t.Errorf("after two loads: %d profiles, %d deliveries for one advisory; want 1 and 1", len(ps), len(ds))
	}
}
