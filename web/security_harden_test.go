package web_test

// Hardening round two (issue 15): CSRF tokens, login throttling, proxies, the portal's errors.

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"juece/store"
	"juece/web"
	"juece/workflow"
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

// anonFrom is a browser whose connections come from ip, another loopback address: a second
// client address for the throttles, without a proxy.
func (a *app) anonFrom(ip string) *client {
	c := a.anon()
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}}
	c.http.Transport = &http.Transport{DialContext: d.DialContext}
	return c
}

// seedInReview is a decision of the clerk's unit in legality review, its draft submitted.
func (a *app) seedInReview(title string) int64 {
	clerk := a.users["clerk"].Actor()
	return a.seedDecision(title, func(ctx context.Context, tx *store.Tx, d *workflow.Decision, at time.Time) error {
		rev, err := tx.AddRevision(ctx, clerk, at, d, workflow.Revision{Body: "第一条 送审稿正文", Note: "送审稿"})
		if err != nil {
			return err
		}
		if err := move(ctx, tx, clerk, at, d, workflow.Start, workflow.LegalityReview); err != nil {
			return err
		}
		_, err = tx.AddSubmission(ctx, clerk, at, d, workflow.ReviewSubmission{RevisionID: rev, LegalBasis: "《价格法》",
			Procedures: "已履行公众参与、专家论证、风险评估程序", SubmittedOn: at, SubmittedBy: clerk.UserID})
		return err
	})
}

// TestSecurityLockoutCannotBeTurnedAgainstUsers: a hundred wrong passwords for a real account
// from one address within seconds pause only that address, for that name and then for all
// names; the user logs in from another address, signs a review and changes the password inside
// the session they already had; the admin sees the pauses and lifts one.
func TestSecurityLockoutCannotBeTurnedAgainstUsers(t *testing.T) {
	a := newApp(t)
	id := a.seedInReview("城市公共交通票价调整方案")
	reviewer := a.login("reviewer") // the victim's session, from 127.0.0.1
	clerk := a.login("clerk")

	attacker := a.anonFrom("127.0.0.2")
	attacker.get("/login")
	statuses := map[int]int{}
	for i := 0; i < 100; i++ {
		name := []string{"reviewer", "clerk"}[i%2]
		statuses[attacker.loginAs(name, "guess-"+itoa(int64(i))).status]++
	}
	if statuses[http.StatusUnauthorized] != 20 || statuses[http.StatusTooManyRequests] != 80 {
		t.Errorf("100 guesses for two names from one address: %v, want 20 checked and 80 paused", statuses)
	}
	// Across names the address is paused after 50 failures.
	for i := 0; i < 30; i++ {
		attacker.loginAs(fmt.Sprintf("name%02d", i), "guess")
	}
	r := attacker.loginAs("someone", "guess")
	if r.status != http.StatusTooManyRequests || !strings.Contains(string(r.body), "您所在网络地址的登录失败次数过多") {
		t.Errorf("the 51st failure from one address: %d", r.status)
	}

	// The victim, from another address, logs in.
	victim := a.anonFrom("127.0.0.1")
	victim.get("/login")
	if r := victim.loginAs("reviewer", testPassword); r.status != http.StatusSeeOther {
		t.Errorf("the victim from another address: %d %s", r.status, r.body)
	}
	// Inside the session they had, they sign the review with their password.
	review := url.Values{"conclusion": {"legal"}, "authority": {"权限合法"}, "procedure": {"程序合法"},
		"substance": {"内容合法"}, "advisers": {"法律顾问李律师"}, "legal_risk": {"无"}, "password": {testPassword}}
	review.Set("version", reviewer.version(id))
	if r := reviewer.post("/decisions/"+itoa(id)+"/review", review); r.status != http.StatusSeeOther {
		t.Errorf("signing inside the session: %d %s", r.status, r.text())
	}
	if st := a.decision(id).State; st != workflow.CollectiveDiscussion {
		t.Errorf("after signing: %s", st)
	}
	// And the clerk changes the password inside theirs.
	if r := clerk.post("/account/password", url.Values{"current": {testPassword}, "password": {"a-new-password-2"}}); r.status != http.StatusSeeOther {
		t.Errorf("password change inside the session: %d %s", r.status, r.text())
	}

	// The admin sees the pauses and lifts the reviewer's; the attacker's address may then try
	// that name again, no other.
	admin := a.login("admin")
	_, doc := admin.get("/admin/users")
	rows := doc.Find("#login-lock-list tbody tr")
	if rows.Length() != 3 || !strings.Contains(rows.Text(), "127.0.0.2") || !strings.Contains(rows.Text(), "reviewer") ||
		!strings.Contains(rows.Text(), "2026-03-02 09:15") {
		t.Fatalf("admin's list of pauses: %d rows: %s", rows.Length(), rows.Text())
	}
	if r := admin.post("/admin/login-locks/lift", url.Values{"username": {"reviewer"}, "address": {"127.0.0.2"}}); r.status != http.StatusSeeOther {
		t.Fatalf("lift: %d %s", r.status, r.text())
	}
	if r := admin.post("/admin/login-locks/lift", url.Values{"username": {""}, "address": {"127.0.0.2"}}); r.status != http.StatusSeeOther {
		t.Fatalf("lift the address: %d %s", r.status, r.text())
	}
	_, doc = admin.get("/admin/users")
	if rows := doc.Find("#login-lock-list tbody tr"); rows.Length() != 1 || strings.Contains(rows.Text(), "reviewer") {
		t.Errorf("after lifting two: %s", rows.Text())
	}
	if r := attacker.loginAs("reviewer", "guess-again"); r.status != http.StatusUnauthorized {
		t.Errorf("a lifted pause: %d", r.status)
	}
	if r := attacker.loginAs("clerk", "guess-again"); r.status != http.StatusTooManyRequests {
		t.Errorf("a pause not lifted: %d", r.status)
	}
	events, err := a.db.Activity(context.Background(), store.ActivityFilter{Action: "lift_login_lock", Limit: 10})
	if err != nil || len(events) != 2 {
		t.Errorf("history of the lifts: %d events, %v", len(events), err)
	}
}

