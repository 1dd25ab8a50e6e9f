package store

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// ActivityFilter narrows the audit log. Zero values mean "any".
type ActivityFilter struct {
	UserID     int64
	UnitID     int64
	Action     string
	DecisionID int64
	From, To   time.Time // To is exclusive
	BeforeID   int64     // keyset pagination: events older than this id
	Limit      int
}

// ActivityRow is one event with the title of its decision, for the audit log.
type ActivityRow struct {
	Event
	DecisionTitle string
}

// Activity lists events newest first under the filter; it fetches one row more than Limit so
// the caller knows whether there is a next page.
func (db *DB) Activity(ctx context.Context, f ActivityFilter) ([]ActivityRow, error) {
	var where []string
	var args []any
	add := func(cond string, v any) { where = append(where, cond); args = append(args, v) }
	if f.UserID != 0 {
		add("e.user_id = ?", f.UserID)
	}
	if f.UnitID != 0 {
		add("e.unit_id = ?", f.UnitID)
	}
	if f.Action != "" {
		add("e.action = ?", f.Action)
	}
	if f.DecisionID != 0 {
		add("e.decision_id = ?", f.DecisionID)
	}
	if !f.From.IsZero() {
		add("e.at >= ?", ms(f.From))
	}
	if !f.To.IsZero() {
		add("e.at < ?", ms(f.To))
	}
	if f.BeforeID != 0 {
		add("e.id < ?", f.BeforeID)
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 100
	}
	q := "SELECT " + eventColumns + ", coalesce(d.title, '') FROM events e LEFT JOIN decisions d ON d.id = e.decision_id"
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY e.id DESC LIMIT ?"
	args = append(args, f.Limit+1)
	rows, err := db.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: activity: %w", err)
	}
	defer rows.Close()
	var out []ActivityRow
	for rows.Next() {
		var r ActivityRow
		if err := scanEvent(rows, &r.Event, &r.DecisionTitle); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Actions lists the distinct actions in the history, for the audit log's filter.
func (db *DB) Actions(ctx context.Context) ([]string, error) {
	// One index seek per distinct action (events_action), not a read of every event.
	rows, err := db.read.QueryContext(ctx, `WITH RECURSIVE a(action) AS (
			SELECT min(action) FROM events
			UNION ALL
			SELECT (SELECT min(action) FROM events WHERE action > a.action) FROM a WHERE a.action IS NOT NULL)
		SELECT action FROM a WHERE action IS NOT NULL`)
	if err != nil {
		return nil, fmt.Errorf("store: actions: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var a string
		if err := rows.Scan(&a); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}
