package product

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"
)

// Range is a set of versions: every version ("all"), a union of intervals
// with inclusive or exclusive bounds (a single version is an interval with
// equal inclusive bounds), minus excluded versions ("!=" in vers), or
// "unknown" when an advisory's text could not be read. The zero Range is
// "all". Versions are ordered by the range's Scheme: the one a vers string
// or package URL names, else CompareVersions (SchemeGeneric).
//
// Unknown ranges contain every version and intersect every range: Tocsin
// would rather send an alert it cannot prove than miss one. Note says why.
type Range struct {
	kind   rangeKind
	scheme Scheme // "" is generic
	ivs    []interval
	excl   []string
	text   string // as written
	note   string // why unknown, or what was ignored while reading
}

type rangeKind int

const (
	kindAll rangeKind = iota
	kindSet
	kindUnknown
)

type bound struct {
	v    string
	p    parsedVersion // v parsed once for the generic scheme's many comparisons
	incl bool
	inf  bool // unbounded
}

// cmpBound compares the versions of two bounds (neither unbounded) in a
// scheme.
func cmpBound(s Scheme, a, b bound) int {
	if s.generic() {
		return compareParsed(a.p, b.p)
	}
	return s.Compare(a.v, b.v)
}

func mkBound(v string, incl bool) bound {
	return bound{v: v, p: parseVersion(v), incl: incl}
}

type interval struct {
	lo, hi bound
}

// pointInterval is the interval of the single version v; both bounds
// share one parsed form.
func pointInterval(v string) interval {
	b := mkBound(v, true)
	return interval{lo: b, hi: b}
}

func unbounded() interval {
	return interval{lo: bound{inf: true}, hi: bound{inf: true}}
}

func unknownRange(text, why string) Range {
	return Range{kind: kindUnknown, text: text, note: why}
}

// IsAll reports whether the range holds every version.
func (r Range) IsAll() bool { return r.kind == kindAll }

// IsUnknown reports whether the range could not be read; it then matches
// every version and Note says why.
func (r Range) IsUnknown() bool { return r.kind == kindUnknown }

// Note says why the range is unknown, or what was ignored while reading it
// (e.g. a condition in parentheses); empty otherwise.
func (r Range) Note() string { return r.note }

// Text returns the range as it was written.
func (r Range) Text() string { return r.text }

// Scheme returns the version ordering of the range.
func (r Range) Scheme() Scheme {
	if r.scheme == "" {
		return SchemeGeneric
	}
	return r.scheme
}

// Point returns the single version the range holds, if it is one.
func (r Range) Point() (string, bool) {
	if r.kind != kindSet || len(r.ivs) != 1 || len(r.excl) > 0 {
		return "", false
	}
	iv := r.ivs[0]
	if !iv.isPoint(r.scheme) {
		return "", false
	}
	return iv.lo.v, true
}

// String renders the range canonically: "all versions", "unknown", a single
// version, or constraints such as ">=2.0,<2.4.1", alternatives joined by
// " | ".
func (r Range) String() string {
	switch r.kind {
	case kindAll:
		return "all versions"
	case kindUnknown:
		return "unknown"
	}
	var parts []string
	for _, iv := range r.ivs {
		parts = append(parts, iv.text(r.scheme))
	}
	s := strings.Join(parts, " | ")
	for _, e := range r.excl {
		s += ",!=" + e
	}
	return s
}

func (iv interval) text(s Scheme) string {
	if iv.isPoint(s) {
		return iv.lo.v
	}
	var parts []string
	if !iv.lo.inf {
		op := ">"
		if iv.lo.incl {
			op = ">="
		}
		parts = append(parts, op+iv.lo.v)
	}
	if !iv.hi.inf {
		op := "<"
		if iv.hi.incl {
			op = "<="
		}
		parts = append(parts, op+iv.hi.v)
	}
	if len(parts) == 0 {
		return "*"
	}
	return strings.Join(parts, ",")
}

// display is the range as written when there is a text, else canonical.
func (r Range) display() string {
	if r.text != "" {
		return r.text
	}
	return r.String()
}

// containsBound reports whether the version of x (a bound made with
// mkBound) lies in the interval.
func (iv interval) containsBound(s Scheme, x bound) bool {
	if !iv.lo.inf {
		c := cmpBound(s, x, iv.lo)
		if c < 0 || (c == 0 && !iv.lo.incl) {
			return false
		}
	}
	if !iv.hi.inf {
		c := cmpBound(s, x, iv.hi)
		if c > 0 || (c == 0 && !iv.hi.incl) {
			return false
		}
	}
	return true
}

