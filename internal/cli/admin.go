package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/mail"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"golang.org/x/text/language"

	"github.com/tocsin-cert/tocsin/internal/access"
	"github.com/tocsin-cert/tocsin/internal/auth"
	"github.com/tocsin-cert/tocsin/internal/instance"
	"github.com/tocsin-cert/tocsin/internal/org"
	"github.com/tocsin-cert/tocsin/internal/product"
	"github.com/tocsin-cert/tocsin/internal/publish"
	"github.com/tocsin-cert/tocsin/internal/store"
)

func runInit(ctx context.Context, c *cmdCtx, args []string) error {
	fs := c.flags("", "--name NAME --email ADDR", "Create a new instance in the data directory: the CERT organisation, its\nOpenPGP signing key and an administrator whose password is printed once.")
	name := fs.String("name", "", "the CERT's name, e.g. \"Example CERT\" (required)")
	email := fs.String("email", "", "the CERT's e-mail address; mail is sent from it and it is the administrator's login (required)")
	if err := c.parseNoArgs(fs, args); err != nil {
		return err
	}
	if *name == "" || *email == "" {
		return c.usageErr("--name and --email are required")
	}
	if _, err := plainAddress(*email); err != nil {
		return fmt.Errorf("--email %q: %w", *email, err)
	}
	inst, password, err := instance.Init(ctx, c.dataDir(), *name, *email)
	if err != nil {
		return err
	}
	defer inst.Close()
	if _, actor, err := c.viewer(ctx, inst); err == nil {
		c.audit(ctx, inst, actor, "instance.init", inst.Name, "administrator "+inst.Email)
	}
	printInit(c, inst, password)
	return nil
}

func printInit(c *cmdCtx, inst *instance.Instance, password string) {
	fmt.Fprintf(c.Stdout, "Created the Tocsin instance %q in %s\n", inst.Name, inst.Dir)
	fmt.Fprintf(c.Stdout, "OpenPGP signing key: %s\n", inst.Keys.Fingerprint())
	fmt.Fprintf(c.Stdout, "Administrator login: %s\n", inst.Email)
	fmt.Fprintf(c.Stdout, "Administrator password: %s\n", password)
	fmt.Fprintln(c.Stdout, "The password is shown only this once; keep it safe (tocsin user passwd makes a new one).")
}

