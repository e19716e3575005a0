// Package matchgen builds large sets of realistic subscription profiles
// for measuring package match: it reads the real advisories of the shared
// corpus (CSAF, OSV, CVE JSON 5), collects a catalogue of the vendors,
// products, versions, package URLs and CPE names they mention, and draws
// profiles from it. It is a tool for benchmarks and tests; production code
// must not import it.
package matchgen

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"

	packageurl "github.com/package-url/packageurl-go"

	"github.com/tocsin-cert/tocsin/internal/advisory"
	"github.com/tocsin-cert/tocsin/internal/csaf"
	"github.com/tocsin-cert/tocsin/internal/cve5"
	"github.com/tocsin-cert/tocsin/internal/org"
	"github.com/tocsin-cert/tocsin/internal/osv"
	"github.com/tocsin-cert/tocsin/internal/product"
)

// Doc is one corpus advisory and the file it was read from.
type Doc struct {
	Path     string // relative to the corpus folder
	Advisory *advisory.Advisory
}

// LoadCorpus reads every CSAF, OSV and CVE JSON 5 file under corpus/csaf,
// corpus/osv and corpus/cve5 (sorted by path). Files the readers refuse
// (a CSAF 2.1 document) are skipped and listed in skipped.
func LoadCorpus(corpus string) (docs []Doc, skipped []string, err error) {
	readers := []struct {
		dir   string
		parse func([]byte) (*advisory.Advisory, error)
	}{{"csaf", csaf.Parse}, {"osv", osv.Parse}, {"cve5", cve5.Parse}}
	for _, rd := range readers {
		files, err := filepath.Glob(filepath.Join(corpus, rd.dir, "*", "*.json"))
		if err != nil {
			return nil, nil, fmt.Errorf("list %s: %w", rd.dir, err)
		}
		slices.Sort(files)
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				return nil, nil, fmt.Errorf("read corpus: %w", err)
			}
			rel, _ := filepath.Rel(corpus, f)
			a, err := rd.parse(data)
			if err != nil {
				skipped = append(skipped, fmt.Sprintf("%s: %v", rel, err))
				continue
			}
			docs = append(docs, Doc{Path: filepath.ToSlash(rel), Advisory: a})
		}
	}
	if len(docs) == 0 {
		return nil, skipped, fmt.Errorf("no advisory read from %s", corpus)
	}
	return docs, skipped, nil
}

// Item is one product of the catalogue: a vendor and product name as the
// advisories write them, and the versions seen for it.
type Item struct {
	Vendor, Product string
	Versions        []string
	// Scheme is the vers scheme of the product's versions when the
	// advisory gives one ("deb", "rpm", "npm"...), else "".
	Scheme string
}

// Package is one package URL of the catalogue (without version), with
// the versions seen for it.
type Package struct {
	PURL     string
	Versions []string
}

// Catalogue is what the corpus names.
type Catalogue struct {
	Vendors  []string  // vendor names as written, one per normalised vendor, sorted
	Items    []Item    // products, one per normalised vendor and product
	Packages []Package // package URLs
	CPEs     []string  // CPE names as written
}

// NewCatalogue collects the catalogue of the advisories' products
// (whatever their status), deduplicated by normalised vendor and product.
func NewCatalogue(docs []Doc) *Catalogue {
	c := &Catalogue{}
	vendors := map[string]string{}
	items := map[string]int{}
	pkgs := map[string]int{}
	cpes := map[string]bool{}
	for _, d := range docs {
		for _, p := range d.Advisory.Products {
			vendor := strings.Join(strings.Fields(p.Vendor), " ")
			name := strings.Join(strings.Fields(p.Product), " ")
			if name == "" {
				name = strings.Join(strings.Fields(p.Name), " ")
			}
			nv := product.NormalizeVendor(vendor)
			versions, scheme := productVersions(p)
			if nv != "" && nv != "n a" {
				if _, ok := vendors[nv]; !ok {
					vendors[nv] = vendor
				}
				np := product.NormalizeProduct(name)
				if np != "" && np != "n a" && len(name) <= 80 {
					k := nv + "/" + np
					i, ok := items[k]
					if !ok {
						i = len(c.Items)
						items[k] = i
						c.Items = append(c.Items, Item{Vendor: vendor, Product: name, Scheme: scheme})
					}
					c.Items[i].Versions = appendNew(c.Items[i].Versions, versions...)
				}
			}
			if u, err := packageurl.FromString(p.PURL); err == nil && u.Name != "" {
				v := u.Version
				u.Version, u.Qualifiers, u.Subpath = "", nil, ""
				k := u.ToString()
				i, ok := pkgs[k]
				if !ok {
					i = len(c.Packages)
					pkgs[k] = i
					c.Packages = append(c.Packages, Package{PURL: k})
				}
				if !strings.HasPrefix(v, "sha") {
					c.Packages[i].Versions = appendNew(c.Packages[i].Versions, v)
				}
				c.Packages[i].Versions = appendNew(c.Packages[i].Versions, versions...)
			}
			if p.CPE != "" && !cpes[p.CPE] {
				cpes[p.CPE] = true
				c.CPEs = append(c.CPEs, p.CPE)
			}
		}
	}
	for _, v := range vendors {
		c.Vendors = append(c.Vendors, v)
	}
	slices.Sort(c.Vendors)
	for i := range c.Packages {
		c.Packages[i].Versions = slices.DeleteFunc(c.Packages[i].Versions, func(v string) bool { return v == "" || len(v) > 40 })
	}
	return c
}

