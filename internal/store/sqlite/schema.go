package sqlite

// migrations is the ordered list of schema changes; the schema version is
// the number applied (kept in PRAGMA user_version). Append, never edit.
func migrations() []string {
	return []string{
		// 1: the core loop.
		`
CREATE TABLE settings (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);
CREATE TABLE orgs (
	id        INTEGER PRIMARY KEY,
	name      TEXT NOT NULL,
	name_key  TEXT NOT NULL UNIQUE,
	kind      TEXT NOT NULL CHECK (kind IN ('cert','intermediary','sme')),
	parent_id INTEGER REFERENCES orgs(id),
	created   TEXT NOT NULL
);
CREATE TABLE users (
	id            INTEGER PRIMARY KEY,
	org_id        INTEGER NOT NULL REFERENCES orgs(id),
	email         TEXT NOT NULL UNIQUE,
	role          TEXT NOT NULL CHECK (role IN ('admin','member')),
	password_hash TEXT NOT NULL DEFAULT '',
	created       TEXT NOT NULL
);
CREATE TABLE profiles (
	id         INTEGER PRIMARY KEY,
	org_id     INTEGER NOT NULL REFERENCES orgs(id),
	name       TEXT NOT NULL,
	products   TEXT NOT NULL,
	recipients TEXT NOT NULL,
	formats    TEXT NOT NULL,
	level      TEXT NOT NULL,
	lang       TEXT NOT NULL,
	created    TEXT NOT NULL,
	UNIQUE (org_id, name)
);
CREATE TABLE advisories (
	id              INTEGER PRIMARY KEY,
	key             TEXT NOT NULL UNIQUE,
	tracking_id     TEXT NOT NULL,
	tracking_id_key TEXT NOT NULL,
	version         TEXT NOT NULL,
	title           TEXT NOT NULL,
	publisher       TEXT NOT NULL,
	tlp             TEXT NOT NULL,
	severity        INTEGER NOT NULL,
	lang            TEXT NOT NULL,
	current_release TEXT NOT NULL,
	cves            TEXT NOT NULL,
	format          TEXT NOT NULL,
	source_name     TEXT NOT NULL,
	source          BLOB NOT NULL,
	hash            TEXT NOT NULL,
	model           BLOB NOT NULL,
	published_at    TEXT,
	updated         TEXT NOT NULL
);
CREATE INDEX advisories_tracking ON advisories(tracking_id_key);
CREATE INDEX advisories_release ON advisories(current_release DESC, id DESC);
CREATE TABLE advisory_revisions (
	advisory_id INTEGER NOT NULL REFERENCES advisories(id),
	version     TEXT NOT NULL,
	hash        TEXT NOT NULL,
	source      BLOB NOT NULL,
	imported_at TEXT NOT NULL,
	PRIMARY KEY (advisory_id, hash)
);
CREATE TABLE advisory_cves (
	advisory_id INTEGER NOT NULL REFERENCES advisories(id),
	cve         TEXT NOT NULL,
	PRIMARY KEY (cve, advisory_id)
);
CREATE VIRTUAL TABLE advisories_fts USING fts5(
	tracking_id, title, cves, products, body,
	tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TABLE matches (
	advisory_id INTEGER NOT NULL REFERENCES advisories(id),
	version     TEXT NOT NULL,
	profile_id  INTEGER NOT NULL REFERENCES profiles(id),
	org_id      INTEGER NOT NULL REFERENCES orgs(id),
	product_id  TEXT NOT NULL,
	spec        TEXT NOT NULL,
	reason      TEXT NOT NULL,
	created     TEXT NOT NULL,
	PRIMARY KEY (advisory_id, version, profile_id, product_id)
);
CREATE INDEX matches_org ON matches(org_id, advisory_id);
CREATE TABLE deliveries (
	id          INTEGER PRIMARY KEY,
	advisory_id INTEGER NOT NULL REFERENCES advisories(id),
	version     TEXT NOT NULL,
	profile_id  INTEGER NOT NULL REFERENCES profiles(id),
	org_id      INTEGER NOT NULL REFERENCES orgs(id),
	recipient   TEXT NOT NULL,
	channel     TEXT NOT NULL,
	variant     TEXT NOT NULL,
	status      TEXT NOT NULL,
	attempts    INTEGER NOT NULL DEFAULT 0,
	last_error  TEXT NOT NULL DEFAULT '',
	message_id  TEXT NOT NULL DEFAULT '',
	created     TEXT NOT NULL,
	next_try    TEXT NOT NULL,
	sent_at     TEXT,
	UNIQUE (advisory_id, version, recipient, channel)
);
CREATE INDEX deliveries_due ON deliveries(status, next_try);
CREATE TABLE sessions (
	token_hash TEXT PRIMARY KEY,
	user_id    INTEGER NOT NULL REFERENCES users(id),
	csrf       TEXT NOT NULL,
	created    TEXT NOT NULL,
	expires    TEXT NOT NULL
);
`,
		// 2: translations of advisories.
		`
CREATE TABLE advisory_translations (
	advisory_id INTEGER NOT NULL REFERENCES advisories(id),
	lang        TEXT NOT NULL,
	lang_key    TEXT NOT NULL,
	version     TEXT NOT NULL,
	hash        TEXT NOT NULL,
	source_name TEXT NOT NULL,
	source      BLOB NOT NULL,
	model       BLOB NOT NULL,
	imported_at TEXT NOT NULL,
	PRIMARY KEY (advisory_id, lang_key)
);
`,
		// 3: profile options (severity threshold, TLP, schedule, alerts, pause).
		`
ALTER TABLE profiles ADD COLUMN settings TEXT NOT NULL DEFAULT '{}';
`,
		// 4: intermediary types, time zones, the audit log.
		`
ALTER TABLE orgs ADD COLUMN intermediary TEXT NOT NULL DEFAULT '';
ALTER TABLE orgs ADD COLUMN time_zone TEXT NOT NULL DEFAULT '';
CREATE TABLE audit (
	id     INTEGER PRIMARY KEY,
	at     TEXT NOT NULL,
	actor  TEXT NOT NULL,
	action TEXT NOT NULL,
	target TEXT NOT NULL,
	detail TEXT NOT NULL
);
CREATE INDEX audit_at ON audit(at);
`,
		// 5: API tokens for scripts; the product catalogue; sector groups.
		`
CREATE TABLE catalogue (
	vendor_key  TEXT NOT NULL,
	product_key TEXT NOT NULL,
	vendor      TEXT NOT NULL,
	product     TEXT NOT NULL,
	cpe         TEXT NOT NULL,
	purl        TEXT NOT NULL,
	source      TEXT NOT NULL,
	advisories  INTEGER NOT NULL,
	PRIMARY KEY (vendor_key, product_key)
);
CREATE INDEX catalogue_product ON catalogue(product_key);
CREATE TABLE sector_groups (
	id       INTEGER PRIMARY KEY,
	name     TEXT NOT NULL,
	name_key TEXT NOT NULL UNIQUE,
	created  TEXT NOT NULL
);
CREATE TABLE sector_group_members (
	group_id INTEGER NOT NULL REFERENCES sector_groups(id),
	org_id   INTEGER NOT NULL REFERENCES orgs(id),
	PRIMARY KEY (group_id, org_id)
);
CREATE TABLE api_tokens (
	token_hash TEXT PRIMARY KEY,
	user_id    INTEGER NOT NULL REFERENCES users(id),
	name       TEXT NOT NULL,
	created    TEXT NOT NULL
);
`,
		// 6: removed profiles stay (their matches and deliveries are
		// history) but are no longer listed or matched.
		`
ALTER TABLE profiles ADD COLUMN removed INTEGER NOT NULL DEFAULT 0;
`,
	}
}