func runOrg(ctx context.Context, c *cmdCtx, args []string) error {
	sub, args := subcommand(args)
	switch sub {
	case "add":
		fs := c.flags("add", "--type sme|registrar|redistributor --name NAME [--parent NAME] [--timezone ZONE]",
			`Add an SME or an intermediary to the constituency. Intermediaries are of two
types: a registrar registers and administers its SMEs (the CERT delivers to
them); a redistributor also receives the advisories and sends them on to its
SMEs under its own signature. --type intermediary means registrar.`)
		kind := fs.String("type", "", "sme, registrar, redistributor (or intermediary = registrar) (required)")
		name := fs.String("name", "", "the organisation's name (required)")
		parent := fs.String("parent", "", "the intermediary that administers an SME (default: the CERT, or with --as an intermediary's administrator, that intermediary)")
		tz := fs.String("timezone", "", "IANA time zone for digests, e.g. Europe/Paris (default UTC)")
		if err := c.parseNoArgs(fs, args); err != nil {
			return err
		}
		*kind = strings.ToLower(strings.TrimSpace(*kind))
		var itype string
		switch *kind {
		case "intermediary", org.IntermediaryRegistrar:
			*kind, itype = "intermediary", org.IntermediaryRegistrar
		case org.IntermediaryRedistributor:
			*kind, itype = "intermediary", org.IntermediaryRedistributor
		}
		if *name == "" || (*kind != "sme" && *kind != "intermediary") {
			return c.usageErr("give --type sme, registrar or redistributor, and --name")
		}
		if *tz != "" {
			if _, err := time.LoadLocation(*tz); err != nil {
				return c.usageErr("--timezone %q is not a time zone; use one like Europe/Paris", *tz)
			}
		}
		inst, err := c.open(ctx)
		if err != nil {
			return err
		}
		defer inst.Close()
		v, actor, err := c.viewer(ctx, inst)
		if err != nil {
			return err
		}
		o := org.Org{Name: strings.TrimSpace(*name), Kind: org.Kind(*kind), ParentID: inst.CERT.ID, Intermediary: itype, TimeZone: *tz}
		parentOrg := inst.CERT
		if *parent == "" && v.Org.Kind == org.KindIntermediary {
			parentOrg = v.Org
		}
		if *parent != "" {
			p, err := inst.Store.OrgByName(ctx, *parent)
			if err != nil {
				return fmt.Errorf("parent %q: no such organisation (see tocsin org list)", *parent)
			}
			if p.Kind == org.KindSME {
				return fmt.Errorf("parent %q is an SME; an SME's parent is the CERT or an intermediary", *parent)
			}
			if o.Kind == org.KindIntermediary && p.Kind != org.KindCERT {
				return fmt.Errorf("an intermediary belongs to the CERT, not to %q", *parent)
			}
			parentOrg = p
		}
		o.ParentID = parentOrg.ID
		if !access.CanCreateOrg(v, o.Kind, parentOrg) {
			return fmt.Errorf("%s may not add %s under %q: %w (an intermediary's administrator adds SMEs under its own organisation)", actor, kindWords(o), parentOrg.Name, errDenied)
		}
		o, err = inst.Store.CreateOrg(ctx, o)
		if errors.Is(err, store.ErrExists) {
			return fmt.Errorf("an organisation named %q exists already", o.Name)
		}
		if err != nil {
			return err
		}
		c.audit(ctx, inst, actor, "org.add", "org "+o.Name, kindWords(o)+" under "+parentOrg.Name)
		label := string(o.Kind)
		if o.Intermediary != "" {
			label = "intermediary (" + o.Intermediary + ")"
		}
		fmt.Fprintf(c.Stdout, "Added %s %q (id %d) under %q\n", label, o.Name, o.ID, parentOrg.Name)
		return nil
	case "list":
		fs := c.flags("list", "", "List the organisations.")
		if err := c.parseNoArgs(fs, args); err != nil {
			return err
		}
		inst, err := c.open(ctx)
		if err != nil {
			return err
		}
		defer inst.Close()
		v, _, err := c.viewer(ctx, inst)
		if err != nil {
			return err
		}
		orgs, err := inst.Store.ListOrgs(ctx)
		if err != nil {
			return err
		}
		names := map[int64]string{}
		for _, o := range orgs {
			names[o.ID] = o.Name
		}
		tw := tabwriter.NewWriter(c.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tTYPE\tNAME\tPARENT\tTIME ZONE")
		for _, o := range orgs {
			if !access.CanManage(v, o) {
				continue // only what the user may manage
			}
			kind := string(o.Kind)
			if o.Intermediary != "" {
				kind = o.Intermediary
			}
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", o.ID, kind, o.Name, names[o.ParentID], o.TimeZone)
		}
		return tw.Flush()
	}
	return c.subUsage("org", sub, "add", "list")
}

func runUser(ctx context.Context, c *cmdCtx, args []string) error {
	sub, args := subcommand(args)
	switch sub {
	case "add":
		fs := c.flags("add", "--org NAME --email ADDR [--role admin|member]", "Add a user; the password is printed once.")
		orgName := fs.String("org", "", "the user's organisation (required)")
		email := fs.String("email", "", "the user's e-mail address, which is their login (required)")
		role := fs.String("role", "member", "admin or member")
		if err := c.parseNoArgs(fs, args); err != nil {
			return err
		}
		if *orgName == "" || *email == "" {
			return c.usageErr("--org and --email are required")
		}
		*role = strings.ToLower(strings.TrimSpace(*role))
		if *role != "admin" && *role != "member" {
			return c.usageErr("--role must be admin or member")
		}
		address, err := plainAddress(*email)
		if err != nil {
			return fmt.Errorf("%q: %w", *email, err)
		}
		inst, err := c.open(ctx)
		if err != nil {
			return err
		}
		defer inst.Close()
		o, actor, err := c.managedOrg(ctx, inst, *orgName)
		if err != nil {
			return err
		}
		password := auth.NewPassword()
		hash, err := auth.HashPassword(password)
		if err != nil {
			return err
		}
		u, err := inst.Store.CreateUser(ctx, org.User{OrgID: o.ID, Email: address, Role: org.Role(*role), PasswordHash: hash})
		if errors.Is(err, store.ErrExists) {
			return fmt.Errorf("a user %s exists already", address)
		}
		if err != nil {
			return err
		}
		c.audit(ctx, inst, actor, "user.add", "user "+u.Email, "role "+string(u.Role)+" in "+o.Name)
		fmt.Fprintf(c.Stdout, "Added %s %s to %q\nPassword: %s\n(shown only this once)\n", u.Role, u.Email, o.Name, password)
		return nil
	case "passwd":
		fs := c.flags("passwd", "--email ADDR", "Give a user a new random password, printed once.")
		email := fs.String("email", "", "the user's login (required)")
		if err := c.parseNoArgs(fs, args); err != nil {
			return err
		}
		if *email == "" {
			return c.usageErr("--email is required")
		}
		inst, err := c.open(ctx)
		if err != nil {
			return err
		}
		defer inst.Close()
		u, err := inst.Store.UserByEmail(ctx, *email)
		if err != nil {
			return fmt.Errorf("no user %s", *email)
		}
		v, actor, err := c.viewer(ctx, inst)
		if err != nil {
			return err
		}
		uo, err := inst.Store.OrgByID(ctx, u.OrgID)
		if err != nil {
			return err
		}
		if err := mayManage(v, actor, uo); err != nil {
			return err
		}
		password := auth.NewPassword()
		hash, err := auth.HashPassword(password)
		if err != nil {
			return err
		}
		if err := inst.Store.SetPassword(ctx, u.ID, hash); err != nil {
			return err
		}
		if err := inst.Store.DeleteUserSessions(ctx, u.ID); err != nil {
			return err
		}
		c.audit(ctx, inst, actor, "user.password", "user "+u.Email, "new random password; sessions ended")
		fmt.Fprintf(c.Stdout, "New password for %s: %s\n(shown only this once; the user's open sessions were ended)\n", u.Email, password)
		return nil
	}
	return c.subUsage("user", sub, "add", "passwd")
}

func runProfile(ctx context.Context, c *cmdCtx, args []string) error {
	sub, args := subcommand(args)
	switch sub {
	case "add":
		fs := c.flags("add", "--org NAME --name PROFILE --product SPEC [--product SPEC]... --recipient ADDR [--recipient ADDR]... [--format txt|html|xml|json] [--level basic|expert] [--lang en]",
			`Add a profile: the products an organisation runs and who receives advisories
about them. A product SPEC is one of:
  vendor:NAME                  every product of a vendor
  VENDOR/PRODUCT               every version of a product
  VENDOR/PRODUCT@RANGE         versions in a range, e.g. ">=2.0,<2.4.1"
  cpe:2.3:a:VENDOR:PRODUCT:... a CPE 2.3 name, with * wildcards
  pkg:TYPE/NAMESPACE/NAME@VER  a package URL
Names match case-insensitively, ignoring punctuation and legal suffixes.`)
		orgName := fs.String("org", "", "the organisation (required)")
		name := fs.String("name", "", "the profile's name (required)")
		var products, recipients, formats multiFlag
		fs.Var(&products, "product", "a product SPEC (repeatable; at least one)")
		fs.Var(&recipients, "recipient", "an e-mail address (repeatable; at least one)")
		fs.Var(&formats, "format", "txt, html, xml or json (repeatable; default txt; html mail also carries the text; xml and json attach the advisory as EISPP XML or CSAF JSON)")
		level := fs.String("level", "basic", "basic (risk and what to do) or expert (everything)")
		lang := fs.String("lang", "en", "language of the advisories, or several in order of preference (de,en): the first the advisory exists in is sent")
		sf := settingsFlags(fs)
		if err := c.parseNoArgs(fs, args); err != nil {
			return err
		}
		settings, err := sf.settings(org.ProfileSettings{})
		if err != nil {
			return c.usageErr("%v", err)
		}
		if *orgName == "" || *name == "" || len(products) == 0 || len(recipients) == 0 {
			return c.usageErr("--org, --name, at least one --product and at least one --recipient are required")
		}
		*level = strings.ToLower(strings.TrimSpace(*level))
		if *level != "basic" && *level != "expert" {
			return c.usageErr("--level must be basic or expert")
		}
		var langs []string
		for _, l := range strings.Split(*lang, ",") {
			tag, err := language.Parse(strings.TrimSpace(l))
			if err != nil {
				return c.usageErr("--lang %q: %q is not a language tag; use one like en, fr, de-CH, or several in order of preference: de,en", *lang, l)
			}
			langs = append(langs, tag.String())
		}
		*lang = strings.Join(langs, ",")
		var fmts []string
		for _, f := range formats {
			for _, x := range strings.Split(f, ",") {
				x = strings.ToLower(strings.TrimSpace(x))
				if x != "txt" && x != "html" && x != "xml" && x != "json" {
					return c.usageErr("--format must be txt, html, xml or json, not %q", x)
				}
				if !slices.Contains(fmts, x) {
					fmts = append(fmts, x)
				}
			}
		}
		if len(fmts) == 0 {
			fmts = []string{"txt"}
		}
		for _, p := range products {
			if _, err := product.ParseSpec(p); err != nil {
				return err // the message names the SPEC and the accepted forms
			}
		}
		var rcpts []string
		for _, r := range recipients {
			addr, err := plainAddress(r)
			if err != nil {
				return fmt.Errorf("recipient %q: %w", r, err)
			}
			rcpts = append(rcpts, addr)
		}
		inst, err := c.open(ctx)
		if err != nil {
			return err
		}
		defer inst.Close()
		o, actor, err := c.managedOrg(ctx, inst, *orgName)
		if err != nil {
			return err
		}
		np := org.Profile{OrgID: o.ID, Name: strings.TrimSpace(*name), Products: products, Recipients: rcpts, Formats: fmts, Level: *level, Lang: *lang}
		np.SetSettings(settings)
		p, err := inst.Store.CreateProfile(ctx, np)
		if errors.Is(err, store.ErrExists) {
			return fmt.Errorf("%q already has a profile named %q", o.Name, *name)
		}
		if err != nil {
			return err
		}
		c.audit(ctx, inst, actor, "profile.add", "profile "+p.Name+" of "+o.Name, fmt.Sprintf("%s, %s", plural(len(p.Products), "product"), plural(len(p.Recipients), "recipient")))
		fmt.Fprintf(c.Stdout, "Added profile %q (id %d) to %q: %s, %s\n", p.Name, p.ID, o.Name, plural(len(p.Products), "product"), plural(len(p.Recipients), "recipient"))
		n, err := publish.MatchExisting(ctx, inst.Store, p)
		if err != nil {
			return err
		}
		if n > 0 {
			fmt.Fprintf(c.Stdout, "It matches %s published before; they are in the archive under \"matching my profiles\" (no mail is sent for them).\n", plural(n, "advisory"))
		}
		return nil
	case "list":
		fs := c.flags("list", "[--org NAME]", "List profiles.")
		orgName := fs.String("org", "", "only this organisation's profiles")
		if err := c.parseNoArgs(fs, args); err != nil {
			return err
		}
		inst, err := c.open(ctx)
		if err != nil {
			return err
		}
		defer inst.Close()
		var ps []org.Profile
		if *orgName != "" {
			o, err := inst.Store.OrgByName(ctx, *orgName)
			if err != nil {
				return fmt.Errorf("organisation %q not found", *orgName)
			}
			ps, err = inst.Store.ProfilesByOrg(ctx, o.ID)
			if err != nil {
				return err
			}
		} else if ps, err = inst.Store.ListProfiles(ctx); err != nil {
			return err
		}
		orgs, err := inst.Store.ListOrgs(ctx)
		if err != nil {
			return err
		}
		v, actor, err := c.viewer(ctx, inst)
		if err != nil {
			return err
		}
		names := map[int64]string{}
		byID := map[int64]org.Org{}
		for _, o := range orgs {
			names[o.ID], byID[o.ID] = o.Name, o
		}
		if *orgName != "" {
			o, err := inst.Store.OrgByName(ctx, *orgName)
			if err != nil {
				return fmt.Errorf("organisation %q not found", *orgName)
			}
			if err := mayManage(v, actor, o); err != nil {
				return err
			}
		}
		shown := 0
		defer func() {
			if shown == 0 {
				fmt.Fprintln(c.Stdout, "No profiles yet: tocsin profile add makes one.")
			}
		}()
		for _, p := range ps {
			if !access.CanManage(v, byID[p.OrgID]) {
				continue
			}
			shown++
			fmt.Fprintf(c.Stdout, "%d  %s / %s  (%s; %s)\n", p.ID, names[p.OrgID], p.Name, strings.Join(p.Formats, "+"), describeSettings(p))
			for _, s := range p.Products {
				fmt.Fprintf(c.Stdout, "    product   %s\n", s)
			}
			for _, r := range p.Recipients {
				key := ""
				if k, ok := p.Keys[strings.ToLower(r)]; ok {
					key = fmt.Sprintf("  (encrypt: %s %s", k.Kind, k.Fingerprint)
					switch {
					case k.Expires.IsZero():
					case time.Until(k.Expires) < 0:
						key += ", EXPIRED " + k.Expires.Format(time.DateOnly)
					case time.Until(k.Expires) < 30*24*time.Hour:
						key += ", expires soon: " + k.Expires.Format(time.DateOnly)
					default:
						key += ", until " + k.Expires.Format(time.DateOnly)
					}
					key += ")"
				}
				fmt.Fprintf(c.Stdout, "    recipient %s%s\n", r, key)
			}
		}
		return nil
	case "import-sbom":
		return runProfileImportSBOM(ctx, c, args)
	case "set":
		return runProfileSet(ctx, c, args)
	case "remove":
		return runProfileRemove(ctx, c, args)
	}
	return c.subUsage("profile", sub, "add", "list", "set", "remove", "import-sbom")
}

// plural writes "1 product", "2 products", "3 advisories".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	if strings.HasSuffix(word, "y") {
		return fmt.Sprintf("%d %sies", n, strings.TrimSuffix(word, "y"))
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// plainAddress accepts an e-mail address that every mail system carries:
// local@domain in ASCII, without quotes, spaces or a display name.
// Internationalised addresses (SMTPUTF8) are refused with a hint.
func plainAddress(s string) (string, error) {
	a, err := mail.ParseAddress(strings.TrimSpace(s))
	if err != nil || a.Name != "" {
		return "", fmt.Errorf("not an e-mail address; give one like it@example.org")
	}
	for _, c := range a.Address {
		if c > 0x7e || c <= ' ' || c == '"' || c == '\\' {
			return "", fmt.Errorf("only plain ASCII addresses without quotes or spaces are supported (for an internationalised domain give its xn-- form)")
		}
	}
	return strings.ToLower(a.Address), nil
}

func subcommand(args []string) (string, []string) {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return "", args
	}
	return args[0], args[1:]
}

