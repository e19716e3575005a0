package cli

import (
	"context"
	"errors"
	"fmt"
	"os/user"
	"text/tabwriter"
	"time"

	"github.com/tocsin-cert/tocsin/internal/access"
	"github.com/tocsin-cert/tocsin/internal/instance"
	"github.com/tocsin-cert/tocsin/internal/org"
	"github.com/tocsin-cert/tocsin/internal/store"
)

// errDenied is a refusal by the access policy.
var errDenied = errors.New("not allowed")

// viewer is who the command acts for: the user named by --as, with that
// user's rights; else the operator of the data directory, with the rights
// of the CERT's administrator. name is what the audit log records.
func (c *cmdCtx) viewer(ctx context.Context, inst *instance.Instance) (access.Viewer, string, error) {
	if c.as == "" {
		who := "operator"
		if u, err := user.Current(); err == nil {
			who = u.Username
		}
		return access.Viewer{User: org.User{ID: -1, OrgID: inst.CERT.ID, Role: org.RoleAdmin}, Org: inst.CERT}, "cli:" + who, nil
	}
	u, err := inst.Store.UserByEmail(ctx, c.as)
	if err != nil {
		return access.Viewer{}, "", fmt.Errorf("--as %s: no such user", c.as)
	}
	o, err := inst.Store.OrgByID(ctx, u.OrgID)
	if err != nil {
		return access.Viewer{}, "", err
	}
	return access.Viewer{User: u, Org: o}, u.Email, nil
}

// mayManage refuses, with a message that says why, when the viewer may
// not manage the organisation.
func mayManage(v access.Viewer, actor string, o org.Org) error {
	if access.CanManage(v, o) {
		return nil
	}
	why := "administrators manage their own organisation"
	switch {
	case v.User.Role != org.RoleAdmin:
		why = "only administrators manage organisations"
	case v.Org.Kind == org.KindIntermediary:
		why = "an intermediary's administrator manages its own SMEs only"
	}
	return fmt.Errorf("%s may not manage %q: %w (%s)", actor, o.Name, errDenied, why)
}

// manage returns who acts, after checking they may manage o.
func (c *cmdCtx) manage(ctx context.Context, inst *instance.Instance, o org.Org) (access.Viewer, string, error) {
	v, actor, err := c.viewer(ctx, inst)
	if err != nil {
		return v, actor, err
	}
	return v, actor, mayManage(v, actor, o)
}

// managedOrg finds an organisation by name and checks that the acting user
// may manage it.
func (c *cmdCtx) managedOrg(ctx context.Context, inst *instance.Instance, name string) (org.Org, string, error) {
	o, err := inst.Store.OrgByName(ctx, name)
	if err != nil {
		return o, "", fmt.Errorf("organisation %q not found (see tocsin org list)", name)
	}
	_, actor, err := c.manage(ctx, inst, o)
	return o, actor, err
}

// audit records a change; a failure to record is reported but does not
// undo the change.
func (c *cmdCtx) audit(ctx context.Context, inst *instance.Instance, actor, action, target, detail string) {
	if err := inst.Store.AddAudit(ctx, store.AuditEntry{At: time.Now(), Actor: actor, Action: action, Target: target, Detail: detail}); err != nil {
		c.log.Error("audit log", "err", err)
	}
}

func runAudit(ctx context.Context, c *cmdCtx, args []string) error {
	fs := c.flags("", "[--limit N]", "Show the audit log, newest first: who changed what, and when.")
	limit := fs.Int("limit", 50, "how many entries")
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
	if !v.CERTStaff() {
		return fmt.Errorf("%s may not read the audit log: %w (the CERT's staff may)", actor, errDenied)
	}
	es, err := inst.Store.Audit(ctx, *limit)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(c.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "WHEN\tWHO\tWHAT\tTARGET\tDETAIL")
	for _, e := range es {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", e.At.UTC().Format("2006-01-02 15:04:05"), e.Actor, e.Action, e.Target, e.Detail)
	}
	return tw.Flush()
}
