package product

import (
	"testing"

	"github.com/tocsin-cert/tocsin/internal/advisory"
)

// TestMatchesTargetAgrees checks that the quick decision equals the full
// verdict on the corpus fixtures and a spread of specs of every form.
func TestMatchesTargetAgrees(t *testing.T) {
	t.Parallel()
	specs := []string{"vendor:siemens", "vendor:red hat", "vendor:owasp", "vendor:bd", "vendor:bkimminich", "vendor:linux",
		"vendor:open source", "siemens/simatic", "siemens/s", "siemens/simatic logon@1.6 upd5", "siemens/simatic logon@V1.6 Update 6",
		"siemens/industrial edge - opc ua connector@>=1.5,<1.8", "siemens/scalance xch328@2.4", "siemens/6GK5328-4TS01-2EC2",
		"siemens/ruggedcom crossbow@5.0", "redhat/enterprise linux", "redhat/enterprise linux@8", "redhat/enterprise linux@9.x",
		"digi/realport@4.8.488", "bd/synapsys@4.20 SR1", "bd/synapsys@4.20 SR2", "owasp/juice shop", "owasp/juice shop@7",
		"ciq/rocky linux@9.x", "ciq/microcode_ctl", "mitsubishi electric/melsoft mailab@1.05E", "philips/intellibridge ec 40@C.00.03",
		"johnson controls/metasys@12", "baxter/spectrum iq@8.5", "stackable/druid@33.0.0", "stackable/druid@>=30,<34",
		"csaf tools/cvrf-csaf-converter@1.0.0", "rhel/openssh@>=8.0,<9.0", "redhat/spring-security@5.8",
		"cpe:2.3:o:linux:linux_kernel:6.2:*:*:*:*:*:*:*", "cpe:2.3:o:linux:linux_kernel:6.3:*:*:*:*:*:*:*",
		"cpe:2.3:*:*:linux_kernel:*:*:*:*:*:*:*:*", "cpe:2.3:o:linux:linux_kern*:*:*:*:*:*:*:*:*",
		"cpe:2.3:o:redhat:enterprise_linux:9.2:*:*:*:*:*:*:*", "cpe:/o:redhat:enterprise_linux:8::baseos",
		"cpe:2.3:h:siemens:scalance_xch328:*:*:*:*:*:*:*:*", "cpe:2.3:a:mitsubishielectric:melsoft_mailab:1.02B:*:*:*:*:*:*:*",
		"cpe:2.3:a:*:tomcat:*:*:*:*:*:*:*:*", "cpe:2.3:a:redhat:*:*:*:*:*:*:*:*:*", "cpe:2.3:a:*:*:*:*:*:*:*:*:*:*",
		"cpe:2.3:a:ow*:juice*:*:*:*:*:*:*:*:*", "cpe:2.3:a:owasp:juice_shop:7.0:*:*:*:*:*:*:*",
		"pkg:rpm/redhat/tomcat", "pkg:rpm/redhat/tomcat@9.0.87", "pkg:rpm/redhat/tomcat@9.0.86-1.el8", "pkg:rpm/redhat/tomcat?arch=x86_64",
		"pkg:rpm/rhel/openssh@8.7p1-38.el9_4.4", "pkg:oci/druid", "pkg:oci/druid@sha256:5cd603012618d66d2c46cac48a3ac85da4e55746086d90ddd8773e8d695cd51b",
		"pkg:oci/druid@sha256:e4a52426c37da32cc8d0bb57520b982a22ec1897ace8cf77fcf6ed2c2c5bd47c", "pkg:docker/bkimminich/juice-shop@8.0.0",
		"pkg:docker/bkimminich/juice-shop@5.1.0", "pkg:docker/bkimminich/juice-shop"}
	prods := corpusProducts()
	extra := []advisory.Product{
		{Name: "OWASP Juice Shop", Product: "OWASP Juice Shop", VersionRange: ">= 6.0"},
		{Name: "Open Source Linux Kernel", Vendor: "", Product: "Open Source Linux Kernel 6.1"},
	}
	for i, p := range extra {
		prods[string(rune('A'+i))] = p
	}
	n := 0
	for _, s := range specs {
		sp, err := ParseSpec(s)
		if err != nil {
			t.Fatalf("ParseSpec(%q): %v", s, err)
		}
		for name, p := range prods {
			tg := NewTarget(p)
			full := sp.MatchTarget(tg)
			if quick := sp.MatchesTarget(tg); quick != full.Match {
				t.Errorf("%q on %s: MatchesTarget %v, MatchTarget %v (%s)", s, name, quick, full.Match, full.Reason)
			}
			if full.Match {
				n++
			}
		}
	}
	if n < 40 {
		t.Errorf("only %d matching pairs: the table does not exercise matches", n)
	}
}
