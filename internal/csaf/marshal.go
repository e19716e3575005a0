package csaf

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tocsin-cert/tocsin/internal/advisory"
)

// Marshal writes an advisory as a CSAF 2.0 document: indented JSON, keys
// sorted (as the standard recommends, optional test 6.2.13), no HTML
// escaping.
//
// A document read by Parse or Validator.Decode and written by Marshal is
// equal to the original as JSON (same values once decoded), with these
// normalisations, also listed in docs/csaf.md:
//
//   - Numbers are written in their shortest form (10.0 becomes 10, 7.50
//     becomes 7.5): the same JSON numbers, different text.
//   - White space between tokens and the order of object keys are not
//     kept; keys are sorted.
//   - A property given twice in one object keeps its last value only (as
//     every JSON decoder here reads it).
//   - Escapes in strings are not kept: "\u00e9" is written as "é", "\/" as
//     "/"; invalid UTF-8 was already read as U+FFFD.
//
// Nothing else changes: dates, names with stray white space, the TLP label
// WHITE, the order of every list (the revision history included), product
// groups, relationships, CVSS objects and properties CSAF does not define
// (kept in Advisory.Additional) are written as read.
//
// An advisory built by other means is written from the fields it has:
// without a ProductTree, Products become full_product_names; without
// ScoreSets, Scores become CVSS objects with version, vector, base score
// and severity; without StatusLists, ProductStatus gives the lists (ids
// sorted); without Flags, threats of category "flag" become flags; dates
// without a raw form are written in RFC 3339; the TLP label CLEAR is
// written WHITE and AMBER+STRICT, which CSAF 2.0 lacks, RED (never less
// strict than meant).
func Marshal(a *advisory.Advisory) ([]byte, error) {
	doc := map[string]any{"document": documentJSON(a)}
	if pt := productTreeJSON(a); pt != nil {
		doc["product_tree"] = pt
	}
	if len(a.Vulnerabilities) > 0 {
		vs := make([]any, len(a.Vulnerabilities))
		for i := range a.Vulnerabilities {
			vs[i] = vulnerabilityJSON(&a.Vulnerabilities[i])
		}
		doc["vulnerabilities"] = vs
	}
	for _, ptr := range slices.Sorted(maps.Keys(a.Additional)) {
		if err := insertAt(doc, ptr, a.Additional[ptr]); err != nil {
			return nil, fmt.Errorf("write CSAF: %w", err)
		}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("write CSAF: %w", err)
	}
	return buf.Bytes(), nil
}

// insertAt sets the property a JSON pointer names, in an object that must
// exist already.
func insertAt(doc map[string]any, ptr string, val any) error {
	if !strings.HasPrefix(ptr, "/") {
		return fmt.Errorf("additional property %q: not a JSON pointer", ptr)
	}
	tokens := strings.Split(ptr[1:], "/")
	for i, t := range tokens {
		tokens[i] = strings.ReplaceAll(strings.ReplaceAll(t, "~1", "/"), "~0", "~")
	}
	var cur any = doc
	for _, t := range tokens[:len(tokens)-1] {
		switch c := cur.(type) {
		case map[string]any:
			cur = c[t]
		case []any:
			n, err := strconv.Atoi(t)
			if err != nil || n < 0 || n >= len(c) {
				return fmt.Errorf("additional property %s: no element %q in the document", ptr, t)
			}
			cur = c[n]
		default:
			cur = nil
		}
		if cur == nil {
			return fmt.Errorf("additional property %s: no object %q in the document", ptr, t)
		}
	}
	obj, ok := cur.(map[string]any)
	if !ok {
		return fmt.Errorf("additional property %s: its parent is not an object", ptr)
	}
	obj[tokens[len(tokens)-1]] = val
	return nil
}

// put sets key to a non-empty string.
func put(o map[string]any, key, val string) {
	if val != "" {
		o[key] = val
	}
}

// putList sets key to a non-empty list of strings.
func putList(o map[string]any, key string, vals []string) {
	if len(vals) > 0 {
		o[key] = vals
	}
}

// dateText gives the date as the document wrote it while raw still
// denotes t, else t in RFC 3339; "" for a zero time without raw form.
func dateText(t time.Time, raw string) string {
	if raw != "" {
		if rt, err := parseDate(raw); err == nil && rt.Equal(t) {
			return raw
		}
		if t.IsZero() {
			return raw
		}
	}
	if t.IsZero() {
		return ""
	}
	return t.Format(time.RFC3339Nano)
}

