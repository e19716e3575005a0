package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/tocsin-cert/tocsin/internal/csaf"
	"github.com/tocsin-cert/tocsin/internal/eispp"
	"github.com/tocsin-cert/tocsin/internal/ingest"
	"github.com/tocsin-cert/tocsin/internal/instance"
	"github.com/tocsin-cert/tocsin/internal/present"
	"github.com/tocsin-cert/tocsin/internal/publish"
	"github.com/tocsin-cert/tocsin/internal/render"
	"github.com/tocsin-cert/tocsin/internal/store"
)

func runImport(ctx context.Context, c *cmdCtx, args []string) error {
	fs := c.flags("", "[--publish] PATH...", "Import advisories from files and folders (every *.json and *.xml inside,\nrecursively): CSAF 2.0, OSV, CVE JSON 5 and EISPP XML, recognised by content.\nA CSAF document is checked against the schema and the mandatory tests of\nthe standard (6.1.1 to 6.1.33); one line per file says what happened. A bad\nfile does not stop the others; the exit code is 1 when any file failed. The\nsame document twice is a no-op; a newer revision replaces the older one; a\ndocument in another language with a known tracking id is kept as a\ntranslation.")
	pub := fs.Bool("publish", false, "publish each imported advisory: match it against the profiles and queue its e-mail")
	if err := c.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return c.usageErr("give at least one file or folder")
	}
	inst, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer inst.Close()
	im, err := ingest.New(inst.Store)
	if err != nil {
		return err
	}
	files, bad := ingest.Files(fs.Args())
	failed := len(bad)
	for _, r := range bad {
		fmt.Fprintf(c.Stdout, "FAILED     %s: %v\n", r.Path, r.Err)
	}
	counts := map[store.Outcome]int{}
	docs := make([]ingest.Doc, len(files))
	for i, f := range files {
		docs[i] = ingest.Doc{Path: f}
	}
	im.ImportAll(ctx, docs, runtime.GOMAXPROCS(0), func(r ingest.Result) {
		if r.Err != nil {
			failed++
			fmt.Fprintf(c.Stdout, "FAILED     %s: %v\n", r.Path, r.Err)
			return
		}
		counts[r.Outcome]++
		line := fmt.Sprintf("%-10s %s revision %s  %s", r.Outcome, r.Advisory.TrackingID, r.Advisory.Version, r.Path)
		if r.Outcome == store.OutcomeUpdated {
			line += fmt.Sprintf("  (replaces revision %s)", r.Previous)
		}
		if r.Outcome == store.OutcomeOlder {
			line += fmt.Sprintf("  (kept in history; revision %s stays current)", r.Previous)
		}
		if r.Outcome == store.OutcomeTranslation {
			line += "  (stored as a translation, " + r.Advisory.Lang + ")"
		}
		if *pub && r.Outcome != store.OutcomeOlder && r.Outcome != store.OutcomeTranslation {
			res, err := publish.Publish(ctx, inst.Store, r.ID)
			if err != nil {
				failed++
				fmt.Fprintf(c.Stdout, "%s\nFAILED     %s: publish: %v\n", line, r.Path, err)
				return
			}
			line += fmt.Sprintf("  published: %s matched, %s", plural(res.Profiles, "profile"), plural(res.NewDeliveries, "new delivery"))
			for _, e := range res.ProfileErrors {
				c.log.Warn("profile skipped", "err", e)
			}
		}
		fmt.Fprintln(c.Stdout, line)
	})
	summary := fmt.Sprintf("%d files: %d new, %d updated, %d unchanged, %d older, %d failed",
		len(files)+len(bad), counts[store.OutcomeCreated], counts[store.OutcomeUpdated], counts[store.OutcomeUnchanged], counts[store.OutcomeOlder], failed)
	fmt.Fprintln(c.Stderr, summary)
	if _, actor, err := c.viewer(ctx, inst); err == nil {
		action := "advisory.import"
		if *pub {
			action = "advisory.import+publish"
		}
		c.audit(ctx, inst, actor, action, strings.Join(fs.Args(), " "), summary)
	}
	if failed > 0 {
		return errSilent
	}
	return nil
}

// findAdvisory resolves an advisory given by tracking id (or internal number).
func findAdvisory(ctx context.Context, inst *instance.Instance, id string) (*store.Record, error) {
	recs, err := inst.Store.AdvisoriesByTrackingID(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		if n, perr := strconv.ParseInt(strings.TrimPrefix(id, "#"), 10, 64); perr == nil {
			if rec, err := inst.Store.Advisory(ctx, n); err == nil {
				return rec, nil
			}
		}
		return nil, fmt.Errorf("no advisory %q (see tocsin advisory list)", id)
	}
	if err != nil {
		return nil, err
	}
	if len(recs) > 1 {
		var b strings.Builder
		for _, r := range recs {
			fmt.Fprintf(&b, "\n  #%d  %s (%s)", r.ID, r.TrackingID, r.Publisher)
		}
		return nil, fmt.Errorf("several publishers use the id %q; give the number instead:%s", id, b.String())
	}
	return recs[0], nil
}

