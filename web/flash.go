package web

import (
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"
)

// A flash is the one-line answer to a save, carried across the redirect that follows the POST
// (POST/redirect/GET) in a short-lived cookie and shown once on the page it leads to.
const flashCookie = "juece_flash"

func setFlash(c echo.Context, msg string) {
	c.SetCookie(&http.Cookie{Name: flashCookie, Value: url.QueryEscape(msg), Path: "/", MaxAge: 60,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: c.IsTLS()})
}

// takeFlash reads the flash and clears it, so a reload does not show it again.
func takeFlash(c echo.Context) string {
	ck, err := c.Cookie(flashCookie)
	if err != nil || ck.Value == "" {
		return ""
	}
	c.SetCookie(&http.Cookie{Name: flashCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteLaxMode})
	msg, err := url.QueryUnescape(ck.Value)
	if err != nil {
		return ""
	}
	return msg
}

// hasFlash reports whether the request carries a flash to show.
func hasFlash(c echo.Context) bool {
	ck, err := c.Cookie(flashCookie)
	return err == nil && ck.Value != ""
}
