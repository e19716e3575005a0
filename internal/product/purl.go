package product

import (
	"slices"
	"strings"

	packageurl "github.com/package-url/packageurl-go"
)

// purlIdentity is a package URL's type/namespace/name in the form used for
// comparison: the library's per-type normalisation, plus lower case where the
// purl specification says names are case-insensitive.
func purlIdentity(p packageurl.PackageURL) string {
	typ := strings.ToLower(p.Type)
	ns, name := p.Namespace, p.Name
	switch typ {
	case "oci", "nuget", "hex", "pub", "npm", "docker", "gitlab", "cran":
		ns, name = strings.ToLower(ns), strings.ToLower(name)
	case "pypi":
		name = strings.NewReplacer("_", "-", ".", "-").Replace(strings.ToLower(name))
	}
	if ns != "" {
		return typ + "/" + ns + "/" + name
	}
	return typ + "/" + name
}

// parsePURL reads a package URL and fails on one without a type or name.
func parsePURL(s string) (packageurl.PackageURL, error) {
	return packageurl.FromString(strings.TrimSpace(s))
}

// isDigest reports whether a purl version is a content digest
// ("sha256:5cd6...") rather than an ordered version.
func isDigest(v string) bool {
	low := strings.ToLower(v)
	for _, p := range []string{"sha256:", "sha512:", "sha384:", "sha1:", "md5:"} {
		if strings.HasPrefix(low, p) {
			return true
		}
	}
	if len(v) >= 40 {
		for _, r := range low {
			if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'f') {
				return false
			}
		}
		return true
	}
	return false
}

// qualifiersCover reports whether every qualifier of want that have also
// gives has the same value there (compared case-insensitively); a qualifier
// the advisory leaves out does not narrow it.
func qualifiersCover(want, have packageurl.Qualifiers) bool {
	hm := have.Map()
	for _, q := range want {
		v, ok := hm[q.Key]
		if ok && !strings.EqualFold(v, q.Value) {
			return false
		}
	}
	return true
}

// sortedQualifiers returns a sorted copy: the library's String methods sort
// the slice they are given in place, which must not happen to a spec or
// product shared between goroutines.
func sortedQualifiers(q packageurl.Qualifiers) packageurl.Qualifiers {
	out := slices.Clone(q)
	slices.SortFunc(out, func(a, b packageurl.Qualifier) int { return strings.Compare(a.Key, b.Key) })
	return out
}

// qualifierText renders qualifiers without touching the given slice.
func qualifierText(q packageurl.Qualifiers) string {
	return sortedQualifiers(q).String()
}

// purlScheme is the version ordering of a package URL's type (deb, rpm,
// npm...; see SchemeOf); "" for generic types.
func purlScheme(p packageurl.PackageURL) Scheme {
	if s := SchemeOf(p.Type); !s.generic() {
		return s
	}
	return ""
}
