// Package store defines how Tocsin keeps its state: organisations, users,
// profiles, advisories with their revisions, publications, matches,
// deliveries and sessions. Callers depend on the Store interface only; the
// SQLite implementation lives in store/sqlite and a PostgreSQL one can follow
// without touching them.
package store

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/tocsin-cert/tocsin/internal/advisory"
	"github.com/tocsin-cert/tocsin/internal/org"
)

// ErrNotFound is returned when a looked-up record does not exist.
var ErrNotFound = errors.New("not found")

// ErrExists is returned when a record with the same unique name exists.
var ErrExists = errors.New("already exists")

// Store is Tocsin's persistent state.
type Store interface {
	Close() error

	// Setting returns an instance setting ("" and ErrNotFound when unset).
	Setting(ctx context.Context, key string) (string, error)
	SetSetting(ctx context.Context, key, value string) error

	CreateOrg(ctx context.Context, o org.Org) (org.Org, error)
	OrgByID(ctx context.Context, id int64) (org.Org, error)
	OrgByName(ctx context.Context, name string) (org.Org, error)
	ListOrgs(ctx context.Context) ([]org.Org, error)

	CreateUser(ctx context.Context, u org.User) (org.User, error)
	UserByID(ctx context.Context, id int64) (org.User, error)
	UserByEmail(ctx context.Context, email string) (org.User, error)
	ListUsers(ctx context.Context, orgID int64) ([]org.User, error)
	SetPassword(ctx context.Context, userID int64, hash string) error

	CreateProfile(ctx context.Context, p org.Profile) (org.Profile, error)
	ListProfiles(ctx context.Context) ([]org.Profile, error)
	// RemoveProfile takes a profile out of use: it is no longer listed nor
	// matched; its history stays.
	RemoveProfile(ctx context.Context, id int64) error
	// UpdateProfile writes every field of an existing profile.
	UpdateProfile(ctx context.Context, p org.Profile) error
	ProfilesByOrg(ctx context.Context, orgID int64) ([]org.Profile, error)
	// UpdateProfileProducts replaces a profile's product SPECs
	// (ErrNotFound when there is no such profile).
	UpdateProfileProducts(ctx context.Context, profileID int64, products []string) error

	// SaveAdvisory stores an imported document. The same revision twice is a
	// no-op (OutcomeUnchanged); a newer revision replaces the current one
	// (OutcomeUpdated) and the older stays in the revision history.
	SaveAdvisory(ctx context.Context, a *advisory.Advisory, in Source) (SaveResult, error)
	// Translation loads an advisory's translation into lang (a BCP 47 tag;
	// "fr" also finds "fr-FR"). ErrNotFound when there is none.
	Translation(ctx context.Context, id int64, lang string) (*advisory.Advisory, Source, error)
	// Advisory loads an advisory's current revision by its internal id.
	Advisory(ctx context.Context, id int64) (*Record, error)
	// AdvisoriesByTrackingID finds advisories by their publisher's tracking
	// id (case-insensitive); several publishers may use the same id.
	AdvisoriesByTrackingID(ctx context.Context, trackingID string) ([]*Record, error)
	// ListAdvisories lists summaries, newest first, within the filter.
	ListAdvisories(ctx context.Context, f Filter) ([]Summary, error)
	// CountAdvisories counts what ListAdvisories would list without paging.
	CountAdvisories(ctx context.Context, f Filter) (int, error)

	// Publish marks the advisory's current revision published and records its
	// matches and deliveries in one transaction. Deliveries that exist already
	// (same advisory, version, recipient and channel) are kept as they are.
	// It returns the number of new deliveries.
	Publish(ctx context.Context, advisoryID int64, version string, matches []Match, deliveries []Delivery) (int, error)
	// AddMatches records matches found later (a new profile matched against
	// advisories published before it existed). It creates no deliveries.
	// Existing matches are kept; it returns how many are new.
	AddMatches(ctx context.Context, matches []Match) (int, error)
	// MatchedOrgs lists the organisations an advisory matched (any revision).
	MatchedOrgs(ctx context.Context, advisoryID int64) ([]int64, error)
	// Matches lists an advisory's matches.
	Matches(ctx context.Context, advisoryID int64) ([]Match, error)

	// PendingDeliveries returns deliveries not yet sent or finally failed,
	// oldest first, that are due at now.
	PendingDeliveries(ctx context.Context, now time.Time, limit int) ([]Delivery, error)
	// MarkSent records a successful delivery.
	MarkSent(ctx context.Context, id int64, messageID string, at time.Time) error
	// MarkFailed records a failed attempt: permanent failures end the
	// delivery; temporary ones schedule a retry at retryAt.
	MarkFailed(ctx context.Context, id int64, reason string, permanent bool, retryAt time.Time) error
	// Postpone makes a pending delivery due again at until, without counting
	// an attempt (it waits for something else, not after a failure).
	Postpone(ctx context.Context, id int64, reason string, until time.Time) error
	// RetryNow makes every pending delivery due now (an operator fixed the
	// cause of temporary failures) and returns how many.
	RetryNow(ctx context.Context, now time.Time) (int, error)
	// Deliveries lists an advisory's deliveries.
	Deliveries(ctx context.Context, advisoryID int64) ([]Delivery, error)
	// DeliveryCounts counts deliveries by status over the whole instance.
	DeliveryCounts(ctx context.Context) (map[DeliveryStatus]int, error)

	// CreateGroup makes a sector group ("health", "logistics").
	CreateGroup(ctx context.Context, name string) (Group, error)
	// AddGroupMember puts an organisation in a group (no-op if it is).
	AddGroupMember(ctx context.Context, groupID, orgID int64) error
	// Groups lists the sector groups with their member organisations.
	Groups(ctx context.Context) ([]Group, error)

	// AddCatalogue adds entries to the product catalogue (an entry seen
	// again counts one more advisory).
	AddCatalogue(ctx context.Context, entries []CatalogueEntry) error
	// Catalogue searches the catalogue: entries whose vendor or product
	// starts with (or, failing that, contains) the words of query; with
	// vendorKey set, that vendor's products only.
	Catalogue(ctx context.Context, query, vendorKey string, limit int) ([]CatalogueEntry, error)
	// CatalogueVendors lists vendors with their number of products.
	CatalogueVendors(ctx context.Context, query string, limit int) ([]CatalogueVendor, error)

	// AddAudit records a change in the audit log.
	AddAudit(ctx context.Context, e AuditEntry) error
	// Audit returns the newest entries of the audit log, newest first.
	Audit(ctx context.Context, limit int) ([]AuditEntry, error)

	// CreateAPIToken stores an API token (its SHA-256 only) for a user.
	CreateAPIToken(ctx context.Context, tokenHash string, userID int64, name string, at time.Time) error
	// APITokenUser returns the user an API token belongs to.
	APITokenUser(ctx context.Context, tokenHash string) (int64, error)

	CreateSession(ctx context.Context, s Session) error
	SessionByTokenHash(ctx context.Context, tokenHash string, now time.Time) (Session, error)
	DeleteSession(ctx context.Context, tokenHash string) error
	// DeleteUserSessions ends every session of a user (after a password
	// change).
	DeleteUserSessions(ctx context.Context, userID int64) error
	// DeleteExpiredSessions removes sessions that expired before now and
	// returns how many.
	DeleteExpiredSessions(ctx context.Context, now time.Time) (int, error)
}

