package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/tocsin-cert/tocsin/internal/advisory"
	"github.com/tocsin-cert/tocsin/internal/store"
)

// SaveAdvisory implements store.Store.
func (s *Store) SaveAdvisory(ctx context.Context, a *advisory.Advisory, in store.Source) (store.SaveResult, error) {
	key := a.Key()
	hash := hashHex(in.Data)
	model, err := json.Marshal(a)
	if err != nil {
		return store.SaveResult{}, fmt.Errorf("save advisory %s: %w", a.TrackingID, err)
	}
	now := time.Now()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return store.SaveResult{}, fmt.Errorf("save advisory %s: %w", a.TrackingID, err)
	}
	defer tx.Rollback()

	var id int64
	var curHash, curLang string
	var curModel []byte
	err = tx.QueryRowContext(ctx, "SELECT id, hash, model, lang FROM advisories WHERE key = ?", key).Scan(&id, &curHash, &curModel, &curLang)
	if err == sql.ErrNoRows && a.Lang != "" && a.Publisher.Category == "translator" {
		// A translator's document with this tracking id? Only a publisher of
		// category translator may translate another publisher's advisory;
		// anyone else with the same id and another language publishes an
		// advisory of their own.
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM advisories WHERE tracking_id_key = ?", strings.ToLower(a.TrackingID)).Scan(&n); err != nil {
			return store.SaveResult{}, fmt.Errorf("save advisory %s: %w", a.TrackingID, err)
		}
		if n == 1 {
			err = tx.QueryRowContext(ctx, "SELECT id, hash, model, lang FROM advisories WHERE tracking_id_key = ?", strings.ToLower(a.TrackingID)).Scan(&id, &curHash, &curModel, &curLang)
			if err == nil && (curLang == "" || sameLang(curLang, a.Lang)) {
				// Same language, or no language to compare: another
				// publisher's advisory with the same id, not a translation.
				err = sql.ErrNoRows
			}
		}
	}
	if err == nil && a.Lang != "" && curLang != "" && !sameLang(curLang, a.Lang) {
		if err := saveTranslation(ctx, tx, id, a, in, hash, model, now); err != nil {
			return store.SaveResult{}, err
		}
		if err := tx.Commit(); err != nil {
			return store.SaveResult{}, fmt.Errorf("save translation of %s: %w", a.TrackingID, err)
		}
		return store.SaveResult{ID: id, Outcome: store.OutcomeTranslation}, nil
	}
	switch {
	case err == sql.ErrNoRows:
		res, err := tx.ExecContext(ctx, `INSERT INTO advisories(key, tracking_id, tracking_id_key, version, title, publisher, tlp, severity, lang,
			current_release, cves, format, source_name, source, hash, model, updated) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			key, a.TrackingID, strings.ToLower(a.TrackingID), a.Version, a.Title, a.Publisher.Name, string(a.TLP), int(a.Severity()), a.Lang,
			ts(a.CurrentRelease), strings.Join(a.CVEs(), " "), in.Format, in.Name, []byte{}, hash, model, ts(now))
		if err != nil {
			return store.SaveResult{}, fmt.Errorf("save advisory %s: %w", a.TrackingID, err)
		}
		id, _ = res.LastInsertId()
		if err := saveSearch(ctx, tx, id, a, true); err != nil {
			return store.SaveResult{}, err
		}
		if err := saveRevision(ctx, tx, id, a.Version, hash, in.Data, now); err != nil {
			return store.SaveResult{}, err
		}
		if err := tx.Commit(); err != nil {
			return store.SaveResult{}, fmt.Errorf("save advisory %s: %w", a.TrackingID, err)
		}
		return store.SaveResult{ID: id, Outcome: store.OutcomeCreated}, nil
	case err != nil:
		return store.SaveResult{}, fmt.Errorf("save advisory %s: %w", a.TrackingID, err)
	}

	if curHash == hash {
		return store.SaveResult{ID: id, Outcome: store.OutcomeUnchanged}, nil
	}
	var cur advisory.Advisory
	if err := json.Unmarshal(curModel, &cur); err != nil {
		return store.SaveResult{}, fmt.Errorf("save advisory %s: read stored revision: %w", a.TrackingID, err)
	}
	if !advisory.Newer(a, &cur) {
		// An older (or same-dated, same-version) revision: keep it in the
		// history, leave the current one.
		if err := saveRevision(ctx, tx, id, a.Version, hash, in.Data, now); err != nil {
			return store.SaveResult{}, err
		}
		if err := tx.Commit(); err != nil {
			return store.SaveResult{}, fmt.Errorf("save advisory %s: %w", a.TrackingID, err)
		}
		if advisory.CompareTrackingVersions(a.Version, cur.Version) == 0 {
			return store.SaveResult{ID: id, Outcome: store.OutcomeUnchanged, Previous: cur.Version}, nil
		}
		return store.SaveResult{ID: id, Outcome: store.OutcomeOlder, Previous: cur.Version}, nil
	}
	// A new revision is a draft until it is published: readers outside the
	// CERT do not see it (nor, meanwhile, the old one) before then.
	_, err = tx.ExecContext(ctx, `UPDATE advisories SET tracking_id = ?, tracking_id_key = ?, version = ?, title = ?, publisher = ?, tlp = ?, severity = ?, lang = ?,
		current_release = ?, cves = ?, format = ?, source_name = ?, source = ?, hash = ?, model = ?, updated = ?, published_at = NULL WHERE id = ?`,
		a.TrackingID, strings.ToLower(a.TrackingID), a.Version, a.Title, a.Publisher.Name, string(a.TLP), int(a.Severity()), a.Lang,
		ts(a.CurrentRelease), strings.Join(a.CVEs(), " "), in.Format, in.Name, []byte{}, hash, model, ts(now), id)
	if err != nil {
		return store.SaveResult{}, fmt.Errorf("save advisory %s: %w", a.TrackingID, err)
	}
	if err := saveSearch(ctx, tx, id, a, false); err != nil {
		return store.SaveResult{}, err
	}
	if err := saveRevision(ctx, tx, id, a.Version, hash, in.Data, now); err != nil {
		return store.SaveResult{}, err
	}
	if err := tx.Commit(); err != nil {
		return store.SaveResult{}, fmt.Errorf("save advisory %s: %w", a.TrackingID, err)
	}
	return store.SaveResult{ID: id, Outcome: store.OutcomeUpdated, Previous: cur.Version}, nil
}

// langKey is the primary language subtag, lower case: "fr" for "fr-FR".
func langKey(l string) string {
	l = strings.ToLower(strings.TrimSpace(l))
	if i := strings.IndexAny(l, "-_"); i >= 0 {
		l = l[:i]
	}
	return l
}

func sameLang(a, b string) bool { return langKey(a) == langKey(b) }

func saveTranslation(ctx context.Context, tx *sql.Tx, id int64, a *advisory.Advisory, in store.Source, hash string, model []byte, now time.Time) error {
	var cur string
	err := tx.QueryRowContext(ctx, "SELECT version FROM advisory_translations WHERE advisory_id = ? AND lang_key = ?", id, langKey(a.Lang)).Scan(&cur)
	if err == nil && advisory.CompareTrackingVersions(a.Version, cur) < 0 {
		return nil // an older translation than the one kept
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO advisory_translations(advisory_id, lang, lang_key, version, hash, source_name, source, model, imported_at)
		VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT(advisory_id, lang_key) DO UPDATE SET lang = excluded.lang, version = excluded.version, hash = excluded.hash,
		source_name = excluded.source_name, source = excluded.source, model = excluded.model, imported_at = excluded.imported_at`,
		id, a.Lang, langKey(a.Lang), a.Version, hash, in.Name, in.Data, model, ts(now))
	if err != nil {
		return fmt.Errorf("save translation of %s into %s: %w", a.TrackingID, a.Lang, err)
	}
	return nil
}

