package web

import (
	"bytes"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/tocsin-cert/tocsin/internal/advisory"
	"github.com/tocsin-cert/tocsin/internal/render"
	"github.com/tocsin-cert/tocsin/internal/store"
)

// labelLanguages are the languages Tocsin's labels exist in; an advisory
// can be rendered with any of them, whatever the language of its text.
func labelLanguages() []string { return []string{"en", "fr", "de", "es", "it", "sv"} }

// Download formats.
const (
	dlTXT  = "txt"
	dlHTML = "html"
	dlCSAF = "csaf"
	dlXML  = "xml"
)

// errNoSuchDownload is a download the advisory does not have.
var errNoSuchDownload = errors.New("no such download")

// download is one file offered for an advisory.
type download struct {
	body  []byte
	name  string
	ctype string
}

// advisoryDownload serves GET /advisories/{id}/download?format=&level=&lang=&as=
// — the advisory in any format (txt, html, xml, csaf), level and language,
// or (as=asc|sha256|sha512) that file's detached OpenPGP signature or
// checksum. Access is checked exactly as for the page.
func (s *Server) advisoryDownload(w http.ResponseWriter, r *http.Request, sess *session) {
	rec, _, err := s.visibleAdvisory(r, sess, r.PathValue("id"))
	if err != nil {
		s.loadFailed(w, r, sess, err)
		return
	}
	q := r.URL.Query()
	d, err := s.buildDownload(r, rec, q.Get("format"), q.Get("level"), q.Get("lang"))
	if errors.Is(err, errNoSuchDownload) {
		s.notFoundFor(w, r, sess)
		return
	}
	if err != nil {
		s.serverError(w, r, sess, err)
		return
	}
	switch as := q.Get("as"); as {
	case "":
	case "asc":
		if s.signer == nil {
			s.notFoundFor(w, r, sess)
			return
		}
		sig, err := s.signer.DetachSign(d.body)
		if err != nil {
			s.serverError(w, r, sess, fmt.Errorf("sign download of advisory %d: %w", rec.ID, err))
			return
		}
		d = download{body: sig, name: d.name + ".asc", ctype: "application/pgp-signature"}
	case "sha256", "sha512":
		var sum []byte
		if as == "sha256" {
			h := sha256.Sum256(d.body)
			sum = h[:]
		} else {
			h := sha512.Sum512(d.body)
			sum = h[:]
		}
		// The format of sha256sum/sha512sum, so that "sha256sum -c" checks it.
		d = download{body: []byte(hex.EncodeToString(sum) + "  " + d.name + "\n"), name: d.name + "." + as, ctype: "text/plain; charset=utf-8"}
	default:
		s.notFoundFor(w, r, sess)
		return
	}
	w.Header().Set("Content-Type", d.ctype)
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": d.name}))
	w.Write(d.body)
}

// buildDownload renders or fetches one download of an advisory.
func (s *Server) buildDownload(r *http.Request, rec *store.Record, format, lvl, lang string) (download, error) {
	if lang == "" {
		lang = rec.Advisory.Lang
		if lang == "" {
			lang = uiLang
		}
	}
	if !validLang(lang) {
		return download{}, errNoSuchDownload
	}
	a, src := rec.Advisory, rec.Source
	translated := false
	if !sameLang(rec.Advisory.Lang, lang) {
		if tr, tsrc, err := s.store.Translation(r.Context(), rec.ID, lang); err == nil {
			a, src, translated = tr, tsrc, true
		} else if !errors.Is(err, store.ErrNotFound) {
			return download{}, err
		}
	}
	base := fileBase(rec.TrackingID, rec.ID)
	switch format {
	case dlCSAF:
		// CSAF carries no labels: only the original and real translations.
		original := sameLang(rec.Advisory.Lang, lang) || (rec.Advisory.Lang == "" && sameLang(lang, uiLang))
		if src.Format != "csaf" || len(src.Data) == 0 || !(translated || original) {
			return download{}, errNoSuchDownload
		}
		name := base + ".json"
		if translated {
			name = base + "." + langKey(lang) + ".json"
		}
		return download{body: src.Data, name: name, ctype: "application/json"}, nil
	case dlXML:
		if s.marshalXML == nil {
			return download{}, errNoSuchDownload
		}
		body, err := s.marshalXML(a)
		if err != nil {
			return download{}, fmt.Errorf("advisory %d as XML: %w", rec.ID, err)
		}
		name := base + ".xml"
		if translated {
			name = base + "." + langKey(lang) + ".xml"
		}
		return download{body: body, name: name, ctype: "application/xml"}, nil
	case dlTXT, dlHTML:
		if lvl == "" {
			lvl = "basic"
		}
		if lvl != "basic" && lvl != "expert" {
			return download{}, errNoSuchDownload
		}
		var buf bytes.Buffer
		err := s.renderer.Render(&buf, a, render.Options{
			Format: render.Format(format), Level: render.Level(lvl), Lang: lang,
			URL: s.absoluteURL(r, "/advisories/"+strconv.FormatInt(rec.ID, 10)),
		})
		if err != nil {
			return download{}, fmt.Errorf("render advisory %d: %w", rec.ID, err)
		}
		ctype := "text/plain; charset=utf-8"
		if format == dlHTML {
			ctype = "text/html; charset=utf-8"
		}
		return download{body: buf.Bytes(), name: base + "-" + lvl + "-" + langKey(lang) + "." + format, ctype: ctype}, nil
	}
	return download{}, errNoSuchDownload
}

