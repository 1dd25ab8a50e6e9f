package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"juece/store"
	"juece/workflow"
)

// createNormative registers a document drafted by clerk c's department and returns its id.
func (c *client) createNormative(title, prefix string, affects bool) int64 {
	c.t.Helper()
	form := url.Values{"title": {title}, "prefix": {prefix}}
	if affects {
		form.Set("affects_rights", "1")
	}
	r := c.post("/normative", form)
	if r.status != http.StatusSeeOther || !strings.HasPrefix(r.location, "/decisions/") {
		c.t.Fatalf("create normative document: %d %q: %s", r.status, r.location, r.text())
	}
	id, err := strconv.ParseInt(strings.TrimPrefix(r.location, "/decisions/"), 10, 64)
	if err != nil {
		c.t.Fatal(err)
	}
	return id
}

// toPublished puts a document in the published state as other tests' fixtures do.
func (a *app) toPublished(id int64) {
	a.t.Helper()
	a.toState(id, workflow.Approve, workflow.Published)
}

// toState puts a decision in state to as if ev had fired.
func (a *app) toState(id int64, ev workflow.Event, to workflow.State) {
	a.t.Helper()
	ctx := context.Background()
	sec := a.users["secretary"]
	err := a.db.InTx(ctx, func(tx *store.Tx) error {
		d, err := tx.Decision(ctx, id)
		if err != nil {
			return err
		}
		return tx.SetStateForTest(ctx, sec.Actor(), a.clock.Now(), d, ev, to, "")
	})
	if err != nil {
		a.t.Fatal(err)
	}
}

// TestNormativeDepartments: a department drafts and asks another, which replies late with a
// different opinion; moving on is refused until the legal office coordinates and the leaders
// rule; a refused reply keeps what was typed.
func TestNormativeDepartments(t *testing.T) {
	a := newApp(t)
	clerk, other := a.login("clerk"), a.login("clerk2")
	id := clerk.createNormative("江澜市城区停车管理办法", "澜政规", true)
	st, doc := clerk.get(fmt.Sprintf("/decisions/%d", id))
	if st != http.StatusOK || doc.Find("#departments").Length() != 1 || !strings.Contains(doc.Find(".stepper").Text(), "起草及部门征求意见") {
		t.Fatalf("the document's page: %d", st)
	}
	clerk.mustSend(id, "/revisions", url.Values{"body": {"第一条 为了规范城区停车管理……"}})
	clerk.mustSend(id, "/dept-requests", url.Values{"unit_id": {strconv.FormatInt(a.units["市住房和城乡建设局"], 10)}, "due_on": {a.day(2)}})
	if st, _ := other.get(fmt.Sprintf("/decisions/%d", id)); st != http.StatusOK {
		t.Fatalf("the consulted department cannot read the draft: %d", st)
	}
	a.clock.Add(5 * 24 * time.Hour)
	clerk, other = a.login("clerk"), a.login("clerk2") // sessions end after days
	reviewer, sec := a.login("reviewer"), a.login("secretary")
	r := other.send(id, "/dept-requests/1/reply", url.Values{"answer": {"disagree"}, "opinion": {""}})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.doc.Find("#departments .field-error, #departments .has-error").Text(), "须写明具体意见") {
		t.Fatalf("a disagreement without its text: %d %s", r.status, r.text())
	}
	if v, _ := r.doc.Find(`#departments select[name="answer"] option[selected]`).Attr("value"); v != "disagree" {
		t.Errorf("the answer typed was not kept: %q", v)
	}
	other.mustSend(id, "/dept-requests/1/reply", url.Values{"answer": {"disagree"}, "opinion": {"应当明确住宅小区配建车位的开放条件"}})
	_, doc = clerk.get(fmt.Sprintf("/decisions/%d", id))
	if row := doc.Find("#dept-requests tbody tr"); !row.HasClass("overdue") || !strings.Contains(row.Text(), "逾期") {
		t.Errorf("the late reply is not marked: %s", row.Text())
	}
	if r := clerk.send(id, "/events/norm_consult", url.Values{}); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.text(), "尚未经法制机构协调") {
		t.Fatalf("out for comment with an open disagreement: %d %s", r.status, r.text())
	}
	if r := clerk.send(id, "/dept-requests/1/coordination", url.Values{"issues": {"x"}, "views": {"y"}}); r.status != http.StatusForbidden {
		t.Errorf("the drafting clerk coordinated: %d", r.status)
	}
	reviewer.mustSend(id, "/dept-requests/1/coordination", url.Values{"issues": {"配建车位开放"}, "views": {"起草部门：不作规定；住建局：应当规定"},
		"proposal": {"规定开放的条件，由小区业主大会决定"}})
	sec.mustSend(id, "/coordinations/1/ruling", url.Values{"ruled_by": {"孙立副市长"}, "ruling": {"按法制机构建议修改"}})
	clerk.mustSend(id, "/events/norm_consult", url.Values{})
	if d := a.decision(id); d.State != workflow.Consultation {
		t.Fatalf("state %s", d.State)
	}
}

