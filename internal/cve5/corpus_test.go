package cve5

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tocsin-cert/tocsin/internal/advisory"
	"github.com/tocsin-cert/tocsin/internal/product"
	"github.com/tocsin-cert/tocsin/internal/testutil"
)

// pkg is what a careful reader lists for one product of a record: the
// products named so (on that platform, from that container) must have the
// status and, if affected, together contain the versions in "in" and none
// of "out".
type pkg struct {
	names    []string // Product; one entry per name, all with these expectations
	source   string   // "cna" (default) or "cisa-adp": the container
	platform string
	vendor   string // checked when set
	purl     string // one product has it, when set
	cpe      string // one product has it, when set
	status   advisory.Status
	in, out  []string
	all      bool     // every version is affected
	unknown  bool     // the range cannot be read: matched on name
	fixed    []string // versions of the fixed products, when checked
}

// record is a corpus file as a careful reader reads it.
type record struct {
	file      string
	publisher string // CNA short name
	status    string // "" = final
	affected  int    // number of notifying products
	scores    []string
	adpScores []string // scores the CISA-ADP gave, "version:score"
	kev       bool     // in CISA's Known Exploited Vulnerabilities catalog
	severity  string   // AggregateSeverity
	pkgs      []pkg
}

func corpusRecords() []record {
	rhel := []string{"Red Hat Enterprise Linux 10", "Red Hat Enterprise Linux 6", "Red Hat Enterprise Linux 7",
		"Red Hat Enterprise Linux 8", "Red Hat Enterprise Linux 9", "Red Hat JBoss Enterprise Application Platform 8"}
	var xzRHEL []pkg
	for _, p := range rhel {
		xzRHEL = append(xzRHEL, pkg{names: []string{"xz"}, platform: p, vendor: "Red Hat", purl: "pkg:rpm/redhat/xz", status: advisory.StatusKnownNotAffected})
	}
	vonets := []string{"VAR1200-H", "VAR1200-L", "VAR600-H", "VAP11AC", "VAP11G-500S", "VBG1200", "VAP11S-5G", "VAP11S",
		"VAR11N-300", "VAP11G-300", "VAP11N-300", "VAP11G", "VAP11G-500", "VGA-1000"}
	var vonetsFW []string
	for _, v := range vonets {
		if v != "VAP11G-500" {
			vonetsFW = append(vonetsFW, strings.ToLower(v)+"_firmware")
		}
	}
	dlink := []string{"DNS-120", "DNR-202L", "DNS-315L", "DNS-320", "DNS-320L", "DNS-320LW", "DNS-321", "DNR-322L", "DNS-323",
		"DNS-325", "DNS-326", "DNS-327L", "DNR-326", "DNS-340L", "DNS-343", "DNS-345", "DNS-726-4", "DNS-1100-4", "DNS-1200-05", "DNS-1550-04"}
	return []record{
		// Log4Shell: 2.0-beta9 up to 2.15.0 except the 2.3.1 and 2.12.2
		// lines (changes[]); the CVSS score comes from CISA's ADP only.
		{file: "osv.dev/CVE-2021-44228.json", publisher: "apache", affected: 1, severity: "critical",
			scores: []string{"3.1:10"}, adpScores: []string{"3.1:10"}, kev: true,
			pkgs: []pkg{{names: []string{"Apache Log4j2"}, vendor: "Apache Software Foundation",
				in:    []string{"2.0-beta9", "2.0", "2.3", "2.4", "2.11.2", "2.12.1", "2.13.0", "2.14.1"},
				out:   []string{"2.0-alpha1", "1.2.17", "2.3.1", "2.3.2", "2.12.2", "2.12.4", "2.15.0", "2.17.1"},
				fixed: []string{"2.3.1", "2.12.2", "2.15.0"}}}},
		// xz 5.6.0 and 5.6.1; Red Hat's releases are not affected.
		{file: "osv.dev/CVE-2024-3094.json", publisher: "redhat", affected: 1, severity: "Critical", scores: []string{"3.1:10"},
			pkgs: append([]pkg{{names: []string{"xz"}, vendor: "tukaani-project", purl: "pkg:github/tukaani-project/xz",
				in: []string{"5.6.0", "5.6.1"}, out: []string{"5.4.6", "5.6.2", "5.8.0"}}}, xzRHEL...)},
		// Python protobuf: three "0 <" ranges (4.25.8, 5.29.5, 6.31.1): read
		// literally, everything below 6.31.1; the fixes are the three.
		{file: "osv.dev/CVE-2025-4565.json", publisher: "Google", affected: 2, scores: []string{"4.0:8.2"},
			pkgs: []pkg{
				{names: []string{"Python-Protobuf"}, vendor: "protocolbuffers", in: []string{"3.20.0", "4.25.7", "5.29.4", "6.31.0"},
					out: []string{"6.31.1", "7.0.0"}, fixed: []string{"4.25.8", "5.29.5", "6.31.1"}},
				{names: []string{"Python-Protobuf"}, purl: "pkg:pypi/protobuf"},
			}},
		// 1999 record: vendor, product and version are all "n/a".
		{file: "trustify/CVE-1999-0001.json", publisher: "mitre", affected: 0},
		{file: "trustify/CVE-2021-32714.json", publisher: "GitHub_M", affected: 1, scores: []string{"3.1:5.9"},
			pkgs: []pkg{{names: []string{"hyper"}, vendor: "hyperium", in: []string{"0.14.9", "0.13.0"}, out: []string{"0.14.10", "1.0.0"},
				fixed: []string{"0.14.10"}}}},
		// HTTP/2 Rapid Reset: the CNA says n/a; CISA's ADP names HTTP 2.0.
		{file: "trustify/CVE-2023-44487.json", publisher: "mitre", affected: 1, scores: []string{"3.1:7.5"}, adpScores: []string{"3.1:7.5"}, kev: true,
			pkgs: []pkg{{names: []string{"http"}, source: "cisa-adp", vendor: "ietf", cpe: "cpe:2.3:a:ietf:http:2.0:*:*:*:*:*:*:*",
				in: []string{"2.0"}, out: []string{"1.1", "3.0"}}}},
		{file: "vulnrichment/CVE-2017-3425.json", publisher: "oracle", affected: 1,
			pkgs: []pkg{{names: []string{"One-to-One Fulfillment"}, vendor: "Oracle", in: []string{"12.1.1", "12.1.3", "12.2.6"},
				out: []string{"12.1.4", "12.2.7", "12.0.6"}}}},
		{file: "vulnrichment/CVE-2019-2440.json", publisher: "oracle", affected: 1,
			pkgs: []pkg{{names: []string{"Marketing"}, vendor: "Oracle Corporation", in: []string{"12.1.1", "12.2.8"}, out: []string{"12.2.9", "12.0.6"}}}},
		// "12.1.1-12.1.3": the 12.1.1 to 12.1.3 releases.
		{file: "vulnrichment/CVE-2020-2838.json", publisher: "oracle", affected: 1, scores: []string{"3.0:8.6"},
			pkgs: []pkg{{names: []string{"CRM Gateway for Mobile Devices"}, in: []string{"12.1.1", "12.1.2", "12.1.3"}, out: []string{"12.1.4", "12.2.0", "12.0.6"}}}},
		// D-Link DCS-5220: only CISA's ADP names it, every version.
		{file: "vulnrichment/CVE-2021-3182.json", publisher: "mitre", affected: 1, scores: []string{"3.1:8"}, adpScores: []string{"3.1:8"},
			pkgs: []pkg{{names: []string{"dcs-5220_firmware"}, source: "cisa-adp", vendor: "d-link", all: true}}},
		// Windows: seven products, each before its fixed build.
		{file: "vulnrichment/CVE-2021-41357.json", publisher: "microsoft", affected: 7, scores: []string{"3.1:7.8"}, kev: true,
			pkgs: []pkg{
				{names: []string{"Windows 10 Version 21H1"}, vendor: "Microsoft", cpe: "cpe:2.3:o:microsoft:windows_10_21H1:10.0.19043.1288:*:*:*:*:*:x64:*",
					in: []string{"10.0.19043.1237", "10.0.0"}, out: []string{"10.0.19043.1288", "10.0.19043.1300"}, fixed: []string{"10.0.19043.1288"}},
				{names: []string{"Windows Server 2022"}, in: []string{"10.0.20348.230"}, out: []string{"10.0.20348.288"}},
				{names: []string{"Windows 10 Version 2004", "Windows Server version 2004"}, in: []string{"10.0.19041.1237"}, out: []string{"10.0.19041.1288"}},
				{names: []string{"Windows 10 Version 20H2", "Windows Server version 20H2"}, in: []string{"10.0.19042.1237"}, out: []string{"10.0.19042.1288"}},
				{names: []string{"Windows 11 version 21H2"}, in: []string{"10.0.22000.194"}, out: []string{"10.0.22000.258"}},
			}},
		// Linux kernel: git commit ranges (a note) and the versions: from 4.8,
		// fixed in 5.10.40 (5.10 line) and 5.12.7 (5.12 line), and 5.13.
		{file: "vulnrichment/CVE-2021-47074.json", publisher: "Linux", affected: 1,
			pkgs: []pkg{{names: []string{"Linux"}, vendor: "Linux",
				in:  []string{"4.8", "4.19.100", "5.4.100", "5.10.39", "5.11", "5.12.6"},
				out: []string{"4.7", "3.10", "5.10.40", "5.10.200", "5.12.7", "5.13", "6.1"}, fixed: []string{"5.10.40", "5.12.7"}}}},
		{file: "vulnrichment/CVE-2021-47377.json", publisher: "Linux", status: "rejected", affected: 0},
		// FortiOS 7.2.0, 7.0.0 to 7.0.6, 6.4.0 to 6.4.9, written as a list
		// that starts with the product name.
		{file: "vulnrichment/CVE-2022-35842.json", publisher: "fortinet", affected: 1, scores: []string{"3.1:3.7"},
			pkgs: []pkg{{names: []string{"Fortinet FortiOS"}, vendor: "Fortinet", in: []string{"7.2.0", "7.0.0", "7.0.3", "7.0.6", "6.4.0", "6.4.9"},
				out: []string{"7.2.1", "7.0.7", "6.4.10", "6.2.10"}}}},
		// "before version 3.4.4"; vendor n/a.
		{file: "vulnrichment/CVE-2023-24591.json", publisher: "intel", affected: 1, scores: []string{"3.1:6.7"},
			pkgs: []pkg{{names: []string{"Intel(R) Binary Configuration Tool software"}, in: []string{"3.4.3", "1.0"}, out: []string{"3.4.4", "3.5"},
				fixed: []string{"3.4.4"}}}},
		// "before Brocade Fabric OS v9.1.1c, v9.2.0": fixed in 9.1.1c and
		// 9.2.0, so below 9.1.1c.
		{file: "vulnrichment/CVE-2023-31428.json", publisher: "brocade", affected: 1, scores: []string{"3.1:5.5"},
			pkgs: []pkg{{names: []string{"Fabric OS"}, vendor: "Brocade", in: []string{"9.1.1b", "9.1.0", "8.2.3"},
				out: []string{"9.1.1c", "9.1.2", "9.2.0", "9.2.1"}}}},
		// Android 11, 12, 12L, 13 (CNA and CISA's ADP).
		{file: "vulnrichment/CVE-2023-35674.json", publisher: "google_android", affected: 2, kev: true,
			pkgs: []pkg{
				{names: []string{"Android"}, vendor: "Google", in: []string{"11", "12", "12L", "13"}, out: []string{"10", "14"}},
				{names: []string{"android"}, source: "cisa-adp", cpe: "cpe:2.3:o:google:android:-:*:*:*:*:*:*:*", in: []string{"12L", "13"}, out: []string{"14"}},
			}},
		// ZDI tested 3.21.0 (CNA); CISA's ADP says below 3.21.0.
		{file: "vulnrichment/CVE-2023-40509.json", publisher: "zdi", affected: 2, scores: []string{"3.0:8.2"},
			pkgs: []pkg{
				{names: []string{"Simple Editor"}, vendor: "LG", in: []string{"3.21.0"}, out: []string{"3.20.0", "3.22.0"}},
				{names: []string{"simple_editor"}, source: "cisa-adp", vendor: "lg", in: []string{"3.20.0"}, out: []string{"3.21.0"}},
			}},
		// Red Hat: libtiff of RHEL 9 before 4.4.0-12.el9; RHEL 8 packages
		// without fix (every version); RHEL 6 and 7 unknown.
		{file: "vulnrichment/CVE-2023-41175.json", publisher: "redhat", affected: 7, severity: "Moderate", scores: []string{"3.1:6.5"},
			pkgs: []pkg{
				{names: []string{"libtiff"}, platform: "Red Hat Enterprise Linux 9", vendor: "Red Hat", purl: "pkg:rpm/redhat/libtiff",
					cpe: "cpe:/a:redhat:enterprise_linux:9::appstream",
					in:  []string{"4.4.0-11.el9", "0:4.4.0-8.el9_2"}, out: []string{"4.4.0-12.el9", "0:4.4.0-12.el9", "4.4.0-13.el9"}, fixed: []string{"0:4.4.0-12.el9"}},
				{names: []string{"libtiff", "compat-libtiff3", "mingw-libtiff"}, platform: "Red Hat Enterprise Linux 8", all: true},
				{names: []string{"libtiff"}, platform: "Red Hat Enterprise Linux 6", status: advisory.StatusUnderInvestigation},
				{names: []string{"libtiff", "compact-libtiff"}, platform: "Red Hat Enterprise Linux 7", status: advisory.StatusUnderInvestigation},
			}},
		// Qlik Sense named by release months ("may_2023"): only CISA's ADP
		// gives products; such versions cannot be compared.
		{file: "vulnrichment/CVE-2023-41265.json", publisher: "mitre", affected: 3, scores: []string{"3.1:9.6"}, kev: true,
			pkgs: []pkg{{names: []string{"qlik_sense"}, source: "cisa-adp", vendor: "qlik", unknown: true}}},
		{file: "vulnrichment/CVE-2023-42920.json", publisher: "apple", affected: 2, scores: []string{"3.1:7.8"}, adpScores: []string{"3.1:7.8"},
			pkgs: []pkg{
				{names: []string{"FileMaker Pro"}, vendor: "Claris", in: []string{"20.1", "19.6.3"}, out: []string{"20.2", "20.3"}, fixed: []string{"20.2"}},
				{names: []string{"filemaker_pro"}, source: "cisa-adp", in: []string{"20.1"}, out: []string{"20.2"}},
			}},
		{file: "vulnrichment/CVE-2023-46653.json", publisher: "jenkins", affected: 1,
			pkgs: []pkg{{names: []string{"Jenkins lambdatest-automation Plugin"}, vendor: "Jenkins Project",
				in: []string{"1.20.10", "1.0"}, out: []string{"1.20.11", "1.21.0"}}}},
		// "11.3, 11.4, 11.5, 12.0" in one version field; ADP one entry each.
		{file: "vulnrichment/CVE-2023-47711.json", publisher: "ibm", affected: 5, scores: []string{"3.1:2.7"},
			pkgs: []pkg{
				{names: []string{"Security Guardium"}, vendor: "IBM", in: []string{"11.3", "11.4", "11.5", "12.0"}, out: []string{"11.2", "11.6", "12.1"}},
				{names: []string{"security_guardium"}, source: "cisa-adp", in: []string{"11.3", "12.0"}, out: []string{"12.1"}},
			}},
		// WordPress plugin up to 3.10.1, fixed in 3.11.
		{file: "vulnrichment/CVE-2023-51468.json", publisher: "Patchstack", affected: 2, scores: []string{"3.1:10"},
			pkgs: []pkg{
				{names: []string{"Rencontre – Dating Site"}, vendor: "Jacques Malgrange", in: []string{"3.10.1", "3.0"}, out: []string{"3.11", "3.12"},
					fixed: []string{"3.11"}},
				{names: []string{"download_rencontre_-_dating_site"}, source: "cisa-adp", vendor: "boiteasite", in: []string{"3.10.1"}, out: []string{"3.11"}},
			}},
		{file: "vulnrichment/CVE-2024-1855.json", publisher: "Wordfence", affected: 2, scores: []string{"3.1:5.3"},
			pkgs: []pkg{
				{names: []string{"WPCafe – Online Food Ordering, Restaurant Menu, Delivery, and Reservations for WooCommerce"}, vendor: "themewinter",
					in: []string{"2.2.23", "1.0.0"}, out: []string{"2.2.24", "2.3.0"}},
				{names: []string{"wpcafe"}, source: "cisa-adp", in: []string{"2.2.23"}, out: []string{"2.2.24"}},
			}},
		// Cisco: 22 listed AsyncOS releases.
		{file: "vulnrichment/CVE-2024-20257.json", publisher: "cisco", affected: 1, scores: []string{"3.1:4.8"},
			pkgs: []pkg{{names: []string{"Cisco Secure Email"}, vendor: "Cisco", in: []string{"11.0.3-238", "12.5.4-041", "15.5.0-048"},
				out: []string{"15.5.1-055", "16.0.0-054", "11.0.3-239"}}}},
		// The CNA's version is a firmware id that cannot be compared (matched
		// on name); CISA's ADP reads it as 2.0.201820.
		{file: "vulnrichment/CVE-2024-2415.json", publisher: "INCIBE", affected: 2, scores: []string{"3.1:7.8"},
			pkgs: []pkg{
				{names: []string{"Router Movistar 4G"}, vendor: "Movistar", unknown: true},
				{names: []string{"es_wld71-t1_firmware"}, source: "cisa-adp", in: []string{"2.0.201820"}, out: []string{"2.0.201821"}},
			}},
		// Bentley: the CNA says n/a; CISA's ADP gives both products.
		{file: "vulnrichment/CVE-2024-27455.json", publisher: "mitre", affected: 2, scores: []string{"3.1:9.1"}, adpScores: []string{"3.1:9.1"},
			pkgs: []pkg{
				{names: []string{"assetwise_alim_web"}, source: "cisa-adp", vendor: "bentley", in: []string{"23.00.03", "23.00.04.03"},
					out: []string{"23.00.02", "23.00.04.04"}, fixed: []string{"23.00.04.04"}},
				{names: []string{"assetwise_information_integrity_server"}, source: "cisa-adp", in: []string{"16.9", "23.00.02.02"}, out: []string{"16.8", "23.00.02.03"}},
			}},
		{file: "vulnrichment/CVE-2024-27946.json", publisher: "siemens", affected: 2, scores: []string{"3.1:6.5"},
			pkgs: []pkg{
				{names: []string{"RUGGEDCOM CROSSBOW"}, vendor: "Siemens", in: []string{"V5.4", "5.0"}, out: []string{"V5.5", "5.6"}, fixed: []string{"V5.5"}},
				{names: []string{"ruggedcom_crossbow"}, source: "cisa-adp", in: []string{"5.4"}, out: []string{"5.5"}},
			}},
		// Up to 4.9.7; the change to unaffected is at 4.9.10.
		{file: "vulnrichment/CVE-2024-30427.json", publisher: "Patchstack", affected: 1, scores: []string{"3.1:7.1"},
			pkgs: []pkg{{names: []string{"Spiffy Calendar"}, vendor: "Spiffy Plugins", in: []string{"4.9.7", "1.0"}, out: []string{"4.9.10", "5.0"},
				fixed: []string{"4.9.10"}}}},
		{file: "vulnrichment/CVE-2024-31284.json", publisher: "Patchstack", affected: 2, scores: []string{"3.1:6.5"},
			pkgs: []pkg{
				{names: []string{"EmbedPress"}, vendor: "WPDeveloper", in: []string{"3.9.8", "2.0"}, out: []string{"3.9.9", "4.0"}, fixed: []string{"3.9.9"}},
				{names: []string{"embedpress"}, source: "cisa-adp", in: []string{"3.9.8"}, out: []string{"3.9.9"}},
			}},
		// Adobe writes defaultStatus "affected" next to "<= 27.9.4": the
		// listed range is meant (CISA's ADP adds <= 28.5).
		{file: "vulnrichment/CVE-2024-34133.json", publisher: "adobe", affected: 2, scores: []string{"3.1:7.8"},
			pkgs: []pkg{
				{names: []string{"Illustrator"}, vendor: "Adobe", in: []string{"27.9.4", "27.0", "26.5.3"}, out: []string{"27.9.5", "28.0"}},
				{names: []string{"illustrator"}, source: "cisa-adp", in: []string{"28.5", "27.9.4"}, out: []string{"28.6", "29.0"}},
			}},
		// Go's encoding/gob: before 1.22.7, and 1.23 before 1.23.1; scores
		// only from CISA's ADP.
		{file: "vulnrichment/CVE-2024-34156.json", publisher: "Go", affected: 2, scores: []string{"3.1:7.5"}, adpScores: []string{"3.1:7.5"},
			pkgs: []pkg{
				{names: []string{"encoding/gob"}, vendor: "Go standard library", purl: "pkg:golang/stdlib",
					in: []string{"1.22.6", "1.21.0", "1.23.0", "1.23.0-rc1"}, out: []string{"1.22.7", "1.23.1", "1.24.0"}, fixed: []string{"1.22.7", "1.23.1"}},
				{names: []string{`encoding\/gob`}, source: "cisa-adp", in: []string{"1.22.6"}, out: []string{"1.22.7"}},
			}},
		{file: "vulnrichment/CVE-2024-37430.json", publisher: "Patchstack", affected: 2, scores: []string{"3.1:5.3"},
			pkgs: []pkg{
				{names: []string{"Patreon WordPress"}, vendor: "Patreon", in: []string{"1.9.0"}, out: []string{"1.9.1", "2.0"}, fixed: []string{"1.9.1"}},
				{names: []string{"patreon_wordpress"}, source: "cisa-adp", in: []string{"1.9.0"}, out: []string{"1.9.1"}},
			}},
		{file: "vulnrichment/CVE-2024-3746.json", publisher: "icscert", affected: 2, scores: []string{"3.1:5.5", "4.0:6.8", "3.1:7.1"},
			adpScores: []string{"3.1:7.1"},
			pkgs: []pkg{
				{names: []string{"ScadaPro"}, vendor: "Measuresoft", in: []string{"6.9.0.0"}, out: []string{"6.8.0.0", "6.9.1.0"}},
				{names: []string{"measuresoft"}, source: "cisa-adp", vendor: "scadapro", in: []string{"6.9.0.0"}, out: []string{"6.9.1.0"}},
			}},
		{file: "vulnrichment/CVE-2024-38229.json", publisher: "microsoft", affected: 5, scores: []string{"3.1:8.1"},
			pkgs: []pkg{
				{names: []string{"Microsoft Visual Studio 2022 version 17.6"}, vendor: "Microsoft", in: []string{"17.6.0", "17.6.19"}, out: []string{"17.6.20", "17.5.0"},
					fixed: []string{"17.6.20"}},
				{names: []string{"Microsoft Visual Studio 2022 version 17.8"}, in: []string{"17.8.14"}, out: []string{"17.8.15"}},
				{names: []string{"Microsoft Visual Studio 2022 version 17.10"}, in: []string{"17.10.7"}, out: []string{"17.10.8"}},
				{names: []string{"Microsoft Visual Studio 2022 version 17.11"}, in: []string{"17.11.4"}, out: []string{"17.11.5"}},
				{names: []string{".NET 8.0"}, in: []string{"8.0.0", "8.0.9"}, out: []string{"8.0.10", "7.0.20"}},
			}},
		{file: "vulnrichment/CVE-2024-38688.json", publisher: "Patchstack", status: "rejected", affected: 0},
		{file: "vulnrichment/CVE-2024-41170.json", publisher: "siemens", affected: 3, scores: []string{"3.1:7.8", "4.0:7.3"},
			pkgs: []pkg{
				{names: []string{"Tecnomatix Plant Simulation V2302"}, vendor: "Siemens", in: []string{"V2302.0014", "V2302.0001"}, out: []string{"V2302.0015"}},
				{names: []string{"Tecnomatix Plant Simulation V2404"}, in: []string{"V2404.0003"}, out: []string{"V2404.0004"}},
				{names: []string{"tecnomatix_plant_simulation"}, source: "cisa-adp", in: []string{"2302.0014", "2404.0003"},
					out: []string{"2302.0015", "2404.0004", "2303.0"}},
			}},
		// Vonets: 16 CNA entries (two repeated), 14 ADP entries, all up to
		// 3.3.23.6.9.
		{file: "vulnrichment/CVE-2024-41936.json", publisher: "icscert", affected: 30, scores: []string{"3.1:7.5", "4.0:8.7"},
			pkgs: []pkg{
				{names: vonets, vendor: "Vonets", in: []string{"3.3.23.6.9", "3.3.23.6.8", "3.0"}, out: []string{"3.3.23.7.0", "3.3.24"}},
				{names: vonetsFW, source: "cisa-adp", vendor: "vonets", in: []string{"3.3.23.6.9"}, out: []string{"3.3.24"}},
			}},
		// Linux: from 3.18, fixed in each stable line, unaffected from 6.10.
		{file: "vulnrichment/CVE-2024-42089.json", publisher: "Linux", affected: 1,
			pkgs: []pkg{{names: []string{"Linux"},
				in:    []string{"3.18", "4.19.316", "5.4.278", "5.10.220", "5.15.161", "6.1.96", "6.6.36", "6.9.7", "6.8"},
				out:   []string{"3.17", "4.19.317", "5.4.279", "5.10.221", "5.15.200", "6.1.97", "6.6.37", "6.9.8", "6.10", "6.11"},
				fixed: []string{"4.19.317", "5.4.279", "5.10.221", "5.15.162", "6.1.97", "6.6.37", "6.9.8"}}}},
		{file: "vulnrichment/CVE-2024-46898.json", publisher: "jpcert", affected: 2, scores: []string{"3.0:8.6"},
			pkgs: []pkg{
				{names: []string{"SHIRASAGI"}, vendor: "SHIRASAGI Project", in: []string{"1.19.0", "v1.18.0"}, out: []string{"1.19.1", "1.20.0"}},
				{names: []string{"shirasagi"}, source: "cisa-adp", in: []string{"1.19.0"}, out: []string{"1.19.1"}},
			}},
		// Zitadel: ">= 2.62.0, < 2.62.1" and the like, as version texts.
		{file: "vulnrichment/CVE-2024-46999.json", publisher: "GitHub_M", affected: 2, scores: []string{"3.1:7.3"},
			pkgs: []pkg{
				{names: []string{"zitadel"}, vendor: "zitadel", in: []string{"2.54.9", "2.55.7", "2.58.4", "2.62.0"},
					out:   []string{"2.54.10", "2.55.8", "2.58.5", "2.62.1", "2.63.0"},
					fixed: []string{"2.54.10", "2.55.8", "2.56.6", "2.57.5", "2.58.5", "2.59.3", "2.60.2", "2.61.1", "2.62.1"}},
				{names: []string{"zitadel"}, source: "cisa-adp", in: []string{"2.62.0"}, out: []string{"2.62.1"}},
			}},
		{file: "vulnrichment/CVE-2024-6058.json", publisher: "VulDB", affected: 1, scores: []string{"4.0:5.3", "3.1:3.5", "3.0:3.5", "2.0:4"},
			pkgs: []pkg{{names: []string{"LIMS"}, vendor: "LabVantage", in: []string{"2017"}, out: []string{"2018", "2016"}}}},
		// CPython: each line before its fix, 3.13 pre-releases before rc2.
		{file: "vulnrichment/CVE-2024-6232.json", publisher: "PSF", affected: 1,
			pkgs: []pkg{{names: []string{"CPython"}, vendor: "Python Software Foundation",
				in:    []string{"3.8.19", "3.9.19", "3.10.14", "3.11.9", "3.12.5", "3.13.0a1", "3.13.0rc1"},
				out:   []string{"3.8.20", "3.9.20", "3.10.15", "3.11.10", "3.12.6", "3.13.0rc2", "3.13.0"},
				fixed: []string{"3.8.20", "3.9.20", "3.10.15", "3.11.10", "3.12.6", "3.13.0rc2"}}}},
		{file: "vulnrichment/CVE-2024-6620.json", publisher: "Honeywell", affected: 1, scores: []string{"3.1:3.5"},
			pkgs: []pkg{{names: []string{"PC42t, PC42tp, and PC42d (Common Firmware)"}, vendor: "Honeywell",
				in: []string{"T10.19.020016", "T10.20.000001"}, out: []string{"T10.20.060398", "T10.18.0", "T10.21.0"}}}},
		{file: "vulnrichment/CVE-2024-6669.json", publisher: "Wordfence", affected: 1, scores: []string{"3.1:5.5"},
			pkgs: []pkg{{names: []string{"AI ChatBot for WordPress – WPBot"}, vendor: "quantumcloud", in: []string{"5.5.7", "1.0.0"}, out: []string{"5.5.8", "6.0.0"}}}},
		// "unspecified" up to "latest": every version (CNA); ADP: 0.3.8.
		{file: "vulnrichment/CVE-2024-7048.json", publisher: "@huntr_ai", affected: 2, scores: []string{"3.0:6.3"},
			pkgs: []pkg{
				{names: []string{"open-webui/open-webui"}, vendor: "open-webui", all: true},
				{names: []string{"open-webui"}, source: "cisa-adp", in: []string{"0.3.8"}, out: []string{"0.3.9"}},
			}},
		{file: "vulnrichment/CVE-2024-7660.json", publisher: "VulDB", affected: 2, scores: []string{"4.0:5.3", "3.1:3.5", "3.0:3.5", "2.0:4"},
			pkgs: []pkg{
				{names: []string{"File Manager App"}, vendor: "SourceCodester", in: []string{"1.0"}, out: []string{"1.1"}},
				{names: []string{"file_management_app"}, source: "cisa-adp", in: []string{"1.0"}, out: []string{"1.1"}},
			}},
		{file: "vulnrichment/CVE-2024-7826.json", publisher: "OpenText", affected: 1, scores: []string{"2.0:6.2"},
			pkgs: []pkg{{names: []string{"SecureAnywhere - Web Shield"}, vendor: "Webroot", in: []string{"2.1.2.2", "1.0"}, out: []string{"2.1.2.3", "2.2"},
				fixed: []string{"2.1.2.3"}}}},
		// PKfail: 743 models whose "version" is the fingerprint of an
		// insecure platform key (and two links): no version, every one.
		{file: "vulnrichment/CVE-2024-8105.json", publisher: "certcc", affected: 743, scores: []string{"3.1:6.4"}, adpScores: []string{"3.1:6.4"},
			pkgs: []pkg{{names: []string{"thinkcentre-m72z"}, vendor: "Lenovo", all: true}, {names: []string{"hp-z820-workstation"}, vendor: "HP", all: true}}},
		// D-Link NAS models, "version 20240814" (the date of the report).
		{file: "vulnrichment/CVE-2024-8210.json", publisher: "VulDB", affected: 21, scores: []string{"4.0:5.3", "3.1:6.3", "3.0:6.3", "2.0:6.5"},
			pkgs: []pkg{
				{names: dlink, vendor: "D-Link", in: []string{"20240814"}, out: []string{"20240901"}},
				{names: []string{"dns-726-4_firmware"}, source: "cisa-adp", vendor: "dlink", cpe: "cpe:2.3:o:dlink:dns-726-4_firmware:*:*:*:*:*:*:*:*",
					in: []string{"20240814", "20230101"}, out: []string{"20240901"}},
			}},
		{file: "vulnrichment/CVE-2024-9348.json", publisher: "Docker", affected: 2, scores: []string{"4.0:8.9"},
			pkgs: []pkg{
				{names: []string{"Docker Desktop"}, vendor: "Docker", in: []string{"4.34.2", "4.0.0"}, out: []string{"4.34.3", "4.35.0"}, fixed: []string{"4.34.3"}},
				{names: []string{"desktop"}, source: "cisa-adp", vendor: "docker", in: []string{"4.34.2"}, out: []string{"4.34.3"}},
			}},
		{file: "vulnrichment/CVE-2024-9534.json", publisher: "VulDB", affected: 2, scores: []string{"4.0:8.7", "3.1:8.8", "3.0:8.8", "2.0:9"},
			pkgs: []pkg{
				{names: []string{"DIR-605L"}, vendor: "D-Link", in: []string{"2.13B01 BETA", "2.13b01 beta"}, out: []string{"2.14B01", "2.12"}},
				{names: []string{"dir-605l_firmware"}, source: "cisa-adp", in: []string{"2.13b01beta"}, out: []string{"2.14"}},
			}},
	}
}

