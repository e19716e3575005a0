package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLateDataAndUpdates: revision 2 of an advisory adds a product. The
// profile that had revision 1 gets an update notice saying what changed;
// the profile that matches only now gets the full alert, once; a third run
// sends nothing.
func TestLateDataAndUpdates(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	v1 := filepath.Join("..", "..", "internal", "demo", "advisories", "tdc-2026-0003.json")
	data, err := os.ReadFile(v1)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	d := doc["document"].(map[string]any)
	tr := d["tracking"].(map[string]any)
	tr["version"] = "2"
	tr["current_release_date"] = "2026-11-20T08:00:00.000Z"
	tr["revision_history"] = append(tr["revision_history"].([]any), map[string]any{
		"date": "2026-11-20T08:00:00.000Z", "number": "2", "summary": "The NW-700 PLC is affected too."})
	vendor := doc["product_tree"].(map[string]any)["branches"].([]any)[0].(map[string]any)
	vendor["branches"] = append(vendor["branches"].([]any), map[string]any{
		"category": "product_name", "name": "NW-700 PLC",
		"branches": []any{map[string]any{"category": "product_version_range", "name": "vers:generic/<3.1",
			"product": map[string]any{"name": "NW-700 PLC", "product_id": "TDC-P-3"}}},
	})
	vuln := doc["vulnerabilities"].([]any)[0].(map[string]any)
	ps := vuln["product_status"].(map[string]any)
	ps["known_affected"] = append(ps["known_affected"].([]any), "TDC-P-3")
	v2data, _ := json.MarshalIndent(doc, "", "  ")
	v2 := filepath.Join(dir, "v2.json")
	if err := os.WriteFile(v2, v2data, 0o600); err != nil {
		t.Fatal(err)
	}

	r := runner{t: t, bin: binary(t), data: filepath.Join(dir, "data")}
	r.run(0, "init", "--name", "Test CERT", "--email", "cert@test.example")
	r.run(0, "org", "add", "--type", "sme", "--name", "Plant")
	r.run(0, "profile", "add", "--org", "Plant", "--name", "old", "--product", "northwind controls/nw-500 plc", "--recipient", "old@plant.test")
	r.run(0, "profile", "add", "--org", "Plant", "--name", "new", "--product", "northwind/nw-700 plc@3.0", "--recipient", "new@plant.test")

	r.run(0, "import", "--publish", v1)
	if out := r.run(0, "deliver", "--once"); !strings.Contains(out, "Sent 1,") {
		t.Fatalf("revision 1: %s", out)
	}
	out := r.run(0, "import", "--publish", v2)
	if !strings.Contains(out, "updated") || !strings.Contains(out, "2 profiles matched, 2 new deliveries") {
		t.Fatalf("revision 2: %s", out)
	}
	if out := r.run(0, "deliver", "--once"); !strings.Contains(out, "Sent 2,") {
		t.Fatalf("deliver revision 2: %s", out)
	}
	msgs := map[string][]string{}
	for _, f := range maildirFiles(t, filepath.Join(r.data, "mail")) {
		raw, _ := os.ReadFile(f)
		s := string(raw)
		for _, to := range []string{"old@plant.test", "new@plant.test"} {
			if strings.Contains(s, "To: <"+to+">") || strings.Contains(s, "To: "+to) {
				msgs[to] = append(msgs[to], s)
			}
		}
	}
	if len(msgs["old@plant.test"]) != 2 || len(msgs["new@plant.test"]) != 1 {
		t.Fatalf("messages: old %d, new %d; want 2 and 1", len(msgs["old@plant.test"]), len(msgs["new@plant.test"]))
	}
	var update string
	for _, m := range msgs["old@plant.test"] {
		if strings.Contains(m, "What changed") {
			update = m
		}
	}
	if update == "" || !strings.Contains(update, "NW-700 PLC is affected too") || strings.Contains(update, "Affected products") {
		t.Errorf("the old profile did not get an update notice that says what changed")
	}
	full := msgs["new@plant.test"][0]
	if !strings.Contains(full, "Affected products") || strings.Contains(full, "What changed") {
		t.Errorf("the late profile did not get the full alert")
	}
	if out := r.run(0, "deliver", "--once"); !strings.Contains(out, "Sent 0,") {
		t.Errorf("third run: %s", out)
	}
}
