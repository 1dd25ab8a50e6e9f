// Package web turns HTTP requests into calls of workflow and store, and renders views.
package web

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/labstack/echo/v4"

	"juece/notify"
	"juece/store"
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
	// PublicCommentLimit is how many portal comments one client address may send in each
	// 10-minute window; 0 means the default (5). Only a load test, whose simulated citizens all
	// come from one address, has reason to raise it.
	PublicCommentLimit int
	// Notifier delivers messages (package notify); nil: messages stay in the message centre.
	Notifier *notify.Notifier
}

// Server is juece's HTTP side.
type Server struct {
	db   *store.DB
	log  *slog.Logger
	now  func() time.Time
	demo bool
	data string
	e    *echo.Echo
	// rules caches the admin's settings and working-day calendar; nil until loaded and after an
	// admin changes them.
	rulesMu sync.RWMutex
	rules   *workflow.Env
	// publicComments limits comments from the public portal per client address.
	publicComments *rateLimiter
	// loginFailures caps failed logins per account name and hour.
	loginFailures *rateLimiter
	// checkpointing is set while a checkpoint is being signed in the background; background
	// holds the goroutines Wait waits for.
	checkpointing atomic.Bool
	background    sync.WaitGroup
	// notifier is told when a message is queued, and says which channels exist.
	notifier *notify.Notifier
}

// Wait waits for the server's background work (a checkpoint being signed) to finish: call it
// after the HTTP server has stopped and before the database is closed.
func (s *Server) Wait() { s.background.Wait() }

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
	if o.PublicCommentLimit <= 0 {
		o.PublicCommentLimit = publicCommentLimit
	}
	s := &Server{db: db, log: o.Logger, now: o.Now, demo: o.Demo, data: o.DataDir, e: echo.New(),
		publicComments: newRateLimiter(o.PublicCommentLimit, publicCommentWindow),
		loginFailures:  newRateLimiter(loginFailLimit, loginFailWindow), notifier: o.Notifier}
	s.e.HideBanner, s.e.HidePort = true, true
	s.e.HTTPErrorHandler = s.handleError
	s.routes()
	return s
}

// ServeHTTP makes the server an http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.e.ServeHTTP(w, r) }

// Routes lists method and path of every route, for tests that must cover them all.
func (s *Server) Routes() []*echo.Route { return s.e.Routes() }

// env is what the gates need to know about now and the rules in force: the admin's settings
// and working-day calendar, loaded once and kept until an admin changes them. If they cannot be
// loaded the legal defaults and the weekend rule apply, and the failure is logged.
func (s *Server) env() workflow.Env {
	now := s.now()
	s.rulesMu.RLock()
	r := s.rules
	s.rulesMu.RUnlock()
	if r == nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		settings, err := s.db.Settings(ctx)
		cal, err2 := s.db.Calendar(ctx)
		if err != nil || err2 != nil {
			s.log.Error("load settings and calendar", "err", errors.Join(err, err2))
			return workflow.Env{Now: now, Settings: workflow.DefaultSettings}
		}
		r = &workflow.Env{Settings: settings, Calendar: cal}
		s.rulesMu.Lock()
		s.rules = r
		s.rulesMu.Unlock()
	}
	return workflow.Env{Now: now, Settings: r.Settings, Calendar: r.Calendar}
}

// reloadRules drops the cached settings and calendar after an admin changed them.
func (s *Server) reloadRules() {
	s.rulesMu.Lock()
	s.rules = nil
	s.rulesMu.Unlock()
}

func (s *Server) healthz(c echo.Context) error {
	ctx, cancel := context.WithTimeout(c.Request().Context(), 2*time.Second)
	defer cancel()
	if err := s.db.Ping(ctx); err != nil {
		return c.String(http.StatusServiceUnavailable, "database unavailable\n")
	}
	return c.String(http.StatusOK, "ok\n")
}
