package product

import (
	"slices"
	"strings"
	"unicode"
)

// splitWords lower-cases s and splits it into words of letters and digits;
// everything else (spaces, punctuation, "_", "-", "/") separates words. A
// run of letters and digits stays one word ("s7", "xch328"): matching joins
// words back together (see nameForm), so "S7-1500", "s7 1500", "S7_1500"
// and "S71500" all read the same.
func splitWords(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// legalSuffixLen returns how many words at the end of w spell a legal-form
// suffix (0 if none). Words read as after splitWords: "S.p.A." is "s p a",
// "&" is "and".
func legalSuffixLen(w []string) int {
	n := len(w)
	if n == 0 {
		return 0
	}
	prev := func(k int) string { // the k-th word before the last
		if n-1-k < 0 {
			return ""
		}
		return w[n-1-k]
	}
	switch w[n-1] {
	case "company", "co":
		if prev(1) == "and" {
			return 2
		}
		return 1
	case "incorporated", "inc", "corporation", "corp", "limited", "ltd", "llc", "plc", "lp", "llp",
		"gmbh", "ag", "kg", "kgaa", "mbh", "ug", "spa", "sa", "se", "sas", "sarl", "srl",
		"bv", "nv", "oy", "oyj", "ab", "as", "asa", "aps", "pty", "pte", "kk":
		return 1
	case "a": // S.p.A., S.A.
		if prev(2) == "s" && prev(1) == "p" {
			return 3
		}
		if prev(1) == "s" {
			return 2
		}
	case "s": // S.A.S., A/S
		if prev(2) == "s" && prev(1) == "a" {
			return 3
		}
		if prev(1) == "a" {
			return 2
		}
	case "l": // S.r.l.
		if prev(2) == "s" && prev(1) == "r" {
			return 3
		}
	case "v": // B.V., N.V.
		if prev(1) == "b" || prev(1) == "n" {
			return 2
		}
	case "k": // K.K.
		if prev(1) == "k" {
			return 2
		}
	}
	return 0
}

// vendorWords splits a vendor name into its normalised words (legal
// suffixes dropped) and the words of a trailing parenthesised abbreviation,
// if any: "Becton, Dickinson and Company (BD)" gives [becton dickinson] and
// [bd].
func vendorWords(s string) (words, alias []string) {
	if i := strings.IndexByte(s, '('); i >= 0 {
		inner := s[i+1:]
		if j := strings.IndexByte(inner, ')'); j >= 0 {
			alias = dropLegal(splitWords(strings.ReplaceAll(inner[:j], "&", " and ")))
			s = s[:i] + " " + inner[j+1:]
		}
	}
	return dropLegal(splitWords(strings.ReplaceAll(s, "&", " and "))), alias
}

func dropLegal(w []string) []string {
	for {
		k := legalSuffixLen(w)
		// Never drop the first word: "AB" alone stays a vendor.
		if k == 0 || k >= len(w) {
			return w
		}
		w = w[:len(w)-k]
	}
}

// NormalizeVendor returns the comparable form of a vendor name: lower case,
// punctuation, "_" and "-" read as word separators, "&" as "and", a
// trailing parenthesised abbreviation and legal-form suffixes (AG, GmbH,
// Inc, Corp, Ltd, LLC, S.A., SE, S.p.A., B.V., N.V., plc, KG, "& Co", Oy,
// AB, AS...) dropped, words joined by one space. "Siemens AG" and
// "SIEMENS" both give "siemens"; "Digi International, Inc. " gives
// "digi international".
func NormalizeVendor(s string) string {
	w, _ := vendorWords(s)
	return strings.Join(w, " ")
}

// NormalizeProduct returns the comparable form of a product name: lower
// case, words of letters and digits separated by one space. "SIMATIC
// S7-1500" gives "simatic s7 1500".
func NormalizeProduct(s string) string {
	return strings.Join(splitWords(s), " ")
}

// nameForm is a name prepared for word-prefix matching: its words joined
// without separators, and the offsets at which words end.
type nameForm struct {
	words   []string
	compact string
	ends    []int // ascending; ends[i] = len(compact of words[:i+1])
	label   string
	display string
}

func newNameForm(words []string, label, display string) nameForm {
	f := nameForm{words: words, label: label, display: strings.TrimSpace(display)}
	var b strings.Builder
	for _, w := range words {
		b.WriteString(w)
		f.ends = append(f.ends, b.Len())
	}
	f.compact = b.String()
	return f
}

// hasPrefix reports whether the compact words p are the first k words of f
// for some k ≥ 1, ignoring where either side put its separators: "s71500",
// from "S7-1500", is a prefix of "simatic s7 1500 cpu" only after
// "simatic"; it is not a prefix of "simatic s7 15000".
func (f nameForm) hasPrefix(p string) bool {
	if p == "" || !strings.HasPrefix(f.compact, p) {
		return false
	}
	_, ok := slices.BinarySearch(f.ends, len(p))
	return ok
}

// without returns f with its first words removed, where they spell p
// (which must satisfy hasPrefix), and ok=false when nothing is left.
func (f nameForm) without(p string, label string) (nameForm, bool) {
	k, _ := slices.BinarySearch(f.ends, len(p))
	if k+1 >= len(f.words) {
		return nameForm{}, false
	}
	return newNameForm(f.words[k+1:], label, f.display), true
}

// prefixes returns the compact forms of the first 1..max words.
func (f nameForm) prefixes(limit int) []string {
	var out []string
	for i, e := range f.ends {
		if i >= limit {
			break
		}
		out = append(out, f.compact[:e])
	}
	return out
}

func compact(words []string) string { return strings.Join(words, "") }
