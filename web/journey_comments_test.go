package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"juece/workflow"
)

// TestBrowserCommentsPage: in real Chromium, the clerk goes from the decision page to the
// comments page of a fare consultation, ticks the largest group of identical comments, is
// refused for want of a reason (the tick and the choice kept, the message next to the field),
// then disposes of the whole group in one action. Every page is checked with axe-core and the
// keyboard.
func TestBrowserCommentsPage(t *testing.T) {
	a := newApp(t)
	b := startBrowser(t)
	id := a.seedConsultation("城市公共交通票价调整方案", workflow.Flags{AffectsInterests: true})
	a.seedFareComments(id, 120)
	staff := b.newTab(t, a.srv.URL)
	dec := "/decisions/" + itoa(id)

	staff.login("clerk")
	staff.open(dec, "decision-consultation-comments")
	staff.markPage()
	staff.press(`a.comments-link`)
	staff.waitNewPage("the comments page")
	staff.check("comments-page")
	if got := staff.text("#comments-total"); got != "符合条件的意见共 120 条，分为 12 组。" {
		t.Fatalf("the total: %q", got)
	}
	largest := staff.text("table.comments tbody tr:first-child .count")
	if !strings.HasPrefix(largest, "39 条") || !strings.Contains(staff.text("table.comments tbody tr:first-child .comment-text"), "票价上涨过高") {
		t.Fatalf("the largest group first: %q", largest)
	}

	form := `form.comments-form`
	staff.do("tick the largest group", chromedp.Focus(chromedp.CSS("#sel-0")), chromedp.KeyEvent(" "))
	staff.fill(form, field{"disposition", "not_adopted"})
	staff.submit(form)
	if msg := staff.text("#bulk-reason-err"); !strings.Contains(msg, "请填写理由") {
		t.Fatalf("no reason: the message next to the field %q; the page says %q", msg, staff.errors())
	}
	if !evalIn[bool](staff, `document.querySelector('#sel-0').checked`) || staff.value(form+` [name="disposition"]`) != "not_adopted" {
		t.Fatal("the tick or the choice was lost")
	}
	if !strings.HasPrefix(evalIn[string](staff, `document.title`), "错误") {
		t.Fatalf("the title does not say 错误: %q", evalIn[string](staff, `document.title`))
	}
	staff.check("comments-page-refused")

	staff.fill(form, field{"reason", "票价依据成本监审结果确定，同时扩大低收入群体优惠"})
	staff.submit(form)
	if flash := staff.text("#flash"); flash != "已处理 39 条意见：未采纳。" {
		t.Fatalf("the answer: %q; the page says %q", flash, staff.errors())
	}
	n := 0
	for _, c := range a.decision(id).Comments {
		if c.Disposition == workflow.DispositionNotAdopted {
			n++
		}
	}
	if n != 39 {
		t.Fatalf("%d comments disposed, want the group's 39", n)
	}
	// The group stays listed, answered, with no box to tick.
	if got := staff.text("table.comments tbody tr:first-child td:nth-child(4)"); got != "已处理：未采纳" ||
		evalIn[bool](staff, `!!document.querySelector('table.comments tbody tr:first-child input[name="sel"]')`) {
		t.Fatalf("the group after its disposition: %q", got)
	}
}
