package store

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"juece/workflow"
)

// dumpDecisionTables prints every row of the decision tables and the history, to check that
// a refused write changed nothing.
func dumpDecisionTables(t *testing.T, db *DB) string {
	t.Helper()
	var b strings.Builder
	for _, table := range []string{"decisions", "draft_revisions", "disputes", "consultation_methods", "comment_notices",
		"comments", "expert_opinions", "hearings", "hearing_participants", "risk_assessments", "review_submissions",
		"legality_reviews", "meetings", "meeting_opinions", "publications", "implementation_reports", "evaluations", "events"} {
		rows, err := db.read.Query("SELECT * FROM " + table + " ORDER BY rowid")
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&b, "%s %v\n", table, vals)
		}
		if err := rows.Close(); err != nil {
			t.Fatal(err)
		}
	}
	return b.String()
}

// recordWrite is one write method called on a decision, with the action its event carries.
type recordWrite struct {
	action string
	write  func(tx *Tx, d *workflow.Decision) error
}

// everyWrite lists every write method of a decision in an order in which each finds what it
// needs (a revision, a comment, a meeting …). Ids of added records go into the closures.
func everyWrite(f *decisionFixture) []recordWrite {
	ctx := f.ctx
	var commentID, meetingID int64
	return []recordWrite{
		{"update_proposal", func(tx *Tx, d *workflow.Decision) error {
			p := d.Proposal
			p.Problem = "新的问题表述"
			return tx.UpdateProposal(ctx, f.clerk, f.at(), d, d.Title, d.Category, p)
		}},
		{"set_start", func(tx *Tx, d *workflow.Decision) error {
			return tx.SetStart(ctx, f.secretary, f.at(), d, workflow.StartRecord{DecidedOn: day(3, 3), Basis: "常务会议", By: "王秘书"})
		}},
		{"start", func(tx *Tx, d *workflow.Decision) error {
			return tx.transition(ctx, f.secretary, f.at(), d, workflow.Start, workflow.Drafting, "")
		}},
		{"edit_flags", func(tx *Tx, d *workflow.Decision) error {
			fl := d.Flags
			fl.AffectsInterests = true
			return tx.UpdateFlags(ctx, f.clerk, f.at(), d, fl)
		}},
		{"add_revision", func(tx *Tx, d *workflow.Decision) error {
			_, err := tx.AddRevision(ctx, f.clerk, f.at(), d, workflow.Revision{Body: "正文", Note: "初稿"})
			return err
		}},
		{"add_dispute", func(tx *Tx, d *workflow.Decision) error {
			_, err := tx.AddDispute(ctx, f.clerk, f.at(), d, workflow.Dispute{Department: "市财政局", OurView: "甲", TheirView: "乙", Reasons: "丙"})
			return err
		}},
		{"add_method", func(tx *Tx, d *workflow.Decision) error {
			_, err := tx.AddMethod(ctx, f.clerk, f.at(), d, workflow.ConsultationMethod{Method: workflow.MethodPoll, HeldOn: day(3, 9), Participants: "百人", Summary: "赞成"})
			return err
		}},
		{"save_notice", func(tx *Tx, d *workflow.Decision) error {
			return tx.SaveNotice(ctx, f.clerk, f.at(), d, workflow.CommentNotice{Channel: "网站", HowToSubmit: "邮件",
				StartsOn: day(3, 10), EndsOn: day(4, 9), PublishedOn: day(3, 10)})
		}},
		{"add_comment", func(tx *Tx, d *workflow.Decision) error {
			c, err := tx.AddComment(ctx, workflow.Actor{Name: "公众"}, f.at(), d, workflow.Comment{Source: "portal", Body: "意见"})
			commentID = c.ID
			return err
		}},
		{"dispose_comment", func(tx *Tx, d *workflow.Decision) error {
			return tx.DisposeComment(ctx, f.clerk, f.at(), d, commentID, workflow.DispositionAdopted, "合理")
		}},
		{"save_feedback", func(tx *Tx, d *workflow.Decision) error {
			return tx.SaveFeedback(ctx, f.clerk, f.at(), d, workflow.Feedback{PublishedOn: day(4, 12), Channel: "网站", Summary: "已采纳"})
		}},
		{"add_expert", func(tx *Tx, d *workflow.Decision) error {
			_, err := tx.AddExpert(ctx, f.clerk, f.at(), d, workflow.ExpertOpinion{Name: "钱教授", Field: "经济", Organisation: "大学", Opinion: "可行", Conclusion: "可行"})
			return err
		}},
		{"save_hearing", func(tx *Tx, d *workflow.Decision) error {
			return tx.SaveHearing(ctx, f.clerk, f.at(), d, workflow.HearingRecord{Place: "会议室", HeldOn: day(4, 20)})
		}},
		{"add_participant", func(tx *Tx, d *workflow.Decision) error {
			_, err := tx.AddParticipant(ctx, f.clerk, f.at(), d, workflow.HearingParticipant{Name: "孙代表", Category: "人大代表"})
			return err
		}},
		{"save_risk", func(tx *Tx, d *workflow.Decision) error {
			return tx.SaveRisk(ctx, f.clerk, f.at(), d, workflow.RiskReport{Dimensions: map[workflow.Dimension]workflow.DimensionAssessment{
				workflow.DimStability: {Level: workflow.LevelLow, Analysis: "低"}}, Controllable: true})
		}},
		{"add_submission", func(tx *Tx, d *workflow.Decision) error {
			_, err := tx.AddSubmission(ctx, f.clerk, f.at(), d, workflow.ReviewSubmission{LegalBasis: "法", Procedures: "程序"})
			return err
		}},
		{"return_submission", func(tx *Tx, d *workflow.Decision) error {
			return tx.ReturnSubmission(ctx, f.reviewer, f.at(), d, "缺材料")
		}},
		{"add_submission", func(tx *Tx, d *workflow.Decision) error {
			_, err := tx.AddSubmission(ctx, f.clerk, f.at(), d, workflow.ReviewSubmission{LegalBasis: "法", Procedures: "程序（补）"})
			return err
		}},
		{"sign_review", func(tx *Tx, d *workflow.Decision) error {
			_, err := tx.AddReview(ctx, f.reviewer, f.at(), d, workflow.Review{Conclusion: workflow.ConclusionLegal,
				Authority: "有权", Procedure: "合规", Substance: "合法", Advisers: "顾问"})
			return err
		}},
		{"add_meeting", func(tx *Tx, d *workflow.Decision) (err error) {
			meetingID, err = tx.AddMeeting(ctx, f.secretary, f.at(), d, workflow.Meeting{Kind: workflow.MeetingStanding,
				Number: "第1次", HeldOn: day(5, 20), Attendees: "全体"})
			return err
		}},
		{"add_opinion", func(tx *Tx, d *workflow.Decision) error {
			_, err := tx.AddOpinion(ctx, f.secretary, f.at(), d, meetingID, workflow.MeetingOpinion{Speaker: "市长", IsHead: true,
				Stance: workflow.StanceFor, Text: "同意"})
			return err
		}},
		{"head_decision", func(tx *Tx, d *workflow.Decision) error {
			return tx.SetHeadDecision(ctx, f.secretary, f.at(), d, meetingID, workflow.HeadApprove, "")
		}},
		{"save_party_report", func(tx *Tx, d *workflow.Decision) error {
			return tx.SavePartyReport(ctx, f.secretary, f.at(), d, workflow.PartyReport{ReportedOn: day(5, 21), Note: "已报告"})
		}},
		{"save_publication", func(tx *Tx, d *workflow.Decision) error {
			return tx.SavePublication(ctx, f.secretary, f.at(), d, workflow.Publication{DocNumber: "X政发〔2026〕1号", PublishedOn: day(5, 25)})
		}},
		{"add_report", func(tx *Tx, d *workflow.Decision) error {
			_, err := tx.AddReport(ctx, f.clerk, f.at(), d, workflow.ImplementationReport{Kind: workflow.ReportProblem,
				ExecutingUnit: "公交集团", Body: "问题", ReportedOn: day(7, 1)})
			return err
		}},
		{"save_evaluation", func(tx *Tx, d *workflow.Decision) error {
			return tx.SaveEvaluation(ctx, f.clerk, f.at(), d, workflow.Evaluation{Conclusion: workflow.EvalContinue, EvaluatedOn: day(12, 1)})
		}},
		{"withdraw", func(tx *Tx, d *workflow.Decision) error {
			return tx.transition(ctx, f.clerk, f.at(), d, workflow.Withdraw, workflow.Withdrawn, "测试撤回")
		}},
	}
}

