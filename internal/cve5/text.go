package cve5

import (
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/tocsin-cert/tocsin/internal/versionset"
)

// textKind says what a single "version" text held.
type textKind int

const (
	textSpans       textKind = iota // versions or ranges, in the spans
	textAll                         // every version ("n/a", "unspecified", "*")
	textUnversioned                 // no version at all (a URL, a key digest)
	textOpaque                      // words the reader could not read
)

// single reads the "version" of an entry without lessThan: a plain
// version, or what CNAs write there instead: "< 0.14.10",
// ">= 2.62.0, < 2.62.1", "before version 3.4.4", "prior to v1.19.1",
// "before Brocade Fabric OS v9.1.1c, v9.2.0" (fixes of release lines),
// "1.89 and earlier", "12.1.1-12.1.3", "11.3, 11.4, 11.5, 12.0",
// "FortiOS 7.2.0, 7.0.6" (product words first are dropped). names are the
// vendor and product names whose words may lead the text.
func (o order) single(text string, names []string) ([]versionset.Span, textKind) {
	t := strings.Join(strings.Fields(text), " ")
	low := strings.ToLower(t)
	switch low {
	case "", "n/a", "na", "unspecified", "*", "all", "all versions", "any", "unknown", "-":
		return nil, textAll
	}
	if strings.Contains(t, "://") || isDigest(t) {
		return nil, textUnversioned
	}
	if lo, hi, ok := dashRange(t); ok {
		return []versionset.Span{{Lo: versionset.Bound{V: lo, Inc: true}, Hi: versionset.Bound{V: hi, Inc: true}}}, textSpans
	}
	if plainVersion(t) {
		return []versionset.Span{point(t)}, textSpans
	}
	t = stripNames(t, names)
	if strings.ContainsAny(t, "<>=") {
		if s, ok := o.constraints(t); ok {
			return []versionset.Span{s}, textSpans
		}
		return nil, textOpaque
	}
	for _, p := range [...]string{"before ", "prior to ", "earlier than ", "older than ", "lower than ", "below ", "less than "} {
		if len(t) > len(p) && strings.EqualFold(t[:len(p)], p) {
			fixes := versionList(stripNames(t[len(p):], names))
			if len(fixes) == 0 {
				return nil, textOpaque
			}
			return o.beforeLines(fixes), textSpans
		}
	}
	for _, sfx := range [...]string{" and earlier", " and prior", " or earlier", " and older", " and below", " and lower", " or lower", " and before"} {
		if len(t) > len(sfx) && strings.EqualFold(t[len(t)-len(sfx):], sfx) {
			v := stripNames(t[:len(t)-len(sfx)], names)
			if plainVersion(v) {
				return []versionset.Span{{Lo: versionset.Bound{Inf: true}, Hi: versionset.Bound{V: v, Inc: true}}}, textSpans
			}
			return nil, textOpaque
		}
	}
	for _, sep := range [...]string{" through ", " to ", " - "} {
		if a, b, ok := strings.Cut(t, sep); ok && plainVersion(strings.TrimSpace(a)) && plainVersion(strings.TrimSpace(b)) {
			return []versionset.Span{{Lo: versionset.Bound{V: strings.TrimSpace(a), Inc: true}, Hi: versionset.Bound{V: strings.TrimSpace(b), Inc: true}}}, textSpans
		}
	}
	if vs := versionList(t); len(vs) > 0 {
		var out []versionset.Span
		for _, v := range vs {
			if lo, hi, ok := dashRange(v); ok {
				out = append(out, versionset.Span{Lo: versionset.Bound{V: lo, Inc: true}, Hi: versionset.Bound{V: hi, Inc: true}})
				continue
			}
			out = append(out, point(v))
		}
		return out, textSpans
	}
	return nil, textOpaque
}

func point(v string) versionset.Span {
	return versionset.Span{Lo: versionset.Bound{V: v, Inc: true}, Hi: versionset.Bound{V: v, Inc: true}}
}

// constraints reads comparators that must all hold (">= 2.62.0, < 2.62.1").
func (o order) constraints(t string) (versionset.Span, bool) {
	s := versionset.Span{Lo: versionset.Bound{Inf: true}, Hi: versionset.Bound{Inf: true}}
	for part := range strings.SplitSeq(t, ",") {
		part = strings.TrimSpace(part)
		op := ""
		for _, c := range [...]string{">=", "<=", "==", "=", "<", ">"} {
			if strings.HasPrefix(part, c) {
				op = c
				break
			}
		}
		v := strings.TrimSpace(strings.TrimPrefix(part, op))
		if op == "" || !plainVersion(v) {
			return versionset.Span{}, false
		}
		lo, hi := versionset.Bound{Inf: true}, versionset.Bound{Inf: true}
		switch op {
		case ">=":
			lo = versionset.Bound{V: v, Inc: true}
		case ">":
			lo = versionset.Bound{V: v}
		case "<=":
			hi = versionset.Bound{V: v, Inc: true}
		case "<":
			hi = versionset.Bound{V: v}
		default:
			lo, hi = versionset.Bound{V: v, Inc: true}, versionset.Bound{V: v, Inc: true}
		}
		if o.CmpLo(lo, s.Lo) > 0 {
			s.Lo = lo
		}
		if o.CmpHi(hi, s.Hi) < 0 {
			s.Hi = hi
		}
	}
	return s, !o.Empty(s)
}

