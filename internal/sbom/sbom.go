// Package sbom reads software bills of materials (CycloneDX 1.4 to 1.6 in
// JSON or XML, SPDX 2.2 and 2.3 in JSON or tag-value) into a flat list of
// components, and turns each component into a Tocsin product SPEC (package
// product) so that an organisation can subscribe to what it runs.
//
// It uses the standard library for the formats and package product only to
// check the SPECs it writes; it must not import storage, delivery, the web
// or the command line.
package sbom

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Supported says which formats Parse reads, for error and help texts.
const Supported = "CycloneDX 1.4, 1.5 and 1.6 (JSON or XML) and SPDX 2.2 and 2.3 (JSON or tag-value)"

// Errors of Parse, to test with errors.Is; the messages say what was found.
var (
	// ErrEmpty: the document holds nothing but white space.
	ErrEmpty = errors.New("the SBOM is empty")
	// ErrUnknownFormat: the document is not CycloneDX or SPDX.
	ErrUnknownFormat = errors.New("not a CycloneDX or SPDX document")
	// ErrUnsupported: CycloneDX or SPDX, but a version or encoding Tocsin
	// does not read (CycloneDX 1.2, SPDX 3.0, SPDX RDF...).
	ErrUnsupported = errors.New("unsupported SBOM version or encoding")
)

// Component types. CycloneDX's "operating-system" and SPDX's
// "OPERATING-SYSTEM" become TypeOS; other types are lower-cased as written
// ("framework", "container", "device", ...); "" when the SBOM gives none.
const (
	TypeLibrary     = "library"
	TypeApplication = "application"
	TypeOS          = "os"
	TypeFirmware    = "firmware"
	TypeFile        = "file"
)

// Component is one package, library, application, operating system or
// device listed in an SBOM. Values are trimmed; SPDX's NOASSERTION and NONE
// are read as empty.
type Component struct {
	Name    string
	Version string
	// Supplier is the vendor: CycloneDX supplier, manufacturer or
	// publisher (for the BOM's own subject also metadata.supplier); SPDX
	// PackageSupplier, else PackageOriginator; without the "Organization:"
	// or "Person:" prefix and without an e-mail address.
	Supplier string
	// PURL is the package URL as written (with qualifiers).
	PURL string
	// CPE is a CPE 2.3 name or, when the SBOM gives only that, a CPE 2.2
	// URI, as written.
	CPE string
	// Type is library, application, os, firmware, file, ... (see TypeOS).
	Type string
}

// Document is a parsed SBOM.
type Document struct {
	// Format names the standard, version and encoding, as in
	// "CycloneDX 1.5 JSON" or "SPDX 2.3 tag-value".
	Format string
	// Name is the SPDX document name; for CycloneDX, which has none, the
	// name and version of the BOM's subject (metadata.component).
	Name string
	// Components are, in document order: for CycloneDX the BOM's subject
	// (metadata.component, when it has a name or an identifier) and then
	// every component, nested ones after their parent (tools, pedigree
	// ancestors and services are not components); for SPDX every package
	// (files and snippets are not).
	Components []Component
}

// Specs returns the distinct product SPECs of the document's components in
// document order (see Component.Spec), and how many components gave none.
func (d Document) Specs() (specs []string, skipped int) {
	seen := map[string]bool{}
	for _, c := range d.Components {
		s, ok := c.Spec()
		if !ok {
			skipped++
			continue
		}
		if !seen[s] {
			seen[s] = true
			specs = append(specs, s)
		}
	}
	return specs, skipped
}

