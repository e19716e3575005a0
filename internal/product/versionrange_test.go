package product

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tocsin-cert/tocsin/internal/testutil"
)

// cisaRanges lists every product_version_range spelling of the CISA
// documents in the shared corpus (shared/corpus/csaf/cisa/*.json), and the
// product_version values there that are really ranges, with the range read
// from each: its canonical form, or "unknown" where the text is
// deliberately not read (a product name where a version should be, a
// wildcard inside a version, a condition on another product). Unknown
// ranges match every version, with the reason given.
func cisaRanges() []struct{ in, want string } {
	return []struct{ in, want string }{
		{"10 | 11", "10 | 11"},
		{"11.2 | 11.3 | 11.4", "11.2 | 11.3 | 11.4"},
		{"4.20 | 4.20 SR1 | 4.30", "4.20 | 4.20 sr1 | 4.30"},
		{"6.x (Wireless Battery Modules (16 | 16D38 | 17 | 17D19 | >= 20D29 | <= v20D32 | >= 22D24 | <= v22D28)", ">=6,<7"},
		{"6.x model 35700BAX", "unknown"},
		{"8.x (Wireless Battery Modules v17 | v17D19 >= 20D29 | <= 20D32 | >= 22D24 | <= 22D28)", ">=8,<9"},
		{"8.x model 35700BAX2", "unknown"},
		{"9.x (with Wireless Battery Modules >= 22D19 | <= v22D28)", ">=9,<10"},
		{"9.x model 35700BAX3", "unknown"},
		{"< 1.01.30", "<1.01.30"},
		{"< 1.12.2.0006", "<1.12.2.0006"},
		{"< 1.4.9", "<1.4.9"},
		{"< 151.2", "<151.2"},
		{"< 2.26.2.4", "<2.26.2.4"},
		{"< 2016 R2", "<2016 r2"},
		{"< 4.2.0", "<4.2.0"},
		{"< SIMATIC WinAC RTX 2010 SP3", "unknown"},
		{"< V1.0.15", "<v1.0.15"},
		{"< V1.0.2", "<v1.0.2"},
		{"< V1.0.3", "<v1.0.3"},
		{"< V1.01", "<v1.01"},
		{"< V1.1.0", "<v1.1.0"},
		{"< V1.1.1", "<v1.1.1"},
		{"< V1.1.8", "<v1.1.8"},
		{"< V1.2 HF1", "<v1.2 hf1"},
		{"< V1.2.0", "<v1.2.0"},
		{"< V1.4 SP1 HF5", "<v1.4 sp1 hf5"},
		{"< V14 SP1", "<v14 sp1"},
		{"< V15.1", "<v15.1"},
		{"< V2.0", "<v2.0"},
		{"< V2.0.0", "<v2.0.0"},
		{"< V2.1", "<v2.1"},
		{"< V2.1.82", "<v2.1.82"},
		{"< V2.2.0", "<v2.2.0"},
		{"< V2.3", "<v2.3"},
		{"< V2.7", "<v2.7"},
		{"< V3.0", "<v3.0"},
		{"< V3.1.3", "<v3.1.3"},
		{"< V3.10.2", "<v3.10.2"},
		{"< V3.2.17", "<v3.2.17"},
		{"< V3.X.14", "unknown"},
		{"< V4.0", "<v4.0"},
		{"< V4.0.1", "<v4.0.1"},
		{"< V4.03", "<v4.03"},
		{"< V4.1", "<v4.1"},
		{"< V4.1.0", "<v4.1.0"},
		{"< V4.1.1 Patch04", "<v4.1.1 patch04"},
		{"< V4.2", "<v4.2"},
		{"< V4.2.1", "<v4.2.1"},
		{"< V4.2.1 Patch03", "<v4.2.1 patch03"},
		{"< V4.4 SP3 HF5", "<v4.4 sp3 hf5"},
		{"< V4.4.0 Patch01", "<v4.4.0 patch01"},
		{"< V4.5 HF1", "<v4.5 hf1"},
		{"< V4.5 SP6 HF2", "<v4.5 sp6 hf2"},
		{"< V4.7", "<v4.7"},
		{"< V4.7 HF27", "<v4.7 hf27"},
		{"< V4.7 SP4 HF1", "<v4.7 sp4 hf1"},
		{"< V4.7 SP6 HF3", "<v4.7 sp6 hf3"},
		{"< V4.8 HF4", "<v4.8 hf4"},
		{"< V5.2.2", "<v5.2.2"},
		{"< V5.4.0", "<v5.4.0"},
		{"< V6.0.6", "<v6.0.6"},
		{"< V6.0.7", "<v6.0.7"},
		{"< V6.1", "<v6.1"},
		{"< V7.0.2", "<v7.0.2"},
		{"< V8.2", "<v8.2"},
		{"<14.0", "<14.0"},
		{"<= 1.89", "<=1.89"},
		{"<= 1.9-40", "<=1.9-40"},
		{"<= 2.2", "<=2.2"},
		{"<= 4.8.488.0", "<=4.8.488.0"},
		{"<= C.00.04", "<=c.00.04"},
		{"<=2.x", "<3"},
		{"<V2.2", "<v2.2"},
		{"<V2.4", "<v2.4"},
		{"<V224.0_Update_2", "<v224.0 update 2"},
		{"<V224.0_Update_4", "<v224.0 update 4"},
		{"<V224.0_Update_5", "<v224.0 update 5"},
		{">= V1.0.3", ">=v1.0.3"},
		{">=1.00A|<1.05F", ">=1.00a,<1.05f"},
		{">=5.3|<=6.4", ">=5.3,<=6.4"},
		{">=6.5", ">=6.5"},
		{">=MCE_3.x_Cert_Edition", "unknown"},
		{"All Versions < V7.0.6", "<v7.0.6"},
		{"All versions < V1.0 SP2", "<v1.0 sp2"},
		{"All versions < V1.0 SP8", "<v1.0 sp8"},
		{"All versions < V1.6 Upd6", "<v1.6 upd6"},
		{"All versions < V16 Update 6", "<v16 update 6"},
		{"All versions < V17 Update 5", "<v17 update 5"},
		{"All versions < V5.7 HF4", "<v5.7 hf4"},
		{"All versions only when running on ROX II < V2.15.1", "unknown"},
		{"MCE_3.x", "unknown"},
		{"MMT-1711 | MMT-1712 | MMT-1751 | MMT-1752", "mmt-1711 | mmt-1712 | mmt-1751 | mmt-1752"},
		{"MMT-1715 | MMT-1754 | MMT-1755", "mmt-1715 | mmt-1754 | mmt-1755"},
		{"MMT-1740 | MMT-1741 | MMT-1742 | MMT-1760 | MMT-1762 | MMT-1762 | MMT-1780 | MMT-1781 | MMT-1782", "mmt-1740 | mmt-1741 | mmt-1742 | mmt-1760 | mmt-1762 | mmt-1762 | mmt-1780 | mmt-1781 | mmt-1782"},
		{"V4.7: < V4.7 HF27", ">=v4.7,<v4.7 hf27"},
		{"all versions", "all versions"},
		{"vers:all/*", "all versions"},
		{"vers:all/<V1.0.3", "<v1.0.3"},
		{"vers:all/<V1.7", "<v1.7"},
		{"vers:all/<V1.9", "<v1.9"},
		{"vers:all/<V17 Update 5", "<v17 update 5"},
		{"vers:all/<V18", "<v18"},
		{"vers:all/<V2.0", "<v2.0"},
		{"vers:all/<V2.0.1", "<v2.0.1"},
		{"vers:all/<V2.15.1", "<v2.15.1"},
		{"vers:all/<V2.2.28", "<v2.2.28"},
		{"vers:all/<V2.3.1", "<v2.3.1"},
		{"vers:all/<V2.3.6", "<v2.3.6"},
		{"vers:all/<V2020 SP1 Update 1", "<v2020 sp1 update 1"},
		{"vers:all/<V3.0.1", "<v3.0.1"},
		{"vers:all/<V3.1", "<v3.1"},
		{"vers:all/<V3.1.1", "<v3.1.1"},
		{"vers:all/<V3.3", "<v3.3"},
		{"vers:all/<V30.0", "<v30.0"},
		{"vers:all/<V4.0", "<v4.0"},
		{"vers:all/<V4.0.1", "<v4.0.1"},
		{"vers:all/<V4.4", "<v4.4"},
		{"vers:all/<V4.6.0", "<v4.6.0"},
		{"vers:all/<V5.0", "<v5.0"},
		{"vers:all/<V5.5.2", "<v5.5.2"},
		{"vers:all/<V6.0.9", "<v6.0.9"},
		{"vers:all/<V6.5", "<v6.5"},
		{"vers:all/<V7.0.3", "<v7.0.3"},
		{"vers:all/<V7.2", "<v7.2"},
		{"vers:all/<V8.0", "<v8.0"},
		{"vers:all/<V8.2.1", "<v8.2.1"},
		{"vers:all/<V8.7.1.11", "<v8.7.1.11"},
		{"vers:all/<V9.2.2", "<v9.2.2"},
		{"vers:all/<VX.223.0 Update 2", "unknown"},
		{"vers:all/<VX.223.0 Update 3", "unknown"},
	}
}

