package views

import (
	"fmt"
	"time"

	"juece/workflow"
)

// DecisionPage is the decision as its page shows it: the stepper, the current stage's checklist,
// every stage's records, and the forms and buttons this user may use now.
type DecisionPage struct {
	Page
	D             *workflow.Decision
	Checklist     []workflow.Requirement
	Events        []EventAction
	Can           map[workflow.Record]bool // records this user may add now
	MaySignReview bool
	Forms         map[string]*Form // keyed by Form.Key; a refused form keeps what was typed
	Problems      []workflow.Problem
	Conflict      string
	Refused       string                // why an action asked for was not taken, when no form on the page shows it
	Flash         string                // the answer to the save that led here
	VoidChoices   []workflow.VoidChoice // the records this user may void now
	Bodies        []Option              // the units and registered bodies an assessor or evaluator is chosen from
	// MayRequestWithdrawal: the clerk may ask to withdraw; MayDecideWithdrawal: the government
	// office may decide a pending request.
	MayRequestWithdrawal, MayDecideWithdrawal bool
	Users                                     map[int64]string
	Now                                       time.Time
	MayAudit                                  bool // an auditor: sees the anomalies and records accountability cases
	Anomalies                                 []workflow.Anomaly
	Cases                                     []CaseItem
	Attachments                               map[string]AttachmentList // keyed by record kind ("revision", …, "decision")
	Due                                       *Deadline                 // the current stage's due date; nil when it has none
	CatalogLabel                              string                    // the linked catalog item, e.g. 2026年第3项 …; "" when none
	CatalogYear                               int                       // the year whose catalog items the decision may carry out
	CatalogItems                              []Option                  // the items of the unit a clerk may link now; nil when not allowed
	Draw                                      *DrawView                 // the public draw of hearing participants; nil when the page has none
	MayUrge                                   bool                      // the secretary or an auditor: may urge (催办) the unit
	Tracker                                   *TrackerView              // milestones and the public's opinions, once published; nil before
	Tasks                                     []workflow.Task           // the current stage's tasks (workflow.Tasks)
	Role                                      workflow.Role             // the user's role: whose tasks are theirs
	EndedAt                                   workflow.State            // the stage a withdrawn decision stopped at; "" otherwise
	Failed                                    string                    // the key of the refused form shown again; "" when none
}

// EventAction is a button (with an optional reason) that fires an event.
type EventAction struct {
	Event       workflow.Event
	Label       string
	ReasonLabel string // non-empty when the event needs a written reason
	Danger      bool
	Inline      bool // fired from its stage's own form, not from the actions box
	Form        *Form
}

// Form is the page's form of that key, empty when none was prepared.
func (p DecisionPage) Form(key string) *Form {
	if f, ok := p.Forms[key]; ok {
		return f
	}
	return NewForm(key, nil)
}

// ProblemsFor lists the unmet gates that belong to one section of the page.
func (p DecisionPage) ProblemsFor(field string) []workflow.Problem {
	var out []workflow.Problem
	for _, x := range p.Problems {
		if x.Field == field {
			out = append(out, x)
		}
	}
	return out
}

// Reached reports whether the decision has been in stage s or beyond, so its section is shown.
func (p DecisionPage) Reached(s workflow.State) bool {
	return stageIndex(p.D.State) >= stageIndex(s)
}

// Has reports whether section s has something to show or to fill in. A decision sent back to
// drafting or withdrawn keeps showing the records of the stages it went through.
func (p DecisionPage) Has(s workflow.State, recs ...workflow.Record) bool {
	if p.Reached(s) || p.hasRecords(s) {
		return true
	}
	for _, r := range recs {
		if p.Can[r] {
			return true
		}
	}
	return false
}

// hasRecords reports whether anything was recorded in stage s.
func (p DecisionPage) hasRecords(s workflow.State) bool {
	d := p.D
	switch s {
	case workflow.Drafting:
		return len(d.Revisions)+len(d.Disputes) > 0
	case workflow.Consultation:
		return len(d.Methods)+len(d.Comments)+len(d.Experts) > 0 || d.Notice != nil || d.Feedback != nil
	case workflow.Hearing:
		return d.Hearing != nil || d.HearingSkip != ""
	case workflow.RiskAssessment:
		return d.Risk != nil || d.RiskSkip != ""
	case workflow.LegalityReview:
		return len(d.Submissions)+len(d.Reviews) > 0
	case workflow.CollectiveDiscussion:
		return len(d.Meetings) > 0
	case workflow.Published:
		return d.Publication != nil || d.PartyReport != nil
	case workflow.Implementation:
		return len(d.Reports) > 0
	case workflow.PostEvaluation:
		return d.Evaluation != nil
	}
	return false
}

