// Package testutil holds helpers shared by the tests of several packages:
// locating the shared corpus and requiring outside tools. Production code
// must not import it.
package testutil

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// InCI reports whether the tests run in CI (CI=true), where a missing outside
// tool is a failure, not a skip.
func InCI() bool {
	return os.Getenv("CI") == "true"
}

// RequireTool returns the path of an outside program the test needs (gpg,
// openssl, chromium...). When it is missing the test is skipped, or fails
// under CI.
func RequireTool(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if InCI() {
			t.Fatalf("%s is required by this test but not installed; the test command (scripts/test) installs it", name)
		}
		t.Skipf("%s not installed; run scripts/test to install it", name)
	}
	return p
}

// SharedDir returns the path of the team's shared folder (corpus, testdata),
// which lies beside the repository: ../shared from the repository root. The
// environment variable TOCSIN_SHARED overrides it. When it cannot be found
// the test fails under CI and is skipped otherwise.
func SharedDir(t testing.TB) string {
	t.Helper()
	if d := os.Getenv("TOCSIN_SHARED"); d != "" {
		return d
	}
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			cand := filepath.Join(filepath.Dir(dir), "shared")
			if _, err := os.Stat(filepath.Join(cand, "corpus")); err == nil {
				return cand
			}
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	if InCI() {
		t.Fatal("the shared corpus (../shared beside the repository) was not found; set TOCSIN_SHARED")
	}
	t.Skip("shared corpus not found beside the repository; set TOCSIN_SHARED")
	return ""
}

// Corpus returns the path of a file or folder under shared/corpus.
func Corpus(t testing.TB, rel string) string {
	t.Helper()
	return filepath.Join(SharedDir(t), "corpus", filepath.FromSlash(rel))
}
