package web_test

import (
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"juece/workflow"
)

// publishedNormative registers, numbers and publishes a document and returns its id.
func (a *app) publishedNormative(title string) int64 {
	a.t.Helper()
	id := a.login("clerk").createNormative(title, "澜政规", true)
	a.toPublished(id)
	a.login("secretary").mustSend(id, "/norm-publication", url.Values{"published_on": {a.day(0)}, "channels": {"市政府网站"},
		"text": {"第一条 为了规范城区停车管理……\n第五条 占道停车每小时收费十元。"}})
	return id
}

// objectionForm opens the document's public page and returns the objection form's hidden fields.
func (c *client) objectionForm(id int64) url.Values {
	c.t.Helper()
	st, doc := c.get(fmt.Sprintf("/public/normative/%d", id))
	form := doc.Find(fmt.Sprintf(`form[action="/public/normative/%d/objections"]`, id))
	if st != http.StatusOK || form.Length() != 1 {
		c.t.Fatalf("the public page of %d: %d, %d objection forms", id, st, form.Length())
	}
	v := url.Values{}
	for _, name := range []string{"_csrf", "receipt_token"} {
		x, _ := form.Find(`input[name="` + name + `"]`).Attr("value")
		if x == "" {
			c.t.Fatalf("the objection form has no %s", name)
		}
		v.Set(name, x)
	}
	return v
}

