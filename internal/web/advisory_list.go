package web

import (
	"context"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tocsin-cert/tocsin/internal/access"
	"github.com/tocsin-cert/tocsin/internal/org"
	"github.com/tocsin-cert/tocsin/internal/store"
)

// List settings.
const (
	pageSize = 50
	// maxQuery bounds a search (in characters).
	maxQuery = 200
	// maxPage bounds the page number so that offsets stay small.
	maxPage = 10000
	// listCVEs is how many CVE ids a row shows before "and n more".
	listCVEs = 4
)

// listView is the data of the list page.
type listView struct {
	Query     string
	Scope     string
	MineURL   string
	AllURL    string
	Count     string
	Empty     string
	EmptyLink string
	EmptyText string
	Rows      []listRow
	Page      int
	Pages     int
	PrevURL   string
	NextURL   string
}

// listRow is one advisory in the list.
type listRow struct {
	URL         string
	TrackingID  string
	Title       string
	Severity    badge
	TLP         badge
	Publisher   string
	Date        string
	CVEs        []string
	MoreCVEs    int
	Snippet     template.HTML
	Unpublished bool
}

// advisoryList shows the advisories the viewer may see, newest first, with
// search and paging (GET /).
func (s *Server) advisoryList(w http.ResponseWriter, r *http.Request, sess *session) {
	qv := r.URL.Query()
	q := strings.Join(strings.Fields(qv.Get("q")), " ")
	if utf8.RuneCountInString(q) > maxQuery {
		q = string([]rune(q)[:maxQuery])
	}
	scope := qv.Get("scope")
	if scope != "mine" && scope != "all" {
		scope = defaultScope(sess.viewer)
	}
	pageNo, err := strconv.Atoi(qv.Get("page"))
	if err != nil || pageNo < 1 {
		pageNo = 1
	}
	pageNo = min(pageNo, maxPage)

	f := access.ArchiveFilter(sess.viewer, scope == "mine")
	f.Query = q
	// A search never holds a database connection for long, whatever it is
	// asked and whether the client is still there.
	ctx, cancel := context.WithTimeout(r.Context(), searchTimeout)
	defer cancel()
	total, err := s.store.CountAdvisories(ctx, f)
	if err != nil {
		s.serverError(w, r, sess, err)
		return
	}
	pages := max(1, (total+pageSize-1)/pageSize)
	pageNo = min(pageNo, pages)
	f.Limit, f.Offset = pageSize, (pageNo-1)*pageSize
	var list []store.Summary
	if total > 0 {
		if list, err = s.store.ListAdvisories(ctx, f); err != nil {
			s.serverError(w, r, sess, err)
			return
		}
	}

	v := listView{
		Query:   q,
		Scope:   scope,
		MineURL: listURL(q, "mine", 1),
		AllURL:  listURL(q, "all", 1),
		Count:   countText(total, q),
		Page:    pageNo,
		Pages:   pages,
	}
	if pageNo > 1 {
		v.PrevURL = listURL(q, scope, pageNo-1)
	}
	if pageNo < pages {
		v.NextURL = listURL(q, scope, pageNo+1)
	}
	if total == 0 {
		switch {
		case q != "" && scope == "mine":
			v.Empty = "Nothing that matches your profiles was found for this search."
			v.EmptyLink, v.EmptyText = listURL(q, "all", 1), "Search all advisories you may see"
		case q != "":
			v.Empty = "Nothing was found. Check the spelling, or try fewer or other words, an advisory id or a CVE id (such as CVE-2024-1234)."
		case scope == "mine":
			v.Empty = "No advisory has concerned your organisation's products yet."
			v.EmptyLink, v.EmptyText = listURL("", "all", 1), "See all advisories you may see"
		default:
			v.Empty = "There are no advisories yet."
		}
	}
	for _, sm := range list {
		row := listRow{
			URL:         "/advisories/" + strconv.FormatInt(sm.ID, 10),
			TrackingID:  sm.TrackingID,
			Title:       sm.Title,
			Severity:    severityBadge(sm.Severity),
			TLP:         tlpBadge(sm.TLP),
			Publisher:   sm.Publisher,
			Date:        formatDate(sm.CurrentRelease),
			CVEs:        sm.CVEs,
			Snippet:     snippetHTML(sm.Snippet),
			Unpublished: !sm.Published,
		}
		if row.Date == "" {
			row.Date = formatDate(sm.PublishedAt)
		}
		if len(row.CVEs) > listCVEs {
			row.MoreCVEs = len(row.CVEs) - listCVEs
			row.CVEs = row.CVEs[:listCVEs]
		}
		v.Rows = append(v.Rows, row)
	}
	title := "Advisories"
	if q != "" {
		title = "Search: " + q
	}
	s.page(w, r, http.StatusOK, "list", title, sess, v)
}

// defaultScope is "mine" for SMEs (what concerns them) and "all" for the
// CERT and intermediaries (who look after others).
func defaultScope(v access.Viewer) string {
	if v.Org.Kind == org.KindSME {
		return "mine"
	}
	return "all"
}

// listURL builds a list address with only the parameters that differ from
// the defaults.
func listURL(q, scope string, page int) string {
	vals := url.Values{}
	if q != "" {
		vals.Set("q", q)
	}
	vals.Set("scope", scope)
	if page > 1 {
		vals.Set("page", strconv.Itoa(page))
	}
	return "/?" + vals.Encode()
}

// countText says how many advisories there are, in words.
func countText(n int, q string) string {
	var s string
	switch n {
	case 0:
		s = "No advisories"
	case 1:
		s = "1 advisory"
	default:
		s = strconv.Itoa(n) + " advisories"
	}
	if q != "" {
		if n == 1 {
			s += " matches"
		} else {
			s += " match"
		}
		s += " your search"
	}
	return s
}

// searchTimeout bounds the listing and search queries of one page.
const searchTimeout = 5 * time.Second
