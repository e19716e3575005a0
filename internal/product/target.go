package product

import (
	"slices"
	"strings"

	packageurl "github.com/package-url/packageurl-go"

	"github.com/tocsin-cert/tocsin/internal/advisory"
)

// Target is an advisory product prepared for matching against many specs:
// its vendor and name candidates in normalised form, its CPE and package
// URL parsed, its versions read. Build it once per product with NewTarget.
type Target struct {
	p        advisory.Product
	vendors  []nameForm // vendor, vendor alias, CPE vendor, package URL namespace
	names    []nameForm // product, family, name, identifiers, each also without vendor words
	leads    []nameForm // only when the product names no vendor: names whose first words may be it
	cpe      *cpeName
	purl     *packageurl.PackageURL
	purlID   string
	ver      Range
	verKnown bool
	verFrom  string // where the version came from, for reasons
	// statusRange: ver is the range a first_affected or last_affected
	// status gives the product's version (NewTargetWithRange), so its
	// package URL version must not be compared on its own.
	statusRange bool
	keys        []string
}

// maxVendorWords bounds how many leading words of a vendor-less product's
// name may be read as its vendor (keys and matching use the same bound).
const maxVendorWords = 4

// Product returns the product the target was built from.
func (t *Target) Product() advisory.Product { return t.p }

// NewTarget prepares a product for matching.
func NewTarget(p advisory.Product) *Target {
	t := &Target{p: p}
	var strips []string
	addVendor := func(words []string, label, display string) {
		if len(words) == 0 {
			return
		}
		f := newNameForm(words, label, display)
		for _, v := range t.vendors {
			if v.compact == f.compact {
				return
			}
		}
		t.vendors = append(t.vendors, f)
		strips = append(strips, f.prefixes(len(words))...)
	}
	vw, alias := vendorWords(p.Vendor)
	addVendor(vw, "vendor", p.Vendor)
	addVendor(alias, "vendor", p.Vendor)
	if raw := splitWords(p.Vendor); len(raw) > 0 {
		strips = append(strips, newNameForm(raw, "", "").prefixes(len(raw))...)
	}
	if p.CPE != "" {
		if c, err := parseCPE(p.CPE); err == nil {
			t.cpe = &c
			if v := c.attrs[cpeVendor]; v.kind == cpeValue && !v.glob {
				w, _ := vendorWords(v.v)
				addVendor(w, "CPE vendor", v.v)
			}
		}
	}
	if p.PURL != "" {
		if u, err := parsePURL(p.PURL); err == nil && u.Name != "" {
			t.purl = &u
			t.purlID = purlIdentity(u)
			if u.Namespace != "" {
				w, _ := vendorWords(u.Namespace)
				addVendor(w, "package URL namespace", u.Namespace)
			}
		}
	}

	addName := func(s, label string) {
		w := splitWords(s)
		if len(w) == 0 {
			return
		}
		t.names = append(t.names, newNameForm(w, label, s))
	}
	addName(p.Product, "product")
	addName(p.Family, "family")
	addName(p.Name, "name")
	if t.cpe != nil {
		if a := t.cpe.attrs[cpeProduct]; a.kind == cpeValue && !a.glob {
			addName(a.v, "CPE product")
		}
	}
	if t.purl != nil {
		addName(t.purl.Name, "package name")
	}
	for _, m := range p.ModelNumbers {
		addName(m, "model number")
	}
	for _, m := range p.SKUs {
		addName(m, "SKU")
	}
	for _, s := range []string{p.Product, p.Name} {
		for _, in := range parenthesised(s) {
			addName(in, "name part in parentheses")
		}
	}
	// Each name is followed by its forms without the vendor's words, so that
	// reasons name the most telling field first.
	var names []nameForm
	for _, n := range t.names {
		names = append(names, n)
		for _, sp := range strips {
			if n.hasPrefix(sp) {
				if f, ok := n.without(sp, n.label); ok {
					names = append(names, f)
				}
			}
		}
	}
	t.names = names
	seen := make(map[string]bool)
	t.names = slices.DeleteFunc(t.names, func(f nameForm) bool {
		if seen[f.compact] {
			return true
		}
		seen[f.compact] = true
		return false
	})
	if len(vw) == 0 {
		for _, s := range []string{p.Name, p.Product} {
			if w := splitWords(s); len(w) > 1 {
				t.leads = append(t.leads, newNameForm(w, "name", s))
			}
		}
	}
	t.ver, t.verFrom, t.verKnown = targetVersion(p, t.purl, t.cpe)
	t.keys = t.makeKeys()
	return t
}

