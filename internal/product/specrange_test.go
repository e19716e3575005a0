package product

import (
	"strings"
	"testing"

	"github.com/tocsin-cert/tocsin/internal/advisory"
)

// TestParseSpecRangeForms checks subscription ranges that used to be read
// as one literal version ("2.0 and later", "before 3.1", a package URL
// "@>=5.0") or as the empty set ("vers:semver/!=3.2.1"), and so never
// matched: each must read as the range meant, and match a version inside
// it and not one outside.
func TestParseSpecRangeForms(t *testing.T) {
	t.Parallel()
	widget := func(v string) advisory.Product {
		return advisory.Product{Name: "Widget Server " + v, Vendor: "Acme", Product: "Widget Server", Version: v}
	}
	npm := func(v string) advisory.Product {
		return advisory.Product{Name: "x " + v, Product: "x", PURL: "pkg:npm/x@" + v}
	}
	tests := []struct {
		spec        string
		rng         string // Range().String()
		scheme      Scheme
		in, outside advisory.Product
	}{
		{"acme/widget server@2.0 and later", ">=2.0", SchemeGeneric, widget("2.4"), widget("1.9")},
		{"acme/widget server@2.0 or newer versions", ">=2.0", SchemeGeneric, widget("2.0"), widget("1.9.9")},
		{"acme/widget server@before 3.1", "<3.1", SchemeGeneric, widget("3.0.9"), widget("3.1")},
		{"acme/widget server@Before V3.1", "<V3.1", SchemeGeneric, widget("3.0"), widget("3.1.0")},
		{"acme/widget server@all versions prior to 3.2", "<3.2", SchemeGeneric, widget("3.1"), widget("3.2")},
		{"acme/widget server@3.2 and earlier", "<=3.2", SchemeGeneric, widget("3.2"), widget("3.2.1")},
		{"acme/widget server@since 2.0", ">=2.0", SchemeGeneric, widget("2.0"), widget("1.0")},
		{"acme/widget server@1.0 through 1.4", ">=1.0,<=1.4", SchemeGeneric, widget("1.4"), widget("1.5")},
		{"acme/widget server@between 1.0 and 1.4", ">=1.0,<=1.4", SchemeGeneric, widget("1.0"), widget("0.9")},
		{"acme/widget server@2.x and later", ">=2", SchemeGeneric, widget("2.0"), widget("1.9")},
		{"acme/widget server@vers:semver/!=3.2.1", "*,!=3.2.1", SchemeSemver, widget("3.2.0"), widget("3.2.1")},
		{"acme/widget server@vers:semver/!=3.2.1|!=3.3.0", "*,!=3.2.1,!=3.3.0", SchemeSemver, widget("4.0.0"), widget("3.3.0")},
		{"acme/widget server@!=3.2.1|!=3.3", "*,!=3.2.1,!=3.3", SchemeGeneric, widget("3.2"), widget("3.3")},
		{"pkg:npm/x@>=5.0", ">=5.0", SchemeSemver, npm("5.1.0"), npm("4.9.9")},
		{"pkg:npm/x@%3E%3D5.0", ">=5.0", SchemeSemver, npm("5.0.0"), npm("5.0.0-rc.1")},
		{"pkg:npm/x@>=5.0,<6", ">=5.0,<6", SchemeSemver, npm("5.9.9"), npm("6.0.0")},
		{"pkg:npm/x@<2.0.0|>=3.0.0", "<2.0.0 | >=3.0.0", SchemeSemver, npm("3.1.0"), npm("2.5.0")},
		{"pkg:npm/x@!=3.2.1", "*,!=3.2.1", SchemeSemver, npm("3.2.0"), npm("3.2.1")},
		{"pkg:npm/x@vers:semver/!=3.2.1", "*,!=3.2.1", SchemeSemver, npm("3.3.0"), npm("3.2.1")},
		{"pkg:npm/x@vers:npm/>=5.0.0|<6.0.0", ">=5.0.0,<6.0.0", SchemeSemver, npm("5.2.0"), npm("6.0.0")},
		{"pkg:npm/x@5.x", ">=5,<6", SchemeSemver, npm("5.2.0"), npm("6.0.0")},
		{"pkg:deb/debian/openssl@>=3.0.0,<3.0.11-1~deb12u1", ">=3.0.0,<3.0.11-1~deb12u1", SchemeDeb,
			advisory.Product{Name: "openssl", PURL: "pkg:deb/debian/openssl@3.0.11-1~deb12u0"},
			advisory.Product{Name: "openssl", PURL: "pkg:deb/debian/openssl@3.0.11-1~deb12u1"}},
	}
	for _, tt := range tests {
		sp, err := ParseSpec(tt.spec)
		if err != nil {
			t.Errorf("ParseSpec(%q): %v", tt.spec, err)
			continue
		}
		if got := sp.Range().String(); got != tt.rng || sp.Range().Scheme() != tt.scheme {
			t.Errorf("ParseSpec(%q).Range() = %q in %s, want %q in %s", tt.spec, got, sp.Range().Scheme(), tt.rng, tt.scheme)
		}
		for _, c := range []struct {
			p    advisory.Product
			want bool
		}{{tt.in, true}, {tt.outside, false}} {
			tg := NewTarget(c.p)
			v := sp.MatchTarget(tg)
			if v.Match != c.want || sp.MatchesTarget(tg) != c.want {
				t.Errorf("%q on %s %s%s: %+v, want match %v", tt.spec, c.p.Name, c.p.Version, c.p.PURL, v, c.want)
			}
		}
	}
}

