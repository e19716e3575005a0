package eispp

import (
	"bytes"
	"cmp"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tocsin-cert/tocsin/internal/advisory"
)

// Namespaces of attributes every element may carry.
const (
	xsiNamespace = "http://www.w3.org/2001/XMLSchema-instance"
	xmlNamespace = "http://www.w3.org/XML/1998/namespace"
)

// flagCategory is the category of the threats that stand for VEX flags
// (the model keeps each flag in Vulnerability.Flags and, for older readers,
// as a threat of this category with the label as details). The XML writes
// the threats only; Unmarshal rebuilds the flags from them.
const flagCategory = "flag"

// Unmarshal reads an EISPP XML document (version tocsin-1.0) into the
// advisory model. It refuses what is not such a document (not XML, another
// root element, another version or namespace) and faults inside it: unknown
// elements and attributes, missing required elements, dates, numbers, TLP
// labels and product statuses it cannot read, references to vulnerabilities
// the document does not define. The error is an *Error giving the line and
// element of the fault.
//
// It checks what it needs to build a faithful model, not everything the
// schema says: validate with Schema (xmllint --schema) for that.
func Unmarshal(data []byte) (*advisory.Advisory, error) {
	a, err := unmarshal(data)
	if err != nil {
		return nil, fmt.Errorf("read EISPP XML: %w", err)
	}
	return a, nil
}

// newDecoder returns a strict decoder over data, without a UTF-8 byte
// order mark, that also reads documents declared ISO-8859-1 or US-ASCII.
func newDecoder(data []byte) *xml.Decoder {
	d := xml.NewDecoder(bytes.NewReader(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))))
	d.CharsetReader = charsetReader
	return d
}

// charsetReader converts ISO-8859-1 (DAF's encoding) and US-ASCII input to
// UTF-8; other encodings are refused.
func charsetReader(charset string, input io.Reader) (io.Reader, error) {
	switch strings.ToLower(charset) {
	case "iso-8859-1", "iso8859-1", "latin1", "l1", "us-ascii", "ascii":
	default:
		return nil, fmt.Errorf("the encoding %q is not supported: write the document in UTF-8", charset)
	}
	raw, err := io.ReadAll(input)
	if err != nil {
		return nil, err
	}
	out := make([]byte, 0, len(raw)+len(raw)/8)
	for _, c := range raw {
		out = utf8.AppendRune(out, rune(c))
	}
	return bytes.NewReader(out), nil
}

// syntaxError turns a decoder error into an *Error.
func syntaxError(err error) error {
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		return &Error{Line: se.Line, Err: fmt.Errorf("not well-formed XML: %s", se.Msg)}
	}
	var e *Error
	if errors.As(err, &e) {
		return err
	}
	// Other decoder errors (an unsupported encoding) say what they are.
	return &Error{Err: err}
}

