package advisory

import "testing"

func TestCompareTrackingVersions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		a, b string
		want int
	}{
		{"1", "1", 0},
		{"1", "2", -1},
		{"10", "9", 1},
		{"1.0.0", "1.0.1", -1},
		{"1.10.0", "1.9.9", 1},
		{"1.0.0-rc.1", "1.0.0", -1},
		{"1.0.0-rc.2", "1.0.0-rc.10", -1},
		{"1.0.0-alpha", "1.0.0-alpha.1", -1},
		{"1.0.0+build.5", "1.0.0", 0},
		{"2", "1.5.0", 1},
	}
	for _, tt := range tests {
		if got := CompareTrackingVersions(tt.a, tt.b); got != tt.want {
			t.Errorf("CompareTrackingVersions(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
		if got := CompareTrackingVersions(tt.b, tt.a); got != -tt.want {
			t.Errorf("CompareTrackingVersions(%q, %q) = %d, want %d", tt.b, tt.a, got, -tt.want)
		}
	}
}

func TestParseTLP(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want TLP
		ok   bool
	}{
		{"WHITE", TLPClear, true},
		{"tlp:clear", TLPClear, true},
		{" Green ", TLPGreen, true},
		{"AMBER+STRICT", TLPAmberStrict, true},
		{"RED", TLPRed, true},
		{"PURPLE", "", false},
	}
	for _, tt := range tests {
		got, ok := ParseTLP(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ParseTLP(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
	if !TLPAmber.Restricted() || TLPGreen.Restricted() {
		t.Error("Restricted: AMBER must be restricted, GREEN not")
	}
}

func TestSeverity(t *testing.T) {
	t.Parallel()
	a := &Advisory{Vulnerabilities: []Vulnerability{
		{Scores: []Score{{CVSSVersion: "2.0", BaseScore: 10}}},
		{Scores: []Score{{CVSSVersion: "3.1", BaseScore: 7.5}}},
	}}
	if got := a.Severity(); got != SeverityHigh {
		t.Errorf("Severity = %v, want high (v3 preferred over v2)", got)
	}
	b := &Advisory{AggregateSeverity: "Kritisch"}
	if got := b.Severity(); got != SeverityCritical {
		t.Errorf("Severity from aggregate = %v, want critical", got)
	}
}
