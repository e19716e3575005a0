package product

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/tocsin-cert/tocsin/internal/advisory"
)

// globReference is the recursive matcher globMatch replaced: the
// definition of the result, exponential in the number of stars.
func globReference(p, s string) bool {
	if p == "" {
		return s == ""
	}
	switch p[0] {
	case '*':
		for i := 0; i <= len(s); i++ {
			if globReference(p[1:], s[i:]) {
				return true
			}
		}
		return false
	case '?':
		return s != "" && globReference(p[1:], s[1:])
	case '\\':
		if len(p) > 1 {
			return s != "" && s[0] == p[1] && globReference(p[2:], s[1:])
		}
	}
	return s != "" && s[0] == p[0] && globReference(p[1:], s[1:])
}

func TestGlobMatch(t *testing.T) {
	t.Parallel()
	aaa := strings.Repeat("a", 40)
	tests := []struct {
		p, s string
		want bool
	}{
		{"", "", true},
		{"", "a", false},
		{"*", "", true},
		{"*", "siemens", true},
		{"sie*", "siemens", true},
		{"sie*", "sie", true},
		{"*mens", "siemens", true},
		{"s*m*s", "siemens", true},
		{"s*m*x", "siemens", false},
		{"si?mens", "siemens", true},
		{"si?mens", "simens", false},
		{"?", "", false},
		{"**", "x", true},
		{"a*b*c", "abxbxc", true},
		{"a*b*c", "abxbx", false},
		{`foo\*bar`, "foo*bar", true},
		{`foo\*bar`, "fooxbar", false},
		{`foo\?`, "foo?", true},
		{`foo\?`, "fooa", false},
		{`*\*`, "ab*", true},
		{`*\*`, "ab", false},
		{`a\`, `a\`, true},
		{`a\`, `a`, false},
		// The pathological patterns: the recursive search took 24-32 s on
		// the first (40 "a"s, ten stars, no "b").
		{"*a*a*a*a*a*a*a*a*a*a*b", aaa, false},
		{"*a*a*a*a*a*a*a*a*a*a*b", aaa + "b", true},
		{"*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b", strings.Repeat("a", 200), false},
		{strings.Repeat("*?", 30) + "b", strings.Repeat("a", 200), false},
		{strings.Repeat("*a", 30), strings.Repeat("a", 200), true},
	}
	for _, tt := range tests {
		if got := globMatch(tt.p, tt.s); got != tt.want {
			t.Errorf("globMatch(%q, %q) = %v, want %v", tt.p, tt.s, got, tt.want)
		}
	}
}

// TestGlobMatchAgreesWithReference compares the two-pointer match with
// the recursive definition on random small patterns and values.
func TestGlobMatchAgreesWithReference(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(7, 8))
	pat := []string{"a", "b", "*", "?", `\*`, `\?`, `\a`}
	val := "ab*?"
	for range 20000 {
		var p, s strings.Builder
		for range r.IntN(7) {
			p.WriteString(pat[r.IntN(len(pat))])
		}
		for range r.IntN(9) {
			s.WriteByte(val[r.IntN(len(val))])
		}
		if got, want := globMatch(p.String(), s.String()), globReference(p.String(), s.String()); got != want {
			t.Fatalf("globMatch(%q, %q) = %v, reference %v", p.String(), s.String(), got, want)
		}
	}
}

// TestCPEWildcardBacktracking is the tester's case: a subscribed CPE whose
// vendor is a pattern of many stars against an advisory CPE whose vendor
// is 40 "a"s. The recursive matcher took 24-32 s per product on it; the
// result is asserted here, and BenchmarkCPEWildcardBacktracking shows the
// time.
func TestCPEWildcardBacktracking(t *testing.T) {
	t.Parallel()
	vendor := strings.Repeat("a", 40)
	tests := []struct {
		spec, cpe string
		want      bool
	}{
		{"cpe:2.3:a:*a*a*a*a*a*a*a*a*a*a*b:*", "cpe:2.3:a:" + vendor + ":widget:1.0:*:*:*:*:*:*:*", false},
		{"cpe:2.3:a:*a*a*a*a*a*a*a*a*a*a*b:*", "cpe:2.3:a:" + vendor + "b:widget:1.0:*:*:*:*:*:*:*", true},
		{"cpe:2.3:a:*:*a*a*a*a*a*a*a*a*a*a*b*", "cpe:2.3:a:acme:" + vendor + ":1.0:*:*:*:*:*:*:*", false},
		{"cpe:2.3:a:acme:widget:*:*:*:*:*:*:*:*a*a*a*a*a*a*a*a*a*a*b", "cpe:2.3:a:acme:widget:1.0:*:*:*:*:*:*:" + vendor, false},
	}
	for _, tt := range tests {
		sp, err := ParseSpec(tt.spec)
		if err != nil {
			t.Fatalf("ParseSpec(%q): %v", tt.spec, err)
		}
		tg := NewTarget(advisory.Product{Name: "widget", CPE: tt.cpe})
		if got := sp.MatchesTarget(tg); got != tt.want {
			t.Errorf("%s MatchesTarget %s = %v, want %v", tt.spec, tt.cpe, got, tt.want)
		}
		if v := sp.MatchTarget(tg); v.Match != tt.want {
			t.Errorf("%s MatchTarget %s = %+v, want match %v", tt.spec, tt.cpe, v, tt.want)
		}
	}
}

// BenchmarkCPEWildcardBacktracking times the tester's case (24-32 s per
// operation with the recursive matcher).
func BenchmarkCPEWildcardBacktracking(b *testing.B) {
	sp, err := ParseSpec("cpe:2.3:a:*a*a*a*a*a*a*a*a*a*a*b:*")
	if err != nil {
		b.Fatal(err)
	}
	tg := NewTarget(advisory.Product{Name: "widget", CPE: "cpe:2.3:a:" + strings.Repeat("a", 40) + ":widget:1.0:*:*:*:*:*:*:*"})
	for b.Loop() {
		if sp.MatchesTarget(tg) {
			b.Fatal("matched")
		}
	}
}
