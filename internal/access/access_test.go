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
