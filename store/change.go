package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"juece/workflow"
)

// change runs one write to decision d as a unit: the version bump (once per transaction),
// the rows write touches, and the history event write describes. It runs in a savepoint, so
// a failed write leaves neither rows nor event behind and d.Version as it was, even when the
// caller goes on with the transaction.
func (tx *Tx) change(ctx context.Context, a workflow.Actor, at time.Time, d *workflow.Decision, write func() (Event, error)) error {
	version, bumped := d.Version, tx.bumped[d.ID]
	savepoint := tx.savepoint
	if tx.bulk {
		savepoint = func(_ context.Context, fn func() error) error { return fn() }
	}
	err := savepoint(ctx, func() error {
		if err := tx.bump(ctx, at, d); err != nil {
			return err
		}
		e, err := write()
		if err != nil {
			return err
		}
		e.DecisionID = d.ID
		return tx.addEvent(ctx, a, at, e)
	})
	if err != nil {
		d.Version = version
		if !bumped {
			delete(tx.bumped, d.ID)
		}
	}
	return err
}

// savepoint runs fn so that, when it fails, none of its statements stay in the transaction.
func (tx *Tx) savepoint(ctx context.Context, fn func() error) (err error) {
	// The savepoint is released or rolled back even when ctx is cancelled meanwhile.
	bg := context.WithoutCancel(ctx)
	if _, err := tx.tx.ExecContext(ctx, "SAVEPOINT store_write"); err != nil {
		return fmt.Errorf("store: savepoint: %w", err)
	}
	defer func() {
		if err != nil {
			tx.head = nil // the savepoint's events are gone
			if _, rerr := tx.tx.ExecContext(bg, "ROLLBACK TO store_write"); rerr != nil {
				err = errors.Join(err, fmt.Errorf("store: roll back to savepoint: %w", rerr))
			}
		}
		if _, rerr := tx.tx.ExecContext(bg, "RELEASE store_write"); rerr != nil {
			err = errors.Join(err, fmt.Errorf("store: release savepoint: %w", rerr))
		}
	}()
	return fn()
}

// bump raises the decision's version once per transaction, checking that d.Version is still
// the stored one: a form filled in from an older version gets ErrConflict.
func (tx *Tx) bump(ctx context.Context, at time.Time, d *workflow.Decision) error {
	if tx.bumped[d.ID] {
		// One version per transaction, but "last changed" follows the latest write in it.
		_, err := tx.tx.ExecContext(ctx, "UPDATE decisions SET updated_at = max(updated_at, ?), due_on = -1 WHERE id = ?", ms(at), d.ID)
		return err
	}
	// due_on = -1: the write may move the stage's due date (store/due.go computes it at commit).
	res, err := tx.tx.ExecContext(ctx, "UPDATE decisions SET version = version + 1, updated_at = ?, due_on = -1 WHERE id = ? AND version = ?",
		ms(at), d.ID, d.Version)
	if err != nil {
		return fmt.Errorf("store: bump decision %d version %d: %w", d.ID, d.Version, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("store: bump decision %d version %d: %w", d.ID, d.Version, err)
	}
	if n == 0 {
		var one int
		err := tx.tx.QueryRowContext(ctx, "SELECT 1 FROM decisions WHERE id = ?", d.ID).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("store: decision %d: %w", d.ID, ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("store: decision %d: %w", d.ID, err)
		}
		return fmt.Errorf("store: decision %d is no longer at version %d: %w", d.ID, d.Version, ErrConflict)
	}
	if tx.bumped == nil {
		tx.bumped = map[int64]bool{}
	}
	tx.bumped[d.ID] = true
	d.Version++
	return nil
}

// field is one field of a record as the history shows it: a Chinese name and a display value.
type field struct {
	name, value string
}

// diffFields lists the fields whose shown value differs between before and after. For a new
// record pass nil as before: every field with a value is listed.
func diffFields(before, after []field) []Change {
	old := make(map[string]string, len(before))
	for _, f := range before {
		old[f.name] = f.value
	}
	out := []Change{}
	for _, f := range after {
		if old[f.name] != f.value {
			out = append(out, Change{Field: f.name, Before: old[f.name], After: f.value})
		}
	}
	return out
}

// showDate shows a day as the history does: 2006-01-02 in Shanghai; the zero time as "".
func showDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(workflow.Shanghai).Format("2006-01-02")
}

// showTime shows a moment: 2006-01-02 15:04 in Shanghai; the zero time as "".
func showTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(workflow.Shanghai).Format("2006-01-02 15:04")
}

// showBool shows a yes/no field as 是/否.
func showBool(b bool) string {
	if b {
		return "是"
	}
	return "否"
}

// rowScanner is what *sql.Row and *sql.Rows have in common.
type rowScanner interface {
	Scan(dest ...any) error
}

// collect runs a query and scans every row with scan.
func collect[T any](ctx context.Context, q querier, scan func(rowScanner) (T, error), query string, args ...any) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// notFound turns sql.ErrNoRows into ErrNotFound, keeping other errors.
func notFound(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	return err
}

// isNoRows reports whether a single-row query found no row.
func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }
