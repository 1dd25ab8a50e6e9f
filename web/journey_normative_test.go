package web_test

import (
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"juece/workflow"
)

// TestBrowserJourneyNormative takes a normative document through its procedure in real
// Chromium (issue 18): a department drafts it and asks another, which replies after its
// deadline; the legal office reviews, the department's leadership meeting decides, the document
// is published with its number from the register and filed; a citizen objects on the portal
// (refused once next to the field, then with a receipt) and the legal office answers and
// publishes its reply, which the public page then shows. Every page goes through axe-core and
// the keyboard walk (tab.check); every form is typed into and sent with Enter.
func TestBrowserJourneyNormative(t *testing.T) {
	a := newApp(t)
	b := startBrowser(t)
	staff := b.newTab(t, a.srv.URL)
	citizen := b.newTab(t, a.srv.URL)
	var id int64
	dpath := func(suffix string) string { return "/decisions/" + strconv.FormatInt(id, 10) + suffix }
	// A form of the document's page carries its anchor in its action (…/filing#form-filing).
	form := func(action string) string {
		return `form:is([action="` + dpath(action) + `"], [action^="` + dpath(action) + `#"])`
	}
	state := func() workflow.State { return a.decision(id).State }
	expect := func(want workflow.State) {
		t.Helper()
		if got := state(); got != want {
			t.Fatalf("state %s, want %s; the page says %q", got, want, staff.errors())
		}
	}
	as := func(username string) {
		t.Helper()
		if evalIn[bool](staff, `!!document.querySelector('form[action="/logout"]')`) {
			staff.logout()
		}
		staff.login(username)
		if id != 0 {
			staff.open(dpath(""), "normative-"+string(state()))
		}
	}
	confirmIfAsked := func() {
		t.Helper()
		if evalIn[bool](staff, `!!document.querySelector('form.confirm-form')`) {
			staff.check("confirm")
			staff.submit(`form.confirm-form`)
		}
	}
	record := func(action string, fields ...field) {
		t.Helper()
		f := form("/" + action)
		staff.fill(f, fields...)
		staff.submit(f)
		confirmIfAsked()
		if errs := staff.errors(); len(errs) > 0 {
			t.Fatalf("%s refused: %q", action, errs)
		}
	}
	fire := func(ev workflow.Event, want workflow.State, fields ...field) {
		t.Helper()
		f := form("/events/" + string(ev))
		staff.fill(f, fields...)
		staff.submit(f)
		confirmIfAsked()
		expect(want)
	}
	later := func(days int, username string) {
		t.Helper()
		a.clock.Add(time.Duration(days) * 24 * time.Hour)
		staff.do("drop the expired session", chromedp.Navigate(staff.base+"/login"))
		staff.login(username)
		staff.open(dpath(""), "normative-"+string(state()))
	}

	// The department drafts the document and asks another department, with a deadline.
	as("clerk")
	staff.open("/normative/new", "normative-new")
	staff.fill(`form[action="/normative"]`, field{"title", "江澜市城区道路临时停车收费管理办法"}, field{"prefix", "澜发改规"})
	staff.submit(`form[action="/normative"]`)
	loc := evalIn[string](staff, `location.pathname`)
	if !strings.HasPrefix(loc, "/decisions/") {
		t.Fatalf("after registering: at %s, %q", loc, staff.errors())
	}
	var err error
	if id, err = strconv.ParseInt(strings.TrimPrefix(loc, "/decisions/"), 10, 64); err != nil {
		t.Fatal(err)
	}
	staff.check("normative-drafting")
	record("revisions", field{"body", "第一条 为了规范城区道路临时停车收费……\n第五条 临时停车每小时收费五元。"})
	record("dept-requests", field{"unit_id", strconv.FormatInt(a.units["市住房和城乡建设局"], 10)}, field{"due_on", a.day(3)})

	// The consulted department replies two days after its deadline; the page marks it.
	later(5, "clerk2")
	record("dept-requests/1/reply", field{"answer", "agree"}, field{"opinion", "同意，建议明确收费公示要求。"})
	if row := staff.text("#dept-requests tbody tr"); !strings.Contains(row, "逾期") {
		t.Fatalf("the late reply is not marked: %q", row)
	}
	staff.check("normative-replied-late")

	// It touches no one's rights and duties directly: to the legal office without public comment.
	as("clerk")
	fire(workflow.NormSkipPublic, workflow.LegalityReview, field{"reason", "本办法规范收费管理的内部程序，不直接涉及公民、法人或者其他组织的权利义务。"})
	staff.check("normative-legality_review")
	record("submissions", field{"legal_basis", "《价格法》第十八条"}, field{"procedures", "已征求市住房和城乡建设局意见"})

	as("reviewer")
	staff.open(dpath("/review"), "normative-review-sign")
	sign := form("/review")
	staff.fill(sign, field{"conclusion", "legal"}, field{"authority", "属于制定部门的法定职权"}, field{"procedure", "已征求相关部门意见"},
		field{"substance", "未违法增加义务"}, field{"advisers", "法律顾问李律师"}, field{"password", testPassword})
	staff.submit(sign)
	expect(workflow.CollectiveDiscussion)

	// The department's leadership meeting decides after the review time.
	later(12, "secretary")
	record("meetings", field{"kind", "department"}, field{"number", "市发展和改革委员会2026年第5次主任办公会议"}, field{"held_on", a.day(0)},
		field{"attendees", "主任、副主任；列席：市司法局规范性文件审查科负责人"}, field{"legal_head_attended", "1"})
	record("opinions", field{"speaker", "副主任 陈明"}, field{"position", "副主任"}, field{"stance", "for"}, field{"text", "同意"})
	record("opinions", field{"speaker", "主任 刘强"}, field{"position", "主任"}, field{"is_head", "1"}, field{"stance", "for"}, field{"text", "同意，按程序公布并报送备案"})
	record("head-decision", field{"head", "approve"})
	expect(workflow.Published)

	// Registered, numbered and published; filed with the municipal government.
	staff.open(dpath(""), "normative-published")
	record("norm-publication", field{"published_on", a.day(0)}, field{"channels", "《江澜市人民政府公报》、市政府网站"},
		field{"text", "第一条 为了规范城区道路临时停车收费……\n第五条 临时停车每小时收费五元。"})
	doc := a.decision(id).Normative.Doc
	if doc == nil || doc.Number != "澜发改规〔2026〕1号" || !strings.Contains(staff.text("#norm-register"), doc.Number) {
		t.Fatalf("the number: %+v", doc)
	}
	record("filing", field{"body", "江澜市人民政府"}, field{"filed_on", a.day(0)})
	staff.check("normative-filed")

	// A citizen objects on the portal: refused once without the text, then received.
	path := "/public/normative/" + strconv.FormatInt(id, 10)
	citizen.open("/public/normative", "public-normative-library")
	citizen.open(path, "public-normative")
	object := `form[action="` + path + `/objections"]`
	citizen.fill(object, field{"provision", "第五条"}, field{"author", "市民钱女士"})
	citizen.submit(object)
	if msg := citizen.text("#objection-body-err"); !strings.Contains(msg, "请填写异议内容和理由") {
		t.Fatalf("an objection without its text: %q", msg)
	}
	if citizen.value(object+` [name="provision"]`) != "第五条" || citizen.value(object+` [name="author"]`) != "市民钱女士" {
		t.Fatal("the refused objection lost what was typed")
	}
	citizen.check("public-objection-refused")
	citizen.fill(object, field{"body", "收费标准高于周边城市，且未说明测算依据。"})
	citizen.submit(object)
	ref := citizen.text(".receipt-ref")
	if !strings.HasPrefix(ref, "YY") || !strings.Contains(citizen.text(".receipt-status"), "待法制机构处理") {
		t.Fatalf("the receipt: %q %q", ref, citizen.text("main"))
	}
	citizen.check("public-objection-receipt")
	code := citizen.text(".receipt-code")

	// The legal office finds it on its queue and answers; the reply is published.
	later(3, "reviewer")
	staff.open("/normative/objections", "objection-queue")
	if !strings.Contains(staff.text("#objection-queue"), ref) {
		t.Fatalf("the queue: %q", staff.text("main"))
	}
	oid := strconv.FormatInt(a.decision(id).Normative.Objections[0].ID, 10)
	staff.open(dpath(""), "normative-objection")
	record("objections/"+oid+"/reply", field{"outcome", "reject"}, field{"text", "收费标准经价格主管部门成本监审测算，测算说明已随文件公布。"},
		field{"publish", "1"})
	if o := a.decision(id).Normative.Objections[0]; o.Reply == nil || !o.Reply.Published {
		t.Fatalf("the reply: %+v", o.Reply)
	}
	staff.check("normative-objection-answered")

	// The public page shows the reply; the objector looks it up with the receipt.
	citizen.open(path, "public-normative-replied")
	if got := citizen.text("#objection-replies"); !strings.Contains(got, "不予采纳") || !strings.Contains(got, "成本监审") {
		t.Fatalf("the published reply: %q", got)
	}
	citizen.open("/public/objections?"+url.Values{"ref": {ref}, "code": {strings.ToLower(code)}}.Encode(), "public-objection-answered")
	if got := citizen.text(".receipt-status"); !strings.Contains(got, "不予采纳") {
		t.Fatalf("the receipt after the reply: %q", got)
	}
}
