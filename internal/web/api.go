package web

import (
	"slices"

	"golang.org/x/text/language"

	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/mail"
	"strconv"
	"strings"
	"time"

	"github.com/tocsin-cert/tocsin/internal/access"
	"github.com/tocsin-cert/tocsin/internal/advisory"
	"github.com/tocsin-cert/tocsin/internal/auth"
	"github.com/tocsin-cert/tocsin/internal/org"
	"github.com/tocsin-cert/tocsin/internal/product"
	"github.com/tocsin-cert/tocsin/internal/store"
)

// The JSON API, for scripts: authenticated with an API token
// ("Authorization: Bearer TOKEN", made with tocsin token create), and
// subject to the same policy as the pages (package access).
//
//	GET  /api/v1/advisories?q=&scope=mine|all&limit=&offset=
//	GET  /api/v1/orgs                       organisations the user manages
//	GET  /api/v1/orgs/{id}/profiles
//	POST /api/v1/orgs/{id}/profiles         create a profile (JSON body)
//	PATCH  /api/v1/orgs/{id}/profiles/{pid} change a profile (JSON body:
//	                                        the fields to change)
//	DELETE /api/v1/orgs/{id}/profiles/{pid} remove a profile
//	GET  /api/v1/catalogue?q=&vendor=       products to subscribe to

type apiHandler func(w http.ResponseWriter, r *http.Request, v access.Viewer) error

// apiError is an error with the HTTP status it answers with.
type apiError struct {
	status int
	msg    string
}

func (e *apiError) Error() string { return e.msg }

func apiErr(status int, format string, a ...any) error {
	return &apiError{status: status, msg: fmt.Sprintf(format, a...)}
}

func (s *Server) api(h apiHandler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		v, err := s.apiViewer(r)
		if err == nil {
			err = h(w, r, v)
		}
		if err == nil {
			return
		}
		status := http.StatusInternalServerError
		msg := "internal error"
		var ae *apiError
		if errors.As(err, &ae) {
			status, msg = ae.status, ae.msg
		} else {
			s.log.ErrorContext(r.Context(), "API", "path", r.URL.Path, "err", err)
		}
		w.WriteHeader(status)
		json.NewEncoder(w).Encode(map[string]string{"error": msg})
	}
}

func (s *Server) apiViewer(r *http.Request) (access.Viewer, error) {
	token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || strings.TrimSpace(token) == "" {
		return access.Viewer{}, apiErr(http.StatusUnauthorized, "give an API token: Authorization: Bearer TOKEN (tocsin token create makes one)")
	}
	uid, err := s.store.APITokenUser(r.Context(), auth.TokenHash(strings.TrimSpace(token)))
	if err != nil {
		return access.Viewer{}, apiErr(http.StatusUnauthorized, "unknown API token")
	}
	u, err := s.store.UserByID(r.Context(), uid)
	if err != nil {
		return access.Viewer{}, apiErr(http.StatusUnauthorized, "unknown API token")
	}
	o, err := s.store.OrgByID(r.Context(), u.OrgID)
	if err != nil {
		return access.Viewer{}, err
	}
	return access.Viewer{User: u, Org: o}, nil
}

func writeJSON(w http.ResponseWriter, status int, v any) error {
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

type apiAdvisory struct {
	ID        int64     `json:"id"`
	Tracking  string    `json:"tracking_id"`
	Revision  string    `json:"revision"`
	Title     string    `json:"title"`
	Publisher string    `json:"publisher"`
	TLP       string    `json:"tlp"`
	Severity  string    `json:"severity"`
	Released  time.Time `json:"current_release_date"`
	CVEs      []string  `json:"cves"`
	URL       string    `json:"url"`
}

func (s *Server) apiAdvisories(w http.ResponseWriter, r *http.Request, v access.Viewer) error {
	q := r.URL.Query()
	f := access.ArchiveFilter(v, q.Get("scope") == "mine")
	f.Query = q.Get("q")
	f.Limit, _ = strconv.Atoi(q.Get("limit"))
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 100
	}
	f.Offset, _ = strconv.Atoi(q.Get("offset"))
	f.Offset = max(f.Offset, 0)
	list, err := s.store.ListAdvisories(r.Context(), f)
	if err != nil {
		return err
	}
	out := []apiAdvisory{}
	for _, a := range list {
		cves := a.CVEs
		if cves == nil {
			cves = []string{}
		}
		out = append(out, apiAdvisory{a.ID, a.TrackingID, a.Version, a.Title, a.Publisher, string(a.TLP), a.Severity.String(), a.CurrentRelease, cves,
			s.absoluteURL(r, "/advisories/"+strconv.FormatInt(a.ID, 10))})
	}
	return writeJSON(w, http.StatusOK, out)
}

