package web

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"juece/store"
)

// The kept decision page answers a conditional GET: its ETag is computed, without rendering,
// from everything the page shows — the page stamp (the decision's version and the head of the
// whole history, which every write moves), the variant of the main part (role, unit, heads'
// flags, drafter, day, hours in the stage), and the frame: the user's id, name, unit and role,
// the unread count and the session's CSRF token, which goes in only through the hash (the tag
// never carries the token). The kept pages' random slot joins it, so that a restarted server,
// perhaps a newer release drawing pages differently, never matches a tag of the one before.
//
// The tag is weak (W/"…"): it is computed from what the page shows, not from its bytes, and a
// proxy that compresses the page may keep a weak tag where it must drop a strong one. A
// conditional GET compares tags weakly anyway (RFC 9110 13.1.2), and nothing asks a decision
// page for byte ranges, the one use of a strong tag.
//
// Such a page is sent "private, no-cache" instead of "no-store": a browser revalidates only
// what it keeps, and no-cache makes it ask every time before showing it, so a 304 is only ever
// given to the same session's own current page; the request passes the login first, so after
// logout or the session's end it gets the login page, not the kept copy. The copy stays in the
// browser's cache until then: logout clears it (Clear-Site-Data, login.go); docs/capacity.md
// weighs the rest.

// cacheRevalidate is the Cache-Control of a page a browser may keep but must revalidate.
const cacheRevalidate = "private, no-cache"

// decisionETag is the tag of the kept decision page user u gets at stamp st in variant v.
func (s *Server) decisionETag(c echo.Context, u *store.User, st store.PageStamp, v pageVariant) string {
	unread, _ := c.Get(ctxUnread).(int)
	token := sha256.Sum256([]byte(sessionCSRF(c)))
	h := sha256.New()
	fmt.Fprintf(h, "%s\n%d %s %d %d\n%s %d %t %t %t %q %q\n%d %q %q %q %d\n%x",
		s.pages.slot, st.UnitID, st.Kind, st.Version, st.Head,
		v.role, v.unit, v.legalHead, v.unitHead, v.drafter, v.day, v.waited,
		u.ID, u.DisplayName, u.UnitName, u.Role, unread, token)
	return `W/"` + base64.RawURLEncoding.EncodeToString(h.Sum(nil)[:18]) + `"`
}

// notModified sets the tag and the revalidating Cache-Control on the answer, and reports
// whether the request's If-None-Match names the tag, so that a 304 is the answer.
func notModified(c echo.Context, etag string) bool {
	h := c.Response().Header()
	h.Set("Cache-Control", cacheRevalidate)
	h.Set("ETag", etag)
	return etagListed(c.Request().Header.Get("If-None-Match"), etag)
}

// etagListed reports whether an If-None-Match value lists etag, compared weakly (W/ ignored),
// or is "*".
func etagListed(header, etag string) bool {
	etag = strings.TrimPrefix(etag, "W/")
	for t := range strings.SplitSeq(header, ",") {
		t = strings.TrimSpace(t)
		if t == "*" || t != "" && strings.TrimPrefix(t, "W/") == etag {
			return true
		}
	}
	return false
}

// answerNotModified is the 304: the headers, no body.
func answerNotModified(c echo.Context) error {
	return c.NoContent(http.StatusNotModified)
}
