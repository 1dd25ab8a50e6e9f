package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
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
	ID         int64  // equals the event's seq in the hash chain
	Hash       string // the event's chain hash, hex
	DecisionID int64  // 0 for events that concern no decision (accounts, settings)
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
	// rows, when set, are the event's rows as given (record_baseline); otherwise addEvent takes
	// what the transaction wrote since the last event (records.go).
	rows string
}

// addEvent appends a history event in the caller's transaction. Every write method calls it:
// nothing changes without its event. It links the event into the hash chain (chain.go): the
// head is read in the same transaction, and the single writer connection keeps two writers
// from taking the same seq.
func (tx *Tx) addEvent(ctx context.Context, a workflow.Actor, at time.Time, e Event) error {
	if e.Changes == nil {
		e.Changes = []Change{}
	}
	changes, err := json.Marshal(e.Changes) // invalid UTF-8 comes out as U+FFFD
	if err != nil {
		return fmt.Errorf("store: encode changes: %w", err)
	}
	// The head is read once per transaction: it holds the only writer, so nobody else moves it.
	if tx.head == nil {
		h, err := chainHead(ctx, tx.tx)
		if err != nil {
			return fmt.Errorf("store: add event %s: %w", e.Action, err)
		}
		tx.head = &h
	}
	prev := *tx.head
	if e.DecisionID != 0 {
		if tx.touched == nil {
			tx.touched = map[int64]bool{}
		}
		tx.touched[e.DecisionID] = true
	}
	rows := e.rows
	if rows == "" {
		if rows, err = tx.takePendingRows(ctx); err != nil {
			return fmt.Errorf("store: add event %s: %w", e.Action, err)
		}
		if rows == "" {
			rows = "[]" // wrote nothing recorded; still an event of the recording system
		}
	}
	// Stored strings are what the hash covers, so they are made valid UTF-8 first.
	r := EventRow{Seq: prev.Seq + 1, DecisionID: e.DecisionID, UserID: a.UserID, UserName: validUTF8(a.Name),
		Role: validUTF8(string(a.Role)), UnitID: a.UnitID, At: ms(at), Action: validUTF8(e.Action),
		FromState: validUTF8(string(e.FromState)), ToState: validUTF8(string(e.ToState)),
		Summary: validUTF8(e.Summary), Changes: string(changes), Rows: validUTF8(rows)}
	hash, err := EventHash(prev.Hash, r)
	if err != nil {
		return fmt.Errorf("store: add event %s: %w", e.Action, err)
	}
	var decision, user, unit any
	if r.DecisionID != 0 {
		decision = r.DecisionID
	}
	if r.UserID != 0 {
		user = r.UserID
	}
	if r.UnitID != 0 {
		unit = r.UnitID
	}
	_, err = tx.tx.ExecContext(ctx, `INSERT INTO events
		(id, seq, prev_hash, hash, decision_id, user_id, user_name, role, unit_id, at, action, from_state, to_state, summary, changes, rows)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.Seq, r.Seq, prev.Hash, hash, decision, user, r.UserName, r.Role, unit, r.At, r.Action,
		r.FromState, r.ToState, r.Summary, r.Changes, r.Rows)
	if err != nil {
		return fmt.Errorf("store: add event %s: %w", e.Action, err)
	}
	tx.head = &ChainHead{Seq: r.Seq, Hash: hash}
	tx.wroteEvents = true
	return nil
}

// validUTF8 replaces the bytes of s that are not UTF-8 with U+FFFD: the chain's canonical
// encoding has no form for them.
func validUTF8(s string) string { return strings.ToValidUTF8(s, "\uFFFD") }

// History lists a decision's events, oldest first.
func (db *DB) History(ctx context.Context, decisionID int64) ([]Event, error) {
	rows, err := db.read.QueryContext(ctx, "SELECT "+eventColumns+" FROM events e WHERE e.decision_id = ? ORDER BY e.id", decisionID)
	if err != nil {
		return nil, fmt.Errorf("store: history of %d: %w", decisionID, err)
	}
	defer rows.Close()
	var out []Event
	for rows.Next() {
		var e Event
		if err := scanEvent(rows, &e); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// eventColumns are the columns scanEvent reads, from the events table aliased e.
const eventColumns = `e.id, e.hash, coalesce(e.decision_id, 0), coalesce(e.user_id, 0), e.user_name, e.role,
	coalesce(e.unit_id, 0), e.at, e.action, e.from_state, e.to_state, e.summary, e.changes`

// scanEvent reads eventColumns, then any extra columns the query added, into e.
func scanEvent(rows *sql.Rows, e *Event, extra ...any) error {
	var at int64
	var role, from, to, changes string
	dest := append([]any{&e.ID, &e.Hash, &e.DecisionID, &e.UserID, &e.UserName, &role, &e.UnitID, &at,
		&e.Action, &from, &to, &e.Summary, &changes}, extra...)
	if err := rows.Scan(dest...); err != nil {
		return err
	}
	e.Role, e.FromState, e.ToState, e.At = workflow.Role(role), workflow.State(from), workflow.State(to), fromMS(at)
	if err := json.Unmarshal([]byte(changes), &e.Changes); err != nil {
		return fmt.Errorf("store: event %d changes: %w", e.ID, err)
	}
	return nil
}