// Source is the original document an advisory was read from.
type Source struct {
	// Format names the document format ("csaf").
	Format string
	// Data is the document exactly as imported.
	Data []byte
	// Name is where it came from (a file name), for the record.
	Name string
}

// Outcome says what SaveAdvisory did.
type Outcome string

// Outcomes of SaveAdvisory.
const (
	OutcomeCreated   Outcome = "new"
	OutcomeUpdated   Outcome = "updated"
	OutcomeUnchanged Outcome = "unchanged"
	// OutcomeOlder: an older revision than the stored one; kept in the
	// history, the current revision stays.
	OutcomeOlder Outcome = "older"
	// OutcomeTranslation: the document has the tracking id of a stored
	// advisory in another language; it is kept as that advisory's
	// translation (replacing an older translation into the same language).
	OutcomeTranslation Outcome = "translation"
)

// SaveResult reports what SaveAdvisory did.
type SaveResult struct {
	ID       int64
	Outcome  Outcome
	Previous string // the replaced version, for OutcomeUpdated
}

// Summary is an advisory as listed.
type Summary struct {
	ID             int64
	TrackingID     string
	Version        string
	Title          string
	Publisher      string
	TLP            advisory.TLP
	Severity       advisory.Severity
	Lang           string
	CurrentRelease time.Time
	Published      bool
	PublishedAt    time.Time
	CVEs           []string
	// Snippet is a search hit's context, with «…» around matched words
	// (plain text; the caller escapes it).
	Snippet string
}

