package workflow

import (
	"fmt"
	"slices"
	"strings"
)

// TaskStatus is where one task of the current stage stands, as the decision page's task list
// shows it.
type TaskStatus string

// The statuses of a task.
const (
	TaskNotStarted    TaskStatus = "not_started"    // 未开始
	TaskInProgress    TaskStatus = "in_progress"    // 进行中
	TaskDone          TaskStatus = "done"           // 已完成
	TaskNotApplicable TaskStatus = "not_applicable" // 不适用（理由）
	TaskCannotStart   TaskStatus = "cannot_start"   // 暂不能开始（理由）
)

// Label is the status in Chinese.
func (s TaskStatus) Label() string {
	switch s {
	case TaskNotStarted:
		return "未开始"
	case TaskInProgress:
		return "进行中"
	case TaskDone:
		return "已完成"
	case TaskNotApplicable:
		return "不适用"
	case TaskCannotStart:
		return "暂不能开始"
	}
	return string(s)
}

// Task is one thing to do in the decision's current stage: a record to write, or the step that
// ends the stage (Event set). Both come from the rules the gates use: the records a stage takes
// (recordRules) and the requirements of the events leaving it (the gates table).
type Task struct {
	Record   Record // the record written; for the closing step, the record written with it, if any
	Event    Event  // the event that ends the stage; "" for a record
	Role     Role   // who does it
	Status   TaskStatus
	Reason   string // why not applicable or not yet possible; for one in progress, what is missing
	Required bool   // a requirement of the way on reads it; otherwise it is done as needed
}

// Label names the task.
func (t Task) Label() string {
	if t.Event != "" && t.Record == "" {
		return t.Event.Label()
	}
	if t.Event == Start {
		return Start.Label()
	}
	return t.Record.Label()
}

// Tasks lists the current stage's tasks in the order of the records, the closing step last. A
// final state has none.
func Tasks(d *Decision, env Env) []Task {
	if d.State.Final() {
		return nil
	}
	way := WayOn(d, env)
	reqs := map[string][]Requirement{}
	var closing []Requirement
	if way != "" {
		for _, r := range requirementsOf(d, env, way) {
			reqs[r.Field] = append(reqs[r.Field], r)
			closing = append(closing, r)
		}
	}
	var out []Task
	for _, rec := range d.Procedure().order {
		rs := reqs[string(rec)]
		if rec == RecWithdrawal || (!d.Procedure().MayRecord(d.Procedure().records[rec].role, rec, d.State) && len(rs) == 0) {
			continue
		}
		if changed, _, _ := d.DraftChangedSinceConsultation(); rec == RecDraftChange && !changed && !d.Holds(rec) {
			continue // a note is only asked for a draft changed since the public saw it
		}
		out = append(out, recordTask(d, env, rec, rs))
	}
	if way == "" {
		return out
	}
	t := Task{Event: way, Status: TaskNotStarted, Required: true}
	if tr, ok := d.Procedure().TransitionOf(way); ok {
		t.Role = tr.Roles[0]
	}
	if way == Start {
		t.Record = RecStart // the start is recorded with its date and basis in one form
	}
	var unmet []string
	for _, r := range closing {
		if !r.Met && r.Field != string(t.Record) {
			unmet = append(unmet, r.Detail)
		}
	}
	if len(unmet) > 0 {
		t.Status = TaskCannotStart
		t.Reason = fmt.Sprintf("尚有 %d 项办理条件未满足：%s", len(unmet), unmet[0])
	}
	return append(out, t)
}

// recordTask is the task of writing rec, given the requirements of the way on that read it.
func recordTask(d *Decision, env Env, rec Record, rs []Requirement) Task {
	t := Task{Record: rec, Role: d.Procedure().records[rec].role, Required: len(rs) > 0}
	var unmet []string
	for _, r := range rs {
		if !r.Met && !slices.Contains(unmet, r.Detail) { // gates reading a missing record say so alike
			unmet = append(unmet, r.Detail)
		}
	}
	held := d.Holds(rec)
	switch why := notYet(d, rec); {
	case !held && len(unmet) == 0 && notApplicable(d, env, rec) != "":
		t.Status, t.Reason = TaskNotApplicable, notApplicable(d, env, rec)
	case why != "":
		t.Status, t.Reason = TaskCannotStart, why
	case held && len(unmet) == 0:
		t.Status = TaskDone
	case held:
		t.Status, t.Reason = TaskInProgress, strings.Join(unmet, "；")
	default:
		t.Status = TaskNotStarted
		if len(unmet) > 0 {
			t.Reason = strings.Join(unmet, "；")
		}
	}
	return t
}

