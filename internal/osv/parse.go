package osv

import (
	"encoding/json"
	"errors"
	"fmt"
	"github.com/tocsin-cert/tocsin/internal/jsonread"
	"maps"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tocsin-cert/tocsin/internal/advisory"
)

// Detect reports whether data looks like an OSV record: a JSON object
// with the string fields "id" and "modified" and one of "affected",
// "schema_version", "aliases", "withdrawn", "summary" or "details", and
// without the marks of the other formats ("dataType" of CVE JSON 5,
// "document" of CSAF). It reads only the top-level keys.
func Detect(data []byte) bool {
	var top map[string]json.RawMessage
	if json.Unmarshal(data, &top) != nil {
		return false
	}
	return looksLikeOSV(top)
}

func looksLikeOSV(top map[string]json.RawMessage) bool {
	isString := func(k string) bool {
		v, ok := top[k]
		return ok && len(v) > 0 && v[0] == '"'
	}
	if !isString("id") || !isString("modified") {
		return false
	}
	if _, ok := top["dataType"]; ok {
		return false
	}
	if _, ok := top["document"]; ok {
		return false
	}
	for _, k := range [...]string{"affected", "schema_version", "aliases", "withdrawn", "summary", "details"} {
		if _, ok := top[k]; ok {
			return true
		}
	}
	return false
}

// Parse maps an OSV record into the advisory model (see the package
// documentation for the rules). Faults name their JSON pointer.
func Parse(data []byte) (*advisory.Advisory, error) {
	var top map[string]json.RawMessage
	if err := json.Unmarshal(data, &top); err != nil {
		return nil, fmt.Errorf("parse OSV: not a JSON object: %w", err)
	}
	if !looksLikeOSV(top) {
		return nil, errors.New(`parse OSV: not an OSV record: it needs the string fields "id" and "modified" and one of "affected", "schema_version", "aliases", "withdrawn", "summary" or "details"`)
	}
	v, err := jsonread.Decode(data)
	if err != nil {
		return nil, fmt.Errorf("parse OSV: %w", err)
	}
	r := &reader{}
	a := r.record(v.(map[string]any))
	if r.Err != nil {
		return nil, fmt.Errorf("parse OSV record %s: %w", a.TrackingID, r.Err)
	}
	return a, nil
}

