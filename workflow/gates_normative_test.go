package workflow

import (
	"strings"
	"testing"
	"time"
)

// completeNorm is a normative document in state s whose records meet every gate of the
// normative procedure: two departments asked, one agreeing, one disagreeing, coordinated by the
// legal office without agreement and ruled on by the executive meeting.
func completeNorm(s State) *Decision {
	d := complete(s)
	d.Kind, d.Title = KindNormative, "澜沧市城区停车管理办法"
	d.Hearing, d.Risk, d.Methods, d.Disputes, d.PartyReport, d.Publication = nil, nil, nil, nil, nil, nil
	d.Reports, d.Evaluation = nil, nil
	d.Normative = &NormativeFile{
		Prefix: "澜政规",
		Requests: []DeptRequest{
			{ID: 1, UnitID: 8, UnitName: "市公安局", DueOn: date(2026, 1, 30), SentAt: date(2026, 1, 21),
				Reply: &DeptReply{Agrees: true, RepliedAt: date(2026, 1, 27)}},
			{ID: 2, UnitID: 9, UnitName: "市交通运输局", DueOn: date(2026, 1, 30), SentAt: date(2026, 1, 21),
				Reply: &DeptReply{Agrees: false, Opinion: "收费时段应缩短", RepliedAt: date(2026, 2, 3)}},
		},
		Coordination: []Coordination{{ID: 5, RequestID: 2, Issues: "收费时段", Views: "起草部门：全天；交通局：高峰",
			Proposal: "高峰时段收费", Agreed: false, At: date(2026, 2, 5),
			Ruling: "按法制机构建议", RuledBy: "第3次政府常务会议", RuledAt: date(2026, 2, 6)}},
	}
	return d
}

func normActor(ev Event) Actor {
	tr, _ := Normative.TransitionOf(ev)
	return actorOf(tr.Roles[0])
}

func completeNormFor(ev Event) *Decision {
	tr, _ := Normative.TransitionOf(ev)
	d := completeNorm(tr.From[0])
	matchEvent(d, ev)
	if ev == NormSkipPublic {
		d.Flags.AffectsInterests = false // a document that touches no one's rights and duties
	}
	return d
}

