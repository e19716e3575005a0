package product

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
)

// This file builds Ranges from the structured version data of OSV, NVD
// and CVE JSON 5 records, and writes a Range back as a vers string (which
// is how readers store it in advisory.Product.VersionRange).

// OSVEvent is one event of an OSV range; exactly one field is set.
type OSVEvent struct {
	Introduced   string
	Fixed        string
	LastAffected string
	Limit        string
}

// OSVRange reads the events of one OSV range of type SEMVER or ECOSYSTEM
// (scheme is the range type or the package's ecosystem, see SchemeOf;
// "GIT" ranges of commits cannot be ordered and give an unknown range).
// As the OSV schema evaluates them, events are sorted by version,
// "introduced: 0" (or zeros only, "0.0.0-0") being the beginning; an
// introduced event opens an interval, "fixed" closes it before its
// version and "last_affected" at it; an interval left open runs to the
// end, and versions at or above a "limit" are not affected. Several
// introduced/fixed pairs give several intervals.
func OSVRange(scheme string, events []OSVEvent) Range {
	if strings.EqualFold(strings.TrimSpace(scheme), "git") {
		return unknownRange("", "OSV GIT ranges name commits, which cannot be compared with versions")
	}
	s := specific(SchemeOf(scheme))
	type ev struct {
		kind  int // 0 introduced, 1 fixed, 2 last_affected
		v     string
		start bool
	}
	var evs []ev
	var limits []string
	for _, e := range events {
		switch {
		case e.Introduced != "":
			v := strings.TrimSpace(e.Introduced)
			evs = append(evs, ev{kind: 0, v: v, start: isStartVersion(v)})
		case e.Fixed != "":
			evs = append(evs, ev{kind: 1, v: strings.TrimSpace(e.Fixed)})
		case e.LastAffected != "":
			evs = append(evs, ev{kind: 2, v: strings.TrimSpace(e.LastAffected)})
		case e.Limit != "":
			if l := strings.TrimSpace(e.Limit); l != "*" {
				limits = append(limits, l)
			}
		}
	}
	slices.SortStableFunc(evs, func(a, b ev) int {
		switch {
		case a.start && b.start:
			return 0
		case a.start:
			return -1
		case b.start:
			return 1
		}
		return s.Compare(a.v, b.v)
	})
	var ivs []interval
	var open *bound
	for _, e := range evs {
		switch e.kind {
		case 0:
			if open == nil {
				b := mkBound(e.v, true)
				if e.start {
					b = bound{inf: true}
				}
				open = &b
			}
		case 1, 2:
			if open != nil {
				ivs = append(ivs, interval{lo: *open, hi: mkBound(e.v, e.kind == 2)})
				open = nil
			}
		}
	}
	if open != nil {
		ivs = append(ivs, interval{lo: *open, hi: bound{inf: true}})
	}
	if len(limits) > 0 {
		slices.SortFunc(limits, s.Compare)
		ivs = intersectSets(s, ivs, []interval{{lo: bound{inf: true}, hi: mkBound(limits[len(limits)-1], false)}})
	}
	return setRange(s, ivs)
}

// isStartVersion reports whether an introduced version means "from the
// beginning": "0", or only zeros ("0.0.0-0", as RustSec writes).
func isStartVersion(v string) bool {
	return strings.Contains(v, "0") && strings.Trim(v, "0.-") == ""
}

// NVDRange is the range of an NVD (and CVE JSON 5 cpeApplicability)
// cpeMatch: versionStartIncluding, versionStartExcluding,
// versionEndIncluding, versionEndExcluding; empty ones are absent. With
// none it is every version (the CPE's own version field then says which).
// Versions are generic (CompareVersions).
func NVDRange(startIncl, startExcl, endIncl, endExcl string) Range {
	iv := unbounded()
	if v := strings.TrimSpace(startIncl); v != "" {
		iv.lo = mkBound(v, true)
	} else if v := strings.TrimSpace(startExcl); v != "" {
		iv.lo = mkBound(v, false)
	}
	if v := strings.TrimSpace(endIncl); v != "" {
		iv.hi = mkBound(v, true)
	} else if v := strings.TrimSpace(endExcl); v != "" {
		iv.hi = mkBound(v, false)
	}
	if iv.lo.inf && iv.hi.inf {
		return Range{kind: kindAll}
	}
	if iv.empty("") {
		return Range{kind: kindSet}
	}
	return Range{kind: kindSet, ivs: []interval{iv}}
}

// CVEVersion is one entry of a CVE JSON 5 affected[].versions list.
type CVEVersion struct {
	Version         string
	Status          string // affected, unaffected or unknown
	LessThan        string
	LessThanOrEqual string
	Changes         []CVEChange
}

// CVEChange is a status change inside a CVE JSON 5 version range.
type CVEChange struct {
	At     string
	Status string
}

