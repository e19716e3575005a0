package csaf

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tocsin-cert/tocsin/internal/advisory"
)

// Parse decodes a CSAF 2.0 document and maps it into the advisory model
// without checking it against the schema (Validator.Decode does both).
// Values of the wrong type and dates that cannot be read are errors that
// name their JSON path; missing optional values are left empty.
func Parse(data []byte) (*advisory.Advisory, error) {
	doc, err := decodeJSON(data)
	if err != nil {
		return nil, fmt.Errorf("parse CSAF: %w", err)
	}
	a, err := mapDocument(doc)
	if err != nil {
		return nil, fmt.Errorf("parse CSAF: %w", err)
	}
	return a, nil
}

// mapper walks the decoded JSON and remembers the first fault it meets.
// Paths are JSON pointers, built only where a fault is reported.
type mapper struct {
	err error
}

// failf records a fault at path unless one was recorded already.
func (m *mapper) failf(path, format string, args ...any) {
	if m.err == nil {
		m.err = fmt.Errorf("%s: %s", path, fmt.Sprintf(format, args...))
	}
}

// typeName names the JSON type of a decoded value.
func typeName(v any) string {
	switch v.(type) {
	case map[string]any:
		return "an object"
	case []any:
		return "an array"
	case string:
		return "a string"
	case json.Number, float64:
		return "a number"
	case bool:
		return "a boolean"
	case nil:
		return "null"
	}
	return fmt.Sprintf("%T", v)
}

// asObj reads v as an object; nil (missing) gives nil.
func (m *mapper) asObj(v any, path string) map[string]any {
	switch v := v.(type) {
	case map[string]any:
		return v
	case nil:
		return nil
	}
	m.failf(path, "must be an object, not %s", typeName(v))
	return nil
}

func (m *mapper) obj(o map[string]any, key, path string) map[string]any {
	v, ok := o[key]
	if !ok {
		return nil
	}
	if r, ok := v.(map[string]any); ok {
		return r
	}
	return m.asObj(v, path+"/"+key)
}

func (m *mapper) arr(o map[string]any, key, path string) []any {
	v, ok := o[key]
	if !ok || v == nil {
		return nil
	}
	if r, ok := v.([]any); ok {
		return r
	}
	m.failf(path+"/"+key, "must be an array, not %s", typeName(v))
	return nil
}

func (m *mapper) str(o map[string]any, key, path string) string {
	v, ok := o[key]
	if !ok || v == nil {
		return ""
	}
	if s, ok := v.(string); ok {
		return s
	}
	m.failf(path+"/"+key, "must be a string, not %s", typeName(v))
	return ""
}

// name reads a name and trims surrounding white space, which real
// documents carry (" SIMATIC Logon V1.6").
func (m *mapper) name(o map[string]any, key, path string) string {
	return strings.TrimSpace(m.str(o, key, path))
}

// strs reads an array of strings.
func (m *mapper) strs(o map[string]any, key, path string) []string {
	a := m.arr(o, key, path)
	if len(a) == 0 {
		return nil
	}
	out := make([]string, 0, len(a))
	for i, v := range a {
		s, ok := v.(string)
		if !ok {
			m.failf(path+"/"+key+"/"+strconv.Itoa(i), "must be a string, not %s", typeName(v))
			return nil
		}
		out = append(out, s)
	}
	return out
}

func (m *mapper) num(o map[string]any, key, path string) float64 {
	v, ok := o[key]
	if !ok || v == nil {
		return 0
	}
	switch n := v.(type) {
	case json.Number:
		f, err := strconv.ParseFloat(string(n), 64)
		if err != nil {
			m.failf(path+"/"+key, "cannot read number %s: %v", n, err)
		}
		return f
	case float64:
		return n
	}
	m.failf(path+"/"+key, "must be a number, not %s", typeName(v))
	return 0
}

func (m *mapper) date(o map[string]any, key, path string) time.Time {
	s := m.str(o, key, path)
	if s == "" {
		if _, present := o[key]; present && m.err == nil {
			m.failf(path+"/"+key, "date is empty")
		}
		return time.Time{}
	}
	t, err := parseDate(s)
	if err != nil {
		m.failf(path+"/"+key, "%v", err)
	}
	return t
}

// elem returns the i-th element of an array as an object, and its path.
func (m *mapper) elem(a []any, i int, path string) (map[string]any, string) {
	p := path + "/" + strconv.Itoa(i)
	o, ok := a[i].(map[string]any)
	if !ok {
		m.asObj(a[i], p)
	}
	return o, p
}

