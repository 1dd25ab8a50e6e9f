package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"juece/workflow"
)

// taskLinksResolve fails when a link of the task list points at no element of the page.
func taskLinksResolve(t *testing.T, who string, doc *goquery.Document) {
	t.Helper()
	doc.Find(`#tasks a[href^="#"]`).Each(func(_ int, a *goquery.Selection) {
		href := a.AttrOr("href", "")
		if doc.Find(href).Length() != 1 {
			t.Errorf("%s: the task link %q (%s) leads nowhere", who, href, a.Text())
		}
	})
}

// TestTaskListStart: the page opens with the current stage's tasks; the secretary's main
// action is 决定启动 (not the red 不予启动), a new clerk's is the proposal (not 撤回), each
// leading to its form; refused, the form comes back under its anchor with its summary first;
// saved, the page answers at its top with the banner; the stage done then folds into one line.
func TestTaskListStart(t *testing.T) {
	a := newApp(t)
	clerk, sec := a.login("clerk"), a.login("secretary")
	id := clerk.createDecision("城市公共交通票价调整方案")
	path := "/decisions/" + itoa(id)

	_, doc := sec.get(path)
	primary := doc.Find("#tasks .primary-action .button.primary")
	if primary.Length() != 1 || strings.TrimSpace(primary.Text()) != "决定启动" || primary.AttrOr("href", "") != "#form-start" {
		t.Fatalf("the secretary's main action: %d %q %q", primary.Length(), primary.Text(), primary.AttrOr("href", ""))
	}
	if doc.Find(`#tasks .danger, #tasks [action*="/events/decline"]`).Length() != 0 {
		t.Error("不予启动 stands among the tasks")
	}
	if f := doc.Find("form#form-start"); f.AttrOr("action", "") != path+"/start#form-start" {
		t.Errorf("the start form's action: %q", f.AttrOr("action", ""))
	}
	// The task list comes before the stepper and the stages, the meta line after it.
	if order := doc.Find("#tasks, .stepper, .meta, .decision-grid").Map(func(_ int, s *goquery.Selection) string {
		return goquery.NodeName(s) + "." + s.AttrOr("class", s.AttrOr("id", ""))
	}); len(order) != 4 || !strings.Contains(order[0], "tasks") {
		t.Errorf("the page's order: %q", order)
	}
	start := doc.Find("#tasks li.task").Last()
	if !strings.Contains(start.Text(), "决定启动") || start.Find(".tag").Text() != workflow.TaskNotStarted.Label() {
		t.Errorf("the start task: %q", start.Text())
	}
	taskLinksResolve(t, "secretary", doc)

	_, doc = clerk.get(path)
	primary = doc.Find("#tasks .primary-action .button.primary")
	if primary.Length() != 1 || !strings.Contains(primary.Text(), "决策建议") || primary.AttrOr("href", "") != "#form-proposal" {
		t.Fatalf("the new clerk's main action: %d %q %q", primary.Length(), primary.Text(), primary.AttrOr("href", ""))
	}
	if strings.Contains(doc.Find("#tasks").Text(), "撤回") {
		t.Errorf("the clerk's task list offers a withdrawal: %q", doc.Find("#tasks").Text())
	}
	if who := doc.Find("#tasks li.task").Last().Find(".task-who").Text(); !strings.Contains(who, workflow.RoleSecretary.Label()) {
		t.Errorf("the start is the secretary's task: %q", who)
	}
	taskLinksResolve(t, "clerk", doc)

	// Refused: 422, the form again at its anchor, its error summary first, 错误 in the title.
	r := sec.send(id, "/start", url.Values{"decided_on": {a.day(0)}})
	form := r.doc.Find("form#form-start")
	if r.status != http.StatusUnprocessableEntity || form.AttrOr("action", "") != path+"/start#form-start" ||
		!form.Children().Eq(2).Is(".error-summary") || !strings.HasPrefix(r.doc.Find("title").Text(), "错误") ||
		form.Closest("details").AttrOr("open", "no") == "no" {
		t.Fatalf("refused start: %d, action %q, first child %q, title %q", r.status, form.AttrOr("action", ""),
			goquery.NodeName(form.Children().Eq(2)), r.doc.Find("title").Text())
	}

	// Saved: to the top of the page with the banner, not to the form's anchor.
	r = sec.send(id, "/start", url.Values{"decided_on": {a.day(0)}, "basis": {"市政府第15次常务会议纪要"}})
	if r.status != http.StatusSeeOther || r.location != path+"#main" {
		t.Fatalf("start: %d to %q", r.status, r.location)
	}
	_, doc = sec.get(path)
	if !strings.Contains(doc.Find("#flash").Text(), "决定启动") {
		t.Errorf("no banner after the start: %q", doc.Find("#flash").Text())
	}
	fold := doc.Find("details.stage-fold").First()
	if fold.Find("#proposal").Length() != 1 || !strings.Contains(fold.Find("summary").Text(), "市政府第15次常务会议纪要") ||
		fold.AttrOr("open", "no") != "no" {
		t.Errorf("the start stage folded: %q", fold.Find("summary").Text())
	}
	if doc.Find("#drafting").Closest("details.stage-fold").Length() != 0 || !strings.Contains(doc.Find("#tasks-h").Text(), "起草") {
		t.Errorf("drafting is not the open stage: %q", doc.Find("#tasks-h").Text())
	}
	_, doc = clerk.get(path)
	if p := doc.Find("#tasks .primary-action .button.primary"); p.AttrOr("href", "") != "#form-revision" {
		t.Errorf("the clerk's main action in drafting: %q %q", p.Text(), p.AttrOr("href", ""))
	}
	taskLinksResolve(t, "clerk in drafting", doc)
}

