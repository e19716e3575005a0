// Package sqlite implements store.Store on an embedded SQLite database
// (modernc.org/sqlite, pure Go) with FTS5 full-text search.
package sqlite

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"time"

	_ "modernc.org/sqlite" // database/sql driver "sqlite"

	"github.com/tocsin-cert/tocsin/internal/org"
	"github.com/tocsin-cert/tocsin/internal/store"
)

// timeFormat is fixed-width so that stored times sort as text.
const timeFormat = "2006-01-02T15:04:05.000000000Z"

// Store is the SQLite implementation of store.Store.
type Store struct {
	db *sql.DB
}

var _ store.Store = (*Store)(nil)

// Open opens (creating if needed) the database at path and brings its
// schema up to date.
func Open(ctx context.Context, path string) (*Store, error) {
	dsn := "file:" + path + "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_txlock=immediate"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	db.SetMaxOpenConns(4)
	s := &Store{db: db}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	// The database holds password hashes and TLP:RED advisories: only its
	// owner may read it, whatever the umask.
	for _, f := range []string{path, path + "-wal", path + "-shm"} {
		if err := os.Chmod(f, 0o600); err != nil && !errors.Is(err, fs.ErrNotExist) {
			db.Close()
			return nil, fmt.Errorf("open database %s: %w", path, err)
		}
	}
	return s, nil
}

func (s *Store) migrate(ctx context.Context) error {
	var version int
	if err := s.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	ms := migrations()
	if version > len(ms) {
		return fmt.Errorf("the database has schema version %d but this tocsin knows only %d: use a newer tocsin", version, len(ms))
	}
	for i := version; i < len(ms); i++ {
		tx, err := s.db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, ms[i]); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %d: %w", i+1, err)
		}
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", i+1)); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %d: %w", i+1, err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("migration %d: %w", i+1, err)
		}
	}
	return nil
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

func ts(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(timeFormat)
}

func nullTS(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return ts(t)
}

func parseTS(s sql.NullString) time.Time {
	if !s.Valid || s.String == "" {
		return time.Time{}
	}
	t, err := time.Parse(timeFormat, s.String)
	if err != nil {
		t, _ = time.Parse(time.RFC3339Nano, s.String)
	}
	return t
}

func notFound(err error, what string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%s: %w", what, store.ErrNotFound)
	}
	return fmt.Errorf("%s: %w", what, err)
}

func isUnique(err error) bool {
	return err != nil && strings.Contains(err.Error(), "UNIQUE constraint failed")
}

// Setting implements store.Store.
func (s *Store) Setting(ctx context.Context, key string) (string, error) {
	var v string
	err := s.db.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = ?", key).Scan(&v)
	if err != nil {
		return "", notFound(err, "setting "+key)
	}
	return v, nil
}

// SetSetting implements store.Store.
func (s *Store) SetSetting(ctx context.Context, key, value string) error {
	_, err := s.db.ExecContext(ctx, "INSERT INTO settings(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", key, value)
	if err != nil {
		return fmt.Errorf("set setting %s: %w", key, err)
	}
	return nil
}

// NameKey folds an organisation name for uniqueness: case and surrounding
// space do not make two organisations different.
func NameKey(name string) string {
	return strings.ToLower(strings.Join(strings.Fields(name), " "))
}

// CreateOrg implements store.Store.
func (s *Store) CreateOrg(ctx context.Context, o org.Org) (org.Org, error) {
	if o.Created.IsZero() {
		o.Created = time.Now()
	}
	var parent any
	if o.ParentID != 0 {
		parent = o.ParentID
	}
	res, err := s.db.ExecContext(ctx, "INSERT INTO orgs(name, name_key, kind, parent_id, intermediary, time_zone, created) VALUES(?, ?, ?, ?, ?, ?, ?)",
		o.Name, NameKey(o.Name), string(o.Kind), parent, o.Intermediary, o.TimeZone, ts(o.Created))
	if isUnique(err) {
		return o, fmt.Errorf("create organisation %q: %w", o.Name, store.ErrExists)
	}
	if err != nil {
		return o, fmt.Errorf("create organisation %q: %w", o.Name, err)
	}
	o.ID, _ = res.LastInsertId()
	return o, nil
}

const orgCols = "id, name, kind, COALESCE(parent_id, 0), intermediary, time_zone, created"

func scanOrg(sc interface{ Scan(...any) error }) (org.Org, error) {
	var o org.Org
	var kind string
	var created sql.NullString
	err := sc.Scan(&o.ID, &o.Name, &kind, &o.ParentID, &o.Intermediary, &o.TimeZone, &created)
	o.Kind = org.Kind(kind)
	o.Created = parseTS(created)
	return o, err
}

