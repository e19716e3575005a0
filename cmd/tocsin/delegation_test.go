package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/tocsin-cert/tocsin/internal/testutil"
)

// TestIntermediaryDelegation: an intermediary's administrator manages its
// own SMEs through the command line and is refused for another
// intermediary's SME; every change is in the audit log.
func TestIntermediaryDelegation(t *testing.T) {
	t.Parallel()
	r := runner{t: t, bin: binary(t), data: filepath.Join(t.TempDir(), "data")}
	r.run(0, "init", "--name", "Test CERT", "--email", "cert@test.example")
	if out := r.run(0, "org", "add", "--type", "registrar", "--name", "Chamber A"); !strings.Contains(out, "intermediary (registrar)") {
		t.Errorf("org add registrar: %s", out)
	}
	r.run(0, "org", "add", "--type", "redistributor", "--name", "ISP B", "--timezone", "Europe/Paris")
	r.run(0, "user", "add", "--org", "Chamber A", "--email", "admin@chamber-a.test", "--role", "admin")
	r.run(0, "user", "add", "--org", "ISP B", "--email", "admin@isp-b.test", "--role", "admin")
	asA := []string{"--as", "admin@chamber-a.test"}
	asB := []string{"--as", "admin@isp-b.test"}
	with := func(as []string, args ...string) []string { return append(append([]string{}, as...), args...) }

	if out := r.run(0, with(asA, "org", "add", "--type", "sme", "--name", "Bakery")...); !strings.Contains(out, `under "Chamber A"`) {
		t.Errorf("A adds an SME: %s", out)
	}
	r.run(0, with(asB, "org", "add", "--type", "sme", "--name", "Garage")...)
	r.run(0, with(asA, "user", "add", "--org", "Bakery", "--email", "owner@bakery.test", "--role", "admin")...)
	r.run(0, with(asA, "profile", "add", "--org", "Bakery", "--name", "ovens", "--product", "vendor:siemens", "--recipient", "owner@bakery.test")...)

	// Refused: another intermediary's SME, another parent, a new intermediary.
	for _, args := range [][]string{
		with(asA, "profile", "add", "--org", "Garage", "--name", "x", "--product", "vendor:siemens", "--recipient", "x@garage.test"),
		with(asA, "user", "add", "--org", "Garage", "--email", "spy@chamber-a.test"),
		with(asA, "profile", "list", "--org", "Garage"),
		with(asA, "org", "add", "--type", "sme", "--name", "Sneaky", "--parent", "ISP B"),
		with(asA, "org", "add", "--type", "registrar", "--name", "Chamber C"),
		with(asA, "user", "passwd", "--email", "admin@isp-b.test"),
		with(asA, "audit"),
		with([]string{"--as", "owner@bakery.test"}, "org", "add", "--type", "sme", "--name", "Cousin"),
	} {
		code, out := r.runCode(args...)
		if code != 1 || !strings.Contains(out, "may not") {
			t.Errorf("tocsin %s: exit %d, want a refusal:\n%s", strings.Join(args, " "), code, out)
		}
	}
	// Sector groups: the CERT makes them; A puts its own SME in, not another's.
	r.run(0, "group", "add", "--name", "Food")
	r.run(0, with(asA, "group", "join", "--group", "food", "--org", "Bakery")...)
	if code, _ := r.runCode(with(asA, "group", "join", "--group", "Food", "--org", "Garage")...); code != 1 {
		t.Error("A put another intermediary's SME in a group")
	}
	if code, _ := r.runCode(with(asA, "group", "add", "--name", "Mine")...); code != 1 {
		t.Error("an intermediary made a sector group")
	}
	if out := r.run(0, "group", "list"); !strings.Contains(out, "Food: Bakery") {
		t.Errorf("group list: %s", out)
	}
	list := r.run(0, with(asA, "org", "list")...)
	if !strings.Contains(list, "Bakery") || strings.Contains(list, "Garage") || strings.Contains(list, "ISP B") {
		t.Errorf("A's org list:\n%s", list)
	}
	// The SME's own administrator may pause its profile; paused, nothing is sent.
	r.run(0, with([]string{"--as", "owner@bakery.test"}, "profile", "set", "--profile", "ovens", "--pause")...)
	out := r.run(0, "import", "--publish", testutil.Corpus(t, "csaf/cisa/icsa-22-167-14.json"))
	if !strings.Contains(out, "1 profile matched, 0 new deliveries") {
		t.Errorf("publishing to a paused profile: %s", out)
	}
	// Regression: match explain said "notified" for a paused profile.
	if out := r.run(0, "match", "explain", "ICSA-22-167-14", "--profile", "ovens"); !strings.Contains(out, "no mail: the profile is paused") {
		t.Errorf("match explain for a paused profile:\n%s", out)
	}
	// Editing and removing: the owner may, another intermediary may not.
	owner := []string{"--as", "owner@bakery.test"}
	r.run(0, with(owner, "profile", "set", "--profile", "ovens", "--add-product", "vendor:rational", "--add-recipient", "baker@bakery.test", "--remove-product", "vendor:siemens")...)
	if out := r.run(0, "profile", "list", "--org", "Bakery"); !strings.Contains(out, "vendor:rational") || strings.Contains(out, "vendor:siemens") || !strings.Contains(out, "baker@bakery.test") {
		t.Errorf("after profile set:\n%s", out)
	}
	if code, out := r.runCode(with(asB, "profile", "remove", "--profile", "ovens")...); code != 1 || !strings.Contains(out, "may not") {
		t.Errorf("B removed A's SME's profile: %d %s", code, out)
	}
	r.run(0, with(owner, "profile", "remove", "--profile", "ovens")...)
	if out := r.run(0, "profile", "list", "--org", "Bakery"); !strings.Contains(out, "No profiles yet") {
		t.Errorf("after profile remove:\n%s", out)
	}
	audit := r.run(0, "audit")
	for _, want := range []string{"admin@chamber-a.test  org.add", "profile.add", "owner@bakery.test", "profile.update", "PAUSED", "cli:", "profile.remove", "advisory.import+publish"} {
		if !strings.Contains(audit, want) {
			t.Errorf("audit log lacks %q:\n%s", want, audit)
		}
	}
}
