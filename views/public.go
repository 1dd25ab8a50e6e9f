package views

import (
	"time"

	"juece/workflow"
)

// The public portal's pages (公众参与): only what has been published, never internal records.

// PublicItem is one decision in a portal list.
type PublicItem struct {
	ID       int64
	Title    string
	UnitName string
	From     time.Time // consultation: first day; hearing: notice published; decision: published on
	To       time.Time // consultation: last day; hearing: the hearing date
	DaysLeft int       // consultation: days left including today
	Place    string
	Number   string // document number
}

// PublicHome is the portal's front page.
type PublicHome struct {
	Page          Page
	Consultations []PublicItem
	Hearings      []PublicItem
	Decisions     []PublicItem
	CatalogYear   int // this year, when its decision catalog has been published; else 0
}

// PublicConsultation is the page of one public comment period.
type PublicConsultation struct {
	Page     Page
	ID       int64
	Title    string
	UnitName string
	Notice   workflow.CommentNotice
	Draft    *workflow.Revision // the draft the notice put out for comment
	Open     bool               // comments are accepted today
	NotYet   bool               // the period has not started
	DaysLeft int                // days left including today, when open
	Form     *Form
	Receipt  *workflow.Comment // the comment just received
	Unsent   string            // the text of a comment refused because the period is over
	Late     []workflow.LateEntry
}

// PublicHearing is the page of one hearing notice.
type PublicHearing struct {
	Page         Page
	ID           int64
	Title        string
	UnitName     string
	Hearing      workflow.HearingRecord
	ShowList     bool // the participant list has been published
	Consultation bool // the consultation page is public too
	Held         bool // the hearing took place and its record was signed
	Published    bool // the decision has been published: the outcome is on its page
	Late         []workflow.LateEntry
}

// PublicComment is a comment as published with the feedback: no name, no contact.
type PublicComment struct {
	Ref         string
	Body        string
	Disposition workflow.Disposition
	Reason      string
}

// PublicDecision is the page of a published decision.
type PublicDecision struct {
	Page        Page
	ID          int64
	Title       string
	UnitName    string
	State       workflow.State
	Publication workflow.Publication
	Feedback    *workflow.Feedback
	Comments    []PublicComment
	ShowComment bool // the consultation's comments may be shown
	Evaluation  *workflow.Evaluation
	Late        []workflow.LateEntry
}

// CommentMax is the longest comment the portal accepts, in characters.
const CommentMax = 2000
