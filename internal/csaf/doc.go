// Package csaf reads and writes CSAF 2.0 advisories (OASIS Common Security
// Advisory Framework) and validates them as the standard's section 6 asks.
//
// Parse maps a document into the advisory model without checking it; the
// model keeps every field of the standard, so Marshal writes the document
// again equal as JSON (see Marshal for the few normalisations). A
// Validator checks documents against the CSAF 2.0 JSON schema and the
// FIRST CVSS schemas it references, which are embedded in the binary (no
// schema is ever fetched from the network), and runs the tests of section
// 6: Validator.Check runs the schema and the mandatory tests (6.1), and on
// request the optional (6.2) and informative (6.3) ones; Validator.Decode,
// used by import, maps a document only when it passes the schema and every
// mandatory test.
//
// Import accepts documents of up to 64 MB, so the package's own passes
// over a document take time linear in its size (n log n where they sort):
// relationships are resolved, and circular ones found, in one pass over
// the product tree (see digraph), lookups go through maps built once per
// document, and paths into deep product trees are written out only for
// findings (see branchLoc). The exception is what the model asks for: a
// statement naming product groups gets every member in its ProductIDs.
// scale_test.go holds the regression tests.
//
// The package depends only on the advisory model, the JSON-schema library,
// golang.org/x/text (language tags) and packageurl-go (package URLs); it
// must not import storage, delivery, rendering or the web.
package csaf