func appendNew(list []string, vs ...string) []string {
	for _, v := range vs {
		if v != "" && !slices.Contains(list, v) {
			list = append(list, v)
		}
	}
	return list
}

// productVersions extracts plain versions from a product's version, range
// (the versions its constraints name) and package URL.
func productVersions(p advisory.Product) (versions []string, scheme string) {
	add := func(v string) {
		v = strings.Trim(strings.TrimSpace(v), "()")
		if v == "" || len(v) > 40 || !strings.ContainsAny(v, "0123456789") || strings.ContainsAny(v, " <>=|,@/") {
			return
		}
		versions = appendNew(versions, v)
	}
	if s, rest, ok := strings.Cut(p.VersionRange, "/"); ok && strings.HasPrefix(s, "vers:") {
		if s = strings.TrimPrefix(s, "vers:"); s != "all" && s != "generic" {
			scheme = s
		}
		for c := range strings.SplitSeq(rest, "|") {
			add(strings.TrimLeft(c, "<>=!"))
		}
	} else {
		for f := range strings.FieldsFuncSeq(p.VersionRange, func(r rune) bool { return strings.ContainsRune(" |,<>=", r) }) {
			if strings.ContainsAny(f[:1], "0123456789vV") {
				add(f)
			}
		}
	}
	if !strings.ContainsAny(p.Version, " ") {
		add(p.Version)
	}
	if u, err := packageurl.FromString(p.PURL); err == nil && !strings.HasPrefix(u.Version, "sha") {
		add(u.Version)
	}
	return versions, scheme
}

// Mix says which share (in percent) of a profile's entries take each
// SPEC form; the rest are version-less product entries.
type Mix struct {
	Vendor     int // vendor:NAME
	Versioned  int // VENDOR/PRODUCT@VERSION, @>=A,<B or @A.x
	Vers       int // VENDOR/PRODUCT@vers:SCHEME/... for products whose advisory gives a scheme
	Series     int // VENDOR/FIRST WORDS OF THE PRODUCT (a product line)
	PURL       int // pkg:... with or without version
	CPE        int // cpe:2.3:... from the catalogue's CPE names
	Misspelled int // unreadable specs (typos), which the index reports
}

// DefaultMix is what the benchmark uses: mostly product-level and
// versioned entries, some vendor-wide ones.
func DefaultMix() Mix {
	return Mix{Vendor: 2, Versioned: 30, Vers: 5, Series: 5, PURL: 12, CPE: 8, Misspelled: 0}
}

// Profiles draws n profiles of perProfile entries each, deterministically
// from seed. Each entry picks a form by mix, then a catalogue entry
// uniformly: a vendor for vendor-wide entries, a product, a package URL
// or a CPE name. So every product of the catalogue has about
// n*perProfile/len(Items) subscribers in product-level forms, and every
// vendor n*perProfile*mix.Vendor/100/len(Vendors) vendor-wide ones.
// Profile ids are 1..n, organisation ids one per three profiles.
func (c *Catalogue) Profiles(n, perProfile int, mix Mix, seed uint64) []org.Profile {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	valid := map[string]bool{}
	out := make([]org.Profile, n)
	for i := range n {
		p := org.Profile{ID: int64(i + 1), OrgID: int64(i/3 + 1), Name: fmt.Sprintf("profile %d", i+1),
			Products: make([]string, 0, perProfile)}
		for range perProfile {
			p.Products = append(p.Products, c.validEntry(r, mix, valid))
		}
		out[i] = p
	}
	return out
}

