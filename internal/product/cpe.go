package product

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// CPE attribute positions (CPE 2.3 naming order).
const (
	cpePart = iota
	cpeVendor
	cpeProduct
	cpeVersion
	cpeUpdate
	cpeEdition
	cpeLanguage
	cpeSwEdition
	cpeTargetSw
	cpeTargetHw
	cpeOther
	cpeAttrs
)

func cpeAttrName(i int) string {
	return [...]string{"part", "vendor", "product", "version", "update", "edition",
		"language", "sw_edition", "target_sw", "target_hw", "other"}[i]
}

type cpeKind uint8

const (
	cpeAny cpeKind = iota // "*" or empty (2.2)
	cpeNA                 // "-"
	cpeValue
)

type cpeAttr struct {
	v    string // lower case, unescaped
	kind cpeKind
	glob bool // v holds unescaped * or ? wildcards
}

func (a cpeAttr) String() string {
	switch a.kind {
	case cpeAny:
		return "*"
	case cpeNA:
		return "-"
	}
	return a.v
}

// cpeName is a parsed CPE 2.3 formatted string or CPE 2.2 URI.
type cpeName struct {
	attrs [cpeAttrs]cpeAttr
	raw   string
}

// parseCPE reads "cpe:2.3:part:vendor:product:..." (fewer than 11
// components are padded with "*") or a CPE 2.2 URI "cpe:/part:vendor:...".
func parseCPE(s string) (cpeName, error) {
	s = strings.TrimSpace(s)
	low := strings.ToLower(s)
	var c cpeName
	c.raw = s
	switch {
	case strings.HasPrefix(low, "cpe:2.3:"):
		fields := splitCPE23(s[len("cpe:2.3:"):])
		if len(fields) > cpeAttrs {
			return c, fmt.Errorf("a CPE 2.3 name has 11 components after \"cpe:2.3:\", this one has %d", len(fields))
		}
		if len(fields) < 3 {
			return c, errors.New(`a CPE 2.3 name needs at least part, vendor and product: "cpe:2.3:a:vendor:product:version:*:*:*:*:*:*:*"`)
		}
		for i, f := range fields {
			c.attrs[i] = cpe23Attr(f)
		}
	case strings.HasPrefix(low, "cpe:/"):
		fields := strings.Split(s[len("cpe:/"):], ":")
		if len(fields) > 7 {
			return c, fmt.Errorf("a CPE 2.2 URI has at most 7 components after \"cpe:/\", this one has %d", len(fields))
		}
		if len(fields) < 3 {
			return c, errors.New(`a CPE 2.2 URI needs at least part, vendor and product: "cpe:/a:vendor:product:version"`)
		}
		for i, f := range fields {
			if i == cpeEdition && strings.HasPrefix(f, "~") {
				// packed: ~edition~sw_edition~target_sw~target_hw~other
				slots := []int{cpeEdition, cpeSwEdition, cpeTargetSw, cpeTargetHw, cpeOther}
				for j, pf := range strings.Split(f[1:], "~") {
					if j < len(slots) {
						c.attrs[slots[j]] = cpe22Attr(pf)
					}
				}
				continue
			}
			c.attrs[i] = cpe22Attr(f)
		}
	default:
		return c, errors.New(`a CPE starts with "cpe:2.3:" or "cpe:/"`)
	}
	p := c.attrs[cpePart]
	if p.kind == cpeValue && p.v != "a" && p.v != "o" && p.v != "h" {
		return c, fmt.Errorf("CPE part %q must be a (application), o (operating system), h (hardware) or *", p.v)
	}
	if c.attrs[cpeVendor].kind == cpeNA || c.attrs[cpeProduct].kind == cpeNA {
		return c, errors.New(`CPE vendor and product cannot be "-" (not applicable)`)
	}
	return c, nil
}

// splitCPE23 splits at colons that are not escaped with a backslash.
func splitCPE23(s string) []string {
	var out []string
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			b.WriteByte('\\')
			if i+1 < len(s) {
				i++
				b.WriteByte(s[i])
			}
		case ':':
			out = append(out, b.String())
			b.Reset()
		default:
			b.WriteByte(s[i])
		}
	}
	return append(out, b.String())
}

