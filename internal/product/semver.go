package product

import "strings"

// semverParts splits a semantic version into its core ("1.2.3") and
// pre-release ("rc.1"), dropping a leading "v" and the build metadata,
// and says whether it is one: a core of one or more dot-separated
// numbers (SemVer wants three; npm and Go ranges in advisories also
// write "1.2"), a pre-release of non-empty dot-separated identifiers of
// letters, digits and "-".
func semverParts(v string) (core, pre string, ok bool) {
	v = strings.TrimSpace(v)
	if len(v) > 1 && (v[0] == 'v' || v[0] == 'V') {
		v = v[1:]
	}
	if i := strings.IndexByte(v, '+'); i >= 0 {
		if !semverIdents(v[i+1:]) {
			return "", "", false
		}
		v = v[:i]
	}
	core = v
	if i := strings.IndexByte(v, '-'); i >= 0 {
		core, pre = v[:i], v[i+1:]
		if !semverIdents(pre) {
			return "", "", false
		}
	}
	if core == "" {
		return "", "", false
	}
	for part := range strings.SplitSeq(core, ".") {
		if part == "" || !allDigits(part) {
			return "", "", false
		}
	}
	return core, pre, true
}

func semverIdents(s string) bool {
	if s == "" {
		return false
	}
	for id := range strings.SplitSeq(s, ".") {
		if id == "" {
			return false
		}
		for i := 0; i < len(id); i++ {
			if !isAlnum(id[i]) && id[i] != '-' {
				return false
			}
		}
	}
	return true
}

// compareSemver is SemVer 2.0.0 precedence (§11); versions that are not
// semantic versions are compared with CompareVersions.
func compareSemver(a, b string) int {
	ca, pa, oka := semverParts(a)
	cb, pb, okb := semverParts(b)
	if !oka || !okb {
		return CompareVersions(a, b)
	}
	if c := compareDotted(ca, cb); c != 0 {
		return c
	}
	switch {
	case pa == "" && pb == "":
		return 0
	case pa == "":
		return 1
	case pb == "":
		return -1
	}
	for {
		ia, ra, moreA := strings.Cut(pa, ".")
		ib, rb, moreB := strings.Cut(pb, ".")
		if c := compareIdent(ia, ib); c != 0 {
			return c
		}
		switch {
		case !moreA && !moreB:
			return 0
		case !moreA:
			return -1
		case !moreB:
			return 1
		}
		pa, pb = ra, rb
	}
}

// compareDotted compares dot-separated numbers; missing ones count as 0.
func compareDotted(a, b string) int {
	for a != "" || b != "" {
		var x, y string
		x, a, _ = strings.Cut(a, ".")
		y, b, _ = strings.Cut(b, ".")
		if c := cmpDigits(x, y); c != 0 {
			return c
		}
	}
	return 0
}

// compareIdent compares pre-release identifiers: numbers numerically and
// below words, words in ASCII order.
func compareIdent(a, b string) int {
	na, nb := allDigits(a), allDigits(b)
	switch {
	case na && nb:
		return cmpDigits(a, b)
	case na:
		return -1
	case nb:
		return 1
	}
	return strings.Compare(a, b)
}
