package advisory

import "time"

// This file holds the parts of an advisory that Tocsin keeps so that a
// CSAF 2.0 document can be written again without loss: full
// acknowledgments, VEX flags, involvements, CVSS objects, the tracking
// generator and the product tree as the document gives it.

// Acknowledgment thanks people or an organisation.
type Acknowledgment struct {
	Names        []string `json:",omitempty"`
	Organization string   `json:",omitempty"`
	Summary      string   `json:",omitempty"`
	URLs         []string `json:",omitempty"`
}

// Generator is the tool that made a document.
type Generator struct {
	EngineName    string `json:",omitempty"`
	EngineVersion string `json:",omitempty"`
	// Date is when the tool made the document; DateRaw as written.
	Date    time.Time `json:",omitempty"`
	DateRaw string    `json:",omitempty"`
}

// RestartRequired says what has to be restarted after a remediation.
type RestartRequired struct {
	// Category is none, vulnerable_component, service, parent, dependencies,
	// connected, machine, zone or system.
	Category string `json:",omitempty"`
	Details  string `json:",omitempty"`
}

// Flag is a machine-readable VEX justification for products, e.g.
// component_not_present or vulnerable_code_not_present.
type Flag struct {
	Label string `json:",omitempty"`
	// Date is when the flag was set; DateRaw as written.
	Date    time.Time `json:",omitempty"`
	DateRaw string    `json:",omitempty"`
	// ProductIDs are the products the flag applies to, the members of
	// GroupIDs included; GroupIDs and ListedProductIDs are as in
	// Remediation.
	ProductIDs       []string `json:",omitempty"`
	GroupIDs         []string `json:",omitempty"`
	ListedProductIDs []string `json:",omitempty"`
}

// Involvement is a party's involvement in handling a vulnerability.
type Involvement struct {
	// Party is coordinator, discoverer, other, user or vendor.
	Party string `json:",omitempty"`
	// Status is completed, contact_attempted, disputed, in_progress,
	// not_contacted or open.
	Status  string `json:",omitempty"`
	Summary string `json:",omitempty"`
	// Date is when the status applied; DateRaw as written.
	Date    time.Time `json:",omitempty"`
	DateRaw string    `json:",omitempty"`
}

// ScoreSet is one entry of a vulnerability's scores: the products it
// applies to and a CVSS v2 object, a CVSS v3 object or both.
type ScoreSet struct {
	Products []string `json:",omitempty"`
	CVSSv2   *CVSSv2  `json:",omitempty"`
	CVSSv3   *CVSSv3  `json:",omitempty"`
}

// CVSSv3 is a CVSS v3.0 or v3.1 object with all the properties of the FIRST
// schema. Enumerated values are upper case as in the schema ("NETWORK");
// empty strings and nil scores are absent.
type CVSSv3 struct {
	Version      string `json:",omitempty"`
	VectorString string `json:",omitempty"`

	AttackVector          string  `json:",omitempty"`
	AttackComplexity      string  `json:",omitempty"`
	PrivilegesRequired    string  `json:",omitempty"`
	UserInteraction       string  `json:",omitempty"`
	Scope                 string  `json:",omitempty"`
	ConfidentialityImpact string  `json:",omitempty"`
	IntegrityImpact       string  `json:",omitempty"`
	AvailabilityImpact    string  `json:",omitempty"`
	BaseScore             float64 `json:",omitempty"`
	BaseSeverity          string  `json:",omitempty"`

	ExploitCodeMaturity string   `json:",omitempty"`
	RemediationLevel    string   `json:",omitempty"`
	ReportConfidence    string   `json:",omitempty"`
	TemporalScore       *float64 `json:",omitempty"`
	TemporalSeverity    string   `json:",omitempty"`

	ConfidentialityRequirement    string   `json:",omitempty"`
	IntegrityRequirement          string   `json:",omitempty"`
	AvailabilityRequirement       string   `json:",omitempty"`
	ModifiedAttackVector          string   `json:",omitempty"`
	ModifiedAttackComplexity      string   `json:",omitempty"`
	ModifiedPrivilegesRequired    string   `json:",omitempty"`
	ModifiedUserInteraction       string   `json:",omitempty"`
	ModifiedScope                 string   `json:",omitempty"`
	ModifiedConfidentialityImpact string   `json:",omitempty"`
	ModifiedIntegrityImpact       string   `json:",omitempty"`
	ModifiedAvailabilityImpact    string   `json:",omitempty"`
	EnvironmentalScore            *float64 `json:",omitempty"`
	EnvironmentalSeverity         string   `json:",omitempty"`
}