// intersect returns the common part of two intervals and whether it is
// non-empty.
func intersect(s Scheme, a, b interval) (interval, bool) {
	out := interval{lo: a.lo, hi: a.hi}
	switch {
	case a.lo.inf:
		out.lo = b.lo
	case b.lo.inf:
	default:
		if c := cmpBound(s, b.lo, a.lo); c > 0 || (c == 0 && !b.lo.incl) {
			out.lo = b.lo
		}
	}
	switch {
	case a.hi.inf:
		out.hi = b.hi
	case b.hi.inf:
	default:
		if c := cmpBound(s, b.hi, a.hi); c < 0 || (c == 0 && !b.hi.incl) {
			out.hi = b.hi
		}
	}
	return out, !out.empty(s)
}

// empty reports whether the interval holds no version.
func (iv interval) empty(s Scheme) bool {
	if iv.lo.inf || iv.hi.inf {
		return false
	}
	c := cmpBound(s, iv.lo, iv.hi)
	return c > 0 || (c == 0 && !(iv.lo.incl && iv.hi.incl))
}

func excluded(s Scheme, excl []string, x bound) bool {
	return slices.ContainsFunc(excl, func(e string) bool { return cmpBound(s, mkBound(e, true), x) == 0 })
}

// isPoint reports whether the interval holds a single version.
func (iv interval) isPoint(s Scheme) bool {
	return !iv.lo.inf && !iv.hi.inf && iv.lo.incl && iv.hi.incl &&
		(iv.lo.v == iv.hi.v || cmpBound(s, iv.lo, iv.hi) == 0)
}

// Contains reports whether version v is in the range, in the range's
// scheme. All and unknown ranges contain every version.
func (r Range) Contains(v string) bool { return r.containsIn(r.scheme, v) }

// containsIn is Contains with versions compared in scheme s.
func (r Range) containsIn(s Scheme, v string) bool {
	if r.kind != kindSet {
		return true
	}
	x := mkBound(v, true)
	if len(r.excl) > 0 && excluded(s, r.excl, x) {
		return false
	}
	for _, iv := range r.ivs {
		if iv.containsBound(s, x) {
			return true
		}
	}
	return false
}

// Intersects reports whether some version is in both ranges. All and
// unknown ranges intersect every range. Exclusions only count when the
// common part is the single excluded version. Versions are compared in
// the specific scheme of either range (r's when both have one; see
// pairScheme), else generically.
func (r Range) Intersects(o Range) bool { return r.intersectsIn(pairScheme(r.scheme, o.scheme), o) }

func (r Range) intersectsIn(s Scheme, o Range) bool {
	if r.kind != kindSet || o.kind != kindSet {
		return true
	}
	for _, a := range r.ivs {
		for _, b := range o.ivs {
			common, ok := intersect(s, a, b)
			if !ok {
				continue
			}
			if common.isPoint(s) && (excluded(s, r.excl, common.lo) || excluded(s, o.excl, common.lo)) {
				continue
			}
			return true
		}
	}
	return false
}

// constraint is one comparator and version: op is "=", "!=", "<", "<=",
// ">" or ">=".
type constraint struct {
	op string
	v  string
}

func (c constraint) interval() interval {
	switch c.op {
	case "<", "<=":
		return interval{lo: bound{inf: true}, hi: mkBound(c.v, c.op == "<=")}
	case ">", ">=":
		return interval{lo: mkBound(c.v, c.op == ">="), hi: bound{inf: true}}
	}
	return pointInterval(c.v)
}

// splitOp separates a leading comparator from a constraint.
func splitOp(s string) (op, rest string) {
	s = strings.TrimSpace(s)
	for _, o := range []string{">=", "<=", "!=", "==", "=>", "=<", "<", ">", "="} {
		if strings.HasPrefix(s, o) {
			rest := strings.TrimSpace(s[len(o):])
			switch o {
			case "==":
				o = "="
			case "=>":
				o = ">="
			case "=<":
				o = "<="
			}
			return o, rest
		}
	}
	return "", s
}

