package web_test

// Access and sessions (issue 7, OWASP ASVS 4.0.3 level 2): the authorization matrix, id
// confusion, CSRF. Every request goes through the real router to a real SQLite file.

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"juece/store"
	"juece/web"
	"juece/workflow"
)

// logBuffer collects the server's log lines; requests log from their own goroutines.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// serve replaces the app's server by a fresh web.New on the same database whose log goes to a
// buffer, over TLS if asked. It returns the server (for its route list) and the log.
func (a *app) serve(tls bool) (*web.Server, *logBuffer) {
	a.t.Helper()
	logs := &logBuffer{}
	s := web.New(a.db, web.Options{Now: a.clock.Now, Logger: slog.New(slog.NewTextHandler(logs, nil))})
	a.srv.Close()
	if tls {
		a.srv = httptest.NewTLSServer(s)
	} else {
		a.srv = httptest.NewServer(s)
	}
	a.t.Cleanup(s.Wait)
	a.t.Cleanup(a.srv.Close)
	return s, logs
}

// reply is a response as sent: status, headers and body, unparsed.
type reply struct {
	status int
	header http.Header
	body   []byte
}

func (r reply) location() string { return r.header.Get("Location") }

// exchange sends one request with the body and headers given and keeps everything it gets back.
func (c *client) exchange(method, path string, body io.Reader, ctype string, hdr map[string]string) reply {
	c.t.Helper()
	req, err := http.NewRequest(method, c.app.srv.URL+path, body)
	if err != nil {
		c.t.Fatal(err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	res, err := c.http.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	return reply{status: res.StatusCode, header: res.Header, body: b}
}

// succeeded says whether the server did what was asked: a 2xx, or for a POST the redirect of
// POST/redirect/GET (a redirect to the login page is a refusal).
func succeeded(method string, r reply) bool {
	if r.status >= 200 && r.status < 300 {
		return true
	}
	return method == http.MethodPost && r.status >= 300 && r.status < 400 && !strings.HasPrefix(r.location(), "/login")
}

// headerProblem says what is missing from the headers every response must carry, or "".
func headerProblem(h http.Header) string {
	csp := map[string]string{}
	for _, d := range strings.Split(h.Get("Content-Security-Policy"), ";") {
		if name, value, _ := strings.Cut(strings.TrimSpace(d), " "); name != "" {
			csp[name] = value
		}
	}
	script, ok := csp["script-src"]
	if !ok {
		script, ok = csp["default-src"]
	}
	switch {
	case !ok || strings.Contains(script, "'unsafe-inline'") || strings.Contains(script, "'unsafe-eval'"):
		return "CSP allows inline scripts or has none: " + h.Get("Content-Security-Policy")
	case csp["frame-ancestors"] != "'none'":
		return "CSP lacks frame-ancestors 'none': " + h.Get("Content-Security-Policy")
	case h.Get("X-Content-Type-Options") != "nosniff":
		return "no X-Content-Type-Options: nosniff"
	case !slices.Contains([]string{"no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"}, h.Get("Referrer-Policy")):
		return "Referrer-Policy " + h.Get("Referrer-Policy")
	}
	return ""
}

// roles are the seven accounts of newApp and the anonymous visitor.
var roles = []string{"clerk", "clerk2", "reviewer", "legalhead", "secretary", "auditor", "admin", "anon"}

// Who may succeed on each route. On a route about one decision (":id"), "clerk" is the clerk
// of the decision's unit; the other unit's clerk may never succeed there.
const (
	anyone    = "anon clerk reviewer legalhead secretary auditor admin"
	loggedIn  = "clerk reviewer legalhead secretary auditor admin"
	staff     = "clerk reviewer legalhead secretary auditor" // who works with decisions; admins run accounts only
	changers  = "clerk reviewer legalhead secretary"
	reviewers = "reviewer legalhead"
	readers   = "reviewer legalhead secretary auditor admin" // the yearly report
)

var accessPolicy = map[string]string{
	"GET /healthz":                                  anyone,
	"GET /static/*":                                 anyone,
	"GET /login":                                    "anon",
	"POST /login":                                   anyone,
	"POST /logout":                                  loggedIn,
	"GET /public":                                   anyone,
	"GET /public/feed.atom":                         anyone,
	"GET /public/consultations/:id":                 anyone,
	"POST /public/consultations/:id":                anyone,
	"GET /public/hearings/:id":                      anyone,
	"POST /public/hearings/:id/signups":             anyone,
	"GET /public/draw-method":                       anyone,
	"GET /public/receipts":                          anyone,
	"GET /public/decisions/:id":                     anyone,
	"POST /public/decisions/:id/opinions":           anyone,
	"GET /public/catalog":                           anyone,
	"GET /public/checkpoint":                        anyone,
	"GET /public/checkpoint.pub":                    anyone,
	"GET /public/checkpoints/:name":                 anyone,
	"GET /public/data":                              anyone,
	"GET /public/data/:file":                        anyone,
	"GET /api/v1/public/openapi.json":               anyone,
	"GET /api/v1/public/decisions":                  anyone,
	"GET /api/v1/public/decisions/:id":              anyone,
	"GET /api/v1/public/consultations":              anyone,
	"GET /api/v1/public/consultations/:id":          anyone,
	"GET /api/v1/public/comments":                   anyone,
	"GET /api/v1/public/hearings":                   anyone,
	"GET /api/v1/public/hearings/:id":               anyone,
	"GET /api/v1/public/catalogs":                   anyone,
	"GET /":                                         staff,
	"GET /decisions":                                staff,
	"GET /search":                                   staff,
	"GET /decisions/new":                            "clerk",
	"POST /decisions":                               "clerk",
	"GET /decisions/:id":                            staff,
	"GET /decisions/:id/history":                    staff,
	"POST /decisions/:id/events/:event":             changers,
	"POST /decisions/:id/proposal":                  "clerk",
	"POST /decisions/:id/start":                     "secretary",
	"POST /decisions/:id/catalog":                   "clerk",
	"POST /decisions/:id/flags":                     "clerk",
	"POST /decisions/:id/revisions":                 "clerk",
	"POST /decisions/:id/disputes":                  "clerk",
	"POST /decisions/:id/methods":                   "clerk",
	"POST /decisions/:id/notice":                    "clerk",
	"POST /decisions/:id/comments":                  "clerk",
	"POST /decisions/:id/comments/:cid/disposition": "clerk",
	"POST /decisions/:id/feedback":                  "clerk",
	"POST /decisions/:id/experts":                   "clerk",
	"POST /decisions/:id/hearing":                   "clerk",
	"POST /decisions/:id/participants":              "clerk",
	"POST /decisions/:id/draw/setup":                "clerk",
	"POST /decisions/:id/draw":                      "clerk",
	"POST /decisions/:id/signups/:sid/withdrawal":   "clerk",
	"POST /decisions/:id/risk":                      "clerk",
	"POST /decisions/:id/fair-competition":          "clerk",
	"POST /decisions/:id/submissions":               "clerk",
	"POST /decisions/:id/submissions/return":        reviewers,
	"GET /decisions/:id/review":                     reviewers,
	"POST /decisions/:id/review":                    reviewers,
	"POST /decisions/:id/meetings":                  "secretary",
	"POST /decisions/:id/opinions":                  "secretary",
	"POST /decisions/:id/head-decision":             "secretary",
	"POST /decisions/:id/void":                      "clerk secretary",
	"POST /decisions/:id/draft-change":              "clerk",
	"GET /decisions/:id/withdraw":                   "clerk",
	"POST /decisions/:id/withdrawal":                "clerk",
	"POST /decisions/:id/withdrawal/decline":        "secretary",
	"POST /decisions/:id/party-report":              "secretary",
	"POST /decisions/:id/publication":               "secretary",
	"POST /decisions/:id/reports":                   "clerk",
	"POST /decisions/:id/milestones":                "clerk",
	"POST /decisions/:id/milestones/:msid":          "clerk",
	"POST /decisions/:id/evaluation":                "clerk",
	"POST /decisions/:id/urge":                      "secretary auditor",
	"POST /decisions/:id/attachments":               changers,
	"GET /decisions/:id/attachments/:aid":           staff,
	"GET /decisions/:id/diff":                       staff,
	"GET /decisions/:id/dossier":                    staff,
	"GET /decisions/:id/export.zip":                 staff,
	"POST /decisions/:id/cases":                     "auditor",
	"POST /decisions/:id/cases/:cid":                "auditor",
	"GET /catalog":                                  staff,
	"POST /catalog":                                 "secretary",
	"POST /catalog/publish":                         "secretary",
	"POST /catalog/items/:cid/adjustments":          "secretary",
	"GET /audit":                                    "auditor",
	"GET /audit/anomalies":                          "auditor",
	"POST /audit/verify":                            "auditor",
	"POST /audit/checkpoint":                        "auditor",
	"GET /admin/users":                              "admin",
	"POST /admin/users":                             "admin",
	"POST /admin/users/:uid/password":               "admin",
	"POST /admin/users/:uid/disabled":               "admin",
	"POST /admin/login-locks/lift":                  "admin",
	"GET /admin/calendar":                           "admin",
	"POST /admin/calendar":                          "admin",
	"POST /admin/calendar/delete":                   "admin",
	"POST /admin/calendar/import":                   "admin",
	"GET /admin/calendar.csv":                       "admin",
	"GET /admin/settings":                           "admin",
	"GET /admin/bodies":                             "admin",
	"POST /admin/bodies":                            "admin",
	"POST /admin/settings":                          "admin",
	"GET /overdue":                                  "secretary auditor admin",
	"GET /reports":                                  readers,
	"GET /reports/export.csv":                       readers,
	"GET /messages":                                 loggedIn,
	"POST /messages/read":                           loggedIn,
	"POST /messages/:mid/read":                      loggedIn,
	"GET /account/notifications":                    loggedIn,
	"POST /account/notifications":                   loggedIn,
	"GET /account/password":                         loggedIn,
	"POST /account/password":                        loggedIn,
}

// dependsOnStage are the GET routes whose page exists only in some stages or once something
// is published: the fixture's decisions in consultation do not have them. Every other GET the
// policy allows must answer 2xx, so the table is exact both ways for reading.
var dependsOnStage = map[string]bool{
	"GET /decisions/:id/review": true, "GET /public/hearings/:id": true, "GET /public/decisions/:id": true,
	"GET /public/catalog": true, "GET /public/checkpoint": true, "GET /public/checkpoint.pub": true,
	"GET /public/checkpoints/:name":    true, // once a checkpoint is signed
	"GET /api/v1/public/decisions/:id": true, "GET /api/v1/public/hearings/:id": true,
}

// validForms are complete forms for some routes, so that the allowed role really succeeds
// there and a refusal of everyone else is a refusal of a request that would have worked.
func validForms(a *app) map[string]url.Values {
	return map[string]url.Values{
		"POST /decisions": proposalForm("矩阵测试新建事项"),
		"POST /decisions/:id/comments": {"source": {"信函"}, "author": {"市民甲"}, "body": {"矩阵测试意见"},
			"received_on": {a.day(0)}},
		"POST /decisions/:id/methods": {"method": {"symposium"}, "held_on": {a.day(0)}, "participants": {"市民代表"},
			"summary": {"矩阵测试"}},
		"POST /decisions/:id/comments/:cid/disposition": {"disposition": {"adopted"}, "reason": {"矩阵测试"}},
		"POST /decisions/:id/cases":                     {"kind": {"other"}, "persons": {"某某"}, "facts": {"矩阵测试"}, "status": {"open"}},
		"POST /decisions/:id/cases/:cid": {"handling": {"矩阵测试"}, "status": {"investigating"},
			"case_version": {"1"}},
		"POST /catalog":                  {"year": {"2026"}, "title": {"矩阵测试目录事项"}, "unit_id": {itoa(a.units["市发展和改革委员会"])}},
		"POST /decisions/:id/urge":       {"message": {"矩阵测试催办"}},
		"POST /public/consultations/:id": {"author": {"市民乙"}, "body": {"矩阵测试公众意见"}},
	}
}

// fixture holds the objects the generated requests are about: one decision in public
// consultation in each undertaking unit, each with a comment, an attachment and an
// accountability case.
type fixture struct {
	own, other int64           // the decisions of clerk's and of clerk2's unit
	comment    map[int64]int64 // by decision
	kase       map[int64]int64
	attachment map[int64]int64
	clients    map[string]*client
}

// seedOpen puts a decision of username's unit in public consultation with a comment and a
// case, through the store.
func (a *app) seedOpen(username, title string) (id, comment, kase int64) {
	a.t.Helper()
	u := a.users[username]
	act := u.Actor()
	ctx, at := context.Background(), a.clock.Now()
	err := a.db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		id, err = tx.CreateDecision(ctx, act, at, store.NewDecision{Title: title, Category: "public_service", UnitID: u.UnitID,
			Proposal: workflow.Proposal{Kind: "department", Proposer: "市交通运输局", Problem: "问题", DecisionOrgan: "市人民政府"}})
		if err != nil {
			return err
		}
		d, err := tx.Decision(ctx, id)
		if err != nil {
			return err
		}
		if err := tx.UpdateFlags(ctx, act, at, d, workflow.Flags{AffectsInterests: true}); err != nil {
			return err
		}
		r1, err := tx.AddRevision(ctx, act, at, d, workflow.Revision{Body: "征求意见稿正文"})
		if err != nil {
			return err
		}
		if err := move(ctx, tx, act, at, d, workflow.Submit, workflow.Consultation); err != nil {
			return err
		}
		today := workflow.Day(at)
		if err := tx.SaveNotice(ctx, act, at, d, workflow.CommentNotice{RevisionID: r1, Channel: "门户网站", HowToSubmit: "网上",
			Explanation: "起草说明", StartsOn: today, EndsOn: today.AddDate(0, 0, 29), PublishedOn: today}); err != nil {
			return err
		}
		c, err := tx.AddComment(ctx, act, at, d, workflow.Comment{Source: "信函", Author: "市民", Body: "原有意见"})
		if err != nil {
			return err
		}
		comment = c.ID
		kase, err = tx.AddCase(ctx, a.users["auditor"].Actor(), at, store.Case{DecisionID: id, Kind: workflow.CaseOther,
			Persons: "某某", Facts: "原有事实", Status: workflow.CaseOpen})
		return err
	})
	if err != nil {
		a.t.Fatal(err)
	}
	return id, comment, kase
}

