package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/tocsin-cert/tocsin/internal/access"
	"github.com/tocsin-cert/tocsin/internal/advisory"
	"github.com/tocsin-cert/tocsin/internal/csaf"
	"github.com/tocsin-cert/tocsin/internal/render"
	"github.com/tocsin-cert/tocsin/internal/store"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Session and login limits.
const (
	sessionLifetime = 12 * time.Hour
	loginFormMaxAge = time.Hour
	loginMaxFails   = 10
	loginWindow     = 15 * time.Minute
	// passwordChecks bounds concurrent argon2id checks (64 MiB each).
	passwordChecks = 4
	// maxFormBytes bounds the body of a POST form.
	maxFormBytes = 64 << 10
)

// Config is what a Server needs.
type Config struct {
	// Store holds users, sessions and advisories.
	Store store.Store
	// Renderer renders advisories as HTML fragments and plain text.
	Renderer *render.Renderer
	// Log receives request and error logs; nil discards them.
	Log *slog.Logger
	// InstanceName is shown in the header of every page ("Tocsin" if empty).
	InstanceName string
	// PublicKey is the armored OpenPGP public key served at
	// /openpgp-key.asc; empty means none is served.
	PublicKey []byte
	// SecureCookies marks cookies Secure (and gives them the __Host-
	// prefix); set it whenever the site is served over HTTPS.
	SecureCookies bool
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Signer makes the detached OpenPGP signatures (.asc) of downloads;
	// nil offers none.
	Signer interface {
		DetachSign(data []byte) ([]byte, error)
	}
	// MarshalXML writes an advisory in the EISPP XML format; nil offers no
	// XML downloads.
	MarshalXML func(*advisory.Advisory) ([]byte, error)
	// CSAFValidator converts advisories read from OSV, CVE 5 or XML into
	// valid CSAF for download; nil offers CSAF only for CSAF documents.
	CSAFValidator *csaf.Validator
	// XMLSchema and XMLStylesheet are the EISPP XML schema and XSLT
	// stylesheet, served at /eispp.xsd and /eispp-html.xsl.
	XMLSchema     []byte
	XMLStylesheet []byte
}

// Server is the web archive. Create it with New and serve Handler.
type Server struct {
	store     store.Store
	renderer  *render.Renderer
	log       *slog.Logger
	name      string
	publicKey []byte
	secure    bool
	now       func() time.Time
	signer    interface {
		DetachSign(data []byte) ([]byte, error)
	}
	marshalXML    xmlMarshaler
	xmlSchema     []byte
	csafValidator *csaf.Validator
	xmlStylesheet []byte

	sessionCookie string
	loginCookie   string
	cssURL        string

	pages   map[string]*template.Template
	static  fs.FS
	limiter *limiter
	// pwSem limits concurrent password checks.
	pwSem chan struct{}
	// dummyHash is checked against when the e-mail is unknown, so that
	// unknown and known users take the same time.
	dummyOnce sync.Once
	dummyHash string

	handler http.Handler
}