// fromVers turns constraints into intervals with the vers algorithm:
// constraints sorted by version; "=" gives a single version, a lower bound
// opens an interval that the next upper bound closes, an upper bound with
// nothing open starts at the beginning, a lower bound left open runs to the
// end; "!=" excludes a version. Unsorted (sloppy) input is sorted first.
// Decision: constraints that are all "!=" ("vers:semver/!=3.2.1") mean
// every version but those, as people write them, not the empty set that
// a literal reading of the vers algorithm gives.
func fromVers(s Scheme, cs []constraint) (ivs []interval, excl []string) {
	cs = slices.Clone(cs)
	slices.SortStableFunc(cs, func(a, b constraint) int { return s.Compare(a.v, b.v) })
	var open *bound
	for _, c := range cs {
		switch c.op {
		case "", "=":
			ivs = append(ivs, pointInterval(c.v))
		case "!=":
			excl = append(excl, c.v)
		case ">", ">=":
			if open == nil {
				b := mkBound(c.v, c.op == ">=")
				open = &b
			}
		case "<", "<=":
			hi := mkBound(c.v, c.op == "<=")
			if open != nil {
				ivs = append(ivs, interval{lo: *open, hi: hi})
				open = nil
			} else {
				ivs = append(ivs, interval{lo: bound{inf: true}, hi: hi})
			}
		}
	}
	if open != nil {
		ivs = append(ivs, interval{lo: *open, hi: bound{inf: true}})
	}
	if len(ivs) == 0 && len(excl) > 0 {
		ivs = []interval{unbounded()}
	}
	return ivs, excl
}

// parseVers reads a package-URL "vers" string: vers:SCHEME/C1|C2|...
// The scheme picks the version ordering (SchemeOf; "all", the sloppy
// scheme some advisories write, and unknown ones are generic).
//
// check validates (and may clean) each version of a generic range;
// versions of a specific scheme are taken as written.
func parseVers(s string, check func(string) (string, error)) (Range, error) {
	body := strings.TrimSpace(s)[len("vers:"):]
	scheme, cons, ok := strings.Cut(body, "/")
	if !ok || strings.TrimSpace(scheme) == "" {
		return Range{}, errors.New(`a vers range needs a scheme and constraints, as in "vers:semver/>=1.0.0|<2.0.0"`)
	}
	cons = strings.TrimSpace(cons)
	sch := SchemeOf(scheme)
	if sch.generic() {
		sch = ""
	}
	if cons == "*" {
		return Range{kind: kindAll, scheme: sch, text: s}, nil
	}
	if cons == "" {
		return Range{}, errors.New("a vers range needs at least one constraint after the scheme")
	}
	var cs []constraint
	for part := range strings.SplitSeq(cons, "|") {
		op, v := splitOp(part)
		if dv, err := url.PathUnescape(v); err == nil {
			v = dv
		}
		v = strings.TrimSpace(v)
		if v == "" || v == "*" {
			return Range{}, fmt.Errorf("vers constraint %q has no version", strings.TrimSpace(part))
		}
		if strings.ContainsAny(v, "<>=!|") {
			return Range{}, fmt.Errorf("vers constraint %q is not a comparator followed by a version", strings.TrimSpace(part))
		}
		cv, err := check(v)
		if !sch.generic() {
			cv, err = specificVersion(v)
		}
		if err != nil {
			return Range{}, fmt.Errorf("vers constraint %q: %w", strings.TrimSpace(part), err)
		}
		cs = append(cs, constraint{op: op, v: cv})
	}
	ivs, excl := fromVers(sch, cs)
	return Range{kind: kindSet, scheme: sch, ivs: ivs, excl: excl, text: s}, nil
}

// streamOf reads "2.x", "2.X", "2.*" (the whole 2 line) and returns the
// line's first and next version ("2", "3").
func streamOf(v string) (lo, next string, ok bool) {
	low := strings.ToLower(v)
	var base string
	switch {
	case strings.HasSuffix(low, ".x"), strings.HasSuffix(low, ".*"):
		base = v[:len(v)-2]
	default:
		return "", "", false
	}
	for strings.HasSuffix(strings.ToLower(base), ".x") || strings.HasSuffix(base, ".*") {
		base = base[:len(base)-2]
	}
	b := strings.TrimPrefix(strings.TrimPrefix(base, "v"), "V")
	segs := strings.Split(b, ".")
	last := segs[len(segs)-1]
	if !allDigits(last) {
		return "", "", false
	}
	n := []byte(canonNum(last))
	// increment the decimal string
	carry := true
	for i := len(n) - 1; i >= 0 && carry; i-- {
		if n[i] == '9' {
			n[i] = '0'
		} else {
			n[i]++
			carry = false
		}
	}
	if carry {
		n = append([]byte{'1'}, n...)
	}
	segs[len(segs)-1] = string(n)
	return b, strings.Join(segs, "."), true
}