// Translation implements store.Store.
func (s *Store) Translation(ctx context.Context, id int64, lang string) (*advisory.Advisory, store.Source, error) {
	var src store.Source
	var model []byte
	err := s.db.QueryRowContext(ctx, "SELECT source_name, source, model FROM advisory_translations WHERE advisory_id = ? AND lang_key = ?", id, langKey(lang)).
		Scan(&src.Name, &src.Data, &model)
	if err != nil {
		return nil, src, notFound(err, fmt.Sprintf("translation of advisory %d into %s", id, lang))
	}
	src.Format = "csaf"
	a := &advisory.Advisory{}
	if err := json.Unmarshal(model, a); err != nil {
		return nil, src, fmt.Errorf("translation of advisory %d into %s: %w", id, lang, err)
	}
	return a, src, nil
}

func saveRevision(ctx context.Context, tx *sql.Tx, id int64, version, hash string, data []byte, now time.Time) error {
	_, err := tx.ExecContext(ctx, "INSERT INTO advisory_revisions(advisory_id, version, hash, source, imported_at) VALUES(?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
		id, version, hash, data, ts(now))
	if err != nil {
		return fmt.Errorf("save revision %s: %w", version, err)
	}
	return nil
}

// saveSearch (re)writes the advisory's full-text entry and CVE index.
func saveSearch(ctx context.Context, tx *sql.Tx, id int64, a *advisory.Advisory, fresh bool) error {
	if !fresh {
		if _, err := tx.ExecContext(ctx, "DELETE FROM advisories_fts WHERE rowid = ?", id); err != nil {
			return fmt.Errorf("index advisory: %w", err)
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM advisory_cves WHERE advisory_id = ?", id); err != nil {
			return fmt.Errorf("index advisory: %w", err)
		}
	}
	seen := map[string]bool{}
	var products []string
	add := func(s string) {
		s = strings.TrimSpace(s)
		if s != "" && !seen[s] {
			seen[s] = true
			products = append(products, s)
		}
	}
	for _, p := range a.Products {
		add(p.Vendor)
		add(p.Family)
		add(p.Product)
		add(p.Name)
	}
	var body strings.Builder
	addNotes := func(ns []advisory.Note) {
		for _, n := range ns {
			body.WriteString(n.Title)
			body.WriteString("\n")
			body.WriteString(n.Text)
			body.WriteString("\n")
		}
	}
	addNotes(a.Notes)
	for _, v := range a.Vulnerabilities {
		body.WriteString(v.Title + "\n")
		if v.CWE != nil {
			body.WriteString(v.CWE.ID + " " + v.CWE.Name + "\n")
		}
		addNotes(v.Notes)
		for _, r := range v.Remediations {
			body.WriteString(r.Details + "\n")
		}
	}
	cves := a.CVEs()
	// Search looks at the first maxIndexedText bytes of the texts: a
	// crafted document of one word repeated a million times must not make
	// every search for that word slow (snippet() walks every occurrence).
	text, prods := capText(body.String()), capText(strings.Join(products, "\n"))
	if _, err := tx.ExecContext(ctx, "INSERT INTO advisories_fts(rowid, tracking_id, title, cves, products, body) VALUES(?, ?, ?, ?, ?, ?)",
		id, a.TrackingID, a.Title, strings.Join(cves, " "), prods, text); err != nil {
		return fmt.Errorf("index advisory: %w", err)
	}
	for _, c := range cves {
		if _, err := tx.ExecContext(ctx, "INSERT OR IGNORE INTO advisory_cves(advisory_id, cve) VALUES(?, ?)", id, c); err != nil {
			return fmt.Errorf("index advisory: %w", err)
		}
	}
	return nil
}

