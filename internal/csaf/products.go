package csaf

import (
	"slices"

	"github.com/tocsin-cert/tocsin/internal/advisory"
)

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

func (l *productList) get(id string) (advisory.Product, bool) {
	i, ok := l.index[id]
	if !ok {
		return advisory.Product{}, false
	}
	return l.products[i], true
}

// productTree flattens branches, full_product_names and relationships.
func (m *mapper) productTree(pt map[string]any) []advisory.Product {
	const p = "/product_tree"
	l := &productList{index: make(map[string]int)}
	m.branches(m.arr(pt, "branches", p), p+"/branches", branchPath{}, l)

	fpns := m.arr(pt, "full_product_names", p)
	for i := range fpns {
		fo, fp := m.elem(fpns, i, p+"/full_product_names")
		if fo == nil {
			continue
		}
		l.add(m.fullProductName(fo, fp, branchPath{}))
	}

	m.relationships(m.arr(pt, "relationships", p), p+"/relationships", l)
	return l.products
}

// branches walks a branches list recursively, collecting vendor, family,
// product name, version and version range along the path.
func (m *mapper) branches(arr []any, path string, bp branchPath, l *productList) {
	for i := range arr {
		bo, p := m.elem(arr, i, path)
		if bo == nil {
			continue
		}
		next := bp
		name := m.name(bo, "name", p)
		switch m.str(bo, "category", p) {
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
		if prod := m.obj(bo, "product", p); prod != nil {
			l.add(m.fullProductName(prod, p+"/product", next))
		}
		if sub := m.arr(bo, "branches", p); sub != nil {
			m.branches(sub, p+"/branches", next, l)
		}
	}
}

// fullProductName maps a full_product_name_t at the end of a branch path.
func (m *mapper) fullProductName(fo map[string]any, path string, bp branchPath) advisory.Product {
	pr := advisory.Product{
		ID:           m.str(fo, "product_id", path),
		Name:         m.name(fo, "name", path),
		Vendor:       bp.vendor,
		Family:       bp.family,
		Product:      bp.product,
		Version:      bp.version,
		VersionRange: bp.versionRange,
	}
	m.helper(fo, path, &pr)
	if pr.Product == "" {
		pr.Product = pr.Name
	}
	return pr
}

// helper reads the product identification helper into pr; values it does
// not give leave pr unchanged.
func (m *mapper) helper(fo map[string]any, path string, pr *advisory.Product) {
	h := m.obj(fo, "product_identification_helper", path)
	if h == nil {
		return
	}
	hp := path + "/product_identification_helper"
	if s := m.name(h, "cpe", hp); s != "" {
		pr.CPE = s
	}
	if s := m.name(h, "purl", hp); s != "" {
		pr.PURL = s
	}
	if s := m.strs(h, "model_numbers", hp); len(s) > 0 {
		pr.ModelNumbers = s
	}
	if s := m.strs(h, "skus", hp); len(s) > 0 {
		pr.SKUs = s
	}
}

// relationship is a relationship waiting for the products it refers to.
type relationship struct {
	slot                int
	category            string
	component, platform string
	fpn                 map[string]any
	path                string
	resolved            bool
}

// relationships adds the products that relationships create. Each takes
// vendor, family, product, version, range, CPE, PURL, model numbers and
// SKUs from its component (product_reference), unless its own
// identification helper says otherwise; Platform is the name of the product
// it relates to. A relationship may refer to a product another relationship
// creates, so they are resolved in rounds; references that never resolve
// (missing or circular) leave those fields empty.
func (m *mapper) relationships(arr []any, path string, l *productList) {
	if len(arr) == 0 {
		return
	}
	rels := make([]relationship, 0, len(arr))
	pending := make(map[string]int, len(arr)) // product id -> index in rels
	for i := range arr {
		ro, rp := m.elem(arr, i, path)
		if ro == nil {
			continue
		}
		fo := m.obj(ro, "full_product_name", rp)
		if fo == nil {
			continue
		}
		fp := rp + "/full_product_name"
		slot, ok := l.add(advisory.Product{ID: m.str(fo, "product_id", fp), Name: m.name(fo, "name", fp)})
		if !ok {
			continue
		}
		pending[l.products[slot].ID] = len(rels)
		rels = append(rels, relationship{
			slot:      slot,
			category:  m.str(ro, "category", rp),
			component: m.str(ro, "product_reference", rp),
			platform:  m.str(ro, "relates_to_product_reference", rp),
			fpn:       fo,
			path:      fp,
		})
	}
	ready := func(id string) bool {
		if j, ok := pending[id]; ok {
			return rels[j].resolved
		}
		_, ok := l.index[id]
		return ok
	}
	for progress := true; progress; {
		progress = false
		for i := range rels {
			r := &rels[i]
			if r.resolved || !ready(r.component) || !ready(r.platform) {
				continue
			}
			m.resolve(r, l)
			progress = true
		}
	}
	for i := range rels {
		if !rels[i].resolved {
			m.resolve(&rels[i], l)
		}
	}
}

// resolve fills a relationship's product from what is known now.
func (m *mapper) resolve(r *relationship, l *productList) {
	pr := &l.products[r.slot]
	if comp, ok := l.get(r.component); ok {
		pr.Vendor, pr.Family, pr.Product = comp.Vendor, comp.Family, comp.Product
		pr.Version, pr.VersionRange = comp.Version, comp.VersionRange
		pr.CPE, pr.PURL = comp.CPE, comp.PURL
		pr.ModelNumbers, pr.SKUs = slices.Clone(comp.ModelNumbers), slices.Clone(comp.SKUs)
	}
	if plat, ok := l.get(r.platform); ok {
		pr.Platform = plat.Product
		if pr.Platform == "" {
			pr.Platform = plat.Name
		}
	}
	pr.Relationship = r.category
	m.helper(r.fpn, r.path, pr)
	if pr.Product == "" {
		pr.Product = pr.Name
	}
	r.resolved = true
}
