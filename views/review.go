package views

import (
	"fmt"

	"juece/workflow"
)

// ReviewSignPage is the legality review sign-off (签署合法性审查意见, 条例第27—28条) on a page of
// its own: what the reviewer signs for — the current draft and the submission — and the form.
type ReviewSignPage struct {
	Page
	D       *workflow.Decision
	Form    *Form
	Drafter bool // the reviewer saved a draft of this decision and may not review it (条例第27条)
	Users   map[int64]string
}

// Revision is the draft the review is signed on: the current one, or nil.
func (p ReviewSignPage) Revision() *workflow.Revision { return p.D.CurrentRevision() }

// Submission is the submission under review, or nil when there is none or it was sent back.
func (p ReviewSignPage) Submission() *workflow.ReviewSubmission { return p.D.CurrentSubmission() }

// Name is a user's name, or their id when unknown.
func (p ReviewSignPage) Name(id int64) string {
	if n, ok := p.Users[id]; ok {
		return n
	}
	return "#" + itoa(id)
}

// revisionLabel names the draft revision with id as 第N稿, "—" when it is not one of d's.
func revisionLabel(d *workflow.Decision, id int64) string {
	for _, r := range d.Revisions {
		if r.ID == id {
			return fmt.Sprintf("第%d稿", r.No)
		}
	}
	return "—"
}

// isCurrentRevision reports whether id is the decision's current draft.
func isCurrentRevision(d *workflow.Decision, id int64) bool {
	r := d.CurrentRevision()
	return r != nil && r.ID == id
}

// reviewerName is the name a review was signed with, kept as it was at signing.
func reviewerName(p DecisionPage, r workflow.Review) string {
	if r.ReviewerName != "" {
		return r.ReviewerName
	}
	return p.Name(r.ReviewerID)
}

// formWith is the page's form of that key, or a new one filled with defaults.
func formWith(p DecisionPage, key string, defaults map[string]string) *Form {
	if f, ok := p.Forms[key]; ok {
		return f
	}
	return NewForm(key, defaults)
}
