package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"juece/workflow"
)

func TestHealthz(t *testing.T) {
	a := newApp(t)
	if st, _ := a.anon().get("/healthz"); st != http.StatusOK {
		t.Fatalf("healthz: %d", st)
	}
}

func TestLoginLogoutAndSessions(t *testing.T) {
	a := newApp(t)
	anon := a.anon()
	if st, _ := anon.get("/"); st != http.StatusSeeOther {
		t.Fatalf("anonymous worklist: want redirect to login, got %d", st)
	}
	// Unknown user and wrong password answer the same.
	anon.get("/login")
	r1 := anon.post("/login", url.Values{"username": {"nobody"}, "password": {"whatever-123"}})
	r2 := anon.post("/login", url.Values{"username": {"clerk"}, "password": {"wrong-password"}})
	if r1.status != http.StatusUnauthorized || r2.status != r1.status || r1.text() != r2.text() {
		t.Fatalf("unknown user and wrong password differ: %d %q / %d %q", r1.status, r1.text(), r2.status, r2.text())
	}

	c := a.login("clerk")
	oldCookies := c.http.Jar.Cookies(mustURL(a.srv.URL))
	if st, doc := c.get("/"); st != http.StatusOK || !strings.Contains(doc.Find("h1").Text(), "我的待办") {
		t.Fatalf("worklist after login: %d", st)
	}
	if r := c.post("/logout", url.Values{}); r.status != http.StatusSeeOther {
		t.Fatalf("logout: %d", r.status)
	}
	// The old session cookie no longer works.
	replay := a.anon()
	replay.http.Jar.SetCookies(mustURL(a.srv.URL), oldCookies)
	if st, _ := replay.get("/"); st != http.StatusSeeOther {
		t.Fatalf("old cookie after logout: want redirect, got %d", st)
	}

	// Idle expiry: 30 minutes without a request ends the session.
	c = a.login("clerk")
	a.clock.Add(31 * time.Minute)
	if st, _ := c.get("/"); st != http.StatusSeeOther {
		t.Fatalf("idle session: want redirect, got %d", st)
	}
}

