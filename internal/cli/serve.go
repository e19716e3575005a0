package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/mail"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/tocsin-cert/tocsin/internal/csaf"
	"github.com/tocsin-cert/tocsin/internal/deliver"
	"github.com/tocsin-cert/tocsin/internal/demo"
	"github.com/tocsin-cert/tocsin/internal/eispp"
	"github.com/tocsin-cert/tocsin/internal/instance"
	tmail "github.com/tocsin-cert/tocsin/internal/mail"
	"github.com/tocsin-cert/tocsin/internal/render"
	"github.com/tocsin-cert/tocsin/internal/web"
)

// stylesheet is the EISPP XSLT stylesheet: DATA/templates/eispp-html.xsl
// when the operator adapted it, else the built-in one.
func stylesheet(inst *instance.Instance) ([]byte, error) {
	b, err := os.ReadFile(filepath.Join(inst.Dir, "templates", "eispp-html.xsl"))
	switch {
	case err == nil:
		return b, nil
	case errors.Is(err, fs.ErrNotExist):
		return eispp.Stylesheet(), nil
	}
	return nil, fmt.Errorf("read the adapted stylesheet: %w", err)
}

// settingBaseURL remembers the web archive's address for links in mail.
const settingBaseURL = "web.base_url"

// sender picks SMTP when a URL is given (--smtp or $TOCSIN_SMTP), else the
// instance's Maildir.
func (c *cmdCtx) sender(inst *instance.Instance, smtpURL string) (tmail.Sender, string, error) {
	if smtpURL == "" {
		smtpURL = c.Getenv("TOCSIN_SMTP")
	}
	if smtpURL != "" {
		s, err := tmail.NewSMTP(smtpURL)
		if err != nil {
			return nil, "", err
		}
		return s, s.String(), nil
	}
	md, err := tmail.NewMaildir(inst.MaildirPath())
	if err != nil {
		return nil, "", err
	}
	return md, "Maildir " + inst.MaildirPath(), nil
}

func (c *cmdCtx) worker(inst *instance.Instance, smtpURL, baseURL string) (*deliver.Worker, string, error) {
	snd, where, err := c.sender(inst, smtpURL)
	if err != nil {
		return nil, "", err
	}
	r, err := render.NewWithOverrides(inst.Dir)
	if err != nil {
		return nil, "", err
	}
	from := (&mail.Address{Name: strings.Join(strings.Fields(inst.Name), " "), Address: inst.Email}).String()
	cv, err := csaf.NewValidator()
	if err != nil {
		return nil, "", err
	}
	return &deliver.Worker{Store: inst.Store, Renderer: r, Signer: inst.Keys, Sender: snd, From: from, BaseURL: baseURL, Log: c.log, CSAF: cv}, where, nil
}

