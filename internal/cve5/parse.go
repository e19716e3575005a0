package cve5

import (
	"encoding/json"
	"errors"
	"fmt"
	"github.com/tocsin-cert/tocsin/internal/jsonread"
	"maps"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tocsin-cert/tocsin/internal/advisory"
)

// Detect reports whether data is a CVE JSON 5 record: a JSON object whose
// "dataType" is "CVE_RECORD". It reads only the top-level keys.
func Detect(data []byte) bool {
	var top struct {
		DataType json.RawMessage `json:"dataType"`
	}
	if json.Unmarshal(data, &top) != nil {
		return false
	}
	var s string
	return json.Unmarshal(top.DataType, &s) == nil && s == "CVE_RECORD"
}

// Parse maps a CVE JSON 5 record into the advisory model (see the package
// documentation for the rules). Faults name their JSON pointer.
func Parse(data []byte) (*advisory.Advisory, error) {
	if !Detect(data) {
		return nil, errors.New(`parse CVE record: not a CVE JSON 5 record: "dataType" must be "CVE_RECORD"`)
	}
	v, err := jsonread.Decode(data)
	if err != nil {
		return nil, fmt.Errorf("parse CVE record: %w", err)
	}
	r := &reader{}
	a := r.record(v.(map[string]any))
	if r.Err != nil {
		return nil, fmt.Errorf("parse CVE record %s: %w", a.TrackingID, r.Err)
	}
	return a, nil
}

func cvePattern() *regexp.Regexp { return regexp.MustCompile(`^CVE-\d{4}-\d{4,19}$`) }

