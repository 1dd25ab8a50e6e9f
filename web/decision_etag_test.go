package web_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"juece/store"
	"juece/workflow"
)

// conditional is a GET of path by c carrying If-None-Match etag (none when ""): the answer's
// status, headers and body.
func (c *client) conditional(method, path, etag string) (int, http.Header, string) {
	c.t.Helper()
	req, _ := http.NewRequest(method, c.app.srv.URL+path, nil)
	if etag != "" {
		req.Header.Set("If-None-Match", etag)
	}
	res, err := c.http.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header, string(b)
}

// etagOf is the ETag of c's page at path, which must be a 200 that carries one.
func etagOf(t *testing.T, c *client, path string) string {
	t.Helper()
	st, h, body := c.conditional(http.MethodGet, path, "")
	tag := h.Get("ETag")
	if st != http.StatusOK || !strings.HasPrefix(tag, `W/"`) || h.Get("Cache-Control") != "private, no-cache" || !strings.Contains(body, "</main>") {
		t.Fatalf("GET %s: %d, ETag %q, Cache-Control %q: want 200 with a weak ETag, private, no-cache", path, st, tag, h.Get("Cache-Control"))
	}
	return tag
}

// The kept decision page answers 304 to its own ETag until anything the page shows changes:
// a transition, a write elsewhere (the head of the history moves), another user or role. A
// flash is drawn afresh, without a tag; a logged-out browser is sent to the login.
func TestDecisionPageConditionalGET(t *testing.T) {
	a := newApp(t)
	id := a.seedPublished("城市公共交通票价调整方案")
	a.now(id, func(ctx context.Context, tx *store.Tx, d *workflow.Decision, at time.Time) error {
		return tx.SetStateForTest(ctx, a.users["secretary"].Actor(), at, d, workflow.Implement, workflow.Implementation, "")
	})
	path := "/decisions/" + itoa(id)
	sec := a.login("secretary")
	tag := etagOf(t, sec, path)
	if again := etagOf(t, sec, path); again != tag {
		t.Fatalf("the same page twice: ETag %q then %q", tag, again)
	}
	if strings.Contains(tag, sec.csrf) {
		t.Fatal("the ETag carries the CSRF token")
	}
	for _, method := range []string{http.MethodGet, http.MethodHead} {
		st, h, body := sec.conditional(method, path, tag)
		if st != http.StatusNotModified || body != "" || h.Get("ETag") != tag || h.Get("Cache-Control") != "private, no-cache" {
			t.Fatalf("%s with If-None-Match: %d, %d bytes, ETag %q, Cache-Control %q: want 304, no body, the same tag",
				method, st, len(body), h.Get("ETag"), h.Get("Cache-Control"))
		}
	}
	if st, _, _ := sec.conditional(http.MethodGet, path, `W/"other", `+strings.TrimPrefix(tag, "W/")); st != http.StatusNotModified {
		t.Fatalf("If-None-Match listing the tag (strong form) among others: %d, want 304", st)
	}

	// Another user of another role, and another user of the same role, have tags of their own.
	aud := a.login("auditor")
	if st, _, _ := aud.conditional(http.MethodGet, path, tag); st != http.StatusOK {
		t.Fatalf("the auditor sending the secretary's tag: %d, want 200", st)
	}
	audTag := etagOf(t, aud, path)
	rev, legal := a.login("reviewer"), a.login("legalhead")
	revTag, legalTag := etagOf(t, rev, path), etagOf(t, legal, path)
	if audTag == tag || revTag == tag || revTag == legalTag || revTag == audTag {
		t.Fatalf("tags: secretary %s, auditor %s, reviewer %s, legal head %s: want four different", tag, audTag, revTag, legalTag)
	}
	// The same user in a second session: another CSRF token on the page, another tag.
	if other := etagOf(t, a.login("secretary"), path); other == tag {
		t.Fatal("a second session of the secretary has the first one's tag")
	}

	// A write to another decision moves the head: the page is sent again, with a new tag.
	a.login("clerk").createDecision("城市停车收费标准调整")
	st, h, body := sec.conditional(http.MethodGet, path, tag)
	if st != http.StatusOK || h.Get("ETag") == "" || h.Get("ETag") == tag || !strings.Contains(body, "城市公共交通票价调整方案") {
		t.Fatalf("after a write elsewhere: %d, ETag %q (was %q): want 200 with a new tag", st, h.Get("ETag"), tag)
	}
	tag = h.Get("ETag")

	// A transition: the answer's flash is drawn afresh, never 304, with no tag and no-store.
	sec.mustSend(id, "/events/suspend", url.Values{"reason": {"依法暂停执行"}})
	st, h, body = sec.conditional(http.MethodGet, path, tag)
	if st != http.StatusOK || h.Get("ETag") != "" || h.Get("Cache-Control") != "no-store" || !strings.Contains(body, `id="flash"`) {
		t.Fatalf("the page with the flash: %d, ETag %q, Cache-Control %q: want 200 with the flash, no tag, no-store",
			st, h.Get("ETag"), h.Get("Cache-Control"))
	}
	st, h, body = sec.conditional(http.MethodGet, path, tag)
	if st != http.StatusOK || h.Get("ETag") == tag || !strings.Contains(body, workflow.Suspended.Label()) {
		t.Fatalf("after the transition: %d, ETag %q (was %q): want 200 showing %s with a new tag", st, h.Get("ETag"), tag, workflow.Suspended.Label())
	}
	tag = h.Get("ETag")
	if st, _, _ := sec.conditional(http.MethodGet, path, tag); st != http.StatusNotModified {
		t.Fatalf("the new tag: %d, want 304", st)
	}

	// Logged out, the browser's tag gets the login, not a 304.
	req, _ := http.NewRequest(http.MethodPost, a.srv.URL+"/logout", strings.NewReader(url.Values{"_csrf": {sec.csrf}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res, err := sec.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Clear-Site-Data") != `"cache"` {
		t.Fatalf("logout: %d, Clear-Site-Data %q: want 303 clearing the browser's cache", res.StatusCode, res.Header.Get("Clear-Site-Data"))
	}
	st, h, _ = sec.conditional(http.MethodGet, path, tag)
	if st != http.StatusSeeOther || !strings.HasPrefix(h.Get("Location"), "/login") || h.Get("ETag") != "" {
		t.Fatalf("logged out with the tag: %d to %q, ETag %q: want the login", st, h.Get("Location"), h.Get("ETag"))
	}
}

// A normative document's page is not kept: no tag, no-store.
func TestNormativePageHasNoETag(t *testing.T) {
	a := newApp(t)
	clerk := a.login("clerk")
	id := clerk.createNormative("城市公共交通管理办法", "公交", false)
	path := "/decisions/" + itoa(id)
	clerk.get(path) // the flash
	st, h, _ := clerk.conditional(http.MethodGet, path, "*")
	if st != http.StatusOK || h.Get("ETag") != "" || h.Get("Cache-Control") != "no-store" {
		t.Fatalf("normative document: %d, ETag %q, Cache-Control %q: want 200, no tag, no-store", st, h.Get("ETag"), h.Get("Cache-Control"))
	}
}

// BenchmarkDecisionPageRevalidated is BenchmarkDecisionPage's page asked again with its ETag:
// the session, the unread count, the stamp's query and a 304.
func BenchmarkDecisionPageRevalidated(b *testing.B) {
	a := newApp(b)
	id := a.seedPublished("城市公共交通票价调整方案")
	c := a.login("secretary")
	path := "/decisions/" + itoa(id)
	_, h, _ := c.conditional(http.MethodGet, path, "")
	tag := h.Get("ETag")
	b.ReportAllocs()
	for b.Loop() {
		if status, _, _ := c.conditional(http.MethodGet, path, tag); status != http.StatusNotModified {
			b.Fatalf("%s: %d", path, status)
		}
	}
}
