package product

import (
	"fmt"
	"slices"
	"strings"

	"github.com/tocsin-cert/tocsin/internal/advisory"
)

// StatusRanges returns the versions that the CSAF statuses first_affected
// and last_affected make affected, for each product (by id) of the
// advisory that has a single version and one of these statuses in some
// vulnerability; products without one are not in the map (nil when there
// is none).
//
// CSAF 2.0 (3.2.3.9) says first_affected is "the first version affected"
// and last_affected "the last version affected": the product names one
// version, but stands for a run of versions of its line. So:
//
//   - first_affected V: V and later, up to (not including) the lowest
//     first_fixed or fixed version of the same product that is greater
//     than V, in the same vulnerability; without one, V and every later
//     version.
//   - last_affected V: V and every earlier version.
//
// "The same product" is another product of the advisory with the same
// package URL (type, namespace, name), the same CPE vendor and product,
// or the same vendor and product name once the version is removed from
// the end of the name; and the same platform, for products built by a
// relationship. A product with several such statuses (in one or several
// vulnerabilities) gets the union. Versions compare in the product's
// scheme (its package URL type's, else generic).
//
// A product's other statuses leave its versions as they are: a
// known_affected or under_investigation product stays its one version.
// Package match builds the product's Target with NewTargetWithRange.
func StatusRanges(a *advisory.Advisory) map[string]Range {
	if !hasBoundStatus(a) {
		return nil
	}
	byID := make(map[string]int, len(a.Products))
	for i, p := range a.Products {
		if _, dup := byID[p.ID]; !dup {
			byID[p.ID] = i
		}
	}
	targets := make(map[int]*statusProduct)
	get := func(id string) *statusProduct {
		i, ok := byID[id]
		if !ok || id == "" {
			return nil
		}
		if sp, ok := targets[i]; ok {
			return sp
		}
		sp := newStatusProduct(a.Products[i])
		targets[i] = sp
		return sp
	}
	type part struct {
		iv   interval
		text string
	}
	parts := make(map[string][]part)
	var order []string
	for _, v := range a.Vulnerabilities {
		st := vulnStatuses(v)
		// The map's order is random: go by product id.
		ids := make([]string, 0, len(st))
		for id := range st {
			ids = append(ids, id)
		}
		slices.Sort(ids)
		var fixed []*statusProduct
		for _, id := range ids {
			if st[id]&stFixed != 0 {
				if sp := get(id); sp != nil && sp.ok {
					fixed = append(fixed, sp)
				}
			}
		}
		for _, id := range ids {
			bits := st[id]
			if bits&(stFirst|stLast) == 0 {
				continue
			}
			sp := get(id)
			if sp == nil || !sp.ok {
				continue
			}
			add := func(iv interval, text string) {
				if _, seen := parts[id]; !seen {
					order = append(order, id)
				}
				for _, q := range parts[id] {
					if q.text == text {
						return
					}
				}
				parts[id] = append(parts[id], part{iv, text})
			}
			if bits&stFirst != 0 {
				iv := interval{lo: mkBound(sp.v, true), hi: bound{inf: true}}
				text := fmt.Sprintf("first_affected: %s and later", sp.v)
				if f, ok := sp.nextFixed(fixed); ok {
					iv.hi = mkBound(f.v, false)
					text += fmt.Sprintf(", before fixed %s", f.v)
				}
				add(iv, text)
			}
			if bits&stLast != 0 {
				add(interval{lo: bound{inf: true}, hi: mkBound(sp.v, true)}, fmt.Sprintf("last_affected: %s and earlier", sp.v))
			}
		}
	}
	if len(parts) == 0 {
		return nil
	}
	out := make(map[string]Range, len(parts))
	for _, id := range order {
		sp := get(id)
		r := Range{kind: kindSet, scheme: sp.scheme}
		var texts []string
		for _, q := range parts[id] {
			r.ivs = append(r.ivs, q.iv)
			texts = append(texts, q.text)
		}
		r.text = fmt.Sprintf("%s (%s)", sp.v, strings.Join(texts, "; "))
		out[id] = r
	}
	return out
}

// NewTargetWithRange is NewTarget with the product's versions given by r
// (a range from StatusRanges) instead of read from its fields. Reasons
// show r as written ("advisory version 3.0.0 (first_affected: 3.0.0 and
// later, before fixed 3.2.1)"), and a package URL version of the product
// is compared as part of r, not on its own.
func NewTargetWithRange(p advisory.Product, r Range) *Target {
	t := NewTarget(p)
	if t.verFrom == "" {
		t.verFrom = "version"
	}
	t.ver, t.verKnown, t.statusRange = r, true, true
	return t
}