// streamInterval turns a constraint on a whole line ("2.x", "<=2.x") into
// an interval, and says whether v was a line.
func streamInterval(op, v string) (interval, bool) {
	lo, next, ok := streamOf(v)
	if !ok {
		return interval{}, false
	}
	switch op {
	case "", "=":
		return interval{lo: mkBound(lo, true), hi: mkBound(next, false)}, true
	case "<":
		return constraint{op: "<", v: lo}.interval(), true
	case "<=":
		return constraint{op: "<", v: next}.interval(), true
	case ">":
		return constraint{op: ">=", v: next}.interval(), true
	case ">=":
		return constraint{op: ">=", v: lo}.interval(), true
	}
	return interval{}, false
}

// ParseRange reads a subscription's version range: a single version
// ("1.2.3", exact), a comma-separated list of constraints that must all
// hold (">=2.0,<2.4.1"), a whole line ("8.x", "8.*"), "*" for every
// version, a vers string ("vers:semver/>=1.0.0|<2.0.0",
// "vers:deb/>=1.2-1|<1.4~rc1": versions compared in the vers scheme, see
// SchemeOf), a bare vers constraint list (">=1.0|<1.2|>=2.0|<2.1",
// read as vers reads it, compared generically), or the English forms
// advisories use ("2.0 and later", "before 3.1", "3.2 and earlier",
// "since 2.0", "1.0 through 1.4", "between 1.0 and 1.4"; see
// ParseAdvisoryRange), which would otherwise read as one odd version
// that nothing equals. Comparators: = == != < <= > >=. Constraints that
// are all "!=" mean every version but those. A range that holds no
// version at all (">=3,<2", "vers:semver/=1.0|!=1.0") is an error: a
// subscription must be able to match something.
func ParseRange(s string) (Range, error) { return parseSubscribedRange(s, "") }

// parseSubscribedRange is ParseRange with versions compared in scheme
// sch ("" is generic) unless a vers string names its own; versions of a
// specific scheme are checked with specificVersion. English forms are
// read for the generic scheme only.
func parseSubscribedRange(s string, sch Scheme) (Range, error) {
	if sch.generic() {
		sch = ""
	}
	text := strings.TrimSpace(s)
	if text == "" {
		return Range{}, errors.New(`empty version range; write a version ("2.4.1"), constraints (">=2.0,<2.4.1") or a vers string ("vers:semver/>=1.0.0|<2.0.0")`)
	}
	r, err := readSubscribedRange(text, sch)
	if err != nil {
		return Range{}, err
	}
	if r.holdsNone() {
		return Range{}, fmt.Errorf("version range %q holds no version: its constraints exclude each other", text)
	}
	return r, nil
}

func readSubscribedRange(text string, sch Scheme) (Range, error) {
	check := checkSubscribedVersion
	if sch != "" {
		check = specificVersion
	}
	low := strings.ToLower(text)
	if strings.HasPrefix(low, "vers:") {
		return parseVers(text, checkSubscribedVersion)
	}
	switch low {
	case "*", "all", "any", "all versions":
		return Range{kind: kindAll, scheme: sch, text: text}, nil
	}
	if sch == "" {
		if r, ok := subscribedEnglish(text); ok {
			return r, nil
		}
	}
	if strings.Contains(text, "|") {
		if strings.Contains(text, ",") {
			return Range{}, errors.New(`use either "," (every constraint must hold: ">=2.0,<2.4") or "|" (a vers list: ">=1.0|<1.2|>=2.0|<2.1"), not both`)
		}
		r, err := parseVers("vers:"+sch.String()+"/"+text, checkSubscribedVersion)
		if err != nil {
			return Range{}, err
		}
		r.text = text
		return r, nil
	}
	out := Range{kind: kindSet, scheme: sch, text: text}
	cur := unbounded()
	for part := range strings.SplitSeq(text, ",") {
		op, v := splitOp(part)
		if v == "" {
			return Range{}, fmt.Errorf("constraint %q has no version", strings.TrimSpace(part))
		}
		v, err := check(v)
		if err != nil {
			return Range{}, fmt.Errorf("constraint %q: %w", strings.TrimSpace(part), err)
		}
		iv, ok := streamInterval(op, v)
		if !ok {
			if op == "!=" {
				out.excl = append(out.excl, v)
				continue
			}
			iv = constraint{op: op, v: v}.interval()
		}
		if cur, ok = intersect(sch, cur, iv); !ok {
			return Range{}, fmt.Errorf("version range %q holds no version: its constraints exclude each other", text)
		}
	}
	out.ivs = []interval{cur}
	return out, nil
}

