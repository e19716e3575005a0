package cli

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/tocsin-cert/tocsin/internal/auth"
)

func runToken(ctx context.Context, c *cmdCtx, args []string) error {
	sub, args := subcommand(args)
	if sub != "create" {
		return c.subUsage("token", sub, "create")
	}
	fs := c.flags("create", "--user EMAIL [--name NAME]",
		`Make an API token for scripts: the JSON API (/api/v1/...) accepts it as
"Authorization: Bearer TOKEN" with that user's rights. The token is printed
once; only its hash is stored.`)
	email := fs.String("user", "", "the user the token acts for (required)")
	name := fs.String("name", "script", "what the token is for, for the audit log")
	if err := c.parseNoArgs(fs, args); err != nil {
		return err
	}
	if *email == "" {
		return c.usageErr("--user is required")
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
	u, err := inst.Store.UserByEmail(ctx, *email)
	if err != nil {
		return fmt.Errorf("no user %s", *email)
	}
	if !v.CERTStaff() && !strings.EqualFold(v.User.Email, u.Email) {
		return fmt.Errorf("%s may not make tokens for %s: %w (users make their own)", actor, u.Email, errDenied)
	}
	token := auth.NewToken()
	if err := inst.Store.CreateAPIToken(ctx, auth.TokenHash(token), u.ID, *name, time.Now()); err != nil {
		return err
	}
	c.audit(ctx, inst, actor, "token.create", "user "+u.Email, *name)
	fmt.Fprintf(c.Stdout, "API token for %s (shown only this once):\n%s\n", u.Email, token)
	return nil
}
