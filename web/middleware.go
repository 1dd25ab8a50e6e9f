package web

import (
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"time"
	"unicode/utf8"

	"github.com/labstack/echo/v4"
)

// securityHeaders sets the headers every response carries: no inline scripts, no framing, no
// sniffing, no referrer leaking ids.
func securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		if c.IsTLS() { // served over TLS: browsers are to keep to it (ASVS 14.4.5)
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		return next(c)
	}
}

// noStore keeps pages that show internal records out of shared caches.
func noStore(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		c.Response().Header().Set("Cache-Control", "no-store")
		return next(c)
	}
}

// errNotUTF8 answers a form or query that is not valid UTF-8.
var errNotUTF8 = echo.NewHTTPError(http.StatusBadRequest, "提交的内容含有无效字符（不是 UTF-8 编码），未作任何更改。请在本系统的页面中填写后重新提交。")

// requireUTF8 refuses a request whose form fields or query are not valid UTF-8. juece's pages
// are UTF-8, so only a broken or crafted client sends other bytes; stored, they would be shown
// back as garbage and differ from the history, which keeps every text as valid UTF-8.
func requireUTF8(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		values := r.Form // parsed by checkCSRF, or by uploadPrelude for an upload
		if values == nil {
			values = r.URL.Query()
		}
		for k, vs := range values {
			if !utf8.ValidString(k) {
				return errNotUTF8
			}
			for _, v := range vs {
				if !utf8.ValidString(v) {
					return errNotUTF8
				}
			}
		}
		return next(c)
	}
}

// accessLog logs one line per request.
func (s *Server) accessLog(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		err := next(c)
		if err != nil {
			c.Error(err)
		}
		s.log.LogAttrs(c.Request().Context(), slog.LevelInfo, "http",
			slog.String("method", c.Request().Method), slog.String("path", c.Request().URL.Path),
			slog.Int("status", c.Response().Status), slog.Duration("took", time.Since(start)),
			slog.String("user", userName(c)))
		return nil
	}
}

// maxFormBody caps every request body but an attachment upload's: forms are text, and the CSRF
// check must never parse a large body into memory before it knows who is asking.
const maxFormBody = 1 << 20

func limitBody(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		if r.Method == http.MethodGet || r.Method == http.MethodHead || isUploadPath(r.URL.Path) {
			return next(c)
		}
		if r.ContentLength > maxFormBody {
			return echo.NewHTTPError(http.StatusRequestEntityTooLarge, "提交的内容过大。")
		}
		r.Body = http.MaxBytesReader(c.Response().Writer, r.Body, maxFormBody)
		return next(c)
	}
}

// recoverPanic answers a handler's panic with the 500 page instead of a dropped connection, and
// logs the stack so the fault can be found.
func (s *Server) recoverPanic(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) (err error) {
		defer func() {
			if r := recover(); r != nil {
				if r == http.ErrAbortHandler { // the client went away: nothing to answer
					panic(r)
				}
				s.log.Error("panic", "method", c.Request().Method, "path", c.Request().URL.Path,
					"panic", fmt.Sprint(r), "stack", string(debug.Stack()))
				err = fmt.Errorf("panic: %v", r)
			}
		}()
		return next(c)
	}
}