// record maps the decoded record.
func (r *reader) record(o map[string]any) *advisory.Advisory {
	id := strings.TrimSpace(r.Str(o, "id", ""))
	if id == "" {
		r.Failf("/id", "is empty")
	}
	modified := r.Date(o, "modified", "")
	published := r.Date(o, "published", "")
	withdrawn := r.Date(o, "withdrawn", "")
	aliases := r.Strs(o, "aliases", "")
	upstream := r.Strs(o, "upstream", "")
	related := r.Strs(o, "related", "")
	summary := oneLine(r.Str(o, "summary", ""))
	details := strings.TrimSpace(r.Str(o, "details", ""))
	ds := r.Obj(o, "database_specific", "")

	a := &advisory.Advisory{
		TrackingID:     id,
		Version:        jsonread.Revision(modified),
		Status:         "final",
		Category:       "osv_record",
		CurrentRelease: realTime(modified),
		InitialRelease: realTime(published),
		Title:          title(id, summary, details),
	}
	if !a.CurrentRelease.IsZero() {
		a.Revisions = []advisory.Revision{{Number: a.Version, Date: a.CurrentRelease, Summary: "Last modified"}}
	}

	// Products.
	b := &products{status: make(map[string]advisory.Status)}
	aff := r.Arr(o, "affected", "")
	var ecosystems []string
	names := map[string]bool{}
	for i := range aff {
		if ao, _ := aff[i].(map[string]any); ao != nil {
			if pkg, _ := ao["package"].(map[string]any); pkg != nil {
				e, _ := pkg["ecosystem"].(string)
				n, _ := pkg["name"].(string)
				ecosystems = append(ecosystems, e)
				names[n] = true
			}
		}
	}
	topCPE := ""
	if len(names) <= 1 {
		topCPE = firstString(ds["cpes"])
	}
	for i := range aff {
		ao, ap := r.Elem(aff, i, "/affected")
		if ao == nil {
			continue
		}
		r.affected(b, ao, ap, topCPE, i+1)
	}
	a.Products = b.list
	a.Publisher = publisherFor(id, ecosystems, ds)

	// Severity: the publisher's rating word; CVSS vectors are kept in a
	// note (no base score without a CVSS library).
	vectors := r.severities(o, "")
	var ubuntu string
	for _, s := range slices.Concat(vectors, b.cveSeverities) {
		if rest, ok := strings.CutPrefix(s, "Ubuntu "); ok && ubuntu == "" {
			ubuntu = rest
		}
	}
	vectors = append(vectors, b.vectors...)
	if s, ok := ds["cvss"].(string); ok && strings.HasPrefix(s, "CVSS:") {
		vectors = append(vectors, "database_specific "+s)
	}
	switch sev, _ := ds["severity"].(string); {
	case sev != "":
		a.AggregateSeverity = sev
	case ubuntu != "":
		a.AggregateSeverity = ubuntu
	default:
		a.AggregateSeverity = severityPrefix(summary)
	}
	if a.AggregateSeverity != "" {
		a.AggregateSeverityNamespace = a.Publisher.Namespace
	}

	// Notes.
	if summary != "" {
		a.Notes = append(a.Notes, advisory.Note{Category: "summary", Title: "Summary", Text: summary})
	}
	if details != "" {
		a.Notes = append(a.Notes, advisory.Note{Category: "description", Title: "Details", Text: details})
	}
	if !withdrawn.IsZero() {
		a.Status = "withdrawn"
		a.Notes = append(a.Notes, advisory.Note{
			Category: "general",
			Title:    "Withdrawn",
			Text:     fmt.Sprintf("The publisher withdrew this record on %s: it no longer applies.", withdrawn.Format(time.DateOnly)),
		})
	}
	if len(vectors) > 0 {
		a.Notes = append(a.Notes, advisory.Note{
			Category: "other",
			Title:    "CVSS vectors",
			Text:     strings.Join(slices.Compact(vectors), "\n"),
		})
	}
	a.Notes = append(a.Notes, b.notes...)

	// References and credits.
	refs := r.Arr(o, "references", "")
	for i := range refs {
		ro, rp := r.Elem(refs, i, "/references")
		if ro == nil {
			continue
		}
		u := strings.TrimSpace(r.Str(ro, "url", rp))
		if u == "" {
			continue
		}
		a.References = append(a.References, advisory.Reference{URL: u, Summary: refType(r.Str(ro, "type", rp)), Category: "external"})
	}
	credits := r.Arr(o, "credits", "")
	for i := range credits {
		co, cp := r.Elem(credits, i, "/credits")
		if co == nil {
			continue
		}
		if n := strings.TrimSpace(r.Str(co, "name", cp)); n != "" && !slices.Contains(a.Acknowledgments, n) {
			a.Acknowledgments = append(a.Acknowledgments, n)
		}
	}

	// Vulnerabilities: one per CVE.
	cves, otherIDs := identifiers(id, aliases, upstream)
	for _, c := range b.cves {
		if !slices.Contains(cves, c) {
			cves = append(cves, c)
		}
	}
	if len(cves) == 0 {
		// Distribution advisories (AlmaLinux, Rocky Linux) list the CVEs
		// they fix under "related".
		for _, rel := range related {
			if c, ok := cveOf(rel); ok && !slices.Contains(cves, c) {
				cves = append(cves, c)
			}
		}
	} else if len(related) > 0 {
		a.Notes = append(a.Notes, advisory.Note{Category: "other", Title: "Related records", Text: strings.Join(related, ", ")})
	}
	var ids []advisory.ID
	for _, x := range otherIDs {
		ids = append(ids, advisory.ID{System: publisherFor(x, nil, nil).Name, Text: x})
	}
	cwe, moreCWEs := cwes(r.Strs(ds, "cwe_ids", "/database_specific"))
	if len(moreCWEs) > 0 {
		a.Notes = append(a.Notes, advisory.Note{Category: "other", Title: "Further weaknesses", Text: strings.Join(moreCWEs, ", ")})
	}
	vuln := func(cve string) advisory.Vulnerability {
		v := advisory.Vulnerability{
			CVE:           cve,
			IDs:           slices.Clone(ids),
			ReleaseDate:   a.InitialRelease,
			ProductStatus: maps.Clone(b.status),
			Remediations:  slices.Clone(b.rems),
		}
		if len(cves) <= 1 {
			v.Title = summary
		}
		if cwe != "" {
			v.CWE = &advisory.CWE{ID: cwe}
		}
		return v
	}
	for _, c := range cves {
		a.Vulnerabilities = append(a.Vulnerabilities, vuln(c))
	}
	if len(cves) == 0 {
		a.Vulnerabilities = append(a.Vulnerabilities, vuln(""))
	}
	return a
}

