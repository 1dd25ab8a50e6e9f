package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"juece/workflow"
)

// Change is one field's value before and after an edit, as the history shows it.
type Change struct {
	Field  string `json:"field"`
	Before string `json:"before"`
	After  string `json:"after"`
}

// Event is one entry of the append-only history.
type Event struct {
	ID         int64
	DecisionID int64 // 0 for events that concern no decision (accounts, settings)
	UserID     int64
	UserName   string
	Role       workflow.Role
	UnitID     int64
	At         time.Time
	Action     string // an event name (workflow.Event) or a record action such as "add_comment"
	FromState  workflow.State
	ToState    workflow.State
	Summary    string // one line in Chinese, as the timeline shows it
	Changes    []Change
}

// addEvent appends a history event in the caller's transaction. Every write method calls it:
// nothing changes without its event.
func (tx *Tx) addEvent(ctx context.Context, a workflow.Actor, at time.Time, e Event) error {
	if e.Changes == nil {
		e.Changes = []Change{}
	}
	changes, err := json.Marshal(e.Changes)
	if err != nil {
		return fmt.Errorf("store: encode changes: %w", err)
	}
	var decision, user, unit any
	if e.DecisionID != 0 {
		decision = e.DecisionID
	}
	if a.UserID != 0 {
		user = a.UserID
	}
	if a.UnitID != 0 {
		unit = a.UnitID
	}
	_, err = tx.tx.ExecContext(ctx, `INSERT INTO events
		(decision_id, user_id, user_name, role, unit_id, at, action, from_state, to_state, summary, changes)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		decision, user, a.Name, string(a.Role), unit, ms(at), e.Action,
		string(e.FromState), string(e.ToState), e.Summary, string(changes))
	if err != nil {
		return fmt.Errorf("store: add event %s: %w", e.Action, err)
	}
	return nil
}

// History lists a decision's events, oldest first.
func (db *DB) History(ctx context.Context, decisionID int64) ([]Event, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT id, coalesce(decision_id, 0), coalesce(user_id, 0),
		user_name, role, coalesce(unit_id, 0), at, action, from_state, to_state, summary, changes
		FROM events WHERE decision_id = ? ORDER BY id`, decisionID)
	if err != nil {
		return nil, fmt.Errorf("store: history of %d: %w", decisionID, err)
	}
	defer rows.Close()
	var out []Event
	for rows.Next() {
		var e Event
		var at int64
		var role, from, to, changes string
		if err := rows.Scan(&e.ID, &e.DecisionID, &e.UserID, &e.UserName, &role, &e.UnitID, &at,
			&e.Action, &from, &to, &e.Summary, &changes); err != nil {
			return nil, err
		}
		e.Role, e.FromState, e.ToState, e.At = workflow.Role(role), workflow.State(from), workflow.State(to), fromMS(at)
		if err := json.Unmarshal([]byte(changes), &e.Changes); err != nil {
			return nil, fmt.Errorf("store: event %d changes: %w", e.ID, err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