var normBreakCases = []breakCase{
	// drafting and the departments' opinions (规划三(三)2)
	{"no draft", leaveNormDrafting, func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Revisions = nil }, "revision", "规划三(三)1", "草案"},
	{"a department not yet replied, deadline ahead", leaveNormDrafting, func(d *Decision, _ *Input, _ *Actor, env *Env) {
		d.Normative.Requests[0].Reply, d.Normative.Requests[0].DueOn = nil, env.Now
	}, "dept_request", "规划三(三)2", "市公安局"},
	{"a department silent after its deadline", leaveNormDrafting, func(d *Decision, _ *Input, _ *Actor, env *Env) {
		d.Normative.Requests[0].Reply, d.Normative.Requests[0].DueOn = nil, env.Now.AddDate(0, 0, -1)
	}, "", "", ""},
	{"disagreement not coordinated", leaveNormDrafting, func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Normative.Coordination = nil }, "coordination", "规划三(三)2", "市交通运输局"},
	{"coordination failed, no ruling", leaveNormDrafting, func(d *Decision, _ *Input, _ *Actor, _ *Env) {
		d.Normative.Coordination[0].RuledAt = time.Time{}
	}, "ruling", "规划三(三)2", "市交通运输局"},
	{"coordination agreed needs no ruling", leaveNormDrafting, func(d *Decision, _ *Input, _ *Actor, _ *Env) {
		d.Normative.Coordination[0].RuledAt, d.Normative.Coordination[0].Agreed = time.Time{}, true
	}, "", "", ""},
	{"skip public comment on rights and duties", one(NormSkipPublic), func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Flags.AffectsInterests = true }, "flags", "规划三(三)1", "权利义务"},
	{"skip public comment without reason", one(NormSkipPublic), func(d *Decision, in *Input, _ *Actor, _ *Env) {
		d.Flags.AffectsInterests, in.Reason = false, " "
	}, "reason", "规划三(三)1", ""},
	{"skip public comment with reason", one(NormSkipPublic), func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Flags.AffectsInterests = false }, "", "", ""},

	// public consultation: the shared gates, the normative period
	{"no notice", one(NormToReview), func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Notice = nil }, "notice", "条例第15条", "尚未向社会公开征求意见"},
	{"period not ended", one(NormToReview), func(d *Decision, _ *Input, _ *Actor, env *Env) { d.Notice.EndsOn = env.Now }, "notice", "条例第15条", "尚未届满"},
	{"comment pending", one(NormToReview), func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Comments[1].Disposition = DispositionNone }, "comment", "条例第15条", "尚有1条"},
	{"no feedback", one(NormToReview), func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Feedback = nil }, "feedback", "条例第15条第2款", ""},
	{"no ways of hearing needed", one(NormToReview), func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Methods = nil }, "", "", ""},
	// 2026-02-02 (Mon) to 2026-02-10 (Tue): 7 working days, enough; to 2026-02-09: 6
	{"period 7 working days", one(NormToReview), func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Notice.EndsOn = date(2026, 2, 10) }, "", "", ""},
	{"period 6 working days", one(NormToReview), func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Notice.EndsOn = date(2026, 2, 9) }, "notice", normCommentBasis, "6个工作日，少于7个工作日"},
	{"period 6 working days with reason", one(NormToReview), func(d *Decision, _ *Input, _ *Actor, _ *Env) {
		d.Notice.EndsOn, d.Notice.ShortReason = date(2026, 2, 9), "上级文件规定的施行日期临近"
	}, "", "", ""},
	{"period over a holiday", one(NormToReview), func(d *Decision, _ *Input, _ *Actor, env *Env) {
		d.Notice.EndsOn = date(2026, 2, 10)
		env.Calendar = Calendar{Off: map[string]bool{"2026-02-04": true}}
	}, "notice", normCommentBasis, "6个工作日"},
	{"period of 10 working days setting", one(NormToReview), func(d *Decision, _ *Input, _ *Actor, env *Env) {
		d.Notice.EndsOn, env.Settings.NormCommentWorkdays = date(2026, 2, 10), 10
	}, "notice", normCommentBasis, "少于10个工作日"},

	// legality review and collective discussion: the shared gates
	{"review on an old draft", reviewEvs, func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Submissions[0].RevisionID = 11 }, "submission", "条例第26条", "第1稿"},
	{"review unconfirmed", reviewEvs, func(_ *Decision, in *Input, _ *Actor, _ *Env) { in.PasswordConfirmed = false }, "password", "审查意见须经本人确认签署", ""},
	{"no meeting", meetingEvs, func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Meetings = nil }, "meeting", "条例第30条", ""},
	{"agenda without the departments' coordination", meetingEvs, func(d *Decision, _ *Input, _ *Actor, _ *Env) {
		d.Normative.Coordination[0].RuledAt = time.Time{}
	}, "meeting", "规划三(三)1", "相关部门意见及协调情况"},
	{"agenda needs no risk report", meetingEvs, func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.Risk = nil }, "", "", ""},
	{"approved by a plenary meeting", one(Approve), func(d *Decision, _ *Input, _ *Actor, _ *Env) { d.LatestMeeting().Kind = MeetingPlenary }, "meeting", "规划三(三)1", "政府全体会议"},
	{"approved by a department's leadership meeting", one(Approve), func(d *Decision, _ *Input, _ *Actor, _ *Env) {
		d.LatestMeeting().Kind = MeetingDepartment
	}, "", "", ""},
	{"resubmit without reason", one(Resubmit), func(_ *Decision, in *Input, _ *Actor, _ *Env) { in.Reason = "" }, "reason", "条例第30条", ""},
	{"withdraw without reason", one(Withdraw), func(_ *Decision, in *Input, _ *Actor, _ *Env) { in.Reason = "" }, "reason", "条例第10—11条", ""},
}

