package workflow

import (
	"strings"
	"testing"
	"time"
)

// dateRule is one rule of dates: a command whose date is set to on, the state it is given in,
// who gives it, and the article a refusal names.
type dateRule struct {
	name  string
	state State
	role  Role
	basis string
	cmd   func(d *Decision, on time.Time) Command
}

// factRules are every record that states a fact of a day: its date may not lie after today.
var factRules = []dateRule{
	{"start decided", Proposed, RoleSecretary, "条例第10条", func(_ *Decision, on time.Time) Command {
		return &StartDecision{Start: StartRecord{DecidedOn: on, Basis: "会议纪要"}}
	}},
	{"method held", Consultation, RoleClerk, "条例第14条", func(_ *Decision, on time.Time) Command {
		return &AddMethod{Method: ConsultationMethod{Method: MethodSymposium, HeldOn: on, Participants: "代表", Summary: "赞成"}}
	}},
	{"notice published", Consultation, RoleClerk, "条例第15条", func(_ *Decision, on time.Time) Command {
		return &SaveNotice{Notice: CommentNotice{Channel: "网站", HowToSubmit: "信函", Explanation: "说明", PublishedOn: on,
			StartsOn: on, EndsOn: on.AddDate(0, 0, 30)}}
	}},
	{"comment received", Consultation, RoleClerk, "条例第15条", func(_ *Decision, on time.Time) Command {
		return &AddComment{Comment: Comment{Source: "信函", Body: "意见", ReceivedAt: on}}
	}},
	{"feedback published", Consultation, RoleClerk, "条例第15条", func(_ *Decision, on time.Time) Command {
		return &SaveFeedback{Feedback: Feedback{PublishedOn: on, Channel: "网站"}}
	}},
	{"expert signed", Consultation, RoleClerk, "条例第20条", func(_ *Decision, on time.Time) Command {
		return &AddExpert{Opinion: ExpertOpinion{Name: "王教授", Field: "交通", Organisation: "大学", Opinion: "可行",
			Conclusion: "可行", Signed: true, SignedOn: on, NoInterest: true}}
	}},
	{"hearing materials delivered", Hearing, RoleClerk, "条例第16条", func(d *Decision, on time.Time) Command {
		h := *d.Hearing
		h.MaterialsDeliveredOn = on
		return &SaveHearing{Hearing: h}
	}},
	{"risk assessed", RiskAssessment, RoleClerk, "条例第22条", func(d *Decision, on time.Time) Command {
		r := *d.Risk
		r.AssessedOn = on
		return &SaveRisk{Report: r}
	}},
	{"meeting held", CollectiveDiscussion, RoleSecretary, "条例第30条", func(d *Decision, on time.Time) Command {
		m := d.Meetings[0]
		m.ID, m.HeldOn, m.Opinions, m.Head = 0, on, nil, HeadNone
		return &AddMeeting{Meeting: m}
	}},
	{"Party committee reported", Published, RoleSecretary, "条例第31条", func(_ *Decision, on time.Time) Command {
		return &SavePartyReport{Report: PartyReport{ReportedOn: on}}
	}},
	{"publication", Published, RoleSecretary, "条例第32条", func(d *Decision, on time.Time) Command {
		p := *d.Publication
		p.PublishedOn = on
		return &SavePublication{Publication: p}
	}},
	{"implementation report", Implementation, RoleClerk, "条例第34条", func(_ *Decision, on time.Time) Command {
		return &AddReport{Report: ImplementationReport{Kind: ReportProgress, ExecutingUnit: "市发改委", Body: "进展", ReportedOn: on}}
	}},
	{"fair-competition review", LegalityReview, RoleClerk, "条例第29条", func(_ *Decision, on time.Time) Command {
		return &SaveFairCompetition{Review: FairCompetitionReview{ReviewedOn: on, Reviewer: "市发展改革委", Conclusion: FCNoEffect, Summary: "逐项审查"}}
	}},
	{"milestone done", Implementation, RoleClerk, "条例第34条", func(d *Decision, on time.Time) Command {
		d.Milestones = []Milestone{{ID: 7, Title: "新票价施行", PlannedOn: on, Status: MilestoneUnderway}}
		return &UpdateMilestone{ID: 7, Status: MilestoneDone, DoneOn: on}
	}},
	{"evaluation", PostEvaluation, RoleClerk, "条例第36条", func(d *Decision, on time.Time) Command {
		e := *d.Evaluation
		e.EvaluatedOn = on
		return &SaveEvaluation{Evaluation: e}
	}},
}

