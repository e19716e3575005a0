package matchgen

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/tocsin-cert/tocsin/internal/advisory"
	"github.com/tocsin-cert/tocsin/internal/match"
	"github.com/tocsin-cert/tocsin/internal/org"
	"github.com/tocsin-cert/tocsin/internal/product"
)

// Naive is the baseline the index is measured against: no index keys, no
// grouping of equal specs; for every notifying product of an advisory it
// scans every spec of every profile. Specs are parsed once (a text shared
// by many profiles is parsed once too, so that 2 million subscriptions
// fit in memory), and it decides with the same product.Spec.MatchesTarget
// and writes reasons with MatchTarget, so the difference measured is the
// index's.
type Naive struct {
	profiles []naiveProfile
}

type naiveProfile struct {
	id, org int64
	texts   []string
	specs   []*product.Spec // nil where the text could not be read
}

// NewNaive parses the profiles' specs.
func NewNaive(profiles []org.Profile) *Naive {
	n := &Naive{}
	cache := make(map[string]*product.Spec)
	for _, p := range profiles {
		np := naiveProfile{id: p.ID, org: p.OrgID, texts: p.Products, specs: make([]*product.Spec, len(p.Products))}
		for i, text := range p.Products {
			sp, ok := cache[text]
			if !ok {
				if s, err := product.ParseSpec(text); err == nil {
					sp = &s
				}
				cache[text] = sp
			}
			np.specs[i] = sp
		}
		n.profiles = append(n.profiles, np)
	}
	slices.SortStableFunc(n.profiles, func(a, b naiveProfile) int { return cmp.Compare(a.id, b.id) })
	return n
}

// Match returns what match.Index.Match returns, by scanning everything.
func (n *Naive) Match(a *advisory.Advisory) []match.Hit {
	st := a.ProductStatus()
	ranges := product.StatusRanges(a)
	platforms := match.Platforms(a)
	targets := make([]*product.Target, len(a.Products))
	plats := make([][]*product.Target, len(a.Products))
	for i, p := range a.Products {
		if !st[p.ID].Notifies() {
			continue
		}
		targets[i] = match.Target(p, ranges)
		for _, q := range platforms[i] {
			plats[i] = append(plats[i], match.Target(q, ranges))
		}
	}
	var hits []match.Hit
	for _, pf := range n.profiles {
		for i, p := range a.Products {
			if targets[i] == nil {
				continue
			}
			for k, sp := range pf.specs {
				if sp == nil {
					continue
				}
				v, ok := verdict(sp, targets[i], plats[i], p.Name)
				if ok {
					hits = append(hits, match.Hit{ProfileID: pf.id, OrgID: pf.org, ProductID: p.ID, Spec: pf.texts[k],
						Status: st[p.ID], Reason: v})
					break
				}
			}
		}
	}
	return hits
}

// verdict matches a spec against a product and then its platforms, as
// the index does, and returns the reason of a match.
func verdict(sp *product.Spec, t *product.Target, plats []*product.Target, name string) (string, bool) {
	if sp.MatchesTarget(t) {
		if v := sp.MatchTarget(t); v.Match {
			return v.Reason, true
		}
	}
	for _, q := range plats {
		if sp.MatchesTarget(q) {
			if v := sp.MatchTarget(q); v.Match {
				return fmt.Sprintf("%s is part of %s, where %s", name, q.Product().Name, v.Reason), true
			}
		}
	}
	return "", false
}