func documentJSON(a *advisory.Advisory) map[string]any {
	d := map[string]any{"csaf_version": "2.0"}
	put(d, "category", a.Category)
	put(d, "title", a.Title)
	put(d, "lang", a.Lang)
	put(d, "source_lang", a.SourceLang)

	pub := map[string]any{}
	name := a.Publisher.Name
	if a.Publisher.NameRaw != "" && strings.TrimSpace(a.Publisher.NameRaw) == name {
		name = a.Publisher.NameRaw
	}
	put(pub, "name", name)
	put(pub, "namespace", a.Publisher.Namespace)
	put(pub, "category", a.Publisher.Category)
	put(pub, "contact_details", a.Publisher.ContactDetails)
	put(pub, "issuing_authority", a.Publisher.IssuingAuthority)
	d["publisher"] = pub

	tr := map[string]any{}
	put(tr, "id", a.TrackingID)
	put(tr, "version", a.Version)
	put(tr, "status", a.Status)
	put(tr, "initial_release_date", dateText(a.InitialRelease, a.InitialReleaseRaw))
	put(tr, "current_release_date", dateText(a.CurrentRelease, a.CurrentReleaseRaw))
	putList(tr, "aliases", a.Aliases)
	if g := a.Generator; g != nil {
		gen := map[string]any{}
		put(gen, "date", dateText(g.Date, g.DateRaw))
		if g.EngineName != "" || g.EngineVersion != "" {
			e := map[string]any{}
			put(e, "name", g.EngineName)
			put(e, "version", g.EngineVersion)
			gen["engine"] = e
		}
		tr["generator"] = gen
	}
	revs := slices.Clone(a.Revisions)
	slices.SortStableFunc(revs, func(x, y advisory.Revision) int { return x.Position - y.Position })
	hist := make([]any, 0, len(revs))
	for _, r := range revs {
		o := map[string]any{}
		put(o, "number", r.Number)
		put(o, "date", dateText(r.Date, r.DateRaw))
		put(o, "summary", r.Summary)
		put(o, "legacy_version", r.LegacyVersion)
		hist = append(hist, o)
	}
	tr["revision_history"] = hist
	d["tracking"] = tr

	if a.DistributionText != "" || a.TLP != "" || a.TLPLabel != "" || a.TLPURL != "" {
		dist := map[string]any{}
		put(dist, "text", a.DistributionText)
		if label := tlpLabel(a); label != "" || a.TLPURL != "" {
			tlp := map[string]any{}
			put(tlp, "label", label)
			put(tlp, "url", a.TLPURL)
			dist["tlp"] = tlp
		}
		d["distribution"] = dist
	}
	if a.AggregateSeverity != "" || a.AggregateSeverityNamespace != "" {
		as := map[string]any{}
		put(as, "text", a.AggregateSeverity)
		put(as, "namespace", a.AggregateSeverityNamespace)
		d["aggregate_severity"] = as
	}
	if n := notesJSON(a.Notes); n != nil {
		d["notes"] = n
	}
	if r := referencesJSON(a.References); r != nil {
		d["references"] = r
	}
	acks := a.DocumentAcknowledgments
	if acks == nil && !vulnerabilitiesAcknowledge(a) {
		for _, s := range a.Acknowledgments {
			acks = append(acks, advisory.Acknowledgment{Names: []string{s}})
		}
	}
	if ack := acknowledgmentsJSON(acks); ack != nil {
		d["acknowledgments"] = ack
	}
	return d
}

// vulnerabilitiesAcknowledge reports whether any vulnerability has its own
// acknowledgments.
func vulnerabilitiesAcknowledge(a *advisory.Advisory) bool {
	for _, v := range a.Vulnerabilities {
		if len(v.Acknowledgments) > 0 {
			return true
		}
	}
	return false
}

// tlpLabel is the label to write: as read while it still means a.TLP,
// else a.TLP in CSAF 2.0 terms.
func tlpLabel(a *advisory.Advisory) string {
	if a.TLPLabel != "" {
		if t, ok := advisory.ParseTLP(a.TLPLabel); ok && t == a.TLP {
			return a.TLPLabel
		}
	}
	switch a.TLP {
	case "":
		return ""
	case advisory.TLPClear:
		return "WHITE"
	case advisory.TLPAmberStrict:
		return "RED"
	}
	return string(a.TLP)
}

func notesJSON(notes []advisory.Note) []any {
	if len(notes) == 0 {
		return nil
	}
	out := make([]any, len(notes))
	for i, n := range notes {
		o := map[string]any{}
		put(o, "category", n.Category)
		put(o, "title", n.Title)
		put(o, "text", n.Text)
		put(o, "audience", n.Audience)
		out[i] = o
	}
	return out
}

