package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/tocsin-cert/tocsin/internal/store"
)

func runGroup(ctx context.Context, c *cmdCtx, args []string) error {
	sub, args := subcommand(args)
	switch sub {
	case "add", "join", "list":
	default:
		return c.subUsage("group", sub, "add", "join", "list")
	}
	var name, orgName *string
	fs := c.flags(sub, "...", "Sector groups: SMEs of one sector (health, logistics) that share an area.\n  group add --name NAME          make a group (CERT staff)\n  group join --group NAME --org ORG   put an organisation in it\n  group list                     groups and their members")
	if sub != "list" {
		name = fs.String("group", "", "the group")
		if sub == "add" {
			name = fs.String("name", "", "the group's name")
		}
		if sub == "join" {
			orgName = fs.String("org", "", "the organisation")
		}
	}
	if err := c.parseNoArgs(fs, args); err != nil {
		return err
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
	switch sub {
	case "add":
		if strings.TrimSpace(*name) == "" {
			return c.usageErr("--name is required")
		}
		if !v.CERTStaff() {
			return fmt.Errorf("%s may not make sector groups: %w (the CERT's staff may)", actor, errDenied)
		}
		g, err := inst.Store.CreateGroup(ctx, strings.TrimSpace(*name))
		if errors.Is(err, store.ErrExists) {
			return fmt.Errorf("a group named %q exists already", *name)
		}
		if err != nil {
			return err
		}
		c.audit(ctx, inst, actor, "group.add", "group "+g.Name, "")
		fmt.Fprintf(c.Stdout, "Added sector group %q\n", g.Name)
	case "join":
		if *name == "" || *orgName == "" {
			return c.usageErr("--group and --org are required")
		}
		o, err := inst.Store.OrgByName(ctx, *orgName)
		if err != nil {
			return fmt.Errorf("organisation %q not found", *orgName)
		}
		if err := mayManage(v, actor, o); err != nil {
			return err
		}
		gs, err := inst.Store.Groups(ctx)
		if err != nil {
			return err
		}
		for _, g := range gs {
			if strings.EqualFold(g.Name, strings.TrimSpace(*name)) {
				if err := inst.Store.AddGroupMember(ctx, g.ID, o.ID); err != nil {
					return err
				}
				c.audit(ctx, inst, actor, "group.join", "group "+g.Name, o.Name)
				fmt.Fprintf(c.Stdout, "%q is in the sector group %q\n", o.Name, g.Name)
				return nil
			}
		}
		return fmt.Errorf("no sector group %q (see tocsin group list)", *name)
	case "list":
		gs, err := inst.Store.Groups(ctx)
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
		for _, g := range gs {
			var ms []string
			for _, m := range g.Members {
				ms = append(ms, names[m])
			}
			fmt.Fprintf(c.Stdout, "%s: %s\n", g.Name, strings.Join(ms, ", "))
		}
	}
	return nil
}
