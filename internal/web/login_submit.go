package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/tocsin-cert/tocsin/internal/auth"
	"github.com/tocsin-cert/tocsin/internal/org"
	"github.com/tocsin-cert/tocsin/internal/store"
)

// Messages of the sign-in form.
const (
	msgLoginFailed  = "The e-mail address or the password is not right. Please try again."
	msgLoginBlocked = "Too many failed sign-in attempts. For your security, signing in is paused for 15 minutes. " +
		"Please try again later, or ask your administrator to set a new password."
	msgLoginExpired = "The sign-in form had expired. Please enter your e-mail address and password again."
)

// loginSubmit checks the sign-in form (POST /login) and starts a session.
//
// Order of checks: the double-submit CSRF token, then the rate limits (per
// client address and per e-mail address, failures only), then the
// password. An unknown e-mail address and a wrong password give the same
// message and take the same time.
func (s *Server) loginSubmit(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, nil, http.StatusBadRequest, "The form could not be read",
			"Your browser sent a form we could not read. Please go back and try again.")
		return
	}
	email := strings.TrimSpace(r.PostFormValue("email"))
	password := r.PostFormValue("password")
	v := loginView{Email: email, Next: safeNext(r.PostFormValue("next"))}

	c, err := r.Cookie(s.loginCookie)
	if err != nil || !tokensEqual(c.Value, r.PostFormValue("csrf")) {
		v.Error = msgLoginExpired
		s.loginForm(w, r, http.StatusForbidden, v)
		return
	}

	now := s.now()
	clientK, emailK := clientKey(r), emailKey(email)
	if !s.limiter.attempt(now, clientK, emailK) {
		s.log.WarnContext(r.Context(), "sign-in refused: too many failures", "client", clientK)
		v.Error, v.Blocked = msgLoginBlocked, true
		s.loginForm(w, r, http.StatusTooManyRequests, v)
		return
	}

	u, ok, err := s.authenticate(r.Context(), email, password)
	if err != nil {
		s.serverError(w, r, nil, err)
		return
	}
	if !ok {
		// The failure was counted by attempt, before the password check.
		s.log.InfoContext(r.Context(), "sign-in failed", "client", clientK)
		v.Error = msgLoginFailed
		s.loginForm(w, r, http.StatusUnauthorized, v)
		return
	}
	s.limiter.succeeded(now, clientK, emailK)

	token := auth.NewToken()
	err = s.store.CreateSession(r.Context(), store.Session{
		TokenHash: auth.TokenHash(token),
		UserID:    u.ID,
		CSRF:      auth.NewToken(),
		Created:   now,
		Expires:   now.Add(sessionLifetime),
	})
	if err != nil {
		s.serverError(w, r, nil, fmt.Errorf("sign in user %d: %w", u.ID, err))
		return
	}
	// A session the browser still had is ended: one browser, one session.
	if old, err := r.Cookie(s.sessionCookie); err == nil && old.Value != "" {
		if err := s.store.DeleteSession(r.Context(), auth.TokenHash(old.Value)); err != nil {
			s.log.WarnContext(r.Context(), "end previous session", "err", err)
		}
	}
	s.setCookie(w, s.sessionCookie, token, int(sessionLifetime.Seconds()))
	s.clearCookie(w, s.loginCookie)
	s.log.InfoContext(r.Context(), "signed in", "user_id", u.ID)
	http.Redirect(w, r, v.Next, http.StatusSeeOther)
}

// authenticate checks an e-mail address and password. It reports false,
// with no error, for an unknown address, a user without a password and a
// wrong password alike; it checks a dummy hash in the first two cases so
// that they take as long as the third.
func (s *Server) authenticate(ctx context.Context, email, password string) (org.User, bool, error) {
	select {
	case s.pwSem <- struct{}{}:
		defer func() { <-s.pwSem }()
	case <-ctx.Done():
		return org.User{}, false, fmt.Errorf("sign in: %w", ctx.Err())
	}
	var u org.User
	var err error
	if email != "" && len(email) <= 320 {
		u, err = s.store.UserByEmail(ctx, email)
	} else {
		err = store.ErrNotFound
	}
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return org.User{}, false, fmt.Errorf("sign in: %w", err)
	}
	hash := u.PasswordHash
	if err != nil || hash == "" || len(password) > 4096 {
		s.dummyOnce.Do(func() {
			s.dummyHash, _ = auth.HashPassword(auth.NewToken())
		})
		auth.CheckPassword(s.dummyHash, password)
		return org.User{}, false, nil
	}
	if auth.CheckPassword(hash, password) != nil {
		return org.User{}, false, nil
	}
	return u, true, nil
}