// record maps the decoded record.
func (r *reader) record(root map[string]any) *advisory.Advisory {
	meta := r.Obj(root, "cveMetadata", "")
	if meta == nil && r.Err == nil {
		r.Failf("/cveMetadata", "is missing")
	}
	const mp = "/cveMetadata"
	cveID := strings.TrimSpace(r.Str(meta, "cveId", mp))
	if !cvePattern().MatchString(cveID) {
		r.Failf(mp+"/cveId", "%q is not a CVE id (CVE-YYYY-NNNN)", cveID)
	}
	state := strings.ToUpper(strings.TrimSpace(r.Str(meta, "state", mp)))
	containers := r.Obj(root, "containers", "")
	if containers == nil && r.Err == nil {
		r.Failf("/containers", "is missing")
	}
	cna := r.Obj(containers, "cna", "/containers")
	if cna == nil && r.Err == nil {
		r.Failf("/containers/cna", "is missing")
	}
	const cp = "/containers/cna"
	pm := r.Obj(cna, "providerMetadata", cp)
	short := strings.TrimSpace(r.Str(pm, "shortName", cp+"/providerMetadata"))
	if short == "" {
		short = strings.TrimSpace(r.Str(meta, "assignerShortName", mp))
	}
	orgID := strings.TrimSpace(r.Str(pm, "orgId", cp+"/providerMetadata"))
	if orgID == "" {
		orgID = strings.TrimSpace(r.Str(meta, "assignerOrgId", mp))
	}

	updated := r.Date(meta, "dateUpdated", mp)
	if updated.IsZero() {
		updated = r.Date(pm, "dateUpdated", cp+"/providerMetadata")
	}
	published := r.Date(meta, "datePublished", mp)
	if updated.IsZero() {
		updated = published
	}

	a := &advisory.Advisory{
		Publisher:      publisher(short, orgID),
		TrackingID:     cveID,
		Version:        jsonread.Revision(updated),
		Status:         "final",
		Category:       "cve_record",
		InitialRelease: published,
		CurrentRelease: updated,
	}
	if !updated.IsZero() {
		a.Revisions = []advisory.Revision{{Number: a.Version, Date: updated, Summary: "Last updated"}}
	}
	vuln := advisory.Vulnerability{CVE: cveID, ProductStatus: map[string]advisory.Status{}}

	if state == "REJECTED" {
		a.Status = "rejected"
		a.Title = cveID + " (rejected)"
		rejected := r.Date(meta, "dateRejected", mp)
		reasons := r.texts(cna, "rejectedReasons", cp)
		for _, t := range reasons {
			a.Notes = append(a.Notes, advisory.Note{Category: "general", Title: "Rejected" + t.langSuffix(), Text: t.text})
		}
		if len(reasons) > 0 {
			a.Lang = reasons[0].lang
		}
		if rb := r.Strs(cna, "replacedBy", cp); len(rb) > 0 {
			a.Notes = append(a.Notes, advisory.Note{Category: "general", Title: "Replaced by", Text: strings.Join(rb, ", ")})
		}
		if !rejected.IsZero() {
			a.Notes = append(a.Notes, advisory.Note{Category: "general", Title: "Rejection date", Text: rejected.Format(time.DateOnly)})
		}
		a.Vulnerabilities = []advisory.Vulnerability{vuln}
		return a
	}
	if state != "PUBLISHED" && r.Err == nil {
		r.Failf(mp+"/state", "must be PUBLISHED or REJECTED, not %q", state)
	}

	// Texts.
	descs := r.texts(cna, "descriptions", cp)
	a.Title = oneLine(r.Str(cna, "title", cp))
	if len(descs) > 0 {
		a.Lang = descs[0].lang
		if a.Title == "" {
			a.Title = firstSentence(descs[0].text)
		}
	}
	if a.Title == "" {
		a.Title = cveID
	}
	for _, d := range descs {
		a.Notes = append(a.Notes, advisory.Note{Category: "description", Title: "Description" + d.langSuffix(), Text: d.text})
	}
	for _, t := range r.texts(cna, "configurations", cp) {
		a.Notes = append(a.Notes, advisory.Note{Category: "other", Title: "Configurations" + t.langSuffix(), Text: t.text})
	}
	vuln.ReleaseDate = r.Date(cna, "datePublic", cp)
	if vuln.ReleaseDate.IsZero() {
		vuln.ReleaseDate = published
	}

	// Containers: the CNA's, then each ADP's.
	type container struct {
		name string
		obj  map[string]any
		path string
	}
	all := []container{{name: "CNA", obj: cna, path: cp}}
	adps := r.Arr(containers, "adp", "/containers")
	for i := range adps {
		ao, ap := r.Elem(adps, i, "/containers/adp")
		if ao == nil {
			continue
		}
		name := strings.TrimSpace(r.Str(r.Obj(ao, "providerMetadata", ap), "shortName", ap+"/providerMetadata"))
		if name == "" {
			name = "ADP " + strconv.Itoa(i+1)
		}
		all = append(all, container{name: name, obj: ao, path: ap})
	}

	b := &products{status: map[string]advisory.Status{}}
	var scores []advisory.Score
	var scoreNotes []string
	var cweIDs []advisory.CWE
	var problems []string
	for _, c := range all {
		from := "the CNA (" + short + ")"
		if c.name != "CNA" {
			from = c.name
			for _, d := range r.texts(c.obj, "descriptions", c.path) {
				a.Notes = append(a.Notes, advisory.Note{Category: "description", Title: "Description from " + c.name + d.langSuffix(), Text: d.text})
			}
		}
		r.affectedList(b, r.Arr(c.obj, "affected", c.path), c.path+"/affected", c.name)
		s, notes, sev, sevNS := r.metrics(c.obj, c.path, from, &vuln)
		scores = append(scores, s...)
		scoreNotes = append(scoreNotes, notes...)
		if a.AggregateSeverity == "" && sev != "" {
			a.AggregateSeverity, a.AggregateSeverityNamespace = sev, sevNS
			if sevNS == "" {
				a.AggregateSeverityNamespace = a.Publisher.Namespace
			}
		}
		ids, texts := r.problemTypes(c.obj, c.path)
		if len(cweIDs) == 0 || c.name == "CNA" {
			cweIDs = append(cweIDs, ids...)
		}
		problems = append(problems, texts...)
		for _, ref := range r.references(c.obj, c.path) {
			if !slices.ContainsFunc(a.References, func(x advisory.Reference) bool { return x.URL == ref.URL }) {
				a.References = append(a.References, ref)
			}
		}
		r.threats(c.obj, c.path, from, &vuln)
		for _, t := range r.texts(c.obj, "workarounds", c.path) {
			vuln.Remediations = append(vuln.Remediations, advisory.Remediation{Category: "workaround", Details: t.text})
		}
		for _, t := range r.texts(c.obj, "solutions", c.path) {
			vuln.Remediations = append(vuln.Remediations, advisory.Remediation{Category: "vendor_fix", Details: t.text})
		}
		credits := r.Arr(c.obj, "credits", c.path)
		for i := range credits {
			co, cpath := r.Elem(credits, i, c.path+"/credits")
			if co == nil {
				continue
			}
			if v := oneLine(r.Str(co, "value", cpath)); v != "" && !slices.Contains(a.Acknowledgments, v) {
				a.Acknowledgments = append(a.Acknowledgments, v)
			}
		}
	}
	for _, ref := range b.refs {
		if !slices.ContainsFunc(a.References, func(x advisory.Reference) bool { return x.URL == ref.URL }) {
			a.References = append(a.References, ref)
		}
	}

	a.Products = b.list
	var affected []string
	for _, p := range b.list {
		if b.status[p.ID].Notifies() {
			affected = append(affected, p.ID)
		}
	}
	for i := range scores {
		scores[i].ProductIDs = slices.Clone(affected)
	}
	vuln.Scores = scores
	for i := range vuln.Remediations {
		vuln.Remediations[i].ProductIDs = slices.Clone(affected)
	}
	vuln.Remediations = append(vuln.Remediations, b.rems...)
	vuln.ProductStatus = maps.Clone(b.status)
	vuln.Title = a.Title
	cweIDs = slices.CompactFunc(cweIDs, func(x, y advisory.CWE) bool { return x.ID == y.ID })
	if len(cweIDs) > 0 {
		vuln.CWE = &cweIDs[0]
	}
	var more []string
	for _, c := range cweIDs[min(1, len(cweIDs)):] {
		more = append(more, strings.TrimSpace(c.ID+" "+c.Name))
	}
	if len(more) > 0 {
		vuln.Notes = append(vuln.Notes, advisory.Note{Category: "other", Title: "Further weaknesses", Text: strings.Join(more, "\n")})
	}
	if len(problems) > 0 {
		vuln.Notes = append(vuln.Notes, advisory.Note{Category: "other", Title: "Problem types", Text: strings.Join(slices.Compact(problems), "\n")})
	}
	if len(scoreNotes) > 0 {
		vuln.Notes = append(vuln.Notes, advisory.Note{Category: "other", Title: "Sources of the scores", Text: strings.Join(scoreNotes, "\n")})
	}
	a.Notes = append(a.Notes, b.notes...)
	a.Vulnerabilities = []advisory.Vulnerability{vuln}
	return a
}