func TestCSRFRequired(t *testing.T) {
	a := newApp(t)
	c := a.login("clerk")
	form := url.Values{"title": {"无令牌的提交"}, "category": {"planning"}, "proposer_kind": {"leader"},
		"proposer": {"市长"}, "problem": {"问题"}, "_csrf": {""}}
	if r := c.post("/decisions", form); r.status != http.StatusForbidden {
		t.Fatalf("missing token: want 403, got %d", r.status)
	}
	form.Set("_csrf", "forged-token-forged-token-forged-token")
	if r := c.post("/decisions", form); r.status != http.StatusForbidden {
		t.Fatalf("wrong token: want 403, got %d", r.status)
	}
	rows, total, err := a.db.Decisions(t.Context(), storeFilter())
	if err != nil || total != 0 || len(rows) != 0 {
		t.Fatalf("a refused POST created a decision: %d %v", total, err)
	}
	// An oversized form is refused before anything parses it.
	if r := c.post("/decisions", url.Values{"title": {strings.Repeat("长", 400000)}}); r.status != http.StatusRequestEntityTooLarge {
		t.Fatalf("oversized form: want 413, got %d", r.status)
	}
	// A foreign Origin is refused even with the right token.
	req, _ := http.NewRequest(http.MethodPost, a.srv.URL+"/decisions", strings.NewReader(url.Values{"_csrf": {c.csrf}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "http://evil.example")
	if r := c.do(req); r.status != http.StatusForbidden {
		t.Fatalf("foreign origin: want 403, got %d", r.status)
	}
}

func TestWrongRoleIsForbidden(t *testing.T) {
	a := newApp(t)
	clerk := a.login("clerk")
	id := clerk.createDecision("城市公共交通票价调整方案")
	before := a.eventCount(id)
	for _, who := range []string{"reviewer", "secretary", "auditor"} {
		c := a.login(who)
		if r := c.post("/decisions", url.Values{"title": {"x"}}); r.status != http.StatusForbidden {
			t.Errorf("%s creating a decision: want 403, got %d", who, r.status)
		}
	}
	// Only the secretary records the start; the auditor changes nothing.
	if r := clerk.send(id, "/start", url.Values{"decided_on": {a.day(0)}, "basis": {"常务会议"}}); r.status != http.StatusForbidden {
		t.Errorf("clerk firing start: want 403, got %d", r.status)
	}
	aud := a.login("auditor")
	// The auditor's only forms record accountability cases and urge the unit (催办), which
	// leave the decision alone.
	st, doc := aud.get("/decisions/" + strconv.FormatInt(id, 10))
	if n := doc.Find(`main form[method="post"]`).FilterFunction(func(_ int, f *goquery.Selection) bool {
		action := f.AttrOr("action", "")
		return !strings.HasSuffix(action, "/cases#form-case") && !strings.HasSuffix(action, "/urge")
	}).Length(); st != http.StatusOK || n != 0 {
		t.Errorf("auditor's decision page: status %d, %d forms that would change the decision", st, n)
	}
	version := strconv.FormatInt(a.decision(id).Version, 10)
	path := "/decisions/" + strconv.FormatInt(id, 10)
	if r := aud.post(path+"/proposal", url.Values{"title": {"审计改标题"}, "version": {version}}); r.status != http.StatusForbidden {
		t.Errorf("auditor editing: want 403, got %d", r.status)
	}
	if r := aud.post(path+"/events/withdraw", url.Values{"reason": {"x"}, "version": {version}}); r.status != http.StatusForbidden {
		t.Errorf("auditor withdrawing: want 403, got %d", r.status)
	}
	if got := a.eventCount(id); got != before {
		t.Fatalf("refused requests wrote %d events", got-before)
	}
	if d := a.decision(id); d.State != workflow.Proposed || d.Title != "城市公共交通票价调整方案" {
		t.Fatalf("decision changed: %s %q", d.State, d.Title)
	}
}

func TestOtherUnitIsNotFound(t *testing.T) {
	a := newApp(t)
	clerk := a.login("clerk")
	id := clerk.createDecision("城市公共交通票价调整方案")
	other := a.login("clerk2")
	path := "/decisions/" + strconv.FormatInt(id, 10)
	if st, _ := other.get(path); st != http.StatusNotFound {
		t.Fatalf("other unit's decision: want 404, got %d", st)
	}
	if st, _ := other.get(path + "/history"); st != http.StatusNotFound {
		t.Fatalf("other unit's history: want 404, got %d", st)
	}
	if r := other.post(path+"/proposal", url.Values{"title": {"改"}, "version": {"1"}}); r.status != http.StatusNotFound {
		t.Fatalf("other unit's edit: want 404, got %d", r.status)
	}
	if _, doc := other.get("/decisions"); strings.Contains(doc.Text(), "城市公共交通票价调整方案") {
		t.Fatal("other unit's decision listed")
	}
	for _, bad := range []string{"0" + strconv.FormatInt(id, 10), "+" + strconv.FormatInt(id, 10), "%20" + strconv.FormatInt(id, 10), strconv.FormatInt(id, 10) + "abc", "-1", "99999999999999999999"} {
		if st, _ := clerk.get("/decisions/" + bad); st != http.StatusNotFound {
			t.Errorf("id %q: want 404, got %d", bad, st)
		}
	}
}

func TestStaleVersionIsConflict(t *testing.T) {
	a := newApp(t)
	clerk := a.login("clerk")
	id := clerk.createDecision("城市公共交通票价调整方案")
	stale := clerk.version(id)
	clerk.mustSend(id, "/proposal", proposalForm("城市公共交通票价调整方案（修订）"))
	before := a.eventCount(id)
	form := proposalForm("另一位经办人的标题")
	form.Set("version", stale)
	r := clerk.post("/decisions/"+strconv.FormatInt(id, 10)+"/proposal", form)
	if r.status != http.StatusConflict {
		t.Fatalf("stale version: want 409, got %d", r.status)
	}
	// The change was the clerk's own, in another tab: the page says so, not their name.
	if !strings.Contains(r.text(), "您本人") || strings.Contains(r.text(), "张明（") || r.doc.Find(`input[name="title"]`).AttrOr("value", "") != "另一位经办人的标题" {
		t.Fatalf("conflict page should say who changed it and keep the input: %s", r.text())
	}
	if a.eventCount(id) != before || a.decision(id).Title != "城市公共交通票价调整方案（修订）" {
		t.Fatal("a stale write changed the decision")
	}
}

func TestUnmetGateIsRefusedAndChangesNothing(t *testing.T) {
	a := newApp(t)
	clerk := a.login("clerk")
	id := clerk.createDecision("城市公共交通票价调整方案")
	sec := a.login("secretary")
	// Form validation: the basis is required; what was typed stays.
	r := sec.send(id, "/start", url.Values{"decided_on": {a.day(0)}, "basis": {""}})
	if r.status != http.StatusUnprocessableEntity || r.doc.Find(`#start-decided_on`).AttrOr("value", "") != a.day(0) {
		t.Fatalf("start without basis: want 422 keeping the date, got %d", r.status)
	}
	if !strings.Contains(r.doc.Find(".field-error").Text(), "请填写决定依据") {
		t.Fatalf("no message next to the field: %s", r.text())
	}
	sec.mustSend(id, "/start", url.Values{"decided_on": {a.day(0)}, "basis": {"市政府第15次常务会议纪要"}})
	if st := a.decision(id).State; st != workflow.Drafting {
		t.Fatalf("after start: %s", st)
	}
	// The gate: no draft yet, so it cannot go out for consultation.
	before := a.eventCount(id)
	r = clerk.send(id, "/events/submit", url.Values{})
	if r.status != http.StatusUnprocessableEntity {
		t.Fatalf("submit without a draft: want 422, got %d", r.status)
	}
	if !strings.Contains(r.text(), "条例第12条") {
		t.Fatalf("refusal should name the legal basis: %s", r.text())
	}
	if a.eventCount(id) != before || a.decision(id).State != workflow.Drafting {
		t.Fatal("a refused event changed the decision")
	}
	// A reason the user typed is kept on refusal.
	r = clerk.send(id, "/withdrawal", url.Values{"reason": {strings.Repeat("长", 20001)}})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.doc.Find(`textarea[name="reason"]`).Text(), "长长长") {
		t.Fatalf("overlong reason: want 422 keeping input, got %d", r.status)
	}
}

func proposalForm(title string) url.Values {
	return url.Values{"title": {title}, "category": {"public_service"}, "proposer_kind": {"department"},
		"proposer": {"市交通运输局"}, "problem": {"票价结构不合理"}, "reasons": {"运营成本上升"},
		"legal_basis": {"《价格法》"}, "solution": {"阶梯票价"}, "necessity": {"必要"},
		"decision_organ": {"市人民政府"}, "responsible_leader": {"副市长 孙立"}}
}

func mustURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}
