// Package osv reads OSV records (Open Source Vulnerability format,
// https://ossf.github.io/osv-schema/) into Tocsin's advisory model.
//
// Detect recognises a record by its content; Parse maps it. The package
// depends on the advisory model, on product (for
// product.CompareVersionsScheme, so that ranges are sorted and merged in
// the order the matcher reads them) and on the package-URL library; it
// must not import storage, delivery, rendering, ingest or the web.
//
// # Mapping
//
// Publisher: the database named by the id prefix: GHSA GitHub Advisory
// Database (https://github.com/advisories), GO Go vulnerability database
// (https://pkg.go.dev/vuln/), PYSEC PyPA Advisory Database, RUSTSEC
// RustSec, DSA/DLA Debian, USN/UBUNTU Ubuntu, RHSA/RHBA Red Hat (namespace
// https://security.access.redhat.com/data/osv/, not Red Hat's CSAF
// namespace, so that an OSV record never replaces the CSAF advisory of the
// same id), ALSA/ALBA AlmaLinux, RLSA Rocky Linux, CGA Chainguard, BIT
// Bitnami, MAL OpenSSF Malicious Packages, SUSE, MGASA, PSF, HSEC, ...
// A record named after a CVE (osv.dev's distribution feeds) is the
// distribution's when all its packages are; else database_specific's
// "url"/"source" host; else "OSV" (https://osv.dev/).
//
// Tracking: TrackingID is the id. OSV has no revision number, so Version
// is the modified time in UTC written "YYYYMMDD.hhmmss" (with
// ".nnnnnnnnn" nanoseconds when the time has a fraction): two revisions
// of one record order correctly under advisory.CompareTrackingVersions. A
// missing or zero modified time (the Go database writes 0001-01-01) gives
// "0". CurrentRelease is modified, InitialRelease published (zero dates
// left empty). Status is "final", or "withdrawn" when the record has a
// withdrawn time (the products are kept; the model has no withdrawn flag
// yet, so whether such a record notifies is decided by the caller); a
// note says when it was withdrawn. Category is "osv_record".
//
// Texts: Title is the summary, else the first sentence of details, else
// the id. Notes: the summary ("summary"), details as Markdown text
// ("description"), the CVSS vectors ("other"), affected commits, further
// CWEs and related records. References keep their type as summary;
// credits become acknowledgments.
//
// Vulnerabilities: one per CVE id. CVE ids come from the id (when it is a
// CVE, or a per-CVE id such as UBUNTU-CVE-2021-3782), aliases, upstream
// and Ubuntu's database_specific.cves_map; when none is found there, the
// CVE ids under "related" (AlmaLinux and Rocky Linux list the CVEs an
// update fixes there). Without any CVE, one vulnerability without CVE.
// Other ids (GHSA, GO, ...) are vulnerability ids named by their database.
// CWE: database_specific.cwe_ids (the first; the others in a note).
//
// Severity: OSV gives CVSS vectors without scores and Tocsin has no CVSS
// library, so vectors are kept in a note and no Score is made (a Score
// with base score 0 would make Advisory.Severity say "none"). The
// advisory's AggregateSeverity is database_specific.severity (GitHub,
// Bitnami), else the "Ubuntu" severity, else the rating Red Hat-style
// summaries start with ("Important: ...").
//
// Products: one advisory.Product per affected[] entry, id "pN":
//   - Product and Name are package.name (for a package known only by a
//     GIT repository, the repository's name).
//   - Vendor: a distribution is the vendor of its packages (Debian,
//     Ubuntu, AlmaLinux, Rocky Linux, Red Hat, Alpine, Chainguard, Wolfi,
//     SUSE...); Go modules on a code host give the owner
//     ("github.com/mattermost/..." gives "mattermost"), other Go modules
//     their host, the standard library and toolchain "Go"; npm the scope;
//     Maven the group id; Packagist and GitHub Actions the part before
//     "/"; other registries none.
//   - Platform: the distribution release from the ecosystem suffix
//     ("AlmaLinux:8" gives "AlmaLinux 8", "Ubuntu:Pro:16.04:LTS" gives
//     "Ubuntu Pro 16.04 LTS"), with relationship default_component_of.
//   - PURL: package.purl when its type is a purl-spec type, else built
//     from ecosystem and name (npm, PyPI pypi, Go golang, Maven, crates.io
//     cargo, RubyGems gem, NuGet, Packagist composer, Hex, Pub, Debian and
//     Ubuntu deb, Alpine/Chainguard/Wolfi apk, Red Hat/AlmaLinux/Rocky
//     Linux/SUSE rpm, Bitnami, ...), always without version and
//     qualifiers: the range gives the versions, Platform the release, and
//     a qualifier such as arch=source would keep a subscriber's binary
//     package URL from matching.
//   - CPE: database_specific.cpes[0] of the entry, or of the record when
//     it names a single package (Bitnami).
//   - VersionRange: a vers string in the ecosystem's scheme (npm, pypi,
//     golang, maven, cargo, gem, nuget, deb, rpm, apk, alpine...; semver
//     for SEMVER ranges without one). Each SEMVER/ECOSYSTEM range is
//     evaluated as the schema says: events sorted by version, introduced
//     ("0" = the beginning) opens, fixed and limit close before their
//     version, last_affected closes at it ("<="), an open span runs to the
//     end. The spans of all ranges of the entry are merged, so
//     "introduced 0, fixed 1.18.9, introduced 1.19.0-0, fixed 1.19.4"
//     gives "vers:golang/<1.18.9|>=1.19.0-0|<1.19.4", which
//     product.ParseAdvisoryRange reads as written. SemVer build metadata
//     is dropped ("+incompatible"). versions[] is used only when there is
//     no SEMVER/ECOSYSTEM range (it enumerates those ranges otherwise).
//     GIT ranges have commits, not versions: they go to a note, and an
//     entry known only by commits gets the range "unknown (affected
//     commits only; see notes)", which the matcher reads as unknown, so it
//     matches on the name.
//
// Status: the entry's product is known_affected. Every fixed version
// gives one more product "pN-fixed-K" with Version set and status fixed,
// and the affected product a vendor_fix remediation ("Upgrade NAME to
// FIXED or later.").
package osv
