package web

import (
	"html"
	"html/template"
	"strings"
	"time"

	"github.com/tocsin-cert/tocsin/internal/advisory"
)

// badge is a coloured label: its text, a CSS class and a longer
// explanation in plain words (shown as a tooltip or beside it).
type badge struct {
	Text  string
	Class string
	Help  string
}

// severityBadge shows a severity as a word on a colour.
func severityBadge(s advisory.Severity) badge {
	switch s {
	case advisory.SeverityCritical:
		return badge{"Critical risk", "sev-critical", "Critical: act now, attackers can do great harm."}
	case advisory.SeverityHigh:
		return badge{"High risk", "sev-high", "High: fix soon, the risk is serious."}
	case advisory.SeverityMedium:
		return badge{"Medium risk", "sev-medium", "Medium: plan a fix."}
	case advisory.SeverityLow:
		return badge{"Low risk", "sev-low", "Low: fix when convenient."}
	case advisory.SeverityNone:
		return badge{"Risk: none", "sev-none", "No rated risk."}
	}
	return badge{"Risk not rated", "sev-unknown", "The publisher gave no rating."}
}

// tlpBadge shows a TLP label with what it means for sharing.
func tlpBadge(t advisory.TLP) badge {
	switch t {
	case advisory.TLPClear:
		return badge{t.String(), "tlp-clear", "Public: you may share it freely."}
	case advisory.TLPGreen:
		return badge{t.String(), "tlp-green", "Community: you may share it with partners in your community, but not publicly."}
	case advisory.TLPAmber:
		return badge{t.String(), "tlp-amber", "Limited: only for your organisation and the clients who need it to protect themselves."}
	case advisory.TLPAmberStrict:
		return badge{t.String(), "tlp-amber", "Limited: only for your organisation. Do not share it outside."}
	case advisory.TLPRed:
		return badge{t.String(), "tlp-red", "For the named recipients only. Do not share it."}
	}
	return badge{"No sharing label", "tlp-none", "The publisher gave no sharing label. Ask before sharing it."}
}

// formatDate shows a date the same way everywhere ("17 Jun 2022"); the
// zero time is "".
func formatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2 Jan 2006")
}

// snippetHTML turns a search snippet, plain text with «…» around the
// matched words, into HTML with <mark> elements. Everything else is
// escaped.
func snippetHTML(s string) template.HTML {
	var b strings.Builder
	open := false
	for s != "" {
		i := strings.IndexAny(s, "«»")
		if i < 0 {
			b.WriteString(html.EscapeString(s))
			break
		}
		b.WriteString(html.EscapeString(s[:i]))
		if strings.HasPrefix(s[i:], "«") {
			if !open {
				b.WriteString("<mark>")
				open = true
			}
			s = s[i+len("«"):]
		} else {
			if open {
				b.WriteString("</mark>")
				open = false
			}
			s = s[i+len("»"):]
		}
	}
	if open {
		b.WriteString("</mark>")
	}
	return template.HTML(b.String())
}
