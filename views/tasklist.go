package views

import (
	"fmt"

	"juece/workflow"
)

// TaskItem is one line of the current stage's task list: the task, and where this user does it.
type TaskItem struct {
	workflow.Task
	Mine bool   // this user does it
	Href string // its form (or page) for this user; "" when it is not theirs or not possible now
}

// TaskItems are the current stage's tasks as this user sees them.
func (p DecisionPage) TaskItems() []TaskItem {
	out := make([]TaskItem, len(p.Tasks))
	for i, t := range p.Tasks {
		out[i] = TaskItem{Task: t, Mine: t.Role == p.Role && p.mayAct()}
		if out[i].Mine {
			out[i].Href = p.taskHref(t)
		}
	}
	return out
}

// mayAct says whether the user may write to the decision at all: someone who has a record to
// write or an event to fire now.
func (p DecisionPage) mayAct() bool {
	return len(p.Can) > 0 || len(p.Events) > 0 || p.MaySignReview
}

// Primary is this user's one main action now: the first required task of theirs still to do,
// else the way on when it may be taken, else the first of their tasks they may open.
func (p DecisionPage) Primary() (TaskItem, bool) {
	items := p.TaskItems()
	open := func(t TaskItem) bool {
		return t.Mine && t.Href != "" && (t.Status == workflow.TaskNotStarted || t.Status == workflow.TaskInProgress)
	}
	for _, t := range items {
		if open(t) && t.Required && t.Event == "" {
			return t, true
		}
	}
	for _, t := range items {
		if open(t) && t.Event != "" {
			return t, true
		}
	}
	for _, t := range items {
		if open(t) {
			return t, true
		}
	}
	for _, t := range items {
		if t.Mine && t.Href != "" {
			return t, true
		}
	}
	return TaskItem{}, false
}

// PrimaryLabel is the words of the primary button.
func (t TaskItem) PrimaryLabel() string {
	switch {
	case t.Event == workflow.ReviewPass:
		return "签署合法性审查意见"
	case t.Event == workflow.Approve:
		return "记录行政首长的决定"
	case t.Event != "":
		return t.Label()
	case t.Status == workflow.TaskNotStarted:
		return "登记" + t.Label()
	}
	return "修改" + t.Label()
}

// TaskLabel names a task in the list; the closing steps drawn from a stage's own form say what
// the form records.
func (t TaskItem) TaskLabel() string {
	switch t.Event {
	case workflow.ReviewPass:
		return "合法性审查意见（审查人员签署）"
	case workflow.Approve:
		return "行政首长的决定"
	}
	if t.Event != "" && t.Event != workflow.Start {
		return "办理“" + t.Label() + "”"
	}
	return t.Label()
}

// PrimaryEvent is the event whose form the primary button sends, when the primary action is an
// event fired from the actions box (not a stage's own form); "" otherwise.
func (p DecisionPage) PrimaryEvent() workflow.Event {
	if t, ok := p.Primary(); ok && t.Event != "" && t.Href == "#form-ev-"+string(t.Event) {
		return t.Event
	}
	return ""
}

