package csaf

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/tocsin-cert/tocsin/internal/advisory"
)

// relationshipDoc builds a valid CSAF document (profile csaf_base) whose
// product tree has n relationships: a chain of n/2, each relationship's
// component the product the one before it defines (CHAIN-0 the branch
// product LIB), written last link first so that no relationship can be
// resolved before the ones after it; and a fan of the other n/2, written
// before the chain, each the end of the chain installed on the platform or
// on a link of the chain. One vulnerability lists the fan as known
// affected and fixes the chain through a product group.
func relationshipDoc(tb testing.TB, n int) []byte {
	tb.Helper()
	chain, fan := n/2, n-n/2
	if chain == 0 {
		tb.Fatalf("relationshipDoc(%d): too few relationships", n)
	}
	chainID := func(i int) string { return "CHAIN-" + strconv.Itoa(i) }
	rel := func(id, comp, plat string) map[string]any {
		return map[string]any{
			"category":                     "installed_on",
			"product_reference":            comp,
			"relates_to_product_reference": plat,
			"full_product_name":            map[string]any{"name": id + " name", "product_id": id},
		}
	}
	rels := make([]any, 0, n)
	fanIDs := make([]any, 0, fan)
	for j := range fan {
		id := "FAN-" + strconv.Itoa(j)
		plat := "PLAT"
		if j%2 == 1 {
			plat = chainID(j % chain)
		}
		rels = append(rels, rel(id, chainID(chain-1), plat))
		fanIDs = append(fanIDs, id)
	}
	chainIDs := make([]any, 0, chain)
	for i := chain - 1; i >= 0; i-- {
		comp := "LIB"
		if i > 0 {
			comp = chainID(i - 1)
		}
		rels = append(rels, rel(chainID(i), comp, "PLAT"))
		chainIDs = append(chainIDs, chainID(i))
	}
	vuln := map[string]any{
		"cve":            "CVE-2024-0001",
		"product_status": map[string]any{"known_affected": fanIDs, "fixed": []any{"LIB"}},
		"remediations": []any{map[string]any{
			"category": "vendor_fix", "details": "Update.", "group_ids": []any{"G-CHAIN"},
		}},
	}
	if len(chainIDs) < 2 {
		chainIDs = append(chainIDs, "LIB") // a group has at least two members
	}
	doc := map[string]any{
		"document": map[string]any{
			"category":     "csaf_base",
			"csaf_version": "2.0",
			"publisher":    map[string]any{"category": "coordinator", "name": "Test CERT", "namespace": "https://cert.example"},
			"title":        "Many relationships",
			"tracking": map[string]any{
				"id": "TEST-2024-REL", "version": "1", "status": "final",
				"initial_release_date": "2024-01-01T00:00:00Z",
				"current_release_date": "2024-01-01T00:00:00Z",
				"revision_history":     []any{map[string]any{"number": "1", "date": "2024-01-01T00:00:00Z", "summary": "Initial version"}},
			},
		},
		"product_tree": map[string]any{
			"branches": []any{map[string]any{
				"category": "vendor", "name": "Acme",
				"branches": []any{map[string]any{
					"category": "product_name", "name": "libacme",
					"branches": []any{map[string]any{
						"category": "product_version", "name": "1.0",
						"product": map[string]any{"name": "libacme 1.0", "product_id": "LIB",
							"product_identification_helper": map[string]any{"purl": "pkg:generic/libacme@1.0"}},
					}},
				}},
			}},
			"full_product_names": []any{map[string]any{"name": "Platform", "product_id": "PLAT"}},
			"product_groups":     []any{map[string]any{"group_id": "G-CHAIN", "product_ids": chainIDs}},
			"relationships":      rels,
		},
		"vulnerabilities": []any{vuln},
	}
	data, err := json.Marshal(doc)
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

// TestManyRelationships imports a document with 20,000 relationships
// (nested 10,000 deep) and checks every product they define. It guards
// against relationship resolution and the mandatory tests going quadratic
// again: before they were made linear this took over a minute and a half.
func TestManyRelationships(t *testing.T) {
	t.Parallel()
	const n = 20000
	v := newValidator(t)
	a, err := v.Decode(relationshipDoc(t, n))
	if err != nil {
		t.Fatalf("Decode: %v", err)
	}
	if got, want := len(a.Products), n+2; got != want {
		t.Fatalf("%d products, want %d", got, want)
	}
	byID := make(map[string]advisory.Product, len(a.Products))
	for _, p := range a.Products {
		byID[p.ID] = p
	}
	check := func(id, platform string) {
		t.Helper()
		p, ok := byID[id]
		want := advisory.Product{ID: id, Name: id + " name", Vendor: "Acme", Product: "libacme", Version: "1.0",
			PURL: "pkg:generic/libacme@1.0", Platform: platform, Relationship: "installed_on"}
		if !ok || !equalProduct(p, want) {
			t.Fatalf("product %s = %+v (found %v)\nwant %+v", id, p, ok, want)
		}
	}
	const chain = n / 2
	for i := range chain {
		check("CHAIN-"+strconv.Itoa(i), "Platform")
	}
	for j := range n - chain {
		// A link of the chain as platform gives its product name, libacme.
		platform := "Platform"
		if j%2 == 1 {
			platform = "libacme"
		}
		check("FAN-"+strconv.Itoa(j), platform)
	}
	if len(a.Vulnerabilities) != 1 {
		t.Fatalf("%d vulnerabilities", len(a.Vulnerabilities))
	}
	vu := a.Vulnerabilities[0]
	if len(vu.ProductStatus) != n-chain+1 || vu.ProductStatus["FAN-0"] != advisory.StatusKnownAffected || vu.ProductStatus["LIB"] != advisory.StatusFixed {
		t.Errorf("product status: %d entries, FAN-0 %q, LIB %q", len(vu.ProductStatus), vu.ProductStatus["FAN-0"], vu.ProductStatus["LIB"])
	}
	if len(vu.Remediations) != 1 || len(vu.Remediations[0].ProductIDs) != chain {
		t.Errorf("remediation covers %d products, want %d", len(vu.Remediations[0].ProductIDs), chain)
	}
}

// TestRelationshipResolution checks how relationships that refer to
// products other relationships define are resolved, whatever their order,
// and that circular and dangling references leave only what can be known.
func TestRelationshipResolution(t *testing.T) {
	t.Parallel()
	fpn := func(id, name string) advisory.FullProductName {
		return advisory.FullProductName{ProductID: id, Name: name}
	}
	rel := func(id, comp, plat string) advisory.Relationship {
		return advisory.Relationship{Category: "installed_on", ProductReference: comp, RelatesToProductReference: plat,
			FullProductName: fpn(id, id+" name")}
	}
	pt := &advisory.ProductTree{
		FullProductNames: []advisory.FullProductName{
			{ProductID: "LIB", Name: "lib 1", Helper: &advisory.IdentificationHelper{CPE: "cpe:/a:x:lib:1", SKUs: []string{"S1"}}},
			fpn("OS", "Some OS"),
		},
		Relationships: []advisory.Relationship{
			rel("C", "B", "A"), // both references defined later
			rel("B", "A", "OS"),
			rel("A", "LIB", "OS"),
			rel("X", "Y", "OS"), // a cycle X -> Y -> X
			rel("Y", "X", "OS"),
			rel("Z", "X", "C"),         // refers into the cycle
			rel("D", "NOWHERE", "OS"),  // undefined component
			rel("OS", "LIB", "LIB"),    // duplicate id: ignored
			rel("S", "S", "OS"),        // refers to itself
			rel("H", "LIB", "NOWHERE"), // undefined platform
		},
	}
	pt.Relationships[2].FullProductName.Helper = &advisory.IdentificationHelper{PURL: "pkg:generic/lib@1"}
	got := flattenProducts(pt)
	want := []advisory.Product{
		{ID: "LIB", Name: "lib 1", Product: "lib 1", CPE: "cpe:/a:x:lib:1", SKUs: []string{"S1"}},
		{ID: "OS", Name: "Some OS", Product: "Some OS"},
		{ID: "C", Name: "C name", Product: "lib 1", CPE: "cpe:/a:x:lib:1", PURL: "pkg:generic/lib@1", SKUs: []string{"S1"}, Platform: "lib 1", Relationship: "installed_on"},
		{ID: "B", Name: "B name", Product: "lib 1", CPE: "cpe:/a:x:lib:1", PURL: "pkg:generic/lib@1", SKUs: []string{"S1"}, Platform: "Some OS", Relationship: "installed_on"},
		{ID: "A", Name: "A name", Product: "lib 1", CPE: "cpe:/a:x:lib:1", PURL: "pkg:generic/lib@1", SKUs: []string{"S1"}, Platform: "Some OS", Relationship: "installed_on"},
		{ID: "X", Name: "X name", Product: "X name", Platform: "Some OS", Relationship: "installed_on"},
		{ID: "Y", Name: "Y name", Product: "Y name", Platform: "Some OS", Relationship: "installed_on"},
		{ID: "Z", Name: "Z name", Product: "X name", Platform: "lib 1", Relationship: "installed_on"},
		{ID: "D", Name: "D name", Product: "D name", Platform: "Some OS", Relationship: "installed_on"},
		{ID: "S", Name: "S name", Product: "S name", Platform: "Some OS", Relationship: "installed_on"},
		{ID: "H", Name: "H name", Product: "lib 1", CPE: "cpe:/a:x:lib:1", SKUs: []string{"S1"}, Relationship: "installed_on"},
	}
	if len(got) != len(want) {
		t.Fatalf("%d products, want %d: %+v", len(got), len(want), got)
	}
	for i := range want {
		g, w := got[i], want[i]
		if !equalProduct(g, w) {
			t.Errorf("product %d:\n got %+v\nwant %+v", i, g, w)
		}
	}
}

// TestCircularRelationships checks that test 6.1.3 reports each
// reference that closes a cycle, at its path, and nothing for
// relationships that only lead into a cycle.
func TestCircularRelationships(t *testing.T) {
	t.Parallel()
	rel := func(id, comp, plat string) map[string]any {
		return map[string]any{"category": "installed_on", "product_reference": comp, "relates_to_product_reference": plat,
			"full_product_name": map[string]any{"name": id, "product_id": id}}
	}
	tree := map[string]any{
		"full_product_names": []any{
			map[string]any{"name": "lib", "product_id": "LIB"},
			map[string]any{"name": "os", "product_id": "OS"},
		},
		"relationships": []any{
			rel("A", "LIB", "OS"), // 0: no cycle
			rel("B", "C", "OS"),   // 1: B -> C -> D -> B
			rel("C", "D", "A"),    // 2
			rel("D", "OS", "B"),   // 3
			rel("E", "B", "OS"),   // 4: leads into the cycle, is not on it
			rel("F", "F", "F"),    // 5: refers to itself twice
			rel("G", "LIB", "E"),  // 6: no cycle
			rel("P", "Q", "R"),    // 7: P -> Q -> P, and P -> R -> Q -> P through a product already searched
			rel("Q", "P", "OS"),   // 8
			rel("R", "Q", "OS"),   // 9
		},
	}
	v := newValidator(t)
	data := docWith(t, minimalDoc, set("/product_tree", tree))
	var got []string
	for _, f := range v.Check(data, false).Findings {
		if f.Test == "6.1.3" {
			got = append(got, f.Path)
		}
	}
	want := []string{
		"/product_tree/relationships/1/product_reference",
		"/product_tree/relationships/2/product_reference",
		"/product_tree/relationships/3/relates_to_product_reference",
		"/product_tree/relationships/5/product_reference",
		"/product_tree/relationships/5/relates_to_product_reference",
		"/product_tree/relationships/7/product_reference",
		"/product_tree/relationships/7/relates_to_product_reference",
		"/product_tree/relationships/8/product_reference",
		"/product_tree/relationships/9/product_reference",
	}
	if !slices.Equal(got, want) {
		t.Errorf("6.1.3 findings at\n%q\nwant\n%q", got, want)
	}
	_, err := v.Decode(data)
	var inv *InvalidError
	if !errors.As(err, &inv) || len(inv.Findings) != len(want) || inv.Findings[0].Test != "6.1.3" {
		t.Errorf("Decode = %v, want the 6.1.3 findings", err)
	}
	const msg = `the relationship defining "B" refers back to it through "C": refer to another product`
	if inv != nil && len(inv.Findings) > 0 && inv.Findings[0].Message != msg {
		t.Errorf("message %q, want %q", inv.Findings[0].Message, msg)
	}

	// A long cycle is found as well: every link is reported once.
	const n = 5000
	long := make([]any, 0, n)
	for i := range n {
		long = append(long, rel(fmt.Sprintf("R%d", i), fmt.Sprintf("R%d", (i+1)%n), "OS"))
	}
	tree["relationships"] = long
	data = docWith(t, minimalDoc, set("/product_tree", tree))
	count := 0
	for _, f := range v.Check(data, false).Findings {
		if f.Test == "6.1.3" {
			if want := "/product_tree/relationships/" + strconv.Itoa(count) + "/product_reference"; f.Path != want {
				t.Fatalf("finding %d at %s, want %s", count, f.Path, want)
			}
			count++
		}
	}
	if count != n {
		t.Errorf("%d findings of 6.1.3 for a cycle of %d, want %d", count, n, n)
	}
}

// BenchmarkRelationships decodes documents with 1,000, 5,000 and 20,000
// relationships (see relationshipDoc); the time per document should grow
// about linearly with the number of relationships.
func BenchmarkRelationships(b *testing.B) {
	v := newValidator(b)
	for _, n := range []int{1000, 5000, 20000} {
		data := relationshipDoc(b, n)
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := v.Decode(data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// deepBranchDoc builds a document whose one product lies depth branches
// down: vendor Acme, product_name App, product families, and a
// product_version leaf; edit changes the leaf branch.
func deepBranchDoc(tb testing.TB, depth int, edit func(leaf map[string]any)) []byte {
	tb.Helper()
	leaf := map[string]any{"category": "product_version", "name": "2.0",
		"product": map[string]any{"name": "App 2.0", "product_id": "P"}}
	edit(leaf)
	b := leaf
	for i := depth - 2; i >= 0; i-- {
		cat, name := "product_family", "F"
		switch i {
		case 0:
			cat, name = "vendor", "Acme"
		case 1:
			cat, name = "product_name", "App"
		}
		b = map[string]any{"category": cat, "name": name, "branches": []any{b}}
	}
	return docWith(tb, minimalDoc, set("/product_tree", map[string]any{"branches": []any{b}}))
}

// TestDeepBranches maps a product 4,000 branches deep, close to what the
// JSON nesting limit allows, and checks the paths of what is reported
// deep down. Writing out every branch's path made mapping quadratic in the
// depth (a gigabyte of garbage for one 200 KB document).
func TestDeepBranches(t *testing.T) {
	t.Parallel()
	const depth = 4000
	v := newValidator(t)
	leafPath := "/product_tree" + strings.Repeat("/branches/0", depth)

	a, err := v.Decode(deepBranchDoc(t, depth, func(map[string]any) {}))
	if err != nil {
		t.Fatalf("Decode: %v", err)
	}
	want := advisory.Product{ID: "P", Name: "App 2.0", Vendor: "Acme", Family: "F", Product: "App", Version: "2.0"}
	if len(a.Products) != 1 || !equalProduct(a.Products[0], want) {
		t.Errorf("products = %+v, want %+v", a.Products, want)
	}

	_, err = Parse(deepBranchDoc(t, depth, func(leaf map[string]any) {
		leaf["product"].(map[string]any)["product_id"] = 7
	}))
	if want := "parse CSAF: " + leafPath + "/product/product_id: must be a string, not a number"; err == nil || err.Error() != want {
		t.Errorf("Parse = %v, want an error at the product id", err)
	}

	// Less deep: the schema library's own cost for a fault grows with the
	// square of its depth.
	const checkDepth = 300
	leafPath = "/product_tree" + strings.Repeat("/branches/0", checkDepth)
	data := deepBranchDoc(t, checkDepth, func(leaf map[string]any) {
		leaf["name"] = "2.0 and later"
		leaf["x_note"] = "undefined"
	})
	a, err = Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := a.Additional[leafPath+"/x_note"]; !ok || len(a.Additional) != 1 {
		t.Errorf("additional properties at %v, want %s/x_note", slices.Collect(maps.Keys(a.Additional)), leafPath)
	}
	got := map[string][]string{}
	for _, f := range v.Check(data, true).Findings {
		got[f.Test] = append(got[f.Test], f.Path)
	}
	for test, path := range map[string]string{"6.1.31": leafPath + "/name", "6.2.16": leafPath + "/product", "6.2.20": leafPath + "/x_note"} {
		if !slices.Equal(got[test], []string{path}) {
			t.Errorf("test %s reports %q, want %q", test, got[test], path)
		}
	}
	if len(got["6.3.9"]) != 0 {
		t.Errorf("6.3.9 reports %q: the branches above are vendor > product_name > ... > product_version", got["6.3.9"])
	}
}

// TestManyAcknowledgments maps 100,000 acknowledged names, each given
// twice, without duplicates and in order (duplicates were once found by a
// linear search per name).
func TestManyAcknowledgments(t *testing.T) {
	t.Parallel()
	const n = 100000
	names := make([]any, n)
	for i := range names {
		names[i] = "Researcher " + strconv.Itoa(i)
	}
	data := docWith(t, minimalDoc,
		set("/document/acknowledgments", []any{map[string]any{"names": names}}),
		set("/vulnerabilities", []any{map[string]any{"acknowledgments": []any{map[string]any{"names": names}}}}))
	a, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Acknowledgments) != n || a.Acknowledgments[0] != "Researcher 0" || a.Acknowledgments[n-1] != "Researcher "+strconv.Itoa(n-1) {
		t.Errorf("%d acknowledgments, want %d in document order", len(a.Acknowledgments), n)
	}
}
