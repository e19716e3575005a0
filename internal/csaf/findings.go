package csaf

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// maxFindings is how many findings Validate reports before summarising the
// rest as a count.
const maxFindings = 10

// findings turns the library's nested error tree into a short, sorted list
// of the most specific causes.
func findings(err error) []Finding {
	var verr *jsonschema.ValidationError
	if !errors.As(err, &verr) {
		return []Finding{{Message: "schema validation failed: " + err.Error(), Kind: KindSchema}}
	}
	var leaves []*jsonschema.ValidationError
	collectLeaves(verr, &leaves)
	out := make([]Finding, 0, len(leaves))
	for _, l := range leaves {
		out = append(out, describe(l)...)
	}
	for i := range out {
		out[i].Kind = KindSchema
		if strings.Contains(out[i].Path, "/cvss_v2") || strings.Contains(out[i].Path, "/cvss_v3") {
			// Test 6.1.8 is the CVSS objects' own schema.
			out[i].Test = "6.1.8"
		}
	}
	slices.SortStableFunc(out, func(a, b Finding) int { return comparePointers(a.Path, b.Path) })
	out = slices.CompactFunc(out, func(a, b Finding) bool { return a == b })
	if len(out) > maxFindings {
		rest := len(out) - maxFindings
		out = append(out[:maxFindings:maxFindings], Finding{
			Message: fmt.Sprintf("... and %d more %s not shown", rest, plural(rest, "finding", "findings")),
			Kind:    KindSchema,
		})
	}
	return out
}

// collectLeaves appends the causes at the bottom of the tree. For anyOf and
// oneOf, where every alternative failed, it keeps only the alternative that
// came closest, so a CVSS 3.1 object is not also reported as a bad 3.0 one.
func collectLeaves(e *jsonschema.ValidationError, out *[]*jsonschema.ValidationError) {
	if len(e.Causes) == 0 {
		*out = append(*out, e)
		return
	}
	switch k := e.ErrorKind.(type) {
	case *kind.AnyOf:
		*out = append(*out, closestAlternative(e)...)
		return
	case *kind.OneOf:
		if len(k.Subschemas) == 0 {
			*out = append(*out, closestAlternative(e)...)
			return
		}
	}
	for _, c := range e.Causes {
		collectLeaves(c, out)
	}
}

// alternative is one failed branch of an anyOf or oneOf.
type alternative struct {
	leaves []*jsonschema.ValidationError
	// selector is the failure of a single allowed value (a const, or an enum
	// of one), which marks the branch as meant for other data; nil if none.
	selector *jsonschema.ValidationError
	depth    int
}

// closestAlternative picks the failed branch that is most likely the one the
// author meant: no failed selector value, deepest failure, fewest failures.
// When every branch failed only on a selector at the same place, it reports
// one failure listing all the allowed values.
func closestAlternative(e *jsonschema.ValidationError) []*jsonschema.ValidationError {
	alts := make([]alternative, 0, len(e.Causes))
	for _, c := range e.Causes {
		var a alternative
		collectLeaves(c, &a.leaves)
		for _, l := range a.leaves {
			a.depth = max(a.depth, len(l.InstanceLocation))
			if a.selector == nil && singleValue(l.ErrorKind) != nil {
				a.selector = l
			}
		}
		alts = append(alts, a)
	}
	if merged := mergeSelectors(alts); merged != nil {
		return []*jsonschema.ValidationError{merged}
	}
	best := slices.MinFunc(alts, func(a, b alternative) int {
		if (a.selector == nil) != (b.selector == nil) {
			if a.selector == nil {
				return -1
			}
			return 1
		}
		if c := cmp.Compare(b.depth, a.depth); c != 0 {
			return c
		}
		return cmp.Compare(len(a.leaves), len(b.leaves))
	})
	return best.leaves
}

// singleValue returns the one allowed value of a failed const or
// single-value enum, or nil.
func singleValue(k jsonschema.ErrorKind) any {
	switch k := k.(type) {
	case *kind.Const:
		return k.Want
	case *kind.Enum:
		if len(k.Want) == 1 {
			return k.Want[0]
		}
	}
	return nil
}

// mergeSelectors returns one enum failure when every alternative failed on
// a selector value at the same location (e.g. a CVSS "version" that is
// neither "3.0" nor "3.1"), and nil otherwise.
func mergeSelectors(alts []alternative) *jsonschema.ValidationError {
	if len(alts) < 2 {
		return nil
	}
	var want []any
	var got any
	for _, a := range alts {
		if a.selector == nil || !slices.Equal(a.selector.InstanceLocation, alts[0].selector.InstanceLocation) {
			return nil
		}
		want = append(want, singleValue(a.selector.ErrorKind))
		switch k := a.selector.ErrorKind.(type) {
		case *kind.Const:
			got = k.Got
		case *kind.Enum:
			got = k.Got
		}
	}
	return &jsonschema.ValidationError{
		InstanceLocation: alts[0].selector.InstanceLocation,
		ErrorKind:        &kind.Enum{Got: got, Want: want},
	}
}

