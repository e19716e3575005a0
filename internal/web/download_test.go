package web

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tocsin-cert/tocsin/internal/advisory"
	"github.com/tocsin-cert/tocsin/internal/sign"
	"github.com/tocsin-cert/tocsin/internal/store"
	"github.com/tocsin-cert/tocsin/internal/testutil"
)

// TestDownloadMatrix downloads an advisory in every format, level and
// language, checks signatures with gpg and checksums, a stored
// translation, and that another organisation gets 404 for all of it.
func TestDownloadMatrix(t *testing.T) {
	t.Parallel()
	gpg := testutil.RequireTool(t, "gpg")
	e := newEnv(t)
	key, err := sign.GenerateOpenPGP("Test CERT", "cert@test.example", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	srv := e.newServer(Config{Signer: key, MarshalXML: func(a *advisory.Advisory) ([]byte, error) {
		return []byte("<EISPPAdvisory>" + a.TrackingID + "</EISPPAdvisory>"), nil
	}})
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	e.ts = ts
	// A French translation of the CLEAR advisory.
	fr := *mustAdvisory(t, e, e.clear)
	fr.Lang, fr.Title = "fr", "Produits industriels Siemens touchés par OpenSSL"
	if r, err := e.store.SaveAdvisory(e.ctx, &fr, store.Source{Format: "csaf", Data: []byte(`{"fr":true}`), Name: "fr.json"}); err != nil || r.Outcome != store.OutcomeTranslation {
		t.Fatalf("save translation: %+v, %v", r, err)
	}

	alice := e.login(e.alice)
	base := advPath(e.clear) + "/download?"
	page := e.get(alice, advPath(e.clear))
	for _, want := range []string{"All downloads", "fr (translation)", "de (labels only)", "format=csaf", "as=asc", "as=sha512", "format=xml"} {
		if !strings.Contains(page.body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	cases := []struct {
		query, want, ctype string
	}{
		{"format=csaf", string(e.clearRaw), "application/json"},
		{"format=csaf&lang=fr", `{"fr":true}`, "application/json"},
		{"format=txt&level=basic&lang=de", "Was zu tun ist", "text/plain"},
		{"format=txt&level=expert&lang=fr", "Produits industriels Siemens", "text/plain"},
		{"format=html&level=basic&lang=sv", "Vad du ska göra", "text/html"},
		{"format=html&level=expert&lang=en", clearCVE, "text/html"},
		{"format=xml", "<EISPPAdvisory>" + clearID, "application/xml"},
	}
	dir := t.TempDir()
	gnupg := filepath.Join(dir, "gnupg")
	os.Mkdir(gnupg, 0o700)
	pub, _ := key.PublicArmored()
	os.WriteFile(filepath.Join(dir, "key.asc"), pub, 0o600)
	if out, err := exec.Command(gpg, "--batch", "--homedir", gnupg, "--import", filepath.Join(dir, "key.asc")).CombinedOutput(); err != nil {
		t.Fatalf("gpg --import: %v\n%s", err, out)
	}
	for _, c := range cases {
		resp := e.get(alice, base+c.query)
		if resp.StatusCode != http.StatusOK || !strings.Contains(resp.body, c.want) || !strings.HasPrefix(resp.Header.Get("Content-Type"), c.ctype) {
			t.Errorf("%s: status %d, type %q, body lacks %q", c.query, resp.StatusCode, resp.Header.Get("Content-Type"), c.want)
			continue
		}
		if !strings.Contains(resp.Header.Get("Content-Disposition"), "attachment") {
			t.Errorf("%s: not an attachment", c.query)
		}
		sum := e.get(alice, base+c.query+"&as=sha256")
		h := sha256.Sum256([]byte(resp.body))
		if !strings.HasPrefix(sum.body, hex.EncodeToString(h[:])+"  ") {
			t.Errorf("%s: sha256 %q does not match the file", c.query, sum.body)
		}
		if e.get(alice, base+c.query+"&as=sha512").StatusCode != http.StatusOK {
			t.Errorf("%s: no sha512", c.query)
		}
		sig := e.get(alice, base+c.query+"&as=asc")
		os.WriteFile(filepath.Join(dir, "f"), []byte(resp.body), 0o600)
		os.WriteFile(filepath.Join(dir, "f.asc"), []byte(sig.body), 0o600)
		if out, err := exec.Command(gpg, "--batch", "--homedir", gnupg, "--verify", filepath.Join(dir, "f.asc"), filepath.Join(dir, "f")).CombinedOutput(); err != nil {
			t.Errorf("%s: gpg --verify: %v\n%s", c.query, err, out)
		}
	}
	for _, bad := range []string{"format=pdf", "format=csaf&lang=de", "format=txt&level=guru", "format=txt&lang=../../x", "format=csaf&as=md5"} {
		if resp := e.get(alice, base+bad); resp.StatusCode != http.StatusNotFound {
			t.Errorf("%s: status %d, want 404", bad, resp.StatusCode)
		}
	}
	// Organisation B may not download the AMBER advisory in any form.
	bob := e.login(e.bob)
	for _, q := range []string{"format=csaf", "format=txt&lang=fr", "format=xml&as=asc", "format=csaf&as=sha256"} {
		if resp := e.get(bob, advPath(e.amber)+"/download?"+q); resp.StatusCode != http.StatusNotFound || strings.Contains(resp.body, amberID) {
			t.Errorf("B: AMBER download %s: status %d", q, resp.StatusCode)
		}
	}
	// Not logged in: redirected to the login page.
	if resp := e.get(e.client(), base+"format=csaf"); resp.StatusCode == http.StatusOK && strings.Contains(resp.body, clearID) {
		t.Error("anonymous download served")
	}
}

func mustAdvisory(t *testing.T, e *env, id int64) *advisory.Advisory {
	t.Helper()
	rec, err := e.store.Advisory(e.ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return rec.Advisory
}