// Record is an advisory's current revision with its source document.
type Record struct {
	Summary
	Key       string
	Source    Source
	Hash      string
	Advisory  *advisory.Advisory
	Revisions []StoredRevision
	// Translations lists the languages the advisory is also available in.
	Translations []string
}

// StoredRevision is one imported revision of an advisory.
type StoredRevision struct {
	Version    string
	Hash       string
	ImportedAt time.Time
}

// Filter selects advisories for listing and search. The access package
// builds it from the user; the store applies it as given.
type Filter struct {
	// Query is a search: keywords, an advisory id or a CVE id.
	Query string
	// PublishedOnly hides advisories that were imported but not published.
	PublishedOnly bool
	// MatchedOrg, when not 0, keeps only advisories that matched this
	// organisation's profiles.
	MatchedOrg int64
	// RestrictedOrg, when not 0, hides TLP:AMBER, AMBER+STRICT and RED
	// advisories that did not match this organisation; 0 shows them all
	// (CERT staff).
	RestrictedOrg int64
	// HideRestricted hides every AMBER/RED advisory (anonymous views).
	HideRestricted bool
	Limit          int
	Offset         int
}

// Match is one (advisory revision, profile, product) hit.
type Match struct {
	AdvisoryID int64
	Version    string
	ProfileID  int64
	OrgID      int64
	ProductID  string
	Spec       string
	Reason     string
	Created    time.Time
}

// DeliveryStatus is the state of a delivery.
type DeliveryStatus string

// Delivery states.
const (
	DeliveryPending DeliveryStatus = "pending"
	DeliverySent    DeliveryStatus = "sent"
	DeliveryFailed  DeliveryStatus = "failed"
)

// Delivery is one message for one recipient about one advisory revision on
// one channel. (AdvisoryID, Version, Recipient, Channel) is unique: it is the
// idempotency key that keeps a revision from reaching a recipient twice.
type Delivery struct {
	ID         int64
	AdvisoryID int64
	Version    string
	ProfileID  int64
	OrgID      int64
	Recipient  string
	Channel    string
	// Variant says how to render: formats, level and language, e.g.
	// "txt+html/expert/en".
	Variant   string
	Status    DeliveryStatus
	Attempts  int
	LastError string
	MessageID string
	Created   time.Time
	NextTry   time.Time
	SentAt    time.Time
}

// Key is the delivery's idempotency key.
func (d Delivery) Key() string {
	return d.Channel + ":" + d.Recipient + ":" + strconv.FormatInt(d.AdvisoryID, 10) + ":" + d.Version
}

// Session is a logged-in browser session. Only the SHA-256 of its token is
// stored.
type Session struct {
	TokenHash string
	UserID    int64
	CSRF      string
	Created   time.Time
	Expires   time.Time
}

// AuditEntry is one change: who did what to what, and when.
type AuditEntry struct {
	At time.Time
	// Actor is the user's e-mail address, or "cli:NAME" for the operating
	// system user who ran a command without --as.
	Actor string
	// Action names the change ("org.add", "profile.update", ...).
	Action string
	// Target names what was changed ("org Alpine Dairy AG").
	Target string
	// Detail says more, for people; never secrets.
	Detail string
}

// CatalogueEntry is a product the instance knows.
type CatalogueEntry struct {
	VendorKey  string
	Vendor     string
	ProductKey string
	Product    string
	// CPE and PURL are an example identifier, when known.
	CPE  string
	PURL string
	// Source is "advisory" or "cpe-dictionary".
	Source string
	// Advisories counts the imported advisories that named the product.
	Advisories int
}

// CatalogueVendor is a vendor of the catalogue.
type CatalogueVendor struct {
	Key      string
	Name     string
	Products int
}

// Group is a sector group: SMEs of one sector that share an area.
type Group struct {
	ID      int64
	Name    string
	Members []int64
}
