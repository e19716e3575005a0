package cve5

import "github.com/tocsin-cert/tocsin/internal/versionset"

// order is a vers scheme's versionset.Order, with this package's helpers
// (subtract, single, emit, ...) as methods.
type order struct{ versionset.Order }

// subtract returns the versions of a that are not in b (both normalised).
func (o order) subtract(a, b []versionset.Span) []versionset.Span {
	out := a
	for _, t := range b {
		var next []versionset.Span
		for _, s := range out {
			next = append(next, o.cut(s, t)...)
		}
		out = next
	}
	return out
}

// cut returns the parts of s outside t.
func (o order) cut(s, t versionset.Span) []versionset.Span {
	var out []versionset.Span
	if !t.Lo.Inf { // the part of s below t
		hi := versionset.Bound{V: t.Lo.V, Inc: !t.Lo.Inc}
		if o.CmpHi(s.Hi, hi) < 0 {
			hi = s.Hi
		}
		if l := (versionset.Span{Lo: s.Lo, Hi: hi}); !o.Empty(l) {
			out = append(out, l)
		}
	}
	if !t.Hi.Inf { // the part of s above t
		lo := versionset.Bound{V: t.Hi.V, Inc: !t.Hi.Inc}
		if o.CmpLo(s.Lo, lo) > 0 {
			lo = s.Lo
		}
		if u := (versionset.Span{Lo: lo, Hi: s.Hi}); !o.Empty(u) {
			out = append(out, u)
		}
	}
	return out
}