func TestParseAdvisoryRangeCISA(t *testing.T) {
	t.Parallel()
	for _, tt := range cisaRanges() {
		r := ParseAdvisoryRange(tt.in)
		if got := r.String(); got != tt.want {
			t.Errorf("ParseAdvisoryRange(%q) = %q, want %q (note %q)", tt.in, got, tt.want, r.Note())
		}
		if r.IsUnknown() && r.Note() == "" {
			t.Errorf("ParseAdvisoryRange(%q) is unknown without a reason", tt.in)
		}
		if r.Text() != strings.TrimSpace(tt.in) {
			t.Errorf("ParseAdvisoryRange(%q).Text() = %q", tt.in, r.Text())
		}
	}
}

// TestCISACorpusRangesListed reads the CISA corpus and fails when a range
// spelling appears there that cisaRanges does not list, so that new
// spellings get a deliberate decision.
func TestCISACorpusRangesListed(t *testing.T) {
	t.Parallel()
	dir := testutil.Corpus(t, "csaf/cisa")
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no CISA documents in %s: %v", dir, err)
	}
	listed := make(map[string]bool)
	for _, tt := range cisaRanges() {
		listed[tt.in] = true
	}
	type branch struct {
		Category string   `json:"category"`
		Name     string   `json:"name"`
		Branches []branch `json:"branches"`
	}
	var walk func(f string, bs []branch)
	walk = func(f string, bs []branch) {
		for _, b := range bs {
			isRange := b.Category == "product_version_range" ||
				(b.Category == "product_version" && looksLikeRange(b.Name))
			if isRange && !listed[b.Name] {
				t.Errorf("%s: range %q is not in cisaRanges; decide how it reads and add it", filepath.Base(f), b.Name)
			}
			walk(f, b.Branches)
		}
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var doc struct {
			ProductTree struct {
				Branches []branch `json:"branches"`
			} `json:"product_tree"`
		}
		if err := json.Unmarshal(data, &doc); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		walk(f, doc.ProductTree.Branches)
	}
}