// Parse reads an SBOM, recognising the encoding by content: CycloneDX JSON
// ("bomFormat": "CycloneDX"), CycloneDX XML (root <bom> in the namespace
// http://cyclonedx.org/schema/bom/1.x), SPDX JSON ("spdxVersion") and SPDX
// tag-value ("SPDXVersion:"). Errors wrap ErrEmpty, ErrUnknownFormat or
// ErrUnsupported and say what was found and what is supported; a document
// recognised but malformed gives an error naming its format.
func Parse(data []byte) (Document, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // UTF-8 byte order mark
	trimmed := bytes.TrimSpace(data)
	switch {
	case len(trimmed) == 0:
		return Document{}, ErrEmpty
	case bytes.HasPrefix(trimmed, []byte{0x1f, 0x8b}):
		return Document{}, unknown("gzip-compressed data; decompress it first")
	case bytes.HasPrefix(trimmed, []byte("PK\x03\x04")):
		return Document{}, unknown("a ZIP archive; extract the SBOM first")
	case !utf8.Valid(trimmed) || bytes.IndexByte(trimmed, 0) >= 0:
		return Document{}, unknown("binary data, not text")
	case trimmed[0] == '{':
		return parseJSON(trimmed)
	case trimmed[0] == '[':
		return Document{}, unknown("a JSON array; an SBOM is a JSON object")
	case trimmed[0] == '<':
		return parseXML(trimmed)
	}
	if v, ok := tagValueVersion(trimmed); ok {
		return parseTagValue(trimmed, v)
	}
	if yamlSPDX(trimmed) {
		return Document{}, unsupported("SPDX in YAML; export it as SPDX JSON or tag-value")
	}
	return Document{}, unknown(`text that is neither JSON, XML nor SPDX tag-value (no "SPDXVersion:" line)`)
}

func unknown(found string) error {
	return fmt.Errorf("%w: found %s; Tocsin reads %s", ErrUnknownFormat, found, Supported)
}

func unsupported(found string) error {
	return fmt.Errorf("%w: found %s; Tocsin reads %s", ErrUnsupported, found, Supported)
}

// probe holds the keys that tell JSON SBOMs (and near misses) apart.
type probe struct {
	BOMFormat   *string         `json:"bomFormat"`
	SpecVersion *string         `json:"specVersion"`
	SPDXVersion *string         `json:"spdxVersion"`
	Context     json.RawMessage `json:"@context"`
	Graph       json.RawMessage `json:"@graph"`
	Schema      string          `json:"$schema"`
	Document    *struct {
		CSAFVersion string `json:"csaf_version"`
	} `json:"document"`
}

func parseJSON(data []byte) (Document, error) {
	var p probe
	if err := json.Unmarshal(data, &p); err != nil {
		return Document{}, jsonError(data, err)
	}
	switch {
	case p.BOMFormat != nil:
		if !strings.EqualFold(strings.TrimSpace(*p.BOMFormat), "CycloneDX") {
			return Document{}, unknown(fmt.Sprintf("JSON with \"bomFormat\": %q (CycloneDX writes \"CycloneDX\")", *p.BOMFormat))
		}
		v := ""
		if p.SpecVersion != nil {
			v = strings.TrimSpace(*p.SpecVersion)
		}
		if err := checkCycloneDXVersion(v, "JSON"); err != nil {
			return Document{}, err
		}
		return parseCycloneDXJSON(data, "CycloneDX "+v+" JSON")
	case p.SPDXVersion != nil:
		v, err := spdxVersion(*p.SPDXVersion, "JSON")
		if err != nil {
			return Document{}, err
		}
		return parseSPDXJSON(data, "SPDX "+v+" JSON")
	case strings.Contains(strings.ToLower(string(p.Context)), "spdx"):
		return Document{}, unsupported("SPDX 3 JSON-LD (\"@context\" names SPDX)")
	case p.Document != nil && p.Document.CSAFVersion != "":
		return Document{}, unknown("a CSAF advisory, not an SBOM; import advisories with \"tocsin import\"")
	case strings.Contains(strings.ToLower(p.Schema), "cyclonedx"):
		return Document{}, unknown("JSON whose $schema names CycloneDX but without \"bomFormat\"")
	}
	return Document{}, unknown(`JSON with neither "bomFormat" (CycloneDX) nor "spdxVersion" (SPDX)`)
}

