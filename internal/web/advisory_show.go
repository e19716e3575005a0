package web

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/tocsin-cert/tocsin/internal/render"
	"github.com/tocsin-cert/tocsin/internal/store"
)

// advisoryView is the data of an advisory's page.
type advisoryView struct {
	TrackingID  string
	Title       string
	Version     string
	Severity    badge
	TLP         badge
	Publisher   string
	Initial     string
	Current     string
	PublishedAt string
	Unpublished bool
	SentToMe    bool
	// Why lists, for the viewer's organisation, which profile entry matched
	// which product of this revision, and why.
	Why       []whyLine
	CVEs      []string
	Level     string
	BasicURL  string
	ExpertURL string
	TextURL   string
	CSAFURL   string
	Body      template.HTML
	Downloads []downloadRow
}

// advisoryPageOrText serves GET /advisories/{id}: the page for a numeric
// id, the plain-text download for "<id>.txt".
func (s *Server) advisoryPageOrText(w http.ResponseWriter, r *http.Request, sess *session) {
	id := r.PathValue("id")
	if base, ok := strings.CutSuffix(id, ".txt"); ok {
		s.advisoryText(w, r, sess, base)
		return
	}
	s.advisoryShow(w, r, sess, id)
}

// advisoryShow shows one advisory with its rendered text and downloads.
func (s *Server) advisoryShow(w http.ResponseWriter, r *http.Request, sess *session, rawID string) {
	rec, sentTo, err := s.visibleAdvisory(r, sess, rawID)
	if err != nil {
		s.loadFailed(w, r, sess, err)
		return
	}
	lvl := level(r, sess.viewer)
	path := "/advisories/" + strconv.FormatInt(rec.ID, 10)
	var body bytes.Buffer
	// No URL: the fragment would only link to the page it is on.
	err = s.renderer.Render(&body, rec.Advisory, render.Options{
		Format:   "html",
		Level:    render.Level(lvl),
		Lang:     uiLang,
		Fragment: true,
	})
	if err != nil {
		s.serverError(w, r, sess, fmt.Errorf("render advisory %d: %w", rec.ID, err))
		return
	}
	a := rec.Advisory
	v := advisoryView{
		TrackingID:  rec.TrackingID,
		Title:       rec.Title,
		Version:     rec.Version,
		Severity:    severityBadge(rec.Severity),
		TLP:         tlpBadge(rec.TLP),
		Publisher:   rec.Publisher,
		Initial:     formatDate(a.InitialRelease),
		Current:     formatDate(rec.CurrentRelease),
		PublishedAt: formatDate(rec.PublishedAt),
		Unpublished: !rec.Published,
		SentToMe:    slices.Contains(sentTo, sess.viewer.Org.ID),
		CVEs:        rec.CVEs,
		Level:       lvl,
		BasicURL:    path + "?level=basic",
		ExpertURL:   path + "?level=expert",
		TextURL:     path + ".txt?level=" + lvl,
		Body:        template.HTML(body.String()), // html/template output of package render
	}
	if hasCSAF(rec) {
		v.CSAFURL = path + "/csaf.json"
	}
	v.Downloads = s.downloadRows(rec)
	if v.SentToMe {
		v.Why, err = s.whyLines(r, rec, sess.viewer.Org.ID)
		if err != nil {
			s.serverError(w, r, sess, err)
			return
		}
	}
	if v.Initial == v.Current {
		v.Initial = ""
	}
	s.page(w, r, http.StatusOK, "advisory", rec.TrackingID+": "+rec.Title, sess, v)
}

// hasCSAF reports whether the advisory was imported from a CSAF document.
func hasCSAF(rec *store.Record) bool {
	return rec.Source.Format == "csaf" && len(rec.Source.Data) > 0
}

// uiLang is the language of the pages and of the rendered advisories.
const uiLang = "en"

// whyLine is one matched profile entry, for the advisory page.
type whyLine struct {
	Profile string
	Spec    string
	Product string
	Reason  string
	More    int
}

// whyLines explains the matches of the current revision for one
// organisation: one line per (profile, entry), with the first product and
// the reason, and how many more products the entry matched.
func (s *Server) whyLines(r *http.Request, rec *store.Record, orgID int64) ([]whyLine, error) {
	ms, err := s.store.Matches(r.Context(), rec.ID)
	if err != nil {
		return nil, err
	}
	ps, err := s.store.ProfilesByOrg(r.Context(), orgID)
	if err != nil {
		return nil, err
	}
	names := map[int64]string{}
	for _, p := range ps {
		names[p.ID] = p.Name
	}
	var out []whyLine
	idx := map[string]int{}
	for _, m := range ms {
		if m.OrgID != orgID || m.Version != rec.Version {
			continue
		}
		k := strconv.FormatInt(m.ProfileID, 10) + "\x00" + m.Spec
		if i, ok := idx[k]; ok {
			out[i].More++
			continue
		}
		name := m.ProductID
		if p, ok := rec.Advisory.Product(m.ProductID); ok && p.Name != "" {
			name = strings.TrimSpace(p.Name)
		}
		profile := names[m.ProfileID]
		if profile == "" {
			profile = "a removed profile"
		}
		idx[k] = len(out)
		out = append(out, whyLine{Profile: profile, Spec: m.Spec, Product: name, Reason: m.Reason})
		if len(out) >= 20 {
			break
		}
	}
	return out, nil
}