// corpusFiles lists the CVE corpus relative to its folder, with slashes.
func corpusFiles(t *testing.T) (string, []string) {
	t.Helper()
	root := testutil.Corpus(t, "cve5")
	var files []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".json") {
			rel, err := filepath.Rel(root, p)
			if err != nil {
				return err
			}
			files = append(files, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatalf("list CVE corpus: %v", err)
	}
	if len(files) == 0 {
		t.Fatalf("no CVE files under %s", root)
	}
	return root, files
}

// rangeOf is the versions a product covers, as the matcher reads them.
func rangeOf(p advisory.Product) product.Range {
	switch {
	case p.VersionRange != "":
		return product.ParseAdvisoryRange(p.VersionRange)
	case p.Version != "":
		return product.ParseAdvisoryRange(p.Version)
	}
	return product.Range{} // no version: every version
}

// TestCorpus checks every CVE record of the corpus against what a careful
// reader lists for it.
func TestCorpus(t *testing.T) {
	t.Parallel()
	root, files := corpusFiles(t)
	want := map[string]record{}
	for _, r := range corpusRecords() {
		want[r.file] = r
		if !slices.Contains(files, r.file) {
			t.Errorf("the table lists %s, which is not in the corpus", r.file)
		}
	}
	for _, f := range files {
		if _, ok := want[f]; !ok {
			t.Errorf("corpus file %s is not in the table: read it and add what it says", f)
		}
	}
	for _, f := range files {
		rec, ok := want[f]
		if !ok {
			continue
		}
		t.Run(f, func(t *testing.T) {
			t.Parallel()
			data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(f)))
			if err != nil {
				t.Fatal(err)
			}
			if !Detect(data) {
				t.Errorf("Detect = false")
			}
			a, err := Parse(data)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			checkRecord(t, a, rec, strings.TrimSuffix(filepath.Base(f), ".json"))
		})
	}
}