// subscribedEnglish reads a subscribed range written in words ("2.0 and
// later", "before 3.1", "all versions prior to 3.2", "1.0 through 1.4"),
// with the readings of englishForm and versions checked as subscribed
// versions, and says whether it was one. Versions keep the case they
// were written in.
func subscribedEnglish(text string) (Range, bool) {
	t := strings.Join(strings.Fields(text), " ")
	low := strings.ToLower(t)
	if op, _ := splitOp(low); op != "" {
		return Range{}, false
	}
	ascii := !strings.ContainsFunc(t, func(r rune) bool { return r >= utf8.RuneSelf }) // then low's offsets are t's
	for _, p := range []string{"all versions ", "all releases ", "versions ", "version ", "releases ", "release "} {
		if rest, ok := strings.CutPrefix(low, p); ok {
			if ascii {
				t = t[len(p):]
			}
			low = rest
			break
		}
	}
	recase := func(sub string, last bool) string {
		if !ascii {
			return sub
		}
		i := strings.Index(low, sub)
		if last {
			i = strings.LastIndex(low, sub)
		}
		if i < 0 {
			return sub
		}
		return t[i : i+len(sub)]
	}
	var found Range
	ok := englishForm(low, func(op, a, b string) bool {
		a, err := checkSubscribedVersion(recase(strings.TrimSpace(a), false))
		if err != nil || strings.ContainsAny(a, " ") && !suffixedVersion(a) {
			return false
		}
		if op == "closed" {
			b, err := checkSubscribedVersion(recase(strings.TrimSpace(b), true))
			if err != nil || strings.ContainsAny(b, " ") && !suffixedVersion(b) {
				return false
			}
			iv := interval{lo: mkBound(a, true), hi: mkBound(b, true)}
			if lo, ok := streamInterval("=", a); ok {
				iv.lo = lo.lo
			}
			if hi, ok := streamInterval("<=", b); ok {
				iv.hi = hi.hi
			}
			found = Range{kind: kindSet, ivs: []interval{iv}, text: text}
			return true
		}
		iv, ok := streamInterval(op, a)
		if !ok {
			iv = constraint{op: op, v: a}.interval()
		}
		found = Range{kind: kindSet, ivs: []interval{iv}, text: text}
		return true
	})
	return found, ok
}

// suffixedVersion reports whether a version with spaces is a version and
// suffix words ("1.6 upd6", "4.20 sr1"), as advisoryVersion reads them.
func suffixedVersion(v string) bool {
	_, err := advisoryVersion(strings.ToLower(v))
	return err == nil
}

// holdsNone reports whether a set range holds no version: every interval
// empty, or a single version that is excluded.
func (r Range) holdsNone() bool {
	if r.kind != kindSet {
		return false
	}
	for _, iv := range r.ivs {
		if iv.empty(r.scheme) || iv.isPoint(r.scheme) && excluded(r.scheme, r.excl, iv.lo) {
			continue
		}
		return false
	}
	return true
}

func checkSubscribedVersion(v string) (string, error) {
	v = strings.TrimSpace(v)
	hasDigit := false
	for _, r := range v {
		switch {
		case r >= '0' && r <= '9':
			hasDigit = true
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', strings.ContainsRune("._+~:- *", r):
		default:
			return "", fmt.Errorf("version %q contains %q; a version has letters, digits and . _ + ~ : -", v, r)
		}
	}
	if !hasDigit {
		return "", fmt.Errorf("version %q has no digit", v)
	}
	if strings.Contains(v, "*") {
		if _, _, ok := streamOf(v); !ok {
			return "", fmt.Errorf("version %q: \"*\" may only stand for a whole line, as in \"2.*\"", v)
		}
	}
	return v, nil
}

