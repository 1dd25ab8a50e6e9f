package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"juece/store"
	"juece/workflow"
)

// unchanged asserts that a refused request left decision id exactly as it was.
func (a *app) unchanged(t *testing.T, id int64, state workflow.State, version int64, events int) {
	t.Helper()
	d := a.decision(id)
	if d.State != state || d.Version != version || a.eventCount(id) != events {
		t.Fatalf("a refusal changed the decision: state %s→%s, version %d→%d, events %d→%d",
			state, d.State, version, d.Version, events, a.eventCount(id))
	}
}

// refused posts form to path of decision id and expects 422 naming the article, with nothing
// changed.
func (a *app) refused(t *testing.T, c *client, id int64, path string, form url.Values, article string) response {
	t.Helper()
	before := a.decision(id)
	events := a.eventCount(id)
	r := c.send(id, path, form)
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.text(), article) {
		t.Fatalf("POST %s: want 422 naming %s, got %d: %s", path, article, r.status, r.text())
	}
	a.unchanged(t, id, before.State, before.Version, events)
	return r
}

// inConsultation registers a decision and takes it to consultation through the forms.
func (a *app) inConsultation(t *testing.T, title string) (int64, *client) {
	t.Helper()
	clerk, sec := a.login("clerk"), a.login("secretary")
	id := clerk.createDecision(title)
	sec.mustSend(id, "/start", url.Values{"decided_on": {a.day(0)}, "basis": {"市政府常务会议纪要"}})
	clerk.mustSend(id, "/flags", url.Values{"affects_interests": {"1"}})
	clerk.mustSend(id, "/revisions", url.Values{"body": {"第一条 征求意见稿"}, "note": {"初稿"}})
	clerk.mustSend(id, "/events/submit", url.Values{})
	return id, clerk
}

// TestBackDatedConsultation: a comment period typed before the decision was even registered
// is a late entry (补录): refused without the reason, accepted with it and shown to auditors
// and on the decision page.
func TestBackDatedConsultation(t *testing.T) {
	a := newApp(t)
	id, clerk := a.inConsultation(t, "城市公共交通票价调整方案")
	notice := url.Values{"channel": {"市人民政府门户网站"}, "how_to_submit": {"信函"}, "explanation": {"起草说明"},
		"starts_on": {a.day(-61)}, "ends_on": {a.day(-16)}, "published_on": {a.day(-61)}}
	r := a.refused(t, clerk, id, "/notice", notice, workflow.LateBasis)
	if !strings.Contains(r.doc.Find("#notice-late_reason-err").Text(), "补录") {
		t.Fatalf("the refusal does not ask for the reason next to its field: %s", r.text())
	}
	if got := r.doc.Find(`input[name="starts_on"]`).AttrOr("value", ""); got != a.day(-61) {
		t.Errorf("the typed start date was not kept: %q", got)
	}
	notice.Set("late_reason", "该事项系在本系统上线前以纸质方式征求意见，现据归档材料补录")
	clerk.mustSend(id, "/notice", notice)
	d := a.decision(id)
	if len(d.LateEntries) != 1 || d.LateEntries[0].Record != workflow.RecNotice || !strings.Contains(d.LateEntries[0].Reason, "纸质") {
		t.Fatalf("late entries: %+v", d.LateEntries)
	}
	if _, doc := clerk.get("/decisions/" + itoa(id)); !strings.Contains(doc.Find("#corrections").Text(), "补录") {
		t.Error("the decision page does not show the late entry")
	}
	aud := a.login("auditor")
	if _, doc := aud.get("/audit/anomalies"); !strings.Contains(doc.Find("main").Text(), "补录公开征求意见公告") {
		t.Error("the late entry is not flagged on /audit/anomalies")
	}
	// A date in the future is no late entry but a mistake: refused whatever the reason.
	notice.Set("published_on", a.day(1))
	notice.Set("starts_on", a.day(1))
	notice.Set("ends_on", a.day(40))
	a.refused(t, clerk, id, "/notice", notice, "条例第15条")
}

// TestMeetingDates: the meeting is recorded once held, and never before the legality review
// was signed (条例第25条); the review clock counts from the system's own time of submission.
func TestMeetingDates(t *testing.T) {
	a := newApp(t)
	id := a.seedPublished("老旧小区改造三年行动方案") // published on the clock's day
	// Take a fresh decision to collective discussion with its review signed now.
	d := a.decision(id)
	if d.State != workflow.Published && d.State != workflow.Implementation {
		t.Fatalf("seeded state %s", d.State)
	}
	id2 := a.inReviewSigned(t, "既有住宅增设电梯实施办法")
	sec := a.login("secretary")
	meeting := url.Values{"kind": {"standing"}, "number": {"第30次常务会议"}, "held_on": {a.day(30)},
		"attendees": {"市长、副市长、秘书长"}, "legal_head_attended": {"1"}, "pack_draft": {"1"},
		"pack_public_report": {"1"}, "pack_risk_report": {"1"}, "pack_legality": {"1"}}
	a.refused(t, sec, id2, "/meetings", meeting, "条例第30条")
	meeting.Set("held_on", a.day(-1)) // the day before the review was signed
	a.refused(t, sec, id2, "/meetings", meeting, "条例第25条")
	meeting.Set("held_on", a.day(0))
	sec.mustSend(id2, "/meetings", meeting)
}

