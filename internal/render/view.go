package render

import (
	"cmp"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tocsin-cert/tocsin/internal/advisory"
)

// Limits that keep the basic level short.
const (
	// basicProductLines is how many product lines the basic level shows
	// before "and N more".
	basicProductLines = 15
	// basicVersions is how many versions or ranges of one product the
	// basic level shows.
	basicVersions = 5
	// basicForNames is how many product names a basic remediation lists.
	basicForNames = 3
	// basicSummaryRunes is the longest summary the basic level shows.
	basicSummaryRunes = 600
	// setListMax is how many products of a set the expert level lists by
	// name; larger sets are listed by id.
	setListMax = 5
)

// view is what the templates render: the advisory prepared for one level
// and language, with every label already looked up. Document texts are
// cleaned but not wrapped or escaped; that is the templates' job.
type view struct {
	L       *translator
	Lang    string // language of the labels
	DocLang string // language of the document's texts, when it differs
	Expert  bool

	Subject string
	Title   string
	Facts   []field
	CVEs    []string
	// Why says which subscriptions matched, for one recipient.
	Why []string
	// Update marks an update notice; Changes are the revisions since the
	// one the recipient had.
	Update  bool
	Changes []string

	// Basic level.
	Summary string
	Listed  productGroups
	Todo    []todo
	// NoRemedy is what to say when Todo is empty.
	NoRemedy string
	Archive  field

	// Expert level.
	Notes      []note
	Vulns      []vuln
	Products   []vendorProducts
	References []ref
	Revisions  []revision
	Acks       []string
}

// productGroups is the basic level's product list, grouped by vendor and
// cut after basicProductLines lines.
type productGroups struct {
	Kind    string
	Heading string
	Intro   string
	Groups  []productGroup
	More    string
}

type productGroup struct {
	Vendor string
	Lines  []string
}

// todo is one de-duplicated remediation of the basic level.
type todo struct {
	Category string
	Class    string
	Details  string
	URL      string
	For      string
}

type note struct {
	Title    string
	Audience string
	Text     string
}

type ref struct {
	Summary string
	URL     string
}

type revision struct {
	Number  string
	Date    string
	Summary string
	Line    string
}

// vuln is one vulnerability at the expert level.
type vuln struct {
	Anchor     string
	Heading    string
	Facts      []field
	Scores     []score
	Notes      []note
	SameStatus string
	Statuses   []statusGroup
	// SameRemedies, when set, says that the remediations are those of an
	// earlier vulnerability, and Remedies is empty.
	SameRemedies string
	Remedies     []remedy
	Threats      []threat
	References   []ref
}

type score struct {
	Name     string
	Base     string
	Severity string
	Vector   string
	Products setRef
}

// setRef names a set of product ids in one of three ways: a few products
// by name and id (Items), a large set by the status list of the
// vulnerability it equals (Summary), or else by its ids (IDs).
type setRef struct {
	Items   []prodRef
	Summary string
	IDs     []string
}

// Empty reports a set that names nothing.
func (s setRef) Empty() bool { return len(s.Items) == 0 && s.Summary == "" && len(s.IDs) == 0 }

type statusGroup struct {
	Label    string
	Heading  string
	Products []prodRef
	ids      []string
}

type prodRef struct {
	Name string
	ID   string
}

type remedy struct {
	Category string
	Class    string
	Details  string
	URL      string
	Date     string
	Products setRef
}

type threat struct {
	Category string
	Details  string
	Products setRef
}

// vendorProducts is the expert product list of one vendor.
type vendorProducts struct {
	Vendor   string
	Products []productRow
}

// productRow is one product of the expert list. Facts hold everything, in
// order, for the text format; HTML shows the same facts in columns:
// Details (family, platform...), Versions, IDs (product id, CPE, PURL...)
// and Status.
type productRow struct {
	Name     string
	Facts    []field
	Details  []field
	Versions []field
	IDs      []field
	Status   string
}

// builder turns an advisory into a view.
type builder struct {
	a      *advisory.Advisory
	l      *translator
	byID   map[string]*advisory.Product
	pos    map[string]int
	status map[string]advisory.Status
	labels map[string]prodRef
}