func unmarshal(data []byte) (*advisory.Advisory, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, &Error{Err: errors.New("the input is empty")}
	}
	d := newDecoder(data)
	var start xml.StartElement
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return nil, &Error{Err: errors.New("not an XML document: there is no root element")}
		}
		if err != nil {
			return nil, syntaxError(err)
		}
		if se, ok := tok.(xml.StartElement); ok {
			start = se
			break
		}
		if cd, ok := tok.(xml.CharData); ok && len(bytes.TrimSpace(cd)) > 0 {
			line, _ := d.InputPos()
			return nil, &Error{Line: line, Err: errors.New("not an XML document: text before the root element")}
		}
	}
	line, _ := d.InputPos()
	if start.Name.Local != rootName {
		return nil, &Error{Line: line, Element: start.Name.Local, Err: fmt.Errorf("the root element must be <%s>: this is not an EISPP XML document", rootName)}
	}
	version := ""
	for _, at := range start.Attr {
		if at.Name.Space == "" && at.Name.Local == "version" {
			version = at.Value
		}
	}
	switch {
	case version == "":
		return nil, &Error{Line: line, Element: rootName, Err: fmt.Errorf("the version attribute is missing; Tocsin reads version %q", FormatVersion)}
	case strings.HasPrefix(strings.ToLower(version), "daf"):
		return nil, &Error{Line: line, Element: rootName, Err: fmt.Errorf("version %q is a DAF document (CERT-Verbund); Tocsin reads its own EISPP vocabulary, version %q in namespace %s", version, FormatVersion, Namespace)}
	case version != FormatVersion:
		return nil, &Error{Line: line, Element: rootName, Err: fmt.Errorf("version %q is not supported; Tocsin reads version %q", version, FormatVersion)}
	}
	if start.Name.Space != Namespace {
		return nil, &Error{Line: line, Element: rootName, Err: fmt.Errorf("the namespace is %q, want %s (xmlns=%q on the root element)", start.Name.Space, Namespace, Namespace)}
	}

	var doc xDoc
	if err := d.DecodeElement(&doc, &start); err != nil {
		return nil, syntaxError(err)
	}
	doc.line = line
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, syntaxError(err)
		}
		switch t := tok.(type) {
		case xml.Comment, xml.ProcInst:
			continue
		case xml.CharData:
			if len(bytes.TrimSpace(t)) == 0 {
				continue
			}
		}
		l, _ := d.InputPos()
		return nil, &Error{Line: l, Err: fmt.Errorf("content after the end of <%s>", rootName)}
	}
	return convert(&doc)
}

// check refuses the elements and attributes the vocabulary does not define
// in element elem.
func (s *strict) check(elem string) error {
	for _, x := range s.Extra {
		return &Error{Line: x.line, Element: elem, Err: fmt.Errorf("unknown element <%s>", qname(x.XMLName))}
	}
	return checkAttrs(s.ExtraAttrs, s.line, elem)
}

// checkAttrs refuses unknown attributes, allowing namespace declarations,
// xsi: and xml: attributes.
func checkAttrs(extra []xml.Attr, line int, elem string) error {
	for _, at := range extra {
		switch {
		case at.Name.Space == "xmlns", at.Name.Space == "" && at.Name.Local == "xmlns",
			at.Name.Space == xsiNamespace, at.Name.Space == xmlNamespace:
			continue
		}
		return &Error{Line: line, Element: elem, Err: fmt.Errorf("unknown attribute %q", qname(at.Name))}
	}
	return nil
}

// qname names an element or attribute for a message, with its namespace
// when it is not the vocabulary's.
func qname(n xml.Name) string {
	if n.Space == "" || n.Space == Namespace {
		return n.Local
	}
	return n.Local + " (namespace " + n.Space + ")"
}

// errAt builds an *Error.
func errAt(line int, elem, format string, args ...any) error {
	return &Error{Line: line, Element: elem, Err: fmt.Errorf(format, args...)}
}

// converter maps a decoded document to the model.
type converter struct {
	a *advisory.Advisory
	// vulns maps a vulnerability id to its index in a.Vulnerabilities.
	vulns map[string]int
	// notes are the document notes with their seq (math.MaxInt if none).
	notes []seqNote
}

type seqNote struct {
	seq  int
	note advisory.Note
}

func convert(doc *xDoc) (*advisory.Advisory, error) {
	c := &converter{a: &advisory.Advisory{}, vulns: map[string]int{}}
	if err := doc.check(rootName); err != nil {
		return nil, err
	}
	if doc.Identification == nil {
		return nil, errAt(doc.line, rootName, "<IdentificationData> is missing")
	}
	steps := []func() error{
		func() error { return c.ident(doc.Identification) },
		func() error { return c.class(doc.Classification) },
		func() error { return c.desc(doc.Description) },
		func() error { return c.solution(doc.Solution) },
		func() error { return c.refs(doc.References) },
		func() error { return c.acks(doc.Acks) },
		func() error { return c.history(doc.History) },
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, err
		}
	}
	slices.SortStableFunc(c.notes, func(x, y seqNote) int { return cmp.Compare(x.seq, y.seq) })
	for _, n := range c.notes {
		c.a.Notes = append(c.a.Notes, n.note)
	}
	return c.a, nil
}