// CVERange reads a CVE JSON 5 affected[] entry's versions: versionType
// picks the ordering ("semver", "rpm", "maven", "python"; "custom" and
// others are generic; "git" cannot be ordered and gives an unknown
// range). The affected versions are the default ones (every version when
// defaultStatus is "affected", none otherwise), minus the ranges listed
// unaffected, plus those listed affected. An entry with lessThan or
// lessThanOrEqual is a range from its version ("0", "*", "-", "n/a" and
// "unspecified" mean from the beginning; lessThan "*" to the end;
// lessThanOrEqual "5.10.*" to the end of the 5.10 line), its changes
// switching the status from their version on; an entry without is one
// version. A version written as text ("before version 3.4.4", ">= 2.62.0,
// < 2.62.1") is read as an advisory range; one that cannot be read makes
// the whole range unknown.
func CVERange(versionType, defaultStatus string, versions []CVEVersion) Range {
	vt := strings.ToLower(strings.TrimSpace(versionType))
	if vt == "git" {
		return unknownRange("", "CVE versionType git names commits, which cannot be compared with versions")
	}
	s := specific(SchemeOf(vt))
	var affected, unaffected []interval
	add := func(status string, ivs ...interval) {
		switch strings.ToLower(strings.TrimSpace(status)) {
		case "affected":
			affected = append(affected, ivs...)
		case "unaffected":
			unaffected = append(unaffected, ivs...)
		}
	}
	for _, e := range versions {
		v := strings.TrimSpace(e.Version)
		lt, le := strings.TrimSpace(e.LessThan), strings.TrimSpace(e.LessThanOrEqual)
		if lt == "" && le == "" {
			switch strings.ToLower(v) {
			case "*", "all", "all versions":
				add(e.Status, unbounded())
				continue
			case "", "n/a", "unspecified", "-", "unknown":
				if strings.EqualFold(e.Status, "affected") {
					return unknownRange(v, fmt.Sprintf("affected version %q names no version", v))
				}
				continue
			}
			if clean, ok := cveSingleVersion(v); ok {
				add(e.Status, pointInterval(clean))
				continue
			}
			r := ParseAdvisoryRange(v)
			if r.kind == kindUnknown {
				if strings.EqualFold(e.Status, "affected") {
					return unknownRange(v, r.note)
				}
				continue
			}
			if r.kind == kindAll {
				add(e.Status, unbounded())
				continue
			}
			add(e.Status, r.ivs...)
			continue
		}
		lo := mkBound(v, true)
		switch strings.ToLower(v) {
		case "", "0", "*", "-", "n/a", "unspecified":
			lo = bound{inf: true}
		}
		hi := bound{inf: true}
		switch {
		case lt != "" && lt != "*":
			hi = mkBound(lt, false)
		case le != "" && le != "*":
			if line, ok := streamInterval("<=", le); ok {
				hi = line.hi
			} else {
				hi = mkBound(le, true)
			}
		}
		status := e.Status
		cur := lo
		changes := slices.Clone(e.Changes)
		slices.SortStableFunc(changes, func(a, b CVEChange) int { return s.Compare(a.At, b.At) })
		for _, c := range changes {
			at := mkBound(strings.TrimSpace(c.At), false)
			add(status, interval{lo: cur, hi: at})
			at.incl = true
			cur, status = at, c.Status
		}
		add(status, interval{lo: cur, hi: hi})
	}
	var base []interval
	if strings.EqualFold(strings.TrimSpace(defaultStatus), "affected") {
		base = []interval{unbounded()}
	}
	base = differenceSets(s, base, unaffected)
	return setRange(s, unionSets(s, append(base, affected...)))
}

// cveSingleVersion reports whether a CVE version without range is one
// plain version (not a sentence or a list).
func cveSingleVersion(v string) (string, bool) {
	if strings.ContainsAny(v, " ,<>=|") || v == "" {
		return "", false
	}
	return v, true
}

// VersionList is the range holding exactly the given versions (OSV
// affected[].versions, CVE lists), in scheme (see SchemeOf).
func VersionList(scheme string, versions []string) Range {
	s := specific(SchemeOf(scheme))
	var ivs []interval
	for _, v := range versions {
		if v = strings.TrimSpace(v); v != "" {
			ivs = append(ivs, pointInterval(v))
		}
	}
	return setRange(s, ivs)
}

// UnionRanges returns the versions in any of the ranges (an OSV affected
// entry's ranges and versions together). Every version if one holds
// every version; unknown if one is unknown; else in the first specific
// scheme among them. Exclusions ("!=") of the parts are dropped: the
// union may hold more than its parts, never less.
func UnionRanges(rs ...Range) Range {
	var s Scheme
	var ivs []interval
	for _, r := range rs {
		switch r.kind {
		case kindAll:
			return Range{kind: kindAll, scheme: r.scheme}
		case kindUnknown:
			return r
		}
		if s == "" {
			s = r.scheme
		}
		ivs = append(ivs, r.ivs...)
	}
	return setRange(s, unionSets(s, ivs))
}

// specific returns s, or "" for the generic scheme (how Range stores it).
func specific(s Scheme) Scheme {
	if s.generic() {
		return ""
	}
	return s
}

