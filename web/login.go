package web

import (
	"net/http"
	"strings"

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
	return render(c, status, views.LoginPage(page(c, "登录", ""), f, demo, DemoPassword))
}

// loginFailed is the one answer for an unknown user, a wrong password, a disabled or locked
// account: the response tells an attacker nothing about which it was.
const loginFailed = "用户名或密码不正确，或账号暂不可用。"

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
	user, err := s.db.UserByName(ctx, name)
	now := s.now()
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
	s.setSessionCookie(c, id)
	next := c.FormValue("next")
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		next = "/"
	}
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
