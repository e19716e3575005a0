// Package versionset holds sets of version intervals in one vers scheme,
// as the OSV and CVE 5 readers build them from a record's ranges before
// writing them out as a vers string.
//
// A set is a slice of Spans; Order.Union sorts and joins them into the
// normal form the other functions expect. Versions compare as the matcher
// compares them (product.CompareVersionsScheme), so the text Order.Vers
// writes reads back through product.ParseAdvisoryRange as a product.Range
// holding the same versions. Range is the parsed, read-only form matching
// works on; a set here is the working form a reader assembles, joins and
// cuts before it has any text.
package versionset

import (
	"net/url"
	"slices"
	"strings"

	"github.com/tocsin-cert/tocsin/internal/product"
)

// Bound is one end of a Span: version V, included if Inc. Inf means
// unbounded, and then V and Inc are unused.
type Bound struct {
	V   string
	Inc bool
	Inf bool
}

// Span is the versions between Lo and Hi.
type Span struct {
	Lo, Hi Bound
}

// All is the set of every version.
func All() []Span { return []Span{{Lo: Bound{Inf: true}, Hi: Bound{Inf: true}}} }

// IsAll reports whether a normalised set holds every version.
func IsAll(set []Span) bool {
	return len(set) == 1 && set[0].Lo.Inf && set[0].Hi.Inf
}

// Order is a vers scheme ("npm", "semver", "generic", ...) and compares
// versions in it.
type Order string

// Cmp compares two versions in the scheme, as the matcher will when it
// reads the range (product.CompareVersionsScheme).
func (o Order) Cmp(a, b string) int { return product.CompareVersionsScheme(string(o), a, b) }

// CmpLo orders lower bounds: unbounded first; at the same version an
// inclusive bound starts earlier than an exclusive one.
func (o Order) CmpLo(a, b Bound) int {
	switch {
	case a.Inf && b.Inf:
		return 0
	case a.Inf:
		return -1
	case b.Inf:
		return 1
	}
	if c := o.Cmp(a.V, b.V); c != 0 {
		return c
	}
	switch {
	case a.Inc == b.Inc:
		return 0
	case a.Inc:
		return -1
	}
	return 1
}

// CmpHi orders upper bounds: unbounded last; at the same version an
// inclusive bound ends later than an exclusive one.
func (o Order) CmpHi(a, b Bound) int {
	switch {
	case a.Inf && b.Inf:
		return 0
	case a.Inf:
		return 1
	case b.Inf:
		return -1
	}
	if c := o.Cmp(a.V, b.V); c != 0 {
		return c
	}
	switch {
	case a.Inc == b.Inc:
		return 0
	case a.Inc:
		return 1
	}
	return -1
}

// Empty reports whether s holds no version: it ends before it starts, or
// starts and ends at one version without including it.
func (o Order) Empty(s Span) bool {
	if s.Lo.Inf || s.Hi.Inf {
		return false
	}
	c := o.Cmp(s.Lo.V, s.Hi.V)
	return c > 0 || (c == 0 && !(s.Lo.Inc && s.Hi.Inc))
}

// meets reports whether b starts inside a or right where a ends, so that
// the two can be joined (a starts no later than b).
func (o Order) meets(a, b Span) bool {
	if a.Hi.Inf || b.Lo.Inf {
		return true
	}
	c := o.Cmp(b.Lo.V, a.Hi.V)
	return c < 0 || (c == 0 && (a.Hi.Inc || b.Lo.Inc))
}

// Union sorts spans, drops empty ones and joins those that overlap or
// touch, giving a normalised set. spans itself is left as it was.
func (o Order) Union(spans []Span) []Span {
	var in []Span
	for _, s := range spans {
		if !o.Empty(s) {
			in = append(in, s)
		}
	}
	slices.SortStableFunc(in, func(a, b Span) int { return o.CmpLo(a.Lo, b.Lo) })
	var out []Span
	for _, s := range in {
		if n := len(out); n > 0 && o.meets(out[n-1], s) {
			if o.CmpHi(s.Hi, out[n-1].Hi) > 0 {
				out[n-1].Hi = s.Hi
			}
			continue
		}
		out = append(out, s)
	}
	return out
}

// Vers writes a normalised set as a vers string
// ("vers:npm/>=1.0.0|<1.2.3"): spans in order, a single version bare,
// every version "*". Versions are percent-encoded where vers needs it.
// An empty set gives "".
func (o Order) Vers(set []Span) string {
	if len(set) == 0 {
		return ""
	}
	if IsAll(set) {
		return "vers:" + string(o) + "/*"
	}
	var cs []string
	for _, s := range set {
		if !s.Lo.Inf && !s.Hi.Inf && s.Lo.Inc && s.Hi.Inc && o.Cmp(s.Lo.V, s.Hi.V) == 0 {
			cs = append(cs, escapeVers(s.Lo.V))
			continue
		}
		if !s.Lo.Inf {
			op := ">"
			if s.Lo.Inc {
				op = ">="
			}
			cs = append(cs, op+escapeVers(s.Lo.V))
		}
		if !s.Hi.Inf {
			op := "<"
			if s.Hi.Inc {
				op = "<="
			}
			cs = append(cs, op+escapeVers(s.Hi.V))
		}
	}
	return "vers:" + string(o) + "/" + strings.Join(cs, "|")
}

func escapeVers(v string) string {
	return url.PathEscape(v)
}

// IsStart reports whether a version means "from the beginning": "0", or
// zeros only ("0.0.0-0", as RustSec writes an OSV "introduced").
func IsStart(v string) bool {
	return strings.Trim(v, "0.-") == "" && strings.Contains(v, "0")
}
