package web

import (
	"github.com/tocsin-cert/tocsin/internal/present"
	"mime"
	"net/http"
)

// advisoryCSAF serves the original CSAF document exactly as imported
// (GET /advisories/{id}/csaf.json), after the same access check as the
// advisory's page.
func (s *Server) advisoryCSAF(w http.ResponseWriter, r *http.Request, sess *session) {
	rec, _, err := s.visibleAdvisory(r, sess, r.PathValue("id"))
	if err != nil {
		s.loadFailed(w, r, sess, err)
		return
	}
	if !hasCSAF(rec) {
		s.notFoundFor(w, r, sess)
		return
	}
	name := present.FileBase(rec.TrackingID, rec.ID) + ".json"
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	w.Write(rec.Source.Data)
}
