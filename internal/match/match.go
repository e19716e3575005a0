// Package match finds the profiles an advisory concerns: it indexes every
// product SPEC of every profile once, and for each product of a published
// advisory that is affected or under investigation it looks only at the
// subscriptions sharing an index key with the product (see
// product.Spec.IndexKeys and product.ProductKeys), so matching one advisory
// does not walk all subscriptions.
//
// Statuses reach matching here: a product's most alarming status decides
// whether it notifies, and a product listed first_affected or
// last_affected with a single version is matched on the versions the
// status stands for ("3.0.0" first_affected is 3.0.0 and later, up to the
// product's next fixed version; "3.1" last_affected is 3.1 and earlier),
// not on that one version: see product.StatusRanges and Target.
//
// The index keeps each distinct spec once (product.Spec.Canonical) with
// the list of its subscribers (profile and position, 8 bytes each), and
// shares the profiles' Products slices rather than copying the texts:
// callers must not modify them while the index is in use. Matching
// decides with product.Spec.MatchesTarget, writes a reason once per
// matching spec and product, and works in a per-call scratch space reused
// through a sync.Pool, so that its cost follows the candidates and the
// hits, not the number of profiles. package matchgen and the command
// tocsin-bench-match measure it at 100,000 profiles (BENCHMARKS.md).
//
// It depends on packages advisory, org and product only; it must not
// import storage, delivery or the web. An Index is immutable once built and
// safe for concurrent use.
package match

import (
	"cmp"
	"fmt"
	"slices"
	"sync"

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

// sub is one profile's use of a spec: the profile (an index into
// Index.profs) and the spec's position in the profile's list.
type sub struct {
	prof, pos int32
}

// entry is one distinct spec (by product.Spec.Canonical) and its users.
type entry struct {
	spec product.Spec
	subs []sub
}

// profRec is one profile: its SPECs as written (the caller's slice, not
// copied), the entry each one reads as (-1 when it could not be read) and
// the errors of those that could not.
type profRec struct {
	id, org int64
	name    string
	texts   []string
	entries []int32
	errs    map[int32]error
}

// Index holds the subscriptions of all profiles, keyed for matching.
type Index struct {
	entries  []entry
	byKey    map[string][]int32
	wildcard []int32
	profs    []profRec // sorted by profile id
	byID     map[int64]int32
	count    int
	scratch  sync.Pool // *scratch, reused by Match
}

// NewIndex parses and indexes the specs of the profiles. A spec that cannot
// be read gives an error naming the profile and the spec; the others are
// indexed all the same. Specs that read the same (product.Spec.Canonical)
// are parsed and kept once, with the list of their subscribers; the
// profiles' texts are shared, not copied. Profiles with the same id are
// merged, in the order given.
func NewIndex(profiles []org.Profile) (*Index, []error) {
	order := make([]int, len(profiles))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(profiles[a].ID, profiles[b].ID) })
	ix := &Index{byKey: make(map[string][]int32), byID: make(map[int64]int32, len(profiles))}
	byText := make(map[string]int32) // spec text -> entry, or -1-k for errors[k]
	var textErrs []error
	canon := make(map[string]int32)
	var errs []error
	for _, i := range order {
		p := &profiles[i]
		pi, ok := ix.byID[p.ID]
		if !ok {
			pi = int32(len(ix.profs))
			ix.byID[p.ID] = pi
			ix.profs = append(ix.profs, profRec{id: p.ID, org: p.OrgID, name: p.Name, texts: p.Products,
				entries: make([]int32, 0, len(p.Products))})
		} else {
			pr := &ix.profs[pi]
			pr.texts = append(slices.Clip(pr.texts), p.Products...)
		}
		pr := &ix.profs[pi]
		for _, text := range p.Products {
			pos := int32(len(pr.entries))
			e, seen := byText[text]
			if !seen {
				sp, err := product.ParseSpec(text)
				if err != nil {
					e = int32(-1 - len(textErrs))
					textErrs = append(textErrs, err)
				} else {
					c := sp.Canonical()
					var known bool
					if e, known = canon[c]; !known {
						e = int32(len(ix.entries))
						canon[c] = e
						ix.entries = append(ix.entries, entry{spec: sp})
						for _, k := range sp.IndexKeys() {
							if k == product.WildcardKey {
								ix.wildcard = append(ix.wildcard, e)
							} else {
								ix.byKey[k] = append(ix.byKey[k], e)
							}
						}
					}
				}
				byText[text] = e
			}
			if e < 0 {
				err := textErrs[-1-e]
				errs = append(errs, fmt.Errorf("profile %d (%s): %w", p.ID, p.Name, err))
				if pr.errs == nil {
					pr.errs = make(map[int32]error)
				}
				pr.errs[pos] = err
				pr.entries = append(pr.entries, -1)
				continue
			}
			ix.entries[e].subs = append(ix.entries[e].subs, sub{prof: pi, pos: pos})
			pr.entries = append(pr.entries, e)
			ix.count++
		}
	}
	// Trim the slices grown by append: the index lives long.
	for i := range ix.entries {
		ix.entries[i].subs = slices.Clip(ix.entries[i].subs)
	}
	for k, v := range ix.byKey {
		ix.byKey[k] = slices.Clip(v)
	}
	ix.entries = slices.Clip(ix.entries)
	return ix, errs
}

