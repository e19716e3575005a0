// Package catalogue builds the product catalogue: the vendors and products
// the instance knows, from every imported advisory's products and from the
// NVD's CPE dictionary. Names are grouped by their normalised form, so
// "Microsoft Corporation" and "microsoft" are one vendor (the alias). SME
// administrators pick products for their profiles from it.
package catalogue

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/tocsin-cert/tocsin/internal/advisory"
	"github.com/tocsin-cert/tocsin/internal/product"
	"github.com/tocsin-cert/tocsin/internal/store"
)

// FromAdvisory lists the catalogue entries an advisory's products give:
// one per (vendor, product), with a CPE or package URL as example when the
// product has one. Products without vendor or name are left out.
func FromAdvisory(a *advisory.Advisory) []store.CatalogueEntry {
	seen := map[[2]string]bool{}
	var out []store.CatalogueEntry
	for _, p := range a.Products {
		vendor, name := strings.TrimSpace(p.Vendor), strings.TrimSpace(p.Product)
		if vendor == "" || name == "" {
			continue
		}
		e := Entry(vendor, name)
		if e.VendorKey == "" || e.ProductKey == "" {
			continue
		}
		k := [2]string{e.VendorKey, e.ProductKey}
		if seen[k] {
			continue
		}
		seen[k] = true
		e.CPE, e.PURL, e.Source = p.CPE, p.PURL, "advisory"
		out = append(out, e)
	}
	return out
}

// Entry makes a catalogue entry with normalised keys.
func Entry(vendor, name string) store.CatalogueEntry {
	return store.CatalogueEntry{
		VendorKey: product.NormalizeVendor(vendor), Vendor: vendor,
		ProductKey: product.NormalizeProduct(name), Product: name,
	}
}

// Spec is the profile SPEC that subscribes to an entry's product.
func Spec(e store.CatalogueEntry) string {
	return e.VendorKey + "/" + e.ProductKey
}

// ReadCPEDictionary streams the NVD CPE dictionary (XML, version 2.3: the
// official-cpe-dictionary_v2.3.xml file) and calls add for every batch of
// entries (one per vendor and product; the dictionary's many versions of a
// product collapse into one). Deprecated items are skipped. It never holds
// the whole file in memory.
func ReadCPEDictionary(r io.Reader, batch int, add func([]store.CatalogueEntry) error) (int, error) {
	d := xml.NewDecoder(r)
	seen := map[[2]string]bool{}
	var buf []store.CatalogueEntry
	total := 0
	flush := func() error {
		if len(buf) == 0 {
			return nil
		}
		if err := add(buf); err != nil {
			return err
		}
		total += len(buf)
		buf = buf[:0]
		return nil
	}
	type item struct {
		Name       string `xml:"name,attr"`
		Deprecated string `xml:"deprecated,attr"`
		Titles     []struct {
			Lang string `xml:"lang,attr"`
			Text string `xml:",chardata"`
		} `xml:"title"`
		CPE23 struct {
			Name string `xml:"name,attr"`
		} `xml:"cpe23-item"`
	}
	sawRoot := false
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return total, fmt.Errorf("read CPE dictionary: line %d: %w", lineOf(d), err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if !sawRoot {
			sawRoot = true
			if se.Name.Local != "cpe-list" {
				return 0, fmt.Errorf("read CPE dictionary: the root element is <%s>, not <cpe-list>: give the NVD's official-cpe-dictionary_v2.3.xml", se.Name.Local)
			}
			continue
		}
		if se.Name.Local != "cpe-item" {
			continue
		}
		var it item
		if err := d.DecodeElement(&it, &se); err != nil {
			return total, fmt.Errorf("read CPE dictionary: line %d: %w", lineOf(d), err)
		}
		if it.Deprecated == "true" {
			continue
		}
		vendor, prod, ok := cpeVendorProduct(it.CPE23.Name)
		if !ok {
			continue
		}
		e := Entry(vendor, prod)
		k := [2]string{e.VendorKey, e.ProductKey}
		if seen[k] || e.VendorKey == "" || e.ProductKey == "" {
			continue
		}
		seen[k] = true
		e.CPE = "cpe:2.3:" + strings.SplitN(strings.TrimPrefix(it.CPE23.Name, "cpe:2.3:"), ":", 2)[0] + ":" + rawCPEField(it.CPE23.Name, 3) + ":" + rawCPEField(it.CPE23.Name, 4) + ":*:*:*:*:*:*:*:*"
		e.Source = "cpe-dictionary"
		buf = append(buf, e)
		if len(buf) >= batch {
			if err := flush(); err != nil {
				return total, err
			}
		}
	}
	if !sawRoot {
		return 0, errors.New("read CPE dictionary: the file is empty")
	}
	return total, flush()
}

func lineOf(d *xml.Decoder) int {
	l, _ := d.InputPos()
	return l
}

// rawCPEField returns field i (0-based, after "cpe") of a CPE 2.3 formatted
// string, honouring escaped colons.
func rawCPEField(name string, i int) string {
	fields := splitCPE(name)
	if i < len(fields) {
		return fields[i]
	}
	return ""
}

func splitCPE(name string) []string {
	var out []string
	var cur strings.Builder
	esc := false
	for _, c := range name {
		switch {
		case esc:
			cur.WriteRune(c)
			esc = false
		case c == '\\':
			cur.WriteRune(c)
			esc = true
		case c == ':':
			out = append(out, cur.String())
			cur.Reset()
		default:
			cur.WriteRune(c)
		}
	}
	return append(out, cur.String())
}

// cpeVendorProduct reads vendor and product of a CPE 2.3 name, for people:
// underscores are spaces, escapes removed.
func cpeVendorProduct(name string) (string, string, bool) {
	f := splitCPE(name)
	if len(f) < 5 || f[0] != "cpe" || f[1] != "2.3" {
		return "", "", false
	}
	clean := func(s string) string {
		s = strings.ReplaceAll(s, "\\", "")
		return strings.ReplaceAll(s, "_", " ")
	}
	v, p := clean(f[3]), clean(f[4])
	if v == "" || p == "" || v == "*" || p == "*" || v == "-" || p == "-" {
		return "", "", false
	}
	return v, p, true
}