// TestObjectionFlow: a citizen objects to a published document on the portal and gets a
// receipt (the same form sent again gets the same one); refusals come next to their fields
// with what was typed; only the legal office answers; a published reply shows on the public
// page and on the receipt, an unpublished one only on the receipt.
func TestObjectionFlow(t *testing.T) {
	a := newApp(t)
	id := a.publishedNormative("江澜市城区停车管理办法")
	before := a.eventCount(id)
	citizen := a.anon()

	form := citizen.objectionForm(id)
	form.Set("provision", "第五条")
	form.Set("body", "")
	form.Set("author", "")
	r := citizen.post(fmt.Sprintf("/public/normative/%d/objections", id), form)
	if r.status != http.StatusUnprocessableEntity {
		t.Fatalf("an objection without its text: %d", r.status)
	}
	if got := r.doc.Find("#objection-body-err").Text(); !strings.Contains(got, "请填写异议内容和理由") {
		t.Errorf("the text's refusal next to it: %q", got)
	}
	if got := r.doc.Find("#objection-author-err").Text(); !strings.Contains(got, "请填写姓名或单位名称") {
		t.Errorf("the name's refusal next to it: %q", got)
	}
	if v, _ := r.doc.Find("#objection-provision").Attr("value"); v != "第五条" {
		t.Errorf("the provision typed was not kept: %q", v)
	}
	if a.eventCount(id) != before {
		t.Fatal("a refused objection was written")
	}

	form = citizen.objectionForm(id)
	form.Set("provision", "第五条")
	form.Set("body", "收费标准未经听证，高于周边城市。")
	form.Set("author", "张三")
	form.Set("contact", "13800000000")
	path := fmt.Sprintf("/public/normative/%d/objections", id)
	r = citizen.post(path, form)
	if r.status != http.StatusSeeOther || !strings.HasPrefix(r.location, "/public/objections?") {
		t.Fatalf("an objection: %d %q: %s", r.status, r.location, r.text())
	}
	receipt := r.location
	again := citizen.post(path, form)
	if again.status != http.StatusSeeOther || again.location != receipt {
		t.Fatalf("the same form again: %d %q, want the first receipt %q", again.status, again.location, receipt)
	}
	if got := a.eventCount(id); got != before+1 {
		t.Fatalf("%d events for one objection sent twice", got-before)
	}
	st, doc := citizen.get(receipt)
	ref := doc.Find(".receipt-ref").Text()
	if st != http.StatusOK || !strings.HasPrefix(ref, "YY") || !strings.Contains(doc.Find(".receipt-status").Text(), "待法制机构处理") {
		t.Fatalf("the receipt: %d %q %q", st, ref, doc.Find("main").Text())
	}
	q, _ := url.ParseQuery(strings.TrimPrefix(receipt, "/public/objections?"))
	if st, doc := citizen.get("/public/objections?" + url.Values{"ref": {ref}, "code": {"2222-2222"}}.Encode()); st != http.StatusNotFound ||
		!strings.Contains(doc.Find("#receipt-code-err").Text(), "请核对查询码") {
		t.Errorf("a wrong code: %d", st)
	}
	if st, doc := citizen.get("/public/objections?" + url.Values{"ref": {strings.ToLower(ref)}, "code": {strings.ToLower(q.Get("code"))}}.Encode()); st != http.StatusOK ||
		doc.Find(".receipt-ref").Text() != ref {
		t.Errorf("the code typed in lower case: %d", st)
	}

	if r := citizen.exchange(http.MethodGet, "/public/receipts?"+url.Values{"ref": {ref}, "code": {q.Get("code")}}.Encode(), nil, "", nil); r.status != http.StatusFound ||
		r.header.Get("Location") != receipt {
		t.Errorf("an objection's number on the comments' lookup: %d %q", r.status, r.header.Get("Location"))
	}

	// Who may answer: the legal office only.
	reviewer, clerk, sec := a.login("reviewer"), a.login("clerk"), a.login("secretary")
	d := a.decision(id)
	if len(d.Normative.Objections) != 1 || d.Normative.Objections[0].Author != "张三" {
		t.Fatalf("stored objections: %+v", d.Normative.Objections)
	}
	oid := d.Normative.Objections[0].ID
	reply := fmt.Sprintf("/objections/%d/reply", oid)
	for _, c := range []*client{clerk, sec} {
		if r := c.send(id, reply, url.Values{"outcome": {"reject"}, "text": {"理由"}}); r.status != http.StatusForbidden {
			t.Errorf("a reply by a non-reviewer: %d", r.status)
		}
	}
	if st, _ := clerk.get("/normative/objections"); st != http.StatusForbidden {
		t.Errorf("the queue for a clerk: %d", st)
	}
	st, doc = reviewer.get("/normative/objections")
	if st != http.StatusOK || !strings.Contains(doc.Find("#objection-queue").Text(), ref) {
		t.Fatalf("the legal office's queue: %d", st)
	}
	if r := reviewer.send(id, "/objections/999/reply", url.Values{"outcome": {"reject"}, "text": {"理由"}}); r.status != http.StatusNotFound {
		t.Errorf("a reply to an objection that does not exist: %d", r.status)
	}
	r = reviewer.send(id, reply, url.Values{"outcome": {"reject"}, "text": {""}, "publish": {"1"}})
	key := fmt.Sprintf("objection-%d", oid)
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.doc.Find("#"+key+"-text-err").Text(), "请填写答复内容和理由") {
		t.Fatalf("a rejection without its reasons: %d %s", r.status, r.text())
	}
	if v, _ := r.doc.Find("#" + key + "-outcome option[selected]").Attr("value"); v != "reject" {
		if v, _ = r.doc.Find("#" + key + "-outcome input[checked]").Attr("value"); v != "reject" {
			t.Errorf("the outcome chosen was not kept")
		}
	}
	if r.doc.Find(fmt.Sprintf(`form[action^="/decisions/%d%s#"]`, id, reply)).Length() != 1 {
		t.Errorf("the refused reply's form is not on the page")
	}
	reviewer.mustSend(id, reply, url.Values{"outcome": {"amend"}, "text": {"经研究，第五条收费标准将在修改时组织听证。"}, "publish": {"1"}})
	if o := a.decision(id).Normative.Objections[0]; o.Reply == nil || o.Reply.Outcome != workflow.ObjectionAmend || !o.Reply.Published {
		t.Fatalf("the reply stored: %+v", o.Reply)
	}
	if r := reviewer.post(fmt.Sprintf("/decisions/%d%s", id, reply), url.Values{"outcome": {"reject"}, "text": {"再答"},
		"version": {fmt.Sprint(a.decision(id).Version)}}); r.status != http.StatusUnprocessableEntity {
		t.Errorf("a second reply: %d", r.status)
	}
	st, doc = a.anon().get(fmt.Sprintf("/public/normative/%d", id))
	public := doc.Find("#objection-replies").Text()
	if st != http.StatusOK || !strings.Contains(public, "采纳，启动修改程序") || !strings.Contains(public, "组织听证") {
		t.Fatalf("the published reply on the public page: %d %q", st, public)
	}
	if strings.Contains(doc.Text(), "张三") || strings.Contains(doc.Text(), "13800000000") {
		t.Error("the public page shows the objector")
	}
	if _, doc = citizen.get(receipt); !strings.Contains(doc.Find(".receipt-reason").Text(), "组织听证") {
		t.Error("the receipt does not show the reply")
	}

	// An unpublished reply stays on the receipt.
	form = citizen.objectionForm(id)
	form.Set("provision", "全文")
	form.Set("body", "制定前未征求我公司意见。")
	form.Set("author", "某停车公司")
	r = citizen.post(path, form)
	second := r.location
	d = a.decision(id)
	oid2 := d.Normative.Objections[1].ID
	reviewer.mustSend(id, fmt.Sprintf("/objections/%d/reply", oid2), url.Values{"outcome": {"reject"}, "text": {"已于起草时公开征求意见。"}})
	if _, doc = a.anon().get(fmt.Sprintf("/public/normative/%d", id)); strings.Contains(doc.Text(), "已于起草时公开征求意见") {
		t.Error("an unpublished reply is on the public page")
	}
	if _, doc = citizen.get(second); !strings.Contains(doc.Find(".receipt-reason").Text(), "已于起草时公开征求意见") {
		t.Error("the receipt does not show the unpublished reply")
	}

	// The yearly report's section counts them, an hour later.
	a.clock.Add(time.Hour)
	_, doc = a.login("auditor").get("/reports")
	cells := map[string]string{}
	doc.Find("#normative-table tbody tr").Each(func(_ int, tr *goquery.Selection) {
		cells[strings.TrimSpace(tr.Find("th, td").First().Text())] = strings.TrimSpace(tr.Find("td").Last().Text())
	})
	if cells["收到异议"] != "2" || cells["异议采纳（启动修改或废止）"] != "1" || cells["异议不予采纳"] != "1" || cells["异议逾期答复或逾期未答复"] != "0" {
		t.Errorf("the yearly report's section: %v", cells)
	}
}

