package product

import "testing"

func TestOSVRange(t *testing.T) {
	t.Parallel()
	ev := func(kv ...string) []OSVEvent {
		var out []OSVEvent
		for i := 0; i < len(kv); i += 2 {
			switch kv[i] {
			case "introduced":
				out = append(out, OSVEvent{Introduced: kv[i+1]})
			case "fixed":
				out = append(out, OSVEvent{Fixed: kv[i+1]})
			case "last_affected":
				out = append(out, OSVEvent{LastAffected: kv[i+1]})
			case "limit":
				out = append(out, OSVEvent{Limit: kv[i+1]})
			}
		}
		return out
	}
	tests := []struct {
		name   string
		scheme string
		events []OSVEvent
		want   string // Vers()
		in     []string
		out    []string
	}{
		// osv/go/GO-2022-1143.json affected[0].ranges[0]
		{"two pairs", "SEMVER", ev("introduced", "0", "fixed", "1.18.9", "introduced", "1.19.0-0", "fixed", "1.19.4"),
			"vers:semver/<1.18.9|>=1.19.0-0|<1.19.4", []string{"1.18.8", "1.19.0-rc.1", "1.19.3"}, []string{"1.18.9", "1.19.4", "1.20.0"}},
		// osv/ghsa/GHSA-54q4-74p3-mgcw.json
		{"last_affected", "Go", ev("introduced", "4.0.0", "last_affected", "4.0.2"),
			"vers:semver/>=4.0.0|<=4.0.2", []string{"4.0.0", "4.0.2"}, []string{"3.9.9", "4.0.3"}},
		// osv/go/GO-2024-2588.json affected[1]: introduced only
		{"open", "SEMVER", ev("introduced", "0"), "vers:semver/*", []string{"0.0.1", "99.0.0"}, nil},
		// osv/rustsec/RUSTSEC-2021-0079.json: "0.0.0-0" is the beginning
		{"rust zero", "crates.io", ev("introduced", "0.0.0-0", "fixed", "0.14.10"),
			"vers:semver/<0.14.10", []string{"0.0.0-alpha", "0.14.9"}, []string{"0.14.10"}},
		// osv/debian/DSA-5474-1.json: tilde
		{"debian", "Debian:11", ev("introduced", "0", "fixed", "3.20230808.1~deb11u1"),
			"vers:deb/<3.20230808.1~deb11u1", []string{"3.20230512.1~deb11u1"}, []string{"3.20230808.1", "3.20230808.1~deb11u1"}},
		// osv/redhat/RHSA-2024_4546.json: epoch in the fix
		{"rpm epoch", "Red Hat:rhel_aus:8.6::appstream", ev("introduced", "0", "fixed", "0:2.13.3-3.el8_6.1"),
			"vers:rpm/<0:2.13.3-3.el8_6.1", []string{"2.13.3-3.el8_6"}, []string{"2.13.3-3.el8_6.1"}},
		// unsorted events are sorted; limit caps
		{"unsorted with limit", "npm", ev("fixed", "2.3.0", "introduced", "2.0.0", "introduced", "0", "fixed", "1.1.0", "limit", "2.2.0"),
			"vers:semver/<1.1.0|>=2.0.0|<2.2.0", []string{"1.0.9", "2.1.0"}, []string{"1.1.0", "2.2.0", "2.2.5"}},
		{"pypi", "PyPI", ev("introduced", "3.1", "fixed", "3.1.2"), "vers:pypi/>=3.1|<3.1.2", []string{"3.1.1", "3.1.2rc1"}, []string{"3.1rc1", "3.1.2"}},
		{"empty pair", "npm", ev("introduced", "1.0.0", "fixed", "1.0.0"), "", nil, []string{"1.0.0"}},
	}
	for _, tt := range tests {
		r := OSVRange(tt.scheme, tt.events)
		if got := r.Vers(); got != tt.want {
			t.Errorf("%s: Vers() = %q, want %q", tt.name, got, tt.want)
		}
		for _, v := range tt.in {
			if !r.Contains(v) {
				t.Errorf("%s: should contain %q", tt.name, v)
			}
		}
		for _, v := range tt.out {
			if r.Contains(v) {
				t.Errorf("%s: should not contain %q", tt.name, v)
			}
		}
		if tt.want != "" {
			back := ParseAdvisoryRange(tt.want)
			if back.Vers() != tt.want || back.Scheme() != r.Scheme() {
				t.Errorf("%s: %q reads back as %q in %q", tt.name, tt.want, back.Vers(), back.Scheme())
			}
		}
	}
	if r := OSVRange("GIT", ev("introduced", "3a85a5de29ea", "fixed", "9c980795ccd7")); !r.IsUnknown() || r.Note() == "" {
		t.Errorf("GIT range: %v %q", r, r.Note())
	}
}

