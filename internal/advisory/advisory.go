// Package advisory holds Tocsin's one internal model of a security advisory:
// who published it, its tracking data and revisions, its distribution limit
// (TLP), its texts, its vulnerabilities and the affected products flattened
// from the source format's product tree.
//
// The package imports nothing else from this module: formats, storage,
// matching, rendering, delivery and the web all depend on it, never the
// reverse.
package advisory

import (
	"slices"
	"sort"
	"strings"
	"time"
)

// Advisory is one revision of a security advisory.
type Advisory struct {
	// Publisher issued the document.
	Publisher Publisher
	// TrackingID is the publisher's identifier, e.g. "ICSA-24-100-01".
	TrackingID string
	// Version is the tracking version of this revision ("1", "2", "1.0.1").
	Version string
	// Status is draft, interim or final.
	Status string
	// Category is the document category, e.g. csaf_security_advisory.
	Category string
	// InitialRelease and CurrentRelease are the document's release dates.
	InitialRelease time.Time
	CurrentRelease time.Time
	// Revisions is the revision history, oldest first.
	Revisions []Revision
	// Title is the document title.
	Title string
	// TLP is the distribution limit; empty when the document names none.
	TLP TLP
	// DistributionText is the free-text distribution statement, if any.
	DistributionText string
	// Lang is the document language as a BCP 47 tag ("en", "de-DE"); may be empty.
	Lang string
	// AggregateSeverity is the publisher's overall rating text (e.g. "High")
	// and the namespace that defines it.
	AggregateSeverity          string
	AggregateSeverityNamespace string
	// Notes are the document-level notes (summary, details, legal text...).
	Notes []Note
	// References are document-level references.
	References []Reference
	// Acknowledgments thank people and organisations (names only).
	Acknowledgments []string
	// Vulnerabilities are the vulnerabilities the document covers.
	Vulnerabilities []Vulnerability
	// Products is the product tree flattened: one entry per product id.
	Products []Product

	// The fields below carry the rest of a CSAF 2.0 document, so that it
	// can be written again without loss (csaf.Marshal). Fields above that
	// hold a value the model reads or trims have a raw companion here.

	// InitialReleaseRaw and CurrentReleaseRaw are the release dates as the
	// document writes them; a writer uses them while they still denote
	// InitialRelease and CurrentRelease.
	InitialReleaseRaw string `json:",omitempty"`
	CurrentReleaseRaw string `json:",omitempty"`
	// Aliases are other tracking ids of the same document.
	Aliases []string `json:",omitempty"`
	// Generator names the tool that made the document, if given.
	Generator *Generator `json:",omitempty"`
	// SourceLang is the language of the original when the document is a
	// translation (BCP 47).
	SourceLang string `json:",omitempty"`
	// TLPLabel is the TLP label exactly as the document writes it (CSAF 2.0
	// says WHITE where TLP says CLEAR); TLPURL is the URL of the TLP
	// definition the document refers to.
	TLPLabel string `json:",omitempty"`
	TLPURL   string `json:",omitempty"`
	// DocumentAcknowledgments are the document's own acknowledgments in
	// full; Acknowledgments above flattens them together with the
	// vulnerabilities' ones.
	DocumentAcknowledgments []Acknowledgment `json:",omitempty"`
	// ProductTree is the product tree as the document gives it: branches,
	// full product names, relationships and product groups; nil when the
	// document has none.
	ProductTree *ProductTree `json:",omitempty"`
	// Additional holds the properties CSAF 2.0 does not define, keyed by the
	// JSON pointer where the document has them (e.g.
	// "/document/custom_property"), with their decoded JSON values.
	Additional map[string]any `json:",omitempty"`
}

// Publisher identifies the organisation that issued the document.
type Publisher struct {
	Name             string
	Namespace        string
	Category         string
	ContactDetails   string
	IssuingAuthority string
	// NameRaw is the name as the document writes it, when it differs from
	// Name (which is trimmed of surrounding white space).
	NameRaw string `json:",omitempty"`
}

// Revision is one entry of the revision history.
type Revision struct {
	Number  string
	Date    time.Time
	Summary string
	// DateRaw is the date as the document writes it.
	DateRaw string `json:",omitempty"`
	// LegacyVersion is the revision's number in an earlier versioning
	// scheme, if given.
	LegacyVersion string `json:",omitempty"`
	// Position is the entry's index in the document's revision history
	// (Revisions is sorted oldest first, the document need not be).
	Position int `json:",omitempty"`
}

// Note is a titled text with a category (summary, description, details,
// general, faq, legal_disclaimer, other) and an optional audience.
type Note struct {
	Category string
	Title    string
	Text     string
	Audience string
}

