package eispp

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/tocsin-cert/tocsin/internal/advisory"
)

// Marshal writes the advisory as an EISPP XML document: UTF-8, indented,
// with the XML declaration, valid against Schema. It fails only on values
// the schema cannot hold: a TLP label or product status that is not one of
// the model's constants, a product id listed twice, a date outside the
// years 1 to 9999, a score that is not a number. Characters XML 1.0 cannot
// hold (control characters other than tab and line breaks) are written as
// U+FFFD.
func Marshal(a *advisory.Advisory) ([]byte, error) {
	if a == nil {
		return nil, errors.New("write EISPP XML: no advisory")
	}
	doc, err := build(a)
	if err != nil {
		return nil, fmt.Errorf("write EISPP XML for %s: %w", a.TrackingID, err)
	}
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("write EISPP XML for %s: %w", a.TrackingID, err)
	}
	b.WriteByte('\n')
	return b.Bytes(), nil
}

// vulnID is the id of the i-th vulnerability (0-based) in the document.
func vulnID(i int) string { return "V" + strconv.Itoa(i+1) }

// Note blocks: where a document note goes, by category.
const (
	blockPublication = iota // PublicationContext: legal text
	blockPlain              // Description: the basic-level text
	blockTechnical          // TechnicalInformation: everything else
)

// noteBlock chooses the block of a document note from its category.
func noteBlock(category string) int {
	switch category {
	case "legal_disclaimer":
		return blockPublication
	case "summary", "description":
		return blockPlain
	}
	return blockTechnical
}

// build maps the model to the document's shape.
func build(a *advisory.Advisory) (*xDoc, error) {
	ident, err := buildIdent(a)
	if err != nil {
		return nil, err
	}
	doc := &xDoc{Version: FormatVersion, Identification: ident}
	if doc.Classification, err = buildClass(a); err != nil {
		return nil, err
	}
	if doc.Description, err = buildDesc(a); err != nil {
		return nil, err
	}
	if doc.Solution, err = buildSolution(a); err != nil {
		return nil, err
	}
	doc.References = buildRefs(a)
	if len(a.Acknowledgments) > 0 {
		doc.Acks = &xAcks{}
		for _, n := range a.Acknowledgments {
			doc.Acks.Names = append(doc.Acks.Names, text(n))
		}
	}
	if len(a.Revisions) > 0 {
		doc.History = &xHistory{}
		for i, r := range a.Revisions {
			d, err := formatTime(r.Date)
			if err != nil {
				return nil, fmt.Errorf("revision %d (%s): %w", i+1, r.Number, err)
			}
			doc.History.Revisions = append(doc.History.Revisions, xRevision{Number: r.Number, Date: d, LegacyVersion: r.LegacyVersion, Summary: r.Summary})
		}
	}
	return doc, nil
}

func buildIdent(a *advisory.Advisory) (*xIdent, error) {
	if a.TLP != "" && !validTLP(a.TLP) {
		return nil, fmt.Errorf("TLP %q is not a TLP 2.0 label (CLEAR, GREEN, AMBER, AMBER+STRICT, RED)", string(a.TLP))
	}
	initial, err := formatTime(a.InitialRelease)
	if err != nil {
		return nil, fmt.Errorf("initial release: %w", err)
	}
	current, err := formatTime(a.CurrentRelease)
	if err != nil {
		return nil, fmt.Errorf("current release: %w", err)
	}
	name, ref, version, title := text(a.Publisher.Name), text(a.TrackingID), text(a.Version), text(a.Title)
	var tlp *xTLP
	if a.TLP != "" {
		tlp = &xTLP{Label: string(a.TLP), URL: a.TLPURL}
	}
	var aliases []text
	for _, al := range a.Aliases {
		aliases = append(aliases, text(al))
	}
	return &xIdent{
		Issuer: &xIssuer{
			Name:             &name,
			Namespace:        text(a.Publisher.Namespace),
			Category:         text(a.Publisher.Category),
			ContactDetails:   text(a.Publisher.ContactDetails),
			IssuingAuthority: text(a.Publisher.IssuingAuthority),
		},
		ReferenceNumber:  &ref,
		Aliases:          aliases,
		Version:          &version,
		Status:           text(a.Status),
		DocumentCategory: text(a.Category),
		Title:            &title,
		Language:         text(a.Lang),
		SourceLanguage:   text(a.SourceLang),
		TLP:              tlp,
		InitialRelease:   initial,
		CurrentRelease:   current,
	}, nil
}

