package web

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"net/http"
	"net/url"

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
		if c.Get(ctxCSRF) == nil {
			// Anonymous forms (login, public comments) use a double-submit cookie.
			tok := ""
			if ck, err := c.Cookie(anonCSRFCookie); err == nil && len(ck.Value) >= 32 {
				tok = ck.Value
			} else {
				tok = randomToken()
				c.SetCookie(&http.Cookie{Name: anonCSRFCookie, Value: tok, Path: "/", HttpOnly: true,
					SameSite: http.SameSiteLaxMode, Secure: c.IsTLS()})
			}
			c.Set(ctxCSRF, tok)
		}
		return next(c)
	}
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
			if err != nil || u.Host != r.Host {
				s.log.Warn("csrf: foreign origin", "origin", origin, "path", r.URL.Path)
				return echo.NewHTTPError(http.StatusForbidden, "请求来源不符，已拒绝（跨站请求）。")
			}
		}
		want, _ := c.Get(ctxCSRF).(string)
		got := r.FormValue("_csrf")
		if want == "" || subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
			s.log.Warn("csrf: bad token", "path", r.URL.Path)
			return echo.NewHTTPError(http.StatusForbidden, "表单已失效或缺少安全令牌，请刷新页面后重新提交。")
		}
		return next(c)
	}
}

// currentUser is the logged-in user, or nil.
func currentUser(c echo.Context) *store.User {
	u, _ := c.Get(ctxUser).(*store.User)
	return u
}

func csrfToken(c echo.Context) string {
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
		SameSite: http.SameSiteLaxMode, Secure: c.IsTLS(), MaxAge: int(sessionAbsolute.Seconds())})
}

func (s *Server) clearSessionCookie(c echo.Context) {
	c.SetCookie(&http.Cookie{Name: sessionCookie, Value: "", Path: "/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: c.IsTLS(), MaxAge: -1})
}