// ParseAdvisoryRange reads the version range an advisory gives in a CSAF
// product_version_range (or a sloppy product_version that is really a
// range). It accepts vers strings, including the common sloppy
// "vers:all/<V1.7" and unsorted constraints; bare constraints ("<V3.0.29",
// "<= 1.89", ">=1.00A|<1.05F", ">= 2.0, < 2.4"); whole lines ("9.x",
// "<=2.x"); lists ("10 | 11"); and English forms: "All versions",
// "All versions < V1.6 Upd6", "prior to 3.2", "versions prior to v1.01.30",
// "3.2 and earlier", "1.89 and prior", "before 4.0", "4.0 and later",
// "versions 1.0 through 1.4", "between 1.0 and 1.4", "V4.7: < V4.7 HF27"
// (the 4.7 line below HF27). A trailing condition in parentheses is
// ignored (and said in Note). Anything else gives an unknown range, never
// an error: the caller must treat it as matching.
func ParseAdvisoryRange(s string) Range {
	text := strings.TrimSpace(s)
	r, err := parseAdvisory(text)
	if err != nil {
		return unknownRange(text, err.Error())
	}
	r.text = text
	return r
}

func parseAdvisory(text string) (Range, error) {
	t := strings.Join(strings.Fields(text), " ")
	t = strings.NewReplacer("≤", "<=", "≥", ">=", "–", "-", "—", "-").Replace(t)
	if t == "" {
		return Range{}, errors.New("empty range")
	}
	low := strings.ToLower(t)
	if strings.HasPrefix(low, "vers:") {
		return parseVers(t, func(v string) (string, error) { return advisoryVersion(strings.ToLower(v)) })
	}
	var note string
	if i := strings.IndexByte(t, '('); i >= 0 {
		if i == 0 {
			return Range{}, errors.New("range starts with a parenthesis")
		}
		note = fmt.Sprintf("ignored the condition %q", strings.TrimSpace(t[i:]))
		t = strings.TrimSpace(t[:i])
		low = strings.ToLower(t)
	}
	r, err := parseAdvisoryExpr(low)
	if err != nil {
		return Range{}, err
	}
	if r.note == "" {
		r.note = note
	}
	return r, nil
}

// englishForm reads the English range forms (lower-cased): it returns the
// comparator ("<", "<=", ">=", ">" or "closed" for a from-to range) and the
// version texts, which the caller still has to check. Several readings may
// be tried in turn (try is called until it accepts one).
func englishForm(low string, try func(op, a, b string) bool) bool {
	// "between 1.0 and 1.4"
	if rest, ok := strings.CutPrefix(low, "between "); ok {
		if a, b, ok := strings.Cut(rest, " and "); ok && try("closed", a, b) {
			return true
		}
	}
	// "[from] 1.0 through|thru|to|until|up to|- 1.4"
	fromTo := strings.TrimPrefix(low, "from ")
	for _, sep := range []string{" through ", " thru ", " to ", " until ", " up to ", " - "} {
		if a, b, ok := strings.Cut(fromTo, sep); ok && try("closed", a, b) {
			return true
		}
	}
	prefixes := []struct{ p, op string }{
		{"prior to ", "<"}, {"before ", "<"}, {"earlier than ", "<"}, {"older than ", "<"}, {"lower than ", "<"},
		{"less than ", "<"}, {"below ", "<"}, {"up to but not including ", "<"},
		{"up to and including ", "<="}, {"up to ", "<="}, {"through ", "<="}, {"until ", "<="},
		{"from ", ">="}, {"since ", ">="}, {"starting with ", ">="}, {"starting from ", ">="}, {"as of ", ">="},
		{"after ", ">"}, {"later than ", ">"}, {"newer than ", ">"}, {"greater than ", ">"}, {"higher than ", ">"}, {"above ", ">"},
	}
	for _, pf := range prefixes {
		if a, ok := strings.CutPrefix(low, pf.p); ok && try(pf.op, a, "") {
			return true
		}
	}
	// "3.2 and earlier [versions]", "1.89 and prior", "4.0 or later"
	body := low
	for _, tail := range []string{" versions", " version", " releases", " release"} {
		body = strings.TrimSuffix(body, tail)
	}
	suffixes := []struct {
		words []string
		op    string
	}{
		{[]string{"earlier", "prior", "older", "lower", "below", "before"}, "<="},
		{[]string{"later", "newer", "above", "higher", "greater", "up", "more recent"}, ">="},
	}
	for _, sf := range suffixes {
		for _, w := range sf.words {
			for _, conj := range []string{" and all ", " or all ", " and ", " or ", ", and ", ", or "} {
				if a, ok := strings.CutSuffix(body, conj+w); ok && try(sf.op, a, "") {
					return true
				}
			}
		}
	}
	for _, tail := range []string{" onwards", " onward"} {
		if a, ok := strings.CutSuffix(low, tail); ok && try(">=", a, "") {
			return true
		}
	}
	return false
}

