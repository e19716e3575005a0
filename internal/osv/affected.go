package osv

import (
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/tocsin-cert/tocsin/internal/advisory"
	"github.com/tocsin-cert/tocsin/internal/versionset"
)

// unknownGitRange is the VersionRange of a package known only by git
// commits: product.ParseAdvisoryRange reads it as an unknown range, so the
// product matches on its name whatever version a subscriber gives.
const unknownGitRange = "unknown (affected commits only; see notes)"

// products collects what the affected[] entries give.
type products struct {
	list    []advisory.Product
	status  map[string]advisory.Status
	rems    []advisory.Remediation
	notes   []advisory.Note
	vectors []string // "name: TYPE vector" from affected[].severity
	cves    []string // from affected[].database_specific.cves_map (Ubuntu)
	// cveSeverities are the severities given in cves_map ("Ubuntu medium").
	cveSeverities []string
}

// event is one OSV range event.
type event struct {
	kind, v string
}

// affected maps the n-th entry of affected[] (at path p) into an affected
// product "pN", one fixed product "pN-fixed-K" per fixed version and a
// vendor_fix remediation. topCPE is database_specific.cpes[0] of the record, used
// when the record names a single package.
func (r *reader) affected(b *products, o map[string]any, p, topCPE string, n int) {
	pkg := r.Obj(o, "package", p)
	pp := p + "/package"
	eco := strings.TrimSpace(r.Str(pkg, "ecosystem", pp))
	name := strings.TrimSpace(r.Str(pkg, "name", pp))
	given := r.Str(pkg, "purl", pp)
	base, release := splitEcosystem(eco)
	info := ecosystemOf(base)

	var spans []versionset.Span
	var fixes, commits []string
	versionRanges := false
	scheme := info.vers
	var repo string
	ranges := r.Arr(o, "ranges", p)
	for i := range ranges {
		ro, rp := r.Elem(ranges, i, p+"/ranges")
		if ro == nil {
			continue
		}
		typ := strings.ToUpper(strings.TrimSpace(r.Str(ro, "type", rp)))
		evs := r.events(ro, rp)
		if typ == "GIT" {
			repo = strings.TrimSpace(r.Str(ro, "repo", rp))
			commits = append(commits, gitText(repo, evs))
			continue
		}
		versionRanges = true
		if typ == "SEMVER" {
			for j := range evs {
				evs[j].v = stripBuild(evs[j].v)
			}
			if scheme == "" {
				scheme = "semver"
			}
		}
		sp, fx := order{versionset.Order(scheme)}.walk(evs)
		spans = append(spans, sp...)
		fixes = append(fixes, fx...)
	}
	// versions[] enumerates the versions of SEMVER and ECOSYSTEM ranges;
	// it carries the information only when the ranges are commits.
	if !versionRanges {
		for _, v := range r.Strs(o, "versions", p) {
			if v = strings.TrimSpace(v); v != "" {
				spans = append(spans, versionset.Span{Lo: versionset.Bound{V: v, Inc: true}, Hi: versionset.Bound{V: v, Inc: true}})
			}
		}
	}
	if scheme == "" {
		scheme = "generic"
	}
	if name == "" && repo != "" {
		name = repoName(repo)
	}
	if name == "" {
		return // neither package nor repository: nothing to match
	}

	ds := r.Obj(o, "database_specific", p)
	cpe := firstString(ds["cpes"])
	if cpe == "" {
		cpe = topCPE
	}
	cves, sevs := r.cvesMap(ds, p+"/database_specific")
	for _, c := range cves {
		if !slices.Contains(b.cves, c) {
			b.cves = append(b.cves, c)
		}
	}
	b.cveSeverities = append(b.cveSeverities, sevs...)
	for _, s := range r.severities(o, p) {
		b.vectors = append(b.vectors, name+": "+s)
	}

	proto := advisory.Product{
		Name:    name,
		Vendor:  vendorOf(base, name, info),
		Product: name,
		PURL:    packageURL(given, info, name),
		CPE:     cpe,
	}
	if info.distro {
		proto.Platform = platformName(base, release)
		if proto.Platform != "" {
			proto.Relationship = "default_component_of"
		}
	}
	if proto.Vendor == "" && repo != "" {
		proto.Vendor = repoOwner(repo)
	}
	if proto.PURL == "" && repo != "" {
		proto.PURL = githubPURL(repo)
	}

	ord := order{versionset.Order(scheme)}
	set := ord.Union(spans)
	id := fmt.Sprintf("p%d", n)
	affected := proto
	affected.ID = id
	switch {
	case len(set) > 0:
		affected.VersionRange = ord.Vers(set)
	case len(commits) > 0:
		affected.VersionRange = unknownGitRange
	case versionRanges:
		affected.ID = "" // the ranges hold no version: nothing is affected
	}
	if affected.ID != "" {
		b.list = append(b.list, affected)
		b.status[id] = advisory.StatusKnownAffected
	}
	if len(commits) > 0 {
		b.notes = append(b.notes, advisory.Note{
			Category: "other",
			Title:    "Affected commits of " + displayName(name, proto.Platform),
			Text:     strings.Join(commits, "\n"),
		})
	}

	fixes = ord.sortedUnique(fixes)
	for k, v := range fixes {
		f := proto
		f.ID = fmt.Sprintf("p%d-fixed-%d", n, k+1)
		f.Version = v
		b.list = append(b.list, f)
		b.status[f.ID] = advisory.StatusFixed
	}
	if len(fixes) > 0 && affected.ID != "" {
		b.rems = append(b.rems, advisory.Remediation{
			Category:   "vendor_fix",
			Details:    upgradeText(displayName(name, proto.Platform), fixes),
			ProductIDs: []string{affected.ID},
		})
	}
}