func TestParseAdvisoryRangeForms(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want string   // canonical form or "unknown"
		in1  []string // versions it contains
		out  []string // versions it does not contain
	}{
		{"vers:semver/>=1.0|<2.0", ">=1.0,<2.0", []string{"1.0", "1.9.9"}, []string{"0.9", "2.0"}},
		{"vers:npm/1.2.3|>=2.0.0|<5.0.0", "1.2.3 | >=2.0.0,<5.0.0", []string{"1.2.3", "4.9"}, []string{"1.2.4", "5.0.0"}},
		{"vers:gem/>=2.2.0|!=2.2.1|<2.3.0", ">=2.2.0,<2.3.0,!=2.2.1", []string{"2.2.0", "2.2.2"}, []string{"2.2.1", "2.3.0"}},
		{"vers:generic/<2.0|>=1.0", ">=1.0,<2.0", []string{"1.5"}, []string{"2.1"}},
		{"vers:all/*", "all versions", []string{"0.1", "99"}, nil},
		{"vers:all/<V1.7", "<v1.7", []string{"1.6.9", "V1.6"}, []string{"1.7", "V1.7.0"}},
		{"vers:generic/>=1.0|<=1.4|>=2.0|<2.1", ">=1.0,<=1.4 | >=2.0,<2.1", []string{"1.4", "2.0.5"}, []string{"1.5", "2.1"}},
		{"vers:semver/%3E=1.0", "unknown", nil, nil},
		{"vers:semver/", "unknown", nil, nil},
		{"vers:", "unknown", nil, nil},
		{"<V3.0.29", "<v3.0.29", []string{"3.0.28", "V2.9"}, []string{"3.0.29", "3.1"}},
		{"<=2", "<=2", []string{"2.0.0", "1"}, []string{"2.0.1"}},
		{">=8.1.5", ">=8.1.5", []string{"8.1.5", "9"}, []string{"8.1.4"}},
		{"=> 1.2", ">=1.2", []string{"1.2"}, []string{"1.1"}},
		{"≤ 3.1", "<=3.1", []string{"3.1"}, []string{"3.2"}},
		{"!= 3.1", "*,!=3.1", []string{"3.0"}, []string{"3.1"}},
		{"All versions < V1.6 Upd6", "<v1.6 upd6", []string{"1.6", "1.6 Upd5", "V1.5"}, []string{"V1.6 Update 6", "1.7"}},
		{"All versions", "all versions", []string{"1"}, nil},
		{"all", "all versions", []string{"1"}, nil},
		{"*", "all versions", []string{"1"}, nil},
		{"prior to 3.2", "<3.2", []string{"3.1.9"}, []string{"3.2"}},
		{"versions prior to v1.01.30", "<v1.01.30", []string{"1.1.29"}, []string{"1.1.30"}},
		{"All versions prior to 151.2", "<151.2", []string{"151.1"}, []string{"151.2"}},
		{"before 4.0", "<4.0", []string{"3.9"}, []string{"4.0"}},
		{"earlier than 4.0", "<4.0", []string{"3.9"}, []string{"4.0"}},
		{"3.2 and earlier", "<=3.2", []string{"3.2", "3.1"}, []string{"3.2.1"}},
		{"Versions 1.89 and prior", "<=1.89", []string{"1.89"}, []string{"1.90"}},
		{"Version 2.2 or earlier", "<=2.2", []string{"2.2"}, []string{"2.3"}},
		{"C.00.04 and prior", "<=c.00.04", []string{"C.00.03"}, []string{"C.00.05"}},
		{"2016 R2 and earlier versions", "<=2016 r2", []string{"2016", "2016 R2"}, []string{"2016 R3", "2017"}},
		{"3.2 and later", ">=3.2", []string{"3.2", "4"}, []string{"3.1"}},
		{"3.2 or newer", ">=3.2", []string{"3.3"}, []string{"3.1"}},
		{"from 3.2", ">=3.2", []string{"3.2"}, []string{"3.1"}},
		{"after 3.2", ">3.2", []string{"3.2.1"}, []string{"3.2"}},
		{"up to 3.2", "<=3.2", []string{"3.2"}, []string{"3.3"}},
		{"versions 1.0 through 1.4", ">=1.0,<=1.4", []string{"1.0", "1.4"}, []string{"0.9", "1.5"}},
		{"1.0 to 1.4", ">=1.0,<=1.4", []string{"1.2"}, []string{"1.5"}},
		{"1.0 - 1.4", ">=1.0,<=1.4", []string{"1.2"}, []string{"1.5"}},
		{"from 1.0 to 1.4.x", ">=1.0,<1.5", []string{"1.4.9"}, []string{"1.5"}},
		{"between 2.0 and 2.3", ">=2.0,<=2.3", []string{"2.1"}, []string{"2.4"}},
		{">= 2.0, < 2.4.1", ">=2.0,<2.4.1", []string{"2.4"}, []string{"2.4.1"}},
		{"10, 11", "10 | 11", []string{"10", "11.0"}, []string{"10.1"}},
		{"9.x", ">=9,<10", []string{"9", "9.8.7"}, []string{"10", "8.9"}},
		{"<=2.x", "<3", []string{"2.9"}, []string{"3.0"}},
		{">2.x", ">=3", []string{"3.0"}, []string{"2.9"}},
		{"1.2.3", "1.2.3", []string{"1.2.3", "v1.2.3.0"}, []string{"1.2.4"}},
		{"V4.7: < V4.7 HF27", ">=v4.7,<v4.7 hf27", []string{"4.7", "V4.7 HF26"}, []string{"4.6", "V4.7 HF27"}},
		{"2016 R2 (when deployed using the PI AF Services 2016 R2 integrated install kit)", "2016 r2", []string{"2016 R2"}, []string{"2016"}},
		// deliberately unknown
		{"", "unknown", nil, nil},
		{"latest", "unknown", nil, nil},
		{"see vendor advisory", "unknown", nil, nil},
		{"< SIMATIC WinAC RTX 2010 SP3", "unknown", nil, nil},
		{"All versions only when running on ROX II < V2.15.1", "unknown", nil, nil},
		{"< V3.X.14", "unknown", nil, nil},
		{"(all)", "unknown", nil, nil},
		{">= 3, < 2", "unknown", nil, nil},
	}
	for _, tt := range tests {
		r := ParseAdvisoryRange(tt.in)
		if got := r.String(); got != tt.want {
			t.Errorf("ParseAdvisoryRange(%q) = %q, want %q (note %q)", tt.in, got, tt.want, r.Note())
			continue
		}
		for _, v := range tt.in1 {
			if !r.Contains(v) {
				t.Errorf("ParseAdvisoryRange(%q).Contains(%q) = false, want true", tt.in, v)
			}
		}
		for _, v := range tt.out {
			if r.Contains(v) {
				t.Errorf("ParseAdvisoryRange(%q).Contains(%q) = true, want false", tt.in, v)
			}
		}
		if r.IsUnknown() && !r.Contains("1.0") {
			t.Errorf("unknown range %q must contain every version", tt.in)
		}
	}
}