// maxIndexedText bounds the text of one advisory that full-text search
// indexes, per column.
const maxIndexedText = 256 << 10

func capText(s string) string {
	if len(s) <= maxIndexedText {
		return s
	}
	cut := maxIndexedText
	for cut > 0 && s[cut]&0xc0 == 0x80 {
		cut-- // not inside a UTF-8 sequence
	}
	return s[:cut]
}

const summaryCols = "a.id, a.tracking_id, a.version, a.title, a.publisher, a.tlp, a.severity, a.lang, a.current_release, a.cves, a.published_at"

func scanSummary(sc interface{ Scan(...any) error }, extra ...any) (store.Summary, error) {
	var sm store.Summary
	var tlp, cves string
	var sev int
	var release, published sql.NullString
	dst := append([]any{&sm.ID, &sm.TrackingID, &sm.Version, &sm.Title, &sm.Publisher, &tlp, &sev, &sm.Lang, &release, &cves, &published}, extra...)
	if err := sc.Scan(dst...); err != nil {
		return sm, err
	}
	sm.TLP = advisory.TLP(tlp)
	sm.Severity = advisory.Severity(sev)
	sm.CurrentRelease = parseTS(release)
	sm.PublishedAt = parseTS(published)
	sm.Published = published.Valid
	if cves != "" {
		sm.CVEs = strings.Fields(cves)
	}
	return sm, nil
}

