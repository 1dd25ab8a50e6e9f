package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"juece/workflow"
)

// TestBrowserJourneys takes one decision from the proposal to its closing in real Chromium, every
// role at its own browser, a citizen commenting from a second, anonymous browser. Each kind of
// refusal is shown once: an empty field, a legal gate, a wrong password, a stale page, a role.
// Every page the journeys reach is checked with axe-core and walked with the keyboard (see
// tab.check); every form is filled by typing and sent with Enter.
func TestBrowserJourneys(t *testing.T) {
	a := newApp(t)
	b := startBrowser(t)
	staff := b.newTab(t, a.srv.URL)
	citizen := b.newTab(t, a.srv.URL)
	var id int64
	dpath := func(suffix string) string { return "/decisions/" + strconv.FormatInt(id, 10) + suffix }
	// A form of the decision page carries its anchor in its action (…/notice#form-notice).
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
	// as signs the staff browser in as username, on the decision's page.
	as := func(username string) {
		t.Helper()
		if evalIn[bool](staff, `!!document.querySelector('form[action="/logout"]')`) {
			staff.logout()
		}
		staff.login(username)
		if id != 0 {
			staff.open(dpath(""), "decision-"+string(state()))
		}
	}
	// record opens a record form's fold with the keyboard, fills it and sends it.
	// What cannot be undone asks first: the confirmation page, checked, then 确认.
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
		staff.check("decision-" + string(want))
	}
	// later moves the clock on; the jump outlives every session.
	later := func(days int, username string) {
		a.clock.Add(time.Duration(days) * 24 * time.Hour)
		staff.do("drop the expired session", chromedp.Navigate(staff.base+"/login"))
		staff.login(username)
		staff.open(dpath(""), "decision-"+string(state()))
	}

	// 决策启动: the clerk registers the proposal.
	as("clerk")
	staff.open("/decisions/new", "decision-new")
	staff.fill(`form[action="/decisions"]`,
		field{"title", "城市公共交通票价调整方案"}, field{"category", "public_service"},
		field{"proposer_kind", "department"}, field{"proposer", "市交通运输局"},
		field{"problem", "现行票价结构已十年未调整"}, field{"reasons", "运营成本上升，财政补贴压力加大"},
		field{"legal_basis", "《中华人民共和国价格法》第二十三条"}, field{"solution", "实行里程计价与换乘优惠"},
		field{"necessity", "必要且可行"}, field{"responsible_leader", "副市长 孙立"})
	staff.submit(`form[action="/decisions"]`)
	loc, err := chromedp.Run(staff.ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	if id, err = strconv.ParseInt(loc[strings.LastIndex(loc, "/")+1:], 10, 64); err != nil {
		t.Fatalf("after registering: at %s, %q", loc, staff.errors())
	}
	expect(workflow.Proposed)
	staff.check("decision-proposed")

	// The secretary records the start. Refusal 1, a field left empty: the message stands next to
	// the field and the date typed is still there.
	// The secretary's main action is 决定启动: it leads to its form, unfolded.
	as("secretary")
	staff.press(`#tasks .primary-action .button.primary`)
	if !evalIn[bool](staff, `location.hash === '#form-start' && document.querySelector('#form-start').getClientRects().length > 0`) {
		t.Fatalf("决定启动 did not lead to its form: at %q", evalIn[string](staff, `location.hash`))
	}
	staff.fill(form("/start"), field{"decided_on", a.day(0)})
	staff.submit(form("/start"))
	if msg := staff.text("#start-basis-err"); !strings.Contains(msg, "请填写决定依据") {
		t.Fatalf("message next to the basis field: %q", msg)
	}
	// The refusal lands at its form, the error summary in view and focused.
	if !evalIn[bool](staff, `(s => location.hash === '#form-start' && document.activeElement === s &&
		s.getBoundingClientRect().top >= 0 && s.getBoundingClientRect().top < window.innerHeight)(document.querySelector('#form-start .error-summary'))`) {
		t.Fatalf("the refusal did not land at the form's summary: %q", evalIn[string](staff, `location.hash + ' ' +
			(document.activeElement || document.body).outerHTML.slice(0, 80) + ' ' + document.querySelector('#form-start .error-summary').getBoundingClientRect().top`))
	}
	if v := staff.value(form("/start") + ` [name="decided_on"]`); v != a.day(0) {
		t.Fatalf("the date typed was lost: %q", v)
	}
	staff.check("decision-refused-field")
	staff.fill(form("/start"), field{"basis", "市政府第15次常务会议纪要"})
	staff.submit(form("/start"))
	expect(workflow.Drafting)
	// Saved, the page opens at its top with the banner, not at the form's anchor.
	if !evalIn[bool](staff, `location.hash === '#main' && document.querySelector('#flash').getBoundingClientRect().top < window.innerHeight`) {
		t.Fatalf("after the save: at %q", evalIn[string](staff, `location.hash`))
	}
	staff.check("decision-drafting")

	// 起草 → 征求意见
	as("clerk")
	record("flags", field{"affects_interests", "1"}, field{"technical", "1"}, field{"stability_risk", "1"}, field{"hearing_chosen", "1"})
	record("revisions", field{"body", "第一条 为规范城市公共交通票价，制定本方案。"}, field{"note", "初稿"})
	fire(workflow.Submit, workflow.Consultation)
	// On a phone the decision page opens with its task list and does not scroll sideways.
	staff.do("phone", chromedp.EmulateViewport(390, 844))
	if w := evalIn[int](staff, `document.documentElement.scrollWidth`); w > 390 {
		t.Errorf("the decision page is %d px wide on a 390 px screen", w)
	}
	if !evalIn[bool](staff, `(top => top('#tasks') < window.innerHeight && ['.stepper', '.meta', '.decision-grid'].every(s => top('#tasks') < top(s)))(
		s => document.querySelector(s).getBoundingClientRect().top)`) {
		t.Error("on a phone the task list is not the first thing on the decision page")
	}
	staff.do("desktop", chromedp.EmulateViewport(1280, 900))
	record("methods", field{"method", "symposium"}, field{"held_on", a.day(0)}, field{"participants", "市民代表12人"},
		field{"summary", "多数赞成换乘优惠"})
	// A 补录 entry: a symposium held before the proposal was registered here, with its reason.
	record("methods", field{"method", "questionnaire"}, field{"held_on", a.day(-20)}, field{"participants", "公交乘客1200人"},
		field{"summary", "前期问卷调查，多数支持换乘优惠"}, field{"late_reason", "立项前由市交通运输局开展的问卷调查，据调查报告补录"})
	// A correction: a method entered twice by mistake is voided with its reason (作废留痕).
	record("methods", field{"method", "symposium"}, field{"held_on", a.day(0)}, field{"participants", "市民代表12人"},
		field{"summary", "多数赞成换乘优惠"})
	d := a.decision(id)
	record("void", field{"record", "method:" + strconv.FormatInt(d.Methods[len(d.Methods)-1].ID, 10)},
		field{"reason", "同一次座谈会重复登记"})
	if d := a.decision(id); len(d.Voids) != 1 || len(d.LateEntries) != 1 || len(d.Methods) != 2 {
		t.Fatalf("after the correction: %d voids, %d late entries, %d methods", len(d.Voids), len(d.LateEntries), len(d.Methods))
	}
	staff.check("decision-corrections")
	record("notice", field{"channel", "市人民政府门户网站"}, field{"how_to_submit", "网上留言或信函"},
		field{"explanation", "起草说明"}, field{"starts_on", a.day(0)}, field{"ends_on", a.day(29)}, field{"published_on", a.day(0)})
	record("experts", field{"name", "陈教授"}, field{"field", "交通经济"}, field{"organisation", "江澜大学"},
		field{"opinion", "方案总体可行"}, field{"conclusion", "科学、合理、可行"}, field{"signed", "1"},
		field{"signed_on", a.day(0)}, field{"no_interest", "1"})
	staff.open("/", "worklist")

	// A citizen comments from the public portal, in a browser of their own and without an account.
	// Refusal 2, on the public form: an empty comment is refused next to the field, the name kept.
	citizen.open("/public", "public-home")
	citizen.open("/public/consultations/"+strconv.FormatInt(id, 10), "public-consultation")
	pub := `form.public-form`
	citizen.fill(pub, field{"author", "市民钱女士"})
	citizen.submit(pub)
	if msg := citizen.text("#comment-body-err"); !strings.Contains(msg, "意见") {
		t.Fatalf("empty comment: message next to the field %q", msg)
	}
	if v := citizen.value(pub + ` [name="author"]`); v != "市民钱女士" {
		t.Fatalf("the name typed was lost: %q", v)
	}
	citizen.fill(pub, field{"body", "建议保留老年人免费乘车"})
	citizen.submit(pub)
	ref := citizen.text(".receipt-ref")
	code := citizen.text(".receipt-code")
	citizen.check("public-comment-received")
	if len(a.decision(id).Comments) != 1 || a.decision(id).Comments[0].Ref != ref {
		t.Fatalf("the comment %q did not reach the records", ref)
	}
	// Later, on a phone: the citizen looks the comment up with the number and code of the receipt.
	lookup := func(kind, want string) {
		citizen.do("phone", chromedp.EmulateViewport(390, 844))
		citizen.open("/public/receipts", "public-receipts")
		citizen.fill(`form.public-form`, field{"ref", ref}, field{"code", strings.ToLower(code)})
		citizen.submit(`form.public-form`)
		citizen.check(kind)
		if got := citizen.text(".receipt-status"); !strings.Contains(got, want) {
			t.Fatalf("receipt lookup: status %q, want %q", got, want)
		}
		if w := evalIn[int](citizen, `document.documentElement.scrollWidth`); w > 390 {
			t.Errorf("the receipt is %d px wide on a 390 px screen", w)
		}
		citizen.do("desktop", chromedp.EmulateViewport(1280, 900))
	}
	lookup("public-receipt-pending", "待承办单位研究处理")

	// Refusal 3, a legal gate: the comment period has not run its 30 days (条例第15条).
	staff.open(dpath(""), "decision-consultation")
	staff.submit(form("/events/to_hearing"))
	if errs := strings.Join(staff.errors(), " "); !strings.Contains(errs, "条例第15条") {
		t.Fatalf("leaving consultation early: %q", errs)
	}
	staff.check("decision-refused-gate")
	expect(workflow.Consultation)

	later(31, "clerk")
	cid := strconv.FormatInt(a.decision(id).Comments[0].ID, 10)
	record("comments/"+cid+"/disposition", field{"disposition", "adopted"}, field{"reason", "已在第五条体现"})
	record("feedback", field{"published_on", a.day(0)}, field{"channel", "市人民政府门户网站"}, field{"summary", "共收到意见1条，采纳1条"})
	lookup("public-receipt-disposed", "采纳")
	fire(workflow.ToHearing, workflow.Hearing)

	// 听证 → 风险评估 → 合法性审查
	// The hearing is announced for a day ahead; its record is signed once it was held.
	record("hearing", field{"notice_published_on", a.day(0)}, field{"notice_channel", "市人民政府门户网站"},
		field{"held_on", a.day(12)}, field{"place", "市政府第三会议室"}, field{"selection_method", "自愿报名、随机抽取"},
		field{"selection_published_on", a.day(0)}, field{"list_published_on", a.day(0)}, field{"materials_delivered_on", a.day(0)})
	record("participants", field{"name", "王五"}, field{"category", "利害关系人"}, field{"organisation", "公交乘客"})
	later(13, "clerk")
	record("hearing", field{"record_signed", "1"}, field{"record_summary", "听证笔录经参加人签字确认"}, field{"opinions_handling", "意见已分类整理"})
	fire(workflow.ToRisk, workflow.RiskAssessment)
	risk := []field{{"methods", "舆论跟踪、抽样调查"}, {"risk_points", "票价上涨引发不满"}, {"measures", "分步实施"},
		{"contingency", "应急预案"}, {"assessor", "市发展改革委"}, {"assessor_unit", "unit:" + strconv.FormatInt(a.units["市发展和改革委员会"], 10)},
		{"controllable", "1"}, {"assessed_on", a.day(0)}}
	for _, dim := range workflow.Dimensions {
		risk = append(risk, field{string(dim) + "_level", "medium"}, field{string(dim) + "_analysis", "风险可控"})
	}
	record("risk", risk...)
	fire(workflow.ToReview, workflow.LegalityReview)
	record("submissions", field{"legal_basis", "《价格法》"}, field{"procedures", "已履行公众参与、专家论证、听证、风险评估程序"})

	// The reviewer signs with the password. Refusal 4, a wrong password: the opinion typed is
	// kept, the password is not.
	as("reviewer")
	staff.open(dpath("/review"), "review-sign")
	sign := form("/review")
	staff.fill(sign, field{"conclusion", "legal"}, field{"authority", "权限合法"}, field{"procedure", "程序合法"},
		field{"substance", "内容合法"}, field{"advisers", "法律顾问李律师"}, field{"password", "wrong-password"})
	staff.submit(sign)
	if msg := staff.text("#review-password-err"); msg == "" {
		t.Fatal("wrong password: no message next to the password field")
	}
	if staff.value(sign+` [name="authority"]`) != "权限合法" || staff.value(sign+` [name="password"]`) != "" {
		t.Fatal("wrong password: the opinion was lost or the password echoed")
	}
	staff.check("review-refused")
	staff.fill(sign, field{"password", testPassword})
	staff.submit(sign)
	expect(workflow.CollectiveDiscussion)

	// The secretary records the meeting after the review time and the head's decision.
	later(12, "secretary")
	record("meetings", field{"kind", "standing"}, field{"number", "第21次常务会议"}, field{"held_on", a.day(0)},
		field{"attendees", "市长、副市长、秘书长"}, field{"legal_head_attended", "1"})
	record("opinions", field{"speaker", "副市长 孙立"}, field{"position", "副市长"}, field{"stance", "for"}, field{"text", "同意"})
	record("opinions", field{"speaker", "市长 周强"}, field{"position", "市长"}, field{"is_head", "1"}, field{"stance", "for"}, field{"text", "同意实施"})
	record("head-decision", field{"head", "approve"})
	expect(workflow.Published)
	staff.check("decision-published")
	record("party-report", field{"reported_on", a.day(0)}, field{"note", "已向市委请示报告"})
	record("publication", field{"doc_number", "澜政发〔2026〕12号"}, field{"published_on", a.day(0)},
		field{"channels", "政府公报、门户网站"}, field{"text", "正文"}, field{"explanation", "公众和专家意见采纳情况说明"})
	fire(workflow.Implement, workflow.Implementation)
	citizen.open("/public/decisions/"+strconv.FormatInt(id, 10), "public-decision")

	// The clerk records the implementation. Refusal 5, a stale page: someone else wrote in the
	// meantime, the page says so and keeps what was typed.
	as("clerk")
	rep := form("/reports")
	staff.fill(rep, field{"kind", "progress"}, field{"executing_unit", "市交通运输局"}, field{"body", "已按新票价运营"},
		field{"reported_on", a.day(0)})
	other := a.login("clerk")
	other.mustSend(id, "/reports", map[string][]string{"kind": {"problem"}, "executing_unit": {"市交通运输局"},
		"body": {"部分线路客流下降"}, "reported_on": {a.day(0)}})
	staff.submit(rep)
	if errs := strings.Join(staff.errors(), " "); !strings.Contains(errs, "您本人") {
		t.Fatalf("stale page: the conflict should say the clerk changed it in another window: %q", errs)
	}
	if staff.value(rep+` [name="body"]`) != "已按新票价运营" {
		t.Fatal("stale page: the report typed was lost")
	}
	staff.check("decision-conflict")
	staff.submit(rep)
	if n := len(a.decision(id).Reports); n != 2 {
		t.Fatalf("after the conflict, %d reports, want 2", n)
	}
	fire(workflow.Evaluate, workflow.PostEvaluation, field{"reason", "实施满一年，按计划评估"})
	// The evaluator is a third party the admin registered (条例第36条: not the risk assessor).
	if r := a.login("admin").post("/admin/bodies", url.Values{"name": {"江澜学院公共管理学院"}}); r.status != http.StatusSeeOther {
		t.Fatalf("register a third party: %d", r.status)
	}
	staff.open(dpath(""), "decision-evaluation")
	record("evaluation", field{"trigger", "实施满一年"}, field{"evaluators", "第三方评估机构、公众代表"},
		field{"evaluator_unit", "body:1"}, field{"third_party", "1"}, field{"opinions", "满意度较高"},
		field{"conclusion", "continue"}, field{"reasons", "预期目标基本实现"}, field{"evaluated_on", a.day(0)})
	fire(workflow.Close, workflow.Closed)
	staff.open("/decisions", "decision-list")
	staff.open("/search?q="+"票价", "search")

	// Refusal 6, a page outside the role: the clerk is told so, in words.
	staff.open("/overdue", "forbidden")
	if msg := staff.text("main"); !strings.Contains(msg, "无权") {
		t.Fatalf("a clerk on the overdue list: %q", msg)
	}

	// The auditor reads the history and the dossier and verifies the chain.
	as("auditor")
	staff.open(dpath("/history"), "history")
	if n := evalIn[int](staff, `document.querySelectorAll('.timeline li').length`); n != a.eventCount(id) {
		t.Fatalf("history shows %d events, the store has %d", n, a.eventCount(id))
	}
	staff.open(dpath("/dossier"), "dossier")
	staff.open("/audit", "audit")
	staff.submit(`form[action="/audit/verify"]`)
	if msg := staff.text(".alert-ok"); !strings.Contains(msg, "完整") && !strings.Contains(msg, "通过") {
		t.Fatalf("verify: %q", msg)
	}
	staff.check("audit-verified")
	staff.open("/audit/anomalies", "anomalies")
	staff.open("/overdue", "overdue")
	staff.open("/reports", "reports")
	staff.open("/catalog", "catalog")
	citizen.open("/public/catalog", "public-catalog")
	t.Logf("journeys: %d kinds of page checked with axe-core and the keyboard", b.pages)
}
