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
	// a is the advisory being built; properties CSAF does not define go
	// to its Additional map.
	a *advisory.Advisory
	// acks holds the entries of a.Acknowledgments.
	acks map[string]struct{}
	// base is the branch being mapped, if any: paths are relative to it
	// (see branchList).
	base *branchLoc
	// expanded counts the product ids that group references added, to
	// bound what a small crafted document can make the model hold.
	expanded int
}

// maxExpandedIDs bounds the product ids that product groups may add to
// statements over a whole document (real advisories stay far below: the
// largest corpus document adds none). Past it the document is refused.
const maxExpandedIDs = 2_000_000

// abs makes a path absolute: below a branch, paths are relative to it.
func (m *mapper) abs(path string) string {
	if m.base == nil {
		return path
	}
	return m.base.path() + path
}

// failf records a fault at path unless one was recorded already.
func (m *mapper) failf(path, format string, args ...any) {
	if m.err == nil {
		m.err = fmt.Errorf("%s: %s", m.abs(path), fmt.Sprintf(format, args...))
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

// rawDate reads a date and also returns it as written.
func (m *mapper) rawDate(o map[string]any, key, path string) (time.Time, string) {
	t := m.date(o, key, path)
	s, _ := o[key].(string)
	return t, s
}

// optNum reads an optional number: nil when absent.
func (m *mapper) optNum(o map[string]any, key, path string) *float64 {
	if v, ok := o[key]; !ok || v == nil {
		return nil
	}
	f := m.num(o, key, path)
	return &f
}

// known records the properties of o that are not in keys, which CSAF 2.0
// does not define there, in the advisory's Additional map.
func (m *mapper) known(o map[string]any, path string, keys ...string) {
	if len(o) <= len(keys) {
		// Fast path: every property is a known one.
		n := 0
		for _, k := range keys {
			if _, ok := o[k]; ok {
				n++
			}
		}
		if n == len(o) {
			return
		}
	}
	for k, v := range o {
		if slices.Contains(keys, k) {
			continue
		}
		if m.a.Additional == nil {
			m.a.Additional = make(map[string]any)
		}
		m.a.Additional[m.abs(path)+"/"+escapeToken(k)] = v
	}
}

// mapDocument maps a decoded CSAF document.
func mapDocument(doc any) (*advisory.Advisory, error) {
	root, ok := doc.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("a CSAF document must be a JSON object, not %s", typeName(doc))
	}
	a := &advisory.Advisory{}
	m := &mapper{a: a}
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
	m.known(root, "", "document", "product_tree", "vulnerabilities")
	m.document(a, d)

	groups := map[string][]string(nil)
	if pt := m.obj(root, "product_tree", ""); pt != nil {
		a.ProductTree = m.productTreeRaw(pt)
		groups = productGroupMap(a.ProductTree)
		a.Products = flattenProducts(a.ProductTree)
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
	m.known(d, p, "acknowledgments", "aggregate_severity", "category", "csaf_version", "distribution", "lang",
		"notes", "publisher", "references", "source_lang", "title", "tracking")
	a.Title = m.str(d, "title", p)
	a.Category = m.str(d, "category", p)
	a.Lang = m.str(d, "lang", p)
	a.SourceLang = m.str(d, "source_lang", p)

	if pub := m.obj(d, "publisher", p); pub != nil {
		const pp = p + "/publisher"
		m.known(pub, pp, "category", "contact_details", "issuing_authority", "name", "namespace")
		a.Publisher = advisory.Publisher{
			Name:             m.name(pub, "name", pp),
			Namespace:        m.str(pub, "namespace", pp),
			Category:         m.str(pub, "category", pp),
			ContactDetails:   m.str(pub, "contact_details", pp),
			IssuingAuthority: m.str(pub, "issuing_authority", pp),
		}
		if raw := m.str(pub, "name", pp); raw != a.Publisher.Name {
			a.Publisher.NameRaw = raw
		}
	}

	if tr := m.obj(d, "tracking", p); tr != nil {
		m.tracking(a, tr)
	}

	if dist := m.obj(d, "distribution", p); dist != nil {
		const dp = p + "/distribution"
		m.known(dist, dp, "text", "tlp")
		a.DistributionText = m.str(dist, "text", dp)
		if tlp := m.obj(dist, "tlp", dp); tlp != nil {
			m.known(tlp, dp+"/tlp", "label", "url")
			label := m.str(tlp, "label", dp+"/tlp")
			a.TLPLabel = label
			a.TLPURL = m.str(tlp, "url", dp+"/tlp")
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
		m.known(as, p+"/aggregate_severity", "namespace", "text")
		a.AggregateSeverity = m.str(as, "text", p+"/aggregate_severity")
		a.AggregateSeverityNamespace = m.str(as, "namespace", p+"/aggregate_severity")
	}
	a.Notes = m.notes(d, p)
	a.References = m.references(d, p)
	a.DocumentAcknowledgments = m.acknowledgmentList(d, p)
	m.flattenAcknowledgments(a.DocumentAcknowledgments)
}

// tracking maps document/tracking.
func (m *mapper) tracking(a *advisory.Advisory, tr map[string]any) {
	const tp = "/document/tracking"
	m.known(tr, tp, "aliases", "current_release_date", "generator", "id", "initial_release_date", "revision_history", "status", "version")
	a.TrackingID = m.str(tr, "id", tp)
	a.Version = m.str(tr, "version", tp)
	a.Status = m.str(tr, "status", tp)
	a.Aliases = m.strs(tr, "aliases", tp)
	a.InitialRelease, a.InitialReleaseRaw = m.rawDate(tr, "initial_release_date", tp)
	a.CurrentRelease, a.CurrentReleaseRaw = m.rawDate(tr, "current_release_date", tp)
	if g := m.obj(tr, "generator", tp); g != nil {
		gp := tp + "/generator"
		m.known(g, gp, "date", "engine")
		gen := &advisory.Generator{}
		gen.Date, gen.DateRaw = m.rawDate(g, "date", gp)
		if e := m.obj(g, "engine", gp); e != nil {
			m.known(e, gp+"/engine", "name", "version")
			gen.EngineName = m.str(e, "name", gp+"/engine")
			gen.EngineVersion = m.str(e, "version", gp+"/engine")
		}
		a.Generator = gen
	}
	revs := m.arr(tr, "revision_history", tp)
	a.Revisions = make([]advisory.Revision, 0, len(revs))
	for i := range revs {
		ro, rp := m.elem(revs, i, tp+"/revision_history")
		if ro == nil {
			continue
		}
		m.known(ro, rp, "date", "legacy_version", "number", "summary")
		r := advisory.Revision{
			Number:        m.str(ro, "number", rp),
			Summary:       m.str(ro, "summary", rp),
			LegacyVersion: m.str(ro, "legacy_version", rp),
			Position:      i,
		}
		r.Date, r.DateRaw = m.rawDate(ro, "date", rp)
		a.Revisions = append(a.Revisions, r)
	}
	// Oldest first; equal dates by revision number.
	slices.SortStableFunc(a.Revisions, func(x, y advisory.Revision) int {
		if c := x.Date.Compare(y.Date); c != 0 {
			return c
		}
		return compareVersions(x.Number, y.Number)
	})
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
		m.known(no, np, "audience", "category", "text", "title")
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
		m.known(ro, rp, "category", "summary", "url")
		out = append(out, advisory.Reference{
			URL:      m.str(ro, "url", rp),
			Summary:  m.str(ro, "summary", rp),
			Category: m.str(ro, "category", rp),
		})
	}
	return out
}

// acknowledgmentList reads acknowledgments as written.
func (m *mapper) acknowledgmentList(o map[string]any, path string) []advisory.Acknowledgment {
	arr := m.arr(o, "acknowledgments", path)
	if len(arr) == 0 {
		return nil
	}
	out := make([]advisory.Acknowledgment, 0, len(arr))
	for i := range arr {
		ao, ap := m.elem(arr, i, path+"/acknowledgments")
		if ao == nil {
			continue
		}
		m.known(ao, ap, "names", "organization", "summary", "urls")
		out = append(out, advisory.Acknowledgment{
			Names:        m.strs(ao, "names", ap),
			Organization: m.str(ao, "organization", ap),
			Summary:      m.str(ao, "summary", ap),
			URLs:         m.strs(ao, "urls", ap),
		})
	}
	return out
}

// flattenAcknowledgments appends acknowledgments to the advisory's as
// strings, one per name, with the organisation in brackets ("Jane Doe
// (ACME)"), or the organisation alone; names are trimmed and duplicates of
// earlier entries skipped.
func (m *mapper) flattenAcknowledgments(acks []advisory.Acknowledgment) {
	add := func(s string) {
		if s == "" {
			return
		}
		if _, dup := m.acks[s]; dup {
			return
		}
		if m.acks == nil {
			m.acks = make(map[string]struct{})
		}
		m.acks[s] = struct{}{}
		m.a.Acknowledgments = append(m.a.Acknowledgments, s)
	}
	for _, ack := range acks {
		org := strings.TrimSpace(ack.Organization)
		if len(ack.Names) == 0 {
			add(org)
			continue
		}
		for _, n := range ack.Names {
			n = strings.TrimSpace(n)
			if org != "" && n != org {
				n += " (" + org + ")"
			}
			add(n)
		}
	}
}

// productGroupMap reads product_groups into group id -> product ids (the
// first definition of a group id wins).
func productGroupMap(pt *advisory.ProductTree) map[string][]string {
	if len(pt.ProductGroups) == 0 {
		return nil
	}
	groups := make(map[string][]string, len(pt.ProductGroups))
	for _, g := range pt.ProductGroups {
		if _, dup := groups[g.GroupID]; dup || g.GroupID == "" {
			continue
		}
		groups[g.GroupID] = g.ProductIDs
	}
	return groups
}

// productRefs reads the product ids a statement names: the ids under key
// ("product_ids" or "products") and the members of the groups under
// "group_ids", without duplicates, in that order. It also returns the
// group ids and, when there are any, the ids listed directly.
func (m *mapper) productRefs(o map[string]any, key, path string, groups map[string][]string) (ids, gids, listed []string) {
	ids = m.strs(o, key, path)
	gids = m.strs(o, "group_ids", path)
	if len(gids) == 0 {
		return ids, nil, nil
	}
	listed = ids
	all := make([]string, 0, len(ids)+4*len(gids))
	all = append(all, ids...)
	for _, g := range gids {
		m.expanded += len(groups[g])
		if m.expanded > maxExpandedIDs {
			m.failf(path+"/group_ids", "product groups name more than %d product ids in all; split the document or list fewer groups per statement", maxExpandedIDs)
			return ids, gids, listed
		}
		all = append(all, groups[g]...)
	}
	return dedupe(all), gids, listed
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

// vulnerability maps one vulnerability. Its acknowledgments are also added,
// flattened, to the document's.
func (m *mapper) vulnerability(vo map[string]any, p string, groups map[string][]string, a *advisory.Advisory) advisory.Vulnerability {
	m.known(vo, p, "acknowledgments", "cve", "cwe", "discovery_date", "flags", "ids", "involvements", "notes",
		"product_status", "references", "release_date", "remediations", "scores", "threats", "title")
	v := advisory.Vulnerability{
		CVE:        m.str(vo, "cve", p),
		Title:      m.str(vo, "title", p),
		Notes:      m.notes(vo, p),
		References: m.references(vo, p),
	}
	v.ReleaseDate, v.ReleaseDateRaw = m.rawDate(vo, "release_date", p)
	v.DiscoveryDate, v.DiscoveryDateRaw = m.rawDate(vo, "discovery_date", p)
	ids := m.arr(vo, "ids", p)
	for i := range ids {
		idObj, ip := m.elem(ids, i, p+"/ids")
		if idObj == nil {
			continue
		}
		m.known(idObj, ip, "system_name", "text")
		v.IDs = append(v.IDs, advisory.ID{System: m.str(idObj, "system_name", ip), Text: m.str(idObj, "text", ip)})
	}
	if cwe := m.obj(vo, "cwe", p); cwe != nil {
		m.known(cwe, p+"/cwe", "id", "name")
		v.CWE = &advisory.CWE{ID: m.str(cwe, "id", p+"/cwe"), Name: m.str(cwe, "name", p+"/cwe")}
	}

	m.scores(&v, vo, p)

	rems := m.arr(vo, "remediations", p)
	if len(rems) > 0 {
		v.Remediations = make([]advisory.Remediation, 0, len(rems))
	}
	for i := range rems {
		ro, rp := m.elem(rems, i, p+"/remediations")
		if ro == nil {
			continue
		}
		m.known(ro, rp, "category", "date", "details", "entitlements", "group_ids", "product_ids", "restart_required", "url")
		r := advisory.Remediation{
			Category:     m.str(ro, "category", rp),
			Details:      m.str(ro, "details", rp),
			URL:          m.str(ro, "url", rp),
			Entitlements: m.strs(ro, "entitlements", rp),
		}
		r.Date, r.DateRaw = m.rawDate(ro, "date", rp)
		r.ProductIDs, r.GroupIDs, r.ListedProductIDs = m.productRefs(ro, "product_ids", rp, groups)
		if rr := m.obj(ro, "restart_required", rp); rr != nil {
			m.known(rr, rp+"/restart_required", "category", "details")
			r.RestartRequired = &advisory.RestartRequired{
				Category: m.str(rr, "category", rp+"/restart_required"),
				Details:  m.str(rr, "details", rp+"/restart_required"),
			}
		}
		v.Remediations = append(v.Remediations, r)
	}

	threats := m.arr(vo, "threats", p)
	for i := range threats {
		to, tp := m.elem(threats, i, p+"/threats")
		if to == nil {
			continue
		}
		m.known(to, tp, "category", "date", "details", "group_ids", "product_ids")
		th := advisory.Threat{
			Category: m.str(to, "category", tp),
			Details:  m.str(to, "details", tp),
		}
		th.Date, th.DateRaw = m.rawDate(to, "date", tp)
		th.ProductIDs, th.GroupIDs, th.ListedProductIDs = m.productRefs(to, "product_ids", tp, groups)
		v.Threats = append(v.Threats, th)
	}
	// Flags are kept as such, and also as threats of category "flag" with
	// the label as details, for readers that know only threats.
	flags := m.arr(vo, "flags", p)
	for i := range flags {
		fo, fp := m.elem(flags, i, p+"/flags")
		if fo == nil {
			continue
		}
		m.known(fo, fp, "date", "group_ids", "label", "product_ids")
		f := advisory.Flag{Label: m.str(fo, "label", fp)}
		f.Date, f.DateRaw = m.rawDate(fo, "date", fp)
		f.ProductIDs, f.GroupIDs, f.ListedProductIDs = m.productRefs(fo, "product_ids", fp, groups)
		v.Flags = append(v.Flags, f)
		v.Threats = append(v.Threats, advisory.Threat{
			Category:   FlagThreatCategory,
			Details:    f.Label,
			ProductIDs: slices.Clone(f.ProductIDs),
			Date:       f.Date,
		})
	}

	invs := m.arr(vo, "involvements", p)
	for i := range invs {
		io, ip := m.elem(invs, i, p+"/involvements")
		if io == nil {
			continue
		}
		m.known(io, ip, "date", "party", "status", "summary")
		inv := advisory.Involvement{
			Party:   m.str(io, "party", ip),
			Status:  m.str(io, "status", ip),
			Summary: m.str(io, "summary", ip),
		}
		inv.Date, inv.DateRaw = m.rawDate(io, "date", ip)
		v.Involvements = append(v.Involvements, inv)
	}

	if ps := m.obj(vo, "product_status", p); ps != nil {
		m.productStatus(&v, ps, p+"/product_status")
	}

	v.Acknowledgments = m.acknowledgmentList(vo, p)
	m.flattenAcknowledgments(v.Acknowledgments)
	return v
}

// productStatus maps product_status: the lists as written, and each
// product's most alarming status.
func (m *mapper) productStatus(v *advisory.Vulnerability, ps map[string]any, path string) {
	keys := statusKeys()
	m.known(ps, path, string(keys[0]), string(keys[1]), string(keys[2]), string(keys[3]),
		string(keys[4]), string(keys[5]), string(keys[6]), string(keys[7]))
	n := 0
	for _, list := range ps {
		if l, ok := list.([]any); ok {
			n += len(l)
		}
	}
	v.ProductStatus = make(map[string]advisory.Status, n)
	v.StatusLists = make(map[advisory.Status][]string, len(ps))
	for _, st := range keys {
		ids := m.strs(ps, string(st), path)
		if _, present := ps[string(st)]; present {
			v.StatusLists[st] = ids
		}
		for _, id := range ids {
			if cur, ok := v.ProductStatus[id]; !ok || alarm(st) > alarm(cur) {
				v.ProductStatus[id] = st
			}
		}
	}
}

// scores maps the scores: each entry as written (ScoreSets) and, flattened,
// one Score per CVSS object.
func (m *mapper) scores(v *advisory.Vulnerability, vo map[string]any, p string) {
	scores := m.arr(vo, "scores", p)
	for i := range scores {
		so, sp := m.elem(scores, i, p+"/scores")
		if so == nil {
			continue
		}
		m.known(so, sp, "cvss_v2", "cvss_v3", "products")
		set := advisory.ScoreSet{Products: m.strs(so, "products", sp)}
		if c := m.obj(so, "cvss_v3", sp); c != nil {
			cp := sp + "/cvss_v3"
			set.CVSSv3 = m.cvss3(c, cp)
			s := advisory.Score{
				CVSSVersion:  set.CVSSv3.Version,
				Vector:       set.CVSSv3.VectorString,
				BaseScore:    set.CVSSv3.BaseScore,
				BaseSeverity: set.CVSSv3.BaseSeverity,
				ProductIDs:   set.Products,
			}
			if s.CVSSVersion == "" && strings.HasPrefix(s.Vector, "CVSS:3.") && len(s.Vector) > 8 {
				s.CVSSVersion = s.Vector[5:8]
			}
			v.Scores = append(v.Scores, s)
		}
		if c := m.obj(so, "cvss_v2", sp); c != nil {
			cp := sp + "/cvss_v2"
			set.CVSSv2 = m.cvss2(c, cp)
			v.Scores = append(v.Scores, advisory.Score{
				CVSSVersion: "2.0",
				Vector:      set.CVSSv2.VectorString,
				BaseScore:   set.CVSSv2.BaseScore,
				ProductIDs:  slices.Clone(set.Products),
			})
		}
		v.ScoreSets = append(v.ScoreSets, set)
	}
}

func (m *mapper) cvss3(c map[string]any, path string) *advisory.CVSSv3 {
	out := &advisory.CVSSv3{}
	fields := cvss3Fields(out)
	keys := make([]string, 0, len(fields)+3)
	for _, f := range fields {
		*f.val = m.str(c, f.key, path)
		keys = append(keys, f.key)
	}
	out.BaseScore = m.num(c, "baseScore", path)
	out.TemporalScore = m.optNum(c, "temporalScore", path)
	out.EnvironmentalScore = m.optNum(c, "environmentalScore", path)
	m.known(c, path, append(keys, "baseScore", "temporalScore", "environmentalScore")...)
	return out
}

func (m *mapper) cvss2(c map[string]any, path string) *advisory.CVSSv2 {
	out := &advisory.CVSSv2{}
	fields := cvss2Fields(out)
	keys := make([]string, 0, len(fields)+3)
	for _, f := range fields {
		*f.val = m.str(c, f.key, path)
		keys = append(keys, f.key)
	}
	out.BaseScore = m.num(c, "baseScore", path)
	out.TemporalScore = m.optNum(c, "temporalScore", path)
	out.EnvironmentalScore = m.optNum(c, "environmentalScore", path)
	m.known(c, path, append(keys, "baseScore", "temporalScore", "environmentalScore")...)
	return out
}

// strField ties a JSON property to a string field of a CVSS object.
type strField struct {
	key string
	val *string
}

// cvss3Fields lists the string properties of a CVSS v3 object.
func cvss3Fields(c *advisory.CVSSv3) []strField {
	return []strField{
		{"version", &c.Version}, {"vectorString", &c.VectorString},
		{"attackVector", &c.AttackVector}, {"attackComplexity", &c.AttackComplexity},
		{"privilegesRequired", &c.PrivilegesRequired}, {"userInteraction", &c.UserInteraction},
		{"scope", &c.Scope}, {"confidentialityImpact", &c.ConfidentialityImpact},
		{"integrityImpact", &c.IntegrityImpact}, {"availabilityImpact", &c.AvailabilityImpact},
		{"baseSeverity", &c.BaseSeverity},
		{"exploitCodeMaturity", &c.ExploitCodeMaturity}, {"remediationLevel", &c.RemediationLevel},
		{"reportConfidence", &c.ReportConfidence}, {"temporalSeverity", &c.TemporalSeverity},
		{"confidentialityRequirement", &c.ConfidentialityRequirement}, {"integrityRequirement", &c.IntegrityRequirement},
		{"availabilityRequirement", &c.AvailabilityRequirement}, {"modifiedAttackVector", &c.ModifiedAttackVector},
		{"modifiedAttackComplexity", &c.ModifiedAttackComplexity}, {"modifiedPrivilegesRequired", &c.ModifiedPrivilegesRequired},
		{"modifiedUserInteraction", &c.ModifiedUserInteraction}, {"modifiedScope", &c.ModifiedScope},
		{"modifiedConfidentialityImpact", &c.ModifiedConfidentialityImpact}, {"modifiedIntegrityImpact", &c.ModifiedIntegrityImpact},
		{"modifiedAvailabilityImpact", &c.ModifiedAvailabilityImpact}, {"environmentalSeverity", &c.EnvironmentalSeverity},
	}
}

// cvss2Fields lists the string properties of a CVSS v2 object.
func cvss2Fields(c *advisory.CVSSv2) []strField {
	return []strField{
		{"version", &c.Version}, {"vectorString", &c.VectorString},
		{"accessVector", &c.AccessVector}, {"accessComplexity", &c.AccessComplexity},
		{"authentication", &c.Authentication}, {"confidentialityImpact", &c.ConfidentialityImpact},
		{"integrityImpact", &c.IntegrityImpact}, {"availabilityImpact", &c.AvailabilityImpact},
		{"exploitability", &c.Exploitability}, {"remediationLevel", &c.RemediationLevel},
		{"reportConfidence", &c.ReportConfidence}, {"collateralDamagePotential", &c.CollateralDamagePotential},
		{"targetDistribution", &c.TargetDistribution}, {"confidentialityRequirement", &c.ConfidentialityRequirement},
		{"integrityRequirement", &c.IntegrityRequirement}, {"availabilityRequirement", &c.AvailabilityRequirement},
	}
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