func (c *converter) ident(x *xIdent) error {
	const el = "IdentificationData"
	if err := x.check(el); err != nil {
		return err
	}
	switch {
	case x.Issuer == nil:
		return errAt(x.line, el, "<Issuer> is missing")
	case x.ReferenceNumber == nil:
		return errAt(x.line, el, "<ReferenceNumber> is missing")
	case x.Version == nil:
		return errAt(x.line, el, "<Version> is missing")
	case x.Title == nil:
		return errAt(x.line, el, "<Title> is missing")
	}
	if err := x.Issuer.check("Issuer"); err != nil {
		return err
	}
	if x.Issuer.Name == nil {
		return errAt(x.Issuer.line, "Issuer", "<Name> is missing")
	}
	a := c.a
	a.Publisher = advisory.Publisher{
		Name:             string(*x.Issuer.Name),
		Namespace:        string(x.Issuer.Namespace),
		Category:         string(x.Issuer.Category),
		ContactDetails:   string(x.Issuer.ContactDetails),
		IssuingAuthority: string(x.Issuer.IssuingAuthority),
	}
	a.TrackingID = string(*x.ReferenceNumber)
	for _, al := range x.Aliases {
		a.Aliases = append(a.Aliases, string(al))
	}
	a.Version = string(*x.Version)
	a.Status = string(x.Status)
	a.Category = string(x.DocumentCategory)
	a.Title = string(*x.Title)
	a.Lang = string(x.Language)
	a.SourceLang = string(x.SourceLanguage)
	if x.TLP != nil {
		if err := x.TLP.check("TLP"); err != nil {
			return err
		}
		t, ok := advisory.ParseTLP(x.TLP.Label)
		if !ok {
			return errAt(x.TLP.line, "TLP", "%q is not a TLP label: use CLEAR, GREEN, AMBER, AMBER+STRICT or RED", x.TLP.Label)
		}
		a.TLP, a.TLPURL = t, x.TLP.URL
	}
	var err error
	if a.InitialRelease, err = parseTime(x.InitialRelease); err != nil {
		return errAt(x.line, el, "<InitialRelease>: %v", err)
	}
	if a.CurrentRelease, err = parseTime(x.CurrentRelease); err != nil {
		return errAt(x.line, el, "<CurrentRelease>: %v", err)
	}
	return nil
}

