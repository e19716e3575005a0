package publish

import (
	"testing"

	"github.com/tocsin-cert/tocsin/internal/advisory"
	"github.com/tocsin-cert/tocsin/internal/org"
)

func TestWants(t *testing.T) {
	t.Parallel()
	high := &advisory.Advisory{TLP: advisory.TLPAmber, Vulnerabilities: []advisory.Vulnerability{{Scores: []advisory.Score{{CVSSVersion: "3.1", BaseScore: 7.5}}}}}
	unknown := &advisory.Advisory{}
	cases := []struct {
		name string
		p    org.Profile
		a    *advisory.Advisory
		want bool
	}{
		{"no settings", org.Profile{}, high, true},
		{"paused", org.Profile{Paused: true}, high, false},
		{"threshold below", org.Profile{MinSeverity: "medium"}, high, true},
		{"threshold equal", org.Profile{MinSeverity: "high"}, high, true},
		{"threshold above", org.Profile{MinSeverity: "critical"}, high, false},
		{"unknown severity always goes", org.Profile{MinSeverity: "critical"}, unknown, true},
		{"TLP allowed", org.Profile{TLPs: []string{"CLEAR", "AMBER"}}, high, true},
		{"TLP not allowed", org.Profile{TLPs: []string{"CLEAR"}}, high, false},
		{"unlabelled counts as CLEAR", org.Profile{TLPs: []string{"CLEAR"}}, unknown, true},
	}
	for _, c := range cases {
		if got := Wants(c.p, c.a); got != c.want {
			t.Errorf("%s: Wants = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestVariantRoundTrip(t *testing.T) {
	t.Parallel()
	v := Variant(org.Profile{Formats: []string{"txt", "html"}, Level: "expert", Lang: "fr"}) + "/update=3"
	f, level, lang, since := ParseVariant(v)
	if len(f) != 2 || level != "expert" || lang != "fr" || since != "3" {
		t.Errorf("ParseVariant(%q) = %v %s %s %s", v, f, level, lang, since)
	}
	if _, _, _, since := ParseVariant("txt/basic/en"); since != "" {
		t.Errorf("a full alert has since %q", since)
	}
}