// TestNormativeNumbersHTTP: publications through the router at the same time take the numbers
// 1…n of their prefix and year, none twice and none skipped; a refused publication takes none.
func TestNormativeNumbersHTTP(t *testing.T) {
	a := newApp(t)
	clerk := a.login("clerk")
	const n = 8
	ids := make([]int64, n)
	for i := range ids {
		ids[i] = clerk.createNormative(fmt.Sprintf("规范性文件%d", i), "澜政规", false)
		a.toPublished(ids[i])
	}
	first := a.login("secretary")
	if r := first.send(ids[0], "/norm-publication", url.Values{"published_on": {a.day(0)}, "text": {"全文"}}); r.status != http.StatusUnprocessableEntity ||
		!strings.Contains(r.text(), "公布渠道") {
		t.Fatalf("published without a channel: %d", r.status)
	}
	var wg sync.WaitGroup
	statuses := make([]int, n)
	for i, id := range ids {
		sec := a.login("secretary")
		form := url.Values{"published_on": {a.day(0)}, "channels": {"市政府网站"}, "text": {"全文"}, "version": {sec.version(id)}}
		wg.Go(func() {
			statuses[i] = sec.post(fmt.Sprintf("/decisions/%d/norm-publication", id), form).status
		})
	}
	wg.Wait()
	seen := map[string]bool{}
	for i, id := range ids {
		if statuses[i] != http.StatusSeeOther {
			t.Fatalf("publication %d: %d", i, statuses[i])
		}
		seen[a.decision(id).Normative.Doc.Number] = true
	}
	for k := 1; k <= n; k++ {
		if want := fmt.Sprintf("澜政规〔2026〕%d号", k); !seen[want] {
			t.Errorf("%s not given: %v", want, seen)
		}
	}
	// the library lists them, searchable by number
	feed := a.anon().exchange(http.MethodGet, "/public/normative/feed.atom", nil, "", nil)
	if feed.status != http.StatusOK || strings.Count(string(feed.body), "<entry>") != n || !strings.Contains(string(feed.body), "澜政规〔2026〕3号") {
		t.Errorf("the library's feed: %d, %d entries", feed.status, strings.Count(string(feed.body), "<entry>"))
	}
	st, doc := a.anon().get("/public/normative?q=" + url.QueryEscape("澜政规〔2026〕3号"))
	if st != http.StatusOK || doc.Find("#normative-library tbody tr").Length() != 1 {
		t.Errorf("the public library's search: %d, %d rows", st, doc.Find("#normative-library tbody tr").Length())
	}
}

