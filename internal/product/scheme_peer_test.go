package product

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/tocsin-cert/tocsin/internal/testutil"
)

// The version schemes are checked against the tools that define them, on
// a few hundred systematically built pairs each, in both directions: dpkg
// for Debian, rpm 4.18 for RPM (both required: missing under CI=true is a
// failure), and, where installed, node-semver (bundled with npm), Maven's
// own ComparableVersion and Python's packaging library.

type vpair struct{ a, b string }

// allPairs returns every unordered pair of distinct items.
func allPairs(items []string) []vpair {
	var out []vpair
	for i := range items {
		for j := i + 1; j < len(items); j++ {
			out = append(out, vpair{items[i], items[j]})
		}
	}
	return out
}

// debPairs builds Debian version pairs: upstream versions against each
// other (tildes, letters, "+", long numbers, leading zeros), revisions of
// one upstream version against each other, and epochs.
func debPairs() []vpair {
	upstream := []string{"0", "1", "1.0", "1.00", "1.0.0", "01.0", "1.0a", "1.0b", "1.0A", "1.0~", "1.0~~", "1.0~rc1",
		"1.0~rc2", "1.0~rc1~1", "1.0+dfsg", "1.0+b1", "1.0+~1", "1.0.1", "1.1", "1.9", "1.10", "1.0a1", "1.0.a", "2",
		"10", "2023.01.15", "3.20230808.1", "1.0+git20200101", "1.0~git20200101", "123456789012345678901234567890",
		"123456789012345678901234567891", "1.2.3.4.5.6"}
	revisions := []string{"1", "0", "2", "10", "1.1", "1a", "1~", "1~bpo11+1", "1+deb11u1", "1ubuntu0.1",
		"1ubuntu0.1~18.04.4", "2.2+wheezy3", "0+deb11u4", "1build1"}
	var pairs []vpair
	// upstream against upstream: a systematic subset, every third pair
	for k, p := range allPairs(upstream) {
		if k%3 == 0 {
			pairs = append(pairs, p)
		}
	}
	var revs []string
	for _, r := range revisions {
		revs = append(revs, "1.0-"+r)
	}
	revs = append(revs, "1.0", "1.0~rc1-1", "1.0+dfsg-1", "1.0-1-1", "1.0-0-0")
	pairs = append(pairs, allPairs(revs)...)
	epochs := []string{"1.0", "0:1.0", "1:0.9", "1:1.0", "2:0.1", "10:0", "1:1.0-1", "1:1.0~rc1", "0:1.0-1", "9:9.9-9"}
	pairs = append(pairs, allPairs(epochs)...)
	// real ones from the corpus (OSV Debian and Ubuntu)
	pairs = append(pairs, allPairs([]string{"1.2.1-2.2+wheezy3", "1.2.1-2.2", "1.2.1-2.2+wheezy2", "3.20230808.1~deb11u1",
		"3.20230808.1~deb12u1", "3.20230808.1", "1.16.0-1ubuntu1.1~18.04.4", "1.16.0-1ubuntu1.1", "1.16.0-1ubuntu1",
		"1:4.0.34-1ubuntu0.1~esm2", "1:4.1.7-4ubuntu0.1+esm3", "1:3.2.6.Final-2+deb8u2ubuntu0.1~esm1"})...)
	return pairs
}