func TestNVDRange(t *testing.T) {
	t.Parallel()
	tests := []struct {
		si, se, ei, ee string
		want           string
		in, out        []string
	}{
		{"", "", "", "", "all versions", []string{"1"}, nil},
		{"2.0", "", "", "2.4.1", ">=2.0,<2.4.1", []string{"2.0", "2.4"}, []string{"1.9", "2.4.1"}},
		{"", "2.0", "2.4", "", ">2.0,<=2.4", []string{"2.0.1", "2.4"}, []string{"2.0", "2.4.1"}},
		{"", "", "", "3.21.0", "<3.21.0", []string{"3.20.9"}, []string{"3.21.0"}},
		{"5.0", "", "", "", ">=5.0", []string{"5.0"}, []string{"4.9"}},
		{"3", "", "", "2", "", nil, []string{"2.5"}},
	}
	for _, tt := range tests {
		r := NVDRange(tt.si, tt.se, tt.ei, tt.ee)
		if got := r.String(); got != tt.want {
			t.Errorf("NVDRange(%q, %q, %q, %q) = %q, want %q", tt.si, tt.se, tt.ei, tt.ee, got, tt.want)
		}
		for _, v := range tt.in {
			if !r.Contains(v) {
				t.Errorf("%q should contain %q", r, v)
			}
		}
		for _, v := range tt.out {
			if r.Contains(v) {
				t.Errorf("%q should not contain %q", r, v)
			}
		}
	}
}

