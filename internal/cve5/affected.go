package cve5

import (
	"fmt"
	"net/url"
	"slices"
	"strings"

	packageurl "github.com/package-url/packageurl-go"

	"github.com/tocsin-cert/tocsin/internal/advisory"
	"github.com/tocsin-cert/tocsin/internal/versionset"
)

// unknownGitRange is the VersionRange of a product known only by git
// commits: product.ParseAdvisoryRange reads it as an unknown range, so the
// product matches on its name whatever version a subscriber gives.
const unknownGitRange = "unknown (affected commits only; see notes)"

// products collects the products of all containers.
type products struct {
	list   []advisory.Product
	status map[string]advisory.Status
	rems   []advisory.Remediation
	notes  []advisory.Note
	refs   []advisory.Reference // URLs CNAs wrote as versions
}

// affectedID is the id of the n-th affected entry of a container ("cna-3",
// "cisa-adp-1"): the prefix says where the product comes from.
func affectedID(container string, n int) string {
	c := strings.ToLower(strings.Join(strings.FieldsFunc(container, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')
	}), "-"))
	if c == "" {
		c = "adp"
	}
	return fmt.Sprintf("%s-%d", c, n)
}

// part is a span with the status the record gives it.
type part struct {
	s      versionset.Span
	status string
}

// affectedList maps the affected[] of one container (the CNA's or an
// ADP's, named container).
func (r *reader) affectedList(b *products, arr []any, path, container string) {
	// A product described by git commits in one entry and by versions in
	// another (the Linux kernel CNA) is read from the versions.
	hasVersions := map[string]bool{}
	for i := range arr {
		e, _ := arr[i].(map[string]any)
		if e == nil {
			continue
		}
		vs, _ := e["versions"].([]any)
		for _, v := range vs {
			if vo, _ := v.(map[string]any); vo != nil {
				if t, _ := vo["versionType"].(string); !strings.EqualFold(t, "git") {
					hasVersions[entryKey(e)] = true
				}
			}
		}
	}
	var digests int
	for i := range arr {
		e, p := r.Elem(arr, i, path)
		if e == nil {
			continue
		}
		if r.affected(b, e, p, affectedID(container, i+1), hasVersions[entryKey(e)]) {
			digests++
		}
	}
	if digests > 0 {
		b.notes = append(b.notes, advisory.Note{
			Category: "other",
			Title:    "Versions not read (" + container + ")",
			Text: fmt.Sprintf("%d affected products give a digest (such as a key fingerprint) instead of a version; "+
				"they are listed without version and match every version.", digests),
		})
	}
}

func entryKey(e map[string]any) string {
	v, _ := e["vendor"].(string)
	p, _ := e["product"].(string)
	n, _ := e["packageName"].(string)
	return strings.ToLower(strings.TrimSpace(v) + "\x00" + strings.TrimSpace(p) + "\x00" + strings.TrimSpace(n))
}

// naValue clears the placeholders CNAs write for "no value".
func naValue(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	switch strings.ToLower(s) {
	case "n/a", "na", "unknown", "unspecified", "-":
		return ""
	}
	return s
}