// Status bits of a product in one vulnerability.
const (
	stFirst uint8 = 1 << iota
	stLast
	stFixed
)

// hasBoundStatus reports whether any product is first_affected or
// last_affected, so that advisories without (nearly all) cost nothing.
func hasBoundStatus(a *advisory.Advisory) bool {
	for _, v := range a.Vulnerabilities {
		for _, st := range v.ProductStatus {
			if st == advisory.StatusFirstAffected || st == advisory.StatusLastAffected {
				return true
			}
		}
		if len(v.StatusLists[advisory.StatusFirstAffected]) > 0 || len(v.StatusLists[advisory.StatusLastAffected]) > 0 {
			return true
		}
	}
	return false
}

// vulnStatuses gathers every status a product has in the vulnerability:
// ProductStatus keeps one per product, StatusLists all the lists it is in.
func vulnStatuses(v advisory.Vulnerability) map[string]uint8 {
	out := make(map[string]uint8)
	bit := func(st advisory.Status) uint8 {
		switch st {
		case advisory.StatusFirstAffected:
			return stFirst
		case advisory.StatusLastAffected:
			return stLast
		case advisory.StatusFirstFixed, advisory.StatusFixed:
			return stFixed
		}
		return 0
	}
	for id, st := range v.ProductStatus {
		if b := bit(st); b != 0 {
			out[id] |= b
		}
	}
	for st, ids := range v.StatusLists {
		if b := bit(st); b != 0 {
			for _, id := range ids {
				out[id] |= b
			}
		}
	}
	return out
}

// statusProduct is what StatusRanges needs of a product: its single
// version, the scheme it compares in, and the names that say which
// products are the same.
type statusProduct struct {
	ok     bool // the product has a single version
	v      string
	scheme Scheme
	keys   []string
}

func newStatusProduct(p advisory.Product) *statusProduct {
	t := NewTarget(p)
	v, ok := t.ver.Point()
	if !t.verKnown || !ok {
		return &statusProduct{}
	}
	sp := &statusProduct{ok: true, v: v, scheme: t.ver.scheme}
	plat := "@" + NormalizeProduct(p.Platform)
	if t.purlID != "" {
		sp.keys = append(sp.keys, "purl:"+t.purlID+plat)
	}
	if t.cpe != nil {
		if cv, cp := t.cpe.attrs[cpeVendor], t.cpe.attrs[cpeProduct]; cv.kind == cpeValue && cp.kind == cpeValue && !cv.glob && !cp.glob {
			sp.keys = append(sp.keys, "cpe:"+cv.v+":"+cp.v+plat)
		}
	}
	name := p.Product
	if strings.TrimSpace(name) == "" {
		name = p.Name
	}
	if w := withoutVersion(splitWords(name), splitWords(v)); len(w) > 0 {
		sp.keys = append(sp.keys, "name:"+NormalizeVendor(p.Vendor)+"/"+strings.Join(w, " ")+plat)
	}
	return sp
}

// withoutVersion drops the version's words from the end of a name's
// ("Widget Server 3.0.0" is "widget server"), and a "v" or "version"
// word before them.
func withoutVersion(name, ver []string) []string {
	if len(ver) > 0 && len(name) > len(ver) && slices.Equal(name[len(name)-len(ver):], ver) {
		name = name[:len(name)-len(ver)]
		if n := len(name); n > 1 && (name[n-1] == "v" || name[n-1] == "version") {
			name = name[:n-1]
		}
	}
	return name
}

// same reports whether two products are the same product (see
// StatusRanges).
func (sp *statusProduct) same(o *statusProduct) bool {
	for _, k := range sp.keys {
		if slices.Contains(o.keys, k) {
			return true
		}
	}
	return false
}

// nextFixed returns the lowest of the fixed products that is the same
// product as sp and greater than its version.
func (sp *statusProduct) nextFixed(fixed []*statusProduct) (*statusProduct, bool) {
	var best *statusProduct
	for _, f := range fixed {
		if f == sp || !sp.same(f) {
			continue
		}
		sch := pairScheme(sp.scheme, f.scheme)
		if sch.Compare(f.v, sp.v) <= 0 {
			continue
		}
		if best == nil || sch.Compare(f.v, best.v) < 0 {
			best = f
		}
	}
	return best, best != nil
}