func referencesJSON(refs []advisory.Reference) []any {
	if len(refs) == 0 {
		return nil
	}
	out := make([]any, len(refs))
	for i, r := range refs {
		o := map[string]any{}
		put(o, "url", r.URL)
		put(o, "summary", r.Summary)
		put(o, "category", r.Category)
		out[i] = o
	}
	return out
}

func acknowledgmentsJSON(acks []advisory.Acknowledgment) []any {
	if len(acks) == 0 {
		return nil
	}
	out := make([]any, len(acks))
	for i, ack := range acks {
		o := map[string]any{}
		putList(o, "names", ack.Names)
		put(o, "organization", ack.Organization)
		put(o, "summary", ack.Summary)
		putList(o, "urls", ack.URLs)
		out[i] = o
	}
	return out
}

func productTreeJSON(a *advisory.Advisory) map[string]any {
	pt := a.ProductTree
	if pt == nil {
		if len(a.Products) == 0 {
			return nil
		}
		pt = treeFromProducts(a.Products)
	}
	out := map[string]any{}
	if len(pt.Branches) > 0 {
		out["branches"] = branchesJSON(pt.Branches)
	}
	if len(pt.FullProductNames) > 0 {
		l := make([]any, len(pt.FullProductNames))
		for i, f := range pt.FullProductNames {
			l[i] = fullProductNameJSON(f)
		}
		out["full_product_names"] = l
	}
	if len(pt.Relationships) > 0 {
		l := make([]any, len(pt.Relationships))
		for i, r := range pt.Relationships {
			o := map[string]any{"full_product_name": fullProductNameJSON(r.FullProductName)}
			put(o, "category", r.Category)
			put(o, "product_reference", r.ProductReference)
			put(o, "relates_to_product_reference", r.RelatesToProductReference)
			l[i] = o
		}
		out["relationships"] = l
	}
	if len(pt.ProductGroups) > 0 {
		l := make([]any, len(pt.ProductGroups))
		for i, g := range pt.ProductGroups {
			o := map[string]any{}
			put(o, "group_id", g.GroupID)
			putList(o, "product_ids", g.ProductIDs)
			put(o, "summary", g.Summary)
			l[i] = o
		}
		out["product_groups"] = l
	}
	return out
}

func branchesJSON(bs []advisory.Branch) []any {
	out := make([]any, len(bs))
	for i, b := range bs {
		o := map[string]any{}
		put(o, "category", b.Category)
		put(o, "name", b.Name)
		if b.Product != nil {
			o["product"] = fullProductNameJSON(*b.Product)
		}
		if len(b.Branches) > 0 {
			o["branches"] = branchesJSON(b.Branches)
		}
		out[i] = o
	}
	return out
}

func fullProductNameJSON(f advisory.FullProductName) map[string]any {
	o := map[string]any{}
	put(o, "name", f.Name)
	put(o, "product_id", f.ProductID)
	if h := f.Helper; h != nil {
		ho := map[string]any{}
		put(ho, "cpe", h.CPE)
		put(ho, "purl", h.PURL)
		putList(ho, "model_numbers", h.ModelNumbers)
		putList(ho, "serial_numbers", h.SerialNumbers)
		putList(ho, "skus", h.SKUs)
		putList(ho, "sbom_urls", h.SBOMURLs)
		if len(h.Hashes) > 0 {
			l := make([]any, len(h.Hashes))
			for i, fh := range h.Hashes {
				hs := make([]any, len(fh.FileHashes))
				for j, x := range fh.FileHashes {
					xo := map[string]any{}
					put(xo, "algorithm", x.Algorithm)
					put(xo, "value", x.Value)
					hs[j] = xo
				}
				e := map[string]any{"file_hashes": hs}
				put(e, "filename", fh.Filename)
				l[i] = e
			}
			ho["hashes"] = l
		}
		if len(h.XGenericURIs) > 0 {
			l := make([]any, len(h.XGenericURIs))
			for i, u := range h.XGenericURIs {
				uo := map[string]any{}
				put(uo, "namespace", u.Namespace)
				put(uo, "uri", u.URI)
				l[i] = uo
			}
			ho["x_generic_uris"] = l
		}
		o["product_identification_helper"] = ho
	}
	return o
}

// putRefs writes the products a statement names: the document's lists
// when it named groups, else ids.
func putRefs(o map[string]any, ids, groups, listed []string) {
	if groups == nil {
		putList(o, "product_ids", ids)
		return
	}
	putList(o, "product_ids", listed)
	putList(o, "group_ids", groups)
}

