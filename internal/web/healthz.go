package web

import "net/http"

// healthz tells a load balancer or monitor that the server runs
// (GET /healthz).
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("ok"))
}
