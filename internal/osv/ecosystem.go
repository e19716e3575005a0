package osv

import (
	"net/url"
	"strings"

	packageurl "github.com/package-url/packageurl-go"

	"github.com/tocsin-cert/tocsin/internal/advisory"
)

// ecosystem is what Tocsin knows of an OSV ecosystem (the part of
// package.ecosystem before the first ":").
type ecosystem struct {
	// purlType and purlNS build package URLs (purl-spec type and, for
	// distributions, the fixed namespace).
	purlType, purlNS string
	// vers is the vers scheme for ECOSYSTEM ranges.
	vers string
	// distro is set for operating-system distributions: their packages get
	// the distribution as vendor and the release as platform.
	distro bool
}

// ecosystemOf looks an ecosystem up by name (case-insensitive).
func ecosystemOf(base string) ecosystem {
	switch strings.ToLower(strings.TrimSpace(base)) {
	case "npm":
		return ecosystem{purlType: "npm", vers: "npm"}
	case "pypi":
		return ecosystem{purlType: "pypi", vers: "pypi"}
	case "go":
		return ecosystem{purlType: "golang", vers: "golang"}
	case "maven":
		return ecosystem{purlType: "maven", vers: "maven"}
	case "crates.io":
		return ecosystem{purlType: "cargo", vers: "cargo"}
	case "rubygems":
		return ecosystem{purlType: "gem", vers: "gem"}
	case "nuget":
		return ecosystem{purlType: "nuget", vers: "nuget"}
	case "packagist":
		return ecosystem{purlType: "composer", vers: "composer"}
	case "hex":
		return ecosystem{purlType: "hex", vers: "hex"}
	case "pub":
		return ecosystem{purlType: "pub", vers: "pub"}
	case "hackage":
		return ecosystem{purlType: "hackage", vers: "hackage"}
	case "cran":
		return ecosystem{purlType: "cran", vers: "cran"}
	case "swifturl":
		return ecosystem{purlType: "swift", vers: "swift"}
	case "conancenter":
		return ecosystem{purlType: "conan", vers: "conan"}
	case "github actions":
		return ecosystem{purlType: "github", vers: "github"}
	case "bitnami":
		return ecosystem{purlType: "bitnami", vers: "semver"}
	case "debian":
		return ecosystem{purlType: "deb", purlNS: "debian", vers: "deb", distro: true}
	case "ubuntu":
		return ecosystem{purlType: "deb", purlNS: "ubuntu", vers: "deb", distro: true}
	case "alpine":
		return ecosystem{purlType: "apk", purlNS: "alpine", vers: "alpine", distro: true}
	case "chainguard":
		return ecosystem{purlType: "apk", purlNS: "chainguard", vers: "apk", distro: true}
	case "wolfi":
		return ecosystem{purlType: "apk", purlNS: "wolfi", vers: "apk", distro: true}
	case "red hat":
		return ecosystem{purlType: "rpm", purlNS: "redhat", vers: "rpm", distro: true}
	case "almalinux":
		return ecosystem{purlType: "rpm", purlNS: "almalinux", vers: "rpm", distro: true}
	case "rocky linux":
		return ecosystem{purlType: "rpm", purlNS: "rocky-linux", vers: "rpm", distro: true}
	case "suse":
		return ecosystem{purlType: "rpm", purlNS: "suse", vers: "rpm", distro: true}
	case "opensuse":
		return ecosystem{purlType: "rpm", purlNS: "opensuse", vers: "rpm", distro: true}
	case "mageia":
		return ecosystem{purlType: "rpm", purlNS: "mageia", vers: "rpm", distro: true}
	case "openeuler":
		return ecosystem{purlType: "rpm", purlNS: "openeuler", vers: "rpm", distro: true}
	case "photon os":
		return ecosystem{purlType: "rpm", purlNS: "photon", vers: "rpm", distro: true}
	case "azure linux", "mariner":
		return ecosystem{purlType: "rpm", purlNS: "azurelinux", vers: "rpm", distro: true}
	}
	return ecosystem{}
}

