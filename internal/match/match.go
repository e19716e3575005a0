// Package match finds the profiles an advisory concerns: it indexes every
// product SPEC of every profile once, and for each product of a published
// advisory that is affected or under investigation it looks only at the
// subscriptions sharing an index key with the product (see
// product.Spec.IndexKeys and product.ProductKeys), so matching one advisory
// does not walk all subscriptions.
//
// It depends on packages advisory, org and product only; it must not
// import storage, delivery or the web. An Index is immutable once built and
// safe for concurrent use.
package match

import (
	"fmt"
	"slices"

	"github.com/tocsin-cert/tocsin/internal/advisory"
	"github.com/tocsin-cert/tocsin/internal/org"
	"github.com/tocsin-cert/tocsin/internal/product"
)

// Subscription is one product SPEC of one profile.
type Subscription struct {
	ProfileID, OrgID int64
	Spec             product.Spec
}

// Hit says that a profile is concerned by a product of an advisory.
type Hit struct {
	ProfileID, OrgID int64
	// ProductID is the advisory's product id.
	ProductID string
	// Spec is the profile's SPEC that matched, as the user wrote it (the
	// first in the profile's order when several match).
	Spec string
	// Status is the product's most alarming status in the advisory.
	Status advisory.Status
	// Reason says why the spec matched the product.
	Reason string
}

// Explanation is the verdict of one spec of a profile on one product of an
// advisory, whether it led to a notification or not.
type Explanation struct {
	ProfileID int64
	Spec      string
	ProductID string
	// Product is the product's full name.
	Product string
	// Status is the product's status in the advisory ("" when it has none).
	Status advisory.Status
	// Match is the verdict of the spec on the product, whatever its status.
	Match bool
	// Notified is true when the match leads to a Hit.
	Notified bool
	Reason   string
}

// subscriber is one profile's use of a spec.
type subscriber struct {
	profileID, orgID int64
	text             string // the spec as written
	pos              int    // position in the profile's list
}

// entry is one distinct spec (by product.Spec.Canonical) and its users.
type entry struct {
	spec product.Spec
	subs []subscriber
}

type profileSpec struct {
	entry int // -1 when the spec could not be read
	text  string
	err   error
}

// Index holds the subscriptions of all profiles, keyed for matching.
type Index struct {
	entries  []*entry
	byKey    map[string][]int32
	wildcard []int32
	profiles map[int64][]profileSpec
	count    int
}

// NewIndex parses and indexes the specs of the profiles. A spec that cannot
// be read gives an error naming the profile and the spec; the others are
// indexed all the same.
func NewIndex(profiles []org.Profile) (*Index, []error) {
	ix := &Index{
		byKey:    make(map[string][]int32),
		profiles: make(map[int64][]profileSpec, len(profiles)),
	}
	canon := make(map[string]int)
	var errs []error
	for _, p := range profiles {
		for pos, text := range p.Products {
			sp, err := product.ParseSpec(text)
			if err != nil {
				errs = append(errs, fmt.Errorf("profile %d (%s): %w", p.ID, p.Name, err))
				ix.profiles[p.ID] = append(ix.profiles[p.ID], profileSpec{entry: -1, text: text, err: err})
				continue
			}
			c := sp.Canonical()
			e, ok := canon[c]
			if !ok {
				e = len(ix.entries)
				canon[c] = e
				ix.entries = append(ix.entries, &entry{spec: sp})
				for _, k := range sp.IndexKeys() {
					if k == product.WildcardKey {
						ix.wildcard = append(ix.wildcard, int32(e))
					} else {
						ix.byKey[k] = append(ix.byKey[k], int32(e))
					}
				}
			}
			ix.entries[e].subs = append(ix.entries[e].subs, subscriber{profileID: p.ID, orgID: p.OrgID, text: text, pos: pos})
			ix.profiles[p.ID] = append(ix.profiles[p.ID], profileSpec{entry: e, text: text})
			ix.count++
		}
	}
	return ix, errs
}

// Len returns the number of indexed subscriptions.
func (ix *Index) Len() int { return ix.count }

// Subscriptions returns every indexed subscription, grouped by distinct
// spec (in the order specs were first seen).
func (ix *Index) Subscriptions() []Subscription {
	var out []Subscription
	for _, e := range ix.entries {
		for _, s := range e.subs {
			out = append(out, Subscription{ProfileID: s.profileID, OrgID: s.orgID, Spec: e.spec})
		}
	}
	return out
}

// prepared holds an advisory's products prepared for matching.
type prepared struct {
	a       *advisory.Advisory
	status  map[string]advisory.Status
	targets []*product.Target
	byName  map[string][]int // base products (no Platform) by name
}

func prepare(a *advisory.Advisory) *prepared {
	pr := &prepared{a: a, status: a.ProductStatus(), targets: make([]*product.Target, len(a.Products)), byName: make(map[string][]int)}
	for i, p := range a.Products {
		if p.Platform == "" {
			pr.byName[p.Name] = append(pr.byName[p.Name], i)
		}
	}
	return pr
}

func (pr *prepared) target(i int) *product.Target {
	if pr.targets[i] == nil {
		pr.targets[i] = product.NewTarget(pr.a.Products[i])
	}
	return pr.targets[i]
}

