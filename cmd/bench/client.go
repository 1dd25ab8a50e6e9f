package main

import (
	"context"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// newTransport is the one pool of connections every user's client shares: conns at most.
func newTransport(conns int) *http.Transport {
	return &http.Transport{
		MaxConnsPerHost:     conns,
		MaxIdleConns:        conns,
		MaxIdleConnsPerHost: conns,
		IdleConnTimeout:     90 * time.Second,
		DisableCompression:  true,
	}
}

// newClient is a browser-like client with its own cookies that never follows a redirect: a
// redirect (to the login page, after a POST) is an answer to count, not to chase.
func newClient(tr *http.Transport, timeout time.Duration) *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Transport: tr, Jar: jar, Timeout: timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// fetch GETs a page and returns its status and body.
func fetch(ctx context.Context, c *http.Client, u string) (int, string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return 0, "", err
	}
	resp, err := c.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
	return resp.StatusCode, string(b), err
}

// postForm POSTs a form as a browser on base would (Origin header included) and reads the
// whole answer.
func postForm(ctx context.Context, c *http.Client, base, path string, form url.Values) (int, string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+path, strings.NewReader(form.Encode()))
	if err != nil {
		return 0, "", err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", base)
	resp, err := c.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
	return resp.StatusCode, string(b), err
}

var (
	csrfRe    = regexp.MustCompile(`name="_csrf" value="([^"]*)"`)
	versionRe = regexp.MustCompile(`name="version" value="([0-9]+)"`)
)

// csrfOf is the CSRF token in a page's forms, or "".
func csrfOf(page string) string {
	if m := csrfRe.FindStringSubmatch(page); m != nil {
		return html.UnescapeString(m[1])
	}
	return ""
}

// login signs a user in through the login form and returns their client.
func login(ctx context.Context, tr *http.Transport, timeout time.Duration, base, user, password string) (*http.Client, error) {
	c := newClient(tr, timeout)
	status, page, err := fetch(ctx, c, base+"/login")
	if err != nil || status != http.StatusOK {
		return nil, fmt.Errorf("login page: %d %v", status, err)
	}
	tok := csrfOf(page)
	if tok == "" {
		return nil, fmt.Errorf("login page: no _csrf field")
	}
	status, _, err = postForm(ctx, c, base, "/login", url.Values{"_csrf": {tok}, "username": {user},
		"password": {password}, "next": {""}})
	if err != nil {
		return nil, fmt.Errorf("log in %s: %w", user, err)
	}
	if status != http.StatusSeeOther {
		return nil, fmt.Errorf("log in %s: status %d, want 303 (wrong password, or no such account?)", user, status)
	}
	return c, nil
}

// linkIDs returns the ids in links of the form prefix+ID+`"`, once each, in page order.
func linkIDs(page, prefix string) []int64 {
	re := regexp.MustCompile(`href="` + regexp.QuoteMeta(prefix) + `([0-9]+)"`)
	var ids []int64
	seen := map[int64]bool{}
	for _, m := range re.FindAllStringSubmatch(page, -1) {
		id, err := strconv.ParseInt(m[1], 10, 64)
		if err == nil && !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	return ids
}

// selectOptions returns the non-empty option values of the <select name=name> on a page.
func selectOptions(page, name string) []string {
	i := strings.Index(page, `name="`+name+`"`)
	if i < 0 {
		return nil
	}
	rest := page[i:]
	if j := strings.Index(rest, "</select>"); j >= 0 {
		rest = rest[:j]
	}
	var vals []string
	for _, m := range regexp.MustCompile(`<option value="([^"]*)"`).FindAllStringSubmatch(rest, -1) {
		if v := html.UnescapeString(m[1]); v != "" {
			vals = append(vals, v)
		}
	}
	return vals
}

// listIDs collects up to max decision ids from /decisions?state=state, reading at most pages
// pages of the list.
func listIDs(ctx context.Context, c *http.Client, base, state string, max, pages int) ([]int64, error) {
	var ids []int64
	seen := map[int64]bool{}
	for p := 1; p <= pages && len(ids) < max; p++ {
		q := url.Values{"page": {strconv.Itoa(p)}}
		if state != "" {
			q.Set("state", state)
		}
		status, page, err := fetch(ctx, c, base+"/decisions?"+q.Encode())
		if err != nil {
			return ids, err
		}
		if status != http.StatusOK {
			return ids, fmt.Errorf("/decisions?%s: status %d", q.Encode(), status)
		}
		found := 0
		for _, id := range linkIDs(page, "/decisions/") {
			if !seen[id] && len(ids) < max {
				seen[id] = true
				ids = append(ids, id)
				found++
			}
		}
		if found == 0 {
			break
		}
	}
	return ids, nil
}

// A decision page's form carries its anchor in its action (…/events/suspend#form-ev-suspend).
var eventFormRe = regexp.MustCompile(`action="/decisions/([0-9]+)/events/([a-z_]+)(?:#[^"]*)?"`)

// cycling is a decision whose transition the harness fires back and forth.
type cycling struct {
	ID      int64
	Version int64
	Event   string // the event to fire next
	CSRF    string
}

// nextEvent is the event that undoes ev, for the pairs that cycle.
var nextEvent = map[string]string{"suspend": "resume", "resume": "suspend"}

// readCycling reads a decision page for its version, its CSRF token and which cycling event
// its forms offer now.
func readCycling(ctx context.Context, c *http.Client, base string, id int64) (cycling, error) {
	status, page, err := fetch(ctx, c, fmt.Sprintf("%s/decisions/%d", base, id))
	if err != nil {
		return cycling{}, err
	}
	if status != http.StatusOK {
		return cycling{}, fmt.Errorf("/decisions/%d: status %d", id, status)
	}
	d := cycling{ID: id, CSRF: csrfOf(page)}
	for _, m := range eventFormRe.FindAllStringSubmatch(page, -1) {
		if _, ok := nextEvent[m[2]]; ok && m[1] == strconv.FormatInt(id, 10) {
			d.Event = m[2]
			break
		}
	}
	if d.Event == "" {
		return d, fmt.Errorf("/decisions/%d: no suspend or resume form", id)
	}
	v := versionRe.FindStringSubmatch(page)
	if v == nil {
		return d, fmt.Errorf("/decisions/%d: no version field", id)
	}
	d.Version, _ = strconv.ParseInt(v[1], 10, 64)
	return d, nil
}

var (
	searchCountRe = regexp.MustCompile(`相关的记录共 ([0-9]+) 条`)
	searchFirstRe = regexp.MustCompile(`相关的记录超过 ([0-9]+) 条`)
)

// searchHits says how many records a search page says it found: "3", "1000+" when the page
// says it stopped counting, "0" for none, "?" when the page says neither.
func searchHits(page string) string {
	if m := searchCountRe.FindStringSubmatch(page); m != nil {
		return m[1]
	}
	if m := searchFirstRe.FindStringSubmatch(page); m != nil {
		return m[1] + "+"
	}
	if strings.Contains(page, "未找到与") {
		return "0"
	}
	return "?"
}