// rpmPairs builds RPM version pairs: tildes, carets, letters, separators,
// long numbers, epochs and releases.
func rpmPairs() []vpair {
	versions := []string{"1.0", "1.0.0", "1.00", "1.0~rc1", "1.0~rc2", "1.0~", "1.0^", "1.0^20200101", "1.0^git1~rc1",
		"1.0~rc1^git1", "1.0a", "1.0.a", "1.0A", "1.0aa", "1.0_1", "1..0", "1.01", "1.0+1", "1.0.0.0", "a", "b", "A",
		"5.5p1", "5.5p10", "5.6p1", "12345678901234567890", "12345678901234567891", "2.0", "10", "1.0-1", "1.0-2",
		"1.0-1.el9", "1.0-1.el9_3", "1.0-1~rc", "1.0-1^post", "1:1.0", "0:1.0", "2:0.1", ":1.0", "1:0.9-9"}
	pairs := allPairs(versions)
	// real ones from the corpus (CSAF Red Hat, OSV AlmaLinux, Rocky, Red Hat)
	pairs = append(pairs, allPairs([]string{"0:2.13.3-3.el8_6.1", "2.13.3-3.el8_6", "2.13.3-3.el8_6.1", "1:11.0.13.0.8-1.el8_4",
		"1:11.0.13.0.8-1.el8_3", "11.0.13.0.8-1.el8_4", "0:102.11.0-2.el8_7", "1.18.2-14.el8", "1.18.2-13.el8_4.1",
		"32:9.11.4-26.1.P2.el7_9.ciqcbr.18", "32:9.11.4-26.1.P2.el7_9.ciqcbr.17", "8.7p1-38.el9_4.4", "8.7p1-38.el9"})...)
	return pairs
}

// semverPairs are valid SemVer 2.0.0 versions: the specification's own
// precedence example (§11), numeric and alphanumeric identifiers, build
// metadata, a "v" prefix, Go's pseudo-version-like pre-releases.
func semverPairs() []vpair {
	versions := []string{"1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11",
		"1.0.0-rc.1", "1.0.0", "2.0.0", "2.1.0", "2.1.1", "1.0.0-0", "1.0.0-1", "1.0.0-10", "1.0.0-9", "1.0.0-a-b",
		"1.0.0-a.b.c.d", "1.0.0-A", "1.0.0-a", "1.0.0+build.1", "1.0.0-rc.1+build.2", "v1.0.0", "1.19.0-0", "1.19.4",
		"0.0.0-20210101000000-abcdef123456", "0.0.0-20220101000000-abcdef123456", "10.0.0", "9.99.999", "1.0.0-beta.11.x",
		"1.0.0-x.7.z.92", "1.0.0-rc.1.2"}
	return allPairs(versions)
}

// mavenPairs exercise qualifiers, aliases, separators, "1.0.0" = "1" and
// letter/digit transitions.
func mavenPairs() []vpair {
	versions := []string{"1", "1.0", "1.0.0", "1-0", "1.0-alpha", "1.0-alpha-1", "1.0-a1", "1.0-beta", "1.0-b2", "1.0-milestone-1",
		"1.0-m1", "1.0-rc1", "1.0-cr1", "1.0-RC2", "1.0-SNAPSHOT", "1.0-ga", "1.0.Final", "1.0-final", "1.0-release", "1.0-sp", "1.0-sp1",
		"1.0-foo", "1.0-1", "1.0.1", "1.1", "1.0-xyz", "1.0.0.0", "2.0.17", "7.1.0.Final", "7.1.0.CR1", "1.0a", "1.0-abc1",
		"2.7.0.redhat-00002", "2.7.0", "3.2.12.Final-redhat-00001"}
	return allPairs(versions)
}

// pep440Pairs exercise epochs, pre, post and dev releases, local labels
// and the permissive spellings PEP 440 normalises.
func pep440Pairs() []vpair {
	versions := []string{"1.0", "1.0.0", "1.0.dev0", "1.0.dev1", "1.0a1", "1.0a1.dev1", "1.0alpha1", "1.0b2", "1.0rc1",
		"1.0c1", "1.0.post1", "1.0-1", "1.0.post1.dev1", "1.0rc1.post1", "1.0+local", "1.0+local.1", "1.0+1", "1!0.5",
		"1.0.1", "1.1", "0.9", "3.1.2", "3.3.2", "3.8.5", "1.0.0a0", "1.0-r1", "1.0_rc_1", "v1.0", "1.0.POST2", "2.0.dev5"}
	return allPairs(versions)
}

