package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"juece/store"
	"juece/workflow"
)

// fareOpinions are what a fare consultation receives over and over, most often first, with
// the share of comments each takes (in 1/100). The rest are each a comment of its own.
var fareOpinions = []struct {
	text  string
	share int
}{
	{"票价上涨过高，工薪阶层难以承受", 32},
	{"学生优惠应保留", 19},
	{"老年人免费乘车政策应保留", 15},
	{"建议延长末班车运营时间到23点", 10},
	{"支持票价调整，希望同步提高服务质量", 9},
	{"换乘优惠应扩大到地铁和ＢＲＴ", 7},
	{"小区门口乱停车问题无人管理", 4}, // not about the fares
}

// fareComment is the i-th comment of a realistic fare consultation: mostly the opinions above,
// each typed a little differently (punctuation, spaces, full-width letters), from the portal,
// letters and e-mail; one in twenty-five says something of its own.
func fareComment(i int) (source, body string) {
	source = workflow.PublicCommentSource
	switch i % 20 {
	case 3:
		source = "信函"
	case 11:
		source = "电子邮件"
	}
	n, pick := i*37%100, -1
	for k, o := range fareOpinions {
		if n < o.share {
			pick = k
			break
		}
		n -= o.share
	}
	if pick < 0 {
		return source, fmt.Sprintf("建议第%d路公交在早高峰增加班次，目前在%d号站等车常超过20分钟", i%400+1, i)
	}
	body = fareOpinions[pick].text
	switch i % 5 {
	case 1:
		body += "！"
	case 2:
		body = strings.Replace(body, "，", " ", 1) + "。"
	case 3:
		body = strings.ReplaceAll(body, "ＢＲＴ", "brt") + "!!"
	case 4:
		body = " " + body + "……"
	}
	return source, body
}