func checkRecord(t *testing.T, a *advisory.Advisory, rec record, id string) {
	t.Helper()
	if a.TrackingID != id {
		t.Errorf("TrackingID = %q, want %q", a.TrackingID, id)
	}
	if got := a.CVEs(); len(got) != 1 || got[0] != id {
		t.Errorf("CVEs = %v, want [%s]", got, id)
	}
	if a.Publisher.Name != rec.publisher {
		t.Errorf("Publisher = %q, want %q", a.Publisher.Name, rec.publisher)
	}
	wantStatus := rec.status
	if wantStatus == "" {
		wantStatus = "final"
	}
	if a.Status != wantStatus {
		t.Errorf("Status = %q, want %q", a.Status, wantStatus)
	}
	if a.Title == "" || a.Version == "" || a.CurrentRelease.IsZero() {
		t.Errorf("Title %q, Version %q and CurrentRelease %v must be set", a.Title, a.Version, a.CurrentRelease)
	}
	if a.AggregateSeverity != rec.severity {
		t.Errorf("AggregateSeverity = %q, want %q", a.AggregateSeverity, rec.severity)
	}
	if n := len(a.NotifyingProducts()); n != rec.affected {
		t.Errorf("%d affected products, want %d", n, rec.affected)
		for _, p := range a.NotifyingProducts() {
			t.Logf("  %s %q on %q: %q", p.ID, p.Product, p.Platform, p.VersionRange)
		}
	}
	v := a.Vulnerabilities[0]
	var scores []string
	for _, s := range v.Scores {
		scores = append(scores, fmt.Sprintf("%s:%g", s.CVSSVersion, s.BaseScore))
		if s.Vector == "" {
			t.Errorf("score %s without vector", s.CVSSVersion)
		}
	}
	if !slices.Equal(scores, rec.scores) && (len(scores) != 0 || len(rec.scores) != 0) {
		t.Errorf("scores %v, want %v", scores, rec.scores)
	}
	var sources string
	for _, n := range v.Notes {
		if n.Title == "Sources of the scores" {
			sources = n.Text
		}
	}
	for _, s := range rec.adpScores {
		ver, score, _ := strings.Cut(s, ":")
		if !strings.Contains(sources, fmt.Sprintf("CVSS %s base score %s", ver, score)) || !strings.Contains(sources, "from CISA-ADP") {
			t.Errorf("the sources note does not say CISA-ADP gave %s: %q", s, sources)
		}
	}
	kev := slices.ContainsFunc(v.Threats, func(th advisory.Threat) bool {
		return strings.Contains(th.Details, "Known Exploited Vulnerabilities")
	})
	if kev != rec.kev {
		t.Errorf("KEV threat %v, want %v", kev, rec.kev)
	}
	if rec.status == "rejected" {
		if len(a.Products) != 0 || !slices.ContainsFunc(a.Notes, func(n advisory.Note) bool { return strings.HasPrefix(n.Title, "Rejected") }) {
			t.Errorf("a rejected record has no products and says why: %+v %+v", a.Products, a.Notes)
		}
	}
	status := a.ProductStatus()
	for _, w := range rec.pkgs {
		for _, name := range w.names {
			checkPackage(t, a, status, name, w)
		}
	}
}

