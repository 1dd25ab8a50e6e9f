package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"juece/store"
	"juece/views"
	"juece/workflow"
)

var usernamePattern = regexp.MustCompile(`^[A-Za-z0-9._-]{3,32}$`)

func requireAdmin(c echo.Context) (*store.User, error) { return requireRole(c, workflow.RoleAdmin) }

func (s *Server) userList(c echo.Context) error {
	if _, err := requireAdmin(c); err != nil {
		return err
	}
	notice := map[string]string{"added": "账号已新增。", "reset": "密码已重置，该账号的全部登录已退出。",
		"disabled": "账号已停用，其全部登录已退出。", "enabled": "账号已启用。", "unlocked": "登录暂停已解除。"}[c.QueryParam("done")]
	return s.renderUsers(c, http.StatusOK, views.NewForm("add", nil), nil, notice)
}

func (s *Server) renderUsers(c echo.Context, status int, add, reset *views.Form, notice string) error {
	ctx := c.Request().Context()
	users, err := s.db.Users(ctx)
	if err != nil {
		return err
	}
	units, err := s.db.Units(ctx)
	if err != nil {
		return err
	}
	p := views.UsersPage{Page: formPage(c, status, "账号管理", "users"), Add: add, Reset: reset, Notice: notice}
	for _, u := range users {
		p.Users = append(p.Users, views.UserItem{ID: u.ID, Username: u.Username, Name: u.DisplayName,
			Unit: u.UnitName, Role: u.Role.Label(), Heads: headsOf(u), Warning: dutyProblem(u.Role, u.IsLegalHead, u.UnitKind),
			Disabled: u.Disabled})
	}
	if p.CalendarMissing, err = s.calendarMissing(ctx); err != nil {
		return err
	}
	locks, err := s.db.LoginLocks(ctx, s.now())
	if err != nil {
		return err
	}
	for _, l := range locks {
		p.Locks = append(p.Locks, views.LoginLockItem{Username: l.Username, Address: l.Address, Failures: l.Failures,
			Until: views.DateTime(l.Until)})
	}
	for _, x := range units {
		p.Units = append(p.Units, views.Option{Value: strconv.FormatInt(x.ID, 10), Label: x.Name})
	}
	for _, r := range workflow.Roles {
		p.Roles = append(p.Roles, views.Option{Value: string(r), Label: r.Label()})
	}
	return render(c, status, views.Users(p))
}

func (s *Server) userCreate(c echo.Context) error {
	admin, err := requireAdmin(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	units, err := s.db.Units(ctx)
	if err != nil {
		return err
	}
	unitIDs := make([]string, len(units))
	for i, x := range units {
		unitIDs[i] = strconv.FormatInt(x.ID, 10)
	}
	r := readForm(c, "add")
	username := r.short("username", "用户名", true, 32)
	if username != "" && !usernamePattern.MatchString(username) {
		r.f.Errors["username"] = "用户名只能由字母、数字、点、横线或下划线组成，3—32 位"
	}
	name := r.short("display_name", "姓名", true, 50)
	unit, _ := strconv.ParseInt(r.choice("unit", "单位", true, unitIDs), 10, 64)
	role := workflow.Role(r.choice("role", "角色", true, strs(workflow.Roles)))
	legalHead := r.check("legal_head")
	unitHead := r.check("unit_head")
	if unitHead && role != "" && role != workflow.RoleClerk {
		r.f.Errors["unit_head"] = "承办单位负责人的账号角色应为承办单位经办人"
	}
	for _, x := range units {
		if x.ID == unit && r.f.Errors["unit"] == "" {
			if msg := dutyProblem(role, legalHead, x.Kind); msg != "" {
				r.f.Errors["unit"] = msg
			}
		}
	}
	password := c.FormValue("password")
	if msg := store.ValidatePassword(password); msg != "" {
		r.f.Errors["password"] = msg
	}
	if username != "" && r.f.Errors["username"] == "" {
		if _, err := s.db.UserByName(ctx, username); err == nil {
			r.f.Errors["username"] = "该用户名已被使用"
		} else if !errors.Is(err, store.ErrNotFound) {
			return err
		}
	}
	if r.f.HasErrors() {
		r.f.Top = append(r.f.Top, "提交的内容有误，请按提示修改。未新增账号。")
		return s.renderUsers(c, http.StatusUnprocessableEntity, r.f, nil, "")
	}
	hash, err := store.HashPassword(password)
	if err != nil {
		return err
	}
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		_, err := tx.CreateUser(ctx, admin.Actor(), s.now(), store.User{Username: username, DisplayName: name,
			UnitID: unit, Role: role, IsLegalHead: legalHead, IsUnitHead: unitHead, PasswordHash: hash})
		return err
	})
	if err != nil {
		return err
	}
	return redirect(c, "/admin/users?done=added")
}

func (s *Server) targetUser(c echo.Context) (store.User, error) {
	id, err := pathID(c, "uid")
	if err != nil {
		return store.User{}, err
	}
	u, err := s.db.User(c.Request().Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		return store.User{}, errNotFound
	}
	return u, err
}