// describe turns one leaf error into findings with readable messages.
func describe(e *jsonschema.ValidationError) []Finding {
	loc := e.InstanceLocation
	path := pointer(loc)
	switch k := e.ErrorKind.(type) {
	case *kind.Required:
		out := make([]Finding, 0, len(k.Missing))
		for _, m := range k.Missing {
			out = append(out, Finding{Path: path + "/" + escapeToken(m), Message: "missing required property"})
		}
		return out
	case *kind.AdditionalProperties:
		out := make([]Finding, 0, len(k.Properties))
		for _, p := range k.Properties {
			out = append(out, Finding{Path: path + "/" + escapeToken(p), Message: "property not allowed here: CSAF 2.0 defines no such property"})
		}
		return out
	case *kind.Dependency:
		return []Finding{{Path: path, Message: fmt.Sprintf("%s required when %q is present", quoteList(k.Missing, "and"), k.Prop)}}
	case *kind.DependentRequired:
		return []Finding{{Path: path, Message: fmt.Sprintf("%s required when %q is present", quoteList(k.Missing, "and"), k.Prop)}}
	}
	return []Finding{{Path: path, Message: leafMessage(loc, e.ErrorKind)}}
}

// leafMessage says what is wrong with the value at loc.
func leafMessage(loc []string, k jsonschema.ErrorKind) string {
	switch k := k.(type) {
	case *kind.Type:
		if len(loc) == 0 {
			return fmt.Sprintf("a CSAF document must be a JSON object, not %s", article(k.Got))
		}
		return fmt.Sprintf("wrong type: must be %s, not %s", strings.Join(k.Want, " or "), k.Got)
	case *kind.Const:
		return constMessage(loc, []any{k.Want}, k.Got)
	case *kind.Enum:
		return constMessage(loc, k.Want, k.Got)
	case *kind.Pattern:
		return patternMessage(loc, k)
	case *kind.Format:
		return formatMessage(k)
	case *kind.MinLength:
		if k.Want == 1 {
			return "must not be empty"
		}
		return fmt.Sprintf("must be at least %d characters long (has %d)", k.Want, k.Got)
	case *kind.MaxLength:
		return fmt.Sprintf("must be at most %d characters long (has %d)", k.Want, k.Got)
	case *kind.MinItems:
		if k.Got == 0 {
			return fmt.Sprintf("must not be an empty list: give at least %d %s or leave the property out", k.Want, plural(k.Want, "entry", "entries"))
		}
		return fmt.Sprintf("must have at least %d %s (has %d)", k.Want, plural(k.Want, "entry", "entries"), k.Got)
	case *kind.MaxItems:
		return fmt.Sprintf("must have at most %d %s (has %d)", k.Want, plural(k.Want, "entry", "entries"), k.Got)
	case *kind.MinProperties, *kind.MaxProperties:
		if len(loc) >= 2 && loc[len(loc)-2] == "branches" {
			return `a branch must have "category", "name" and exactly one of "branches" or "product"`
		}
		if mp, ok := k.(*kind.MinProperties); ok {
			if mp.Got == 0 {
				return "must not be an empty object"
			}
			return fmt.Sprintf("must have at least %d properties (has %d)", mp.Want, mp.Got)
		}
		mp := k.(*kind.MaxProperties)
		return fmt.Sprintf("must have at most %d properties (has %d)", mp.Want, mp.Got)
	case *kind.UniqueItems:
		return fmt.Sprintf("entries %d and %d are the same; each entry must be unique", k.Duplicates[0], k.Duplicates[1])
	case *kind.Minimum:
		return fmt.Sprintf("must be at least %s (got %s)", k.Want.FloatString(1), k.Got.FloatString(1))
	case *kind.Maximum:
		return fmt.Sprintf("must be at most %s (got %s)", k.Want.FloatString(1), k.Got.FloatString(1))
	case *kind.ExclusiveMinimum:
		return fmt.Sprintf("must be greater than %s (got %s)", k.Want.FloatString(1), k.Got.FloatString(1))
	case *kind.ExclusiveMaximum:
		return fmt.Sprintf("must be less than %s (got %s)", k.Want.FloatString(1), k.Got.FloatString(1))
	case *kind.FalseSchema:
		return "not allowed here"
	case *kind.Not:
		return "has a form that is not allowed here"
	case *kind.OneOf:
		if len(k.Subschemas) == 2 {
			return fmt.Sprintf("matches more than one allowed form (alternatives %d and %d); it must match exactly one", k.Subschemas[0]+1, k.Subschemas[1]+1)
		}
		return "matches none of the allowed forms"
	case *kind.AnyOf:
		return "matches none of the allowed forms"
	}
	return k.LocalizedString(message.NewPrinter(language.English))
}

// constMessage handles const and enum failures.
func constMessage(loc []string, want []any, got any) string {
	var b strings.Builder
	if len(want) == 1 {
		b.WriteString("value must be ")
		b.WriteString(display(want[0]))
	} else {
		b.WriteString("value must be one of ")
		for i, w := range want {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(display(w))
		}
	}
	b.WriteString(" (got ")
	b.WriteString(display(got))
	b.WriteString(")")
	if slices.Equal(loc, []string{"document", "csaf_version"}) {
		b.WriteString("; Tocsin reads CSAF 2.0")
	}
	return b.String()
}

