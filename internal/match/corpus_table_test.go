package match

import (
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/tocsin-cert/tocsin/internal/advisory"
	"github.com/tocsin-cert/tocsin/internal/csaf"
	"github.com/tocsin-cert/tocsin/internal/cve5"
	"github.com/tocsin-cert/tocsin/internal/org"
	"github.com/tocsin-cert/tocsin/internal/osv"
	"github.com/tocsin-cert/tocsin/internal/testutil"
)

// verdicts of the hand-checked table.
const (
	notify      = "notify"       // the product matches and is affected or under investigation: a hit
	fixed       = "fixed"        // the product matches but is fixed: shown as such by Explain, no hit
	notAffected = "not affected" // the product matches but is known not affected (VEX): shown, no hit
	none        = "none"         // the product does not match
)

// handCase is one hand-checked case: a real corpus file, the product
// (by its name as the reader gives it, and its platform for products of a
// distribution or built by a relationship), a subscription SPEC, the
// expected verdict, and why.
type handCase struct {
	file     string // under shared/corpus
	name     string // advisory.Product.Name
	platform string // advisory.Product.Platform, when several products share the name
	spec     string
	want     string
	why      string
}

// handCases were worked out by hand from the files (the JSON path of each
// product is given by the reader's flattening; see the file for the raw
// values quoted in "why").
func handCases() []handCase {
	return []handCase{
		// CSAF: CISA / Siemens (free-form ranges)
		{"csaf/cisa/icsa-22-167-14.json", "SIMATIC Logon V1.6", "", "vendor:siemens", notify,
			"vendor-wide: vendor branch \"Siemens\", every product and version"},
		{"csaf/cisa/icsa-22-167-14.json", "SIMATIC Logon V1.6", "", "vendor:schneider electric", none,
			"vendor-wide for another vendor"},
		{"csaf/cisa/icsa-22-167-14.json", "SIMATIC Logon V1.6", "", "siemens/simatic logon@1.6 upd5", notify,
			"range \"All versions < V1.6 Upd6\": Upd5 is below Upd6"},
		{"csaf/cisa/icsa-22-167-14.json", "SIMATIC Logon V1.6", "", "siemens/simatic logon@V1.6 Update 6", none,
			"Update 6 is Upd6, the first version outside the range"},
		{"csaf/cisa/icsa-22-167-14.json", "RUGGEDCOM ROX RX1500", "", "Siemens AG/RUGGEDCOM ROX RX1500@2.14", notify,
			"\"vers:all/<V2.15.1\" holds 2.14; the legal suffix AG is ignored"},
		{"csaf/cisa/icsa-22-167-14.json", "RUGGEDCOM ROX RX1500", "", "siemens/ruggedcom rox rx1500@>=2.15.1", none,
			"the subscribed range starts at the first fixed version"},
		{"csaf/cisa/icsa-22-167-14.json", "RUGGEDCOM ROX RX1500", "", "siemens/ruggedcom rox@2.15.0", notify,
			"a product line (first words of the name), 2.15.0 < V2.15.1"},
		{"csaf/cisa/icsa-22-167-14.json", "RUGGEDCOM CROSSBOW Station Access Controller (SAC)", "", "siemens/ruggedcom crossbow@5.0", notify,
			"\"All versions only when running on ROX II < V2.15.1\" is a condition on another product: unreadable, matched on name"},
		{"csaf/cisa/icsa-24-200-01.json", "Mitsubishi Electric Corporation MELSOFT MaiLab SW1DND-MAILAB-M: >=1.00A|<1.05F", "",
			"mitsubishi electric/melsoft mailab@1.05E", notify, "letter revisions: 1.00A <= 1.05E < 1.05F"},
		{"csaf/cisa/icsa-24-200-01.json", "Mitsubishi Electric Corporation MELSOFT MaiLab SW1DND-MAILAB-M: >=1.00A|<1.05F", "",
			"Mitsubishi Electric Corp./MELSOFT MaiLab@1.05F", none, "1.05F is the exclusive upper bound"},
		{"csaf/cisa/icsa-22-095-02.json", "Metasys ADS/ADX/OAS: Versions 10 and 11", "", "johnson controls/metasys ads@11.0", notify,
			"product_version \"10 | 11\" is a list; 11.0 = 11"},
		{"csaf/cisa/icsa-22-095-02.json", "Metasys ADS/ADX/OAS: Versions 10 and 11", "", "johnson controls/metasys@12", none,
			"12 is in neither version"},
		{"csaf/cisa/icsa-19-211-01.json", "Wind River VxWorks Vx7: SR540", "", "wind river/vxworks vx7@SR540", notify,
			"product_version SR540 equals the subscribed one"},
		{"csaf/cisa/icsa-19-211-01.json", "Wind River VxWorks 7: SR620", "", "wind river/vxworks 7@SR620", notAffected,
			"CSAFPID-0008 is in known_not_affected"},
		{"csaf/cisa/icsa-19-211-01.json", "Wind River VxWorks: >=5.3|<=6.4", "", "wind river/vxworks@6.0", notAffected,
			"range >=5.3|<=6.4 holds 6.0 and is known_not_affected (the bootrom stack, all versions, still notifies)"},
		{"csaf/cisa/va-24-201-01.json", "AdminerEvo 4.8.3", "", "adminerevo/adminerevo@4.8.3", notify, "known_affected 4.8.3"},
		{"csaf/cisa/va-24-201-01.json", "AdminerEvo 4.8.4", "", "adminerevo/adminerevo@4.8.4", fixed, "4.8.4 is in product_status.fixed"},
		{"csaf/cisa/va-24-201-01.json", "Adminer (all versions)", "", "adminer/adminer@4.8.1", notify,
			"range \"all versions\"; \"adminer\" does not match vendor AdminerEvo (whole words)"},
		// CSAF: OASIS VEX examples, BSI
		{"csaf/oasis-vex/2022-evd-uc-01-na-001.json", "Example Company ABC 4.2", "", "example company/abc@4.2", notAffected,
			"VEX known_not_affected"},
		{"csaf/oasis-vex/2022-evd-uc-01-a-001.json", "Example Company DEF 1.0", "", "Example Company/DEF", notify,
			"VEX known_affected, every version subscribed"},
		{"csaf/oasis-vex/sec-vex-2022-0001.json", "Secvisogram <=1.14.0", "", "vendor:secvisogram", notAffected,
			"vendor-wide, but the only product is known_not_affected"},
		{"csaf/bsi/bsi-2022-0001.json", "CSAF Tools CVRF-CSAF-Converter 1.0.0-rc2", "",
			"cpe:2.3:a:csaf-tools:cvrf-csaf-converter:1.0.0-rc2:*:*:*:*:*:*:*", fixed, "CPE equal, status first_fixed"},
		{"csaf/bsi/bsi-2022-0001.json", "CSAF Tools CVRF-CSAF-Converter 1.0.0-rc1", "",
			"cpe:2.3:a:csaf-tools:cvrf-csaf-converter:*:*:*:*:*:*:*:*", notify, "CPE with version * covers every version"},
		{"csaf/bsi/bsi-2022-0001.json", "CSAF Tools CVRF-CSAF-Converter 1.0.0-dev1", "", "csaf tools/cvrf-csaf-converter@1.0.0", none,
			"1.0.0-dev1 is a pre-release of 1.0.0, not 1.0.0"},
		{"csaf/bsi/wid-sec-w-2024-0002.json", "Red Hat Enterprise Linux", "", "cpe:2.3:o:redhat:enterprise_linux:9.2:*:*:*:*:*:*:*", notify,
			"advisory CPE version \"-\": no version given, matched on name"},
		{"csaf/bsi/wid-sec-w-2024-0002.json", "Ubuntu Linux", "", "cpe:2.3:o:canonical:*:*:*:*:*:*:*:*:*", notify,
			"CPE wildcard product under vendor canonical"},
		{"csaf/bsi/wid-sec-w-2024-0002.json", "Oracle VM", "", "cpe:2.3:o:oracle:vm:*:*:*:*:*:*:*:*", notify,
			"advisory CPE part a, subscribed o: the part is not compared"},
		{"csaf/bsi/wid-sec-w-2024-0002.json", "Oracle VM", "", "cpe:2.3:a:oracle:linux:*:*:*:*:*:*:*:*", none,
			"CPE product linux is not vm"},
		// CSAF: package URLs, relationships
		{"csaf/juice-shop/juice-shop-sa-20200513-express-jwt.json", "OWASP Juice Shop", "", "pkg:docker/bkimminich/juice-shop@8.0.0", notify,
			"purl matches, range >=v6.0.0 holds 8.0.0"},
		{"csaf/juice-shop/juice-shop-sa-20200513-express-jwt.json", "OWASP Juice Shop", "", "pkg:docker/bkimminich/juice-shop@5.1.0", none,
			"5.1.0 is below v6.0.0"},
		{"csaf/juice-shop/juice-shop-sa-20200513-express-jwt.json", "OWASP Juice Shop", "", "vendor:owasp", notify,
			"no vendor branch: the name starts with the vendor"},
		{"csaf/stackable/stacksa_2024_0101_0001.json", "openssh:8.7p1-38.el9_4.4@airflow:2.6.3-stackable24.7.0-amd64", "",
			"pkg:rpm/rhel/openssh@8.7p1-38.el9_4.4", notify, "the component's purl and version (rpm order), qualifiers not subscribed"},
		{"csaf/stackable/stacksa_2024_0101_0001.json", "openssh:8.7p1-38.el9_4.4@airflow:2.6.3-stackable24.7.0-amd64", "",
			"stackable/airflow@2.6.3", notify, "relationship: openssh is part of the image airflow:2.6.3-stackable24.7.0-amd64, a build of 2.6.3"},
		{"csaf/stackable/stacksa_2024_0101_0001.json", "openssh:8.7p1-38.el9_4.4@airflow:2.8.1-stackable24.7.0-amd64", "",
			"stackable/airflow@2.6.3", none, "the 2.8.1 image is not 2.6.3"},
		{"csaf/redhat/CVE-2023-20862.json", "spring-security as a component of Red Hat Decision Manager 7", "", "redhat/decision manager", notify,
			"relationship default_component_of Red Hat Decision Manager 7, known_affected"},
		{"csaf/redhat/CVE-2023-20862.json", "log4j as a component of Red Hat Enterprise Linux 9", "", "cpe:/o:redhat:enterprise_linux:9", notAffected,
			"the platform's CPE matches; the component is known_not_affected"},
		{"csaf/redhat/CVE-2023-20862.json", "spring-security as a component of Red Hat JBoss Enterprise Application Platform 7", "",
			"red hat/spring-security", notAffected, "spring-security in EAP 7 is known_not_affected (affected elsewhere)"},
		{"csaf/redhat/CVE-2024-34500.json", "mediawiki as a component of Red Hat OpenShift Container Platform 3.11", "", "pkg:rpm/redhat/mediawiki", notify,
			"purl without qualifiers covers ?arch=src"},
		{"csaf/redhat/CVE-2024-34500.json", "mediawiki as a component of Red Hat OpenShift Container Platform 3.11", "", "pkg:rpm/redhat/mediawiki?arch=noarch", none,
			"qualifier arch=noarch contradicts arch=src"},
		// OSV
		{"osv/debian/DSA-5474-1.json", "intel-microcode", "Debian 11", "pkg:deb/debian/intel-microcode@3.20230512.1~deb11u1", notify,
			"affected[0] introduced 0, fixed 3.20230808.1~deb11u1 (Debian order)"},
		{"osv/debian/DSA-5474-1.json", "intel-microcode", "Debian 11", "pkg:deb/debian/intel-microcode@3.20230808.1~deb11u1", fixed,
			"the fixed version itself"},
		{"osv/debian/DSA-5474-1.json", "intel-microcode", "Debian 12", "debian/intel-microcode@3.20230808.1", none,
			"3.20230808.1 sorts after the fix 3.20230808.1~deb12u1: the tilde sorts before the end"},
		{"osv/go/GO-2022-1143.json", "stdlib", "", "pkg:golang/stdlib@1.19.3", notify, "second pair: introduced 1.19.0-0, fixed 1.19.4"},
		{"osv/go/GO-2022-1143.json", "stdlib", "", "pkg:golang/stdlib@1.19.0-rc.1", notify, "a pre-release after 1.19.0-0 (SemVer §11)"},
		{"osv/go/GO-2022-1143.json", "stdlib", "", "pkg:golang/stdlib@1.18.9", fixed, "the first fixed version"},
		{"osv/ghsa/GHSA-2ccf-ffrj-m4qw.json", "@fastify/passport", "", "pkg:npm/%40fastify/passport@2.2.0", notify,
			"affected[1]: introduced 2.0.0, fixed 2.3.0"},
		{"osv/ghsa/GHSA-2ccf-ffrj-m4qw.json", "@fastify/passport", "", "pkg:npm/%40fastify/passport@1.1.0", fixed,
			"affected[0] fixed 1.1.0"},
		{"osv/ghsa/GHSA-54q4-74p3-mgcw.json", "github.com/zhaojh329/rttys", "", "pkg:golang/github.com/zhaojh329/rttys@4.0.2", notify,
			"last_affected 4.0.2 is inclusive"},
		{"osv/rustsec/RUSTSEC-2021-0079.json", "hyper", "", "pkg:cargo/hyper@0.14.9", notify, "introduced 0.0.0-0 (the beginning), fixed 0.14.10"},
		{"osv/pypi/PYSEC-2021-63.json", "cryptography", "", "pkg:pypi/cryptography@3.3.2rc1", notify, "PEP 440: 3.3.2rc1 < 3.3.2"},
		{"osv/pypi/PYSEC-2021-63.json", "cryptography", "", "pkg:pypi/cryptography@3.1.2", fixed, "affected[0] fixed 3.1.2"},
		{"osv/ghsa/GHSA-77rv-6vfw-x4gc.json", "org.springframework.security.oauth:spring-security-oauth", "",
			"pkg:maven/org.springframework.security.oauth/spring-security-oauth@2.0.17.RELEASE", fixed,
			"Maven: 2.0.17.RELEASE = 2.0.17, the fixed version"},
		{"osv/redhat/RHSA-2024_4546.json", "git-lfs", "Red Hat rhel_aus 8.6 appstream", "pkg:rpm/redhat/git-lfs@2.13.3-3.el8_6", notify,
			"rpm order: 2.13.3-3.el8_6 < 0:2.13.3-3.el8_6.1"},
		{"osv/ubuntu/USN-5614-1.json", "wayland", "Ubuntu 18.04 LTS", "ubuntu/wayland@vers:deb/>=1.16.0-1ubuntu1|<1.16.0-1ubuntu1.1", notify,
			"a vers:deb subscription overlapping <1.16.0-1ubuntu1.1~18.04.4"},
		{"osv/alpine/CVE-2022-27449.json", "mariadb", "Alpine v3.15", "pkg:apk/alpine/mariadb@10.6.7-r0", notify,
			"apk versions in the generic order: 10.6.7-r0 < 10.6.8-r0"},
		{"osv/alpine/CVE-2022-27449.json", "mariadb", "Alpine v3.15", "vendor:alpine", notify, "the distribution as vendor"},
		// CVE JSON 5
		{"cve5/osv.dev/CVE-2021-44228.json", "Apache Software Foundation Apache Log4j2", "", "apache/log4j2@2.14.1", notify,
			"versions 2.13.0 to <2.15.0; vendor words stripped from the product name"},
		{"cve5/osv.dev/CVE-2021-44228.json", "Apache Software Foundation Apache Log4j2", "", "apache/log4j2@2.12.2", fixed,
			"2.12.2 is a fixed version"},
		{"cve5/osv.dev/CVE-2021-44228.json", "Apache Software Foundation Apache Log4j2", "", "apache/log4j2@2.0-beta8", none,
			"the first affected version is 2.0-beta9"},
		{"cve5/osv.dev/CVE-2024-3094.json", "xz", "Red Hat Enterprise Linux 9", "pkg:rpm/redhat/xz", notAffected,
			"defaultStatus unaffected, no versions: not affected"},
		{"cve5/osv.dev/CVE-2024-3094.json", "xz", "", "pkg:github/tukaani-project/xz@5.6.1", notify, "version 5.6.1 affected"},
		{"cve5/vulnrichment/CVE-2021-47074.json", "Linux", "", "linux/linux@5.10.39", notify,
			"defaultStatus affected from 4.8, 5.10.40 and later 5.10.* unaffected"},
		{"cve5/vulnrichment/CVE-2021-47074.json", "Linux", "", "linux/linux@5.10.40", fixed, "5.10.40 is the fix of the 5.10 line"},
		{"cve5/vulnrichment/CVE-2024-6232.json", "Python Software Foundation CPython", "", "python software foundation/cpython@3.13.0rc1", notify,
			"versionType python: 3.13.0a1 <= 3.13.0rc1 < 3.13.0rc2"},
		{"cve5/vulnrichment/CVE-2024-6232.json", "Python Software Foundation CPython", "", "python software foundation/cpython@3.12.6", fixed,
			"fixed in 3.12.6"},
		{"cve5/vulnrichment/CVE-2023-41175.json", "libtiff", "Red Hat Enterprise Linux 6", "pkg:rpm/redhat/libtiff", notify,
			"defaultStatus unknown: under investigation"},
		{"cve5/vulnrichment/CVE-2024-27946.json", "siemens ruggedcom_crossbow", "", "cpe:2.3:a:siemens:ruggedcom_crossbow:5.4:*:*:*:*:*:*:*", notify,
			"ADP: version - lessThan 5.5"},
		{"cve5/vulnrichment/CVE-2024-27946.json", "siemens ruggedcom_crossbow", "", "cpe:2.3:a:siemens:ruggedcom_crossbow:5.5:*:*:*:*:*:*:*", fixed,
			"5.5 is the fix"},
		{"cve5/vulnrichment/CVE-2024-38229.json", "Microsoft .NET 8.0", "", "cpe:2.3:a:microsoft:.net:8.0.8:*:*:*:*:*:*:*", notify,
			"CPE cpe:2.3:a:microsoft:.net:8.0.0, range 8.0.0 to <8.0.10"},
		{"cve5/vulnrichment/CVE-2023-35674.json", "Google Android", "", "google/android@12L", notify, "versions 11, 12, 12L, 13"},
		{"cve5/vulnrichment/CVE-2023-35674.json", "Google Android", "", "google/android@14", none, "14 is not listed"},
		{"cve5/vulnrichment/CVE-2024-9348.json", "Docker Desktop", "", "docker/docker desktop@4.34.2", notify, "semver, lessThan 4.34.3"},
		{"cve5/vulnrichment/CVE-2021-41357.json", "Microsoft Windows Server 2022", "", "microsoft/windows server 2022@10.0.20348.288", fixed,
			"lessThan 10.0.20348.288: that build is the fix"},
	}
}

