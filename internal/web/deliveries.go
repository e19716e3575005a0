package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/tocsin-cert/tocsin/internal/access"
	"github.com/tocsin-cert/tocsin/internal/store"
)

// The delivery log: who an advisory was sent to and what happened, for the
// CERT's staff (it names recipients of every organisation).

type apiDelivery struct {
	Revision  string    `json:"revision"`
	Recipient string    `json:"recipient"`
	OrgID     int64     `json:"org_id"`
	ProfileID int64     `json:"profile_id"`
	Channel   string    `json:"channel"`
	Status    string    `json:"status"`
	Attempts  int       `json:"attempts"`
	LastError string    `json:"last_error,omitempty"`
	Created   time.Time `json:"created"`
	SentAt    time.Time `json:"sent_at,omitzero"`
}

// apiDeliveries serves GET /api/v1/advisories/{id}/deliveries.
func (s *Server) apiDeliveries(w http.ResponseWriter, r *http.Request, v access.Viewer) error {
	if !v.CERTStaff() {
		return apiErr(http.StatusForbidden, "the delivery log is for the CERT's staff")
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return apiErr(http.StatusNotFound, "no such advisory")
	}
	if _, err := s.store.Advisory(r.Context(), id); err != nil {
		return apiErr(http.StatusNotFound, "no such advisory")
	}
	ds, err := s.store.Deliveries(r.Context(), id)
	if err != nil {
		return err
	}
	out := []apiDelivery{}
	for _, d := range ds {
		out = append(out, apiDelivery{d.Version, d.Recipient, d.OrgID, d.ProfileID, d.Channel, string(d.Status), d.Attempts, d.LastError, d.Created, d.SentAt})
	}
	return writeJSON(w, http.StatusOK, out)
}

// statusView is the data of the status page.
type statusView struct {
	Sent, Failed, Pending int
	Advisories            int
}

// status serves GET /status: counters for the CERT's staff.
func (s *Server) status(w http.ResponseWriter, r *http.Request, sess *session) {
	if !sess.viewer.CERTStaff() {
		s.notFoundFor(w, r, sess)
		return
	}
	counts, err := s.store.DeliveryCounts(r.Context())
	if err != nil {
		s.serverError(w, r, sess, err)
		return
	}
	n, err := s.store.CountAdvisories(r.Context(), store.Filter{})
	if err != nil {
		s.serverError(w, r, sess, err)
		return
	}
	s.page(w, r, http.StatusOK, "status", "Status", sess, statusView{
		Sent: counts[store.DeliverySent], Failed: counts[store.DeliveryFailed], Pending: counts[store.DeliveryPending], Advisories: n,
	})
}
