package main

import (
	"bufio"
	"encoding/json"
	"io"
	"net/http"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tocsin-cert/tocsin/internal/testutil"
)

// serveInstance starts tocsin serve on a free loopback port and returns its
// base URL; the process is stopped when the test ends.
func serveInstance(t *testing.T, r runner) string {
	t.Helper()
	cmd := exec.Command(r.bin, "--data", r.data, "serve", "--addr", "127.0.0.1:0")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		cmd.Wait()
	})
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		re := regexp.MustCompile(`Web archive: (http://[0-9.:]+)/`)
		for sc.Scan() {
			if m := re.FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
			}
		}
		io.Copy(io.Discard, stdout)
	}()
	select {
	case u := <-found:
		return u
	case <-time.After(30 * time.Second):
		t.Fatal("tocsin serve did not start")
	}
	return ""
}

// TestAPIDelegation: through the JSON API an intermediary's administrator
// reads and changes its own SMEs' profiles and is refused for another
// intermediary's SME.
func TestAPIDelegation(t *testing.T) {
	t.Parallel()
	r := runner{t: t, bin: binary(t), data: filepath.Join(t.TempDir(), "data")}
	r.run(0, "init", "--name", "Test CERT", "--email", "cert@test.example")
	r.run(0, "org", "add", "--type", "registrar", "--name", "Chamber A")
	r.run(0, "org", "add", "--type", "registrar", "--name", "Chamber B")
	r.run(0, "user", "add", "--org", "Chamber A", "--email", "admin@chamber-a.test", "--role", "admin")
	r.run(0, "--as", "admin@chamber-a.test", "org", "add", "--type", "sme", "--name", "Bakery")
	r.run(0, "org", "add", "--type", "sme", "--name", "Garage", "--parent", "Chamber B")
	ids := map[string]string{}
	for _, line := range strings.Split(r.run(0, "org", "list"), "\n") {
		f := strings.Fields(line)
		if len(f) >= 3 {
			ids[f[2]] = f[0]
		}
	}
	out := r.run(0, "--as", "admin@chamber-a.test", "token", "create", "--user", "admin@chamber-a.test")
	token := strings.TrimSpace(out[strings.LastIndex(strings.TrimSpace(out), "\n")+1:])
	if code, _ := r.runCode("--as", "admin@chamber-a.test", "token", "create", "--user", "cert@test.example"); code != 1 {
		t.Error("an intermediary made a token for the CERT's administrator")
	}
	base := serveInstance(t, r)

	call := func(method, path, tok, body string) (int, string) {
		t.Helper()
		req, _ := http.NewRequest(method, base+path, strings.NewReader(body))
		if tok != "" {
			req.Header.Set("Authorization", "Bearer "+tok)
		}
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	profile := `{"name": "ovens", "products": ["vendor:siemens"], "recipients": ["it@bakery.test"]}`
	if code, body := call("GET", "/api/v1/nothing", token, ""); code != http.StatusNotFound || !strings.Contains(body, `"error"`) {
		t.Errorf("unknown API path: %d %s, want a JSON 404", code, body)
	}
	if code, _ := call("GET", "/api/v1/orgs", "", ""); code != http.StatusUnauthorized {
		t.Errorf("no token: %d, want 401", code)
	}
	code, body := call("GET", "/api/v1/orgs", token, "")
	var orgs []map[string]any
	json.Unmarshal([]byte(body), &orgs)
	if code != 200 || len(orgs) != 2 || strings.Contains(body, "Garage") {
		t.Errorf("GET /api/v1/orgs: %d %s", code, body)
	}
	code, body = call("POST", "/api/v1/orgs/"+ids["Bakery"]+"/profiles", token, profile)
	if code != http.StatusCreated || !strings.Contains(body, `"ovens"`) {
		t.Fatalf("create a profile for its own SME: %d %s", code, body)
	}
	var created struct{ ID int64 }
	json.Unmarshal([]byte(body), &created)
	pid := strconv.FormatInt(created.ID, 10)
	if code, body := call("PATCH", "/api/v1/orgs/"+ids["Bakery"]+"/profiles/"+pid, token, `{"paused": true, "min_severity": "high"}`); code != 200 || !strings.Contains(body, `"paused": true`) || !strings.Contains(body, `"high"`) {
		t.Errorf("PATCH: %d %s", code, body)
	}
	if code, _ := call("PATCH", "/api/v1/orgs/"+ids["Bakery"]+"/profiles/"+pid, token, `{"products": []}`); code != http.StatusBadRequest {
		t.Errorf("PATCH emptying the products: %d, want 400", code)
	}
	// Regression: lang and tlps were not checked (a "/" in lang broke the
	// mail variant; an unknown label silently stopped all mail).
	for _, bad := range []string{`{"lang": "xx-\"><script>,,,"}`, `{"tlps": ["BOGUS"]}`, `{"paused": true}{"x": 1}`} {
		if code, body := call("PATCH", "/api/v1/orgs/"+ids["Bakery"]+"/profiles/"+pid, token, bad); code != http.StatusBadRequest {
			t.Errorf("PATCH %s: %d %s, want 400", bad, code, body)
		}
	}
	if code, body := call("PATCH", "/api/v1/orgs/"+ids["Bakery"]+"/profiles/"+pid, token, `{"tlps": ["clear", "white"], "recipients": ["A@Bakery.test", "a@bakery.test"]}`); code != 200 || !strings.Contains(body, `"CLEAR"`) || strings.Count(body, "a@bakery.test") != 1 {
		t.Errorf("PATCH normalising TLP and recipients: %d %s", code, body)
	}
	if code, _ := call("GET", "/api/v1/catalogue?q="+strings.Repeat("a+", 1100), token, ""); code != 200 {
		t.Errorf("a 1,100-word catalogue search: %d", code)
	}
	if code, _ := call("DELETE", "/api/v1/orgs/"+ids["Garage"]+"/profiles/"+pid, token, ""); code != http.StatusForbidden {
		t.Errorf("DELETE through another intermediary's SME: %d, want 403", code)
	}
	if code, _ := call("DELETE", "/api/v1/orgs/"+ids["Bakery"]+"/profiles/"+pid, token, ""); code != http.StatusNoContent {
		t.Errorf("DELETE: %d", code)
	}
	if code, body := call("GET", "/api/v1/orgs/"+ids["Bakery"]+"/profiles", token, ""); code != 200 || strings.TrimSpace(body) != "[]" {
		t.Errorf("after DELETE: %d %s", code, body)
	}
	// Re-create it for the checks below.
	call("POST", "/api/v1/orgs/"+ids["Bakery"]+"/profiles", token, profile)
	for _, c := range []struct{ method, path, body string }{
		{"POST", "/api/v1/orgs/" + ids["Garage"] + "/profiles", profile},
		{"GET", "/api/v1/orgs/" + ids["Garage"] + "/profiles", ""},
		{"POST", "/api/v1/orgs/" + ids["Chamber"] + "/profiles", profile},
	} {
		if code, body := call(c.method, c.path, token, c.body); code != http.StatusForbidden {
			t.Errorf("%s %s: %d %s, want 403", c.method, c.path, code, body)
		}
	}
	if code, body := call("POST", "/api/v1/orgs/"+ids["Bakery"]+"/profiles", token, `{"name": "x", "products": ["cpe:2.3:bad"], "recipients": ["a@b.test"]}`); code != http.StatusBadRequest || !strings.Contains(body, "product") {
		t.Errorf("bad SPEC: %d %s", code, body)
	}
	if code, body := call("GET", "/api/v1/catalogue?q=nothing-known", token, ""); code != 200 || strings.TrimSpace(body) != "[]" {
		t.Errorf("catalogue search: %d %s", code, body)
	}
	// The delivery log is for the CERT's staff only.
	r.run(0, "import", "--publish", testutil.Corpus(t, "csaf/cisa/icsa-22-167-14.json"))
	r.run(0, "user", "add", "--org", "Test CERT", "--email", "analyst@test.example")
	certToken := strings.TrimSpace(lastLine(r.run(0, "token", "create", "--user", "analyst@test.example")))
	if code, body := call("GET", "/api/v1/advisories/1/deliveries", certToken, ""); code != 200 || !strings.Contains(body, `"recipient": "it@bakery.test"`) {
		t.Errorf("delivery log for CERT staff: %d %s", code, body)
	}
	if code, _ := call("GET", "/api/v1/advisories/1/deliveries", token, ""); code != http.StatusForbidden {
		t.Errorf("delivery log for an intermediary: %d, want 403", code)
	}
	if audit := r.run(0, "audit"); !strings.Contains(audit, "through the API") {
		t.Errorf("the API change is not in the audit log:\n%s", audit)
	}
}

func lastLine(s string) string {
	s = strings.TrimSpace(s)
	return s[strings.LastIndex(s, "\n")+1:]
}