// publisher is the CNA that published the record.
func publisher(short, orgID string) advisory.Publisher {
	p := advisory.Publisher{
		Name:      short,
		Namespace: "https://www.cve.org/PartnerInformation/ListofPartners/partner/" + url.PathEscape(short),
		Category:  "other",
	}
	if short == "" {
		p.Name, p.Namespace = "CVE Program", "https://www.cve.org/"
	}
	if orgID != "" {
		p.IssuingAuthority = "CVE Numbering Authority " + p.Name + " (orgId " + orgID + ")"
	}
	return p
}

// text is a text with its language.
type text struct {
	lang, text string
}

func (t text) langSuffix() string {
	if t.lang == "" {
		return ""
	}
	return " (" + t.lang + ")"
}

// texts reads an array of {lang, value}, English first (in their order),
// then the others.
func (r *reader) texts(o map[string]any, key, path string) []text {
	arr := r.Arr(o, key, path)
	var en, other []text
	for i := range arr {
		to, tp := r.Elem(arr, i, path+"/"+key)
		if to == nil {
			continue
		}
		t := text{lang: strings.TrimSpace(r.Str(to, "lang", tp)), text: strings.TrimSpace(r.Str(to, "value", tp))}
		if t.text == "" {
			continue
		}
		if l := strings.ToLower(t.lang); l == "en" || strings.HasPrefix(l, "en-") || strings.HasPrefix(l, "en_") {
			en = append(en, t)
		} else {
			other = append(other, t)
		}
	}
	return append(en, other...)
}

// metrics reads the CVSS scores of a container, the sources of the scores
// for a note, and a textual severity ("other" metrics such as Red Hat's
// rating or "critical"). Threats (KEV, SSVC) go to the vulnerability.
func (r *reader) metrics(o map[string]any, path, from string, v *advisory.Vulnerability) (scores []advisory.Score, notes []string, sev, sevNS string) {
	arr := r.Arr(o, "metrics", path)
	for i := range arr {
		mo, mp := r.Elem(arr, i, path+"/metrics")
		if mo == nil {
			continue
		}
		for _, k := range [...]struct{ key, version string }{
			{"cvssV4_0", "4.0"}, {"cvssV3_1", "3.1"}, {"cvssV3_0", "3.0"}, {"cvssV2_0", "2.0"},
		} {
			c := r.Obj(mo, k.key, mp)
			if c == nil {
				continue
			}
			p := mp + "/" + k.key
			s := advisory.Score{
				CVSSVersion:  k.version,
				Vector:       strings.TrimSpace(r.Str(c, "vectorString", p)),
				BaseSeverity: strings.ToUpper(strings.TrimSpace(r.Str(c, "baseSeverity", p))),
			}
			score, ok := r.Num(c, "baseScore", p)
			if !ok {
				if r.Err == nil {
					r.Failf(p+"/baseScore", "is missing")
				}
				continue
			}
			s.BaseScore = score
			scores = append(scores, s)
			line := fmt.Sprintf("CVSS %s base score %.1f", k.version, score)
			if s.BaseSeverity != "" {
				line += " (" + s.BaseSeverity + ")"
			}
			notes = append(notes, line+" from "+from+": "+s.Vector)
		}
		other := r.Obj(mo, "other", mp)
		if other == nil {
			continue
		}
		op := mp + "/other"
		typ := strings.ToLower(strings.TrimSpace(r.Str(other, "type", op)))
		content, _ := other["content"].(map[string]any)
		switch typ {
		case "kev":
			added, _ := content["dateAdded"].(string)
			ref, _ := content["reference"].(string)
			d := "Listed in CISA's Known Exploited Vulnerabilities catalog"
			if added != "" {
				d += " since " + added
			}
			d += " (" + from + ")."
			if ref != "" {
				d += " " + ref
			}
			v.Threats = append(v.Threats, advisory.Threat{Category: "exploit_status", Details: d})
		case "ssvc":
			opts, _ := content["options"].([]any)
			var parts []string
			for _, op := range opts {
				if m, ok := op.(map[string]any); ok {
					for _, k := range slices.Sorted(maps.Keys(m)) {
						if s, ok := m[k].(string); ok {
							parts = append(parts, k+": "+s)
						}
					}
				}
			}
			if len(parts) > 0 {
				v.Threats = append(v.Threats, advisory.Threat{
					Category: "exploit_status",
					Details:  "SSVC decision points from " + from + ": " + strings.Join(parts, ", ") + ".",
				})
			}
		default:
			for _, k := range [...]string{"value", "other", "severity", "baseSeverity"} {
				if s, ok := content[k].(string); ok && advisory.ParseSeverity(s) != advisory.SeverityUnknown && sev == "" {
					sev = strings.TrimSpace(s)
					sevNS, _ = content["namespace"].(string)
				}
			}
		}
	}
	return scores, notes, sev, sevNS
}