// realTime is t unless it is the zero date some databases write.
func realTime(t time.Time) time.Time {
	if t.Year() <= 1 {
		return time.Time{}
	}
	return t
}

func cvePattern() *regexp.Regexp { return regexp.MustCompile(`^CVE-\d{4}-\d{4,}$`) }

// cveOf returns the CVE id an OSV id stands for: the id itself when it is
// one, or the CVE a distribution's per-CVE record is named after
// ("UBUNTU-CVE-2021-3782", "DEBIAN-CVE-...").
func cveOf(id string) (string, bool) {
	id = strings.TrimSpace(id)
	re := cvePattern()
	if re.MatchString(id) {
		return id, true
	}
	if i := strings.Index(id, "-CVE-"); i > 0 && re.MatchString(id[i+1:]) {
		return id[i+1:], true
	}
	return "", false
}

// identifiers splits the record id, aliases and upstream ids into CVE ids
// and other ids (GHSA, GO, ...), without repeats.
func identifiers(id string, aliases, upstream []string) (cves, others []string) {
	for _, x := range slices.Concat([]string{id}, aliases, upstream) {
		x = strings.TrimSpace(x)
		if x == "" {
			continue
		}
		if c, ok := cveOf(x); ok {
			if !slices.Contains(cves, c) {
				cves = append(cves, c)
			}
			if c == x {
				continue
			}
		}
		if !slices.Contains(others, x) {
			others = append(others, x)
		}
	}
	return cves, others
}

// cwes returns the first CWE id and the others.
func cwes(ids []string) (string, []string) {
	var out []string
	for _, c := range ids {
		if c = strings.TrimSpace(c); c != "" && !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	if len(out) == 0 {
		return "", nil
	}
	return out[0], out[1:]
}

// title is the summary, else the first sentence of the details, else the
// id. A details text that is only a placeholder ("[Unknown description]")
// is not used.
func title(id, summary, details string) string {
	if summary != "" {
		return summary
	}
	if s := firstSentence(details); s != "" && !(strings.HasPrefix(s, "[") && strings.HasSuffix(s, "]")) {
		return s
	}
	return id
}

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

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// severityPrefix reads the rating Red Hat-style summaries start with
// ("Important: java-11-openjdk security update").
func severityPrefix(summary string) string {
	word, _, ok := strings.Cut(summary, ":")
	if !ok {
		return ""
	}
	switch strings.ToLower(word) {
	case "critical", "important", "moderate", "low":
		return word
	}
	return ""
}

// refType turns an OSV reference type ("ADVISORY") into a summary
// ("Advisory").
func refType(t string) string {
	t = strings.TrimSpace(t)
	if t == "" {
		return ""
	}
	return strings.ToUpper(t[:1]) + strings.ToLower(t[1:])
}