// events reads the events of a range; each has exactly one of introduced,
// fixed, last_affected and limit.
func (r *reader) events(ro map[string]any, rp string) []event {
	arr := r.Arr(ro, "events", rp)
	out := make([]event, 0, len(arr))
	for i := range arr {
		eo, ep := r.Elem(arr, i, rp+"/events")
		if eo == nil {
			continue
		}
		var found []event
		for _, k := range [...]string{"introduced", "fixed", "last_affected", "limit"} {
			if _, ok := eo[k]; ok {
				found = append(found, event{kind: k, v: strings.TrimSpace(r.Str(eo, k, ep))})
			}
		}
		if len(found) != 1 {
			r.Failf(ep, "an event needs exactly one of introduced, fixed, last_affected or limit")
			continue
		}
		if found[0].v == "" {
			r.Failf(ep+"/"+found[0].kind, "is empty")
			continue
		}
		out = append(out, found[0])
	}
	return out
}

// walk turns the events of a SEMVER or ECOSYSTEM range into spans, as the
// OSV schema evaluates them: events sorted by version ("introduced: 0" is
// the beginning, "limit: *" the end), an introduced event opens a span
// (unless one is open), fixed and limit close it before their version,
// last_affected closes it at its version; a span left open runs to the
// end. It also returns the fixed versions.
func (o order) walk(evs []event) (spans []versionset.Span, fixes []string) {
	// rank puts the beginning first and the end last; other events are
	// ordered by version.
	rank := func(e event) int {
		switch {
		case e.kind == "introduced" && versionset.IsStart(e.v):
			return -1
		case e.kind == "limit" && e.v == "*":
			return 1
		}
		return 0
	}
	sorted := slices.Clone(evs)
	slices.SortStableFunc(sorted, func(a, b event) int {
		ra, rb := rank(a), rank(b)
		if ra != 0 || rb != 0 {
			return ra - rb
		}
		return o.Cmp(a.v, b.v)
	})
	var open *versionset.Bound
	for _, e := range sorted {
		switch e.kind {
		case "introduced":
			if open == nil {
				b := versionset.Bound{V: e.v, Inc: true}
				if versionset.IsStart(e.v) {
					b = versionset.Bound{Inf: true}
				}
				open = &b
			}
		case "fixed":
			fixes = append(fixes, e.v)
			if open != nil {
				spans = append(spans, versionset.Span{Lo: *open, Hi: versionset.Bound{V: e.v}})
				open = nil
			}
		case "last_affected":
			if open != nil {
				spans = append(spans, versionset.Span{Lo: *open, Hi: versionset.Bound{V: e.v, Inc: true}})
				open = nil
			}
		case "limit":
			if open != nil {
				hi := versionset.Bound{V: e.v}
				if e.v == "*" {
					hi = versionset.Bound{Inf: true}
				}
				spans = append(spans, versionset.Span{Lo: *open, Hi: hi})
				open = nil
			}
		}
	}
	if open != nil {
		spans = append(spans, versionset.Span{Lo: *open, Hi: versionset.Bound{Inf: true}})
	}
	return spans, fixes
}