// TestEveryWrite checks each write method twice: named with a stale version it is refused
// with ErrConflict and changes nothing; named with the current version it raises the version
// by one and adds exactly one event, with its action.
func TestEveryWrite(t *testing.T) {
	f := newDecisionFixture(t)
	id := f.create("关于调整城市公共交通票价的决策", f.unit)
	for _, w := range everyWrite(f) {
		before := dumpDecisionTables(t, f.db)
		err := f.write(id, func(tx *Tx, d *workflow.Decision) error {
			d.Version-- // a form filled in before someone else's change
			stale := d.Version
			err := w.write(tx, d)
			if d.Version != stale {
				t.Errorf("%s: a refused write moved d.Version from %d to %d", w.action, stale, d.Version)
			}
			return err
		})
		if !errors.Is(err, ErrConflict) {
			t.Fatalf("%s with a stale version: %v, want ErrConflict", w.action, err)
		}
		if after := dumpDecisionTables(t, f.db); after != before {
			t.Fatalf("%s with a stale version changed the database:\n%s\n---\n%s", w.action, before, after)
		}

		n := len(f.history(id))
		version := f.load(id).Version
		err = f.write(id, func(tx *Tx, d *workflow.Decision) error {
			if err := w.write(tx, d); err != nil {
				return err
			}
			if d.Version != version+1 {
				t.Errorf("%s: d.Version = %d, want %d", w.action, d.Version, version+1)
			}
			return nil
		})
		if err != nil {
			t.Fatalf("%s: %v", w.action, err)
		}
		evs := f.history(id)
		if len(evs) != n+1 {
			t.Fatalf("%s added %d events, want 1", w.action, len(evs)-n)
		}
		e := evs[len(evs)-1]
		if e.Action != w.action || e.DecisionID != id || e.Summary == "" || !e.At.Equal(f.now) {
			t.Errorf("%s: event %+v", w.action, e)
		}
		if got := f.load(id).Version; got != version+1 {
			t.Errorf("%s: version %d → %d, want +1", w.action, version, got)
		}
	}
}