// checkAgainst compares the scheme with the peer's results in both
// directions: got(a, b) must equal the peer's verdict and got(b, a) its
// opposite.
func checkAgainst(t *testing.T, s Scheme, pairs []vpair, peer []int) {
	t.Helper()
	if len(peer) != len(pairs) {
		t.Fatalf("%s peer gave %d results for %d pairs", s, len(peer), len(pairs))
	}
	bad := 0
	for i, p := range pairs {
		want := peer[i]
		if got := s.Compare(p.a, p.b); got != want {
			t.Errorf("%s: Compare(%q, %q) = %d, peer says %d", s, p.a, p.b, got, want)
			bad++
		}
		if got := s.Compare(p.b, p.a); got != -want {
			t.Errorf("%s: Compare(%q, %q) = %d, peer says %d", s, p.b, p.a, got, -want)
			bad++
		}
		if bad > 20 {
			t.Fatal("too many differences")
		}
	}
	t.Logf("%s: %d pairs, %d comparisons agree with the peer", s, len(pairs), 2*len(pairs))
}

func TestDebAgainstDpkg(t *testing.T) {
	t.Parallel()
	dpkg := testutil.RequireTool(t, "dpkg")
	pairs := debPairs()
	// One shell per half of the pairs runs dpkg --compare-versions in a
	// loop (dpkg has no batch mode): "lt" then "eq".
	results := make([]int, len(pairs))
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for part := range 2 {
		wg.Go(func() {
			var in bytes.Buffer
			var idx []int
			for i := part; i < len(pairs); i += 2 {
				fmt.Fprintf(&in, "%s %s\n", pairs[i].a, pairs[i].b)
				idx = append(idx, i)
			}
			script := `while read a b; do if "$0" --compare-versions "$a" lt "$b"; then echo -1; ` +
				`elif "$0" --compare-versions "$a" eq "$b"; then echo 0; else echo 1; fi; done`
			cmd := exec.Command("sh", "-c", script, dpkg)
			cmd.Stdin = &in
			out, err := cmd.Output()
			if err != nil {
				errs[part] = fmt.Errorf("dpkg loop: %w", err)
				return
			}
			got, err := ints(out)
			if err != nil || len(got) != len(idx) {
				errs[part] = fmt.Errorf("dpkg loop gave %d results for %d pairs: %v", len(got), len(idx), err)
				return
			}
			for k, i := range idx {
				results[i] = got[k]
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	checkAgainst(t, SchemeDeb, pairs, results)
}

func TestRPMAgainstRpm(t *testing.T) {
	t.Parallel()
	rpm := testutil.RequireTool(t, "rpm")
	pairs := rpmPairs()
	file := filepath.Join(t.TempDir(), "pairs.txt")
	var in bytes.Buffer
	for _, p := range pairs {
		fmt.Fprintf(&in, "%s\t%s\n", p.a, p.b)
	}
	if err := os.WriteFile(file, in.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	lua := fmt.Sprintf(`%%{lua: local t = {} for l in io.lines('%s') do local a, b = l:match('^(.-)\t(.*)$') t[#t+1] = rpm.vercmp(a, b) end print(table.concat(t, ' '))}`, file)
	out, err := exec.Command(rpm, "--eval", lua).Output()
	if err != nil {
		t.Fatalf("rpm --eval: %v", err)
	}
	results, err := ints(out)
	if err != nil {
		t.Fatal(err)
	}
	checkAgainst(t, SchemeRPM, pairs, results)
}

// optionalPeer returns the path of a peer that is not required (no
// package script installs it): the test is skipped when it is missing,
// also in CI.
func optionalPeer(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		t.Skipf("%s not installed; this peer is optional", name)
	}
	return p
}

func TestSemverAgainstNodeSemver(t *testing.T) {
	t.Parallel()
	node := optionalPeer(t, "node")
	npm := optionalPeer(t, "npm")
	root, err := exec.Command(npm, "root", "-g").Output()
	if err != nil {
		t.Skipf("npm root -g: %v", err)
	}
	mod := filepath.Join(strings.TrimSpace(string(root)), "npm", "node_modules", "semver")
	if _, err := os.Stat(mod); err != nil {
		t.Skipf("node-semver not found at %s", mod)
	}
	pairs := semverPairs()
	js, _ := json.Marshal(pairs2slices(pairs))
	script := `const s = require(process.argv[1]); const ps = JSON.parse(require("fs").readFileSync(0, "utf8"));` +
		`console.log(ps.map(p => s.compare(p[0], p[1])).join(" "))`
	cmd := exec.Command(node, "-e", script, mod)
	cmd.Stdin = bytes.NewReader(js)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v", err)
	}
	results, err := ints(out)
	if err != nil {
		t.Fatal(err)
	}
	checkAgainst(t, SchemeSemver, pairs, results)
}

func TestPEP440AgainstPackaging(t *testing.T) {
	t.Parallel()
	// The first python3 with the packaging library: the one on PATH, or
	// Debian's (python3-packaging), which a pyenv python3 may hide.
	py := ""
	for _, cand := range []string{"python3", "/usr/bin/python3"} {
		if p, err := exec.LookPath(cand); err == nil && exec.Command(p, "-c", "import packaging.version").Run() == nil {
			py = p
			break
		}
	}
	if py == "" {
		t.Skip("Python's packaging library is not installed (Debian python3-packaging); this peer is optional")
	}
	pairs := pep440Pairs()
	js, _ := json.Marshal(pairs2slices(pairs))
	script := `import json, sys
from packaging.version import Version
ps = json.load(sys.stdin)
def c(a, b):
    a, b = Version(a), Version(b)
    return (a > b) - (a < b)
print(" ".join(str(c(a, b)) for a, b in ps))`
	cmd := exec.Command(py, "-c", script)
	cmd.Stdin = bytes.NewReader(js)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("python3: %v", err)
	}
	results, err := ints(out)
	if err != nil {
		t.Fatal(err)
	}
	checkAgainst(t, SchemePyPI, pairs, results)
}

func TestMavenAgainstComparableVersion(t *testing.T) {
	t.Parallel()
	java := optionalPeer(t, "java")
	jars, _ := filepath.Glob("/usr/share/maven/lib/maven-artifact*.jar")
	if len(jars) == 0 {
		t.Skip("Maven's maven-artifact jar not found under /usr/share/maven/lib (Debian maven); this peer is optional")
	}
	pairs := mavenPairs()
	// ComparableVersion's main compares each argument with the next: give
	// it a, b, a, b... and keep the results at even positions.
	var args []string
	for _, p := range pairs {
		args = append(args, p.a, p.b)
	}
	cmd := exec.Command(java, append([]string{"-cp", jars[0], "org.apache.maven.artifact.versioning.ComparableVersion"}, args...)...)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("java ComparableVersion: %v", err)
	}
	var all []int
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, "   ") {
			continue
		}
		switch f := strings.Fields(line); {
		case len(f) == 3 && f[1] == "<":
			all = append(all, -1)
		case len(f) == 3 && f[1] == "==":
			all = append(all, 0)
		case len(f) == 3 && f[1] == ">":
			all = append(all, 1)
		}
	}
	var results []int
	for i := 0; i < len(all); i += 2 {
		results = append(results, all[i])
	}
	checkAgainst(t, SchemeMaven, pairs, results)
}

