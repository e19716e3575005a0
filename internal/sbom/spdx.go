package sbom

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// spdxVersion checks an SPDX version ("SPDX-2.3") and returns its number.
func spdxVersion(raw, encoding string) (string, error) {
	v := strings.TrimSpace(raw)
	num, ok := strings.CutPrefix(strings.ToUpper(v), "SPDX-")
	switch {
	case v == "":
		return "", unsupported("SPDX " + encoding + " with an empty SPDX version")
	case !ok:
		return "", unsupported(fmt.Sprintf("SPDX %s with version %q (SPDX writes \"SPDX-2.3\")", encoding, v))
	case num == "2.2", num == "2.3":
		return num, nil
	}
	return "", unsupported(fmt.Sprintf("SPDX %s %s", num, encoding))
}

type spdxDoc struct {
	Name     string        `json:"name"`
	Packages []spdxPackage `json:"packages"`
}

type spdxPackage struct {
	Name                  string       `json:"name"`
	VersionInfo           string       `json:"versionInfo"`
	Supplier              string       `json:"supplier"`
	Originator            string       `json:"originator"`
	PrimaryPackagePurpose string       `json:"primaryPackagePurpose"`
	ExternalRefs          []spdxExtRef `json:"externalRefs"`
}

type spdxExtRef struct {
	ReferenceCategory string `json:"referenceCategory"`
	ReferenceType     string `json:"referenceType"`
	ReferenceLocator  string `json:"referenceLocator"`
}

func parseSPDXJSON(data []byte, format string) (Document, error) {
	var d spdxDoc
	if err := json.Unmarshal(data, &d); err != nil {
		return Document{}, fmt.Errorf("read %s: %w", format, err)
	}
	return d.document(format), nil
}

func (d spdxDoc) document(format string) Document {
	out := Document{Format: format, Name: clean(d.Name)}
	for _, p := range d.Packages {
		out.Components = append(out.Components, p.component())
	}
	return out
}

func (p spdxPackage) component() Component {
	c := Component{
		Name:     clean(p.Name),
		Version:  clean(p.VersionInfo),
		Supplier: cleanParty(p.Supplier),
		Type:     normType(p.PrimaryPackagePurpose),
	}
	if c.Supplier == "" {
		c.Supplier = cleanParty(p.Originator)
	}
	cpe22 := ""
	for _, r := range p.ExternalRefs {
		loc := clean(r.ReferenceLocator)
		if loc == "" {
			continue
		}
		switch refType(r.ReferenceType) {
		case "purl":
			if c.PURL == "" {
				c.PURL = loc
			}
		case "cpe23type":
			if c.CPE == "" {
				c.CPE = loc
			}
		case "cpe22type":
			if cpe22 == "" {
				cpe22 = loc
			}
		}
	}
	if c.CPE == "" {
		c.CPE = cpe22
	}
	return c
}

// refType normalises an external reference type: lower case, without the
// URI prefix SPDX allows ("http://spdx.org/rdf/references/cpe23Type").
func refType(t string) string {
	t = strings.TrimSpace(t)
	if i := strings.LastIndexAny(t, "/#"); i >= 0 {
		t = t[i+1:]
	}
	return strings.ToLower(t)
}

// tagValueVersion finds the SPDXVersion line of a tag-value document.
func tagValueVersion(data []byte) (string, bool) {
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64*1024), len(data)+1)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), "SPDXVersion:"); ok {
			return strings.TrimSpace(v), true
		}
	}
	return "", false
}

// yamlSPDX reports whether the text looks like SPDX in YAML.
func yamlSPDX(data []byte) bool {
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64*1024), len(data)+1)
	for sc.Scan() {
		if strings.HasPrefix(strings.TrimSpace(sc.Text()), "spdxVersion:") {
			return true
		}
	}
	return false
}

// parseTagValue reads an SPDX tag-value document: "Tag: value" lines, with
// values that span lines between <text> and </text>. A PackageName starts a
// package; the package's tags follow it until a file, snippet or licence
// starts.
func parseTagValue(data []byte, rawVersion string) (Document, error) {
	v, err := spdxVersion(rawVersion, "tag-value")
	if err != nil {
		return Document{}, err
	}
	format := "SPDX " + v + " tag-value"
	d := Document{Format: format}
	var pkg *spdxPackage
	var pkgs []spdxPackage
	flush := func() {
		if pkg != nil {
			pkgs = append(pkgs, *pkg)
			pkg = nil
		}
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64*1024), len(data)+1)
	lineNo, inText := 0, false
	for sc.Scan() {
		lineNo++
		line := sc.Text()
		if inText {
			inText = !strings.Contains(line, "</text>")
			continue
		}
		trimmed := strings.TrimSpace(line)
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		tag, value, ok := strings.Cut(trimmed, ":")
		if !ok || strings.ContainsAny(tag, " \t") {
			return Document{}, fmt.Errorf("read %s: line %d: %q is not a \"Tag: value\" line", format, lineNo, truncate(trimmed, 60))
		}
		value = strings.TrimSpace(value)
		if strings.HasPrefix(value, "<text>") && !strings.Contains(value, "</text>") {
			inText = true
			continue
		}
		switch tag {
		case "DocumentName":
			d.Name = clean(value)
		case "PackageName":
			flush()
			pkg = &spdxPackage{Name: value}
		case "FileName", "SnippetSPDXID", "LicenseID":
			flush()
		}
		if pkg == nil {
			continue
		}
		switch tag {
		case "PackageVersion":
			pkg.VersionInfo = value
		case "PackageSupplier":
			pkg.Supplier = value
		case "PackageOriginator":
			pkg.Originator = value
		case "PrimaryPackagePurpose":
			pkg.PrimaryPackagePurpose = value
		case "ExternalRef":
			if f := strings.Fields(value); len(f) >= 3 {
				pkg.ExternalRefs = append(pkg.ExternalRefs, spdxExtRef{ReferenceCategory: f[0], ReferenceType: f[1], ReferenceLocator: f[2]})
			}
		}
	}
	if err := sc.Err(); err != nil {
		return Document{}, fmt.Errorf("read %s: %w", format, err)
	}
	if inText {
		return Document{}, fmt.Errorf("read %s: a <text> value is not closed with </text>", format)
	}
	flush()
	for _, p := range pkgs {
		d.Components = append(d.Components, p.component())
	}
	return d, nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}
