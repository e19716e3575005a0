package cve5

import (
	"net/url"
	"slices"
	"strings"

	"github.com/tocsin-cert/tocsin/internal/product"
)

// bound is one end of a span of versions; inf means unbounded.
type bound struct {
	v   string
	inc bool
	inf bool
}

// span is the versions between lo and hi.
type span struct {
	lo, hi bound
}

// order compares two versions in a vers scheme, as the matcher will when
// it reads the range (product.CompareVersionsScheme).
type order string

func (o order) cmp(a, b string) int { return product.CompareVersionsScheme(string(o), a, b) }

// cmpLo orders lower bounds: unbounded first; at the same version an
// inclusive bound starts earlier than an exclusive one.
func (o order) cmpLo(a, b bound) int {
	switch {
	case a.inf && b.inf:
		return 0
	case a.inf:
		return -1
	case b.inf:
		return 1
	}
	if c := o.cmp(a.v, b.v); c != 0 {
		return c
	}
	switch {
	case a.inc == b.inc:
		return 0
	case a.inc:
		return -1
	}
	return 1
}

// cmpHi orders upper bounds: unbounded last; at the same version an
// inclusive bound ends later than an exclusive one.
func (o order) cmpHi(a, b bound) int {
	switch {
	case a.inf && b.inf:
		return 0
	case a.inf:
		return 1
	case b.inf:
		return -1
	}
	if c := o.cmp(a.v, b.v); c != 0 {
		return c
	}
	switch {
	case a.inc == b.inc:
		return 0
	case a.inc:
		return 1
	}
	return -1
}

func (o order) empty(s span) bool {
	if s.lo.inf || s.hi.inf {
		return false
	}
	c := o.cmp(s.lo.v, s.hi.v)
	return c > 0 || (c == 0 && !(s.lo.inc && s.hi.inc))
}

// meets reports whether b starts inside a or right where a ends, so that
// the two can be joined (a starts no later than b).
func (o order) meets(a, b span) bool {
	if a.hi.inf || b.lo.inf {
		return true
	}
	c := o.cmp(b.lo.v, a.hi.v)
	return c < 0 || (c == 0 && (a.hi.inc || b.lo.inc))
}

// union sorts spans and joins those that overlap or touch.
func (o order) union(spans []span) []span {
	var in []span
	for _, s := range spans {
		if !o.empty(s) {
			in = append(in, s)
		}
	}
	slices.SortStableFunc(in, func(a, b span) int { return o.cmpLo(a.lo, b.lo) })
	var out []span
	for _, s := range in {
		if n := len(out); n > 0 && o.meets(out[n-1], s) {
			if o.cmpHi(s.hi, out[n-1].hi) > 0 {
				out[n-1].hi = s.hi
			}
			continue
		}
		out = append(out, s)
	}
	return out
}

// isAll reports whether the set holds every version.
func isAll(set []span) bool {
	return len(set) == 1 && set[0].lo.inf && set[0].hi.inf
}

// versText writes a set as a vers string ("vers:npm/>=1.0.0|<1.2.3"):
// spans in order, a single version bare, every version "*". Versions are
// percent-encoded where vers needs it. An empty set gives "".
func (o order) versText(set []span) string {
	if len(set) == 0 {
		return ""
	}
	if isAll(set) {
		return "vers:" + string(o) + "/*"
	}
	var cs []string
	for _, s := range set {
		if !s.lo.inf && !s.hi.inf && s.lo.inc && s.hi.inc && o.cmp(s.lo.v, s.hi.v) == 0 {
			cs = append(cs, escapeVers(s.lo.v))
			continue
		}
		if !s.lo.inf {
			op := ">"
			if s.lo.inc {
				op = ">="
			}
			cs = append(cs, op+escapeVers(s.lo.v))
		}
		if !s.hi.inf {
			op := "<"
			if s.hi.inc {
				op = "<="
			}
			cs = append(cs, op+escapeVers(s.hi.v))
		}
	}
	return "vers:" + string(o) + "/" + strings.Join(cs, "|")
}

func escapeVers(v string) string {
	return url.PathEscape(v)
}

// isStart reports whether an OSV "introduced" version means "from the
// beginning": "0", or zeros only ("0.0.0-0", as RustSec writes).
func isStart(v string) bool {
	return strings.Trim(v, "0.-") == "" && strings.Contains(v, "0")
}

// all is the set of every version.
func all() []span { return []span{{lo: bound{inf: true}, hi: bound{inf: true}}} }

// subtract returns the versions of a that are not in b (both normalised).
func (o order) subtract(a, b []span) []span {
	out := a
	for _, t := range b {
		var next []span
		for _, s := range out {
			next = append(next, o.cut(s, t)...)
		}
		out = next
	}
	return out
}

// cut returns the parts of s outside t.
func (o order) cut(s, t span) []span {
	var out []span
	if !t.lo.inf { // the part of s below t
		hi := bound{v: t.lo.v, inc: !t.lo.inc}
		if o.cmpHi(s.hi, hi) < 0 {
			hi = s.hi
		}
		if l := (span{lo: s.lo, hi: hi}); !o.empty(l) {
			out = append(out, l)
		}
	}
	if !t.hi.inf { // the part of s above t
		lo := bound{v: t.hi.v, inc: !t.hi.inc}
		if o.cmpLo(s.lo, lo) > 0 {
			lo = s.lo
		}
		if u := (span{lo: lo, hi: s.hi}); !o.empty(u) {
			out = append(out, u)
		}
	}
	return out
}