func parseAdvisoryExpr(low string) (Range, error) {
	low = strings.TrimSpace(low)
	switch low {
	case "", "-":
		return Range{}, errors.New("empty range")
	case "*", "all", "any", "all versions", "all version", "all releases", "any version", "every version":
		return Range{kind: kindAll}, nil
	}
	for _, p := range []string{"all versions ", "all version ", "all releases "} {
		if strings.HasPrefix(low, p) {
			return parseAdvisoryExpr(strings.TrimPrefix(low, p))
		}
	}
	for _, p := range []string{"versions ", "version ", "releases ", "release "} {
		if strings.HasPrefix(low, p) {
			low = strings.TrimPrefix(low, p)
			break
		}
	}
	// "V4.7: < V4.7 HF27" = the 4.7 line, below HF27.
	if i := strings.Index(low, ": "); i > 0 && !strings.ContainsAny(low[:i], " <>=|") {
		line, err := advisoryVersion(low[:i])
		if err != nil {
			return Range{}, err
		}
		r, err := parseAdvisoryExpr(low[i+2:])
		if err != nil {
			return Range{}, err
		}
		lo := constraint{op: ">=", v: line}.interval()
		var ivs []interval
		for _, iv := range r.ivs {
			if c, ok := intersect(SchemeGeneric, lo, iv); ok {
				ivs = append(ivs, c)
			}
		}
		if len(ivs) == 0 {
			return Range{}, fmt.Errorf("the range %q holds no version", low)
		}
		return Range{kind: kindSet, ivs: ivs, excl: r.excl}, nil
	}
	if strings.Contains(low, "|") {
		var cs []constraint
		var streams []interval
		for part := range strings.SplitSeq(low, "|") {
			op, v := splitOp(part)
			v, err := advisoryVersion(v)
			if err != nil {
				return Range{}, err
			}
			if iv, ok := streamInterval(op, v); ok {
				streams = append(streams, iv)
				continue
			}
			cs = append(cs, constraint{op: op, v: v})
		}
		ivs, excl := fromVers(SchemeGeneric, cs)
		return Range{kind: kindSet, ivs: append(ivs, streams...), excl: excl}, nil
	}
	if strings.Contains(low, ",") {
		parts := strings.Split(low, ",")
		anyOp := false
		for _, p := range parts {
			if op, _ := splitOp(p); op != "" {
				anyOp = true
			}
		}
		var out Range
		out.kind = kindSet
		cur := unbounded()
		for _, p := range parts {
			op, v := splitOp(p)
			v, err := advisoryVersion(strings.TrimPrefix(strings.TrimSpace(v), "and "))
			if err != nil {
				return Range{}, err
			}
			iv, ok := streamInterval(op, v)
			if !ok {
				if op == "!=" {
					out.excl = append(out.excl, v)
					continue
				}
				iv = constraint{op: op, v: v}.interval()
			}
			if !anyOp { // a list of versions
				out.ivs = append(out.ivs, iv)
				continue
			}
			if cur, ok = intersect(SchemeGeneric, cur, iv); !ok {
				return Range{}, fmt.Errorf("the constraints of %q exclude each other", low)
			}
		}
		if anyOp {
			out.ivs = []interval{cur}
		}
		return out, nil
	}
	if op, v := splitOp(low); op != "" {
		v, err := advisoryVersion(v)
		if err != nil {
			return Range{}, err
		}
		if iv, ok := streamInterval(op, v); ok {
			return Range{kind: kindSet, ivs: []interval{iv}}, nil
		}
		if op == "!=" {
			return Range{kind: kindSet, ivs: []interval{unbounded()}, excl: []string{v}}, nil
		}
		return Range{kind: kindSet, ivs: []interval{constraint{op: op, v: v}.interval()}}, nil
	}
	var found Range
	if englishForm(low, func(op, a, b string) bool {
		a, err := advisoryVersion(a)
		if err != nil {
			return false
		}
		if op == "closed" {
			b, err := advisoryVersion(b)
			if err != nil {
				return false
			}
			iv := interval{lo: mkBound(a, true), hi: mkBound(b, true)}
			if lo, ok := streamInterval("=", a); ok {
				iv.lo = lo.lo
			}
			if hi, ok := streamInterval("<=", b); ok {
				iv.hi = hi.hi
			}
			found = Range{kind: kindSet, ivs: []interval{iv}}
			return true
		}
		iv, ok := streamInterval(op, a)
		if !ok {
			iv = constraint{op: op, v: a}.interval()
		}
		found = Range{kind: kindSet, ivs: []interval{iv}}
		return true
	}) {
		return found, nil
	}
	v, err := advisoryVersion(low)
	if err != nil {
		return Range{}, err
	}
	if iv, ok := streamInterval("", v); ok {
		return Range{kind: kindSet, ivs: []interval{iv}}, nil
	}
	return Range{kind: kindSet, ivs: []interval{pointInterval(v)}}, nil
}