// TestTaskListWithdrawn: a withdrawn decision's stepper ends at the stage it was withdrawn at,
// marked 已撤回, and that stage's section comes first.
func TestTaskListWithdrawn(t *testing.T) {
	a := newApp(t)
	clerk, sec := a.login("clerk"), a.login("secretary")
	id := clerk.createDecision("城市公共交通票价调整方案")
	sec.mustSend(id, "/start", url.Values{"decided_on": {a.day(0)}, "basis": {"市政府第15次常务会议纪要"}})
	sec.mustSend(id, "/events/withdraw", url.Values{"reason": {"情况发生重大变化"}})
	if d := a.decision(id); d.State != workflow.Withdrawn {
		t.Fatalf("state %s", d.State)
	}
	_, doc := sec.get("/decisions/" + itoa(id))
	ended := doc.Find(`.stepper li[aria-current="step"]`)
	if ended.Length() != 1 || !ended.HasClass("step-ended") || !strings.Contains(ended.Text(), "起草") ||
		!strings.Contains(ended.Text(), "已撤回") || doc.Find(".step-current").Length() != 0 {
		t.Fatalf("the stepper of a withdrawn decision: %q", doc.Find(".stepper").Text())
	}
	if done := doc.Find(".stepper .step-done"); done.Length() != 1 || !strings.Contains(done.Text(), "决策启动") {
		t.Errorf("stages done before the withdrawal: %q", done.Text())
	}
	if !strings.Contains(doc.Find("#tasks-h").Text(), "已撤回") || !strings.Contains(doc.Find("#tasks").Text(), "终止于“起草”阶段") {
		t.Errorf("the task list of a withdrawn decision: %q", doc.Find("#tasks").Text())
	}
	if doc.Find("#drafting").Closest("details.stage-fold").Length() != 0 {
		t.Error("the stage it was withdrawn at is folded")
	}
}

// TestTaskListLinks: in each stage every role's task links lead to an element of the page, and
// whoever has work there has a main action; the auditor, who writes nothing, has none.
func TestTaskListLinks(t *testing.T) {
	a := newApp(t)
	seeded := map[string]int64{
		"consultation": a.seedConsultation("城市公共交通票价调整方案", workflow.Flags{AffectsInterests: true}),
		"hearing":      a.seedHearing("城市燃气价格调整方案"),
		"published":    a.seedPublished("城市供水价格调整方案"),
	}
	works := map[string]string{"consultation": "clerk", "hearing": "clerk", "published": "secretary"}
	for stage, id := range seeded {
		for _, who := range []string{"clerk", "secretary", "reviewer", "auditor"} {
			st, doc := a.login(who).get("/decisions/" + itoa(id))
			if st != http.StatusOK || doc.Find("#tasks li.task").Length() == 0 {
				t.Fatalf("%s as %s: %d, no task list", stage, who, st)
			}
			taskLinksResolve(t, stage+" as "+who, doc)
			primary := doc.Find("#tasks .primary-action")
			if has := primary.Find(".primary").Length() == 1; has != (who == works[stage]) {
				t.Errorf("%s as %s: main action %q", stage, who, primary.Text())
			}
		}
	}
}
