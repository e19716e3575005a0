package csaf

import (
	"cmp"
	"strconv"
	"strings"
)

// versionScheme says how a CSAF version_t is written.
type versionScheme int

const (
	schemeOther versionScheme = iota
	schemeInteger
	schemeSemver
)

// version is a parsed version_t.
type version struct {
	scheme              versionScheme
	major, minor, patch int
	pre, build          string
}

// parseVersion reads an integer or semantic version.
func parseVersion(s string) version {
	if numeric(s) {
		n, err := strconv.Atoi(s)
		if err == nil {
			return version{scheme: schemeInteger, major: n}
		}
	}
	// SemVer 2.0.0: MAJOR.MINOR.PATCH[-PRE][+BUILD].
	v := version{scheme: schemeSemver}
	core, build, hasBuild := strings.Cut(s, "+")
	if hasBuild {
		if !identifiers(build, false) {
			return version{}
		}
		v.build = build
	}
	core, pre, hasPre := strings.Cut(core, "-")
	if hasPre {
		if !identifiers(pre, true) {
			return version{}
		}
		v.pre = pre
	}
	parts := strings.Split(core, ".")
	if len(parts) != 3 {
		return version{}
	}
	for i, p := range parts {
		if !numeric(p) {
			return version{}
		}
		n, err := strconv.Atoi(p)
		if err != nil {
			return version{}
		}
		switch i {
		case 0:
			v.major = n
		case 1:
			v.minor = n
		default:
			v.patch = n
		}
	}
	return v
}

// numeric reports whether s is a number without leading zeros.
func numeric(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == "" && (s == "0" || s[0] != '0')
}

// identifiers checks dot-separated SemVer identifiers; numeric ones in a
// pre-release must not have leading zeros.
func identifiers(s string, pre bool) bool {
	for _, id := range strings.Split(s, ".") {
		if id == "" {
			return false
		}
		for _, r := range id {
			if !(r == '-' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
				return false
			}
		}
		if pre && strings.Trim(id, "0123456789") == "" && !numeric(id) {
			return false
		}
	}
	return true
}

// zero reports whether the version is 0 or 0.y.z.
func (v version) zero() bool {
	return v.scheme != schemeOther && v.major == 0
}

// compareVersionStrings orders two version_t values: integers numerically,
// semantic versions by SemVer precedence (build metadata ignored), anything
// else component by component.
func compareVersionStrings(a, b string) int {
	va, vb := parseVersion(a), parseVersion(b)
	if va.scheme != vb.scheme || va.scheme == schemeOther {
		return compareVersions(a, b)
	}
	if c := cmp.Compare(va.major, vb.major); c != 0 || va.scheme == schemeInteger {
		return c
	}
	if c := cmp.Compare(va.minor, vb.minor); c != 0 {
		return c
	}
	if c := cmp.Compare(va.patch, vb.patch); c != 0 {
		return c
	}
	return comparePre(va.pre, vb.pre)
}

// comparePre orders SemVer pre-release parts; none ranks highest.
func comparePre(a, b string) int {
	switch {
	case a == b:
		return 0
	case a == "":
		return 1
	case b == "":
		return -1
	}
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for i := range min(len(pa), len(pb)) {
		na, errA := strconv.Atoi(pa[i])
		nb, errB := strconv.Atoi(pb[i])
		var c int
		switch {
		case errA == nil && errB == nil:
			c = cmp.Compare(na, nb)
		case errA == nil:
			c = -1
		case errB == nil:
			c = 1
		default:
			c = strings.Compare(pa[i], pb[i])
		}
		if c != 0 {
			return c
		}
	}
	return cmp.Compare(len(pa), len(pb))
}

// withoutBuild drops SemVer build metadata ("+...").
func withoutBuild(s string) string {
	if i := strings.IndexByte(s, '+'); i >= 0 && parseVersion(s).scheme == schemeSemver {
		return s[:i]
	}
	return s
}

// withoutPre drops a SemVer pre-release part ("-rc.1").
func withoutPre(s string) string {
	v := parseVersion(s)
	if v.scheme != schemeSemver || v.pre == "" {
		return s
	}
	return strings.Replace(s, "-"+v.pre, "", 1)
}