func buildClass(a *advisory.Advisory) (*xClass, error) {
	c := &xClass{}
	if a.AggregateSeverity != "" || a.AggregateSeverityNamespace != "" {
		c.RiskRating = &xRisk{Schema: a.AggregateSeverityNamespace, Text: a.AggregateSeverity}
	}
	for i, v := range a.Vulnerabilities {
		xv := xVuln{ID: vulnID(i), CVE: v.CVE, Title: text(v.Title)}
		var err error
		if xv.ReleaseDate, err = formatTime(v.ReleaseDate); err != nil {
			return nil, fmt.Errorf("vulnerability %d (%s): release date: %w", i+1, v.CVE, err)
		}
		if xv.DiscoveryDate, err = formatTime(v.DiscoveryDate); err != nil {
			return nil, fmt.Errorf("vulnerability %d (%s): discovery date: %w", i+1, v.CVE, err)
		}
		if v.CWE != nil {
			xv.CWE = &xCWE{ID: v.CWE.ID, Name: v.CWE.Name}
		}
		for _, s := range v.Scores {
			if math.IsNaN(s.BaseScore) || math.IsInf(s.BaseScore, 0) {
				return nil, fmt.Errorf("vulnerability %d (%s): base score %v is not a number", i+1, v.CVE, s.BaseScore)
			}
			xv.Scores = append(xv.Scores, xScore{
				CVSSVersion:  s.CVSSVersion,
				BaseScore:    strconv.FormatFloat(s.BaseScore, 'f', -1, 64),
				BaseSeverity: s.BaseSeverity,
				Vector:       text(s.Vector),
				Products:     s.ProductIDs,
			})
		}
		for j, t := range v.Threats {
			d, err := formatTime(t.Date)
			if err != nil {
				return nil, fmt.Errorf("vulnerability %d (%s): threat %d: %w", i+1, v.CVE, j+1, err)
			}
			xv.Threats = append(xv.Threats, xThreat{Category: t.Category, Date: d, Details: text(t.Details), Products: t.ProductIDs})
		}
		for j, inv := range v.Involvements {
			d, err := formatTime(inv.Date)
			if err != nil {
				return nil, fmt.Errorf("vulnerability %d (%s): involvement %d: %w", i+1, v.CVE, j+1, err)
			}
			xv.Involvements = append(xv.Involvements, xInvolvement{Party: inv.Party, Status: inv.Status, Date: d, Summary: inv.Summary})
		}
		c.Vulnerabilities = append(c.Vulnerabilities, xv)
	}
	if c.RiskRating == nil && len(c.Vulnerabilities) == 0 {
		return nil, nil
	}
	return c, nil
}

func buildDesc(a *advisory.Advisory) (*xDesc, error) {
	pub := &xPublication{Distribution: text(a.DistributionText)}
	plain := &xPlain{}
	info := &xTechInfo{}
	for i, n := range a.Notes {
		xn := noteOf(n)
		xn.Seq = strconv.Itoa(i + 1)
		switch noteBlock(n.Category) {
		case blockPublication:
			pub.Notes = append(pub.Notes, xn)
		case blockPlain:
			plain.Notes = append(plain.Notes, xn)
		default:
			info.Notes = append(info.Notes, xn)
		}
	}
	for i, v := range a.Vulnerabilities {
		if len(v.Notes) == 0 {
			continue
		}
		vn := xVulnNotes{Vulnerability: vulnID(i)}
		for _, n := range v.Notes {
			vn.Notes = append(vn.Notes, noteOf(n))
		}
		info.Vulnerabilities = append(info.Vulnerabilities, vn)
	}
	tc, err := buildTechContext(a)
	if err != nil {
		return nil, err
	}
	d := &xDesc{Technical: tc}
	if pub.Distribution != "" || len(pub.Notes) > 0 {
		d.Publication = pub
	}
	if len(plain.Notes) > 0 {
		d.Plain = plain
	}
	if len(info.Notes) > 0 || len(info.Vulnerabilities) > 0 {
		d.Information = info
	}
	if d.Publication == nil && d.Technical == nil && d.Plain == nil && d.Information == nil {
		return nil, nil
	}
	return d, nil
}

func noteOf(n advisory.Note) xNote {
	return xNote{Category: n.Category, Title: n.Title, Audience: n.Audience, Text: n.Text}
}

