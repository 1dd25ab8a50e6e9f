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
	"juece/store/textclean"
	"juece/workflow"
)

// Personal data of two commenters that no portal page may show.
const (
	joinerName, joinerContact = "张三丰", "13911112222"
	loneName, loneContact     = "李四光", "lisiguang@example.cn"
	loneText                  = "建议在滨江路增设公交专用道"
)

// seedFareFeedback gives the fare consultation id (seedFareComments' 1,200 comments) two
// comments from named people — one the largest opinion typed again, one of its own — then
// disposes of the largest group, 384 of its comments 未采纳 by the clerk's bulk form and the
// named one 重复, and publishes the feedback today.
func (a *app) seedFareFeedback(id int64) {
	a.t.Helper()
	ctx, clerk := context.Background(), a.users["clerk"].Actor()
	var joiner workflow.Comment
	err := a.db.InTx(ctx, func(tx *store.Tx) error {
		d, err := tx.Decision(ctx, id)
		if err != nil {
			return err
		}
		if joiner, err = tx.AddComment(ctx, clerk, a.clock.Now(), d, workflow.Comment{Source: "信函", Author: joinerName, Contact: joinerContact,
			Body: "票价上涨过高，工薪阶层难以承受！！"}); err != nil {
			return err
		}
		_, err = tx.AddComment(ctx, clerk, a.clock.Now(), d, workflow.Comment{Source: "信函", Author: loneName, Contact: loneContact, Body: loneText})
		return err
	})
	if err != nil {
		a.t.Fatal(err)
	}
	var ids []string
	key := textclean.GroupKey(joiner.Body)
	for _, x := range a.decision(id).Comments {
		if x.ID != joiner.ID && textclean.GroupKey(x.Body) == key {
			ids = append(ids, itoa(x.ID))
		}
	}
	c := a.login("clerk")
	c.get(fmt.Sprintf("/decisions/%d/comments", id))
	if r := c.post(fmt.Sprintf("/decisions/%d/comments/dispose", id), url.Values{"sel": {strings.Join(ids, ",")},
		"disposition": {"not_adopted"}, "reason": {"票价依据成本监审结果确定"}}); r.status != http.StatusSeeOther || len(ids) != 384 {
		a.t.Fatalf("dispose %d comments: %d", len(ids), r.status)
	}
	err = a.db.InTx(ctx, func(tx *store.Tx) error {
		d, err := tx.Decision(ctx, id)
		if err != nil {
			return err
		}
		if err := tx.DisposeComment(ctx, clerk, a.clock.Now(), d, joiner.ID, workflow.DispositionDuplicate, "与其他意见相同，已一并研究"); err != nil {
			return err
		}
		return tx.SaveFeedback(ctx, clerk, a.clock.Now(), d, workflow.Feedback{PublishedOn: workflow.Day(a.clock.Now()),
			Channel: "市人民政府门户网站", Summary: "共收到意见1202条，已逐条研究"})
	})
	if err != nil {
		a.t.Fatal(err)
	}
}

// noPersonalData fails when a portal page names a commenter or how to reach them.
func noPersonalData(t *testing.T, path string, doc *goquery.Document) {
	t.Helper()
	html, _ := doc.Html()
	for _, s := range []string{joinerName, joinerContact, loneName, loneContact} {
		if strings.Contains(html, s) {
			t.Errorf("%s shows %q", path, s)
		}
	}
}

