package product

import (
	"testing"

	"github.com/tocsin-cert/tocsin/internal/advisory"
)

func TestTargetVersion(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		p    advisory.Product
		want string // canonical range, "" when the product gives no version
		from string
	}{
		{"range wins", advisory.Product{VersionRange: "<6.3-rc1", CPE: "cpe:/o:linux:linux_kernel:6.3-rc1"}, "<6.3-rc1", "range"},
		{"plain version", advisory.Product{Version: "4.8.2"}, "4.8.2", "version"},
		{"range in version", advisory.Product{Version: "10 | 11"}, "10 | 11", "version"},
		{"vers in version", advisory.Product{Version: "vers:all/*"}, "all versions", "version"},
		{"condition dropped", advisory.Product{Version: "2016 R2 (when deployed using the PI AF Services 2016 R2 integrated install kit)"}, "2016 R2", "version"},
		{"model-like version", advisory.Product{Version: "MMT-1710"}, "MMT-1710", "version"},
		{"VxWorks SR", advisory.Product{Version: "SR540"}, "SR540", "version"},
		{"RPM NEVRA", advisory.Product{Version: "bind-export-libs-32:9.11.4-26.1.P2.el7_9.ciqcbr.18.i686"}, "9.11.4-26.1.P2.el7_9.ciqcbr.18", "version"},
		{"RPM NEVRA no epoch", advisory.Product{Version: "sudo-1.9.5p2-7.el9_0.4.aarch64"}, "1.9.5p2-7.el9_0.4", "version"},
		{"RPM NEVR epoch, no arch", advisory.Product{Version: "telnet-1:0.17-65.el7_6"}, "0.17-65.el7_6", "version"},
		{"image tag", advisory.Product{Version: "openshift4/ose-metering-hive:v4.6.0-202112160147.p0.gf139e12.assembly.stream"}, "v4.6.0-202112160147.p0.gf139e12.assembly.stream", "version"},
		{"component name", advisory.Product{Version: "spring-security"}, "", ""},
		{"component name with digit", advisory.Product{Version: "log4j"}, "", ""},
		{"maven name", advisory.Product{Version: "io.quarkus/quarkus-vertx-http"}, "", ""},
		{"image digest", advisory.Product{Version: "migration-toolkit-virtualization/mtv-api-rhel9@sha256:0f4e01423ae4c7a6f825f2373c7766f78f12aba02d7521f20c57b7d8ab595c90_amd64"}, "", ""},
		{"purl version wins over version", advisory.Product{Version: "org.aesh.aesh-2.7.0.redhat-00002",
			PURL: "pkg:maven/org.aesh/aesh@2.7.0.redhat-00002?type=jar"}, "2.7.0.redhat-00002", "package URL version"},
		{"purl digest, version used", advisory.Product{Version: "33.0.0-stackable25.11.0-amd64",
			PURL: "pkg:oci/druid@sha256:5cd603012618d66d2c46cac48a3ac85da4e55746086d90ddd8773e8d695cd51b?arch=amd64"}, "33.0.0-stackable25.11.0-amd64", "version"},
		{"purl digest with tag", advisory.Product{
			PURL: "pkg:oci/mtv-api-rhel9@sha256:0f4e01423ae4c7a6f825f2373c7766f78f12aba02d7521f20c57b7d8ab595c90?arch=amd64&tag=2.5.6-8"}, "2.5.6-8", "image tag"},
		{"CPE version and update", advisory.Product{CPE: "cpe:/a:siemens:simatic_logon:1.6:upd6"}, "1.6 upd6", "CPE version"},
		{"CPE NA version", advisory.Product{CPE: "cpe:/o:redhat:enterprise_linux:-"}, "", ""},
		{"CPE 2.3 version", advisory.Product{CPE: "cpe:2.3:o:ciq:rocky_linux_from_ciq:9.5:*:*:*:*:*:*:*"}, "9.5", "CPE version"},
		{"nothing", advisory.Product{Name: "Adminer"}, "", ""},
	}
	for _, tt := range tests {
		tg := NewTarget(tt.p)
		got := ""
		if tg.verKnown {
			got = tg.ver.String()
		}
		if got != tt.want || tg.verFrom != tt.from {
			t.Errorf("%s: version %q from %q, want %q from %q", tt.name, got, tg.verFrom, tt.want, tt.from)
		}
	}
}

func TestIsBuildOf(t *testing.T) {
	t.Parallel()
	tests := []struct {
		adv, sub string
		want     bool
	}{
		{"33.0.0-stackable25.11.0-amd64", "33.0.0", true},
		{"9.11.4-26.1.P2.el7_9", "9.11.4", true},
		{"V1.6 Upd6", "1.6", true},
		{"2.0.0+build.7", "2.0.0", true},
		{"1.0.0-rc1", "1.0.0", false}, // a pre-release is not a build
		{"2.4.1", "2.4", false},       // another version
		{"33.0.0", "33.0.0", false},   // equal, not a build
		{"3.0.0-1", "33.0.0", false},
		{"1.2", "", false},
	}
	for _, tt := range tests {
		if got := isBuildOf(SchemeGeneric, tt.adv, tt.sub); got != tt.want {
			t.Errorf("isBuildOf(%q, %q) = %v, want %v", tt.adv, tt.sub, got, tt.want)
		}
	}
}

func TestParseCPE(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want [cpeAttrs]string
	}{
		{"cpe:2.3:o:siemens:simatic_s7-1500_cpu_firmware:2.8:*:*:*:*:*:*:*",
			[cpeAttrs]string{"o", "siemens", "simatic_s7-1500_cpu_firmware", "2.8", "*", "*", "*", "*", "*", "*", "*"}},
		{`cpe:2.3:a:foo\:bar:b\.az:1\.0:-:*:*:*:*:*:*`,
			[cpeAttrs]string{"a", "foo:bar", "b.az", "1.0", "-", "*", "*", "*", "*", "*", "*"}},
		{"cpe:2.3:a:Apache:Tomcat",
			[cpeAttrs]string{"a", "apache", "tomcat", "*", "*", "*", "*", "*", "*", "*", "*"}},
		{"cpe:/a:redhat:enterprise_linux:8::appstream",
			[cpeAttrs]string{"a", "redhat", "enterprise_linux", "8", "*", "appstream", "*", "*", "*", "*", "*"}},
		{"cpe:/a:acme:prod%20uct:1.0:sp1:~pro~home~windows~x64~beta:de",
			[cpeAttrs]string{"a", "acme", "prod uct", "1.0", "sp1", "pro", "de", "home", "windows", "x64", "beta"}},
		{"cpe:/o:oracle:linux:-",
			[cpeAttrs]string{"o", "oracle", "linux", "-", "*", "*", "*", "*", "*", "*", "*"}},
	}
	for _, tt := range tests {
		c, err := parseCPE(tt.in)
		if err != nil {
			t.Errorf("parseCPE(%q): %v", tt.in, err)
			continue
		}
		var got [cpeAttrs]string
		for i, a := range c.attrs {
			got[i] = a.String()
		}
		if got != tt.want {
			t.Errorf("parseCPE(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if !globMatch("simatic*", "simatic_s7") || globMatch("simatic?", "simatic_s7") || !globMatch(`a\*b`, "a*b") {
		t.Error("globMatch")
	}
}