// splitEcosystem separates "AlmaLinux:8" into "AlmaLinux" and "8".
func splitEcosystem(eco string) (base, release string) {
	base, release, _ = strings.Cut(strings.TrimSpace(eco), ":")
	return strings.TrimSpace(base), strings.TrimSpace(release)
}

// platformName makes a distribution release readable:
// "Ubuntu:Pro:16.04:LTS" gives "Ubuntu Pro 16.04 LTS",
// "Red Hat:rhel_aus:8.6::appstream" gives "Red Hat rhel_aus 8.6 appstream".
func platformName(base, release string) string {
	if release == "" {
		return ""
	}
	parts := []string{base}
	for p := range strings.SplitSeq(release, ":") {
		if p = strings.TrimSpace(p); p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, " ")
}

// codeHosts are hosts whose first path segment is the owner of a project.
func isCodeHost(host string) bool {
	switch strings.ToLower(host) {
	case "github.com", "gitlab.com", "bitbucket.org", "gitee.com", "codeberg.org", "sr.ht", "git.sr.ht":
		return true
	}
	return false
}

// vendorOf derives a vendor from the ecosystem and package name:
// distributions are their own vendor ("Debian"); Go modules on a code host
// give the owner ("github.com/mattermost/x" gives "mattermost"), other Go
// modules their host ("golang.org"), the standard library and toolchain
// "Go"; npm the scope without "@"; Maven the group id; Packagist and
// GitHub Actions the part before "/". Registries whose names carry no
// owner (PyPI, crates.io, RubyGems, NuGet, Pub, Hex...) give no vendor.
func vendorOf(base, name string, eco ecosystem) string {
	if eco.distro {
		return base
	}
	switch strings.ToLower(base) {
	case "go":
		if name == "stdlib" || name == "toolchain" {
			return "Go"
		}
		segs := strings.Split(name, "/")
		if len(segs) >= 2 && isCodeHost(segs[0]) {
			return segs[1]
		}
		return segs[0]
	case "npm":
		if scope, _, ok := strings.Cut(name, "/"); ok && strings.HasPrefix(scope, "@") {
			return strings.TrimPrefix(scope, "@")
		}
	case "maven":
		if g, _, ok := strings.Cut(name, ":"); ok {
			return g
		}
	case "packagist", "github actions":
		if v, _, ok := strings.Cut(name, "/"); ok {
			return v
		}
	}
	return ""
}

// packageURL returns the package URL of a package without version and
// qualifiers: the record's own package.purl when its type is a purl-spec
// type, else one built from the ecosystem and name. Version and
// qualifiers (arch, distro, epoch) are dropped because the affected range
// gives the versions and Platform the release, and a qualifier such as
// "arch=source" would keep a subscriber's binary package URL from matching.
func packageURL(given string, eco ecosystem, name string) string {
	if given != "" {
		if u, err := packageurl.FromString(strings.TrimSpace(given)); err == nil && u.Name != "" {
			if _, known := packageurl.KnownTypes[u.Type]; known {
				return packageurl.NewPackageURL(u.Type, u.Namespace, u.Name, "", nil, u.Subpath).ToString()
			}
		}
	}
	if eco.purlType == "" || name == "" {
		return ""
	}
	ns, n := eco.purlNS, name
	switch eco.purlType {
	case "golang", "npm", "composer", "github", "swift":
		if i := strings.LastIndexByte(name, '/'); i > 0 {
			ns, n = name[:i], name[i+1:]
		}
	case "maven":
		if g, art, ok := strings.Cut(name, ":"); ok {
			ns, n = g, art
		}
	}
	return packageurl.NewPackageURL(eco.purlType, ns, n, "", nil, "").ToString()
}

