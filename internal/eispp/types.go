package eispp

import (
	"encoding/xml"
)

// The x* types below are the XML documents' shape. Marshal fills them from
// the advisory model; Unmarshal decodes into them and then checks and maps
// them. Each element type embeds strict, which collects elements and
// attributes the vocabulary does not know (so Unmarshal can refuse them with
// their line) and the line of the element itself. Elements holding text
// that may span lines marshal through writeText so that line breaks stay
// literal instead of becoming &#xA;.

// strict collects what a decoded element holds beyond the vocabulary.
type strict struct {
	Extra      []xExtra   `xml:",any"`
	ExtraAttrs []xml.Attr `xml:",any,attr"`
	line       int
}

// xExtra is an unknown child element: its name and line.
type xExtra struct {
	XMLName xml.Name
	line    int
}

// UnmarshalXML records the element and skips its content.
func (x *xExtra) UnmarshalXML(d *xml.Decoder, start xml.StartElement) error {
	x.XMLName = start.Name
	x.line, _ = d.InputPos()
	return d.Skip()
}

// text is character data written with literal line breaks.
type text string

// MarshalXML writes the element with the text as its content.
func (t text) MarshalXML(e *xml.Encoder, start xml.StartElement) error {
	return writeText(e, start, string(t))
}

// writeText writes start, s as character data and the end tag. Unlike
// encoding/xml's ",chardata", line breaks stay literal (carriage returns
// and characters XML 1.0 cannot hold are still escaped or replaced).
func writeText(e *xml.Encoder, start xml.StartElement, s string) error {
	if err := e.EncodeToken(start); err != nil {
		return err
	}
	if s != "" {
		if err := e.EncodeToken(xml.CharData(s)); err != nil {
			return err
		}
	}
	return e.EncodeToken(start.End())
}

// attrs builds a start element's attributes from name/value pairs,
// leaving out empty values.
func attrs(start xml.StartElement, pairs ...string) xml.StartElement {
	start.Attr = nil
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i+1] != "" {
			start.Attr = append(start.Attr, xml.Attr{Name: xml.Name{Local: pairs[i]}, Value: pairs[i+1]})
		}
	}
	return start
}

// xDoc is the root element.
type xDoc struct {
	XMLName        xml.Name  `xml:"urn:tocsin:eispp:1.0 EISPPAdvisory"`
	Version        string    `xml:"version,attr"`
	Identification *xIdent   `xml:"IdentificationData"`
	Classification *xClass   `xml:"VulnerabilityClassification,omitempty"`
	Description    *xDesc    `xml:"Description,omitempty"`
	Solution       *xSol     `xml:"Solution,omitempty"`
	References     *xRefs    `xml:"References,omitempty"`
	Acks           *xAcks    `xml:"Acknowledgments,omitempty"`
	History        *xHistory `xml:"RevisionHistory,omitempty"`
	strict
}

// xIdent is IdentificationData.
type xIdent struct {
	Issuer           *xIssuer `xml:"Issuer"`
	ReferenceNumber  *text    `xml:"ReferenceNumber"`
	Aliases          []text   `xml:"Alias"`
	Version          *text    `xml:"Version"`
	Status           text     `xml:"Status,omitempty"`
	DocumentCategory text     `xml:"DocumentCategory,omitempty"`
	Title            *text    `xml:"Title"`
	Language         text     `xml:"Language,omitempty"`
	SourceLanguage   text     `xml:"SourceLanguage,omitempty"`
	TLP              *xTLP    `xml:"TLP,omitempty"`
	InitialRelease   string   `xml:"InitialRelease,omitempty"`
	CurrentRelease   string   `xml:"CurrentRelease,omitempty"`
	strict
}

// xTLP is the TLP label and the URL of the TLP definition.
type xTLP struct {
	URL   string `xml:"url,attr"`
	Label string `xml:",chardata"`
	strict
}

