package render

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// lineWidth is the widest line of the plain-text format, in runes. Only a
// token that cannot be broken (a URL, a long product id) goes beyond it,
// alone on its line.
const lineWidth = 72

// cleanText normalises a multi-line text from a document: CR LF and CR
// become LF, tabs become spaces, other control characters are dropped, and
// surrounding blank space is trimmed.
func cleanText(s string) string {
	if s == "" {
		return ""
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\n':
			return r
		case r == '\r':
			return '\n'
		case r == '\t':
			return ' '
		case r == utf8.RuneError, unicode.IsControl(r), isBidiControl(r):
			return -1
		}
		return r
	}, s)
	return strings.TrimSpace(s)
}

// isBidiControl reports the invisible bidirectional formatting characters
// that can make a text read differently from what it holds.
func isBidiControl(r rune) bool {
	return (r >= '\u202a' && r <= '\u202e') || (r >= '\u2066' && r <= '\u2069')
}

// oneLine cleans s and folds all its white space into single spaces.
func oneLine(s string) string {
	return strings.Join(strings.Fields(cleanText(s)), " ")
}

// runes counts the runes of s: the measure of a column here.
func runes(s string) int { return utf8.RuneCountInString(s) }

// wrap word-wraps a text of one or more lines to lineWidth. The first output
// line starts with first, the others with rest. A blank line in the text
// stays one blank line; a line that starts with a list bullet ("* ", "- ",
// "1. ") keeps its bullet and gets a hanging indent; words are never split.
func wrap(text, first, rest string) string {
	var b strings.Builder
	prefix := first
	blank := false
	wrote := false
	for _, line := range unwrapLines(cleanText(text)) {
		if strings.TrimSpace(line) == "" {
			blank = true
			continue
		}
		if blank && wrote {
			b.WriteString("\n")
		}
		blank = false
		body := strings.TrimLeft(line, " ")
		bullet := listBullet(body)
		body = strings.TrimSpace(body[len(bullet):])
		// Indentation is kept for nested list items only; elsewhere it
		// is noise from the source.
		pad := ""
		if bullet != "" {
			pad = strings.Repeat(" ", min(len(line)-len(strings.TrimLeft(line, " ")), 8))
		}
		wrapWords(&b, strings.Fields(body), prefix+pad+bullet, rest+pad+strings.Repeat(" ", runes(bullet)))
		prefix = rest
		wrote = true
	}
	if !wrote && strings.TrimSpace(first) != "" {
		b.WriteString(strings.TrimRight(first, " "))
		b.WriteString("\n")
	}
	return b.String()
}

// unwrapLines splits a text into lines, undoing the publisher's own hard
// wrapping: a line break inside a sentence (the line does not end with
// punctuation and the next line does not start a list item) becomes a
// space. Blank lines, list items and breaks after a sentence stay.
func unwrapLines(text string) []string {
	var out []string
	for line := range strings.SplitSeq(text, "\n") {
		if n := len(out); n > 0 && strings.TrimSpace(line) != "" {
			prev := strings.TrimRight(out[n-1], " ")
			last, _ := utf8.DecodeLastRuneInString(prev)
			if prev != "" && !strings.ContainsRune(".:;!?)\"”’…。", last) && listBullet(strings.TrimLeft(line, " ")) == "" {
				out[n-1] = prev + " " + strings.TrimLeft(line, " ")
				continue
			}
		}
		out = append(out, line)
	}
	return out
}

// listBullet returns the list marker that starts s, with its space: "* ",
// "- ", "• ", "– ", "1. ", "12) ", or "".
func listBullet(s string) string {
	for _, m := range []string{"* ", "- ", "• ", "– "} {
		if strings.HasPrefix(s, m) {
			return m
		}
	}
	i := 0
	for i < len(s) && i < 3 && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i > 0 && i+1 < len(s) && (s[i] == '.' || s[i] == ')') && s[i+1] == ' ' {
		return s[:i+2]
	}
	return ""
}

// isBulletPrefix reports a line prefix that is only indentation and a list
// bullet: a long word may follow it beyond lineWidth.
func isBulletPrefix(p string) bool {
	t := strings.TrimSpace(p)
	return t == "" || listBullet(t+" ") == t+" "
}

