package sbom

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"strings"
)

// checkCycloneDXVersion accepts the CycloneDX specification versions
// Parse reads: 1.4, 1.5 and 1.6.
func checkCycloneDXVersion(v, encoding string) error {
	switch v {
	case "1.4", "1.5", "1.6":
		return nil
	case "":
		return unsupported("CycloneDX " + encoding + " without a specification version")
	}
	return unsupported(fmt.Sprintf("CycloneDX %s %s", v, encoding))
}

// The CycloneDX structures Tocsin needs, with the JSON and XML names of
// each field: they are the same in both encodings (XML puts the type in an
// attribute and wraps lists in a plural element).
type cdxBOM struct {
	SerialNumber string       `json:"serialNumber" xml:"serialNumber,attr"`
	Metadata     *cdxMetadata `json:"metadata" xml:"metadata"`
	Components   []cdxComp    `json:"components" xml:"components>component"`
}

type cdxMetadata struct {
	Component *cdxComp `json:"component" xml:"component"`
	// Supplier supplied, and Manufacture (1.4, 1.5) made, the component
	// the BOM describes. (metadata.manufacturer in 1.6 made the BOM.)
	Supplier    *cdxEntity `json:"supplier" xml:"supplier"`
	Manufacture *cdxEntity `json:"manufacture" xml:"manufacture"`
}

type cdxEntity struct {
	Name string `json:"name" xml:"name"`
}

func (e *cdxEntity) name() string {
	if e == nil {
		return ""
	}
	return cleanParty(e.Name)
}

type cdxComp struct {
	Type         string     `json:"type" xml:"type,attr"`
	Supplier     *cdxEntity `json:"supplier" xml:"supplier"`
	Manufacturer *cdxEntity `json:"manufacturer" xml:"manufacturer"` // 1.6
	Publisher    string     `json:"publisher" xml:"publisher"`
	Name         string     `json:"name" xml:"name"`
	Version      string     `json:"version" xml:"version"`
	CPE          string     `json:"cpe" xml:"cpe"`
	PURL         string     `json:"purl" xml:"purl"`
	Components   []cdxComp  `json:"components" xml:"components>component"`
}

func parseCycloneDXJSON(data []byte, format string) (Document, error) {
	var b cdxBOM
	if err := json.Unmarshal(data, &b); err != nil {
		return Document{}, fmt.Errorf("read %s: %w", format, err)
	}
	return b.document(format), nil
}

func parseCycloneDXXML(data []byte, format string) (Document, error) {
	var b cdxBOM
	if err := xml.Unmarshal(data, &b); err != nil {
		return Document{}, fmt.Errorf("read %s: %w", format, err)
	}
	return b.document(format), nil
}

func (b cdxBOM) document(format string) Document {
	d := Document{Format: format}
	if m := b.Metadata; m != nil && m.Component != nil {
		c := m.Component.component()
		if c.Supplier == "" {
			c.Supplier = m.Supplier.name()
		}
		if c.Supplier == "" {
			c.Supplier = m.Manufacture.name()
		}
		if c.Name != "" || c.PURL != "" || c.CPE != "" {
			d.Name = strings.TrimSpace(c.Name + " " + c.Version)
			d.Components = append(d.Components, c)
		}
		d.Components = appendCDX(d.Components, m.Component.Components)
	}
	if d.Name == "" {
		d.Name = strings.TrimSpace(b.SerialNumber)
	}
	d.Components = appendCDX(d.Components, b.Components)
	return d
}

// appendCDX appends components and, after each, its nested components.
func appendCDX(out []Component, list []cdxComp) []Component {
	for _, x := range list {
		out = append(out, x.component())
		out = appendCDX(out, x.Components)
	}
	return out
}

func (x cdxComp) component() Component {
	c := Component{
		Name:     clean(x.Name),
		Version:  clean(x.Version),
		Supplier: x.Supplier.name(),
		PURL:     clean(x.PURL),
		CPE:      clean(x.CPE),
		Type:     normType(x.Type),
	}
	if c.Supplier == "" {
		c.Supplier = x.Manufacturer.name()
	}
	if c.Supplier == "" {
		c.Supplier = cleanParty(x.Publisher)
	}
	return c
}
