package csaf

import (
	"bytes"
	"encoding/json"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/tocsin-cert/tocsin/internal/advisory"
)

// optionalTests are the tests of section 6.2: failing one is a warning.
func optionalTests() []testDef {
	o := func(id, title string, run func(c *checker)) testDef {
		return testDef{id: id, title: title, kind: KindOptional, run: run}
	}
	return []testDef{
		o("6.2.1", "Unused Definition of Product ID", (*checker).unusedProductID),
		o("6.2.2", "Missing Remediation", (*checker).missingRemediation),
		o("6.2.3", "Missing Score", (*checker).missingScore),
		o("6.2.4", "Build Metadata in Revision History", (*checker).buildMetadata),
		o("6.2.5", "Older Initial Release Date than Revision History", (*checker).olderInitialRelease),
		o("6.2.6", "Older Current Release Date than Revision History", (*checker).olderCurrentRelease),
		o("6.2.7", "Missing Date in Involvements", (*checker).involvementDates),
		o("6.2.8", "Use of MD5 as the only Hash Algorithm", func(c *checker) { c.onlyHash("md5", "MD5") }),
		o("6.2.9", "Use of SHA-1 as the only Hash Algorithm", func(c *checker) { c.onlyHash("sha1", "SHA-1") }),
		o("6.2.10", "Missing TLP label", (*checker).missingTLP),
		o("6.2.11", "Missing Canonical URL", (*checker).canonicalURL),
		o("6.2.12", "Missing Document Language", (*checker).missingLanguage),
		o("6.2.13", "Sorting", (*checker).sorting),
		o("6.2.14", "Use of Private Language", (*checker).privateLanguage),
		o("6.2.15", "Use of Default Language", (*checker).defaultLanguage),
		o("6.2.16", "Missing Product Identification Helper", (*checker).missingHelper),
		o("6.2.17", "CVE in field IDs", (*checker).cveInIDs),
		o("6.2.18", "Product Version Range without vers", (*checker).rangeWithoutVers),
		o("6.2.19", "CVSS for Fixed Products", (*checker).cvssForFixed),
		o("6.2.20", "Additional Properties", (*checker).additionalProperties),
	}
}

// informativeTests are the tests of section 6.3 that run offline.
func informativeTests() []testDef {
	i := func(id, title string, run func(c *checker)) testDef {
		return testDef{id: id, title: title, kind: KindInformative, run: run}
	}
	return []testDef{
		i("6.3.1", "Use of CVSS v2 as the only Scoring System", (*checker).onlyCVSS2),
		i("6.3.2", "Use of CVSS v3.0", (*checker).cvss30),
		i("6.3.3", "Missing CVE", (*checker).missingCVE),
		i("6.3.4", "Missing CWE", (*checker).missingCWE),
		i("6.3.5", "Use of Short Hash", (*checker).shortHash),
		i("6.3.9", "Branch Categories", (*checker).branchCategories),
		i("6.3.10", "Usage of Product Version Range", (*checker).usesVersionRange),
		i("6.3.11", "Usage of V as Version Indicator", (*checker).vAsVersionIndicator),
	}
}

// 6.2.1: every defined product is referred to (informational advisories,
// whose products are all affected, are exempt).
func (c *checker) unusedProductID() {
	if profile(c.a.Category) == "csaf_informational_advisory" {
		return
	}
	used := map[string]bool{}
	c.eachProductRef(func(id string, _ func() string) { used[id] = true })
	for i := range c.a.Vulnerabilities {
		v := &c.a.Vulnerabilities[i]
		for _, r := range v.Remediations {
			markAll(used, r.ProductIDs)
		}
		for _, t := range v.Threats {
			markAll(used, t.ProductIDs)
		}
	}
	for _, f := range c.productNames() {
		if !used[f.f.ProductID] {
			c.addf(f.path()+"/product_id", "product %q is defined but never referred to: use it or remove it", f.f.ProductID)
		}
	}
}

func markAll(m map[string]bool, ids []string) {
	for _, id := range ids {
		m[id] = true
	}
}

// affectedLists are the product status lists of affected products.
func affectedLists() []advisory.Status {
	return []advisory.Status{advisory.StatusFirstAffected, advisory.StatusKnownAffected, advisory.StatusLastAffected}
}

// 6.2.2: every affected product has a remediation.
func (c *checker) missingRemediation() {
	for i := range c.a.Vulnerabilities {
		v := &c.a.Vulnerabilities[i]
		has := map[string]bool{}
		for _, r := range v.Remediations {
			markAll(has, r.ProductIDs)
		}
		for _, st := range affectedLists() {
			for j, id := range v.StatusLists[st] {
				if !has[id] {
					c.addf(vulnPath(i)+"/product_status/"+string(st)+"/"+strconv.Itoa(j), "affected product %q has no remediation: add one (even none_available)", id)
				}
			}
		}
	}
}

// 6.2.3: every affected product has a score.
func (c *checker) missingScore() {
	for i := range c.a.Vulnerabilities {
		v := &c.a.Vulnerabilities[i]
		has := map[string]bool{}
		for _, s := range v.ScoreSets {
			markAll(has, s.Products)
		}
		for _, st := range affectedLists() {
			for j, id := range v.StatusLists[st] {
				if !has[id] {
					c.addf(vulnPath(i)+"/product_status/"+string(st)+"/"+strconv.Itoa(j), "affected product %q has no score: add a CVSS score", id)
				}
			}
		}
	}
}

// 6.2.4: revision numbers carry no build metadata.
func (c *checker) buildMetadata() {
	for _, r := range c.a.Revisions {
		if parseVersion(r.Number).build != "" {
			c.addf(revisionPath(r, "number"), "revision %s has build metadata: drop the part from +", r.Number)
		}
	}
}

// 6.2.5: the initial release is not before the first revision.
func (c *checker) olderInitialRelease() {
	revs := c.byDate()
	if len(revs) > 0 && c.a.InitialRelease.Before(revs[0].Date) {
		c.addf("/document/tracking/initial_release_date", "%s is before the oldest revision (%s): make them agree", c.a.InitialReleaseRaw, revs[0].DateRaw)
	}
}

// 6.2.6: the current release is not before the newest revision.
func (c *checker) olderCurrentRelease() {
	revs := c.byDate()
	if len(revs) > 0 && c.a.CurrentRelease.Before(revs[len(revs)-1].Date) {
		c.addf("/document/tracking/current_release_date", "%s is before the newest revision (%s): make them agree", c.a.CurrentReleaseRaw, revs[len(revs)-1].DateRaw)
	}
}

// 6.2.7: involvements are dated.
func (c *checker) involvementDates() {
	for i, v := range c.a.Vulnerabilities {
		for j, inv := range v.Involvements {
			if inv.DateRaw == "" {
				c.addf(vulnPath(i)+"/involvements/"+strconv.Itoa(j)+"/date", "missing: say when the involvement had this status")
			}
		}
	}
}

// 6.2.8, 6.2.9: a file is not identified by a weak hash alone.
func (c *checker) onlyHash(alg, name string) {
	for _, f := range c.productNames() {
		if f.f.Helper == nil {
			continue
		}
		for i, h := range f.f.Helper.Hashes {
			if len(h.FileHashes) == 0 {
				continue
			}
			only := true
			for _, x := range h.FileHashes {
				if strings.ToLower(x.Algorithm) != alg {
					only = false
				}
			}
			if only {
				c.addf(f.path()+"/product_identification_helper/hashes/"+strconv.Itoa(i)+"/file_hashes", "%s is the only hash algorithm for file %s: add a SHA-256 or stronger hash", name, h.Filename)
			}
		}
	}
}

// 6.2.10: the document has a TLP label.
func (c *checker) missingTLP() {
	if c.a.TLPLabel == "" {
		c.addf("/document/distribution/tlp/label", "missing: give a TLP label")
	}
}

// validFilename is the file name section 5.1 gives a document.
func validFilename(trackingID string) string {
	var b strings.Builder
	under := false
	for _, r := range strings.ToLower(trackingID) {
		if r == '+' || r == '-' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
			under = false
			continue
		}
		if !under {
			b.WriteByte('_')
			under = true
		}
	}
	return b.String() + ".json"
}

