package csaf

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/tocsin-cert/tocsin/internal/advisory"
)

// Report is what Check found in one document.
type Report struct {
	// Findings are the schema findings first (sorted by path), then the
	// tests' findings in the order of the standard's test ids.
	Findings []Finding
}

// Valid reports whether the document passes the schema and every
// mandatory test.
func (r Report) Valid() bool {
	for _, f := range r.Findings {
		if f.Fails() {
			return false
		}
	}
	return true
}

// Check validates data as a CSAF 2.0 validator does (section 9.1.14 of the
// standard): the JSON schema and every mandatory test (6.1.1 to 6.1.33,
// the profile tests 6.1.27.1 to 6.1.27.11 included); with all, also the
// optional (6.2) and informative (6.3) tests Tocsin implements (see
// TestIDs). The tests run even when the schema fails, as long as the
// document can be mapped.
func (v *Validator) Check(data []byte, all bool) Report {
	doc, err := decodeJSON(data)
	if err != nil {
		return Report{Findings: []Finding{{Message: err.Error(), Kind: KindSchema}}}
	}
	fs := v.validateDoc(doc)
	a, err := mapDocument(doc)
	if err != nil {
		if len(fs) == 0 {
			fs = append(fs, Finding{Message: err.Error(), Kind: KindSchema})
		}
		return Report{Findings: fs}
	}
	fs = append(fs, runTests(a, data, all, v.cwes)...)
	return Report{Findings: fs}
}

// testDef is one test of section 6.
type testDef struct {
	id    string
	title string
	kind  Kind
	run   func(c *checker)
}

// tests lists the tests Tocsin implements, in the standard's order.
func tests() []testDef {
	return append(append(mandatoryTests(), optionalTests()...), informativeTests()...)
}

// TestIDs lists the ids of the tests Check runs with all set, in order,
// with their kinds. The informative tests 6.3.6 and 6.3.7 (URLs that fail
// to resolve) need the network and 6.3.8 (spell check) a dictionary; they
// are not among them.
func TestIDs() map[string]Kind {
	out := map[string]Kind{}
	for _, t := range tests() {
		out[t.id] = t.kind
	}
	return out
}

// TestTitle gives the standard's title of a test ("Missing Definition of
// Product ID" for 6.1.1), or "".
func TestTitle(id string) string {
	for _, t := range tests() {
		if t.id == id {
			return t.title
		}
	}
	return ""
}

// runTests runs the mandatory tests and, with all, the others. raw is the
// document as read (for the test of key order); it may be nil.
func runTests(a *advisory.Advisory, raw []byte, all bool, cwes map[string][]string) []Finding {
	c := &checker{a: a, raw: raw, cwes: cwes}
	for _, t := range tests() {
		if t.kind != KindMandatory && !all {
			continue
		}
		c.test, c.kind = t.id, t.kind
		t.run(c)
	}
	return c.out
}

// checker runs the tests over one advisory.
type checker struct {
	a    *advisory.Advisory
	raw  []byte
	cwes map[string][]string
	out  []Finding
	// test and kind are those of the running test.
	test string
	kind Kind

	// Built once per document, on first use: the product names, the
	// defined product ids (definedIDs) and the product groups.
	fpns    []fpnRef
	defined map[string]int
	groups  map[string][]string
}

// fpnRef is a full product name and where it is.
type fpnRef struct {
	f *advisory.FullProductName
	// at is the branch whose product f is, if any; else loc is f's path.
	at  *branchLoc
	loc string
	// branch is the branch the product ends, if any.
	branch *advisory.Branch
	// pathOK is whether the branches above the product include vendor,
	// product_name and product_version in that order (test 6.3.9).
	pathOK bool
}

// path gives the JSON pointer of the full product name.
func (f fpnRef) path() string {
	if f.at != nil {
		return f.at.path() + "/product"
	}
	return f.loc
}

// addf records a finding of the running test.
func (c *checker) addf(path, format string, args ...any) {
	c.out = append(c.out, Finding{Path: path, Message: fmt.Sprintf(format, args...), Test: c.test, Kind: c.kind})
}