// beforeLines reads "before A, B, C" as the fixed versions of release
// lines: everything below the lowest fix, and each other fix's line (its
// version without the last number) below that fix. "before 1.2.5, 1.3.2"
// is <1.2.5 and >=1.3,<1.3.2; "before 9.1.1c, 9.2.0" is <9.1.1c.
func (o order) beforeLines(fixes []string) []versionset.Span {
	fixes = slices.Clone(fixes)
	slices.SortStableFunc(fixes, o.Cmp)
	out := []versionset.Span{{Lo: versionset.Bound{Inf: true}, Hi: versionset.Bound{V: fixes[0]}}}
	for _, f := range fixes[1:] {
		i := strings.LastIndexByte(f, '.')
		if i <= 0 {
			continue
		}
		out = append(out, versionset.Span{Lo: versionset.Bound{V: f[:i], Inc: true}, Hi: versionset.Bound{V: f}})
	}
	return out
}

// versionList splits "7.2.0, 7.0.6 and 6.4.9" into versions; it is empty
// unless every item is a plain version (or a dotted dash range).
func versionList(s string) []string {
	s = strings.NewReplacer(";", ",", " and ", ",", " or ", ",", " & ", ",").Replace(s)
	var out []string
	for item := range strings.SplitSeq(s, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		if _, _, ok := dashRange(item); !ok && !plainVersion(item) {
			return nil
		}
		out = append(out, item)
	}
	return out
}

// plainVersion reports whether s reads as one version: a first word with
// a digit made of letters, digits and . _ + ~ : -, then at most two short
// suffix words ("2.13B01 BETA", "4.7 SP1", "10 Update 5").
func plainVersion(s string) bool {
	fields := strings.Fields(s)
	if len(fields) == 0 || len(fields) > 3 {
		return false
	}
	first := fields[0]
	if !strings.ContainsAny(first, "0123456789") {
		return false
	}
	for _, r := range first {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("._+~:-", r)) {
			return false
		}
	}
	for _, f := range fields[1:] {
		if len(f) > 10 || !(strings.ContainsAny(f, "0123456789") || suffixWord(strings.ToLower(f))) {
			return false
		}
		for _, r := range f {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
				return false
			}
		}
	}
	return true
}

// suffixWord reports whether w is a word vendors put after a version.
func suffixWord(w string) bool {
	switch w {
	case "alpha", "beta", "rc", "pre", "preview", "final", "ga", "release", "lts", "esr", "sp", "hf", "hotfix",
		"update", "upd", "patch", "build", "fix", "fixpack", "fp", "cu", "mr", "sr", "rev", "revision":
		return true
	}
	return false
}

func dottedNumbers() *regexp.Regexp { return regexp.MustCompile(`^v?\d+(\.\d+)+$`) }

// dashRange reads "12.1.1-12.1.3": two dotted numbers with as many parts,
// the first lower, joined by "-".
func dashRange(s string) (lo, hi string, ok bool) {
	a, b, found := strings.Cut(s, "-")
	if !found {
		return "", "", false
	}
	a, b = strings.TrimSpace(a), strings.TrimSpace(b)
	re := dottedNumbers()
	if !re.MatchString(a) || !re.MatchString(b) || strings.Count(a, ".") != strings.Count(b, ".") {
		return "", "", false
	}
	as := strings.Split(strings.TrimPrefix(a, "v"), ".")
	bs := strings.Split(strings.TrimPrefix(b, "v"), ".")
	for i := range as {
		x, _ := strconv.Atoi(as[i])
		y, _ := strconv.Atoi(bs[i])
		if x != y {
			return a, b, x < y
		}
	}
	return "", "", false
}

// stripNames drops leading words without digits that are words of the
// vendor or product names, and "version"/"versions": "LG Simple Editor
// 3.21.0" gives "3.21.0".
func stripNames(t string, names []string) string {
	words := map[string]bool{"version": true, "versions": true, "ver.": true, "release": true, "releases": true}
	for _, n := range names {
		for _, w := range strings.Fields(strings.ToLower(n)) {
			words[strings.Trim(w, ",;:()")] = true
		}
	}
	fields := strings.Fields(t)
	i := 0
	for i < len(fields)-1 && !strings.ContainsAny(fields[i], "0123456789") && words[strings.Trim(strings.ToLower(fields[i]), ",;:()")] {
		i++
	}
	return strings.Join(fields[i:], " ")
}

// isDigest reports whether s is a long hexadecimal digest (a key or file
// hash, not a version).
func isDigest(s string) bool {
	if len(s) < 32 {
		return false
	}
	for _, r := range strings.ToLower(s) {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'f') {
			return false
		}
	}
	return true
}

// lowBound reads the start of a range: "0", "*", "n/a", "unspecified" or
// no version at all is the beginning.
func lowBound(v string) versionset.Bound {
	v = strings.TrimSpace(v)
	if v == "" || versionset.IsStart(v) || !strings.ContainsAny(v, "0123456789") {
		return versionset.Bound{Inf: true}
	}
	return versionset.Bound{V: v, Inc: true}
}

// highBound reads lessThan (inc false) or lessThanOrEqual (inc true): "*"
// or no version ("latest") is the end; "5.10.*" is the end of the 5.10
// line, i.e. before 5.11, and then synthetic is true.
func highBound(v string, inc bool) (b versionset.Bound, synthetic bool) {
	v = strings.TrimSpace(v)
	if v == "" || !strings.ContainsAny(v, "0123456789") {
		return versionset.Bound{Inf: true}, false
	}
	if base, ok := strings.CutSuffix(v, "*"); ok {
		base = strings.TrimSuffix(base, ".")
		i := strings.LastIndexByte(base, '.')
		n, err := strconv.Atoi(base[i+1:])
		if err != nil {
			return versionset.Bound{Inf: true}, false
		}
		return versionset.Bound{V: base[:i+1] + strconv.Itoa(n+1)}, true
	}
	return versionset.Bound{V: v, Inc: inc}, false
}