// CVSSv2 is a CVSS v2.0 object with all the properties of the FIRST schema.
type CVSSv2 struct {
	Version      string `json:",omitempty"`
	VectorString string `json:",omitempty"`

	AccessVector          string  `json:",omitempty"`
	AccessComplexity      string  `json:",omitempty"`
	Authentication        string  `json:",omitempty"`
	ConfidentialityImpact string  `json:",omitempty"`
	IntegrityImpact       string  `json:",omitempty"`
	AvailabilityImpact    string  `json:",omitempty"`
	BaseScore             float64 `json:",omitempty"`

	Exploitability   string   `json:",omitempty"`
	RemediationLevel string   `json:",omitempty"`
	ReportConfidence string   `json:",omitempty"`
	TemporalScore    *float64 `json:",omitempty"`

	CollateralDamagePotential  string   `json:",omitempty"`
	TargetDistribution         string   `json:",omitempty"`
	ConfidentialityRequirement string   `json:",omitempty"`
	IntegrityRequirement       string   `json:",omitempty"`
	AvailabilityRequirement    string   `json:",omitempty"`
	EnvironmentalScore         *float64 `json:",omitempty"`
}

// ProductTree is a CSAF product tree as the document gives it. Names are
// kept exactly as written (Advisory.Products trims them).
type ProductTree struct {
	Branches         []Branch          `json:",omitempty"`
	FullProductNames []FullProductName `json:",omitempty"`
	Relationships    []Relationship    `json:",omitempty"`
	ProductGroups    []ProductGroup    `json:",omitempty"`
}

// Branch is one node of the product tree: a category (vendor,
// product_family, product_name, product_version, product_version_range,
// architecture, host_name, language, legacy, patch_level, service_pack,
// specification) and a name, with either sub-branches or a product.
type Branch struct {
	Category string           `json:",omitempty"`
	Name     string           `json:",omitempty"`
	Branches []Branch         `json:",omitempty"`
	Product  *FullProductName `json:",omitempty"`
}

// FullProductName is a product with its document-unique id.
type FullProductName struct {
	ProductID string                `json:",omitempty"`
	Name      string                `json:",omitempty"`
	Helper    *IdentificationHelper `json:",omitempty"`
}

// IdentificationHelper holds what identifies a product outside the
// document.
type IdentificationHelper struct {
	CPE           string       `json:",omitempty"`
	PURL          string       `json:",omitempty"`
	Hashes        []FileHashes `json:",omitempty"`
	ModelNumbers  []string     `json:",omitempty"`
	SerialNumbers []string     `json:",omitempty"`
	SKUs          []string     `json:",omitempty"`
	SBOMURLs      []string     `json:",omitempty"`
	XGenericURIs  []GenericURI `json:",omitempty"`
}

// FileHashes are the hashes of one file.
type FileHashes struct {
	Filename   string     `json:",omitempty"`
	FileHashes []FileHash `json:",omitempty"`
}

// FileHash is one hash value with its algorithm (an OpenSSL digest name
// such as sha256).
type FileHash struct {
	Algorithm string `json:",omitempty"`
	Value     string `json:",omitempty"`
}

// GenericURI is an identifier in a namespace the document names.
type GenericURI struct {
	Namespace string `json:",omitempty"`
	URI       string `json:",omitempty"`
}

// Relationship makes a new product from two others: a component
// (ProductReference) that is, e.g., installed on or part of another
// (RelatesToProductReference).
type Relationship struct {
	// Category is default_component_of, external_component_of,
	// installed_on, installed_with or optional_component_of.
	Category                  string          `json:",omitempty"`
	ProductReference          string          `json:",omitempty"`
	RelatesToProductReference string          `json:",omitempty"`
	FullProductName           FullProductName `json:",omitempty"`
}

// ProductGroup names a set of products by one id.
type ProductGroup struct {
	GroupID    string   `json:",omitempty"`
	ProductIDs []string `json:",omitempty"`
	Summary    string   `json:",omitempty"`
}
