package web

import (
	"errors"
	"net/http"
)

// logout ends the session (POST /logout). The form must carry the
// session's CSRF token.
func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	sess, err := s.session(r)
	if errors.Is(err, errNoSession) {
		// Nothing to end.
		s.clearCookie(w, s.sessionCookie)
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return
	}
	if err != nil {
		s.serverError(w, r, nil, err)
		return
	}
	if err := r.ParseForm(); err != nil || !checkCSRF(r, sess.CSRF) {
		s.errorPage(w, r, sess, http.StatusForbidden, "Please try again",
			"We could not confirm that this request came from your own browser window. Go back, reload the page and try again.")
		return
	}
	if err := s.store.DeleteSession(r.Context(), sess.TokenHash); err != nil {
		s.serverError(w, r, sess, err)
		return
	}
	s.clearCookie(w, s.sessionCookie)
	s.log.InfoContext(r.Context(), "signed out", "user_id", sess.viewer.User.ID)
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}