// mapDocument maps a decoded CSAF document.
func mapDocument(doc any) (*advisory.Advisory, error) {
	root, ok := doc.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("a CSAF document must be a JSON object, not %s", typeName(doc))
	}
	m := &mapper{}
	d := m.obj(root, "document", "")
	if m.err != nil {
		return nil, m.err
	}
	if d == nil {
		return nil, errors.New("/document: missing; this is not a CSAF document")
	}
	if v := m.str(d, "csaf_version", "/document"); v != "2.0" {
		if m.err != nil {
			return nil, m.err
		}
		return nil, fmt.Errorf("/document/csaf_version: Tocsin reads CSAF 2.0, not %q", v)
	}

	a := &advisory.Advisory{}
	m.document(a, d)

	groups := map[string][]string(nil)
	if pt := m.obj(root, "product_tree", ""); pt != nil {
		groups = m.productGroups(pt)
		a.Products = m.productTree(pt)
	}
	vulns := m.arr(root, "vulnerabilities", "")
	if len(vulns) > 0 {
		a.Vulnerabilities = make([]advisory.Vulnerability, 0, len(vulns))
	}
	for i := range vulns {
		vo, p := m.elem(vulns, i, "/vulnerabilities")
		if vo == nil {
			continue
		}
		a.Vulnerabilities = append(a.Vulnerabilities, m.vulnerability(vo, p, groups, a))
	}
	if m.err != nil {
		return nil, m.err
	}
	return a, nil
}

// document maps the document section.
func (m *mapper) document(a *advisory.Advisory, d map[string]any) {
	const p = "/document"
	a.Title = m.str(d, "title", p)
	a.Category = m.str(d, "category", p)
	a.Lang = m.str(d, "lang", p)

	if pub := m.obj(d, "publisher", p); pub != nil {
		const pp = p + "/publisher"
		a.Publisher = advisory.Publisher{
			Name:             m.name(pub, "name", pp),
			Namespace:        m.str(pub, "namespace", pp),
			Category:         m.str(pub, "category", pp),
			ContactDetails:   m.str(pub, "contact_details", pp),
			IssuingAuthority: m.str(pub, "issuing_authority", pp),
		}
	}

	if tr := m.obj(d, "tracking", p); tr != nil {
		const tp = p + "/tracking"
		a.TrackingID = m.str(tr, "id", tp)
		a.Version = m.str(tr, "version", tp)
		a.Status = m.str(tr, "status", tp)
		a.InitialRelease = m.date(tr, "initial_release_date", tp)
		a.CurrentRelease = m.date(tr, "current_release_date", tp)
		revs := m.arr(tr, "revision_history", tp)
		a.Revisions = make([]advisory.Revision, 0, len(revs))
		for i := range revs {
			ro, rp := m.elem(revs, i, tp+"/revision_history")
			if ro == nil {
				continue
			}
			a.Revisions = append(a.Revisions, advisory.Revision{
				Number:  m.str(ro, "number", rp),
				Date:    m.date(ro, "date", rp),
				Summary: m.str(ro, "summary", rp),
			})
		}
		// Oldest first; equal dates by revision number.
		slices.SortStableFunc(a.Revisions, func(x, y advisory.Revision) int {
			if c := x.Date.Compare(y.Date); c != 0 {
				return c
			}
			return compareVersions(x.Number, y.Number)
		})
	}

	if dist := m.obj(d, "distribution", p); dist != nil {
		const dp = p + "/distribution"
		a.DistributionText = m.str(dist, "text", dp)
		if tlp := m.obj(dist, "tlp", dp); tlp != nil {
			label := m.str(tlp, "label", dp+"/tlp")
			if label != "" {
				t, ok := advisory.ParseTLP(label)
				if !ok {
					m.failf(dp+"/tlp/label", "unknown TLP label %q (CSAF 2.0 knows WHITE, GREEN, AMBER and RED)", label)
				}
				a.TLP = t
			}
		}
	}

	if as := m.obj(d, "aggregate_severity", p); as != nil {
		a.AggregateSeverity = m.str(as, "text", p+"/aggregate_severity")
		a.AggregateSeverityNamespace = m.str(as, "namespace", p+"/aggregate_severity")
	}
	a.Notes = m.notes(d, p)
	a.References = m.references(d, p)
	a.Acknowledgments = m.acknowledgments(d, p, a.Acknowledgments)
}

func (m *mapper) notes(o map[string]any, path string) []advisory.Note {
	arr := m.arr(o, "notes", path)
	if len(arr) == 0 {
		return nil
	}
	out := make([]advisory.Note, 0, len(arr))
	for i := range arr {
		no, np := m.elem(arr, i, path+"/notes")
		if no == nil {
			continue
		}
		out = append(out, advisory.Note{
			Category: m.str(no, "category", np),
			Title:    m.str(no, "title", np),
			Text:     m.str(no, "text", np),
			Audience: m.str(no, "audience", np),
		})
	}
	return out
}

