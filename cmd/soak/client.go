package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// client is one browser: its own cookie jar, never following redirects (a 303 after a POST is
// the server's acknowledgement, and the harness wants to see it).
type client struct {
	base string // http://127.0.0.1:port, never anything else
	http *http.Client
	csrf string // the session's token, once logged in
}

func newClient(base string) *client {
	jar, _ := cookiejar.New(nil)
	// Longer than the server's own 60 s write timeout: the server, not the harness, decides
	// when a request has taken too long.
	return &client{base: base, http: &http.Client{Jar: jar, Timeout: 65 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// response is what the harness keeps of an answer.
type response struct {
	status   int
	body     string
	location string
	took     time.Duration
}

func (c *client) get(ctx context.Context, path string) (response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+path, nil)
	if err != nil {
		return response{}, err
	}
	return c.do(req)
}

// post sends a form as a browser does: with the page's CSRF token and its own Origin.
func (c *client) post(ctx context.Context, path string, form url.Values) (response, error) {
	if form.Get("_csrf") == "" {
		form.Set("_csrf", c.csrf)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+path, strings.NewReader(form.Encode()))
	if err != nil {
		return response{}, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", c.base)
	return c.do(req)
}

func (c *client) do(req *http.Request) (response, error) {
	start := time.Now()
	res, err := c.http.Do(req)
	if err != nil {
		return response{}, err
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		return response{}, err
	}
	return response{status: res.StatusCode, body: string(body), location: res.Header.Get("Location"), took: time.Since(start)}, nil
}

var (
	csrfRE    = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)
	versionRE = regexp.MustCompile(`name="version" value="([0-9]+)"`)
	// A decision page's form carries its anchor in its action (…/start#form-start).
	eventRE = regexp.MustCompile(`action="/decisions/[0-9]+/events/([a-z_]+)(?:#[^"]*)?"`)
	startRE = regexp.MustCompile(`action="/decisions/[0-9]+/start(?:#[^"]*)?"`)
)

// formCSRF is the CSRF token in a page's forms, or "".
func formCSRF(page string) string {
	if m := csrfRE.FindStringSubmatch(page); m != nil {
		return m[1]
	}
	return ""
}

// formVersion is the decision version a page's forms carry, or 0.
func formVersion(page string) int64 {
	if m := versionRE.FindStringSubmatch(page); m != nil {
		v, _ := strconv.ParseInt(m[1], 10, 64)
		return v
	}
	return 0
}

// pageEvents are the events a decision page offers: its event buttons, and start, which is
// fired from the start record's own form.
func pageEvents(page string) []string {
	var out []string
	for _, m := range eventRE.FindAllStringSubmatch(page, -1) {
		out = append(out, m[1])
	}
	if startRE.MatchString(page) {
		out = append(out, "start")
	}
	return out
}

// errSessionLost is a logged-in client sent back to the login page: its acknowledged login
// did not survive.
var errSessionLost = errors.New("session lost: redirected to the login page")

// login signs in over HTTP as a browser does: the login page for the token, then the form.
func (c *client) login(ctx context.Context, username, password string) error {
	r, err := c.get(ctx, "/login")
	if err != nil {
		return err
	}
	tok := formCSRF(r.body)
	if r.status != http.StatusOK || tok == "" {
		return fmt.Errorf("login page: status %d, token %q", r.status, tok)
	}
	r, err = c.post(ctx, "/login", url.Values{"_csrf": {tok}, "username": {username}, "password": {password}})
	if err != nil {
		return err
	}
	if r.status != http.StatusSeeOther || strings.HasPrefix(r.location, "/login") {
		return fmt.Errorf("login as %s: status %d", username, r.status)
	}
	// The session's own token is on every page it sees; take it from the worklist.
	r, err = c.get(ctx, "/")
	if err != nil {
		return err
	}
	if c.csrf = formCSRF(r.body); r.status != http.StatusOK || c.csrf == "" {
		return fmt.Errorf("worklist after login as %s: status %d", username, r.status)
	}
	return nil
}

// page loads a logged-in page; a redirect to the login page is errSessionLost.
func (c *client) page(ctx context.Context, path string) (response, error) {
	r, err := c.get(ctx, path)
	if err == nil && r.status == http.StatusSeeOther && strings.HasPrefix(r.location, "/login") {
		return r, errSessionLost
	}
	return r, err
}