func pairs2slices(ps []vpair) [][2]string {
	out := make([][2]string, len(ps))
	for i, p := range ps {
		out[i] = [2]string{p.a, p.b}
	}
	return out
}

// ints reads whitespace-separated integers, reduced to their sign.
func ints(out []byte) ([]int, error) {
	var res []int
	for f := range strings.FieldsSeq(string(out)) {
		n, err := strconv.Atoi(f)
		if err != nil {
			return nil, fmt.Errorf("peer output %q: %w", f, err)
		}
		res = append(res, sign(n))
	}
	return res, nil
}

// TestSchemePairCounts keeps the peer tables at a few hundred pairs each.
func TestSchemePairCounts(t *testing.T) {
	t.Parallel()
	for name, n := range map[string]int{"deb": len(debPairs()), "rpm": len(rpmPairs()), "semver": len(semverPairs()),
		"maven": len(mavenPairs()), "pypi": len(pep440Pairs())} {
		if n < 200 {
			t.Errorf("%s: %d pairs, want at least 200", name, n)
		}
	}
	for _, p := range slices.Concat(debPairs(), rpmPairs(), semverPairs(), mavenPairs(), pep440Pairs()) {
		if p.a == p.b {
			t.Errorf("pair of equal strings %q", p.a)
		}
	}
}