// MarshalXML writes <TLP url="...">label</TLP>.
func (x xTLP) MarshalXML(e *xml.Encoder, start xml.StartElement) error {
	return writeText(e, attrs(start, "url", x.URL), x.Label)
}

// xIssuer is IdentificationData/Issuer.
type xIssuer struct {
	Name             *text `xml:"Name"`
	Namespace        text  `xml:"Namespace,omitempty"`
	Category         text  `xml:"Category,omitempty"`
	ContactDetails   text  `xml:"ContactDetails,omitempty"`
	IssuingAuthority text  `xml:"IssuingAuthority,omitempty"`
	strict
}

// xClass is VulnerabilityClassification.
type xClass struct {
	RiskRating      *xRisk  `xml:"RiskRating,omitempty"`
	Vulnerabilities []xVuln `xml:"Vulnerability"`
	strict
}

// xRisk is the publisher's overall rating and the schema defining it.
type xRisk struct {
	Schema string `xml:"schema,attr"`
	Text   string `xml:",chardata"`
	strict
}

// MarshalXML writes <RiskRating schema="...">text</RiskRating>.
func (x xRisk) MarshalXML(e *xml.Encoder, start xml.StartElement) error {
	return writeText(e, attrs(start, "schema", x.Schema), x.Text)
}

// xVuln is one Vulnerability of the classification.
type xVuln struct {
	ID            string         `xml:"id,attr"`
	CVE           string         `xml:"cve,attr,omitempty"`
	ReleaseDate   string         `xml:"release_date,attr,omitempty"`
	DiscoveryDate string         `xml:"discovery_date,attr,omitempty"`
	Title         text           `xml:"Title,omitempty"`
	CWE           *xCWE          `xml:"CWE"`
	Scores        []xScore       `xml:"Score"`
	Threats       []xThreat      `xml:"Threat"`
	Involvements  []xInvolvement `xml:"Involvement"`
	strict
}

// xCWE is a weakness classification.
type xCWE struct {
	ID   string `xml:"id,attr,omitempty"`
	Name string `xml:"name,attr,omitempty"`
	strict
}

// xScore is a CVSS score and the products it applies to.
type xScore struct {
	CVSSVersion  string   `xml:"cvss_version,attr,omitempty"`
	BaseScore    string   `xml:"base_score,attr"`
	BaseSeverity string   `xml:"base_severity,attr,omitempty"`
	Vector       text     `xml:"Vector,omitempty"`
	Products     []string `xml:"ProductRef"`
	strict
}

// xThreat is a statement on impact, exploitation, target set or a flag.
type xThreat struct {
	Category string   `xml:"category,attr,omitempty"`
	Date     string   `xml:"date,attr,omitempty"`
	Details  text     `xml:"Details,omitempty"`
	Products []string `xml:"ProductRef"`
	strict
}

// xInvolvement is a party's involvement in handling a vulnerability.
type xInvolvement struct {
	Party   string `xml:"party,attr"`
	Status  string `xml:"status,attr"`
	Date    string `xml:"date,attr"`
	Summary string `xml:",chardata"`
	strict
}

// MarshalXML writes the involvement with the summary as content.
func (x xInvolvement) MarshalXML(e *xml.Encoder, start xml.StartElement) error {
	return writeText(e, attrs(start, "party", x.Party, "status", x.Status, "date", x.Date), x.Summary)
}

// xDesc is the Description block with its four parts.
type xDesc struct {
	Publication *xPublication `xml:"PublicationContext,omitempty"`
	Technical   *xTechContext `xml:"TechnicalContext,omitempty"`
	Plain       *xPlain       `xml:"Description,omitempty"`
	Information *xTechInfo    `xml:"TechnicalInformation,omitempty"`
	strict
}

// xPublication is Description/PublicationContext.
type xPublication struct {
	Distribution text    `xml:"Distribution,omitempty"`
	Notes        []xNote `xml:"Note"`
	strict
}

