package web

import (
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode"

	"github.com/labstack/echo/v4"

	"juece/store"
	"juece/views"
	"juece/workflow"
)

// DemoPassword is the password of every demo account (demo mode only).
const DemoPassword = "juece-demo"

func (s *Server) loginForm(c echo.Context) error {
	if currentUser(c) != nil {
		return redirect(c, "/")
	}
	f := views.NewForm("login", map[string]string{"next": c.QueryParam("next")})
	return s.renderLogin(c, http.StatusOK, f)
}

func (s *Server) renderLogin(c echo.Context, status int, f *views.Form) error {
	var demo []views.DemoAccount
	if s.demo {
		users, err := s.db.Users(c.Request().Context())
		if err != nil {
			return err
		}
		for _, u := range users {
			demo = append(demo, views.DemoAccount{Username: u.Username, Role: u.Role.Label(), Unit: u.UnitName})
		}
	}
	p := page(c, "登录", "")
	p.CSRF = s.formToken(c)
	return render(c, status, views.LoginPage(p, f, demo, DemoPassword))
}

// loginFailed is the one answer for an unknown user, a wrong password, a disabled or locked
// account: the response tells an attacker nothing about which it was.
const loginFailed = "用户名或密码不正确，或账号暂不可用。"

// loginThrottled answers a name that has used up its failed logins for the hour.
const loginThrottled = "登录失败次数过多，请稍后再试。"

// At most loginFailLimit failed logins per account name in loginFailWindow (ASVS 2.2.1), on top
// of the account's back-off. The limit counts per name typed, existing or not, so hitting it
// says nothing about which names exist; and an attempt is counted before the password is
// checked, so a burst of parallel requests cannot slip past it.
const (
	loginFailLimit  = 100
	loginFailWindow = time.Hour
)

// loginKey is the name a failed login counts against: case-folded, and short, so that long
// names cannot fill the limiter's memory.
func loginKey(name string) string {
	k := strings.ToLower(name)
	if len(k) > 64 {
		k = k[:64]
	}
	return k
}

// untake gives back the last event taken for key: a login that succeeded was no failure.
func (l *rateLimiter) untake(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if ts := l.hits[key]; len(ts) > 0 {
		l.hits[key] = ts[:len(ts)-1]
	}
}

func (s *Server) login(c echo.Context) error {
	ctx := c.Request().Context()
	f := views.NewForm("login", nil)
	name := strings.TrimSpace(c.FormValue("username"))
	f.Values.Set("username", name)
	f.Values.Set("next", c.FormValue("next"))
	password := c.FormValue("password")
	if name == "" {
		f.Errors["username"] = "请输入用户名"
	}
	if password == "" {
		f.Errors["password"] = "请输入密码"
	}
	if f.HasErrors() {
		return s.renderLogin(c, http.StatusUnprocessableEntity, f)
	}
	now := s.now()
	key := loginKey(name)
	if !s.loginFailures.take(key, now) {
		s.log.Warn("login throttled", "user", key)
		f.Top = append(f.Top, loginThrottled)
		return s.renderLogin(c, http.StatusTooManyRequests, f)
	}
	user, err := s.db.UserByName(ctx, name)
	switch {
	case err != nil:
		CheckPassword(dummyHash, password)
		f.Top = append(f.Top, loginFailed)
	case user.Disabled || now.Before(user.LockedUntil):
		CheckPassword(dummyHash, password)
		f.Top = append(f.Top, loginFailed)
	case !CheckPassword(user.PasswordHash, password):
		if err := s.db.LoginFailed(ctx, user.ID, now); err != nil {
			return err
		}
		s.log.Warn("login failed", "user", user.Username)
		f.Top = append(f.Top, loginFailed)
	}
	if len(f.Top) > 0 {
		return s.renderLogin(c, http.StatusUnauthorized, f)
	}
	// A new session id at every login; the old session, if any, ends.
	if ck, err := c.Cookie(sessionCookie); err == nil && ck.Value != "" {
		s.db.DeleteSession(ctx, hashID(ck.Value))
	}
	id := randomToken()
	sess := store.Session{IDHash: hashID(id), UserID: user.ID, CSRFToken: randomToken(),
		CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(sessionAbsolute)}
	if err := s.db.CreateSession(ctx, sess); err != nil {
		return err
	}
	if err := s.db.LoginSucceeded(ctx, user.ID); err != nil {
		return err
	}
	s.loginFailures.untake(key)
	s.setSessionCookie(c, id)
	next := safeNext(c.FormValue("next"))
	if user.Role == workflow.RoleAdmin && next == "/" {
		next = "/admin/users"
	}
	return redirect(c, next)
}

func (s *Server) logout(c echo.Context) error {
	if sess, ok := c.Get(ctxSession).(store.Session); ok {
		if err := s.db.DeleteSession(c.Request().Context(), sess.IDHash); err != nil {
			return err
		}
	}
	s.clearSessionCookie(c)
	return redirect(c, "/login")
}

// safeNext is where to go after login: a path on this site, else "/". Browsers drop tabs and
// newlines from a Location and read a backslash as a slash, so "/\t/evil.example" or
// "/\\evil.example" would leave the site: no control character and no backslash at all.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.Contains(next, "\\") ||
		strings.IndexFunc(next, unicode.IsControl) >= 0 {
		return "/"
	}
	if u, err := url.Parse(next); err != nil || u.Scheme != "" || u.Host != "" {
		return "/"
	}
	return next
}