// TestCatalogYearValidated: a catalog change for a year that is missing or invalid is refused
// with a message, never applied to this year's catalog.
func TestCatalogYearValidated(t *testing.T) {
	a := newApp(t)
	sec := a.login("secretary")
	unit := itoa(a.units["市发展和改革委员会"])
	if r := sec.post("/catalog", url.Values{"year": {"2026"}, "title": {"本年度事项"}, "unit_id": {unit}}); r.status != http.StatusSeeOther {
		t.Fatalf("add: %d %s", r.status, r.text())
	}
	before := a.fingerprint()
	for _, y := range []string{"-1", "99999", "1e3", "", "2026.0", "１９９９"} {
		if r := sec.post("/catalog", url.Values{"year": {y}, "title": {"错年度事项"}, "unit_id": {unit}}); r.status != http.StatusUnprocessableEntity ||
			!strings.Contains(r.text(), "目录年度无效") {
			t.Errorf("add for year %q: %d %s", y, r.status, r.text())
		}
		if r := sec.post("/catalog/publish", url.Values{"year": {y}}); r.status != http.StatusUnprocessableEntity {
			t.Errorf("publish year %q: %d %s", y, r.status, r.text())
		}
	}
	if after := a.fingerprint(); after != before {
		t.Errorf("refused catalog changes wrote: %s → %s", before, after)
	}
	if ok, _ := a.db.CatalogPublished(context.Background(), 2026); ok {
		t.Error("this year's catalog was published by a request for another year")
	}
}