func TestCVERange(t *testing.T) {
	t.Parallel()
	v := func(version, status, lt, le string) CVEVersion {
		return CVEVersion{Version: version, Status: status, LessThan: lt, LessThanOrEqual: le}
	}
	tests := []struct {
		name     string
		vt, def  string
		versions []CVEVersion
		want     string // Vers(), or "unknown"
		in, out  []string
	}{
		// cve5/vulnrichment/CVE-2021-47074.json affected[1]: default
		// affected from 4.8 on, fixed lines carved out
		{"linux", "custom", "affected", []CVEVersion{v("4.8", "affected", "", ""), v("0", "unaffected", "4.8", ""),
			v("5.10.40", "unaffected", "", "5.10.*"), v("5.12.7", "unaffected", "", "5.12.*"), v("5.13", "unaffected", "", "*")},
			"vers:generic/>=4.8|<5.10.40|>=5.11|<5.12.7", nil, nil},
		// cve5/vulnrichment/CVE-2024-6232.json: several branches
		{"cpython", "python", "unaffected", []CVEVersion{v("0", "affected", "3.8.20", ""), v("3.9.0", "affected", "3.9.20", ""),
			v("3.10.0", "affected", "3.10.15", "")},
			"vers:pypi/<3.8.20|>=3.9.0|<3.9.20|>=3.10.0|<3.10.15", []string{"3.8.19", "3.9.0", "3.10.14"}, []string{"3.8.20", "3.9.20", "3.10.15", "3.11.0"}},
		// cve5/vulnrichment/CVE-2023-46653.json: lessThanOrEqual
		{"jenkins", "maven", "unaffected", []CVEVersion{v("0", "affected", "", "1.20.10")},
			"vers:maven/<=1.20.10", []string{"1.20.10"}, []string{"1.20.11"}},
		// cve5/vulnrichment/CVE-2023-41175.json: rpm, unaffected from the
		// fix on, default affected
		{"rpm", "rpm", "affected", []CVEVersion{v("0:4.4.0-12.el9", "unaffected", "*", "")},
			"vers:rpm/<0:4.4.0-12.el9", []string{"4.4.0-11.el9"}, []string{"4.4.0-12.el9"}},
		// exact versions (cve5/vulnrichment/CVE-2017-3425.json)
		{"list", "", "", []CVEVersion{v("12.1.1", "affected", "", ""), v("12.1.3", "affected", "", "")},
			"vers:generic/12.1.1|12.1.3", []string{"12.1.1"}, []string{"12.1.2"}},
		// text versions (cve5/trustify/CVE-2021-32714.json, cve5/vulnrichment/CVE-2023-24591.json)
		{"text", "", "", []CVEVersion{v("< 0.14.10", "affected", "", "")}, "vers:generic/<0.14.10", []string{"0.14.9"}, []string{"0.14.10"}},
		{"sentence", "", "unaffected", []CVEVersion{v("before version 3.4.4", "affected", "", "")}, "vers:generic/<3.4.4", []string{"3.4.3"}, []string{"3.4.4"}},
		// changes (schema example)
		{"changes", "semver", "", []CVEVersion{{Version: "1.0.0", Status: "affected", LessThan: "2.0.0",
			Changes: []CVEChange{{At: "1.2.0", Status: "unaffected"}, {At: "1.4.0", Status: "affected"}}}},
			"vers:semver/>=1.0.0|<1.2.0|>=1.4.0|<2.0.0", []string{"1.1.9", "1.4.0"}, []string{"1.2.0", "1.3.9", "2.0.0"}},
		{"git", "git", "unaffected", []CVEVersion{v("3a85a5de29ea", "affected", "9c980795ccd7", "")}, "unknown", nil, nil},
		{"n/a", "", "", []CVEVersion{v("n/a", "affected", "", "")}, "unknown", nil, nil},
	}
	for _, tt := range tests {
		r := CVERange(tt.vt, tt.def, tt.versions)
		got := r.Vers()
		if r.IsUnknown() {
			got = "unknown"
		}
		if got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
		for _, v := range tt.in {
			if !r.Contains(v) {
				t.Errorf("%s: should contain %q", tt.name, v)
			}
		}
		for _, v := range tt.out {
			if r.Contains(v) {
				t.Errorf("%s: should not contain %q", tt.name, v)
			}
		}
	}
	// The Linux case by its versions: 4.8 up to the fixes of each line.
	r := CVERange("custom", "affected", tests[0].versions)
	for v, want := range map[string]bool{"4.7": false, "4.8": true, "5.10.39": true, "5.10.40": false, "5.10.99": false,
		"5.11": true, "5.12.6": true, "5.12.7": false, "5.13": false, "6.1": false} {
		if r.Contains(v) != want {
			t.Errorf("linux: Contains(%q) = %v, want %v (%s)", v, !want, want, r.Vers())
		}
	}
}

func TestVersionListUnion(t *testing.T) {
	t.Parallel()
	l := VersionList("PyPI", []string{"3.1", "3.1.1", "3.3.1"})
	r := OSVRange("PyPI", []OSVEvent{{Introduced: "3.2"}, {Fixed: "3.3.2"}})
	u := UnionRanges(l, r)
	if got := u.Vers(); got != "vers:pypi/3.1|3.1.1|>=3.2|<3.3.2" {
		t.Errorf("union = %q", got)
	}
	if !UnionRanges(l, Range{}).IsAll() || !UnionRanges(l, ParseAdvisoryRange("latest")).IsUnknown() {
		t.Error("union with all or unknown")
	}
}
