package csaf

import (
	"strconv"
	"strings"

	"github.com/tocsin-cert/tocsin/internal/advisory"
)

// branchLoc is where a branch of the product tree lies: its index in its
// parent's branches and the parent (nil for the top level). Its path and
// the categories above it are built from it on demand, for a finding:
// built for every branch in advance they would cost time and memory
// quadratic in the depth of the tree, which JSON nesting allows to reach
// thousands of levels.
type branchLoc struct {
	parent *branchLoc
	index  int
	// b is the branch, when the tree is mapped already.
	b *advisory.Branch
	// depth is the number of branches from the top to this one.
	depth int
}

// at returns the location of the index-th branch below l (l nil: at the top).
func (l *branchLoc) at(index int, b *advisory.Branch) *branchLoc {
	d := 1
	if l != nil {
		d = l.depth + 1
	}
	return &branchLoc{parent: l, index: index, b: b, depth: d}
}

// path gives the branch's JSON pointer, /product_tree/branches/0/branches/2.
func (l *branchLoc) path() string {
	idx := make([]string, l.depth)
	n := 0
	for x := l; x != nil; x = x.parent {
		idx[x.depth-1] = strconv.Itoa(x.index)
		n += len(idx[x.depth-1])
	}
	var b strings.Builder
	b.Grow(len("/product_tree") + n + len(idx)*len("/branches/"))
	b.WriteString("/product_tree")
	for _, s := range idx {
		b.WriteString("/branches/")
		b.WriteString(s)
	}
	return b.String()
}

// categories lists the categories of the branches from the top down to
// this one (the tree must be mapped).
func (l *branchLoc) categories() []string {
	out := make([]string, l.depth)
	for x := l; x != nil; x = x.parent {
		out[x.depth-1] = x.b.Category
	}
	return out
}
