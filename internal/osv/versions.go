package osv

import "github.com/tocsin-cert/tocsin/internal/versionset"

// order is a vers scheme's versionset.Order, with this package's helpers
// (walk, sortedUnique) as methods.
type order struct{ versionset.Order }
