package main

import (
	"bytes"
	"fmt"
	"net/mail"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/tocsin-cert/tocsin/internal/testutil"
)

// TestCrashMidDelivery kills the delivery worker (SIGKILL) while it sends
// to many recipients, then runs deliver --once: the Maildir must hold
// exactly one message per recipient.
func TestCrashMidDelivery(t *testing.T) {
	t.Parallel()
	const n = 400
	advisoryFile := testutil.Corpus(t, "csaf/cisa/icsa-22-167-14.json")
	r := runner{t: t, bin: binary(t), data: filepath.Join(t.TempDir(), "data")}
	r.run(0, "init", "--name", "Test CERT", "--email", "cert@test.example")
	r.run(0, "org", "add", "--type", "sme", "--name", "Big SME")
	args := []string{"profile", "add", "--org", "Big SME", "--name", "all", "--product", "vendor:siemens", "--format", "txt,html", "--level", "expert"}
	for i := 0; i < n; i++ {
		args = append(args, "--recipient", fmt.Sprintf("user%03d@big.test", i))
	}
	r.run(0, args...)
	r.run(0, "import", "--publish", advisoryFile)

	maildir := filepath.Join(r.data, "mail")
	cmd := exec.Command(r.bin, "--data", r.data, "deliver", "--interval", "1h")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Kill it once some, but not all, messages are out.
	deadline := time.Now().Add(60 * time.Second)
	killedAt := 0
	for time.Now().Before(deadline) {
		es, _ := os.ReadDir(filepath.Join(maildir, "new"))
		if len(es) >= 20 {
			killedAt = len(es)
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	if killedAt == 0 {
		t.Fatalf("the worker sent nothing within a minute:\n%s", stderr.String())
	}
	sent := len(maildirFiles(t, maildir))
	t.Logf("killed with %d of %d messages in the Maildir", sent, n)
	if sent >= n {
		t.Logf("the worker finished before the kill; the test still checks for duplicates")
	}
	r.run(0, "deliver", "--once")
	r.run(0, "deliver", "--once")

	seen := map[string]int{}
	for _, f := range maildirFiles(t, maildir) {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		msg, err := mail.ReadMessage(bytes.NewReader(raw))
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		seen[msg.Header.Get("To")]++
	}
	if len(seen) != n {
		t.Errorf("%d distinct recipients got mail, want %d", len(seen), n)
	}
	for to, k := range seen {
		if k != 1 {
			t.Errorf("%s got %d messages", to, k)
		}
	}
}

// TestConcurrentWorkers is a regression test: two delivery workers on one
// data directory used to send the same deliveries (166 of 300 twice). Now
// they take turns; every recipient gets exactly one message.
func TestConcurrentWorkers(t *testing.T) {
	t.Parallel()
	const n = 300
	r := runner{t: t, bin: binary(t), data: filepath.Join(t.TempDir(), "data")}
	r.run(0, "init", "--name", "Test CERT", "--email", "cert@test.example")
	r.run(0, "org", "add", "--type", "sme", "--name", "Big SME")
	args := []string{"profile", "add", "--org", "Big SME", "--name", "all", "--product", "vendor:siemens"}
	for i := 0; i < n; i++ {
		args = append(args, "--recipient", fmt.Sprintf("user%03d@big.test", i))
	}
	r.run(0, args...)
	r.run(0, "import", "--publish", testutil.Corpus(t, "csaf/cisa/icsa-22-167-14.json"))
	var cmds []*exec.Cmd
	for i := 0; i < 3; i++ {
		cmd := exec.Command(r.bin, "--data", r.data, "deliver", "--once")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds = append(cmds, cmd)
	}
	for _, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			t.Errorf("deliver --once: %v", err)
		}
	}
	seen := map[string]int{}
	for _, f := range maildirFiles(t, filepath.Join(r.data, "mail")) {
		raw, _ := os.ReadFile(f)
		msg, err := mail.ReadMessage(bytes.NewReader(raw))
		if err != nil {
			t.Fatal(err)
		}
		seen[msg.Header.Get("To")]++
	}
	dups := 0
	for _, k := range seen {
		if k > 1 {
			dups++
		}
	}
	if len(seen) != n || dups > 0 {
		t.Errorf("%d recipients got mail (want %d), %d of them more than once", len(seen), n, dups)
	}
}
