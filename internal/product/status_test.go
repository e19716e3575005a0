package product

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/tocsin-cert/tocsin/internal/advisory"
)

// TestStatusRanges checks the versions first_affected and last_affected
// stand for (CSAF 2.0: the first and the last version affected), the
// fixed version that ends a first_affected run, and which products count
// as the same product.
func TestStatusRanges(t *testing.T) {
	t.Parallel()
	type st = map[string]advisory.Status
	widget := func(id, v string) advisory.Product {
		return advisory.Product{ID: id, Name: "Acme Widget Server " + v, Vendor: "Acme", Product: "Widget Server", Version: v}
	}
	tests := []struct {
		name  string
		prods []advisory.Product
		vulns []st
		want  map[string]string // product id -> Range().String() | Text()
	}{
		{"last_affected", []advisory.Product{widget("A", "3.1"), widget("F", "3.2.1")},
			[]st{{"A": advisory.StatusLastAffected, "F": advisory.StatusFirstFixed}},
			map[string]string{"A": "<=3.1 | 3.1 (last_affected: 3.1 and earlier)"}},
		{"first_affected up to the fix", []advisory.Product{widget("A", "3.0.0"), widget("F", "3.2.1")},
			[]st{{"A": advisory.StatusFirstAffected, "F": advisory.StatusFirstFixed}},
			map[string]string{"A": ">=3.0.0,<3.2.1 | 3.0.0 (first_affected: 3.0.0 and later, before fixed 3.2.1)"}},
		{"lowest fix above, not below", []advisory.Product{widget("A", "3.0"), widget("F1", "3.4"), widget("F2", "3.2"), widget("F3", "2.9"), widget("F4", "3.0")},
			[]st{{"A": advisory.StatusFirstAffected, "F1": advisory.StatusFixed, "F2": advisory.StatusFixed, "F3": advisory.StatusFixed, "F4": advisory.StatusFixed}},
			map[string]string{"A": ">=3.0,<3.2 | 3.0 (first_affected: 3.0 and later, before fixed 3.2)"}},
		{"fix of another vulnerability does not bound", []advisory.Product{widget("A", "3.0"), widget("F", "3.2")},
			[]st{{"A": advisory.StatusFirstAffected}, {"F": advisory.StatusFixed}},
			map[string]string{"A": ">=3.0 | 3.0 (first_affected: 3.0 and later)"}},
		{"fix of another product does not bound", []advisory.Product{widget("A", "3.0"),
			{ID: "F", Name: "Acme Gadget 3.2", Vendor: "Acme", Product: "Gadget", Version: "3.2"}},
			[]st{{"A": advisory.StatusFirstAffected, "F": advisory.StatusFixed}},
			map[string]string{"A": ">=3.0 | 3.0 (first_affected: 3.0 and later)"}},
		{"fix on another platform does not bound", []advisory.Product{
			{ID: "A", Name: "lib 1.0 on OS 8", Vendor: "Acme", Product: "lib", Version: "1.0", Platform: "OS 8"},
			{ID: "F", Name: "lib 1.2 on OS 9", Vendor: "Acme", Product: "lib", Version: "1.2", Platform: "OS 9"},
			{ID: "G", Name: "lib 1.3 on OS 8", Vendor: "Acme", Product: "lib", Version: "1.3", Platform: "OS 8"}},
			[]st{{"A": advisory.StatusFirstAffected, "F": advisory.StatusFixed, "G": advisory.StatusFixed}},
			map[string]string{"A": ">=1.0,<1.3 | 1.0 (first_affected: 1.0 and later, before fixed 1.3)"}},
		{"names with the version in them", []advisory.Product{
			{ID: "A", Name: "Widget Server V3.0", Product: "Widget Server V3.0", Vendor: "Acme", Version: "V3.0"},
			{ID: "F", Name: "Widget Server V3.2", Product: "Widget Server V3.2", Vendor: "Acme", Version: "V3.2"}},
			[]st{{"A": advisory.StatusFirstAffected, "F": advisory.StatusFixed}},
			map[string]string{"A": ">=V3.0,<V3.2 | V3.0 (first_affected: V3.0 and later, before fixed V3.2)"}},
		{"same package URL, in its scheme", []advisory.Product{
			{ID: "A", Name: "x 1.0.0-rc.1", PURL: "pkg:npm/x@1.0.0-rc.1"},
			{ID: "F", Name: "x 1.0.0-rc.2", PURL: "pkg:npm/x@1.0.0-rc.2"}},
			[]st{{"A": advisory.StatusFirstAffected, "F": advisory.StatusFixed}},
			map[string]string{"A": ">=1.0.0-rc.1,<1.0.0-rc.2 | 1.0.0-rc.1 (first_affected: 1.0.0-rc.1 and later, before fixed 1.0.0-rc.2)"}},
		{"same CPE", []advisory.Product{
			{ID: "A", Name: "first", CPE: "cpe:2.3:a:acme:widget:3.0:*:*:*:*:*:*:*"},
			{ID: "F", Name: "second", CPE: "cpe:2.3:a:acme:widget:3.5:*:*:*:*:*:*:*"}},
			[]st{{"A": advisory.StatusFirstAffected, "F": advisory.StatusFixed}},
			map[string]string{"A": ">=3.0,<3.5 | 3.0 (first_affected: 3.0 and later, before fixed 3.5)"}},
		{"statuses of several vulnerabilities unite", []advisory.Product{widget("A", "3.0"), widget("F", "3.2")},
			[]st{{"A": advisory.StatusFirstAffected, "F": advisory.StatusFixed}, {"A": advisory.StatusLastAffected}, {"A": advisory.StatusFirstAffected, "F": advisory.StatusFixed}},
			map[string]string{"A": ">=3.0,<3.2 | <=3.0 | 3.0 (first_affected: 3.0 and later, before fixed 3.2; last_affected: 3.0 and earlier)"}},
		{"known_affected and ranges are left alone", []advisory.Product{widget("A", "3.0"),
			{ID: "R", Name: "Acme Widget Server <3.0", Vendor: "Acme", Product: "Widget Server", VersionRange: "<3.0"},
			{ID: "N", Name: "Acme Widget Server", Vendor: "Acme", Product: "Widget Server"}},
			[]st{{"A": advisory.StatusKnownAffected, "R": advisory.StatusFirstAffected, "N": advisory.StatusLastAffected}},
			map[string]string{}},
	}
	for _, tt := range tests {
		a := &advisory.Advisory{Products: tt.prods}
		for _, v := range tt.vulns {
			a.Vulnerabilities = append(a.Vulnerabilities, advisory.Vulnerability{ProductStatus: v})
		}
		got := map[string]string{}
		for id, r := range StatusRanges(a) {
			got[id] = r.String() + " | " + r.Text()
		}
		if !maps.Equal(got, tt.want) {
			t.Errorf("%s: StatusRanges =\n%s\nwant\n%s", tt.name, show(got), show(tt.want))
		}
	}
	if StatusRanges(&advisory.Advisory{Products: []advisory.Product{widget("A", "1")},
		Vulnerabilities: []advisory.Vulnerability{{ProductStatus: st{"A": advisory.StatusKnownAffected}}}}) != nil {
		t.Error("an advisory without first_affected or last_affected gives no ranges")
	}
}

