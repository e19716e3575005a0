package product

import (
	"fmt"
	"strings"

	"github.com/tocsin-cert/tocsin/internal/advisory"
)

// Verdict is the outcome of matching a spec against a product, with a
// short English sentence saying which fields matched and how the versions
// compared (or why it did not match).
type Verdict struct {
	Match  bool
	Reason string
}

// Match decides whether the advisory product p is one the spec names.
//
//   - Vendors: the subscribed vendor's words (NormalizeVendor) must be the
//     first words of the product's vendor, of its CPE vendor or of its
//     package URL namespace, separators ignored: "digi" matches "Digi
//     International, Inc.", "redhat" matches "Red Hat", "bd" matches the
//     abbreviation in "Becton, Dickinson and Company (BD)". A product that
//     names no vendor may have it as the first words of its name ("OWASP
//     Juice Shop"). Decision: a short vendor also matches longer ones that
//     start with it ("siemens" matches "Siemens Healthineers"); an alert
//     too many is better than a missed one.
//   - vendor:NAME matches every product of the vendor, whatever version.
//   - VENDOR/PRODUCT[@RANGE] needs the vendor and the product words at the
//     start of the product's name, family or full name (each also with the
//     vendor's words stripped from its front), of its CPE product, package
//     name, a model number, SKU or a part of its name in parentheses.
//     Words are compared with their separators removed and must end on a
//     word boundary: "simatic s7-1500" matches "SIMATIC S7-1500 CPU 1518-4
//     PN/DP" and the family "SIMATIC S7-1500", not "SIMATIC S7-1200" nor
//     "SIMATIC S7-15000".
//     Decision: matching is anchored at the start, so "siemens/s7-1500"
//     does NOT match "SIMATIC S7-1500". Matching anywhere in the name would
//     let short specs such as "siemens/cpu" or "microsoft/server" match
//     hundreds of unrelated products; subscribers write the name the vendor
//     uses, from its start (the family or series).
//   - A CPE matches a product's CPE attribute by attribute (* matches
//     anything, - only -, case-insensitive, * and ? patterns in the spec;
//     part is not compared, because vendors file one product under a, o or
//     h inconsistently; version and update are compared as versions). A
//     product without CPE matches when its vendor and names match the
//     CPE's vendor and product as a VENDOR/PRODUCT spec would ("_" reads as
//     a space).
//   - A package URL matches products with a package URL of the same type,
//     namespace and name (case rules of the purl specification); qualifiers
//     it gives must not contradict the product's.
//
// Versions: a spec without version matches every version; a product
// without version matches every subscribed version ("version unknown in
// advisory, matched on name"), and so does one whose range could not be
// read. Otherwise a subscribed version must lie in the product's range, a
// product's version in the subscribed range, or the two ranges must
// intersect. Two single versions match when they compare equal or when
// the advisory's is a build of the subscribed one
// ("33.0.0-stackable25.11.0-amd64" of "33.0.0", see isBuildOf). Versions
// compare in the scheme of either side (a vers range's, a package URL
// type's; the advisory's when both have one, see pairScheme), else with
// CompareVersions; the reason names a specific scheme. A target built
// with NewTargetWithRange (a first_affected or last_affected product, see
// StatusRanges) has the range its status gives instead of its one
// version, and its package URL version is compared as part of it.
//
// Products built from relationships (Platform set) match on their
// component's fields; package match also tries the platform.
func (s Spec) Match(p advisory.Product) Verdict { return s.MatchTarget(NewTarget(p)) }

// MatchTarget is Match on a prepared product.
func (s Spec) MatchTarget(t *Target) Verdict {
	switch s.kind {
	case KindVendor:
		how, ok := t.vendorMatch(s.vendorKey)
		if !ok {
			return Verdict{Reason: t.vendorMismatch(s.vendor)}
		}
		return Verdict{Match: true, Reason: how + " matches; the subscription covers every product and version of the vendor"}
	case KindProduct:
		what, ok := t.vendorProductMatch(s.vendorKey, s.productKey, false)
		if !ok {
			return Verdict{Reason: t.productMismatch(s.vendor, s.vendorKey, s.product)}
		}
		return versionVerdict(what, s.rng, t)
	case KindCPE:
		return s.matchCPE(t)
	case KindPURL:
		return s.matchPURL(t)
	}
	return Verdict{Reason: "invalid spec"}
}