func TestPublicConsultationCommentsGrouped(t *testing.T) {
	a := newApp(t)
	id := a.seedConsultation("城市公共交通票价调整方案", workflow.Flags{AffectsInterests: true})
	a.seedFareComments(id, 1200) // 7 opinions and 48 comments of their own: 55 groups
	path := "/public/consultations/" + itoa(id)
	citizen := a.anon()

	// Before the feedback: the form, reached from the top; no comment, no second page.
	st, doc := citizen.get(path)
	if st != http.StatusOK || doc.Find("#feedback").Length() != 0 || doc.Find(`#page-links a[href="#comment"]`).Length() != 1 ||
		doc.Find(`#comment form textarea[name="body"]`).Length() != 1 {
		t.Fatalf("before the feedback: %d, feedback %d, link to the form %d", st, doc.Find("#feedback").Length(), doc.Find(`#page-links a[href="#comment"]`).Length())
	}
	if st, _ := citizen.get(path + "?page=2"); st != http.StatusNotFound {
		t.Fatalf("a second page before the feedback: %d", st)
	}

	a.seedFareFeedback(id)
	a.clock.Add(time.Hour)
	st, doc = citizen.get(path)
	if st != http.StatusOK {
		t.Fatalf("GET %s: %d", path, st)
	}
	if got := squash(doc.Find("#comments-total").Text()); !strings.Contains(got, "共收到公众意见 1202 条。内容相同或相近的意见合并列出，共 56 组") {
		t.Fatalf("the total: %q", got)
	}
	groups := doc.Find(".public-comments > li")
	if groups.Length() != 50 {
		t.Fatalf("%d groups on the first page, want 50", groups.Length())
	}
	// The largest first: 384 seeded and the named one typed again, with both handlings.
	first := groups.First()
	if !strings.Contains(first.Find(".comment-text").Text(), "票价上涨过高") || squash(first.Find(".count").Text()) != "相同或相近意见 385 条" ||
		first.Find(".ref").Text() != a.decision(id).Comments[0].Ref {
		t.Fatalf("the first group: %q", squash(first.Text()))
	}
	handling := first.Find(".handling > li")
	if handling.Length() != 2 || !strings.Contains(squash(handling.Eq(0).Text()), "未采纳 384 条 理由：票价依据成本监审结果确定") ||
		!strings.Contains(squash(handling.Eq(1).Text()), "与其他意见内容相同（重复意见） 1 条 理由：与其他意见相同，已一并研究") {
		t.Fatalf("the first group's handling: %q", squash(first.Find(".handling").Text()))
	}
	// Counts fall from group to group; a pending group says so.
	last := 1 << 30
	groups.Each(func(i int, g *goquery.Selection) {
		n := 1
		fmt.Sscanf(squash(g.Find(".count").Text()), "相同或相近意见 %d 条", &n)
		if n > last {
			t.Errorf("group %d has %d comments, after one of %d", i+1, n, last)
		}
		last = n
	})
	if got := squash(groups.Eq(1).Find(".meta").Text()); !strings.Contains(got, "待处理") {
		t.Fatalf("a pending group: %q", got)
	}
	// The form is still on the first page, reached from its top, and takes a comment.
	if doc.Find(`#page-links a[href="#comment"]`).Length() != 1 || doc.Find(`#comment form textarea[name="body"]`).Length() != 1 ||
		doc.Find(`#page-links a[href="#feedback"]`).Length() != 1 {
		t.Fatal("the first page lost the form or its links from the top")
	}
	noPersonalData(t, path, doc)

	// Page 2: the 6 smallest groups (the named commenter's own the last), numbered on, no form.
	next := doc.Find(`.pager a[rel="next"]`).AttrOr("href", "")
	if next != path+"?page=2#feedback" || doc.Find(`.pager [aria-current="page"]`).Text() != "第 1 页" {
		t.Fatalf("the pager: next %q, %q", next, squash(doc.Find(".pager").Text()))
	}
	st, doc2 := citizen.get(strings.TrimSuffix(next, "#feedback"))
	groups2 := doc2.Find(".public-comments > li")
	if st != http.StatusOK || groups2.Length() != 6 || doc2.Find(".public-comments").AttrOr("start", "") != "51" ||
		!strings.Contains(groups2.Last().Text(), loneText) || !strings.Contains(squash(doc2.Find(".page-note").Text()), "公众意见第 2 页，共 2 页") {
		t.Fatalf("page 2: %d, %d groups: %s", st, groups2.Length(), squash(doc2.Find("main").Text()))
	}
	if doc2.Find("form").Length() != 0 || strings.Contains(doc2.Text(), "征求意见稿正文") || doc2.Find(`.pager a[rel="prev"]`).AttrOr("href", "") != path+"#feedback" {
		t.Fatal("page 2 carries the form or the draft, or no way back")
	}
	if cc := cacheControl(t, a, path+"?page=2"); cc != "public, max-age=60" {
		t.Fatalf("page 2: Cache-Control %q", cc)
	}
	noPersonalData(t, path+"?page=2", doc2)
	for _, bad := range []string{"?page=3", "?page=0", "?page=x"} {
		if st, _ := citizen.get(path + bad); st != http.StatusNotFound {
			t.Errorf("GET %s%s: %d", path, bad, st)
		}
	}

	// The open data stays complete and ungrouped, in pages.
	var set struct {
		Total int     `json:"total"`
		Next  *string `json:"next"`
		Data  []struct {
			Ref  string `json:"ref"`
			Body string `json:"body"`
		} `json:"data"`
	}
	if st := a.apiGet("/api/v1/public/comments?per_page=200", &set); st != http.StatusOK || set.Total != 1202 || len(set.Data) != 200 || set.Next == nil {
		t.Fatalf("comments data set: %d, total %d, %d rows", st, set.Total, len(set.Data))
	}
	set.Next = nil
	if st := a.apiGet("/api/v1/public/comments?per_page=200&page=7", &set); st != http.StatusOK || len(set.Data) != 2 || set.Data[1].Body != loneText || set.Next != nil {
		t.Fatalf("comments data set, the last page: %d, %d rows", st, len(set.Data))
	}
}

