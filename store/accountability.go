package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"juece/workflow"
)

// Case is an accountability case against a decision. Recording one changes nothing of the
// decision itself (auditors change no decision), but it stands in the decision's history.
type Case struct {
	ID         int64
	DecisionID int64
	Kind       workflow.CaseKind
	Persons    string
	Facts      string
	Handling   string
	Status     workflow.CaseStatus
	CreatedBy  int64
	CreatedAt  time.Time
	UpdatedAt  time.Time
	Version    int64
}

// AddCase records a new accountability case.
func (tx *Tx) AddCase(ctx context.Context, a workflow.Actor, at time.Time, c Case) (int64, error) {
	res, err := tx.tx.ExecContext(ctx, `INSERT INTO accountability_cases
		(decision_id, kind, persons, facts, handling, status, created_by, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.DecisionID, string(c.Kind), c.Persons, c.Facts, c.Handling, string(c.Status), a.UserID, ms(at), ms(at))
	if err != nil {
		return 0, fmt.Errorf("store: add case on decision %d: %w", c.DecisionID, err)
	}
	id, _ := res.LastInsertId()
	return id, tx.addEvent(ctx, a, at, Event{DecisionID: c.DecisionID, Action: "add_case",
		Summary: fmt.Sprintf("登记责任追究案件 #%d：%s", id, c.Kind.Label()),
		Changes: []Change{{Field: "追究事由", After: c.Kind.Label()}, {Field: "责任人员", After: c.Persons},
			{Field: "事实", After: c.Facts}, {Field: "处理", After: c.Handling}, {Field: "状态", After: c.Status.Label()}}})
}

// UpdateCase records the handling and status of a case; version must be the one the form saw.
func (tx *Tx) UpdateCase(ctx context.Context, a workflow.Actor, at time.Time, old Case, handling string, status workflow.CaseStatus) error {
	res, err := tx.tx.ExecContext(ctx, `UPDATE accountability_cases SET handling = ?, status = ?, updated_at = ?,
		version = version + 1 WHERE id = ? AND version = ?`, handling, string(status), ms(at), old.ID, old.Version)
	if err != nil {
		return fmt.Errorf("store: update case %d: %w", old.ID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("store: update case %d version %d: %w", old.ID, old.Version, ErrConflict)
	}
	var changes []Change
	if handling != old.Handling {
		changes = append(changes, Change{Field: "处理", Before: old.Handling, After: handling})
	}
	if status != old.Status {
		changes = append(changes, Change{Field: "状态", Before: old.Status.Label(), After: status.Label()})
	}
	return tx.addEvent(ctx, a, at, Event{DecisionID: old.DecisionID, Action: "update_case",
		Summary: fmt.Sprintf("更新责任追究案件 #%d", old.ID), Changes: changes})
}

const caseColumns = `id, decision_id, kind, persons, facts, handling, status, created_by, created_at, updated_at, version`

func scanCase(row interface{ Scan(...any) error }) (Case, error) {
	var c Case
	var created, updated int64
	err := row.Scan(&c.ID, &c.DecisionID, &c.Kind, &c.Persons, &c.Facts, &c.Handling, &c.Status, &c.CreatedBy,
		&created, &updated, &c.Version)
	c.CreatedAt, c.UpdatedAt = fromMS(created), fromMS(updated)
	return c, err
}

// Cases lists a decision's accountability cases, oldest first.
func (db *DB) Cases(ctx context.Context, decisionID int64) ([]Case, error) {
	rows, err := db.read.QueryContext(ctx, "SELECT "+caseColumns+" FROM accountability_cases WHERE decision_id = ? ORDER BY id", decisionID)
	if err != nil {
		return nil, fmt.Errorf("store: cases of %d: %w", decisionID, err)
	}
	defer rows.Close()
	var out []Case
	for rows.Next() {
		c, err := scanCase(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// Case loads one case of a decision.
func (tx *Tx) Case(ctx context.Context, decisionID, id int64) (Case, error) {
	c, err := scanCase(tx.tx.QueryRowContext(ctx, "SELECT "+caseColumns+" FROM accountability_cases WHERE id = ? AND decision_id = ?", id, decisionID))
	if errors.Is(err, sql.ErrNoRows) {
		return Case{}, fmt.Errorf("store: case %d of %d: %w", id, decisionID, ErrNotFound)
	}
	return c, err
}
