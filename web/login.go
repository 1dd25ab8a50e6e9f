package web

import (
	"fmt"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/labstack/echo/v4"

	"juece/store"
	"juece/views"
	"juece/workflow"
)

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
	return render(c, status, views.LoginPage(p, f, demo, store.DemoPassword))
}

// loginFailed is the one answer for an unknown user, a wrong password or a disabled account:
// the response tells an attacker nothing about which it was.
const loginFailed = "用户名或密码不正确，或账号暂不可用。"

// loginPolicy throttles failed logins (ASVS 2.2.1) per account name and client address, and
// per address across names; the argon2id hash makes each guess slow besides. Nothing locks an
// account as such: someone guessing from elsewhere cannot keep its user out, and a user inside
// a session is never asked to wait because of failed logins (confirmPassword). An attempt
// counts before its password is checked, so a burst of parallel requests cannot slip past the
// limit; names that do not exist count alike, so a pause says nothing about which names exist.
var loginPolicy = store.LoginPolicy{PerAccount: 10, PerAddress: 50, Window: 15 * time.Minute, Pause: 15 * time.Minute}

// loginPaused says what was paused and until when.
func loginPaused(l store.LoginLock, name string) string {
	until := views.DateTime(l.Until)
	if l.Username == "" {
		return fmt.Sprintf("您所在网络地址的登录失败次数过多（%d 分钟内 %d 次），已暂停从该地址登录至 %s（北京时间），请届时再试。如需提前解除，请联系系统管理员。",
			int(loginPolicy.Window.Minutes()), l.Failures, until)
	}
	return fmt.Sprintf("账号“%s”从您所在网络地址登录失败次数过多（%d 分钟内 %d 次），已暂停该账号从此地址登录至 %s（北京时间），请届时再试。其他地址的登录和已登录的会话不受影响；如需提前解除，请联系系统管理员。",
		name, int(loginPolicy.Window.Minutes()), l.Failures, until)
}

// loginKey is the name a failed login counts against: case-folded, and short, so that long
// names cannot fill the table.
func loginKey(name string) string {
	k := strings.ToLower(name)
	if len(k) > 64 {
		k = k[:64]
	}
	return k
}

// addressKey is the client address a failed login counts against: an IPv6 address as its
// /64, which one subscriber usually holds whole.
func addressKey(ip string) string {
	a, err := netip.ParseAddr(ip)
	if err != nil {
		return ip
	}
	a = a.Unmap()
	if a.Is4() {
		return a.String()
	}
	p, _ := a.Prefix(64)
	return p.String()
}

// untake gives back the last event taken for key: a password that was right was no failure.
func (l *rateLimiter) untake(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if ts := l.hits[key]; len(ts) > 0 {
		l.hits[key] = ts[:len(ts)-1]
	}
}

// Passwords re-entered inside a session (to sign a review, to change the password): at most
// sessionPasswordLimit wrong ones per session in sessionPasswordWindow, so that a session left
// open cannot be used to guess the password. Only the session's own tries count.
const (
	sessionPasswordLimit  = 10
	sessionPasswordWindow = 15 * time.Minute
)

// confirmPassword checks a password re-entered inside the current session. It returns "" when
// it is right, else the message for its field.
func (s *Server) confirmPassword(c echo.Context, u *store.User, password string) (string, error) {
	if password == "" {
		return "请输入您的登录密码", nil
	}
	sess, _ := c.Get(ctxSession).(store.Session)
	now := s.now()
	if !s.sessionPasswords.take(sess.IDHash, now) {
		return fmt.Sprintf("在本次登录中密码输错次数过多，请于 %s（北京时间）后再试", views.DateTime(s.sessionPasswords.freeAt(sess.IDHash, now))), nil
	}
	if !store.CheckPassword(u.PasswordHash, password) {
		s.log.Warn("password re-entered wrong", "user", u.Username)
		return "密码不正确", s.db.LoginFailed(c.Request().Context(), u.ID, now)
	}
	s.sessionPasswords.untake(sess.IDHash)
	return "", nil
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
	key, addr := loginKey(name), addressKey(s.clientIP(c))
	lock, err := s.db.LoginAttempt(ctx, loginPolicy, key, addr, now)
	if err != nil {
		return err
	}
	if !lock.Until.IsZero() {
		s.log.Warn("login paused", "user", key, "address", addr, "until", lock.Until)
		c.Response().Header().Set("Retry-After", strconv.Itoa(int(lock.Until.Sub(now).Seconds())+1))
		f.Top = append(f.Top, loginPaused(lock, name))
		return s.renderLogin(c, http.StatusTooManyRequests, f)
	}
	user, err := s.db.UserByName(ctx, name)
	switch {
	case err != nil:
		store.CheckPassword(dummyHash, password)
		f.Top = append(f.Top, loginFailed)
	case user.Disabled:
		store.CheckPassword(dummyHash, password)
		f.Top = append(f.Top, loginFailed)
	case !store.CheckPassword(user.PasswordHash, password):
		if err := s.db.LoginFailed(ctx, user.ID, now); err != nil {
			return err
		}
		s.log.Warn("login failed", "user", user.Username, "address", addr)
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
	if err := s.db.LoginSucceededFrom(ctx, loginPolicy, key, addr); err != nil {
		return err
	}
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
	// The kept decision pages may stay in the browser's cache ("private, no-cache",
	// decision_etag.go): gone with the session on a shared computer.
	c.Response().Header().Set("Clear-Site-Data", `"cache"`)
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
