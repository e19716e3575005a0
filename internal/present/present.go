// Package present produces an advisory in every form Tocsin offers: plain
// text and HTML at both levels in any label language, EISPP XML and CSAF
// JSON (the original, or a stored translation), with detached OpenPGP
// signatures and SHA-256/SHA-512 checksum files. The web archive's
// downloads and `tocsin export` both use it, so they always agree.
package present

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/tocsin-cert/tocsin/internal/advisory"
	"github.com/tocsin-cert/tocsin/internal/csaf"
	"github.com/tocsin-cert/tocsin/internal/render"
	"github.com/tocsin-cert/tocsin/internal/store"
)

// Formats.
const (
	TXT  = "txt"
	HTML = "html"
	XML  = "xml"
	CSAF = "csaf"
)

// Formats lists every format, in the order they are offered.
func Formats() []string { return []string{TXT, HTML, XML, CSAF} }

// LabelLanguages are the languages Tocsin's labels exist in.
func LabelLanguages() []string { return []string{"en", "fr", "de", "es", "it", "sv"} }

// ErrUnavailable is returned for a form the advisory does not have (a CSAF
// document in a language it was never translated into, an unknown format).
var ErrUnavailable = errors.New("not available in this form")

// File is one produced file.
type File struct {
	Name        string
	ContentType string
	Body        []byte
}

// Presenter produces files for advisories.
type Presenter struct {
	Store    store.Store
	Renderer *render.Renderer
	// MarshalXML writes the EISPP XML form; nil means no XML.
	MarshalXML func(*advisory.Advisory) ([]byte, error)
	// Validator converts advisories read from OSV, CVE 5 or XML to valid
	// CSAF; nil means CSAF only for documents read from CSAF.
	Validator *csaf.Validator
	// Signer makes detached OpenPGP signatures; nil means none.
	Signer interface {
		DetachSign(data []byte) ([]byte, error)
	}
}

// Request says which form to produce.
type Request struct {
	Format string
	// Level is basic or expert (TXT and HTML only; default basic).
	Level string
	// Lang is a language tag; "" means the advisory's own language.
	Lang string
	// URL is the advisory's address in the web archive, for links.
	URL string
}

// File produces one form of the advisory rec.
func (p *Presenter) File(ctx context.Context, rec *store.Record, req Request) (File, error) {
	lang := req.Lang
	if lang == "" {
		lang = rec.Advisory.Lang
		if lang == "" {
			lang = "en"
		}
	}
	if !ValidLang(lang) {
		return File{}, fmt.Errorf("language %q: %w", req.Lang, ErrUnavailable)
	}
	a, src := rec.Advisory, rec.Source
	translated := false
	if !SameLang(rec.Advisory.Lang, lang) {
		tr, tsrc, err := p.Store.Translation(ctx, rec.ID, lang)
		switch {
		case err == nil:
			a, src, translated = tr, tsrc, true
		case !errors.Is(err, store.ErrNotFound):
			return File{}, err
		}
	}
	original := SameLang(rec.Advisory.Lang, lang) || (rec.Advisory.Lang == "" && SameLang(lang, "en"))
	base := FileBase(rec.TrackingID, rec.ID)
	suffix := ""
	if translated {
		suffix = "." + LangKey(lang)
	}
	switch req.Format {
	case CSAF:
		// CSAF carries no labels: only the original and real translations.
		if !(translated || original) {
			return File{}, fmt.Errorf("CSAF in %s: %w", lang, ErrUnavailable)
		}
		body := src.Data
		if src.Format != "csaf" || len(body) == 0 {
			// Read from OSV, CVE 5 or XML: converted, so that what is
			// offered (and signed) as CSAF passes the standard's tests.
			if p.Validator == nil {
				return File{}, fmt.Errorf("CSAF for a %s record: %w", src.Format, ErrUnavailable)
			}
			var err error
			if body, err = p.Validator.MarshalConverted(a, formatName(src.Format)); err != nil {
				return File{}, fmt.Errorf("advisory %s as CSAF: %w", rec.TrackingID, err)
			}
		}
		return File{Name: base + suffix + ".json", ContentType: "application/json", Body: body}, nil
	case XML:
		if p.MarshalXML == nil || !(translated || original) {
			return File{}, fmt.Errorf("XML in %s: %w", lang, ErrUnavailable)
		}
		body, err := p.MarshalXML(a)
		if err != nil {
			return File{}, fmt.Errorf("advisory %s as XML: %w", rec.TrackingID, err)
		}
		return File{Name: base + suffix + ".xml", ContentType: "application/xml", Body: body}, nil
	case TXT, HTML:
		level := req.Level
		if level == "" {
			level = "basic"
		}
		if level != "basic" && level != "expert" {
			return File{}, fmt.Errorf("level %q: %w", req.Level, ErrUnavailable)
		}
		var buf bytes.Buffer
		if err := p.Renderer.Render(&buf, a, render.Options{Format: render.Format(req.Format), Level: render.Level(level), Lang: lang, URL: req.URL}); err != nil {
			return File{}, err
		}
		ctype := "text/plain; charset=utf-8"
		if req.Format == HTML {
			ctype = "text/html; charset=utf-8"
		}
		return File{Name: base + "-" + level + "-" + LangKey(lang) + "." + req.Format, ContentType: ctype, Body: buf.Bytes()}, nil
	}
	return File{}, fmt.Errorf("format %q: %w", req.Format, ErrUnavailable)
}