func parenthesised(s string) []string {
	var out []string
	for {
		i := strings.IndexByte(s, '(')
		if i < 0 {
			return out
		}
		j := strings.IndexByte(s[i:], ')')
		if j < 0 {
			return out
		}
		out = append(out, s[i+1:i+j])
		s = s[i+j+1:]
	}
}

// targetVersion reads the product's versions, in this order: the version
// range; the package URL version (for a digest, the "tag" qualifier); the
// version field (an RPM name-epoch:version-release.arch or image name:tag
// reduced to its version, a range-like value read as a range, a value that
// is not a version (a component name such as "spring-security") ignored);
// the CPE version and update.
func targetVersion(p advisory.Product, u *packageurl.PackageURL, c *cpeName) (Range, string, bool) {
	if vr := strings.TrimSpace(p.VersionRange); vr != "" {
		return ParseAdvisoryRange(vr), "range", true
	}
	if u != nil && u.Version != "" {
		if !isDigest(u.Version) {
			return pointRange(u.Version, purlScheme(*u)), "package URL version", true
		}
		if tag := u.Qualifiers.Map()["tag"]; tag != "" {
			return pointRange(tag, ""), "image tag", true
		}
	}
	if v := strings.TrimSpace(p.Version); v != "" {
		if looksLikeRange(v) {
			return ParseAdvisoryRange(v), "version", true
		}
		if cv, ok := cleanVersion(v); ok {
			var sch Scheme // a package's version is in its package URL's scheme
			if u != nil {
				sch = purlScheme(*u)
			}
			return pointRange(cv, sch), "version", true
		}
	}
	if c != nil {
		if v, ok := c.versionText(); ok && !c.attrs[cpeVersion].glob {
			return pointRange(v, ""), "CPE version", true
		}
	}
	return Range{}, "", false
}

// pointRange is the range of the single version v in scheme s.
func pointRange(v string, s Scheme) Range {
	if s.generic() {
		s = ""
	}
	return Range{kind: kindSet, scheme: s, ivs: []interval{pointInterval(v)}, text: v}
}

// looksLikeRange reports whether a product_version value is really a range
// (CSAF test 6.1.31 words, comparators, "|" lists, "2.x" lines).
func looksLikeRange(v string) bool {
	low := strings.ToLower(v)
	if strings.ContainsAny(low, "<>|≤≥") || strings.HasPrefix(low, "vers:") {
		return true
	}
	for _, f := range strings.FieldsFunc(low, func(r rune) bool { return r == ' ' || r == '_' || r == ',' }) {
		switch f {
		case "all", "versions", "prior", "before", "earlier", "later", "after", "through", "and", "older", "newer":
			return true
		}
		if strings.HasSuffix(f, ".x") || strings.HasSuffix(f, ".*") {
			return true
		}
	}
	return false
}

// rpmArch reports whether s is an RPM architecture suffix.
func rpmArch(s string) bool {
	switch s {
	case "noarch", "src", "nosrc", "x86_64", "i386", "i486", "i586", "i686", "aarch64", "ppc64le", "ppc64",
		"ppc", "s390x", "s390", "armv7hl", "armhfp", "riscv64":
		return true
	}
	return false
}