func (s *Server) userPassword(c echo.Context) error {
	admin, err := requireAdmin(c)
	if err != nil {
		return err
	}
	target, err := s.targetUser(c)
	if err != nil {
		return err
	}
	f := views.NewForm(fmt.Sprintf("reset-%d", target.ID), nil)
	password := c.FormValue("password")
	if msg := store.ValidatePassword(password); msg != "" {
		f.Errors["password"] = msg
		return s.renderUsers(c, http.StatusUnprocessableEntity, views.NewForm("add", nil), f, "")
	}
	hash, err := store.HashPassword(password)
	if err != nil {
		return err
	}
	err = s.db.InTx(c.Request().Context(), func(tx *store.Tx) error {
		return tx.SetPassword(c.Request().Context(), admin.Actor(), s.now(), target.ID, hash)
	})
	if err != nil {
		return err
	}
	return redirect(c, "/admin/users?done=reset")
}

func (s *Server) userDisabled(c echo.Context) error {
	admin, err := requireAdmin(c)
	if err != nil {
		return err
	}
	target, err := s.targetUser(c)
	if err != nil {
		return err
	}
	disable := c.FormValue("disabled") == "1"
	if disable && target.ID == admin.ID {
		return echo.NewHTTPError(http.StatusUnprocessableEntity, "不能停用自己正在使用的账号。")
	}
	err = s.db.InTx(c.Request().Context(), func(tx *store.Tx) error {
		return tx.SetDisabled(c.Request().Context(), admin.Actor(), s.now(), target.ID, disable)
	})
	if err != nil {
		return err
	}
	if disable {
		return redirect(c, "/admin/users?done=disabled")
	}
	return redirect(c, "/admin/users?done=enabled")
}

// loginLockLift ends a login pause before its time, for a user the admin has spoken to.
func (s *Server) loginLockLift(c echo.Context) error {
	admin, err := requireAdmin(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		return tx.LiftLoginLock(ctx, admin.Actor(), s.now(), c.FormValue("username"), c.FormValue("address"))
	})
	if errors.Is(err, store.ErrNotFound) {
		return echo.NewHTTPError(http.StatusNotFound, "该登录暂停已不存在（可能已到期或已被解除）。")
	}
	if err != nil {
		return err
	}
	return redirect(c, "/admin/users?done=unlocked#login-locks")
}

func (s *Server) passwordForm(c echo.Context) error {
	if _, err := requireUser(c); err != nil {
		return err
	}
	return render(c, http.StatusOK, views.PasswordPage(page(c, "修改密码", ""), views.NewForm("pw", nil), c.QueryParam("done") == "1"))
}

// passwordChange changes the user's own password; every other session of theirs ends, and this
// one continues under a fresh id.
func (s *Server) passwordChange(c echo.Context) error {
	u, err := requireUser(c)
	if err != nil {
		return err
	}
	f := views.NewForm("pw", nil)
	ctx := c.Request().Context()
	now := s.now()
	msg, err := s.confirmPassword(c, u, c.FormValue("current"))
	if err != nil {
		return err
	}
	if msg != "" {
		f.Errors["current"] = msg
	}
	password := c.FormValue("password")
	if msg := store.ValidatePassword(password); msg != "" {
		f.Errors["password"] = msg
	}
	if f.HasErrors() {
		return render(c, http.StatusUnprocessableEntity, views.PasswordPage(page(c, "修改密码", ""), f, false))
	}
	hash, err := store.HashPassword(password)
	if err != nil {
		return err
	}
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		return tx.SetPassword(ctx, u.Actor(), now, u.ID, hash)
	})
	if err != nil {
		return err
	}
	id := randomToken()
	if err := s.db.CreateSession(ctx, store.Session{IDHash: hashID(id), UserID: u.ID, CSRFToken: randomToken(),
		CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(sessionAbsolute)}); err != nil {
		return err
	}
	s.setSessionCookie(c, id)
	return redirect(c, "/account/password?done=1")
}

// dutyProblem says what is wrong, for the separation of duties, with an account of role in a
// unit of kind: the legality review is the legal office's (条例第25条), so a reviewer or the
// legal office's head belongs to it, never to a unit whose decisions they would review.
func dutyProblem(role workflow.Role, legalHead bool, kind store.UnitKind) string {
	switch {
	case role == workflow.RoleReviewer && kind != store.UnitLegal:
		return "合法性审查人员应属于司法局（法制机构），不应设在其他单位"
	case legalHead && kind != store.UnitLegal:
		return "法制机构负责人应属于司法局（法制机构）"
	}
	return ""
}

// headsOf names the head flags of an account, for the account list.
func headsOf(u store.User) string {
	var out []string
	if u.IsLegalHead {
		out = append(out, "法制机构负责人")
	}
	if u.IsUnitHead {
		out = append(out, "承办单位负责人")
	}
	return strings.Join(out, "、")
}

// calendarMissing is next year's number when its holidays are not entered yet and it is time
// to (the State Council announces them in the autumn), else 0.
func (s *Server) calendarMissing(ctx context.Context) (int, error) {
	today := s.today().In(workflow.Shanghai)
	if today.Month() < time.October {
		return 0, nil
	}
	years, err := s.db.CalendarYears(ctx)
	if err != nil {
		return 0, err
	}
	if next := today.Year() + 1; !slices.Contains(years, next) {
		return next, nil
	}
	return 0, nil
}
