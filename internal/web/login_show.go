package web

import (
	"net/http"

	"github.com/tocsin-cert/tocsin/internal/auth"
)

// loginView is the data of the sign-in page.
type loginView struct {
	CSRF    string
	Email   string
	Next    string
	Error   string
	Blocked bool
}

// loginShow shows the sign-in form (GET /login). Signed-in users go
// straight on.
func (s *Server) loginShow(w http.ResponseWriter, r *http.Request) {
	next := safeNext(r.URL.Query().Get("next"))
	if _, err := s.session(r); err == nil {
		http.Redirect(w, r, next, http.StatusSeeOther)
		return
	}
	s.loginForm(w, r, http.StatusOK, loginView{Next: next})
}

// loginForm renders the sign-in form with a double-submit CSRF token: the
// same random value in a cookie and in a hidden field. A valid token
// already in the cookie is kept, so that several open tabs work.
func (s *Server) loginForm(w http.ResponseWriter, r *http.Request, status int, v loginView) {
	token := ""
	if c, err := r.Cookie(s.loginCookie); err == nil && validToken(c.Value) {
		token = c.Value
	} else {
		token = auth.NewToken()
	}
	s.setCookie(w, s.loginCookie, token, int(loginFormMaxAge.Seconds()))
	v.CSRF = token
	if v.Next == "/" {
		v.Next = ""
	}
	s.page(w, r, status, "login", "Sign in", nil, v)
}

// validToken reports whether s looks like a token made by auth.NewToken
// (43 characters of URL-safe base64).
func validToken(s string) bool {
	if len(s) != 43 {
		return false
	}
	for _, c := range s {
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}
