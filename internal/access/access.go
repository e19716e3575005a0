// Package access is the one place that decides what a user may see. Every
// web handler, API call and command that shows advisories asks it; nothing
// else interprets TLP or organisation boundaries.
package access

import (
	"slices"

	"github.com/tocsin-cert/tocsin/internal/advisory"
	"github.com/tocsin-cert/tocsin/internal/org"
	"github.com/tocsin-cert/tocsin/internal/store"
)

// Viewer is who is looking: a logged-in user and their organisation. The
// zero Viewer is anonymous.
type Viewer struct {
	User org.User
	Org  org.Org
}

// Anonymous reports whether nobody is logged in.
func (v Viewer) Anonymous() bool { return v.User.ID == 0 }

// CERTStaff reports whether the viewer works for the CERT that runs the
// instance: they see everything, published or not, whatever its TLP.
func (v Viewer) CERTStaff() bool { return !v.Anonymous() && v.Org.Kind == org.KindCERT }

// ArchiveFilter returns the filter that limits listing and search to what the
// viewer may see. With mine set, only advisories that matched the viewer's
// organisation's profiles are kept.
//
// Rules: CERT staff see all advisories, including unpublished ones. Everyone
// else sees published advisories only; TLP:CLEAR and GREEN ones all of them
// (the constituency), TLP:AMBER, AMBER+STRICT and RED only when the
// advisory was sent to their organisation. Anonymous viewers see nothing
// restricted.
func ArchiveFilter(v Viewer, mine bool) store.Filter {
	var f store.Filter
	switch {
	case v.Anonymous():
		f.PublishedOnly = true
		f.HideRestricted = true
	case v.CERTStaff():
	default:
		f.PublishedOnly = true
		f.RestrictedOrg = v.Org.ID
	}
	if mine && !v.Anonymous() {
		f.MatchedOrg = v.Org.ID
	}
	return f
}

// CanView decides whether the viewer may see one advisory, given the
// organisations it was sent to (its matches). It applies the same rules as
// ArchiveFilter.
func CanView(v Viewer, s store.Summary, sentTo []int64) bool {
	switch {
	case v.CERTStaff():
		return true
	case !s.Published:
		return false
	case !s.TLP.Restricted():
		return true
	case v.Anonymous():
		return false
	}
	return slices.Contains(sentTo, v.Org.ID)
}

// Restricted reports whether the advisory's TLP limits it to the
// organisations it was sent to.
func Restricted(t advisory.TLP) bool { return t.Restricted() }

// CanManage reports whether the viewer may read and change an
// organisation's users and profiles: the CERT's administrators everywhere;
// an intermediary's administrators their own organisation and the SMEs it
// administers (and no other intermediary's); an SME's administrators their
// own organisation. Members manage nothing.
func CanManage(v Viewer, target org.Org) bool {
	switch {
	case v.Anonymous() || v.User.Role != org.RoleAdmin:
		return false
	case v.CERTStaff():
		return true
	case v.Org.ID == target.ID:
		return true
	case v.Org.Kind == org.KindIntermediary && target.Kind == org.KindSME && target.ParentID == v.Org.ID:
		return true
	}
	return false
}

// CanCreateOrg reports whether the viewer may add an organisation of kind
// under parent: the CERT's administrators anything; an intermediary's
// administrators SMEs under their own organisation only.
func CanCreateOrg(v Viewer, kind org.Kind, parent org.Org) bool {
	switch {
	case v.Anonymous() || v.User.Role != org.RoleAdmin:
		return false
	case v.CERTStaff():
		return true
	}
	return v.Org.Kind == org.KindIntermediary && kind == org.KindSME && parent.ID == v.Org.ID
}