// seedFareComments records n comments of fareComment on decision id: from the portal as
// citizens send them, the others as the clerk enters them.
func (a *app) seedFareComments(id int64, n int) {
	a.t.Helper()
	clerk := a.users["clerk"].Actor()
	ctx := context.Background()
	err := a.db.InBulkTx(ctx, func(tx *store.Tx) error {
		d, err := tx.Decision(ctx, id)
		if err != nil {
			return err
		}
		at := a.clock.Now()
		for i := range n {
			source, body := fareComment(i)
			if source == workflow.PublicCommentSource {
				_, err = tx.AddPublicComment(ctx, at, id, workflow.Comment{Body: body})
			} else {
				_, err = tx.AddComment(ctx, clerk, at, d, workflow.Comment{Source: source, Body: body})
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		a.t.Fatal(err)
	}
}

// commentsDoc opens a comments page and fails unless it answers 200.
func (c *client) commentsDoc(id int64, query string) *goquery.Document {
	c.t.Helper()
	st, doc := c.get(fmt.Sprintf("/decisions/%d/comments%s", id, query))
	if st != http.StatusOK {
		c.t.Fatalf("comments page %s: %d", query, st)
	}
	return doc
}

func squash(s string) string { return strings.Join(strings.Fields(s), " ") }

func TestCommentsPageGroupsFiltersAndPages(t *testing.T) {
	a := newApp(t)
	id := a.seedConsultation("城市公共交通票价调整方案", workflow.Flags{AffectsInterests: true})
	a.seedFareComments(id, 1200) // 7 opinions and 48 comments of their own: 55 groups
	clerk := a.login("clerk")

	doc := clerk.commentsDoc(id, "")
	if got := squash(doc.Find("#comments-total").Text()); got != "符合条件的意见共 1200 条，分为 55 组。" {
		t.Fatalf("the total: %q", got)
	}
	rows := doc.Find("table.comments tbody tr")
	if rows.Length() != 50 {
		t.Fatalf("%d groups on the first page, want 50", rows.Length())
	}
	first := rows.First()
	if text := squash(first.Find(".comment-text").Text()); !strings.Contains(text, "票价上涨过高") || squash(first.Find(".count").Text()) != "384 条，查看此组每条意见" {
		t.Fatalf("the largest group first, with its count: %q, %q", text, squash(first.Find(".count").Text()))
	}
	// Its checkbox takes every one of its 384 pending comments.
	if v := first.Find(`input[name="sel"]`).AttrOr("value", ""); strings.Count(v, ",")+1 > 384 || v == "" {
		t.Fatalf("the group's selection %q", v)
	}
	doc2 := clerk.commentsDoc(id, "?page=2")
	if n := doc2.Find("table.comments tbody tr").Length(); n != 5 || !strings.Contains(doc2.Find(".pager").Text(), "第 2 / 2 页") {
		t.Fatalf("page 2: %d groups, pager %q", n, doc2.Find(".pager").Text())
	}

	// A group's comments one by one: its 384 in pages of 50, each typed as it came.
	href, _ := first.Find(".count a").Attr("href")
	group := clerk.commentsDoc(id, strings.TrimPrefix(href, fmt.Sprintf("/decisions/%d/comments", id)))
	if got := squash(group.Find("#comments-total").Text()); got != "此组符合条件的意见共 384 条。" || group.Find("table.comments tbody tr").Length() != 50 {
		t.Fatalf("the opened group: %q, %d rows", got, group.Find("table.comments tbody tr").Length())
	}
	bodies := map[string]bool{}
	group.Find(".comment-text").Each(func(_ int, s *goquery.Selection) { bodies[s.Text()] = true })
	if len(bodies) < 4 {
		t.Fatalf("the group's comments are not its near-identical variants: %v", bodies)
	}

	// By source: the letters alone.
	letters := clerk.commentsDoc(id, "?source="+url.QueryEscape("信函"))
	if got := squash(letters.Find("#comments-total").Text()); !strings.HasPrefix(got, "符合条件的意见共 60 条") {
		t.Fatalf("letters: %q", got)
	}
	// A group of no comment of this consultation is no page.
	if st, _ := clerk.get(fmt.Sprintf("/decisions/%d/comments?group=999999", id)); st != http.StatusNotFound {
		t.Fatalf("an unknown group: %d", st)
	}
	// An unknown status is ignored, not an error.
	if got := squash(clerk.commentsDoc(id, "?status=bogus").Find("#comments-total").Text()); !strings.HasPrefix(got, "符合条件的意见共 1200 条") {
		t.Fatalf("unknown status: %q", got)
	}
	// The decision page links the comments page and does not list 1,200 forms.
	_, dp := clerk.get(fmt.Sprintf("/decisions/%d", id))
	if dp.Find(fmt.Sprintf(`a[href="/decisions/%d/comments"]`, id)).Length() != 1 || dp.Find(`form[action$="/disposition"]`).Length() != 0 {
		t.Fatal("the decision page: no link to the comments page, or every comment's form")
	}
}

func TestCommentsBulkDisposition(t *testing.T) {
	a := newApp(t)
	id := a.seedConsultation("城市公共交通票价调整方案", workflow.Flags{AffectsInterests: true})
	citizen := a.anon()
	path := "/public/consultations/" + itoa(id)
	_, pub := citizen.get(path)
	r := citizen.post(path, url.Values{"receipt_token": {pub.Find(`input[name="receipt_token"]`).AttrOr("value", "")},
		"body": {"票价上涨过高，工薪阶层难以承受！！"}})
	ref, code := r.doc.Find(".receipt-ref").Text(), r.doc.Find(".receipt-code").Text()
	if ref == "" || code == "" {
		t.Fatalf("the citizen's receipt: %d", r.status)
	}
	a.seedFareComments(id, 300)
	clerk := a.login("clerk")
	dispose := func(form url.Values) response {
		t.Helper()
		return clerk.post(fmt.Sprintf("/decisions/%d/comments/dispose", id), form)
	}
	selection := func(doc *goquery.Document, text string) string {
		t.Helper()
		var v string
		doc.Find("table.comments tbody tr").EachWithBreak(func(_ int, s *goquery.Selection) bool {
			if strings.Contains(s.Find(".comment-text").Text(), text) {
				v = s.Find(`input[name="sel"]`).AttrOr("value", "")
				return false
			}
			return true
		})
		if v == "" {
			t.Fatalf("no group %q to tick", text)
		}
		return v
	}
	doc := clerk.commentsDoc(id, "?status=pending")
	students, fares := selection(doc, "学生优惠"), selection(doc, "票价上涨过高")

	// Refused: nothing ticked; no reason (the ticks and the choice are kept).
	before := a.eventCount(id)
	r = dispose(url.Values{"disposition": {"duplicate"}, "reason": {"同上"}, "status": {"pending"}})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.doc.Find("#bulk-comments-err").Text(), "请至少选择") ||
		!strings.HasPrefix(r.doc.Find("title").Text(), "错误") {
		t.Fatalf("nothing ticked: %d %q", r.status, r.doc.Find("#bulk-comments-err").Text())
	}
	r = dispose(url.Values{"sel": {students}, "disposition": {"partly"}, "status": {"pending"}})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.doc.Find("#bulk-reason-err").Text(), "请填写理由") ||
		r.doc.Find(fmt.Sprintf(`input[name="sel"][value="%s"]`, students)).AttrOr("checked", "no") == "no" ||
		r.doc.Find(`select[name="disposition"] option[selected]`).AttrOr("value", "") != "partly" {
		t.Fatalf("no reason: %d %q, the ticks or the choice lost", r.status, r.doc.Find("#bulk-reason-err").Text())
	}
	if a.eventCount(id) != before {
		t.Fatal("a refused disposition wrote")
	}

	// One action for the whole group: one event, every comment of it disposed.
	r = dispose(url.Values{"sel": {students}, "disposition": {"partly"}, "reason": {"保留学生优惠，改为刷卡认证"}, "status": {"pending"}})
	if r.status != http.StatusSeeOther || !strings.HasSuffix(r.location, "/comments?status=pending") {
		t.Fatalf("group disposition: %d to %q: %s", r.status, r.location, r.text())
	}
	// The same form again (a double click): answered as the first, nothing written.
	r = dispose(url.Values{"sel": {students}, "disposition": {"partly"}, "reason": {"保留学生优惠，改为刷卡认证"}, "status": {"pending"}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("the same form again: %d %s", r.status, r.text())
	}
	if a.eventCount(id) != before+1 {
		t.Fatalf("one group's disposition wrote %d events, want 1", a.eventCount(id)-before)
	}
	n := 0
	for _, c := range a.decision(id).Comments {
		if strings.Contains(c.Body, "学生优惠") {
			n++
			if c.Disposition != workflow.DispositionPartly || c.Reason != "保留学生优惠，改为刷卡认证" {
				t.Fatalf("comment %s: %s %q", c.Ref, c.Disposition, c.Reason)
			}
		}
	}
	done := clerk.commentsDoc(id, "?status=pending")
	if n < 50 || !strings.Contains(done.Find("#flash").Text(), fmt.Sprintf("已处理 %d 条意见：部分采纳", n)) || strings.Contains(done.Find("table.comments").Text(), "学生优惠") {
		t.Fatalf("after the group: %d comments, flash %q", n, done.Find("#flash").Text())
	}

	// A stale page: the fares' group ticked again with one of the students' comments, disposed
	// meanwhile: refused, naming it, nothing written.
	stale := strings.SplitN(students, ",", 2)[0]
	stale, _, _ = strings.Cut(stale, "-")
	before = a.eventCount(id)
	r = dispose(url.Values{"sel": {fares, stale}, "disposition": {"not_adopted"}, "reason": {"按成本监审结果定价"}})
	msg := r.doc.Find("#bulk-comments-err").Text()
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(msg, "已在此期间处理") || !strings.Contains(msg, "（部分采纳）") ||
		a.eventCount(id) != before {
		t.Fatalf("a stale selection: %d %q", r.status, msg)
	}
	// A selection that is no list of ids (a forged form) is refused next to the list.
	for _, bad := range []string{"abc", "9-3", "1-99999999"} {
		r = dispose(url.Values{"sel": {bad}, "disposition": {"duplicate"}, "reason": {"x"}})
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.doc.Find("#bulk-comments-err").Text(), "所选意见无效") {
			t.Fatalf("selection %q: %d", bad, r.status)
		}
	}
	// Another consultation's comment is refused too.
	other := a.seedConsultation("另一事项", workflow.Flags{AffectsInterests: true})
	a.seedFareComments(other, 1)
	r = dispose(url.Values{"sel": {itoa(a.decision(other).Comments[0].ID)}, "disposition": {"irrelevant"}, "reason": {"x"}})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.doc.Find("#bulk-comments-err").Text(), "不属于本事项") {
		t.Fatalf("another decision's comment: %d", r.status)
	}

	// The rest in a few actions: ticking several groups at once with one answer, then the
	// comments of their own by the page.
	for range 10 {
		doc := clerk.commentsDoc(id, "?status=pending")
		sel := []string{doc.Find("#sel-page").AttrOr("value", "")} // the whole page with one tick
		if sel[0] == "" {
			doc.Find(`input[name="sel"]`).Each(func(_ int, s *goquery.Selection) { sel = append(sel, s.AttrOr("value", "")) })
		}
		if len(sel) == 1 && sel[0] == "" {
			break
		}
		if r := dispose(url.Values{"sel": sel, "disposition": {"duplicate"}, "reason": {"与其他意见相同，已一并研究"}, "status": {"pending"}}); r.status != http.StatusSeeOther {
			t.Fatalf("disposing the page: %d %s", r.status, r.text())
		}
	}
	d := a.decision(id)
	for _, c := range d.Comments {
		if c.Disposition == workflow.DispositionNone {
			t.Fatalf("comment %s still pending", c.Ref)
		}
	}
	// The consultation's gate counts 重复 as disposed.
	for _, p := range workflow.Check(d, workflow.ToHearing, a.users["clerk"].Actor(), workflow.Input{}, workflow.Env{Now: a.clock.Now(), Settings: workflow.DefaultSettings}) {
		if p.Field == string(workflow.RecComment) {
			t.Fatalf("the gate: %s", p.Message)
		}
	}

	// The public: the feedback published, the portal and the receipt say 重复 in plain words.
	err := a.db.InTx(t.Context(), func(tx *store.Tx) error {
		d, err := tx.Decision(t.Context(), id)
		if err != nil {
			return err
		}
		return tx.SaveFeedback(t.Context(), a.users["clerk"].Actor(), a.clock.Now(), d, workflow.Feedback{PublishedOn: workflow.Day(a.clock.Now()), Channel: "市人民政府门户网站", Summary: "已逐条研究"})
	})
	if err != nil {
		t.Fatal(err)
	}
	a.clock.Add(time.Hour)
	st, rec := a.anon().get("/public/receipts?" + url.Values{"ref": {ref}, "code": {code}}.Encode())
	if st != http.StatusOK || !strings.Contains(rec.Find(".receipt-status").Text(), "与其他意见内容相同（重复意见）") ||
		!strings.Contains(rec.Find(".receipt-reason").Text(), "与其他意见相同，已一并研究") {
		t.Fatalf("the receipt: %d %q", st, rec.Find(".receipt-status").Text())
	}
	// The history: one line per action, naming how many and what.
	if st, h := a.login("clerk").get(fmt.Sprintf("/decisions/%d/history", id)); st != http.StatusOK || !strings.Contains(h.Find("main").Text(), fmt.Sprintf("批量处理公众意见 %d 条：部分采纳", n)) {
		t.Fatalf("the history: %d", st)
	}
	_, page := a.anon().get(path)
	if text := page.Find("#feedback").Text(); !strings.Contains(text, "与其他意见内容相同（重复意见）") || !strings.Contains(text, "与其他意见相同，已一并研究") {
		t.Fatalf("the public feedback does not say 重复 in plain words: %.300s", squash(text))
	}
	if res, err := a.db.VerifyRecords(t.Context()); err != nil || res.Total != 0 || len(res.Bare) != 0 {
		t.Fatalf("records against the history: %+v %v", res, err)
	}
}

