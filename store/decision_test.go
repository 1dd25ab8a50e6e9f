package store

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"juece/workflow"
)

// decisionFixture is a database with two units and three users, and a clock that moves one
// minute per write.
type decisionFixture struct {
	t         testing.TB
	ctx       context.Context
	db        *DB
	unit      int64 // 承办单位
	otherUnit int64
	clerk     workflow.Actor
	reviewer  workflow.Actor
	secretary workflow.Actor
	now       time.Time
}

func newDecisionFixture(t testing.TB) *decisionFixture {
	t.Helper()
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "juece.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	f := &decisionFixture{t: t, ctx: ctx, db: db, now: time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)}
	err = db.InTx(ctx, func(tx *Tx) error {
		insert := func(q string, args ...any) int64 {
			res, err := tx.tx.ExecContext(ctx, q, args...)
			if err != nil {
				t.Fatal(err)
			}
			id, _ := res.LastInsertId()
			return id
		}
		f.unit = insert("INSERT INTO units(name, kind, created_at) VALUES ('市住房城乡建设局', 'undertaking', 1)")
		f.otherUnit = insert("INSERT INTO units(name, kind, created_at) VALUES ('市生态环境局', 'undertaking', 1)")
		legal := insert("INSERT INTO units(name, kind, created_at) VALUES ('市司法局', 'legal', 1)")
		office := insert("INSERT INTO units(name, kind, created_at) VALUES ('市政府办公室', 'office', 1)")
		user := func(username, name string, unit int64, role workflow.Role) workflow.Actor {
			id := insert(`INSERT INTO users(username, display_name, unit_id, role, password_hash, password_changed_at, created_at)
				VALUES (?, ?, ?, ?, 'x', 1, 1)`, username, name, unit, string(role))
			return workflow.Actor{UserID: id, Name: name, Role: role, UnitID: unit}
		}
		f.clerk = user("clerk", "张经办", f.unit, workflow.RoleClerk)
		f.reviewer = user("reviewer", "李审查", legal, workflow.RoleReviewer)
		f.secretary = user("secretary", "王秘书", office, workflow.RoleSecretary)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// at is the time of the next write.
func (f *decisionFixture) at() time.Time {
	f.now = f.now.Add(time.Minute)
	return f.now
}

func (f *decisionFixture) create(title string, unit int64) int64 {
	f.t.Helper()
	var id int64
	err := f.db.InTx(f.ctx, func(tx *Tx) (err error) {
		id, err = tx.CreateDecision(f.ctx, f.clerk, f.at(), NewDecision{Title: title, Category: workflow.CategoryPlanning,
			UnitID: unit, Proposal: workflow.Proposal{Kind: workflow.ProposerDepartment, Proposer: "市住房城乡建设局"}})
		return err
	})
	if err != nil {
		f.t.Fatal(err)
	}
	return id
}

// write runs fn on decision id, loaded in a new transaction.
func (f *decisionFixture) write(id int64, fn func(tx *Tx, d *workflow.Decision) error) error {
	return f.db.InTx(f.ctx, func(tx *Tx) error {
		d, err := tx.Decision(f.ctx, id)
		if err != nil {
			return err
		}
		return fn(tx, d)
	})
}

func (f *decisionFixture) history(id int64) []Event {
	f.t.Helper()
	evs, err := f.db.History(f.ctx, id)
	if err != nil {
		f.t.Fatal(err)
	}
	return evs
}

func (f *decisionFixture) load(id int64) *workflow.Decision {
	f.t.Helper()
	d, err := f.db.Decision(f.ctx, id)
	if err != nil {
		f.t.Fatal(err)
	}
	return d
}

// day is 00:00 Shanghai of a day in 2026, as the store returns it (UTC).
func day(month, d int) time.Time {
	return time.Date(2026, time.Month(month), d, 0, 0, 0, 0, workflow.Shanghai).UTC()
}

// zeroFields lists the paths of the zero leaves, nil pointers and empty lists and maps in v.
func zeroFields(path string, v reflect.Value, out *[]string) {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			*out = append(*out, path)
			return
		}
		zeroFields(path, v.Elem(), out)
	case reflect.Struct:
		if v.Type() == reflect.TypeOf(time.Time{}) {
			if v.Interface().(time.Time).IsZero() {
				*out = append(*out, path)
			}
			return
		}
		for i := range v.NumField() {
			zeroFields(path+"."+v.Type().Field(i).Name, v.Field(i), out)
		}
	case reflect.Slice:
		if v.Len() == 0 {
			*out = append(*out, path)
		}
		for i := range v.Len() {
			zeroFields(fmt.Sprintf("%s[%d]", path, i), v.Index(i), out)
		}
	case reflect.Map:
		if v.Type() == reflect.TypeOf(workflow.Values{}) {
			return // a record's added fields exist only once a form describes one (workflow.MoreFields)
		}
		if v.Len() == 0 {
			*out = append(*out, path)
		}
		for _, k := range v.MapKeys() {
			zeroFields(fmt.Sprintf("%s[%v]", path, k), v.MapIndex(k), out)
		}
	default:
		if v.IsZero() {
			*out = append(*out, path)
		}
	}
}

func TestDecisionRoundTrip(t *testing.T) {
	f := newDecisionFixture(t)
	ctx := f.ctx
	id := f.create("关于调整城市公共交通票价的决策", f.unit)
	var written *workflow.Decision
	var actions []string
	err := f.write(id, func(tx *Tx, d *workflow.Decision) error {
		written = d
		step := func(action string, err error) {
			t.Helper()
			if err != nil {
				t.Fatalf("%s: %v", action, err)
			}
			actions = append(actions, action)
		}
		step("update_proposal", tx.UpdateProposal(ctx, f.clerk, f.at(), d, "关于调整城市公共交通票价的决策（修订）",
			workflow.CategoryPublicService, workflow.Proposal{
				Kind: workflow.ProposerLeader, Proposer: "副市长某某", Problem: "票价倒挂", Reasons: "成本上升",
				LegalBasis: "《价格法》", Solution: "阶梯票价", Necessity: "必要且可行", DecisionOrgan: "市人民政府",
				ResponsibleLeader: "副市长某某", CoUnits: "市发展改革委",
			}))
		item, err := tx.AddCatalogItem(ctx, f.secretary, f.at(), CatalogItem{Year: 2026, Title: "公共交通票价调整", UnitID: f.unit, Planned: "2026年第二季度"})
		if err != nil {
			t.Fatal(err)
		}
		step("link_catalog_item", tx.LinkCatalogItem(ctx, f.clerk, f.at(), d, item))
		step("set_start", tx.SetStart(ctx, f.secretary, f.at(), d, workflow.StartRecord{DecidedOn: day(3, 3), Basis: "市政府第5次常务会议", By: "王秘书"}))
		step(string(workflow.Start), tx.transition(ctx, f.secretary, f.at(), d, workflow.Start, workflow.Drafting, ""))
		step("edit_flags", tx.UpdateFlags(ctx, f.clerk, f.at(), d, workflow.Flags{AffectsInterests: true, NotDisclosed: true,
			NotDisclosedReason: "测试理由", Technical: true, StabilityRisk: true, HearingRequired: true, HearingChosen: true, MarketActivity: true}))
		_, err = tx.AddRevision(ctx, f.clerk, f.at(), d, workflow.Revision{Body: "第一稿正文", Options: "方案二", Note: "初稿"})
		step("add_revision", err)
		_, err = tx.AddRevision(ctx, f.clerk, f.at(), d, workflow.Revision{Body: "第二稿正文", Options: "方案二乙", Note: "吸收意见"})
		step("add_revision", err)
		_, err = tx.AddDispute(ctx, f.clerk, f.at(), d, workflow.Dispute{Department: "市财政局", OurView: "提价", TheirView: "补贴",
			Reasons: "财力有限", LegalBasis: "《预算法》", Resolution: "提请决策机关协调"})
		step("add_dispute", err)
		_, err = tx.AddMethod(ctx, f.clerk, f.at(), d, workflow.ConsultationMethod{Method: workflow.MethodSymposium,
			HeldOn: day(3, 10), Participants: "市民代表12人", Summary: "多数赞成"})
		step("add_method", err)
		step("save_notice", tx.SaveNotice(ctx, f.clerk, f.at(), d, workflow.CommentNotice{RevisionID: d.Revisions[0].ID,
			Channel: "市政府网站", HowToSubmit: "电子邮件", Explanation: "起草说明", StartsOn: day(3, 11), EndsOn: day(4, 10),
			Link: "https://example.gov.cn/zqyj/1", ShortReason: "无", PublishedOn: day(3, 11)}))
		c, err := tx.AddComment(ctx, f.clerk, f.at(), d, workflow.Comment{Source: "letter", Author: "赵市民",
			Contact: "13800000000", Body: "建议保留老年人优惠", ReceivedAt: day(3, 15)})
		step("add_comment", err)
		step("dispose_comment", tx.DisposeComment(ctx, f.clerk, f.at(), d, c.ID, workflow.DispositionPartly, "部分吸收"))
		step("save_feedback", tx.SaveFeedback(ctx, f.clerk, f.at(), d, workflow.Feedback{PublishedOn: day(4, 15), Channel: "市政府网站", Summary: "采纳情况"}))
		_, err = tx.AddExpert(ctx, f.clerk, f.at(), d, workflow.ExpertOpinion{Name: "钱教授", Field: "交通经济", Organisation: "某大学",
			Opinion: "可行", Conclusion: "科学合理可行", Signed: true, SignedOn: day(3, 20), NoInterest: true, DifferingView: true})
		step("add_expert", err)
		step(string(workflow.SkipHearing), tx.transition(ctx, f.clerk, f.at(), d, workflow.SkipHearing, workflow.RiskAssessment, "已充分听取意见"))
		step("save_hearing", tx.SaveHearing(ctx, f.clerk, f.at(), d, workflow.HearingRecord{NoticePublishedOn: day(4, 1),
			NoticeChannel: "报纸", HeldOn: day(4, 20), Place: "市政府一号会议室", SelectionMethod: "随机抽取",
			SelectionPublishedOn: day(4, 2), ListPublishedOn: day(4, 5), MaterialsDeliveredOn: day(4, 10),
			RecordSigned: true, RecordSummary: "笔录摘要", OpinionsHandling: "归类采纳"}))
		_, err = tx.AddParticipant(ctx, f.clerk, f.at(), d, workflow.HearingParticipant{Name: "孙代表", Category: "人大代表", Organisation: "市人大"})
		step("add_participant", err)
		step("commit_draw", tx.commitDraw(ctx, f.clerk, f.at(), d, day(4, 8), []workflow.Quota{{Category: "群众代表", Seats: 1}}))
		for _, name := range []string{"周报名", "吴报名"} {
			_, err = tx.AddHearingSignup(ctx, f.at(), id, workflow.HearingSignup{Name: name, Category: "群众代表",
				Organisation: "某社区", Contact: "13900000000", Interest: "本市居民"})
			step("hearing_signup", err)
		}
		if err := tx.keepDraw(ctx, d); err != nil { // a citizen's sign-up is no write of the clerk's: d is read again
			t.Fatal(err)
		}
		step("run_draw", tx.runDraw(ctx, f.clerk, f.at(), d, "公证员某某"))
		step("withdraw_signup", tx.withdrawSignup(ctx, f.clerk, f.at(), d, d.Draw.Signups[0].ID, "本人申请退出"))
		step("save_risk", tx.SaveRisk(ctx, f.clerk, f.at(), d, workflow.RiskReport{
			Dimensions: map[workflow.Dimension]workflow.DimensionAssessment{
				workflow.DimStability:   {Level: workflow.LevelMedium, Analysis: "可能引发投诉"},
				workflow.DimSafety:      {Level: workflow.LevelLow, Analysis: "无"},
				workflow.DimEnvironment: {Level: workflow.LevelLow, Analysis: "改善"},
				workflow.DimEconomy:     {Level: workflow.LevelHigh, Analysis: "财政负担"},
				workflow.DimOther:       {Level: workflow.LevelLow, Analysis: "其他"},
			},
			Methods: "抽样调查", RiskPoints: "低收入群体", Measures: "补贴", Contingency: "预案", Assessor: "某评估公司",
			AssessorUnit: "某评估公司", AssessorBody: "body:1", ThirdParty: true, Controllable: true, AssessedOn: day(4, 25),
		}))
		step(string(workflow.SkipRisk), tx.transition(ctx, f.clerk, f.at(), d, workflow.SkipRisk, workflow.LegalityReview, "测试：无需评估"))
		_, err = tx.AddSubmission(ctx, f.clerk, f.at(), d, workflow.ReviewSubmission{RevisionID: d.Revisions[0].ID,
			LegalBasis: "《价格法》", Procedures: "已征求意见", SubmittedOn: day(5, 1)})
		step("add_submission", err)
		step("return_submission", tx.ReturnSubmission(ctx, f.reviewer, f.at(), d, "缺少风险评估报告"))
		_, err = tx.AddSubmission(ctx, f.clerk, f.at(), d, workflow.ReviewSubmission{LegalBasis: "《价格法》第23条",
			Procedures: "已补充", SubmittedOn: day(5, 6)})
		step("add_submission", err)
		step("save_fair_competition", tx.saveFairCompetition(ctx, f.clerk, f.at(), d, workflow.FairCompetitionReview{ReviewedOn: day(5, 5),
			Reviewer: "市发展和改革委员会", Conclusion: workflow.FCNoEffect, Summary: "不含排除、限制竞争的内容"}))
		_, err = tx.AddReview(ctx, f.reviewer, f.at(), d, workflow.Review{Conclusion: workflow.ConclusionLegal,
			Authority: "有权", Procedure: "合规", Substance: "合法", Advisers: "法律顾问某某", LegalRisk: "探索性改革的风险"})
		step("sign_review", err)
		mid, err := tx.AddMeeting(ctx, f.secretary, f.at(), d, workflow.Meeting{Kind: workflow.MeetingStanding, Number: "第12次常务会议",
			HeldOn: day(5, 20), Attendees: "市长、副市长", LegalHeadAttended: true, PackDraft: true, PackPublicReport: true,
			PackExpertReport: true, PackRiskReport: true, PackLegality: true, PackOther: "其他材料"})
		step("add_meeting", err)
		_, err = tx.AddOpinion(ctx, f.secretary, f.at(), d, mid, workflow.MeetingOpinion{Speaker: "副市长甲", Position: "副市长",
			Stance: workflow.StanceAgainst, Text: "我不同意，理由如下……"})
		step("add_opinion", err)
		_, err = tx.AddOpinion(ctx, f.secretary, f.at(), d, mid, workflow.MeetingOpinion{Speaker: "市长", Position: "市长",
			IsHead: true, Stance: workflow.StanceFor, Text: "同意"})
		step("add_opinion", err)
		step("head_decision", tx.SetHeadDecision(ctx, f.secretary, f.at(), d, mid, workflow.HeadApprove, "多数意见不同，但……"))
		step("save_party_report", tx.SavePartyReport(ctx, f.secretary, f.at(), d, workflow.PartyReport{ReportedOn: day(5, 22), Note: "已报市委"}))
		step("save_publication", tx.SavePublication(ctx, f.secretary, f.at(), d, workflow.Publication{DocNumber: "X政发〔2026〕3号",
			PublishedOn: day(5, 25), Channels: "政府公报", Link: "https://example.gov.cn/gb/3", Text: "公布文本",
			Explanation: "采纳说明", NotPublishedReason: "（测试）"}))
		_, err = tx.AddReport(ctx, f.clerk, f.at(), d, workflow.ImplementationReport{Kind: workflow.ReportProgress,
			ExecutingUnit: "市公交集团", Body: "进展顺利", ReportedOn: day(6, 30), Public: true})
		step("add_report", err)
		mi, err := tx.addMilestone(ctx, f.clerk, f.at(), d, workflow.Milestone{Title: "新票价施行", PlannedOn: day(7, 1), Status: workflow.MilestonePlanned})
		step("add_milestone", err)
		step("update_milestone", tx.updateMilestone(ctx, f.clerk, f.at(), d, mi, workflow.MilestoneDone, day(7, 1), "按期施行"))
		step("save_evaluation", tx.SaveEvaluation(ctx, f.clerk, f.at(), d, workflow.Evaluation{Trigger: "到期评估",
			Evaluators: "专家、公众", EvaluatorUnit: "某大学", EvaluatorBody: "body:2", ThirdParty: true, Opinions: "意见汇总",
			Conclusion: workflow.EvalAdjust, Reasons: "部分线路需调整", EvaluatedOn: day(12, 1)}))
		// A report entered twice by mistake is voided; the evaluation was entered late.
		twice, err := tx.AddReport(ctx, f.clerk, f.at(), d, workflow.ImplementationReport{Kind: workflow.ReportProgress,
			ExecutingUnit: "市公交集团", Body: "进展顺利", ReportedOn: day(6, 30)})
		step("add_report", err)
		step("void_report", tx.voidRecord(ctx, f.clerk, f.at(), d, &workflow.VoidRecord{Record: workflow.RecReport, ID: twice, Reason: "重复登记"}))
		risky, calm := d.Flags, d.Flags
		calm.StabilityRisk = false
		step("edit_flags", tx.UpdateFlags(ctx, f.clerk, f.at(), d, calm))
		step("edit_flags", tx.updateFlags(ctx, f.clerk, f.at(), d, risky, &workflow.FlagChange{
			Reason: "补充调查发现存在稳定风险", LegalAgreement: "市司法局意见（澜司函〔2026〕3号）"}))
		_, err = tx.noteDraftChange(ctx, f.clerk, f.at(), d, &workflow.NoteDraftChange{Reason: "仅作文字调整",
			RevisionID: d.CurrentRevision().ID, NoticeRevisionID: d.Revisions[0].ID})
		step("note_draft_change", err)
		_, err = tx.requestWithdrawal(ctx, f.clerk, f.at(), d, "情况变化")
		step("request_withdrawal", err)
		step("decline_withdrawal", tx.settleWithdrawal(ctx, f.secretary, f.at(), d, false, "决策已在执行，不予撤回"))
		step("late_entry", tx.addLateEntry(ctx, f.clerk, f.at(), d, workflow.LateEntry{Record: workflow.RecEvaluation,
			DatedOn: day(12, 1), Reason: "评估报告原由纸质归档，现补录"}))

		// The snapshot in the transaction equals the decision kept in step by the writes.
		inTx, err := tx.Decision(ctx, id)
		if err != nil {
			return err
		}
		if !reflect.DeepEqual(inTx, d) {
			t.Errorf("tx.Decision differs from the decision the writes kept:\n got %+v\nwant %+v", inTx, d)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	got := f.load(id)
	if !reflect.DeepEqual(got, written) {
		t.Errorf("db.Decision differs from what was written:\n got %+v\nwant %+v", got, written)
	}
	var zero []string
	zeroFields("Decision", reflect.ValueOf(got), &zero)
	allowed := map[string]bool{ // fields the scenario leaves empty on purpose
		"Decision.Submissions[1].ReturnedOn":           true,
		"Decision.Submissions[1].ReturnReason":         true,
		"Decision.Meetings[0].Opinions[0].IsHead":      true,
		"Decision.LateEntries[0].RecordID":             true, // the evaluation is kept in one copy
		"Decision.Withdrawals[0].Withdrawn":            true, // declined
		"Decision.FlagChanges[0].Before.StabilityRisk": true,
		"Decision.Draw.Signups[1].WithdrawnAt":         true, // one of the two withdraws
		"Decision.Draw.Signups[1].WithdrawnReason":     true,
		"Decision.Normative":                           true, // a major decision; normative_test.go round-trips a document's
	}
	for _, p := range zero {
		if !allowed[p] {
			t.Errorf("%s is empty after the round trip", p)
		}
	}

	// Spot checks of what the store assigns.
	if got.State != workflow.LegalityReview || got.UnitName != "市住房城乡建设局" || got.CreatedBy != f.clerk.UserID {
		t.Errorf("state %s unit %q created by %d", got.State, got.UnitName, got.CreatedBy)
	}
	if got.Version != 2 {
		t.Errorf("version = %d after create and one transaction, want 2", got.Version)
	}
	if got.HearingSkip != "已充分听取意见" || got.RiskSkip != "测试：无需评估" {
		t.Errorf("skips %q %q", got.HearingSkip, got.RiskSkip)
	}
	if r := got.Revisions; r[0].No != 1 || r[1].No != 2 || r[1].CreatedBy != f.clerk.UserID {
		t.Errorf("revisions %+v", r)
	}
	if c := got.Comments[0]; c.Ref != fmt.Sprintf("YJ2026-%06d", c.ID) || c.DisposedBy != f.clerk.UserID || !c.ReceivedAt.Equal(day(3, 15)) {
		t.Errorf("comment %+v", c)
	}
	if s := got.Submissions; s[0].ReturnReason != "缺少风险评估报告" || s[1].RevisionID != got.Revisions[1].ID || s[1].SubmittedBy != f.clerk.UserID {
		t.Errorf("submissions %+v", s)
	}
	if r := got.Reviews[0]; r.ReviewerID != f.reviewer.UserID || r.ReviewerName != "李审查" || r.SubmissionID != got.Submissions[1].ID || r.RevisionID != got.Revisions[1].ID {
		t.Errorf("review %+v", r)
	}
	if m := got.Meetings[0]; m.Opinions[0].Seq != 1 || m.Opinions[1].Seq != 2 || m.Head != workflow.HeadApprove || m.DecidedAt.IsZero() {
		t.Errorf("meeting %+v", m)
	}
	if got.Risk.Overall() != workflow.LevelHigh {
		t.Errorf("risk overall %s", got.Risk.Overall())
	}

	// One event per write, in order, plus the creation.
	evs := f.history(id)
	if len(evs) != len(actions)+1 {
		t.Fatalf("%d events for %d writes and the creation", len(evs), len(actions))
	}
	for i, a := range append([]string{"create"}, actions...) {
		if evs[i].Action != a {
			t.Errorf("event %d is %q, want %q", i, evs[i].Action, a)
		}
	}
}

func TestCreateDecision(t *testing.T) {
	f := newDecisionFixture(t)
	at := f.at()
	var id int64
	err := f.db.InTx(f.ctx, func(tx *Tx) (err error) {
		id, err = tx.CreateDecision(f.ctx, f.clerk, at, NewDecision{Title: "关于实施老旧小区改造的决策",
			Category: workflow.CategoryInvestment, UnitID: f.unit,
			Proposal: workflow.Proposal{Kind: workflow.ProposerPublic, Proposer: "某业主委员会", Problem: "管线老化"}})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	d := f.load(id)
	if d.State != workflow.Proposed || d.Version != 1 || !d.StateSince.Equal(at) || !d.CreatedAt.Equal(at) ||
		d.Start != nil || d.Feedback != nil || d.PartyReport != nil || d.Hearing != nil || d.Risk != nil ||
		d.Notice != nil || d.Publication != nil || d.Evaluation != nil || d.Proposal.Problem != "管线老化" {
		t.Errorf("new decision %+v", d)
	}
	evs := f.history(id)
	if len(evs) != 1 {
		t.Fatalf("%d events", len(evs))
	}
	e := evs[0]
	if e.Action != "create" || e.ToState != workflow.Proposed || e.Summary != "登记决策建议：关于实施老旧小区改造的决策" ||
		e.UserID != f.clerk.UserID || !e.At.Equal(at) {
		t.Errorf("event %+v", e)
	}
	if !hasChange(e.Changes, Change{Field: "承办单位", After: "市住房城乡建设局"}) ||
		!hasChange(e.Changes, Change{Field: "提出方式", After: workflow.ProposerPublic.Label()}) {
		t.Errorf("changes %+v", e.Changes)
	}

	err = f.db.InTx(f.ctx, func(tx *Tx) error {
		_, err := tx.CreateDecision(f.ctx, f.clerk, at, NewDecision{Title: "x", Category: workflow.CategoryPlanning, UnitID: 999,
			Proposal: workflow.Proposal{Kind: workflow.ProposerLeader}})
		return err
	})
	if !errors.Is(err, ErrNotFound) {
		t.Errorf("create with a missing unit: %v", err)
	}
	if _, err := f.db.Decision(f.ctx, 999); !errors.Is(err, ErrNotFound) {
		t.Errorf("Decision(999): %v", err)
	}
	if _, err := f.db.DecisionUnit(f.ctx, 999); !errors.Is(err, ErrNotFound) {
		t.Errorf("DecisionUnit(999): %v", err)
	}
	if u, err := f.db.DecisionUnit(f.ctx, id); err != nil || u != f.unit {
		t.Errorf("DecisionUnit = %d, %v", u, err)
	}
}

func hasChange(cs []Change, want Change) bool {
	for _, c := range cs {
		if c == want {
			return true
		}
	}
	return false
}

func TestStateCheckEqualsWorkflowStates(t *testing.T) {
	f := newDecisionFixture(t)
	var ddl string
	if err := f.db.read.QueryRowContext(f.ctx, "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'decisions'").Scan(&ddl); err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?s)\bstate\s+TEXT\s+NOT NULL\s+CHECK\s*\(\s*state\s+IN\s*\(([^)]*)\)\s*\)`).FindStringSubmatch(ddl)
	if m == nil {
		t.Fatalf("no CHECK on decisions.state in:\n%s", ddl)
	}
	var got []string
	for _, s := range strings.Split(m[1], ",") {
		got = append(got, strings.Trim(strings.TrimSpace(s), "'"))
	}
	var want []string
	for _, s := range workflow.States {
		want = append(want, string(s))
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("decisions.state CHECK lists\n%q\nworkflow.States is\n%q", got, want)
	}
}

func TestDecisionsAndWorklist(t *testing.T) {
	f := newDecisionFixture(t)
	create := func(title string, unit int64, at time.Time) int64 {
		var id int64
		err := f.db.InTx(f.ctx, func(tx *Tx) (err error) {
			id, err = tx.CreateDecision(f.ctx, f.clerk, at, NewDecision{Title: title, Category: workflow.CategoryPlanning,
				UnitID: unit, Proposal: workflow.Proposal{Kind: workflow.ProposerLeader, Proposer: "市长"}})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	move := func(id int64, ev workflow.Event, to workflow.State, at time.Time) {
		if err := f.write(id, func(tx *Tx, d *workflow.Decision) error {
			return tx.transition(f.ctx, f.secretary, at, d, ev, to, "")
		}); err != nil {
			t.Fatal(err)
		}
	}
	// 2025-12-31 17:00 UTC is already 2026 in Shanghai.
	a := create("城市总体规划修编", f.unit, time.Date(2025, 12, 31, 15, 0, 0, 0, time.UTC))     // 2025 in Shanghai
	b := create("公共交通票价调整", f.unit, time.Date(2025, 12, 31, 17, 0, 0, 0, time.UTC))     // 2026 in Shanghai
	c := create("生态保护红线划定规划", f.otherUnit, time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)) // 2026
	e := create("城市排水专项规划", f.unit, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC))        // 2026
	move(a, workflow.Start, workflow.Drafting, time.Date(2026, 3, 5, 0, 0, 0, 0, time.UTC))
	move(c, workflow.Start, workflow.Drafting, time.Date(2026, 3, 3, 0, 0, 0, 0, time.UTC))
	move(e, workflow.Start, workflow.Drafting, time.Date(2026, 3, 4, 0, 0, 0, 0, time.UTC))

	ids := func(rows []DecisionRow) []int64 {
		out := []int64{}
		for _, r := range rows {
			out = append(out, r.ID)
		}
		return out
	}
	for _, tc := range []struct {
		name  string
		f     DecisionFilter
		want  []int64
		total int
	}{
		{"all, newest first", DecisionFilter{}, []int64{e, c, b, a}, 4},
		{"state", DecisionFilter{State: workflow.Drafting}, []int64{e, c, a}, 3},
		{"unit", DecisionFilter{UnitID: f.otherUnit}, []int64{c}, 1},
		{"year in Shanghai", DecisionFilter{Year: 2026}, []int64{e, c, b}, 3},
		{"year 2025", DecisionFilter{Year: 2025}, []int64{a}, 1},
		{"title contains", DecisionFilter{Query: "规划"}, []int64{e, c, a}, 3},
		{"combined", DecisionFilter{Query: "规划", UnitID: f.unit, State: workflow.Drafting, Year: 2026}, []int64{e}, 1},
		{"page", DecisionFilter{Limit: 2, Offset: 1}, []int64{c, b}, 4},
		{"none", DecisionFilter{Query: "不存在"}, []int64{}, 0},
	} {
		rows, total, err := f.db.Decisions(f.ctx, tc.f)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if got := ids(rows); !reflect.DeepEqual(got, tc.want) || total != tc.total {
			t.Errorf("%s: got %v total %d, want %v total %d", tc.name, got, total, tc.want, tc.total)
		}
	}
	rows, _, err := f.db.Decisions(f.ctx, DecisionFilter{UnitID: f.otherUnit})
	if err != nil {
		t.Fatal(err)
	}
	if r := rows[0]; r.Title != "生态保护红线划定规划" || r.UnitName != "市生态环境局" || r.State != workflow.Drafting ||
		r.Category != workflow.CategoryPlanning || r.Version != 2 || !r.StateSince.Equal(time.Date(2026, 3, 3, 0, 0, 0, 0, time.UTC)) ||
		!r.CreatedAt.Equal(time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)) || !r.UpdatedAt.Equal(r.StateSince) {
		t.Errorf("row %+v", r)
	}

	// In drafting the due date is the stage limit, so the nearest due is the longest waiting.
	wl, total, err := f.db.Worklist(f.ctx, []workflow.State{workflow.Drafting}, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(wl); !reflect.DeepEqual(got, []int64{c, e, a}) || total != 3 {
		t.Errorf("worklist drafting: %v of %d, want longest waiting first %v", got, total, []int64{c, e, a})
	}
	if wl[0].DueOn.IsZero() || !wl[0].DueOn.Equal(wl[0].LimitOn) {
		t.Errorf("drafting's due date and limit: %v %v, want the stage limit both", wl[0].DueOn, wl[0].LimitOn)
	}
	if wl, total, err := f.db.Worklist(f.ctx, []workflow.State{workflow.Drafting}, 0, 2); err != nil || len(wl) != 2 || total != 3 {
		t.Errorf("worklist limited to 2: %d rows of %d, %v", len(wl), total, err)
	}
	wl, _, err = f.db.Worklist(f.ctx, []workflow.State{workflow.Drafting, workflow.Proposed}, f.unit, 100)
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(wl); !reflect.DeepEqual(got, []int64{b, e, a}) {
		t.Errorf("worklist of the unit: %v, want %v", got, []int64{b, e, a})
	}
	if wl, _, err := f.db.Worklist(f.ctx, nil, 0, 100); err != nil || len(wl) != 0 {
		t.Errorf("worklist of no states: %v, %v", wl, err)
	}
}
