// Package cli is the tocsin command line: one function per command, each
// with its own flags and --help. cmd/tocsin only calls Main.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/tocsin-cert/tocsin/internal/instance"
)

// Exit codes.
const (
	exitOK    = 0
	exitFail  = 1
	exitUsage = 2
)

// errUsage marks a usage error (exit code 2); its message was printed.
var errUsage = errors.New("usage")

// Env is what a command may touch: its output streams and environment.
type Env struct {
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string
}

type command struct {
	name    string
	args    string
	summary string
	run     func(ctx context.Context, c *cmdCtx, args []string) error
}

// cmdCtx is a running command: its environment and the common flags.
type cmdCtx struct {
	Env
	name string
	data string
	log  *slog.Logger
	fs   *flag.FlagSet
	// wantsHelp is set when the arguments ask for --help.
	wantsHelp bool
	// as is the user the command acts for (--as, $TOCSIN_AS); "" is the
	// operator, with the CERT administrator's rights.
	as string
}

func commands() []command {
	return []command{
		{"init", "--name NAME --email ADDR", "create a new instance: the CERT, its signing key and an administrator", runInit},
		{"serve", "[--addr HOST:PORT] [--demo] [--smtp URL]", "run the web archive and the delivery worker", runServe},
		{"import", "[--publish] PATH...", "import advisories (CSAF, OSV, CVE 5, EISPP XML) from files and folders", runImport},
		{"validate", "[--all] [--json] FILE...", "check CSAF documents: schema and the standard's tests", runValidate},
		{"publish", "ID", "publish an imported advisory: match profiles and queue its e-mail", runPublish},
		{"deliver", "[--once] [--smtp URL]", "send queued e-mail (to SMTP, or to the Maildir)", runDeliver},
		{"deliveries", "ID", "show who an advisory was sent to and what happened", runDeliveries},
		{"org", "add|list ...", "manage intermediaries and SMEs", runOrg},
		{"user", "add|passwd ...", "manage users", runUser},
		{"group", "add|join|list", "sector groups of SMEs", runGroup},
		{"profile", "add|list ...", "manage the profiles that say who gets what", runProfile},
		{"advisory", "list|show ...", "list advisories or print one", runAdvisory},
		{"catalogue", "vendors|products|import-cpe", "browse the products the instance knows, to write profiles", runCatalogue},
		{"match", "explain ID --profile NAME", "say why an advisory does or does not reach a profile", runMatch},
		{"export", "[--out DIR] [ID...]", "write advisories to files in every format, level and language", runExport},
		{"keys", "export", "print the instance's public OpenPGP key", runKeys},
		{"audit", "[--limit N]", "show the audit log: who changed what, when", runAudit},
		{"token", "create --user EMAIL", "make an API token for scripts", runToken},
	}
}