func (m *mapper) references(o map[string]any, path string) []advisory.Reference {
	arr := m.arr(o, "references", path)
	if len(arr) == 0 {
		return nil
	}
	out := make([]advisory.Reference, 0, len(arr))
	for i := range arr {
		ro, rp := m.elem(arr, i, path+"/references")
		if ro == nil {
			continue
		}
		out = append(out, advisory.Reference{
			URL:      m.str(ro, "url", rp),
			Summary:  m.str(ro, "summary", rp),
			Category: m.str(ro, "category", rp),
		})
	}
	return out
}

// acknowledgments flattens acknowledgments into strings, one per name,
// with the organisation in brackets ("Jane Doe (ACME)"), or the
// organisation alone; duplicates of earlier entries in out are skipped.
func (m *mapper) acknowledgments(o map[string]any, path string, out []string) []string {
	arr := m.arr(o, "acknowledgments", path)
	add := func(s string) {
		if s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	for i := range arr {
		ao, ap := m.elem(arr, i, path+"/acknowledgments")
		if ao == nil {
			continue
		}
		org := m.name(ao, "organization", ap)
		names := m.strs(ao, "names", ap)
		if len(names) == 0 {
			add(org)
			continue
		}
		for _, n := range names {
			n = strings.TrimSpace(n)
			if org != "" && n != org {
				n += " (" + org + ")"
			}
			add(n)
		}
	}
	return out
}

// productGroups reads product_groups into group id -> product ids.
func (m *mapper) productGroups(pt map[string]any) map[string][]string {
	const p = "/product_tree"
	arr := m.arr(pt, "product_groups", p)
	if len(arr) == 0 {
		return nil
	}
	groups := make(map[string][]string, len(arr))
	for i := range arr {
		g, gp := m.elem(arr, i, p+"/product_groups")
		if g == nil {
			continue
		}
		id := m.str(g, "group_id", gp)
		if _, dup := groups[id]; dup || id == "" {
			continue
		}
		groups[id] = m.strs(g, "product_ids", gp)
	}
	return groups
}

// productRefs reads the product ids a statement names: the ids under key
// ("product_ids" or "products") and the members of the groups under
// "group_ids", without duplicates, in that order.
func (m *mapper) productRefs(o map[string]any, key, path string, groups map[string][]string) []string {
	ids := m.strs(o, key, path)
	gids := m.strs(o, "group_ids", path)
	if len(gids) == 0 {
		return ids
	}
	for _, g := range gids {
		ids = append(ids, groups[g]...)
	}
	return dedupe(ids)
}

// dedupe removes later duplicates, keeping order.
func dedupe(ids []string) []string {
	seen := make(map[string]struct{}, len(ids))
	out := ids[:0]
	for _, id := range ids {
		if _, ok := seen[id]; ok {
			continue
		}
		seen[id] = struct{}{}
		out = append(out, id)
	}
	return out
}

// statusKeys lists the product_status keys of CSAF 2.0.
func statusKeys() [8]advisory.Status {
	return [...]advisory.Status{
		advisory.StatusFirstAffected,
		advisory.StatusKnownAffected,
		advisory.StatusLastAffected,
		advisory.StatusUnderInvestigation,
		advisory.StatusFirstFixed,
		advisory.StatusFixed,
		advisory.StatusKnownNotAffected,
		advisory.StatusRecommended,
	}
}

// alarm ranks statuses: when a product is in several lists of one
// vulnerability the most alarming one wins (affected > under investigation
// > fixed > not affected > recommended).
func alarm(s advisory.Status) int {
	switch s {
	case advisory.StatusFirstAffected, advisory.StatusKnownAffected, advisory.StatusLastAffected:
		return 5
	case advisory.StatusUnderInvestigation:
		return 4
	case advisory.StatusFirstFixed, advisory.StatusFixed:
		return 3
	case advisory.StatusKnownNotAffected:
		return 2
	case advisory.StatusRecommended:
		return 1
	}
	return 0
}

// vulnerability maps one vulnerability. Its acknowledgments are added to
// the document's, as the model has no place for them per vulnerability.
func (m *mapper) vulnerability(vo map[string]any, p string, groups map[string][]string, a *advisory.Advisory) advisory.Vulnerability {
	v := advisory.Vulnerability{
		CVE:           m.str(vo, "cve", p),
		Title:         m.str(vo, "title", p),
		Notes:         m.notes(vo, p),
		References:    m.references(vo, p),
		ReleaseDate:   m.date(vo, "release_date", p),
		DiscoveryDate: m.date(vo, "discovery_date", p),
	}
	ids := m.arr(vo, "ids", p)
	for i := range ids {
		idObj, ip := m.elem(ids, i, p+"/ids")
		if idObj == nil {
			continue
		}
		v.IDs = append(v.IDs, advisory.ID{System: m.str(idObj, "system_name", ip), Text: m.str(idObj, "text", ip)})
	}
	if cwe := m.obj(vo, "cwe", p); cwe != nil {
		v.CWE = &advisory.CWE{ID: m.str(cwe, "id", p+"/cwe"), Name: m.str(cwe, "name", p+"/cwe")}
	}

	scores := m.arr(vo, "scores", p)
	for i := range scores {
		so, sp := m.elem(scores, i, p+"/scores")
		if so == nil {
			continue
		}
		products := m.productRefs(so, "products", sp, groups)
		if c := m.obj(so, "cvss_v3", sp); c != nil {
			cp := sp + "/cvss_v3"
			s := advisory.Score{
				CVSSVersion:  m.str(c, "version", cp),
				Vector:       m.str(c, "vectorString", cp),
				BaseScore:    m.num(c, "baseScore", cp),
				BaseSeverity: m.str(c, "baseSeverity", cp),
				ProductIDs:   products,
			}
			if s.CVSSVersion == "" && strings.HasPrefix(s.Vector, "CVSS:3.") && len(s.Vector) > 8 {
				s.CVSSVersion = s.Vector[5:8]
			}
			v.Scores = append(v.Scores, s)
		}
		if c := m.obj(so, "cvss_v2", sp); c != nil {
			cp := sp + "/cvss_v2"
			v.Scores = append(v.Scores, advisory.Score{
				CVSSVersion: "2.0",
				Vector:      m.str(c, "vectorString", cp),
				BaseScore:   m.num(c, "baseScore", cp),
				ProductIDs:  slices.Clone(products),
			})
		}
	}

	rems := m.arr(vo, "remediations", p)
	if len(rems) > 0 {
		v.Remediations = make([]advisory.Remediation, 0, len(rems))
	}
	for i := range rems {
		ro, rp := m.elem(rems, i, p+"/remediations")
		if ro == nil {
			continue
		}
		v.Remediations = append(v.Remediations, advisory.Remediation{
			Category:   m.str(ro, "category", rp),
			Details:    m.str(ro, "details", rp),
			URL:        m.str(ro, "url", rp),
			Date:       m.date(ro, "date", rp),
			ProductIDs: m.productRefs(ro, "product_ids", rp, groups),
		})
	}

	threats := m.arr(vo, "threats", p)
	for i := range threats {
		to, tp := m.elem(threats, i, p+"/threats")
		if to == nil {
			continue
		}
		m.date(to, "date", tp) // checked, but the model keeps no threat date
		v.Threats = append(v.Threats, advisory.Threat{
			Category:   m.str(to, "category", tp),
			Details:    m.str(to, "details", tp),
			ProductIDs: m.productRefs(to, "product_ids", tp, groups),
		})
	}
	// Flags (VEX justifications such as component_not_present) have no
	// place of their own in the model yet: they are kept as threats of
	// category "flag" with the label as details.
	flags := m.arr(vo, "flags", p)
	for i := range flags {
		fo, fp := m.elem(flags, i, p+"/flags")
		if fo == nil {
			continue
		}
		m.date(fo, "date", fp)
		v.Threats = append(v.Threats, advisory.Threat{
			Category:   FlagThreatCategory,
			Details:    m.str(fo, "label", fp),
			ProductIDs: m.productRefs(fo, "product_ids", fp, groups),
		})
	}

	if ps := m.obj(vo, "product_status", p); ps != nil {
		n := 0
		for _, list := range ps {
			if l, ok := list.([]any); ok {
				n += len(l)
			}
		}
		v.ProductStatus = make(map[string]advisory.Status, n)
		for _, st := range statusKeys() {
			for _, id := range m.strs(ps, string(st), p+"/product_status") {
				if cur, ok := v.ProductStatus[id]; !ok || alarm(st) > alarm(cur) {
					v.ProductStatus[id] = st
				}
			}
		}
	}

	a.Acknowledgments = m.acknowledgments(vo, p, a.Acknowledgments)
	return v
}

// FlagThreatCategory is the Threat category under which CSAF flags (VEX
// justifications, e.g. component_not_present) are kept; the flag's label is
// the threat's Details.
const FlagThreatCategory = "flag"

// compareVersions orders revision numbers: integers ("2" < "10") and
// dotted versions component by component.
func compareVersions(a, b string) int {
	for a != "" || b != "" {
		var pa, pb string
		pa, a, _ = strings.Cut(a, ".")
		pb, b, _ = strings.Cut(b, ".")
		na, errA := strconv.Atoi(pa)
		nb, errB := strconv.Atoi(pb)
		var c int
		switch {
		case errA == nil && errB == nil:
			c = cmp.Compare(na, nb)
		default:
			c = strings.Compare(pa, pb)
		}
		if c != 0 {
			return c
		}
	}
	return 0
}
