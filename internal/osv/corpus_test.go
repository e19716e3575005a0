package osv

import (
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

// pkg is what a careful reader lists for one affected package of a
// record: the products named so (on that platform) must be affected and
// together contain the versions in "in" and none of "out".
type pkg struct {
	names    []string // Product; one entry per name, all with these expectations
	platform string   // "" = no platform
	vendor   string   // checked when set
	purl     string   // one product has it, when set
	cpe      string   // one product has it, when set
	in, out  []string
	all      bool     // every version is affected
	unknown  bool     // the range cannot be read (commits): matched on name
	fixed    []string // versions of the fixed products, when checked
}

// record is a corpus file as a careful reader reads it.
type record struct {
	file      string
	id        string
	publisher string
	cves      []string
	severity  string // AggregateSeverity
	status    string // "" = final
	affected  int    // number of affected (notifying) products
	pkgs      []pkg
}

func corpusRecords() []record {
	alma8 := []string{"krb5-devel", "krb5-libs", "krb5-pkinit", "krb5-server", "krb5-server-ldap", "krb5-workstation", "libkadm5"}
	avahi := []string{"avahi", "avahi-compat-howl", "avahi-compat-howl-devel", "avahi-compat-libdns_sd",
		"avahi-compat-libdns_sd-devel", "avahi-devel", "avahi-glib", "avahi-glib-devel", "avahi-libs", "avahi-tools"}
	gitLFS := []string{"git-lfs", "git-lfs-debuginfo", "git-lfs-debugsource"}
	runtimes31and50 := []string{"Microsoft.NETCore.App.Runtime.win-x86", "Microsoft.NETCore.App.Runtime.win-x64",
		"Microsoft.NETCore.App.Runtime.win-arm64", "Microsoft.NETCore.App.Runtime.win-arm", "Microsoft.NETCore.App.Runtime.osx-x64",
		"Microsoft.NETCore.App.Runtime.linux-x64", "Microsoft.NETCore.App.Runtime.linux-musl-x64",
		"Microsoft.NETCore.App.Runtime.linux-musl-arm64", "Microsoft.NETCore.App.Runtime.linux-arm64", "Microsoft.NETCore.App.Runtime.linux-arm"}
	runtimes50 := []string{"Microsoft.NETCore.App.Runtime.Mono.osx-x64", "Microsoft.NETCore.App.Runtime.Mono.LLVM.osx-x64",
		"Microsoft.NETCore.App.Runtime.Mono.LLVM.linux-x64", "Microsoft.NETCore.App.Runtime.Mono.LLVM.linux-arm64",
		"Microsoft.NETCore.App.Runtime.Mono.LLVM.AOT.osx-x64", "Microsoft.NETCore.App.Runtime.Mono.LLVM.AOT.linux-x64",
		"Microsoft.NETCore.App.Runtime.Mono.LLVM.AOT.linux-arm64", "Microsoft.NETCore.App.Runtime.Mono.linux-x64",
		"Microsoft.NETCore.App.Runtime.Mono.linux-musl-x64", "Microsoft.NETCore.App.Runtime.Mono.linux-arm64",
		"Microsoft.NETCore.App.Runtime.Mono.linux-arm", "Microsoft.NETCore.App.Runtime.linux-musl-arm"}
	mattermostModules := []string{"github.com/mattermost/mattermost-server/v5", "github.com/mattermost/mattermost-server/v6",
		"github.com/mattermost/mattermost/server/v8"}
	return []record{
		// AlmaLinux bug-fix advisory: seven krb5 packages of AlmaLinux 8,
		// fixed in 1.18.2-14.el8; it names no CVE.
		{file: "alma/ALBA-2021_4378.json", id: "ALBA-2021:4378", publisher: "AlmaLinux", affected: 7,
			pkgs: []pkg{{names: alma8, platform: "AlmaLinux 8", vendor: "AlmaLinux",
				in: []string{"1.18.2-13.el8", "1.17-18.el8"}, out: []string{"1.18.2-14.el8", "1.18.2-22.el8_7"},
				fixed: []string{"1.18.2-14.el8"}},
				{names: []string{"krb5-libs"}, platform: "AlmaLinux 8", purl: "pkg:rpm/almalinux/krb5-libs"}}},
		// libtiff of AlmaLinux 9 before 4.4.0-2.el9; the ten CVEs it fixes
		// are listed under "related".
		{file: "alma/ALSA-2022_8194.json", id: "ALSA-2022:8194", publisher: "AlmaLinux", severity: "Moderate", affected: 3,
			cves: []string{"CVE-2022-0561", "CVE-2022-0562", "CVE-2022-0865", "CVE-2022-0891", "CVE-2022-0908",
				"CVE-2022-0909", "CVE-2022-0924", "CVE-2022-1354", "CVE-2022-1355", "CVE-2022-22844"},
			pkgs: []pkg{{names: []string{"libtiff", "libtiff-devel", "libtiff-tools"}, platform: "AlmaLinux 9",
				in: []string{"4.2.0-10.el9", "4.4.0-1.el9"}, out: []string{"4.4.0-2.el9", "4.4.0-5.el9_1"}, fixed: []string{"4.4.0-2.el9"}}}},
		{file: "alma/ALSA-2024_2433.json", id: "ALSA-2024:2433", publisher: "AlmaLinux", severity: "Moderate", affected: 10,
			cves: []string{"CVE-2023-38469", "CVE-2023-38470", "CVE-2023-38471", "CVE-2023-38472", "CVE-2023-38473"},
			pkgs: []pkg{{names: avahi, platform: "AlmaLinux 9",
				in: []string{"0.8-12.el9", "0.8-15.el9_2"}, out: []string{"0.8-20.el9", "0.8-22.el9_6"}, fixed: []string{"0.8-20.el9"}}}},
		// osv.dev's Alpine feed: mariadb in five Alpine releases, each with
		// its own fixed version.
		{file: "alpine/CVE-2022-27449.json", id: "CVE-2022-27449", publisher: "Alpine Linux", cves: []string{"CVE-2022-27449"}, affected: 5,
			pkgs: []pkg{
				{names: []string{"mariadb"}, platform: "Alpine v3.12", vendor: "Alpine", purl: "pkg:apk/alpine/mariadb",
					in: []string{"10.4.24-r0", "10.4.10-r1"}, out: []string{"10.4.25-r0", "10.4.26-r0"}, fixed: []string{"10.4.25-r0"}},
				{names: []string{"mariadb"}, platform: "Alpine v3.13", in: []string{"10.5.15-r0"}, out: []string{"10.5.16-r0"}},
				{names: []string{"mariadb"}, platform: "Alpine v3.14", in: []string{"10.5.15-r0"}, out: []string{"10.5.16-r0"}},
				{names: []string{"mariadb"}, platform: "Alpine v3.15", in: []string{"10.6.7-r0"}, out: []string{"10.6.8-r0"}},
				{names: []string{"mariadb"}, platform: "Alpine v3.16", in: []string{"10.6.4-r2"}, out: []string{"10.6.8-r0", "10.6.9-r0"}},
			}},
		// Bitnami's brotli before 1.0.8; the record's CPE names Google's.
		{file: "bitnami/BIT-brotli-2020-8927.json", id: "BIT-brotli-2020-8927", publisher: "Bitnami", severity: "Medium",
			cves: []string{"CVE-2020-8927"}, affected: 1,
			pkgs: []pkg{{names: []string{"brotli"}, purl: "pkg:bitnami/brotli", cpe: "cpe:2.3:a:google:brotli:*:*:*:*:*:*:*:*",
				in: []string{"1.0.7", "0.6.0"}, out: []string{"1.0.8", "1.0.9"}, fixed: []string{"1.0.8"}}}},
		// Chainguard and Wolfi haproxy packages; the CVE is "upstream".
		{file: "chainguard/CGA-224q-ccj5-2p53.json", id: "CGA-224q-ccj5-2p53", publisher: "Chainguard",
			cves: []string{"CVE-2025-32464"}, affected: 4,
			pkgs: []pkg{
				{names: []string{"haproxy-2.2"}, vendor: "Chainguard", purl: "pkg:apk/chainguard/haproxy-2.2",
					in: []string{"2.2.33-r0", "2.2.33-r1"}, out: []string{"2.2.34-r0", "2.2.34-r1"}, fixed: []string{"2.2.34-r0"}},
				{names: []string{"haproxy-2.8"}, in: []string{"2.8.17-r3"}, out: []string{"2.8.18-r0"}},
				{names: []string{"haproxy-3.0"}, vendor: "Wolfi", purl: "pkg:apk/wolfi/haproxy-3.0", in: []string{"3.0.9-r0"}, out: []string{"3.0.10-r0"}},
				{names: []string{"haproxy-3.1"}, in: []string{"3.1.6-r2"}, out: []string{"3.1.7-r0"}},
			}},
		{file: "debian/DSA-3029-1.json", id: "DSA-3029-1", publisher: "Debian", cves: []string{"CVE-2014-3616"}, affected: 1,
			pkgs: []pkg{{names: []string{"nginx"}, platform: "Debian 7", vendor: "Debian", purl: "pkg:deb/debian/nginx",
				in: []string{"1.2.1-2.2+wheezy2", "1.2.1-2.2"}, out: []string{"1.2.1-2.2+wheezy3", "1.2.1-2.2+wheezy4"},
				fixed: []string{"1.2.1-2.2+wheezy3"}}}},
		// Debian 11 and 12 intel-microcode; the record names no CVE.
		{file: "debian/DSA-5474-1.json", id: "DSA-5474-1", publisher: "Debian", affected: 2,
			pkgs: []pkg{
				{names: []string{"intel-microcode"}, platform: "Debian 11", purl: "pkg:deb/debian/intel-microcode",
					in: []string{"3.20230512.1~deb11u1", "3.20210608.2"}, out: []string{"3.20230808.1~deb11u1", "3.20230808.1", "3.20231114.1~deb11u1"}},
				{names: []string{"intel-microcode"}, platform: "Debian 12",
					in: []string{"3.20230512.1"}, out: []string{"3.20230808.1~deb12u1", "3.20231114.1~deb12u1"}},
			}},
		// @fastify/passport below 1.1.0, and 2.x below 2.3.0.
		{file: "ghsa/GHSA-2ccf-ffrj-m4qw.json", id: "GHSA-2ccf-ffrj-m4qw", publisher: "GitHub Advisory Database", severity: "MODERATE",
			cves: []string{"CVE-2023-29020"}, affected: 2,
			pkgs: []pkg{{names: []string{"@fastify/passport"}, vendor: "fastify", purl: "pkg:npm/%40fastify/passport",
				in: []string{"0.1.0", "1.0.5", "2.0.0", "2.2.9"}, out: []string{"1.1.0", "1.9.9", "2.3.0", "3.0.0"}, fixed: []string{"1.1.0", "2.3.0"}}}},
		// Mattermost: the v6 module from 6.3.0 before 7.1.6, the old module
		// in the 7.1, 7.7 and 7.8 lines.
		{file: "ghsa/GHSA-3wq5-3f56-v5xc.json", id: "GHSA-3wq5-3f56-v5xc", publisher: "GitHub Advisory Database", severity: "MODERATE",
			cves: []string{"CVE-2023-1777"}, affected: 4,
			pkgs: []pkg{
				{names: []string{"github.com/mattermost/mattermost-server/v6"}, vendor: "mattermost",
					purl: "pkg:golang/github.com/mattermost/mattermost-server/v6",
					in:   []string{"6.3.0", "7.1.5"}, out: []string{"6.2.9", "7.1.6"}},
				{names: []string{"github.com/mattermost/mattermost-server"}, vendor: "mattermost",
					in: []string{"7.1.0", "7.1.5", "7.7.0", "7.7.1", "7.8.0"}, out: []string{"7.0.9", "7.1.6", "7.2.0", "7.7.2", "7.8.1"},
					fixed: []string{"7.1.6", "7.7.2", "7.8.1"}},
			}},
		{file: "ghsa/GHSA-45c4-8wx5-qw6w.json", id: "GHSA-45c4-8wx5-qw6w", publisher: "GitHub Advisory Database", severity: "MODERATE",
			cves: []string{"CVE-2023-37276"}, affected: 1,
			pkgs: []pkg{{names: []string{"aiohttp"}, purl: "pkg:pypi/aiohttp", in: []string{"3.8.4", "3.0.0", "3.8.5rc1"}, out: []string{"3.8.5", "3.9.0"}}}},
		{file: "ghsa/GHSA-4h4p-553m-46qh.json", id: "GHSA-4h4p-553m-46qh", publisher: "GitHub Advisory Database", severity: "CRITICAL",
			cves: []string{"CVE-2024-6886"}, affected: 1,
			pkgs: []pkg{{names: []string{"code.gitea.io/gitea"}, vendor: "code.gitea.io", purl: "pkg:golang/code.gitea.io/gitea",
				in: []string{"1.22.0", "1.21.11"}, out: []string{"1.22.1", "1.23.0"}}}},
		// last_affected: rttys 4.0.0 up to and including 4.0.2, no fix.
		{file: "ghsa/GHSA-54q4-74p3-mgcw.json", id: "GHSA-54q4-74p3-mgcw", publisher: "GitHub Advisory Database", severity: "HIGH",
			cves: []string{"CVE-2022-38867"}, affected: 1,
			pkgs: []pkg{{names: []string{"github.com/zhaojh329/rttys"}, vendor: "zhaojh329",
				in: []string{"4.0.0", "4.0.1", "4.0.2"}, out: []string{"3.9.9", "4.0.3", "4.1.0"}, fixed: []string{}}}},
		{file: "ghsa/GHSA-69ch-w2m2-3vjp.json", id: "GHSA-69ch-w2m2-3vjp", publisher: "GitHub Advisory Database", severity: "HIGH",
			cves: []string{"CVE-2022-32149"}, affected: 1,
			pkgs: []pkg{{names: []string{"golang.org/x/text"}, purl: "pkg:golang/golang.org/x/text",
				in: []string{"0.3.7", "0.0.0-20210101000000-abcdefabcdef"}, out: []string{"0.3.8", "0.4.0"}}}},
		// Spring Security OAuth before 2.0.17 (Maven; .RELEASE is a release).
		{file: "ghsa/GHSA-77rv-6vfw-x4gc.json", id: "GHSA-77rv-6vfw-x4gc", publisher: "GitHub Advisory Database", severity: "LOW",
			cves: []string{"CVE-2019-3778"}, affected: 1,
			pkgs: []pkg{{names: []string{"org.springframework.security.oauth:spring-security-oauth"}, vendor: "org.springframework.security.oauth",
				purl: "pkg:maven/org.springframework.security.oauth/spring-security-oauth",
				in:   []string{"1.0.0.RELEASE", "2.0.16.RELEASE"}, out: []string{"2.0.17", "2.0.17.RELEASE", "2.3.0.RELEASE"}}}},
		{file: "ghsa/GHSA-7943-82jg-wmw5.json", id: "GHSA-7943-82jg-wmw5", publisher: "GitHub Advisory Database", severity: "HIGH",
			cves: []string{"CVE-2022-31105"}, affected: 3,
			pkgs: []pkg{{names: []string{"github.com/argoproj/argo-cd"}, vendor: "argoproj",
				in: []string{"0.4.0", "2.2.10", "2.3.0", "2.3.5", "2.4.4"}, out: []string{"0.3.9", "2.2.11", "2.3.6", "2.4.5", "2.5.0"},
				fixed: []string{"2.2.11", "2.3.6", "2.4.5"}}}},
		{file: "ghsa/GHSA-cvw2-xj8r-mjf7.json", id: "GHSA-cvw2-xj8r-mjf7", publisher: "GitHub Advisory Database", severity: "MODERATE",
			cves: []string{"CVE-2019-25025"}, affected: 1,
			pkgs: []pkg{{names: []string{"activerecord-session_store"}, purl: "pkg:gem/activerecord-session_store",
				in: []string{"1.1.3", "0.1.0"}, out: []string{"2.0.0", "2.1.0"}}}},
		{file: "ghsa/GHSA-fmj7-7gfw-64pg.json", id: "GHSA-fmj7-7gfw-64pg", publisher: "GitHub Advisory Database", severity: "HIGH",
			cves: []string{"CVE-2024-48915"}, affected: 1,
			pkgs: []pkg{{names: []string{"agent_dart"}, purl: "pkg:pub/agent_dart",
				in: []string{"1.0.0-dev.28", "0.3.0"}, out: []string{"1.0.0-dev.29", "1.0.0", "1.1.0"}}}},
		{file: "ghsa/GHSA-hmfx-3pcx-653p.json", id: "GHSA-hmfx-3pcx-653p", publisher: "GitHub Advisory Database", severity: "MODERATE",
			cves: []string{"CVE-2023-25173"}, affected: 2,
			pkgs: []pkg{{names: []string{"github.com/containerd/containerd"}, vendor: "containerd",
				in: []string{"1.5.17", "1.6.0", "1.6.17", "1.4.0"}, out: []string{"1.5.18", "1.6.18", "1.7.0"}, fixed: []string{"1.5.18", "1.6.18"}}}},
		{file: "ghsa/GHSA-ppp9-7jff-5vj2.json", id: "GHSA-ppp9-7jff-5vj2", publisher: "GitHub Advisory Database", severity: "HIGH",
			cves: []string{"CVE-2021-38561"}, affected: 1,
			pkgs: []pkg{{names: []string{"golang.org/x/text"}, in: []string{"0.3.6"}, out: []string{"0.3.7", "0.3.8"}}}},
		{file: "ghsa/GHSA-qq9f-q439-2574.json", id: "GHSA-qq9f-q439-2574", publisher: "GitHub Advisory Database", severity: "MODERATE",
			cves: []string{"CVE-2024-8447"}, affected: 1,
			pkgs: []pkg{{names: []string{"org.jboss.narayana.rts:lra-coordinator-jar"}, purl: "pkg:maven/org.jboss.narayana.rts/lra-coordinator-jar",
				in: []string{"7.0.2.Final", "6.0.0.Final"}, out: []string{"7.1.0.Final", "7.1.0", "7.2.0.Final"}}}},
		// .NET runtime packages: 3.1 before 3.1.18 and 5.0 before 5.0.9; some
		// (Mono, linux-musl-arm) only in the 5.0 line.
		{file: "ghsa/GHSA-rh58-r7jh-xhx3.json", id: "GHSA-rh58-r7jh-xhx3", publisher: "GitHub Advisory Database", severity: "HIGH",
			cves: []string{"CVE-2021-26423"}, affected: 33,
			pkgs: []pkg{
				{names: runtimes31and50, in: []string{"3.1.0", "3.1.17", "5.0.0", "5.0.8"}, out: []string{"3.0.3", "3.1.18", "5.0.9", "6.0.0"},
					fixed: []string{"3.1.18", "5.0.9"}},
				{names: runtimes50, in: []string{"5.0.0", "5.0.8"}, out: []string{"3.1.10", "5.0.9"}},
				{names: []string{"Microsoft.NETCore.App.Runtime.rhel.6-x64"}, purl: "pkg:nuget/Microsoft.NETCore.App.Runtime.rhel.6-x64",
					in: []string{"3.1.17"}, out: []string{"3.1.18", "5.0.0"}},
			}},
		// Go database entries: zero modified dates, "related" CVEs are other
		// vulnerabilities and are not this record's.
		{file: "go/GO-2020-0050.json", id: "GO-2020-0050", publisher: "Go vulnerability database", cves: []string{"CVE-2020-15216"}, affected: 1,
			pkgs: []pkg{{names: []string{"github.com/russellhaering/goxmldsig"}, vendor: "russellhaering",
				purl: "pkg:golang/github.com/russellhaering/goxmldsig", in: []string{"1.0.0", "0.0.0-20170911191014-b7efc6231e45"}, out: []string{"1.1.0", "1.2.0"}}}},
		{file: "go/GO-2022-1008.json", id: "GO-2022-1008", publisher: "Go vulnerability database", cves: []string{"CVE-2022-2990"}, affected: 1,
			pkgs: []pkg{{names: []string{"github.com/containers/buildah"}, vendor: "containers", in: []string{"1.27.0", "1.0.0"}, out: []string{"1.27.1", "1.28.0"}}}},
		// The standard library before 1.18.9, and 1.19 before 1.19.4.
		{file: "go/GO-2022-1143.json", id: "GO-2022-1143", publisher: "Go vulnerability database", cves: []string{"CVE-2022-41720"}, affected: 1,
			pkgs: []pkg{{names: []string{"stdlib"}, vendor: "Go", purl: "pkg:golang/stdlib",
				in: []string{"1.18.8", "1.17.0", "1.19.0", "1.19.0-rc1", "1.19.3"}, out: []string{"1.18.9", "1.18.10", "1.19.4", "1.20.0"},
				fixed: []string{"1.18.9", "1.19.4"}}}},
		// helm before 2.7.2 (+incompatible is build metadata).
		{file: "go/GO-2023-1993.json", id: "GO-2023-1993", publisher: "Go vulnerability database", cves: []string{"CVE-2019-1010275"}, affected: 1,
			pkgs: []pkg{{names: []string{"helm.sh/helm"}, vendor: "helm.sh", in: []string{"2.7.1", "2.0.0"}, out: []string{"2.7.2", "2.7.2+incompatible", "2.8.0"}}}},
		{file: "go/GO-2023-2170.json", id: "GO-2023-2170", publisher: "Go vulnerability database", cves: []string{"CVE-2023-3955"}, affected: 2,
			pkgs: []pkg{
				{names: []string{"k8s.io/kubernetes"}, vendor: "k8s.io", in: []string{"1.24.16", "1.25.12", "1.26.7", "1.27.4", "1.28.0"},
					out:   []string{"1.24.17", "1.25.13", "1.26.8", "1.27.5", "1.28.1", "1.29.0"},
					fixed: []string{"1.24.17", "1.25.13", "1.26.8", "1.27.5", "1.28.1"}},
				{names: []string{"k8s.io/mount-utils"}, in: []string{"0.24.16", "0.28.0"}, out: []string{"0.24.17", "0.28.1"}},
			}},
		{file: "go/GO-2023-2383.json", id: "GO-2023-2383", publisher: "Go vulnerability database", cves: []string{"CVE-2023-45285"}, affected: 1,
			pkgs: []pkg{{names: []string{"toolchain"}, vendor: "Go", in: []string{"1.20.11", "1.21.0", "1.21.4"}, out: []string{"1.20.12", "1.21.5", "1.22.0"}}}},
		// Mattermost: the +incompatible module 9.0.0 before 9.4.2, and three
		// modules affected in every version.
		{file: "go/GO-2024-2588.json", id: "GO-2024-2588", publisher: "Go vulnerability database", cves: []string{"CVE-2024-1949"}, affected: 4,
			pkgs: []pkg{
				{names: []string{"github.com/mattermost/mattermost-server"}, in: []string{"9.0.0", "9.4.1"}, out: []string{"8.1.9", "9.4.2"}},
				{names: mattermostModules, all: true},
			}},
		// HTTP/2 CONTINUATION flood: standard library and x/net.
		{file: "go/GO-2024-2687.json", id: "GO-2024-2687", publisher: "Go vulnerability database", cves: []string{"CVE-2023-45288"}, affected: 2,
			pkgs: []pkg{
				{names: []string{"stdlib"}, in: []string{"1.21.8", "1.22.0", "1.22.1"}, out: []string{"1.21.9", "1.22.2", "1.23.0"}},
				{names: []string{"golang.org/x/net"}, in: []string{"0.22.0"}, out: []string{"0.23.0"}},
			}},
		{file: "go/GO-2025-3604.json", id: "GO-2025-3604", publisher: "Go vulnerability database", cves: []string{"CVE-2025-24866"}, affected: 4,
			pkgs: []pkg{
				{names: []string{"github.com/mattermost/mattermost-server"}, in: []string{"9.11.0", "9.11.8"}, out: []string{"9.10.9", "9.11.9", "10.0.0"}},
				{names: mattermostModules, all: true},
			}},
		// cryptography 3.1 before 3.1.2, 3.2 before 3.3.2.
		{file: "pypi/PYSEC-2021-63.json", id: "PYSEC-2021-63", publisher: "PyPA Advisory Database", cves: []string{"CVE-2020-36242"}, affected: 2,
			pkgs: []pkg{{names: []string{"cryptography"}, purl: "pkg:pypi/cryptography",
				in: []string{"3.1", "3.1.1", "3.2", "3.3.1"}, out: []string{"3.0", "3.1.2", "3.3.2", "3.4"}, fixed: []string{"3.1.2", "3.3.2"}}}},
		// git-lfs in three RHEL 8.6 streams; fixed in 0:2.13.3-3.el8_6.1.
		{file: "redhat/RHSA-2024_4546.json", id: "RHSA-2024:4546", publisher: "Red Hat Product Security", cves: []string{"CVE-2023-45288"}, affected: 9,
			pkgs: []pkg{
				{names: gitLFS, platform: "Red Hat rhel_aus 8.6 appstream", vendor: "Red Hat",
					in: []string{"2.13.3-3.el8_6", "2.13.3-1.el8"}, out: []string{"2.13.3-3.el8_6.1", "0:2.13.3-3.el8_6.1", "2.13.3-4.el8_6"},
					fixed: []string{"0:2.13.3-3.el8_6.1"}},
				{names: gitLFS, platform: "Red Hat rhel_e4s 8.6 appstream", in: []string{"2.13.3-3.el8_6"}, out: []string{"2.13.3-3.el8_6.1"}},
				{names: gitLFS, platform: "Red Hat rhel_tus 8.6 appstream", in: []string{"2.13.3-3.el8_6"}, out: []string{"2.13.3-3.el8_6.1"}},
				{names: []string{"git-lfs"}, platform: "Red Hat rhel_tus 8.6 appstream", purl: "pkg:rpm/redhat/git-lfs"},
			}},
		// java-11-openjdk has epoch 1: versions are compared with it.
		{file: "rocky/RLSA-2021_3891.json", id: "RLSA-2021:3891", publisher: "Rocky Linux", severity: "Important", affected: 1,
			cves: []string{"CVE-2021-35550", "CVE-2021-35556", "CVE-2021-35559", "CVE-2021-35561", "CVE-2021-35564",
				"CVE-2021-35565", "CVE-2021-35567", "CVE-2021-35578", "CVE-2021-35586", "CVE-2021-35603"},
			pkgs: []pkg{{names: []string{"java-11-openjdk"}, platform: "Rocky Linux 8", vendor: "Rocky Linux", purl: "pkg:rpm/rocky-linux/java-11-openjdk",
				in: []string{"1:11.0.12.0.7-0.el8_4", "1:11.0.13.0.8-0.el8_4"}, out: []string{"1:11.0.13.0.8-1.el8_4", "1:11.0.14.0.9-2.el8_5"}}}},
		{file: "rocky/RLSA-2023_3220.json", id: "RLSA-2023:3220", publisher: "Rocky Linux", severity: "Important", affected: 1,
			cves: []string{"CVE-2023-32205", "CVE-2023-32206", "CVE-2023-32207", "CVE-2023-32211", "CVE-2023-32212", "CVE-2023-32213", "CVE-2023-32215"},
			pkgs: []pkg{{names: []string{"firefox"}, platform: "Rocky Linux 8",
				in: []string{"102.10.0-1.el8_7"}, out: []string{"102.11.0-2.el8_7", "115.0-1.el8"}}}},
		{file: "rustsec/RUSTSEC-2021-0079.json", id: "RUSTSEC-2021-0079", publisher: "RustSec Advisory Database", cves: []string{"CVE-2021-32714"}, affected: 1,
			pkgs: []pkg{{names: []string{"hyper"}, purl: "pkg:cargo/hyper", in: []string{"0.14.9", "0.13.0"}, out: []string{"0.14.10", "1.0.0"}}}},
		// Ubuntu: the source package wayland in four releases.
		{file: "ubuntu/UBUNTU-CVE-2021-3782.json", id: "UBUNTU-CVE-2021-3782", publisher: "Ubuntu (Canonical)", severity: "medium",
			cves: []string{"CVE-2021-3782"}, affected: 4,
			pkgs: []pkg{
				{names: []string{"wayland"}, platform: "Ubuntu Pro 16.04 LTS", vendor: "Ubuntu", purl: "pkg:deb/ubuntu/wayland",
					in: []string{"1.12.0-1~ubuntu16.04.3", "1.9.0-1"}, out: []string{"1.12.0-1~ubuntu16.04.3+esm1"}},
				{names: []string{"wayland"}, platform: "Ubuntu 18.04 LTS", in: []string{"1.16.0-1ubuntu1.1~18.04.3", "1.14.0-2"},
					out: []string{"1.16.0-1ubuntu1.1~18.04.4", "1.16.0-1ubuntu1.1"}},
				{names: []string{"wayland"}, platform: "Ubuntu 20.04 LTS", in: []string{"1.18.0-1"}, out: []string{"1.18.0-1ubuntu0.1"}},
				{names: []string{"wayland"}, platform: "Ubuntu 22.04 LTS", in: []string{"1.20.0-1"}, out: []string{"1.20.0-1ubuntu0.1"}},
			}},
		// netty in eight Ubuntu releases; three have no fix (all versions).
		{file: "ubuntu/UBUNTU-CVE-2022-24823.json", id: "UBUNTU-CVE-2022-24823", publisher: "Ubuntu (Canonical)", severity: "low",
			cves: []string{"CVE-2022-24823"}, affected: 8,
			pkgs: []pkg{
				{names: []string{"netty"}, platform: "Ubuntu Pro 14.04 LTS", all: true},
				{names: []string{"netty"}, platform: "Ubuntu Pro 16.04 LTS", in: []string{"1:4.0.34-1ubuntu0.1~esm1", "1:4.0.34-1"}, out: []string{"1:4.0.34-1ubuntu0.1~esm2"}},
				{names: []string{"netty"}, platform: "Ubuntu Pro 18.04 LTS", in: []string{"1:4.1.7-4ubuntu0.1+esm2", "1:4.1.7-4"}, out: []string{"1:4.1.7-4ubuntu0.1+esm3"}},
				{names: []string{"netty"}, platform: "Ubuntu Pro 20.04 LTS", in: []string{"1:4.1.45-1ubuntu0.1~esm1"}, out: []string{"1:4.1.45-1ubuntu0.1~esm2"}},
				{names: []string{"netty"}, platform: "Ubuntu Pro 22.04 LTS", in: []string{"1:4.1.48-4+deb11u2build0.22.04.1"}, out: []string{"1:4.1.48-4+deb11u2ubuntu0.1~esm1"}},
				{names: []string{"netty"}, platform: "Ubuntu Pro 24.04 LTS", in: []string{"1:4.1.48-9"}, out: []string{"1:4.1.48-9ubuntu0.1~esm1"}},
				{names: []string{"netty"}, platform: "Ubuntu 25.10", all: true},
				{names: []string{"netty"}, platform: "Ubuntu Pro 26.04 LTS", all: true},
			}},
		{file: "ubuntu/UBUNTU-CVE-2025-38094.json", id: "UBUNTU-CVE-2025-38094", publisher: "Ubuntu (Canonical)", severity: "medium",
			cves: []string{"CVE-2025-38094"}, affected: 1,
			pkgs: []pkg{{names: []string{"linux"}, platform: "Ubuntu Pro 14.04 LTS", all: true}}},
		{file: "ubuntu/UBUNTU-CVE-2026-1403.json", id: "UBUNTU-CVE-2026-1403", publisher: "Ubuntu (Canonical)", severity: "medium",
			cves: []string{"CVE-2026-1403"}, affected: 1,
			pkgs: []pkg{{names: []string{"gitlab"}, platform: "Ubuntu 16.04 LTS", all: true}}},
		// The USN names its CVE through "upstream" UBUNTU-CVE-2021-3782.
		{file: "ubuntu/USN-5614-1.json", id: "USN-5614-1", publisher: "Ubuntu (Canonical)", severity: "medium",
			cves: []string{"CVE-2021-3782"}, affected: 3,
			pkgs: []pkg{
				{names: []string{"wayland"}, platform: "Ubuntu 18.04 LTS", in: []string{"1.16.0-1ubuntu1.1~18.04.3"}, out: []string{"1.16.0-1ubuntu1.1~18.04.4"},
					fixed: []string{"1.16.0-1ubuntu1.1~18.04.4"}},
				{names: []string{"wayland"}, platform: "Ubuntu 20.04 LTS", in: []string{"1.18.0-1"}, out: []string{"1.18.0-1ubuntu0.1"}},
				{names: []string{"wayland"}, platform: "Ubuntu 22.04 LTS", in: []string{"1.19.0-2build1"}, out: []string{"1.20.0-1ubuntu0.1"}},
			}},
	}
}

// corpusFiles lists the OSV corpus relative to its folder, with slashes.
func corpusFiles(t *testing.T) (string, []string) {
	t.Helper()
	root := testutil.Corpus(t, "osv")
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
		t.Fatalf("list OSV corpus: %v", err)
	}
	if len(files) == 0 {
		t.Fatalf("no OSV files under %s", root)
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

// TestCorpus checks every OSV file of the corpus against what a careful
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
			checkRecord(t, a, rec)
		})
	}
}