func newBuilder(a *advisory.Advisory, l *translator) *builder {
	b := &builder{
		a:      a,
		l:      l,
		byID:   make(map[string]*advisory.Product, len(a.Products)),
		pos:    make(map[string]int, len(a.Products)),
		status: a.ProductStatus(),
		labels: make(map[string]prodRef),
	}
	for i := range a.Products {
		p := &a.Products[i]
		if _, dup := b.byID[p.ID]; !dup {
			b.byID[p.ID] = p
			b.pos[p.ID] = i
		}
	}
	return b
}

// build prepares the view of an advisory.
func build(a *advisory.Advisory, l *translator, o Options, expert bool) *view {
	b := newBuilder(a, l)
	v := &view{
		L:       l,
		Lang:    l.lang,
		Expert:  expert,
		Subject: Subject(a),
		Title:   oneLine(a.Title),
		CVEs:    a.CVEs(),
	}
	for _, w := range o.Why {
		products := strings.Join(w.Products, "; ")
		if w.More > 0 {
			products += " " + l.F("list.more", w.More)
		}
		v.Why = append(v.Why, l.F("why.line", oneLine(w.Profile), oneLine(w.Spec), oneLine(products)))
	}
	if v.Title == "" {
		v.Title = oneLine(a.TrackingID)
	}
	if dl := normLang(a.Lang); dl != "" && dl != l.lang && !strings.HasPrefix(dl, l.lang+"-") {
		v.DocLang = a.Lang
	}
	v.Facts = b.facts(o, expert)
	if o.UpdateSince != "" {
		v.Update = true
		for _, r := range a.Revisions {
			if advisory.CompareTrackingVersions(r.Number, o.UpdateSince) > 0 {
				v.Changes = append(v.Changes, l.F("revision.line", oneLine(r.Number), l.Date(r.Date), oneLine(r.Summary)))
			}
		}
		if len(v.Changes) == 0 {
			v.Changes = []string{l.F("update.no_history", oneLine(o.UpdateSince), oneLine(a.Version))}
		}
	}
	if !expert {
		v.Summary = trimText(a.Summary(), basicSummaryRunes)
		v.Listed = b.listed()
		v.Todo = b.todo(v.Listed)
		v.NoRemedy = l.T("basic.no_remedy")
		if v.Listed.Kind == listNotAffected {
			v.NoRemedy = l.T("basic.no_action")
		}
		if u := oneLine(o.URL); u != "" {
			v.Archive = field{Label: l.T("basic.archive"), Value: u, URL: u}
		}
		return v
	}
	for _, n := range a.Notes {
		v.Notes = append(v.Notes, b.note(n))
	}
	v.Vulns = b.vulns()
	v.Products = b.products()
	v.References = refs(a.References)
	for _, r := range a.Revisions {
		rv := revision{Number: oneLine(r.Number), Date: l.Date(r.Date), Summary: oneLine(r.Summary)}
		rv.Line = l.F("revision.line", rv.Number, rv.Date, rv.Summary)
		v.Revisions = append(v.Revisions, rv)
	}
	for _, s := range a.Acknowledgments {
		if s = oneLine(s); s != "" {
			v.Acks = append(v.Acks, s)
		}
	}
	return v
}

