package web

import "net/http"

// openPGPKey serves the instance's armored OpenPGP public key
// (GET /openpgp-key.asc), with which recipients check signed advisories.
func (s *Server) openPGPKey(w http.ResponseWriter, r *http.Request) {
	if len(s.publicKey) == 0 {
		s.notFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "application/pgp-keys")
	w.Header().Set("Cache-Control", "public, max-age=3600")
	w.Write(s.publicKey)
}