// Advisory implements store.Store.
func (s *Store) Advisory(ctx context.Context, id int64) (*store.Record, error) {
	rec := &store.Record{}
	var model []byte
	row := s.db.QueryRowContext(ctx, "SELECT "+summaryCols+", a.key, a.format, a.source_name, a.source, a.hash, a.model FROM advisories a WHERE a.id = ?", id)
	sm, err := scanSummary(row, &rec.Key, &rec.Source.Format, &rec.Source.Name, &rec.Source.Data, &rec.Hash, &model)
	if err != nil {
		return nil, notFound(err, fmt.Sprintf("advisory %d", id))
	}
	rec.Summary = sm
	if len(rec.Source.Data) == 0 {
		// The document is stored once, in the revision history (by hash);
		// advisories.source is kept empty.
		if err := s.db.QueryRowContext(ctx, "SELECT source FROM advisory_revisions WHERE advisory_id = ? AND hash = ?", id, rec.Hash).Scan(&rec.Source.Data); err != nil && err != sql.ErrNoRows {
			return nil, fmt.Errorf("advisory %d: source: %w", id, err)
		}
	}
	rec.Advisory = &advisory.Advisory{}
	if err := json.Unmarshal(model, rec.Advisory); err != nil {
		return nil, fmt.Errorf("advisory %d: read model: %w", id, err)
	}
	rows, err := s.db.QueryContext(ctx, "SELECT version, hash, imported_at FROM advisory_revisions WHERE advisory_id = ? ORDER BY imported_at", id)
	if err != nil {
		return nil, fmt.Errorf("advisory %d: revisions: %w", id, err)
	}
	defer rows.Close()
	for rows.Next() {
		var r store.StoredRevision
		var at sql.NullString
		if err := rows.Scan(&r.Version, &r.Hash, &at); err != nil {
			return nil, fmt.Errorf("advisory %d: revisions: %w", id, err)
		}
		r.ImportedAt = parseTS(at)
		rec.Revisions = append(rec.Revisions, r)
	}
	sort.SliceStable(rec.Revisions, func(i, j int) bool {
		return advisory.CompareTrackingVersions(rec.Revisions[i].Version, rec.Revisions[j].Version) < 0
	})
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("advisory %d: revisions: %w", id, err)
	}
	trows, err := s.db.QueryContext(ctx, "SELECT lang FROM advisory_translations WHERE advisory_id = ? ORDER BY lang_key", id)
	if err != nil {
		return nil, fmt.Errorf("advisory %d: translations: %w", id, err)
	}
	defer trows.Close()
	for trows.Next() {
		var l string
		if err := trows.Scan(&l); err != nil {
			return nil, fmt.Errorf("advisory %d: translations: %w", id, err)
		}
		rec.Translations = append(rec.Translations, l)
	}
	return rec, trows.Err()
}