func checkRecord(t *testing.T, a *advisory.Advisory, rec record) {
	t.Helper()
	if a.TrackingID != rec.id {
		t.Errorf("TrackingID = %q, want %q", a.TrackingID, rec.id)
	}
	if a.Publisher.Name != rec.publisher {
		t.Errorf("Publisher = %q, want %q", a.Publisher.Name, rec.publisher)
	}
	if got := a.CVEs(); !slices.Equal(got, rec.cves) && (len(got) != 0 || len(rec.cves) != 0) {
		t.Errorf("CVEs = %v, want %v", got, rec.cves)
	}
	if a.AggregateSeverity != rec.severity {
		t.Errorf("AggregateSeverity = %q, want %q", a.AggregateSeverity, rec.severity)
	}
	wantStatus := rec.status
	if wantStatus == "" {
		wantStatus = "final"
	}
	if a.Status != wantStatus {
		t.Errorf("Status = %q, want %q", a.Status, wantStatus)
	}
	if a.Title == "" || a.Version == "" {
		t.Errorf("Title %q and Version %q must not be empty", a.Title, a.Version)
	}
	if n := len(a.NotifyingProducts()); n != rec.affected {
		t.Errorf("%d affected products, want %d", n, rec.affected)
		for _, p := range a.NotifyingProducts() {
			t.Logf("  %s %q on %q: %q", p.ID, p.Product, p.Platform, p.VersionRange)
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
	var affected []advisory.Product
	var fixed []string
	for _, p := range a.Products {
		if p.Product != name || p.Platform != w.platform {
			continue
		}
		switch status[p.ID] {
		case advisory.StatusKnownAffected:
			affected = append(affected, p)
		case advisory.StatusFixed:
			fixed = append(fixed, p.Version)
		}
	}
	what := name
	if w.platform != "" {
		what += " on " + w.platform
	}
	if len(affected) == 0 {
		t.Errorf("%s: no affected product", what)
		return
	}
	ranges := make([]product.Range, len(affected))
	for i, p := range affected {
		ranges[i] = rangeOf(p)
		if w.vendor != "" && p.Vendor != w.vendor {
			t.Errorf("%s: vendor %q, want %q", what, p.Vendor, w.vendor)
		}
		if w.unknown != ranges[i].IsUnknown() {
			t.Errorf("%s: range %q unknown = %v, want %v (%s)", what, p.VersionRange, ranges[i].IsUnknown(), w.unknown, ranges[i].Note())
		}
		if !w.unknown && ranges[i].IsUnknown() {
			t.Errorf("%s: range %q cannot be read: %s", what, p.VersionRange, ranges[i].Note())
		}
		if w.all && !ranges[i].IsAll() && !ranges[i].IsUnknown() {
			t.Errorf("%s: range %q, want every version", what, p.VersionRange)
		}
	}
	if w.purl != "" && !slices.ContainsFunc(affected, func(p advisory.Product) bool { return p.PURL == w.purl }) {
		t.Errorf("%s: no product with package URL %s", what, w.purl)
	}
	if w.cpe != "" && !slices.ContainsFunc(affected, func(p advisory.Product) bool { return p.CPE == w.cpe }) {
		t.Errorf("%s: no product with CPE %s", what, w.cpe)
	}
	contains := func(v string) bool {
		return slices.ContainsFunc(ranges, func(r product.Range) bool { return r.Contains(v) })
	}
	for _, v := range w.in {
		if !contains(v) {
			t.Errorf("%s: version %s should be affected; ranges %v", what, v, rangeTexts(affected))
		}
	}
	for _, v := range w.out {
		if contains(v) {
			t.Errorf("%s: version %s should not be affected; ranges %v", what, v, rangeTexts(affected))
		}
	}
	if w.fixed != nil {
		slices.Sort(fixed)
		fixed = slices.Compact(fixed)
		want := slices.Clone(w.fixed)
		slices.Sort(want)
		if !slices.Equal(fixed, want) && (len(fixed) != 0 || len(want) != 0) {
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
