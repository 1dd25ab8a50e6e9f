// Package web turns HTTP requests into calls of workflow and store, and renders views.
package web

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"juece/store"
	"juece/store/notify"
	"juece/workflow"
)

// Options configure a Server; the zero value is fine for production.
type Options struct {
	Logger *slog.Logger
	// Now is the clock; tests inject one to move time (session expiry, comment periods).
	Now func() time.Time
	// Demo says the database was seeded with demo accounts: the login page lists them.
	Demo bool
	// DataDir holds what lives beside the database: attachments and audit checkpoints.
	DataDir string
	// Signer signs the audit checkpoints as the history grows; nil: New starts one with the
	// defaults for DataDir, which Wait stops.
	Signer *store.Signer
	// PublicCommentLimit is how many portal comments one client address may send in each
	// 10-minute window; 0 means the default (60). Only a load test, whose simulated citizens all
	// come from one address, has reason to raise it.
	PublicCommentLimit int
	// MinBodyRate is the average rate in bytes per second a request body must keep up after
	// BodyGrace; zero values mean the defaults (16 KiB/s after 30 s).
	MinBodyRate int
	BodyGrace   time.Duration
	// PublicURL is the address citizens and staff use, e.g. https://juece.example.gov.cn, when
	// juece runs behind a reverse proxy: absolute links (the Atom feed) are built from it, never
	// from the request's Host, and when it is https cookies are Secure and HSTS is sent.
	PublicURL *url.URL
	// MinFreeSpace is the free space on the data directory's filesystem below which /healthz
	// reports not ready (0: 256 MiB).
	MinFreeSpace uint64
	// TrustedProxies are the reverse proxies whose X-Forwarded-For names the real client
	// address (for the throttles); from anyone else the header is ignored and the connection's
	// peer counts.
	TrustedProxies []netip.Prefix
	// Notifier delivers messages (package notify); nil: messages stay in the message centre.
	Notifier *notify.Notifier
	// BenchCeiling routes /bench/bare/ID, the benchmark's ceiling page (web/bare.go), which
	// shows any decision's title and latest events to anyone: for cmd/bench only.
	BenchCeiling bool
}

// Server is juece's HTTP side.
type Server struct {
	db   *store.DB
	log  *slog.Logger
	now  func() time.Time
	demo bool
	data string
	e    *echo.Echo
	// publicComments limits comments from the public portal per client address;
	// recentComments holds the receipts of the last minutes' comments, by what makes a resend
	// the same (commentMu guards it and serialises the portal's comment writes).
	publicComments *rateLimiter
	commentMu      sync.Mutex
	recentComments map[commentKey]sentComment
	// sessionPasswords limits the wrong passwords re-entered inside each session.
	sessionPasswords *rateLimiter
	// receiptMisses limits the receipt lookups that find nothing, per client address.
	receiptMisses *rateLimiter
	// minFree: see Options.MinFreeSpace. healthyAt is when readiness last found all well.
	minFree   uint64
	healthMu  sync.Mutex
	healthyAt time.Time
	// publicURL: see Options; "" when not set. https: it is an https address.
	publicURL string
	https     bool
	// minBodyRate and bodyGrace: see Options.
	minBodyRate int
	bodyGrace   time.Duration
	// secret signs the anonymous CSRF tokens (keys/server.key in the data directory).
	secret []byte
	// signer signs the audit checkpoints; ownSigner: New started it, so Wait stops it.
	signer    *store.Signer
	ownSigner bool
	// notifier is told when a message is queued, and says which channels exist.
	notifier *notify.Notifier
	// benchCeiling: /bench/bare/ID is routed (Options.BenchCeiling).
	benchCeiling bool
	// pages keeps the decision pages' main parts rendered (decision_cache.go).
	pages *keptPages
	// lists keeps the worklists' and the decision list's main parts rendered (list_cache.go).
	lists *keptLists
}

// Wait stops the checkpoint signer New started (signing what is due): call it after the HTTP
// server has stopped and before the database is closed.
func (s *Server) Wait() {
	if s.ownSigner {
		s.signer.Stop()
	}
}

// Session lifetimes (OWASP ASVS 3.3): idle and absolute.
const (
	sessionIdle     = 30 * time.Minute
	sessionAbsolute = 12 * time.Hour
)