// TestParseSpecRefusesEmptyRanges checks that a spec that cannot match
// anything, or whose range would be read as one odd version, is refused
// when it is written, with the accepted forms in the message.
func TestParseSpecRefusesEmptyRanges(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"acme/widget@vers:semver/=1.0.0|!=1.0.0", "holds no version"},
		{"acme/widget@vers:semver/>2.0.0|<2.0.0", "holds no version"},
		{"acme/widget@>=1.0|<1.0", "holds no version"},
		{"acme/widget@1.0|!=1.0", "holds no version"},
		{"acme/widget@>=3,<2", "holds no version"},
		{"acme/widget@3.0 through 2.0", "holds no version"},
		{"pkg:npm/x@>=6.0.0,<5.0.0", "holds no version"},
		{"pkg:npm/x@vers:npm/=1.0.0|!=1.0.0", "holds no version"},
		{"pkg:npm/x@>=", "has no version"},
		{"pkg:npm/x@>=5.0|<6,>=7", `either ","`},
		{"pkg:npm/x@5.0 and later", "contains a space"},
		{"pkg:npm/x@before 3.1", "contains a space"},
		{"pkg:npm/x@%20", "contains a space"},
	}
	for _, tt := range tests {
		_, err := ParseSpec(tt.in)
		if err == nil {
			t.Errorf("ParseSpec(%q) succeeded, want error %q", tt.in, tt.want)
			continue
		}
		if msg := err.Error(); !strings.Contains(msg, tt.want) || !strings.Contains(msg, "accepted forms: vendor:NAME") {
			t.Errorf("ParseSpec(%q) error %q, want it to contain %q and the accepted forms", tt.in, msg, tt.want)
		}
	}
}

// TestParseSpecRangeCanonical: a package URL range and a plain version
// of the same package are different subscriptions; spellings of one
// range are one.
func TestParseSpecRangeCanonical(t *testing.T) {
	t.Parallel()
	canon := func(s string) string {
		sp, err := ParseSpec(s)
		if err != nil {
			t.Fatalf("ParseSpec(%q): %v", s, err)
		}
		return sp.Canonical()
	}
	if canon("pkg:npm/x@>=5.0") == canon("pkg:npm/x") || canon("pkg:npm/x@>=5.0") == canon("pkg:npm/x@<5.0") {
		t.Error("package URL ranges must not share a canonical form with other ranges")
	}
	if canon("pkg:npm/x@>=5.0") != canon("pkg:npm/x@%3E%3D5.0") {
		t.Error("an escaped range is the same range")
	}
	if canon("acme/widget@2.0 and later") != canon("acme/widget@>=2.0") {
		t.Error(`"2.0 and later" is ">=2.0"`)
	}
}
