package cli

import (
	"context"
	"fmt"
	"strings"

	"github.com/tocsin-cert/tocsin/internal/advisory"
	"github.com/tocsin-cert/tocsin/internal/match"
	"github.com/tocsin-cert/tocsin/internal/org"
	"github.com/tocsin-cert/tocsin/internal/publish"
)

func runMatch(ctx context.Context, c *cmdCtx, args []string) error {
	sub, args := subcommand(args)
	if sub != "explain" {
		return c.subUsage("match", sub, "explain")
	}
	fs := c.flags("explain", "ID --profile NAME [--org NAME] [--all]",
		`Say, for an advisory and a profile, which product entry of the profile
matched which product of the advisory and why, or why not: names that do
not match, versions outside the range, products listed only as fixed or
not affected.`)
	profName := fs.String("profile", "", "the profile's name (required)")
	orgName := fs.String("org", "", "the organisation, when several have a profile of that name")
	all := fs.Bool("all", false, "also list the products whose names did not match (can be long)")
	if err := c.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 || *profName == "" {
		return c.usageErr("give one advisory id and --profile")
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
	p, o, err := c.findNamedProfile(ctx, inst, *profName, *orgName)
	if err != nil {
		return err
	}
	_, _, err = c.manage(ctx, inst, o)
	if err != nil {
		return err
	}
	ix, errs := match.NewIndex([]org.Profile{p})
	for _, e := range errs {
		fmt.Fprintf(c.Stdout, "warning: %v\n", e)
	}
	ex := ix.Explain(rec.Advisory, p.ID)
	notified, matchedNot := 0, 0
	fmt.Fprintf(c.Stdout, "%s revision %s against profile %q of %q:\n", rec.TrackingID, rec.Version, p.Name, o.Name)
	for _, spec := range p.Products {
		fmt.Fprintf(c.Stdout, "\n  %s\n", spec)
		shown := 0
		for _, e := range ex {
			if e.Spec != spec {
				continue
			}
			switch {
			case e.Notified:
				notified++
				fmt.Fprintf(c.Stdout, "    NOTIFIES  %s [%s]: %s\n", strings.TrimSpace(e.Product), statusWord(e), e.Reason)
			case e.Match:
				matchedNot++
				fmt.Fprintf(c.Stdout, "    no alert  %s [%s]: %s\n", strings.TrimSpace(e.Product), statusWord(e), e.Reason)
			case *all || e.ProductID == "" || strings.Contains(e.Reason, " match; but "):
				// Names that matched with versions that did not are always
				// shown: they are the answer to "why was I not told?".
				fmt.Fprintf(c.Stdout, "    no match  %s: %s\n", strings.TrimSpace(e.Product), e.Reason)
			default:
				continue
			}
			shown++
		}
		if shown == 0 {
			fmt.Fprintln(c.Stdout, "    no product of the advisory matches this entry (--all shows why for each)")
		}
	}
	wants := publish.Wants(p, rec.Advisory)
	switch {
	case notified > 0 && !publish.Notifies(rec.Advisory):
		fmt.Fprintf(c.Stdout, "\nVerdict: not notified: the record is %s.\n", rec.Advisory.Status)
	case notified > 0 && !wants:
		fmt.Fprintf(c.Stdout, "\nVerdict: matched (shown under \"matching my profiles\"), but no mail: %s.\n", whyNoMail(p, rec.Advisory))
	case notified > 0:
		fmt.Fprintf(c.Stdout, "\nVerdict: the profile is notified (%s).\n", plural(notified, "matching product"))
	case matchedNot > 0:
		fmt.Fprintf(c.Stdout, "\nVerdict: not notified: the matching products are fixed or not affected.\n")
	default:
		fmt.Fprintf(c.Stdout, "\nVerdict: not notified: no product matches.\n")
	}
	return nil
}

func statusWord(e match.Explanation) string {
	if e.Status == "" {
		return "no status"
	}
	return e.Status.Label()
}

// whyNoMail says which profile option holds the mail back.
func whyNoMail(p org.Profile, a *advisory.Advisory) string {
	switch {
	case p.Paused:
		return "the profile is paused (tocsin profile set --resume)"
	case p.MinSeverity != "" && a.Severity() != advisory.SeverityUnknown && a.Severity() < advisory.ParseSeverity(p.MinSeverity):
		return fmt.Sprintf("the advisory is %s, below the profile's minimum %s", a.Severity(), p.MinSeverity)
	case len(p.TLPs) > 0:
		return fmt.Sprintf("the advisory is %s and the profile takes only %s", a.TLP, strings.Join(p.TLPs, ", "))
	}
	return "the profile's options"
}
