package product

import "strings"

// Scheme is a version ordering: how two versions of one package compare.
// Ranges carry their scheme (see Range.Scheme), taken from a vers string's
// scheme ("vers:deb/..."), a package URL's type ("pkg:rpm/...") or an OSV
// ecosystem ("Debian:12"); everything else is SchemeGeneric.
type Scheme string

// Version orderings.
const (
	// SchemeGeneric is CompareVersions: dotted numbers with vendor
	// suffixes (SP, HF, Update, R2...) and pre-release words.
	SchemeGeneric Scheme = "generic"
	// SchemeSemver is Semantic Versioning 2.0.0 precedence (§11): numeric
	// core, a pre-release sorts before its release and its identifiers
	// compare one by one (numbers numerically, below words), build
	// metadata ignored. Used for npm, Go, Cargo, NuGet, Hex, Pub and OSV
	// SEMVER ranges. A leading "v" and a short core ("1.2") are accepted;
	// a version that is not semver at all is compared as generic.
	SchemeSemver Scheme = "semver"
	// SchemeDeb is dpkg's order: epoch, then upstream version and Debian
	// revision with "~" before everything, even the end.
	SchemeDeb Scheme = "deb"
	// SchemeRPM is rpm 4.18's rpm.vercmp: rpmvercmp on epoch, version
	// and release ("~" sorts before and "^" after the end).
	SchemeRPM Scheme = "rpm"
	// SchemePyPI is PEP 440 (epoch "N!", pre, post, dev and local
	// releases); a version that is not PEP 440 is compared as generic.
	SchemePyPI Scheme = "pypi"
	// SchemeMaven is Maven 3.8's ComparableVersion: qualifiers alpha <
	// beta < milestone < rc < snapshot < release ("", ga, final) < sp <
	// other words.
	SchemeMaven Scheme = "maven"
	// SchemeGem is RubyGems' Gem::Version: a segment with letters makes a
	// pre-release ("1.0.a" < "1.0").
	SchemeGem Scheme = "gem"
)

// SchemeOf returns the ordering for a vers scheme ("deb", "npm",
// "golang"), a package URL type ("rpm", "cargo"), an OSV ecosystem
// ("Debian:12", "Rocky Linux:8", "crates.io", "PyPI") or OSV range type
// ("SEMVER"), or a CVE 5 versionType ("semver", "rpm", "python",
// "maven"). Names it does not know (and "generic", "all", "custom",
// "apk", "alpine", "composer") give SchemeGeneric.
func SchemeOf(name string) Scheme {
	n := strings.ToLower(strings.TrimSpace(name))
	if i := strings.IndexByte(n, ':'); i >= 0 { // OSV "Debian:12", "Red Hat:rhel_aus:8.6::appstream"
		n = n[:i]
	}
	switch n {
	case "semver", "npm", "golang", "go", "cargo", "crates.io", "nuget", "hex", "pub", "swift", "bitnami", "cocoapods", "conan":
		return SchemeSemver
	case "deb", "debian", "ubuntu":
		return SchemeDeb
	case "rpm", "red hat", "redhat", "almalinux", "rocky linux", "rocky-linux", "rocky", "suse", "opensuse", "sles",
		"mageia", "openeuler", "oracle linux", "photon os", "azure linux", "mariner", "centos", "fedora", "rhel":
		return SchemeRPM
	case "pypi", "python", "pep440":
		return SchemePyPI
	case "maven":
		return SchemeMaven
	case "gem", "rubygems":
		return SchemeGem
	}
	return SchemeGeneric
}

// Compare orders two versions in the scheme: -1 when a sorts before b, 0
// when they are equal and +1 when a sorts after b.
func (s Scheme) Compare(a, b string) int {
	switch s {
	case SchemeSemver:
		return compareSemver(a, b)
	case SchemeDeb:
		return compareDeb(a, b)
	case SchemeRPM:
		return compareRPM(a, b)
	case SchemePyPI:
		return comparePEP440(a, b)
	case SchemeMaven:
		return compareMaven(a, b)
	case SchemeGem:
		return compareGem(a, b)
	}
	return CompareVersions(a, b)
}

// String returns the scheme's name.
func (s Scheme) String() string {
	if s == "" {
		return string(SchemeGeneric)
	}
	return string(s)
}

// generic reports whether the scheme is the generic one ("" counts as
// generic: it is the zero Range's).
func (s Scheme) generic() bool { return s == "" || s == SchemeGeneric }

// CompareVersionsScheme compares two versions in the ordering named by
// scheme (see SchemeOf: a vers scheme, package URL type, OSV ecosystem or
// CVE versionType): -1, 0 or +1.
func CompareVersionsScheme(scheme, a, b string) int {
	return SchemeOf(scheme).Compare(a, b)
}

// pairScheme is the ordering used when an advisory's versions (adv) meet
// a subscription's (sub): a specific scheme wins over the generic one; the
// advisory's wins when both are specific, since it knows its ecosystem.
func pairScheme(adv, sub Scheme) Scheme {
	if adv.generic() {
		if sub.generic() {
			return SchemeGeneric
		}
		return sub
	}
	return adv
}

// sign reduces a comparison result to -1, 0 or +1.
func sign(c int) int {
	switch {
	case c < 0:
		return -1
	case c > 0:
		return 1
	}
	return 0
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isAlpha(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// cmpDigits compares two runs of decimal digits as numbers of any length.
func cmpDigits(a, b string) int {
	a = strings.TrimLeft(a, "0")
	b = strings.TrimLeft(b, "0")
	if len(a) != len(b) {
		if len(a) < len(b) {
			return -1
		}
		return 1
	}
	return strings.Compare(a, b)
}
