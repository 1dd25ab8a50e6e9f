package web

import (
	"bytes"
	"net/http"
	"sync"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"juece/store/textclean"
	"juece/views"
)

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// render writes a component with a status. It renders into a pooled buffer first, so a failed
// render never sends half a page with a 200.
func render(c echo.Context, status int, comp templ.Component) error {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer bufPool.Put(buf)
	if err := comp.Render(c.Request().Context(), buf); err != nil {
		return err
	}
	return c.Blob(status, "text/html; charset=utf-8", buf.Bytes())
}

// page is the frame data of the current request. Its CSRF token is the session's: an
// anonymous page that carries a form asks for its own with formToken.
func page(c echo.Context, title, active string) views.Page {
	p := views.Page{Title: pageTitle(title), CSRF: sessionCSRF(c), Active: active}
	if u := currentUser(c); u != nil {
		p.Viewer = &views.Viewer{ID: u.ID, Name: u.DisplayName, Username: u.Username, Role: u.Role, Unit: u.UnitName}
		p.Viewer.Unread, _ = c.Get(ctxUnread).(int)
	}
	return p
}

// redirect answers a successful POST (POST/redirect/GET).
func redirect(c echo.Context, to string) error {
	return c.Redirect(http.StatusSeeOther, to)
}

// pageTitle is a title as <title> may show it: one line, without control characters, even for a
// record stored before the form reader cleaned every field.
func pageTitle(t string) string {
	t, _ = textclean.Line(t)
	return t
}

// formPage is page for a page that carries a form: answering a refusal (status 422), its title
// starts with 错误, as the error summary at its top says.
func formPage(c echo.Context, status int, title, active string) views.Page {
	if status == http.StatusUnprocessableEntity {
		title = "错误：" + title
	}
	return page(c, title, active)
}