func TestPublicCommentFormNextToManyComments(t *testing.T) {
	a := newApp(t)
	id := a.seedConsultation("城市公共交通票价调整方案", workflow.Flags{AffectsInterests: true})
	a.seedFareComments(id, 1200)
	a.seedFareFeedback(id)
	path := "/public/consultations/" + itoa(id)
	citizen := a.anon()
	citizen.get(path)
	before := a.commentCount(id)

	// Refused: an empty comment and one too long, each back with what was typed.
	r := citizen.post(path, url.Values{"body": {"  "}, "author": {"王小明"}, "contact": {"13800001234"}})
	if r.status != http.StatusUnprocessableEntity || r.doc.Find(`input[name="author"]`).AttrOr("value", "") != "王小明" ||
		r.doc.Find(`input[name="contact"]`).AttrOr("value", "") != "13800001234" || !strings.Contains(r.text(), "尚未提交") ||
		!strings.HasPrefix(r.doc.Find("title").Text(), "错误") || r.doc.Find("#comment .error-summary").Length() != 1 {
		t.Fatalf("an empty comment: %d %s", r.status, r.text())
	}
	long := strings.Repeat("票价", 1001)
	r = citizen.post(path, url.Values{"body": {long}, "author": {"王小明"}})
	if r.status != http.StatusUnprocessableEntity || r.doc.Find(`textarea[name="body"]`).Text() != long || !strings.Contains(r.text(), "不超过 2000 字") {
		t.Fatalf("a comment too long: %d", r.status)
	}
	if n := a.commentCount(id); n != before {
		t.Fatalf("refused comments stored: %d → %d", before, n)
	}
	// Sent: the receipt, and the comment stored among the 1,202.
	r = citizen.post(path, url.Values{"body": {"票价上涨过高，工薪阶层难以承受"}, "author": {"王小明"}})
	if r.status != http.StatusOK || !strings.HasPrefix(strings.TrimSpace(r.doc.Find(".receipt-ref").Text()), "YJ") {
		t.Fatalf("a comment: %d %s", r.status, r.text())
	}
	if n := a.commentCount(id); n != before+1 {
		t.Fatalf("%d comments, want %d", n, before+1)
	}
}