// Len returns the number of indexed subscriptions.
func (ix *Index) Len() int { return ix.count }

// Specs returns the number of distinct specs the subscriptions read as.
func (ix *Index) Specs() int { return len(ix.entries) }

// Subscriptions returns every indexed subscription, grouped by distinct
// spec (in the order specs were first seen, profiles by id).
func (ix *Index) Subscriptions() []Subscription {
	out := make([]Subscription, 0, ix.count)
	for _, e := range ix.entries {
		for _, s := range e.subs {
			p := &ix.profs[s.prof]
			out = append(out, Subscription{ProfileID: p.id, OrgID: p.org, Spec: e.spec})
		}
	}
	return out
}

// prepared holds an advisory's products prepared for matching.
type prepared struct {
	a       *advisory.Advisory
	status  map[string]advisory.Status
	ranges  map[string]product.Range // product.StatusRanges
	targets []*product.Target
	plats   [][]platformRef
}

func prepare(a *advisory.Advisory) *prepared {
	return &prepared{a: a, status: a.ProductStatus(), ranges: product.StatusRanges(a),
		targets: make([]*product.Target, len(a.Products)), plats: platformsOf(a)}
}

func (pr *prepared) target(i int) *product.Target {
	if pr.targets[i] == nil {
		pr.targets[i] = Target(pr.a.Products[i], pr.ranges)
	}
	return pr.targets[i]
}

// Target prepares a product of an advisory for matching, given the
// advisory's product.StatusRanges: a product that is first_affected or
// last_affected with a single version stands for the run of versions the
// status says (product.NewTargetWithRange), any other as it is
// (product.NewTarget).
func Target(p advisory.Product, statusRanges map[string]product.Range) *product.Target {
	if r, ok := statusRanges[p.ID]; ok && p.ID != "" {
		return product.NewTargetWithRange(p, r)
	}
	return product.NewTarget(p)
}

// platformRef is a platform of a product: another product of the
// advisory (index), or, when index is -1, a product made up for it.
type platformRef struct {
	index int
	made  advisory.Product
}