// TestNormativeGates: each case breaks one thing of the complete normative document; the gate
// reports exactly that, with its basis, and the complete document passes.
func TestNormativeGates(t *testing.T) {
	for _, c := range normBreakCases {
		for _, ev := range c.events {
			d, in, a, env := completeNormFor(ev), testInput(), normActor(ev), testEnv()
			if ps := Check(d, ev, a, in, env); len(ps) > 0 {
				t.Fatalf("complete document / %s: %+v", ev, ps)
			}
			c.brk(d, &in, &a, &env)
			ps := Check(d, ev, a, in, env)
			if c.basis == "" {
				if len(ps) > 0 {
					t.Errorf("%s / %s: want no problem, got %+v", c.name, ev, ps)
				}
				continue
			}
			if len(ps) != 1 {
				t.Errorf("%s / %s: want 1 problem, got %d: %+v", c.name, ev, len(ps), ps)
				continue
			}
			if p := ps[0]; p.Field != c.field || p.Basis != c.basis || !strings.Contains(p.Message, c.substr) {
				t.Errorf("%s / %s: got %+v, want field %q basis %q message containing %q", c.name, ev, p, c.field, c.basis, c.substr)
			}
		}
	}
}

// TestNormativeGatesCoverEveryEvent: every event of the procedure has a breaking case, and every
// gate of the procedure names one of its events, with its text and basis.
func TestNormativeGatesCoverEveryEvent(t *testing.T) {
	seen := map[Event]bool{}
	for _, c := range normBreakCases {
		if c.basis != "" {
			for _, ev := range c.events {
				seen[ev] = true
			}
		}
	}
	for _, tr := range Normative.Transitions {
		if !seen[tr.Event] {
			t.Errorf("no gate case breaks %s", tr.Event)
		}
	}
	for i, g := range Normative.gates {
		if g.check == nil || g.basis == "" || g.field == "" || g.requirement(DefaultSettings) == "" {
			t.Errorf("gate %d (%s) incomplete", i, g.text)
		}
	}
}

// TestNormativeFire: the machine of the document's own procedure runs: the major pipeline's
// events are not events of a normative document, and a normative event is none of a major
// decision's.
func TestNormativeFire(t *testing.T) {
	d, env := completeNorm(Drafting), testEnv()
	d.Flags.AffectsInterests = true
	if to, err := Fire(d, NormConsult, actorOf(RoleClerk), testInput(), env); err != nil || to != Consultation {
		t.Fatalf("norm_consult: %v, %v", to, err)
	}
	if _, err := Fire(d, Submit, actorOf(RoleClerk), testInput(), env); err == nil {
		t.Fatal("a major decision's submit fired on a normative document")
	}
	if _, err := Fire(completeNorm(Drafting), NormConsult, actorOf(RoleReviewer), testInput(), env); err == nil {
		t.Fatal("a reviewer put a draft out for comment")
	}
	m := complete(Drafting)
	if _, err := Fire(m, NormConsult, actorOf(RoleClerk), testInput(), env); err == nil {
		t.Fatal("a normative event fired on a major decision")
	}
	if got := Normative.StateLabel(Published); got != "登记编号公布" {
		t.Errorf("label %q", got)
	}
}

// TestNormativeRecords: the shared stages' records are written by the same role in the same
// state as in Major; the departments' records only in drafting; a consulted department's clerk
// may answer its own request only.
func TestNormativeRecords(t *testing.T) {
	for _, rec := range []Record{RecNotice, RecComment, RecSubmission, RecReturn, RecMeeting, RecOpinion} {
		for _, s := range States {
			if Normative.Valid(s) && Normative.MayRecord(recordRules[rec].role, rec, s) != MayRecord(recordRules[rec].role, rec, s) {
				t.Errorf("%s in %s differs from Major", rec, s)
			}
		}
	}
	if Normative.MayRecord(RoleClerk, RecHearing, Consultation) || Normative.MayRecord(RoleClerk, RecRisk, Consultation) {
		t.Error("a normative document has no hearing or risk assessment stage")
	}
	d, env := completeNorm(Drafting), testEnv()
	d.Normative.Requests[1].Reply = nil
	other := actorOf(RoleClerk)
	other.UnitID = 9 // 市交通运输局
	if _, err := Decide(d, &ReplyOpinion{RequestID: 2, Agrees: true}, other, env); err != nil {
		t.Fatalf("the consulted department's reply: %v", err)
	}
	third := actorOf(RoleClerk)
	third.UnitID = 8
	if _, err := Decide(completeNorm(Drafting), &ReplyOpinion{RequestID: 2, Agrees: true}, third, env); err == nil {
		t.Fatal("another department answered for 市交通运输局")
	}
}