func runDeliver(ctx context.Context, c *cmdCtx, args []string) error {
	fs := c.flags("", "[--once] [--smtp URL]", "Send queued deliveries: each a PGP/MIME-signed e-mail. Without an SMTP server\nmail goes to the Maildir DATA/mail. Deliveries are recorded before sending,\nso after a crash this sends what is missing and nothing twice.")
	once := fs.Bool("once", false, "send what is due, then exit (default: keep running)")
	smtpURL := fs.String("smtp", "", "SMTP server: smtp://user:pass@host:587 (STARTTLS), smtps://user:pass@host:465 (TLS), smtp+insecure://127.0.0.1:2525 (loopback test sinks); default $TOCSIN_SMTP, else the Maildir")
	baseURL := fs.String("base-url", "", "the web archive's public address, for links in messages (default $TOCSIN_BASE_URL, else the address tocsin serve last used)")
	interval := fs.Duration("interval", 10*time.Second, "without --once: how often to look for due deliveries")
	retryNow := fs.Bool("retry-now", false, "first make deliveries that wait for a retry due now (after fixing the mail server, say)")
	if err := c.parseNoArgs(fs, args); err != nil {
		return err
	}
	inst, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer inst.Close()
	if *baseURL == "" {
		*baseURL = c.Getenv("TOCSIN_BASE_URL")
	}
	if *baseURL == "" {
		// The address tocsin serve last ran at.
		*baseURL, _ = inst.Store.Setting(ctx, settingBaseURL)
	}
	if *retryNow {
		n, err := inst.Store.RetryNow(ctx, time.Now())
		if err != nil {
			return err
		}
		fmt.Fprintf(c.Stdout, "%d deliveries waiting for a retry are due now\n", n)
	}
	w, where, err := c.worker(inst, *smtpURL, *baseURL)
	if err != nil {
		return err
	}
	release, ok, err := inst.LockDelivery(false)
	if err != nil {
		return err
	}
	if !ok {
		fmt.Fprintln(c.Stderr, "Another delivery worker (tocsin serve or deliver) is running on this data directory; waiting for it to finish...")
		if release, _, err = inst.LockDelivery(true); err != nil {
			return err
		}
	}
	defer release()
	if *once {
		st, err := w.RunOnce(ctx)
		fmt.Fprintf(c.Stdout, "Sent %d, failed %d, retrying later %d (to %s)\n", st.Sent, st.Failed, st.Retrying, where)
		if err != nil {
			return err
		}
		if counts, err := inst.Store.DeliveryCounts(ctx); err == nil && counts["pending"] > 0 {
			fmt.Fprintf(c.Stdout, "%d deliveries wait for a retry after a temporary failure (tocsin deliveries ID shows why; --retry-now sends them now)\n", counts["pending"])
		}
		return nil
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	c.log.Info("delivery worker running", "to", where, "interval", interval.String())
	w.Run(ctx, *interval)
	return nil
}

func runServe(ctx context.Context, c *cmdCtx, args []string) error {
	fs := c.flags("", "[--addr HOST:PORT] [--demo] [--smtp URL]", "Run the web archive and the delivery worker. On an empty data directory it\nfirst creates the instance (like tocsin init) and prints the administrator's\npassword. With --demo it also loads example advisories and an example SME\nwhose profile matches some of them, and prints that SME user's login.")
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	demoFlag := fs.Bool("demo", false, "load the demo constituency and advisories (idempotent)")
	smtpURL := fs.String("smtp", "", "SMTP server URL (see tocsin deliver --help); default $TOCSIN_SMTP, else the Maildir DATA/mail")
	baseURL := fs.String("base-url", "", "public address of the archive, for links in mail (default http://ADDR)")
	name := fs.String("name", "Tocsin Demo CERT", "the CERT's name, when serve creates the instance")
	email := fs.String("email", "cert@tocsin.example", "the CERT's address, when serve creates the instance")
	interval := fs.Duration("deliver-interval", 5*time.Second, "how often the delivery worker looks for due deliveries")
	secure := fs.Bool("secure-cookies", false, "mark session cookies Secure (set it when users reach the archive over HTTPS, e.g. behind a TLS proxy; on by default when --base-url starts with https://)")
	if err := c.parseNoArgs(fs, args); err != nil {
		return err
	}
	dir := c.dataDir()
	var inst *instance.Instance
	var err error
	if !instance.Exists(dir) {
		var password string
		inst, password, err = instance.Init(ctx, dir, *name, *email)
		if err != nil {
			return err
		}
		printInit(c, inst, password)
	} else if inst, err = instance.Open(ctx, dir); err != nil {
		return err
	}
	defer inst.Close()
	if *baseURL == "" {
		*baseURL = c.Getenv("TOCSIN_BASE_URL")
	}
	if *baseURL == "" {
		*baseURL = "http://" + *addr
	}
	// Remembered so that tocsin deliver links to the same archive.
	if err := inst.Store.SetSetting(ctx, settingBaseURL, *baseURL); err != nil {
		return err
	}
	if *demoFlag {
		creds, err := demo.Load(ctx, inst)
		if err != nil {
			return fmt.Errorf("demo: %w", err)
		}
		fmt.Fprintf(c.Stdout, "Demo loaded: %d example advisories; the SME %q has a profile that matches some.\n", creds.Advisories, creds.Org)
		fmt.Fprintf(c.Stdout, "Demo SME login: %s  password: %s  (new at every start)\n", creds.Email, creds.Password)
	}
	w, where, err := c.worker(inst, *smtpURL, *baseURL)
	if err != nil {
		return err
	}
	r, err := render.NewWithOverrides(inst.Dir)
	if err != nil {
		return err
	}
	pub, err := inst.Keys.PublicArmored()
	if err != nil {
		return err
	}
	xsl, err := stylesheet(inst)
	if err != nil {
		return err
	}
	cv, err := csaf.NewValidator()
	if err != nil {
		return err
	}
	srv, err := web.New(web.Config{Store: inst.Store, Renderer: r, Log: c.log, InstanceName: inst.Name, PublicKey: pub, Signer: inst.Keys,
		MarshalXML: eispp.Marshal, XMLSchema: eispp.Schema(), XMLStylesheet: xsl, CSAFValidator: cv,
		SecureCookies: *secure || strings.HasPrefix(*baseURL, "https://")})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w (is another tocsin running? use --addr)", *addr, err)
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: time.Minute, WriteTimeout: 2 * time.Minute, IdleTimeout: 2 * time.Minute, ErrorLog: slog.NewLogLogger(c.log.Handler(), slog.LevelWarn)}
	done := make(chan struct{})
	go func() {
		defer close(done)
		// One worker per data directory: a tocsin deliver running beside
		// serve holds the lock, and this worker waits its turn.
		t := time.NewTicker(*interval)
		defer t.Stop()
		for {
			if release, ok, err := inst.LockDelivery(false); err != nil {
				c.log.Error("delivery lock", "err", err)
			} else if ok {
				if st, err := w.RunOnce(ctx); err != nil && ctx.Err() == nil {
					c.log.Error("delivery run", "err", err)
				} else if st.Sent+st.Failed+st.Retrying > 0 {
					c.log.Info("delivery run", "sent", st.Sent, "failed", st.Failed, "retrying", st.Retrying)
				}
				release()
			}
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
	go func() {
		t := time.NewTicker(time.Hour)
		defer t.Stop()
		for {
			if n, err := inst.Store.DeleteExpiredSessions(ctx, time.Now()); err != nil && ctx.Err() == nil {
				c.log.Warn("removing expired sessions", "err", err)
			} else if n > 0 {
				c.log.Info("removed expired sessions", "count", n)
			}
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		hs.Shutdown(sctx)
	}()
	fmt.Fprintf(c.Stdout, "Web archive: http://%s/  (mail goes to %s)\n", ln.Addr(), where)
	c.log.Info("serving", "addr", ln.Addr().String(), "data", dir, "mail", where)
	if err := hs.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	<-done
	c.log.Info("stopped")
	return nil
}
