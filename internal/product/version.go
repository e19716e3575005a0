package product

import (
	"strings"
	"unicode"
)

// CompareVersions compares two real-world vendor version strings and returns
// -1 when a sorts before b, 0 when they are equal and +1 when a sorts after b.
// It is SchemeGeneric, the ordering of versions whose scheme is not known;
// see Scheme for the orderings of deb, rpm, semver, PyPI, Maven and gem.
//
// The rules, in order:
//
//   - Case does not matter; spaces, ".", "-", "_", "+", "~", "/" separate
//     segments. A leading "v"/"V" before a digit is ignored ("V3.0" = "3.0").
//     An RPM-style epoch "N:" is compared first (missing = 0).
//   - The release is the run of numeric segments at the start ("9.11.4-26.1"
//     gives 9 11 4 26 1). Numeric segments compare as numbers, leading zeros
//     ignored; missing trailing segments count as 0, so "1.0" = "1.0.0" and
//     "1.01.30" = "1.1.30".
//   - What follows the release is compared item by item. Pre-release markers
//     sort before the release and among themselves dev/snapshot < alpha <
//     beta < pre/preview/milestone < rc: "1.0-rc1" < "1.0" < "1.0.1". "a"
//     and "b" count as alpha and beta only between digits ("1.0a1", PEP 440);
//     elsewhere a single letter is a revision letter ("1.00A" > "1.00").
//   - Any other suffix sorts after the base version and before the next
//     release number: "1.6" < "1.6 Upd6" < "1.7", "V4.7" < "V4.7 HF27",
//     "2016" < "2016 R2", "8.7" < "8.7p1". Synonyms are folded: upd/update/u,
//     sp/servicepack, hf/hotfix, p/patch/pl, rev/revision. "ga", "final",
//     "release" and "stable" are ignored ("3.2.12.Final" = "3.2.12").
//   - Between two suffixes a number sorts after a word, and words compare
//     alphabetically ("HF" < "SP", so "V4.7 HF27" < "V4.7 SP6 HF3").
//
// The comparison is total and deterministic, so it can sort, but it cannot
// know every vendor's scheme: versions that are not dotted numbers (git
// hashes, digests, code names) only compare equal to themselves.
func CompareVersions(a, b string) int {
	return compareParsed(parseVersion(a), parseVersion(b))
}

type vitem struct {
	num   string // canonical digits (no leading zeros, "" for zero) when isNum
	isNum bool
	word  string // canonical word when !isNum
	pre   int    // <0 for pre-release markers
}

type parsedVersion struct {
	epoch string
	main  []string // canonical numbers
	rest  []vitem
}

type vtoken struct {
	s     string
	num   bool
	glued bool // no separator before this token
}

func tokenizeVersion(s string) []vtoken {
	var toks []vtoken
	glued := false
	i := 0
	rs := []rune(s)
	for i < len(rs) {
		r := rs[i]
		switch {
		case unicode.IsDigit(r):
			j := i
			for j < len(rs) && unicode.IsDigit(rs[j]) {
				j++
			}
			toks = append(toks, vtoken{s: string(rs[i:j]), num: true, glued: glued && len(toks) > 0})
			i, glued = j, true
		case unicode.IsLetter(r):
			j := i
			for j < len(rs) && unicode.IsLetter(rs[j]) {
				j++
			}
			toks = append(toks, vtoken{s: string(rs[i:j]), glued: glued && len(toks) > 0})
			i, glued = j, true
		default:
			i++
			glued = false
		}
	}
	return toks
}