// facts is the block at the top of the advisory.
func (b *builder) facts(o Options, expert bool) []field {
	a, l := b.a, b.l
	var fs []field
	add := func(id, value string) {
		if value != "" {
			fs = append(fs, field{Label: l.T(id), Value: value})
		}
	}
	add("field.advisory", oneLine(a.TrackingID))
	add("field.version", oneLine(a.Version))
	if expert {
		add("field.status", oneLine(a.Status))
		add("field.category", oneLine(a.Category))
	}
	first, last := l.Date(a.InitialRelease), l.Date(a.CurrentRelease)
	add("field.published", first)
	if last != first {
		add("field.updated", last)
	}
	// An update says what changed: the newest revision's summary.
	if n := len(a.Revisions); n > 1 && !expert {
		r := a.Revisions[n-1]
		if sum := oneLine(r.Summary); sum != "" {
			add("field.latest_change", l.F("field.latest_change_value", oneLine(r.Number), sum))
		}
	}
	add("field.publisher", oneLine(a.Publisher.Name))
	if expert {
		add("field.publisher_category", oneLine(a.Publisher.Category))
		add("field.namespace", oneLine(a.Publisher.Namespace))
		add("field.contact", cleanText(a.Publisher.ContactDetails))
		add("field.authority", cleanText(a.Publisher.IssuingAuthority))
	}
	tlpKey := string(a.TLP)
	if tlpKey == "" {
		tlpKey = "UNLABELED"
	}
	fs = append(fs, field{
		Label: l.T("field.tlp"),
		Value: a.TLP.String(),
		Class: "tlp tlp-" + strings.ToLower(strings.ReplaceAll(tlpKey, "+", "-")),
		Hint:  l.TOr("tlp.hint."+tlpKey, ""),
	})
	if expert {
		add("field.distribution", cleanText(a.DistributionText))
	}
	sev := a.Severity()
	sf := field{
		Label: l.T("field.severity"),
		Value: l.T("severity." + sev.String()),
		Class: "sev sev-" + sev.String(),
	}
	if s, ok := a.MaxScore(); ok {
		sf.Hint = l.F("severity.score_hint", l.Score(s.BaseScore))
	}
	fs = append(fs, sf)
	if expert {
		rating := oneLine(a.AggregateSeverity)
		if ns := oneLine(a.AggregateSeverityNamespace); rating != "" && ns != "" {
			rating += " (" + ns + ")"
		}
		add("field.publisher_rating", rating)
		add("field.lang", oneLine(a.Lang))
		if u := oneLine(o.URL); u != "" {
			fs = append(fs, field{Label: l.T("field.archive"), Value: u, URL: u})
		}
	}
	return fs
}

// Kinds of basic product lists.
const (
	listAffected    = "affected"
	listFixed       = "fixed"
	listNotAffected = "not_affected"
)

// listedProducts chooses the products the basic level lists: those whose
// status notifies; when there are none, the fixed ones (Red Hat advisories
// list only the fixed packages); failing those, the ones stated not
// affected (VEX documents). The kind is "" when there is nothing to list.
func (b *builder) listedProducts() (string, []advisory.Product) {
	if ps := b.a.NotifyingProducts(); len(ps) > 0 {
		return listAffected, ps
	}
	for _, kind := range []string{listFixed, listNotAffected} {
		var ps []advisory.Product
		for _, p := range b.a.Products {
			st := b.status[p.ID]
			if (kind == listFixed && (st == advisory.StatusFixed || st == advisory.StatusFirstFixed)) ||
				(kind == listNotAffected && st == advisory.StatusKnownNotAffected) {
				ps = append(ps, p)
			}
		}
		if len(ps) > 0 {
			return kind, ps
		}
	}
	return "", nil
}