// suffixWord reports whether w may follow a version's first word: "SP1",
// "HF 3", "Update 5", "R2", "Patch04", a bare number.
func suffixWord(w string) bool {
	i := 0
	for i < len(w) && w[i] >= 'a' && w[i] <= 'z' {
		i++
	}
	word, num := w[:i], w[i:]
	if num != "" && !allDigits(num) {
		return false
	}
	switch word {
	case "", "sp", "servicepack", "service", "pack", "hf", "hotfix", "upd", "update", "u",
		"patch", "p", "pl", "r", "rev", "revision", "sr", "build", "b", "rc", "beta", "alpha",
		"pre", "preview", "ga", "final", "release", "cu", "fp", "fixpack", "mr", "fix":
		return true
	}
	return false
}

// advisoryVersion checks that v reads as one version: a first word with a
// digit ("v3.0.29", "1.9-40", "c.00.04", "mmt-1715"), then only suffix words
// ("sp6 hf3", "update 5"; "_" reads as a space). A lone "x" segment is only
// allowed at the end, as a whole line ("2.x"); "3.x.14" or "vx.223.0" are
// refused, and so are product names ("simatic winac rtx 2010 sp3").
func advisoryVersion(v string) (string, error) {
	v = strings.TrimSpace(v)
	for _, p := range []string{"versions ", "version ", "ver. ", "release "} {
		v = strings.TrimPrefix(v, p)
	}
	fields := strings.FieldsFunc(v, func(r rune) bool { return r == ' ' || r == '_' })
	if len(fields) == 0 {
		return "", errors.New("missing version")
	}
	first := fields[0]
	if !strings.ContainsAny(first, "0123456789") {
		return "", fmt.Errorf("%q does not start with a version", v)
	}
	for _, r := range first {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || strings.ContainsRune(".-+~:*", r)) {
			return "", fmt.Errorf("%q is not a version", first)
		}
	}
	segs := strings.Split(strings.TrimPrefix(first, "v"), ".")
	for i, s := range segs {
		if s == "x" || s == "*" {
			if i != len(segs)-1 || i == 0 {
				return "", fmt.Errorf("%q has a wildcard %q inside the version", v, s)
			}
		}
	}
	for _, f := range fields[1:] {
		if !suffixWord(f) {
			return "", fmt.Errorf("%q is not a version (unexpected %q)", v, f)
		}
	}
	if (strings.HasSuffix(first, ".x") || strings.HasSuffix(first, ".*")) && len(fields) > 1 {
		return "", fmt.Errorf("%q mixes a whole line with a suffix", v)
	}
	return strings.Join(fields, " "), nil
}

// specificVersion checks a version of a specific scheme (deb, rpm,
// semver...): it is taken as written, case and all, but must be one
// word of printable characters without comparators.
func specificVersion(v string) (string, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return "", errors.New("missing version")
	}
	for _, r := range v {
		if r <= ' ' || r == 0x7f || strings.ContainsRune("<>=!|,", r) {
			return "", fmt.Errorf("version %q contains %q", v, r)
		}
	}
	return v, nil
}

// schemePrefix is "vers:SCHEME/" for a range of a specific scheme, so
// that canonical forms of ranges in different schemes differ.
func (r Range) schemePrefix() string {
	if r.scheme.generic() {
		return ""
	}
	return "vers:" + string(r.scheme) + "/"
}