// xPlain is Description/Description, the basic-level text.
type xPlain struct {
	Notes []xNote `xml:"Note"`
	strict
}

// xTechInfo is Description/TechnicalInformation, the expert-level text.
type xTechInfo struct {
	Notes           []xNote      `xml:"Note"`
	Vulnerabilities []xVulnNotes `xml:"VulnerabilityDetails"`
	strict
}

// xVulnNotes are the notes of one vulnerability.
type xVulnNotes struct {
	Vulnerability string  `xml:"vulnerability,attr"`
	Notes         []xNote `xml:"Note"`
	strict
}

// xNote is a note: attributes and the text as content.
type xNote struct {
	Seq      string `xml:"seq,attr"`
	Category string `xml:"category,attr"`
	Title    string `xml:"title,attr"`
	Audience string `xml:"audience,attr"`
	Text     string `xml:",chardata"`
	strict
}

// MarshalXML writes the note with literal line breaks.
func (x xNote) MarshalXML(e *xml.Encoder, start xml.StartElement) error {
	return writeText(e, attrs(start, "seq", x.Seq, "category", x.Category, "title", x.Title, "audience", x.Audience), x.Text)
}

// xTechContext is Description/TechnicalContext.
type xTechContext struct {
	Systems  *xSystemList `xml:"SystemList,omitempty"`
	Unlisted *xUnlisted   `xml:"UnlistedSystems,omitempty"`
	strict
}

// xSystemList groups the products by vendor and product name.
type xSystemList struct {
	Vendors []xVendor `xml:"Vendor"`
	strict
}

// xVendor is a run of products of one vendor.
type xVendor struct {
	Name     string          `xml:"name,attr,omitempty"`
	Products []xProductGroup `xml:"Product"`
	strict
}

// xProductGroup is a run of products of one family and product name.
type xProductGroup struct {
	Name    string    `xml:"name,attr,omitempty"`
	Family  string    `xml:"family,attr,omitempty"`
	Systems []xSystem `xml:"System"`
	strict
}

// xSystem is one product (CSAF product id) with its statuses.
type xSystem struct {
	ID           string    `xml:"id,attr"`
	Name         text      `xml:"Name,omitempty"`
	Version      text      `xml:"Version,omitempty"`
	VersionRange text      `xml:"VersionRange,omitempty"`
	Relationship text      `xml:"Relationship,omitempty"`
	Platform     text      `xml:"Platform,omitempty"`
	CPE          text      `xml:"CPE,omitempty"`
	PURL         text      `xml:"PURL,omitempty"`
	ModelNumbers []string  `xml:"ModelNumber"`
	SKUs         []string  `xml:"SKU"`
	Statuses     []xStatus `xml:"Status"`
	strict
}

// xStatus is a product's status for one vulnerability.
type xStatus struct {
	Vulnerability string `xml:"vulnerability,attr"`
	Value         string `xml:",chardata"`
	strict
}

// MarshalXML writes <Status vulnerability="V1">known_affected</Status>.
func (x xStatus) MarshalXML(e *xml.Encoder, start xml.StartElement) error {
	return writeText(e, attrs(start, "vulnerability", x.Vulnerability), x.Value)
}

// xUnlisted holds the statuses of product ids the product list lacks.
type xUnlisted struct {
	Systems []xUnlistedSystem `xml:"System"`
	strict
}

// xUnlistedSystem is a product id with statuses only.
type xUnlistedSystem struct {
	ID       string    `xml:"id,attr"`
	Statuses []xStatus `xml:"Status"`
	strict
}

// xSol is the Solution block.
type xSol struct {
	Remediations []xRemediation `xml:"Remediation"`
	strict
}

