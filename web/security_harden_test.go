package web_test

// Hardening round two (issue 15): CSRF tokens, login throttling, proxies, the portal's errors.

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestSecurityCSRFTokenOnlyFromBodyAndSigned: the token counts only in the form body; the
// anonymous token is the server's HMAC of the cookie, so a made-up cookie with itself as token
// is refused; the cookie is set by pages with a form and by no response a cache may share.
func TestSecurityCSRFTokenOnlyFromBodyAndSigned(t *testing.T) {
	a := newApp(t)
	login := url.Values{"username": {"clerk"}, "password": {testPassword}}
	postLogin := func(c *client, query string, form url.Values) int {
		return c.exchange(http.MethodPost, "/login"+query, strings.NewReader(form.Encode()),
			"application/x-www-form-urlencoded", nil).status
	}

	// The token from the login page works in the body, not in the query string.
	c := a.anon()
	r := c.exchange(http.MethodGet, "/login", nil, "", nil)
	cookie := setCookie(r.header, "juece_csrf")
	c.get("/login")
	if cookie == "" || c.csrf == "" || strings.Contains(cookie, "="+c.csrf+";") {
		t.Fatalf("login page: cookie %q, token %q: the token must not be the cookie's value", cookie, c.csrf)
	}
	if st := postLogin(c, "?_csrf="+url.QueryEscape(c.csrf), login); st != http.StatusForbidden {
		t.Errorf("anonymous token in the query string: %d, want 403", st)
	}
	staff := a.login("clerk")
	if r := staff.exchange(http.MethodPost, "/decisions?_csrf="+url.QueryEscape(staff.csrf), strings.NewReader(proposalForm("经查询串提交").Encode()),
		"application/x-www-form-urlencoded", nil); r.status != http.StatusForbidden {
		t.Errorf("session token in the query string: %d, want 403", r.status)
	}

	// A cookie the server did not make, with its own value (or anything else) as the token.
	for _, made := range []string{strings.Repeat("A", 43), strings.Repeat("x", 64), c.csrf} {
		forged := a.anon()
		forged.http.Jar.SetCookies(mustURL(a.srv.URL), []*http.Cookie{{Name: "juece_csrf", Value: made, Path: "/"}})
		f := url.Values{"_csrf": {made}}
		for k, v := range login {
			f[k] = v
		}
		if st := postLogin(forged, "", f); st != http.StatusForbidden {
			t.Errorf("made-up cookie %q as its own token: %d, want 403", made, st)
		}
	}

	// After a restart the form still works: the secret is kept in the data directory.
	a.serve(false)
	f := url.Values{"_csrf": {c.csrf}}
	for k, v := range login {
		f[k] = v
	}
	if st := postLogin(c, "", f); st != http.StatusSeeOther {
		t.Errorf("the login page's token after a restart: %d, want 303", st)
	}

	// No cookie on responses without a form, cacheable or not.
	anon := a.anon()
	for _, path := range []string{"/static/app.css", "/public", "/public/feed.atom", "/public/catalog", "/healthz", "/no/such/page", "/public/decisions/999"} {
		r := anon.exchange(http.MethodGet, path, nil, "", nil)
		if ck := r.header.Values("Set-Cookie"); len(ck) > 0 {
			t.Errorf("GET %s (%d, Cache-Control %q) sets %q", path, r.status, r.header.Get("Cache-Control"), ck)
		}
	}
}