func (c *converter) class(x *xClass) error {
	if x == nil {
		return nil
	}
	const el = "VulnerabilityClassification"
	if err := x.check(el); err != nil {
		return err
	}
	if r := x.RiskRating; r != nil {
		if err := r.check("RiskRating"); err != nil {
			return err
		}
		c.a.AggregateSeverity, c.a.AggregateSeverityNamespace = r.Text, r.Schema
	}
	for i := range x.Vulnerabilities {
		xv := &x.Vulnerabilities[i]
		const vl = "Vulnerability"
		if err := xv.check(vl); err != nil {
			return err
		}
		if xv.ID == "" {
			return errAt(xv.line, vl, "the id attribute is missing")
		}
		if _, dup := c.vulns[xv.ID]; dup {
			return errAt(xv.line, vl, "the id %q is used twice", xv.ID)
		}
		v := advisory.Vulnerability{CVE: xv.CVE, Title: string(xv.Title)}
		var err error
		if v.ReleaseDate, err = parseTime(xv.ReleaseDate); err != nil {
			return errAt(xv.line, vl, "release_date: %v", err)
		}
		if v.DiscoveryDate, err = parseTime(xv.DiscoveryDate); err != nil {
			return errAt(xv.line, vl, "discovery_date: %v", err)
		}
		if xv.CWE != nil {
			if err := xv.CWE.check("CWE"); err != nil {
				return err
			}
			v.CWE = &advisory.CWE{ID: xv.CWE.ID, Name: xv.CWE.Name}
		}
		for _, xs := range xv.Scores {
			if err := xs.check("Score"); err != nil {
				return err
			}
			f, err := strconv.ParseFloat(strings.TrimSpace(xs.BaseScore), 64)
			if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
				return errAt(xs.line, "Score", "base_score %q is not a number such as 7.5", xs.BaseScore)
			}
			v.Scores = append(v.Scores, advisory.Score{
				CVSSVersion:  xs.CVSSVersion,
				Vector:       string(xs.Vector),
				BaseScore:    f,
				BaseSeverity: xs.BaseSeverity,
				ProductIDs:   xs.Products,
			})
		}
		for _, xt := range xv.Threats {
			if err := xt.check("Threat"); err != nil {
				return err
			}
			d, err := parseTime(xt.Date)
			if err != nil {
				return errAt(xt.line, "Threat", "date: %v", err)
			}
			v.Threats = append(v.Threats, advisory.Threat{Category: xt.Category, Date: d, Details: string(xt.Details), ProductIDs: xt.Products})
			if xt.Category == flagCategory {
				v.Flags = append(v.Flags, advisory.Flag{Label: string(xt.Details), Date: d, ProductIDs: slices.Clone(xt.Products)})
			}
		}
		for _, xi := range xv.Involvements {
			if err := xi.check("Involvement"); err != nil {
				return err
			}
			d, err := parseTime(xi.Date)
			if err != nil {
				return errAt(xi.line, "Involvement", "date: %v", err)
			}
			v.Involvements = append(v.Involvements, advisory.Involvement{Party: xi.Party, Status: xi.Status, Date: d, Summary: xi.Summary})
		}
		c.vulns[xv.ID] = len(c.a.Vulnerabilities)
		c.a.Vulnerabilities = append(c.a.Vulnerabilities, v)
	}
	return nil
}

// vuln returns the vulnerability an element refers to.
func (c *converter) vuln(ref string, line int, elem string) (*advisory.Vulnerability, error) {
	if ref == "" {
		return nil, errAt(line, elem, "the vulnerability attribute is missing")
	}
	i, ok := c.vulns[ref]
	if !ok {
		return nil, errAt(line, elem, "vulnerability %q is not defined in <VulnerabilityClassification>", ref)
	}
	return &c.a.Vulnerabilities[i], nil
}

// note maps a note; document notes are collected with their seq.
func (c *converter) note(x *xNote, document bool) (advisory.Note, error) {
	if err := x.check("Note"); err != nil {
		return advisory.Note{}, err
	}
	n := advisory.Note{Category: x.Category, Title: x.Title, Text: x.Text, Audience: x.Audience}
	if document {
		seq := math.MaxInt
		if x.Seq != "" {
			s, err := strconv.Atoi(x.Seq)
			if err != nil || s < 1 {
				return n, errAt(x.line, "Note", "seq %q is not a positive whole number", x.Seq)
			}
			seq = s
		}
		c.notes = append(c.notes, seqNote{seq: seq, note: n})
	}
	return n, nil
}

func (c *converter) notesOf(notes []xNote) error {
	for i := range notes {
		if _, err := c.note(&notes[i], true); err != nil {
			return err
		}
	}
	return nil
}

func (c *converter) desc(x *xDesc) error {
	if x == nil {
		return nil
	}
	if err := x.check("Description"); err != nil {
		return err
	}
	if p := x.Publication; p != nil {
		if err := p.check("PublicationContext"); err != nil {
			return err
		}
		c.a.DistributionText = string(p.Distribution)
		if err := c.notesOf(p.Notes); err != nil {
			return err
		}
	}
	if err := c.techContext(x.Technical); err != nil {
		return err
	}
	if p := x.Plain; p != nil {
		if err := p.check("Description"); err != nil {
			return err
		}
		if err := c.notesOf(p.Notes); err != nil {
			return err
		}
	}
	if t := x.Information; t != nil {
		if err := t.check("TechnicalInformation"); err != nil {
			return err
		}
		if err := c.notesOf(t.Notes); err != nil {
			return err
		}
		for i := range t.Vulnerabilities {
			vn := &t.Vulnerabilities[i]
			if err := vn.check("VulnerabilityDetails"); err != nil {
				return err
			}
			v, err := c.vuln(vn.Vulnerability, vn.line, "VulnerabilityDetails")
			if err != nil {
				return err
			}
			for j := range vn.Notes {
				n, err := c.note(&vn.Notes[j], false)
				if err != nil {
					return err
				}
				v.Notes = append(v.Notes, n)
			}
		}
	}
	return nil
}

