// Package product reads what subscribers write to name products (a SPEC:
// vendor, vendor/product with a version range, CPE or package URL) and
// decides whether an advisory's product is one of them. It holds the name
// normalisation, the version orderings (Scheme: generic vendor versions,
// SemVer, Debian, RPM, PEP 440, Maven, RubyGems), the version ranges that
// this needs (vers strings, free-form advisory ranges, OSV events, NVD and
// CVE JSON 5 version data, the runs of versions that CSAF's
// first_affected and last_affected statuses stand for), and the index
// keys that let package match look at candidate subscriptions only.
//
// It depends on package advisory and the package-URL library only; it must
// not import storage, formats, delivery or the web.
package product

import (
	"fmt"
	"strings"
	"unicode"

	packageurl "github.com/package-url/packageurl-go"
)

// AcceptedForms lists the SPEC forms, for error messages and help texts.
const AcceptedForms = `vendor:NAME (every product of a vendor); VENDOR/PRODUCT (every version); ` +
	`VENDOR/PRODUCT@RANGE (RANGE is a version "2.4.1", constraints ">=2.0,<2.4.1", a line "2.x", words "2.0 and later" or "before 3.1", ` +
	`or a vers range "vers:deb/>=1.2-1|<1.4~rc1" compared in its scheme); ` +
	`a CPE "cpe:2.3:a:VENDOR:PRODUCT:VERSION:*:*:*:*:*:*:*" or "cpe:/a:VENDOR:PRODUCT:VERSION"; ` +
	`a package URL "pkg:TYPE/NAMESPACE/NAME", "pkg:TYPE/NAMESPACE/NAME@VERSION" or "pkg:TYPE/NAMESPACE/NAME@RANGE" ` +
	`(RANGE starts with a comparator, ">=5.0,<6", or is a vers range, compared in the package type's scheme)`

// Kind says which form a Spec was written in.
type Kind int

// Spec forms.
const (
	KindVendor  Kind = iota + 1 // vendor:NAME
	KindProduct                 // VENDOR/PRODUCT[@RANGE]
	KindCPE                     // cpe:2.3:... or cpe:/...
	KindPURL                    // pkg:...
)

// String names the kind.
func (k Kind) String() string {
	switch k {
	case KindVendor:
		return "vendor"
	case KindProduct:
		return "product"
	case KindCPE:
		return "CPE"
	case KindPURL:
		return "package URL"
	}
	return "invalid"
}

// Spec is a parsed product SPEC. Build it with ParseSpec; the zero Spec
// matches nothing.
type Spec struct {
	text       string
	kind       Kind
	vendor     string // normalised vendor words
	vendorKey  string // vendor words joined without separators
	product    string // normalised product words
	productKey string
	rng        Range                  // subscribed versions; the zero Range is all
	cpe        *cpeName               // KindCPE only; read-only once parsed
	purl       *packageurl.PackageURL // KindPURL only; read-only once parsed
	purlID     string
}

// SpecError is the error of ParseSpec: which spec, what is wrong with it,
// and (in the message) the accepted forms.
type SpecError struct {
	Spec    string
	Problem string
	Err     error // the underlying error, if any
}

// Error says which spec, what is wrong and which forms are accepted.
func (e *SpecError) Error() string {
	return fmt.Sprintf("product spec %q: %s; accepted forms: %s", e.Spec, e.Problem, AcceptedForms)
}

// Unwrap returns the underlying error.
func (e *SpecError) Unwrap() error { return e.Err }

func specErr(s, problem string, err error) error {
	if err != nil {
		problem += ": " + err.Error()
	}
	return &SpecError{Spec: s, Problem: problem, Err: err}
}

