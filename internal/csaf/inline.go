package csaf

import "strings"

// inlineLocalRefs returns the schema with every "$ref" to a non-recursive
// definition under "#/$defs/" replaced by a copy of that definition. The
// CSAF schema puts only annotations (title, description) beside its $refs,
// so the result accepts and rejects exactly the same documents; validation
// gets faster because the schema library spends much of its time entering
// and leaving referenced schemas (every product id in a product_status list
// goes through two of them). Recursive definitions (branches_t) stay
// references.
func inlineLocalRefs(schema map[string]any) map[string]any {
	defs, _ := schema["$defs"].(map[string]any)
	if defs == nil {
		return schema
	}
	var expand func(v any, visiting map[string]bool) any
	expand = func(v any, visiting map[string]bool) any {
		switch v := v.(type) {
		case map[string]any:
			if ref, ok := v["$ref"].(string); ok && strings.HasPrefix(ref, "#/$defs/") && onlyAnnotations(v) {
				name := strings.TrimPrefix(ref, "#/$defs/")
				if def, ok := defs[name]; ok && !visiting[name] && !recursive(name, defs) {
					visiting[name] = true
					out := expand(def, visiting)
					delete(visiting, name)
					return out
				}
			}
			out := make(map[string]any, len(v))
			for k, e := range v {
				out[k] = expand(e, visiting)
			}
			return out
		case []any:
			out := make([]any, len(v))
			for i, e := range v {
				out[i] = expand(e, visiting)
			}
			return out
		}
		return v
	}
	return expand(schema, map[string]bool{}).(map[string]any)
}

// onlyAnnotations reports whether a schema object holds nothing but $ref and
// annotations.
func onlyAnnotations(o map[string]any) bool {
	for k := range o {
		switch k {
		case "$ref", "title", "description", "examples", "$comment":
		default:
			return false
		}
	}
	return true
}

// recursive reports whether definition name refers back to itself.
func recursive(name string, defs map[string]any) bool {
	seen := map[string]bool{}
	var reaches func(v any) bool
	reaches = func(v any) bool {
		switch v := v.(type) {
		case map[string]any:
			if ref, ok := v["$ref"].(string); ok && strings.HasPrefix(ref, "#/$defs/") {
				n := strings.TrimPrefix(ref, "#/$defs/")
				if n == name {
					return true
				}
				if !seen[n] {
					seen[n] = true
					if reaches(defs[n]) {
						return true
					}
				}
			}
			for _, e := range v {
				if reaches(e) {
					return true
				}
			}
		case []any:
			for _, e := range v {
				if reaches(e) {
					return true
				}
			}
		}
		return false
	}
	return reaches(defs[name])
}
