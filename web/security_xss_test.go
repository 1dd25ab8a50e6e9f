package web_test

// Output encoding and headers (issue 7, item 6): a corpus of XSS payloads through every text
// field users fill, on every page that shows them; the headers of every kind of response; and
// filters that take only values from their allow-lists.

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"juece/workflow"
)

// xssPayloads reads testdata/xss.txt.
func xssPayloads(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile("testdata/xss.txt")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, l := range strings.Split(string(b), "\n") {
		if l != "" && !strings.HasPrefix(l, "#") {
			out = append(out, l)
		}
	}
	if len(out) < 30 {
		t.Fatalf("only %d payloads", len(out))
	}
	return out
}

// injected lists what a payload put into the parsed page as markup: juece's pages have no
// scripts, styles, frames, event handler attributes or script links at all, so any of these,
// or an element or attribute named after the marker, came from user input.
// ownScript reports whether n is juece's own script: /static/app.js, with no inline code, in the
// document's head.
func ownScript(n *html.Node) bool {
	return attr(n, "src") == "/static/app.js" && n.FirstChild == nil && n.Parent != nil && n.Parent.Data == "head"
}

func injected(n *html.Node) []string {
	var found []string
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.CommentNode:
			if strings.Contains(strings.ToLower(n.Data), "xss") {
				found = append(found, "comment <!--"+n.Data+"-->")
			}
		case html.ElementNode:
			switch tag := n.Data; {
			case tag == "script" && ownScript(n):
				// juece's one script, from its own static files, in the head
			case strings.HasPrefix(tag, "xss"), tag == "script", tag == "style", tag == "iframe", tag == "frame",
				tag == "object", tag == "embed", tag == "base", tag == "applet":
				found = append(found, "element <"+tag+">")
			case tag == "meta" && attr(n, "http-equiv") != "":
				found = append(found, "meta http-equiv")
			}
			for _, a := range n.Attr {
				key, val := strings.ToLower(a.Key), strings.ToLower(strings.TrimSpace(a.Val))
				switch {
				case strings.HasPrefix(key, "on"), strings.Contains(key, "xss"), key == "srcdoc":
					found = append(found, fmt.Sprintf("attribute %s on <%s>", a.Key, n.Data))
				case (key == "href" || key == "src" || key == "action" || key == "formaction" || key == "data" || key == "poster") &&
					(strings.HasPrefix(val, "javascript:") || strings.HasPrefix(val, "data:") || strings.HasPrefix(val, "vbscript:")):
					found = append(found, fmt.Sprintf("%s=%q on <%s>", a.Key, a.Val, n.Data))
				case key == "style" && strings.Contains(val, "xss"):
					found = append(found, "style attribute with the marker")
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return found
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// shown counts the payloads' markers the page displays as text or attribute values.
func shown(n *html.Node) int {
	count := 0
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			count += strings.Count(n.Data, "xss")
		}
		for _, a := range n.Attr {
			if a.Key == "value" || a.Key == "title" || a.Key == "aria-label" {
				count += strings.Count(a.Val, "xss")
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return count
}

// xmlInjected lists elements of an XML document named after the marker.
func xmlInjected(body []byte) ([]string, error) {
	var found []string
	d := xml.NewDecoder(bytes.NewReader(body))
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return found, nil
		}
		if err != nil {
			return found, err
		}
		if se, ok := tok.(xml.StartElement); ok && strings.HasPrefix(strings.ToLower(se.Name.Local), "xss") {
			found = append(found, "element <"+se.Name.Local+">")
		}
	}
}

func TestSecurityXSS(t *testing.T) {
	a := newApp(t)
	a.serve(false)
	payloads := xssPayloads(t)
	unit := itoa(a.units["市发展和改革委员会"])

	// The detector sees the payloads when they are not escaped: in text, in a double- and in a
	// single-quoted attribute, in a textarea and in the title.
	armed := 0
	for _, p := range payloads {
		for _, page := range []string{"<div>%s</div>", `<input value="%s">`, `<input value='%s'>`, "<textarea>%s</textarea>", "<title>%s</title>"} {
			doc, _ := html.Parse(strings.NewReader("<!DOCTYPE html><html><head></head><body>" + fmt.Sprintf(page, p) + "</body></html>"))
			if len(injected(doc)) > 0 {
				armed++
				break
			}
		}
	}
	if armed < len(payloads)-5 {
		t.Fatalf("the detector sees only %d of %d payloads unescaped", armed, len(payloads))
	}

	// Comments through the public portal: name, contact and text. The portal allows five
	// comments per address in ten minutes, so the clock moves on; nobody is logged in yet.
	pub := a.seedConsultation("公开征求意见：老旧小区改造三年行动计划", workflow.Flags{AffectsInterests: true})
	feedTitled := []int64{a.seedConsultation(payloads[0], workflow.Flags{}), a.seedConsultation(payloads[26], workflow.Flags{})}
	anon := a.anon()
	anon.get("/public/consultations/" + itoa(pub))
	for i, p := range payloads {
		if i > 0 && i%5 == 0 {
			a.clock.Add(11 * time.Minute)
		}
		r := anon.exchange(http.MethodPost, "/public/consultations/"+itoa(pub), strings.NewReader(url.Values{"_csrf": {anon.csrf},
			"author": {p}, "contact": {p}, "body": {p}}.Encode()), "application/x-www-form-urlencoded", nil)
		if !succeeded(http.MethodPost, r) {
			t.Fatalf("public comment %q: %d", p, r.status)
		}
	}

	// Names: accounts named by the payloads (those that fit the 50 characters), each entering
	// a letter's comment, so the name shows in the history, the audit log and the decision page.
	admin := a.login("admin")
	names := 0
	for i, p := range payloads {
		if len([]rune(p)) > 50 {
			continue
		}
		username := fmt.Sprintf("xss%02d", i)
		r := admin.post("/admin/users", url.Values{"username": {username}, "display_name": {p}, "unit": {unit},
			"role": {"clerk"}, "password": {testPassword}})
		if r.status != http.StatusSeeOther {
			t.Fatalf("account named %q: %d %s", p, r.status, r.text())
		}
		a.login(username).mustSend(pub, "/comments", url.Values{"source": {"信函"}, "author": {"来信人"}, "body": {"来信意见"},
			"received_on": {a.day(0)}})
		names++
	}

	// Decisions whose title and proposal texts are the payloads; attachments named by them.
	clerk := a.login("clerk")
	var ids []int64
	uploads := 0
	for _, p := range payloads {
		form := proposalForm(p)
		for _, k := range []string{"proposer", "problem", "reasons", "legal_basis", "solution", "necessity", "responsible_leader", "co_units"} {
			form.Set(k, p)
		}
		r := clerk.post("/decisions", form)
		if r.status != http.StatusSeeOther {
			t.Fatalf("decision titled %q: %d %s", p, r.status, r.text())
		}
		ids = append(ids, mustID(t, r.location))
		if r := clerk.upload(pub, "decision", p+".pdf", samplePDF); r.status == http.StatusSeeOther {
			uploads++
		}
	}

	// Every page that shows them, as those who see it; and the payloads reflected from the
	// query string and the login form.
	type page struct{ who, path string }
	var pages []page
	for _, id := range append([]int64{pub}, ids...) {
		pages = append(pages, page{"clerk", "/decisions/" + itoa(id)}, page{"auditor", "/decisions/" + itoa(id)},
			page{"auditor", "/decisions/" + itoa(id) + "/history"}, page{"reviewer", "/decisions/" + itoa(id) + "/dossier"})
	}
	pages = append(pages, page{"clerk", "/decisions"}, page{"reviewer", "/decisions"}, page{"reviewer", "/decisions?page=2"},
		page{"clerk", "/"}, page{"secretary", "/"}, page{"clerk", "/search?q=xss"}, page{"auditor", "/search?q=xss"},
		page{"auditor", "/audit"}, page{"auditor", "/audit?action=create"}, page{"auditor", "/audit?action=add_comment"},
		page{"auditor", "/audit?action=add_attachment"}, page{"auditor", "/audit?action=add_user"}, page{"auditor", "/audit/anomalies"},
		page{"admin", "/admin/users"}, page{"anon", "/public"}, page{"anon", "/public/consultations/" + itoa(pub)},
		page{"anon", "/public/consultations/" + itoa(feedTitled[0])})
	for _, p := range payloads {
		q := url.QueryEscape(p)
		pages = append(pages, page{"clerk", "/search?q=" + q}, page{"reviewer", "/decisions?q=" + q + "&state=" + q + "&unit=" + q + "&year=" + q + "&page=" + q},
			page{"anon", "/login?next=" + q}, page{"auditor", "/audit?action=" + q + "&user=" + q + "&unit=" + q + "&decision=" + q + "&from=" + q + "&to=" + q},
			page{"clerk", "/decisions/" + itoa(pub) + "/diff?from=" + q + "&to=" + q})
	}
	clients := map[string]*client{"anon": a.anon()}
	for _, who := range []string{"clerk", "reviewer", "secretary", "auditor", "admin"} {
		clients[who] = a.login(who)
	}
	var markers, found int
	showsPayloads := map[string]bool{}
	for _, p := range pages {
		r := clients[p.who].exchange(http.MethodGet, p.path, nil, "", nil)
		if r.status != http.StatusOK {
			t.Errorf("GET %s as %s: %d", p.path, p.who, r.status)
			continue
		}
		if pr := headerProblem(r.header); pr != "" {
			t.Errorf("GET %s: %s", p.path, pr)
		}
		doc, err := html.Parse(bytes.NewReader(r.body))
		if err != nil {
			t.Fatal(err)
		}
		for _, what := range injected(doc) {
			found++
			t.Errorf("GET %s as %s: injected %s", p.path, p.who, what)
		}
		n := shown(doc)
		markers += n
		kind, _, _ := strings.Cut(strings.TrimPrefix(p.path, "/"), "?")
		if strings.HasPrefix(kind, "decisions/") {
			kind = "decisions/:id" + strings.TrimLeft(strings.TrimPrefix(kind, "decisions/"), "0123456789")
		}
		if strings.HasPrefix(kind, "public/consultations/") {
			kind = "public/consultations/:id"
		}
		showsPayloads[kind] = showsPayloads[kind] || n > 0
	}
	for kind, ok := range showsPayloads {
		// The draft comparison and the anomalies show no user text here: the one only
		// revision numbers from its allow-list, the other nothing for these decisions.
		if !ok && kind != "decisions/:id/diff" && kind != "audit/anomalies" {
			t.Errorf("no payload shown on /%s: the page was checked in vain", kind)
		}
	}

	// The Atom feed is XML: a title cannot close its element or open another.
	r := clients["anon"].exchange(http.MethodGet, "/public/feed.atom", nil, "", nil)
	if bad, err := xmlInjected(r.body); err != nil || len(bad) > 0 || !bytes.Contains(r.body, []byte("xss(1)")) {
		t.Errorf("feed: injected %v, parse error %v, or the payload titles are missing", bad, err)
	}
	if pr := headerProblem(r.header); pr != "" {
		t.Errorf("feed: %s", pr)
	}
	// The payloads with control characters were stored without them (NUL, ESC, CR, C1, BEL).
	for _, p := range storedProblems(t, a.db.Path()) {
		t.Error("stored:", p)
	}
	t.Logf("XSS: %d payloads (%d would inject unescaped) through public comments (name, contact, text), %d account names, %d decision titles and proposal texts, %d attachment names; %d pages checked (%d kinds), %d markers shown as text, %d injected",
		len(payloads), armed, names, len(ids), uploads, len(pages)+1, len(showsPayloads), markers, found)
}

// mustID is the decision id at the end of a /decisions/{id} location.
func mustID(t *testing.T, location string) int64 {
	t.Helper()
	var id int64
	if _, err := fmt.Sscanf(location, "/decisions/%d", &id); err != nil {
		t.Fatalf("location %q: %v", location, err)
	}
	return id
}

func TestSecurityHeadersOnEveryKindOfResponse(t *testing.T) {
	a := newApp(t)
	a.serve(false)
	id, clerk := draftingDecision(a)
	clerk.upload(id, "decision", "材料.pdf", samplePDF)
	att := a.attachments(id)[0].ID
	clients := map[string]*client{"anon": a.anon(), "clerk": clerk, "admin": a.login("admin"), "secretary": a.login("secretary")}
	statuses, total := map[int]int{}, 0
	for _, x := range []struct {
		who, method, path string
		status            int
	}{
		{"anon", "GET", "/healthz", 200},
		{"anon", "GET", "/static/app.css", 200},
		{"anon", "GET", "/static/no-such.css", 404},
		{"anon", "GET", "/no/such/page", 404},
		{"anon", "GET", "/", 303},
		{"anon", "GET", "/public/feed.atom", 200},
		{"anon", "POST", "/login", 403},
		{"anon", "PUT", "/decisions", 403}, // refused by the CSRF check before the method is matched
		{"anon", "HEAD", "/login", 200},    // answered as the GET, without the body
		{"clerk", "GET", "/decisions/" + itoa(id), 200},
		{"clerk", "GET", "/decisions/99999", 404},
		{"clerk", "GET", "/admin/users", 403},
		{"clerk", "GET", "/decisions/" + itoa(id) + "/attachments/" + itoa(att), 200},
		{"clerk", "GET", "/decisions/" + itoa(id) + "/export.zip", 200},
		{"clerk", "DELETE", "/decisions/" + itoa(id), 403},
		{"admin", "GET", "/admin/calendar.csv", 200},
		{"secretary", "GET", "/reports/export.csv?table=stages", 200},
		{"secretary", "GET", "/reports/export.csv?table=no-such", 404},
	} {
		r := clients[x.who].exchange(x.method, x.path, nil, "", nil)
		if r.status != x.status {
			t.Errorf("%s %s as %s: %d, want %d", x.method, x.path, x.who, r.status, x.status)
		}
		statuses[r.status]++
		total++
		if p := headerProblem(r.header); p != "" {
			t.Errorf("%s %s (%d, %s): %s", x.method, x.path, r.status, r.header.Get("Content-Type"), p)
		}
	}
	// An oversized form: 413.
	r := clerk.exchange(http.MethodPost, "/decisions", strings.NewReader("title="+strings.Repeat("x", 2<<20)), "application/x-www-form-urlencoded", nil)
	statuses[r.status]++
	total++
	if p := headerProblem(r.header); r.status != http.StatusRequestEntityTooLarge || p != "" {
		t.Errorf("oversized form: %d %s", r.status, p)
	}
	t.Logf("security headers: %d responses of statuses %v, each with CSP (no inline script, frame-ancestors 'none'), nosniff and a Referrer-Policy", total, statuses)
}

// TestSecurityFiltersFromAllowLists: a filter value outside its allow-list is ignored, as if it
// had not been sent: the page is the same as without it, and the value is nowhere in it.
func TestSecurityFiltersFromAllowLists(t *testing.T) {
	a := newApp(t)
	a.serve(false)
	id, clerk := draftingDecision(a)
	clerk.mustSend(id, "/revisions", url.Values{"body": {"第一稿"}})
	clerk.mustSend(id, "/revisions", url.Values{"body": {"第二稿"}})
	clients := map[string]*client{"clerk": clerk, "reviewer": a.login("reviewer"), "auditor": a.login("auditor"),
		"secretary": a.login("secretary"), "admin": a.login("admin")}
	const bad = `zq9"><b>'`
	checked := 0
	for _, x := range []struct {
		who, path string
		params    []string
	}{
		{"reviewer", "/decisions", []string{"state", "unit", "year", "page"}},
		{"clerk", "/decisions", []string{"state", "unit", "year", "page"}},
		{"auditor", "/audit", []string{"action", "user", "unit", "decision", "from", "to", "before"}},
		{"clerk", "/decisions/" + itoa(id) + "/diff", []string{"from", "to"}},
		{"secretary", "/reports", []string{"year"}},
		{"secretary", "/catalog", []string{"year"}},
		{"secretary", "/overdue", []string{"unit", "state"}},
		{"admin", "/admin/calendar", []string{"year"}},
	} {
		c := clients[x.who]
		plain := c.exchange(http.MethodGet, x.path, nil, "", nil)
		for _, p := range append(x.params, strings.Join(x.params, "&")) {
			q := url.Values{}
			for _, name := range strings.Split(p, "&") {
				q.Set(name, bad)
			}
			r := c.exchange(http.MethodGet, x.path+"?"+q.Encode(), nil, "", nil)
			checked++
			switch {
			case r.status != plain.status:
				t.Errorf("%s?%s: %d, without it %d", x.path, p, r.status, plain.status)
			case bytes.Contains(r.body, []byte("zq9")):
				i := bytes.Index(r.body, []byte("zq9"))
				t.Errorf("%s?%s: the value is echoed: …%s…", x.path, p, r.body[max(0, i-80):min(len(r.body), i+40)])
			case !bytes.Equal(r.body, plain.body):
				t.Errorf("%s?%s: the page differs from the one without the filter", x.path, p)
			}
		}
	}
	t.Logf("filters: %d requests with values outside the allow-lists, each answered as if the value had not been sent", checked)
}
