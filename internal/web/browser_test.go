package web

import (
	"bytes"
	"context"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/tocsin-cert/tocsin/internal/testutil"
)

// TestBrowser drives Debian's chromium through the archive as a person
// would: sign in, search for a CVE id, open the result, and read the
// advisory. It saves screenshots (of the advisory page always; of the
// list and page at desktop and phone widths when TOCSIN_SCREENSHOTS names
// a folder for them).
func TestBrowser(t *testing.T) {
	t.Parallel()
	chromium := testutil.RequireTool(t, "chromium")
	e := newEnv(t)

	shotDir := os.Getenv("TOCSIN_SCREENSHOTS")
	if shotDir == "" {
		shotDir = t.TempDir()
	} else if err := os.MkdirAll(shotDir, 0o755); err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	profile := filepath.Join(t.TempDir(), "chromium-profile")
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Headless,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1280, 900),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	bctx, cancelBrowser := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		// Stop the browser, then remove its profile: its child processes
		// may still write there for a moment after it stops.
		cancelBrowser()
		cancelAlloc()
		for range 50 {
			if err := os.RemoveAll(profile); err == nil {
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
	})

	// Start the browser on bctx itself: the first run binds the browser to
	// its context, so a shorter-lived one would close it.
	if err := chromedp.Do(bctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}

	// step runs actions with a deadline of its own, so that a hung step
	// fails clearly instead of eating the whole test's time.
	step := func(name string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		sctx, cancel := context.WithTimeout(bctx, 30*time.Second)
		defer cancel()
		if err := chromedp.Do(sctx, actions...); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	// load runs a trigger (a click) and waits for the page it loads.
	load := func(name string, trigger chromedp.Action[chromedp.Void]) {
		t.Helper()
		sctx, cancel := context.WithTimeout(bctx, 30*time.Second)
		defer cancel()
		if _, err := chromedp.Run(sctx, chromedp.WaitEvent(page.LoadEventFired, nil, trigger)); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	text := func(sel string) string {
		t.Helper()
		sctx, cancel := context.WithTimeout(bctx, 30*time.Second)
		defer cancel()
		s, err := chromedp.Run(sctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return s
	}
	shot := func(name string) string {
		t.Helper()
		sctx, cancel := context.WithTimeout(bctx, 30*time.Second)
		defer cancel()
		buf, err := chromedp.Run(sctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("screenshot %s: %v", name, err)
		}
		p := filepath.Join(shotDir, name)
		if err := os.WriteFile(p, buf, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}

	// Sign in through the form.
	step("open sign-in page", chromedp.Navigate(e.ts.URL+"/"), chromedp.WaitVisible(chromedp.ID("email")))
	if os.Getenv("TOCSIN_SCREENSHOTS") != "" {
		step("phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))
		shot("login-390.png")
		step("desktop", chromedp.EmulateViewport(1280, 900))
		shot("login-1280.png")
	}
	step("fill in the form",
		chromedp.SendKeys(chromedp.ID("email"), e.alice),
		chromedp.SendKeys(chromedp.ID("password"), testPassword),
	)
	load("sign in", chromedp.Click(chromedp.CSS(`#login-form button[type="submit"]`)))
	step("list shown", chromedp.WaitVisible(chromedp.ID("q")))
	if who := text(".who .user"); !strings.Contains(who, e.alice) || !strings.Contains(who, e.orgA.Name) {
		t.Errorf("header shows %q, want the user and organisation", who)
	}
	// The style sheet is applied (the CSP lets it through).
	sctx, cancelEval := context.WithTimeout(bctx, 30*time.Second)
	bg, err := chromedp.Run(sctx, chromedp.Evaluate[string](`getComputedStyle(document.querySelector(".site-header")).backgroundColor`))
	cancelEval()
	if err != nil || bg != "rgb(29, 53, 87)" {
		t.Errorf("header background %q (%v): the style sheet was not applied", bg, err)
	}
	if os.Getenv("TOCSIN_SCREENSHOTS") != "" {
		step("search all", chromedp.Navigate(e.ts.URL+"/?scope=all&q=siemens"), chromedp.WaitVisible(chromedp.ID("results")))
		shot("list-1280.png")
		step("back", chromedp.Navigate(e.ts.URL+"/"), chromedp.WaitVisible(chromedp.ID("q")))
	}

	// Search for the CVE id and open the result.
	step("type the CVE id", chromedp.SendKeys(chromedp.ID("q"), clearCVE))
	load("search", chromedp.Click(chromedp.ID("search-button")))
	step("results shown", chromedp.WaitVisible(chromedp.CSS("#results .item-title a")))
	if got := text("#count"); !strings.Contains(got, "1 advisory matches your search") {
		t.Errorf("count %q", got)
	}
	load("open the result", chromedp.Click(chromedp.CSS("#results .item-title a")))
	step("advisory shown", chromedp.WaitVisible(chromedp.ID("advisory-title")))
	if got := text("#advisory-title"); got != clearTitle {
		t.Errorf("title %q, want %q", got, clearTitle)
	}
	if body := text("#advisory-body"); !strings.Contains(body, "SIMATIC Logon V1.6") {
		t.Errorf("the advisory does not name the affected product SIMATIC Logon V1.6:\n%s", body)
	}

	p := shot("advisory-1280.png")
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("screenshot is not a PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() < 100 || b.Dy() < 100 {
		t.Errorf("screenshot is only %v", b)
	}

	if os.Getenv("TOCSIN_SCREENSHOTS") != "" {
		// A phone's width.
		step("phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile), chromedp.Reload(), chromedp.WaitVisible(chromedp.ID("advisory-title")))
		shot("advisory-390.png")
		step("expert", chromedp.Navigate(e.ts.URL+advPath(e.amber)+"?level=expert"), chromedp.WaitVisible(chromedp.ID("advisory-title")))
		shot("advisory-expert-390.png")
		step("list on phone", chromedp.Navigate(e.ts.URL+"/?scope=all&q=siemens"), chromedp.WaitVisible(chromedp.ID("results")))
		shot("list-390.png")
		step("not found on phone", chromedp.Navigate(e.ts.URL+"/advisories/424242"), chromedp.WaitVisible(chromedp.CSS(".error-page")))
		shot("not-found-390.png")
		step("desktop", chromedp.EmulateViewport(1280, 900), chromedp.Navigate(e.ts.URL+advPath(e.amber)+"?level=expert"), chromedp.WaitVisible(chromedp.ID("advisory-title")))
		shot("advisory-expert-1280.png")
	}
}
