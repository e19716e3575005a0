package advisory

import (
	"strconv"
	"strings"
)

// CompareTrackingVersions orders two document versions (CSAF version_t:
// an integer such as "3", or semantic versioning such as "1.0.1" with
// optional pre-release "-rc.1" and build "+x" parts). It returns -1, 0 or 1.
// Pre-releases order before their release; build metadata is ignored.
func CompareTrackingVersions(a, b string) int {
	if a == b {
		return 0
	}
	ac, apre := splitSemver(a)
	bc, bpre := splitSemver(b)
	for i := 0; i < len(ac) || i < len(bc); i++ {
		var x, y string
		if i < len(ac) {
			x = ac[i]
		}
		if i < len(bc) {
			y = bc[i]
		}
		if c := compareNumeric(x, y); c != 0 {
			return c
		}
	}
	switch {
	case apre == "" && bpre != "":
		return 1
	case apre != "" && bpre == "":
		return -1
	}
	ap, bp := strings.Split(apre, "."), strings.Split(bpre, ".")
	for i := 0; i < len(ap) || i < len(bp); i++ {
		if i >= len(ap) {
			return -1
		}
		if i >= len(bp) {
			return 1
		}
		if c := compareNumeric(ap[i], bp[i]); c != 0 {
			return c
		}
	}
	return 0
}

func splitSemver(v string) (core []string, pre string) {
	v = strings.TrimSpace(v)
	if i := strings.IndexByte(v, '+'); i >= 0 {
		v = v[:i]
	}
	if i := strings.IndexByte(v, '-'); i >= 0 {
		v, pre = v[:i], v[i+1:]
	}
	return strings.Split(v, "."), pre
}

// compareNumeric compares two identifiers: numerically when both are
// numbers (a missing one counts as 0), numbers before words otherwise.
func compareNumeric(x, y string) int {
	if x == "" {
		x = "0"
	}
	if y == "" {
		y = "0"
	}
	xn, xerr := strconv.ParseUint(x, 10, 64)
	yn, yerr := strconv.ParseUint(y, 10, 64)
	switch {
	case xerr == nil && yerr == nil:
		switch {
		case xn < yn:
			return -1
		case xn > yn:
			return 1
		}
		return 0
	case xerr == nil:
		return -1
	case yerr == nil:
		return 1
	}
	return strings.Compare(x, y)
}

// Newer reports whether revision a supersedes revision b of the same
// advisory: a higher tracking version, or the same version released later.
func Newer(a, b *Advisory) bool {
	if c := CompareTrackingVersions(a.Version, b.Version); c != 0 {
		return c > 0
	}
	return a.CurrentRelease.After(b.CurrentRelease)
}