func TestPublicDecisionCommentsGrouped(t *testing.T) {
	a := newApp(t)
	id := a.seedPublished("城市公共交通票价调整方案")
	ctx, clerk := context.Background(), a.users["clerk"].Actor()
	// 60 more opinions, each sent twice (with and without a full stop), from named citizens.
	err := a.db.InTx(ctx, func(tx *store.Tx) error {
		d, err := tx.Decision(ctx, id)
		if err != nil {
			return err
		}
		for i := range 120 {
			body := fmt.Sprintf("建议第%d路公交延长运营时间", i/2+1)
			if i%2 == 1 {
				body += "。"
			}
			c, err := tx.AddComment(ctx, clerk, a.clock.Now(), d, workflow.Comment{Source: "信函", Author: joinerName, Contact: joinerContact, Body: body})
			if err != nil {
				return err
			}
			if err := tx.DisposeComment(ctx, clerk, a.clock.Now(), d, c.ID, workflow.DispositionPartly, "纳入线网优化"); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	path := "/public/decisions/" + itoa(id)
	st, doc := a.anon().get(path)
	groups := doc.Find(".public-comments > li")
	if st != http.StatusOK || groups.Length() != 50 || !strings.Contains(squash(doc.Find("#comments-total").Text()), "共收到公众意见 121 条。内容相同或相近的意见合并列出，共 61 组") ||
		squash(groups.First().Find(".count").Text()) != "相同或相近意见 2 条" || !strings.Contains(squash(groups.First().Text()), "部分采纳") ||
		!strings.Contains(doc.Text(), "正式公布文本PUBTEXT") {
		t.Fatalf("decision page: %d, %d groups, %q", st, groups.Length(), squash(doc.Find("#comments-total").Text()))
	}
	noPersonalData(t, path, doc)
	st, doc = a.anon().get(path + "?page=2")
	if st != http.StatusOK || doc.Find(".public-comments > li").Length() != 11 || strings.Contains(doc.Text(), "正式公布文本PUBTEXT") ||
		!strings.Contains(doc.Find(".public-comments > li").Last().Text(), "建议分时段定价") || doc.Find("form").Length() != 0 {
		t.Fatalf("decision page 2: %d, %d groups", st, doc.Find(".public-comments > li").Length())
	}
	noPersonalData(t, path+"?page=2", doc)
	if st, _ := a.anon().get(path + "?page=3"); st != http.StatusNotFound {
		t.Fatalf("decision page 3: %d", st)
	}
}

// TestPublicCommentsLeaveOutVoided: a comment voided with a trace (entered by mistake) is on no
// portal page and in no data set, and the counts leave it out.
func TestPublicCommentsLeaveOutVoided(t *testing.T) {
	a := newApp(t)
	id := a.seedConsultation("城市公共交通票价调整方案", workflow.Flags{AffectsInterests: true})
	a.seedFareComments(id, 30)
	clerk := a.login("clerk")
	clerk.mustSend(id, "/comments", url.Values{"source": {"信函"}, "body": {"误登记的意见"}})
	d := a.decision(id)
	wrong := d.Comments[len(d.Comments)-1]
	clerk.mustSend(id, "/void", url.Values{"record": {"comment:" + itoa(wrong.ID)}, "reason": {"登记有误"}})
	err := a.db.InTx(t.Context(), func(tx *store.Tx) error {
		d, err := tx.Decision(t.Context(), id)
		if err != nil {
			return err
		}
		return tx.SaveFeedback(t.Context(), a.users["clerk"].Actor(), a.clock.Now(), d, workflow.Feedback{PublishedOn: workflow.Day(a.clock.Now()),
			Channel: "市人民政府门户网站", Summary: "已逐条研究"})
	})
	if err != nil {
		t.Fatal(err)
	}
	a.clock.Add(time.Hour)
	st, doc := a.anon().get("/public/consultations/" + itoa(id))
	if st != http.StatusOK || !strings.HasPrefix(squash(doc.Find("#comments-total").Text()), "共收到公众意见 30 条。") || strings.Contains(doc.Text(), "误登记的意见") {
		t.Fatalf("the page: %d %q", st, squash(doc.Find("#comments-total").Text()))
	}
	var set struct {
		Total int `json:"total"`
	}
	if a.apiGet("/api/v1/public/comments", &set); set.Total != 30 {
		t.Fatalf("the comments data set holds %d", set.Total)
	}
}