func TestEditRecordsChangedFieldsOnly(t *testing.T) {
	f := newDecisionFixture(t)
	id := f.create("决策", f.unit)
	last := func() Event {
		evs := f.history(id)
		return evs[len(evs)-1]
	}
	write := func(fn func(tx *Tx, d *workflow.Decision) error) {
		t.Helper()
		if err := f.write(id, fn); err != nil {
			t.Fatal(err)
		}
	}

	write(func(tx *Tx, d *workflow.Decision) error {
		return tx.UpdateFlags(f.ctx, f.clerk, f.at(), d, workflow.Flags{Technical: true, HearingChosen: true})
	})
	write(func(tx *Tx, d *workflow.Decision) error {
		fl := d.Flags
		fl.Technical, fl.AffectsInterests = false, true
		return tx.UpdateFlags(f.ctx, f.clerk, f.at(), d, fl)
	})
	want := []Change{
		{Field: "涉及社会公众切身利益", Before: "否", After: "是"},
		{Field: "专业性、技术性较强", Before: "是", After: "否"},
	}
	if e := last(); e.Action != "edit_flags" || !reflect.DeepEqual(e.Changes, want) {
		t.Errorf("edit_flags changes %+v, want %+v", e.Changes, want)
	}

	write(func(tx *Tx, d *workflow.Decision) error {
		p := d.Proposal
		p.Solution = "新方案"
		return tx.UpdateProposal(f.ctx, f.clerk, f.at(), d, "决策（修订）", d.Category, p)
	})
	want = []Change{{Field: "决策事项名称", Before: "决策", After: "决策（修订）"}, {Field: "解决方案", Before: "", After: "新方案"}}
	if e := last(); !reflect.DeepEqual(e.Changes, want) {
		t.Errorf("update_proposal changes %+v, want %+v", e.Changes, want)
	}

	write(func(tx *Tx, d *workflow.Decision) error {
		_, err := tx.AddRevision(f.ctx, f.clerk, f.at(), d, workflow.Revision{Body: "正文"})
		return err
	})
	notice := workflow.CommentNotice{Channel: "市政府网站", HowToSubmit: "邮件", StartsOn: day(3, 10), EndsOn: day(4, 9), PublishedOn: day(3, 10)}
	write(func(tx *Tx, d *workflow.Decision) error { return tx.SaveNotice(f.ctx, f.clerk, f.at(), d, notice) })
	if e := last(); e.Summary != "发布公开征求意见公告" || !hasChange(e.Changes, Change{Field: "征求意见截止日期", After: "2026-04-09"}) ||
		!hasChange(e.Changes, Change{Field: "征求意见稿", After: "第1稿"}) {
		t.Errorf("new notice event %+v", e)
	}
	notice.EndsOn = day(4, 12)
	write(func(tx *Tx, d *workflow.Decision) error { return tx.SaveNotice(f.ctx, f.clerk, f.at(), d, notice) })
	want = []Change{{Field: "征求意见截止日期", Before: "2026-04-09", After: "2026-04-12"}}
	if e := last(); e.Summary != "修改公开征求意见公告" || !reflect.DeepEqual(e.Changes, want) {
		t.Errorf("notice edit %q changes %+v, want %+v", e.Summary, e.Changes, want)
	}
	if n := f.load(id).Notice; n == nil || !n.EndsOn.Equal(day(4, 12)) {
		t.Errorf("notice %+v", n)
	}

	write(func(tx *Tx, d *workflow.Decision) error {
		return tx.SaveRisk(f.ctx, f.clerk, f.at(), d, workflow.RiskReport{Dimensions: map[workflow.Dimension]workflow.DimensionAssessment{
			workflow.DimEconomy: {Level: workflow.LevelLow}}})
	})
	write(func(tx *Tx, d *workflow.Decision) error {
		r := *d.Risk
		r.Dimensions = map[workflow.Dimension]workflow.DimensionAssessment{workflow.DimEconomy: {Level: workflow.LevelHigh}}
		r.Controllable = true
		return tx.SaveRisk(f.ctx, f.clerk, f.at(), d, r)
	})
	want = []Change{{Field: "经济风险等级", Before: "低", After: "高"}, {Field: "风险可控", Before: "否", After: "是"}}
	if e := last(); !reflect.DeepEqual(e.Changes, want) {
		t.Errorf("risk edit changes %+v, want %+v", e.Changes, want)
	}

	var c workflow.Comment
	write(func(tx *Tx, d *workflow.Decision) (err error) {
		c, err = tx.AddComment(f.ctx, f.clerk, f.at(), d, workflow.Comment{Source: "letter", Body: "意见"})
		return err
	})
	write(func(tx *Tx, d *workflow.Decision) error {
		return tx.DisposeComment(f.ctx, f.clerk, f.at(), d, c.ID, workflow.DispositionNotAdopted, "不符合上位法")
	})
	want = []Change{{Field: "处理结果", Before: "待处理", After: "未采纳"}, {Field: "理由", Before: "", After: "不符合上位法"}}
	if e := last(); e.Summary != "处理公众意见 "+c.Ref+"：未采纳" || !reflect.DeepEqual(e.Changes, want) {
		t.Errorf("dispose event %q %+v", e.Summary, e.Changes)
	}

	write(func(tx *Tx, d *workflow.Decision) error {
		return tx.transition(f.ctx, f.clerk, f.at(), d, workflow.SkipHearing, workflow.RiskAssessment, "无须听证")
	})
	e := last()
	want = []Change{{Field: "阶段", Before: "决策启动", After: "风险评估"}, {Field: "不举行听证的理由", After: "无须听证"}}
	if e.Action != "skip_hearing" || e.FromState != workflow.Proposed || e.ToState != workflow.RiskAssessment ||
		e.Summary != workflow.SkipHearing.Label()+"：无须听证" || !reflect.DeepEqual(e.Changes, want) {
		t.Errorf("transition event %+v", e)
	}
}