// AdvisoriesByTrackingID implements store.Store.
func (s *Store) AdvisoriesByTrackingID(ctx context.Context, trackingID string) ([]*store.Record, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT id FROM advisories WHERE tracking_id_key = ? ORDER BY id", strings.ToLower(strings.TrimSpace(trackingID)))
	if err != nil {
		return nil, fmt.Errorf("find advisory %s: %w", trackingID, err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, fmt.Errorf("find advisory %s: %w", trackingID, err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	if len(ids) == 0 {
		return nil, fmt.Errorf("advisory %s: %w", trackingID, store.ErrNotFound)
	}
	var out []*store.Record
	for _, id := range ids {
		r, err := s.Advisory(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// ftsQuery turns what a person typed into an FTS5 query: every word must
// appear; each word is quoted so that punctuation (CVE-2024-1234,
// ICSA-24-100-01) becomes a phrase and FTS5 syntax cannot be injected.
func ftsQuery(q string) string {
	// Control characters (a NUL ends the query string in SQLite) are spaces.
	q = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, q)
	var parts []string
	for _, w := range strings.Fields(q) {
		w = strings.ReplaceAll(w, `"`, `""`)
		parts = append(parts, `"`+w+`"`)
	}
	return strings.Join(parts, " ")
}

func filterSQL(f store.Filter) (from, where string, args []any) {
	from = "advisories a"
	var conds []string
	if q := ftsQuery(f.Query); q != "" {
		from = "advisories_fts f JOIN advisories a ON a.id = f.rowid"
		conds = append(conds, "advisories_fts MATCH ?")
		args = append(args, q)
	}
	if f.PublishedOnly {
		conds = append(conds, "a.published_at IS NOT NULL")
	}
	if f.MatchedOrg != 0 {
		conds = append(conds, "EXISTS (SELECT 1 FROM matches m WHERE m.advisory_id = a.id AND m.version = a.version AND m.org_id = ?)")
		args = append(args, f.MatchedOrg)
	}
	restricted := "a.tlp IN ('AMBER','AMBER+STRICT','RED')"
	if f.HideRestricted {
		conds = append(conds, "NOT "+restricted)
	} else if f.RestrictedOrg != 0 {
		// The current revision must have been sent to the organisation: an
		// earlier, less restricted revision does not open a RED one.
		conds = append(conds, "(NOT "+restricted+" OR EXISTS (SELECT 1 FROM matches m WHERE m.advisory_id = a.id AND m.version = a.version AND m.org_id = ?))")
		args = append(args, f.RestrictedOrg)
	}
	if len(conds) > 0 {
		where = " WHERE " + strings.Join(conds, " AND ")
	}
	return from, where, args
}

// ListAdvisories implements store.Store.
func (s *Store) ListAdvisories(ctx context.Context, f store.Filter) ([]store.Summary, error) {
	from, where, args := filterSQL(f)
	cols := summaryCols
	order := " ORDER BY a.current_release DESC, a.id DESC"
	search := f.Query != "" && ftsQuery(f.Query) != ""
	if search {
		cols += ", snippet(advisories_fts, -1, '«', '»', '…', 16)"
		order = " ORDER BY rank, a.current_release DESC"
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	q := "SELECT " + cols + " FROM " + from + where + order + " LIMIT ? OFFSET ?"
	args = append(args, limit, f.Offset)
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list advisories: %w", err)
	}
	defer rows.Close()
	var out []store.Summary
	for rows.Next() {
		var snippet sql.NullString
		var extra []any
		if search {
			extra = append(extra, &snippet)
		}
		sm, err := scanSummary(rows, extra...)
		if err != nil {
			return nil, fmt.Errorf("list advisories: %w", err)
		}
		sm.Snippet = snippet.String
		out = append(out, sm)
	}
	return out, rows.Err()
}

// CountAdvisories implements store.Store.
func (s *Store) CountAdvisories(ctx context.Context, f store.Filter) (int, error) {
	from, where, args := filterSQL(f)
	var n int
	if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM "+from+where, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("count advisories: %w", err)
	}
	return n, nil
}

// Publish implements store.Store.
func (s *Store) Publish(ctx context.Context, advisoryID int64, version string, matches []store.Match, deliveries []store.Delivery) (int, error) {
	now := time.Now()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("publish: %w", err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, "UPDATE advisories SET published_at = COALESCE(published_at, ?) WHERE id = ? AND version = ?", ts(now), advisoryID, version)
	if err != nil {
		return 0, fmt.Errorf("publish: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return 0, fmt.Errorf("publish advisory %d version %s: not the current revision: %w", advisoryID, version, store.ErrNotFound)
	}
	mst, err := tx.PrepareContext(ctx, "INSERT OR IGNORE INTO matches(advisory_id, version, profile_id, org_id, product_id, spec, reason, created) VALUES(?, ?, ?, ?, ?, ?, ?, ?)")
	if err != nil {
		return 0, fmt.Errorf("publish: %w", err)
	}
	defer mst.Close()
	for _, m := range matches {
		if _, err := mst.ExecContext(ctx, advisoryID, version, m.ProfileID, m.OrgID, m.ProductID, m.Spec, m.Reason, ts(now)); err != nil {
			return 0, fmt.Errorf("publish: record match: %w", err)
		}
	}
	dst, err := tx.PrepareContext(ctx, `INSERT OR IGNORE INTO deliveries(advisory_id, version, profile_id, org_id, recipient, channel, variant, status, created, next_try)
		VALUES(?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)`)
	if err != nil {
		return 0, fmt.Errorf("publish: %w", err)
	}
	defer dst.Close()
	created := 0
	for _, d := range deliveries {
		r, err := dst.ExecContext(ctx, advisoryID, version, d.ProfileID, d.OrgID, strings.ToLower(d.Recipient), d.Channel, d.Variant, ts(now), ts(now))
		if err != nil {
			return 0, fmt.Errorf("publish: record delivery: %w", err)
		}
		if n, _ := r.RowsAffected(); n > 0 {
			created++
		}
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("publish: %w", err)
	}
	return created, nil
}

// AddMatches implements store.Store.
func (s *Store) AddMatches(ctx context.Context, matches []store.Match) (int, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("add matches: %w", err)
	}
	defer tx.Rollback()
	st, err := tx.PrepareContext(ctx, "INSERT OR IGNORE INTO matches(advisory_id, version, profile_id, org_id, product_id, spec, reason, created) VALUES(?, ?, ?, ?, ?, ?, ?, ?)")
	if err != nil {
		return 0, fmt.Errorf("add matches: %w", err)
	}
	defer st.Close()
	now := ts(time.Now())
	n := 0
	for _, m := range matches {
		r, err := st.ExecContext(ctx, m.AdvisoryID, m.Version, m.ProfileID, m.OrgID, m.ProductID, m.Spec, m.Reason, now)
		if err != nil {
			return 0, fmt.Errorf("add matches: %w", err)
		}
		if k, _ := r.RowsAffected(); k > 0 {
			n++
		}
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("add matches: %w", err)
	}
	return n, nil
}

// MatchedOrgs implements store.Store.
func (s *Store) MatchedOrgs(ctx context.Context, advisoryID int64) ([]int64, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT DISTINCT m.org_id FROM matches m JOIN advisories a ON a.id = m.advisory_id AND a.version = m.version WHERE m.advisory_id = ? ORDER BY m.org_id", advisoryID)
	if err != nil {
		return nil, fmt.Errorf("matched organisations: %w", err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("matched organisations: %w", err)
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// Matches implements store.Store.
func (s *Store) Matches(ctx context.Context, advisoryID int64) ([]store.Match, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT advisory_id, version, profile_id, org_id, product_id, spec, reason, created FROM matches WHERE advisory_id = ? ORDER BY created, profile_id", advisoryID)
	if err != nil {
		return nil, fmt.Errorf("matches: %w", err)
	}
	defer rows.Close()
	var out []store.Match
	for rows.Next() {
		var m store.Match
		var created sql.NullString
		if err := rows.Scan(&m.AdvisoryID, &m.Version, &m.ProfileID, &m.OrgID, &m.ProductID, &m.Spec, &m.Reason, &created); err != nil {
			return nil, fmt.Errorf("matches: %w", err)
		}
		m.Created = parseTS(created)
		out = append(out, m)
	}
	return out, rows.Err()
}

const deliveryCols = "id, advisory_id, version, profile_id, org_id, recipient, channel, variant, status, attempts, last_error, message_id, created, next_try, sent_at"

func scanDelivery(sc interface{ Scan(...any) error }) (store.Delivery, error) {
	var d store.Delivery
	var status string
	var created, next, sent sql.NullString
	err := sc.Scan(&d.ID, &d.AdvisoryID, &d.Version, &d.ProfileID, &d.OrgID, &d.Recipient, &d.Channel, &d.Variant, &status, &d.Attempts, &d.LastError, &d.MessageID, &created, &next, &sent)
	d.Status = store.DeliveryStatus(status)
	d.Created, d.NextTry, d.SentAt = parseTS(created), parseTS(next), parseTS(sent)
	return d, err
}

func (s *Store) queryDeliveries(ctx context.Context, q string, args ...any) ([]store.Delivery, error) {
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("deliveries: %w", err)
	}
	defer rows.Close()
	var out []store.Delivery
	for rows.Next() {
		d, err := scanDelivery(rows)
		if err != nil {
			return nil, fmt.Errorf("deliveries: %w", err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// PendingDeliveries implements store.Store.
func (s *Store) PendingDeliveries(ctx context.Context, now time.Time, limit int) ([]store.Delivery, error) {
	return s.queryDeliveries(ctx, "SELECT "+deliveryCols+" FROM deliveries WHERE status = 'pending' AND next_try <= ? ORDER BY id LIMIT ?", ts(now), limit)
}

// Deliveries implements store.Store.
func (s *Store) Deliveries(ctx context.Context, advisoryID int64) ([]store.Delivery, error) {
	return s.queryDeliveries(ctx, "SELECT "+deliveryCols+" FROM deliveries WHERE advisory_id = ? ORDER BY id", advisoryID)
}

// MarkSent implements store.Store.
func (s *Store) MarkSent(ctx context.Context, id int64, messageID string, at time.Time) error {
	_, err := s.db.ExecContext(ctx, "UPDATE deliveries SET status = 'sent', attempts = attempts + 1, message_id = ?, sent_at = ?, last_error = '' WHERE id = ?", messageID, ts(at), id)
	if err != nil {
		return fmt.Errorf("mark delivery %d sent: %w", id, err)
	}
	return nil
}

// MarkFailed implements store.Store.
func (s *Store) MarkFailed(ctx context.Context, id int64, reason string, permanent bool, retryAt time.Time) error {
	status := string(store.DeliveryPending)
	if permanent {
		status = string(store.DeliveryFailed)
	}
	_, err := s.db.ExecContext(ctx, "UPDATE deliveries SET status = ?, attempts = attempts + 1, last_error = ?, next_try = ? WHERE id = ?", status, reason, ts(retryAt), id)
	if err != nil {
		return fmt.Errorf("mark delivery %d failed: %w", id, err)
	}
	return nil
}

// Postpone implements store.Store.
func (s *Store) Postpone(ctx context.Context, id int64, reason string, until time.Time) error {
	if _, err := s.db.ExecContext(ctx, "UPDATE deliveries SET last_error = ?, next_try = ? WHERE id = ? AND status = 'pending'", reason, ts(until), id); err != nil {
		return fmt.Errorf("postpone delivery %d: %w", id, err)
	}
	return nil
}

// RetryNow implements store.Store.
func (s *Store) RetryNow(ctx context.Context, now time.Time) (int, error) {
	res, err := s.db.ExecContext(ctx, "UPDATE deliveries SET next_try = ? WHERE status = 'pending' AND next_try > ?", ts(now), ts(now))
	if err != nil {
		return 0, fmt.Errorf("retry deliveries now: %w", err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

// DeliveryCounts implements store.Store.
func (s *Store) DeliveryCounts(ctx context.Context) (map[store.DeliveryStatus]int, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT status, count(*) FROM deliveries GROUP BY status")
	if err != nil {
		return nil, fmt.Errorf("count deliveries: %w", err)
	}
	defer rows.Close()
	out := map[store.DeliveryStatus]int{}
	for rows.Next() {
		var st string
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return nil, fmt.Errorf("count deliveries: %w", err)
		}
		out[store.DeliveryStatus(st)] = n
	}
	return out, rows.Err()
}