func newFixture(a *app) *fixture {
	a.t.Helper()
	f := &fixture{comment: map[int64]int64{}, kase: map[int64]int64{}, attachment: map[int64]int64{}, clients: map[string]*client{}}
	for _, r := range roles {
		if r == "anon" {
			c := a.anon()
			c.get("/login") // the anonymous form token
			f.clients[r] = c
		} else {
			f.clients[r] = a.login(r)
		}
	}
	for i, who := range []string{"clerk", "clerk2"} {
		id, cm, ks := a.seedOpen(who, fmt.Sprintf("安全测试事项%d", i+1))
		if r := f.clients[who].upload(id, "decision", "材料.pdf", samplePDF); r.status != http.StatusSeeOther {
			a.t.Fatalf("upload: %d: %s", r.status, r.text())
		}
		f.comment[id], f.kase[id], f.attachment[id] = cm, ks, a.attachments(id)[0].ID
		if i == 0 {
			f.own = id
		} else {
			f.other = id
		}
	}
	return f
}

// path fills the route's parameters for decision id (0 for routes about no decision).
func (f *fixture) path(a *app, route string, id int64) string {
	var out []string
	for _, seg := range strings.Split(route, "/") {
		switch {
		case seg == ":id":
			seg = itoa(id)
		case seg == ":cid" && strings.Contains(route, "/cases/"):
			seg = itoa(f.kase[id])
		case seg == ":cid":
			seg = itoa(f.comment[id])
		case seg == ":aid":
			seg = itoa(f.attachment[id])
		case seg == ":uid":
			seg = itoa(a.users["clerk2"].ID)
		case seg == ":file":
			seg = "decisions.csv"
		case seg == ":event":
			seg = string(workflow.Submit)
		case seg == "*":
			seg = "app.css"
		case seg == ":name":
			seg = "000000000001.note"
		}
		out = append(out, seg)
	}
	if route == "/reports/export.csv" {
		return route + "?table=stages"
	}
	return strings.Join(out, "/")
}

