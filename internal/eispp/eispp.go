// Package eispp writes and reads Tocsin advisories as EISPP XML: an XML
// vocabulary in the block structure of the EISPP common advisory format and
// its successor DAF (root element EISPPAdvisory with a version attribute;
// identification data, vulnerability classification, description with
// publication context, technical context, plain description and technical
// information, solution, references, revision history).
//
// The vocabulary is Tocsin's own (namespace urn:tocsin:eispp:1.0, version
// tocsin-1.0): the EISPP and DAF element names are not known in full, so
// documents are not DAF-valid. The package embeds an XML Schema (Schema) that
// every document Marshal writes satisfies, and an XSLT 1.0 stylesheet
// (Stylesheet) that turns a document into a self-contained HTML page. The
// format is described for operators and peer CERTs in docs/eispp-xml.md.
//
// The package depends only on the advisory model and the standard library;
// it must not import storage, delivery, rendering or the web.
package eispp

import (
	_ "embed"
	"encoding/xml"
	"fmt"
	"strings"
)

// Namespace is the XML namespace of every element of the vocabulary.
const Namespace = "urn:tocsin:eispp:1.0"

// FormatVersion is the value of the root element's version attribute.
const FormatVersion = "tocsin-1.0"

// rootName is the local name of the root element, as in EISPP and DAF.
const rootName = "EISPPAdvisory"

//go:embed eispp.xsd
var schemaXSD string

//go:embed eispp-html.xsl
var stylesheetXSL string

// Schema returns the XML Schema (XSD 1.0) of the vocabulary; the caller may
// modify the returned slice.
func Schema() []byte { return []byte(schemaXSD) }

// Stylesheet returns the XSLT 1.0 stylesheet that turns a document into a
// readable HTML page (basic section first, technical details below; with the
// parameter level=basic, the basic section only). The caller may modify the
// returned slice.
func Stylesheet() []byte { return []byte(stylesheetXSL) }

// Detect reports whether data looks like an EISPP XML document: well-formed
// XML up to its root element, and that element is named EISPPAdvisory (in
// any namespace, so DAF documents are detected too; Unmarshal says why it
// cannot read them).
func Detect(data []byte) bool {
	d := newDecoder(data)
	for {
		tok, err := d.Token()
		if err != nil {
			return false
		}
		if se, ok := tok.(xml.StartElement); ok {
			return se.Name.Local == rootName
		}
	}
}

// Error is a fault Unmarshal found in a document: where it is and what is
// wrong. Line is 0 when the fault has no single place (an empty input).
type Error struct {
	// Line is the 1-based line of the element, as the XML decoder counts
	// it (the line where the element's start tag ends).
	Line int
	// Element is the local name of the element concerned, if any.
	Element string
	// Err says what is wrong.
	Err error
}

// Error formats the fault as "line 12: <Score>: what is wrong".
func (e *Error) Error() string {
	var b strings.Builder
	if e.Line > 0 {
		fmt.Fprintf(&b, "line %d: ", e.Line)
	}
	if e.Element != "" {
		fmt.Fprintf(&b, "<%s>: ", e.Element)
	}
	b.WriteString(e.Err.Error())
	return b.String()
}

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }
