package csaf

import (
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/package-url/packageurl-go"
	"golang.org/x/text/language"

	"github.com/tocsin-cert/tocsin/internal/advisory"
)

// mandatoryTests are the tests of section 6.1: a document that fails one
// is not a valid CSAF document.
func mandatoryTests() []testDef {
	m := func(id, title string, run func(c *checker)) testDef {
		return testDef{id: id, title: title, kind: KindMandatory, run: run}
	}
	return []testDef{
		m("6.1.1", "Missing Definition of Product ID", (*checker).missingProductID),
		m("6.1.2", "Multiple Definition of Product ID", (*checker).multipleProductID),
		m("6.1.3", "Circular Definition of Product ID", (*checker).circularProductID),
		m("6.1.4", "Missing Definition of Product Group ID", (*checker).missingGroupID),
		m("6.1.5", "Multiple Definition of Product Group ID", (*checker).multipleGroupID),
		m("6.1.6", "Contradicting Product Status", (*checker).contradictingStatus),
		m("6.1.7", "Multiple Scores with same Version per Product", (*checker).multipleScores),
		// 6.1.8 (Invalid CVSS) is the CVSS schemas, checked with the
		// document's schema.
		m("6.1.9", "Invalid CVSS computation", (*checker).cvssComputation),
		m("6.1.10", "Inconsistent CVSS", (*checker).cvssConsistency),
		m("6.1.11", "CWE", (*checker).cweCheck),
		m("6.1.12", "Language", (*checker).languages),
		m("6.1.13", "PURL", (*checker).purls),
		m("6.1.14", "Sorted Revision History", (*checker).sortedRevisions),
		m("6.1.15", "Translator", (*checker).translator),
		m("6.1.16", "Latest Document Version", (*checker).latestVersion),
		m("6.1.17", "Document Status Draft", (*checker).statusDraft),
		m("6.1.18", "Released Revision History", (*checker).releasedHistory),
		m("6.1.19", "Revision History Entries for Pre-release Versions", (*checker).preReleaseHistory),
		m("6.1.20", "Non-draft Document Version", (*checker).nonDraftVersion),
		m("6.1.21", "Missing Item in Revision History", (*checker).missingRevision),
		m("6.1.22", "Multiple Definition in Revision History", (*checker).duplicateRevision),
		m("6.1.23", "Multiple Use of Same CVE", (*checker).duplicateCVE),
		m("6.1.24", "Multiple Definition in Involvements", (*checker).duplicateInvolvement),
		m("6.1.25", "Multiple Use of Same Hash Algorithm", (*checker).duplicateHashAlgorithm),
		m("6.1.26", "Prohibited Document Category Name", (*checker).prohibitedCategory),
		m("6.1.27.1", "Document Notes", (*checker).profileNotes),
		m("6.1.27.2", "Document References", (*checker).profileReferences),
		m("6.1.27.3", "Vulnerabilities", (*checker).profileNoVulnerabilities),
		m("6.1.27.4", "Product Tree", (*checker).profileProductTree),
		m("6.1.27.5", "Vulnerability Notes", (*checker).profileVulnerabilityNotes),
		m("6.1.27.6", "Product Status", (*checker).profileProductStatus),
		m("6.1.27.7", "VEX Product Status", (*checker).profileVEXStatus),
		m("6.1.27.8", "Vulnerability ID", (*checker).profileVulnerabilityID),
		m("6.1.27.9", "Impact Statement", (*checker).profileImpactStatement),
		m("6.1.27.10", "Action Statement", (*checker).profileActionStatement),
		m("6.1.27.11", "Vulnerabilities", (*checker).profileVulnerabilities),
		m("6.1.28", "Translation", (*checker).translation),
		m("6.1.29", "Remediation without Product Reference", (*checker).remediationRefs),
		m("6.1.30", "Mixed Integer and Semantic Versioning", (*checker).mixedVersioning),
		m("6.1.31", "Version Range in Product Version", (*checker).versionRangeInVersion),
		m("6.1.32", "Flag without Product Reference", (*checker).flagRefs),
		m("6.1.33", "Multiple Flags with VEX Justification Codes per Product", (*checker).multipleFlags),
	}
}

// definedIDs maps each defined product id to the index in productNames
// of its first definition; it is built once per document.
func (c *checker) definedIDs() map[string]int {
	if c.defined != nil {
		return c.defined
	}
	names := c.productNames()
	out := make(map[string]int, len(names))
	for i, f := range names {
		if _, dup := out[f.f.ProductID]; !dup {
			out[f.f.ProductID] = i
		}
	}
	c.defined = out
	return out
}

// 6.1.1: every product id the document refers to is defined.
func (c *checker) missingProductID() {
	defined := c.definedIDs()
	c.eachProductRef(func(id string, path func() string) {
		if _, ok := defined[id]; !ok {
			c.addf(path(), "product id %q is not defined: define it in the product tree (a branch product, full_product_names or a relationship) or refer to a defined one", id)
		}
	})
}

// 6.1.2: no product id is defined twice.
func (c *checker) multipleProductID() {
	names := c.productNames()
	first := c.definedIDs()
	for i, f := range names {
		if j := first[f.f.ProductID]; j != i {
			c.addf(f.path()+"/product_id", "product id %q is already defined at %s: give this product another id", f.f.ProductID, names[j].path()+"/product_id")
		}
	}
}

// 6.1.3: no relationship refers, directly or through other relationships,
// to the product it defines. The product ids relationships define are the
// nodes of a graph, with an edge from each to the ids its relationships
// refer to; a reference is circular exactly when it leads back into the
// strongly connected component of the id it comes from (an edge to itself
// included). One pass over the graph finds them all.
func (c *checker) circularProductID() {
	pt := c.a.ProductTree
	if pt == nil || len(pt.Relationships) == 0 {
		return
	}
	rels := pt.Relationships
	node := make(map[string]int, len(rels)) // product id made by a relationship -> node
	nodeOf := make([]int, len(rels))        // relationship -> node of its product id
	for i, r := range rels {
		id := r.FullProductName.ProductID
		n, ok := node[id]
		if !ok {
			n = len(node)
			node[id] = n
		}
		nodeOf[i] = n
	}
	// The relationships defining each node, as a linked list in document
	// order: first[n], then next[i] from there (-1 ends).
	first, last, next := make([]int, len(node)), make([]int, len(node)), make([]int, len(rels))
	for n := range first {
		first[n], last[n] = -1, -1
	}
	for i, n := range nodeOf {
		next[i] = -1
		if last[n] < 0 {
			first[n] = i
		} else {
			next[last[n]] = i
		}
		last[n] = i
	}
	g := newDigraph(len(node), 2*len(rels))
	for n := range len(node) {
		for i := first[n]; i >= 0; i = next[i] {
			if w, ok := node[rels[i].ProductReference]; ok {
				g.addEdge(w)
			}
			if w, ok := node[rels[i].RelatesToProductReference]; ok {
				g.addEdge(w)
			}
		}
		g.done()
	}
	comp, _ := g.components()
	for i, r := range rels {
		self := nodeOf[i]
		for _, ref := range [...]struct{ id, key string }{{r.ProductReference, "product_reference"}, {r.RelatesToProductReference, "relates_to_product_reference"}} {
			if w, ok := node[ref.id]; ok && comp[w] == comp[self] {
				c.addf("/product_tree/relationships/"+strconv.Itoa(i)+"/"+ref.key,
					"the relationship defining %q refers back to it through %q: refer to another product", r.FullProductName.ProductID, ref.id)
			}
		}
	}
}

// 6.1.4: every product group id the document refers to is defined.
func (c *checker) missingGroupID() {
	groups := c.groupMembers()
	check := func(path string, gids []string) {
		for i, g := range gids {
			if _, ok := groups[g]; !ok {
				c.addf(path+"/"+strconv.Itoa(i), "product group id %q is not defined: define it in /product_tree/product_groups or refer to a defined group", g)
			}
		}
	}
	for i := range c.a.Vulnerabilities {
		v := &c.a.Vulnerabilities[i]
		vp := vulnPath(i)
		for j, r := range v.Remediations {
			check(vp+"/remediations/"+strconv.Itoa(j)+"/group_ids", r.GroupIDs)
		}
		for j, t := range realThreats(v) {
			check(vp+"/threats/"+strconv.Itoa(j)+"/group_ids", t.GroupIDs)
		}
		for j, f := range v.Flags {
			check(vp+"/flags/"+strconv.Itoa(j)+"/group_ids", f.GroupIDs)
		}
	}
}

// 6.1.5: no product group id is defined twice.
func (c *checker) multipleGroupID() {
	if c.a.ProductTree == nil {
		return
	}
	first := map[string]int{}
	for i, g := range c.a.ProductTree.ProductGroups {
		if j, dup := first[g.GroupID]; dup {
			c.addf("/product_tree/product_groups/"+strconv.Itoa(i)+"/group_id", "product group id %q is already defined by group %d: give this group another id", g.GroupID, j)
			continue
		}
		first[g.GroupID] = i
	}
}

// statusGroup puts the product status lists into the four groups that
// must not overlap (test 6.1.6); recommended is in none.
func statusGroup(s advisory.Status) string {
	switch s {
	case advisory.StatusFirstAffected, advisory.StatusKnownAffected, advisory.StatusLastAffected:
		return "affected"
	case advisory.StatusKnownNotAffected:
		return "not affected"
	case advisory.StatusFirstFixed, advisory.StatusFixed:
		return "fixed"
	case advisory.StatusUnderInvestigation:
		return "under investigation"
	}
	return ""
}

// 6.1.6: a product is in at most one of the groups affected, not
// affected, fixed and under investigation per vulnerability.
func (c *checker) contradictingStatus() {
	for i := range c.a.Vulnerabilities {
		v := &c.a.Vulnerabilities[i]
		if len(v.StatusLists) == 0 {
			continue
		}
		seen := map[string]advisory.Status{}
		for _, st := range statusKeys() {
			g := statusGroup(st)
			if g == "" {
				continue
			}
			for j, id := range v.StatusLists[st] {
				prev, ok := seen[id]
				if !ok {
					seen[id] = st
					continue
				}
				if statusGroup(prev) != g {
					c.addf(vulnPath(i)+"/product_status/"+string(st)+"/"+strconv.Itoa(j),
						"product %q is also listed as %s (%s): a product is either affected, not affected, fixed or under investigation; keep it in one of these",
						id, prev, statusGroup(prev))
				}
			}
		}
	}
}

// 6.1.7: per vulnerability, a product has at most one score per CVSS
// version.
func (c *checker) multipleScores() {
	for i := range c.a.Vulnerabilities {
		v := &c.a.Vulnerabilities[i]
		seen := map[string]bool{}
		for j, s := range v.ScoreSets {
			var versions []string
			if s.CVSSv2 != nil {
				versions = append(versions, "2.0")
			}
			if s.CVSSv3 != nil {
				versions = append(versions, s.CVSSv3.Version)
			}
			for k, id := range s.Products {
				for _, ver := range versions {
					key := id + "\x00" + ver
					if seen[key] {
						c.addf(vulnPath(i)+"/scores/"+strconv.Itoa(j)+"/products/"+strconv.Itoa(k),
							"product %q already has a CVSS %s score for this vulnerability: give one score per CVSS version and product", id, ver)
					}
					seen[key] = true
				}
			}
		}
	}
}

// scoreDiffers compares a score given in a document with a computed one.
func scoreDiffers(given, computed float64) bool {
	return math.Abs(given-computed) > 1e-6
}

// 6.1.9: scores and severities match what the vector gives.
func (c *checker) cvssComputation() {
	for i := range c.a.Vulnerabilities {
		for j, s := range c.a.Vulnerabilities[i].ScoreSets {
			sp := vulnPath(i) + "/scores/" + strconv.Itoa(j)
			if cv := s.CVSSv3; cv != nil && (cv.Version == "3.0" || cv.Version == "3.1") {
				m, ok := parseVector(cv.VectorString)
				if !ok {
					continue
				}
				got, ok := cvss3Compute(cv.Version, m)
				if !ok {
					continue
				}
				p := sp + "/cvss_v3"
				if scoreDiffers(cv.BaseScore, got.base) {
					c.addf(p+"/baseScore", "is %s, but the vector gives %s: correct the score or the vector", fmtScore(cv.BaseScore), fmtScore(got.base))
				}
				if cv.BaseSeverity != "" && cv.BaseSeverity != cvss3Severity(got.base) {
					c.addf(p+"/baseSeverity", "is %s, but a base score of %s is %s: correct the severity", cv.BaseSeverity, fmtScore(got.base), cvss3Severity(got.base))
				}
				if cv.TemporalScore != nil && scoreDiffers(*cv.TemporalScore, got.temporal) {
					c.addf(p+"/temporalScore", "is %s, but the vector gives %s: correct the score or the vector", fmtScore(*cv.TemporalScore), fmtScore(got.temporal))
				}
				if cv.TemporalSeverity != "" && cv.TemporalSeverity != cvss3Severity(got.temporal) {
					c.addf(p+"/temporalSeverity", "is %s, but a temporal score of %s is %s: correct the severity", cv.TemporalSeverity, fmtScore(got.temporal), cvss3Severity(got.temporal))
				}
				if cv.EnvironmentalScore != nil && scoreDiffers(*cv.EnvironmentalScore, got.environmental) {
					c.addf(p+"/environmentalScore", "is %s, but the vector gives %s: correct the score or the vector", fmtScore(*cv.EnvironmentalScore), fmtScore(got.environmental))
				}
				if cv.EnvironmentalSeverity != "" && cv.EnvironmentalSeverity != cvss3Severity(got.environmental) {
					c.addf(p+"/environmentalSeverity", "is %s, but an environmental score of %s is %s: correct the severity", cv.EnvironmentalSeverity, fmtScore(got.environmental), cvss3Severity(got.environmental))
				}
			}
			if cv := s.CVSSv2; cv != nil {
				m, ok := parseVector(cv.VectorString)
				if !ok {
					continue
				}
				got, ok := cvss2Compute(m)
				if !ok {
					continue
				}
				p := sp + "/cvss_v2"
				if scoreDiffers(cv.BaseScore, got.base) {
					c.addf(p+"/baseScore", "is %s, but the vector gives %s: correct the score or the vector", fmtScore(cv.BaseScore), fmtScore(got.base))
				}
				if cv.TemporalScore != nil && scoreDiffers(*cv.TemporalScore, got.temporal) {
					c.addf(p+"/temporalScore", "is %s, but the vector gives %s: correct the score or the vector", fmtScore(*cv.TemporalScore), fmtScore(got.temporal))
				}
				if cv.EnvironmentalScore != nil && scoreDiffers(*cv.EnvironmentalScore, got.environmental) {
					c.addf(p+"/environmentalScore", "is %s, but the vector gives %s: correct the score or the vector", fmtScore(*cv.EnvironmentalScore), fmtScore(got.environmental))
				}
			}
		}
	}
}

func fmtScore(f float64) string {
	return strconv.FormatFloat(f, 'f', 1, 64)
}

// cvssMetric ties a vector metric to a property of a CVSS object and its
// value there.
type cvssMetric struct {
	key, metric, val string
}

func cvss3Metrics(c *advisory.CVSSv3) []cvssMetric {
	return []cvssMetric{
		{"attackVector", "AV", c.AttackVector}, {"attackComplexity", "AC", c.AttackComplexity},
		{"privilegesRequired", "PR", c.PrivilegesRequired}, {"userInteraction", "UI", c.UserInteraction},
		{"scope", "S", c.Scope}, {"confidentialityImpact", "C", c.ConfidentialityImpact},
		{"integrityImpact", "I", c.IntegrityImpact}, {"availabilityImpact", "A", c.AvailabilityImpact},
		{"exploitCodeMaturity", "E", c.ExploitCodeMaturity}, {"remediationLevel", "RL", c.RemediationLevel},
		{"reportConfidence", "RC", c.ReportConfidence},
		{"confidentialityRequirement", "CR", c.ConfidentialityRequirement}, {"integrityRequirement", "IR", c.IntegrityRequirement},
		{"availabilityRequirement", "AR", c.AvailabilityRequirement}, {"modifiedAttackVector", "MAV", c.ModifiedAttackVector},
		{"modifiedAttackComplexity", "MAC", c.ModifiedAttackComplexity}, {"modifiedPrivilegesRequired", "MPR", c.ModifiedPrivilegesRequired},
		{"modifiedUserInteraction", "MUI", c.ModifiedUserInteraction}, {"modifiedScope", "MS", c.ModifiedScope},
		{"modifiedConfidentialityImpact", "MC", c.ModifiedConfidentialityImpact}, {"modifiedIntegrityImpact", "MI", c.ModifiedIntegrityImpact},
		{"modifiedAvailabilityImpact", "MA", c.ModifiedAvailabilityImpact},
	}
}

// cvss3Value names a CVSS v3 vector value as the schema's enumerations do.
func cvss3Value(metric, v string) string {
	if v == "X" {
		return "NOT_DEFINED"
	}
	switch strings.TrimPrefix(metric, "M") + ":" + v {
	case "AV:N":
		return "NETWORK"
	case "AV:A":
		return "ADJACENT_NETWORK"
	case "AV:L":
		return "LOCAL"
	case "AV:P":
		return "PHYSICAL"
	case "AC:L", "PR:L", "C:L", "I:L", "A:L", "CR:L", "IR:L", "AR:L":
		return "LOW"
	case "AC:H", "PR:H", "C:H", "I:H", "A:H", "E:H", "CR:H", "IR:H", "AR:H":
		return "HIGH"
	case "PR:N", "UI:N", "C:N", "I:N", "A:N":
		return "NONE"
	case "UI:R":
		return "REQUIRED"
	case "S:U":
		return "UNCHANGED"
	case "S:C":
		return "CHANGED"
	case "E:U":
		return "UNPROVEN"
	case "E:P":
		return "PROOF_OF_CONCEPT"
	case "E:F":
		return "FUNCTIONAL"
	case "RL:O":
		return "OFFICIAL_FIX"
	case "RL:T":
		return "TEMPORARY_FIX"
	case "RL:W":
		return "WORKAROUND"
	case "RL:U":
		return "UNAVAILABLE"
	case "RC:U":
		return "UNKNOWN"
	case "RC:R":
		return "REASONABLE"
	case "RC:C":
		return "CONFIRMED"
	case "CR:M", "IR:M", "AR:M":
		return "MEDIUM"
	}
	return ""
}

func cvss2Metrics(c *advisory.CVSSv2) []cvssMetric {
	return []cvssMetric{
		{"accessVector", "AV", c.AccessVector}, {"accessComplexity", "AC", c.AccessComplexity},
		{"authentication", "Au", c.Authentication}, {"confidentialityImpact", "C", c.ConfidentialityImpact},
		{"integrityImpact", "I", c.IntegrityImpact}, {"availabilityImpact", "A", c.AvailabilityImpact},
		{"exploitability", "E", c.Exploitability}, {"remediationLevel", "RL", c.RemediationLevel},
		{"reportConfidence", "RC", c.ReportConfidence}, {"collateralDamagePotential", "CDP", c.CollateralDamagePotential},
		{"targetDistribution", "TD", c.TargetDistribution}, {"confidentialityRequirement", "CR", c.ConfidentialityRequirement},
		{"integrityRequirement", "IR", c.IntegrityRequirement}, {"availabilityRequirement", "AR", c.AvailabilityRequirement},
	}
}

// cvss2Value names a CVSS v2 vector value as the schema's enumerations do.
func cvss2Value(metric, v string) string {
	if v == "ND" {
		return "NOT_DEFINED"
	}
	switch metric + ":" + v {
	case "AV:L":
		return "LOCAL"
	case "AV:A":
		return "ADJACENT_NETWORK"
	case "AV:N":
		return "NETWORK"
	case "AC:H", "CDP:H", "TD:H", "CR:H", "IR:H", "AR:H", "E:H":
		return "HIGH"
	case "AC:M", "TD:M", "CR:M", "IR:M", "AR:M":
		return "MEDIUM"
	case "AC:L", "CDP:L", "TD:L", "CR:L", "IR:L", "AR:L":
		return "LOW"
	case "Au:M":
		return "MULTIPLE"
	case "Au:S":
		return "SINGLE"
	case "Au:N", "C:N", "I:N", "A:N", "CDP:N", "TD:N":
		return "NONE"
	case "C:P", "I:P", "A:P":
		return "PARTIAL"
	case "C:C", "I:C", "A:C":
		return "COMPLETE"
	case "E:U":
		return "UNPROVEN"
	case "E:POC":
		return "PROOF_OF_CONCEPT"
	case "E:F":
		return "FUNCTIONAL"
	case "RL:OF":
		return "OFFICIAL_FIX"
	case "RL:TF":
		return "TEMPORARY_FIX"
	case "RL:W":
		return "WORKAROUND"
	case "RL:U":
		return "UNAVAILABLE"
	case "RC:UC":
		return "UNCONFIRMED"
	case "RC:UR":
		return "UNCORROBORATED"
	case "RC:C":
		return "CONFIRMED"
	case "CDP:LM":
		return "LOW_MEDIUM"
	case "CDP:MH":
		return "MEDIUM_HIGH"
	}
	return ""
}

// 6.1.10: the properties of a CVSS object agree with its vector (the
// vector is authoritative; only metrics it gives are compared).
func (c *checker) cvssConsistency() {
	for i := range c.a.Vulnerabilities {
		for j, s := range c.a.Vulnerabilities[i].ScoreSets {
			sp := vulnPath(i) + "/scores/" + strconv.Itoa(j)
			if cv := s.CVSSv3; cv != nil {
				if m, ok := parseVector(cv.VectorString); ok {
					for _, x := range cvss3Metrics(cv) {
						c.compareMetric(sp+"/cvss_v3", m, x, cvss3Value)
					}
				}
			}
			if cv := s.CVSSv2; cv != nil {
				if m, ok := parseVector(cv.VectorString); ok {
					for _, x := range cvss2Metrics(cv) {
						c.compareMetric(sp+"/cvss_v2", m, x, cvss2Value)
					}
				}
			}
		}
	}
}

func (c *checker) compareMetric(path string, vec map[string]string, m cvssMetric, name func(metric, v string) string) {
	if m.val == "" {
		return
	}
	v, ok := vec[m.metric]
	if !ok {
		return
	}
	want := name(m.metric, v)
	if want == "" || want == m.val {
		return
	}
	c.addf(path+"/"+m.key, "is %s, but the vector says %s:%s (%s): make the property agree with the vector", m.val, m.metric, v, want)
}

// 6.1.11: a CWE exists and its name is the one the catalogue gives.
func (c *checker) cweCheck() {
	for i, v := range c.a.Vulnerabilities {
		if v.CWE == nil {
			continue
		}
		p := vulnPath(i) + "/cwe"
		names, ok := c.cwes[v.CWE.ID]
		if !ok {
			c.addf(p+"/id", "%s is not in the CWE catalogue (version %s): give an existing CWE id", v.CWE.ID, cweVersion)
			continue
		}
		if !slices.Contains(names, v.CWE.Name) {
			c.addf(p+"/name", "%q is not the name of %s: write %q", v.CWE.Name, v.CWE.ID, names[0])
		}
	}
}

// validLanguage reports whether tag is a well-formed BCP 47 tag whose
// subtags are registered (private-use ones included).
func validLanguage(tag string) bool {
	_, err := language.Parse(tag)
	return err == nil
}

// 6.1.12: the document's languages are valid language tags.
func (c *checker) languages() {
	for _, l := range []struct{ path, tag string }{{"/document/lang", c.a.Lang}, {"/document/source_lang", c.a.SourceLang}} {
		if l.tag != "" && !validLanguage(l.tag) {
			c.addf(l.path, "%q is not a valid language tag (BCP 47) with registered subtags: write one such as en or de-DE", l.tag)
		}
	}
}

// 6.1.13: package URLs are valid.
func (c *checker) purls() {
	for _, f := range c.productNames() {
		if f.f.Helper == nil || f.f.Helper.PURL == "" {
			continue
		}
		if _, err := packageurl.FromString(f.f.Helper.PURL); err != nil {
			c.addf(f.path()+"/product_identification_helper/purl", "%q is not a valid package URL (%v): write one such as pkg:npm/lodash@4.17.21", f.f.Helper.PURL, err)
		}
	}
}

// revisionPath is the path of a revision's property.
func revisionPath(r advisory.Revision, key string) string {
	return "/document/tracking/revision_history/" + strconv.Itoa(r.Position) + "/" + key
}

// byDate gives the revisions sorted by date, then number.
func (c *checker) byDate() []advisory.Revision {
	revs := slices.Clone(c.a.Revisions)
	slices.SortStableFunc(revs, func(x, y advisory.Revision) int {
		if d := x.Date.Compare(y.Date); d != 0 {
			return d
		}
		return compareVersionStrings(x.Number, y.Number)
	})
	return revs
}

// 6.1.14: sorted by date, the revision numbers ascend.
func (c *checker) sortedRevisions() {
	revs := c.byDate()
	for i := 1; i < len(revs); i++ {
		if compareVersionStrings(revs[i-1].Number, revs[i].Number) > 0 {
			c.addf(revisionPath(revs[i], "number"), "revision %s is dated %s, after revision %s: sorted by date, the numbers must ascend; correct the dates or numbers",
				revs[i].Number, revs[i].DateRaw, revs[i-1].Number)
		}
	}
}

// 6.1.15: a translator gives the source language.
func (c *checker) translator() {
	if c.a.Publisher.Category == "translator" && c.a.SourceLang == "" {
		c.addf("/document/source_lang", "missing: the publisher is a translator, so give the language of the original")
	}
}

// 6.1.16: the document version is the number of the latest revision.
func (c *checker) latestVersion() {
	revs := c.byDate()
	if len(revs) == 0 {
		return
	}
	last := revs[len(revs)-1].Number
	want, got := withoutBuild(last), withoutBuild(c.a.Version)
	if c.a.Status == "draft" {
		want, got = withoutPre(want), withoutPre(got)
	}
	if want != got {
		c.addf("/document/tracking/version", "is %s, but the latest revision in the history is %s: make them the same", c.a.Version, last)
	}
}

// 6.1.17: a version 0, 0.y.z or with a pre-release part is a draft.
func (c *checker) statusDraft() {
	v := parseVersion(c.a.Version)
	if (v.zero() || v.pre != "") && c.a.Status != "draft" {
		c.addf("/document/tracking/status", "is %s, but version %s is a draft version: set the status to draft or release a version 1 or higher", c.a.Status, c.a.Version)
	}
}

// 6.1.18: a final or interim document has no revision 0 or 0.y.z.
func (c *checker) releasedHistory() {
	if c.a.Status != "final" && c.a.Status != "interim" {
		return
	}
	for _, r := range c.a.Revisions {
		if parseVersion(r.Number).zero() {
			c.addf(revisionPath(r, "number"), "revision %s is a draft revision in a %s document: remove it from the history", r.Number, c.a.Status)
		}
	}
}

// 6.1.19: no revision has a pre-release number.
func (c *checker) preReleaseHistory() {
	for _, r := range c.a.Revisions {
		if parseVersion(r.Number).pre != "" {
			c.addf(revisionPath(r, "number"), "revision %s is a pre-release: remove it from the history", r.Number)
		}
	}
}

// 6.1.20: a final or interim document has no pre-release version.
func (c *checker) nonDraftVersion() {
	if c.a.Status != "final" && c.a.Status != "interim" {
		return
	}
	if parseVersion(c.a.Version).pre != "" {
		c.addf("/document/tracking/version", "%s is a pre-release version, which a %s document must not have: drop the pre-release part or set the status to draft", c.a.Version, c.a.Status)
	}
}

// 6.1.21: the revision history has no gaps: integer versions start at 0
// or 1 and go up by one; semantic versions do so in their major version.
func (c *checker) missingRevision() {
	revs := slices.Clone(c.a.Revisions)
	if len(revs) == 0 {
		return
	}
	scheme := parseVersion(revs[0].Number).scheme
	for _, r := range revs {
		if parseVersion(r.Number).scheme != scheme || scheme == schemeOther {
			return // 6.1.30 reports mixed versioning
		}
	}
	slices.SortStableFunc(revs, func(x, y advisory.Revision) int { return compareVersionStrings(x.Number, y.Number) })
	first := parseVersion(revs[0].Number)
	if first.major > 1 {
		c.addf(revisionPath(revs[0], "number"), "the history starts with %s: it must start with version 0 or 1; add the missing revisions", revs[0].Number)
	}
	for i := 1; i < len(revs); i++ {
		prev, cur := parseVersion(revs[i-1].Number), parseVersion(revs[i].Number)
		if cur.major-prev.major > 1 {
			c.addf(revisionPath(revs[i], "number"), "revision %s follows %s: the revisions between are missing; add them", revs[i].Number, revs[i-1].Number)
		}
	}
}

// 6.1.22: no revision number appears twice.
func (c *checker) duplicateRevision() {
	seen := map[string]bool{}
	revs := slices.Clone(c.a.Revisions)
	slices.SortStableFunc(revs, func(x, y advisory.Revision) int { return x.Position - y.Position })
	for _, r := range revs {
		if seen[r.Number] {
			c.addf(revisionPath(r, "number"), "revision %s appears twice in the history: give each revision its own number", r.Number)
		}
		seen[r.Number] = true
	}
}

// 6.1.23: a CVE is the subject of one vulnerability only.
func (c *checker) duplicateCVE() {
	seen := map[string]int{}
	for i, v := range c.a.Vulnerabilities {
		if v.CVE == "" {
			continue
		}
		if j, dup := seen[v.CVE]; dup {
			c.addf(vulnPath(i)+"/cve", "%s is already the subject of vulnerability %d: merge the two", v.CVE, j)
			continue
		}
		seen[v.CVE] = i
	}
}

// 6.1.24: per vulnerability, one involvement per party and date.
func (c *checker) duplicateInvolvement() {
	for i, v := range c.a.Vulnerabilities {
		seen := map[string]bool{}
		for j, inv := range v.Involvements {
			date := inv.DateRaw
			if !inv.Date.IsZero() {
				date = inv.Date.UTC().Format("2006-01-02T15:04:05.999999999")
			}
			key := inv.Party + "\x00" + date
			if seen[key] {
				c.addf(vulnPath(i)+"/involvements/"+strconv.Itoa(j), "a second involvement of party %s with date %s: merge them into one", inv.Party, inv.DateRaw)
			}
			seen[key] = true
		}
	}
}

// 6.1.25: a file's hashes use each algorithm once.
func (c *checker) duplicateHashAlgorithm() {
	for _, f := range c.productNames() {
		if f.f.Helper == nil {
			continue
		}
		for i, h := range f.f.Helper.Hashes {
			seen := map[string]bool{}
			for j, x := range h.FileHashes {
				alg := strings.ToLower(x.Algorithm)
				if seen[alg] {
					c.addf(f.path()+"/product_identification_helper/hashes/"+strconv.Itoa(i)+"/file_hashes/"+strconv.Itoa(j)+"/algorithm",
						"algorithm %s is used twice for file %s: give one hash per algorithm", x.Algorithm, h.Filename)
				}
				seen[alg] = true
			}
		}
	}
}

// profile names the CSAF profiles by their category value.
func profile(category string) string {
	switch category {
	case "csaf_security_incident_response", "csaf_informational_advisory", "csaf_security_advisory", "csaf_vex":
		return category
	}
	return "csaf_base"
}

// 6.1.26: a CSAF Base document does not use a name reserved for another
// profile, nor the prefix csaf_.
func (c *checker) prohibitedCategory() {
	cat := c.a.Category
	if profile(cat) != "csaf_base" || cat == "csaf_base" {
		return
	}
	norm := func(s string) string {
		return strings.Map(func(r rune) rune {
			switch r {
			case '-', '_', ' ', '\t', '\n', '\r':
				return -1
			}
			return r
		}, strings.ToLower(s))
	}
	n := norm(cat)
	for _, reserved := range []string{"Security Incident Response", "Informational Advisory", "Security Advisory", "VEX",
		"csaf_security_incident_response", "csaf_informational_advisory", "csaf_security_advisory", "csaf_vex"} {
		if n == norm(reserved) {
			c.addf("/document/category", "%q is reserved for the profile %s: use that profile's category value or another name", cat, reserved)
			return
		}
	}
	if strings.HasPrefix(strings.ToLower(cat), "csaf_") {
		c.addf("/document/category", "%q starts with the reserved prefix csaf_: use one of the profiles' values or a name without it", cat)
	}
}

// 6.1.27.1: incident responses and informational advisories describe
// themselves in a note.
func (c *checker) profileNotes() {
	switch profile(c.a.Category) {
	case "csaf_security_incident_response", "csaf_informational_advisory":
	default:
		return
	}
	for _, n := range c.a.Notes {
		switch n.Category {
		case "description", "details", "general", "summary":
			return
		}
	}
	c.addf("/document/notes", "a %s needs a document note of category description, details, general or summary: add one", c.a.Category)
}

// 6.1.27.2: incident responses and informational advisories have an
// external reference.
func (c *checker) profileReferences() {
	switch profile(c.a.Category) {
	case "csaf_security_incident_response", "csaf_informational_advisory":
	default:
		return
	}
	for _, r := range c.a.References {
		if r.Category == "" || r.Category == "external" {
			return
		}
	}
	c.addf("/document/references", "a %s needs a document reference of category external: add one", c.a.Category)
}

// 6.1.27.3: an informational advisory has no vulnerabilities.
func (c *checker) profileNoVulnerabilities() {
	if profile(c.a.Category) == "csaf_informational_advisory" && len(c.a.Vulnerabilities) > 0 {
		c.addf("/vulnerabilities", "an informational advisory must not have vulnerabilities: remove them or use the category csaf_security_advisory")
	}
}

func (c *checker) advisoryOrVEX() bool {
	p := profile(c.a.Category)
	return p == "csaf_security_advisory" || p == "csaf_vex"
}

// 6.1.27.4: security advisories and VEX documents have a product tree.
func (c *checker) profileProductTree() {
	if c.advisoryOrVEX() && c.a.ProductTree == nil {
		c.addf("/product_tree", "missing: a %s needs a product tree; add the products it is about", c.a.Category)
	}
}

// 6.1.27.5: their vulnerabilities have notes.
func (c *checker) profileVulnerabilityNotes() {
	if !c.advisoryOrVEX() {
		return
	}
	for i, v := range c.a.Vulnerabilities {
		if len(v.Notes) == 0 {
			c.addf(vulnPath(i)+"/notes", "missing: each vulnerability of a %s needs notes; add a description", c.a.Category)
		}
	}
}

// 6.1.27.6: a security advisory's vulnerabilities have a product status.
func (c *checker) profileProductStatus() {
	if profile(c.a.Category) != "csaf_security_advisory" {
		return
	}
	for i, v := range c.a.Vulnerabilities {
		if v.StatusLists == nil {
			c.addf(vulnPath(i)+"/product_status", "missing: each vulnerability of a security advisory needs a product status; say which products are affected")
		}
	}
}

// 6.1.27.7: a VEX vulnerability lists products as fixed, known affected,
// known not affected or under investigation.
func (c *checker) profileVEXStatus() {
	if profile(c.a.Category) != "csaf_vex" {
		return
	}
	for i, v := range c.a.Vulnerabilities {
		if len(v.StatusLists[advisory.StatusFixed]) == 0 && len(v.StatusLists[advisory.StatusKnownAffected]) == 0 &&
			len(v.StatusLists[advisory.StatusKnownNotAffected]) == 0 && len(v.StatusLists[advisory.StatusUnderInvestigation]) == 0 {
			c.addf(vulnPath(i)+"/product_status", "a VEX vulnerability needs at least one of fixed, known_affected, known_not_affected or under_investigation: add one")
		}
	}
}

// 6.1.27.8: a VEX vulnerability has a CVE or ids.
func (c *checker) profileVulnerabilityID() {
	if profile(c.a.Category) != "csaf_vex" {
		return
	}
	for i, v := range c.a.Vulnerabilities {
		if v.CVE == "" && len(v.IDs) == 0 {
			c.addf(vulnPath(i), "a VEX vulnerability needs a cve or ids: add its identifier")
		}
	}
}

// 6.1.27.9: every known_not_affected product of a VEX document has an
// impact statement: a flag or a threat of category impact.
func (c *checker) profileImpactStatement() {
	if profile(c.a.Category) != "csaf_vex" {
		return
	}
	for i := range c.a.Vulnerabilities {
		v := &c.a.Vulnerabilities[i]
		covered := map[string]bool{}
		for _, f := range v.Flags {
			for _, id := range f.ProductIDs {
				covered[id] = true
			}
		}
		for _, t := range realThreats(v) {
			if t.Category == "impact" {
				for _, id := range t.ProductIDs {
					covered[id] = true
				}
			}
		}
		for j, id := range v.StatusLists[advisory.StatusKnownNotAffected] {
			if !covered[id] {
				c.addf(vulnPath(i)+"/product_status/known_not_affected/"+strconv.Itoa(j), "product %q is known not affected without an impact statement: add a flag or a threat of category impact for it", id)
			}
		}
	}
}

// 6.1.27.10: every known_affected product of a VEX document has an
// action statement (a remediation).
func (c *checker) profileActionStatement() {
	if profile(c.a.Category) != "csaf_vex" {
		return
	}
	for i := range c.a.Vulnerabilities {
		v := &c.a.Vulnerabilities[i]
		covered := map[string]bool{}
		for _, r := range v.Remediations {
			for _, id := range r.ProductIDs {
				covered[id] = true
			}
		}
		for j, id := range v.StatusLists[advisory.StatusKnownAffected] {
			if !covered[id] {
				c.addf(vulnPath(i)+"/product_status/known_affected/"+strconv.Itoa(j), "product %q is known affected without an action statement: add a remediation for it", id)
			}
		}
	}
}

// 6.1.27.11: security advisories and VEX documents have vulnerabilities.
func (c *checker) profileVulnerabilities() {
	if c.advisoryOrVEX() && len(c.a.Vulnerabilities) == 0 {
		c.addf("/vulnerabilities", "missing: a %s needs vulnerabilities; add them or use another category", c.a.Category)
	}
}

// 6.1.28: a translation's language differs from its source's.
func (c *checker) translation() {
	if c.a.Lang != "" && strings.EqualFold(c.a.Lang, c.a.SourceLang) {
		c.addf("/document/source_lang", "is the same as the document language %s: a translation's source language is another one; correct either", c.a.Lang)
	}
}

// 6.1.29: a remediation names its products.
func (c *checker) remediationRefs() {
	for i, v := range c.a.Vulnerabilities {
		for j, r := range v.Remediations {
			if len(r.ProductIDs) == 0 && len(r.GroupIDs) == 0 {
				c.addf(vulnPath(i)+"/remediations/"+strconv.Itoa(j), "a remediation must say which products it is for: add product_ids or group_ids")
			}
		}
	}
}

// 6.1.30: version and revision numbers use one scheme.
func (c *checker) mixedVersioning() {
	doc := parseVersion(c.a.Version).scheme
	if doc == schemeOther {
		return
	}
	name := map[versionScheme]string{schemeInteger: "integer", schemeSemver: "semantic"}
	for _, r := range c.a.Revisions {
		s := parseVersion(r.Number).scheme
		if s != schemeOther && s != doc {
			c.addf(revisionPath(r, "number"), "%s is %s versioning, but the document version %s is %s versioning: use one scheme throughout", r.Number, name[s], c.a.Version, name[doc])
		}
	}
}

// rangeWords are the words that make a product_version name a range.
func rangeWords() []string {
	return []string{"after", "all", "before", "earlier", "later", "prior", "versions"}
}

// isVersionRange reports whether a product_version name is a range.
func isVersionRange(name string) bool {
	n := strings.ToLower(name)
	if strings.ContainsAny(n, "<>") {
		return true
	}
	for _, w := range strings.Fields(n) {
		if slices.Contains(rangeWords(), w) {
			return true
		}
	}
	return false
}

// 6.1.31: a product_version branch names one version, not a range.
func (c *checker) versionRangeInVersion() {
	c.walkBranches(func(b *advisory.Branch, at *branchLoc, _ int) int {
		if b.Category == "product_version" && isVersionRange(b.Name) {
			c.addf(at.path()+"/name", "%q is a version range: use the category product_version_range (with a vers string) or name single versions", b.Name)
		}
		return 0
	})
}

// 6.1.32: a flag names its products.
func (c *checker) flagRefs() {
	for i, v := range c.a.Vulnerabilities {
		for j, f := range v.Flags {
			if len(f.ProductIDs) == 0 && len(f.GroupIDs) == 0 {
				c.addf(vulnPath(i)+"/flags/"+strconv.Itoa(j), "a flag must say which products it is for: add product_ids or group_ids")
			}
		}
	}
}

// 6.1.33: per vulnerability, a product has at most one VEX justification.
func (c *checker) multipleFlags() {
	for i, v := range c.a.Vulnerabilities {
		seen := map[string]int{}
		for j, f := range v.Flags {
			for _, id := range f.ProductIDs {
				if k, dup := seen[id]; dup && k != j {
					c.addf(vulnPath(i)+"/flags/"+strconv.Itoa(j), "product %q already has the flag %s: give one VEX justification per product", id, v.Flags[k].Label)
					continue
				}
				seen[id] = j
			}
		}
	}
}
