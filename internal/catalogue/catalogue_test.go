package catalogue

import (
	"os"
	"strings"
	"testing"

	"github.com/tocsin-cert/tocsin/internal/csaf"
	"github.com/tocsin-cert/tocsin/internal/product"
	"github.com/tocsin-cert/tocsin/internal/store"
	"github.com/tocsin-cert/tocsin/internal/testutil"
)

func TestReadCPEDictionary(t *testing.T) {
	t.Parallel()
	f, err := os.Open("testdata/cpe-dictionary.xml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var got []store.CatalogueEntry
	n, err := ReadCPEDictionary(f, 1, func(es []store.CatalogueEntry) error {
		got = append(got, es...)
		return nil
	})
	if err != nil || n != 2 || len(got) != 2 {
		t.Fatalf("ReadCPEDictionary = %d, %v, %+v; want 2 entries (versions collapse, deprecated skipped)", n, err, got)
	}
	if got[0].VendorKey != "acme industrial" || got[0].ProductKey != "widget server" || got[0].CPE != "cpe:2.3:a:acme_industrial:widget_server:*:*:*:*:*:*:*:*" {
		t.Errorf("entry 0 = %+v", got[0])
	}
	if got[1].Product != "mail:gateway" {
		t.Errorf("escaped colon: %+v", got[1])
	}
	for _, e := range got {
		if _, err := product.ParseSpec(Spec(e)); err != nil {
			t.Errorf("spec %q: %v", Spec(e), err)
		}
	}
	for _, bad := range []string{"", "<html/>", "<cpe-list><cpe-item"} {
		if _, err := ReadCPEDictionary(strings.NewReader(bad), 10, func([]store.CatalogueEntry) error { return nil }); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestFromAdvisory(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile(testutil.Corpus(t, "csaf/cisa/icsa-22-167-14.json"))
	if err != nil {
		t.Fatal(err)
	}
	a, err := csaf.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	es := FromAdvisory(a)
	found := false
	for _, e := range es {
		if e.VendorKey != "siemens" {
			t.Errorf("vendor key %q", e.VendorKey)
		}
		if Spec(e) == "siemens/ruggedcom rox rx1500" {
			found = true
		}
	}
	if !found || len(es) < 50 {
		t.Errorf("%d entries; RUGGEDCOM ROX RX1500 found: %v", len(es), found)
	}
}