// 6.2.11: a self reference gives the canonical URL: https, ending in the
// document's file name.
func (c *checker) canonicalURL() {
	name := validFilename(c.a.TrackingID)
	for _, r := range c.a.References {
		if r.Category == "self" && strings.HasPrefix(r.URL, "https://") && strings.HasSuffix(r.URL, "/"+name) {
			return
		}
	}
	c.addf("/document/references", "no reference of category self gives the canonical URL (https://.../%s): add one", name)
}

// 6.2.12: the document says its language.
func (c *checker) missingLanguage() {
	if c.a.Lang == "" {
		c.addf("/document/lang", "missing: give the document's language, e.g. en")
	}
}

// 6.2.13: the keys of every object are sorted.
func (c *checker) sorting() {
	if c.raw == nil {
		return
	}
	dec := json.NewDecoder(bytes.NewReader(c.raw))
	// A frame is an object or array being read. Its path is built from
	// the frames above only when a finding needs it: built for every
	// container it would cost time quadratic in the nesting depth.
	type frame struct {
		obj    bool
		parent *frame
		tok    string // the container's token in its parent
		key    string
		last   string
		n      int
		// wantKey is set in an object where a key comes next.
		wantKey bool
	}
	path := func(f *frame) string {
		var toks []string
		for ; f.parent != nil; f = f.parent {
			toks = append(toks, f.tok)
		}
		var b strings.Builder
		for i := len(toks) - 1; i >= 0; i-- {
			b.WriteByte('/')
			b.WriteString(toks[i])
		}
		return b.String()
	}
	var stack []*frame
	reported := 0
	afterValue := func() {
		if len(stack) == 0 {
			return
		}
		if top := stack[len(stack)-1]; top.obj {
			top.wantKey = true
		} else {
			top.n++
		}
	}
	for {
		tok, err := dec.Token()
		if err != nil {
			return
		}
		var top *frame
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		if top != nil && top.obj && top.wantKey {
			if key, ok := tok.(string); ok {
				if top.last != "" && key < top.last && reported < 20 {
					reported++
					c.addf(path(top), "key %q comes after %q: sort the keys of this object", key, top.last)
				}
				top.last, top.key, top.wantKey = key, key, false
				continue
			}
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			f := &frame{obj: tok == json.Delim('{'), parent: top, wantKey: tok == json.Delim('{')}
			switch {
			case top == nil:
			case top.obj:
				f.tok = escapeToken(top.key)
			default:
				f.tok = strconv.Itoa(top.n)
			}
			stack = append(stack, f)
		case json.Delim('}'), json.Delim(']'):
			stack = stack[:len(stack)-1]
			afterValue()
		default:
			afterValue()
		}
	}
}

// privateUse reports whether a language tag uses private-use subtags:
// qaa-qtz, Qaaa-Qabx, AA, QM-QZ, XA-XZ, ZZ or an x- part.
func privateUse(tag string) bool {
	for i, sub := range strings.Split(strings.ToLower(tag), "-") {
		switch {
		case sub == "x":
			return true
		case i == 0 && len(sub) == 3 && sub >= "qaa" && sub <= "qtz":
			return true
		case i > 0 && len(sub) == 4 && sub >= "qaaa" && sub <= "qabx":
			return true
		case i > 0 && len(sub) == 2 && (sub == "aa" || sub == "zz" || sub >= "qm" && sub <= "qz" || sub >= "xa" && sub <= "xz"):
			return true
		}
	}
	return false
}

// 6.2.14: the languages are not private-use ones.
func (c *checker) privateLanguage() {
	for _, l := range []struct{ path, tag string }{{"/document/lang", c.a.Lang}, {"/document/source_lang", c.a.SourceLang}} {
		if l.tag != "" && privateUse(l.tag) && !strings.EqualFold(l.tag, "i-default") {
			c.addf(l.path, "%q uses a private-use subtag: give a registered language", l.tag)
		}
	}
}

