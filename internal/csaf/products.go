package csaf

import (
	"slices"
	"strings"

	"github.com/tocsin-cert/tocsin/internal/advisory"
)

// productTreeRaw maps the product tree as written.
func (m *mapper) productTreeRaw(pt map[string]any) *advisory.ProductTree {
	const p = "/product_tree"
	m.known(pt, p, "branches", "full_product_names", "product_groups", "relationships")
	tree := &advisory.ProductTree{}
	tree.Branches = m.branchList(m.arr(pt, "branches", p), nil)

	fpns := m.arr(pt, "full_product_names", p)
	if len(fpns) > 0 {
		tree.FullProductNames = make([]advisory.FullProductName, 0, len(fpns))
	}
	for i := range fpns {
		fo, fp := m.elem(fpns, i, p+"/full_product_names")
		if fo == nil {
			continue
		}
		tree.FullProductNames = append(tree.FullProductNames, m.fullProductName(fo, fp))
	}

	rels := m.arr(pt, "relationships", p)
	if len(rels) > 0 {
		tree.Relationships = make([]advisory.Relationship, 0, len(rels))
	}
	for i := range rels {
		ro, rp := m.elem(rels, i, p+"/relationships")
		if ro == nil {
			continue
		}
		m.known(ro, rp, "category", "full_product_name", "product_reference", "relates_to_product_reference")
		r := advisory.Relationship{
			Category:                  m.str(ro, "category", rp),
			ProductReference:          m.str(ro, "product_reference", rp),
			RelatesToProductReference: m.str(ro, "relates_to_product_reference", rp),
		}
		if fo := m.obj(ro, "full_product_name", rp); fo != nil {
			r.FullProductName = m.fullProductName(fo, rp+"/full_product_name")
		}
		tree.Relationships = append(tree.Relationships, r)
	}

	groups := m.arr(pt, "product_groups", p)
	for i := range groups {
		g, gp := m.elem(groups, i, p+"/product_groups")
		if g == nil {
			continue
		}
		m.known(g, gp, "group_id", "product_ids", "summary")
		tree.ProductGroups = append(tree.ProductGroups, advisory.ProductGroup{
			GroupID:    m.str(g, "group_id", gp),
			ProductIDs: m.strs(g, "product_ids", gp),
			Summary:    m.str(g, "summary", gp),
		})
	}
	return tree
}

// branchList maps a branches list recursively; parent is the branch that
// holds it (nil at the top). Paths below a branch are relative to it
// (m.base), so a branch's path is written out only for a fault or a
// property CSAF does not define, not for every branch of a deep tree.
func (m *mapper) branchList(arr []any, parent *branchLoc) []advisory.Branch {
	if len(arr) == 0 {
		return nil
	}
	saved := m.base
	out := make([]advisory.Branch, 0, len(arr))
	for i := range arr {
		m.base = parent.at(i, nil)
		bo, ok := arr[i].(map[string]any)
		if !ok {
			m.asObj(arr[i], "")
			continue
		}
		m.known(bo, "", "branches", "category", "name", "product")
		b := advisory.Branch{
			Category: m.str(bo, "category", ""),
			Name:     m.str(bo, "name", ""),
		}
		if prod := m.obj(bo, "product", ""); prod != nil {
			fpn := m.fullProductName(prod, "/product")
			b.Product = &fpn
		}
		if sub := m.arr(bo, "branches", ""); sub != nil {
			b.Branches = m.branchList(sub, m.base)
		}
		out = append(out, b)
	}
	m.base = saved
	return out
}

// fullProductName maps a full_product_name_t.
func (m *mapper) fullProductName(fo map[string]any, path string) advisory.FullProductName {
	m.known(fo, path, "name", "product_id", "product_identification_helper")
	f := advisory.FullProductName{
		ProductID: m.str(fo, "product_id", path),
		Name:      m.str(fo, "name", path),
	}
	if h := m.obj(fo, "product_identification_helper", path); h != nil {
		f.Helper = m.helper(h, path+"/product_identification_helper")
	}
	return f
}