// inReviewSigned takes a decision to collective discussion: every stage through the forms, the
// consultation's thirty days and the review clock run on the test clock, the review signed now.
func (a *app) inReviewSigned(t *testing.T, title string) int64 {
	t.Helper()
	id, clerk := a.inConsultation(t, title)
	clerk.mustSend(id, "/methods", url.Values{"method": {"symposium"}, "held_on": {a.day(0)}, "participants": {"居民代表"}, "summary": {"赞成"}})
	clerk.mustSend(id, "/notice", url.Values{"channel": {"门户网站"}, "how_to_submit": {"信函"}, "explanation": {"说明"},
		"starts_on": {a.day(0)}, "ends_on": {a.day(29)}, "published_on": {a.day(0)}})
	a.clock.Add(31 * 24 * time.Hour)
	clerk = a.login("clerk")
	clerk.mustSend(id, "/feedback", url.Values{"published_on": {a.day(0)}, "channel": {"门户网站"}, "summary": {"无意见"}})
	clerk.mustSend(id, "/events/skip_hearing", url.Values{"reason": {"不涉及特定群体重大利益"}})
	clerk.mustSend(id, "/events/skip_risk", url.Values{"reason": {"不涉及社会稳定风险"}})
	clerk.mustSend(id, "/submissions", url.Values{"legal_basis": {"《城乡规划法》"}, "procedures": {"已公开征求意见"}})
	a.clock.Add(12 * 24 * time.Hour)
	rev := a.login("reviewer")
	review := url.Values{"conclusion": {"legal"}, "authority": {"权限合法"}, "procedure": {"程序合法"},
		"substance": {"内容合法"}, "advisers": {"法律顾问"}, "password": {testPassword}, "version": {rev.version(id)}}
	if r := rev.post("/decisions/"+itoa(id)+"/review", review); r.status != http.StatusSeeOther {
		t.Fatalf("sign review: %d %s", r.status, r.text())
	}
	if s := a.decision(id).State; s != workflow.CollectiveDiscussion {
		t.Fatalf("state %s, want collective discussion", s)
	}
	return id
}

// TestVoidWithTrace voids one record of each kind a clerk adds in consultation, and checks that
// the gate stops counting it, the page shows it struck through, and the history has one event.
func TestVoidWithTrace(t *testing.T) {
	a := newApp(t)
	id, clerk := a.inConsultation(t, "城市公共交通票价调整方案")
	clerk.mustSend(id, "/methods", url.Values{"method": {"symposium"}, "held_on": {a.day(0)}, "participants": {"居民代表"}, "summary": {"赞成"}})
	clerk.mustSend(id, "/comments", url.Values{"source": {"信函"}, "body": {"误登记的意见"}})
	clerk.mustSend(id, "/experts", url.Values{"name": {"陈教授"}, "field": {"交通"}, "organisation": {"某大学"},
		"opinion": {"可行"}, "conclusion": {"可行"}, "signed": {"1"}, "signed_on": {a.day(0)}, "no_interest": {"1"}})
	d := a.decision(id)
	for _, x := range []struct {
		rec workflow.Record
		id  int64
	}{{workflow.RecMethod, d.Methods[0].ID}, {workflow.RecComment, d.Comments[0].ID}, {workflow.RecExpert, d.Experts[0].ID}} {
		ref := string(x.rec) + ":" + itoa(x.id)
		a.refused(t, clerk, id, "/void", url.Values{"record": {ref}}, workflow.VoidBasis) // no reason
		events := a.eventCount(id)
		clerk.mustSend(id, "/void", url.Values{"record": {ref}, "reason": {"登记有误"}})
		if a.eventCount(id) != events+1 {
			t.Errorf("void %s: %d events, want one more than %d", ref, a.eventCount(id), events)
		}
	}
	if _, doc := clerk.get("/decisions/" + itoa(id)); !strings.Contains(doc.Find("#flash").Text(), "已作废") {
		t.Errorf("no answer after the void: %q", doc.Find("#flash").Text())
	}
	d = a.decision(id)
	if len(d.Methods)+len(d.Comments)+len(d.Experts) != 0 || len(d.Voids) != 3 {
		t.Fatalf("after voiding: %d methods, %d comments, %d experts, %d voids", len(d.Methods), len(d.Comments), len(d.Experts), len(d.Voids))
	}
	// The gate no longer counts the voided method.
	r := clerk.send(id, "/events/skip_hearing", url.Values{"reason": {"无须听证"}})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.text(), "尚未记录任何听取意见的方式") {
		t.Errorf("the gate still counts the voided method: %d", r.status)
	}
	_, doc := clerk.get("/decisions/" + itoa(id))
	if n := doc.Find("#corrections del").Length(); n != 3 {
		t.Errorf("%d struck-through records on the page, want 3", n)
	}
	// Voiding twice, or a record of another kind's id, is refused.
	a.refused(t, clerk, id, "/void", url.Values{"record": {"method:" + itoa(d.Voids[0].RecordID)}, "reason": {"再次作废"}}, "作废")
}

