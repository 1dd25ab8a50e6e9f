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
}

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

// StateOptions lists every state for filters.
func StateOptions() []Option { return options(workflow.States) }