func vulnerabilityJSON(v *advisory.Vulnerability) map[string]any {
	o := map[string]any{}
	put(o, "cve", v.CVE)
	put(o, "title", v.Title)
	put(o, "release_date", dateText(v.ReleaseDate, v.ReleaseDateRaw))
	put(o, "discovery_date", dateText(v.DiscoveryDate, v.DiscoveryDateRaw))
	if v.CWE != nil {
		c := map[string]any{}
		put(c, "id", v.CWE.ID)
		put(c, "name", v.CWE.Name)
		o["cwe"] = c
	}
	if len(v.IDs) > 0 {
		l := make([]any, len(v.IDs))
		for i, id := range v.IDs {
			io := map[string]any{}
			put(io, "system_name", id.System)
			put(io, "text", id.Text)
			l[i] = io
		}
		o["ids"] = l
	}
	if n := notesJSON(v.Notes); n != nil {
		o["notes"] = n
	}
	if r := referencesJSON(v.References); r != nil {
		o["references"] = r
	}
	if ack := acknowledgmentsJSON(v.Acknowledgments); ack != nil {
		o["acknowledgments"] = ack
	}
	if ps := productStatusJSON(v); ps != nil {
		o["product_status"] = ps
	}
	if s := scoresJSON(v); s != nil {
		o["scores"] = s
	}
	if len(v.Remediations) > 0 {
		l := make([]any, len(v.Remediations))
		for i, r := range v.Remediations {
			ro := map[string]any{}
			put(ro, "category", r.Category)
			put(ro, "details", r.Details)
			put(ro, "url", r.URL)
			put(ro, "date", dateText(r.Date, r.DateRaw))
			putList(ro, "entitlements", r.Entitlements)
			if rr := r.RestartRequired; rr != nil {
				rro := map[string]any{}
				put(rro, "category", rr.Category)
				put(rro, "details", rr.Details)
				ro["restart_required"] = rro
			}
			putRefs(ro, r.ProductIDs, r.GroupIDs, r.ListedProductIDs)
			l[i] = ro
		}
		o["remediations"] = l
	}
	var threats, flags []any
	for _, t := range v.Threats {
		if t.Category == FlagThreatCategory {
			if v.Flags == nil {
				fo := map[string]any{"label": t.Details}
				put(fo, "date", dateText(t.Date, t.DateRaw))
				putRefs(fo, t.ProductIDs, t.GroupIDs, t.ListedProductIDs)
				flags = append(flags, fo)
			}
			continue
		}
		to := map[string]any{}
		put(to, "category", t.Category)
		put(to, "details", t.Details)
		put(to, "date", dateText(t.Date, t.DateRaw))
		putRefs(to, t.ProductIDs, t.GroupIDs, t.ListedProductIDs)
		threats = append(threats, to)
	}
	for _, f := range v.Flags {
		fo := map[string]any{}
		put(fo, "label", f.Label)
		put(fo, "date", dateText(f.Date, f.DateRaw))
		putRefs(fo, f.ProductIDs, f.GroupIDs, f.ListedProductIDs)
		flags = append(flags, fo)
	}
	if threats != nil {
		o["threats"] = threats
	}
	if flags != nil {
		o["flags"] = flags
	}
	if len(v.Involvements) > 0 {
		l := make([]any, len(v.Involvements))
		for i, inv := range v.Involvements {
			io := map[string]any{}
			put(io, "party", inv.Party)
			put(io, "status", inv.Status)
			put(io, "summary", inv.Summary)
			put(io, "date", dateText(inv.Date, inv.DateRaw))
			l[i] = io
		}
		o["involvements"] = l
	}
	return o
}

func productStatusJSON(v *advisory.Vulnerability) map[string]any {
	if v.StatusLists != nil {
		if len(v.StatusLists) == 0 {
			return nil
		}
		out := make(map[string]any, len(v.StatusLists))
		for st, ids := range v.StatusLists {
			if len(ids) > 0 {
				out[string(st)] = ids
			}
		}
		if len(out) == 0 {
			return nil
		}
		return out
	}
	if len(v.ProductStatus) == 0 {
		return nil
	}
	lists := map[string][]string{}
	for id, st := range v.ProductStatus {
		lists[string(st)] = append(lists[string(st)], id)
	}
	out := make(map[string]any, len(lists))
	for st, ids := range lists {
		slices.Sort(ids)
		out[st] = ids
	}
	return out
}