// taskHref is where this user does t: the form's anchor on this page, or the review's page; ""
// when the form is not drawn now.
func (p DecisionPage) taskHref(t workflow.Task) string {
	if t.Status == workflow.TaskNotApplicable || t.Status == workflow.TaskCannotStart {
		return ""
	}
	d := p.D
	if t.Event != "" {
		switch t.Event {
		case workflow.Start:
			if hasEvent(p, workflow.Start) {
				return "#form-start"
			}
		case workflow.ReviewPass:
			if p.MaySignReview {
				return fmt.Sprintf("/decisions/%d/review", d.ID)
			}
		case workflow.Approve:
			if m := d.LatestMeeting(); headEventOffered(p) && m != nil && m.Head == workflow.HeadNone {
				return "#form-head"
			}
		default:
			if a, ok := p.event(t.Event); ok && !a.Inline {
				return "#form-ev-" + string(t.Event)
			}
		}
		return ""
	}
	if !p.Can[t.Record] {
		return ""
	}
	switch t.Record {
	case workflow.RecDisposition:
		return "#disposition"
	case workflow.RecSubmission:
		if d.CurrentSubmission() != nil {
			return "#submission"
		}
	case workflow.RecReturn:
		if d.CurrentSubmission() == nil {
			return ""
		}
	case workflow.RecDraw:
		if p.Draw == nil {
			return ""
		}
		if p.Draw.Draw != nil || !p.Draw.MaySetUp {
			return "#draw"
		}
	case workflow.RecOpinion:
		if m := d.LatestMeeting(); m == nil || m.Head != workflow.HeadNone {
			return "#opinion"
		}
	case workflow.RecMilestone:
		if p.Tracker == nil {
			return ""
		}
	case workflow.RecDraftChange:
		if changed, _, _ := d.DraftChangedSinceConsultation(); !changed {
			return ""
		}
	}
	return "#form-" + string(t.Record)
}

// event is the action of ev offered to this user, if any.
func (p DecisionPage) event(ev workflow.Event) (EventAction, bool) {
	for _, a := range p.Events {
		if a.Event == ev {
			return a, true
		}
	}
	return EventAction{}, false
}

// CurrentStage is the main-line stage whose section the page opens with: where a side state
// branched off, and where a withdrawn decision stopped.
func (p DecisionPage) CurrentStage() workflow.State {
	switch p.D.State {
	case workflow.Suspended:
		return workflow.Implementation
	case workflow.Rejected, workflow.Deferred:
		return workflow.CollectiveDiscussion
	case workflow.Declined:
		return workflow.Proposed
	case workflow.Withdrawn:
		if p.EndedAt != "" {
			return p.EndedAt
		}
		return workflow.Proposed
	case workflow.Closed:
		return workflow.PostEvaluation
	}
	return p.D.State
}

// Stages lists the sections of the page in the order drawn: the current stage first, then every
// other stage that has something to show, in the order of the main line.
func (p DecisionPage) Stages() []workflow.State {
	cur := p.CurrentStage()
	out := []workflow.State{cur}
	for _, s := range workflow.MainLine {
		if s != cur && s != workflow.Closed && p.shows(s) {
			out = append(out, s)
		}
	}
	return out
}

// shows says whether stage s has a section on this page.
func (p DecisionPage) shows(s workflow.State) bool {
	switch s {
	case workflow.Proposed:
		return true
	case workflow.Drafting:
		return p.Has(workflow.Drafting, workflow.RecFlags, workflow.RecRevision)
	}
	return p.Has(s)
}

// StageStatus is the stepper's status of stage s (done, current, todo, skipped, ended).
func (p DecisionPage) StageStatus(s workflow.State) Step {
	for i, st := range p.Steps() {
		if workflow.MainLine[i] == s {
			return st
		}
	}
	return Step{}
}

// Folded says whether stage s is drawn as a one-line summary that opens on demand: every stage
// but the current one, unless a form refused in it is shown again.
func (p DecisionPage) Folded(s workflow.State) bool {
	return s != p.CurrentStage()
}

// Unfolded says whether a folded stage opens at once: it holds the form that was refused.
func (p DecisionPage) Unfolded(s workflow.State) bool {
	return p.Failed != "" && formStage(p.Failed) == s
}