// TestObjectionOverdue: an objection unanswered past its due day (30 calendar days, the last
// day moved to a working day) is marked on the legal office's queue and on the document's
// page, and the auditors see it as an anomaly; a repealed document takes no objections.
func TestObjectionOverdue(t *testing.T) {
	a := newApp(t)
	id := a.publishedNormative("江澜市犬只管理规定")
	citizen := a.anon()
	form := citizen.objectionForm(id)
	form.Set("provision", "第三条")
	form.Set("body", "限养区域划定不合理。")
	form.Set("author", "李四")
	if r := citizen.post(fmt.Sprintf("/public/normative/%d/objections", id), form); r.status != http.StatusSeeOther {
		t.Fatalf("an objection: %d", r.status)
	}
	o := a.decision(id).Normative.Objections[0]
	due := workflow.ObjectionDue(o.ReceivedAt, workflow.Env{Settings: workflow.DefaultSettings})
	if days := int(due.Sub(workflow.Day(o.ReceivedAt)).Hours() / 24); days < 30 || days > 33 {
		t.Fatalf("due %d days after receipt", days)
	}
	a.clock.Add(due.Add(12 * time.Hour).Sub(a.clock.Now())) // noon of the due day itself
	reviewer := a.login("reviewer")
	if _, doc := reviewer.get("/normative/objections"); doc.Find("#objection-queue tr.overdue").Length() != 0 {
		t.Fatal("overdue on its due day")
	}
	a.clock.Add(24 * time.Hour)
	reviewer, auditor := a.login("reviewer"), a.login("auditor")
	if _, doc := reviewer.get("/normative/objections"); doc.Find("#objection-queue tr.overdue").Length() != 1 {
		t.Fatal("not overdue the day after its due day")
	}
	if _, doc := reviewer.get(fmt.Sprintf("/decisions/%d", id)); !strings.Contains(doc.Find("#objections").Text(), "已超过答复期限") {
		t.Error("the document's page does not say the reply is overdue")
	}
	if _, doc := auditor.get("/audit/anomalies"); !strings.Contains(doc.Find("main").Text(), "至今未答复") {
		t.Error("the auditors do not see the overdue objection")
	}

	a.login("secretary").mustSend(id, "/validity", url.Values{"status": {"repealed"}, "note": {"经清理决定废止"}})
	if _, doc := a.anon().get(fmt.Sprintf("/public/normative/%d", id)); doc.Find("#object").Length() != 0 {
		t.Error("a repealed document still takes objections")
	}
	if r := citizen.post(fmt.Sprintf("/public/normative/%d/objections", id), form); r.status != http.StatusNotFound {
		t.Errorf("an objection to a repealed document: %d", r.status)
	}
}

// TestObjectionAfterTheTokenWasLost: a browser that dropped the portal's cookie while the
// citizen was writing gets the form back with what was typed and a fresh token (403, nothing
// stored), and sending it again works.
func TestObjectionAfterTheTokenWasLost(t *testing.T) {
	a := newApp(t)
	id := a.publishedNormative("江澜市城区停车管理办法")
	before := a.eventCount(id)
	c := a.anon()
	form := c.objectionForm(id)
	c.http.Jar, _ = cookiejar.New(nil) // the browser restarted: its session cookies are gone
	form.Set("provision", "第五条")
	form.Set("body", "写了很久的异议")
	form.Set("author", "市民丙")
	path := fmt.Sprintf("/public/normative/%d/objections", id)
	r := c.post(path, form)
	if r.status != http.StatusForbidden || r.doc.Find(`textarea[name="body"]`).Text() != "写了很久的异议" ||
		r.doc.Find(`input[name="provision"]`).AttrOr("value", "") != "第五条" || !strings.Contains(r.text(), "尚未提交") {
		t.Fatalf("an objection without a valid token: %d %s", r.status, r.text())
	}
	if a.eventCount(id) != before {
		t.Fatal("an objection refused by the token check was stored")
	}
	form.Set("_csrf", r.doc.Find(`input[name="_csrf"]`).AttrOr("value", ""))
	if r := c.post(path, form); r.status != http.StatusSeeOther || !strings.HasPrefix(r.location, "/public/objections?") {
		t.Fatalf("sent again: %d %s", r.status, r.text())
	}
}