// TestVoidSignedRecordsRefused: opinions and meetings once the head decided, and a review, can
// never be voided.
func TestVoidSignedRecordsRefused(t *testing.T) {
	a := newApp(t)
	id := a.seedPublished("城市公共交通票价调整方案")
	d := a.decision(id)
	sec := a.login("secretary")
	if len(d.Meetings) == 0 || len(d.Meetings[0].Opinions) == 0 {
		t.Fatal("seeded decision has no meeting opinions")
	}
	for _, ref := range []string{"opinion:" + itoa(d.Meetings[0].Opinions[0].ID), "meeting:" + itoa(d.Meetings[0].ID)} {
		before, events := a.decision(id), a.eventCount(id)
		r := sec.send(id, "/void", url.Values{"record": {ref}, "reason": {"试图作废"}})
		if r.status == http.StatusSeeOther {
			t.Fatalf("voiding %s after the head's decision was accepted", ref)
		}
		a.unchanged(t, id, before.State, before.Version, events)
	}
	if r := sec.send(id, "/void", url.Values{"record": {"review:" + itoa(d.Reviews[0].ID)}, "reason": {"试图作废"}}); r.status == http.StatusSeeOther {
		t.Fatal("a signed review was voided")
	}
}

// TestWithdrawalRequested: the clerk asks, with a reason, on a page that says what will happen;
// the government office declines with a reason or withdraws; each step is one history event.
func TestWithdrawalRequested(t *testing.T) {
	a := newApp(t)
	clerk, sec := a.login("clerk"), a.login("secretary")
	id := clerk.createDecision("城区停车收费标准调整")
	if r := clerk.send(id, "/events/withdraw", url.Values{"reason": {"情况变化"}}); r.status != http.StatusForbidden {
		t.Fatalf("a clerk withdrawing alone: want 403, got %d", r.status)
	}
	st, doc := clerk.get("/decisions/" + itoa(id) + "/withdraw")
	if st != http.StatusOK || !strings.Contains(doc.Find("main").Text(), "不能恢复") || doc.Find(`textarea[name="reason"]`).Length() != 1 {
		t.Fatalf("the request page does not say what will happen: %d", st)
	}
	a.refused(t, clerk, id, "/withdrawal", url.Values{"reason": {""}}, "条例第10—11条")
	events := a.eventCount(id)
	clerk.mustSend(id, "/withdrawal", url.Values{"reason": {"上级已统一部署，本市不再单独决策"}})
	if a.eventCount(id) != events+1 || a.decision(id).PendingWithdrawal() == nil || a.decision(id).State != workflow.Proposed {
		t.Fatal("the request was not recorded as one event, or it changed the state")
	}
	a.refused(t, clerk, id, "/withdrawal", url.Values{"reason": {"再次申请"}}, "尚未作出决定")
	// Declined with a reason: the decision goes on.
	a.refused(t, sec, id, "/withdrawal/decline", url.Values{"reason": {""}}, "条例第10—11条")
	sec.mustSend(id, "/withdrawal/decline", url.Values{"reason": {"该事项已列入年度目录，须继续推进"}})
	d := a.decision(id)
	if d.PendingWithdrawal() != nil || d.State != workflow.Proposed || d.Withdrawals[0].Withdrawn {
		t.Fatalf("after the decline: %+v", d.Withdrawals)
	}
	// Asked again and granted: the secretary withdraws, which settles the request.
	clerk.mustSend(id, "/withdrawal", url.Values{"reason": {"情况发生重大变化"}})
	_, doc = sec.get("/decisions/" + itoa(id))
	if !strings.Contains(doc.Find("#withdrawal").Text(), "情况发生重大变化") ||
		!strings.Contains(doc.Find(`form[action$="/events/withdraw#form-ev-withdraw"] textarea`).Text(), "情况发生重大变化") {
		t.Fatal("the government office does not see the pending request with its reason")
	}
	sec.mustSend(id, "/events/withdraw", url.Values{"reason": {"同意撤回：情况发生重大变化"}})
	d = a.decision(id)
	if d.State != workflow.Withdrawn || !d.Withdrawals[1].Withdrawn || d.Withdrawals[1].SettledAt.IsZero() {
		t.Fatalf("after the withdrawal: %s %+v", d.State, d.Withdrawals)
	}
}