// TestNormativeRecordChecks: the records' own checks, each with its basis.
func TestNormativeRecordChecks(t *testing.T) {
	env := testEnv()
	published := func() *Decision {
		d := completeNorm(Published)
		d.Normative.Doc = &NormativeDoc{Number: "澜政规〔2026〕1号", PublishedOn: date(2026, 6, 1), Status: Valid}
		return d
	}
	cases := []struct {
		name  string
		d     *Decision
		cmd   Command
		field string
		basis string
	}{
		{"request to itself", completeNorm(Drafting), &RequestOpinion{UnitID: 7, DueOn: env.Now}, "unit_id", planNorm2},
		{"request due yesterday", completeNorm(Drafting), &RequestOpinion{UnitID: 10, DueOn: env.Now.AddDate(0, 0, -1)}, "due_on", planNorm2},
		{"disagreement without text", func() *Decision {
			d := completeNorm(Drafting)
			d.Normative.Requests[1].Reply = nil
			return d
		}(), &ReplyOpinion{RequestID: 2}, "opinion", planNorm2},
		{"coordination failed without proposal", func() *Decision {
			d := completeNorm(Drafting)
			d.Normative.Coordination = nil
			return d
		}(), &Coordinate{RequestID: 2, Issues: "时段", Views: "各方"}, "proposal", planNorm2},
		{"ruling without who", func() *Decision {
			d := completeNorm(Drafting)
			d.Normative.Coordination[0].RuledAt = time.Time{}
			return d
		}(), &Rule{CoordinationID: 5, Ruling: "按建议"}, "ruled_by", planNorm2},
		{"publish without channel", completeNorm(Published), &PublishNormative{PublishedOn: date(2026, 6, 1), Text: "全文"}, "channels", planNorm1},
		{"publish before the meeting", completeNorm(Published), &PublishNormative{PublishedOn: date(2026, 4, 19), Channels: "政府网站", Text: "全文"}, "published_on", planNorm1},
		{"publish twice", published(), &PublishNormative{PublishedOn: date(2026, 6, 1), Channels: "政府网站", Text: "全文"}, "published_on", planNorm1},
		{"filing late without reason", published(), &FileNormative{Body: "省政府", FiledOn: date(2026, 6, 17)}, "late_reason", FilingBasis},
		{"filing before publication", published(), &FileNormative{Body: "省政府", FiledOn: date(2026, 5, 31)}, "filed_on", FilingBasis},
		{"filing without body", published(), &FileNormative{FiledOn: date(2026, 6, 10)}, "body", FilingBasis},
		{"status without reason", published(), &SetValidity{Status: Repealed}, "note", "规划三(三)3"},
		{"clean-up without reason", published(), &RecordCleanup{Outcome: ToRepeal}, "reason", "规划三(三)3"},
		{"clean-up of a repealed document", func() *Decision {
			d := published()
			d.Normative.Doc.Status = Repealed
			return d
		}(), &RecordCleanup{Outcome: KeepValid, Reason: "x"}, "outcome", "规划三(三)3"},
		{"filing review before filing", published(), &ReviewFiling{Conclusion: FilingPassed}, "conclusion", "规划三(三)3"},
		{"annulment without reasons", func() *Decision {
			d := published()
			d.Normative.Doc.Filing = &Filing{Body: "省政府", FiledOn: date(2026, 6, 10)}
			return d
		}(), &ReviewFiling{Conclusion: FilingAnnul}, "reasons", "规划三(三)3"},
	}
	for _, c := range cases {
		a := actorOf(Normative.records[c.cmd.Writes()].role)
		if c.cmd.Writes() == RecDeptReply {
			a.UnitID = 9
		}
		_, err := Decide(c.d, c.cmd, a, env)
		ge, ok := err.(*GateError)
		if !ok || len(ge.Problems) != 1 || ge.Problems[0].Field != c.field || ge.Problems[0].Basis != c.basis {
			t.Errorf("%s: %v", c.name, err)
		}
	}
	// the day the filing is due passes; 2026-06-16 is a Tuesday, 15 days after 2026-06-01
	if _, err := Decide(published(), &FileNormative{Body: "省政府", FiledOn: date(2026, 6, 16)}, actorOf(RoleSecretary), env); err != nil {
		t.Errorf("filed on the 15th day: %v", err)
	}
}

