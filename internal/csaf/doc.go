// Package csaf reads CSAF 2.0 advisories (OASIS Common Security Advisory
// Framework) into Tocsin's advisory model.
//
// Parse maps a document without checking it against the schema; a
// Validator checks documents against the CSAF 2.0 JSON schema and the FIRST
// CVSS schemas it references, which are embedded in the binary (no schema is
// ever fetched from the network), and Validator.Decode does both.
//
// The package depends only on the advisory model and the JSON-schema
// library; it must not import storage, delivery, rendering or the web.
package csaf