func (c *converter) techContext(x *xTechContext) error {
	if x == nil {
		return nil
	}
	if err := x.check("TechnicalContext"); err != nil {
		return err
	}
	seen := map[string]bool{}
	if sl := x.Systems; sl != nil {
		if err := sl.check("SystemList"); err != nil {
			return err
		}
		for _, xv := range sl.Vendors {
			if err := xv.check("Vendor"); err != nil {
				return err
			}
			for _, g := range xv.Products {
				if err := g.check("Product"); err != nil {
					return err
				}
				for _, s := range g.Systems {
					if err := s.check("System"); err != nil {
						return err
					}
					if seen[s.ID] {
						return errAt(s.line, "System", "the product id %q is used twice", s.ID)
					}
					seen[s.ID] = true
					c.a.Products = append(c.a.Products, advisory.Product{
						ID:           s.ID,
						Name:         string(s.Name),
						Vendor:       xv.Name,
						Family:       g.Family,
						Product:      g.Name,
						Version:      string(s.Version),
						VersionRange: string(s.VersionRange),
						Platform:     string(s.Platform),
						Relationship: string(s.Relationship),
						CPE:          string(s.CPE),
						PURL:         string(s.PURL),
						ModelNumbers: s.ModelNumbers,
						SKUs:         s.SKUs,
					})
					if err := c.statuses(s.ID, s.Statuses); err != nil {
						return err
					}
				}
			}
		}
	}
	if u := x.Unlisted; u != nil {
		if err := u.check("UnlistedSystems"); err != nil {
			return err
		}
		for _, s := range u.Systems {
			if err := s.check("System"); err != nil {
				return err
			}
			if seen[s.ID] {
				return errAt(s.line, "System", "the product id %q is used twice", s.ID)
			}
			seen[s.ID] = true
			if err := c.statuses(s.ID, s.Statuses); err != nil {
				return err
			}
		}
	}
	return nil
}

// statuses records a product's status per vulnerability.
func (c *converter) statuses(id string, sts []xStatus) error {
	for _, xs := range sts {
		if err := xs.check("Status"); err != nil {
			return err
		}
		v, err := c.vuln(xs.Vulnerability, xs.line, "Status")
		if err != nil {
			return err
		}
		st := advisory.Status(strings.TrimSpace(xs.Value))
		if !validStatus(st) {
			return errAt(xs.line, "Status", "%q is not a product status: use first_affected, known_affected, last_affected, under_investigation, first_fixed, fixed, known_not_affected or recommended", xs.Value)
		}
		if _, dup := v.ProductStatus[id]; dup {
			return errAt(xs.line, "Status", "product %q has two statuses for vulnerability %q", id, xs.Vulnerability)
		}
		if v.ProductStatus == nil {
			v.ProductStatus = map[string]advisory.Status{}
		}
		v.ProductStatus[id] = st
	}
	return nil
}