func TestCommentsPageAuthorisation(t *testing.T) {
	a := newApp(t)
	id := a.seedConsultation("城市公共交通票价调整方案", workflow.Flags{AffectsInterests: true})
	a.seedFareComments(id, 40)
	page := fmt.Sprintf("/decisions/%d/comments", id)
	sel := itoa(a.decision(id).Comments[0].ID)
	form := url.Values{"sel": {sel}, "disposition": {"duplicate"}, "reason": {"同上"}}
	before := a.eventCount(id)

	// Another unit's clerk: the decision is hidden from them, as everywhere (404), and their
	// disposition is refused.
	other := a.login("clerk2")
	if st, doc := other.get(page); st != http.StatusNotFound || strings.Contains(doc.Text(), "票价上涨过高") {
		t.Fatalf("another unit's clerk: %d", st)
	}
	if r := other.post(page+"/dispose", form); r.status != http.StatusNotFound {
		t.Fatalf("another unit's clerk disposing: %d", r.status)
	}
	// A reviewer reads the page without a box to tick, and may not dispose.
	rv := a.login("reviewer")
	doc := rv.commentsDoc(id, "")
	if doc.Find(`input[name="sel"]`).Length() != 0 || doc.Find(`select[name="disposition"]`).Length() != 0 || !strings.Contains(doc.Text(), "票价上涨过高") {
		t.Fatal("the reviewer's page offers the disposition, or lacks the comments")
	}
	if r := rv.post(page+"/dispose", form); r.status != http.StatusForbidden {
		t.Fatalf("a reviewer disposing: %d", r.status)
	}
	// The public: sent to log in, shown nothing.
	anon := a.anon()
	anon.get("/login")
	if st, doc := anon.get(page); st < 300 || st >= 400 || doc != nil && strings.Contains(doc.Text(), "票价上涨过高") {
		t.Fatalf("anonymous: %d", st)
	}
	if r := anon.post(page+"/dispose", form); r.status < 300 || r.status == http.StatusSeeOther && !strings.HasPrefix(r.location, "/login") {
		t.Fatalf("anonymous disposing: %d to %q", r.status, r.location)
	}
	if a.eventCount(id) != before {
		t.Fatal("a refused request wrote")
	}
}