// Reference is a link with a short summary.
type Reference struct {
	URL      string
	Summary  string
	Category string
}

// Vulnerability is one vulnerability of an advisory.
type Vulnerability struct {
	CVE           string
	IDs           []ID
	Title         string
	CWE           *CWE
	Notes         []Note
	Scores        []Score
	Remediations  []Remediation
	References    []Reference
	Threats       []Threat
	ReleaseDate   time.Time
	DiscoveryDate time.Time
	// ProductStatus maps each product id to its status for this vulnerability.
	ProductStatus map[string]Status

	// ReleaseDateRaw and DiscoveryDateRaw are the dates as written.
	ReleaseDateRaw   string `json:",omitempty"`
	DiscoveryDateRaw string `json:",omitempty"`
	// StatusLists are the product_status lists as the document writes them
	// (a product may be in several); ProductStatus keeps one status each.
	StatusLists map[Status][]string `json:",omitempty"`
	// ScoreSets are the document's scores as written: each with its
	// products and full CVSS objects. Scores is derived from them.
	ScoreSets []ScoreSet `json:",omitempty"`
	// Acknowledgments thank the people and organisations who helped with
	// this vulnerability.
	Acknowledgments []Acknowledgment `json:",omitempty"`
	// Flags are VEX justifications (e.g. component_not_present) for
	// products. They are also in Threats with category "flag" for older
	// readers.
	Flags []Flag `json:",omitempty"`
	// Involvements are the parties' involvement in the handling.
	Involvements []Involvement `json:",omitempty"`
}

// ID is a non-CVE identifier of a vulnerability (e.g. a vendor bug id).
type ID struct {
	System string
	Text   string
}

// CWE is a weakness classification.
type CWE struct {
	ID   string
	Name string
}

// Score is a CVSS score that applies to some products.
type Score struct {
	// CVSSVersion is "2.0", "3.0", "3.1" or "4.0".
	CVSSVersion string
	Vector      string
	BaseScore   float64
	// BaseSeverity is the qualitative rating given with the score
	// ("CRITICAL", "HIGH", ...); empty for CVSS v2.
	BaseSeverity string
	ProductIDs   []string
}

// Remediation is what to do about a vulnerability for some products.
type Remediation struct {
	// Category is vendor_fix, workaround, mitigation, none_available or
	// no_fix_planned.
	Category   string
	Details    string
	URL        string
	Date       time.Time
	ProductIDs []string

	// DateRaw is the date as written.
	DateRaw string `json:",omitempty"`
	// Entitlements are the conditions for using the remediation.
	Entitlements []string `json:",omitempty"`
	// RestartRequired says what must be restarted after applying it.
	RestartRequired *RestartRequired `json:",omitempty"`
	// GroupIDs are the product groups the document names; when set,
	// ListedProductIDs are the product ids it names directly and
	// ProductIDs holds both, the groups expanded. When GroupIDs is nil,
	// ProductIDs is the document's list.
	GroupIDs         []string `json:",omitempty"`
	ListedProductIDs []string `json:",omitempty"`
}

// Threat is a statement about impact, exploitation or target set.
type Threat struct {
	Category   string
	Details    string
	ProductIDs []string

	// Date is when the statement was made, if given; DateRaw as written.
	Date    time.Time `json:",omitempty"`
	DateRaw string    `json:",omitempty"`
	// GroupIDs and ListedProductIDs are as in Remediation.
	GroupIDs         []string `json:",omitempty"`
	ListedProductIDs []string `json:",omitempty"`
}

// Product is one product of the advisory, flattened from the product tree:
// the branch path gives vendor, family, product name and version (or range);
// the identification helper gives CPE and package URL.
type Product struct {
	// ID is the document-unique product id (CSAF product_id).
	ID string
	// Name is the full product name as the document gives it.
	Name    string
	Vendor  string
	Family  string
	Product string
	// Version is a single version, when the document gives one.
	Version string
	// VersionRange is a range expression as given: a vers string
	// ("vers:semver/>=1.0|<2.0") or a free-form constraint ("<V3.0.29").
	VersionRange string
	// Platform is set for products built by a relationship: the product the
	// component is installed on or part of (e.g. "Red Hat Enterprise Linux 9").
	Platform string
	// Relationship is the CSAF relationship category when the product was
	// built by one (default_component_of, installed_on, ...).
	Relationship string
	CPE          string
	PURL         string
	ModelNumbers []string
	SKUs         []string
}

// Status is a product's status for one vulnerability.
type Status string