// platformsOf finds the platforms of the advisory's relationship products
// (see Platforms).
func platformsOf(a *advisory.Advisory) [][]platformRef {
	out := make([][]platformRef, len(a.Products))
	var byName map[string][]int
	var byID map[string]int
	relates := map[string]string{}
	if a.ProductTree != nil {
		for _, r := range a.ProductTree.Relationships {
			relates[r.FullProductName.ProductID] = r.RelatesToProductReference
		}
	}
	for i, p := range a.Products {
		if p.Platform == "" {
			continue
		}
		if byName == nil {
			byName, byID = make(map[string][]int), make(map[string]int)
			for j, q := range a.Products {
				byID[q.ID] = j
				if q.Platform == "" {
					byName[q.Name] = append(byName[q.Name], j)
				}
			}
		}
		if j, ok := byID[relates[p.ID]]; ok && relates[p.ID] != "" && j != i {
			out[i] = []platformRef{{index: j}}
			continue
		}
		for _, j := range byName[p.Platform] {
			out[i] = append(out[i], platformRef{index: j})
		}
		if len(out[i]) == 0 {
			out[i] = []platformRef{{index: -1, made: advisory.Product{Name: p.Platform, Vendor: p.Vendor}}}
		}
	}
	return out
}

// Platforms returns, for each product of the advisory (by index), the
// products it is a component of or installed on when a relationship made
// it (Platform set): the product its CSAF relationship relates to (by id,
// from the product tree); else the advisory's products named like its
// Platform; else a product made of the platform's name and the
// component's vendor (an OSV or CVE record's distribution, "Debian 11").
// Matching tries a spec on a product's own fields first, then on these.
func Platforms(a *advisory.Advisory) [][]advisory.Product {
	refs := platformsOf(a)
	out := make([][]advisory.Product, len(refs))
	for i, rs := range refs {
		for _, r := range rs {
			if r.index >= 0 {
				out[i] = append(out[i], a.Products[r.index])
			} else {
				out[i] = append(out[i], r.made)
			}
		}
	}
	return out
}