// listed is the basic product list, grouped by vendor and cut after
// basicProductLines lines.
func (b *builder) listed() productGroups {
	l := b.l
	kind, ps := b.listedProducts()
	g := productGroups{Kind: kind}
	switch kind {
	case listAffected:
		g.Heading = l.T("section.affected")
	case listFixed:
		g.Heading = l.T("section.fixed")
		g.Intro = l.T("basic.fixed_intro")
	case listNotAffected:
		g.Heading = l.T("section.not_affected")
		g.Intro = l.T("basic.not_affected_intro")
	default:
		g.Heading = l.T("section.affected")
		g.Intro = l.T("basic.no_products")
		return g
	}
	type line struct {
		name     string
		versions []string // single versions
		ranges   []string // ranges, in words
	}
	type group struct {
		vendor string
		lines  []*line
		byName map[string]*line
	}
	var groups []*group
	byVendor := map[string]*group{}
	total := 0
	for i := range ps {
		p := &ps[i]
		vendor := oneLine(p.Vendor)
		// "Siemens" and "siemens" (two sources of one record) are one group.
		vkey := strings.ToLower(vendor)
		gr := byVendor[vkey]
		if gr == nil {
			gr = &group{vendor: vendor, byName: map[string]*line{}}
			byVendor[vkey] = gr
			groups = append(groups, gr)
		}
		name := b.name(p)
		ln := gr.byName[name]
		if ln == nil {
			ln = &line{name: name}
			gr.byName[name] = ln
			gr.lines = append(gr.lines, ln)
			total++
		}
		if r := oneLine(p.VersionRange); r != "" {
			if w := b.rangeWords(r); !strings.Contains(name, r) && !slices.Contains(ln.ranges, w) {
				ln.ranges = append(ln.ranges, w)
			}
		} else if v := oneLine(p.Version); v != "" && !strings.Contains(name, v) && !slices.Contains(ln.versions, v) {
			ln.versions = append(ln.versions, v)
		}
	}
	// Products without a vendor go last.
	slices.SortStableFunc(groups, func(x, y *group) int {
		return cmp.Compare(boolInt(x.vendor == ""), boolInt(y.vendor == ""))
	})
	shown := 0
	for _, gr := range groups {
		if shown == basicProductLines {
			break
		}
		pg := productGroup{Vendor: gr.vendor}
		if pg.Vendor == "" {
			pg.Vendor = l.T("vendor.unknown")
		}
		for _, ln := range gr.lines {
			if shown == basicProductLines {
				break
			}
			var parts []string
			switch vs := ln.versions; {
			case len(vs) == 1:
				parts = append(parts, l.F("range.version", vs[0]))
			case len(vs) > 1:
				parts = append(parts, l.F("range.versions", b.cut(vs, basicVersions, ", ")))
			}
			if len(ln.ranges) > 0 {
				parts = append(parts, b.cut(ln.ranges, basicVersions, "; "))
			}
			s := ln.name
			if len(parts) > 0 {
				s += ": " + strings.Join(parts, "; ")
			}
			pg.Lines = append(pg.Lines, s)
			shown++
		}
		g.Groups = append(g.Groups, pg)
	}
	if total > shown {
		g.More = l.F("list.more", total-shown)
	}
	return g
}

// listedIDs are the ids of every product the basic list stands for.
func (b *builder) listedIDs() map[string]bool {
	_, ps := b.listedProducts()
	out := make(map[string]bool, len(ps))
	for _, p := range ps {
		out[p.ID] = true
	}
	return out
}

// remediationOrder ranks remediation categories for the basic level: what
// fixes first, what does not last.
func remediationOrder(cat string) int {
	switch cat {
	case "vendor_fix":
		return 0
	case "workaround":
		return 1
	case "mitigation":
		return 2
	case "none_available":
		return 3
	case "no_fix_planned":
		return 4
	}
	return 5
}

// todo de-duplicates the remediations of all vulnerabilities by category,
// text and URL, and says which products each is for.
func (b *builder) todo(listed productGroups) []todo {
	type entry struct {
		r   advisory.Remediation
		ids []string
		has map[string]bool
	}
	var entries []*entry
	byKey := map[string]*entry{}
	for _, v := range b.a.Vulnerabilities {
		for _, r := range v.Remediations {
			key := r.Category + "\x00" + oneLine(r.Details) + "\x00" + strings.TrimSpace(r.URL)
			e := byKey[key]
			if e == nil {
				e = &entry{r: r, has: map[string]bool{}}
				byKey[key] = e
				entries = append(entries, e)
			}
			for _, id := range r.ProductIDs {
				if !e.has[id] {
					e.has[id] = true
					e.ids = append(e.ids, id)
				}
			}
		}
	}
	slices.SortStableFunc(entries, func(x, y *entry) int {
		return cmp.Compare(remediationOrder(x.r.Category), remediationOrder(y.r.Category))
	})
	all := b.listedIDs()
	out := make([]todo, 0, len(entries))
	for _, e := range entries {
		t := todo{
			Category: b.l.TOr("remedy."+e.r.Category, oneLine(e.r.Category)),
			Class:    e.r.Category,
			Details:  cleanText(e.r.Details),
			URL:      oneLine(e.r.URL),
		}
		covers := len(all) > 0 && len(listed.Groups) > 0
		for id := range all {
			if !e.has[id] {
				covers = false
				break
			}
		}
		switch {
		case covers:
			t.For = b.l.T("basic.for_all")
		case len(e.ids) > 0:
			t.For = b.l.F("basic.for", b.names(e.ids, basicForNames))
		}
		out = append(out, t)
	}
	return out
}

