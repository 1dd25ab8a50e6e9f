package store

import (
	"strings"

	"juece/workflow"
)

// The fields added to a record by their description alone (workflow.MoreFields) live in the
// record's table, each in the column of its name (TEXT NOT NULL DEFAULT ''), beside the typed
// columns; a record kept on the decision's own row (onDecisionRow) names its columns
// <form>_<name>, as its typed ones are. These helpers give every record's store file the same
// few pieces of SQL and history.

// onDecisionRow are the forms whose records are columns of the decisions table.
var onDecisionRow = map[string]bool{proposalForm: true, startForm: true, feedbackForm: true, partyForm: true}

// The forms of the records kept on the decision's row.
const (
	proposalForm = string(workflow.RecProposal)
	startForm    = string(workflow.RecStart)
	feedbackForm = string(workflow.RecFeedback)
	partyForm    = string(workflow.RecPartyReport)
)

// moreColumn is the column of added field name of form.
func moreColumn(form, name string) string {
	if onDecisionRow[form] {
		return quoteIdent(form + "_" + name)
	}
	return quoteIdent(name)
}

// moreColumns is ", col, …" for the added fields of form, to follow a column list.
func moreColumns(form string) string { return moreColumnsOf("", form) }

// moreColumnsOf is moreColumns of the table called alias in the query.
func moreColumnsOf(alias, form string) string {
	var b strings.Builder
	for _, f := range workflow.MoreFields(form) {
		b.WriteString(", ")
		if alias != "" {
			b.WriteString(alias + ".")
		}
		b.WriteString(moreColumn(form, f.Name))
	}
	return b.String()
}

// moreMarks is ", ?, …", one placeholder for each added field of form.
func moreMarks(form string) string {
	return strings.Repeat(", ?", len(workflow.MoreFields(form)))
}

// moreSets is ", col = ?, …" for an UPDATE of the added fields of form.
func moreSets(form string) string {
	var b strings.Builder
	for _, f := range workflow.MoreFields(form) {
		b.WriteString(", " + moreColumn(form, f.Name) + " = ?")
	}
	return b.String()
}

// moreArgs are v's values of the added fields of form, in the order of moreColumns.
func moreArgs(form string, v workflow.Values) []any {
	fs := workflow.MoreFields(form)
	out := make([]any, len(fs))
	for i, f := range fs {
		out[i] = v[f.Name]
	}
	return out
}

// moreScan gives the scan destinations of the columns moreColumns names, and the function that,
// after the scan, puts them into *v (left nil when form has no added fields).
func moreScan(form string, v *workflow.Values) (dest []any, fill func()) {
	fs := workflow.MoreFields(form)
	if len(fs) == 0 {
		return nil, func() {}
	}
	vals := make([]string, len(fs))
	dest = make([]any, len(fs))
	for i := range vals {
		dest[i] = &vals[i]
	}
	return dest, func() {
		*v = make(workflow.Values, len(fs))
		for i, f := range fs {
			(*v)[f.Name] = vals[i]
		}
	}
}

// moreFields are the added fields of form in v as the history shows them: label and value.
func moreFields(form string, v workflow.Values) []field {
	var out []field
	for _, f := range workflow.MoreFields(form) {
		out = append(out, field{f.Label, f.Show(v[f.Name])})
	}
	return out
}

// moreUpserts is ", col = excluded.col, …" for an upsert of the added fields of form.
func moreUpserts(form string) string {
	var b strings.Builder
	for _, f := range workflow.MoreFields(form) {
		b.WriteString(", " + moreColumn(form, f.Name) + " = excluded." + moreColumn(form, f.Name))
	}
	return b.String()
}