// 6.2.15: the languages are not i-default.
func (c *checker) defaultLanguage() {
	for _, l := range []struct{ path, tag string }{{"/document/lang", c.a.Lang}, {"/document/source_lang", c.a.SourceLang}} {
		if strings.EqualFold(l.tag, "i-default") {
			c.addf(l.path, "i-default is not a language: give the real one")
		}
	}
}

// 6.2.16: every product has an identification helper.
func (c *checker) missingHelper() {
	for _, f := range c.productNames() {
		if f.f.Helper == nil {
			c.addf(f.path(), "product %q has no product_identification_helper: add a CPE, package URL, hash or other identifier", f.f.ProductID)
		}
	}
}

// 6.2.17: a CVE id belongs in cve, not in ids.
func (c *checker) cveInIDs() {
	for i, v := range c.a.Vulnerabilities {
		for j, id := range v.IDs {
			if isCVE(id.Text) {
				c.addf(vulnPath(i)+"/ids/"+strconv.Itoa(j)+"/text", "%s is a CVE id: put it in cve", id.Text)
			}
		}
	}
}

// isCVE matches ^CVE-[0-9]{4}-[0-9]{4,}$.
func isCVE(s string) bool {
	rest, ok := strings.CutPrefix(s, "CVE-")
	if !ok || len(rest) < 9 || rest[4] != '-' {
		return false
	}
	digits := func(x string) bool { return x != "" && strings.Trim(x, "0123456789") == "" }
	return digits(rest[:4]) && digits(rest[5:]) && len(rest[5:]) >= 4
}

// 6.2.18: a product_version_range is a vers string.
func (c *checker) rangeWithoutVers() {
	c.walkBranches(func(b *advisory.Branch, at *branchLoc, _ int) int {
		if b.Category == "product_version_range" && !strings.HasPrefix(b.Name, "vers:") {
			c.addf(at.path()+"/name", "%q is not a vers string: write the range as vers:<type>/<constraints>, e.g. vers:generic/<2.1", b.Name)
		}
		return 0
	})
}

// 6.2.19: scores of fixed products have an environmental score of 0
// (modified impacts MC:N/MI:N/MA:N, or CVSS v2 target distribution TD:N).
func (c *checker) cvssForFixed() {
	for i := range c.a.Vulnerabilities {
		v := &c.a.Vulnerabilities[i]
		fixed := map[string]bool{}
		markAll(fixed, v.StatusLists[advisory.StatusFirstFixed])
		markAll(fixed, v.StatusLists[advisory.StatusFixed])
		if len(fixed) == 0 {
			continue
		}
		for j, s := range v.ScoreSets {
			applies := false
			for _, id := range s.Products {
				applies = applies || fixed[id]
			}
			if !applies {
				continue
			}
			sp := vulnPath(i) + "/scores/" + strconv.Itoa(j)
			if cv := s.CVSSv3; cv != nil && !cvss3ZeroForFixed(cv) {
				c.addf(sp+"/cvss_v3", "this score applies to a fixed product but its environmental score is not 0: set MC:N/MI:N/MA:N for fixed products")
			}
			if cv := s.CVSSv2; cv != nil && !cvss2ZeroForFixed(cv) {
				c.addf(sp+"/cvss_v2", "this score applies to a fixed product but its environmental score is not 0: set TD:N for fixed products")
			}
		}
	}
}

func cvss3ZeroForFixed(cv *advisory.CVSSv3) bool {
	m, _ := parseVector(cv.VectorString)
	eff := func(metric, prop, base string) string {
		if v, ok := m["M"+metric]; ok && v != "X" {
			return v
		}
		if prop != "" && prop != "NOT_DEFINED" {
			return prop[:1]
		}
		return m[metric]
	}
	return eff("C", cv.ModifiedConfidentialityImpact, cv.ConfidentialityImpact) == "N" &&
		eff("I", cv.ModifiedIntegrityImpact, cv.IntegrityImpact) == "N" &&
		eff("A", cv.ModifiedAvailabilityImpact, cv.AvailabilityImpact) == "N"
}

