package web

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"juece/store"
	"juece/views"
)

// errForbidden is returned when the user's role may not do what was asked.
var errForbidden = echo.NewHTTPError(http.StatusForbidden, "您的角色无权进行此操作。")

// errNotFound answers for anything that does not exist or that the user may not see: the two
// are indistinguishable on purpose.
var errNotFound = echo.NewHTTPError(http.StatusNotFound, "未找到该页面或决策事项，或您无权查看。")

// handleError turns every error a handler returns into a page with the right status.
func (s *Server) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	status, msg := http.StatusInternalServerError, "系统内部错误，请稍后重试。如问题持续，请联系系统管理员。"
	var he *echo.HTTPError
	switch {
	case errors.Is(err, errLogin):
		target := "/login"
		if c.Request().Method == http.MethodGet {
			target += "?next=" + url.QueryEscape(c.Request().URL.RequestURI()) // escaped: its own query must survive whole
		}
		c.Redirect(http.StatusSeeOther, target)
		return
	case errors.Is(err, store.ErrNotFound):
		status, msg = http.StatusNotFound, "未找到该页面或决策事项，或您无权查看。"
	case errors.Is(err, store.ErrConflict):
		status, msg = http.StatusConflict, "该决策事项已被他人修改，请刷新后重试。"
	case errors.As(err, &he):
		status = he.Code
		if m, ok := he.Message.(string); ok && status < 500 {
			msg = m
		}
		if status == http.StatusNotFound && msg == "Not Found" {
			msg = "未找到该页面。"
		}
		if status == http.StatusMethodNotAllowed {
			msg = "不支持该请求方式。"
		}
		if status == http.StatusRequestEntityTooLarge {
			msg = "提交的内容过大。"
		}
	}
	if status >= 500 {
		s.log.Error("request failed", "method", c.Request().Method, "path", c.Request().URL.Path, "err", err)
	} else if status == http.StatusForbidden {
		s.log.Warn("denied", "method", c.Request().Method, "path", c.Request().URL.Path, "user", userName(c), "reason", msg)
	}
	title := map[int]string{400: "请求有误", 403: "无权操作", 404: "未找到", 409: "修改冲突", 413: "内容过大", 422: "无法办理"}[status]
	if title == "" {
		title = "出错了"
	}
	if c.Request().Method == http.MethodHead {
		c.NoContent(status)
		return
	}
	if strings.HasPrefix(c.Request().URL.Path, "/api/") { // programs read the reason as JSON
		if jerr := c.JSON(status, map[string]string{"error": msg}); jerr != nil {
			s.log.Error("write API error", "err", jerr)
		}
		return
	}
	if rerr := render(c, status, views.ErrorPage(page(c, title, ""), status, msg)); rerr != nil {
		s.log.Error("render error page", "err", rerr)
	}
}

func userName(c echo.Context) string {
	if u := currentUser(c); u != nil {
		return u.Username
	}
	return "-"
}

func isNotFound(err error) bool { return errors.Is(err, store.ErrNotFound) }
func isConflict(err error) bool { return errors.Is(err, store.ErrConflict) }