// productNames lists every full product name of the tree with its path:
// branch products, full_product_names, relationships.
func (c *checker) productNames() []fpnRef {
	if c.fpns != nil || c.a.ProductTree == nil {
		return c.fpns
	}
	pt := c.a.ProductTree
	out := []fpnRef{}
	want := [...]string{"vendor", "product_name", "product_version"}
	// k is how many of want the branches above have shown, in order.
	c.walkBranches(func(b *advisory.Branch, at *branchLoc, k int) int {
		if k < len(want) && b.Category == want[k] {
			k++
		}
		if b.Product != nil {
			out = append(out, fpnRef{f: b.Product, at: at, branch: b, pathOK: k == len(want)})
		}
		return k
	})
	for i := range pt.FullProductNames {
		out = append(out, fpnRef{f: &pt.FullProductNames[i], loc: "/product_tree/full_product_names/" + strconv.Itoa(i)})
	}
	for i := range pt.Relationships {
		out = append(out, fpnRef{f: &pt.Relationships[i].FullProductName, loc: "/product_tree/relationships/" + strconv.Itoa(i) + "/full_product_name"})
	}
	c.fpns = out
	return out
}

// walkBranches calls fn for every branch of the product tree, top down,
// with its location and the value fn returned for its parent (0 at the
// top).
func (c *checker) walkBranches(fn func(b *advisory.Branch, at *branchLoc, up int) int) {
	if c.a.ProductTree == nil {
		return
	}
	var walk func(bs []advisory.Branch, parent *branchLoc, up int)
	walk = func(bs []advisory.Branch, parent *branchLoc, up int) {
		for i := range bs {
			at := parent.at(i, &bs[i])
			walk(bs[i].Branches, at, fn(&bs[i], at, up))
		}
	}
	walk(c.a.ProductTree.Branches, nil, 0)
}

// groupMembers maps each group id to its products (first definition).
func (c *checker) groupMembers() map[string][]string {
	if c.groups == nil {
		c.groups = map[string][]string{}
		if c.a.ProductTree != nil {
			for _, g := range c.a.ProductTree.ProductGroups {
				if _, dup := c.groups[g.GroupID]; !dup {
					c.groups[g.GroupID] = g.ProductIDs
				}
			}
		}
	}
	return c.groups
}

// eachProductRef calls fn for every product id the document refers to
// (product groups, relationships, and the vulnerabilities' statuses,
// scores, remediations, threats and flags), with a function that builds
// its JSON path: paths are built only for the findings.
func (c *checker) eachProductRef(fn func(id string, path func() string)) {
	list := func(base func() string, ids []string) {
		for i, id := range ids {
			fn(id, func() string { return base() + "/" + strconv.Itoa(i) })
		}
	}
	if pt := c.a.ProductTree; pt != nil {
		for i, g := range pt.ProductGroups {
			list(func() string { return "/product_tree/product_groups/" + strconv.Itoa(i) + "/product_ids" }, g.ProductIDs)
		}
		for i, r := range pt.Relationships {
			p := func() string { return "/product_tree/relationships/" + strconv.Itoa(i) }
			fn(r.ProductReference, func() string { return p() + "/product_reference" })
			fn(r.RelatesToProductReference, func() string { return p() + "/relates_to_product_reference" })
		}
	}
	for i := range c.a.Vulnerabilities {
		v := &c.a.Vulnerabilities[i]
		vp := func(rest ...string) func() string {
			return func() string { return vulnPath(i) + strings.Join(rest, "") }
		}
		for _, st := range statusKeys() {
			list(vp("/product_status/", string(st)), v.StatusLists[st])
		}
		for j, s := range v.ScoreSets {
			list(vp("/scores/", strconv.Itoa(j), "/products"), s.Products)
		}
		for j, r := range v.Remediations {
			list(vp("/remediations/", strconv.Itoa(j), "/product_ids"), listedIDs(r.ProductIDs, r.GroupIDs, r.ListedProductIDs))
		}
		for j, t := range realThreats(v) {
			list(vp("/threats/", strconv.Itoa(j), "/product_ids"), listedIDs(t.ProductIDs, t.GroupIDs, t.ListedProductIDs))
		}
		for j, f := range v.Flags {
			list(vp("/flags/", strconv.Itoa(j), "/product_ids"), listedIDs(f.ProductIDs, f.GroupIDs, f.ListedProductIDs))
		}
	}
}

// listedIDs gives the product ids a statement lists directly.
func listedIDs(ids, groups, listed []string) []string {
	if groups != nil {
		return listed
	}
	return ids
}

// realThreats gives the document's threats, without the flags kept as
// threats.
func realThreats(v *advisory.Vulnerability) []advisory.Threat {
	for i, t := range v.Threats {
		if t.Category == FlagThreatCategory {
			return v.Threats[:i]
		}
	}
	return v.Threats
}

func vulnPath(i int) string {
	return "/vulnerabilities/" + strconv.Itoa(i)
}
