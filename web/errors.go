package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"slices"
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
	var ae *store.AttachmentError
	var damaged *store.DamagedError
	switch {
	case errors.As(err, &ae): // logged below, as every 5xx
		msg = ae.Error() + "。请联系系统管理员。"
	case errors.Is(err, errLogin):
		target := "/login"
		if c.Request().Method == http.MethodGet {
			target += "?next=" + url.QueryEscape(c.Request().URL.RequestURI()) // escaped: its own query must survive whole
		}
		c.Redirect(http.StatusSeeOther, target)
		return
	case store.StorageFault(err):
		status, msg = http.StatusServiceUnavailable, msgStorage
	case errors.As(err, &damaged):
		status, msg = http.StatusServiceUnavailable, damaged.Error()
	case errors.Is(err, store.ErrNotFound):
		status, msg = http.StatusNotFound, "未找到该页面或决策事项，或您无权查看。"
	case errors.Is(err, store.ErrConflict):
		status, msg = http.StatusConflict, "该决策事项已被他人修改，请刷新后重试。"
	case errors.As(err, &he):
		status = he.Code
		if m, ok := he.Message.(string); ok && (status < 500 || status == http.StatusServiceUnavailable) {
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
	if errors.Is(err, errCSRF) && c.Path() == "/public/consultations/:id" && s.commentWithoutToken(c) == nil {
		return // a citizen's comment after the token was lost: the form again, with the text
	}
	if errors.Is(err, errCSRF) && c.Path() == "/public/normative/:id/objections" && s.objectionWithoutToken(c) == nil {
		return // the same for an objection
	}
	if status == http.StatusServiceUnavailable && store.StorageFault(err) {
		s.storageFault(c, err)
	} else if status >= 500 {
		s.log.Error("request failed", "method", c.Request().Method, "path", c.Request().URL.Path, "err", err)
	} else if status == http.StatusForbidden {
		s.log.Warn("denied", "method", c.Request().Method, "path", c.Request().URL.Path, "user", userName(c), "reason", msg)
	}
	title := map[int]string{400: "请求有误", 403: "无权操作", 404: "未找到", 408: "传送过慢", 409: "修改冲突", 413: "内容过大",
		422: "无法办理", 429: "提交过于频繁", 503: "暂时无法办理"}[status]
	if title == "" {
		title = "系统错误"
	}
	// The page is rendered even when the request's context has ended (a body cut off, a client
	// gone): the status is what the log and whoever is still listening must get.
	c.SetRequest(c.Request().WithContext(context.WithoutCancel(c.Request().Context())))
	comp := views.ErrorPage(page(c, title, ""), status, msg)
	if status == http.StatusServiceUnavailable && c.Request().Method == http.MethodPost {
		p := page(c, title, "")
		p.CSRF = s.formToken(c)
		comp = views.ErrorPageRetry(p, status, msg, retryForm(c))
	}
	if strings.HasPrefix(c.Request().URL.Path, "/api/") { // programs read the reason as JSON
		if jerr := c.JSON(status, map[string]string{"error": msg}); jerr != nil {
			s.log.Error("write API error", "err", jerr)
		}
		return
	}
	if isPortal(c.Request().URL.Path) { // the public's own page, leading back to the portal
		comp = views.PublicErrorPage(publicPage(title), status, msg)
	}
	if rerr := render(c, status, comp); rerr != nil {
		s.log.Error("render error page", "err", rerr)
	}
}

// msgStorage answers a write the storage could not take.
const msgStorage = "服务器存储空间不足或存储设备故障，本次提交未能保存，未作任何更改。请稍后重试；如问题持续，请联系系统管理员。"

// storageFault logs a write the storage could not take, saying what to do about it.
func (s *Server) storageFault(c echo.Context, err error) {
	s.unhealthy()
	free, ferr := store.FreeSpace(s.data)
	s.log.Error("storage fault: a write was refused (503). Free space on the filesystem of the data directory, or check the disk; "+
		"juece takes writes again by itself once it can, and /healthz says when",
		"method", c.Request().Method, "path", c.Request().URL.Path, "user", userName(c), "data_dir", s.data,
		"free_bytes", free, "free_err", ferr, "err", err)
}

// retryForm is what was posted, to send again from the error page: not an upload (the browser
// keeps no file), never a password or the CSRF token.
func retryForm(c echo.Context) *views.Retry {
	r := c.Request()
	if isUploadPath(r.URL.Path) || r.PostForm == nil {
		return nil
	}
	rt := &views.Retry{Action: r.URL.Path}
	names := make([]string, 0, len(r.PostForm))
	for k := range r.PostForm {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		for _, v := range r.PostForm[k] {
			switch {
			case k == "_csrf":
			case secretFields[k]:
				rt.Password = k
			case k == "version" || k == "case_version" || k == "next" || k == "website":
				rt.Hidden = append(rt.Hidden, views.RetryField{Name: k, Value: v})
			default:
				rt.Fields = append(rt.Fields, views.RetryField{Name: k, Value: v})
			}
		}
	}
	return rt
}

// isPortal says whether path is on the public portal.
func isPortal(path string) bool { return path == "/public" || strings.HasPrefix(path, "/public/") }

func userName(c echo.Context) string {
	if u := currentUser(c); u != nil {
		return u.Username
	}
	return "-"
}

func isNotFound(err error) bool { return errors.Is(err, store.ErrNotFound) }
func isConflict(err error) bool { return errors.Is(err, store.ErrConflict) }