// vendorMatch looks for the vendor words (compact) among the product's
// vendors, and says where it found them.
func (t *Target) vendorMatch(vk string) (string, bool) {
	for _, v := range t.vendors {
		if v.hasPrefix(vk) {
			return fmt.Sprintf("%s %s", v.label, v.display), true
		}
	}
	for _, ld := range t.leads {
		if _, ok := leadSplit(ld, vk); ok {
			return fmt.Sprintf("name %s (the product names no vendor) starts with the vendor", ld.display), true
		}
	}
	return "", false
}

// leadSplit reads the first words of a vendor-less name as the vendor vk
// and returns the rest.
func leadSplit(ld nameForm, vk string) (nameForm, bool) {
	for k := 1; k <= min(maxVendorWords, len(ld.words)-1); k++ {
		if ld.ends[k-1] == len(vk) && strings.HasPrefix(ld.compact, vk) {
			return newNameForm(ld.words[k:], ld.label, ld.display), true
		}
	}
	return nameForm{}, false
}

// vendorProductMatch matches vendor and product words; loose allows the
// product words to end inside a word (CPE patterns such as "simatic*").
func (t *Target) vendorProductMatch(vk, pk string, loose bool) (string, bool) {
	has := func(f nameForm) bool {
		if loose {
			return pk != "" && strings.HasPrefix(f.compact, pk)
		}
		return f.hasPrefix(pk)
	}
	if how, ok := t.vendorMatchRegular(vk); ok {
		for _, n := range t.names {
			if has(n) {
				return fmt.Sprintf("%s and %s %s match", how, n.label, n.display), true
			}
		}
	}
	for _, ld := range t.leads {
		if rest, ok := leadSplit(ld, vk); ok && has(rest) {
			return fmt.Sprintf("name %s starts with the subscribed vendor and product (the product names no vendor)", ld.display), true
		}
	}
	return "", false
}

func (t *Target) vendorMatchRegular(vk string) (string, bool) {
	for _, v := range t.vendors {
		if v.hasPrefix(vk) {
			return fmt.Sprintf("%s %s", v.label, v.display), true
		}
	}
	return "", false
}

func (t *Target) vendorMismatch(vendor string) string {
	if len(t.vendors) == 0 {
		return fmt.Sprintf("the product names no vendor and its name does not start with %s", vendor)
	}
	var vs []string
	for _, v := range t.vendors {
		vs = append(vs, v.label+" "+v.display)
	}
	return fmt.Sprintf("%s does not match subscribed vendor %s", strings.Join(vs, ", "), vendor)
}

func (t *Target) productMismatch(vendor, vk, product string) string {
	if how, ok := t.vendorMatchRegular(vk); ok {
		return fmt.Sprintf("%s matches but no product name, family or identifier starts with %s", how, product)
	}
	for _, ld := range t.leads {
		if _, ok := leadSplit(ld, vk); ok {
			return fmt.Sprintf("name %s starts with vendor %s but not with product %s after it", ld.display, vendor, product)
		}
	}
	return t.vendorMismatch(vendor)
}