type apiOrg struct {
	ID           int64  `json:"id"`
	Name         string `json:"name"`
	Kind         string `json:"kind"`
	Intermediary string `json:"intermediary,omitempty"`
	ParentID     int64  `json:"parent_id,omitempty"`
}

func (s *Server) apiOrgs(w http.ResponseWriter, r *http.Request, v access.Viewer) error {
	orgs, err := s.store.ListOrgs(r.Context())
	if err != nil {
		return err
	}
	out := []apiOrg{}
	for _, o := range orgs {
		if access.CanManage(v, o) {
			out = append(out, apiOrg{o.ID, o.Name, string(o.Kind), o.Intermediary, o.ParentID})
		}
	}
	return writeJSON(w, http.StatusOK, out)
}

// managedOrg loads the organisation of the path and checks the viewer may
// manage it. An organisation the viewer may not manage answers 403, the
// same whether it exists or not.
func (s *Server) managedOrg(r *http.Request, v access.Viewer) (org.Org, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return org.Org{}, apiErr(http.StatusNotFound, "no such organisation")
	}
	o, err := s.store.OrgByID(r.Context(), id)
	if err != nil || !access.CanManage(v, o) {
		return org.Org{}, apiErr(http.StatusForbidden, "you may not manage this organisation")
	}
	return o, nil
}

type apiProfile struct {
	ID          int64    `json:"id"`
	Name        string   `json:"name"`
	Products    []string `json:"products"`
	Recipients  []string `json:"recipients"`
	Formats     []string `json:"formats"`
	Level       string   `json:"level"`
	Lang        string   `json:"lang"`
	MinSeverity string   `json:"min_severity,omitempty"`
	TLPs        []string `json:"tlps,omitempty"`
	Schedule    string   `json:"schedule,omitempty"`
	AlertsOff   bool     `json:"alerts_off,omitempty"`
	Paused      bool     `json:"paused,omitempty"`
}

func toAPIProfile(p org.Profile) apiProfile {
	return apiProfile{p.ID, p.Name, p.Products, p.Recipients, p.Formats, p.Level, p.Lang, p.MinSeverity, p.TLPs, p.Schedule, p.AlertsOff, p.Paused}
}

func (s *Server) apiProfiles(w http.ResponseWriter, r *http.Request, v access.Viewer) error {
	o, err := s.managedOrg(r, v)
	if err != nil {
		return err
	}
	ps, err := s.store.ProfilesByOrg(r.Context(), o.ID)
	if err != nil {
		return err
	}
	out := []apiProfile{}
	for _, p := range ps {
		out = append(out, toAPIProfile(p))
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiCreateProfile(w http.ResponseWriter, r *http.Request, v access.Viewer) error {
	o, err := s.managedOrg(r, v)
	if err != nil {
		return err
	}
	var in apiProfile
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil || dec.More() {
		return apiErr(http.StatusBadRequest, "the body is not one profile: %v", err)
	}
	p, err := checkProfile(in)
	if err != nil {
		return err
	}
	p.OrgID = o.ID
	p, err = s.store.CreateProfile(r.Context(), p)
	if errors.Is(err, store.ErrExists) {
		return apiErr(http.StatusConflict, "%s already has a profile named %q", o.Name, in.Name)
	}
	if err != nil {
		return err
	}
	s.store.AddAudit(r.Context(), store.AuditEntry{At: s.now(), Actor: v.User.Email, Action: "profile.add", Target: "profile " + p.Name + " of " + o.Name, Detail: "through the API"})
	return writeJSON(w, http.StatusCreated, toAPIProfile(p))
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] > 0x7e {
			return false
		}
	}
	return true
}

type apiCatalogueEntry struct {
	Spec       string `json:"spec"`
	Vendor     string `json:"vendor"`
	Product    string `json:"product"`
	Advisories int    `json:"advisories"`
	CPE        string `json:"cpe,omitempty"`
	PURL       string `json:"purl,omitempty"`
}