// Signature returns the detached, armored OpenPGP signature of f.
func (p *Presenter) Signature(f File) (File, error) {
	if p.Signer == nil {
		return File{}, fmt.Errorf("signature: %w", ErrUnavailable)
	}
	sig, err := p.Signer.DetachSign(f.Body)
	if err != nil {
		return File{}, fmt.Errorf("sign %s: %w", f.Name, err)
	}
	return File{Name: f.Name + ".asc", ContentType: "application/pgp-signature", Body: sig}, nil
}

// Checksum returns f's checksum file in the format of sha256sum/sha512sum
// ("HEX  NAME\n"), so that `sha256sum -c` checks the file. algo is sha256
// or sha512.
func Checksum(f File, algo string) (File, error) {
	var sum []byte
	switch algo {
	case "sha256":
		h := sha256.Sum256(f.Body)
		sum = h[:]
	case "sha512":
		h := sha512.Sum512(f.Body)
		sum = h[:]
	default:
		return File{}, fmt.Errorf("checksum %q: %w", algo, ErrUnavailable)
	}
	return File{Name: f.Name + "." + algo, ContentType: "text/plain; charset=utf-8", Body: []byte(hex.EncodeToString(sum) + "  " + f.Name + "\n")}, nil
}

// Languages lists the languages an advisory is offered in: its own first,
// then its translations, then the other label languages; and which of them
// are real translations.
func Languages(rec *store.Record) (langs []string, translated map[string]bool) {
	orig := rec.Advisory.Lang
	if orig == "" {
		orig = "en"
	}
	langs = []string{orig}
	translated = map[string]bool{}
	has := func(l string) bool {
		for _, x := range langs {
			if SameLang(x, l) {
				return true
			}
		}
		return false
	}
	for _, l := range rec.Translations {
		if !has(l) {
			langs = append(langs, l)
			translated[l] = true
		}
	}
	for _, l := range LabelLanguages() {
		if !has(l) {
			langs = append(langs, l)
		}
	}
	return langs, translated
}

// FileBase is the file name stem for an advisory: its tracking id lower
// case with anything but letters, digits, + and - turned into _ (the CSAF
// 2.0 file name rule, section 5.1).
func FileBase(trackingID string, id int64) string {
	var b strings.Builder
	for _, c := range strings.ToLower(trackingID) {
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '-' {
			b.WriteRune(c)
		} else {
			b.WriteByte('_')
		}
	}
	name := b.String()
	if strings.Trim(name, "_") == "" || len(name) > 200 {
		return "advisory-" + strconv.FormatInt(id, 10)
	}
	return name
}

// ValidLang accepts language tags of letters, digits and hyphens.
func ValidLang(l string) bool {
	if l == "" || len(l) > 35 {
		return false
	}
	for _, c := range l {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// LangKey is a tag's primary language subtag, lower case ("fr" for "fr-CA").
func LangKey(l string) string {
	l = strings.ToLower(l)
	if i := strings.IndexAny(l, "-_"); i >= 0 {
		l = l[:i]
	}
	return l
}

// SameLang compares the primary subtags of two tags.
func SameLang(a, b string) bool { return LangKey(a) == LangKey(b) }

func formatName(f string) string {
	switch f {
	case "osv":
		return "OSV"
	case "cve5":
		return "CVE JSON 5"
	case "eispp-xml":
		return "EISPP XML"
	}
	return f
}
