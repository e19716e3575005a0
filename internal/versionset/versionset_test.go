package versionset

import "testing"

func TestUnionVers(t *testing.T) {
	t.Parallel()
	in := func(v string) Bound { return Bound{V: v, Inc: true} }
	ex := func(v string) Bound { return Bound{V: v} }
	inf := Bound{Inf: true}
	for _, c := range []struct {
		name  string
		order Order
		spans []Span
		want  string
		all   bool
	}{
		{"none", "npm", nil, "", false},
		{"empty spans dropped", "npm", []Span{{in("2.0.0"), in("1.0.0")}, {in("1.0.0"), ex("1.0.0")}}, "", false},
		{"single version bare", "npm", []Span{{in("1.2.3"), in("1.2.3")}}, "vers:npm/1.2.3", false},
		{"overlapping", "npm", []Span{{in("1.5.0"), ex("3.0.0")}, {in("1.0.0"), ex("2.0.0")}}, "vers:npm/>=1.0.0|<3.0.0", false},
		{"adjacent, one side inclusive", "npm", []Span{{in("1.0.0"), ex("2.0.0")}, {in("2.0.0"), in("2.5.0")}}, "vers:npm/>=1.0.0|<=2.5.0", false},
		{"touching, both exclusive: apart", "npm", []Span{{in("1.0.0"), ex("2.0.0")}, {ex("2.0.0"), ex("3.0.0")}}, "vers:npm/>=1.0.0|<2.0.0|>2.0.0|<3.0.0", false},
		{"disjoint, sorted", "npm", []Span{{in("3.0.0"), inf}, {inf, ex("1.0.0")}}, "vers:npm/<1.0.0|>=3.0.0", false},
		{"contained", "npm", []Span{{inf, ex("5.0.0")}, {in("1.0.0"), in("2.0.0")}}, "vers:npm/<5.0.0", false},
		{"scheme order", "generic", []Span{{in("1.9"), ex("1.10")}, {in("1.10"), ex("1.11")}}, "vers:generic/>=1.9|<1.11", false},
		{"every version", "pypi", []Span{{inf, ex("2.0")}, {in("1.0"), inf}}, "vers:pypi/*", true},
		{"escaped", "generic", []Span{{in("1.0 beta"), in("1.0 beta")}}, "vers:generic/1.0%20beta", false},
	} {
		set := c.order.Union(c.spans)
		if got := c.order.Vers(set); got != c.want {
			t.Errorf("%s: Vers(Union) = %q, want %q", c.name, got, c.want)
		}
		if got := IsAll(set); got != c.all {
			t.Errorf("%s: IsAll = %v, want %v", c.name, got, c.all)
		}
	}
	if !IsAll(All()) || Order("npm").Vers(All()) != "vers:npm/*" {
		t.Errorf("All() = %v is not every version", All())
	}
}

func TestIsStart(t *testing.T) {
	t.Parallel()
	for v, want := range map[string]bool{"0": true, "0.0.0-0": true, "0.0": true, "": false, "-": false, "0.1": false, "10": false} {
		if got := IsStart(v); got != want {
			t.Errorf("IsStart(%q) = %v, want %v", v, got, want)
		}
	}
}
