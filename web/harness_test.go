package web_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"juece/store"
	"juece/web"
	"juece/workflow"
)

// testPassword is every test account's password.
const testPassword = "test-password-1"

var (
	hashOnce sync.Once
	testHash string
)

// clock is the server's injected time, moved by tests.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// app is juece served over real HTTP on a real SQLite file in a temp dir.
type app struct {
	t     testing.TB
	db    *store.DB
	srv   *httptest.Server
	web   *web.Server
	clock *clock
	users map[string]store.User
	units map[string]int64
	logs  *syncBuffer // what the server logged
}

// syncBuffer is a bytes.Buffer the server's goroutines may write to at once.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// newApp starts a server with two undertaking units, the legal office, the government office,
// the audit office and one account per role (clerk2 in the second unit).
func newApp(t testing.TB) *app {
	t.Helper()
	return newAppIn(t, t.TempDir())
}

// newAppIn is newApp with the database and its data directory in dir.
func newAppIn(t testing.TB, dir string) *app {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(dir, "juece.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	hashOnce.Do(func() { testHash, err = store.HashPassword(testPassword) })
	if err != nil {
		t.Fatal(err)
	}
	start, _ := time.ParseInLocation("2006-01-02 15:04", "2026-03-02 09:00", workflow.Shanghai)
	a := &app{t: t, db: db, clock: &clock{t: start}, users: map[string]store.User{}, units: map[string]int64{}}
	sys := workflow.Actor{Name: "测试", Role: workflow.RoleAdmin}
	units := []struct {
		name string
		kind store.UnitKind
	}{{"市发展和改革委员会", store.UnitUndertaking}, {"市住房和城乡建设局", store.UnitUndertaking},
		{"市司法局", store.UnitLegal}, {"市人民政府办公室", store.UnitOffice}, {"市审计局", store.UnitAudit}}
	accounts := []struct {
		username, name, unit string
		role                 workflow.Role
		legalHead            bool
	}{
		{"clerk", "张明", "市发展和改革委员会", workflow.RoleClerk, false},
		{"clerk2", "李华", "市住房和城乡建设局", workflow.RoleClerk, false},
		{"reviewer", "王静", "市司法局", workflow.RoleReviewer, false},
		{"legalhead", "赵刚", "市司法局", workflow.RoleReviewer, true},
		{"secretary", "陈芳", "市人民政府办公室", workflow.RoleSecretary, false},
		{"auditor", "刘洋", "市审计局", workflow.RoleAuditor, false},
		{"admin", "周敏", "市人民政府办公室", workflow.RoleAdmin, false},
	}
	err = db.InTx(ctx, func(tx *store.Tx) error {
		for _, u := range units {
			id, err := tx.CreateUnit(ctx, sys, start, u.name, u.kind)
			if err != nil {
				return err
			}
			a.units[u.name] = id
		}
		for _, u := range accounts {
			if _, err := tx.CreateUser(ctx, sys, start, store.User{Username: u.username, DisplayName: u.name,
				UnitID: a.units[u.unit], Role: u.role, IsLegalHead: u.legalHead, PasswordHash: testHash}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range accounts {
		a.users[u.username], err = db.UserByName(ctx, u.username)
		if err != nil {
			t.Fatal(err)
		}
	}
	a.logs = &syncBuffer{}
	log := slog.New(slog.NewTextHandler(a.logs, nil))
	h := web.New(db, web.Options{Now: a.clock.Now, Logger: log})
	a.web = h
	a.srv = httptest.NewServer(h)
	t.Cleanup(h.Wait) // after the server stops (cleanups run last first), before the database closes
	t.Cleanup(a.srv.Close)
	return a
}

// client is one browser: its own cookies, the CSRF token of its last page.
type client struct {
	t    testing.TB
	app  *app
	http *http.Client
	csrf string
}

func (a *app) anon() *client {
	jar, _ := cookiejar.New(nil)
	return &client{t: a.t, app: a, http: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// login signs in as username and returns the browser.
func (a *app) login(username string) *client {
	a.t.Helper()
	c := a.anon()
	if st, doc := c.get("/login"); st != http.StatusOK || doc.Find(`a[href="/public"]`).Length() == 0 {
		a.t.Fatalf("GET /login: %d, or no link to the public portal", st)
	}
	res := c.post("/login", url.Values{"username": {username}, "password": {testPassword}})
	if res.status != http.StatusSeeOther {
		a.t.Fatalf("login %s: status %d: %s", username, res.status, res.text())
	}
	c.get("/decisions") // picks up the session's CSRF token
	return c
}

// response is what a request got back.
type response struct {
	status   int
	location string
	doc      *goquery.Document
}

func (r response) text() string {
	if r.doc == nil {
		return ""
	}
	return strings.Join(strings.Fields(r.doc.Find("main").Text()), " ")
}

func (c *client) do(req *http.Request) response {
	c.t.Helper()
	res, err := c.http.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	r := response{status: res.StatusCode, location: res.Header.Get("Location")}
	if strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
		r.doc, err = goquery.NewDocumentFromReader(res.Body)
		if err != nil {
			c.t.Fatal(err)
		}
		if tok, ok := r.doc.Find(`input[name="_csrf"]`).Attr("value"); ok {
			c.csrf = tok
		}
	}
	return r
}

func (c *client) get(path string) (int, *goquery.Document) {
	c.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, c.app.srv.URL+path, nil)
	r := c.do(req)
	return r.status, r.doc
}

// post submits a form with the browser's CSRF token (unless the form sets _csrf itself).
func (c *client) post(path string, values url.Values) response {
	c.t.Helper()
	form := url.Values{}
	for k, v := range values {
		form[k] = v
	}
	if _, set := form["_csrf"]; !set && c.csrf != "" {
		form.Set("_csrf", c.csrf)
	}
	req, _ := http.NewRequest(http.MethodPost, c.app.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r := c.do(req)
	if r.status == http.StatusSeeOther && strings.HasPrefix(r.location, "/public/receipts?") {
		// A comment's answer is its receipt page, which a browser opens at once.
		r.status, r.doc = c.get(r.location)
	}
	return r
}

// version reads the decision version that the decision page's forms carry.
func (c *client) version(id int64) string {
	c.t.Helper()
	st, doc := c.get("/decisions/" + strconv.FormatInt(id, 10))
	if st != http.StatusOK {
		c.t.Fatalf("GET decision %d: %d", id, st)
	}
	v, ok := doc.Find(`input[name="version"]`).Attr("value")
	if !ok {
		c.t.Fatalf("decision %d page has no version field", id)
	}
	return v
}

// send posts a form built on the decision's current version.
func (c *client) send(id int64, path string, form url.Values) response {
	c.t.Helper()
	form.Set("version", c.version(id))
	return c.post("/decisions/"+strconv.FormatInt(id, 10)+path, form)
}

// mustSend posts and expects the POST/redirect/GET answer.
func (c *client) mustSend(id int64, path string, form url.Values) {
	c.t.Helper()
	r := c.send(id, path, form)
	if r.status != http.StatusSeeOther {
		c.t.Fatalf("POST %s on %d: status %d: %s", path, id, r.status, r.text())
	}
}

// decision loads the stored snapshot.
func (a *app) decision(id int64) *workflow.Decision {
	a.t.Helper()
	d, err := a.db.Decision(context.Background(), id)
	if err != nil {
		a.t.Fatal(err)
	}
	return d
}

// eventCount counts a decision's history events.
func (a *app) eventCount(id int64) int {
	a.t.Helper()
	ev, err := a.db.History(context.Background(), id)
	if err != nil {
		a.t.Fatal(err)
	}
	return len(ev)
}

// day is a date form value n days from the test clock's now.
func (a *app) day(n int) string {
	return a.clock.Now().AddDate(0, 0, n).In(workflow.Shanghai).Format("2006-01-02")
}

// createDecision registers a proposal as clerk c and returns its id.
func (c *client) createDecision(title string) int64 {
	c.t.Helper()
	r := c.post("/decisions", url.Values{
		"title": {title}, "category": {"public_service"}, "proposer_kind": {"department"},
		"proposer": {"市交通运输局"}, "problem": {"票价结构不合理"}, "reasons": {"运营成本上升"},
		"legal_basis": {"《价格法》第二十三条"}, "solution": {"实行阶梯票价"}, "necessity": {"财政补贴难以为继"},
		"decision_organ": {"市人民政府"}, "responsible_leader": {"副市长 孙立"},
	})
	if r.status != http.StatusSeeOther || !strings.HasPrefix(r.location, "/decisions/") {
		c.t.Fatalf("create decision: %d %q: %s", r.status, r.location, r.text())
	}
	id, err := strconv.ParseInt(strings.TrimPrefix(r.location, "/decisions/"), 10, 64)
	if err != nil {
		c.t.Fatal(err)
	}
	return id
}

func storeFilter() store.DecisionFilter { return store.DecisionFilter{Limit: 100} }