// ParseSpec reads a product SPEC (see AcceptedForms). VENDOR/PRODUCT splits
// at the first "/" (product names may contain "/", as in "PN/DP") and the
// range starts after the last "@" (see ParseRange). A package URL whose
// version starts with a comparator or is a vers string or a line
// ("pkg:npm/x@>=5.0,<6", "@vers:npm/>=5.0|<6", "@5.x") subscribes to
// that range, compared in the package type's scheme; a package URL
// version with a space is refused. A spec whose range holds no version
// is refused: it could never match. Errors are *SpecError.
func ParseSpec(s string) (Spec, error) {
	text := strings.TrimSpace(s)
	low := strings.ToLower(text)
	switch {
	case text == "":
		return Spec{}, specErr(s, "the spec is empty", nil)
	case strings.HasPrefix(low, "cpe:"):
		c, err := parseCPE(text)
		if err != nil {
			return Spec{}, specErr(s, "not a valid CPE", err)
		}
		sp := Spec{text: text, kind: KindCPE, cpe: &c}
		if v := c.attrs[cpeVendor]; v.kind == cpeValue {
			w, _ := vendorWords(v.literalPrefix())
			sp.vendor, sp.vendorKey = strings.Join(w, " "), compact(w)
		}
		if p := c.attrs[cpeProduct]; p.kind == cpeValue {
			w := splitWords(p.literalPrefix())
			sp.product, sp.productKey = strings.Join(w, " "), compact(w)
		}
		if v, ok := c.versionText(); ok {
			sp.rng = cpeVersionRange(c.attrs[cpeVersion], v)
		}
		return sp, nil
	case strings.HasPrefix(low, "pkg:"):
		p, err := parsePURL(text)
		if err != nil {
			return Spec{}, specErr(s, "not a valid package URL", err)
		}
		if p.Type == "" || p.Name == "" {
			return Spec{}, specErr(s, "a package URL needs a type and a name, as in pkg:npm/lodash", nil)
		}
		p.Qualifiers = sortedQualifiers(p.Qualifiers)
		var rng Range
		switch v := p.Version; {
		case v == "":
		case purlVersionIsRange(v):
			// "pkg:npm/x@>=5.0" is no valid package URL (a version is
			// one version) but says plainly what is meant: a range, in
			// the scheme of the package type.
			r, err := parseSubscribedRange(v, purlScheme(p))
			if err != nil {
				return Spec{}, specErr(s, "invalid version range after \"@\"", err)
			}
			rng, p.Version = r, ""
		case strings.ContainsFunc(v, unicode.IsSpace):
			return Spec{}, specErr(s, fmt.Sprintf("package URL version %q contains a space; write one version, "+
				"or a range: pkg:TYPE/NAMESPACE/NAME@>=2.0, @>=2.0,<3.1 or @vers:TYPE/>=2.0|<3.1", v), nil)
		default:
			rng = pointRange(v, purlScheme(p))
		}
		sp := Spec{text: text, kind: KindPURL, purl: &p, purlID: purlIdentity(p), rng: rng}
		return sp, nil
	case strings.HasPrefix(low, "vendor:"):
		name := strings.TrimSpace(text[len("vendor:"):])
		w, _ := vendorWords(name)
		if len(w) == 0 {
			return Spec{}, specErr(s, "vendor: needs a vendor name, as in vendor:siemens", nil)
		}
		if strings.ContainsAny(name, "@") {
			return Spec{}, specErr(s, "vendor: takes no version range; use VENDOR/PRODUCT@RANGE", nil)
		}
		return Spec{text: text, kind: KindVendor, vendor: strings.Join(w, " "), vendorKey: compact(w)}, nil
	}
	vendor, rest, ok := strings.Cut(text, "/")
	if !ok {
		return Spec{}, specErr(s, fmt.Sprintf("missing \"/\" between vendor and product (for every product of a vendor write vendor:%s)", text), nil)
	}
	prod, rangeText := rest, ""
	if i := strings.LastIndexByte(rest, '@'); i >= 0 {
		prod, rangeText = rest[:i], rest[i+1:]
		if strings.TrimSpace(rangeText) == "" {
			return Spec{}, specErr(s, "nothing after \"@\"; write a version or a range, or leave out the \"@\"", nil)
		}
	}
	if strings.ContainsAny(prod, "<>=") {
		return Spec{}, specErr(s, "the product name contains a comparator; put the version range after \"@\", as in siemens/simatic s7-1500@<2.9", nil)
	}
	vw, _ := vendorWords(vendor)
	if len(vw) == 0 {
		return Spec{}, specErr(s, "the vendor before \"/\" is empty", nil)
	}
	pw := splitWords(prod)
	if len(pw) == 0 {
		return Spec{}, specErr(s, fmt.Sprintf("the product after \"/\" is empty (for every product of a vendor write vendor:%s)", strings.TrimSpace(vendor)), nil)
	}
	sp := Spec{text: text, kind: KindProduct,
		vendor: strings.Join(vw, " "), vendorKey: compact(vw),
		product: strings.Join(pw, " "), productKey: compact(pw)}
	if rangeText != "" {
		r, err := ParseRange(rangeText)
		if err != nil {
			return Spec{}, specErr(s, "invalid version range", err)
		}
		sp.rng = r
	}
	return sp, nil
}