// names lists the distinct product names of some ids, at most limit of
// them, then "and N more".
func (b *builder) names(ids []string, limit int) string {
	var ns []string
	seen := map[string]bool{}
	for _, id := range ids {
		n := id
		if p := b.byID[id]; p != nil {
			n = b.name(p)
		}
		if !seen[n] {
			seen[n] = true
			ns = append(ns, n)
		}
	}
	return b.cut(ns, limit, "; ")
}

// name is a product's human name.
func (b *builder) name(p *advisory.Product) string {
	if n := oneLine(p.Name); n != "" {
		return n
	}
	if n := oneLine(strings.TrimSpace(p.Product + " " + p.Version)); n != "" {
		return n
	}
	return oneLine(p.ID)
}

// cut joins at most limit items, then says how many more there are.
func (b *builder) cut(items []string, limit int, sep string) string {
	if len(items) <= limit {
		return strings.Join(items, sep)
	}
	return strings.Join(items[:limit], sep) + " " + b.l.F("list.more", len(items)-limit)
}

// rangeWords reads a vers range ("vers:semver/>=1.0|<2.0") or a free-form
// constraint that starts with an operator ("<V3.0") into words ("from 1.0,
// before 2.0"). Anything else is returned as given.
func (b *builder) rangeWords(r string) string {
	body, isVers := strings.CutPrefix(r, "vers:")
	if isVers {
		_, cs, ok := strings.Cut(body, "/")
		if !ok {
			return r
		}
		body = cs
	} else if !strings.ContainsAny(r[:1], "<>=!") || strings.Contains(r, "|") {
		return r
	}
	body = strings.TrimSpace(body)
	if body == "*" {
		return b.l.T("range.all")
	}
	var parts []string
	for c := range strings.SplitSeq(body, "|") {
		c = strings.TrimSpace(c)
		if c == "" {
			continue
		}
		op, ver := "range.eq", c
		for _, o := range []struct{ sym, id string }{
			{"<=", "range.le"}, {">=", "range.ge"}, {"!=", "range.ne"},
			{"<", "range.lt"}, {">", "range.gt"}, {"=", "range.eq"},
		} {
			if rest, ok := strings.CutPrefix(c, o.sym); ok {
				op, ver = o.id, strings.TrimSpace(rest)
				break
			}
		}
		if ver == "" {
			return r
		}
		parts = append(parts, b.l.F(op, ver))
	}
	switch {
	case len(parts) == 0:
		return r
	case len(parts) == 1 && strings.HasPrefix(body, "="), len(parts) == 1 && !strings.ContainsAny(body[:1], "<>!"):
		return b.l.F("range.version", parts[0])
	}
	return b.l.F("range.versions", strings.Join(parts, ", "))
}

// label names a product with its version or range, as the expert level
// lists it.
func (b *builder) label(id string) prodRef {
	if r, ok := b.labels[id]; ok {
		return r
	}
	r := b.makeLabel(id)
	b.labels[id] = r
	return r
}

func (b *builder) makeLabel(id string) prodRef {
	p := b.byID[id]
	if p == nil {
		return prodRef{Name: id, ID: id}
	}
	name := b.name(p)
	v := oneLine(p.VersionRange)
	if v == "" {
		v = oneLine(p.Version)
	}
	if v != "" && !strings.Contains(name, v) {
		name += " (" + v + ")"
	}
	return prodRef{Name: name, ID: p.ID}
}