func (s Spec) matchCPE(t *Target) Verdict {
	c := *s.cpe
	if t.cpe == nil {
		// No CPE in the advisory: compare vendor and product by name.
		va, pa := c.attrs[cpeVendor], c.attrs[cpeProduct]
		var what string
		switch {
		case va.kind == cpeAny && pa.kind == cpeAny:
			what = "CPE with any vendor and product"
		case pa.kind == cpeAny:
			how, ok := t.vendorMatch(s.vendorKey)
			if !ok {
				return Verdict{Reason: "the advisory gives no CPE; " + t.vendorMismatch(s.vendor)}
			}
			what = fmt.Sprintf("CPE vendor %s matches %s (the advisory gives no CPE)", va, how)
		case va.kind == cpeAny:
			found := false
			for _, n := range t.names {
				if (pa.glob && strings.HasPrefix(n.compact, s.productKey) && s.productKey != "") || n.hasPrefix(s.productKey) {
					what = fmt.Sprintf("CPE product %s matches %s %s (any vendor; the advisory gives no CPE)", pa, n.label, n.display)
					found = true
					break
				}
			}
			if !found {
				return Verdict{Reason: fmt.Sprintf("the advisory gives no CPE and no product name starts with CPE product %s", pa)}
			}
		default:
			how, ok := t.vendorProductMatch(s.vendorKey, s.productKey, pa.glob)
			if !ok {
				return Verdict{Reason: "the advisory gives no CPE; " + t.productMismatch(s.vendor, s.vendorKey, s.product)}
			}
			what = fmt.Sprintf("the advisory gives no CPE; by name, %s (CPE vendor %s, product %s)", how, va, pa)
		}
		return versionVerdict(what, s.rng, t)
	}
	for i := cpeVendor; i < cpeAttrs; i++ {
		if i == cpeVersion || i == cpeUpdate {
			continue
		}
		if !attrMatch(c.attrs[i], t.cpe.attrs[i]) {
			return Verdict{Reason: fmt.Sprintf("CPE %s differs from the advisory's CPE %s in %s (%s, advisory %s)",
				c.raw, t.cpe.raw, cpeAttrName(i), c.attrs[i], t.cpe.attrs[i])}
		}
	}
	// Version and update are compared as versions (versionVerdict); an
	// advisory CPE with version "-" (as BSI writes for "no particular
	// version") gives no version rather than a mismatch.
	return versionVerdict(fmt.Sprintf("CPE %s matches the advisory's CPE %s", c.raw, t.cpe.raw), s.rng, t)
}

func (s Spec) matchPURL(t *Target) Verdict {
	if t.purl == nil {
		return Verdict{Reason: "the advisory product has no package URL"}
	}
	if t.purlID != s.purlID {
		return Verdict{Reason: fmt.Sprintf("package %s is not %s", t.purlID, s.purlID)}
	}
	if !qualifiersCover(s.purl.Qualifiers, t.purl.Qualifiers) {
		return Verdict{Reason: fmt.Sprintf("package %s matches but the qualifiers %s differ from the advisory's %s",
			s.purlID, qualifierText(s.purl.Qualifiers), qualifierText(t.purl.Qualifiers))}
	}
	if s.purl.Subpath != "" && t.purl.Subpath != "" && s.purl.Subpath != t.purl.Subpath {
		return Verdict{Reason: fmt.Sprintf("package %s matches but subpath %s differs from the advisory's %s",
			s.purlID, s.purl.Subpath, t.purl.Subpath)}
	}
	what := fmt.Sprintf("package URL pkg:%s matches the advisory's %s", s.purlID, t.p.PURL)
	sv, tv := s.purl.Version, t.purlVersion()
	if sv != "" && tv != "" && isDigest(sv) == isDigest(tv) {
		sch := pairScheme(t.ver.scheme, s.rng.scheme)
		ok := strings.EqualFold(sv, tv) || (!isDigest(sv) && sch.Compare(sv, tv) == 0)
		if ok {
			return Verdict{Match: true, Reason: fmt.Sprintf("%s; package URL version %s equals subscribed %s", what, tv, sv)}
		}
		if !isDigest(sv) && isBuildOf(sch, tv, sv) {
			return Verdict{Match: true, Reason: fmt.Sprintf("%s; package URL version %s is a build of subscribed %s", what, tv, sv)}
		}
		return Verdict{Reason: fmt.Sprintf("%s; but package URL version %s differs from subscribed %s", what, tv, sv)}
	}
	if sv != "" && isDigest(sv) {
		// A subscribed digest cannot be placed in a range of versions.
		if t.verKnown && !t.ver.IsAll() && !t.ver.IsUnknown() {
			return Verdict{Reason: fmt.Sprintf("%s; but subscribed digest %s cannot be compared with %s", what, sv, t.versionText())}
		}
		return versionVerdict(what, Range{}, t)
	}
	return versionVerdict(what, s.rng, t)
}

