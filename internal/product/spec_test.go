package product

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestNormalizeVendor(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"Siemens AG", "siemens"},
		{"SIEMENS", "siemens"},
		{"siemens", "siemens"},
		{"Red Hat, Inc.", "red hat"},
		{"Red Hat", "red hat"},
		{"Digi International, Inc. ", "digi international"},
		{"Schneider Electric Software, LLC", "schneider electric software"},
		{"Schneider Electric SE", "schneider electric"},
		{"Mitsubishi Electric Corporation", "mitsubishi electric"},
		{"Johnson Controls Inc", "johnson controls"},
		{"Johnson Controls Incorporated", "johnson controls"},
		{"OSIsoft LLC", "osisoft"},
		{"Becton, Dickinson and Company (BD)", "becton dickinson"},
		{"Stackable GmbH", "stackable"},
		{"Phoenix Contact GmbH & Co. KG", "phoenix contact"},
		{"Pilz GmbH & Co KG", "pilz"},
		{"Ansaldo S.p.A.", "ansaldo"},
		{"Koninklijke Philips N.V.", "koninklijke philips"},
		{"Nokia Oyj", "nokia"},
		{"Ericsson AB", "ericsson"},
		{"AB", "ab"},
		{"Airbus S.A.S.", "airbus"},
		{"Thales S.A.", "thales"},
		{"Acme SA", "acme"},
		{"Moxa Co., Ltd.", "moxa"},
		{"Hikvision Co. Ltd", "hikvision"},
		{"ABB Ltd.", "abb"},
		{"Arm Limited", "arm"},
		{"Sophos plc", "sophos"},
		{"Canon B.V.", "canon"},
		{"Visma AS", "visma"},
		{"Hitachi Energy", "hitachi energy"},
		{"Example Company", "example"},
		{"rockwell_automation", "rockwell automation"},
		{"Open-Source", "open source"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := NormalizeVendor(tt.in); got != tt.want {
			t.Errorf("NormalizeVendor(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNormalizeProduct(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"SIMATIC S7-1500", "simatic s7 1500"},
		{"simatic s7 1500", "simatic s7 1500"},
		{"S7_1500", "s7 1500"},
		{"SIMATIC S7-1500 CPU 1518-4 PN/DP", "simatic s7 1500 cpu 1518 4 pn dp"},
		{"  SCALANCE XCH328 (6GK5328-4TS01-2EC2)", "scalance xch328 6gk5328 4ts01 2ec2"},
		{"IE/AS-i Link PN IO", "ie as i link pn io"},
		{"enterprise_linux", "enterprise linux"},
		{"Red Hat Enterprise Linux AppStream (v. 8)", "red hat enterprise linux appstream v 8"},
		{"Ünïcode Prödukt", "ünïcode prödukt"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := NormalizeProduct(tt.in); got != tt.want {
			t.Errorf("NormalizeProduct(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestWordPrefix checks the product word rule on its own.
func TestWordPrefix(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, spec string
		want       bool
	}{
		{"SIMATIC S7-1500 CPU 1518-4 PN/DP", "simatic s7-1500", true},
		{"SIMATIC S7-1500", "simatic s7-1500", true},
		{"SIMATIC S7-1500", "SIMATIC S7_1500", true},
		{"SIMATIC S7-1500", "simatic s7 1500", true},
		{"SIMATIC S71500", "simatic s7-1500", true},
		{"SIMATIC S7-1500", "simatic s71500", true},
		{"SIMATIC S7-1200", "simatic s7-1500", false},
		{"SIMATIC S7-15000", "simatic s7-1500", false},
		{"SIMATIC S7-1500", "s7-1500", false},
		{"SIMATIC S7-1500", "simatic s", false},
		{"SIMATIC S7-1500", "simatic s7-1500 cpu", false},
		{"druid-operator", "druid", true},
		{"Windows 10", "windows 1", false},
	}
	for _, tt := range tests {
		f := newNameForm(splitWords(tt.name), "name", tt.name)
		if got := f.hasPrefix(compact(splitWords(tt.spec))); got != tt.want {
			t.Errorf("%q starts with %q = %v, want %v", tt.name, tt.spec, got, tt.want)
		}
	}
}

func TestParseSpec(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		kind    Kind
		vendor  string
		product string
		rng     string
		keys    []string
	}{
		{"vendor:Siemens AG", KindVendor, "siemens", "", "all versions", []string{"v:siemens"}},
		{"  vendor: Red Hat ", KindVendor, "red hat", "", "all versions", []string{"v:redhat"}},
		{"VENDOR:moxa", KindVendor, "moxa", "", "all versions", []string{"v:moxa"}},
		{"siemens/simatic s7-1500", KindProduct, "siemens", "simatic s7 1500", "all versions", []string{"vp:siemens/sima"}},
		{"Siemens AG/SIMATIC S7-1500 CPU 1518-4 PN/DP", KindProduct, "siemens", "simatic s7 1500 cpu 1518 4 pn dp", "all versions", []string{"vp:siemens/sima"}},
		{"siemens/simatic s7-1500@>=2.0,<2.9.2", KindProduct, "siemens", "simatic s7 1500", ">=2.0,<2.9.2", []string{"vp:siemens/sima"}},
		{"siemens/simatic s7-1500@2.8", KindProduct, "siemens", "simatic s7 1500", "2.8", []string{"vp:siemens/sima"}},
		{"moxa/nport@vers:semver/>=1.0.0|<2.0.0", KindProduct, "moxa", "nport", ">=1.0.0,<2.0.0", []string{"vp:moxa/npor"}},
		{"abb/e-design@1.x", KindProduct, "abb", "e design", ">=1,<2", []string{"vp:abb/edes"}},
		{"siemens/s7", KindProduct, "siemens", "s7", "all versions", []string{"vp:siemens/s7"}},
		{"siemens/IE/AS-i Link PN IO", KindProduct, "siemens", "ie as i link pn io", "all versions", []string{"vp:siemens/ieas"}},
		{"cpe:2.3:o:siemens:simatic_s7-1500_cpu_firmware:2.8:*:*:*:*:*:*:*", KindCPE, "siemens", "simatic s7 1500 cpu firmware", "2.8", []string{"v:siemens"}},
		{"cpe:2.3:a:*:tomcat:*:*:*:*:*:*:*:*", KindCPE, "", "tomcat", "all versions", []string{"*"}},
		{"cpe:2.3:a:apache:tomcat:9.0.87", KindCPE, "apache", "tomcat", "9.0.87", []string{"v:apache"}},
		{"cpe:2.3:a:apache:*:*:*:*:*:*:*:*:*", KindCPE, "apache", "", "all versions", []string{"v:apache"}},
		{`cpe:2.3:a:foo\:bar:baz:1.0:*:*:*:*:*:*:*`, KindCPE, "foo bar", "baz", "1.0", []string{"v:foobar"}},
		{"cpe:2.3:a:apache:tomcat:9.*:*:*:*:*:*:*:*", KindCPE, "apache", "tomcat", ">=9,<10", []string{"v:apache"}},
		{"cpe:2.3:a:sie*:simatic:*:*:*:*:*:*:*:*", KindCPE, "sie", "simatic", "all versions", []string{"*"}},
		{"cpe:/a:redhat:enterprise_linux:8::appstream", KindCPE, "redhat", "enterprise linux", "8", []string{"v:redhat"}},
		{"cpe:/o:linux:linux_kernel:6.3-rc1", KindCPE, "linux", "linux kernel", "6.3-rc1", []string{"v:linux"}},
		{"cpe:/a:siemens:simatic_logon:1.6:upd6", KindCPE, "siemens", "simatic logon", "1.6 upd6", []string{"v:siemens"}},
		{"pkg:rpm/redhat/openssh", KindPURL, "", "", "all versions", []string{"purl:rpm/redhat/openssh"}},
		{"pkg:rpm/redhat/openssh@8.7p1-38.el9_4.4", KindPURL, "", "", "8.7p1-38.el9_4.4", []string{"purl:rpm/redhat/openssh"}},
		{"pkg:maven/org.yaml/snakeyaml@1.33", KindPURL, "", "", "1.33", []string{"purl:maven/org.yaml/snakeyaml"}},
		{"pkg:pypi/Django_Rest", KindPURL, "", "", "all versions", []string{"purl:pypi/django-rest"}},
		{"pkg:oci/Druid?repository_url=oci.stackable.tech/sdp/druid", KindPURL, "", "", "all versions", []string{"purl:oci/druid"}},
	}
	for _, tt := range tests {
		sp, err := ParseSpec(tt.in)
		if err != nil {
			t.Errorf("ParseSpec(%q): %v", tt.in, err)
			continue
		}
		if sp.Kind() != tt.kind || sp.Vendor() != tt.vendor || sp.Product() != tt.product || sp.Range().String() != tt.rng {
			t.Errorf("ParseSpec(%q) = kind %v vendor %q product %q range %q; want %v %q %q %q",
				tt.in, sp.Kind(), sp.Vendor(), sp.Product(), sp.Range(), tt.kind, tt.vendor, tt.product, tt.rng)
		}
		if got := sp.IndexKeys(); !slices.Equal(got, tt.keys) {
			t.Errorf("ParseSpec(%q).IndexKeys() = %q, want %q", tt.in, got, tt.keys)
		}
		if sp.String() != strings.TrimSpace(tt.in) {
			t.Errorf("ParseSpec(%q).String() = %q", tt.in, sp.String())
		}
	}
}

func TestParseSpecCanonical(t *testing.T) {
	t.Parallel()
	same := [][]string{
		{"Siemens AG/SIMATIC S7-1500", "siemens/simatic s7 1500", " SIEMENS/Simatic S7_1500 "},
		{"vendor:Red Hat, Inc.", "vendor:red hat", "vendor:RedHat"},
		{"moxa/nport@>=1.0,<2.0", "Moxa Inc./NPort@>= 1.0 , < 2.0"},
	}
	for _, group := range same {
		var first string
		for i, s := range group {
			sp, err := ParseSpec(s)
			if err != nil {
				t.Fatalf("ParseSpec(%q): %v", s, err)
			}
			if i == 0 {
				first = sp.Canonical()
			} else if sp.Canonical() != first {
				t.Errorf("Canonical(%q) = %q, want %q as for %q", s, sp.Canonical(), first, group[0])
			}
		}
	}
	a, _ := ParseSpec("siemens/simatic s7-1500@2.8")
	b, _ := ParseSpec("siemens/simatic s7-1500@2.9")
	if a.Canonical() == b.Canonical() {
		t.Error("specs with different ranges must not share a canonical form")
	}
}

func TestParseSpecErrors(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"", "the spec is empty"},
		{"   ", "the spec is empty"},
		{"siemens", `missing "/" between vendor and product (for every product of a vendor write vendor:siemens)`},
		{"/simatic", `the vendor before "/" is empty`},
		{"--/simatic", `the vendor before "/" is empty`},
		{"siemens/", `the product after "/" is empty (for every product of a vendor write vendor:siemens)`},
		{"siemens/ - ", "the product after"},
		{"siemens/simatic@", `nothing after "@"`},
		{"siemens/simatic >= 2.0", "put the version range after \"@\""},
		{"siemens/simatic@>=3,<2", "holds no version"},
		{"siemens/simatic@latest", "has no digit"},
		{"siemens/simatic@1.0;drop", "contains"},
		{"vendor:", "vendor: needs a vendor name"},
		{"vendor:siemens@2.0", "vendor: takes no version range"},
		{"cpe:2.3:a:vendor", "at least part, vendor and product"},
		{"cpe:2.3:a:v:p:1:*:*:*:*:*:*:*:extra", "has 11 components"},
		{"cpe:2.3:x:siemens:simatic", "CPE part \"x\""},
		{"cpe:2.3:a:-:simatic", `cannot be "-"`},
		{"cpe:/a:siemens", "at least part, vendor and product"},
		{"cpe:siemens:simatic", `starts with "cpe:2.3:" or "cpe:/"`},
		{"pkg:", "not a valid package URL"},
		{"pkg:npm", "not a valid package URL"},
		{"pkg:/", "not a valid package URL"},
	}
	for _, tt := range tests {
		_, err := ParseSpec(tt.in)
		if err == nil {
			t.Errorf("ParseSpec(%q) succeeded, want error %q", tt.in, tt.want)
			continue
		}
		msg := err.Error()
		if !strings.Contains(msg, tt.want) {
			t.Errorf("ParseSpec(%q) error %q, want it to contain %q", tt.in, msg, tt.want)
		}
		if !strings.Contains(msg, "accepted forms: vendor:NAME") {
			t.Errorf("ParseSpec(%q) error %q does not show the accepted forms", tt.in, msg)
		}
		var se *SpecError
		if !errors.As(err, &se) || se.Spec != tt.in {
			t.Errorf("ParseSpec(%q) error is not a *SpecError naming the spec: %#v", tt.in, err)
		}
	}
}

func TestSpecErrorUnwraps(t *testing.T) {
	t.Parallel()
	_, err := ParseSpec("siemens/simatic@>=3,<2")
	var se *SpecError
	if !errors.As(err, &se) || se.Err == nil || !errors.Is(err, se.Err) {
		t.Fatalf("range errors must be wrapped: %v", err)
	}
}