// Main runs the command line and returns the exit code.
func Main(ctx context.Context, args []string, env Env) int {
	if env.Getenv == nil {
		env.Getenv = os.Getenv
	}
	data, as := "", ""
	// Global --data and --as may come before the command.
	for len(args) > 0 && strings.HasPrefix(args[0], "-") {
		switch {
		case args[0] == "--data" || args[0] == "-data":
			if len(args) < 2 {
				fmt.Fprintln(env.Stderr, "tocsin: --data needs a directory")
				return exitUsage
			}
			data, args = args[1], args[2:]
		case strings.HasPrefix(args[0], "--data="):
			data, args = strings.TrimPrefix(args[0], "--data="), args[1:]
		case args[0] == "--as" || args[0] == "-as":
			if len(args) < 2 {
				fmt.Fprintln(env.Stderr, "tocsin: --as needs a user's e-mail address")
				return exitUsage
			}
			as, args = args[1], args[2:]
		case strings.HasPrefix(args[0], "--as="):
			as, args = strings.TrimPrefix(args[0], "--as="), args[1:]
		case args[0] == "-h" || args[0] == "--help" || args[0] == "-help":
			usage(env.Stdout)
			return exitOK
		default:
			fmt.Fprintf(env.Stderr, "tocsin: unknown option %s before the command\n", args[0])
			usage(env.Stderr)
			return exitUsage
		}
	}
	if len(args) == 0 {
		usage(env.Stderr)
		return exitUsage
	}
	if args[0] == "help" {
		if len(args) > 1 {
			args = []string{args[1], "--help"}
		} else {
			usage(env.Stdout)
			return exitOK
		}
	}
	for _, cmd := range commands() {
		if cmd.name != args[0] {
			continue
		}
		c := &cmdCtx{Env: env, name: cmd.name}
		c.log = slog.New(slog.NewTextHandler(env.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
		c.data = data
		c.as = as
		if c.as == "" {
			c.as = env.Getenv("TOCSIN_AS")
		}
		for _, a := range args[1:] {
			if a == "-h" || a == "-help" || a == "--help" {
				c.wantsHelp = true
			}
		}
		err := cmd.run(ctx, c, args[1:])
		switch {
		case err == nil:
			return exitOK
		case errors.Is(err, flag.ErrHelp):
			return exitOK
		case errors.Is(err, errUsage):
			return exitUsage
		case errors.Is(err, errSilent):
			return exitFail
		}
		// Errors carry their operation; don't say the command's name twice.
		msg := strings.TrimPrefix(err.Error(), cmd.name+": ")
		fmt.Fprintf(env.Stderr, "tocsin %s: %s\n", cmd.name, msg)
		return exitFail
	}
	fmt.Fprintf(env.Stderr, "tocsin: unknown command %q\n", args[0])
	usage(env.Stderr)
	return exitUsage
}

// errSilent is returned when the command already said what went wrong.
var errSilent = errors.New("failed")

func usage(w io.Writer) {
	fmt.Fprint(w, `tocsin: security advisories for a CERT's constituency

Usage: tocsin [--data DIR] [--as EMAIL] COMMAND [OPTIONS]

Commands:
`)
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-11s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, `
All state lives in the data directory: --data DIR, or $TOCSIN_DATA, or
./tocsin-data. --as EMAIL (or $TOCSIN_AS) acts with that user's rights: an
intermediary's administrator manages only its own SMEs. Without it the
command acts as the CERT's operator. Every change goes to the audit log
(tocsin audit). Run "tocsin COMMAND --help" for a command's options.
`)
}

// flags starts a command's flag set with the common --data flag.
func (c *cmdCtx) flags(sub, args, about string) *flag.FlagSet {
	name := "tocsin " + c.name
	if sub != "" {
		name += " " + sub
	}
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(c.Stderr)
	fs.StringVar(&c.data, "data", c.data, "data directory (default $TOCSIN_DATA or ./tocsin-data)")
	fs.Usage = func() {
		fmt.Fprintf(c.Stdout, "Usage: %s %s\n\n%s\n\nOptions:\n", name, args, about)
		fs.SetOutput(c.Stdout)
		fs.PrintDefaults()
		fs.SetOutput(c.Stderr)
	}
	c.fs = fs
	return fs
}

// parse parses flags, which may come before, between or after the
// positional arguments (as in "show ID --format html"); "--" ends the
// options. The positional arguments are then fs.Args(). Usage errors have
// been printed by the flag package.
func (c *cmdCtx) parse(fs *flag.FlagSet, args []string) error {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return err
			}
			return errUsage
		}
		rest := fs.Args()
		if len(rest) == 0 {
			break
		}
		// fs.Parse stops at the first positional argument, or after "--".
		if len(args) > len(rest) && args[len(args)-len(rest)-1] == "--" {
			positional = append(positional, rest...)
			break
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
	// Re-parse the positional arguments alone so that fs.Args() returns them.
	return fs.Parse(append([]string{"--"}, positional...))
}

// parseNoArgs parses flags of a command that takes no positional arguments.
func (c *cmdCtx) parseNoArgs(fs *flag.FlagSet, args []string) error {
	if err := c.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return c.usageErr("unexpected argument %q (options start with --)", fs.Arg(0))
	}
	return nil
}

func (c *cmdCtx) usageErr(format string, a ...any) error {
	fmt.Fprintf(c.Stderr, "%s: %s\n", c.fs.Name(), fmt.Sprintf(format, a...))
	fmt.Fprintf(c.Stderr, "Run \"%s --help\" for usage.\n", c.fs.Name())
	return errUsage
}

// dataDir resolves the data directory: --data, $TOCSIN_DATA, ./tocsin-data.
func (c *cmdCtx) dataDir() string {
	if c.data != "" {
		return c.data
	}
	if d := c.Getenv("TOCSIN_DATA"); d != "" {
		return d
	}
	return "tocsin-data"
}

func (c *cmdCtx) open(ctx context.Context) (*instance.Instance, error) {
	return instance.Open(ctx, c.dataDir())
}

// multiFlag is a repeatable string flag.
type multiFlag []string

func (m *multiFlag) String() string { return strings.Join(*m, ", ") }
func (m *multiFlag) Set(v string) error {
	*m = append(*m, v)
	return nil
}
