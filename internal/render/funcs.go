package render

import (
	htmltemplate "html/template"
	"strings"
	texttemplate "text/template"
)

// textFuncs are the helpers of the plain-text templates. Each returns text
// wrapped to lineWidth and ending with a newline.
func textFuncs() texttemplate.FuncMap {
	return texttemplate.FuncMap{
		// title is the advisory title underlined with "=".
		"title": func(s string) string { return underline(s, "=") },
		// heading is a section heading underlined with "-".
		"heading": func(s string) string { return underline(s, "-") },
		// sub is a sub-section heading underlined with "~".
		"sub": func(s string) string { return underline(s, "~") },
		// fields is a block of aligned "Label: value" lines.
		"fields": fieldsText,
		// para is a text indented by n spaces.
		"para": func(n int, s string) string {
			pad := strings.Repeat(" ", n)
			return wrap(s, pad, pad)
		},
		// item is a list item: n spaces, the bullet, the text with a
		// hanging indent.
		"item": func(n int, bullet, s string) string {
			pad := strings.Repeat(" ", n)
			return wrap(s, pad+bullet, pad+strings.Repeat(" ", runes(bullet)))
		},
		// products is a set of products under a label.
		"products": setText,
		"join":     strings.Join,
	}
}

// htmlFuncs are the helpers of the HTML templates.
func htmlFuncs() htmltemplate.FuncMap {
	return htmltemplate.FuncMap{
		// rich splits a document text into paragraphs, lines and links.
		"rich": richText,
		"join": strings.Join,
	}
}
