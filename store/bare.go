package store

import (
	"context"
	"fmt"
	"time"
)

// BarePage is what the benchmark's ceiling page shows: one decision row and its five latest
// events, read as simply as the stack allows (see web/bare.go).
type BarePage struct {
	ID     int64
	Title  string
	State  string
	Events []BareEvent
}

// BareEvent is one event of a BarePage.
type BareEvent struct {
	At      time.Time
	Action  string
	Summary string
}

// BarePage reads decision id's row and its five latest events, in one read transaction.
func (db *DB) BarePage(ctx context.Context, id int64) (p BarePage, err error) {
	err = db.readTx(ctx, func(q querier) error {
		if err := q.QueryRowContext(ctx, "SELECT id, title, state FROM decisions WHERE id = ?", id).Scan(&p.ID, &p.Title, &p.State); err != nil {
			return fmt.Errorf("store: bare page %d: %w", id, notFound(err))
		}
		p.Events, err = collect(ctx, q, func(r rowScanner) (BareEvent, error) {
			var e BareEvent
			var at int64
			err := r.Scan(&at, &e.Action, &e.Summary)
			e.At = fromMS(at)
			return e, err
		}, "SELECT at, action, summary FROM events WHERE decision_id = ? ORDER BY id DESC LIMIT 5", id)
		return err
	})
	return p, err
}
