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
//go:embed schema/*.json data/*.tsv
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
	// cwes maps CWE ids ("CWE-79") to their names in the embedded
	// catalogue, the current name first (test 6.1.11).
	cwes map[string][]string
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
	cwes, err := loadCWEs()
	if err != nil {
		return nil, err
	}
	return &Validator{schema: sch, cwes: cwes}, nil
}

// cweVersion is the version of the embedded CWE catalogue.
const cweVersion = "4.15"

// loadCWEs reads the embedded CWE catalogue: one line per entry, the id,
// the current name and former names, separated by tabs.
func loadCWEs() (map[string][]string, error) {
	data, err := schemaFS.ReadFile("data/cwe-" + cweVersion + ".tsv")
	if err != nil {
		return nil, fmt.Errorf("read embedded CWE catalogue: %w", err)
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	out := make(map[string][]string, len(lines))
	for _, l := range lines {
		f := strings.Split(l, "\t")
		if len(f) < 2 {
			return nil, fmt.Errorf("embedded CWE catalogue: bad line %q", l)
		}
		out["CWE-"+f[0]] = f[1:]
	}
	return out, nil
}

// Kind says which part of the standard a finding comes from.
type Kind string

// Kinds of findings. Schema and mandatory findings make a document invalid;
// optional ones are warnings and informative ones hints (CSAF 2.0 section
// 6).
const (
	KindSchema      Kind = "schema"
	KindMandatory   Kind = "mandatory"
	KindOptional    Kind = "optional"
	KindInformative Kind = "informative"
)

// Finding is one reason a document fails the schema or a test of CSAF 2.0
// section 6.
type Finding struct {
	// Path is a JSON pointer to the offending value, e.g.
	// /document/tracking/id; empty for the document as a whole.
	Path string
	// Message says what is wrong and what to change, for a person.
	Message string
	// Test is the id of the test of section 6 that failed, e.g. "6.1.1";
	// empty for a schema finding (schema findings inside a CVSS object
	// carry "6.1.8", the test that checks CVSS objects against their
	// schema).
	Test string
	// Kind is schema, mandatory, optional or informative.
	Kind Kind
}

// String gives "path: message", or only the message when Path is empty,
// with the test id in front when there is one: "6.1.1 path: message".
func (f Finding) String() string {
	s := f.Message
	if f.Path != "" {
		s = f.Path + ": " + f.Message
	}
	if f.Test != "" {
		s = f.Test + " " + s
	}
	return s
}

// Fails reports whether the finding makes the document invalid: a schema
// finding or a failed mandatory test.
func (f Finding) Fails() bool {
	return f.Kind == KindSchema || f.Kind == KindMandatory
}

// InvalidError is returned by Validator.Decode for a document that is JSON
// but fails the CSAF 2.0 schema or one of its mandatory tests.
type InvalidError struct {
	Findings []Finding
}

// Error joins the findings as "path: message; path: message".
func (e *InvalidError) Error() string {
	var b strings.Builder
	schema := len(e.Findings) > 0 && e.Findings[0].Kind != KindMandatory
	if schema {
		b.WriteString("CSAF document does not conform to the CSAF 2.0 schema: ")
	} else {
		b.WriteString("CSAF document fails the mandatory tests of CSAF 2.0: ")
	}
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
		return []Finding{{Message: err.Error(), Kind: KindSchema}}
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

// Decode validates data against the CSAF 2.0 schema, maps it into the
// advisory model and runs the mandatory tests (section 6.1). A schema or
// mandatory-test failure gives an *InvalidError naming each fault (test
// id, JSON path, what to change); input that is not JSON gives an error
// with the line, column and byte offset of the fault.
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
	if fs := runTests(a, nil, false, v.cwes); len(fs) > 0 {
		return nil, &InvalidError{Findings: fs}
	}
	return a, nil
}
