package product

import (
	"strings"
	"testing"

	"github.com/tocsin-cert/tocsin/internal/advisory"
)

// Fixtures copy the few field values of real products from the shared
// corpus (shared/corpus/csaf/<source>/<file>), as a CSAF reader flattens
// them: vendor, product_family, product_name and product_version(_range)
// branches, product_identification_helper, and for relationship products
// the component's fields with Platform set.
func corpusProducts() map[string]advisory.Product {
	return map[string]advisory.Product{
		// cisa/icsa-22-167-14.json CSAFPID-0001 (known_affected)
		"logon": {ID: "CSAFPID-0001", Name: " SIMATIC Logon V1.6", Vendor: "Siemens", Product: " SIMATIC Logon V1.6",
			VersionRange: "All versions < V1.6 Upd6"},
		// cisa/icsa-22-167-14.json CSAFPID-0002
		"opcua": {ID: "CSAFPID-0002", Name: "Industrial Edge - OPC UA Connector", Vendor: "Siemens",
			Product: "Industrial Edge - OPC UA Connector", VersionRange: "vers:all/<V1.7"},
		// cisa/icsa-22-167-14.json CSAFPID-0004
		"crossbow": {ID: "CSAFPID-0004", Name: "RUGGEDCOM CROSSBOW Station Access Controller (SAC)", Vendor: "Siemens",
			Product: "RUGGEDCOM CROSSBOW Station Access Controller (SAC)", VersionRange: "All versions only when running on ROX II < V2.15.1"},
		// cisa/icsa-24-046-11.json CSAFPID-0001
		"xch328": {ID: "CSAFPID-0001", Name: "SCALANCE XCH328 (6GK5328-4TS01-2EC2)", Vendor: "Siemens",
			Product: "SCALANCE XCH328 (6GK5328-4TS01-2EC2)", VersionRange: "<V2.4", ModelNumbers: []string{"6GK5328-4TS01-2EC2"}},
		// cisa/icsa-17-129-02.json CSAFPID-0004
		"asi": {ID: "CSAFPID-0004", Name: "IE/AS-i Link PN IO", Vendor: "Siemens", Product: "IE/AS-i Link PN IO", VersionRange: "vers:all/*"},
		// cisa/icsa-22-069-03.json CSAFPID-0001
		"sinec": {ID: "CSAFPID-0001", Name: "SINEC NMS", Vendor: "Siemens", Product: "SINEC NMS", VersionRange: "< V1.0.3"},
		// cisa/icsa-24-200-01.json CSAFPID-0001
		"mailab": {ID: "CSAFPID-0001", Name: "Mitsubishi Electric Corporation MELSOFT MaiLab SW1DND-MAILAB-M: >=1.00A|<1.05F",
			Vendor: "Mitsubishi Electric Corporation", Product: "MELSOFT MaiLab SW1DND-MAILAB-M", VersionRange: ">=1.00A|<1.05F"},
		// cisa/icsa-21-187-01.json CSAFPID-0001
		"nport": {ID: "CSAFPID-0001", Name: "NPort IAW5000A-I/O Series firmware: Version 2.2 or earlier", Vendor: "Moxa",
			Product: "NPort IAW5000A-I/O Series firmware", VersionRange: "<= 2.2"},
		// cisa/icsa-23-243-04.json CSAFPID-0001
		"realport": {ID: "CSAFPID-0001", Name: "Digi RealPort for Windows: <= 4.8.488.0", Vendor: "Digi International, Inc. ",
			Product: "Digi RealPort for Windows", VersionRange: "<= 4.8.488.0"},
		// cisa/icsa-21-287-01.json CSAFPID-0001 (a range in product_version)
		"connexium": {ID: "CSAFPID-0001", Name: "ConneXium Network Manager: All versions", Vendor: "Schneider Electric Software, LLC",
			Product: "ConneXium Network Manager", Version: "vers:all/*"},
		// cisa/icsa-22-095-02.json CSAFPID-0001 (a list in product_version)
		"metasys": {ID: "CSAFPID-0001", Name: "Metasys ADS/ADX/OAS: Versions 10 and 11", Vendor: "Johnson Controls Inc",
			Product: "Metasys ADS/ADX/OAS", Version: "10 | 11"},
		// cisa/icsma-22-151-02.json CSAFPID-0001
		"synapsys": {ID: "CSAFPID-0001", Name: "BD Synapsys: Versions 4.20 4.20 SR1 and 4.30", Vendor: "Becton, Dickinson and Company (BD)",
			Product: "BD Synapsys", Version: "4.20 | 4.20 SR1 | 4.30"},
		// cisa/icsa-17-010-01a.json CSAFPID-0002
		"coresight": {ID: "CSAFPID-0002", Name: "PI Coresight: 2016 R2 and earlier versions", Vendor: "OSIsoft LLC",
			Product: "PI Coresight", VersionRange: "< 2016 R2"},
		// cisa/icsma-21-322-01.json CSAFPID-0001
		"intellibridge": {ID: "CSAFPID-0001", Name: "IntelliBridge EC 40 Hub: C.00.04 and prior", Vendor: "Philips",
			Product: "IntelliBridge EC 40 Hub", VersionRange: "<= C.00.04"},
		// cisa/icsma-22-251-01.json CSAFPID-0002
		"spectrum": {ID: "CSAFPID-0002", Name: "Baxter Spectrum IQ LVP: (v9.x) with Wireless Battery Modules v22D19 to v22D28",
			Vendor: "Baxter", Product: "Baxter Spectrum IQ LVP", VersionRange: "9.x (with Wireless Battery Modules >= 22D19 | <= v22D28)"},
		// cisa/va-24-201-01.json CSAFPID-0006
		"adminer": {ID: "CSAFPID-0006", Name: "Adminer (all versions)", Vendor: "Adminer", Product: "Adminer", VersionRange: "all versions"},
		// bsi/wid-sec-w-2024-0002.json T031840
		"kernel": {ID: "T031840", Name: "Open Source Linux Kernel <6.3-rc1", Vendor: "Open Source", Product: "Linux Kernel",
			VersionRange: "<6.3-rc1", CPE: "cpe:/o:linux:linux_kernel:6.3-rc1"},
		// bsi/wid-sec-w-2024-0002.json 67646
		"rhel-bsi": {ID: "67646", Name: "Red Hat Enterprise Linux", Vendor: "Red Hat", Product: "Red Hat Enterprise Linux",
			CPE: "cpe:/o:redhat:enterprise_linux:-"},
		// bsi/bsi-2022-0001.json CSAFPID-0005
		"converter": {ID: "CSAFPID-0005", Name: "CSAF Tools CVRF-CSAF-Converter 1.0.0-rc1", Vendor: "CSAF Tools",
			Product: "CVRF-CSAF-Converter", Version: "1.0.0-rc1", CPE: "cpe:/a:csaf-tools:cvrf-csaf-converter:1.0.0-rc1"},
		// redhat/CVE-2023-20862.json red_hat_enterprise_linux_9
		"rhel9": {ID: "red_hat_enterprise_linux_9", Name: "Red Hat Enterprise Linux 9", Vendor: "Red Hat",
			Product: "Red Hat Enterprise Linux 9", CPE: "cpe:/o:redhat:enterprise_linux:9"},
		// redhat/CVE-2023-20862.json red_hat_decision_manager_7:spring-security (relationship)
		"spring": {ID: "red_hat_decision_manager_7:spring-security", Name: "spring-security as a component of Red Hat Decision Manager 7",
			Vendor: "Red Hat", Version: "spring-security", Platform: "Red Hat Decision Manager 7", Relationship: "default_component_of"},
		// redhat/rhsa-2024_3666.json AppStream-8.10.0.Z.MAIN.EUS
		"appstream8": {ID: "AppStream-8.10.0.Z.MAIN.EUS", Name: "Red Hat Enterprise Linux AppStream (v. 8)", Vendor: "Red Hat",
			Family: "Red Hat Enterprise Linux", Product: "Red Hat Enterprise Linux AppStream (v. 8)", CPE: "cpe:/a:redhat:enterprise_linux:8::appstream"},
		// redhat/rhsa-2024_3666.json AppStream-8.10.0.Z.MAIN.EUS:tomcat-1:9.0.87-1.el8_10.1.noarch (relationship)
		"tomcat": {ID: "AppStream-8.10.0.Z.MAIN.EUS:tomcat-1:9.0.87-1.el8_10.1.noarch",
			Name: "tomcat-1:9.0.87-1.el8_10.1.noarch as a component of Red Hat Enterprise Linux AppStream (v. 8)", Vendor: "Red Hat",
			Version: "tomcat-1:9.0.87-1.el8_10.1.noarch", PURL: "pkg:rpm/redhat/tomcat@9.0.87-1.el8_10.1?arch=noarch&epoch=1",
			Platform: "Red Hat Enterprise Linux AppStream (v. 8)", Relationship: "default_component_of"},
		// stackable/cve-2022-1471.json druid amd64
		"druid": {ID: "pkg:oci/druid@sha256%3A5cd603012618d66d2c46cac48a3ac85da4e55746086d90ddd8773e8d695cd51b?arch=amd64&repository_url=oci.stackable.tech%2Fsdp%2Fdruid",
			Name: "druid:33.0.0-stackable25.11.0-amd64", Vendor: "Stackable", Product: "druid", Version: "33.0.0-stackable25.11.0-amd64",
			PURL: "pkg:oci/druid@sha256:5cd603012618d66d2c46cac48a3ac85da4e55746086d90ddd8773e8d695cd51b?arch=amd64&repository_url=oci.stackable.tech/sdp/druid"},
		// stackable/stacksa_2024_0101_0001.json openssh in airflow 2.6.3 (relationship)
		"openssh": {ID: "openssh:8.7p1-38.el9_4.4@airflow:2.6.3-stackable24.7.0-amd64", Name: "openssh:8.7p1-38.el9_4.4@airflow:2.6.3-stackable24.7.0-amd64",
			Vendor: "rhel", Product: "openssh", Version: "8.7p1-38.el9_4.4",
			PURL:     "pkg:rpm/rhel/openssh@8.7p1-38.el9_4.4?arch=x86_64&distro=rhel-9.4&upstream=openssh-8.7p1-38.el9_4.4.src.rpm",
			Platform: "airflow:2.6.3-stackable24.7.0-amd64", Relationship: "default_component_of"},
		// ciq/crlba-2025-2973.json rlc-9.5
		"rocky": {ID: "rlc-9.5", Name: "Rocky Linux from CIQ 9.5", Vendor: "CIQ", Family: "Rocky Linux from CIQ",
			Product: "Rocky Linux from CIQ 9.5", CPE: "cpe:2.3:o:ciq:rocky_linux_from_ciq:9.5:*:*:*:*:*:*:*"},
		// ciq/cve-2021-0146.json cbr-7.9:microcode_ctl (relationship; known_not_affected)
		"microcode": {ID: "cbr-7.9:microcode_ctl", Name: "microcode_ctl as a component of CIQ Bridge for CentOS 7.9", Vendor: "CIQ",
			Version: "microcode_ctl", Platform: "CIQ Bridge for CentOS 7.9", Relationship: "default_component_of"},
		// juice-shop/juice-shop-sa-20200513-express-jwt.json (no vendor branch)
		"juice": {ID: "juice-shop/juice-shop", Name: "OWASP Juice Shop", VersionRange: ">=v6.0.0", PURL: "pkg:docker/bkimminich/juice-shop"},
		// oasis-vex/2022-evd-uc-05-001.json CSAFPID-0001 (under_investigation)
		"xyz": {ID: "CSAFPID-0001", Name: "Example Company XYZ all versions", Vendor: "Example Company", Product: "XYZ", VersionRange: "vers:all/*"},
	}
}

