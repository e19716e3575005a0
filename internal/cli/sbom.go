package cli

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/tocsin-cert/tocsin/internal/instance"
	"github.com/tocsin-cert/tocsin/internal/org"
	"github.com/tocsin-cert/tocsin/internal/publish"
	"github.com/tocsin-cert/tocsin/internal/sbom"
)

// runProfileImportSBOM is "tocsin profile import-sbom": it adds the
// components of an SBOM to a profile's products.
func runProfileImportSBOM(ctx context.Context, c *cmdCtx, args []string) error {
	fs := c.flags("import-sbom", "--profile NAME [--org NAME] FILE",
		`Add the components of a software bill of materials to a profile's products.
Tocsin reads `+sbom.Supported+`,
recognised by content. Each component becomes one product SPEC: its package
URL with its version (pkg:npm/lodash@4.17.21; qualifiers such as arch or
distro are left out), else its CPE 2.3 name with its version, else
VENDOR/NAME@VERSION when the SBOM names a supplier. A component that gives
no version anywhere subscribes every version. Components with none of these
are skipped and counted, as are products the profile has already. One line
is printed per added product, then a summary.`)
	profileName := fs.String("profile", "", "the profile's name (required)")
	orgName := fs.String("org", "", "the profile's organisation (required when several organisations have a profile of that name)")
	if err := c.parse(fs, args); err != nil {
		return err
	}
	if strings.TrimSpace(*profileName) == "" {
		return c.usageErr("--profile is required")
	}
	if fs.NArg() != 1 {
		return c.usageErr("give exactly one SBOM file")
	}
	file := fs.Arg(0)
	data, err := os.ReadFile(file)
	if err != nil {
		return fmt.Errorf("read SBOM: %w", err)
	}
	doc, err := sbom.Parse(data)
	if err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	if len(doc.Components) == 0 {
		return fmt.Errorf("%s: the %s document lists no components (a VEX or an empty BOM?); nothing to import", file, doc.Format)
	}
	specs, skipped := doc.Specs()

	inst, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer inst.Close()
	p, o, err := c.findNamedProfile(ctx, inst, *profileName, *orgName)
	if err != nil {
		return err
	}
	_, actor, err := c.manage(ctx, inst, o)
	if err != nil {
		return err
	}
	have := map[string]bool{}
	for _, s := range p.Products {
		have[strings.TrimSpace(s)] = true
	}
	var added []string
	for _, s := range specs {
		if !have[s] {
			added = append(added, s)
		}
	}
	if len(added) > 0 {
		p.Products = append(p.Products, added...)
		if err := inst.Store.UpdateProfileProducts(ctx, p.ID, p.Products); err != nil {
			return err
		}
	}
	for _, s := range added {
		fmt.Fprintf(c.Stdout, "added %s\n", s)
	}
	var notes []string
	switch {
	case skipped == 1:
		notes = append(notes, "1 component had no PURL/CPE/vendor and was skipped")
	case skipped > 1:
		notes = append(notes, fmt.Sprintf("%d components had no PURL/CPE/vendor and were skipped", skipped))
	}
	if n := len(specs) - len(added); n > 0 {
		notes = append(notes, fmt.Sprintf("%d already in the profile", n))
	}
	if n := len(doc.Components) - skipped - len(specs); n > 0 {
		notes = append(notes, fmt.Sprintf("%s repeated a product listed before", plural(n, "component")))
	}
	summary := fmt.Sprintf("added %s to profile %q of %q from %s", plural(len(added), "product"), p.Name, o.Name, doc.Format)
	if len(notes) > 0 {
		summary += " (" + strings.Join(notes, "; ") + ")"
	}
	fmt.Fprintln(c.Stdout, summary)
	if len(added) > 0 {
		c.audit(ctx, inst, actor, "profile.import-sbom", "profile "+p.Name+" of "+o.Name, summary)
	}
	if len(added) == 0 {
		return nil
	}
	n, err := publish.MatchExisting(ctx, inst.Store, p)
	if err != nil {
		return err
	}
	if n > 0 {
		fmt.Fprintf(c.Stdout, "The profile now matches %s published before; they are in the archive under \"matching my profiles\" (no mail is sent for them).\n", plural(n, "advisory"))
	}
	return nil
}

// findNamedProfile finds a profile by name (exactly, else ignoring case), in
// orgName's profiles when it is given, else in every organisation's; more
// than one is a usage error that asks for --org.
func (c *cmdCtx) findNamedProfile(ctx context.Context, inst *instance.Instance, name, orgName string) (org.Profile, org.Org, error) {
	name = strings.TrimSpace(name)
	var ps []org.Profile
	var err error
	if orgName != "" {
		o, err := inst.Store.OrgByName(ctx, orgName)
		if err != nil {
			return org.Profile{}, org.Org{}, fmt.Errorf("organisation %q not found (see tocsin org list)", orgName)
		}
		if ps, err = inst.Store.ProfilesByOrg(ctx, o.ID); err != nil {
			return org.Profile{}, org.Org{}, err
		}
	} else if ps, err = inst.Store.ListProfiles(ctx); err != nil {
		return org.Profile{}, org.Org{}, err
	}
	var found []org.Profile
	for _, exact := range []bool{true, false} {
		for _, p := range ps {
			if (exact && p.Name == name) || (!exact && strings.EqualFold(p.Name, name)) {
				found = append(found, p)
			}
		}
		if len(found) > 0 {
			break
		}
	}
	switch {
	case len(found) == 0 && orgName != "":
		return org.Profile{}, org.Org{}, fmt.Errorf("%q has no profile named %q (see tocsin profile list --org %q)", orgName, name, orgName)
	case len(found) == 0:
		return org.Profile{}, org.Org{}, fmt.Errorf("no profile named %q (see tocsin profile list)", name)
	}
	orgs := make([]org.Org, len(found))
	for i, p := range found {
		if orgs[i], err = inst.Store.OrgByID(ctx, p.OrgID); err != nil {
			return org.Profile{}, org.Org{}, fmt.Errorf("profile %q: %w", p.Name, err)
		}
	}
	if len(found) > 1 {
		var where []string
		for i, p := range found {
			where = append(where, fmt.Sprintf("%q of %q", p.Name, orgs[i].Name))
		}
		if orgName != "" {
			return org.Profile{}, org.Org{}, c.usageErr("%d profiles match --profile %q: %s; give the name exactly", len(found), name, strings.Join(where, ", "))
		}
		return org.Profile{}, org.Org{}, c.usageErr("several organisations have a profile named %q (%s); give --org NAME", name, strings.Join(where, ", "))
	}
	return found[0], orgs[0], nil
}