// xRemediation is one remediation of one vulnerability.
type xRemediation struct {
	Vulnerability string    `xml:"vulnerability,attr"`
	Category      string    `xml:"category,attr,omitempty"`
	Date          string    `xml:"date,attr,omitempty"`
	Details       text      `xml:"Details,omitempty"`
	URL           text      `xml:"URL,omitempty"`
	Entitlements  []text    `xml:"Entitlement"`
	Restart       *xRestart `xml:"RestartRequired"`
	Products      []string  `xml:"ProductRef"`
	strict
}

// xRestart says what must be restarted after a remediation.
type xRestart struct {
	Category string `xml:"category,attr"`
	Details  string `xml:",chardata"`
	strict
}

// MarshalXML writes the restart category and details.
func (x xRestart) MarshalXML(e *xml.Encoder, start xml.StartElement) error {
	return writeText(e, attrs(start, "category", x.Category), x.Details)
}

// xRefs is the References block: Link, CVE and Identifier elements in any
// order, kept in document order.
type xRefs struct {
	Items      []xRef     `xml:",any"`
	ExtraAttrs []xml.Attr `xml:",any,attr"`
	line       int
}

// Names of the reference elements.
const (
	refLink       = "Link"
	refCVE        = "CVE"
	refIdentifier = "Identifier"
)

// xRef is one typed reference; XMLName.Local says which kind.
type xRef struct {
	XMLName       xml.Name
	Vulnerability string `xml:"vulnerability,attr"`
	Category      string `xml:"category,attr"`
	URL           string `xml:"url,attr"`
	System        string `xml:"system,attr"`
	Text          string `xml:",chardata"`
	strict
}

// MarshalXML writes the reference with the text as content.
func (x xRef) MarshalXML(e *xml.Encoder, start xml.StartElement) error {
	start.Name = xml.Name{Local: x.XMLName.Local}
	return writeText(e, attrs(start, "vulnerability", x.Vulnerability, "category", x.Category, "url", x.URL, "system", x.System), x.Text)
}

// xAcks is the Acknowledgments block.
type xAcks struct {
	Names []text `xml:"Acknowledgment"`
	strict
}

// xHistory is the RevisionHistory block.
type xHistory struct {
	Revisions []xRevision `xml:"Revision"`
	strict
}

// xRevision is one entry of the revision history.
type xRevision struct {
	Number        string `xml:"number,attr"`
	Date          string `xml:"date,attr"`
	LegacyVersion string `xml:"legacy_version,attr"`
	Summary       string `xml:",chardata"`
	strict
}

// MarshalXML writes the revision with the summary as content.
func (x xRevision) MarshalXML(e *xml.Encoder, start xml.StartElement) error {
	return writeText(e, attrs(start, "number", x.Number, "date", x.Date, "legacy_version", x.LegacyVersion), x.Summary)
}

// The UnmarshalXML methods below record the line of each element before
// decoding it as usual (through a method-less copy of its type).

// UnmarshalXML records the element's line and decodes it.
func (x *xIdent) UnmarshalXML(d *xml.Decoder, s xml.StartElement) error {
	type plain xIdent
	x.line, _ = d.InputPos()
	return d.DecodeElement((*plain)(x), &s)
}

// UnmarshalXML records the element's line and decodes it.
func (x *xIssuer) UnmarshalXML(d *xml.Decoder, s xml.StartElement) error {
	type plain xIssuer
	x.line, _ = d.InputPos()
	return d.DecodeElement((*plain)(x), &s)
}

// UnmarshalXML records the element's line and decodes it.
func (x *xClass) UnmarshalXML(d *xml.Decoder, s xml.StartElement) error {
	type plain xClass
	x.line, _ = d.InputPos()
	return d.DecodeElement((*plain)(x), &s)
}

// UnmarshalXML records the element's line and decodes it.
func (x *xRisk) UnmarshalXML(d *xml.Decoder, s xml.StartElement) error {
	type plain xRisk
	x.line, _ = d.InputPos()
	return d.DecodeElement((*plain)(x), &s)
}