// apiCatalogue searches the product catalogue (for the profile form's
// search-as-you-type and for scripts). Any signed-in user may: the
// catalogue holds product names only.
func (s *Server) apiCatalogue(w http.ResponseWriter, r *http.Request, v access.Viewer) error {
	q := r.URL.Query()
	vendor := ""
	if vq := q.Get("vendor"); vq != "" {
		vendor = product.NormalizeVendor(vq)
	}
	es, err := s.store.Catalogue(r.Context(), q.Get("q"), vendor, 50)
	if err != nil {
		return err
	}
	out := []apiCatalogueEntry{}
	for _, e := range es {
		out = append(out, apiCatalogueEntry{e.VendorKey + "/" + e.ProductKey, e.Vendor, e.Product, e.Advisories, e.CPE, e.PURL})
	}
	return writeJSON(w, http.StatusOK, out)
}

// managedProfile loads the profile of the path within a managed
// organisation.
func (s *Server) managedProfile(r *http.Request, v access.Viewer) (org.Org, org.Profile, error) {
	o, err := s.managedOrg(r, v)
	if err != nil {
		return o, org.Profile{}, err
	}
	pid, err := strconv.ParseInt(r.PathValue("pid"), 10, 64)
	if err != nil {
		return o, org.Profile{}, apiErr(http.StatusNotFound, "no such profile")
	}
	ps, err := s.store.ProfilesByOrg(r.Context(), o.ID)
	if err != nil {
		return o, org.Profile{}, err
	}
	for _, p := range ps {
		if p.ID == pid {
			return o, p, nil
		}
	}
	return o, org.Profile{}, apiErr(http.StatusNotFound, "no such profile in this organisation")
}

// apiPatch is a change to a profile: only the fields given change.
type apiPatch struct {
	Name        *string   `json:"name"`
	Products    *[]string `json:"products"`
	Recipients  *[]string `json:"recipients"`
	Formats     *[]string `json:"formats"`
	Level       *string   `json:"level"`
	Lang        *string   `json:"lang"`
	MinSeverity *string   `json:"min_severity"`
	TLPs        *[]string `json:"tlps"`
	Schedule    *string   `json:"schedule"`
	AlertsOff   *bool     `json:"alerts_off"`
	Paused      *bool     `json:"paused"`
}

func (s *Server) apiUpdateProfile(w http.ResponseWriter, r *http.Request, v access.Viewer) error {
	o, p, err := s.managedProfile(r, v)
	if err != nil {
		return err
	}
	var in apiPatch
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil || dec.More() {
		return apiErr(http.StatusBadRequest, "the body is not one profile change: %v", err)
	}
	// Check the result with the same rules as a new profile.
	next := toAPIProfile(p)
	set := func(dst *string, src *string) {
		if src != nil {
			*dst = *src
		}
	}
	set(&next.Name, in.Name)
	set(&next.Level, in.Level)
	set(&next.Lang, in.Lang)
	set(&next.MinSeverity, in.MinSeverity)
	set(&next.Schedule, in.Schedule)
	for _, f := range []struct {
		dst *[]string
		src *[]string
	}{{&next.Products, in.Products}, {&next.Recipients, in.Recipients}, {&next.Formats, in.Formats}, {&next.TLPs, in.TLPs}} {
		if f.src != nil {
			*f.dst = *f.src
		}
	}
	if in.AlertsOff != nil {
		next.AlertsOff = *in.AlertsOff
	}
	if in.Paused != nil {
		next.Paused = *in.Paused
	}
	checked, err := checkProfile(next)
	if err != nil {
		return err
	}
	checked.ID, checked.OrgID = p.ID, p.OrgID
	// Keys stay only for recipients the profile still has.
	for addr, k := range p.Keys {
		if slices.Contains(checked.Recipients, addr) {
			if checked.Keys == nil {
				checked.Keys = map[string]org.RecipientKey{}
			}
			checked.Keys[addr] = k
		}
	}
	if err := s.store.UpdateProfile(r.Context(), checked); err != nil {
		if errors.Is(err, store.ErrExists) {
			return apiErr(http.StatusConflict, "%s already has a profile named %q", o.Name, checked.Name)
		}
		return err
	}
	s.store.AddAudit(r.Context(), store.AuditEntry{At: s.now(), Actor: v.User.Email, Action: "profile.update", Target: "profile " + checked.Name + " of " + o.Name, Detail: "through the API"})
	return writeJSON(w, http.StatusOK, toAPIProfile(checked))
}