// CreateAPIToken implements store.Store.
func (s *Store) CreateAPIToken(ctx context.Context, tokenHash string, userID int64, name string, at time.Time) error {
	if _, err := s.db.ExecContext(ctx, "INSERT INTO api_tokens(token_hash, user_id, name, created) VALUES(?, ?, ?, ?)", tokenHash, userID, name, ts(at)); err != nil {
		return fmt.Errorf("create API token: %w", err)
	}
	return nil
}

// APITokenUser implements store.Store.
func (s *Store) APITokenUser(ctx context.Context, tokenHash string) (int64, error) {
	var id int64
	if err := s.db.QueryRowContext(ctx, "SELECT user_id FROM api_tokens WHERE token_hash = ?", tokenHash).Scan(&id); err != nil {
		return 0, notFound(err, "API token")
	}
	return id, nil
}

// AddAudit implements store.Store.
func (s *Store) AddAudit(ctx context.Context, e store.AuditEntry) error {
	if e.At.IsZero() {
		e.At = time.Now()
	}
	_, err := s.db.ExecContext(ctx, "INSERT INTO audit(at, actor, action, target, detail) VALUES(?, ?, ?, ?, ?)", ts(e.At), e.Actor, e.Action, e.Target, e.Detail)
	if err != nil {
		return fmt.Errorf("audit log: %w", err)
	}
	return nil
}

// Audit implements store.Store.
func (s *Store) Audit(ctx context.Context, limit int) ([]store.AuditEntry, error) {
	if limit <= 0 {
		limit = 100
	}
	rows, err := s.db.QueryContext(ctx, "SELECT at, actor, action, target, detail FROM audit ORDER BY id DESC LIMIT ?", limit)
	if err != nil {
		return nil, fmt.Errorf("audit log: %w", err)
	}
	defer rows.Close()
	var out []store.AuditEntry
	for rows.Next() {
		var e store.AuditEntry
		var at sql.NullString
		if err := rows.Scan(&at, &e.Actor, &e.Action, &e.Target, &e.Detail); err != nil {
			return nil, fmt.Errorf("audit log: %w", err)
		}
		e.At = parseTS(at)
		out = append(out, e)
	}
	return out, rows.Err()
}

// OrgByID implements store.Store.
func (s *Store) OrgByID(ctx context.Context, id int64) (org.Org, error) {
	o, err := scanOrg(s.db.QueryRowContext(ctx, "SELECT "+orgCols+" FROM orgs WHERE id = ?", id))
	if err != nil {
		return o, notFound(err, fmt.Sprintf("organisation %d", id))
	}
	return o, nil
}

// OrgByName implements store.Store.
func (s *Store) OrgByName(ctx context.Context, name string) (org.Org, error) {
	o, err := scanOrg(s.db.QueryRowContext(ctx, "SELECT "+orgCols+" FROM orgs WHERE name_key = ?", NameKey(name)))
	if err != nil {
		return o, notFound(err, fmt.Sprintf("organisation %q", name))
	}
	return o, nil
}