func (c *converter) solution(x *xSol) error {
	if x == nil {
		return nil
	}
	if err := x.check("Solution"); err != nil {
		return err
	}
	for _, r := range x.Remediations {
		if err := r.check("Remediation"); err != nil {
			return err
		}
		v, err := c.vuln(r.Vulnerability, r.line, "Remediation")
		if err != nil {
			return err
		}
		date, err := parseTime(r.Date)
		if err != nil {
			return errAt(r.line, "Remediation", "date: %v", err)
		}
		rem := advisory.Remediation{
			Category:   r.Category,
			Details:    string(r.Details),
			URL:        string(r.URL),
			Date:       date,
			ProductIDs: r.Products,
		}
		for _, ent := range r.Entitlements {
			rem.Entitlements = append(rem.Entitlements, string(ent))
		}
		if r.Restart != nil {
			if err := r.Restart.check("RestartRequired"); err != nil {
				return err
			}
			rem.RestartRequired = &advisory.RestartRequired{Category: r.Restart.Category, Details: r.Restart.Details}
		}
		v.Remediations = append(v.Remediations, rem)
	}
	return nil
}

func (c *converter) refs(x *xRefs) error {
	if x == nil {
		return nil
	}
	if err := checkAttrs(x.ExtraAttrs, x.line, "References"); err != nil {
		return err
	}
	for i := range x.Items {
		r := &x.Items[i]
		name := r.XMLName.Local
		if r.XMLName.Space != Namespace && r.XMLName.Space != "" {
			return errAt(r.line, "References", "unknown element <%s>", qname(r.XMLName))
		}
		if err := r.check(name); err != nil {
			return err
		}
		switch name {
		case refLink:
			if r.System != "" {
				return errAt(r.line, name, "unknown attribute \"system\"")
			}
			ref := advisory.Reference{URL: r.URL, Summary: r.Text, Category: r.Category}
			if r.Vulnerability == "" {
				c.a.References = append(c.a.References, ref)
				continue
			}
			v, err := c.vuln(r.Vulnerability, r.line, name)
			if err != nil {
				return err
			}
			v.References = append(v.References, ref)
		case refCVE:
			if r.Category != "" || r.URL != "" || r.System != "" {
				return errAt(r.line, name, "a CVE reference has only the vulnerability attribute")
			}
			v, err := c.vuln(r.Vulnerability, r.line, name)
			if err != nil {
				return err
			}
			if id := strings.TrimSpace(r.Text); id != strings.TrimSpace(v.CVE) {
				return errAt(r.line, name, "%q differs from the cve attribute %q of vulnerability %q; the two must agree", id, v.CVE, r.Vulnerability)
			}
		case refIdentifier:
			if r.Category != "" || r.URL != "" {
				return errAt(r.line, name, "an identifier has only the vulnerability and system attributes")
			}
			v, err := c.vuln(r.Vulnerability, r.line, name)
			if err != nil {
				return err
			}
			v.IDs = append(v.IDs, advisory.ID{System: r.System, Text: r.Text})
		default:
			return errAt(r.line, "References", "unknown element <%s>: use <Link>, <CVE> or <Identifier>", name)
		}
	}
	return nil
}

func (c *converter) acks(x *xAcks) error {
	if x == nil {
		return nil
	}
	if err := x.check("Acknowledgments"); err != nil {
		return err
	}
	for _, n := range x.Names {
		c.a.Acknowledgments = append(c.a.Acknowledgments, string(n))
	}
	return nil
}

func (c *converter) history(x *xHistory) error {
	if x == nil {
		return nil
	}
	if err := x.check("RevisionHistory"); err != nil {
		return err
	}
	for _, r := range x.Revisions {
		if err := r.check("Revision"); err != nil {
			return err
		}
		d, err := parseTime(r.Date)
		if err != nil {
			return errAt(r.line, "Revision", "date: %v", err)
		}
		c.a.Revisions = append(c.a.Revisions, advisory.Revision{Number: r.Number, Date: d, LegacyVersion: r.LegacyVersion, Summary: r.Summary})
	}
	return nil
}

// parseTime reads an xs:dateTime; one without a time zone is UTC. The empty
// string is the zero time.
func parseTime(s string) (time.Time, error) {
	v := strings.TrimSpace(s)
	if v == "" {
		return time.Time{}, nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("cannot read date %q: want an xs:dateTime such as 2024-05-01T10:00:00Z", s)
}