func TestSpecMatchCorpus(t *testing.T) {
	t.Parallel()
	prods := corpusProducts()
	tests := []struct {
		product string
		spec    string
		match   bool
		reason  string // substring of the verdict's reason
	}{
		// vendor-wide
		{"logon", "vendor:Siemens AG", true, "vendor Siemens matches"},
		{"logon", "vendor:abb", false, "does not match subscribed vendor abb"},
		{"realport", "vendor:digi", true, "vendor Digi International, Inc."},
		{"synapsys", "vendor:BD", true, "vendor Becton"},
		{"synapsys", "vendor:becton dickinson", true, "vendor Becton"},
		{"connexium", "vendor:schneider electric", true, "matches"},
		{"tomcat", "vendor:redhat", true, "matches"},
		{"druid", "vendor:stackable", true, "vendor Stackable matches"},
		{"juice", "vendor:owasp", true, "name OWASP Juice Shop (the product names no vendor) starts with the vendor"},
		{"juice", "vendor:bkimminich", true, "package URL namespace bkimminich"},
		{"kernel", "vendor:linux", true, "CPE vendor linux"},
		// product, whole words, start of name or family
		{"logon", "siemens/simatic logon", true, "vendor Siemens and product SIMATIC Logon V1.6 match; every version subscribed"},
		{"logon", "siemens/logon", false, "no product name, family or identifier starts with logon"},
		{"opcua", "siemens/industrial edge", true, "product Industrial Edge - OPC UA Connector"},
		{"xch328", "siemens/scalance xc", false, "starts with scalance xc"},
		{"xch328", "siemens/6GK5328-4TS01-2EC2", true, "model number 6GK5328-4TS01-2EC2"},
		{"asi", "siemens/ie/as-i link@3.0", true, "advisory says all versions (vers:all/*) are affected"},
		{"realport", "digi/realport", true, "product Digi RealPort for Windows"},
		{"spectrum", "baxter/spectrum iq", true, "product Baxter Spectrum IQ LVP"},
		{"appstream8", "red hat/enterprise linux", true, "product Red Hat Enterprise Linux AppStream (v. 8)"},
		{"appstream8", "redhat/rhel", false, "starts with rhel"},
		{"rhel-bsi", "redhat/enterprise linux@9", true, "version unknown in advisory, matched on name (subscribed 9)"},
		{"juice", "owasp/juice shop", true, "starts with the subscribed vendor and product"},
		{"xyz", "example company/xyz@2.0", true, "advisory says all versions (vers:all/*) are affected"},
		// product with range
		{"logon", "siemens/simatic logon@1.6 upd5", true, "advisory range All versions < V1.6 Upd6 contains subscribed 1.6 upd5"},
		{"logon", "siemens/simatic logon@V1.6 Update 6", false, "does not contain subscribed V1.6 Update 6"},
		{"opcua", "siemens/industrial edge - opc ua connector@>=1.5,<1.8", true, "overlaps subscribed range >=1.5,<1.8"},
		{"opcua", "siemens/industrial edge - opc ua connector@>=1.7", false, "does not overlap"},
		{"xch328", "siemens/scalance xch328@2.3.1", true, "contains subscribed 2.3.1"},
		{"xch328", "siemens/scalance xch328@2.4", false, "does not contain subscribed 2.4"},
		{"sinec", "siemens/sinec nms@1.0.2", true, "contains"},
		{"mailab", "mitsubishi electric/melsoft mailab@1.05E", true, "contains subscribed 1.05E"},
		{"mailab", "Mitsubishi Electric Corp./MELSOFT MaiLab@1.05F", false, "does not contain"},
		{"nport", "moxa/nport iaw5000a-i/o@2.2", true, "contains subscribed 2.2"},
		{"nport", "moxa/nport@2.2.1", false, "does not contain subscribed 2.2.1"},
		{"realport", "digi/realport@4.8.488", true, "contains subscribed 4.8.488"},
		{"connexium", "schneider electric/connexium network manager@1.0", true, "all versions"},
		{"metasys", "johnson controls/metasys@11", true, "advisory version 10 | 11 contains subscribed 11"},
		{"metasys", "johnson controls/metasys@12", false, "does not contain subscribed 12"},
		{"synapsys", "bd/synapsys@4.20 SR1", true, "contains subscribed 4.20 SR1"},
		{"synapsys", "bd/synapsys@4.20 SR2", false, "does not contain"},
		{"coresight", "osisoft/pi coresight@2016", true, "contains subscribed 2016"},
		{"coresight", "osisoft/pi coresight@2016 R2", false, "does not contain"},
		{"intellibridge", "philips/intellibridge ec 40@C.00.03", true, "contains subscribed C.00.03"},
		{"spectrum", "baxter/spectrum iq@9.1", true, "ignored the condition"},
		{"spectrum", "baxter/spectrum iq@8.5", false, "does not contain subscribed 8.5"},
		{"adminer", "adminer/adminer@4.8.1", true, "all versions"},
		{"crossbow", "siemens/ruggedcom crossbow@5.0", true, "could not be read"},
		{"rhel9", "redhat/enterprise linux@8", false, "advisory CPE version 9 is not subscribed 8"},
		{"rhel9", "redhat/enterprise linux@9.x", true, "advisory CPE version 9 is in subscribed range >=9,<10"},
		{"rocky", "ciq/rocky linux@9.x", true, "product Rocky Linux from CIQ 9.5 match; advisory CPE version 9.5 is in subscribed range >=9,<10"},
		{"converter", "csaf tools/cvrf-csaf-converter@1.0.0-rc1", true, "equals subscribed 1.0.0-rc1"},
		{"converter", "csaf tools/cvrf-csaf-converter@1.0.0", false, "is not subscribed 1.0.0"},
		{"druid", "stackable/druid@33.0.0", true, "is a build of subscribed 33.0.0"},
		{"druid", "stackable/druid@>=30,<34", true, "is in subscribed range"},
		{"druid", "stackable/druid@26.0.0", false, "is not subscribed 26.0.0"},
		// CPE
		{"kernel", "cpe:2.3:o:linux:linux_kernel:6.2:*:*:*:*:*:*:*", true, "advisory range <6.3-rc1 contains subscribed 6.2"},
		{"kernel", "cpe:2.3:o:linux:linux_kernel:6.3:*:*:*:*:*:*:*", false, "does not contain subscribed 6.3"},
		{"kernel", "cpe:2.3:*:*:linux_kernel:*:*:*:*:*:*:*:*", true, "matches the advisory's CPE"},
		{"kernel", "cpe:2.3:o:linux:linux_kern*:*:*:*:*:*:*:*:*", true, "matches the advisory's CPE"},
		{"kernel", "cpe:2.3:o:linux:kernel:6.2:*:*:*:*:*:*:*", false, "differs from the advisory's CPE cpe:/o:linux:linux_kernel:6.3-rc1 in product"},
		{"rhel-bsi", "cpe:2.3:o:redhat:enterprise_linux:9.2:*:*:*:*:*:*:*", true, "version unknown in advisory"},
		{"appstream8", "cpe:2.3:o:redhat:enterprise_linux:8:*:*:*:*:*:*:*", true, "equals subscribed 8"},
		{"appstream8", "cpe:/o:redhat:enterprise_linux:8::baseos", false, "in edition"},
		{"appstream8", "cpe:2.3:a:redhat:enterprise_linux:7:*:*:*:*:*:*:*", false, "advisory CPE version 8 is not subscribed 7"},
		{"rocky", "cpe:2.3:o:ciq:rocky_linux_from_ciq:9.5:*:*:*:*:*:*:*", true, "equals subscribed 9.5"},
		{"rocky", "cpe:2.3:o:ciq:rocky_linux_from_ciq_lts:9.5:*:*:*:*:*:*:*", false, "in product"},
		{"xch328", "cpe:2.3:h:siemens:scalance_xch328:*:*:*:*:*:*:*:*", true, "the advisory gives no CPE; by name"},
		{"mailab", "cpe:2.3:a:mitsubishielectric:melsoft_mailab:1.02B:*:*:*:*:*:*:*", true, "contains subscribed 1.02b"},
		{"realport", "cpe:2.3:a:digi:realport:*:*:*:*:*:*:*:*", true, "the advisory gives no CPE"},
		// package URL, with and without version
		{"tomcat", "pkg:rpm/redhat/tomcat", true, "every version subscribed"},
		{"tomcat", "pkg:rpm/redhat/tomcat@9.0.87-1.el8_10.1", true, "equals subscribed 9.0.87-1.el8_10.1"},
		{"tomcat", "pkg:rpm/redhat/tomcat@9.0.87", true, "is a build of subscribed 9.0.87"},
		{"tomcat", "pkg:rpm/redhat/tomcat@9.0.86-1.el8", false, "differs from subscribed 9.0.86-1.el8"},
		{"tomcat", "pkg:rpm/redhat/tomcat?arch=x86_64", false, "qualifiers"},
		{"tomcat", "pkg:rpm/redhat/tomcat-admin-webapps", false, "is not rpm/redhat/tomcat-admin-webapps"},
		{"openssh", "pkg:rpm/rhel/openssh@8.7p1-38.el9_4.4", true, "equals subscribed"},
		{"openssh", "pkg:rpm/redhat/openssh", false, "is not rpm/redhat/openssh"},
		{"openssh", "rhel/openssh@>=8.0,<9.0", true, "package URL version 8.7p1-38.el9_4.4 is in subscribed range"},
		{"druid", "pkg:oci/druid", true, "every version subscribed"},
		{"druid", "pkg:oci/druid@sha256:5cd603012618d66d2c46cac48a3ac85da4e55746086d90ddd8773e8d695cd51b", true, "equals subscribed"},
		{"druid", "pkg:oci/druid@sha256:e4a52426c37da32cc8d0bb57520b982a22ec1897ace8cf77fcf6ed2c2c5bd47c", false, "differs"},
		{"druid", "pkg:oci/druid?repository_url=oci.stackable.tech/sdp/druid", true, "matches"},
		{"juice", "pkg:docker/bkimminich/juice-shop@8.0.0", true, "advisory range >=v6.0.0 contains subscribed 8.0.0"},
		{"juice", "pkg:docker/bkimminich/juice-shop@5.1.0", false, "does not contain"},
		{"kernel", "pkg:generic/linux", false, "no package URL"},
		// relationship products match on their component's fields
		{"spring", "redhat/spring-security@5.8", true, "version unknown in advisory"},
		{"spring", "redhat/decision manager", false, "no product name"},
		{"microcode", "ciq/microcode_ctl", true, "name microcode_ctl as a component of CIQ Bridge for CentOS 7.9 match"},
		{"openssh", "rhel/openssh", true, "vendor rhel and product openssh match"},
	}
	for _, tt := range tests {
		p, ok := prods[tt.product]
		if !ok {
			t.Fatalf("no fixture %q", tt.product)
		}
		sp, err := ParseSpec(tt.spec)
		if err != nil {
			t.Errorf("ParseSpec(%q): %v", tt.spec, err)
			continue
		}
		v := sp.Match(p)
		if v.Match != tt.match || !strings.Contains(v.Reason, tt.reason) {
			t.Errorf("%q on %s (%s): got %v %q, want %v and a reason containing %q",
				tt.spec, tt.product, p.Name, v.Match, v.Reason, tt.match, tt.reason)
		}
		if v.Reason == "" {
			t.Errorf("%q on %s: empty reason", tt.spec, tt.product)
		}
	}
}

