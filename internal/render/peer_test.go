package render

import (
	"bytes"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/tocsin-cert/tocsin/internal/testutil"
)

// TestXmllintReadsHTML has a real HTML parser (libxml2's xmllint) read the
// HTML renderings: it reports unclosed or misnested elements and bad
// entities that a mail client would have to guess around.
func TestXmllintReadsHTML(t *testing.T) {
	t.Parallel()
	xmllint := testutil.RequireTool(t, "xmllint")
	// libxml2's HTML 4 parser does not know the HTML5 elements; every
	// other complaint is a fault.
	html5Tag := regexp.MustCompile(`Tag (article|section|header) invalid`)
	r := newStrict(t)
	docs := map[string]string{}
	for _, o := range allOptions() {
		if o.Format != FormatHTML {
			continue
		}
		docs["fixture."+string(o.Level)] = render(t, r, fixture(), o)
		docs["hostile."+string(o.Level)] = render(t, r, hostile(), o)
	}
	for _, rel := range []string{"csaf/cisa/icsa-22-167-14.json", "csaf/redhat/rhsa-2024_6163.json"} {
		a := parseCorpus(t, rel)
		docs[rel+".expert"] = render(t, r, a, Options{Format: FormatHTML, Level: LevelExpert})
	}
	for name, doc := range docs {
		cmd := exec.Command(xmllint, "--html", "--noout", "-")
		cmd.Stdin = strings.NewReader(doc)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Run(); err != nil && stderr.Len() == 0 {
			t.Fatalf("%s: xmllint: %v", name, err)
		}
		for line := range strings.SplitSeq(stderr.String(), "\n") {
			if strings.Contains(line, "error") && !html5Tag.MatchString(line) {
				t.Errorf("%s: xmllint: %s", name, line)
			}
		}
	}
}