func (c *cmdCtx) subUsage(cmd, got string, subs ...string) error {
	if got == "" && c.wantsHelp {
		fmt.Fprintf(c.Stdout, "Usage: tocsin %s %s ...\nRun \"tocsin %s SUBCOMMAND --help\" for a subcommand's options:\n", cmd, strings.Join(subs, "|"), cmd)
		for _, s := range subs {
			fmt.Fprintf(c.Stdout, "  tocsin %s %s --help\n", cmd, s)
		}
		return flag.ErrHelp
	}
	if got == "" {
		fmt.Fprintf(c.Stderr, "Usage: tocsin %s %s ...\nRun \"tocsin %s %s --help\" for the options.\n", cmd, strings.Join(subs, "|"), cmd, subs[0])
	} else {
		fmt.Fprintf(c.Stderr, "tocsin %s: unknown subcommand %q; use one of: %s\n", cmd, got, strings.Join(subs, ", "))
	}
	return errUsage
}

// kindWords names an organisation's kind with its article.
func kindWords(o org.Org) string {
	switch {
	case o.Kind == org.KindSME:
		return "an SME"
	case o.Intermediary != "":
		return "an intermediary (" + o.Intermediary + ")"
	case o.Kind == org.KindIntermediary:
		return "an intermediary"
	}
	return "the CERT"
}