// platforms returns the prepared platforms of product i.
func (pr *prepared) platforms(i int) []*product.Target {
	var out []*product.Target
	for _, r := range pr.plats[i] {
		if r.index >= 0 {
			out = append(out, pr.target(r.index))
		} else {
			out = append(out, product.NewTarget(r.made))
		}
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

// scratch is the working memory of one Match call, sized for the index
// and reused through Index.scratch so that matching does not allocate
// per subscription.
type scratch struct {
	entrySeen []uint32 // stamp per entry: candidate of the current product
	profSeen  []uint32 // stamp per profile: hit for the current product
	profHit   []int32  // index in hits of that hit
	count     []int32  // per profile, for ordering the hits
	stamp     uint32
}

// next starts a new product: stamps from earlier products no longer
// count.
func (sc *scratch) next() uint32 {
	sc.stamp++
	if sc.stamp == 0 { // wrapped: forget every stamp
		clear(sc.entrySeen)
		clear(sc.profSeen)
		sc.stamp = 1
	}
	return sc.stamp
}

func (ix *Index) getScratch() *scratch {
	if sc, ok := ix.scratch.Get().(*scratch); ok {
		return sc
	}
	return &scratch{
		entrySeen: make([]uint32, len(ix.entries)),
		profSeen:  make([]uint32, len(ix.profs)),
		profHit:   make([]int32, len(ix.profs)),
		count:     make([]int32, len(ix.profs)+1),
	}
}

// candidates appends to out the distinct entries sharing a key with the
// product or its platforms, and the wildcard entries.
func (ix *Index) candidates(sc *scratch, stamp uint32, t *product.Target, plats []*product.Target, out []int32) []int32 {
	add := func(es []int32) {
		for _, e := range es {
			if sc.entrySeen[e] != stamp {
				sc.entrySeen[e] = stamp
				out = append(out, e)
			}
		}
	}
	add(ix.wildcard)
	for _, k := range t.Keys() {
		add(ix.byKey[k])
	}
	for _, p := range plats {
		for _, k := range p.Keys() {
			add(ix.byKey[k])
		}
	}
	return out
}

// matches is the quick decision of verdict: on the product, then on its
// platforms.
func matches(sp *product.Spec, t *product.Target, plats []*product.Target) bool {
	if sp.MatchesTarget(t) {
		return true
	}
	for _, p := range plats {
		if sp.MatchesTarget(p) {
			return true
		}
	}
	return false
}

// hitRec is a hit while matching: profile, product, the profile's
// matching spec (entry and position) and the reason's index.
type hitRec struct {
	prof, product, pos, reason int32
}

// Match returns the profiles concerned by the advisory: for each product
// whose status notifies (affected or under investigation), each profile
// with a spec matching it, at most one Hit per profile and product, ordered
// by profile id and then by the advisory's product order. A first_affected
// or last_affected product matches on the range of versions its status
// gives (see Target). Each product is prepared once; only the distinct
// specs sharing an index key with it are tried, with
// product.Spec.MatchesTarget, and the reason is written once per matching
// spec.
func (ix *Index) Match(a *advisory.Advisory) []Hit {
	pr := prepare(a)
	sc := ix.getScratch()
	defer ix.scratch.Put(sc)
	var hits []hitRec
	var reasons []string
	var cands []int32
	status := make([]advisory.Status, len(a.Products))
	for i, p := range a.Products {
		status[i] = pr.status[p.ID]
		if !status[i].Notifies() {
			continue
		}
		stamp := sc.next()
		plats := pr.platforms(i)
		t := pr.target(i)
		cands = ix.candidates(sc, stamp, t, plats, cands[:0])
		for _, e := range cands {
			en := &ix.entries[e]
			if !matches(&en.spec, t, plats) {
				continue
			}
			v := pr.verdict(en.spec, i, plats)
			if !v.Match {
				continue // the full verdict decides
			}
			r := int32(len(reasons))
			reasons = append(reasons, v.Reason)
			for _, s := range en.subs {
				if sc.profSeen[s.prof] == stamp {
					// The profile has a hit for this product: keep the
					// spec that comes first in its list.
					if h := &hits[sc.profHit[s.prof]]; s.pos < h.pos {
						h.pos, h.reason = s.pos, r
					}
					continue
				}
				sc.profSeen[s.prof] = stamp
				sc.profHit[s.prof] = int32(len(hits))
				hits = append(hits, hitRec{prof: s.prof, product: int32(i), pos: s.pos, reason: r})
			}
		}
	}
	// Order by profile (profiles are sorted by id) with a stable counting
	// sort: each profile's hits stay in product order.
	count := sc.count
	clear(count)
	for _, h := range hits {
		count[h.prof+1]++
	}
	for k := 1; k < len(count); k++ {
		count[k] += count[k-1]
	}
	out := make([]Hit, len(hits))
	for _, h := range hits {
		p := &ix.profs[h.prof]
		prod := &a.Products[h.product]
		out[count[h.prof]] = Hit{ProfileID: p.id, OrgID: p.org, ProductID: prod.ID, Spec: p.texts[h.pos],
			Status: status[h.product], Reason: reasons[h.reason]}
		count[h.prof]++
	}
	return out
}

// Explain gives, for every spec of the profile and every product of the
// advisory sharing an index key with it, the verdict and whether it led to
// a notification: products that match but are fixed, not affected or
// without status are listed with the reason they were not notified. A spec
// that could not be read is listed once with its error.
func (ix *Index) Explain(a *advisory.Advisory, profileID int64) []Explanation {
	pi, ok := ix.byID[profileID]
	if !ok {
		return nil
	}
	prof := &ix.profs[pi]
	pr := prepare(a)
	var out []Explanation
	for pos, e := range prof.entries {
		text := prof.texts[pos]
		if e < 0 {
			out = append(out, Explanation{ProfileID: profileID, Spec: text,
				Reason: "the spec could not be read: " + prof.errs[int32(pos)].Error()})
			continue
		}
		sp := ix.entries[e].spec
		keys := sp.IndexKeys()
		for i, p := range a.Products {
			plats := pr.platforms(i)
			if !sharesKey(keys, pr.target(i), plats) {
				continue
			}
			st := pr.status[p.ID]
			v := pr.verdict(sp, i, plats)
			ex := Explanation{ProfileID: profileID, Spec: text, ProductID: p.ID, Product: p.Name,
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