// corpusReaders reads shared corpus files once per test binary.
type corpusReaders struct {
	mu   sync.Mutex
	docs map[string]*advisory.Advisory
}

func (c *corpusReaders) read(t *testing.T, rel string) *advisory.Advisory {
	t.Helper()
	c.mu.Lock()
	defer c.mu.Unlock()
	if a, ok := c.docs[rel]; ok {
		return a
	}
	data, err := os.ReadFile(testutil.Corpus(t, rel))
	if err != nil {
		t.Fatal(err)
	}
	parse := map[string]func([]byte) (*advisory.Advisory, error){"csaf": csaf.Parse, "osv": osv.Parse, "cve5": cve5.Parse}[strings.Split(rel, "/")[0]]
	a, err := parse(data)
	if err != nil {
		t.Fatalf("%s: %v", rel, err)
	}
	if c.docs == nil {
		c.docs = map[string]*advisory.Advisory{}
	}
	c.docs[rel] = a
	return a
}

// TestHandCheckedCorpus runs the hand-checked table: each case builds an
// index of one profile holding the spec, matches the real advisory and
// explains it, and checks the verdict on the named product.
func TestHandCheckedCorpus(t *testing.T) {
	t.Parallel()
	cases := handCases()
	if len(cases) < 40 {
		t.Fatalf("%d cases, want at least 40", len(cases))
	}
	kinds := map[string]int{}
	var docs corpusReaders
	for _, c := range cases {
		kinds[c.want]++
		kinds[strings.Split(c.file, "/")[0]]++
		name := fmt.Sprintf("%s|%s|%s", c.file, c.name, c.spec)
		a := docs.read(t, c.file)
		selected := map[string]bool{}
		for _, p := range a.Products {
			if p.Name == c.name && (c.platform == "" || p.Platform == c.platform) {
				selected[p.ID] = true
			}
		}
		if len(selected) == 0 {
			t.Errorf("%s: no product named %q (platform %q)", name, c.name, c.platform)
			continue
		}
		ix := mustIndex(t, []org.Profile{{ID: 1, OrgID: 1, Products: []string{c.spec}}})
		var hit *Hit
		for _, h := range ix.Match(a) {
			if selected[h.ProductID] {
				hit = &h
				break
			}
		}
		var shown []Explanation
		for _, e := range ix.Explain(a, 1) {
			if selected[e.ProductID] && e.Match {
				shown = append(shown, e)
			}
		}
		got := none
		switch {
		case hit != nil:
			got = notify
		case len(shown) > 0:
			got = shown[0].Status.Label()
			for _, e := range shown {
				if e.Status.Label() == c.want {
					got = c.want
				}
			}
		}
		if got != c.want {
			detail := ""
			for _, e := range ix.Explain(a, 1) {
				if selected[e.ProductID] {
					detail += fmt.Sprintf("\n\t%s [%s] match=%v: %s", e.ProductID, e.Status, e.Match, e.Reason)
				}
			}
			t.Errorf("%s: got %s, want %s (%s)%s", name, got, c.want, c.why, detail)
			continue
		}
		if hit != nil && (hit.Reason == "" || hit.Spec != c.spec) {
			t.Errorf("%s: hit %+v", name, hit)
		}
		if c.want == fixed || c.want == notAffected {
			if !strings.Contains(shown[0].Reason, "not notified") {
				t.Errorf("%s: the explanation does not say it was not notified: %s", name, shown[0].Reason)
			}
		}
	}
	t.Logf("%d cases: %v", len(cases), kinds)
	for _, k := range []string{notify, fixed, notAffected, none, "csaf", "osv", "cve5"} {
		if kinds[k] < 3 {
			t.Errorf("only %d %s cases", kinds[k], k)
		}
	}
}