// New checks the configuration, parses the templates and builds the routes.
func New(cfg Config) (*Server, error) {
	if cfg.Store == nil {
		return nil, errors.New("web: no store configured")
	}
	if cfg.Renderer == nil {
		return nil, errors.New("web: no renderer configured")
	}
	s := &Server{
		store:         cfg.Store,
		renderer:      cfg.Renderer,
		log:           cfg.Log,
		name:          cfg.InstanceName,
		publicKey:     cfg.PublicKey,
		secure:        cfg.SecureCookies,
		now:           cfg.Now,
		signer:        cfg.Signer,
		marshalXML:    cfg.MarshalXML,
		xmlSchema:     cfg.XMLSchema,
		csafValidator: cfg.CSAFValidator,
		xmlStylesheet: cfg.XMLStylesheet,
		limiter:       newLimiter(loginMaxFails, loginWindow),
		pwSem:         make(chan struct{}, passwordChecks),
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.name == "" {
		s.name = "Tocsin"
	}
	if s.now == nil {
		s.now = time.Now
	}
	s.sessionCookie, s.loginCookie = "tocsin_session", "tocsin_login"
	if s.secure {
		// The __Host- prefix makes browsers refuse the cookie unless it is
		// Secure, for Path=/ and set by this host (not a subdomain).
		s.sessionCookie, s.loginCookie = "__Host-"+s.sessionCookie, "__Host-"+s.loginCookie
	}
	static, err := fs.Sub(staticFS, "static")
	if err != nil {
		return nil, fmt.Errorf("web: static files: %w", err)
	}
	s.static = static
	css, err := fs.ReadFile(static, "style.css")
	if err != nil {
		return nil, fmt.Errorf("web: static files: %w", err)
	}
	sum := sha256.Sum256(css)
	s.cssURL = "/static/style.css?v=" + hex.EncodeToString(sum[:6])
	if s.pages, err = parseTemplates(); err != nil {
		return nil, err
	}
	s.handler = s.routes()
	return s, nil
}

// Handler returns the HTTP handler of the whole site.
func (s *Server) Handler() http.Handler { return s.handler }

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.requireLogin(s.advisoryList))
	mux.HandleFunc("GET /login", s.loginShow)
	mux.HandleFunc("POST /login", s.loginSubmit)
	mux.HandleFunc("POST /logout", s.logout)
	// "{id}" is either the numeric id (the page) or "<id>.txt" (the text
	// download): a wildcard must fill a whole path segment.
	mux.HandleFunc("GET /advisories/{id}", s.requireLogin(s.advisoryPageOrText))
	mux.HandleFunc("GET /advisories/{id}/csaf.json", s.requireLogin(s.advisoryCSAF))
	mux.HandleFunc("GET /advisories/{id}/download", s.requireLogin(s.advisoryDownload))
	mux.Handle("GET /static/", s.staticHandler())
	mux.HandleFunc("GET /profiles", s.requireLogin(s.profiles))
	mux.HandleFunc("GET /status", s.requireLogin(s.status))
	mux.HandleFunc("GET /api/v1/advisories/{id}/deliveries", s.api(s.apiDeliveries))
	mux.HandleFunc("POST /profiles", s.requireLogin(s.profileCreate))
	mux.HandleFunc("GET /catalogue.json", s.requireLogin(s.catalogueJSON))
	mux.HandleFunc("/api/", s.api(func(w http.ResponseWriter, r *http.Request, _ access.Viewer) error {
		return apiErr(http.StatusNotFound, "no such API endpoint; see the README for the API")
	}))
	mux.HandleFunc("GET /api/v1/advisories", s.api(s.apiAdvisories))
	mux.HandleFunc("GET /api/v1/orgs", s.api(s.apiOrgs))
	mux.HandleFunc("GET /api/v1/catalogue", s.api(s.apiCatalogue))
	mux.HandleFunc("GET /api/v1/orgs/{id}/profiles", s.api(s.apiProfiles))
	mux.HandleFunc("POST /api/v1/orgs/{id}/profiles", s.api(s.apiCreateProfile))
	mux.HandleFunc("PATCH /api/v1/orgs/{id}/profiles/{pid}", s.api(s.apiUpdateProfile))
	mux.HandleFunc("DELETE /api/v1/orgs/{id}/profiles/{pid}", s.api(s.apiDeleteProfile))
	mux.HandleFunc("GET /openpgp-key.asc", s.openPGPKey)
	mux.HandleFunc("GET /eispp.xsd", s.eisppSchema)
	mux.HandleFunc("GET /eispp-html.xsl", s.eisppStylesheet)
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("/", s.notFound)

	// Cross-origin POSTs (checked with Sec-Fetch-Site and Origin) are
	// refused before any handler runs; the CSRF tokens are the second line.
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.errorPage(w, r, nil, http.StatusForbidden, "Please try again",
			"This form was sent from another website, so we did not accept it. Open "+s.name+" yourself and try again.")
	}))
	return s.logRequests(securityHeaders(cop.Handler(mux)))
}

func parseTemplates() (map[string]*template.Template, error) {
	pages := map[string]*template.Template{}
	funcs := template.FuncMap{
		"langs": func() []struct{ Code, Name string } {
			return []struct{ Code, Name string }{{"en", "English"}, {"fr", "Français"}, {"de", "Deutsch"}, {"es", "Español"}, {"it", "Italiano"}, {"sv", "Svenska"}}
		},
		"severities": func() []string { return []string{"low", "medium", "high", "critical"} },
	}
	for _, name := range []string{"login", "list", "advisory", "error", "profiles", "status"} {
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("web: parse template %s: %w", name, err)
		}
		pages[name] = t
	}
	return pages, nil
}
