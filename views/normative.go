package views

import (
	"strings"
	"time"

	"juece/store"
	"juece/workflow"
)

// NormPanel is what a normative document's page shows beyond the shared stages: the departments
// asked and their replies, the coordination, the register entry, the filing and the status, and
// the forms this user may use on them.
type NormPanel struct {
	N            *workflow.NormativeFile
	Versions     PublicNormative // the versions, as the public page lists them
	Units        []Option        // the departments that may be asked
	MayRequest   bool
	Answerable   []int64 // the requests this user's department may answer now
	MayCoord     bool
	MayRule      bool
	MayPublish   bool
	MayFile      bool
	MayValidity  bool
	MayReview    bool      // the legal office may conclude the filing review
	MayCleanup   bool      // the drafting department may record a clean-up
	CleanupDue   time.Time // the next clean-up's day; zero when none is due
	FilingDue    time.Time // zero before publication
	FilingLate   bool      // filed, or still unfiled, after its due day
	OwnUnit      bool      // the user is of the drafting department (or reviews, decides for the government)
	ProcLabel    func(workflow.State) string
	MainLine     []workflow.State
	RequestNames map[int64]string // request id → department
	Objections   []ObjectionRow   // the objections received, oldest first (objection.go)
	MayAnswer    bool             // the legal office may answer objections
}

// NewNormPanel is what anyone who may see document d is shown of it, with no forms: its
// departments, register entry, clocks and objections. The page adds what its user may do.
func NewNormPanel(d *workflow.Decision, env workflow.Env) NormPanel {
	proc := d.Procedure()
	n := NormPanel{N: d.Normative, ProcLabel: proc.StateLabel, MainLine: proc.MainLine, RequestNames: map[int64]string{}}
	if n.N == nil {
		n.N = &workflow.NormativeFile{}
	}
	for _, r := range n.N.Requests {
		n.RequestNames[r.ID] = r.UnitName
	}
	if doc := n.N.Doc; doc != nil {
		n.FilingDue, n.FilingLate = workflow.FilingDue(doc.PublishedOn, env), doc.FiledLate(env)
		n.CleanupDue, _ = doc.CleanupDue(env)
	}
	for _, o := range n.N.Objections {
		n.Objections = append(n.Objections, ObjectionRow{Objection: o, Due: workflow.ObjectionDue(o.ReceivedAt, env), Overdue: o.Overdue(env)})
	}
	return n
}

// Answers reports whether this user may answer request id.
func (n NormPanel) Answers(id int64) bool {
	for _, x := range n.Answerable {
		if x == id {
			return true
		}
	}
	return false
}

// Doc is the register entry, nil before publication.
func (n NormPanel) Doc() *workflow.NormativeDoc {
	if n.N == nil {
		return nil
	}
	return n.N.Doc
}

// NormSteps draws the normative procedure's main line with the document on it.
func (n NormPanel) NormSteps(s workflow.State) []Step {
	cur := -1
	at := s
	if s == workflow.Rejected || s == workflow.Deferred {
		at = workflow.CollectiveDiscussion
	}
	for i, x := range n.MainLine {
		if x == at {
			cur = i
		}
	}
	out := make([]Step, len(n.MainLine))
	for i, x := range n.MainLine {
		st := "todo"
		switch {
		case i < cur:
			st = "done"
		case i == cur:
			st = "current"
		}
		out[i] = Step{Label: n.ProcLabel(x), Status: st}
	}
	return out
}

// NormativeListPage is the register of normative documents for staff (统一登记), or the legal
// office's queue of filed documents awaiting the filing review.
type NormativeListPage struct {
	Page
	Heading, Intro string
	Action         string // where the search form goes
	Rows           []store.NormativeRow
	Now            time.Time
	Due            map[int64]time.Time // filing due of the published, unfiled ones
	Late           map[int64]bool      // filed late, or unfiled past the due day
	MayAdd         bool
	Filter         *Form
	Cleanup        bool // the list of valid documents due for clean-up
	Label          func(workflow.State) string
}

// NormativeNewPage registers the drafting of a normative document.
type NormativeNewPage struct {
	Page
	Form     *Form
	Prefixes []string
}

// PublicNormativeList is the public library of normative documents.
type PublicNormativeList struct {
	Page
	Passed  bool // the list of documents that passed the filing review
	Cleaned bool // the published results of the clean-ups
	Rows    []store.NormativeRow
	Filter  *Form
}

// PublicNormative is one published document in the public library.
type PublicNormative struct {
	Page
	// ID and Versions: the document's id and every version of it, oldest first (normVersions).
	ID       int64
	Versions []store.NormVersion

	Row   store.NormativeRow
	Doc   *workflow.NormativeDoc
	Unit  string
	Title string
	// Objections are the published replies to objections; Object is the form to object, nil
	// when the document is no longer in force (objection.go).
	Objections []PublicObjection
	Object     *ObjectionForm
}

// coordinated reports whether the disagreement of request id has been coordinated.
func coordinated(n *workflow.NormativeFile, id int64) bool {
	for _, c := range n.Coordination {
		if c.RequestID == id {
			return true
		}
	}
	return false
}

func joinStrings(xs []string) string { return strings.Join(xs, "、") }
