package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/mail"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/tocsin-cert/tocsin/internal/access"
	"github.com/tocsin-cert/tocsin/internal/org"
	"github.com/tocsin-cert/tocsin/internal/present"
	"github.com/tocsin-cert/tocsin/internal/product"
	"github.com/tocsin-cert/tocsin/internal/store"
)

// profilesView is the data of the profiles page.
type profilesView struct {
	Orgs    []orgProfiles
	Form    profileForm
	Error   string
	Created string
}

type orgProfiles struct {
	Org      org.Org
	Profiles []profileRow
}

type profileRow struct {
	Name       string
	Products   []string
	Recipients []string
	Settings   string
}

// profileForm is the "add a profile" form, refilled after an error.
type profileForm struct {
	OrgID       int64
	Name        string
	Products    string
	Recipients  string
	HTML        bool
	Level       string
	Lang        string
	MinSeverity string
	Paused      bool
}

// profiles shows the profiles of every organisation the user manages, with
// a form to add one (GET /profiles). Members, who manage nothing, see a
// page that says whom to ask.
func (s *Server) profiles(w http.ResponseWriter, r *http.Request, sess *session) {
	s.profilesPage(w, r, sess, http.StatusOK, profilesView{Form: profileForm{Level: "basic", Lang: "en"}, Created: r.URL.Query().Get("created")})
}

func (s *Server) profilesPage(w http.ResponseWriter, r *http.Request, sess *session, status int, v profilesView) {
	orgs, err := s.store.ListOrgs(r.Context())
	if err != nil {
		s.serverError(w, r, sess, err)
		return
	}
	for _, o := range orgs {
		if !access.CanManage(sess.viewer, o) {
			continue
		}
		ps, err := s.store.ProfilesByOrg(r.Context(), o.ID)
		if err != nil {
			s.serverError(w, r, sess, err)
			return
		}
		op := orgProfiles{Org: o}
		for _, p := range ps {
			op.Profiles = append(op.Profiles, profileRow{Name: p.Name, Products: p.Products, Recipients: p.Recipients, Settings: describeProfile(p)})
		}
		v.Orgs = append(v.Orgs, op)
	}
	if v.Form.OrgID == 0 && len(v.Orgs) > 0 {
		v.Form.OrgID = v.Orgs[0].Org.ID
	}
	s.page(w, r, status, "profiles", "Profiles", sess, v)
}

// profileCreate adds a profile from the form (POST /profiles).
func (s *Server) profileCreate(w http.ResponseWriter, r *http.Request, sess *session) {
	if err := r.ParseForm(); err != nil || !checkCSRF(r, sess.CSRF) {
		s.errorPage(w, r, sess, http.StatusForbidden, "Please try again", "The form had expired. Go back, reload the page and send it again.")
		return
	}
	f := profileForm{
		Name: strings.TrimSpace(r.PostFormValue("name")), Products: r.PostFormValue("products"), Recipients: r.PostFormValue("recipients"),
		HTML: r.PostFormValue("html") == "on", Level: r.PostFormValue("level"), Lang: r.PostFormValue("lang"),
		MinSeverity: r.PostFormValue("min_severity"), Paused: r.PostFormValue("paused") == "on",
	}
	f.OrgID, _ = strconv.ParseInt(r.PostFormValue("org"), 10, 64)
	fail := func(msg string) {
		s.profilesPage(w, r, sess, http.StatusUnprocessableEntity, profilesView{Form: f, Error: msg})
	}
	o, err := s.store.OrgByID(r.Context(), f.OrgID)
	if err != nil || !access.CanManage(sess.viewer, o) {
		fail("Choose one of your organisations.")
		return
	}
	p := org.Profile{OrgID: o.ID, Name: f.Name, Formats: []string{"txt"}, Level: f.Level, Lang: f.Lang, MinSeverity: f.MinSeverity, Paused: f.Paused}
	if f.HTML {
		p.Formats = append(p.Formats, "html")
	}
	if p.Name == "" {
		fail("Give the profile a name, for example \"Office network\".")
		return
	}
	for _, line := range strings.Split(f.Products, "\n") {
		if line = strings.TrimSpace(line); line == "" {
			continue
		}
		if _, err := product.ParseSpec(line); err != nil {
			fail(fmt.Sprintf("The product %q is not understood: %v", line, firstLine(err.Error())))
			return
		}
		p.Products = append(p.Products, line)
	}
	for _, line := range strings.FieldsFunc(f.Recipients, func(r rune) bool { return r == '\n' || r == ',' || r == ';' }) {
		if line = strings.TrimSpace(line); line == "" {
			continue
		}
		a, err := mail.ParseAddress(line)
		if err != nil || a.Name != "" || !isASCII(a.Address) || strings.ContainsAny(a.Address, "\" \\") {
			fail(fmt.Sprintf("%q is not an e-mail address we can send to.", line))
			return
		}
		p.Recipients = append(p.Recipients, a.Address)
	}
	if len(p.Products) == 0 || len(p.Recipients) == 0 {
		fail("Add at least one product and one e-mail address.")
		return
	}
	if p.Level != "basic" && p.Level != "expert" {
		p.Level = "basic"
	}
	switch p.MinSeverity {
	case "", "low", "medium", "high", "critical":
	default:
		p.MinSeverity = ""
	}
	if !validLangTag(p.Lang) {
		p.Lang = "en"
	}
	p, err = s.store.CreateProfile(r.Context(), p)
	if errors.Is(err, store.ErrExists) {
		fail(fmt.Sprintf("%s already has a profile named %q.", o.Name, f.Name))
		return
	}
	if err != nil {
		s.serverError(w, r, sess, err)
		return
	}
	s.store.AddAudit(r.Context(), store.AuditEntry{At: s.now(), Actor: sess.viewer.User.Email, Action: "profile.add", Target: "profile " + p.Name + " of " + o.Name, Detail: "in the portal"})
	http.Redirect(w, r, "/profiles?created="+url.QueryEscape(p.Name), http.StatusSeeOther)
}

// catalogueJSON answers the profile form's search as you type
// (GET /catalogue.json?q=), for signed-in users.
func (s *Server) catalogueJSON(w http.ResponseWriter, r *http.Request, sess *session) {
	w.Header().Set("Content-Type", "application/json")
	if err := s.apiCatalogue(w, r, sess.viewer); err != nil {
		s.log.ErrorContext(r.Context(), "catalogue search", "err", err)
		w.WriteHeader(http.StatusInternalServerError)
		w.Write([]byte("[]"))
	}
}

func describeProfile(p org.Profile) string {
	var parts []string
	if p.Paused {
		parts = append(parts, "paused")
	}
	if p.MinSeverity != "" {
		parts = append(parts, p.MinSeverity+" and above")
	} else {
		parts = append(parts, "every severity")
	}
	parts = append(parts, strings.Join(p.Formats, " + "), p.Level, p.Lang)
	return strings.Join(parts, " · ")
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

func validLangTag(l string) bool { return slices.Contains(present.LabelLanguages(), l) }
