package web

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"runtime/debug"
	"time"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"juece/store/textclean"
)

// securityHeaders sets the headers every response carries: no inline scripts, no framing, no
// sniffing, no referrer leaking ids; and HSTS when served over https.
func (s *Server) securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		if s.secureCookies(c) { // served over TLS, here or by the proxy: browsers are to keep to it (ASVS 14.4.5)
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

// ctxBidi holds the names of the fields from which cleanForm removed bidi controls.
const ctxBidi = "bidi"

// secretFields are typed but never stored or shown: a password is checked as typed, byte for
// byte, against the hash made of it.
var secretFields = map[string]bool{"password": true, "current": true, "_csrf": true}

// cleanForm is the edge every submitted text passes: it refuses a request whose form fields or
// query are not valid UTF-8 (juece's pages are UTF-8, so only a broken or crafted client sends
// other bytes), and normalises every field in place with textclean.Clean, so that no handler
// can store a NUL, a control character or a bidi override, whether it reads the field through
// the form reader or not. The form reader refuses a field that had a bidi control, with a
// message next to it.
func cleanForm(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		if r.Form == nil { // a GET: the query; a POST was parsed by checkCSRF or uploadPrelude
			r.ParseForm() // a malformed pair is skipped, as the query's own parser does
		}
		var bidi map[string]bool
		clean := func(values url.Values) error {
			for k, vs := range values {
				if !utf8.ValidString(k) {
					return errNotUTF8
				}
				for i, v := range vs {
					if !utf8.ValidString(v) {
						return errNotUTF8
					}
					if secretFields[k] {
						continue
					}
					cv, hadBidi := textclean.Clean(v)
					if hadBidi {
						if bidi == nil {
							bidi = map[string]bool{}
						}
						bidi[k] = true
					}
					vs[i] = cv
				}
			}
			return nil
		}
		sets := []url.Values{r.Form, r.PostForm}
		if r.MultipartForm != nil {
			sets = append(sets, r.MultipartForm.Value)
		}
		for _, vs := range sets {
			if err := clean(vs); err != nil {
				return err
			}
		}
		if bidi != nil {
			c.Set(ctxBidi, bidi)
		}
		return next(c)
	}
}

// ctxHead marks a HEAD request that headAsGet routes as a GET.
const ctxHead = "head"

// headAsGet answers HEAD on every GET route, which echo does not do by itself: the request is
// routed as a GET (echo's router reads the method before the route's middleware runs), then
// headRestore makes it a HEAD again, so that net/http sends the GET's headers, Content-Length
// included, without the body.
func headAsGet(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if r := c.Request(); r.Method == http.MethodHead {
			r.Method = http.MethodGet
			c.Set(ctxHead, true)
		}
		return next(c)
	}
}

// headRestore is the first middleware after routing: see headAsGet.
func headRestore(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if c.Get(ctxHead) != nil {
			c.Request().Method = http.MethodHead
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

// A request body must arrive at a minimum average rate after a grace period, instead of within
// a total time: a large attachment over a slow line may take as long as it needs, a stalled or
// trickling client is cut off (and logged as such, 408).
const (
	defaultMinBodyRate = 16 << 10 // bytes per second
	defaultBodyGrace   = 30 * time.Second
)

// errBodyTooSlow answers a request whose body was cut off for coming in too slowly.
var errBodyTooSlow = echo.NewHTTPError(http.StatusRequestTimeout, "提交的内容传送过慢，连接已中断，未保存任何内容。请在网络较好时重新提交。")

// minRateBody is a request body that must keep up the minimum rate: before each read it moves
// the connection's read deadline to when the bytes so far and this read's buffer are due.
type minRateBody struct {
	io.ReadCloser
	rc    *http.ResponseController
	start time.Time
	n     int64
	rate  float64
	grace time.Duration
}

func (b *minRateBody) Read(p []byte) (int, error) {
	due := b.start.Add(b.grace + time.Duration(float64(b.n+int64(len(p)))/b.rate*float64(time.Second)))
	b.rc.SetReadDeadline(due)
	b.rc.SetWriteDeadline(due.Add(time.Minute)) // the answer still has time to go out
	n, err := b.ReadCloser.Read(p)
	b.n += int64(n)
	return n, err
}

// bodyMinRate puts every request body under the minimum rate. It runs before everything that
// reads a body (echo's Pre).
func (s *Server) bodyMinRate(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		if r.Body != nil && r.Body != http.NoBody {
			b := &minRateBody{ReadCloser: r.Body, rc: http.NewResponseController(c.Response().Writer),
				start: time.Now(), rate: float64(s.minBodyRate), grace: s.bodyGrace}
			r.Body = b
			c.Set(ctxMinRate, b)
		}
		return next(c)
	}
}

const ctxMinRate = "min-rate-body"

// bodyCutOff logs a body cut off for its rate and answers 408.
func (s *Server) bodyCutOff(c echo.Context) error {
	var received int64
	if b, ok := c.Get(ctxMinRate).(*minRateBody); ok {
		received = b.n
	}
	s.log.Warn("request body cut off: slower than the minimum rate", "method", c.Request().Method,
		"path", c.Request().URL.Path, "received", received, "min_rate", s.minBodyRate, "user", userName(c))
	return errBodyTooSlow
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