func (b *builder) note(n advisory.Note) note {
	title := oneLine(n.Title)
	if title == "" {
		title = b.l.TOr("note."+n.Category, oneLine(n.Category))
	}
	return note{Title: title, Audience: oneLine(n.Audience), Text: cleanText(n.Text)}
}

// statusRank orders the expert status lists: affected first, recommended
// last, unknown statuses after all.
func statusRank(s advisory.Status) int {
	switch s {
	case advisory.StatusKnownAffected:
		return 0
	case advisory.StatusFirstAffected:
		return 1
	case advisory.StatusLastAffected:
		return 2
	case advisory.StatusUnderInvestigation:
		return 3
	case advisory.StatusFirstFixed:
		return 4
	case advisory.StatusFixed:
		return 5
	case advisory.StatusKnownNotAffected:
		return 6
	case advisory.StatusRecommended:
		return 7
	}
	return 8
}

// vulns prepares the expert view of every vulnerability. A vulnerability
// whose product statuses equal an earlier one's refers to it instead of
// repeating the lists.
func (b *builder) vulns() []vuln {
	l := b.l
	out := make([]vuln, 0, len(b.a.Vulnerabilities))
	names := make([]string, 0, len(b.a.Vulnerabilities))
	seen := map[uint64][]int{}
	seenRemedies := map[string]int{}
	for i, v := range b.a.Vulnerabilities {
		cve, title := oneLine(v.CVE), oneLine(v.Title)
		vv := vuln{Anchor: "vuln-" + strconv.Itoa(i+1)}
		switch {
		case cve != "" && title != "" && title != cve:
			vv.Heading = cve + ": " + title
		case cve != "":
			vv.Heading = cve
		case title != "":
			vv.Heading = title
		case len(v.IDs) > 0:
			vv.Heading = oneLine(v.IDs[0].Text)
		}
		if vv.Heading == "" {
			vv.Heading = l.F("vuln.untitled", i+1)
		}
		add := func(id, value string) {
			if value != "" {
				vv.Facts = append(vv.Facts, field{Label: l.T(id), Value: value})
			}
		}
		var ids []string
		for _, id := range v.IDs {
			s := oneLine(id.Text)
			if sys := oneLine(id.System); sys != "" {
				s = sys + ": " + s
			}
			ids = append(ids, s)
		}
		add("field.ids", strings.Join(ids, "; "))
		if v.CWE != nil {
			add("field.cwe", oneLine(strings.TrimSpace(v.CWE.ID+" "+v.CWE.Name)))
		}
		add("field.released", l.Date(v.ReleaseDate))
		add("field.discovered", l.Date(v.DiscoveryDate))

		// A status map seen before is not listed again: the vulnerability
		// refers to the first one that had it, and shares its lists.
		prev := -1
		h := statusHash(v.ProductStatus)
		for _, j := range seen[h] {
			if maps.Equal(b.a.Vulnerabilities[j].ProductStatus, v.ProductStatus) {
				prev = j
				break
			}
		}
		if prev >= 0 && len(v.ProductStatus) > 0 {
			vv.Statuses = out[prev].Statuses
			vv.SameStatus = l.F("vuln.same_as", names[prev])
		} else {
			vv.Statuses = b.statusGroups(v.ProductStatus)
			seen[h] = append(seen[h], i)
		}
		name := cve
		if name == "" {
			name = vv.Heading
		}
		names = append(names, name)

		for _, s := range v.Scores {
			vv.Scores = append(vv.Scores, score{
				Name:     l.F("score.name", oneLine(s.CVSSVersion)),
				Base:     l.Score(s.BaseScore),
				Severity: oneLine(s.BaseSeverity),
				Vector:   oneLine(s.Vector),
				Products: b.set(s.ProductIDs, vv.Statuses),
			})
		}
		for _, n := range v.Notes {
			vv.Notes = append(vv.Notes, b.note(n))
		}
		rkey := remediationsKey(v.Remediations)
		if j, ok := seenRemedies[rkey]; ok && len(v.Remediations) > 0 {
			vv.SameRemedies = l.F("vuln.same_as", names[j])
		} else {
			seenRemedies[rkey] = i
		}
		for _, r := range v.Remediations {
			if vv.SameRemedies != "" {
				break
			}
			vv.Remedies = append(vv.Remedies, remedy{
				Category: l.TOr("remedy."+r.Category, oneLine(r.Category)),
				Class:    r.Category,
				Details:  cleanText(r.Details),
				URL:      oneLine(r.URL),
				Date:     l.Date(r.Date),
				Products: b.set(r.ProductIDs, vv.Statuses),
			})
		}
		for _, t := range v.Threats {
			vv.Threats = append(vv.Threats, threat{
				Category: l.TOr("threat."+t.Category, oneLine(t.Category)),
				Details:  cleanText(t.Details),
				Products: b.set(t.ProductIDs, vv.Statuses),
			})
		}
		vv.References = refs(v.References)
		out = append(out, vv)
	}
	return out
}