// TestNormativeFilingClock: the filing is due 15 calendar days after publication; the register
// shows the due day, marks the document once the day has passed, and a late filing needs its
// reason.
func TestNormativeFilingClock(t *testing.T) {
	a := newApp(t)
	clerk, sec := a.login("clerk"), a.login("secretary")
	id := clerk.createNormative("江澜市城区停车管理办法", "澜政规", false)
	a.toPublished(id)
	sec.mustSend(id, "/norm-publication", url.Values{"published_on": {a.day(0)}, "channels": {"市政府网站"}, "text": {"第一条 ……"}})
	due := a.clock.Now().AddDate(0, 0, 15).In(workflow.Shanghai) // 2026-03-17, a Tuesday
	_, doc := sec.get("/normative")
	if row := doc.Find("#normative-list tbody tr"); row.HasClass("overdue") || !strings.Contains(row.Text(), due.Format("2006年1月2日")+"前报送") {
		t.Fatalf("the register before the due day: %s", row.Text())
	}
	a.clock.Add(15 * 24 * time.Hour) // the due day itself
	sec = a.login("secretary")
	if _, doc = sec.get("/normative"); doc.Find("#normative-list tbody tr").HasClass("overdue") {
		t.Error("overdue on the due day")
	}
	a.clock.Add(24 * time.Hour)
	clerk, sec = a.login("clerk"), a.login("secretary")
	if _, doc = sec.get("/normative"); !doc.Find("#normative-list tbody tr").HasClass("overdue") {
		t.Error("not overdue the day after the due day")
	}
	if _, doc = sec.get(fmt.Sprintf("/decisions/%d", id)); doc.Find("#filing-late").Length() != 1 {
		t.Error("the page does not say the filing is late")
	}
	r := sec.send(id, "/filing", url.Values{"body": {"省人民政府"}, "filed_on": {a.day(0)}})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.text(), "逾期报送的须说明理由") {
		t.Fatalf("a late filing without its reason: %d %s", r.status, r.text())
	}
	if v, _ := r.doc.Find(`input[name="body"]`).Attr("value"); v != "省人民政府" {
		t.Errorf("what was typed was not kept: %q", v)
	}
	sec.mustSend(id, "/filing", url.Values{"body": {"省人民政府"}, "filed_on": {a.day(0)}, "late_reason": {"报送材料经退回补正"}})
	fl := a.decision(id).Normative.Doc.Filing
	if fl == nil || fl.Body != "省人民政府" {
		t.Fatalf("filing %+v", fl)
	}
	// auditors see the late filing flagged, the history and the dossier
	auditor := a.login("auditor")
	if _, doc = auditor.get(fmt.Sprintf("/decisions/%d", id)); !strings.Contains(doc.Find("main").Text(), "应于"+due.Format("2006年1月2日")+"前报送备案") ||
		!strings.Contains(doc.Find("main").Text(), "理由：报送材料经退回补正") {
		t.Error("the auditor does not see the late filing flagged")
	}
	for _, path := range []string{"/history", "/dossier"} {
		if st, _ := auditor.get(fmt.Sprintf("/decisions/%d%s", id, path)); st != http.StatusOK {
			t.Errorf("%s: %d", path, st)
		}
	}
	// the legal office's filing review: the queue, a conclusion that needs its reasons, the
	// published list of the documents that passed
	reviewer := a.login("reviewer")
	if _, doc = reviewer.get("/normative/filing-review"); doc.Find("#normative-list tbody tr").Length() != 1 {
		t.Errorf("the filing review queue: %d rows", doc.Find("#normative-list tbody tr").Length())
	}
	if r := reviewer.send(id, "/filing-review", url.Values{"conclusion": {"annul"}}); r.status != http.StatusUnprocessableEntity ||
		!strings.Contains(r.doc.Find(".has-error").Text(), "建议撤销的，须写明理由") {
		t.Fatalf("an annulment without reasons: %d %s", r.status, r.text())
	}
	if _, doc = a.anon().get("/public/normative?passed=1"); doc.Find("#normative-library tbody tr").Length() != 0 {
		t.Error("a document not yet reviewed is listed as passed")
	}
	reviewer.mustSend(id, "/filing-review", url.Values{"conclusion": {"passed"}})
	if _, doc = reviewer.get("/normative/filing-review"); doc.Find("#normative-list tbody tr").Length() != 0 {
		t.Error("a reviewed document stays in the queue")
	}
	if _, doc = a.anon().get("/public/normative?passed=1"); doc.Find("#normative-library tbody tr").Length() != 1 {
		t.Error("the document that passed is not in the published list")
	}
	st, doc := a.anon().get(fmt.Sprintf("/public/normative/%d", id))
	if st != http.StatusOK || !strings.Contains(doc.Find("main").Text(), "报送省人民政府备案") || !strings.Contains(doc.Find("main").Text(), "第一条") ||
		!strings.Contains(doc.Find("main").Text(), "备案审查结论通过") {
		t.Errorf("the public page: %d", st)
	}
	// the yearly report's section
	_, doc = a.login("auditor").get("/reports")
	cells := map[string]string{}
	doc.Find("#normative-table tbody tr").Each(func(_ int, tr *goquery.Selection) {
		cells[strings.TrimSpace(tr.Find("th, td").First().Text())] = strings.TrimSpace(tr.Find("td").Last().Text())
	})
	if cells["公布"] != "1" || cells["逾期报送备案"] != "1" || cells["按期报送备案"] != "0" || cells["备案审查通过"] != "1" {
		t.Errorf("the yearly report's section: %v", cells)
	}
	draft := clerk.createNormative("未公布的文件", "澜政规", false)
	if st, _ := a.anon().get(fmt.Sprintf("/public/normative/%d", draft)); st != http.StatusNotFound {
		t.Errorf("an unpublished draft in the public library: %d", st)
	}
}