// New builds the server and its routes.
func New(db *store.DB, o Options) *Server {
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.DataDir == "" {
		o.DataDir = filepath.Dir(db.Path())
	}
	if o.MinFreeSpace == 0 {
		o.MinFreeSpace = 256 << 20
	}
	if o.MinBodyRate <= 0 {
		o.MinBodyRate = defaultMinBodyRate
	}
	if o.BodyGrace <= 0 {
		o.BodyGrace = defaultBodyGrace
	}
	if o.PublicCommentLimit <= 0 {
		o.PublicCommentLimit = publicCommentLimit
	}
	s := &Server{db: db, log: o.Logger, now: o.Now, demo: o.Demo, data: o.DataDir, e: echo.New(),
		publicComments: newRateLimiter(o.PublicCommentLimit, publicCommentWindow), recentComments: map[commentKey]sentComment{},
		sessionPasswords: newRateLimiter(sessionPasswordLimit, sessionPasswordWindow),
		receiptMisses:    newRateLimiter(receiptLookupLimit, receiptLookupWindow),
		minBodyRate:      o.MinBodyRate, bodyGrace: o.BodyGrace, minFree: o.MinFreeSpace, notifier: o.Notifier,
		benchCeiling: o.BenchCeiling, pages: newKeptPages(keptPagesBytes),
		lists: newKeptLists(keptListsBytes)}
	secret, err := loadSecret(o.DataDir)
	if err != nil { // forms of anonymous visitors then last until the next restart
		s.log.Error("server secret: cannot keep it in the data directory, using one for this run only", "err", err)
		secret = []byte(randomToken())
	}
	s.secret = secret
	// What a killed server left half-written is of no use to anyone.
	removed, err := store.RemoveStaleTemporaryFiles(o.DataDir, time.Now())
	for _, p := range removed {
		s.log.Info("removed a temporary file left by a stopped process", "path", p)
	}
	if err != nil {
		s.log.Warn("remove stale temporary files", "err", err)
	}
	if u := o.PublicURL; u != nil {
		s.publicURL = strings.TrimSuffix(u.Scheme+"://"+u.Host+u.Path, "/")
		s.https = u.Scheme == "https"
	}
	if len(o.TrustedProxies) > 0 {
		s.e.IPExtractor = forwardedFor(o.TrustedProxies)
	}
	if o.Signer == nil {
		signer, err := db.StartSigner(store.SignerConfig{DataDir: o.DataDir, Log: o.Logger})
		if err != nil {
			// Only a second server on one database gets here: its writes wake the first's signer.
			o.Logger.Warn("audit checkpoints", "err", err)
		} else {
			o.Signer, s.ownSigner = signer, true
		}
	}
	s.signer = o.Signer
	s.e.HideBanner, s.e.HidePort = true, true
	s.e.HTTPErrorHandler = s.handleError
	s.routes()
	return s
}

// secureCookies says whether cookies are to be sent over HTTPS only: when juece is served over
// TLS itself, or its public address is https (a proxy in front does the TLS).
func (s *Server) secureCookies(c echo.Context) bool { return s.https || c.IsTLS() }

// forwardedFor takes the client address from X-Forwarded-For, but only through the trusted
// proxies: walking the header from the right, the first address that is not one of them. The
// loopback, link-local and private ranges that echo trusts by default are trusted only if listed.
func forwardedFor(proxies []netip.Prefix) echo.IPExtractor {
	opts := []echo.TrustOption{echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false)}
	for _, p := range proxies {
		_, n, err := net.ParseCIDR(p.Masked().String())
		if err == nil {
			opts = append(opts, echo.TrustIPRange(n))
		}
	}
	return echo.ExtractIPFromXFFHeader(opts...)
}

// ServeHTTP makes the server an http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.e.ServeHTTP(w, r) }

// Routes lists method and path of every route, for tests that must cover them all.
func (s *Server) Routes() []*echo.Route { return s.e.Routes() }

// env is what the gates need to know about now and the rules in force: the admin's settings
// and working-day calendar as the store keeps them (it reads them afresh after the transaction
// that changes them). If they cannot be loaded the legal defaults and the weekend rule apply,
// and the failure is logged.
func (s *Server) env() workflow.Env {
	now := s.now()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	env, err := s.db.Rules(ctx)
	if err != nil {
		s.log.Error("load settings and calendar", "err", err)
		return workflow.Env{Now: now, Settings: workflow.DefaultSettings}
	}
	env.Now = now
	return env
}

// healthz says whether juece can serve: the database answers and takes a write, and the data
// directory's filesystem has at least the minimum free space. A load balancer or monitor polls
// it; the reasons it gives are for the operator.
func (s *Server) healthz(c echo.Context) error {
	c.Response().Header().Set("Cache-Control", "no-store")
	if problems := s.readiness(c.Request().Context()); len(problems) > 0 {
		return c.String(http.StatusServiceUnavailable, "not ready\n"+strings.Join(problems, "\n")+"\n")
	}
	return c.String(http.StatusOK, "ok\n")
}

// healthOK is how long a good check is believed: /healthz stays cheap however often it is
// polled, the write probe takes the writer at most this often, and a storage fault a request
// meets makes the next /healthz check again at once.
const healthOK = 2 * time.Second

// readiness checks what healthz reports, or remembers a good check of the last healthOK.
func (s *Server) readiness(ctx context.Context) []string {
	s.healthMu.Lock()
	defer s.healthMu.Unlock()
	if !s.healthyAt.IsZero() && time.Since(s.healthyAt) < healthOK {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	var problems []string
	if err := s.db.Ping(ctx); err != nil {
		problems = append(problems, "database unavailable: "+err.Error())
	} else if err := s.db.WriteProbe(ctx); err != nil {
		problems = append(problems, "database does not take writes: "+err.Error())
	}
	if free, err := store.FreeSpace(s.data); err != nil {
		problems = append(problems, err.Error())
	} else if free < s.minFree {
		problems = append(problems, fmt.Sprintf("free space %d MiB below %d MiB on the data directory %s", free>>20, s.minFree>>20, s.data))
	}
	if len(problems) > 0 {
		s.healthyAt = time.Time{}
		s.log.Warn("not ready", "problems", problems)
		return problems
	}
	s.healthyAt = time.Now()
	return nil
}

// unhealthy forgets the last good check: a request has just met a storage fault.
func (s *Server) unhealthy() {
	s.healthMu.Lock()
	s.healthyAt = time.Time{}
	s.healthMu.Unlock()
}