// Product statuses, as in CSAF 2.0.
const (
	StatusFirstAffected      Status = "first_affected"
	StatusKnownAffected      Status = "known_affected"
	StatusLastAffected       Status = "last_affected"
	StatusUnderInvestigation Status = "under_investigation"
	StatusFirstFixed         Status = "first_fixed"
	StatusFixed              Status = "fixed"
	StatusKnownNotAffected   Status = "known_not_affected"
	StatusRecommended        Status = "recommended"
)

// Notifies reports whether a product with this status should be notified:
// affected statuses and under_investigation do; fixed, not affected and
// recommended do not.
func (s Status) Notifies() bool {
	switch s {
	case StatusFirstAffected, StatusKnownAffected, StatusLastAffected, StatusUnderInvestigation:
		return true
	}
	return false
}

// rank orders statuses so that the most alarming wins when a product has
// different statuses for different vulnerabilities.
func (s Status) rank() int {
	switch s {
	case StatusKnownAffected, StatusFirstAffected, StatusLastAffected:
		return 5
	case StatusUnderInvestigation:
		return 4
	case StatusFixed, StatusFirstFixed:
		return 3
	case StatusKnownNotAffected:
		return 2
	case StatusRecommended:
		return 1
	}
	return 0
}

// Label is a short English label for the status.
func (s Status) Label() string {
	switch s {
	case StatusKnownAffected, StatusFirstAffected, StatusLastAffected:
		return "affected"
	case StatusUnderInvestigation:
		return "under investigation"
	case StatusFixed, StatusFirstFixed:
		return "fixed"
	case StatusKnownNotAffected:
		return "not affected"
	case StatusRecommended:
		return "recommended"
	}
	return string(s)
}

// Key is the global identity of an advisory: publisher namespace and
// tracking id (CSAF section 3.2.1.12).
func (a *Advisory) Key() string {
	return strings.TrimRight(a.Publisher.Namespace, "/") + "#" + a.TrackingID
}

// CVEs lists the advisory's CVE ids, sorted and without duplicates.
func (a *Advisory) CVEs() []string {
	var out []string
	for _, v := range a.Vulnerabilities {
		if v.CVE != "" {
			out = append(out, v.CVE)
		}
	}
	sort.Strings(out)
	return slices.Compact(out)
}

// Product returns the product with the given id.
func (a *Advisory) Product(id string) (Product, bool) {
	for _, p := range a.Products {
		if p.ID == id {
			return p, true
		}
	}
	return Product{}, false
}

// ProductStatus returns, for each product id, its most alarming status over
// all vulnerabilities (affected over under investigation over fixed over not
// affected).
func (a *Advisory) ProductStatus() map[string]Status {
	out := make(map[string]Status)
	for _, v := range a.Vulnerabilities {
		for id, st := range v.ProductStatus {
			if cur, ok := out[id]; !ok || st.rank() > cur.rank() {
				out[id] = st
			}
		}
	}
	return out
}

// NotifyingProducts returns the products whose status notifies (affected or
// under investigation), in product-tree order.
func (a *Advisory) NotifyingProducts() []Product {
	st := a.ProductStatus()
	var out []Product
	for _, p := range a.Products {
		if st[p.ID].Notifies() {
			out = append(out, p)
		}
	}
	return out
}

// MaxScore returns the highest CVSS base score of the advisory, preferring
// CVSS v3/v4 over v2, and false when it has none.
func (a *Advisory) MaxScore() (Score, bool) {
	var best Score
	found := false
	for _, v := range a.Vulnerabilities {
		for _, s := range v.Scores {
			if !found || better(s, best) {
				best, found = s, true
			}
		}
	}
	return best, found
}

func better(s, than Score) bool {
	v2s, v2t := s.CVSSVersion == "2.0", than.CVSSVersion == "2.0"
	if v2s != v2t {
		return !v2s
	}
	return s.BaseScore > than.BaseScore
}

// Severity is the advisory's overall severity: from the highest CVSS score,
// else from the publisher's aggregate severity text.
func (a *Advisory) Severity() Severity {
	if s, ok := a.MaxScore(); ok {
		return SeverityFromScore(s.BaseScore)
	}
	return ParseSeverity(a.AggregateSeverity)
}

// Summary returns the best short description: the first document note of
// category summary (or, failing that, description or general), else the
// first vulnerability summary.
func (a *Advisory) Summary() string {
	for _, cat := range []string{"summary", "description", "general"} {
		for _, n := range a.Notes {
			if n.Category == cat && strings.TrimSpace(n.Text) != "" {
				return n.Text
			}
		}
	}
	for _, v := range a.Vulnerabilities {
		for _, n := range v.Notes {
			if (n.Category == "summary" || n.Category == "description") && strings.TrimSpace(n.Text) != "" {
				return n.Text
			}
		}
	}
	return ""
}