// decided runs cmd on a copy of the complete decision in state, with the late entry's reason
// given, so that only the date rules decide.
func decided(t *testing.T, r dateRule, on time.Time, env Env) []Problem {
	t.Helper()
	d := complete(r.state)
	if r.state == Published || r.state == Proposed {
		d.PartyReport = nil // its own rule is tested on its own below
	}
	cmd := r.cmd(d, on)
	if x, ok := cmd.(interface{ setLate(string) }); ok {
		x.setLate("据归档材料补录")
	}
	_, err := Decide(d, cmd, actorOf(r.role), env)
	if err == nil {
		return nil
	}
	ge, ok := err.(*GateError)
	if !ok {
		t.Fatalf("%s: %v", r.name, err)
	}
	return ge.Problems
}

func (e *Entry) setLate(reason string) { e.LateReason = reason }

func naming(ps []Problem, basis, what string) bool {
	for _, p := range ps {
		if p.Basis == basis && strings.Contains(p.Message, what) {
			return true
		}
	}
	return false
}

// TestFactsNotInTheFuture: for every record that states a fact, tomorrow is refused with the
// article, today passes.
func TestFactsNotInTheFuture(t *testing.T) {
	env := testEnv()
	today := Day(env.Now)
	for _, r := range factRules {
		if ps := decided(t, r, today.AddDate(0, 0, 1), env); !naming(ps, r.basis, "晚于今天") {
			t.Errorf("%s tomorrow: want a refusal naming %s, got %+v", r.name, r.basis, ps)
		}
		if ps := decided(t, r, today, env); naming(ps, r.basis, "晚于今天") {
			t.Errorf("%s today: refused %+v", r.name, ps)
		}
	}
}

// TestOrderOfStages: each date that must not precede another is refused the day before and
// passes on the day itself.
func TestOrderOfStages(t *testing.T) {
	env := testEnv()
	cases := []struct {
		name   string
		basis  string
		bound  func(d *Decision) time.Time // the first day allowed
		before func(d *Decision, on time.Time) Command
		state  State
		role   Role
	}{
		{"meeting not before the review's signature", "条例第25条", func(d *Decision) time.Time { return d.Reviews[0].SignedAt },
			func(d *Decision, on time.Time) Command {
				m := d.Meetings[0]
				m.ID, m.HeldOn, m.Opinions, m.Head = 0, on, nil, HeadNone
				return &AddMeeting{Meeting: m}
			}, CollectiveDiscussion, RoleSecretary},
		{"publication not before the deciding meeting", "条例第32条", func(d *Decision) time.Time { return d.Meetings[0].HeldOn },
			func(d *Decision, on time.Time) Command {
				p := *d.Publication
				p.PublishedOn = on
				d.PartyReport = nil
				return &SavePublication{Publication: p}
			}, Published, RoleSecretary},
		{"publication not before the Party committee's report", "条例第31条", func(d *Decision) time.Time { return d.PartyReport.ReportedOn },
			func(d *Decision, on time.Time) Command {
				p := *d.Publication
				p.PublishedOn = on
				return &SavePublication{Publication: p}
			}, Published, RoleSecretary},
		{"report not before publication", "条例第34条", func(d *Decision) time.Time { return d.Publication.PublishedOn },
			func(_ *Decision, on time.Time) Command {
				return &AddReport{Report: ImplementationReport{Kind: ReportProgress, ExecutingUnit: "市发改委", Body: "进展", ReportedOn: on}}
			}, Implementation, RoleClerk},
		{"evaluation not before publication", "条例第36条", func(d *Decision) time.Time { return d.Publication.PublishedOn },
			func(d *Decision, on time.Time) Command {
				e := *d.Evaluation
				e.EvaluatedOn = on
				return &SaveEvaluation{Evaluation: e}
			}, PostEvaluation, RoleClerk},
	}
	for _, c := range cases {
		for _, delta := range []int{-1, 0} {
			d := complete(c.state)
			if c.state == CollectiveDiscussion {
				d.Meetings[0].Head = HeadNone
			}
			on := Day(c.bound(d)).AddDate(0, 0, delta)
			cmd := c.before(d, on)
			if x, ok := cmd.(interface{ setLate(string) }); ok {
				x.setLate("据归档材料补录")
			}
			_, err := Decide(d, cmd, actorOf(c.role), env)
			var ps []Problem
			if ge, ok := err.(*GateError); ok {
				ps = ge.Problems
			}
			refused := naming(ps, c.basis, "早于")
			if delta < 0 && !refused {
				t.Errorf("%s, the day before: want a refusal naming %s, got %v", c.name, c.basis, err)
			}
			if delta == 0 && refused {
				t.Errorf("%s, the day itself: refused %v", c.name, err)
			}
		}
	}
}

