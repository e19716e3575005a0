package web

import (
	"bytes"
	"fmt"
	"github.com/tocsin-cert/tocsin/internal/present"
	"mime"
	"net/http"
	"strconv"

	"github.com/tocsin-cert/tocsin/internal/render"
)

// advisoryText serves the advisory as plain text
// (GET /advisories/{id}.txt?level=basic|expert), after the same access
// check as its page.
func (s *Server) advisoryText(w http.ResponseWriter, r *http.Request, sess *session, rawID string) {
	rec, _, err := s.visibleAdvisory(r, sess, rawID)
	if err != nil {
		s.loadFailed(w, r, sess, err)
		return
	}
	lvl := level(r, sess.viewer)
	var body bytes.Buffer
	err = s.renderer.Render(&body, rec.Advisory, render.Options{
		Format: "txt",
		Level:  render.Level(lvl),
		Lang:   uiLang,
		URL:    s.absoluteURL(r, "/advisories/"+strconv.FormatInt(rec.ID, 10)),
	})
	if err != nil {
		s.serverError(w, r, sess, fmt.Errorf("render advisory %d as text: %w", rec.ID, err))
		return
	}
	name := present.FileBase(rec.TrackingID, rec.ID) + "-" + lvl + ".txt"
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	w.Write(body.Bytes())
}
