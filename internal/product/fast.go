package product

import "strings"

// MatchesTarget reports whether the spec matches the prepared product,
// exactly as MatchTarget(t).Match, without building the reason: matching
// an advisory against many subscriptions decides with it and asks
// MatchTarget for the reason of the matches only. It does not allocate
// for name mismatches.
func (s Spec) MatchesTarget(t *Target) bool {
	switch s.kind {
	case KindVendor:
		return t.hasVendor(s.vendorKey)
	case KindProduct:
		return t.hasVendorProduct(s.vendorKey, s.productKey, false) && versionOK(s.rng, t)
	case KindCPE:
		return s.matchesCPE(t)
	case KindPURL:
		return s.matchesPURL(t)
	}
	return false
}

// hasVendor is vendorMatch without the reason.
func (t *Target) hasVendor(vk string) bool {
	for _, v := range t.vendors {
		if v.hasPrefix(vk) {
			return true
		}
	}
	for _, ld := range t.leads {
		if leadVendorWords(ld, vk) > 0 {
			return true
		}
	}
	return false
}

// leadVendorWords returns k when the first k words of a vendor-less name
// spell the vendor vk and words remain after them (as leadSplit), else 0.
func leadVendorWords(ld nameForm, vk string) int {
	for k := 1; k <= min(maxVendorWords, len(ld.words)-1); k++ {
		if ld.ends[k-1] == len(vk) && strings.HasPrefix(ld.compact, vk) {
			return k
		}
	}
	return 0
}

// hasVendorProduct is vendorProductMatch without the reason.
func (t *Target) hasVendorProduct(vk, pk string, loose bool) bool {
	for _, v := range t.vendors {
		if !v.hasPrefix(vk) {
			continue
		}
		for _, n := range t.names {
			if loose && pk != "" && strings.HasPrefix(n.compact, pk) || !loose && n.hasPrefix(pk) {
				return true
			}
		}
		break
	}
	for _, ld := range t.leads {
		k := leadVendorWords(ld, vk)
		if k == 0 {
			continue
		}
		rest := ld.compact[len(vk):]
		if pk == "" || !strings.HasPrefix(rest, pk) {
			continue
		}
		if loose {
			return true
		}
		for _, e := range ld.ends[k:] {
			if e-len(vk) == len(pk) {
				return true
			}
		}
	}
	return false
}

func (s Spec) matchesCPE(t *Target) bool {
	c := s.cpe
	if t.cpe == nil {
		va, pa := c.attrs[cpeVendor], c.attrs[cpeProduct]
		switch {
		case va.kind == cpeAny && pa.kind == cpeAny:
		case pa.kind == cpeAny:
			if !t.hasVendor(s.vendorKey) {
				return false
			}
		case va.kind == cpeAny:
			found := false
			for _, n := range t.names {
				if (pa.glob && strings.HasPrefix(n.compact, s.productKey) && s.productKey != "") || n.hasPrefix(s.productKey) {
					found = true
					break
				}
			}
			if !found {
				return false
			}
		default:
			if !t.hasVendorProduct(s.vendorKey, s.productKey, pa.glob) {
				return false
			}
		}
		return versionOK(s.rng, t)
	}
	for i := cpeVendor; i < cpeAttrs; i++ {
		if i == cpeVersion || i == cpeUpdate {
			continue
		}
		if !attrMatch(c.attrs[i], t.cpe.attrs[i]) {
			return false
		}
	}
	return versionOK(s.rng, t)
}

func (s Spec) matchesPURL(t *Target) bool {
	if t.purl == nil || t.purlID != s.purlID || !qualifiersCover(s.purl.Qualifiers, t.purl.Qualifiers) {
		return false
	}
	if s.purl.Subpath != "" && t.purl.Subpath != "" && s.purl.Subpath != t.purl.Subpath {
		return false
	}
	sv, tv := s.purl.Version, t.purlVersion()
	if sv != "" && tv != "" && isDigest(sv) == isDigest(tv) {
		sch := pairScheme(t.ver.scheme, s.rng.scheme)
		return strings.EqualFold(sv, tv) || (!isDigest(sv) && (sch.Compare(sv, tv) == 0 || isBuildOf(sch, tv, sv)))
	}
	if sv != "" && isDigest(sv) {
		return !(t.verKnown && !t.ver.IsAll() && !t.ver.IsUnknown())
	}
	return versionOK(s.rng, t)
}

// versionOK is versionVerdict(...).Match without the reason.
func versionOK(sub Range, t *Target) bool {
	if sub.IsAll() || !t.verKnown || t.ver.IsUnknown() || t.ver.IsAll() {
		return true
	}
	sch := pairScheme(t.ver.scheme, sub.scheme)
	sp, sPoint := sub.Point()
	tp, tPoint := t.ver.Point()
	switch {
	case sPoint && tPoint:
		return sch.Compare(sp, tp) == 0 || isBuildOf(sch, tp, sp)
	case sPoint:
		return t.ver.containsIn(sch, sp)
	case tPoint:
		return sub.containsIn(sch, tp)
	}
	return t.ver.intersectsIn(sch, sub)
}
