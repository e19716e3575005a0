package csaf

import "testing"

// TestCVSSCompute checks the calculators on vectors whose scores FIRST's
// specifications and calculators give.
func TestCVSSCompute(t *testing.T) {
	t.Parallel()
	v3 := []struct {
		vector             string
		base, temp, envirn float64
	}{
		{"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8, 9.8, 9.8},
		{"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 10, 10, 10},
		{"CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 6.1, 6.1, 6.1},
		{"CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N", 3.1, 3.1, 3.1},
		{"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H/E:P/RL:O/RC:C", 7.5, 6.7, 6.7},
		{"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/MC:N/MI:N/MA:N", 9.8, 9.8, 0},
		{"CVSS:3.0/AV:L/AC:L/PR:H/UI:R/S:U/C:H/I:H/A:H", 6.5, 6.5, 6.5},
		{"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N", 0, 0, 0},
	}
	for _, tc := range v3 {
		m, _ := parseVector(tc.vector)
		got, ok := cvss3Compute(tc.vector[5:8], m)
		if !ok || got.base != tc.base || got.temporal != tc.temp || got.environmental != tc.envirn {
			t.Errorf("%s = %+v (%v), want %v/%v/%v", tc.vector, got, ok, tc.base, tc.temp, tc.envirn)
		}
	}
	v2 := []struct {
		vector             string
		base, temp, envirn float64
	}{
		{"AV:N/AC:L/Au:N/C:C/I:C/A:C", 10, 10, 10},
		{"AV:N/AC:M/Au:N/C:P/I:N/A:N", 4.3, 4.3, 4.3},
		{"AV:N/AC:L/Au:S/C:P/I:P/A:N", 5.5, 5.5, 5.5},
		// The example of the CVSS v2 guide (CVE-2002-0392).
		{"AV:N/AC:L/Au:N/C:N/I:N/A:C/E:F/RL:OF/RC:C/CDP:H/TD:H/CR:M/IR:M/AR:H", 7.8, 6.4, 9.2},
	}
	for _, tc := range v2 {
		m, _ := parseVector(tc.vector)
		got, ok := cvss2Compute(m)
		if !ok || got.base != tc.base || got.temporal != tc.temp || got.environmental != tc.envirn {
			t.Errorf("%s = %+v (%v), want %v/%v/%v", tc.vector, got, ok, tc.base, tc.temp, tc.envirn)
		}
	}
	if cvss3Severity(0) != "NONE" || cvss3Severity(3.9) != "LOW" || cvss3Severity(4) != "MEDIUM" || cvss3Severity(8.9) != "HIGH" || cvss3Severity(9) != "CRITICAL" {
		t.Error("severity bands")
	}
}

// TestVersions checks the version_t reading the revision tests use.
func TestVersions(t *testing.T) {
	t.Parallel()
	for s, want := range map[string]versionScheme{
		"1": schemeInteger, "0": schemeInteger, "10": schemeInteger, "01": schemeOther,
		"1.0.0": schemeSemver, "2.0.0+21AF26D3": schemeSemver, "1.0.0-rc.1": schemeSemver, "1.0": schemeOther,
		"1.0.0-01": schemeOther, "1.0.0+": schemeOther, "v1": schemeOther,
	} {
		if got := parseVersion(s).scheme; got != want {
			t.Errorf("parseVersion(%q) = %v, want %v", s, got, want)
		}
	}
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"9", "10", -1}, {"1.9.0", "1.10.0", -1}, {"1.0.0-rc", "1.0.0", -1}, {"1.0.0-alpha", "1.0.0-alpha.1", -1},
		{"1.0.0-alpha.1", "1.0.0-beta", -1}, {"2.0.0+a", "2.0.0+b", 0},
	} {
		if got := compareVersionStrings(tc.a, tc.b); got != tc.want {
			t.Errorf("compareVersionStrings(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
	if withoutBuild("2.0.0+x") != "2.0.0" || withoutPre("1.0.0-rc.1+b") != "1.0.0+b" || validFilename("RHBA-2019:0024") != "rhba-2019_0024.json" {
		t.Error("withoutBuild, withoutPre or validFilename")
	}
}
