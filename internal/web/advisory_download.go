package web

import (
	"errors"
	"mime"
	"net/http"
	"net/url"
	"strconv"

	"github.com/tocsin-cert/tocsin/internal/advisory"
	"github.com/tocsin-cert/tocsin/internal/present"
	"github.com/tocsin-cert/tocsin/internal/store"
)

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
	f, err := s.presenter().File(r.Context(), rec, present.Request{
		Format: q.Get("format"), Level: q.Get("level"), Lang: q.Get("lang"),
		URL: s.absoluteURL(r, "/advisories/"+strconv.FormatInt(rec.ID, 10)),
	})
	if err == nil {
		switch as := q.Get("as"); as {
		case "":
		case "asc":
			f, err = s.presenter().Signature(f)
		default:
			f, err = present.Checksum(f, as)
		}
	}
	if errors.Is(err, present.ErrUnavailable) {
		s.notFoundFor(w, r, sess)
		return
	}
	if err != nil {
		s.serverError(w, r, sess, err)
		return
	}
	w.Header().Set("Content-Type", f.ContentType)
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": f.Name}))
	w.Write(f.Body)
}

func (s *Server) presenter() *present.Presenter {
	p := &present.Presenter{Store: s.store, Renderer: s.renderer, MarshalXML: s.marshalXML, Validator: s.csafValidator}
	if s.signer != nil {
		p.Signer = s.signer
	}
	return p
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
	langs, translated := present.Languages(rec)
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
			{present.TXT, "basic", "Text, essentials"}, {present.TXT, "expert", "Text, all details"},
			{present.HTML, "basic", "HTML, essentials"}, {present.HTML, "expert", "HTML, all details"},
		} {
			row.Links = append(row.Links, downloadLink{Label: f.label, URL: link(f.format, f.lvl, l)})
		}
		if s.marshalXML != nil && (row.Original || row.Translated) {
			u := link(present.XML, "", l)
			row.Links = append(row.Links, downloadLink{Label: "EISPP XML", URL: u, Extras: extras(u)})
		}
		if (hasCSAF(rec) || s.csafValidator != nil) && (row.Original || row.Translated) {
			u := link(present.CSAF, "", l)
			row.Links = append(row.Links, downloadLink{Label: "CSAF JSON", URL: u, Extras: extras(u)})
		}
		rows = append(rows, row)
	}
	return rows
}

// xmlMarshaler turns an advisory into a document of the XML exchange format.
type xmlMarshaler func(*advisory.Advisory) ([]byte, error)
