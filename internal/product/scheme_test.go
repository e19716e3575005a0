package product

import (
	"strings"
	"testing"

	"github.com/tocsin-cert/tocsin/internal/advisory"
)

func TestSchemeOf(t *testing.T) {
	t.Parallel()
	tests := map[string]Scheme{
		"semver": SchemeSemver, "npm": SchemeSemver, "golang": SchemeSemver, "Go": SchemeSemver, "cargo": SchemeSemver,
		"crates.io": SchemeSemver, "SEMVER": SchemeSemver, "nuget": SchemeSemver, "Bitnami": SchemeSemver,
		"deb": SchemeDeb, "Debian:12": SchemeDeb, "Ubuntu:Pro:16.04:LTS": SchemeDeb,
		"rpm": SchemeRPM, "Red Hat:rhel_aus:8.6::appstream": SchemeRPM, "AlmaLinux:9": SchemeRPM, "Rocky Linux:8": SchemeRPM,
		"pypi": SchemePyPI, "PyPI": SchemePyPI, "python": SchemePyPI,
		"maven": SchemeMaven, "Maven": SchemeMaven, "gem": SchemeGem, "RubyGems": SchemeGem,
		"generic": SchemeGeneric, "all": SchemeGeneric, "custom": SchemeGeneric, "alpine": SchemeGeneric,
		"apk": SchemeGeneric, "composer": SchemeGeneric, "": SchemeGeneric, "nonsense": SchemeGeneric,
	}
	for in, want := range tests {
		if got := SchemeOf(in); got != want {
			t.Errorf("SchemeOf(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestCompareVersionsScheme is a hand table per scheme, for the cases the
// peer tests cannot run (RubyGems has no peer here) and as documentation.
func TestCompareVersionsScheme(t *testing.T) {
	t.Parallel()
	tests := []struct {
		scheme, a, b string
		want         int
	}{
		// SemVer 2.0.0 §11 example chain and build metadata
		{"semver", "1.0.0-alpha", "1.0.0-alpha.1", -1},
		{"semver", "1.0.0-alpha.1", "1.0.0-alpha.beta", -1},
		{"semver", "1.0.0-alpha.beta", "1.0.0-beta", -1},
		{"semver", "1.0.0-beta", "1.0.0-beta.2", -1},
		{"semver", "1.0.0-beta.2", "1.0.0-beta.11", -1},
		{"semver", "1.0.0-beta.11", "1.0.0-rc.1", -1},
		{"semver", "1.0.0-rc.1", "1.0.0", -1},
		{"semver", "1.0.0+build.5", "1.0.0", 0},
		{"npm", "v2.7.2+incompatible", "2.7.2", 0},
		{"golang", "1.19.0-0", "1.18.9", 1},
		{"golang", "1.19.0-0", "1.19.0", -1},
		{"cargo", "0.0.0-0", "0.0.1", -1},
		{"semver", "1.2", "1.2.0", 0},
		{"semver", "1.0.0.Final", "1.0.0", 0}, // not semver: generic
		// generic differs: "rc.1" vs "rc.1.2"
		{"semver", "1.0.0-rc.1", "1.0.0-rc.1.2", -1},
		// Debian
		{"deb", "1.0~rc1", "1.0", -1},
		{"deb", "1.0", "1.0+b1", -1},
		{"deb", "1:0.1", "2.0", 1},
		{"Debian:11", "3.20230808.1~deb11u1", "3.20230808.1", -1},
		{"deb", "1.2.1-2.2+wheezy3", "1.2.1-2.2+wheezy2", 1},
		// RPM
		{"rpm", "1.0~rc1", "1.0", -1},
		{"rpm", "1.0^git1", "1.0", 1},
		{"rpm", "1.0^git1", "1.0.1", -1},
		{"rpm", "0:2.13.3-3.el8_6.1", "2.13.3-3.el8_6", 1},
		{"rpm", "1:1.0", "2.0", 1},
		{"rpm", "1.0a", "1.0.1", -1},
		// PEP 440
		{"pypi", "1.0.dev1", "1.0a1", -1},
		{"pypi", "1.0rc1", "1.0", -1},
		{"pypi", "1.0.post1", "1.0", 1},
		{"pypi", "1!0.1", "2.0", 1},
		{"pypi", "1.0+local", "1.0", 1},
		{"PyPI", "3.3.2", "3.3.10", -1},
		// Maven
		{"maven", "1.0-alpha-1", "1.0", -1},
		{"maven", "1.0-SNAPSHOT", "1.0", -1},
		{"maven", "1.0-rc1", "1.0-SNAPSHOT", -1},
		{"maven", "1.0.Final", "1.0", 0},
		{"maven", "1.0-sp1", "1.0", 1},
		{"maven", "7.1.0.CR1", "7.1.0.Final", -1},
		// RubyGems
		{"gem", "1.0.a", "1.0", -1},
		{"gem", "1.0.0", "1", 0},
		{"gem", "2.0.0.rc1", "2.0.0", -1},
		{"gem", "2.0.0.rc1", "2.0.0.beta2", 1},
		{"gem", "1.0-1", "1.0", -1}, // "-" reads as ".pre."
		{"gem", "1.10", "1.9", 1},
		{"gem", "1.a", "1.0.a", 0},
		// generic and unknown schemes use CompareVersions
		{"generic", "V1.6 Upd6", "1.6", 1},
		{"custom", "2016 R2", "2017", -1},
		{"alpine", "10.4.25-r0", "10.4.24-r3", 1},
	}
	for _, tt := range tests {
		if got := CompareVersionsScheme(tt.scheme, tt.a, tt.b); got != tt.want {
			t.Errorf("CompareVersionsScheme(%q, %q, %q) = %d, want %d", tt.scheme, tt.a, tt.b, got, tt.want)
		}
		if got := CompareVersionsScheme(tt.scheme, tt.b, tt.a); got != -tt.want {
			t.Errorf("CompareVersionsScheme(%q, %q, %q) = %d, want %d", tt.scheme, tt.b, tt.a, got, -tt.want)
		}
	}
}

// TestSchemesTransitive sorts mixed sets with every scheme and checks
// that the order is consistent.
func TestSchemesTransitive(t *testing.T) {
	t.Parallel()
	sets := map[Scheme][]string{
		SchemeSemver: {"1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-0", "1.0.0", "1.0.1", "v1.0.2", "2.0.0-rc.1", "1.2"},
		SchemeDeb:    {"1.0~rc1", "1.0", "1.0-1", "1:0.5", "1.0+b1", "1.0a", "1.0~~", "2.0"},
		SchemeRPM:    {"1.0~rc1", "1.0", "1.0^1", "1.0.1", "1.0a", "1:0.1", "1.0-1", "1.0-2"},
		SchemePyPI:   {"1.0.dev0", "1.0a1", "1.0b1", "1.0rc1", "1.0", "1.0.post1", "1.0+x", "1!0.1"},
		SchemeMaven:  {"1.0-alpha", "1.0-beta", "1.0-rc1", "1.0-SNAPSHOT", "1.0", "1.0-sp1", "1.0-foo", "1.0.1"},
		SchemeGem:    {"1.0.a", "1.0.b", "1.0", "1.0.1", "1.1.rc1", "1.1", "2"},
	}
	for s, vs := range sets {
		for _, a := range vs {
			for _, b := range vs {
				for _, c := range vs {
					if s.Compare(a, b) <= 0 && s.Compare(b, c) <= 0 && s.Compare(a, c) > 0 {
						t.Errorf("%s not transitive: %q <= %q <= %q but %q > %q", s, a, b, c, a, c)
					}
				}
			}
		}
	}
}

// TestRangeSchemes checks that vers ranges, package URLs and subscriptions
// compare in their scheme.
func TestRangeSchemes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		rng    string
		scheme Scheme
		in     []string
		out    []string
	}{
		// the Debian tilde: 1.4~rc1 is before 1.4
		{"vers:deb/>=1.2-1|<1.4~rc1", SchemeDeb, []string{"1.2-1", "1.3", "1.4~beta1"}, []string{"1.2", "1.4~rc1", "1.4"}},
		{"vers:deb/<3.20230808.1~deb11u1", SchemeDeb, []string{"3.20230808.1~deb10u1", "3.20230512.1"}, []string{"3.20230808.1"}},
		{"vers:rpm/<0:2.13.3-3.el8_6.1", SchemeRPM, []string{"2.13.3-3.el8_6", "2.13.3-2.el8"}, []string{"2.13.3-3.el8_6.1", "1:1.0"}},
		{"vers:rpm/>=1.0^|<1.1", SchemeRPM, []string{"1.0^git5", "1.0.1"}, []string{"1.0", "1.0~rc1"}},
		// semver pre-releases: 1.19.0-0 is before every 1.19.0 pre-release
		{"vers:golang/<1.18.9|>=1.19.0-0|<1.19.4", SchemeSemver, []string{"1.18.8", "1.19.0-rc.1", "1.19.3"}, []string{"1.18.9", "1.19.4"}},
		{"vers:npm/>=2.0.0|<2.3.0", SchemeSemver, []string{"2.3.0-beta.1", "2.0.0"}, []string{"2.0.0-rc.1", "2.3.0"}},
		{"vers:pypi/>=3.2|<3.3.2", SchemePyPI, []string{"3.2", "3.3.2rc1", "3.3.1.post1"}, []string{"3.2rc1", "3.3.2"}},
		{"vers:maven/<7.1.0.Final", SchemeMaven, []string{"7.1.0.CR1", "7.0.9"}, []string{"7.1.0", "7.1.0.Final"}},
		{"vers:gem/<2.0.0", SchemeGem, []string{"2.0.0.rc1", "1.9"}, []string{"2.0.0"}},
		{"vers:generic/<2.0", SchemeGeneric, []string{"1.9"}, []string{"2.0"}},
	}
	for _, tt := range tests {
		r := ParseAdvisoryRange(tt.rng)
		if r.IsUnknown() || r.Scheme() != tt.scheme {
			t.Errorf("%q: scheme %q (unknown %v: %s), want %q", tt.rng, r.Scheme(), r.IsUnknown(), r.Note(), tt.scheme)
			continue
		}
		for _, v := range tt.in {
			if !r.Contains(v) {
				t.Errorf("%q should contain %q", tt.rng, v)
			}
		}
		for _, v := range tt.out {
			if r.Contains(v) {
				t.Errorf("%q should not contain %q", tt.rng, v)
			}
		}
		// the subscription side reads the same
		sr, err := ParseRange(tt.rng)
		if err != nil || sr.Scheme() != tt.scheme || sr.String() != r.String() {
			t.Errorf("ParseRange(%q) = %q in %q, %v", tt.rng, sr, sr.Scheme(), err)
		}
	}
}

// TestSpecSchemes matches scheme-aware subscriptions against products.
func TestSpecSchemes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		spec   string
		p      advisory.Product
		match  bool
		reason string
	}{
		{"debian/intel-microcode@vers:deb/>=3.20230512.1|<3.20230808.1",
			advisory.Product{Vendor: "Debian", Product: "intel-microcode", VersionRange: "vers:deb/<3.20230808.1~deb11u1"},
			true, "overlaps subscribed range >=3.20230512.1,<3.20230808.1 (deb version order)"},
		// 3.20230808.1~deb11u1 (the fix) is before 3.20230808.1 in Debian
		// order, but after it generically: the scheme decides.
		{"debian/intel-microcode@3.20230808.1",
			advisory.Product{Vendor: "Debian", Product: "intel-microcode", VersionRange: "vers:deb/<3.20230808.1~deb11u1"},
			false, "does not contain subscribed 3.20230808.1 (deb version order)"},
		{"pkg:deb/debian/intel-microcode@3.20230808.1~deb10u1",
			advisory.Product{Vendor: "Debian", Product: "intel-microcode", PURL: "pkg:deb/debian/intel-microcode?arch=source",
				VersionRange: "vers:deb/<3.20230808.1~deb11u1"},
			true, "contains subscribed 3.20230808.1~deb10u1 (deb version order)"},
		{"pkg:rpm/redhat/git-lfs@2.13.3-3.el8_6",
			advisory.Product{Product: "git-lfs", PURL: "pkg:rpm/redhat/git-lfs", VersionRange: "vers:rpm/<0:2.13.3-3.el8_6.1"},
			true, "(rpm version order)"},
		{"pkg:rpm/redhat/git-lfs@2.13.3-3.el8_6.1",
			advisory.Product{Product: "git-lfs", PURL: "pkg:rpm/redhat/git-lfs", VersionRange: "vers:rpm/<0:2.13.3-3.el8_6.1"},
			false, "does not contain"},
		{"pkg:golang/stdlib@1.19.0-rc.2",
			advisory.Product{Product: "stdlib", PURL: "pkg:golang/stdlib", VersionRange: "vers:golang/<1.18.9|>=1.19.0-0|<1.19.4"},
			true, "contains subscribed 1.19.0-rc.2 (semver version order)"},
		{"pkg:npm/%40fastify/passport@2.3.0",
			advisory.Product{Product: "@fastify/passport", PURL: "pkg:npm/%40fastify/passport", VersionRange: "vers:npm/<1.1.0|>=2.0.0|<2.3.0"},
			false, "does not contain subscribed 2.3.0"},
		// a package URL version compares in the package's scheme
		{"pkg:deb/debian/nginx@1.2.1-2.2+wheezy3",
			advisory.Product{Product: "nginx", PURL: "pkg:deb/debian/nginx@1.2.1-2.2%2Bwheezy3"},
			true, "equals subscribed"},
		{"nginx/nginx@vers:deb/<1.2.1-2.2+wheezy3",
			advisory.Product{Vendor: "nginx", Product: "nginx", PURL: "pkg:deb/debian/nginx@1.2.1-2.2~rc1"},
			true, "is in subscribed range"},
	}
	for _, tt := range tests {
		sp, err := ParseSpec(tt.spec)
		if err != nil {
			t.Errorf("ParseSpec(%q): %v", tt.spec, err)
			continue
		}
		v := sp.Match(tt.p)
		if v.Match != tt.match || !strings.Contains(v.Reason, tt.reason) {
			t.Errorf("%q on %+v: got %v %q, want %v and %q", tt.spec, tt.p, v.Match, v.Reason, tt.match, tt.reason)
		}
	}
	a, _ := ParseSpec("debian/openssl@vers:deb/1.0")
	b, _ := ParseSpec("debian/openssl@vers:rpm/1.0")
	c, _ := ParseSpec("Debian/OpenSSL@vers:deb/1.0")
	if a.Canonical() == b.Canonical() || a.Canonical() != c.Canonical() {
		t.Errorf("canonical forms must carry the scheme: %q %q %q", a.Canonical(), b.Canonical(), c.Canonical())
	}
}