func scoresJSON(v *advisory.Vulnerability) []any {
	sets := v.ScoreSets
	if sets == nil {
		for _, s := range v.Scores {
			set := advisory.ScoreSet{Products: s.ProductIDs}
			if s.CVSSVersion == "2.0" {
				set.CVSSv2 = &advisory.CVSSv2{Version: "2.0", VectorString: s.Vector, BaseScore: s.BaseScore}
			} else {
				set.CVSSv3 = &advisory.CVSSv3{Version: s.CVSSVersion, VectorString: s.Vector, BaseScore: s.BaseScore, BaseSeverity: s.BaseSeverity}
			}
			sets = append(sets, set)
		}
	}
	if len(sets) == 0 {
		return nil
	}
	out := make([]any, len(sets))
	for i, s := range sets {
		o := map[string]any{}
		putList(o, "products", s.Products)
		if c := s.CVSSv3; c != nil {
			co := map[string]any{"baseScore": c.BaseScore}
			for _, f := range cvss3Fields(c) {
				put(co, f.key, *f.val)
			}
			putNum(co, "temporalScore", c.TemporalScore)
			putNum(co, "environmentalScore", c.EnvironmentalScore)
			o["cvss_v3"] = co
		}
		if c := s.CVSSv2; c != nil {
			co := map[string]any{"baseScore": c.BaseScore}
			for _, f := range cvss2Fields(c) {
				put(co, f.key, *f.val)
			}
			putNum(co, "temporalScore", c.TemporalScore)
			putNum(co, "environmentalScore", c.EnvironmentalScore)
			o["cvss_v2"] = co
		}
		out[i] = o
	}
	return out
}

func putNum(o map[string]any, key string, f *float64) {
	if f != nil {
		o[key] = *f
	}
}

// treeFromProducts builds a product tree for an advisory that was not read
// from CSAF (OSV, CVE 5, EISPP XML): vendor → product name → version or
// version range, with the CPE and PURL as identification helpers.
// Products without a vendor or name become full product names.
func treeFromProducts(ps []advisory.Product) *advisory.ProductTree {
	pt := &advisory.ProductTree{}
	vendorIdx := map[string]int{}
	productIdx := map[[2]string]int{}
	for _, p := range ps {
		f := advisory.FullProductName{ProductID: p.ID, Name: p.Name}
		if f.Name == "" {
			f.Name = strings.TrimSpace(strings.Join([]string{p.Vendor, p.Product, p.Version}, " "))
		}
		if p.CPE != "" || p.PURL != "" || len(p.ModelNumbers) > 0 || len(p.SKUs) > 0 {
			f.Helper = &advisory.IdentificationHelper{CPE: p.CPE, PURL: p.PURL, ModelNumbers: p.ModelNumbers, SKUs: p.SKUs}
		}
		if p.Vendor == "" || p.Product == "" {
			pt.FullProductNames = append(pt.FullProductNames, f)
			continue
		}
		vi, ok := vendorIdx[p.Vendor]
		if !ok {
			vi = len(pt.Branches)
			vendorIdx[p.Vendor] = vi
			pt.Branches = append(pt.Branches, advisory.Branch{Category: "vendor", Name: p.Vendor})
		}
		key := [2]string{p.Vendor, p.Product}
		pi, ok := productIdx[key]
		if !ok {
			pi = len(pt.Branches[vi].Branches)
			productIdx[key] = pi
			pt.Branches[vi].Branches = append(pt.Branches[vi].Branches, advisory.Branch{Category: "product_name", Name: p.Product})
		}
		leaf := advisory.Branch{Product: &f}
		switch {
		case p.VersionRange != "":
			leaf.Category, leaf.Name = "product_version_range", p.VersionRange
		case p.Version != "":
			leaf.Category, leaf.Name = "product_version", p.Version
		default:
			// No version: the product branch itself is the leaf.
			pb := &pt.Branches[vi].Branches[pi]
			if pb.Product == nil && len(pb.Branches) == 0 {
				pb.Product = &f
				continue
			}
			leaf.Category, leaf.Name = "product_version_range", "vers:all/*"
		}
		pb := &pt.Branches[vi].Branches[pi]
		if pb.Product != nil {
			// A versionless leaf came first: turn it into an "all versions" branch.
			pb.Branches = append(pb.Branches, advisory.Branch{Category: "product_version_range", Name: "vers:all/*", Product: pb.Product})
			pb.Product = nil
		}
		pb.Branches = append(pb.Branches, leaf)
	}
	return pt
}