func TestParseRange(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		want    string
		wantErr string
	}{
		{"1.2.3", "1.2.3", ""},
		{" >=2.0,<2.4.1 ", ">=2.0,<2.4.1", ""},
		{">= 2.0 , < 2.4.1", ">=2.0,<2.4.1", ""},
		{">2.0,<=3", ">2.0,<=3", ""},
		{"=1.0", "1.0", ""},
		{"==1.0", "1.0", ""},
		{">=1.0,!=1.2", ">=1.0,!=1.2", ""},
		{"8.x", ">=8,<9", ""},
		{"8.*", ">=8,<9", ""},
		{"1.9.x", ">=1.9,<1.10", ""},
		{"*", "all versions", ""},
		{"V1.6 Upd6", "V1.6 Upd6", ""},
		{"vers:semver/>=1.0.0|<2.0.0", ">=1.0.0,<2.0.0", ""},
		{">=1.0|<1.2|>=2.0|<2.1", ">=1.0,<1.2 | >=2.0,<2.1", ""},
		{"", "", "empty version range"},
		{">=3,<2", "", "holds no version"},
		{">=", "", "has no version"},
		{"abc", "", "has no digit"},
		{"1.0;rm", "", "contains"},
		{">=1.0,<2|>=3", "", `either ","`},
		{"vers:semver", "", "needs a scheme"},
		{"vers:semver/", "", "at least one constraint"},
		{"1.*.3", "", "whole line"},
	}
	for _, tt := range tests {
		r, err := ParseRange(tt.in)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("ParseRange(%q) error = %v, want one containing %q", tt.in, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseRange(%q) error %v", tt.in, err)
			continue
		}
		if got := r.String(); got != tt.want {
			t.Errorf("ParseRange(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestRangeIntersects(t *testing.T) {
	t.Parallel()
	tests := []struct {
		a, b string // a from an advisory, b from a subscription
		want bool
	}{
		{"<V2.4", ">=2.0,<2.4.1", true},
		{"<V2.4", ">=2.4,<2.5", false},
		{"<=2.4", ">=2.4,<2.5", true},
		{">=1.00A|<1.05F", ">=1.05F", false},
		{">=1.00A|<1.05F", "1.x", true},
		{"vers:all/*", "9.9", true},
		{"< SIMATIC WinAC RTX 2010 SP3", ">=1", true}, // unknown matches
		{"10 | 11", ">=11.5", false},
		{"10 | 11", ">=10.5,<=11", true},
		{"vers:gem/>=2.2.0|!=2.2.1|<2.3.0", "2.2.1", false},
		{"vers:gem/>=2.2.0|!=2.2.1|<2.3.0", ">=2.2.1,<=2.2.2", true},
		{"9.x", "10.x", false},
		{"9.x", ">=9.5", true},
	}
	for _, tt := range tests {
		a := ParseAdvisoryRange(tt.a)
		b, err := ParseRange(tt.b)
		if err != nil {
			t.Fatalf("ParseRange(%q): %v", tt.b, err)
		}
		if got := a.Intersects(b); got != tt.want {
			t.Errorf("%q.Intersects(%q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
		if got := b.Intersects(a); got != tt.want {
			t.Errorf("%q.Intersects(%q) = %v, want %v (symmetry)", tt.b, tt.a, got, tt.want)
		}
	}
	var zero Range
	if !zero.IsAll() || !zero.Contains("1") || !zero.Intersects(ParseAdvisoryRange("<1")) {
		t.Error("the zero Range must be all versions")
	}
}
