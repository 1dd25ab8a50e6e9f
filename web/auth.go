package web

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/labstack/echo/v4"

	"juece/store"
	"juece/workflow"
)

// dummyHash is checked against when the user does not exist, so that an unknown name and a
// wrong password take the same time.
var dummyHash, _ = store.HashPassword("juece-no-such-user")

const (
	sessionCookie  = "juece_session"
	anonCSRFCookie = "juece_csrf"
	ctxUser        = "user"
	ctxSession     = "session"
	ctxCSRF        = "csrf"
)

func randomToken() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err) // the system's randomness failing leaves nothing safe to do
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

func hashID(id string) string {
	sum := sha256.Sum256([]byte(id))
	return hex.EncodeToString(sum[:])
}

// loadSession finds the logged-in user, if any, and the CSRF token the request's forms carry.
func (s *Server) loadSession(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if ck, err := c.Cookie(sessionCookie); err == nil && ck.Value != "" {
			if sess, user, ok := s.validSession(c, ck.Value); ok {
				c.Set(ctxSession, sess)
				c.Set(ctxUser, &user)
				c.Set(ctxCSRF, sess.CSRFToken)
			} else {
				s.clearSessionCookie(c)
			}
		}
		return next(c)
	}
}

// The anonymous forms (login, public comments) are protected by a double-submit cookie: the
// cookie holds a random nonce, the form carries the nonce's HMAC under the server's secret. A
// cookie planted by someone else (a sibling domain can set one) is of no use without a token
// the server made for it, and a made-up cookie value is no token at all.

// anonCSRF is the token of this browser's anonymous CSRF cookie, or "" if it has none. With
// create, a browser without one is given a cookie: only pages that carry a form do that, so
// that a response a cache may share never sets it.
func (s *Server) anonCSRF(c echo.Context, create bool) string {
	if t, ok := c.Get(ctxCSRF).(string); ok {
		return t
	}
	if ck, err := c.Cookie(anonCSRFCookie); err == nil && validNonce(ck.Value) {
		return s.csrfMAC(ck.Value)
	}
	if !create {
		return ""
	}
	nonce := randomToken()
	c.SetCookie(&http.Cookie{Name: anonCSRFCookie, Value: nonce, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: s.secureCookies(c)})
	t := s.csrfMAC(nonce)
	c.Set(ctxCSRF, t)
	return t
}

// formToken is the CSRF token for a form on this page: the session's, or the anonymous one.
func (s *Server) formToken(c echo.Context) string { return s.anonCSRF(c, true) }

func (s *Server) csrfMAC(nonce string) string {
	m := hmac.New(sha256.New, s.secret)
	m.Write([]byte("juece-csrf\x00" + nonce))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// validNonce says whether v is shaped like a nonce randomToken made.
func validNonce(v string) bool {
	b, err := base64.RawURLEncoding.DecodeString(v)
	return err == nil && len(b) == 32
}

// loadSecret reads the server's secret from <dataDir>/keys/server.key, creating it (mode 0600)
// on first start. It signs the anonymous CSRF tokens, so forms outlive a restart.
func loadSecret(dataDir string) ([]byte, error) {
	path := filepath.Join(dataDir, "keys", "server.key")
	if b, err := os.ReadFile(path); err == nil && len(b) >= 32 {
		return b, nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, err
	}
	b := make([]byte, 32)
	rand.Read(b)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) { // another process made it first
		return os.ReadFile(path)
	}
	if err != nil {
		return nil, err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return nil, err
	}
	return b, f.Close()
}

func (s *Server) validSession(c echo.Context, id string) (store.Session, store.User, bool) {
	ctx := c.Request().Context()
	sess, err := s.db.Session(ctx, hashID(id))
	if err != nil {
		return store.Session{}, store.User{}, false
	}
	now := s.now()
	if !now.Before(sess.ExpiresAt) || now.Sub(sess.LastSeenAt) >= sessionIdle {
		s.db.DeleteSession(ctx, sess.IDHash)
		return store.Session{}, store.User{}, false
	}
	user, err := s.db.User(ctx, sess.UserID)
	if err != nil || user.Disabled {
		return store.Session{}, store.User{}, false
	}
	// Touch at most once a minute: reads stay reads.
	if now.Sub(sess.LastSeenAt) > 0 && now.Sub(sess.LastSeenAt).Minutes() >= 1 {
		if err := s.db.TouchSession(ctx, sess.IDHash, now); err != nil {
			s.log.Warn("touch session", "err", err)
		}
	}
	return sess, user, true
}

// checkCSRF refuses every state-changing request without the right token or from another origin.
func (s *Server) checkCSRF(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			return next(c)
		}
		if origin := r.Header.Get("Origin"); origin != "" {
			u, err := url.Parse(origin)
			if err != nil || (u.Host != r.Host && strings.TrimSuffix(origin, "/") != s.publicOrigin()) {
				s.log.Warn("csrf: foreign origin", "origin", origin, "path", r.URL.Path)
				return echo.NewHTTPError(http.StatusForbidden, "请求来源不符，已拒绝（跨站请求）。")
			}
		}
		want := s.anonCSRF(c, false)    // the session's token, when logged in
		got := r.PostFormValue("_csrf") // never from the query: it ends up in logs and Referers
		if want == "" || subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
			s.log.Warn("csrf: bad token", "path", r.URL.Path)
			return errCSRF
		}
		return next(c)
	}
}

// errCSRF refuses a form without the right token: an old page, a lost cookie, or a forgery.
var errCSRF = echo.NewHTTPError(http.StatusForbidden, "表单已失效或缺少安全令牌，请刷新页面后重新提交。")

// publicOrigin is the scheme and host of the public address ("" when not set): the Origin of
// forms sent through a proxy that does not pass the Host on.
func (s *Server) publicOrigin() string {
	if u, err := url.Parse(s.publicURL); err == nil && u.Host != "" {
		return u.Scheme + "://" + u.Host
	}
	return ""
}

// currentUser is the logged-in user, or nil.
func currentUser(c echo.Context) *store.User {
	u, _ := c.Get(ctxUser).(*store.User)
	return u
}

// sessionCSRF is the logged-in user's CSRF token, or "".
func sessionCSRF(c echo.Context) string {
	t, _ := c.Get(ctxCSRF).(string)
	return t
}

// errLogin is returned to anonymous requests for pages that need a login.
var errLogin = errors.New("web: login required")

// requireUser is the logged-in user, or errLogin.
func requireUser(c echo.Context) (*store.User, error) {
	if u := currentUser(c); u != nil {
		return u, nil
	}
	return nil, errLogin
}

// requireRole is the logged-in user if they have role; anyone else is refused.
func requireRole(c echo.Context, role workflow.Role) (*store.User, error) {
	u, err := requireUser(c)
	if err != nil {
		return nil, err
	}
	if u.Role != role {
		return nil, errForbidden
	}
	return u, nil
}

func (s *Server) setSessionCookie(c echo.Context, id string) {
	c.SetCookie(&http.Cookie{Name: sessionCookie, Value: id, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: s.secureCookies(c), MaxAge: int(sessionAbsolute.Seconds())})
}

func (s *Server) clearSessionCookie(c echo.Context) {
	c.SetCookie(&http.Cookie{Name: sessionCookie, Value: "", Path: "/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: s.secureCookies(c), MaxAge: -1})
}