// nevraVersion reads an RPM "name-[epoch:]version-release[.arch]" (with an
// epoch or a known arch, so that plain names with dashes are not taken for
// one) and returns "version-release".
func nevraVersion(v string) (string, bool) {
	hasArch := false
	if i := strings.LastIndexByte(v, '.'); i > 0 && rpmArch(v[i+1:]) {
		v, hasArch = v[:i], true
	}
	i := strings.LastIndexByte(v, '-')
	if i <= 0 {
		return "", false
	}
	rel, rest := v[i+1:], v[:i]
	j := strings.LastIndexByte(rest, '-')
	if j <= 0 || rel == "" {
		return "", false
	}
	ver := rest[j+1:]
	hasEpoch := false
	if k := strings.IndexByte(ver, ':'); k >= 0 {
		if !allDigits(ver[:k]) {
			return "", false
		}
		ver, hasEpoch = ver[k+1:], true
	}
	if ver == "" || strings.ContainsAny(ver+rel, ":/") || (!hasEpoch && !hasArch) {
		return "", false
	}
	if ver[0] < '0' || ver[0] > '9' {
		return "", false
	}
	return ver + "-" + rel, true
}

// cleanVersion reduces a product_version value to a comparable version and
// says whether it is one.
func cleanVersion(v string) (string, bool) {
	if i := strings.IndexByte(v, '('); i > 0 {
		v = strings.TrimSpace(v[:i])
	}
	if strings.Contains(v, "@sha") {
		return "", false // "image@sha256:..." names a build, not a version
	}
	if nv, ok := nevraVersion(v); ok {
		return nv, true
	}
	if i := strings.LastIndexByte(v, ':'); i > 0 && !allDigits(v[:i]) {
		if tag := v[i+1:]; versionShaped(tag) {
			return tag, true
		}
	}
	if versionShaped(v) {
		return v, true
	}
	return "", false
}

// versionShaped: starts with a digit (after an optional v), or is a short
// letter prefix and a number ("SR540", "MMT-1710", "C.00.04"). Component
// names such as "log4j" or "python3" are not versions.
func versionShaped(v string) bool {
	v = strings.TrimSpace(v)
	if v == "" {
		return false
	}
	s := v
	if s[0] == 'v' || s[0] == 'V' {
		s = s[1:]
	}
	if s != "" && s[0] >= '0' && s[0] <= '9' {
		return true
	}
	i := 0
	for i < len(v) && (v[i] >= 'a' && v[i] <= 'z' || v[i] >= 'A' && v[i] <= 'Z') {
		i++
	}
	if i == 0 || i > 4 {
		return false
	}
	rest := strings.TrimLeft(v[i:], "-.")
	if rest == "" || rest[0] < '0' || rest[0] > '9' {
		return false
	}
	last := v[len(v)-1]
	return last >= '0' && last <= '9'
}

// Keys returns the product's index keys (see ProductKeys), sorted. The
// slice is shared: do not modify it.
func (t *Target) Keys() []string { return t.keys }

func (t *Target) makeKeys() []string {
	var keys []string
	var vks []string
	for _, v := range t.vendors {
		vks = append(vks, v.prefixes(len(v.words))...)
	}
	for _, vk := range vks {
		keys = append(keys, "v:"+vk)
		for _, n := range t.names {
			for l := 1; l <= min(keyPrefixLen, len(n.compact)); l++ {
				keys = append(keys, vpKey(vk, n.compact[:l]))
			}
		}
	}
	for _, ld := range t.leads {
		for k := 1; k <= min(maxVendorWords, len(ld.words)-1); k++ {
			vk := compact(ld.words[:k])
			rest := compact(ld.words[k:])
			keys = append(keys, "v:"+vk)
			for l := 1; l <= min(keyPrefixLen, len(rest)); l++ {
				keys = append(keys, vpKey(vk, rest[:l]))
			}
		}
	}
	if t.purlID != "" {
		keys = append(keys, "purl:"+t.purlID)
	}
	slices.Sort(keys)
	return slices.Compact(keys)
}

// ProductKeys returns index keys for a product: a spec can match the product
// only if its IndexKeys share one of them (or hold WildcardKey).
func ProductKeys(p advisory.Product) []string { return NewTarget(p).Keys() }