// formStage is the stage whose section draws the form of key.
func formStage(key string) workflow.State {
	switch {
	case key == "proposal" || key == "catalog" || key == "start":
		return workflow.Proposed
	case key == "flags" || key == "revision" || key == "dispute" || key == "fair_competition":
		return workflow.Drafting
	case key == "method" || key == "notice" || key == "comment" || key == "feedback" || key == "expert" ||
		key == string(workflow.RecDraftChange) || hasPrefix(key, "disposition-"):
		return workflow.Consultation
	case key == "hearing" || key == "participant" || key == "draw" || key == "run-draw" || hasPrefix(key, "withdraw-"):
		return workflow.Hearing
	case key == "risk":
		return workflow.RiskAssessment
	case key == "submission" || key == "return":
		return workflow.LegalityReview
	case key == "meeting" || key == "opinion" || key == "head":
		return workflow.CollectiveDiscussion
	case key == "party_report" || key == "publication":
		return workflow.Published
	case key == "report" || key == "milestone" || hasPrefix(key, "milestone-"):
		return workflow.Implementation
	case key == "evaluation":
		return workflow.PostEvaluation
	}
	return ""
}

func hasPrefix(s, p string) bool { return len(s) >= len(p) && s[:len(p)] == p }

// StageSummary is the one line a folded stage shows: what was recorded in it.
func (p DecisionPage) StageSummary(s workflow.State) string {
	d := p.D
	if st := p.StageStatus(s); st.Status == "skipped" {
		return "不适用：" + st.Reason
	}
	switch s {
	case workflow.Proposed:
		if d.Start != nil {
			return "决策机关于 " + Date(d.Start.DecidedOn) + " 决定启动（" + d.Start.Basis + "）"
		}
		return "决策建议：" + d.Proposal.Proposer
	case workflow.Drafting:
		if r := d.CurrentRevision(); r != nil {
			return fmt.Sprintf("草案共 %d 稿，当前为第 %d 稿", len(d.Revisions), r.No)
		}
		return "尚无草案"
	case workflow.Consultation:
		out := fmt.Sprintf("听取意见方式 %d 种，公众意见 %d 条，专家论证意见 %d 份", len(d.Methods), len(d.Comments), len(d.Experts))
		if d.Notice != nil {
			out += "；公开征求意见 " + Date(d.Notice.StartsOn) + " 至 " + Date(d.Notice.EndsOn)
		}
		return out
	case workflow.Hearing:
		if h := d.Hearing; h != nil {
			return fmt.Sprintf("听证于 %s 举行，参加人 %d 人", Date(h.HeldOn), len(h.Participants))
		}
	case workflow.RiskAssessment:
		if r := d.Risk; r != nil {
			return "综合风险等级：" + r.Overall().Label() + "；风险可控：" + YesNo(r.Controllable)
		}
	case workflow.LegalityReview:
		if r := d.LatestReview(); r != nil {
			return "审查结论：" + r.Conclusion.Label()
		}
		return fmt.Sprintf("送审 %d 次", len(d.Submissions))
	case workflow.CollectiveDiscussion:
		if m := d.LatestMeeting(); m != nil {
			if m.Head != workflow.HeadNone {
				return meetingName(*m) + "：" + m.Head.Label()
			}
			return meetingName(*m)
		}
	case workflow.Published:
		if x := d.Publication; x != nil {
			return "文号 " + orDash(x.DocNumber) + "，" + Date(x.PublishedOn) + " 公布"
		}
	case workflow.Implementation:
		return fmt.Sprintf("执行情况报告 %d 份，执行节点 %d 个", len(d.Reports), len(d.Milestones))
	case workflow.PostEvaluation:
		if e := d.Evaluation; e != nil {
			return "评估结论：" + e.Conclusion.Label()
		}
	}
	return "尚无记录"
}

// stepWords is a stage's status as a folded stage's tag says it.
func stepWords(status string, s workflow.State) string {
	switch status {
	case "done":
		return "已完成"
	case "skipped":
		return "不适用"
	case "ended":
		return s.Label()
	case "todo":
		return "待重新办理"
	}
	return "当前阶段"
}

// endedWords says how a final decision ended, after 已.
func endedWords(s workflow.State) string {
	switch s {
	case workflow.Closed:
		return "办结"
	case workflow.Withdrawn:
		return "撤回"
	case workflow.Declined:
		return "决定不予启动"
	case workflow.Rejected:
		return "决定不予通过"
	}
	return s.Label()
}
