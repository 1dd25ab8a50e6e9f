package views

import (
	"time"

	"juece/workflow"
)

// DecisionItem is one decision in a list.
type DecisionItem struct {
	ID         int64
	Title      string
	Category   workflow.Category
	State      workflow.State
	Unit       string
	StateSince time.Time
	UpdatedAt  time.Time
	Todo       string    // what waits for this user, on the worklist
	Due        *Deadline // the stage's due date, on the worklist; nil when it has none
	Kind       workflow.Kind
}

// StageLabel is the current stage's name in the item's own procedure.
func (it DecisionItem) StageLabel() string { return workflow.ProcedureOf(it.Kind).StateLabel(it.State) }

// Normative reports whether the item is a normative document, which lists mark.
func (it DecisionItem) Normative() bool { return it.Kind == workflow.KindNormative }

// WorklistPage is 我的待办.
type WorklistPage struct {
	Page
	Items []DecisionItem
	Now   time.Time
	Intro string
	More  int // decisions beyond the shown ones
}

// DecisionListPage is the list of decisions with its filters.
type DecisionListPage struct {
	Page
	Items   []DecisionItem
	Total   int
	Filter  *Form
	States  []Option
	Kinds   []Option
	Units   []Option
	Years   []Option
	PageNo  int
	Pages   int
	PrevURL string
	NextURL string
	Now     time.Time
	MayAdd  bool
}

// HistoryPage is the timeline of a decision.
type HistoryPage struct {
	Page
	DecisionID int64
	Title      string
	Events     []HistoryItem
}

// HistoryItem is one event of the timeline.
type HistoryItem struct {
	At      time.Time
	Who     string
	Role    string
	Action  string
	From    string
	To      string
	Summary string
	Changes []ChangeItem
}

// ChangeItem is one field's before and after.
type ChangeItem struct {
	Field, Before, After string
}

// KindOptions lists the kinds of matter for filters.
func KindOptions() []Option {
	out := make([]Option, len(workflow.Kinds))
	for i, k := range workflow.Kinds {
		out[i] = Option{Value: string(k), Label: k.Label()}
	}
	return out
}

// StateOptions lists every state for filters.
func StateOptions() []Option { return options(workflow.States) }
