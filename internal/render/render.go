// Package render turns an advisory into what people read: plain text
// wrapped for mail and HTML (a full document for mail clients, or a
// fragment for the web portal), at the basic level (what it is, how bad,
// who is affected, what to do) or the expert level (everything).
//
// Every fixed label comes from the catalogues in locales/ (English now;
// other languages fall back to it key by key). The package depends on the
// advisory model only; it must not import storage, delivery or web code.
package render

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	htmltemplate "html/template"
	"io"
	"io/fs"
	"os"
	"strings"
	texttemplate "text/template"

	"github.com/tocsin-cert/tocsin/internal/advisory"
)

//go:embed templates/*.tmpl locales/*.json
var files embed.FS

// Format is an output format.
type Format string

// Formats.
const (
	FormatTXT  Format = "txt"
	FormatHTML Format = "html"
)

// Level is a content level.
type Level string

// Levels: basic is risk and solution for staff who are not security
// experts; expert is everything the advisory holds.
const (
	LevelBasic  Level = "basic"
	LevelExpert Level = "expert"
)

// ParseFormat reads a format name ("txt", "html", any case).
func ParseFormat(s string) (Format, error) {
	switch f := Format(strings.ToLower(strings.TrimSpace(s))); f {
	case FormatTXT, FormatHTML:
		return f, nil
	}
	return "", fmt.Errorf("unknown format %q: use txt or html", s)
}

// ParseLevel reads a level name ("basic", "expert", any case).
func ParseLevel(s string) (Level, error) {
	switch l := Level(strings.ToLower(strings.TrimSpace(s))); l {
	case LevelBasic, LevelExpert:
		return l, nil
	}
	return "", fmt.Errorf("unknown level %q: use basic or expert", s)
}

// Options say how to render. The zero value is basic plain text in
// English.
type Options struct {
	// Format is txt (the default) or html.
	Format Format
	// Level is basic (the default) or expert.
	Level Level
	// Lang is the BCP 47 tag of the labels' language ("fr", "de-CH");
	// languages without a catalogue fall back to English.
	Lang string
	// URL links to the advisory in the web archive; optional.
	URL string
	// Fragment, for HTML only, leaves out <html>, <head> and <style> so
	// that the web portal can embed the result in its own page.
	Fragment bool
	// Why says, for one recipient, which of their subscriptions matched
	// which products; it is shown first, under "Why you receive this".
	Why []Why
	// UpdateSince, when set, makes an update notice for a recipient who had
	// this revision of the advisory already: what changed since it (the
	// revision history after it), what to do and the link, not the whole
	// advisory again. It forces the basic level.
	UpdateSince string
}

// Why is one subscription of a recipient's profile and the products of the
// advisory it matched.
type Why struct {
	Profile  string
	Spec     string
	Products []string
	// More counts matched products not named in Products.
	More int
}

// Renderer renders advisories. It holds the parsed templates and label
// catalogues; one Renderer is safe for concurrent use.
type Renderer struct {
	txt  *texttemplate.Template
	html *htmltemplate.Template
	cats map[string]catalogue
	// strict makes Render fail when a label id has no English text; the
	// tests set it.
	strict bool
}

// New parses the embedded templates and label catalogues.
func New() (*Renderer, error) {
	return newFrom(files)
}

// NewWithOverrides is New, but files in dir take the place of the embedded
// ones of the same name: dir/templates/advisory.txt.tmpl and
// advisory.html.tmpl replace the templates, dir/locales/LANG.json replaces a
// catalogue or adds a language. A missing dir means no overrides. Operators
// adapt the output this way without rebuilding.
func NewWithOverrides(dir string) (*Renderer, error) {
	if dir == "" {
		return New()
	}
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		return New()
	}
	r, err := newFrom(overlay{over: os.DirFS(dir), base: files})
	if err != nil {
		return nil, fmt.Errorf("templates in %s: %w", dir, err)
	}
	return r, nil
}