// affected maps one affected[] entry. It returns whether the entry gave a
// digest instead of a version. siblingVersions tells that another entry
// for the same product gives versions (then a git-only entry is a note).
func (r *reader) affected(b *products, e map[string]any, p, id string, siblingVersions bool) (digest bool) {
	vendor := naValue(r.Str(e, "vendor", p))
	prodName := naValue(r.Str(e, "product", p))
	pkgName := naValue(r.Str(e, "packageName", p))
	coll := strings.TrimSpace(r.Str(e, "collectionURL", p))
	repo := strings.TrimSpace(r.Str(e, "repo", p))
	cpes := r.Strs(e, "cpes", p)
	def := strings.ToLower(strings.TrimSpace(r.Str(e, "defaultStatus", p)))
	switch def {
	case "":
		def = "unknown"
	case "affected", "unaffected", "unknown":
	default:
		r.Failf(p+"/defaultStatus", "must be affected, unaffected or unknown, not %q", def)
	}
	versions := r.Arr(e, "versions", p)
	if vendor == "" && prodName == "" && pkgName == "" {
		return false // "n/a" / "n/a": the record names no product
	}

	proto := advisory.Product{Vendor: vendor, Product: prodName, Name: fullName(vendor, prodName)}
	if pkgName != "" && distributionIndex(coll) {
		// A distribution's package (Red Hat): the package on the product.
		proto.Product, proto.Name = pkgName, pkgName
		proto.Platform, proto.Relationship = prodName, "default_component_of"
	}
	if proto.Product == "" {
		proto.Product, proto.Name = pkgName, pkgName
	}
	if proto.Vendor == "" {
		proto.Vendor = ownerOf(coll)
		if proto.Vendor == "" {
			proto.Vendor = ownerOf(repo)
		}
	}
	proto.PURL = purlFor(coll, pkgName)
	proto.CPE = chooseCPE(cpes, prodName)

	// The ordering: the first versionType that names one.
	scheme := "generic"
	for i := range versions {
		if vo, _ := versions[i].(map[string]any); vo != nil {
			if t, _ := vo["versionType"].(string); versScheme(t) != "generic" {
				scheme = versScheme(t)
				break
			}
		}
	}
	o := order{versionset.Order(scheme)}
	if def == "affected" && len(versions) > 0 && onlyAffected(versions) {
		// Every entry says affected: CNAs that also write defaultStatus
		// "affected" (Adobe, some CISA-ADP entries) mean the entries, not
		// "every other version too", which would make them pointless.
		def = "unknown"
	}

	ev := r.evaluate(o, versions, p, []string{vendor, prodName, pkgName})
	for _, u := range ev.urls {
		b.refs = append(b.refs, advisory.Reference{URL: u, Summary: "Affected versions of " + proto.Name, Category: "external"})
	}
	if len(ev.commits) > 0 {
		r.gitNote(b, proto.Name, repo, ev.commits)
	}
	if ev.gitOnly && siblingVersions {
		return ev.digest
	}
	ev.sets[def] = o.Union(append(ev.sets[def], o.subtract(versionset.All(), ev.covered)...))
	o.emit(b, proto, id, ev)
	return ev.digest
}

// evaluation is what the versions[] of an entry say.
type evaluation struct {
	sets    map[string][]versionset.Span // affected, unaffected, unknown: the versions with that status
	covered []versionset.Span            // the versions some entry holds (the rest has defaultStatus)
	opaque  []string                     // affected version texts that could not be read ("" = no version)
	commits []string                     // git entries, for a note
	urls    []string                     // links written as versions
	fixes   []string                     // ends of affected parts, starts of unaffected changes
	// synthetic marks the ends made for "5.10.*" lines: not fixed versions.
	synthetic            map[string]bool
	gitAffected, gitOnly bool
	digest               bool // an affected version was a digest
}

// evaluate applies the schema's algorithm to versions[]: the first entry
// holding a version decides its status.
func (r *reader) evaluate(o order, versions []any, p string, names []string) evaluation {
	ev := evaluation{sets: map[string][]versionset.Span{}, synthetic: map[string]bool{}, gitOnly: len(versions) > 0}
	for i := range versions {
		vo, vp := r.Elem(versions, i, p+"/versions")
		if vo == nil {
			continue
		}
		status := strings.ToLower(strings.TrimSpace(r.Str(vo, "status", vp)))
		switch status {
		case "affected", "unaffected", "unknown":
		default:
			r.Failf(vp+"/status", "must be affected, unaffected or unknown, not %q", status)
			continue
		}
		ver := strings.TrimSpace(r.Str(vo, "version", vp))
		vtype := strings.TrimSpace(r.Str(vo, "versionType", vp))
		lt := strings.TrimSpace(r.Str(vo, "lessThan", vp))
		lte := strings.TrimSpace(r.Str(vo, "lessThanOrEqual", vp))
		if strings.EqualFold(vtype, "git") {
			end := ""
			switch {
			case lt != "":
				end = " before " + lt
			case lte != "":
				end = " up to " + lte
			}
			ev.commits = append(ev.commits, fmt.Sprintf("%s: from %s%s", status, ver, end))
			ev.gitAffected = ev.gitAffected || status == "affected"
			continue
		}
		ev.gitOnly = false
		var region []versionset.Span
		var parts []part
		if lt != "" || lte != "" {
			var hi versionset.Bound
			var syn bool
			if lt != "" {
				hi, syn = highBound(lt, false)
			} else {
				hi, syn = highBound(lte, true)
			}
			if syn {
				ev.synthetic[hi.V] = true
			}
			whole := versionset.Span{Lo: lowBound(ver), Hi: hi}
			region = []versionset.Span{whole}
			parts = o.changes(r, vo, vp, whole, status)
		} else {
			spans, kind := o.single(ver, names)
			switch kind {
			case textAll:
				spans = versionset.All()
			case textUnversioned:
				if strings.Contains(ver, "://") {
					ev.urls = append(ev.urls, ver)
				} else {
					ev.digest = true
				}
				if status == "affected" {
					ev.opaque = append(ev.opaque, "")
				}
				continue
			case textOpaque:
				if status == "affected" {
					ev.opaque = append(ev.opaque, ver)
				}
				continue
			}
			region = spans
			for _, s := range spans {
				parts = append(parts, part{s: s, status: status})
			}
		}
		for j, pt := range parts {
			if pt.status == "affected" && !pt.s.Hi.Inf && !pt.s.Hi.Inc && !ev.synthetic[pt.s.Hi.V] {
				ev.fixes = append(ev.fixes, pt.s.Hi.V)
			}
			if j > 0 && pt.status == "unaffected" && !pt.s.Lo.Inf {
				ev.fixes = append(ev.fixes, pt.s.Lo.V)
			}
		}
		ev.fixes = append(ev.fixes, o.unaffectedChanges(vo)...)
		for _, pt := range parts {
			fresh := o.subtract(o.Union([]versionset.Span{pt.s}), ev.covered)
			ev.sets[pt.status] = o.Union(append(ev.sets[pt.status], fresh...))
		}
		ev.covered = o.Union(append(ev.covered, region...))
	}
	return ev
}