// TestLateEntries: a record dated before the decision was registered, or entered later than the
// setting after its own date, needs the reason (条例第33条); with it, it passes and is a late
// entry; on time it needs none.
func TestLateEntries(t *testing.T) {
	env := testEnv()
	method := func(on time.Time, reason string) Command {
		c := &AddMethod{Method: ConsultationMethod{Method: MethodSymposium, HeldOn: on, Participants: "代表", Summary: "赞成"}}
		c.LateReason = reason
		return c
	}
	d := complete(Consultation)
	today := Day(env.Now)
	limit := today.AddDate(0, 0, -env.Settings.LateEntryDays)
	for _, c := range []struct {
		name string
		on   time.Time
		late bool
	}{
		{"the day before registration", Day(d.CreatedAt).AddDate(0, 0, -1), true},
		{"the day after the limit", limit.AddDate(0, 0, -1), true},
		{"on the limit", limit, false},
		{"today", today, false},
	} {
		_, err := Decide(complete(Consultation), method(c.on, ""), actorOf(RoleClerk), env)
		ge, _ := err.(*GateError)
		refused := ge != nil && len(ge.For("late_reason")) == 1 && ge.For("late_reason")[0].Basis == LateBasis
		if refused != c.late {
			t.Errorf("%s without a reason: refused %v, want %v (%v)", c.name, refused, c.late, err)
		}
		withReason := method(c.on, "据会议纪要补录")
		if _, err := Decide(complete(Consultation), withReason, actorOf(RoleClerk), env); err != nil {
			t.Errorf("%s with a reason: %v", c.name, err)
		}
		if got := LateEntryOf(complete(Consultation), withReason, env) != nil; got != c.late {
			t.Errorf("%s: late entry %v, want %v", c.name, got, c.late)
		}
	}
	// Saving the notice again with the date it holds is not a new late entry.
	d = complete(Consultation)
	again := &SaveNotice{Notice: *d.Notice}
	if _, err := Decide(d, again, actorOf(RoleClerk), env); err != nil {
		t.Errorf("saving the notice again: %v", err)
	}
}

// TestHeadDepartsFromMajority: every decision against the majority's view needs the reason.
func TestHeadDepartsFromMajority(t *testing.T) {
	m := Meeting{Opinions: []MeetingOpinion{{Stance: StanceFor}, {Stance: StanceFor}, {Stance: StanceAgainst}, {IsHead: true}}}
	for h, want := range map[HeadDecision]bool{HeadApprove: false, HeadReject: true, HeadReconsider: true, HeadDefer: true} {
		if got, _, _ := departsFromMajority(m, h); got != want {
			t.Errorf("most for, head %s: departs %v, want %v", h, got, want)
		}
	}
	m.Opinions[0].Stance, m.Opinions[1].Stance = StanceAgainst, StanceAbstain
	for h, want := range map[HeadDecision]bool{HeadApprove: true, HeadReject: false, HeadReconsider: true, HeadDefer: true} {
		if got, _, _ := departsFromMajority(m, h); got != want {
			t.Errorf("most against, head %s: departs %v, want %v", h, got, want)
		}
	}
}