func TestOneVersionBumpPerTransaction(t *testing.T) {
	f := newDecisionFixture(t)
	id := f.create("决策", f.unit)
	n := len(f.history(id))
	err := f.write(id, func(tx *Tx, d *workflow.Decision) error {
		if _, err := tx.AddRevision(f.ctx, f.clerk, f.at(), d, workflow.Revision{Body: "一"}); err != nil {
			return err
		}
		if _, err := tx.AddDispute(f.ctx, f.clerk, f.at(), d, workflow.Dispute{Department: "甲", OurView: "a", TheirView: "b", Reasons: "c"}); err != nil {
			return err
		}
		// A fresh snapshot in the same transaction writes without a second bump.
		again, err := tx.Decision(f.ctx, id)
		if err != nil {
			return err
		}
		if again.Version != d.Version || d.Version != 2 {
			t.Errorf("versions in the transaction: %d and %d, want 2", again.Version, d.Version)
		}
		if err := tx.transition(f.ctx, f.secretary, f.at(), again, workflow.Start, workflow.Drafting, ""); err != nil {
			return err
		}
		// A failed write in the transaction leaves neither rows nor version change behind.
		err = tx.DisposeComment(f.ctx, f.clerk, f.at(), d, 12345, workflow.DispositionAdopted, "x")
		if !errors.Is(err, ErrNotFound) {
			t.Errorf("dispose a missing comment: %v", err)
		}
		_, err = tx.AddOpinion(f.ctx, f.clerk, f.at(), d, 12345, workflow.MeetingOpinion{Speaker: "x", Stance: workflow.StanceFor, Text: "x"})
		if !errors.Is(err, ErrNotFound) {
			t.Errorf("opinion at a missing meeting: %v", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	d := f.load(id)
	if d.Version != 2 || d.State != workflow.Drafting || len(d.Revisions) != 1 || len(d.Disputes) != 1 {
		t.Errorf("after one transaction: version %d state %s", d.Version, d.State)
	}
	if got := len(f.history(id)) - n; got != 3 {
		t.Errorf("%d events for 3 writes", got)
	}

	// A write that fails after the version check, as the first of its transaction, leaves the
	// version as it was: the caller may go on writing in the same transaction.
	n = len(f.history(id))
	err = f.write(id, func(tx *Tx, d *workflow.Decision) error {
		err := tx.DisposeComment(f.ctx, f.clerk, f.at(), d, 12345, workflow.DispositionAdopted, "x")
		if !errors.Is(err, ErrNotFound) || d.Version != 2 {
			t.Errorf("dispose a missing comment: %v, d.Version %d", err, d.Version)
		}
		_, err = tx.AddDispute(f.ctx, f.clerk, f.at(), d, workflow.Dispute{Department: "乙", OurView: "a", TheirView: "b", Reasons: "c"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if d := f.load(id); d.Version != 3 || len(d.Disputes) != 2 || len(f.history(id)) != n+1 {
		t.Errorf("after a failed and a good write: version %d, %d disputes, %d new events", d.Version, len(d.Disputes), len(f.history(id))-n)
	}

	// A decision created in a transaction stays at version 1 through later writes in it.
	err = f.db.InTx(f.ctx, func(tx *Tx) error {
		id2, err := tx.CreateDecision(f.ctx, f.clerk, f.at(), NewDecision{Title: "二", Category: workflow.CategoryPlanning,
			UnitID: f.unit, Proposal: workflow.Proposal{Kind: workflow.ProposerLeader, Proposer: "市长"}})
		if err != nil {
			return err
		}
		d2, err := tx.Decision(f.ctx, id2)
		if err != nil {
			return err
		}
		if _, err := tx.AddRevision(f.ctx, f.clerk, f.at(), d2, workflow.Revision{Body: "一"}); err != nil {
			return err
		}
		id = id2
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if v := f.load(id).Version; v != 1 {
		t.Errorf("created and written in one transaction: version %d, want 1", v)
	}
}

func TestRecordErrors(t *testing.T) {
	f := newDecisionFixture(t)
	a := f.create("甲", f.unit)
	b := f.create("乙", f.unit)
	var commentA, meetingA int64
	err := f.write(a, func(tx *Tx, d *workflow.Decision) error {
		c, err := tx.AddComment(f.ctx, f.clerk, f.at(), d, workflow.Comment{Source: "letter", Body: "意见"})
		if err != nil {
			return err
		}
		commentA = c.ID
		meetingA, err = tx.AddMeeting(f.ctx, f.secretary, f.at(), d, workflow.Meeting{Kind: workflow.MeetingStanding, Number: "1", HeldOn: day(5, 1), Attendees: "全体"})
		if err != nil {
			return err
		}
		return tx.SetHeadDecision(f.ctx, f.secretary, f.at(), d, meetingA, workflow.HeadDefer, "")
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		want  error
		write func(tx *Tx, d *workflow.Decision) error
	}{
		{"dispose a comment of another decision", ErrNotFound, func(tx *Tx, d *workflow.Decision) error {
			return tx.DisposeComment(f.ctx, f.clerk, f.at(), d, commentA, workflow.DispositionAdopted, "x")
		}},
		{"opinion at a meeting of another decision", ErrNotFound, func(tx *Tx, d *workflow.Decision) error {
			_, err := tx.AddOpinion(f.ctx, f.secretary, f.at(), d, meetingA, workflow.MeetingOpinion{Speaker: "x", Stance: workflow.StanceFor, Text: "x"})
			return err
		}},
		{"head decision at a meeting of another decision", ErrNotFound, func(tx *Tx, d *workflow.Decision) error {
			return tx.SetHeadDecision(f.ctx, f.secretary, f.at(), d, meetingA, workflow.HeadApprove, "")
		}},
		{"return without a submission", ErrNotFound, func(tx *Tx, d *workflow.Decision) error {
			return tx.ReturnSubmission(f.ctx, f.reviewer, f.at(), d, "x")
		}},
		{"review without a submission", ErrNotFound, func(tx *Tx, d *workflow.Decision) error {
			_, err := tx.AddReview(f.ctx, f.reviewer, f.at(), d, workflow.Review{Conclusion: workflow.ConclusionLegal, Authority: "a", Procedure: "b", Substance: "c", Advisers: "d"})
			return err
		}},
		{"submission without a draft", ErrNotFound, func(tx *Tx, d *workflow.Decision) error {
			_, err := tx.AddSubmission(f.ctx, f.clerk, f.at(), d, workflow.ReviewSubmission{LegalBasis: "a", Procedures: "b"})
			return err
		}},
		{"missing decision", ErrNotFound, func(tx *Tx, d *workflow.Decision) error {
			d.ID = 999
			return tx.UpdateFlags(f.ctx, f.clerk, f.at(), d, workflow.Flags{})
		}},
	} {
		before := dumpDecisionTables(t, f.db)
		if err := f.write(b, tc.write); !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
		}
		if dumpDecisionTables(t, f.db) != before {
			t.Errorf("%s changed the database", tc.name)
		}
	}

	// On its own decision: a decided meeting takes no more opinions and no second decision.
	for name, write := range map[string]func(tx *Tx, d *workflow.Decision) error{
		"second head decision": func(tx *Tx, d *workflow.Decision) error {
			return tx.SetHeadDecision(f.ctx, f.secretary, f.at(), d, meetingA, workflow.HeadApprove, "")
		},
		"opinion after the decision": func(tx *Tx, d *workflow.Decision) error {
			_, err := tx.AddOpinion(f.ctx, f.secretary, f.at(), d, meetingA, workflow.MeetingOpinion{Speaker: "x", Stance: workflow.StanceAgainst, Text: "x"})
			return err
		},
	} {
		if err := f.write(a, write); !errors.Is(err, ErrConflict) {
			t.Errorf("%s: %v, want ErrConflict", name, err)
		}
	}
}

func TestCommentRef(t *testing.T) {
	f := newDecisionFixture(t)
	id := f.create("决策", f.unit)
	var c workflow.Comment
	// 17:30 UTC on New Year's Eve is already 2027 in Shanghai.
	at := day(12, 31).Add(24*time.Hour + 90*time.Minute)
	err := f.write(id, func(tx *Tx, d *workflow.Decision) (err error) {
		c, err = tx.AddComment(f.ctx, workflow.Actor{Name: "公众"}, at, d, workflow.Comment{Source: "portal", Body: "意见"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf("YJ2027-%06d", c.ID); c.Ref != want || !c.ReceivedAt.Equal(at) {
		t.Errorf("comment ref %q received %v, want %q at %v", c.Ref, c.ReceivedAt, want, at)
	}
	evs := f.history(id)
	if e := evs[len(evs)-1]; e.Summary != "登记公众意见 "+c.Ref || e.UserID != 0 || e.UserName != "公众" {
		t.Errorf("event %+v", e)
	}
}

func TestAppendOnlyTriggers(t *testing.T) {
	f := newDecisionFixture(t)
	id := f.create("决策", f.unit)
	err := f.write(id, func(tx *Tx, d *workflow.Decision) error {
		if _, err := tx.AddRevision(f.ctx, f.clerk, f.at(), d, workflow.Revision{Body: "一"}); err != nil {
			return err
		}
		if _, err := tx.AddSubmission(f.ctx, f.clerk, f.at(), d, workflow.ReviewSubmission{LegalBasis: "a", Procedures: "b"}); err != nil {
			return err
		}
		if _, err := tx.AddReview(f.ctx, f.reviewer, f.at(), d, workflow.Review{Conclusion: workflow.ConclusionLegal, Authority: "a", Procedure: "b", Substance: "c", Advisers: "d"}); err != nil {
			return err
		}
		mid, err := tx.AddMeeting(f.ctx, f.secretary, f.at(), d, workflow.Meeting{Kind: workflow.MeetingStanding, Number: "1", HeldOn: day(5, 1), Attendees: "全体"})
		if err != nil {
			return err
		}
		_, err = tx.AddOpinion(f.ctx, f.secretary, f.at(), d, mid, workflow.MeetingOpinion{Speaker: "甲", Stance: workflow.StanceAgainst, Text: "反对"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, stmt := range []string{
		"UPDATE draft_revisions SET body = 'x'",
		"DELETE FROM draft_revisions",
		"UPDATE legality_reviews SET conclusion = 'illegal'",
		"DELETE FROM legality_reviews",
		"UPDATE meeting_opinions SET text = '同意'",
		"DELETE FROM meeting_opinions",
		"UPDATE events SET summary = 'x'",
		"DELETE FROM events",
	} {
		before := dumpDecisionTables(t, f.db)
		err := f.db.InTx(f.ctx, func(tx *Tx) error {
			_, err := tx.tx.ExecContext(f.ctx, stmt)
			return err
		})
		if err == nil {
			t.Errorf("%s was allowed", stmt)
		}
		if dumpDecisionTables(t, f.db) != before {
			t.Errorf("%s changed the database", stmt)
		}
	}
}