// emit adds the products of an evaluated entry: one known_affected
// product for the readable versions, one per unreadable text, one for
// commits only; without affected versions one under_investigation or
// known_not_affected product; then the fixed products and remediation.
func (o order) emit(b *products, proto advisory.Product, id string, ev evaluation) {
	add := func(pr advisory.Product, st advisory.Status) {
		b.list = append(b.list, pr)
		b.status[pr.ID] = st
	}
	n := 0
	nextID := func() string {
		n++
		if n == 1 {
			return id
		}
		return fmt.Sprintf("%s-%d", id, n)
	}
	var affectedIDs []string
	affected := func(rng string) {
		pr := proto
		pr.ID = nextID()
		pr.VersionRange = rng
		add(pr, advisory.StatusKnownAffected)
		affectedIDs = append(affectedIDs, pr.ID)
	}
	aff := ev.sets["affected"]
	if len(aff) > 0 {
		affected(o.Vers(aff))
	}
	for _, text := range slices.Compact(ev.opaque) {
		affected(text) // read by the matcher, or matched on name
	}
	if len(affectedIDs) == 0 && ev.gitAffected {
		affected(unknownGitRange)
	}
	if len(affectedIDs) == 0 {
		pr := proto
		pr.ID = nextID()
		st, set := advisory.StatusKnownNotAffected, ev.sets["unaffected"]
		if unk := ev.sets["unknown"]; len(unk) > 0 {
			st, set = advisory.StatusUnderInvestigation, unk
		}
		if !versionset.IsAll(set) {
			pr.VersionRange = o.Vers(set)
		}
		add(pr, st)
		return
	}

	// Fixed versions: the ends of the affected spans (not the synthetic
	// ends of "5.10.*" lines), and those the entries name.
	fixes := ev.fixes
	for _, s := range aff {
		if !s.Hi.Inf && !s.Hi.Inc && !ev.synthetic[s.Hi.V] {
			fixes = append(fixes, s.Hi.V)
		}
	}
	fixes = o.sortedUnique(fixes)
	for k, v := range fixes {
		pr := proto
		pr.ID = fmt.Sprintf("%s-fixed-%d", id, k+1)
		pr.Version = v
		add(pr, advisory.StatusFixed)
	}
	if len(fixes) > 0 {
		b.rems = append(b.rems, advisory.Remediation{
			Category:   "vendor_fix",
			Details:    upgradeText(displayName(proto), fixes),
			ProductIDs: affectedIDs,
		})
	}
}