// policyRole is the name a role goes by in the policy for a request about decision id: on a
// decision of another unit a clerk is nobody the policy names.
func (f *fixture) policyRole(a *app, route, role string, id int64) string {
	if role != "clerk" && role != "clerk2" {
		return role
	}
	if id == 0 || strings.HasPrefix(route, "/public") || strings.HasPrefix(route, "/api/v1/public") { // the portal is the same for everyone
		return "clerk"
	}
	if a.decision(id).UnitID == a.users[role].UnitID {
		return "clerk"
	}
	return "foreign-clerk"
}

// allowed says whether the policy lets role succeed on route about decision id.
func (f *fixture) allowed(a *app, key, role string, id int64) bool {
	_, route, _ := strings.Cut(key, " ")
	return slices.Contains(strings.Fields(accessPolicy[key]), f.policyRole(a, route, role, id))
}

// send makes the request a browser's form would, with the client's token and the decision's
// current version; extra overrides or removes fields (a nil value removes).
func (f *fixture) send(a *app, c *client, method, path string, id int64, form url.Values, hdr map[string]string) reply {
	a.t.Helper()
	if method != http.MethodPost {
		return c.exchange(method, path, nil, "", hdr)
	}
	v := url.Values{"_csrf": {c.csrf}}
	if id != 0 {
		v.Set("version", itoa(a.decision(id).Version))
	}
	for k, x := range form {
		if x == nil {
			v.Del(k)
		} else {
			v[k] = x
		}
	}
	if strings.HasSuffix(path, "/attachments") { // uploads are multipart, the file last
		var buf bytes.Buffer
		ctype, err := multipartBody(&buf, v.Get("_csrf"), v.Get("version"), "decision", "矩阵.pdf", bytes.NewReader(samplePDF))
		if err != nil {
			a.t.Fatal(err)
		}
		return c.exchange(method, path, &buf, ctype, hdr)
	}
	return c.exchange(method, path, strings.NewReader(v.Encode()), "application/x-www-form-urlencoded", hdr)
}