// UnmarshalXML records the element's line and decodes it.
func (x *xVuln) UnmarshalXML(d *xml.Decoder, s xml.StartElement) error {
	type plain xVuln
	x.line, _ = d.InputPos()
	return d.DecodeElement((*plain)(x), &s)
}

// UnmarshalXML records the element's line and decodes it.
func (x *xCWE) UnmarshalXML(d *xml.Decoder, s xml.StartElement) error {
	type plain xCWE
	x.line, _ = d.InputPos()
	return d.DecodeElement((*plain)(x), &s)
}

// UnmarshalXML records the element's line and decodes it.
func (x *xScore) UnmarshalXML(d *xml.Decoder, s xml.StartElement) error {
	type plain xScore
	x.line, _ = d.InputPos()
	return d.DecodeElement((*plain)(x), &s)
}

// UnmarshalXML records the element's line and decodes it.
func (x *xThreat) UnmarshalXML(d *xml.Decoder, s xml.StartElement) error {
	type plain xThreat
	x.line, _ = d.InputPos()
	return d.DecodeElement((*plain)(x), &s)
}

// UnmarshalXML records the element's line and decodes it.
func (x *xDesc) UnmarshalXML(d *xml.Decoder, s xml.StartElement) error {
	type plain xDesc
	x.line, _ = d.InputPos()
	return d.DecodeElement((*plain)(x), &s)
}

// UnmarshalXML records the element's line and decodes it.
func (x *xPublication) UnmarshalXML(d *xml.Decoder, s xml.StartElement) error {
	type plain xPublication
	x.line, _ = d.InputPos()
	return d.DecodeElement((*plain)(x), &s)
}

// UnmarshalXML records the element's line and decodes it.
func (x *xPlain) UnmarshalXML(d *xml.Decoder, s xml.StartElement) error {
	type plain xPlain
	x.line, _ = d.InputPos()
	return d.DecodeElement((*plain)(x), &s)
}

// UnmarshalXML records the element's line and decodes it.
func (x *xTechInfo) UnmarshalXML(d *xml.Decoder, s xml.StartElement) error {
	type plain xTechInfo
	x.line, _ = d.InputPos()
	return d.DecodeElement((*plain)(x), &s)
}

// UnmarshalXML records the element's line and decodes it.
func (x *xVulnNotes) UnmarshalXML(d *xml.Decoder, s xml.StartElement) error {
	type plain xVulnNotes
	x.line, _ = d.InputPos()
	return d.DecodeElement((*plain)(x), &s)
}

// UnmarshalXML records the element's line and decodes it.
func (x *xNote) UnmarshalXML(d *xml.Decoder, s xml.StartElement) error {
	type plain xNote
	x.line, _ = d.InputPos()
	return d.DecodeElement((*plain)(x), &s)
}

// UnmarshalXML records the element's line and decodes it.
func (x *xTechContext) UnmarshalXML(d *xml.Decoder, s xml.StartElement) error {
	type plain xTechContext
	x.line, _ = d.InputPos()
	return d.DecodeElement((*plain)(x), &s)
}

// UnmarshalXML records the element's line and decodes it.
func (x *xSystemList) UnmarshalXML(d *xml.Decoder, s xml.StartElement) error {
	type plain xSystemList
	x.line, _ = d.InputPos()
	return d.DecodeElement((*plain)(x), &s)
}

// UnmarshalXML records the element's line and decodes it.
func (x *xVendor) UnmarshalXML(d *xml.Decoder, s xml.StartElement) error {
	type plain xVendor
	x.line, _ = d.InputPos()
	return d.DecodeElement((*plain)(x), &s)
}

// UnmarshalXML records the element's line and decodes it.
func (x *xProductGroup) UnmarshalXML(d *xml.Decoder, s xml.StartElement) error {
	type plain xProductGroup
	x.line, _ = d.InputPos()
	return d.DecodeElement((*plain)(x), &s)
}