// ListOrgs implements store.Store.
func (s *Store) ListOrgs(ctx context.Context) ([]org.Org, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT "+orgCols+" FROM orgs ORDER BY id")
	if err != nil {
		return nil, fmt.Errorf("list organisations: %w", err)
	}
	defer rows.Close()
	var out []org.Org
	for rows.Next() {
		o, err := scanOrg(rows)
		if err != nil {
			return nil, fmt.Errorf("list organisations: %w", err)
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// CreateUser implements store.Store.
func (s *Store) CreateUser(ctx context.Context, u org.User) (org.User, error) {
	if u.Created.IsZero() {
		u.Created = time.Now()
	}
	u.Email = strings.ToLower(strings.TrimSpace(u.Email))
	res, err := s.db.ExecContext(ctx, "INSERT INTO users(org_id, email, role, password_hash, created) VALUES(?, ?, ?, ?, ?)",
		u.OrgID, u.Email, string(u.Role), u.PasswordHash, ts(u.Created))
	if isUnique(err) {
		return u, fmt.Errorf("create user %s: %w", u.Email, store.ErrExists)
	}
	if err != nil {
		return u, fmt.Errorf("create user %s: %w", u.Email, err)
	}
	u.ID, _ = res.LastInsertId()
	return u, nil
}

const userCols = "id, org_id, email, role, password_hash, created"

func scanUser(sc interface{ Scan(...any) error }) (org.User, error) {
	var u org.User
	var role string
	var created sql.NullString
	err := sc.Scan(&u.ID, &u.OrgID, &u.Email, &role, &u.PasswordHash, &created)
	u.Role = org.Role(role)
	u.Created = parseTS(created)
	return u, err
}

// UserByID implements store.Store.
func (s *Store) UserByID(ctx context.Context, id int64) (org.User, error) {
	u, err := scanUser(s.db.QueryRowContext(ctx, "SELECT "+userCols+" FROM users WHERE id = ?", id))
	if err != nil {
		return u, notFound(err, fmt.Sprintf("user %d", id))
	}
	return u, nil
}

// UserByEmail implements store.Store.
func (s *Store) UserByEmail(ctx context.Context, email string) (org.User, error) {
	u, err := scanUser(s.db.QueryRowContext(ctx, "SELECT "+userCols+" FROM users WHERE email = ?", strings.ToLower(strings.TrimSpace(email))))
	if err != nil {
		return u, notFound(err, "user "+email)
	}
	return u, nil
}

// ListUsers implements store.Store.
func (s *Store) ListUsers(ctx context.Context, orgID int64) ([]org.User, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT "+userCols+" FROM users WHERE org_id = ? ORDER BY id", orgID)
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	defer rows.Close()
	var out []org.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, fmt.Errorf("list users: %w", err)
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// SetPassword implements store.Store.
func (s *Store) SetPassword(ctx context.Context, userID int64, hash string) error {
	res, err := s.db.ExecContext(ctx, "UPDATE users SET password_hash = ? WHERE id = ?", hash, userID)
	if err != nil {
		return fmt.Errorf("set password: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("set password for user %d: %w", userID, store.ErrNotFound)
	}
	return nil
}

// CreateProfile implements store.Store.
func (s *Store) CreateProfile(ctx context.Context, p org.Profile) (org.Profile, error) {
	if p.Created.IsZero() {
		p.Created = time.Now()
	}
	products, _ := json.Marshal(p.Products)
	recipients, _ := json.Marshal(p.Recipients)
	formats, _ := json.Marshal(p.Formats)
	settings, _ := json.Marshal(p.Settings())
	res, err := s.db.ExecContext(ctx, "INSERT INTO profiles(org_id, name, products, recipients, formats, level, lang, settings, created) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)",
		p.OrgID, p.Name, string(products), string(recipients), string(formats), p.Level, p.Lang, string(settings), ts(p.Created))
	if isUnique(err) {
		return p, fmt.Errorf("create profile %q: %w", p.Name, store.ErrExists)
	}
	if err != nil {
		return p, fmt.Errorf("create profile %q: %w", p.Name, err)
	}
	p.ID, _ = res.LastInsertId()
	return p, nil
}

// RemoveProfile implements store.Store.
func (s *Store) RemoveProfile(ctx context.Context, id int64) error {
	// The name is freed for a new profile; the row stays for the history
	// of its matches and deliveries.
	res, err := s.db.ExecContext(ctx, "UPDATE profiles SET removed = 1, name = name || ' (removed ' || id || ')' WHERE id = ? AND removed = 0", id)
	if err != nil {
		return fmt.Errorf("remove profile %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("remove profile %d: %w", id, store.ErrNotFound)
	}
	return nil
}

// UpdateProfile implements store.Store.
func (s *Store) UpdateProfile(ctx context.Context, p org.Profile) error {
	products, _ := json.Marshal(nonNilStrings(p.Products))
	recipients, _ := json.Marshal(nonNilStrings(p.Recipients))
	formats, _ := json.Marshal(nonNilStrings(p.Formats))
	settings, _ := json.Marshal(p.Settings())
	res, err := s.db.ExecContext(ctx, "UPDATE profiles SET name = ?, products = ?, recipients = ?, formats = ?, level = ?, lang = ?, settings = ? WHERE id = ?",
		p.Name, string(products), string(recipients), string(formats), p.Level, p.Lang, string(settings), p.ID)
	if isUnique(err) {
		return fmt.Errorf("update profile %q: %w", p.Name, store.ErrExists)
	}
	if err != nil {
		return fmt.Errorf("update profile %d: %w", p.ID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("update profile %d: %w", p.ID, store.ErrNotFound)
	}
	return nil
}

func nonNilStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// UpdateProfileProducts implements store.Store.
func (s *Store) UpdateProfileProducts(ctx context.Context, profileID int64, products []string) error {
	if products == nil {
		products = []string{}
	}
	data, err := json.Marshal(products)
	if err != nil {
		return fmt.Errorf("update products of profile %d: %w", profileID, err)
	}
	res, err := s.db.ExecContext(ctx, "UPDATE profiles SET products = ? WHERE id = ?", string(data), profileID)
	if err != nil {
		return fmt.Errorf("update products of profile %d: %w", profileID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("update products of profile %d: %w", profileID, store.ErrNotFound)
	}
	return nil
}

const profileCols = "id, org_id, name, products, recipients, formats, level, lang, settings, created"

func scanProfile(sc interface{ Scan(...any) error }) (org.Profile, error) {
	var p org.Profile
	var products, recipients, formats, settings string
	var created sql.NullString
	if err := sc.Scan(&p.ID, &p.OrgID, &p.Name, &products, &recipients, &formats, &p.Level, &p.Lang, &settings, &created); err != nil {
		return p, err
	}
	var ps org.ProfileSettings
	if err := json.Unmarshal([]byte(settings), &ps); err != nil {
		return p, fmt.Errorf("profile %d settings: %w", p.ID, err)
	}
	p.SetSettings(ps)
	p.Created = parseTS(created)
	for _, f := range []struct {
		src string
		dst *[]string
	}{{products, &p.Products}, {recipients, &p.Recipients}, {formats, &p.Formats}} {
		if err := json.Unmarshal([]byte(f.src), f.dst); err != nil {
			return p, fmt.Errorf("profile %d: %w", p.ID, err)
		}
	}
	return p, nil
}

func (s *Store) queryProfiles(ctx context.Context, q string, args ...any) ([]org.Profile, error) {
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list profiles: %w", err)
	}
	defer rows.Close()
	var out []org.Profile
	for rows.Next() {
		p, err := scanProfile(rows)
		if err != nil {
			return nil, fmt.Errorf("list profiles: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// ListProfiles implements store.Store.
func (s *Store) ListProfiles(ctx context.Context) ([]org.Profile, error) {
	return s.queryProfiles(ctx, "SELECT "+profileCols+" FROM profiles WHERE removed = 0 ORDER BY id")
}

// ProfilesByOrg implements store.Store.
func (s *Store) ProfilesByOrg(ctx context.Context, orgID int64) ([]org.Profile, error) {
	return s.queryProfiles(ctx, "SELECT "+profileCols+" FROM profiles WHERE org_id = ? AND removed = 0 ORDER BY id", orgID)
}

// Sessions.

// CreateSession implements store.Store.
func (s *Store) CreateSession(ctx context.Context, se store.Session) error {
	_, err := s.db.ExecContext(ctx, "INSERT INTO sessions(token_hash, user_id, csrf, created, expires) VALUES(?, ?, ?, ?, ?)",
		se.TokenHash, se.UserID, se.CSRF, ts(se.Created), ts(se.Expires))
	if err != nil {
		return fmt.Errorf("create session: %w", err)
	}
	return nil
}

// SessionByTokenHash implements store.Store.
func (s *Store) SessionByTokenHash(ctx context.Context, tokenHash string, now time.Time) (store.Session, error) {
	var se store.Session
	var created, expires sql.NullString
	err := s.db.QueryRowContext(ctx, "SELECT token_hash, user_id, csrf, created, expires FROM sessions WHERE token_hash = ? AND expires > ?", tokenHash, ts(now)).
		Scan(&se.TokenHash, &se.UserID, &se.CSRF, &created, &expires)
	if err != nil {
		return se, notFound(err, "session")
	}
	se.Created, se.Expires = parseTS(created), parseTS(expires)
	return se, nil
}

// DeleteSession implements store.Store.
func (s *Store) DeleteSession(ctx context.Context, tokenHash string) error {
	if _, err := s.db.ExecContext(ctx, "DELETE FROM sessions WHERE token_hash = ?", tokenHash); err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return nil
}

// DeleteUserSessions implements store.Store.
func (s *Store) DeleteUserSessions(ctx context.Context, userID int64) error {
	if _, err := s.db.ExecContext(ctx, "DELETE FROM sessions WHERE user_id = ?", userID); err != nil {
		return fmt.Errorf("end sessions of user %d: %w", userID, err)
	}
	return nil
}

// DeleteExpiredSessions implements store.Store.
func (s *Store) DeleteExpiredSessions(ctx context.Context, now time.Time) (int, error) {
	res, err := s.db.ExecContext(ctx, "DELETE FROM sessions WHERE expires <= ?", ts(now))
	if err != nil {
		return 0, fmt.Errorf("delete expired sessions: %w", err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

func hashHex(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}