// patternMessage explains a pattern failure with a hint for the fields
// whose patterns people meet, and the raw pattern for the rest.
func patternMessage(loc []string, k *kind.Pattern) string {
	last, parent := "", ""
	if n := len(loc); n > 0 {
		last = loc[n-1]
		if n > 1 {
			parent = loc[n-2]
		}
	}
	hint := ""
	switch {
	case last == "cve":
		hint = "a CVE id such as CVE-2024-12345"
	case last == "id" && parent == "cwe":
		hint = "a CWE id such as CWE-79"
	case last == "id" && parent == "tracking":
		hint = "an id without white space at either end"
	case last == "category" && parent == "document":
		hint = "a category that does not begin or end with white space, '-', '_' or '.'"
	case last == "lang" || last == "source_lang":
		hint = "a language tag (BCP 47) such as en or de-DE"
	case last == "purl":
		hint = "a package URL such as pkg:npm/lodash@4.17.21"
	case last == "cpe":
		hint = "a CPE 2.2 URI (cpe:/a:vendor:product:1.0) or a CPE 2.3 string (cpe:2.3:a:vendor:product:1.0:*:*:*:*:*:*:*)"
	case last == "version" && parent == "tracking", last == "number":
		hint = "an integer version (1, 2, ...) or a semantic version (1.0.0)"
	case last == "vectorString":
		hint = "a CVSS vector string of the score's version"
	case last == "value" && len(loc) > 2 && loc[len(loc)-3] == "file_hashes":
		hint = "a hexadecimal hash of at least 32 digits"
	}
	if hint != "" {
		return fmt.Sprintf("%s is not %s", strconv.Quote(k.Got), hint)
	}
	want := k.Want
	if len(want) > 80 {
		want = want[:77] + "..."
	}
	return fmt.Sprintf("%s does not match the required pattern %s", strconv.Quote(k.Got), want)
}

// formatMessage explains a format failure.
func formatMessage(k *kind.Format) string {
	what := k.Want
	switch k.Want {
	case "date-time":
		what = "date-time (RFC 3339, e.g. 2024-05-01T10:00:00Z)"
	case "uri":
		what = "absolute URI"
	}
	reason := ""
	if k.Err != nil {
		reason = ": " + k.Err.Error()
	}
	return fmt.Sprintf("%s is not a valid %s%s", display(k.Got), what, reason)
}

// display shows a JSON value in a message.
func display(v any) string {
	switch v := v.(type) {
	case string:
		return strconv.Quote(v)
	case json.Number:
		return v.String()
	case nil:
		return "null"
	case bool:
		return strconv.FormatBool(v)
	case map[string]any:
		return "an object"
	case []any:
		return "an array"
	}
	return fmt.Sprint(v)
}

// article puts "a" or "an" before a JSON type name.
func article(t string) string {
	switch t {
	case "array", "object", "integer":
		return "an " + t
	case "null":
		return "null"
	}
	return "a " + t
}

// quoteList renders ["a","b"] as `"a" and "b"` (with "is"/"are").
func quoteList(items []string, conj string) string {
	q := make([]string, len(items))
	for i, s := range items {
		q[i] = strconv.Quote(s)
	}
	switch len(q) {
	case 0:
		return "nothing is"
	case 1:
		return q[0] + " is"
	}
	return strings.Join(q[:len(q)-1], ", ") + " " + conj + " " + q[len(q)-1] + " are"
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// pointer builds a JSON pointer (RFC 6901) from unescaped tokens.
func pointer(tokens []string) string {
	var b strings.Builder
	for _, t := range tokens {
		b.WriteByte('/')
		b.WriteString(escapeToken(t))
	}
	return b.String()
}

// escapeToken escapes one JSON pointer token.
func escapeToken(t string) string {
	if !strings.ContainsAny(t, "~/") {
		return t
	}
	return strings.ReplaceAll(strings.ReplaceAll(t, "~", "~0"), "/", "~1")
}

// comparePointers orders JSON pointers token by token, array indexes
// numerically, so /vulnerabilities/2 comes before /vulnerabilities/10.
func comparePointers(a, b string) int {
	for a != "" && b != "" {
		var ta, tb string
		ta, a = nextToken(a)
		tb, b = nextToken(b)
		na, errA := strconv.Atoi(ta)
		nb, errB := strconv.Atoi(tb)
		var c int
		if errA == nil && errB == nil {
			c = cmp.Compare(na, nb)
		} else {
			c = strings.Compare(ta, tb)
		}
		if c != 0 {
			return c
		}
	}
	return cmp.Compare(len(a), len(b))
}

// nextToken splits "/a/b" into "a" and "/b".
func nextToken(p string) (tok, rest string) {
	p = strings.TrimPrefix(p, "/")
	if i := strings.IndexByte(p, '/'); i >= 0 {
		return p[:i], p[i:]
	}
	return p, ""
}