// UnmarshalXML records the element's line and decodes it.
func (x *xSystem) UnmarshalXML(d *xml.Decoder, s xml.StartElement) error {
	type plain xSystem
	x.line, _ = d.InputPos()
	return d.DecodeElement((*plain)(x), &s)
}

// UnmarshalXML records the element's line and decodes it.
func (x *xStatus) UnmarshalXML(d *xml.Decoder, s xml.StartElement) error {
	type plain xStatus
	x.line, _ = d.InputPos()
	return d.DecodeElement((*plain)(x), &s)
}

// UnmarshalXML records the element's line and decodes it.
func (x *xUnlisted) UnmarshalXML(d *xml.Decoder, s xml.StartElement) error {
	type plain xUnlisted
	x.line, _ = d.InputPos()
	return d.DecodeElement((*plain)(x), &s)
}

// UnmarshalXML records the element's line and decodes it.
func (x *xUnlistedSystem) UnmarshalXML(d *xml.Decoder, s xml.StartElement) error {
	type plain xUnlistedSystem
	x.line, _ = d.InputPos()
	return d.DecodeElement((*plain)(x), &s)
}

// UnmarshalXML records the element's line and decodes it.
func (x *xSol) UnmarshalXML(d *xml.Decoder, s xml.StartElement) error {
	type plain xSol
	x.line, _ = d.InputPos()
	return d.DecodeElement((*plain)(x), &s)
}

// UnmarshalXML records the element's line and decodes it.
func (x *xRemediation) UnmarshalXML(d *xml.Decoder, s xml.StartElement) error {
	type plain xRemediation
	x.line, _ = d.InputPos()
	return d.DecodeElement((*plain)(x), &s)
}

// UnmarshalXML records the element's line and decodes it.
func (x *xRefs) UnmarshalXML(d *xml.Decoder, s xml.StartElement) error {
	type plain xRefs
	x.line, _ = d.InputPos()
	return d.DecodeElement((*plain)(x), &s)
}

// UnmarshalXML records the element's line and decodes it.
func (x *xRef) UnmarshalXML(d *xml.Decoder, s xml.StartElement) error {
	type plain xRef
	x.line, _ = d.InputPos()
	return d.DecodeElement((*plain)(x), &s)
}

// UnmarshalXML records the element's line and decodes it.
func (x *xAcks) UnmarshalXML(d *xml.Decoder, s xml.StartElement) error {
	type plain xAcks
	x.line, _ = d.InputPos()
	return d.DecodeElement((*plain)(x), &s)
}

// UnmarshalXML records the element's line and decodes it.
func (x *xHistory) UnmarshalXML(d *xml.Decoder, s xml.StartElement) error {
	type plain xHistory
	x.line, _ = d.InputPos()
	return d.DecodeElement((*plain)(x), &s)
}

// UnmarshalXML records the element's line and decodes it.
func (x *xRevision) UnmarshalXML(d *xml.Decoder, s xml.StartElement) error {
	type plain xRevision
	x.line, _ = d.InputPos()
	return d.DecodeElement((*plain)(x), &s)
}

// UnmarshalXML records the element's line and decodes it.
func (x *xTLP) UnmarshalXML(d *xml.Decoder, s xml.StartElement) error {
	type plain xTLP
	x.line, _ = d.InputPos()
	return d.DecodeElement((*plain)(x), &s)
}

// UnmarshalXML records the element's line and decodes it.
func (x *xInvolvement) UnmarshalXML(d *xml.Decoder, s xml.StartElement) error {
	type plain xInvolvement
	x.line, _ = d.InputPos()
	return d.DecodeElement((*plain)(x), &s)
}

// UnmarshalXML records the element's line and decodes it.
func (x *xRestart) UnmarshalXML(d *xml.Decoder, s xml.StartElement) error {
	type plain xRestart
	x.line, _ = d.InputPos()
	return d.DecodeElement((*plain)(x), &s)
}
