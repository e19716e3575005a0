package web

import (
	"crypto/subtle"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"path"
	"strings"

	"github.com/tocsin-cert/tocsin/internal/access"
	"github.com/tocsin-cert/tocsin/internal/auth"
	"github.com/tocsin-cert/tocsin/internal/store"
)

// errNoSession means the request carries no valid session.
var errNoSession = errors.New("not signed in")

// session is a signed-in request: the stored session and who is looking.
type session struct {
	store.Session
	viewer access.Viewer
}

// authedHandler is a handler for pages that need a signed-in user.
type authedHandler func(w http.ResponseWriter, r *http.Request, sess *session)

// session loads the request's session and its user and organisation. It
// returns errNoSession when there is none (no cookie, unknown or expired
// token, deleted user).
func (s *Server) session(r *http.Request) (*session, error) {
	c, err := r.Cookie(s.sessionCookie)
	if err != nil || c.Value == "" {
		return nil, errNoSession
	}
	ctx := r.Context()
	st, err := s.store.SessionByTokenHash(ctx, auth.TokenHash(c.Value), s.now())
	if errors.Is(err, store.ErrNotFound) {
		return nil, errNoSession
	}
	if err != nil {
		return nil, fmt.Errorf("load session: %w", err)
	}
	u, err := s.store.UserByID(ctx, st.UserID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, errNoSession
	}
	if err != nil {
		return nil, fmt.Errorf("load session user: %w", err)
	}
	o, err := s.store.OrgByID(ctx, u.OrgID)
	if err != nil {
		return nil, fmt.Errorf("load session organisation: %w", err)
	}
	return &session{Session: st, viewer: access.Viewer{User: u, Org: o}}, nil
}

// optionalSession is session for pages that anyone may see (error pages):
// nil when not signed in or when the session cannot be loaded.
func (s *Server) optionalSession(r *http.Request) *session {
	sess, err := s.session(r)
	if err != nil {
		return nil
	}
	return sess
}

// requireLogin runs h for signed-in users and sends everyone else to the
// sign-in page, remembering where they wanted to go.
func (s *Server) requireLogin(h authedHandler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		sess, err := s.session(r)
		if errors.Is(err, errNoSession) {
			if _, cerr := r.Cookie(s.sessionCookie); cerr == nil {
				s.clearCookie(w, s.sessionCookie)
			}
			target := "/login"
			if next := r.URL.RequestURI(); next != "/" {
				target += "?" + url.Values{"next": {next}}.Encode()
			}
			http.Redirect(w, r, target, http.StatusSeeOther)
			return
		}
		if err != nil {
			s.serverError(w, r, nil, err)
			return
		}
		h(w, r, sess)
	}
}

// checkCSRF compares the form's csrf field with the session's token.
func checkCSRF(r *http.Request, want string) bool {
	return tokensEqual(r.PostFormValue("csrf"), want)
}

// tokensEqual compares two secrets in constant time; empty never matches.
func tokensEqual(a, b string) bool {
	return a != "" && b != "" && subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

// setCookie sets a cookie with the site's settings: HttpOnly,
// SameSite=Lax, Path=/, Secure when configured.
func (s *Server) setCookie(w http.ResponseWriter, name, value string, maxAge int) {
	http.SetCookie(w, &http.Cookie{
		Name:     name,
		Value:    value,
		Path:     "/",
		MaxAge:   maxAge,
		HttpOnly: true,
		Secure:   s.secure,
		SameSite: http.SameSiteLaxMode,
	})
}

// clearCookie tells the browser to forget a cookie.
func (s *Server) clearCookie(w http.ResponseWriter, name string) {
	s.setCookie(w, name, "", -1)
}

// safeNext returns where to go after signing in: a path on this site, or
// "/" for anything else (no open redirects).
func safeNext(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil {
		return "/"
	}
	if strings.ContainsAny(next, "\r\n\t\\") {
		return "/"
	}
	// http.Redirect cleans the path ("/./\\x" becomes "/\\x", which browsers
	// read as another host): check what it will send, not what was asked.
	if cleaned := path.Clean(u.Path); strings.HasPrefix(cleaned, "//") || strings.HasPrefix(u.Path, "/.") {
		return "/"
	}
	return next
}
