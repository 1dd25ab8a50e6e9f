package views

import (
	"time"

	"juece/store"
	"juece/workflow"
)

// ObjectionMax is the longest objection the portal accepts, in characters.
const ObjectionMax = 2000

// ObjectionRow is an objection as the document's staff page shows it, with its answer's due day.
type ObjectionRow struct {
	workflow.Objection
	Due     time.Time
	Overdue bool // answered, or still unanswered, after its due day
}

// PublicObjection is an objection whose reply was published: never the objector's name or contact.
type PublicObjection struct {
	Ref       string
	Provision string
	Body      string
	Outcome   workflow.ObjectionOutcome
	Reply     string
	RepliedAt time.Time
}

// ObjectionForm is the portal's objection form on a document's public page.
type ObjectionForm struct {
	DocID        int64
	CSRF         string
	ReceiptToken string
	Form         *Form
	Days         int // the legal office's period to answer
}

// PublicObjectionReceipt is the objections' receipt and lookup page.
type PublicObjectionReceipt struct {
	Page    Page
	Form    *Form // the lookup form: ref, code
	Missing bool
	Found   *ObjectionReceipt
}

// ObjectionReceipt is an objection as its receipt shows it to the objector: with the reply,
// published or not.
type ObjectionReceipt struct {
	workflow.Objection
	Code      string
	DocID     int64
	DocTitle  string
	DocNumber string
	Due       time.Time
}

// ObjectionQueuePage is the legal office's queue of unanswered objections.
type ObjectionQueuePage struct {
	Page Page
	Rows []QueuedObjection
	Days int
}

// QueuedObjection is an unanswered objection with its due day.
type QueuedObjection struct {
	store.PendingObjection
	Due     time.Time
	Overdue bool
}