// setRange makes a range of intervals: every version when one of them is
// unbounded on both sides, else the intervals sorted and merged.
func setRange(s Scheme, ivs []interval) Range {
	ivs = unionSets(s, ivs)
	if len(ivs) == 1 && ivs[0].lo.inf && ivs[0].hi.inf {
		return Range{kind: kindAll, scheme: s}
	}
	return Range{kind: kindSet, scheme: s, ivs: ivs}
}

// cmpLo orders lower bounds: unbounded first; at one version an
// inclusive bound before an exclusive one.
func cmpLo(s Scheme, a, b bound) int {
	switch {
	case a.inf && b.inf:
		return 0
	case a.inf:
		return -1
	case b.inf:
		return 1
	}
	if c := cmpBound(s, a, b); c != 0 {
		return c
	}
	switch {
	case a.incl == b.incl:
		return 0
	case a.incl:
		return -1
	}
	return 1
}

// cmpHi orders upper bounds: unbounded last; at one version an exclusive
// bound before an inclusive one.
func cmpHi(s Scheme, a, b bound) int {
	switch {
	case a.inf && b.inf:
		return 0
	case a.inf:
		return 1
	case b.inf:
		return -1
	}
	if c := cmpBound(s, a, b); c != 0 {
		return c
	}
	switch {
	case a.incl == b.incl:
		return 0
	case a.incl:
		return 1
	}
	return -1
}

// unionSets sorts intervals and merges those that overlap or touch;
// empty ones are dropped.
func unionSets(s Scheme, ivs []interval) []interval {
	in := slices.DeleteFunc(slices.Clone(ivs), func(iv interval) bool { return iv.empty(s) })
	slices.SortStableFunc(in, func(a, b interval) int { return cmpLo(s, a.lo, b.lo) })
	var out []interval
	for _, iv := range in {
		if n := len(out); n > 0 {
			last := &out[n-1]
			touches := last.hi.inf || iv.lo.inf
			if !touches {
				c := cmpBound(s, iv.lo, last.hi)
				touches = c < 0 || (c == 0 && (last.hi.incl || iv.lo.incl))
			}
			if touches {
				if cmpHi(s, iv.hi, last.hi) > 0 {
					last.hi = iv.hi
				}
				continue
			}
		}
		out = append(out, iv)
	}
	return out
}

// intersectSets returns the versions in both sets of intervals.
func intersectSets(s Scheme, a, b []interval) []interval {
	var out []interval
	for _, x := range a {
		for _, y := range b {
			if c, ok := intersect(s, x, y); ok {
				out = append(out, c)
			}
		}
	}
	return unionSets(s, out)
}

// complementSet returns the versions in none of the intervals.
func complementSet(s Scheme, ivs []interval) []interval {
	ivs = unionSets(s, ivs)
	var out []interval
	lo := bound{inf: true}
	for _, iv := range ivs {
		if !iv.lo.inf {
			out = append(out, interval{lo: lo, hi: bound{v: iv.lo.v, p: iv.lo.p, incl: !iv.lo.incl}})
		}
		if iv.hi.inf {
			return unionSets(s, out)
		}
		lo = bound{v: iv.hi.v, p: iv.hi.p, incl: !iv.hi.incl}
	}
	out = append(out, interval{lo: lo, hi: bound{inf: true}})
	return unionSets(s, out)
}

// differenceSets returns the versions in a and not in b.
func differenceSets(s Scheme, a, b []interval) []interval {
	if len(b) == 0 {
		return unionSets(s, a)
	}
	return intersectSets(s, a, complementSet(s, b))
}

// Vers writes the range as a vers string, "vers:SCHEME/..." with the
// range's scheme: intervals sorted and merged, a single version bare,
// every version "*", versions percent-encoded where vers needs it.
// ParseAdvisoryRange reads it back to the same versions. An unknown range
// gives its text; a range holding no version gives "".
func (r Range) Vers() string {
	name := "vers:" + r.Scheme().String() + "/"
	switch r.kind {
	case kindAll:
		return name + "*"
	case kindUnknown:
		return r.text
	}
	ivs := unionSets(r.scheme, r.ivs)
	if len(ivs) == 0 {
		return ""
	}
	var cs []string
	for _, iv := range ivs {
		if iv.isPoint(r.scheme) {
			cs = append(cs, versEscape(iv.lo.v))
			continue
		}
		if !iv.lo.inf {
			op := ">"
			if iv.lo.incl {
				op = ">="
			}
			cs = append(cs, op+versEscape(iv.lo.v))
		}
		if !iv.hi.inf {
			op := "<"
			if iv.hi.incl {
				op = "<="
			}
			cs = append(cs, op+versEscape(iv.hi.v))
		}
	}
	for _, e := range r.excl {
		cs = append(cs, "!="+versEscape(e))
	}
	return name + strings.Join(cs, "|")
}

func versEscape(v string) string { return url.PathEscape(v) }