// problemTypes reads the CWEs of a container, and the problem types that
// name none.
func (r *reader) problemTypes(o map[string]any, path string) (cwes []advisory.CWE, others []string) {
	arr := r.Arr(o, "problemTypes", path)
	cweRE := regexp.MustCompile(`^CWE-\d+`)
	for i := range arr {
		po, pp := r.Elem(arr, i, path+"/problemTypes")
		if po == nil {
			continue
		}
		ds := r.Arr(po, "descriptions", pp)
		for j := range ds {
			do, dp := r.Elem(ds, j, pp+"/descriptions")
			if do == nil {
				continue
			}
			id := strings.TrimSpace(r.Str(do, "cweId", dp))
			desc := oneLine(r.Str(do, "description", dp))
			if id == "" {
				if m := cweRE.FindString(desc); m != "" {
					id = m
				}
			}
			if id == "" {
				if d := naValue(desc); d != "" {
					others = append(others, d)
				}
				continue
			}
			name := strings.TrimSpace(strings.TrimPrefix(desc, id))
			name = strings.TrimSpace(strings.TrimLeft(name, ":"))
			cwes = append(cwes, advisory.CWE{ID: id, Name: name})
		}
	}
	return cwes, others
}

// references reads the references of a container.
func (r *reader) references(o map[string]any, path string) []advisory.Reference {
	arr := r.Arr(o, "references", path)
	var out []advisory.Reference
	for i := range arr {
		ro, rp := r.Elem(arr, i, path+"/references")
		if ro == nil {
			continue
		}
		u := strings.TrimSpace(r.Str(ro, "url", rp))
		if u == "" {
			continue
		}
		summary := oneLine(r.Str(ro, "name", rp))
		if tags := r.Strs(ro, "tags", rp); summary == "" && len(tags) > 0 {
			summary = strings.Join(tags, ", ")
		}
		out = append(out, advisory.Reference{URL: u, Summary: summary, Category: "external"})
	}
	return out
}

// threats reads impacts (CAPEC) and exploits of a container.
func (r *reader) threats(o map[string]any, path, from string, v *advisory.Vulnerability) {
	imp := r.Arr(o, "impacts", path)
	for i := range imp {
		io, ip := r.Elem(imp, i, path+"/impacts")
		if io == nil {
			continue
		}
		capec := strings.TrimSpace(r.Str(io, "capecId", ip))
		ts := r.texts(io, "descriptions", ip)
		d := capec
		if len(ts) > 0 {
			d = ts[0].text
			if capec != "" && !strings.HasPrefix(d, capec) {
				d = capec + ": " + d
			}
		}
		if d != "" {
			v.Threats = append(v.Threats, advisory.Threat{Category: "impact", Details: d})
		}
	}
	for _, t := range r.texts(o, "exploits", path) {
		v.Threats = append(v.Threats, advisory.Threat{Category: "exploit_status", Details: t.text + " (" + from + ")"})
	}
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// firstSentence returns the first line of a text, cut after its first
// sentence and at 160 characters.
func firstSentence(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = strings.TrimSpace(s[:i])
	}
	if i := strings.Index(s, ". "); i > 0 {
		s = s[:i+1]
	}
	if utf8.RuneCountInString(s) > 160 {
		rs := []rune(s)
		s = strings.TrimSpace(string(rs[:159])) + "…"
	}
	return s
}