func (s *Server) apiDeleteProfile(w http.ResponseWriter, r *http.Request, v access.Viewer) error {
	o, p, err := s.managedProfile(r, v)
	if err != nil {
		return err
	}
	if err := s.store.RemoveProfile(r.Context(), p.ID); err != nil {
		return err
	}
	s.store.AddAudit(r.Context(), store.AuditEntry{At: s.now(), Actor: v.User.Email, Action: "profile.remove", Target: "profile " + p.Name + " of " + o.Name, Detail: "through the API"})
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// checkProfile checks a profile as the API received it and makes the
// stored form.
func checkProfile(in apiProfile) (org.Profile, error) {
	in.Name = strings.TrimSpace(in.Name)
	if in.Name == "" || len(in.Products) == 0 || len(in.Recipients) == 0 {
		return org.Profile{}, apiErr(http.StatusBadRequest, "a profile needs a name, at least one product and at least one recipient")
	}
	for _, spec := range in.Products {
		if _, err := product.ParseSpec(spec); err != nil {
			return org.Profile{}, apiErr(http.StatusBadRequest, "%v", err)
		}
	}
	recipients := make([]string, 0, len(in.Recipients))
	for _, rc := range in.Recipients {
		a, err := mail.ParseAddress(rc)
		if err != nil || a.Name != "" || strings.ContainsAny(a.Address, "\" \\") || !isASCII(a.Address) {
			return org.Profile{}, apiErr(http.StatusBadRequest, "recipient %q is not a plain e-mail address", rc)
		}
		addr := strings.ToLower(a.Address)
		if !slices.Contains(recipients, addr) {
			recipients = append(recipients, addr)
		}
	}
	if len(in.Formats) == 0 {
		in.Formats = []string{"txt"}
	}
	for _, f := range in.Formats {
		if f != "txt" && f != "html" && f != "xml" && f != "json" {
			return org.Profile{}, apiErr(http.StatusBadRequest, "format %q: use txt, html, xml or json", f)
		}
	}
	if in.Level == "" {
		in.Level = "basic"
	}
	if in.Level != "basic" && in.Level != "expert" {
		return org.Profile{}, apiErr(http.StatusBadRequest, "level %q: use basic or expert", in.Level)
	}
	if in.Lang == "" {
		in.Lang = "en"
	}
	var langs []string
	for _, l := range strings.Split(in.Lang, ",") {
		tag, err := language.Parse(strings.TrimSpace(l))
		if err != nil {
			return org.Profile{}, apiErr(http.StatusBadRequest, "lang %q: use language tags such as en, fr, de-CH, or several in order of preference: de,en", in.Lang)
		}
		langs = append(langs, tag.String())
	}
	in.Lang = strings.Join(langs, ",")
	var tlps []string
	for _, t := range in.TLPs {
		label, ok := advisory.ParseTLP(t)
		if !ok {
			return org.Profile{}, apiErr(http.StatusBadRequest, "tlp %q: use CLEAR, GREEN, AMBER, AMBER+STRICT or RED", t)
		}
		if !slices.Contains(tlps, string(label)) {
			tlps = append(tlps, string(label))
		}
	}
	in.TLPs = tlps
	if in.Schedule != "" && in.Schedule != "immediate" {
		return org.Profile{}, apiErr(http.StatusBadRequest, "schedule %q: daily and weekly digests are not available yet; advisories are mailed at once", in.Schedule)
	}
	in.Schedule = ""
	switch in.MinSeverity {
	case "", "low", "medium", "high", "critical":
	default:
		return org.Profile{}, apiErr(http.StatusBadRequest, "min_severity %q: use low, medium, high or critical", in.MinSeverity)
	}
	return org.Profile{Name: in.Name, Products: in.Products, Recipients: recipients, Formats: in.Formats, Level: in.Level, Lang: in.Lang,
		MinSeverity: in.MinSeverity, TLPs: in.TLPs, Schedule: in.Schedule, AlertsOff: in.AlertsOff, Paused: in.Paused}, nil
}
