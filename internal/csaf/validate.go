package csaf

import (
	"embed"
	"fmt"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/tocsin-cert/tocsin/internal/advisory"
)

// schemaFS holds the CSAF 2.0 JSON schema and the FIRST CVSS schemas it
// references, as published (see schema/README.md).
//
//go:embed schema/*.json
var schemaFS embed.FS

// SchemaURL is the $id of the CSAF 2.0 JSON schema.
const SchemaURL = "https://docs.oasis-open.org/csaf/csaf/v2.0/csaf_json_schema.json"

// embeddedSchema maps the URLs the schemas are known by to the embedded
// copies. A function, not a map variable, so the package has no mutable
// state.
func embeddedSchema(url string) (string, bool) {
	switch url {
	case SchemaURL:
		return "schema/csaf_json_schema.json", true
	case "https://www.first.org/cvss/cvss-v2.0.json":
		return "schema/cvss-v2.0.json", true
	case "https://www.first.org/cvss/cvss-v3.0.json":
		return "schema/cvss-v3.0.json", true
	case "https://www.first.org/cvss/cvss-v3.1.json":
		return "schema/cvss-v3.1.json", true
	}
	return "", false
}

// embeddedLoader serves the embedded schemas to the schema compiler and
// refuses every other URL: validation never touches the network or the disk.
// The CSAF schema is served with its local $refs inlined (see
// inlineLocalRefs), which makes validation faster and changes nothing else.
type embeddedLoader struct{}

// Load implements jsonschema.URLLoader.
func (embeddedLoader) Load(url string) (any, error) {
	name, ok := embeddedSchema(url)
	if !ok {
		return nil, fmt.Errorf("schema %s is not embedded in Tocsin, which never fetches schemas from the network", url)
	}
	f, err := schemaFS.Open(name)
	if err != nil {
		return nil, fmt.Errorf("open embedded schema %s: %w", name, err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		return nil, fmt.Errorf("read embedded schema %s: %w", name, err)
	}
	if m, ok := doc.(map[string]any); ok && url == SchemaURL {
		return inlineLocalRefs(m), nil
	}
	return doc, nil
}

// Validator checks documents against the CSAF 2.0 JSON schema. Build one
// with NewValidator and keep it: compiling the schema is the expensive part.
// A Validator is safe for concurrent use.
type Validator struct {
	schema *jsonschema.Schema
}

// NewValidator compiles the embedded CSAF 2.0 schema, with format
// assertions (date-time, uri) switched on.
func NewValidator() (*Validator, error) {
	c := jsonschema.NewCompiler()
	c.UseLoader(embeddedLoader{})
	c.AssertFormat()
	sch, err := c.Compile(SchemaURL)
	if err != nil {
		return nil, fmt.Errorf("compile CSAF 2.0 schema: %w", err)
	}
	return &Validator{schema: sch}, nil
}

// Finding is one reason a document fails the schema.
type Finding struct {
	// Path is a JSON pointer to the offending value, e.g.
	// /document/tracking/id; empty for the document as a whole.
	Path string
	// Message says what is wrong, for a person.
	Message string
}

// String gives "path: message", or only the message when Path is empty.
func (f Finding) String() string {
	if f.Path == "" {
		return f.Message
	}
	return f.Path + ": " + f.Message
}

// InvalidError is returned by Validator.Decode for a document that is JSON
// but fails the CSAF 2.0 schema.
type InvalidError struct {
	Findings []Finding
}

// Error joins the findings as "path: message; path: message".
func (e *InvalidError) Error() string {
	var b strings.Builder
	b.WriteString("CSAF document does not conform to the CSAF 2.0 schema: ")
	for i, f := range e.Findings {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(f.String())
	}
	return b.String()
}

// Validate checks data against the CSAF 2.0 schema and returns what is
// wrong, sorted by path; nil means the document is valid. Input that is not
// JSON gives one finding with the position of the fault.
func (v *Validator) Validate(data []byte) []Finding {
	doc, err := decodeJSON(data)
	if err != nil {
		return []Finding{{Message: err.Error()}}
	}
	return v.validateDoc(doc)
}

// validateDoc checks an already decoded document.
func (v *Validator) validateDoc(doc any) []Finding {
	err := v.schema.Validate(doc)
	if err == nil {
		return nil
	}
	return findings(err)
}

// Decode validates data against the CSAF 2.0 schema and maps it into the
// advisory model. A schema failure gives an *InvalidError; input that is not
// JSON gives an error with the line, column and byte offset of the fault.
func (v *Validator) Decode(data []byte) (*advisory.Advisory, error) {
	doc, err := decodeJSON(data)
	if err != nil {
		return nil, fmt.Errorf("decode CSAF: %w", err)
	}
	if fs := v.validateDoc(doc); len(fs) > 0 {
		return nil, &InvalidError{Findings: fs}
	}
	a, err := mapDocument(doc)
	if err != nil {
		return nil, fmt.Errorf("decode CSAF: %w", err)
	}
	return a, nil
}