// One comment's page changes a recorded disposition; the comments page links it.
func TestCommentPageChangesADisposition(t *testing.T) {
	a := newApp(t)
	id := a.seedConsultation("城市公共交通票价调整方案", workflow.Flags{AffectsInterests: true})
	a.seedFareComments(id, 60)
	clerk := a.login("clerk")
	doc := clerk.commentsDoc(id, "")
	href, ok := doc.Find(`td.meta a`).First().Attr("href") // a comment of its own
	if !ok {
		t.Fatal("the comments page links no comment")
	}
	st, page := clerk.get(href)
	if st != http.StatusOK || page.Find(`form.comment-form select[name="disposition"]`).Length() != 1 {
		t.Fatalf("the comment's page: %d", st)
	}
	cid := strings.TrimPrefix(href, fmt.Sprintf("/decisions/%d/comments/", id))
	post := func(form url.Values) response {
		form.Set("back", "comment")
		form.Set("version", page.Find(`form.comment-form input[name="version"]`).AttrOr("value", ""))
		return clerk.post(href+"/disposition", form)
	}
	r := post(url.Values{"disposition": {"irrelevant"}})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.doc.Find("#disposition-"+cid+"-reason-err").Text(), "请填写理由") ||
		r.doc.Find(`form.comment-form select[name="disposition"] option[selected]`).AttrOr("value", "") != "irrelevant" {
		t.Fatalf("no reason: %d %q", r.status, r.doc.Find("#disposition-"+cid+"-reason-err").Text())
	}
	r = post(url.Values{"disposition": {"irrelevant"}, "reason": {"不属于本次票价调整事项"}})
	if r.status != http.StatusSeeOther || r.location != href {
		t.Fatalf("saved: %d to %q", r.status, r.location)
	}
	_, page = clerk.get(href)
	if !strings.Contains(page.Find("#flash").Text(), "已保存") || !strings.Contains(page.Find("dl").Text(), "与本事项无关") {
		t.Fatalf("after the save: %q", squash(page.Find("main").Text()))
	}
	// Changed again on the same page, the version read anew.
	r = post(url.Values{"disposition": {"partly"}, "reason": {"纳入线网优化研究"}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("changed again: %d %s", r.status, r.text())
	}
	// The reader sees it without the form; another unit's clerk does not see it.
	if st, doc := a.login("auditor").get(href); st != http.StatusOK || doc.Find("form.comment-form").Length() != 0 || !strings.Contains(doc.Text(), "纳入线网优化研究") {
		t.Fatalf("the auditor: %d", st)
	}
	if st, _ := a.login("clerk2").get(href); st != http.StatusNotFound {
		t.Fatalf("another unit's clerk: %d", st)
	}
	if st, _ := clerk.get(fmt.Sprintf("/decisions/%d/comments/%d", id, 999999)); st != http.StatusNotFound {
		t.Fatalf("a missing comment: %d", st)
	}
}
