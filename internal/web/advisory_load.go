package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/tocsin-cert/tocsin/internal/access"
	"github.com/tocsin-cert/tocsin/internal/store"
)

// errHidden means the advisory does not exist or the viewer may not see
// it; both give the same 404.
var errHidden = errors.New("advisory not found or not visible")

// visibleAdvisory loads an advisory by its internal id (as written in the
// address) and checks with access.CanView that the viewer may see it. It
// also returns the organisations the advisory was sent to.
func (s *Server) visibleAdvisory(r *http.Request, sess *session, rawID string) (*store.Record, []int64, error) {
	id, err := strconv.ParseInt(rawID, 10, 64)
	if err != nil || id <= 0 || strings.HasPrefix(rawID, "+") {
		return nil, nil, errHidden
	}
	rec, err := s.store.Advisory(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil, errHidden
	}
	if err != nil {
		return nil, nil, fmt.Errorf("load advisory %d: %w", id, err)
	}
	sentTo, err := s.store.MatchedOrgs(r.Context(), id)
	if err != nil {
		return nil, nil, fmt.Errorf("load advisory %d: %w", id, err)
	}
	if !access.CanView(sess.viewer, rec.Summary, sentTo) {
		return nil, nil, errHidden
	}
	return rec, sentTo, nil
}

// loadFailed answers a failed visibleAdvisory: 404 when hidden, 500
// otherwise.
func (s *Server) loadFailed(w http.ResponseWriter, r *http.Request, sess *session, err error) {
	if errors.Is(err, errHidden) {
		s.notFoundFor(w, r, sess)
		return
	}
	s.serverError(w, r, sess, err)
}

// level reads ?level=basic|expert; the default is expert for CERT staff
// and basic for everyone else.
func level(r *http.Request, v access.Viewer) string {
	switch l := r.URL.Query().Get("level"); l {
	case "basic", "expert":
		return l
	}
	if v.CERTStaff() {
		return "expert"
	}
	return "basic"
}

// absoluteURL is the address of path on this site, as the browser reached
// it.
func (s *Server) absoluteURL(r *http.Request, path string) string {
	scheme := "http"
	if r.TLS != nil || s.secure {
		scheme = "https"
	}
	return scheme + "://" + r.Host + path
}
