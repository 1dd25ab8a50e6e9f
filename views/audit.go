package views

import (
	"time"

	"juece/workflow"
)

// AuditPage is the auditors' log of all activity, with filters and the chain check.
type AuditPage struct {
	Page
	Rows    []AuditRow
	Filter  *Form
	Users   []Option
	Units   []Option
	Actions []Option
	NextURL string
	Verify  *VerifyResult // set after the auditor pressed the button
}

// AuditRow is one event in the log.
type AuditRow struct {
	ID            int64
	At            time.Time
	Who           string
	Role          string
	DecisionID    int64
	DecisionTitle string
	Summary       string
	From, To      string
}

// VerifyResult is the outcome of checking the history's hash chain.
type VerifyResult struct {
	OK      bool
	Message string
}

// AnomaliesPage lists decisions whose records an auditor should look at.
type AnomaliesPage struct {
	Page
	Decisions []FlaggedDecision
	// The decisions examined on this page: From to To of Total, newest registered first.
	From, To, Total  int
	PrevURL, NextURL string
}

// FlaggedDecision is a decision with its anomalies.
type FlaggedDecision struct {
	ID        int64
	Title     string
	Unit      string
	State     workflow.State
	Anomalies []workflow.Anomaly
}

// CaseItem is an accountability case as the decision page shows it.
type CaseItem struct {
	ID        int64
	Kind      string
	Persons   string
	Facts     string
	Handling  string
	Status    string
	CreatedBy string
	CreatedAt time.Time
	Form      *Form // the update form, keyed case-<id>
}

// DiffPage compares two drafts of a decision.
type DiffPage struct {
	Page
	DecisionID int64
	Title      string
	Revisions  []Option
	From, To   *workflow.Revision
	Filter     *Form
	Lines      []DiffLine
}