func pick[T any](r *rand.Rand, s []T) T { return s[r.IntN(len(s))] }

// validEntry draws SPECs until one reads (a catalogue version may hold
// characters a subscription does not accept), unless the draw is a
// deliberately unreadable one.
func (c *Catalogue) validEntry(r *rand.Rand, mix Mix, valid map[string]bool) string {
	for {
		s, wantBad := c.entry(r, mix)
		ok, seen := valid[s]
		if !seen {
			_, err := product.ParseSpec(s)
			ok = err == nil
			valid[s] = ok
		}
		if ok || wantBad {
			return s
		}
	}
}

// entry draws one SPEC, and says whether it is meant to be unreadable.
func (c *Catalogue) entry(r *rand.Rand, mix Mix) (string, bool) {
	k := r.IntN(100)
	switch {
	case k < mix.Vendor:
		return "vendor:" + pick(r, c.Vendors), false
	case k < mix.Vendor+mix.Versioned:
		it := pick(r, c.Items)
		if len(it.Versions) == 0 {
			return specOf(it.Vendor, it.Product, ""), false
		}
		v := pick(r, it.Versions)
		switch r.IntN(4) {
		case 0, 1:
			return specOf(it.Vendor, it.Product, v), false
		case 2:
			w := pick(r, it.Versions)
			if product.CompareVersions(w, v) < 0 {
				v, w = w, v
			}
			if product.CompareVersions(v, w) == 0 {
				return specOf(it.Vendor, it.Product, ">="+v), false
			}
			return specOf(it.Vendor, it.Product, ">="+v+",<"+w), false
		default:
			if line, ok := lineOf(v); ok {
				return specOf(it.Vendor, it.Product, line), false
			}
			return specOf(it.Vendor, it.Product, "<="+v), false
		}
	case k < mix.Vendor+mix.Versioned+mix.Vers:
		for range 20 {
			it := pick(r, c.Items)
			if it.Scheme == "" || len(it.Versions) == 0 {
				continue
			}
			v := pick(r, it.Versions)
			if strings.ContainsAny(v, "|!<>=") {
				continue
			}
			return specOf(it.Vendor, it.Product, "vers:"+it.Scheme+"/>="+v), false
		}
		it := pick(r, c.Items)
		return specOf(it.Vendor, it.Product, ""), false
	case k < mix.Vendor+mix.Versioned+mix.Vers+mix.Series:
		// a product line: the first two or three words of a longer name
		for range 20 {
			it := pick(r, c.Items)
			if w := strings.Fields(it.Product); len(w) > 2 {
				return specOf(it.Vendor, strings.Join(w[:2+r.IntN(min(2, len(w)-2))], " "), ""), false
			}
		}
		it := pick(r, c.Items)
		return specOf(it.Vendor, it.Product, ""), false
	case k < mix.Vendor+mix.Versioned+mix.Vers+mix.Series+mix.PURL:
		p := pick(r, c.Packages)
		if len(p.Versions) > 0 && r.IntN(2) == 0 {
			return p.PURL + "@" + pick(r, p.Versions), false
		}
		return p.PURL, false
	case k < mix.Vendor+mix.Versioned+mix.Vers+mix.Series+mix.PURL+mix.CPE:
		return pick(r, c.CPEs), false
	case k < mix.Vendor+mix.Versioned+mix.Vers+mix.Series+mix.PURL+mix.CPE+mix.Misspelled:
		return pick(r, c.Vendors), true // a vendor without "vendor:" or "/": unreadable
	}
	it := pick(r, c.Items)
	return specOf(it.Vendor, it.Product, ""), false
}

// specOf writes VENDOR/PRODUCT[@RANGE]; a "@" in the product name would
// start the range, so it is replaced.
func specOf(vendor, name, rng string) string {
	s := strings.ReplaceAll(vendor, "/", " ") + "/" + strings.ReplaceAll(name, "@", " ")
	if rng != "" {
		s += "@" + rng
	}
	return s
}

// lineOf turns "2.4.1" into the line "2.4.x".
func lineOf(v string) (string, bool) {
	i := strings.LastIndexByte(v, '.')
	if i <= 0 {
		return "", false
	}
	for _, c := range v[:i] {
		if (c < '0' || c > '9') && c != '.' {
			return "", false
		}
	}
	return v[:i] + ".x", true
}