// TestKeysInvariant checks on the fixtures that a spec matches a product
// only when they share an index key.
func TestKeysInvariant(t *testing.T) {
	t.Parallel()
	specs := []string{"vendor:siemens", "vendor:red hat", "vendor:owasp", "siemens/simatic", "siemens/s",
		"redhat/enterprise linux", "digi/realport", "bd/synapsys", "owasp/juice shop", "ciq/rocky linux",
		"cpe:2.3:o:linux:linux_kernel:*:*:*:*:*:*:*:*", "cpe:2.3:*:*:enterprise_linux:*:*:*:*:*:*:*:*",
		"cpe:2.3:h:siemens:scalance_xch328:*:*:*:*:*:*:*:*", "cpe:2.3:a:redhat:*:*:*:*:*:*:*:*:*",
		"pkg:rpm/redhat/tomcat", "pkg:oci/druid", "pkg:docker/bkimminich/juice-shop", "rhel/openssh",
		"mitsubishi/melsoft", "philips/intellibridge", "johnson controls/metasys", "stackable/druid"}
	for name, p := range corpusProducts() {
		pk := ProductKeys(p)
		for _, s := range specs {
			sp, err := ParseSpec(s)
			if err != nil {
				t.Fatal(err)
			}
			shared := false
			for _, k := range sp.IndexKeys() {
				for _, q := range pk {
					if k == q || k == WildcardKey {
						shared = true
					}
				}
			}
			if v := sp.Match(p); v.Match && !shared {
				t.Errorf("%q matches %s (%s) without a shared key: spec %q, product %q", s, name, v.Reason, sp.IndexKeys(), pk)
			}
		}
	}
}
