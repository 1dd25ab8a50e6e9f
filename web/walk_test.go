package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"juece/workflow"
)

// TestWalkProposalToClosed takes one decision from proposal to closed through the real router,
// each step as the role the law gives it, and checks on the way that the clock-bound gates
// refuse until their time has come.
func TestWalkProposalToClosed(t *testing.T) {
	a := newApp(t)
	clerk, sec, rev := a.login("clerk"), a.login("secretary"), a.login("reviewer")
	relogin := func() { clerk, sec, rev = a.login("clerk"), a.login("secretary"), a.login("reviewer") }
	id := clerk.createDecision("城市公共交通票价调整方案")
	expect := func(want workflow.State) {
		t.Helper()
		if got := a.decision(id).State; got != want {
			t.Fatalf("state: want %s, got %s", want, got)
		}
	}

	// 决策启动 → 起草
	sec.mustSend(id, "/start", url.Values{"decided_on": {a.day(0)}, "basis": {"市政府第15次常务会议纪要"}})
	expect(workflow.Drafting)
	clerk.mustSend(id, "/flags", url.Values{"affects_interests": {"1"}, "technical": {"1"}, "stability_risk": {"1"}, "hearing_chosen": {"1"}})
	clerk.mustSend(id, "/revisions", url.Values{"body": {"第一条 为规范城市公共交通票价……"}, "note": {"初稿"}})
	clerk.mustSend(id, "/events/submit", url.Values{})
	expect(workflow.Consultation)

	// 征求意见: the comment period must run its 30 days before the stage can close.
	clerk.mustSend(id, "/methods", url.Values{"method": {"symposium"}, "held_on": {a.day(0)}, "participants": {"市民代表12人"}, "summary": {"多数赞成换乘优惠"}})
	clerk.mustSend(id, "/notice", url.Values{"channel": {"市人民政府门户网站"}, "how_to_submit": {"网上留言或信函"},
		"explanation": {"起草说明"}, "starts_on": {a.day(0)}, "ends_on": {a.day(29)}, "published_on": {a.day(0)}})
	clerk.mustSend(id, "/comments", url.Values{"source": {"信函"}, "author": {"市民甲"}, "body": {"建议保留老年人免费乘车"}, "received_on": {a.day(0)}})
	clerk.mustSend(id, "/experts", url.Values{"name": {"陈教授"}, "field": {"交通经济"}, "organisation": {"某大学"},
		"opinion": {"方案总体可行"}, "conclusion": {"科学、合理、可行"}, "signed": {"1"}, "signed_on": {a.day(0)}, "no_interest": {"1"}})
	r := clerk.send(id, "/events/to_hearing", url.Values{})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.text(), "条例第15条") {
		t.Fatalf("leaving consultation early: want 422 citing 条例第15条, got %d: %s", r.status, r.text())
	}
	a.clock.Add(31 * 24 * time.Hour)
	relogin() // the jump outlived the sessions
	comment := a.decision(id).Comments[0]
	clerk.mustSend(id, "/comments/"+itoa(comment.ID)+"/disposition", url.Values{"disposition": {"adopted"}, "reason": {"已在第五条体现"}})
	clerk.mustSend(id, "/feedback", url.Values{"published_on": {a.day(0)}, "channel": {"市人民政府门户网站"}, "summary": {"共收到意见1条，采纳1条"}})
	r = clerk.send(id, "/events/skip_hearing", url.Values{"reason": {"不需要"}})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.text(), "条例第16条") {
		t.Fatalf("skipping a chosen hearing: want 422 citing 条例第16条, got %d", r.status)
	}
	clerk.mustSend(id, "/events/to_hearing", url.Values{})
	expect(workflow.Hearing)

	// 听证: announced for a day ahead; the record is signed once it was held.
	hearing := url.Values{"notice_published_on": {a.day(0)}, "notice_channel": {"市人民政府门户网站"},
		"held_on": {a.day(12)}, "place": {"市政府第三会议室"}, "selection_method": {"自愿报名、随机抽取"},
		"selection_published_on": {a.day(0)}, "list_published_on": {a.day(0)}, "materials_delivered_on": {a.day(0)},
		"record_signed": {"1"}, "record_summary": {"听证笔录经参加人签字确认"}, "opinions_handling": {"意见已分类整理并采纳两条"}}
	if r := clerk.send(id, "/hearing", hearing); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.text(), "条例第17条") {
		t.Fatalf("a record signed before the hearing: want 422 citing 条例第17条, got %d", r.status)
	}
	hearing.Del("record_signed")
	clerk.mustSend(id, "/hearing", hearing)
	clerk.mustSend(id, "/participants", url.Values{"name": {"王五"}, "category": {"利害关系人"}, "organisation": {"公交乘客"}})
	if r := clerk.send(id, "/events/to_risk", url.Values{}); r.status != http.StatusUnprocessableEntity {
		t.Fatalf("leaving the hearing before it was held: want 422, got %d", r.status)
	}
	a.clock.Add(13 * 24 * time.Hour)
	relogin()
	hearing.Set("record_signed", "1")
	clerk.mustSend(id, "/hearing", hearing)
	clerk.mustSend(id, "/events/to_risk", url.Values{})
	expect(workflow.RiskAssessment)

	// 风险评估
	risk := url.Values{"methods": {"舆论跟踪、抽样调查"}, "risk_points": {"票价上涨引发不满"}, "measures": {"分步实施"},
		"contingency": {"应急预案"}, "assessor": {"市发展改革委"}, "assessor_unit": {"unit:" + itoa(a.units["市发展和改革委员会"])},
		"controllable": {"1"}, "assessed_on": {a.day(0)}}
	for _, dim := range workflow.Dimensions {
		risk.Set(string(dim)+"_level", "medium")
		risk.Set(string(dim)+"_analysis", "风险可控")
	}
	clerk.mustSend(id, "/risk", risk)
	clerk.mustSend(id, "/events/to_review", url.Values{})
	expect(workflow.LegalityReview)

	// 合法性审查: the reviewer confirms the sign-off with the password.
	clerk.mustSend(id, "/submissions", url.Values{"legal_basis": {"《价格法》"}, "procedures": {"已履行公众参与、专家论证、听证、风险评估程序"}})
	submitted := a.clock.Now()
	review := url.Values{"conclusion": {"legal"}, "authority": {"权限合法"}, "procedure": {"程序合法"},
		"substance": {"内容合法"}, "advisers": {"法律顾问李律师"}, "password": {"wrong-password"}}
	review.Set("version", rev.version(id))
	r = rev.post("/decisions/"+itoa(id)+"/review", review)
	if r.status != http.StatusUnprocessableEntity || r.doc.Find(`input[name="password"]`).AttrOr("value", "") != "" {
		t.Fatalf("wrong password: want 422 without echoing it, got %d", r.status)
	}
	if r.doc.Find(`textarea[name="authority"]`).Text() != "权限合法" {
		t.Fatal("the typed opinion was not kept")
	}
	review.Set("password", testPassword)
	review.Set("version", rev.version(id))
	if r := rev.post("/decisions/"+itoa(id)+"/review", review); r.status != http.StatusSeeOther {
		t.Fatalf("sign review: %d %s", r.status, r.text())
	}
	expect(workflow.CollectiveDiscussion)

	// 集体讨论决定: not before 7 working days after the submission.
	meeting := url.Values{"kind": {"standing"}, "number": {"第20次常务会议"}, "held_on": {a.day(0)}, "attendees": {"市长、副市长、秘书长"},
		"legal_head_attended": {"1"}}
	sec.mustSend(id, "/meetings", meeting)
	sec.mustSend(id, "/opinions", url.Values{"speaker": {"副市长 孙立"}, "position": {"副市长"}, "stance": {"for"}, "text": {"同意"}})
	sec.mustSend(id, "/opinions", url.Values{"speaker": {"市长 周强"}, "position": {"市长"}, "is_head": {"1"}, "stance": {"for"}, "text": {"同意实施"}})
	r = sec.send(id, "/head-decision", url.Values{"head": {"approve"}})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.text(), "条例第26条") {
		t.Fatalf("meeting the same day as the submission: want 422 citing 条例第26条, got %d: %s", r.status, r.text())
	}
	a.clock.Add(12 * 24 * time.Hour)
	relogin()
	if a.clock.Now().Sub(submitted) < 9*24*time.Hour {
		t.Fatal("clock did not move")
	}
	meeting.Set("number", "第21次常务会议")
	meeting.Set("held_on", a.day(0))
	sec.mustSend(id, "/meetings", meeting)
	sec.mustSend(id, "/opinions", url.Values{"speaker": {"副市长 孙立"}, "position": {"副市长"}, "stance": {"against"}, "text": {"票价涨幅过大，不同意"}})
	sec.mustSend(id, "/opinions", url.Values{"speaker": {"市长 周强"}, "position": {"市长"}, "is_head": {"1"}, "stance": {"for"}, "text": {"同意实施"}})
	r = sec.send(id, "/head-decision", url.Values{"head": {"approve"}})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.text(), "条例第30条") {
		t.Fatalf("deciding against the majority without a reason: want 422 citing 条例第30条, got %d: %s", r.status, r.text())
	}
	// 不予通过 asks first; 返回修改 gives the form back as typed, nothing decided.
	reject := url.Values{"head": {"reject"}, "reason": {"涨幅过大，暂不实施"}}
	if r := sec.send(id, "/head-decision", reject); r.status != http.StatusOK || r.doc.Find("form.confirm-form").Length() != 1 ||
		!strings.Contains(r.text(), "确认不予通过") || !strings.Contains(r.text(), "涨幅过大，暂不实施") {
		t.Fatalf("不予通过: want its confirmation page, got %d: %s", r.status, r.text())
	}
	reject.Set("confirm", "back")
	if r := sec.send(id, "/head-decision", reject); r.status != http.StatusOK ||
		r.doc.Find(`form[action$="/head-decision#form-head"] option[value="reject"][selected]`).Length() != 1 {
		t.Fatalf("返回修改 after 不予通过: %d", r.status)
	}
	expect(workflow.CollectiveDiscussion)
	sec.mustSend(id, "/head-decision", url.Values{"head": {"approve"}, "reason": {"已充分听取意见，分步实施可化解涨幅问题"}})
	expect(workflow.Published)

	// 决策公布 → 执行 → 后评估 → 办结
	sec.mustSend(id, "/party-report", url.Values{"reported_on": {a.day(0)}, "note": {"已向市委请示报告"}})
	publication := url.Values{"doc_number": {"×政发〔2026〕12号"}, "published_on": {a.day(0)},
		"channels": {"政府公报、门户网站"}, "text": {"正文"}, "explanation": {"公众和专家意见采纳情况说明"}}
	publication.Set("doc_number", "×政发[2026]12号")
	if r := sec.send(id, "/publication", publication); r.status != http.StatusUnprocessableEntity ||
		!strings.Contains(r.doc.Find("#publication-doc_number-err").Text(), "六角括号") {
		t.Fatalf("a document number in square brackets: want 422 next to the field, got %d: %s", r.status, r.text())
	}
	publication.Set("doc_number", "×政发〔2026〕12号")
	if r := sec.send(id, "/publication", publication); r.status != http.StatusOK || r.doc.Find("form.confirm-form").Length() != 1 ||
		a.decision(id).Publication != nil {
		t.Fatalf("publication: want its confirmation page first, got %d: %s", r.status, r.text())
	}
	publication.Set("confirm", "yes")
	sec.mustSend(id, "/publication", publication)
	sec.mustSend(id, "/events/implement", url.Values{})
	expect(workflow.Implementation)
	clerk.mustSend(id, "/reports", url.Values{"kind": {"progress"}, "executing_unit": {"市交通运输局"}, "body": {"已按新票价运营"}, "reported_on": {a.day(0)}})
	clerk.mustSend(id, "/events/evaluate", url.Values{"reason": {"实施满一年，按计划评估"}})
	expect(workflow.PostEvaluation)
	// The evaluator is a third party the admin registered; the assessor's own unit may not be it.
	if r := a.login("admin").post("/admin/bodies", url.Values{"name": {"江澜学院公共管理学院"}}); r.status != http.StatusSeeOther {
		t.Fatalf("register a third party: %d %s", r.status, r.text())
	}
	evaluation := url.Values{"trigger": {"实施满一年"}, "evaluators": {"第三方评估机构、公众代表"},
		"evaluator_unit": {"unit:" + itoa(a.units["市发展和改革委员会"])}, "third_party": {"1"}, "opinions": {"满意度较高"},
		"conclusion": {"continue"}, "reasons": {"预期目标基本实现"}, "evaluated_on": {a.day(0)}}
	if r := clerk.send(id, "/evaluation", evaluation); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.text(), "条例第36条") {
		t.Fatalf("the risk assessor evaluating: want 422 citing 条例第36条, got %d", r.status)
	}
	clerk.mustSend(id, "/evaluation", url.Values{"trigger": {"实施满一年"}, "evaluators": {"第三方评估机构、公众代表"},
		"evaluator_unit": {"body:1"}, "third_party": {"1"}, "opinions": {"满意度较高"}, "conclusion": {"continue"},
		"reasons": {"预期目标基本实现"}, "evaluated_on": {a.day(0)}})
	clerk.mustSend(id, "/events/close", url.Values{"confirm": {"yes"}})
	expect(workflow.Closed)

	// The history holds every step, and the history page shows it.
	events, err := a.db.History(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	transitions := 0
	for _, e := range events {
		if e.ToState != "" && e.FromState != "" {
			transitions++
		}
	}
	if transitions != 10 {
		t.Fatalf("want 10 state changes in the history, got %d", transitions)
	}
	aud := a.login("auditor")
	if _, doc := aud.get("/audit/anomalies"); !strings.Contains(doc.Find("main").Text(), "与多数意见不一致") {
		t.Fatal("the head's decision against the majority is not flagged for the auditor")
	}
	st, doc := aud.get("/decisions/" + itoa(id) + "/history")
	if st != http.StatusOK || doc.Find(".timeline li").Length() != len(events) {
		t.Fatalf("history page: %d, %d items for %d events", st, doc.Find(".timeline li").Length(), len(events))
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