// TestEvaluatorNotTheAssessor: 条例第36条 compares who the bodies are, not how their names are
// spelled, and a blank evaluator cannot be compared.
func TestEvaluatorNotTheAssessor(t *testing.T) {
	env := testEnv()
	for _, c := range []struct {
		name, body, unit string
		refused          bool
	}{
		{"the same body spelled otherwise", "body:3", "江澜市社会稳定风险评估中心（第三方）", true},
		{"no body chosen", "", "某大学", true},
		{"another body", "body:4", "市社会稳定风险评估中心", false}, // same words, another body
	} {
		d := complete(PostEvaluation)
		d.Risk.AssessorBody = "body:3"
		e := *d.Evaluation
		e.EvaluatorBody, e.EvaluatorUnit = c.body, c.unit
		_, err := Decide(d, &SaveEvaluation{Evaluation: e}, actorOf(RoleClerk), env)
		ge, _ := err.(*GateError)
		refused := ge != nil && len(ge.For("evaluator_unit")) > 0 && ge.For("evaluator_unit")[0].Basis == "条例第36条"
		if refused != c.refused {
			t.Errorf("%s: refused %v, want %v (%v)", c.name, refused, c.refused, err)
		}
	}
}

// TestVoidEachKind: every kind of record that is only ever added can be voided by the role that
// adds it while its stage is open, with a reason; afterwards it is no longer offered. Signed
// and decided records cannot be.
func TestVoidEachKind(t *testing.T) {
	env := testEnv()
	stageOf := map[Record]State{RecRevision: Drafting, RecDispute: Drafting, RecMethod: Consultation, RecComment: Consultation,
		RecExpert: Consultation, RecParticipant: Hearing, RecMeeting: CollectiveDiscussion, RecOpinion: CollectiveDiscussion,
		RecReport: Implementation}
	for _, rec := range Voidable {
		d := complete(stageOf[rec])
		d.Meetings[0].Head = HeadNone // undecided: its record may still be corrected
		d.Revisions = append(d.Revisions, Revision{ID: 13, No: 3, Body: "误存的第三稿", Note: "误存", CreatedBy: clerkID})
		role := recordRules[rec].role
		var target *VoidChoice
		for _, c := range VoidChoices(d, role) {
			if c.Record == rec {
				target = &c
				break
			}
		}
		if target == nil {
			t.Errorf("%s: nothing offered to void in %s", rec, d.State)
			continue
		}
		if _, err := Decide(d, &VoidRecord{Record: rec, ID: target.ID}, actorOf(role), env); err == nil {
			t.Errorf("%s: voided without a reason", rec)
		}
		if _, err := Decide(d, &VoidRecord{Record: rec, ID: target.ID, Reason: "登记有误"}, actorOf(role), env); err != nil {
			t.Errorf("%s: %v", rec, err)
		}
		other := RoleAuditor
		if _, err := Decide(d, &VoidRecord{Record: rec, ID: target.ID, Reason: "登记有误"}, actorOf(other), env); err == nil {
			t.Errorf("%s: voided by an auditor", rec)
		}
	}
	// Decided meetings, their opinions, and drafts the public or the reviewer saw: never.
	d := complete(CollectiveDiscussion)
	for _, c := range []VoidRecord{{Record: RecMeeting, ID: 51}, {Record: RecOpinion, ID: 1}} {
		c.Reason = "试图作废"
		if _, err := Decide(d, &c, actorOf(RoleSecretary), env); err == nil {
			t.Errorf("%s of a decided meeting voided", c.Record)
		}
	}
	d = complete(Drafting)
	if _, err := Decide(d, &VoidRecord{Record: RecRevision, ID: 12, Reason: "试图作废"}, actorOf(RoleClerk), env); err == nil {
		t.Error("the draft put out for comment was voided")
	}
}