func runPublish(ctx context.Context, c *cmdCtx, args []string) error {
	fs := c.flags("", "ID", "Publish an imported advisory (by its tracking id, e.g. ICSA-24-100-01): match it\nagainst every profile and queue one e-mail per recipient. Publishing the same\nrevision again queues nothing new.")
	if err := c.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return c.usageErr("give one advisory id")
	}
	inst, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer inst.Close()
	rec, err := findAdvisory(ctx, inst, fs.Arg(0))
	if err != nil {
		return err
	}
	res, err := publish.Publish(ctx, inst.Store, rec.ID)
	if err != nil {
		return err
	}
	for _, e := range res.ProfileErrors {
		c.log.Warn("profile skipped", "err", e)
	}
	if _, actor, err := c.viewer(ctx, inst); err == nil {
		c.audit(ctx, inst, actor, "advisory.publish", rec.TrackingID+" revision "+rec.Version, fmt.Sprintf("%s matched, %s queued", plural(res.Profiles, "profile"), plural(res.NewDeliveries, "new delivery")))
	}
	fmt.Fprintf(c.Stdout, "Published %s revision %s: %s matched, %s queued\n", rec.TrackingID, rec.Version, plural(res.Profiles, "profile"), plural(res.NewDeliveries, "new delivery"))
	return nil
}

func runDeliveries(ctx context.Context, c *cmdCtx, args []string) error {
	fs := c.flags("", "ID", "Show an advisory's matches and deliveries with each one's state.")
	if err := c.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return c.usageErr("give one advisory id")
	}
	inst, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer inst.Close()
	rec, err := findAdvisory(ctx, inst, fs.Arg(0))
	if err != nil {
		return err
	}
	ms, err := inst.Store.Matches(ctx, rec.ID)
	if err != nil {
		return err
	}
	ds, err := inst.Store.Deliveries(ctx, rec.ID)
	if err != nil {
		return err
	}
	profiles, err := inst.Store.ListProfiles(ctx)
	if err != nil {
		return err
	}
	orgs, err := inst.Store.ListOrgs(ctx)
	if err != nil {
		return err
	}
	orgName := map[int64]string{}
	for _, o := range orgs {
		orgName[o.ID] = o.Name
	}
	profName := map[int64]string{}
	for _, p := range profiles {
		profName[p.ID] = orgName[p.OrgID] + " / " + p.Name
	}
	state := "not published"
	if rec.Published {
		state = "published " + rec.PublishedAt.UTC().Format("2006-01-02 15:04")
	}
	fmt.Fprintf(c.Stdout, "%s revision %s (%s): %s matched, %s\n", rec.TrackingID, rec.Version, state, plural(countProfiles(ms), "profile"), plural(len(ds), "delivery"))
	// One line per (revision, profile, SPEC), however many products matched.
	type group struct {
		version, spec, first, reason string
		profile                      int64
		n                            int
	}
	var groups []*group
	byKey := map[string]*group{}
	for _, m := range ms {
		k := m.Version + "\x00" + strconv.FormatInt(m.ProfileID, 10) + "\x00" + m.Spec
		g := byKey[k]
		if g == nil {
			name := m.ProductID
			if p, ok := rec.Advisory.Product(m.ProductID); ok && m.Version == rec.Version {
				name = p.Name
			}
			g = &group{version: m.Version, spec: m.Spec, profile: m.ProfileID, first: name, reason: m.Reason}
			byKey[k] = g
			groups = append(groups, g)
		}
		g.n++
	}
	for _, g := range groups {
		more := ""
		if g.n > 1 {
			more = fmt.Sprintf(" and %d more products", g.n-1)
		}
		fmt.Fprintf(c.Stdout, "  match  rev %s  %s: %q matches %s%s\n         (%s)\n", g.version, profName[g.profile], g.spec, strings.TrimSpace(g.first), more, g.reason)
	}
	tw := tabwriter.NewWriter(c.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "  REV\tRECIPIENT\tSTATUS\tATTEMPTS\tSENT\tLAST ERROR")
	for _, d := range ds {
		sent := ""
		if !d.SentAt.IsZero() {
			sent = d.SentAt.UTC().Format(time.RFC3339)
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%d\t%s\t%s\n", d.Version, d.Recipient, d.Status, d.Attempts, sent, d.LastError)
	}
	return tw.Flush()
}