func cpe23Attr(f string) cpeAttr {
	switch f {
	case "*", "":
		return cpeAttr{kind: cpeAny}
	case "-":
		return cpeAttr{kind: cpeNA}
	}
	var b strings.Builder
	glob := false
	for i := 0; i < len(f); i++ {
		switch f[i] {
		case '\\':
			if i+1 < len(f) {
				i++
				if f[i] == '*' || f[i] == '?' {
					// a quoted wildcard is a literal; keep it escaped for globMatch
					b.WriteByte('\\')
				}
				b.WriteByte(f[i])
			}
		case '*', '?':
			glob = true
			b.WriteByte(f[i])
		default:
			b.WriteByte(f[i])
		}
	}
	return cpeAttr{kind: cpeValue, v: strings.ToLower(b.String()), glob: glob}
}

func cpe22Attr(f string) cpeAttr {
	switch f {
	case "", "*":
		return cpeAttr{kind: cpeAny}
	case "-":
		return cpeAttr{kind: cpeNA}
	}
	if d, err := url.PathUnescape(f); err == nil {
		f = d
	}
	return cpeAttr{kind: cpeValue, v: strings.ToLower(f)}
}

// attrMatch compares one attribute of a subscribed CPE (a) with the
// advisory's (b), as CPE name matching does, counting SUPERSET, SUBSET and
// EQUAL as a match: ANY on either side matches, NA only NA, values compare
// case-insensitively, with * and ? wildcards in the subscribed value.
func attrMatch(a, b cpeAttr) bool {
	switch {
	case a.kind == cpeAny || b.kind == cpeAny:
		return true
	case a.kind == cpeNA || b.kind == cpeNA:
		return a.kind == b.kind
	case a.glob:
		return globMatch(a.v, b.v)
	}
	return a.v == b.v
}

// globMatch matches s against p where * is any run and ? any one byte; a
// backslash quotes the next character (a lone trailing backslash is a
// literal backslash).
//
// It is the greedy two-pointer match: a * first takes nothing, and on a
// mismatch only the most recent * takes one more byte and matching
// resumes after it. Backtracking to an earlier * is never needed: whatever
// the earlier stars would have taken, the later one can take as well. So
// the cost is at most len(p)·len(s) steps, and usually linear, where the
// recursive search tried every split for every star (a subscribed
// "*a*a*a*a*a*a*a*a*a*a*b" against 40 "a"s took half a minute).
func globMatch(p, s string) bool {
	pi, si := 0, 0
	star, mark := -1, 0 // after the last * seen, and where s stood then
	for si < len(s) {
		if pi < len(p) {
			switch c := p[pi]; {
			case c == '*':
				pi++
				star, mark = pi, si
				continue
			case c == '?':
				pi++
				si++
				continue
			case c == '\\' && pi+1 < len(p):
				if p[pi+1] == s[si] {
					pi += 2
					si++
					continue
				}
			case c == s[si]:
				pi++
				si++
				continue
			}
		}
		if star < 0 {
			return false
		}
		mark++ // the last * takes one more byte
		pi, si = star, mark
	}
	for pi < len(p) && p[pi] == '*' {
		pi++
	}
	return pi == len(p)
}

// literalPrefix returns the part of a value before its first wildcard.
func (a cpeAttr) literalPrefix() string {
	if !a.glob {
		return a.v
	}
	if i := strings.IndexAny(a.v, "*?"); i >= 0 {
		return a.v[:i]
	}
	return a.v
}

// versionText returns version and update as one version string ("1.6 upd6")
// and whether there is a concrete version.
func (c cpeName) versionText() (string, bool) {
	v, u := c.attrs[cpeVersion], c.attrs[cpeUpdate]
	if v.kind != cpeValue {
		return "", false
	}
	s := v.v
	if u.kind == cpeValue && !u.glob {
		s += " " + u.v
	}
	return s, true
}