// changes splits a range by its changes[] (re-sorted by version, as the
// schema asks): each part has the status in force from its start.
func (o order) changes(r *reader, vo map[string]any, vp string, whole versionset.Span, status string) []part {
	arr := r.Arr(vo, "changes", vp)
	type change struct{ at, status string }
	var cs []change
	for i := range arr {
		co, cp := r.Elem(arr, i, vp+"/changes")
		if co == nil {
			continue
		}
		st := strings.ToLower(strings.TrimSpace(r.Str(co, "status", cp)))
		switch st {
		case "affected", "unaffected", "unknown":
		default:
			r.Failf(cp+"/status", "must be affected, unaffected or unknown, not %q", st)
			continue
		}
		cs = append(cs, change{at: strings.TrimSpace(r.Str(co, "at", cp)), status: st})
	}
	slices.SortStableFunc(cs, func(a, b change) int { return o.Cmp(a.at, b.at) })
	var out []part
	start, cur := whole.Lo, status
	for _, c := range cs {
		at := versionset.Bound{V: c.at, Inc: true}
		if o.CmpLo(at, start) <= 0 {
			cur = c.status // in force from the start of the range
			continue
		}
		hi := versionset.Bound{V: c.at}
		if o.CmpHi(hi, whole.Hi) > 0 {
			hi = whole.Hi
		}
		out = append(out, part{s: versionset.Span{Lo: start, Hi: hi}, status: cur})
		start, cur = at, c.status
	}
	return append(out, part{s: versionset.Span{Lo: start, Hi: whole.Hi}, status: cur})
}

// unaffectedChanges returns the versions at which a range's changes[]
// turns unaffected: versions the CNA names as fixed.
func (o order) unaffectedChanges(vo map[string]any) []string {
	arr, _ := vo["changes"].([]any)
	var out []string
	for _, c := range arr {
		if co, ok := c.(map[string]any); ok {
			at, _ := co["at"].(string)
			st, _ := co["status"].(string)
			if strings.EqualFold(strings.TrimSpace(st), "unaffected") && strings.TrimSpace(at) != "" {
				out = append(out, strings.TrimSpace(at))
			}
		}
	}
	return out
}

// sortedUnique sorts versions and drops repeats.
func (o order) sortedUnique(vs []string) []string {
	out := slices.Clone(vs)
	slices.SortStableFunc(out, o.Cmp)
	return slices.CompactFunc(out, func(a, b string) bool { return o.Cmp(a, b) == 0 })
}

// onlyAffected reports whether every version entry (and change) of a
// product says "affected".
func onlyAffected(versions []any) bool {
	for _, v := range versions {
		vo, ok := v.(map[string]any)
		if !ok {
			continue
		}
		if st, _ := vo["status"].(string); !strings.EqualFold(strings.TrimSpace(st), "affected") {
			return false
		}
		cs, _ := vo["changes"].([]any)
		for _, c := range cs {
			if co, ok := c.(map[string]any); ok {
				if st, _ := co["status"].(string); !strings.EqualFold(strings.TrimSpace(st), "affected") {
					return false
				}
			}
		}
	}
	return true
}