func runAdvisory(ctx context.Context, c *cmdCtx, args []string) error {
	sub, args := subcommand(args)
	switch sub {
	case "list":
		fs := c.flags("list", "[--json] [--search WORDS]", "List advisories, newest first: id, revision, severity, TLP and title.")
		asJSON := fs.Bool("json", false, "print JSON for scripts")
		q := fs.String("search", "", "only advisories matching these words, an advisory id or a CVE id")
		limit := fs.Int("limit", 1000, "at most this many")
		if err := c.parseNoArgs(fs, args); err != nil {
			return err
		}
		inst, err := c.open(ctx)
		if err != nil {
			return err
		}
		defer inst.Close()
		list, err := inst.Store.ListAdvisories(ctx, store.Filter{Query: *q, Limit: *limit})
		if err != nil {
			return err
		}
		if *asJSON {
			type item struct {
				ID        string    `json:"id"`
				Revision  string    `json:"revision"`
				Severity  string    `json:"severity"`
				TLP       string    `json:"tlp"`
				Title     string    `json:"title"`
				Publisher string    `json:"publisher"`
				Released  time.Time `json:"current_release_date"`
				CVEs      []string  `json:"cves"`
				Published bool      `json:"published"`
			}
			out := []item{}
			for _, s := range list {
				out = append(out, item{s.TrackingID, s.Version, s.Severity.String(), string(s.TLP), s.Title, s.Publisher, s.CurrentRelease, nonNil(s.CVEs), s.Published})
			}
			enc := json.NewEncoder(c.Stdout)
			enc.SetIndent("", "  ")
			return enc.Encode(out)
		}
		if len(list) == 0 {
			if *q != "" {
				fmt.Fprintf(c.Stdout, "No advisory matches %q.\n", *q)
			} else {
				fmt.Fprintln(c.Stdout, "No advisories yet: import some with tocsin import.")
			}
			return nil
		}
		tw := tabwriter.NewWriter(c.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tREV\tSEVERITY\tTLP\tPUBLISHED\tTITLE")
		for _, s := range list {
			tlp := string(s.TLP)
			if tlp == "" {
				tlp = "-"
			}
			pub := "no"
			if s.Published {
				pub = s.PublishedAt.UTC().Format("2006-01-02")
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", s.TrackingID, s.Version, s.Severity, tlp, pub, s.Title)
		}
		return tw.Flush()
	case "show":
		fs := c.flags("show", "ID [--format txt|html|xml|csaf] [--level basic|expert] [--lang LANG]", "Print an advisory as plain text or HTML, at the basic level (what it is, how\nbad, who is affected, what to do) or the expert level (everything), or as\nEISPP XML or CSAF JSON. --lang picks the language: a stored translation when\nthere is one, and the labels in any of en, fr, de, es, it, sv.")
		format := fs.String("format", "txt", "txt, html, xml or csaf")
		level := fs.String("level", "basic", "basic or expert (txt and html)")
		lang := fs.String("lang", "", "language (default: the advisory's own)")
		if err := c.parse(fs, args); err != nil {
			return err
		}
		if fs.NArg() != 1 {
			return c.usageErr("give one advisory id")
		}
		id := fs.Arg(0)
		if !slices.Contains(present.Formats(), *format) {
			return c.usageErr("--format must be txt, html, xml or csaf")
		}
		if *level != "basic" && *level != "expert" {
			return c.usageErr("--level must be basic or expert")
		}
		inst, err := c.open(ctx)
		if err != nil {
			return err
		}
		defer inst.Close()
		rec, err := findAdvisory(ctx, inst, id)
		if err != nil {
			return err
		}
		r, err := render.NewWithOverrides(inst.Dir)
		if err != nil {
			return err
		}
		v, err := csaf.NewValidator()
		if err != nil {
			return err
		}
		if *lang != "" && !slices.Contains(present.LabelLanguages(), present.LangKey(*lang)) && !slices.Contains(rec.Translations, *lang) {
			fmt.Fprintf(c.Stderr, "note: no labels in %q (there are %s); they are in English\n", *lang, strings.Join(present.LabelLanguages(), ", "))
		}
		p := &present.Presenter{Store: inst.Store, Renderer: r, MarshalXML: eispp.Marshal, Validator: v}
		f, err := p.File(ctx, rec, present.Request{Format: *format, Level: *level, Lang: *lang})
		if errors.Is(err, present.ErrUnavailable) {
			return fmt.Errorf("%s is not available as %s in %q: CSAF and XML exist in the advisory's own language and its translations (%s)", rec.TrackingID, *format, *lang, strings.Join(append([]string{rec.Advisory.Lang}, rec.Translations...), ", "))
		}
		if err != nil {
			return err
		}
		_, err = c.Stdout.Write(f.Body)
		return err
	}
	return c.subUsage("advisory", sub, "list", "show")
}

func countProfiles(ms []store.Match) int {
	seen := map[int64]bool{}
	for _, m := range ms {
		seen[m.ProfileID] = true
	}
	return len(seen)
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func runKeys(ctx context.Context, c *cmdCtx, args []string) error {
	sub, args := subcommand(args)
	if sub != "export" {
		return c.subUsage("keys", sub, "export")
	}
	fs := c.flags("export", "", "Print the instance's public OpenPGP key (armored). Recipients import it to\nverify the signature of every message: gpg --import.")
	if err := c.parseNoArgs(fs, args); err != nil {
		return err
	}
	inst, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer inst.Close()
	pub, err := inst.Keys.PublicArmored()
	if err != nil {
		return err
	}
	_, err = c.Stdout.Write(pub)
	return err
}