func parseVersion(s string) parsedVersion {
	s = strings.ToLower(strings.TrimSpace(s))
	var pv parsedVersion
	// Epoch: digits followed by ':' and something.
	if k := strings.IndexByte(s, ':'); k > 0 && k < len(s)-1 && allDigits(s[:k]) {
		pv.epoch = canonNum(s[:k])
		s = s[k+1:]
	}
	if len(s) > 1 && s[0] == 'v' && s[1] >= '0' && s[1] <= '9' {
		s = s[1:]
	}
	toks := tokenizeVersion(s)
	i := 0
	for i < len(toks) && toks[i].num {
		pv.main = append(pv.main, canonNum(toks[i].s))
		i++
	}
	for ; i < len(toks); i++ {
		t := toks[i]
		if t.num {
			pv.rest = append(pv.rest, vitem{num: canonNum(t.s), isNum: true})
			continue
		}
		// "a"/"b" glued between digits: PEP 440 alpha/beta.
		betweenDigits := t.glued && i > 0 && toks[i-1].num && i+1 < len(toks) && toks[i+1].num && toks[i+1].glued
		word, pre, drop := classifyWord(t.s, betweenDigits)
		if drop {
			continue
		}
		pv.rest = append(pv.rest, vitem{word: word, pre: pre})
	}
	return pv
}

// classifyWord canonicalises a suffix word and gives its pre-release rank.
func classifyWord(w string, betweenDigits bool) (word string, pre int, drop bool) {
	switch w {
	case "dev", "snapshot", "nightly":
		return "dev", -5, false
	case "alpha":
		return "alpha", -4, false
	case "beta":
		return "beta", -3, false
	case "pre", "preview", "milestone", "ea":
		return "pre", -2, false
	case "rc", "cr":
		return "rc", -1, false
	case "a":
		if betweenDigits {
			return "alpha", -4, false
		}
	case "b":
		if betweenDigits {
			return "beta", -3, false
		}
	case "m":
		if betweenDigits {
			return "pre", -2, false
		}
	case "ga", "final", "release", "stable":
		return "", 0, true
	case "upd", "update", "u":
		return "update", 0, false
	case "sp", "servicepack":
		return "sp", 0, false
	case "hf", "hotfix":
		return "hf", 0, false
	case "p", "patch", "pl":
		return "patch", 0, false
	case "rev", "revision":
		return "rev", 0, false
	}
	return w, 0, false
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// canonNum strips leading zeros; zero becomes "".
func canonNum(s string) string {
	return strings.TrimLeft(s, "0")
}

func cmpNum(a, b string) int {
	if len(a) != len(b) {
		if len(a) < len(b) {
			return -1
		}
		return 1
	}
	return strings.Compare(a, b)
}

func compareParsed(a, b parsedVersion) int {
	if c := cmpNum(a.epoch, b.epoch); c != 0 {
		return c
	}
	n := max(len(a.main), len(b.main))
	for i := range n {
		var x, y string
		if i < len(a.main) {
			x = a.main[i]
		}
		if i < len(b.main) {
			y = b.main[i]
		}
		if c := cmpNum(x, y); c != 0 {
			return c
		}
	}
	for i := 0; ; i++ {
		switch {
		case i >= len(a.rest) && i >= len(b.rest):
			return 0
		case i >= len(a.rest):
			return -tail(b.rest[i:])
		case i >= len(b.rest):
			return tail(a.rest[i:])
		}
		if c := cmpItem(a.rest[i], b.rest[i]); c != 0 {
			return c
		}
	}
}

// tail says how a remainder compares with nothing: zeros are nothing, a
// pre-release marker is less, anything else is more.
func tail(items []vitem) int {
	for _, it := range items {
		if it.isNum && it.num == "" {
			continue
		}
		if it.pre < 0 {
			return -1
		}
		return 1
	}
	return 0
}

func cmpItem(x, y vitem) int {
	if x.isNum && y.isNum {
		return cmpNum(x.num, y.num)
	}
	if x.pre < 0 || y.pre < 0 {
		if x.pre != y.pre {
			if x.pre < y.pre {
				return -1
			}
			return 1
		}
		return 0
	}
	switch {
	case x.isNum:
		return 1
	case y.isNum:
		return -1
	}
	return strings.Compare(x.word, y.word)
}