func newFrom(files fs.FS) (*Renderer, error) {
	cats, err := loadCatalogues(files)
	if err != nil {
		return nil, fmt.Errorf("render: %w", err)
	}
	txt, err := texttemplate.New("").Funcs(textFuncs()).ParseFS(files, "templates/*.txt.tmpl")
	if err != nil {
		return nil, fmt.Errorf("render: parse text templates: %w", err)
	}
	html, err := htmltemplate.New("").Funcs(htmlFuncs()).ParseFS(files, "templates/*.html.tmpl")
	if err != nil {
		return nil, fmt.Errorf("render: parse HTML templates: %w", err)
	}
	return &Renderer{txt: txt, html: html, cats: cats}, nil
}

// Render writes the advisory to w in the format, level and language of o.
// Nothing is written when rendering fails.
func (r *Renderer) Render(w io.Writer, a *advisory.Advisory, o Options) error {
	if a == nil {
		return errors.New("render: no advisory given")
	}
	format, level := o.Format, o.Level
	if format == "" {
		format = FormatTXT
	}
	if level == "" {
		level = LevelBasic
	}
	if format != FormatTXT && format != FormatHTML {
		return fmt.Errorf("render %s: unknown format %q: use txt or html", a.TrackingID, o.Format)
	}
	if level != LevelBasic && level != LevelExpert {
		return fmt.Errorf("render %s: unknown level %q: use basic or expert", a.TrackingID, o.Level)
	}
	l := newTranslator(r.cats, o.Lang)
	if o.UpdateSince != "" {
		level = LevelBasic
	}
	v := build(a, l, o, level == LevelExpert)

	var buf bytes.Buffer
	var out []byte
	switch format {
	case FormatTXT:
		if err := r.txt.ExecuteTemplate(&buf, "advisory", v); err != nil {
			return fmt.Errorf("render %s as %s %s: %w", a.TrackingID, format, level, err)
		}
		out = tidyText(buf.String())
	case FormatHTML:
		name := "document"
		if o.Fragment {
			name = "fragment"
		}
		if err := r.html.ExecuteTemplate(&buf, name, v); err != nil {
			return fmt.Errorf("render %s as %s %s: %w", a.TrackingID, format, level, err)
		}
		out = buf.Bytes()
	}
	if m := l.Missing(); r.strict && len(m) > 0 {
		return fmt.Errorf("render %s: labels missing from locales/%s.json: %s", a.TrackingID, defaultLang, strings.Join(m, ", "))
	}
	if _, err := w.Write(out); err != nil {
		return fmt.Errorf("render %s: write: %w", a.TrackingID, err)
	}
	return nil
}

// maxSubject is the longest subject Subject returns, in characters.
const maxSubject = 200

// Subject is the e-mail subject of an advisory, on one line and at most
// 200 characters: TLP, severity, id and title, as in
// "[TLP:CLEAR] [HIGH] ICSA-24-100-01: Siemens SIMATIC S7-1500". The title
// is shortened (with "…") to fit. The subject is not translated; it may
// hold non-ASCII characters, which the mail writer must encode (RFC 2047).
func Subject(a *advisory.Advisory) string {
	if a == nil {
		return ""
	}
	s := "[" + a.TLP.String() + "] [" + strings.ToUpper(a.Severity().String()) + "]"
	if len(a.Revisions) > 1 {
		// A revised advisory must not look like the first issue in an inbox.
		s += " [UPDATE " + oneLine(a.Version) + "]"
	}
	id, title := oneLine(a.TrackingID), oneLine(a.Title)
	if strings.EqualFold(id, title) {
		title = ""
	}
	if id != "" {
		s += " " + id
		if title != "" {
			s += ":"
		}
	}
	if title == "" {
		return clip(s, maxSubject)
	}
	room := maxSubject - runes(s) - 1
	if room < 1 {
		return clip(s, maxSubject)
	}
	return s + " " + clip(title, room)
}

// clip shortens s to at most n runes, cutting at a word when it can and
// ending with "…".
func clip(s string, n int) string {
	if runes(s) <= n {
		return s
	}
	if n <= 1 {
		return string([]rune(s)[:max(n, 0)])
	}
	cut := string([]rune(s)[:n-1])
	if i := strings.LastIndexByte(cut, ' '); i > len(cut)/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:-") + "…"
}
