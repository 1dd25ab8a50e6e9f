package store

import (
	"context"
	"fmt"
	"slices"

	"juece/workflow"
)

// listPage is a page of a list with the number of rows there are in all.
type listPage struct {
	rows  []DecisionRow
	total int
}

// listMemoRows is the longest page the memo keeps: a page one reads, not an export.
const listMemoRows = 200

// Decisions lists the decisions matching f, newest first, with the number of all matching
// decisions (for paging). A page of at most listMemoRows is kept until the next write (memo.go).
func (db *DB) Decisions(ctx context.Context, f DecisionFilter) ([]DecisionRow, int, error) {
	if f.Limit <= 0 || f.Limit > listMemoRows {
		return db.decisions(ctx, f)
	}
	p, err := remembered(ctx, db, fmt.Sprintf("decisions %+v", f), func() (listPage, error) {
		rows, total, err := db.decisions(ctx, f)
		return listPage{rows, total}, err
	})
	return slices.Clone(p.rows), p.total, err
}

// Worklist lists up to limit decisions in any of states (of one unit, or of all units when
// unitID is 0), the nearest due date first, with the number there are in all; kept until the
// next write (memo.go).
func (db *DB) Worklist(ctx context.Context, states []workflow.State, unitID int64, limit int) ([]DecisionRow, int, error) {
	if limit <= 0 || limit > listMemoRows {
		return db.worklist(ctx, states, unitID, limit)
	}
	key := slices.Sorted(slices.Values(states)) // the callers' order is a map's
	p, err := remembered(ctx, db, fmt.Sprintf("worklist %v %d %d", key, unitID, limit), func() (listPage, error) {
		rows, total, err := db.worklist(ctx, states, unitID, limit)
		return listPage{rows, total}, err
	})
	return slices.Clone(p.rows), p.total, err
}