func show(m map[string]string) string {
	var out []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		out = append(out, "  "+k+": "+m[k])
	}
	return strings.Join(out, "\n")
}

// TestTargetWithRangeMatches: a target built with a status range matches
// subscribed versions in it, in the quick decision and the verdict alike,
// and its own package URL version no longer decides alone.
func TestTargetWithRangeMatches(t *testing.T) {
	t.Parallel()
	a := &advisory.Advisory{Products: []advisory.Product{
		{ID: "A", Name: "x 1.2.0", PURL: "pkg:npm/x@1.2.0"},
		{ID: "F", Name: "x 1.4.0", PURL: "pkg:npm/x@1.4.0"},
	}, Vulnerabilities: []advisory.Vulnerability{{ProductStatus: map[string]advisory.Status{
		"A": advisory.StatusFirstAffected, "F": advisory.StatusFirstFixed}}}}
	r, ok := StatusRanges(a)["A"]
	if !ok {
		t.Fatal("no range for A")
	}
	tg := NewTargetWithRange(a.Products[0], r)
	for _, tt := range []struct {
		spec string
		want bool
	}{
		{"pkg:npm/x@1.2.0", true}, {"pkg:npm/x@1.3.9", true}, {"pkg:npm/x@1.4.0", false}, {"pkg:npm/x@1.1.0", false},
		{"pkg:npm/x", true}, {"pkg:npm/x@>=1.3", true}, {"pkg:npm/x@<1.2.0", false},
	} {
		sp, err := ParseSpec(tt.spec)
		if err != nil {
			t.Fatal(err)
		}
		if v := sp.MatchTarget(tg); v.Match != tt.want || sp.MatchesTarget(tg) != tt.want {
			t.Errorf("%s: %+v, want match %v", tt.spec, v, tt.want)
		}
	}
}