// downloadLink is one entry of the download table.
type downloadLink struct {
	Label string
	URL   string
	// Extras are the signature and checksums of the same file.
	Extras []downloadExtra
}

type downloadExtra struct {
	Label string
	URL   string
}

// downloadRow is a language's downloads.
type downloadRow struct {
	Lang       string
	Translated bool
	Original   bool
	Links      []downloadLink
}

// downloadRows lists every download of an advisory: per language (its own,
// its translations, then the other label languages), every format and
// level, with signature and checksums for the CSAF and XML forms.
func (s *Server) downloadRows(rec *store.Record) []downloadRow {
	orig := rec.Advisory.Lang
	if orig == "" {
		orig = uiLang
	}
	langs := []string{orig}
	translated := map[string]bool{}
	for _, l := range rec.Translations {
		if !slices.ContainsFunc(langs, func(x string) bool { return sameLang(x, l) }) {
			langs = append(langs, l)
			translated[l] = true
		}
	}
	for _, l := range labelLanguages() {
		if !slices.ContainsFunc(langs, func(x string) bool { return sameLang(x, l) }) {
			langs = append(langs, l)
		}
	}
	path := "/advisories/" + strconv.FormatInt(rec.ID, 10) + "/download?"
	link := func(format, lvl, lang string) string {
		v := url.Values{"format": {format}, "lang": {lang}}
		if lvl != "" {
			v.Set("level", lvl)
		}
		return path + v.Encode()
	}
	extras := func(u string) []downloadExtra {
		var out []downloadExtra
		if s.signer != nil {
			out = append(out, downloadExtra{"signature (.asc)", u + "&as=asc"})
		}
		return append(out, downloadExtra{"SHA-256", u + "&as=sha256"}, downloadExtra{"SHA-512", u + "&as=sha512"})
	}
	var rows []downloadRow
	for i, l := range langs {
		row := downloadRow{Lang: l, Original: i == 0, Translated: translated[l]}
		for _, f := range []struct{ format, lvl, label string }{
			{dlTXT, "basic", "Text, essentials"}, {dlTXT, "expert", "Text, all details"},
			{dlHTML, "basic", "HTML, essentials"}, {dlHTML, "expert", "HTML, all details"},
		} {
			row.Links = append(row.Links, downloadLink{Label: f.label, URL: link(f.format, f.lvl, l)})
		}
		if s.marshalXML != nil && (row.Original || row.Translated) {
			u := link(dlXML, "", l)
			row.Links = append(row.Links, downloadLink{Label: "EISPP XML", URL: u, Extras: extras(u)})
		}
		if hasCSAF(rec) && (row.Original || row.Translated) {
			u := link(dlCSAF, "", l)
			row.Links = append(row.Links, downloadLink{Label: "CSAF JSON", URL: u, Extras: extras(u)})
		}
		rows = append(rows, row)
	}
	return rows
}

// validLang accepts language tags of letters, digits and hyphens.
func validLang(l string) bool {
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

func langKey(l string) string {
	l = strings.ToLower(l)
	if i := strings.IndexAny(l, "-_"); i >= 0 {
		l = l[:i]
	}
	return l
}

func sameLang(a, b string) bool { return langKey(a) == langKey(b) }

// xmlMarshaler turns an advisory into a document of the XML exchange format.
type xmlMarshaler func(*advisory.Advisory) ([]byte, error)
