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
	// ReceiptToken is the form's one-time token: the same form sent twice is one comment.
	ReceiptToken string
	Unsent       string // the text of a comment refused because the period is over
	Late         []workflow.LateEntry
	// Feedback and Comments: how the comments were handled, once the feedback is published.
	Feedback *workflow.Feedback
	Comments PublicComments
}

// PublicHearing is the page of one hearing notice.
type PublicHearing struct {
	Page         Page
	ID           int64
	Title        string
	UnitName     string
	Hearing      workflow.HearingRecord
	ShowList     bool        // the participant list has been published
	Consultation bool        // the consultation page is public too
	Held         bool        // the hearing took place and its record was signed
	Published    bool        // the decision has been published: the outcome is on its page
	Draw         *PublicDraw // the public sign-up and draw; nil when the unit chose another method
	Late         []workflow.LateEntry
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
	Comments    PublicComments
	ShowComment bool // the consultation's comments may be shown
	Evaluation  *workflow.Evaluation
	Late        []workflow.LateEntry
	// The implementation tracker: milestones, the reports the clerk made public, and the
	// public's opinion form while the decision is carried out.
	Milestones     []workflow.Milestone
	Reports        []workflow.ImplementationReport
	OpinionOpen    bool
	OpinionForm    *Form
	OpinionReceipt *workflow.ImplementationOpinion
}

// CommentMax is the longest comment the portal accepts, in characters.
const CommentMax = 2000

// PublicData is the open-data page: the data sets, their fields and the licence.
type PublicData struct {
	Page     Page
	Datasets []DataSet
	Licence  string
}

// DataSet is one downloadable data set.
type DataSet struct {
	Name    string // file name without extension; the API path
	Title   string
	About   string
	Columns []DataColumn
}

// DataColumn is one field of a data set.
type DataColumn struct {
	Name  string
	Type  string // string, integer, boolean, date, participants
	Label string
}

// TypeLabel names a field's type in Chinese.
func (c DataColumn) TypeLabel() string {
	switch c.Type {
	case "integer":
		return "整数"
	case "boolean":
		return "是否（JSON 为 true/false，CSV 为 是/否）"
	case "date":
		return "日期 YYYY-MM-DD（北京时间）"
	case "participants":
		return "名单"
	}
	return "文本"
}

// PublicReceipt is the citizen's receipt and the lookup of a comment by its reference number
// and receipt code (/public/receipts).
type PublicReceipt struct {
	Page    Page
	Form    *Form           // the lookup form: ref, code
	Missing bool            // nothing matches what was typed
	Comment *ReceiptComment // the comment found
}

// ReceiptComment is a comment as its receipt shows it.
type ReceiptComment struct {
	Ref            string
	Code           string
	ReceivedAt     time.Time
	Body           string
	DecisionTitle  string
	ConsultationID int64 // the consultation's public page, 0 when it is not public
	// Published: the feedback on the comments is public, and with it the disposition.
	Published   bool
	FeedbackOn  time.Time
	Disposition workflow.Disposition
	Reason      string
}