// WayOn is the event that takes the decision on along the main line from its state: not a
// withdrawal, a refusal or a suspension, and between a hearing and no hearing the one the law
// asks for (条例第16条). A decision in force has none: a post-evaluation is started when there
// is cause (条例第36条), not as the next step. "" when the state has none.
func WayOn(d *Decision, env Env) Event {
	for _, ev := range d.Procedure().Exits(d.State) {
		switch ev {
		case Withdraw, Decline, Suspend, Evaluate, SkipRisk, ReviewRevise, ReviewFail, Reject, Reconsider, Defer:
			continue
		case ToHearing:
			if !hearingDue(d, env) {
				continue
			}
		case SkipHearing:
			if hearingDue(d, env) {
				continue
			}
		}
		return ev
	}
	return ""
}

// Holds reports whether anything of kind rec is recorded on the decision.
func (d *Decision) Holds(rec Record) bool {
	switch rec {
	case RecProposal:
		return true
	case RecStart:
		return d.Start != nil
	case RecFlags:
		return d.Flags != Flags{}
	case RecRevision:
		return len(d.Revisions) > 0
	case RecDispute:
		return len(d.Disputes) > 0
	case RecMethod:
		return len(d.Methods) > 0
	case RecNotice:
		return d.Notice != nil
	case RecComment:
		return len(d.Comments) > 0
	case RecDisposition:
		for _, c := range d.Comments {
			if c.Disposition != DispositionNone {
				return true
			}
		}
	case RecFeedback:
		return d.Feedback != nil
	case RecExpert:
		return len(d.Experts) > 0
	case RecHearing:
		return d.Hearing != nil
	case RecParticipant:
		return d.Hearing != nil && len(d.Hearing.Participants) > 0
	case RecDraw:
		return d.Draw != nil
	case RecFairComp:
		return d.FairCompetition != nil
	case RecRisk:
		return d.Risk != nil
	case RecSubmission:
		return len(d.Submissions) > 0
	case RecReturn:
		for _, s := range d.Submissions {
			if !s.ReturnedOn.IsZero() {
				return true
			}
		}
	case RecMeeting:
		return len(d.Meetings) > 0
	case RecOpinion:
		for _, m := range d.Meetings {
			if len(m.Opinions) > 0 {
				return true
			}
		}
	case RecPartyReport:
		return d.PartyReport != nil
	case RecPublication:
		return d.Publication != nil
	case RecReport:
		return len(d.Reports) > 0
	case RecMilestone:
		return len(d.Milestones) > 0
	case RecEvaluation:
		return d.Evaluation != nil
	case RecWithdrawal:
		return len(d.Withdrawals) > 0
	case RecDraftChange:
		return len(d.DraftNotes) > 0
	}
	return false
}

// notApplicable is why a record the stage takes is not needed for this decision, by the same
// tests its gates apply; "" when it may be needed.
func notApplicable(d *Decision, env Env, rec Record) string {
	switch rec {
	case RecNotice:
		if !mustConsultPublicly(d, env) {
			return "不涉及社会公众切身利益或者依法不得公开，无须向社会公开征求意见（条例第15条）"
		}
	case RecFeedback:
		if !mustConsultPublicly(d, env) && d.Notice == nil && len(d.Comments) == 0 {
			return "未向社会公开征求意见，也未收到意见，无须反馈（条例第15条第2款）"
		}
	case RecExpert:
		if !d.Flags.Technical {
			return "非专业性、技术性较强的事项，无须专家论证（条例第19条）"
		}
	case RecFairComp:
		if !d.Flags.MarketActivity {
			return "不涉及市场主体经济活动，无须公平竞争审查（条例第29条）"
		}
	case RecDraftChange:
		return "已就修改后的草案重新公开征求意见，无须说明（条例第15条）"
	}
	return ""
}

// notYet is why a record cannot be written yet: what it is written about is missing.
func notYet(d *Decision, rec Record) string {
	switch rec {
	case RecDisposition:
		if len(d.Comments) == 0 {
			return "尚未收到意见"
		}
	case RecOpinion:
		if d.LatestMeeting() == nil {
			return "须先登记集体讨论会议"
		}
	case RecReturn:
		if d.CurrentSubmission() == nil && !d.Holds(RecReturn) {
			return "尚未送请合法性审查"
		}
	}
	return ""
}