// stripBuild removes SemVer build metadata ("2.7.2+incompatible" is
// 2.7.2), which SemVer ignores when ordering versions.
func stripBuild(v string) string {
	if i := strings.IndexByte(v, '+'); i > 0 {
		return v[:i]
	}
	return v
}

// gitText describes a GIT range for a note.
func gitText(repo string, evs []event) string {
	var parts []string
	for _, e := range evs {
		parts = append(parts, strings.ReplaceAll(e.kind, "_", " ")+" "+e.v)
	}
	s := strings.Join(parts, ", ")
	if repo != "" {
		s = repo + ": " + s
	}
	return s
}

// severities reads severity[] of an object into "TYPE score" texts.
func (r *reader) severities(o map[string]any, path string) []string {
	arr := r.Arr(o, "severity", path)
	var out []string
	for i := range arr {
		so, sp := r.Elem(arr, i, path+"/severity")
		if so == nil {
			continue
		}
		typ := strings.TrimSpace(r.Str(so, "type", sp))
		score := strings.TrimSpace(r.Str(so, "score", sp))
		if score != "" {
			out = append(out, typ+" "+score)
		}
	}
	return out
}

// cvesMap reads the CVE ids of Ubuntu's database_specific.cves_map, and
// the severities given for them.
func (r *reader) cvesMap(ds map[string]any, path string) (cves, severities []string) {
	cm := r.Obj(ds, "cves_map", path)
	arr := r.Arr(cm, "cves", path+"/cves_map")
	for i := range arr {
		co, cp := r.Elem(arr, i, path+"/cves_map/cves")
		if co == nil {
			continue
		}
		if c, ok := cveOf(r.Str(co, "id", cp)); ok {
			cves = append(cves, c)
		}
		severities = append(severities, r.severities(co, cp)...)
	}
	return cves, severities
}

func firstString(v any) string {
	if a, ok := v.([]any); ok && len(a) > 0 {
		if s, ok := a[0].(string); ok {
			return strings.TrimSpace(s)
		}
	}
	return ""
}

// sortedUnique sorts versions and drops repeats.
func (o order) sortedUnique(vs []string) []string {
	out := slices.Clone(vs)
	slices.SortStableFunc(out, o.Cmp)
	return slices.CompactFunc(out, func(a, b string) bool { return a == b })
}

// displayName is a package name with its platform, for texts.
func displayName(name, platform string) string {
	if platform == "" {
		return name
	}
	return name + " (" + platform + ")"
}

// upgradeText is the remediation for the fixed versions of a package.
func upgradeText(name string, fixes []string) string {
	if len(fixes) == 1 {
		return fmt.Sprintf("Upgrade %s to %s or later.", name, fixes[0])
	}
	return fmt.Sprintf("Upgrade %s to a fixed version of its release line: %s (or later).", name, strings.Join(fixes, ", "))
}

// repoName is the last path segment of a repository URL.
func repoName(repo string) string {
	u, err := url.Parse(repo)
	if err != nil || u.Path == "" {
		return repo
	}
	segs := strings.Split(strings.Trim(u.Path, "/"), "/")
	return strings.TrimSuffix(segs[len(segs)-1], ".git")
}

// repoOwner is the owner of a repository on a code host.
func repoOwner(repo string) string {
	u, err := url.Parse(repo)
	if err != nil || !isCodeHost(u.Host) {
		return ""
	}
	owner, _, _ := strings.Cut(strings.Trim(u.Path, "/"), "/")
	return owner
}

// githubPURL is pkg:github/OWNER/REPO for a GitHub repository URL.
func githubPURL(repo string) string {
	u, err := url.Parse(repo)
	if err != nil || !strings.EqualFold(u.Host, "github.com") {
		return ""
	}
	owner, name, ok := strings.Cut(strings.Trim(u.Path, "/"), "/")
	if !ok || owner == "" || name == "" || strings.Contains(name, "/") {
		return ""
	}
	return "pkg:github/" + strings.ToLower(owner) + "/" + strings.ToLower(strings.TrimSuffix(name, ".git"))
}