// fingerprint changes whenever anything users can change does: every write adds a history
// event, and every decision write raises its version.
func (a *app) fingerprint() string {
	a.t.Helper()
	ctx := context.Background()
	head, err := a.db.Head(ctx)
	if err != nil {
		a.t.Fatal(err)
	}
	rows, _, err := a.db.Decisions(ctx, store.DecisionFilter{Limit: 1000})
	if err != nil {
		a.t.Fatal(err)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "events %d files %d", head.Seq, len(a.dataFiles()))
	for _, r := range rows {
		fmt.Fprintf(&b, " %d:v%d", r.ID, a.decision(r.ID).Version)
	}
	return b.String()
}

// routeKeys are the server's routes as "METHOD path", without echo's catch-all not-found entries.
func routeKeys(s *web.Server) []string {
	var keys []string
	for _, r := range s.Routes() {
		if r.Method == http.MethodGet || r.Method == http.MethodPost {
			keys = append(keys, r.Method+" "+r.Path)
		}
	}
	sort.Strings(keys)
	return slices.Compact(keys)
}

func TestSecurityAuthorizationMatrix(t *testing.T) {
	a := newApp(t)
	srv, logs := a.serve(false)
	f := newFixture(a)
	forms := validForms(a)
	var requests, successes, unexpected, refusedPosts, denied, headersChecked int
	succeededOn := map[string]bool{}
	type denial struct{ user, method, path string }
	var denials []denial
	for _, key := range routeKeys(srv) {
		if _, ok := accessPolicy[key]; !ok {
			t.Errorf("route %s has no declared access policy: add it to accessPolicy", key)
			continue
		}
		method, route, _ := strings.Cut(key, " ")
		ids := []int64{0}
		if strings.Contains(route, ":id") {
			ids = []int64{f.own, f.other}
		}
		for _, id := range ids {
			for _, role := range roles {
				c := f.clients[role]
				if key == "POST /logout" && role != "anon" {
					c = a.login(role) // logging out must not end the session the matrix goes on with
				}
				path := f.path(a, route, id)
				before := a.fingerprint()
				r := f.send(a, c, method, path, id, forms[key], nil)
				requests++
				if p := headerProblem(r.header); p != "" {
					t.Errorf("%s %s as %s: %s", method, path, role, p)
				}
				headersChecked++
				ok := succeeded(method, r)
				switch {
				case ok && !f.allowed(a, key, role, id):
					unexpected++
					t.Errorf("%s %s as %s: unexpected success %d %s", method, path, role, r.status, r.location())
				case ok:
					successes++
					succeededOn[key] = true
				case method == http.MethodGet && f.allowed(a, key, role, id) && !dependsOnStage[key]:
					t.Errorf("%s %s as %s: %d, but the policy allows it", method, path, role, r.status)
				case method == http.MethodPost:
					refusedPosts++
					if after := a.fingerprint(); after != before {
						t.Errorf("%s %s as %s: refused (%d) but changed %q → %q", method, path, role, r.status, before, after)
					}
				}
				// Denials: a 403, or the 404 that hides a decision from who may not see it.
				pr := f.policyRole(a, route, role, id)
				hidden := r.status == http.StatusNotFound && id != 0 && !strings.HasPrefix(route, "/public") && !strings.HasPrefix(route, "/api/v1/public") &&
					(pr == "foreign-clerk" || pr == "admin")
				if r.status == http.StatusForbidden || hidden {
					user := role
					if role == "anon" {
						user = "-"
					}
					denied++
					logged, _, _ := strings.Cut(path, "?") // the log names the path without the query
					denials = append(denials, denial{user, method, logged})
				}
			}
		}
	}
	for key := range accessPolicy {
		if !slices.Contains(routeKeys(srv), key) {
			t.Errorf("accessPolicy names %s, which is no route", key)
		}
	}
	for key := range forms {
		if !succeededOn[key] {
			t.Errorf("%s: the complete form succeeded for nobody, so the matrix proves little there", key)
		}
	}
	// Every denial is in the log, with who asked for what.
	log := logs.String()
	missing := 0
	for _, d := range denials {
		if !strings.Contains(log, fmt.Sprintf("msg=denied method=%s path=%s user=%s ", d.method, d.path, d.user)) {
			missing++
			if missing <= 5 {
				t.Errorf("denial not logged: %s %s by %s", d.method, d.path, d.user)
			}
		}
	}
	t.Logf("authorization matrix: %d routes, %d requests, %d allowed successes, %d unexpected 2xx, %d refused POSTs changed nothing, %d denials (403 or a foreign decision's 404), %d unlogged; %d responses with the security headers",
		len(routeKeys(srv)), requests, successes, unexpected, refusedPosts, denied, missing, headersChecked)
}

// merged is form with the fields of over set on top; a nil value stays, and fixture.send then
// leaves that field out.
func merged(form, over url.Values) url.Values {
	out := url.Values{}
	for k, v := range form {
		out[k] = v
	}
	for k, v := range over {
		out[k] = v
	}
	return out
}

// firstAllowed is the role that tries a route in the tests that are not about roles.
func firstAllowed(key string) string { return strings.Fields(accessPolicy[key])[0] }