// purlVersion is the version of the product's package URL that is
// compared with a subscribed one as it stands: none when the product's
// versions are a status range (see NewTargetWithRange), which then
// decides, unless it is a digest.
func (t *Target) purlVersion() string {
	if v := t.purl.Version; !t.statusRange || isDigest(v) {
		return v
	}
	return ""
}

func (t *Target) versionText() string {
	return "advisory " + t.verFrom + " " + t.ver.display()
}

// versionVerdict completes a name match with the version comparison, in
// the scheme of the advisory's or the subscription's versions (see
// pairScheme); a specific scheme is named in the reason.
func versionVerdict(what string, sub Range, t *Target) Verdict {
	sch := pairScheme(t.ver.scheme, sub.scheme)
	order := ""
	if !sch.generic() {
		order = " (" + string(sch) + " version order)"
	}
	yes := func(clause string) Verdict { return Verdict{Match: true, Reason: what + "; " + clause} }
	no := func(clause string) Verdict { return Verdict{Reason: what + "; but " + clause} }
	switch {
	case sub.IsAll():
		return yes("every version subscribed")
	case !t.verKnown:
		return yes(fmt.Sprintf("version unknown in advisory, matched on name (subscribed %s)", sub.String()))
	case t.ver.IsUnknown():
		return yes(fmt.Sprintf("advisory %s %q could not be read (%s), matched on name", t.verFrom, t.ver.Text(), t.ver.Note()))
	case t.ver.IsAll():
		return yes(fmt.Sprintf("advisory says all versions (%s) are affected", t.ver.display()))
	}
	note := ""
	if n := t.ver.Note(); n != "" {
		note = " (" + n + ")"
	}
	sp, sPoint := sub.Point()
	tp, tPoint := t.ver.Point()
	switch {
	case sPoint && tPoint:
		if sch.Compare(sp, tp) == 0 {
			return yes(fmt.Sprintf("%s equals subscribed %s%s", t.versionText(), sub.String(), order))
		}
		if isBuildOf(sch, tp, sp) {
			return yes(fmt.Sprintf("%s is a build of subscribed %s%s", t.versionText(), sub.String(), order))
		}
		return no(fmt.Sprintf("%s is not subscribed %s%s", t.versionText(), sub.String(), order))
	case sPoint:
		if t.ver.containsIn(sch, sp) {
			return yes(fmt.Sprintf("%s%s contains subscribed %s%s", t.versionText(), note, sub.String(), order))
		}
		return no(fmt.Sprintf("%s%s does not contain subscribed %s%s", t.versionText(), note, sub.String(), order))
	case tPoint:
		if sub.containsIn(sch, tp) {
			return yes(fmt.Sprintf("%s is in subscribed range %s%s", t.versionText(), sub.String(), order))
		}
		return no(fmt.Sprintf("%s is outside subscribed range %s%s", t.versionText(), sub.String(), order))
	}
	if t.ver.intersectsIn(sch, sub) {
		return yes(fmt.Sprintf("%s%s overlaps subscribed range %s%s", t.versionText(), note, sub.String(), order))
	}
	return no(fmt.Sprintf("%s%s does not overlap subscribed range %s%s", t.versionText(), note, sub.String(), order))
}

// isBuildOf reports whether the advisory's version adv is the subscribed
// version sub followed by a build or release suffix: "33.0.0" subscribed
// matches "33.0.0-stackable25.11.0-amd64", "9.11.4" matches the RPM
// "9.11.4-26.1.P2.el7_9", "1.6" matches "V1.6 Upd6". The subscriber did
// not say which build they run, so every build of their version concerns
// them. Pre-releases are not builds ("1.0.0-rc1" is not 1.0.0), and a
// longer dotted number is another version ("2.4.1" is not a build of 2.4).
func isBuildOf(sch Scheme, adv, sub string) bool {
	a, s := strings.ToLower(strings.TrimSpace(adv)), strings.ToLower(strings.TrimSpace(sub))
	a = strings.TrimPrefix(a, "v")
	s = strings.TrimPrefix(s, "v")
	if s == "" || len(a) <= len(s) || !strings.HasPrefix(a, s) {
		return false
	}
	if !strings.ContainsRune("-+~_ ", rune(a[len(s)])) {
		return false
	}
	return sch.Compare(adv, sub) > 0
}