// publisherFor names the database that published a record, from the
// record id's prefix, else from the ecosystem of its packages, else from
// a URL in database_specific, else "OSV".
func publisherFor(id string, ecosystems []string, ds map[string]any) advisory.Publisher {
	prefix, _, _ := strings.Cut(strings.ToUpper(id), "-")
	pub := func(name, ns, cat string) advisory.Publisher {
		return advisory.Publisher{Name: name, Namespace: ns, Category: cat}
	}
	switch prefix {
	case "GHSA":
		return pub("GitHub Advisory Database", "https://github.com/advisories", "coordinator")
	case "GO":
		return pub("Go vulnerability database", "https://pkg.go.dev/vuln/", "coordinator")
	case "PYSEC":
		return pub("PyPA Advisory Database", "https://github.com/pypa/advisory-database", "coordinator")
	case "RUSTSEC":
		return pub("RustSec Advisory Database", "https://rustsec.org/advisories/", "coordinator")
	case "DSA", "DLA", "DTSA", "DEBIAN":
		return distroPublisher("debian")
	case "USN", "UBUNTU", "LSN":
		return distroPublisher("ubuntu")
	case "RHSA", "RHBA", "RHEA":
		return distroPublisher("red hat")
	case "ALSA", "ALBA", "ALEA":
		return distroPublisher("almalinux")
	case "RLSA", "RLBA", "RLEA", "RXSA":
		return distroPublisher("rocky linux")
	case "CGA":
		return distroPublisher("chainguard")
	case "BIT":
		return pub("Bitnami", "https://github.com/bitnami/vulndb", "vendor")
	case "SUSE", "OPENSUSE":
		return distroPublisher("suse")
	case "ALPINE":
		return distroPublisher("alpine")
	case "MGASA":
		return distroPublisher("mageia")
	case "MAL":
		return pub("OpenSSF Malicious Packages", "https://github.com/ossf/malicious-packages", "coordinator")
	case "OSV":
		return pub("OSS-Fuzz (OSV)", "https://osv.dev/", "coordinator")
	case "PSF":
		return pub("Python Software Foundation", "https://github.com/psf/advisory-database", "vendor")
	case "HSEC":
		return pub("Haskell Security Response Team", "https://github.com/haskell/security-advisories", "coordinator")
	case "EEF":
		return pub("Erlang Ecosystem Foundation", "https://cna.erlef.org/", "coordinator")
	case "CURL":
		return pub("curl", "https://curl.se/docs/security.html", "vendor")
	case "GSD":
		return pub("Global Security Database", "https://github.com/cloudsecurityalliance/gsd-database", "coordinator")
	}
	// A record named after a CVE (osv.dev's distribution feeds): the
	// distribution all its packages belong to.
	var distro string
	for _, e := range ecosystems {
		base, _ := splitEcosystem(e)
		if !ecosystemOf(base).distro || (distro != "" && !strings.EqualFold(distro, base)) {
			distro = ""
			break
		}
		distro = base
	}
	if distro != "" {
		return distroPublisher(distro)
	}
	for _, key := range []string{"url", "source"} {
		if s, ok := ds[key].(string); ok {
			if u, err := url.Parse(s); err == nil && u.Host != "" && (u.Scheme == "https" || u.Scheme == "http") {
				return pub(u.Host, u.Scheme+"://"+u.Host+"/", "other")
			}
		}
	}
	return pub("OSV", "https://osv.dev/", "other")
}

// distroPublisher is the security team of a distribution.
func distroPublisher(base string) advisory.Publisher {
	pub := func(name, ns string) advisory.Publisher {
		return advisory.Publisher{Name: name, Namespace: ns, Category: "vendor"}
	}
	switch strings.ToLower(base) {
	case "debian":
		return pub("Debian", "https://security-tracker.debian.org/tracker/")
	case "ubuntu":
		return pub("Ubuntu (Canonical)", "https://ubuntu.com/security/")
	case "red hat":
		return pub("Red Hat Product Security", "https://security.access.redhat.com/data/osv/")
	case "almalinux":
		return pub("AlmaLinux", "https://errata.almalinux.org/")
	case "rocky linux":
		return pub("Rocky Linux", "https://errata.rockylinux.org/")
	case "chainguard", "wolfi":
		return pub("Chainguard", "https://images.chainguard.dev/security/")
	case "suse", "opensuse":
		return pub("SUSE", "https://www.suse.com/security/")
	case "alpine":
		return pub("Alpine Linux", "https://security.alpinelinux.org/")
	case "mageia":
		return pub("Mageia", "https://advisories.mageia.org/")
	}
	return pub(base, "https://osv.dev/")
}