// purlVersionIsRange reports whether the version of a subscribed package
// URL is really a range: it starts with a comparator (">=5.0", "<2",
// "!=3.2.1"), is a vers string ("vers:npm/>=5.0|<6"), "*" or a whole line
// ("5.x").
func purlVersionIsRange(v string) bool {
	v = strings.TrimSpace(v)
	if v == "" {
		return false
	}
	if v == "*" || strings.HasPrefix(strings.ToLower(v), "vers:") || strings.ContainsAny(v[:1], "<>=!") {
		return true
	}
	_, _, line := streamOf(v)
	return line
}

// cpeVersionRange turns a CPE version ("2.8", "2.8 sp1", "2.*") into the
// subscribed range.
func cpeVersionRange(a cpeAttr, text string) Range {
	if a.glob {
		if iv, ok := streamInterval("", strings.TrimSuffix(a.v, "*")+"x"); ok && strings.HasSuffix(a.v, ".*") {
			return Range{kind: kindSet, ivs: []interval{iv}, text: a.v}
		}
		return Range{kind: kindAll, text: a.v, note: "version pattern " + a.v + " is not compared"}
	}
	return Range{kind: kindSet, ivs: []interval{pointInterval(text)}, text: text}
}

// String returns the spec as written (trimmed).
func (s Spec) String() string { return s.text }

// Kind returns the form the spec was written in.
func (s Spec) Kind() Kind { return s.kind }

// Vendor returns the normalised vendor ("" for a CPE with vendor * and for
// a package URL).
func (s Spec) Vendor() string { return s.vendor }

// Product returns the normalised product ("" for vendor specs).
func (s Spec) Product() string { return s.product }

// Range returns the subscribed versions (all when the spec gives none).
func (s Spec) Range() Range { return s.rng }

// Canonical returns a string that is equal for specs that match exactly
// the same products with the same reasons, e.g. "Siemens AG/SIMATIC S7-1500"
// and "siemens/simatic s7 1500", or ranges written with other spacing.
// Package match evaluates such specs once.
func (s Spec) Canonical() string {
	switch s.kind {
	case KindVendor:
		return "vendor:" + s.vendorKey
	case KindProduct:
		return "product:" + s.vendor + "/" + s.product + "@" + s.rng.schemePrefix() + s.rng.String()
	case KindCPE:
		// Reasons quote the CPE as written, so only equal texts share.
		return "cpe:" + s.cpe.raw
	case KindPURL:
		u := *s.purl
		u.Qualifiers = sortedQualifiers(u.Qualifiers) // ToString sorts in place: give it a copy
		if u.Version == "" && !s.rng.IsAll() {
			// a range (the version was moved into it)
			return "purl:" + u.ToString() + " range:" + s.rng.schemePrefix() + s.rng.String()
		}
		return "purl:" + u.ToString()
	}
	return ""
}

// IndexKeys returns keys such that the spec can only match a product whose
// ProductKeys share at least one of them: "v:VENDOR" for vendor and CPE
// specs, "vp:VENDOR/PREFIX" (vendor and the first letters of the product)
// for product specs, "purl:TYPE/NAMESPACE/NAME" for package URLs. A spec
// that cannot be keyed (a CPE whose vendor is * or a pattern) returns the
// wildcard key "*".
func (s Spec) IndexKeys() []string {
	switch s.kind {
	case KindVendor:
		return []string{"v:" + s.vendorKey}
	case KindProduct:
		return []string{vpKey(s.vendorKey, s.productKey[:min(len(s.productKey), keyPrefixLen)])}
	case KindCPE:
		if v := s.cpe.attrs[cpeVendor]; v.kind != cpeValue || v.glob || s.vendorKey == "" {
			return []string{WildcardKey}
		}
		return []string{"v:" + s.vendorKey}
	case KindPURL:
		return []string{"purl:" + s.purlID}
	}
	return nil
}

// WildcardKey is the index key of specs that may match any product.
const WildcardKey = "*"

// keyPrefixLen is how many bytes of the product words a "vp:" key holds.
const keyPrefixLen = 4

func vpKey(vendorKey, productPrefix string) string {
	return "vp:" + vendorKey + "/" + productPrefix
}