// platforms returns the products a relationship product is a component
// of: the advisory's products named like its Platform, or, when none is,
// a product made of the platform name and the component's vendor.
func (pr *prepared) platforms(i int) []*product.Target {
	p := pr.a.Products[i]
	if p.Platform == "" {
		return nil
	}
	var out []*product.Target
	for _, j := range pr.byName[p.Platform] {
		out = append(out, pr.target(j))
	}
	if len(out) == 0 {
		out = append(out, product.NewTarget(advisory.Product{Name: p.Platform, Vendor: p.Vendor}))
	}
	return out
}

// verdict matches a spec against product i: on the product's own
// (component's) fields first, then, for a relationship product, on the
// platform it is part of.
func (pr *prepared) verdict(sp product.Spec, i int, plats []*product.Target) product.Verdict {
	v := sp.MatchTarget(pr.target(i))
	if v.Match {
		return v
	}
	for _, pt := range plats {
		if pv := sp.MatchTarget(pt); pv.Match {
			return product.Verdict{Match: true, Reason: fmt.Sprintf("%s is part of %s, where %s",
				pr.a.Products[i].Name, pt.Product().Name, pv.Reason)}
		}
	}
	return v
}

// candidates returns the distinct entries sharing a key with the product
// or its platforms, in entry order.
func (ix *Index) candidates(t *product.Target, plats []*product.Target) []int32 {
	out := slices.Clone(ix.wildcard)
	add := func(t *product.Target) {
		for _, k := range t.Keys() {
			out = append(out, ix.byKey[k]...)
		}
	}
	add(t)
	for _, p := range plats {
		add(p)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Match returns the profiles concerned by the advisory: for each product
// whose status notifies (affected or under investigation), each profile
// with a spec matching it, at most one Hit per profile and product, ordered
// by profile id and then by the advisory's product order.
func (ix *Index) Match(a *advisory.Advisory) []Hit {
	pr := prepare(a)
	type hitAt struct {
		hit   Hit
		order int // product index
		pos   int // spec position in the profile
	}
	// Products are visited in order, so each profile's list stays in
	// product order; its last element is the current product's, if any.
	byProfile := make(map[int64][]hitAt)
	total := 0
	for i, p := range a.Products {
		st := pr.status[p.ID]
		if !st.Notifies() {
			continue
		}
		plats := pr.platforms(i)
		for _, e := range ix.candidates(pr.target(i), plats) {
			en := ix.entries[e]
			v := pr.verdict(en.spec, i, plats)
			if !v.Match {
				continue
			}
			for _, s := range en.subs {
				h := hitAt{order: i, pos: s.pos, hit: Hit{ProfileID: s.profileID, OrgID: s.orgID, ProductID: p.ID,
					Spec: s.text, Status: st, Reason: v.Reason}}
				l := byProfile[s.profileID]
				if n := len(l); n > 0 && l[n-1].order == i {
					if s.pos < l[n-1].pos {
						l[n-1] = h
					}
					continue
				}
				byProfile[s.profileID] = append(l, h)
				total++
			}
		}
	}
	ids := make([]int64, 0, len(byProfile))
	for id := range byProfile {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	out := make([]Hit, 0, total)
	for _, id := range ids {
		for _, h := range byProfile[id] {
			out = append(out, h.hit)
		}
	}
	return out
}

// Explain gives, for every spec of the profile and every product of the
// advisory sharing an index key with it, the verdict and whether it led to
// a notification: products that match but are fixed, not affected or
// without status are listed with the reason they were not notified. A spec
// that could not be read is listed once with its error.
func (ix *Index) Explain(a *advisory.Advisory, profileID int64) []Explanation {
	pr := prepare(a)
	var out []Explanation
	for _, ps := range ix.profiles[profileID] {
		if ps.entry < 0 {
			out = append(out, Explanation{ProfileID: profileID, Spec: ps.text,
				Reason: "the spec could not be read: " + ps.err.Error()})
			continue
		}
		sp := ix.entries[ps.entry].spec
		keys := sp.IndexKeys()
		for i, p := range a.Products {
			plats := pr.platforms(i)
			if !sharesKey(keys, pr.target(i), plats) {
				continue
			}
			st := pr.status[p.ID]
			v := pr.verdict(sp, i, plats)
			ex := Explanation{ProfileID: profileID, Spec: ps.text, ProductID: p.ID, Product: p.Name,
				Status: st, Match: v.Match, Notified: v.Match && st.Notifies(), Reason: v.Reason}
			if v.Match && !st.Notifies() {
				if st == "" {
					ex.Reason += fmt.Sprintf("; but product %s has no status in this advisory, not notified", p.Name)
				} else {
					ex.Reason += fmt.Sprintf("; but product %s is listed as %s, not notified", p.Name, st.Label())
				}
			}
			out = append(out, ex)
		}
	}
	return out
}

func sharesKey(keys []string, t *product.Target, plats []*product.Target) bool {
	if slices.Contains(keys, product.WildcardKey) {
		return true
	}
	for _, tt := range append([]*product.Target{t}, plats...) {
		for _, k := range tt.Keys() {
			if slices.Contains(keys, k) {
				return true
			}
		}
	}
	return false
}
