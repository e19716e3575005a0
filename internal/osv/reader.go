package osv

import "github.com/tocsin-cert/tocsin/internal/jsonread"

// reader walks the decoded record (package jsonread) and holds the
// record-specific readers as methods.
type reader struct {
	jsonread.Reader
}