// remediationsKey identifies a vulnerability's list of remediations, to
// spot repeats.
func remediationsKey(rs []advisory.Remediation) string {
	var b strings.Builder
	for _, r := range rs {
		ids := slices.Clone(r.ProductIDs)
		slices.Sort(ids)
		for _, s := range []string{r.Category, r.Details, r.URL, date(r.Date), strings.Join(slices.Compact(ids), "\x01")} {
			b.WriteString(s)
			b.WriteByte(0)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// statusHash fingerprints a product-status map, whatever its order, to
// find repeats quickly; equal maps have equal hashes.
func statusHash(m map[string]advisory.Status) uint64 {
	sum := uint64(len(m))
	for id, st := range m {
		h := uint64(14695981039346656037) // FNV-1a
		for _, s := range [...]string{string(st), "\x00", id} {
			for i := 0; i < len(s); i++ {
				h ^= uint64(s[i])
				h *= 1099511628211
			}
		}
		sum += h
	}
	return sum
}

// statusGroups turns a product-status map into lists by status, each in
// product-tree order.
func (b *builder) statusGroups(m map[string]advisory.Status) []statusGroup {
	by := map[advisory.Status][]string{}
	for id, st := range m {
		by[st] = append(by[st], id)
	}
	sts := make([]advisory.Status, 0, len(by))
	for st := range by {
		sts = append(sts, st)
	}
	slices.SortFunc(sts, func(x, y advisory.Status) int {
		return cmp.Or(cmp.Compare(statusRank(x), statusRank(y)), cmp.Compare(x, y))
	})
	out := make([]statusGroup, 0, len(sts))
	for _, st := range sts {
		ids := by[st]
		b.sortIDs(ids)
		label := b.l.TOr("status."+string(st), string(st))
		g := statusGroup{
			Label:   label,
			Heading: b.l.F("status.count", label, len(ids)),
			ids:     ids,
		}
		for _, id := range ids {
			g.Products = append(g.Products, b.label(id))
		}
		out = append(out, g)
	}
	return out
}

// sortIDs orders product ids as the product tree does; unknown ids last.
func (b *builder) sortIDs(ids []string) {
	slices.SortFunc(ids, func(x, y string) int {
		px, okx := b.pos[x]
		py, oky := b.pos[y]
		switch {
		case okx && oky:
			return cmp.Compare(px, py)
		case okx != oky:
			return cmp.Compare(boolInt(!okx), boolInt(!oky))
		}
		return cmp.Compare(x, y)
	})
}

// set names a list of product ids: as the status list it equals, or by its
// ids.
func (b *builder) set(ids []string, groups []statusGroup) setRef {
	if len(ids) == 0 {
		return setRef{}
	}
	has := make(map[string]bool, len(ids))
	var uniq []string
	for _, id := range ids {
		if !has[id] {
			has[id] = true
			uniq = append(uniq, id)
		}
	}
	b.sortIDs(uniq)
	for _, g := range groups {
		if len(g.ids) != len(uniq) {
			continue
		}
		same := true
		for _, id := range g.ids {
			if !has[id] {
				same = false
				break
			}
		}
		if same {
			return setRef{Summary: b.l.F("set.status", len(uniq), g.Label)}
		}
	}
	if len(uniq) <= setListMax {
		var s setRef
		for _, id := range uniq {
			s.Items = append(s.Items, b.label(id))
		}
		return s
	}
	return setRef{IDs: uniq}
}

// products is the expert product list, grouped by vendor in tree order.
func (b *builder) products() []vendorProducts {
	l := b.l
	var groups []*vendorProducts
	byVendor := map[string]*vendorProducts{}
	for i := range b.a.Products {
		p := &b.a.Products[i]
		vendor := oneLine(p.Vendor)
		g := byVendor[vendor]
		if g == nil {
			g = &vendorProducts{Vendor: vendor}
			if vendor == "" {
				g.Vendor = l.T("vendor.unknown")
			}
			byVendor[vendor] = g
			groups = append(groups, g)
		}
		g.Products = append(g.Products, b.productRow(p))
	}
	// Products without a vendor go last.
	slices.SortStableFunc(groups, func(x, y *vendorProducts) int {
		return cmp.Compare(boolInt(byVendor[""] == x), boolInt(byVendor[""] == y))
	})
	out := make([]vendorProducts, 0, len(groups))
	for _, g := range groups {
		out = append(out, *g)
	}
	return out
}

// productRow describes one product for the expert product list: all its
// facts for the text format, and the same facts in four columns for HTML.
func (b *builder) productRow(p *advisory.Product) productRow {
	l := b.l
	name := b.name(p)
	row := productRow{Name: name}
	add := func(to *[]field, id, value string) {
		if value != "" {
			f := field{Label: l.T(id), Value: value}
			*to = append(*to, f)
			row.Facts = append(row.Facts, f)
		}
	}
	add(&row.IDs, "field.id", oneLine(p.ID))
	add(&row.Details, "field.family", oneLine(p.Family))
	if s := oneLine(p.Product); !strings.Contains(name, s) {
		add(&row.Details, "field.product", s)
	}
	if v := oneLine(p.Version); v != name && v != oneLine(p.Product) {
		add(&row.Versions, "field.product_version", v)
	}
	add(&row.Versions, "field.version_range", oneLine(p.VersionRange))
	add(&row.Details, "field.platform", oneLine(p.Platform))
	add(&row.Details, "field.relationship", oneLine(p.Relationship))
	add(&row.IDs, "field.cpe", oneLine(p.CPE))
	add(&row.IDs, "field.purl", oneLine(p.PURL))
	add(&row.IDs, "field.models", oneLine(strings.Join(p.ModelNumbers, ", ")))
	add(&row.IDs, "field.skus", oneLine(strings.Join(p.SKUs, ", ")))
	if st, ok := b.status[p.ID]; ok {
		row.Status = l.TOr("status."+string(st), string(st))
		row.Facts = append(row.Facts, field{Label: l.T("field.product_status"), Value: row.Status})
	}
	return row
}

func refs(rs []advisory.Reference) []ref {
	out := make([]ref, 0, len(rs))
	for _, r := range rs {
		x := ref{Summary: oneLine(r.Summary), URL: oneLine(r.URL)}
		if x.Summary == x.URL {
			x.Summary = ""
		}
		if x.Summary != "" || x.URL != "" {
			out = append(out, x)
		}
	}
	return out
}

// date prints a day in UTC as 2006-01-02, or "" for the zero time.
func date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.DateOnly)
}

func formatScore(f float64) string {
	return strconv.FormatFloat(f, 'f', 1, 64)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// trimText shortens a text to about limit runes, at the end of a sentence
// when one ends in the second half, else at a word, and marks the cut
// with an ellipsis.
func trimText(s string, limit int) string {
	s = cleanText(s)
	if runes(s) <= limit {
		return s
	}
	cut := string([]rune(s)[:limit])
	end := -1
	for _, sep := range []string{". ", ".\n", "! ", "? "} {
		end = max(end, strings.LastIndex(cut, sep))
	}
	if end > len(cut)/2 {
		return cut[:end+1] + " …"
	}
	if i := strings.LastIndexAny(cut, " \n"); i > 0 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:") + " …"
}