// buildTechContext writes the product list as vendor and product groups
// (runs of consecutive products with the same vendor, and the same family
// and product name, so the list keeps its order) and each product's status
// per vulnerability; statuses of product ids the list lacks go to
// UnlistedSystems.
func buildTechContext(a *advisory.Advisory) (*xTechContext, error) {
	listed := make(map[string]bool, len(a.Products))
	for _, p := range a.Products {
		if listed[p.ID] {
			return nil, fmt.Errorf("product id %q appears twice in the product list", p.ID)
		}
		listed[p.ID] = true
	}
	statuses := make(map[string][]xStatus)
	var unlisted []string
	for i, v := range a.Vulnerabilities {
		ids := make([]string, 0, len(v.ProductStatus))
		for id := range v.ProductStatus {
			ids = append(ids, id)
		}
		slices.Sort(ids)
		for _, id := range ids {
			st := v.ProductStatus[id]
			if !validStatus(st) {
				return nil, fmt.Errorf("vulnerability %d (%s): product %q has the unknown status %q", i+1, v.CVE, id, string(st))
			}
			if !listed[id] && statuses[id] == nil {
				unlisted = append(unlisted, id)
			}
			statuses[id] = append(statuses[id], xStatus{Vulnerability: vulnID(i), Value: string(st)})
		}
	}

	tc := &xTechContext{}
	if len(a.Products) > 0 {
		sl := &xSystemList{}
		for _, p := range a.Products {
			if n := len(sl.Vendors); n == 0 || sl.Vendors[n-1].Name != p.Vendor {
				sl.Vendors = append(sl.Vendors, xVendor{Name: p.Vendor})
			}
			v := &sl.Vendors[len(sl.Vendors)-1]
			if n := len(v.Products); n == 0 || v.Products[n-1].Name != p.Product || v.Products[n-1].Family != p.Family {
				v.Products = append(v.Products, xProductGroup{Name: p.Product, Family: p.Family})
			}
			g := &v.Products[len(v.Products)-1]
			g.Systems = append(g.Systems, xSystem{
				ID:           p.ID,
				Name:         text(p.Name),
				Version:      text(p.Version),
				VersionRange: text(p.VersionRange),
				Relationship: text(p.Relationship),
				Platform:     text(p.Platform),
				CPE:          text(p.CPE),
				PURL:         text(p.PURL),
				ModelNumbers: p.ModelNumbers,
				SKUs:         p.SKUs,
				Statuses:     statuses[p.ID],
			})
		}
		tc.Systems = sl
	}
	if len(unlisted) > 0 {
		tc.Unlisted = &xUnlisted{}
		for _, id := range unlisted {
			tc.Unlisted.Systems = append(tc.Unlisted.Systems, xUnlistedSystem{ID: id, Statuses: statuses[id]})
		}
	}
	if tc.Systems == nil && tc.Unlisted == nil {
		return nil, nil
	}
	return tc, nil
}

func buildSolution(a *advisory.Advisory) (*xSol, error) {
	s := &xSol{}
	for i, v := range a.Vulnerabilities {
		for j, r := range v.Remediations {
			d, err := formatTime(r.Date)
			if err != nil {
				return nil, fmt.Errorf("vulnerability %d (%s): remediation %d: %w", i+1, v.CVE, j+1, err)
			}
			xr := xRemediation{
				Vulnerability: vulnID(i),
				Category:      r.Category,
				Date:          d,
				Details:       text(r.Details),
				URL:           text(r.URL),
				Products:      r.ProductIDs,
			}
			for _, ent := range r.Entitlements {
				xr.Entitlements = append(xr.Entitlements, text(ent))
			}
			if rr := r.RestartRequired; rr != nil {
				xr.Restart = &xRestart{Category: rr.Category, Details: rr.Details}
			}
			s.Remediations = append(s.Remediations, xr)
		}
	}
	if len(s.Remediations) == 0 {
		return nil, nil
	}
	return s, nil
}

// buildRefs writes the document's links, then for each vulnerability its
// CVE, its other identifiers and its links.
func buildRefs(a *advisory.Advisory) *xRefs {
	r := &xRefs{}
	link := func(vuln string, ref advisory.Reference) xRef {
		return xRef{XMLName: xml.Name{Local: refLink}, Vulnerability: vuln, Category: ref.Category, URL: ref.URL, Text: ref.Summary}
	}
	for _, ref := range a.References {
		r.Items = append(r.Items, link("", ref))
	}
	for i, v := range a.Vulnerabilities {
		id := vulnID(i)
		if v.CVE != "" {
			r.Items = append(r.Items, xRef{XMLName: xml.Name{Local: refCVE}, Vulnerability: id, Text: v.CVE})
		}
		for _, x := range v.IDs {
			r.Items = append(r.Items, xRef{XMLName: xml.Name{Local: refIdentifier}, Vulnerability: id, System: x.System, Text: x.Text})
		}
		for _, ref := range v.References {
			r.Items = append(r.Items, link(id, ref))
		}
	}
	if len(r.Items) == 0 {
		return nil
	}
	return r
}

// formatTime writes an xs:dateTime with the time's own offset; the zero
// time is "" (the element or attribute is left out).
func formatTime(t time.Time) (string, error) {
	if t.IsZero() {
		return "", nil
	}
	if y := t.Year(); y < 1 || y > 9999 {
		return "", fmt.Errorf("date %s is outside the years 1 to 9999", t.Format(time.RFC3339))
	}
	return t.Format(time.RFC3339Nano), nil
}

// validTLP reports whether t is one of the model's TLP labels.
func validTLP(t advisory.TLP) bool {
	switch t {
	case advisory.TLPClear, advisory.TLPGreen, advisory.TLPAmber, advisory.TLPAmberStrict, advisory.TLPRed:
		return true
	}
	return false
}

// validStatus reports whether s is one of the model's product statuses.
func validStatus(s advisory.Status) bool {
	switch s {
	case advisory.StatusFirstAffected, advisory.StatusKnownAffected, advisory.StatusLastAffected,
		advisory.StatusUnderInvestigation, advisory.StatusFirstFixed, advisory.StatusFixed,
		advisory.StatusKnownNotAffected, advisory.StatusRecommended:
		return true
	}
	return false
}
