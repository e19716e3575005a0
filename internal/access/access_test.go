package access

import (
	"fmt"
	"testing"

	"github.com/tocsin-cert/tocsin/internal/advisory"
	"github.com/tocsin-cert/tocsin/internal/org"
	"github.com/tocsin-cert/tocsin/internal/store"
)

// TestMatrix checks every viewer kind against every TLP, for advisories sent
// to the viewer's organisation and to another one, published or not; and
// that ArchiveFilter says the same as CanView.
func TestMatrix(t *testing.T) {
	t.Parallel()
	cert := org.Org{ID: 1, Kind: org.KindCERT}
	sme := org.Org{ID: 2, Kind: org.KindSME, ParentID: 1}
	inter := org.Org{ID: 3, Kind: org.KindIntermediary, ParentID: 1}
	viewers := map[string]Viewer{
		"anonymous":    {},
		"cert-admin":   {User: org.User{ID: 1, OrgID: 1, Role: org.RoleAdmin}, Org: cert},
		"cert-member":  {User: org.User{ID: 2, OrgID: 1, Role: org.RoleMember}, Org: cert},
		"sme-admin":    {User: org.User{ID: 3, OrgID: 2, Role: org.RoleAdmin}, Org: sme},
		"sme-member":   {User: org.User{ID: 4, OrgID: 2, Role: org.RoleMember}, Org: sme},
		"intermediary": {User: org.User{ID: 5, OrgID: 3, Role: org.RoleAdmin}, Org: inter},
	}
	tlps := []advisory.TLP{"", advisory.TLPClear, advisory.TLPGreen, advisory.TLPAmber, advisory.TLPAmberStrict, advisory.TLPRed}
	for name, v := range viewers {
		for _, tlp := range tlps {
			for _, sentToOwn := range []bool{true, false} {
				for _, published := range []bool{true, false} {
					sentTo := []int64{99}
					if sentToOwn && !v.Anonymous() {
						sentTo = []int64{v.Org.ID}
					}
					s := store.Summary{TLP: tlp, Published: published}
					want := expected(name, tlp, sentToOwn, published)
					got := CanView(v, s, sentTo)
					t.Run(fmt.Sprintf("%s/%s/own=%v/pub=%v", name, tlp, sentToOwn, published), func(t *testing.T) {
						if got != want {
							t.Errorf("CanView = %v, want %v", got, want)
						}
						if f := ArchiveFilter(v, false); filterAllows(f, s, sentTo) != want {
							t.Errorf("ArchiveFilter %+v disagrees with CanView (%v)", f, want)
						}
					})
				}
			}
		}
	}
}

// expected is the policy written out as a table a person can check.
func expected(viewer string, tlp advisory.TLP, own, published bool) bool {
	if viewer == "cert-admin" || viewer == "cert-member" {
		return true
	}
	if !published {
		return false
	}
	restricted := tlp == advisory.TLPAmber || tlp == advisory.TLPAmberStrict || tlp == advisory.TLPRed
	if !restricted {
		return true
	}
	if viewer == "anonymous" {
		return false
	}
	return own
}

// filterAllows evaluates a store.Filter the way the store does.
func filterAllows(f store.Filter, s store.Summary, sentTo []int64) bool {
	if f.PublishedOnly && !s.Published {
		return false
	}
	if f.HideRestricted && s.TLP.Restricted() {
		return false
	}
	if f.RestrictedOrg != 0 && s.TLP.Restricted() {
		for _, o := range sentTo {
			if o == f.RestrictedOrg {
				return true
			}
		}
		return false
	}
	return true
}

// TestManageMatrix: who may manage which organisation.
func TestManageMatrix(t *testing.T) {
	t.Parallel()
	cert := org.Org{ID: 1, Kind: org.KindCERT}
	i1 := org.Org{ID: 2, Kind: org.KindIntermediary, ParentID: 1}
	i2 := org.Org{ID: 3, Kind: org.KindIntermediary, ParentID: 1}
	s1 := org.Org{ID: 4, Kind: org.KindSME, ParentID: 2} // under i1
	s2 := org.Org{ID: 5, Kind: org.KindSME, ParentID: 3} // under i2
	s3 := org.Org{ID: 6, Kind: org.KindSME, ParentID: 1} // under the CERT
	admin := func(o org.Org) Viewer {
		return Viewer{User: org.User{ID: o.ID*10 + 1, OrgID: o.ID, Role: org.RoleAdmin}, Org: o}
	}
	member := func(o org.Org) Viewer {
		return Viewer{User: org.User{ID: o.ID*10 + 2, OrgID: o.ID, Role: org.RoleMember}, Org: o}
	}
	orgs := []org.Org{cert, i1, i2, s1, s2, s3}
	cases := []struct {
		name string
		v    Viewer
		may  map[int64]bool
	}{
		{"cert admin", admin(cert), map[int64]bool{1: true, 2: true, 3: true, 4: true, 5: true, 6: true}},
		{"cert member", member(cert), map[int64]bool{}},
		{"intermediary 1 admin", admin(i1), map[int64]bool{2: true, 4: true}},
		{"intermediary 2 admin", admin(i2), map[int64]bool{3: true, 5: true}},
		{"intermediary 1 member", member(i1), map[int64]bool{}},
		{"sme 1 admin", admin(s1), map[int64]bool{4: true}},
		{"sme 1 member", member(s1), map[int64]bool{}},
		{"anonymous", Viewer{}, map[int64]bool{}},
	}
	for _, c := range cases {
		for _, o := range orgs {
			if got := CanManage(c.v, o); got != c.may[o.ID] {
				t.Errorf("%s manages org %d: %v, want %v", c.name, o.ID, got, c.may[o.ID])
			}
		}
	}
	if !CanCreateOrg(admin(i1), org.KindSME, i1) || CanCreateOrg(admin(i1), org.KindSME, i2) || CanCreateOrg(admin(i1), org.KindIntermediary, i1) {
		t.Error("an intermediary may add SMEs under itself only")
	}
	if CanCreateOrg(admin(s1), org.KindSME, s1) || !CanCreateOrg(admin(cert), org.KindIntermediary, cert) {
		t.Error("CanCreateOrg for SME and CERT admins")
	}
}