func TestSecurityCSRF(t *testing.T) {
	a := newApp(t)
	srv, _ := a.serve(false)
	f := newFixture(a)
	forms := validForms(a)
	var routes, forged, controls int
	for _, key := range routeKeys(srv) {
		method, route, _ := strings.Cut(key, " ")
		if method != http.MethodPost {
			continue
		}
		routes++
		role := firstAllowed(key)
		c := f.clients[role]
		if key == "POST /logout" {
			c = a.login(role)
		}
		other := f.clients["clerk2"] // another browser's valid token
		if role == "clerk2" {
			other = f.clients["clerk"]
		}
		var id int64
		if strings.Contains(route, ":id") {
			id = f.own
		}
		path := f.path(a, route, id)
		for _, v := range []struct {
			name string
			form url.Values
			hdr  map[string]string
		}{
			{"no token", url.Values{"_csrf": nil}, nil},
			{"wrong token", url.Values{"_csrf": {"forged" + c.csrf[6:]}}, nil},
			{"another browser's token", url.Values{"_csrf": {other.csrf}}, nil},
			{"foreign Origin", nil, map[string]string{"Origin": "http://evil.example"}},
			{"null Origin", nil, map[string]string{"Origin": "null"}},
		} {
			before := a.fingerprint()
			r := f.send(a, c, method, path, id, merged(forms[key], v.form), v.hdr)
			forged++
			if r.status != http.StatusForbidden {
				t.Errorf("%s as %s, %s: status %d, want 403", key, role, v.name, r.status)
			}
			if after := a.fingerprint(); after != before {
				t.Errorf("%s as %s, %s: changed %q → %q", key, role, v.name, before, after)
			}
		}
		// The same request with the browser's own token, from its own origin, goes through:
		// the refusals above were the token's and the origin's doing.
		if form, ok := forms[key]; ok {
			r := f.send(a, c, method, path, id, form, map[string]string{"Origin": a.srv.URL})
			if !succeeded(method, r) {
				t.Errorf("%s as %s with the token: status %d", key, role, r.status)
			}
			controls++
		}
	}
	t.Logf("CSRF: %d POST routes, %d forged requests (no token, wrong token, another browser's token, foreign and null Origin), all 403, nothing changed; %d controls with the token succeeded",
		routes, forged, controls)
}

// badIDs are spellings of id that must never be read as it, and ids of nothing.
func badIDs(id int64) []string {
	s := itoa(id)
	return []string{"0" + s, "+" + s, "%2B" + s, "%20" + s, s + "%20", s + "abc", "-1", "-" + s, "0", "99999999999999999999", "9876543"}
}