// helper maps a product identification helper.
func (m *mapper) helper(h map[string]any, hp string) *advisory.IdentificationHelper {
	m.known(h, hp, "cpe", "hashes", "model_numbers", "purl", "sbom_urls", "serial_numbers", "skus", "x_generic_uris")
	out := &advisory.IdentificationHelper{
		CPE:           m.str(h, "cpe", hp),
		PURL:          m.str(h, "purl", hp),
		ModelNumbers:  m.strs(h, "model_numbers", hp),
		SerialNumbers: m.strs(h, "serial_numbers", hp),
		SKUs:          m.strs(h, "skus", hp),
		SBOMURLs:      m.strs(h, "sbom_urls", hp),
	}
	hashes := m.arr(h, "hashes", hp)
	for i := range hashes {
		ho, p := m.elem(hashes, i, hp+"/hashes")
		if ho == nil {
			continue
		}
		m.known(ho, p, "file_hashes", "filename")
		fh := advisory.FileHashes{Filename: m.str(ho, "filename", p)}
		list := m.arr(ho, "file_hashes", p)
		for j := range list {
			o, op := m.elem(list, j, p+"/file_hashes")
			if o == nil {
				continue
			}
			m.known(o, op, "algorithm", "value")
			fh.FileHashes = append(fh.FileHashes, advisory.FileHash{Algorithm: m.str(o, "algorithm", op), Value: m.str(o, "value", op)})
		}
		out.Hashes = append(out.Hashes, fh)
	}
	uris := m.arr(h, "x_generic_uris", hp)
	for i := range uris {
		o, op := m.elem(uris, i, hp+"/x_generic_uris")
		if o == nil {
			continue
		}
		m.known(o, op, "namespace", "uri")
		out.XGenericURIs = append(out.XGenericURIs, advisory.GenericURI{Namespace: m.str(o, "namespace", op), URI: m.str(o, "uri", op)})
	}
	return out
}

// branchPath is what a walk down the branches has collected so far.
type branchPath struct {
	vendor, family, product, version, versionRange string
}

// productList builds the flattened product list: one entry per product id,
// in product-tree order, later duplicates ignored.
type productList struct {
	products []advisory.Product
	index    map[string]int
}

func (l *productList) add(p advisory.Product) (int, bool) {
	if p.ID == "" {
		return 0, false
	}
	if _, dup := l.index[p.ID]; dup {
		return 0, false
	}
	l.index[p.ID] = len(l.products)
	l.products = append(l.products, p)
	return len(l.products) - 1, true
}

// flattenProducts builds Advisory.Products from the tree: branches,
// full_product_names and relationships, names trimmed of surrounding white
// space (real documents carry " SIMATIC Logon V1.6").
func flattenProducts(pt *advisory.ProductTree) []advisory.Product {
	n := countBranchProducts(pt.Branches) + len(pt.FullProductNames) + len(pt.Relationships)
	l := &productList{index: make(map[string]int, n)}
	if n > 0 {
		l.products = make([]advisory.Product, 0, n)
	}
	flattenBranches(pt.Branches, branchPath{}, l)
	for _, f := range pt.FullProductNames {
		l.add(flatProduct(f, branchPath{}))
	}
	flattenRelationships(pt.Relationships, l)
	return l.products
}

// countBranchProducts counts the products of a branches list.
func countBranchProducts(bs []advisory.Branch) int {
	n := 0
	for i := range bs {
		if bs[i].Product != nil {
			n++
		}
		n += countBranchProducts(bs[i].Branches)
	}
	return n
}

// flattenBranches walks a branches list recursively, collecting vendor,
// family, product name, version and version range along the path.
func flattenBranches(bs []advisory.Branch, bp branchPath, l *productList) {
	for _, b := range bs {
		next := bp
		name := strings.TrimSpace(b.Name)
		switch b.Category {
		case "vendor":
			next.vendor = name
		case "product_family":
			next.family = name
		case "product_name":
			next.product = name
		case "product_version":
			next.version = name
		case "product_version_range":
			next.versionRange = name
		}
		if b.Product != nil {
			l.add(flatProduct(*b.Product, next))
		}
		if b.Branches != nil {
			flattenBranches(b.Branches, next, l)
		}
	}
}

