package sbom

import (
	"net/url"
	"strings"

	packageurl "github.com/package-url/packageurl-go"

	"github.com/tocsin-cert/tocsin/internal/product"
)

// Spec returns the Tocsin product SPEC for the component, preferring, in
// this order:
//
//   - its package URL, with the component's version when the URL has none
//     ("pkg:npm/lodash@4.17.21"). Qualifiers and subpath are dropped: a
//     qualifier in a SPEC narrows matching to advisories that give the same
//     value, and SBOM qualifiers (distro=ubuntu-22.04, arch, repository_url,
//     download_url...) rarely agree with an advisory's;
//   - its CPE as a CPE 2.3 name (a CPE 2.2 URI is converted), with the
//     component's version when the CPE's version is "*";
//   - VENDOR/NAME@VERSION when a supplier is known (not for files).
//
// Without a version anywhere the SPEC has none and so names every version.
// It returns false when nothing is usable: no package URL or CPE, and no
// supplier or no name (or a file, which is not a product). Every SPEC
// returned is accepted by product.ParseSpec.
func (c Component) Spec() (string, bool) {
	for _, try := range []func() string{c.purlSpec, c.cpeSpec, c.vendorSpec} {
		if s := try(); s != "" {
			if _, err := product.ParseSpec(s); err == nil {
				return s, true
			}
		}
	}
	return "", false
}

func (c Component) purlSpec() string {
	if c.PURL == "" {
		return ""
	}
	p, err := packageurl.FromString(c.PURL)
	if err != nil || p.Type == "" || p.Name == "" {
		return ""
	}
	p.Qualifiers, p.Subpath = nil, ""
	if p.Version == "" {
		p.Version = c.Version
	}
	return p.ToString()
}

// cpe23Attrs is the number of attributes of a CPE 2.3 name.
const cpe23Attrs = 11

func (c Component) cpeSpec() string {
	low := strings.ToLower(c.CPE)
	var attrs []string
	switch {
	case strings.HasPrefix(low, "cpe:2.3:"):
		attrs = splitCPE23(c.CPE[len("cpe:2.3:"):])
	case strings.HasPrefix(low, "cpe:/"):
		attrs = cpe22To23(c.CPE[len("cpe:/"):])
	default:
		return ""
	}
	if len(attrs) < 3 || len(attrs) > cpe23Attrs {
		return ""
	}
	for len(attrs) < cpe23Attrs {
		attrs = append(attrs, "*")
	}
	if (attrs[3] == "*" || attrs[3] == "") && c.Version != "" {
		attrs[3] = escapeCPE23(c.Version)
	}
	return "cpe:2.3:" + strings.Join(attrs, ":")
}

// splitCPE23 splits a CPE 2.3 name's attributes at colons not escaped with
// a backslash, keeping the escapes.
func splitCPE23(s string) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case ':':
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

// cpe22To23 converts the attributes of a CPE 2.2 URI (after "cpe:/") to
// CPE 2.3 formatted-string attributes: empty becomes "*", percent-encoding
// is decoded and special characters are escaped, a packed edition
// ("~edition~sw_edition~target_sw~target_hw~other") is unpacked.
func cpe22To23(s string) []string {
	fields := strings.Split(s, ":")
	if len(fields) > 7 {
		return nil
	}
	out := make([]string, cpe23Attrs)
	for i := range out {
		out[i] = "*"
	}
	conv := func(f string) string {
		switch f {
		case "", "*":
			return "*"
		case "-":
			return "-"
		}
		if d, err := url.PathUnescape(f); err == nil {
			f = d
		}
		return escapeCPE23(f)
	}
	for i, f := range fields {
		if i == 5 && strings.HasPrefix(f, "~") {
			slots := []int{5, 7, 8, 9, 10} // edition, sw_edition, target_sw, target_hw, other
			for j, pf := range strings.Split(f[1:], "~") {
				if j < len(slots) {
					out[slots[j]] = conv(pf)
				}
			}
			continue
		}
		out[i] = conv(f)
	}
	return out
}

// escapeCPE23 quotes a value for a CPE 2.3 formatted string: letters,
// digits, "_", "." and "-" stay, every other character gets a backslash.
func escapeCPE23(v string) string {
	var b strings.Builder
	for _, r := range v {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '_', r == '.', r == '-':
		case r == ' ':
			r = '_' // CPE writes spaces as underscores
		default:
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

func (c Component) vendorSpec() string {
	vendor := strings.Join(strings.Fields(strings.ReplaceAll(c.Supplier, "/", " ")), " ")
	name := strings.Join(strings.Fields(c.Name), " ")
	if vendor == "" || name == "" || c.Type == TypeFile {
		return ""
	}
	if c.Version == "" {
		if strings.Contains(name, "@") {
			return "" // "@" would be read as the start of a version range
		}
		return vendor + "/" + name
	}
	if strings.ContainsAny(c.Version, "<>=,|*") {
		return "" // a version that reads as a range is not the component's version
	}
	return vendor + "/" + name + "@" + c.Version
}