func TestSecurityIDConfusion(t *testing.T) {
	a := newApp(t)
	srv, _ := a.serve(false)
	f := newFixture(a)
	forms := validForms(a)
	var requests int
	refused := func(what string, r reply, before string) {
		t.Helper()
		requests++
		if r.status != http.StatusNotFound && r.status != http.StatusBadRequest {
			t.Errorf("%s: status %d, want 404 or 400", what, r.status)
		}
		if after := a.fingerprint(); after != before {
			t.Errorf("%s: changed %q → %q", what, before, after)
		}
	}
	// Every id in every route, spelled every wrong way, the other ids right.
	for _, key := range routeKeys(srv) {
		method, route, _ := strings.Cut(key, " ")
		segs := strings.Split(route, "/")
		for i, seg := range segs {
			if !strings.HasPrefix(seg, ":") {
				continue
			}
			role := firstAllowed(key)
			var id int64
			if strings.Contains(route, ":id") {
				id = f.own
			}
			good := strings.Split(f.path(a, route, id), "/")
			var variants []string
			if seg == ":event" {
				variants = []string{"Submit", "SUBMIT", "submit%00", "start", "review_pass", "approve", "no_such_event", "%2E%2E"}
			} else {
				n, _ := strconv.ParseInt(good[i], 10, 64)
				variants = badIDs(n)
			}
			for _, v := range variants {
				p := slices.Clone(good)
				p[i] = v
				path := strings.Join(p, "/")
				before := a.fingerprint()
				r := f.send(a, f.clients[role], method, path, id, forms[key], nil)
				refused(fmt.Sprintf("%s %s as %s", method, path, role), r, before)
			}
		}
	}
	// A decision's own path with another decision's comment, case or attachment.
	for _, pair := range [][2]int64{{f.own, f.other}, {f.other, f.own}} {
		mine, theirs := pair[0], pair[1]
		for _, c := range []struct{ key, role, path string }{
			{"POST /decisions/:id/comments/:cid/disposition", "clerk", fmt.Sprintf("/decisions/%d/comments/%d/disposition", mine, f.comment[theirs])},
			{"POST /decisions/:id/cases/:cid", "auditor", fmt.Sprintf("/decisions/%d/cases/%d", mine, f.kase[theirs])},
			{"GET /decisions/:id/attachments/:aid", "clerk", fmt.Sprintf("/decisions/%d/attachments/%d", mine, f.attachment[theirs])},
		} {
			role := c.role
			if role == "clerk" && mine == f.other {
				role = "clerk2"
			}
			method, _, _ := strings.Cut(c.key, " ")
			before := a.fingerprint()
			r := f.send(a, f.clients[role], method, c.path, mine, forms[c.key], nil)
			refused(fmt.Sprintf("%s as %s", c.path, role), r, before)
		}
		if d := a.decision(theirs); d.Comments[0].Disposition != workflow.DispositionNone {
			t.Errorf("decision %d's comment was disposed through decision %d", theirs, mine)
		}
		if cs, err := a.db.Cases(t.Context(), theirs); err != nil || cs[0].Version != 1 || cs[0].Status != workflow.CaseOpen {
			t.Errorf("decision %d's case changed through decision %d: %+v %v", theirs, mine, cs, err)
		}
	}

	// Ids slipped into every form posted to one's own decision, naming the other unit's
	// decision and its objects: the forms take their objects from the path, so the other
	// decision keeps its version, history, comment, case and attachments.
	foreign := url.Values{}
	for _, k := range []string{"id", "decision", "decision_id", "did"} {
		foreign.Set(k, itoa(f.other))
	}
	for _, k := range []string{"comment", "comment_id", "cid"} {
		foreign.Set(k, itoa(f.comment[f.other]))
	}
	for _, k := range []string{"case", "case_id"} {
		foreign.Set(k, itoa(f.kase[f.other]))
	}
	for _, k := range []string{"attachment", "attachment_id", "aid"} {
		foreign.Set(k, itoa(f.attachment[f.other]))
	}
	foreign.Set("unit_id", itoa(a.units["市住房和城乡建设局"]))
	foreign.Set("user_id", itoa(a.users["clerk2"].ID))
	otherState := func() string {
		d := a.decision(f.other)
		cs, _ := a.db.Cases(t.Context(), f.other)
		return fmt.Sprintf("v%d events %d comments %+v cases %+v attachments %d", d.Version, a.eventCount(f.other), d.Comments, cs, len(a.attachments(f.other)))
	}
	slipped := 0
	for _, key := range routeKeys(srv) {
		method, route, _ := strings.Cut(key, " ")
		if method != http.MethodPost || !strings.HasPrefix(route, "/decisions/:id") {
			continue
		}
		role := firstAllowed(key)
		before := otherState()
		f.send(a, f.clients[role], method, f.path(a, route, f.own), f.own, merged(forms[key], foreign), nil)
		slipped++
		if after := otherState(); after != before {
			t.Errorf("%s with foreign ids in the form changed the other decision: %s → %s", key, before, after)
		}
	}

	// An id carried in a form: the catalog item a decision is linked to. Another unit's item, or
	// no item at all, is refused; the unit's own item is accepted.
	proposed := f.clients["clerk"].createDecision("目录关联测试事项")
	year := a.clock.Now().In(workflow.Shanghai).Year()
	var ownItem, foreignItem int64
	err := a.db.InTx(t.Context(), func(tx *store.Tx) error {
		var err error
		sec := a.users["secretary"].Actor()
		if ownItem, err = tx.AddCatalogItem(t.Context(), sec, a.clock.Now(), store.CatalogItem{Year: year, Title: "本单位目录事项", UnitID: a.units["市发展和改革委员会"]}); err != nil {
			return err
		}
		foreignItem, err = tx.AddCatalogItem(t.Context(), sec, a.clock.Now(), store.CatalogItem{Year: year, Title: "他单位目录事项", UnitID: a.units["市住房和城乡建设局"]})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []string{itoa(foreignItem), "abc", "-1", "99999999999999999999", "9876543"} {
		before := a.fingerprint()
		r := f.send(a, f.clients["clerk"], http.MethodPost, fmt.Sprintf("/decisions/%d/catalog", proposed), proposed, url.Values{"catalog_item": {v}}, nil)
		requests++
		if succeeded(http.MethodPost, r) || r.status >= 500 {
			t.Errorf("catalog_item %q: status %d", v, r.status)
		}
		if after := a.fingerprint(); after != before {
			t.Errorf("catalog_item %q: changed %q → %q", v, before, after)
		}
	}
	if it, err := a.db.CatalogItem(t.Context(), foreignItem); err != nil || it.DecisionID != 0 {
		t.Errorf("the other unit's catalog item was linked: %+v %v", it, err)
	}
	if r := f.send(a, f.clients["clerk"], http.MethodPost, fmt.Sprintf("/decisions/%d/catalog", proposed), proposed, url.Values{"catalog_item": {itoa(ownItem)}}, nil); !succeeded(http.MethodPost, r) {
		t.Errorf("linking the unit's own catalog item: %d", r.status)
	}
	t.Logf("id confusion: %d requests with malformed ids or another decision's objects in the path, all 400/404; %d forms with the other decision's ids slipped in; 5 foreign or malformed catalog items refused (422, the form's own check); 0 changes to foreign objects", requests-5, slipped)
}

// sessionID is the session cookie the browser holds, or "".
func (c *client) sessionID() string {
	for _, ck := range c.http.Jar.Cookies(mustURL(c.app.srv.URL)) {
		if ck.Name == "juece_session" {
			return ck.Value
		}
	}
	return ""
}

// withSession is a fresh browser holding only the session cookie id.
func (a *app) withSession(id string) *client {
	c := a.anon()
	c.http.Jar.SetCookies(mustURL(a.srv.URL), []*http.Cookie{{Name: "juece_session", Value: id}})
	return c
}

// loggedIn says whether the browser's session is accepted: the worklist, not the login page.
func (c *client) loggedIn() bool {
	c.t.Helper()
	st, _ := c.get("/")
	return st == http.StatusOK
}

func TestSecuritySessions(t *testing.T) {
	a := newApp(t)
	creds := url.Values{"username": {"clerk"}, "password": {testPassword}}
	checks := 0
	check := func(ok bool, format string, args ...any) {
		t.Helper()
		checks++
		if !ok {
			t.Errorf(format, args...)
		}
	}

	// Fixation: a session id planted before login is never the one after it.
	const planted = "planted-by-an-attacker-planted-by-an-attacker"
	c := a.withSession(planted)
	c.get("/login")
	r := c.post("/login", creds)
	first := c.sessionID()
	check(r.status == http.StatusSeeOther && first != "" && first != planted, "login with a planted id: %d, id %q", r.status, first)
	check(!a.withSession(planted).loggedIn(), "the planted id works")

	// Logging in again in the same browser: a new id, and the old one is dead.
	c.get("/decisions")
	c.post("/login", creds)
	second := c.sessionID()
	check(second != "" && second != first, "second login kept the id")
	check(!a.withSession(first).loggedIn(), "the id before the second login still works")

	// After logout the old cookie is refused, for a POST with its own token too.
	c.get("/decisions")
	token := c.csrf
	c.post("/logout", url.Values{})
	replay := a.withSession(second)
	before := a.fingerprint()
	r = replay.post("/decisions", merged(proposalForm("注销后的提交"), url.Values{"_csrf": {token}}))
	check(r.status == http.StatusForbidden || strings.HasPrefix(r.location, "/login"), "POST with the logged-out cookie: %d %q", r.status, r.location)
	check(a.fingerprint() == before, "a POST with the logged-out cookie changed something")

	// Idle: 29 minutes apart the session lives on (each request renews it); 30 idle minutes end it.
	c = a.login("clerk")
	for i := 0; i < 4; i++ {
		a.clock.Add(29 * time.Minute)
		check(c.loggedIn(), "session ended after 29 idle minutes (round %d)", i+1)
	}
	a.clock.Add(30 * time.Minute)
	check(!c.loggedIn(), "session alive after 30 idle minutes")

	// Absolute: a session in use every 25 minutes still ends 12 hours after login.
	c = a.login("clerk")
	used := 0
	for elapsed := 25 * time.Minute; elapsed < 12*time.Hour; elapsed += 25 * time.Minute {
		a.clock.Add(25 * time.Minute)
		if !c.loggedIn() {
			t.Errorf("active session ended after %s", elapsed)
			break
		}
		used++
	}
	a.clock.Add(25 * time.Minute)
	check(!c.loggedIn(), "session alive past 12 hours")

	// A password change ends the user's other sessions; the browser that changed it goes on.
	mine, other := a.login("clerk"), a.login("clerk")
	oldID := mine.sessionID()
	r = mine.post("/account/password", url.Values{"current": {testPassword}, "password": {"a-new-password-2"}})
	check(r.status == http.StatusSeeOther, "password change: %d %s", r.status, r.text())
	check(mine.loggedIn(), "the browser that changed the password was logged out")
	check(mine.sessionID() != oldID, "the password change kept the session id")
	check(!other.loggedIn(), "another session survived the password change")
	check(!a.withSession(oldID).loggedIn(), "the session id before the password change still works")

	// An admin's reset and disabling end the user's sessions too.
	admin := a.login("admin")
	for _, x := range []struct {
		user, action string
		form         url.Values
	}{{"reviewer", "/password", url.Values{"password": {"reset-password-3"}}}, {"secretary", "/disabled", url.Values{"disabled": {"1"}}}} {
		victim := a.login(x.user)
		r = admin.post("/admin/users/"+itoa(a.users[x.user].ID)+x.action, x.form)
		check(r.status == http.StatusSeeOther, "admin %s: %d", x.action, r.status)
		check(!victim.loggedIn(), "%s's session survived the admin's %s", x.user, x.action)
	}
	t.Logf("sessions: %d checks (fixation, re-login, logout replay, idle 30 min, absolute 12 h over %d renewals, password change, admin reset and disable)", checks, used)
}

// setCookie is the Set-Cookie header that sets name, or "".
func setCookie(h http.Header, name string) string {
	for _, v := range h.Values("Set-Cookie") {
		if strings.HasPrefix(v, name+"=") {
			return v
		}
	}
	return ""
}

func TestSecurityCookieFlags(t *testing.T) {
	for _, tls := range []bool{false, true} {
		a := newApp(t)
		a.serve(tls)
		c := a.anon()
		c.http.Transport = a.srv.Client().Transport
		res := c.exchange(http.MethodGet, "/login", nil, "", nil)
		anon := setCookie(res.header, "juece_csrf")
		c.get("/login")
		res = c.exchange(http.MethodPost, "/login", strings.NewReader(url.Values{"_csrf": {c.csrf}, "username": {"clerk"},
			"password": {testPassword}}.Encode()), "application/x-www-form-urlencoded", nil)
		sess := setCookie(res.header, "juece_session")
		if res.status != http.StatusSeeOther || sess == "" || anon == "" {
			t.Fatalf("tls %v: login %d, cookies %q %q", tls, res.status, sess, anon)
		}
		for _, ck := range []string{sess, anon} {
			if !strings.Contains(ck, "; HttpOnly") || !(strings.Contains(ck, "; SameSite=Lax") || strings.Contains(ck, "; SameSite=Strict")) || !strings.Contains(ck, "; Path=/") {
				t.Errorf("tls %v: cookie %q lacks HttpOnly, SameSite or Path", tls, ck)
			}
			if secure := strings.Contains(ck, "; Secure"); secure != tls {
				t.Errorf("tls %v: cookie %q: Secure is %v", tls, ck, secure)
			}
		}
		if hsts := res.header.Get("Strict-Transport-Security"); (hsts != "") != tls {
			t.Errorf("tls %v: Strict-Transport-Security %q", tls, hsts)
		}
		t.Logf("cookies over TLS=%v: %s | %s", tls, sess[strings.Index(sess, ";"):], anon[strings.Index(anon, ";"):])
	}
}

// loginAs posts the login form from browser c and returns the reply with name blanked out of
// the body, so that answers about different names can be compared byte for byte.
func (c *client) loginAs(name, password string) reply {
	c.t.Helper()
	r := c.exchange(http.MethodPost, "/login", strings.NewReader(url.Values{"_csrf": {c.csrf}, "username": {name},
		"password": {password}}.Encode()), "application/x-www-form-urlencoded", nil)
	r.body = bytes.ReplaceAll(r.body, []byte(name), []byte("NAME"))
	return r
}

// sameAnswer says how two replies differ in status, headers (but the date) or body, or "".
func sameAnswer(x, y reply) string {
	if x.status != y.status {
		return fmt.Sprintf("status %d / %d", x.status, y.status)
	}
	for k := range merged(url.Values(x.header), url.Values(y.header)) {
		if k != "Date" && !slices.Equal(x.header.Values(k), y.header.Values(k)) {
			return fmt.Sprintf("header %s: %q / %q", k, x.header.Values(k), y.header.Values(k))
		}
	}
	if !bytes.Equal(x.body, y.body) {
		return "bodies differ"
	}
	return ""
}

func TestSecurityLoginThrottleAndEnumeration(t *testing.T) {
	a := newApp(t)
	c := a.anon()
	c.get("/login")

	// Enumeration: an unknown name, a wrong password and a disabled account get the same
	// answer (names of equal length, so even Content-Length matches).
	unknown := c.loginAs("ghostuser", "wrong-password-1")
	if unknown.status != http.StatusUnauthorized {
		t.Fatalf("unknown user: %d", unknown.status)
	}
	if d := sameAnswer(unknown, c.loginAs("legalhead", "wrong-password-1")); d != "" {
		t.Errorf("unknown user and wrong password answer differently: %s", d)
	}
	admin := a.login("admin")
	admin.post("/admin/users/"+itoa(a.users["secretary"].ID)+"/disabled", url.Values{"disabled": {"1"}})
	if d := sameAnswer(unknown, c.loginAs("secretary", testPassword)); d != "" {
		t.Errorf("unknown user and disabled account answer differently: %s", d)
	}

	// The pause per name and address: 10 failures in 15 minutes, then 429 with a message that
	// says until when, for a name that does not exist exactly as for one that does; not even
	// the right password is tried meanwhile.
	c = a.anon()
	c.get("/login")
	before, _ := a.db.UserByName(t.Context(), "auditor")
	for i := 0; i < 10; i++ {
		if r := c.loginAs("auditor", "guess-"+itoa(int64(i))); r.status != http.StatusUnauthorized {
			t.Fatalf("auditor, attempt %d: %d", i+1, r.status)
		}
		if r := c.loginAs("nobodyx", "guess-"+itoa(int64(i))); r.status != http.StatusUnauthorized {
			t.Fatalf("unknown user, attempt %d: %d", i+1, r.status)
		}
	}
	after, _ := a.db.UserByName(t.Context(), "auditor")
	ghost := c.loginAs("nobodyx", "guess-11")
	real := c.loginAs("auditor", testPassword)
	until := a.clock.Now().Add(15 * time.Minute).In(workflow.Shanghai).Format("2006-01-02 15:04")
	if ghost.status != http.StatusTooManyRequests || !strings.Contains(string(ghost.body), "已暂停该账号从此地址登录至 "+until) ||
		ghost.header.Get("Retry-After") != "901" {
		t.Errorf("11th attempt for an unknown name: %d, Retry-After %q", ghost.status, ghost.header.Get("Retry-After"))
	}
	if d := sameAnswer(ghost, real); d != "" {
		t.Errorf("the pause answers an existing and an unknown name differently: %s", d)
	}
	if n := after.FailedLogins - before.FailedLogins; n != 10 {
		t.Errorf("%d of the auditor's attempts were checked against the password, want 10", n)
	}
	// When the pause is over the name may try again, and the right password works.
	a.clock.Add(15 * time.Minute)
	if r := c.loginAs("auditor", testPassword); r.status != http.StatusSeeOther {
		t.Errorf("after the pause, the right password: %d", r.status)
	}
	t.Logf("login throttling: 10 failures per name and address in 15 minutes, the 11th answered 429 until a time it names, for existing and unknown names alike; unknown, wrong-password and disabled answers identical")
}

// TestSecurityLoginNextStaysOnSite: where the login form sends the browser afterwards is a path
// on this site, however the next field is spelled. The Location is read the way a browser
// reads it: tabs and newlines dropped, backslashes as slashes.
func TestSecurityLoginNextStaysOnSite(t *testing.T) {
	a := newApp(t)
	nexts := []string{"/\t/evil.example/", "/\n/evil.example", "/\r\n/evil.example", "/\\evil.example", "\\\\evil.example",
		"//evil.example", "https://evil.example/", "javascript:alert(1)", "/%09/evil.example", " //evil.example", "/decisions?page=2"}
	for _, next := range nexts {
		c := a.anon()
		c.get("/login")
		req, _ := http.NewRequest(http.MethodPost, a.srv.URL+"/login", strings.NewReader(url.Values{"_csrf": {c.csrf},
			"username": {"clerk"}, "password": {testPassword}, "next": {next}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		for _, ck := range c.http.Jar.Cookies(mustURL(a.srv.URL)) {
			req.AddCookie(ck)
		}
		res, err := http.DefaultTransport.RoundTrip(req) // the client would refuse to parse a bad Location
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		loc := strings.NewReplacer("\t", "", "\n", "", "\r", "", "\\", "/").Replace(res.Header.Get("Location"))
		if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/") || strings.HasPrefix(loc, "//") {
			t.Errorf("next %q: %d to %q", next, res.StatusCode, res.Header.Get("Location"))
		}
	}
	// A page asked for before login is where the login leads, its query whole.
	c := a.anon()
	r := c.exchange(http.MethodGet, "/decisions?state=drafting&page=1", nil, "", nil)
	_, doc := c.get(r.location())
	if next := doc.Find(`input[name="next"]`).AttrOr("value", ""); next != "/decisions?state=drafting&page=1" {
		t.Errorf("login page from %q carries next %q", r.location(), next)
	}
	if r := c.post("/login", url.Values{"username": {"clerk"}, "password": {testPassword}, "next": {doc.Find(`input[name="next"]`).AttrOr("value", "")}}); r.location != "/decisions?state=drafting&page=1" {
		t.Errorf("after login: %q", r.location)
	}
	t.Logf("login next: %d spellings, every redirect stays on the site; a page's query survives the login", len(nexts))
}

// TestSecurityPasswordChangeThrottled: the current password asked for by the password change
// is limited per session, so an open session cannot be used to guess it without limit; the
// limit is the session's own and says until when.
func TestSecurityPasswordChangeThrottled(t *testing.T) {
	a := newApp(t)
	c := a.login("clerk")
	change := func(current string) response {
		return c.post("/account/password", url.Values{"current": {current}, "password": {"a-new-password-2"}})
	}
	for i := 0; i < 10; i++ {
		if r := change("guess-" + itoa(int64(i))); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.text(), "密码不正确") {
			t.Fatalf("wrong current password %d: %d %s", i+1, r.status, r.text())
		}
	}
	if u, _ := a.db.UserByName(t.Context(), "clerk"); u.FailedLogins != 10 {
		t.Errorf("after 10 wrong current passwords: %d failures counted", u.FailedLogins)
	}
	r := change(testPassword)
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.text(), "输错次数过多，请于 2026-03-02 09:15") {
		t.Errorf("right current password after 10 wrong ones: %d %s", r.status, r.text())
	}
	a.clock.Add(15 * time.Minute)
	if r := change(testPassword); r.status != http.StatusSeeOther {
		t.Errorf("right current password 15 minutes later: %d %s", r.status, r.text())
	}
	t.Logf("password change: 10 wrong current passwords per session, then a pause that names its end")
}
