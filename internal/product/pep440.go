package product

import "strings"

// pep440 is a parsed PEP 440 version. Ranks follow the packaging
// library's sort key: a version with only a dev part sorts before its
// pre-releases, one without pre-release after them; no post-release
// before any; no dev part after any.
type pep440 struct {
	epoch   string
	release []string // canonical numbers, trailing zeros dropped
	preRank int      // 0 dev-only, 1 a, 2 b, 3 rc, 4 none
	preN    string
	hasPost bool
	postN   string
	hasDev  bool
	devN    string
	local   []string // lower case; nil when none
}

// parsePEP440 reads a version in PEP 440's permissive syntax (case
// insensitive, "-", "_" and "." separators optional, "alpha", "c",
// "preview", "rev", "r" and implicit numbers accepted).
func parsePEP440(s string) (pep440, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	var v pep440
	s = strings.TrimPrefix(s, "v")
	if i := strings.IndexByte(s, '+'); i >= 0 {
		for seg := range strings.SplitSeq(strings.NewReplacer("-", ".", "_", ".").Replace(s[i+1:]), ".") {
			if seg == "" {
				return v, false
			}
			for k := 0; k < len(seg); k++ {
				if !isAlnum(seg[k]) {
					return v, false
				}
			}
			v.local = append(v.local, seg)
		}
		s = s[:i]
	}
	num := func() string {
		k := 0
		for k < len(s) && isDigit(s[k]) {
			k++
		}
		n := s[:k]
		s = s[k:]
		return n
	}
	isSep := func(c byte) bool { return c == '-' || c == '_' || c == '.' }
	// word consumes an optional separator and the first of ws that follows.
	word := func(ws ...string) (string, bool) {
		rest := s
		if rest != "" && isSep(rest[0]) {
			rest = rest[1:]
		}
		for _, w := range ws {
			if strings.HasPrefix(rest, w) {
				s = rest[len(w):]
				return w, true
			}
		}
		return "", false
	}
	// number consumes an optional separator and digits; without digits it
	// consumes nothing (the separator may start the next part).
	number := func() string {
		save := s
		if s != "" && isSep(s[0]) {
			s = s[1:]
		}
		if n := num(); n != "" {
			return canonNum(n)
		}
		s = save
		return ""
	}
	n := num()
	if n == "" {
		return v, false
	}
	if strings.HasPrefix(s, "!") {
		v.epoch = canonNum(n)
		s = s[1:]
		if n = num(); n == "" {
			return v, false
		}
	}
	v.release = append(v.release, canonNum(n))
	for len(s) > 1 && s[0] == '.' && isDigit(s[1]) {
		s = s[1:]
		v.release = append(v.release, canonNum(num()))
	}
	for len(v.release) > 1 && v.release[len(v.release)-1] == "" {
		v.release = v.release[:len(v.release)-1]
	}
	v.preRank = 4
	if w, ok := word("alpha", "a", "beta", "b", "preview", "pre", "c", "rc"); ok {
		switch w {
		case "alpha", "a":
			v.preRank = 1
		case "beta", "b":
			v.preRank = 2
		default:
			v.preRank = 3
		}
		v.preN = number()
	}
	if len(s) > 1 && s[0] == '-' && isDigit(s[1]) {
		s = s[1:]
		v.hasPost, v.postN = true, canonNum(num())
	} else if _, ok := word("post", "rev", "r"); ok {
		v.hasPost, v.postN = true, number()
	}
	if _, ok := word("dev"); ok {
		v.hasDev, v.devN = true, number()
	}
	if s != "" {
		return v, false
	}
	if v.preRank == 4 && !v.hasPost && v.hasDev {
		v.preRank = 0
	}
	return v, true
}

// comparePEP440 orders versions as the packaging library does; versions
// that are not PEP 440 are compared with CompareVersions.
func comparePEP440(a, b string) int {
	x, okx := parsePEP440(a)
	y, oky := parsePEP440(b)
	if !okx || !oky {
		return CompareVersions(a, b)
	}
	if c := cmpNum(x.epoch, y.epoch); c != 0 {
		return c
	}
	for i := range max(len(x.release), len(y.release)) {
		var p, q string
		if i < len(x.release) {
			p = x.release[i]
		}
		if i < len(y.release) {
			q = y.release[i]
		}
		if c := cmpNum(p, q); c != 0 {
			return c
		}
	}
	if x.preRank != y.preRank {
		return sign(x.preRank - y.preRank)
	}
	if x.preRank != 0 && x.preRank != 4 {
		if c := cmpNum(x.preN, y.preN); c != 0 {
			return c
		}
	}
	switch {
	case x.hasPost != y.hasPost:
		if x.hasPost {
			return 1
		}
		return -1
	case x.hasPost:
		if c := cmpNum(x.postN, y.postN); c != 0 {
			return c
		}
	}
	switch {
	case x.hasDev != y.hasDev:
		if x.hasDev {
			return -1
		}
		return 1
	case x.hasDev:
		if c := cmpNum(x.devN, y.devN); c != 0 {
			return c
		}
	}
	return compareLocal(x.local, y.local)
}

// compareLocal orders local version labels: none first; then segment by
// segment, numbers above words, numbers numerically, words as strings; a
// shorter label that is a prefix of the other first.
func compareLocal(a, b []string) int {
	for i := range min(len(a), len(b)) {
		na, nb := allDigits(a[i]), allDigits(b[i])
		var c int
		switch {
		case na && nb:
			c = cmpDigits(a[i], b[i])
		case na:
			c = 1
		case nb:
			c = -1
		default:
			c = strings.Compare(a[i], b[i])
		}
		if c != 0 {
			return c
		}
	}
	return sign(len(a) - len(b))
}
