package workflow

import (
	"strings"
	"testing"
)

// taskOf finds the task of rec (or the closing step of ev) in ts.
func taskOf(t *testing.T, ts []Task, rec Record, ev Event) Task {
	t.Helper()
	for _, x := range ts {
		if x.Record == rec && x.Event == ev {
			return x
		}
	}
	t.Fatalf("no task %q %q in %+v", rec, ev, ts)
	return Task{}
}

// TestTasksProposed: a new proposal's one task left is the secretary's start, which may begin
// once the proposal says what the law asks; until then it cannot, with the reason.
func TestTasksProposed(t *testing.T) {
	d := &Decision{State: Proposed, Proposal: complete(Proposed).Proposal}
	ts := Tasks(d, testEnv())
	if p := taskOf(t, ts, RecProposal, ""); p.Status != TaskDone || p.Role != RoleClerk {
		t.Errorf("proposal: %+v", p)
	}
	start := ts[len(ts)-1]
	if start.Event != Start || start.Record != RecStart || start.Role != RoleSecretary || start.Status != TaskNotStarted {
		t.Errorf("start: %+v", start)
	}
	d.Proposal.Problem = ""
	ts = Tasks(d, testEnv())
	if p := taskOf(t, ts, RecProposal, ""); p.Status != TaskInProgress || !strings.Contains(p.Reason, "拟解决的问题") {
		t.Errorf("proposal without the problem: %+v", p)
	}
	if s := taskOf(t, ts, RecStart, Start); s.Status != TaskCannotStart || !strings.Contains(s.Reason, "拟解决的问题") {
		t.Errorf("start before the proposal is complete: %+v", s)
	}
}

// TestTasksConsultation: a notice not needed is 不适用 with its article; dispositions cannot
// start before a comment; the step on is held back by what is missing, then free.
func TestTasksConsultation(t *testing.T) {
	d := complete(Consultation)
	env := testEnv()
	ts := Tasks(d, env)
	for _, rec := range []Record{RecMethod, RecNotice, RecComment, RecFeedback, RecExpert} {
		if x := taskOf(t, ts, rec, ""); x.Status != TaskDone {
			t.Errorf("complete consultation, %s: %+v", rec, x)
		}
	}
	if way := ts[len(ts)-1]; way.Event != SkipHearing || way.Status != TaskNotStarted {
		t.Errorf("no hearing due: the way on is %+v", way)
	}
	d.Flags.HearingChosen = true
	if way := Tasks(d, env)[len(ts)-1]; way.Event != ToHearing {
		t.Errorf("a hearing chosen: the way on is %+v", way)
	}

	d = complete(Consultation)
	d.Flags.AffectsInterests, d.Notice, d.Comments, d.Feedback = false, nil, nil, nil
	ts = Tasks(d, env)
	if x := taskOf(t, ts, RecNotice, ""); x.Status != TaskNotApplicable || !strings.Contains(x.Reason, "条例第15条") {
		t.Errorf("notice not needed: %+v", x)
	}
	if x := taskOf(t, ts, RecDisposition, ""); x.Status != TaskCannotStart || x.Reason != "尚未收到意见" {
		t.Errorf("disposition without comments: %+v", x)
	}

	d = complete(Consultation)
	d.Experts = nil
	ts = Tasks(d, env)
	if x := taskOf(t, ts, RecExpert, ""); x.Status != TaskNotStarted || !x.Required {
		t.Errorf("experts missing on a technical matter: %+v", x)
	}
	if way := ts[len(ts)-1]; way.Status != TaskCannotStart || !strings.Contains(way.Reason, "专家论证") {
		t.Errorf("the way on without experts: %+v", way)
	}
}

// TestTasksRisk: once the assessment is saved its task is done, whatever skipping would need.
func TestTasksRisk(t *testing.T) {
	d := complete(RiskAssessment)
	d.Flags.StabilityRisk = true
	if x := taskOf(t, Tasks(d, testEnv()), RecRisk, ""); x.Status != TaskDone {
		t.Errorf("risk saved: %+v", x)
	}
	d.Risk = nil
	ts := Tasks(d, testEnv())
	if x := taskOf(t, ts, RecRisk, ""); x.Status != TaskNotStarted || !x.Required {
		t.Errorf("risk not saved: %+v", x)
	}
	if way := ts[len(ts)-1]; way.Event != ToReview || way.Status != TaskCannotStart {
		t.Errorf("the way on without the assessment: %+v", way)
	}
}

// TestTasksInForce: a decision being carried out has its reports to write and no next step;
// suspended, the way on is to resume it.
func TestTasksInForce(t *testing.T) {
	ts := Tasks(complete(Implementation), testEnv())
	if len(ts) == 0 || ts[len(ts)-1].Event != "" {
		t.Errorf("implementation: %+v", ts)
	}
	taskOf(t, ts, RecReport, "")
	if ts := Tasks(complete(Suspended), testEnv()); ts[len(ts)-1].Event != Resume {
		t.Errorf("suspended: %+v", ts)
	}
}

// TestTasksFinal: a closed or withdrawn decision has nothing left to do.
func TestTasksFinal(t *testing.T) {
	for _, s := range []State{Closed, Withdrawn, Declined, Rejected} {
		if ts := Tasks(complete(s), testEnv()); ts != nil {
			t.Errorf("%s: %+v", s, ts)
		}
	}
}

// TestRecordLabels: every task names its record in words, never by its key.
func TestRecordLabels(t *testing.T) {
	for _, r := range recordOrder {
		if r.Label() == string(r) {
			t.Errorf("record %q has no label", r)
		}
	}
}