// jsonError says where invalid JSON breaks.
func jsonError(data []byte, err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		line, col := position(data, se.Offset)
		return fmt.Errorf("%w: invalid JSON at line %d, column %d: %w", ErrUnknownFormat, line, col, err)
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return unknown(fmt.Sprintf("JSON whose %q is a %s, not a string", te.Field, te.Value))
	}
	return fmt.Errorf("%w: invalid JSON: %w", ErrUnknownFormat, err)
}

func position(data []byte, offset int64) (line, col int) {
	if offset > int64(len(data)) {
		offset = int64(len(data))
	}
	before := data[:offset]
	line = bytes.Count(before, []byte("\n")) + 1
	col = int(offset) - (bytes.LastIndexByte(before, '\n') + 1)
	return line, col
}

// cycloneDXNamespace is the XML namespace of CycloneDX without its version.
const cycloneDXNamespace = "http://cyclonedx.org/schema/bom/"

func parseXML(data []byte) (Document, error) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	var root xml.StartElement
	for {
		tok, err := dec.Token()
		if err != nil {
			return Document{}, fmt.Errorf("%w: invalid XML before the root element: %w", ErrUnknownFormat, err)
		}
		if se, ok := tok.(xml.StartElement); ok {
			root = se
			break
		}
	}
	ns := root.Name.Space
	switch {
	case root.Name.Local == "bom" && strings.HasPrefix(ns, cycloneDXNamespace):
		v := strings.TrimPrefix(ns, cycloneDXNamespace)
		if err := checkCycloneDXVersion(v, "XML"); err != nil {
			return Document{}, err
		}
		return parseCycloneDXXML(data, "CycloneDX "+v+" XML")
	case root.Name.Local == "bom":
		return Document{}, unknown(fmt.Sprintf("XML root <bom> in namespace %q, not %s1.x", ns, cycloneDXNamespace))
	case root.Name.Local == "RDF" && strings.Contains(strings.ToLower(string(data)), "spdx.org/rdf"):
		return Document{}, unsupported("SPDX RDF/XML; export it as SPDX JSON or tag-value")
	}
	if ns != "" {
		return Document{}, unknown(fmt.Sprintf("XML root <%s> in namespace %q; CycloneDX XML has root <bom> in namespace %s1.x", root.Name.Local, ns, cycloneDXNamespace))
	}
	return Document{}, unknown(fmt.Sprintf("XML root <%s>; CycloneDX XML has root <bom> in namespace %s1.x", root.Name.Local, cycloneDXNamespace))
}

// clean trims a value and reads SPDX's NOASSERTION and NONE as empty.
func clean(s string) string {
	s = strings.TrimSpace(s)
	switch strings.ToUpper(s) {
	case "NOASSERTION", "NONE":
		return ""
	}
	return s
}

// normType maps a CycloneDX type or SPDX primary package purpose to the
// Component.Type vocabulary.
func normType(t string) string {
	t = strings.ToLower(clean(t))
	t = strings.ReplaceAll(t, "_", "-")
	if t == "operating-system" {
		return TypeOS
	}
	return t
}

// cleanParty reduces a supplier to the organisation's or person's name:
// without SPDX's "Organization:" or "Person:" prefix and without an e-mail
// address in parentheses or angle brackets.
func cleanParty(s string) string {
	s = clean(s)
	for _, p := range []string{"organization:", "person:"} {
		if len(s) >= len(p) && strings.EqualFold(s[:len(p)], p) {
			s = strings.TrimSpace(s[len(p):])
			break
		}
	}
	for _, pair := range [][2]string{{"(", ")"}, {"<", ">"}} {
		if strings.HasSuffix(s, pair[1]) {
			if i := strings.LastIndex(s, pair[0]); i > 0 && strings.Contains(s[i:], "@") {
				s = strings.TrimSpace(s[:i])
			}
		}
	}
	return clean(s)
}