// TestFlagsChangedAfterDrafting: once the draft is out, changing an attribute needs a reason,
// and dropping a procedure it asked for also needs the legal office's agreement; auditors see it.
func TestFlagsChangedAfterDrafting(t *testing.T) {
	a := newApp(t)
	id, clerk := a.inConsultation(t, "城市公共交通票价调整方案") // affects_interests ticked in drafting
	flags := url.Values{}                            // affects_interests unticked
	r := a.refused(t, clerk, id, "/flags", flags, workflow.FlagsBasis)
	if !strings.Contains(r.doc.Find("#flags-change_reason-err").Text(), "须写明理由") ||
		!strings.Contains(r.doc.Find("#flags-legal_agreement-err").Text(), "法制机构") {
		t.Fatalf("the refusal does not name both missing fields: %s", r.text())
	}
	flags.Set("change_reason", "经核实本事项仅涉及内部管理")
	a.refused(t, clerk, id, "/flags", flags, "法制机构")
	flags.Set("legal_agreement", "市司法局《关于票价调整事项属性的意见》（澜司函〔2026〕8号）")
	clerk.mustSend(id, "/flags", flags)
	d := a.decision(id)
	if d.Flags.AffectsInterests || len(d.FlagChanges) != 1 || !strings.Contains(d.FlagChanges[0].LegalAgreement, "澜司函") {
		t.Fatalf("flags %+v, changes %+v", d.Flags, d.FlagChanges)
	}
	// Ticking one more needs a reason, but no agreement: it asks for more procedure, not less.
	a.refused(t, clerk, id, "/flags", url.Values{"technical": {"1"}}, workflow.FlagsBasis)
	clerk.mustSend(id, "/flags", url.Values{"technical": {"1"}, "change_reason": {"方案涉及票价测算模型"}})
	aud := a.login("auditor")
	if _, doc := aud.get("/audit/anomalies"); !strings.Contains(doc.Find("main").Text(), "澜司函〔2026〕8号") {
		t.Error("the change of attributes is not flagged for auditors")
	}
}

// TestDraftChangedAfterConsultation: a draft changed since the public saw it holds the stage
// until the clerk either consults anew or records why no new consultation is needed; auditors
// see the reason with the comparison one click away.
func TestDraftChangedAfterConsultation(t *testing.T) {
	a := newApp(t)
	id, clerk := a.inConsultation(t, "城市公共交通票价调整方案")
	clerk.mustSend(id, "/methods", url.Values{"method": {"symposium"}, "held_on": {a.day(0)}, "participants": {"居民代表"}, "summary": {"赞成"}})
	clerk.mustSend(id, "/notice", url.Values{"channel": {"门户网站"}, "how_to_submit": {"信函"}, "explanation": {"说明"},
		"starts_on": {a.day(0)}, "ends_on": {a.day(29)}, "published_on": {a.day(0)}})
	a.clock.Add(31 * 24 * time.Hour)
	clerk = a.login("clerk")
	clerk.mustSend(id, "/feedback", url.Values{"published_on": {a.day(0)}, "channel": {"门户网站"}, "summary": {"无意见"}})
	// A second draft, as after a review sent it back (fixture: straight through the store).
	a.now(id, func(ctx context.Context, tx *store.Tx, d *workflow.Decision, at time.Time) error {
		_, err := tx.AddRevision(ctx, a.users["clerk"].Actor(), at, d, workflow.Revision{Body: "第一条 修改稿：调整了标点", Note: "第二稿"})
		return err
	})
	a.refused(t, clerk, id, "/events/skip_hearing", url.Values{"reason": {"无须听证"}}, "第1稿")
	_, doc := clerk.get("/decisions/" + itoa(id))
	if doc.Find(`#draft_change a[href$="diff?from=1&to=2"]`).Length() != 1 {
		t.Fatal("the page does not link the two drafts' comparison")
	}
	a.refused(t, clerk, id, "/draft-change", url.Values{"reason": {""}}, "条例第15条")
	clerk.mustSend(id, "/draft-change", url.Values{"reason": {"仅调整标点，未改变任何权利义务"}})
	clerk.mustSend(id, "/events/skip_hearing", url.Values{"reason": {"无须听证"}})
	aud := a.login("auditor")
	_, doc = aud.get("/audit/anomalies")
	if !strings.Contains(doc.Find("main").Text(), "仅调整标点") || doc.Find(`main a[href$="diff?from=1&to=2"]`).Length() == 0 {
		t.Error("auditors do not see the reason with the comparison")
	}
}