func checkPackage(t *testing.T, a *advisory.Advisory, status map[string]advisory.Status, name string, w pkg) {
	t.Helper()
	source := w.source
	if source == "" {
		source = "cna"
	}
	wantStatus := w.status
	if wantStatus == "" {
		wantStatus = advisory.StatusKnownAffected
	}
	var selected []advisory.Product
	var fixed []string
	for _, p := range a.Products {
		if p.Product != name || p.Platform != w.platform || !strings.HasPrefix(p.ID, source+"-") {
			continue
		}
		switch status[p.ID] {
		case wantStatus:
			selected = append(selected, p)
		case advisory.StatusFixed:
			fixed = append(fixed, p.Version)
		}
	}
	what := source + " " + name
	if w.platform != "" {
		what += " on " + w.platform
	}
	if len(selected) == 0 {
		t.Errorf("%s: no product with status %s", what, wantStatus)
		return
	}
	ranges := make([]product.Range, len(selected))
	for i, p := range selected {
		ranges[i] = rangeOf(p)
		if w.vendor != "" && p.Vendor != w.vendor {
			t.Errorf("%s: vendor %q, want %q", what, p.Vendor, w.vendor)
		}
		if wantStatus != advisory.StatusKnownAffected {
			continue
		}
		if w.unknown != ranges[i].IsUnknown() {
			t.Errorf("%s: range %q unknown = %v, want %v (%s)", what, p.VersionRange, ranges[i].IsUnknown(), w.unknown, ranges[i].Note())
		}
		if w.all && !ranges[i].IsAll() && !(p.VersionRange == "" && p.Version == "") {
			t.Errorf("%s: range %q, want every version", what, p.VersionRange)
		}
	}
	if w.purl != "" && !slices.ContainsFunc(selected, func(p advisory.Product) bool { return p.PURL == w.purl }) {
		t.Errorf("%s: no product with package URL %s", what, w.purl)
	}
	if w.cpe != "" && !slices.ContainsFunc(selected, func(p advisory.Product) bool { return p.CPE == w.cpe }) {
		t.Errorf("%s: no product with CPE %s", what, w.cpe)
	}
	contains := func(v string) bool {
		return slices.ContainsFunc(ranges, func(r product.Range) bool { return r.Contains(v) })
	}
	for _, v := range w.in {
		if !contains(v) {
			t.Errorf("%s: version %s should be affected; ranges %v", what, v, rangeTexts(selected))
		}
	}
	for _, v := range w.out {
		if contains(v) {
			t.Errorf("%s: version %s should not be affected; ranges %v", what, v, rangeTexts(selected))
		}
	}
	if w.fixed != nil {
		slices.Sort(fixed)
		fixed = slices.Compact(fixed)
		want := slices.Clone(w.fixed)
		slices.Sort(want)
		if !slices.Equal(fixed, want) {
			t.Errorf("%s: fixed versions %v, want %v", what, fixed, want)
		}
	}
}

func rangeTexts(ps []advisory.Product) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.VersionRange)
	}
	return out
}