// TestStaticNoListingAndStaleTempFiles: /static/ lists nothing; a start removes the temporary
// files a killed server left behind, and keeps young ones (another process's, in flight).
func TestStaticNoListingAndStaleTempFiles(t *testing.T) {
	a := newApp(t)
	c := a.anon()
	for _, p := range []string{"/static/", "/static", "/static/.", "/static/..%2f", "/static//"} {
		r := c.exchange(http.MethodGet, p, nil, "", nil)
		if r.status != http.StatusNotFound || strings.Contains(string(r.body), `href="app.css"`) {
			t.Errorf("GET %s: %d %q", p, r.status, r.body)
		}
	}
	if r := c.exchange(http.MethodGet, "/static/app.css", nil, "", nil); r.status != http.StatusOK {
		t.Errorf("GET /static/app.css: %d", r.status)
	}

	dir := filepath.Dir(a.db.Path())
	old, young := filepath.Join(dir, "checkpoints", ".tmp-123456"), filepath.Join(dir, "checkpoints", ".tmp-654321")
	upload, note := filepath.Join(dir, "files", ".upload-42"), filepath.Join(dir, "checkpoints", "000000000100.note")
	for _, p := range []string{old, young, upload, note} {
		if err := os.MkdirAll(filepath.Dir(p), 0o750); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("half"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	hourAgo := time.Now().Add(-time.Hour)
	for _, p := range []string{old, upload, note} {
		os.Chtimes(p, hourAgo, hourAgo)
	}
	a.serve(false) // a start
	for p, want := range map[string]bool{old: false, upload: false, young: true, note: true} {
		if _, err := os.Stat(p); (err == nil) != want {
			t.Errorf("%s: kept %v, want %v", filepath.Base(p), err == nil, want)
		}
	}
}

// serveWith replaces the app's server by one with options o (the clock and a log buffer added).
func (a *app) serveWith(o web.Options) *logBuffer {
	a.t.Helper()
	logs := &logBuffer{}
	o.Now, o.Logger = a.clock.Now, slog.New(slog.NewTextHandler(logs, nil))
	s := web.New(a.db, o)
	a.srv.Close()
	a.srv = httptest.NewServer(s)
	a.t.Cleanup(s.Wait)
	a.t.Cleanup(a.srv.Close)
	return logs
}

// trickle is a reader that gives its bytes n at a time, one step every pause.
type trickle struct {
	b     []byte
	n     int
	pause time.Duration
}

func (t *trickle) Read(p []byte) (int, error) {
	if len(t.b) == 0 {
		return 0, io.EOF
	}
	time.Sleep(t.pause)
	k := copy(p[:min(len(p), t.n)], t.b)
	t.b = t.b[k:]
	return k, nil
}

// TestUploadMinimumRate: an upload is limited by its rate, not by a total time: one that
// keeps up the rate may take longer than the grace, one that trickles is cut off with 408 and
// logged as cut off, and nothing of it is kept.
func TestUploadMinimumRate(t *testing.T) {
	a := newApp(t)
	logs := a.serveWith(web.Options{MinBodyRate: 4000, BodyGrace: 300 * time.Millisecond})
	id, clerk := draftingDecision(a)
	pdf := append(append([]byte{}, samplePDF...), bytes.Repeat([]byte("\n"), 6000)...)
	send := func(body io.Reader, ctype string) int {
		req, _ := http.NewRequest(http.MethodPost, a.srv.URL+"/decisions/"+itoa(id)+"/attachments", body)
		req.Header.Set("Content-Type", ctype)
		res, err := clerk.http.Do(req)
		if err != nil {
			return 0 // the server may close the connection on a body it cut off
		}
		res.Body.Close()
		return res.StatusCode
	}
	form := func() ([]byte, string) {
		var buf bytes.Buffer
		ctype, err := multipartBody(&buf, clerk.csrf, clerk.version(id), "decision", "慢速上传.pdf", bytes.NewReader(pdf))
		if err != nil {
			t.Fatal(err)
		}
		return buf.Bytes(), ctype
	}

	// About 6.5 kB at about 10 kB/s: longer than the grace, faster than the rate.
	body, ctype := form()
	if st := send(&trickle{b: body, n: 1000, pause: 100 * time.Millisecond}, ctype); st != http.StatusSeeOther {
		t.Fatalf("an upload that keeps up the rate: %d", st)
	}
	// The same at 1 kB/s: cut off.
	body, ctype = form()
	st := send(&trickle{b: body, n: 100, pause: 100 * time.Millisecond}, ctype)
	if st != http.StatusRequestTimeout && st != 0 {
		t.Errorf("a trickling upload: %d, want 408", st)
	}
	if n := len(a.attachments(id)); n != 1 {
		t.Errorf("%d attachments, want the first only", n)
	}
	time.Sleep(50 * time.Millisecond) // the access log line is written after the answer
	if l := logs.String(); !strings.Contains(l, "request body cut off") || !strings.Contains(l, "status=408") {
		t.Errorf("the log does not say the upload was cut off:\n%s", l)
	}
}

// TestHeadOnEveryGetRoute: HEAD answers every GET route with the GET's status and headers and
// no body, as whoever may read it.
func TestHeadOnEveryGetRoute(t *testing.T) {
	a := newApp(t)
	srv, logs := a.serve(false)
	f := newFixture(a)
	checked := 0
	for _, key := range routeKeys(srv) {
		method, route, _ := strings.Cut(key, " ")
		if method != http.MethodGet {
			continue
		}
		c := f.clients[firstAllowed(key)]
		var id int64
		if strings.Contains(route, ":id") {
			id = f.own
		}
		path := f.path(a, route, id)
		get := c.exchange(http.MethodGet, path, nil, "", nil)
		head := c.exchange(http.MethodHead, path, nil, "", nil)
		checked++
		if head.status != get.status || head.header.Get("Content-Type") != get.header.Get("Content-Type") || len(head.body) != 0 {
			t.Errorf("HEAD %s: %d %q with %d bytes; GET: %d %q", path, head.status, head.header.Get("Content-Type"), len(head.body),
				get.status, get.header.Get("Content-Type"))
		}
	}
	if !strings.Contains(logs.String(), "method=HEAD") {
		t.Error("the access log does not show the HEAD requests as such")
	}
	t.Logf("HEAD: %d GET routes, each answered like its GET without the body", checked)
}

// TestCaseFormChecksItsVersion: an accountability case's form carries the case's version; one
// without it is refused, a stale one is shown again with what was typed on the current version
// and saying what changed, and then goes through.
func TestCaseFormChecksItsVersion(t *testing.T) {
	a := newApp(t)
	id, _, kase := a.seedOpen("clerk", "责任追究测试事项")
	aud, other := a.login("auditor"), a.login("auditor")
	path := "/decisions/" + itoa(id) + "/cases/" + itoa(kase)
	before := a.fingerprint()
	for _, v := range []string{"", "abc", "0"} {
		if r := aud.post(path, url.Values{"handling": {"无版本"}, "status": {"investigating"}, "case_version": {v}}); r.status != http.StatusUnprocessableEntity ||
			!strings.Contains(r.text(), "缺少案件版本") {
			t.Errorf("case_version %q: %d %s", v, r.status, r.text())
		}
	}
	if after := a.fingerprint(); after != before {
		t.Errorf("a form without its version wrote: %s → %s", before, after)
	}
	if r := other.post(path, url.Values{"handling": {"已约谈当事人"}, "status": {"investigating"}, "case_version": {"1"}}); r.status != http.StatusSeeOther {
		t.Fatalf("first update: %d %s", r.status, r.text())
	}
	r := aud.post(path, url.Values{"handling": {"我的处理意见"}, "status": {"closed"}, "case_version": {"1"}})
	form := r.doc.Find(`form[action$="/cases/` + itoa(kase) + `#form-case-` + itoa(kase) + `"]`)
	if r.status != http.StatusConflict || !strings.Contains(r.text(), "已约谈当事人") ||
		form.Find(`textarea[name="handling"]`).Text() != "我的处理意见" || form.Find(`input[name="case_version"]`).AttrOr("value", "") != "2" {
		t.Fatalf("stale update: %d, form version %q: %s", r.status, form.Find(`input[name="case_version"]`).AttrOr("value", ""), r.text())
	}
	if r := aud.post(path, url.Values{"handling": {"我的处理意见"}, "status": {"closed"}, "case_version": {"2"}}); r.status != http.StatusSeeOther {
		t.Errorf("sent again on the current version: %d %s", r.status, r.text())
	}
}

// TestPublicURLAndTrustedProxies: behind a proxy that does the TLS, --public-url https://…
// makes cookies Secure and sends HSTS, and the feed's links come from it, never from the Host
// header; X-Forwarded-For names the client only when it comes from a trusted proxy.
func TestPublicURLAndTrustedProxies(t *testing.T) {
	a := newApp(t)
	id := a.seedConsultation("城市公共交通票价调整方案", workflow.Flags{})
	evilHost := func(c *client, path string) reply {
		req, _ := http.NewRequest(http.MethodGet, a.srv.URL+path, nil)
		req.Host = "evil.example"
		res, err := c.http.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return reply{status: res.StatusCode, header: res.Header, body: b}
	}

	// Without a public URL: plain cookies, no HSTS, and the feed's links are relative.
	a.serveWith(web.Options{})
	c := a.anon()
	r := c.exchange(http.MethodGet, "/login", nil, "", nil)
	if ck := setCookie(r.header, "juece_csrf"); strings.Contains(ck, "Secure") || r.header.Get("Strict-Transport-Security") != "" {
		t.Errorf("plain http: cookie %q, HSTS %q", ck, r.header.Get("Strict-Transport-Security"))
	}
	feed := evilHost(c, "/public/feed.atom")
	if bytes.Contains(feed.body, []byte("evil.example")) || !bytes.Contains(feed.body, []byte(`href="/public/consultations/`+itoa(id)+`"`)) {
		t.Errorf("feed without a public URL:\n%s", feed.body)
	}

	// With https://juece.example.gov.cn behind a trusted proxy at 127.0.0.1.
	pub, _ := url.Parse("https://juece.example.gov.cn")
	a.serveWith(web.Options{PublicURL: pub, TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}})
	c = a.anon()
	r = c.exchange(http.MethodGet, "/login", nil, "", nil)
	if ck := setCookie(r.header, "juece_csrf"); !strings.Contains(ck, "; Secure") || !strings.HasPrefix(r.header.Get("Strict-Transport-Security"), "max-age=") {
		t.Errorf("https public URL: cookie %q, HSTS %q", ck, r.header.Get("Strict-Transport-Security"))
	}
	feed = evilHost(c, "/public/feed.atom")
	if bytes.Contains(feed.body, []byte("evil.example")) || !bytes.Contains(feed.body, []byte(`href="https://juece.example.gov.cn/public/consultations/`+itoa(id)+`"`)) {
		t.Errorf("feed with a public URL:\n%s", feed.body)
	}
	// A form sent by a browser through the proxy carries the public Origin.
	c.get("/login")
	login := func(c *client, name, password, xff string, origin string) int {
		hdr := map[string]string{"X-Forwarded-For": xff}
		if origin != "" {
			hdr["Origin"] = origin
		}
		return c.exchange(http.MethodPost, "/login", strings.NewReader(url.Values{"_csrf": {c.csrf}, "username": {name},
			"password": {password}}.Encode()), "application/x-www-form-urlencoded", hdr).status
	}
	if st := login(c, "clerk", testPassword, "198.51.100.7", "https://juece.example.gov.cn"); st != http.StatusSeeOther {
		t.Errorf("login through the proxy with the public Origin: %d", st)
	}

	// The throttle counts the address the proxy names: one citizen's failures do not pause
	// another behind the same proxy, and a spoofed header from the proxy's client is not believed
	// beyond the proxy (the rightmost untrusted address counts).
	c = a.anon()
	c.get("/login")
	for i := 0; i < 10; i++ {
		login(c, "auditor", "guess", "203.0.113.5", "")
	}
	if st := login(c, "auditor", testPassword, "203.0.113.5", ""); st != http.StatusTooManyRequests {
		t.Errorf("11th from 203.0.113.5: %d", st)
	}
	if st := login(c, "auditor", testPassword, "203.0.113.99", ""); st != http.StatusSeeOther {
		t.Errorf("the right password from 203.0.113.99 through the same proxy: %d", st)
	}
	c = a.anon() // the last one is logged in now
	c.get("/login")
	if st := login(c, "auditor", testPassword, "203.0.113.99, 203.0.113.5", ""); st != http.StatusTooManyRequests {
		t.Errorf("a spoofed address before the real one: %d", st)
	}

	// Without trusted proxies the header is ignored: the peer counts.
	a.serveWith(web.Options{})
	c = a.anon()
	c.get("/login")
	for i := 0; i < 10; i++ {
		login(c, "secretary", "guess", fmt.Sprintf("203.0.113.%d", i), "")
	}
	if st := login(c, "secretary", testPassword, "198.51.100.1", ""); st != http.StatusTooManyRequests {
		t.Errorf("X-Forwarded-For from an untrusted peer was believed: %d", st)
	}
}
