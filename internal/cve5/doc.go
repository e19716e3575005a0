// Package cve5 reads CVE JSON 5 records (CVE Record Format 5.x, as
// published by CVE Numbering Authorities, with ADP containers such as
// CISA's "Vulnrichment") into Tocsin's advisory model.
//
// Detect recognises a record by its content ("dataType": "CVE_RECORD");
// Parse maps it. The package depends on the advisory model, on product
// (for product.CompareVersionsScheme, so that ranges are sorted, merged
// and subtracted in the order the matcher reads them) and on the
// package-URL library; it must not import storage, delivery, rendering,
// ingest or the web.
//
// # Mapping
//
// Publisher: the CNA, containers.cna.providerMetadata.shortName (else
// cveMetadata.assignerShortName), namespace
// https://www.cve.org/PartnerInformation/ListofPartners/partner/SHORTNAME,
// the orgId in IssuingAuthority.
//
// Tracking: TrackingID is cveMetadata.cveId. Records have no revision
// number, so Version is cveMetadata.dateUpdated (else the CNA's
// providerMetadata.dateUpdated, else datePublished) in UTC written
// "YYYYMMDD.hhmmss" (".nnnnnnnnn" added for fractions of a second): two
// revisions of one record order correctly under
// advisory.CompareTrackingVersions. CurrentRelease is that date,
// InitialRelease datePublished. Status is "final"; Category "cve_record".
//
// Rejected records (state REJECTED): Status "rejected", Title
// "CVE-... (rejected)", the rejectedReasons (and replacedBy, and the date)
// as notes, one vulnerability with the CVE id and no products.
//
// Texts: Title is cna.title, else the first sentence of the first English
// description. Descriptions become notes ("description"), English first,
// each titled with its language ("Description (en)"); ADP descriptions say
// their container. Lang is the first description's language.
//
// Vulnerability: one, with the CVE id. CWE: the CNA's problemTypes (the
// first CWE; others and problem types without CWE in notes), else the
// ADPs'. Scores: metrics cvssV4_0, cvssV3_1, cvssV3_0 and cvssV2_0 of the
// CNA and of every ADP, with their base score and severity; a note
// "Sources of the scores" says which container gave each (e.g. "CVSS 3.1
// base score 9.8 (CRITICAL) from CISA-ADP: CVSS:3.1/..."), since the
// model has no source field. Scores apply to the affected products.
// "other" metrics: a rating word (Red Hat's "Important", Apache's
// "critical") becomes the AggregateSeverity; CISA's KEV entry and SSVC
// decision points become exploit_status threats. impacts (CAPEC) become
// impact threats, exploits exploit_status threats, workarounds and
// solutions remediations, credits acknowledgments. References of all
// containers, without repeats.
//
// Products: one per affected[] entry of the CNA and of each ADP, id
// "cna-N" or "cisa-adp-N" (the prefix says which container said so);
// entries naming no product ("n/a") are skipped.
//   - Vendor, Product: vendor and product; Name is "Vendor Product"
//     unless the product starts with the vendor. With packageName and no
//     product, the package; with a distribution's package index as
//     collectionURL (Red Hat), Product is the package and Platform the
//     product ("libtiff" on "Red Hat Enterprise Linux 9"). Without vendor,
//     the owner of a GitHub/GitLab collectionURL or repo.
//   - CPE: the cpes[] entry naming the product (else the first, when all
//     name the same product). PURL: from a registry collectionURL and
//     packageName (PyPI, npm, crates.io, RubyGems, NuGet, Packagist,
//     Maven Central, Go, GitHub repositories, Red Hat's index as rpm).
//   - VersionRange: a vers string ("vers:semver/<1.22.7|>=1.23.0-0|<1.23.1")
//     holding the versions whose status is affected under the schema's
//     algorithm: the first versions[] entry containing a version decides
//     (version <= V < lessThan, or <= lessThanOrEqual, changes[] re-sorted
//     and applied), else defaultStatus (missing: unknown). "0", "*",
//     "n/a", "unspecified" start at the beginning; "*" and words
//     ("latest") as upper bound mean no end; "5.10.*" is the end of the
//     5.10 line. The scheme is the versionType's (semver, pypi, maven,
//     rpm...), else generic. One exception, documented because it departs
//     from the letter: when every entry says affected and defaultStatus
//     is also affected (as Adobe and some CISA-ADP entries write), the
//     default is read as unknown: a careful reader takes the listed ranges
//     as the affected ones, not every version.
//   - A "version" without lessThan may be what CNAs write instead of a
//     version: "< 0.14.10", ">= 2.62.0, < 2.62.1", "before version 3.4.4",
//     "prior to v1.19.1", "before Brocade Fabric OS v9.1.1c, v9.2.0" (the
//     fixes of release lines: <9.1.1c), "1.89 and earlier",
//     "12.1.1-12.1.3", "11.3, 11.4, 11.5, 12.0", "FortiOS 7.2.0, 7.0.6"
//     (the product's words are dropped). A text that cannot be read is
//     kept as the VersionRange of a product of its own (the matcher reads
//     it or matches on name); a URL becomes a reference and a digest (key
//     fingerprint) a product without version, both matching on name.
//   - versionType "git" entries name commits: they go to a note; a
//     product known only by commits gets the range "unknown (affected
//     commits only; see notes)" (matched on name), unless another entry
//     for the same product gives versions (the Linux kernel CNA).
//
// Status: a product with affected versions is known_affected. An entry
// with none is under_investigation when some versions are unknown, else
// known_not_affected (Red Hat's "not affected" releases). Fixed versions
// (the ends of affected ranges, lessThan values, changes to unaffected)
// give products "ID-fixed-K" with Version and status fixed, and a
// vendor_fix remediation "Upgrade NAME to FIXED or later.".
package cve5