func cvss2ZeroForFixed(cv *advisory.CVSSv2) bool {
	m, _ := parseVector(cv.VectorString)
	if td, ok := m["TD"]; ok && td != "ND" {
		return td == "N"
	}
	if cv.TargetDistribution == "NONE" {
		return true
	}
	return m["C"] == "N" && m["I"] == "N" && m["A"] == "N"
}

// 6.2.20: no properties CSAF 2.0 does not define.
func (c *checker) additionalProperties() {
	for _, p := range slices.Sorted(maps.Keys(c.a.Additional)) {
		c.addf(p, "CSAF 2.0 defines no such property: remove it")
	}
}

// 6.3.1: a score is not only CVSS v2.
func (c *checker) onlyCVSS2() {
	for i, v := range c.a.Vulnerabilities {
		for j, s := range v.ScoreSets {
			if s.CVSSv2 != nil && s.CVSSv3 == nil {
				c.addf(vulnPath(i)+"/scores/"+strconv.Itoa(j), "CVSS v2 is the only score here: add a CVSS v3.1 score")
			}
		}
	}
}

// 6.3.2: CVSS v3.0 is superseded by v3.1.
func (c *checker) cvss30() {
	for i, v := range c.a.Vulnerabilities {
		for j, s := range v.ScoreSets {
			if s.CVSSv3 != nil && s.CVSSv3.Version == "3.0" {
				c.addf(vulnPath(i)+"/scores/"+strconv.Itoa(j)+"/cvss_v3/version", "CVSS v3.0 is used: give the score in CVSS v3.1")
			}
		}
	}
}

// 6.3.3: vulnerabilities have a CVE.
func (c *checker) missingCVE() {
	for i, v := range c.a.Vulnerabilities {
		if v.CVE == "" {
			c.addf(vulnPath(i)+"/cve", "missing: give the CVE id if there is one")
		}
	}
}

// 6.3.4: vulnerabilities have a CWE.
func (c *checker) missingCWE() {
	for i, v := range c.a.Vulnerabilities {
		if v.CWE == nil {
			c.addf(vulnPath(i)+"/cwe", "missing: classify the weakness with a CWE")
		}
	}
}

// 6.3.5: hash values are at least 64 hex digits (SHA-256 or longer).
func (c *checker) shortHash() {
	for _, f := range c.productNames() {
		if f.f.Helper == nil {
			continue
		}
		for i, h := range f.f.Helper.Hashes {
			for j, x := range h.FileHashes {
				if len(x.Value) < 64 {
					c.addf(f.path()+"/product_identification_helper/hashes/"+strconv.Itoa(i)+"/file_hashes/"+strconv.Itoa(j)+"/value",
						"the %s hash has only %d digits: use a hash of at least 64 hex digits (SHA-256 or stronger)", x.Algorithm, len(x.Value))
				}
			}
		}
	}
}

// 6.3.9: each branch product lies on a vendor -> product_name ->
// product_version path.
func (c *checker) branchCategories() {
	for _, f := range c.productNames() {
		if f.branch != nil && !f.pathOK {
			c.addf(f.path(), "the branches above product %q are %s: describe products by the path vendor > product_name > product_version", f.f.ProductID, strings.Join(f.at.categories(), " > "))
		}
	}
}

// 6.3.10: product_version_range is a last resort.
func (c *checker) usesVersionRange() {
	c.walkBranches(func(b *advisory.Branch, at *branchLoc, _ int) int {
		if b.Category == "product_version_range" {
			c.addf(at.path()+"/category", "a version range (%s) is used: list the affected versions with product_version where possible", b.Name)
		}
		return 0
	})
}

// 6.3.11: a version is written without a leading v.
func (c *checker) vAsVersionIndicator() {
	c.walkBranches(func(b *advisory.Branch, at *branchLoc, _ int) int {
		if (b.Category == "product_version" || b.Category == "product_version_range") && len(b.Name) > 1 &&
			(b.Name[0] == 'v' || b.Name[0] == 'V') && b.Name[1] >= '0' && b.Name[1] <= '9' {
			c.addf(at.path()+"/name", "%q starts with v: write the version without it", b.Name)
		}
		return 0
	})
}
