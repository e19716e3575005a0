package web

import (
	"bytes"
	"net/http"
)

// layout is what the base layout shows around every page.
type layout struct {
	Instance string
	CSS      string
	// HasKey is set when the instance's OpenPGP key is served.
	HasKey bool
	// Title is the page's title (the window title adds the instance name).
	Title string
	// User, Org and CSRF are set when someone is signed in.
	User string
	Org  string
	CSRF string
	// Page is the page's own data.
	Page any
}

// page renders a template into the layout and writes it with the status.
// sess may be nil (not signed in).
func (s *Server) page(w http.ResponseWriter, r *http.Request, status int, name, title string, sess *session, data any) {
	l := layout{Instance: s.name, CSS: s.cssURL, HasKey: len(s.publicKey) > 0, Title: title, Page: data}
	if sess != nil {
		l.User = sess.viewer.User.Email
		l.Org = sess.viewer.Org.Name
		l.CSRF = sess.CSRF
	}
	var buf bytes.Buffer
	if err := s.pages[name].Execute(&buf, l); err != nil {
		s.log.ErrorContext(r.Context(), "render page", "page", name, "path", r.URL.Path, "err", err)
		http.Error(w, "Something went wrong on our side. Please try again later.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// errorView is the data of the error page.
type errorView struct {
	Status  int
	Heading string
	Message string
}

// errorPage shows a friendly error page.
func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, sess *session, status int, heading, message string) {
	s.page(w, r, status, "error", heading, sess, errorView{Status: status, Heading: heading, Message: message})
}

// notFound is the page for unknown addresses and for advisories the viewer
// may not see: both look the same, so that nobody learns what exists.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	s.notFoundFor(w, r, s.optionalSession(r))
}

func (s *Server) notFoundFor(w http.ResponseWriter, r *http.Request, sess *session) {
	s.errorPage(w, r, sess, http.StatusNotFound, "Page not found",
		"There is nothing at this address, or you do not have access to it. Check the link, or go back to the list of advisories.")
}

// serverError logs the cause and shows a page that does not reveal it.
func (s *Server) serverError(w http.ResponseWriter, r *http.Request, sess *session, err error) {
	s.log.ErrorContext(r.Context(), "internal error", "method", r.Method, "path", r.URL.Path, "err", err)
	s.errorPage(w, r, sess, http.StatusInternalServerError, "Something went wrong",
		"Something went wrong on our side. It has been recorded. Please try again in a few minutes.")
}