// flatProduct maps a full product name at the end of a branch path.
func flatProduct(f advisory.FullProductName, bp branchPath) advisory.Product {
	pr := advisory.Product{
		ID:           f.ProductID,
		Name:         strings.TrimSpace(f.Name),
		Vendor:       bp.vendor,
		Family:       bp.family,
		Product:      bp.product,
		Version:      bp.version,
		VersionRange: bp.versionRange,
	}
	applyHelper(f.Helper, &pr)
	if pr.Product == "" {
		pr.Product = pr.Name
	}
	return pr
}

// applyHelper copies what the identification helper gives into pr; values
// it does not give leave pr unchanged.
func applyHelper(h *advisory.IdentificationHelper, pr *advisory.Product) {
	if h == nil {
		return
	}
	if s := strings.TrimSpace(h.CPE); s != "" {
		pr.CPE = s
	}
	if s := strings.TrimSpace(h.PURL); s != "" {
		pr.PURL = s
	}
	if len(h.ModelNumbers) > 0 {
		pr.ModelNumbers = h.ModelNumbers
	}
	if len(h.SKUs) > 0 {
		pr.SKUs = h.SKUs
	}
}

// flattenRelationships adds the products that relationships create. Each
// takes vendor, family, product, version, range, CPE, PURL, model numbers
// and SKUs from its component (product_reference), unless its own
// identification helper says otherwise; Platform is the name of the product
// it relates to.
//
// A relationship may refer to a product another relationship creates, in
// any order, so the relationships are resolved in one pass in dependency
// order: the order in which digraph.components completes them, which puts
// every relationship after those it refers to. A reference that cannot be
// resolved leaves the fields it would give empty: one to an undefined
// product, or one that is circular (to the relationship's own product, or
// to one that refers back to it; test 6.1.3 reports these).
func flattenRelationships(rs []advisory.Relationship, l *productList) {
	if len(rs) == 0 {
		return
	}
	type relationship struct {
		slot int // of its product in l
		rel  *advisory.Relationship
	}
	rels := make([]relationship, 0, len(rs))
	node := make(map[string]int, len(rs)) // product id -> index in rels of the relationship defining it
	for i := range rs {
		r := &rs[i]
		slot, ok := l.add(advisory.Product{ID: r.FullProductName.ProductID, Name: strings.TrimSpace(r.FullProductName.Name)})
		if !ok {
			continue // a product of that id is defined already
		}
		node[r.FullProductName.ProductID] = len(rels)
		rels = append(rels, relationship{slot: slot, rel: r})
	}
	g := newDigraph(len(rels), 2*len(rels))
	for _, r := range rels {
		if j, ok := node[r.rel.ProductReference]; ok {
			g.addEdge(j)
		}
		if j, ok := node[r.rel.RelatesToProductReference]; ok {
			g.addEdge(j)
		}
		g.done()
	}
	comp, order := g.components()
	for _, i := range order {
		// get finds a product i refers to; its own component's products
		// are circular references, not resolved yet.
		get := func(id string) *advisory.Product {
			if j, ok := node[id]; ok && comp[j] == comp[i] {
				return nil
			}
			if k, ok := l.index[id]; ok {
				return &l.products[k]
			}
			return nil
		}
		r := rels[i]
		resolve(&l.products[r.slot], r.rel, get(r.rel.ProductReference), get(r.rel.RelatesToProductReference))
	}
}

// resolve fills the product a relationship defines from its component and
// platform, either of which may be nil (unknown).
func resolve(pr *advisory.Product, rel *advisory.Relationship, comp, plat *advisory.Product) {
	if comp != nil {
		pr.Vendor, pr.Family, pr.Product = comp.Vendor, comp.Family, comp.Product
		pr.Version, pr.VersionRange = comp.Version, comp.VersionRange
		pr.CPE, pr.PURL = comp.CPE, comp.PURL
		// Shared, as branch products share their helper's lists; clipped,
		// so an append to one product's list leaves the others alone.
		pr.ModelNumbers, pr.SKUs = slices.Clip(comp.ModelNumbers), slices.Clip(comp.SKUs)
	}
	if plat != nil {
		pr.Platform = plat.Product
		if pr.Platform == "" {
			pr.Platform = plat.Name
		}
	}
	pr.Relationship = rel.Category
	applyHelper(rel.FullProductName.Helper, pr)
	if pr.Product == "" {
		pr.Product = pr.Name
	}
}