// stageIndex places a state on the main line; side states sit where they branch off.
func stageIndex(s workflow.State) int {
	switch s {
	case workflow.Suspended:
		s = workflow.Implementation
	case workflow.Rejected, workflow.Deferred:
		s = workflow.CollectiveDiscussion
	case workflow.Withdrawn, workflow.Declined:
		return -1
	}
	for i, x := range workflow.MainLine {
		if x == s {
			return i
		}
	}
	return -1
}

// Step is one step of the stepper.
type Step struct {
	Label  string
	Status string // done, current, todo, skipped (不适用)
	Reason string // why a skipped stage did not apply
}

// Steps draws the main line with the decision's position on it. A withdrawn or declined
// decision ends at the stage it stopped at ("ended").
func (p DecisionPage) Steps() []Step {
	cur := stageIndex(p.D.State)
	ended := p.D.State == workflow.Withdrawn || p.D.State == workflow.Declined
	if ended {
		cur = stageIndex(p.CurrentStage())
	}
	out := make([]Step, len(workflow.MainLine))
	for i, s := range workflow.MainLine {
		st := "todo"
		switch {
		case p.D.State == workflow.Closed || i < cur:
			st = "done"
		case i == cur && ended:
			st = "ended"
		case i == cur:
			st = "current"
		}
		out[i] = Step{Label: s.Label(), Status: st}
		if st == "done" {
			out[i].Reason = skipped(p.D, s)
			if out[i].Reason != "" {
				out[i].Status = "skipped"
			}
		}
	}
	return out
}

// skipped is the reason recorded for passing stage s by without holding it (no hearing, no
// risk assessment); "" when it was held.
func skipped(d *workflow.Decision, s workflow.State) string {
	switch {
	case s == workflow.Hearing && d.Hearing == nil:
		return d.HearingSkip
	case s == workflow.RiskAssessment && d.Risk == nil:
		return d.RiskSkip
	}
	return ""
}

// Name is a user's name, or their id when unknown.
func (p DecisionPage) Name(id int64) string {
	if n, ok := p.Users[id]; ok {
		return n
	}
	return "#" + itoa(id)
}

// Pending counts comments still waiting for a disposition.
func (p DecisionPage) Pending() int {
	n := 0
	for _, c := range p.D.Comments {
		if c.Disposition == workflow.DispositionNone {
			n++
		}
	}
	return n
}

// YesNo shows a flag.
func YesNo(v bool) string {
	if v {
		return "是"
	}
	return "否"
}

func options[T interface {
	~string
	Label() string
}](xs []T) []Option {
	out := make([]Option, len(xs))
	for i, x := range xs {
		out[i] = Option{Value: string(x), Label: x.Label()}
	}
	return out
}

// CaseKindOptions and CaseStatusOptions list a select's choices with their legal labels.
var (
	CaseKindOptions   = options(workflow.CaseKinds)
	CaseStatusOptions = options(workflow.CaseStatuses)
)

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// CurrentAnchor is the id of the current stage's section, for the "go to" link.
func (p DecisionPage) CurrentAnchor() string {
	return stageAnchor(p.CurrentStage())
}

// stageAnchor is the id of stage s's section.
func stageAnchor(s workflow.State) string {
	switch s {
	case workflow.Proposed:
		return "proposal"
	case workflow.Hearing:
		return "hearing-stage"
	}
	return string(s)
}

// voidOptions are the records a user may void, as a select offers them.
func voidOptions(cs []workflow.VoidChoice) []Option {
	out := make([]Option, len(cs))
	for i, c := range cs {
		out[i] = Option{Value: fmt.Sprintf("%s:%d", c.Record, c.ID), Label: c.Summary}
	}
	return out
}

// WithdrawalPage is the undertaking unit's request to withdraw a decision, with what it means.
type WithdrawalPage struct {
	Page
	D       *workflow.Decision
	Form    *Form
	Allowed bool                        // the stage still allows a withdrawal
	Pending *workflow.WithdrawalRequest // a request already waiting for the government office
}

// TrackerView is the implementation tracker on the staff's page: the milestones, the public's
// opinions on implementation (with who sent them), and whether they are many enough to propose
// a post-evaluation (条例第36条).
type TrackerView struct {
	Milestones []workflow.Milestone
	Opinions   []workflow.ImplementationOpinion
	Threshold  int  // Settings.PostEvalOpinions
	Suggest    bool // the opinions reach the threshold
}
