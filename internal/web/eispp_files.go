package web

import "net/http"

// eisppSchema serves the EISPP XML schema (GET /eispp.xsd), public like the
// signing key: peers validate exported documents against it.
func (s *Server) eisppSchema(w http.ResponseWriter, r *http.Request) {
	s.publicFile(w, r, s.xmlSchema, "application/xml")
}

// eisppStylesheet serves the XSLT 1.0 stylesheet that turns EISPP XML into
// a readable page (GET /eispp-html.xsl).
func (s *Server) eisppStylesheet(w http.ResponseWriter, r *http.Request) {
	s.publicFile(w, r, s.xmlStylesheet, "application/xslt+xml")
}

func (s *Server) publicFile(w http.ResponseWriter, r *http.Request, body []byte, ctype string) {
	if len(body) == 0 {
		s.notFound(w, r)
		return
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Cache-Control", "public, max-age=3600")
	w.Write(body)
}
