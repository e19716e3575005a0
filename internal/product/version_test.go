package product

import "testing"

func TestCompareVersions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		a, b string
		want int
	}{
		// plain dotted numbers, different lengths, leading zeros
		{"1.0", "1.0", 0},
		{"1.0", "1.0.0", 0},
		{"1.0.0.0", "1", 0},
		{"1.0", "1.0.1", -1},
		{"1.2", "1.10", -1},
		{"1.10", "1.9", 1},
		{"2.0", "10.0", -1},
		{"1.01.30", "1.1.30", 0},
		{"1.01.30", "1.1.29", 1},
		{"2.26.2.4", "2.26.2", 1},
		{"151.2", "151.10", -1},
		{"1.12.2.0006", "1.12.2.6", 0},
		{"4.8.488.0", "4.8.488", 0},
		{"0.9", "0.10", -1},
		{"99999999999999999999.1", "99999999999999999999.2", -1},
		// v prefix
		{"V3.0.29", "3.0.29", 0},
		{"v2.4", "V2.4.0", 0},
		{"V2.4", "2.3.9", 1},
		{"v10", "v9", 1},
		// pre-releases
		{"1.0.0-alpha", "1.0.0", -1},
		{"1.0.0-rc1", "1.0.0", -1},
		{"1.0.0-rc1", "1.0.0-rc2", -1},
		{"1.0.0-alpha", "1.0.0-beta", -1},
		{"1.0.0-beta", "1.0.0-rc1", -1},
		{"1.0.0-dev1", "1.0.0-alpha", -1},
		{"1.0.0-dev1", "1.0.0-dev2", -1},
		{"1.0.0-alpha", "1.0.0-alpha.1", -1},
		{"6.3-rc1", "6.3", -1},
		{"6.3-rc1", "6.2.16", 1},
		{"1.0-rc1", "1.0.0-rc1", 0},
		{"2.0-pre", "2.0", -1},
		{"2.0-preview", "2.0-rc1", -1},
		{"1.0a1", "1.0", -1},
		{"1.0b2", "1.0a5", 1},
		{"1.0.0-SNAPSHOT", "1.0.0", -1},
		{"1.0.0-RC1", "1.0.0-rc1", 0},
		// suffixes after the base version
		{"V1.6 Upd6", "1.6", 1},
		{"V1.6 Upd6", "V1.6 Update 6", 0},
		{"V1.6 Upd6", "V1.6 Upd7", -1},
		{"V1.6 Upd6", "1.7", -1},
		{"V16 Update 6", "V16 Update 10", -1},
		{"V4.7 HF27", "V4.7", 1},
		{"V4.7 HF27", "V4.8", -1},
		{"V4.7 HF27", "V4.7 HF3", 1},
		{"V4.7 HF27", "V4.7 SP6 HF3", -1},
		{"V4.5 SP6 HF2", "V4.5 SP6", 1},
		{"V4.4 SP3 HF5", "V4.4 SP3 HF4", 1},
		{"V14 SP1", "V14", 1},
		{"V14 SP1", "V15", -1},
		{"V1.0 SP2", "V1.0 SP8", -1},
		{"2016 R2", "2016", 1},
		{"2016 R2", "2017", -1},
		{"V224.0_Update_5", "V224.0 Update 2", 1},
		{"V224.0_Update_5", "224.0", 1},
		{"V2020 SP1 Update 1", "V2020 SP1", 1},
		{"V4.1.1 Patch04", "V4.1.1 Patch4", 0},
		{"V4.1.1 Patch04", "V4.1.2", -1},
		{"8.7p1", "8.7", 1},
		{"8.7p1", "8.7p2", -1},
		{"8.7p1", "8.8", -1},
		{"1.9.5p2-7.el9_0.4", "1.9.5p2-7.el9_0.3", 1},
		{"4.20 SR1", "4.20", 1},
		{"4.20 SR1", "4.30", -1},
		{"1.00A", "1.00", 1},
		{"1.00A", "1.05F", -1},
		{"1.05E", "1.05F", -1},
		{"3.2.12.Final", "3.2.12", 0},
		{"3.2.12.Final-redhat-00001", "3.2.12-redhat-00002", -1},
		{"2.7.0.redhat-00002", "2.7.0", 1},
		// RPM version-release, epoch
		{"9.11.4-26.1.P2.el7_9.ciqcbr.18", "9.11.4-26.1.P2.el7_9.ciqcbr.17", 1},
		{"1.1.1-29.el7_0.4", "1.1.1-29.el7_0.3", 1},
		{"1.1.1-29.el7_0.4", "1.1.1-30.el7", -1},
		{"1:1.0", "2.0", 1},
		{"0:1.0", "1.0", 0},
		// vendor-specific letters and mixed
		{"C.00.04", "C.00.03", 1},
		{"C.00.04", "B.99.99", 1},
		{"MMT-1715", "MMT-1754", -1},
		{"33.0.0-stackable25.11.0-amd64", "33.0.0", 1},
		{"33.0.0-stackable25.11.0-amd64", "33.0.1", -1},
		{"2.6.3-stackable24.7.0-amd64", "2.6.3-stackable26.3.0-amd64", -1},
		{"SR540", "SR610", -1},
		{"1.9-40", "1.9-41", -1},
		{"1.9-40", "1.9", 1},
		{"", "", 0},
		{"", "1.0", -1},
	}
	for _, tt := range tests {
		if got := CompareVersions(tt.a, tt.b); got != tt.want {
			t.Errorf("CompareVersions(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
		if got := CompareVersions(tt.b, tt.a); got != -tt.want {
			t.Errorf("CompareVersions(%q, %q) = %d, want %d (antisymmetry)", tt.b, tt.a, got, -tt.want)
		}
	}
}

// TestCompareVersionsTransitive checks that sorting with CompareVersions is
// consistent on a mixed set.
func TestCompareVersionsTransitive(t *testing.T) {
	t.Parallel()
	vs := []string{"1.0-rc1", "1.0", "1.0.0", "1.0 SP1", "1.0 SP1 HF2", "1.0.1", "1.0a1", "1.00A",
		"1.1-beta", "1.1", "V1.6 Upd6", "1.7", "2016 R2", "2.0-dev", "2.0", "v2.0.1", "10", "C.00.04", "MMT-1710", "8.7p1"}
	for _, a := range vs {
		for _, b := range vs {
			for _, c := range vs {
				if CompareVersions(a, b) <= 0 && CompareVersions(b, c) <= 0 && CompareVersions(a, c) > 0 {
					t.Errorf("not transitive: %q <= %q <= %q but %q > %q", a, b, c, a, c)
				}
			}
		}
	}
}