// wrapWords writes words greedily into lines no wider than lineWidth: the
// first line starts with first, the next ones with rest. A word too long
// for any line stands on a line of its own.
func wrapWords(b *strings.Builder, words []string, first, rest string) {
	line := []byte(first)
	n := runes(first)
	empty := true
	flush := func() {
		b.WriteString(strings.TrimRight(string(line), " "))
		b.WriteByte('\n')
	}
	for _, w := range words {
		wl := runes(w)
		if !empty && n+1+wl > lineWidth {
			flush()
			line, n, empty = []byte(rest), runes(rest), true
		}
		if empty && n+wl > lineWidth && !isBulletPrefix(string(line)) {
			// A word too long to follow a label ("Products: ") starts
			// the next line: a long token stands on its own line.
			flush()
			line, n = []byte(rest), runes(rest)
		}
		if !empty {
			line = append(line, ' ')
			n++
		}
		line = append(line, w...)
		n += wl
		empty = false
	}
	flush()
}

// field is one "Label: value" line of a block of facts. Class and Hint are
// for badges (severity, TLP); URL makes the value a link in HTML.
type field struct {
	Label string
	Value string
	Class string
	Hint  string
	URL   string
}

// fieldsText lays out facts as aligned "Label: value" lines, each value
// wrapped with a hanging indent under the value column.
func fieldsText(indent int, fs []field) string {
	width := 0
	for _, f := range fs {
		width = max(width, runes(f.Label)+2)
	}
	width = min(width, 22)
	pad := strings.Repeat(" ", indent)
	hang := pad + strings.Repeat(" ", width)
	var b strings.Builder
	for _, f := range fs {
		v := f.Value
		if f.Hint != "" {
			v += " (" + f.Hint + ")"
		}
		label := f.Label + ":"
		head := pad + label + strings.Repeat(" ", max(1, width-runes(label)))
		words := strings.Fields(v)
		if runes(head) > width+indent || (len(words) > 0 && runes(head)+runes(words[0]) > lineWidth) {
			// The label is too long for the column, or the first word
			// cannot follow it: the label stands on its own line and
			// the value starts below it, less indented.
			b.WriteString(pad + label + "\n")
			b.WriteString(wrap(v, pad+"  ", pad+"  "))
			continue
		}
		b.WriteString(wrap(v, head, hang))
	}
	return b.String()
}

// underline returns s wrapped, followed by a line of c as long as its
// longest line (at most lineWidth).
func underline(s string, c string) string {
	w := wrap(s, "", "")
	width := 0
	for l := range strings.SplitSeq(strings.TrimRight(w, "\n"), "\n") {
		width = max(width, runes(l))
	}
	return w + strings.Repeat(c, min(width, lineWidth)) + "\n"
}

// tidyText is the last pass over a plain-text rendering: trailing spaces
// go, runs of blank lines become one, and the text ends with one newline.
func tidyText(s string) []byte {
	var b strings.Builder
	b.Grow(len(s))
	blank := 0
	started := false
	for line := range strings.SplitSeq(s, "\n") {
		line = strings.TrimRight(line, " \t")
		if line == "" {
			blank++
			continue
		}
		if started && blank > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(line)
		b.WriteByte('\n')
		blank = 0
		started = true
	}
	return []byte(b.String())
}

// setText lays out a set of products under a label, indented by n: a
// summary on the label's line, a few products one per line by name and
// id, or many ids wrapped below the label.
func setText(n int, label string, s setRef) string {
	pad := strings.Repeat(" ", n)
	switch {
	case s.Summary != "":
		return wrap(s.Summary, pad+label+": ", pad+"  ")
	case len(s.Items) > 0:
		var b strings.Builder
		b.WriteString(pad + label + ":\n")
		for _, it := range s.Items {
			b.WriteString(wrap(it.Name+" ["+it.ID+"]", pad+"  - ", pad+"    "))
		}
		return b.String()
	case len(s.IDs) > 0:
		return pad + label + ":\n" + wrap(strings.Join(s.IDs, ", "), pad+"  ", pad+"  ")
	}
	return ""
}