// TestFilingDue: 15 calendar days after publication (规划三(三)3 counts 日), a last day that
// is not a working day moving to the next working day.
func TestFilingDue(t *testing.T) {
	env := testEnv()
	cases := []struct{ published, due time.Time }{
		{date(2026, 6, 1), date(2026, 6, 16)},  // Tuesday
		{date(2026, 6, 5), date(2026, 6, 22)},  // the 20th is a Saturday: Monday
		{date(2026, 9, 16), date(2026, 10, 8)}, // 1 October, a holiday week in the calendar
	}
	env.Calendar = Calendar{Off: map[string]bool{"2026-10-01": true, "2026-10-02": true, "2026-10-05": true, "2026-10-06": true, "2026-10-07": true}}
	for _, c := range cases {
		if got := FilingDue(c.published, env); !got.Equal(c.due) {
			t.Errorf("published %s: due %s, want %s", c.published.Format(time.DateOnly), got.Format(time.DateOnly), c.due.Format(time.DateOnly))
		}
	}
	doc := &NormativeDoc{PublishedOn: date(2026, 6, 1)}
	env.Now = date(2026, 6, 16).Add(20 * time.Hour)
	if doc.FiledLate(env) {
		t.Error("unfiled on its due day counted late")
	}
	env.Now = date(2026, 6, 17)
	if !doc.FiledLate(env) {
		t.Error("unfiled the day after its due day not late")
	}
}

// TestNormativeAnomalies: a late filing, a missing one, a publication without the review's 合法
// and one without a register number are flagged with their basis; a filing on time is not.
func TestNormativeAnomalies(t *testing.T) {
	env := testEnv() // 2026-06-30
	kinds := func(d *Decision) map[string]string {
		out := map[string]string{}
		for _, a := range Anomalies(d, env) {
			out[a.Kind] = a.Basis
		}
		return out
	}
	d := completeNorm(Published)
	d.Normative.Doc = &NormativeDoc{Number: "澜政规〔2026〕1号", PublishedOn: date(2026, 6, 1), Status: Valid,
		Filing: &Filing{Body: "省政府", FiledOn: date(2026, 6, 16)}}
	if got := kinds(d); len(got) != 0 {
		t.Errorf("filed on its last day: %v", got)
	}
	d.Normative.Doc.Filing = &Filing{Body: "省政府", FiledOn: date(2026, 6, 17), LateReason: "材料补正"}
	if got := kinds(d); got["filing_late"] != FilingBasis {
		t.Errorf("filed a day late: %v", got)
	}
	d.Normative.Doc.Filing = nil
	if got := kinds(d); got["filing_missing"] != FilingBasis || got["overdue"] != "" {
		t.Errorf("unfiled after its day: %v", got)
	}
	d.Reviews[0].Conclusion = ConclusionRevise
	d.Normative.Doc = nil
	d.Publication = &Publication{DocNumber: "澜政规〔2026〕9号", PublishedOn: date(2026, 6, 1)}
	if got := kinds(d); got["no_legality_review"] != planNorm1 || got["no_number"] != planNorm1 {
		t.Errorf("published without review or number: %v", got)
	}
}