// TestNormativeCleanup: a valid document is due for clean-up two years after its publication;
// the department records the outcome with its reason, the status follows, and the result is
// published.
func TestNormativeCleanup(t *testing.T) {
	a := newApp(t)
	clerk, sec := a.login("clerk"), a.login("secretary")
	id := clerk.createNormative("江澜市价格监测办法", "澜政规", false)
	a.toPublished(id)
	sec.mustSend(id, "/norm-publication", url.Values{"published_on": {a.day(0)}, "channels": {"市政府网站"}, "text": {"全文"}})
	due := func() int {
		_, doc := clerk.get("/normative?cleanup=1")
		return doc.Find("#normative-list tbody tr").Length()
	}
	if n := due(); n != 0 {
		t.Fatalf("due for clean-up on its publication day: %d", n)
	}
	a.clock.Add(2*365*24*time.Hour + 24*time.Hour)
	clerk = a.login("clerk")
	if n := due(); n != 1 {
		t.Fatalf("not due two years after publication: %d", n)
	}
	r := clerk.send(id, "/cleanup", url.Values{"outcome": {"repeal"}, "reason": {""}})
	if r.status != http.StatusUnprocessableEntity || r.doc.Find(`select[name="outcome"] option[selected]`).AttrOr("value", "") != "repeal" {
		t.Fatalf("a clean-up without its reason: %d", r.status)
	}
	clerk.mustSend(id, "/cleanup", url.Values{"outcome": {"repeal"}, "reason": {"上位法已废止"}})
	if doc := a.decision(id).Normative.Doc; doc.Status != workflow.Repealed || doc.Cleanup == nil || doc.Cleanup.Outcome != workflow.ToRepeal {
		t.Fatalf("after the clean-up: %+v", doc)
	}
	if n := due(); n != 0 {
		t.Errorf("a repealed document is still due: %d", n)
	}
	_, doc := a.anon().get("/public/normative?cleaned=1")
	if row := doc.Find("#normative-library tbody tr"); row.Length() != 1 || !strings.Contains(row.Text(), "废止") {
		t.Errorf("the published clean-up results: %d rows %q", row.Length(), row.Text())
	}
}