// chooseCPE picks the CPE of a product: the one whose product part is the
// product's name, else the first when all name the same vendor and
// product (CISA-ADP lists the CPEs of several products in one entry).
func chooseCPE(cpes []string, product string) string {
	key := func(c string) (vp, prod string) {
		c = strings.TrimSpace(c)
		var f []string
		switch {
		case strings.HasPrefix(strings.ToLower(c), "cpe:2.3:"):
			f = strings.Split(c[len("cpe:2.3:"):], ":")
		case strings.HasPrefix(strings.ToLower(c), "cpe:/"):
			f = strings.Split(c[len("cpe:/"):], ":")
		}
		if len(f) < 3 {
			return "", ""
		}
		prod = strings.ReplaceAll(f[2], `\`, "")
		return strings.ToLower(f[1] + ":" + prod), strings.ToLower(prod)
	}
	want := strings.ToLower(strings.ReplaceAll(product, `\`, ""))
	first, same := "", true
	for i, c := range cpes {
		vp, prod := key(c)
		if prod != "" && prod == want {
			return strings.TrimSpace(c)
		}
		if i == 0 {
			first = vp
		} else if vp != first {
			same = false
		}
	}
	if len(cpes) > 0 && same {
		return strings.TrimSpace(cpes[0])
	}
	return ""
}

func (r *reader) gitNote(b *products, name, repo string, commits []string) {
	title := "Affected commits of " + name
	text := strings.Join(commits, "\n")
	if repo != "" {
		text = repo + "\n" + text
	}
	for _, n := range b.notes {
		if n.Title == title && n.Text == text {
			return
		}
	}
	b.notes = append(b.notes, advisory.Note{Category: "other", Title: title, Text: text})
}

// fullName is the vendor and product, without repeating the vendor.
func fullName(vendor, product string) string {
	switch {
	case vendor == "":
		return product
	case product == "":
		return vendor
	case strings.HasPrefix(strings.ToLower(product), strings.ToLower(vendor)):
		return product
	}
	return vendor + " " + product
}

// displayName is the product name with its platform, for texts.
func displayName(p advisory.Product) string {
	if p.Platform == "" {
		return p.Name
	}
	return p.Name + " (" + p.Platform + ")"
}

func upgradeText(name string, fixes []string) string {
	if len(fixes) == 1 {
		return fmt.Sprintf("Upgrade %s to %s or later.", name, fixes[0])
	}
	return fmt.Sprintf("Upgrade %s to a fixed version of its release line: %s (or later).", name, strings.Join(fixes, ", "))
}

// versScheme maps a CVE versionType to a vers scheme.
func versScheme(t string) string {
	switch strings.ToLower(strings.TrimSpace(t)) {
	case "semver":
		return "semver"
	case "python", "pypi", "pep440":
		return "pypi"
	case "maven":
		return "maven"
	case "rpm":
		return "rpm"
	case "deb", "debian", "dpkg":
		return "deb"
	case "npm":
		return "npm"
	case "go", "golang":
		return "golang"
	case "gem", "rubygems":
		return "gem"
	case "nuget":
		return "nuget"
	case "cargo":
		return "cargo"
	}
	return "generic"
}

// distributionIndex reports whether a collectionURL is a distribution's
// package index, whose "product" is the distribution release.
func distributionIndex(coll string) bool {
	u, err := url.Parse(coll)
	if err != nil {
		return false
	}
	switch strings.ToLower(u.Host) {
	case "access.redhat.com", "packages.debian.org", "packages.ubuntu.com", "launchpad.net",
		"packages.fedoraproject.org", "src.fedoraproject.org", "build.opensuse.org", "pkgs.alpinelinux.org":
		return true
	}
	return false
}

// ownerOf is the owner of a repository on a code host.
func ownerOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	switch strings.ToLower(u.Host) {
	case "github.com", "gitlab.com", "bitbucket.org", "gitee.com", "codeberg.org":
		owner, _, _ := strings.Cut(strings.Trim(u.Path, "/"), "/")
		return owner
	}
	return ""
}

// purlFor builds a package URL from a package registry collectionURL and
// packageName; other collections give none.
func purlFor(coll, pkg string) string {
	u, err := url.Parse(coll)
	if err != nil || u.Host == "" {
		return ""
	}
	host := strings.TrimPrefix(strings.ToLower(u.Host), "www.")
	if pkg == "" && host == "pypi.org" { // https://pypi.org/project/NAME/
		if rest, ok := strings.CutPrefix(strings.Trim(u.Path, "/"), "project/"); ok && !strings.Contains(rest, "/") {
			pkg = rest
		}
	}
	if pkg == "" {
		return ""
	}
	mk := func(typ, ns, name string) string {
		return packageurl.NewPackageURL(typ, ns, name, "", nil, "").ToString()
	}
	switch host {
	case "pypi.org", "pypi.python.org":
		return mk("pypi", "", pkg)
	case "npmjs.com", "registry.npmjs.org":
		if i := strings.LastIndexByte(pkg, '/'); i > 0 {
			return mk("npm", pkg[:i], pkg[i+1:])
		}
		return mk("npm", "", pkg)
	case "crates.io":
		return mk("cargo", "", pkg)
	case "rubygems.org":
		return mk("gem", "", pkg)
	case "nuget.org":
		return mk("nuget", "", pkg)
	case "packagist.org":
		if v, n, ok := strings.Cut(pkg, "/"); ok {
			return mk("composer", v, n)
		}
	case "repo.maven.apache.org", "repo1.maven.org", "central.sonatype.com":
		if g, a, ok := strings.Cut(pkg, ":"); ok {
			return mk("maven", g, a)
		}
	case "proxy.golang.org", "pkg.go.dev":
		if i := strings.LastIndexByte(pkg, '/'); i > 0 && strings.Contains(pkg[:i], ".") {
			return mk("golang", pkg[:i], pkg[i+1:])
		}
		if !strings.Contains(strings.SplitN(pkg, "/", 2)[0], ".") {
			return mk("golang", "", "stdlib") // a standard library package
		}
	case "github.com":
		if owner, name, ok := strings.Cut(strings.Trim(u.Path, "/"), "/"); ok && !strings.Contains(name, "/") {
			return mk("github", strings.ToLower(owner), strings.ToLower(strings.TrimSuffix(name, ".git")))
		}
	case "access.redhat.com":
		return mk("rpm", "redhat", pkg)
	}
	return ""
}
