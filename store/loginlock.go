package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"juece/workflow"
)

// LoginPolicy is how many failed logins are allowed in a window before a pause: per account
// name and client address, and per address across names.
type LoginPolicy struct {
	PerAccount int           // failures of one name from one address in Window
	PerAddress int           // failures of all names from one address in Window
	Window     time.Duration // the counting window, which begins at the first failure
	Pause      time.Duration // how long a pair or an address is refused once over its limit
}

// LoginLock is a pause in force: of one name from one address, or of an address (Username "").
type LoginLock struct {
	Username string
	Address  string
	Failures int
	Until    time.Time
}

// LoginAttempt counts an attempt to log in as name from address, before its password is
// checked, so that a burst of parallel requests cannot slip past the limit: a login that
// succeeds gives it back with LoginSucceededFrom. When the name or the address is paused, the
// attempt is not counted and the pause is returned (Until set).
func (db *DB) LoginAttempt(ctx context.Context, p LoginPolicy, name, address string, now time.Time) (LoginLock, error) {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return LoginLock{}, fmt.Errorf("store: login attempt: %w", err)
	}
	defer tx.Rollback()
	// Rows of a day ago that hold no pause have nothing left to say.
	if _, err := tx.ExecContext(ctx, "DELETE FROM login_failures WHERE window_start < ? AND locked_until < ?",
		ms(now.Add(-24*time.Hour)), ms(now)); err != nil {
		return LoginLock{}, fmt.Errorf("store: login attempt: %w", err)
	}
	type row struct {
		name  string
		limit int
		LoginLock
		start time.Time
	}
	rows := []*row{{name: name, limit: p.PerAccount}, {name: "", limit: p.PerAddress}}
	for _, r := range rows {
		var failures int
		var start, until int64
		err := tx.QueryRowContext(ctx, "SELECT failures, window_start, locked_until FROM login_failures WHERE username = ? AND address = ?",
			r.name, address).Scan(&failures, &start, &until)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return LoginLock{}, fmt.Errorf("store: login attempt: %w", err)
		}
		r.Username, r.Address, r.Failures, r.start, r.Until = r.name, address, failures, fromMS(start), fromMS(until)
		if now.Before(r.Until) {
			return r.LoginLock, nil
		}
	}
	for _, r := range rows {
		if r.start.IsZero() || !now.Before(r.start.Add(p.Window)) {
			r.Failures, r.start = 0, now
		}
		r.Failures++
		r.Until = time.Time{}
		if r.Failures >= r.limit {
			r.Until = now.Add(p.Pause) // this attempt is still checked; the next ones wait
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO login_failures (username, address, failures, window_start, locked_until)
			VALUES (?, ?, ?, ?, ?) ON CONFLICT (username, address) DO UPDATE SET failures = excluded.failures,
			window_start = excluded.window_start, locked_until = excluded.locked_until`,
			r.name, address, r.Failures, ms(r.start), ms(r.Until)); err != nil {
			return LoginLock{}, fmt.Errorf("store: login attempt: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return LoginLock{}, fmt.Errorf("store: login attempt: %w", err)
	}
	return LoginLock{}, nil
}

// LoginSucceededFrom gives back the attempt LoginAttempt counted for a login that succeeded:
// the name's failures from the address are forgotten, and the address's count goes down by one
// (lifting a pause that attempt alone had set).
func (db *DB) LoginSucceededFrom(ctx context.Context, p LoginPolicy, name, address string) error {
	if _, err := db.write.ExecContext(ctx, "DELETE FROM login_failures WHERE username = ? AND address = ?", name, address); err != nil {
		return fmt.Errorf("store: login succeeded: %w", err)
	}
	_, err := db.write.ExecContext(ctx, `UPDATE login_failures SET failures = max(failures - 1, 0),
		locked_until = CASE WHEN failures - 1 < ? THEN 0 ELSE locked_until END WHERE username = '' AND address = ?`,
		p.PerAddress, address)
	if err != nil {
		return fmt.Errorf("store: login succeeded: %w", err)
	}
	return nil
}

// LoginLocks lists the pauses in force at now, the latest ending first.
func (db *DB) LoginLocks(ctx context.Context, now time.Time) ([]LoginLock, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT username, address, failures, locked_until FROM login_failures
		WHERE locked_until > ? ORDER BY locked_until DESC, username, address LIMIT 500`, ms(now))
	if err != nil {
		return nil, fmt.Errorf("store: login locks: %w", err)
	}
	defer rows.Close()
	var out []LoginLock
	for rows.Next() {
		var l LoginLock
		var until int64
		if err := rows.Scan(&l.Username, &l.Address, &l.Failures, &until); err != nil {
			return nil, err
		}
		l.Until = fromMS(until)
		out = append(out, l)
	}
	return out, rows.Err()
}

// LiftLoginLock ends the pause of a name from an address (of the address, for name ""), and
// its count of failures, recording who lifted it.
func (tx *Tx) LiftLoginLock(ctx context.Context, a workflow.Actor, at time.Time, name, address string) error {
	res, err := tx.tx.ExecContext(ctx, "DELETE FROM login_failures WHERE username = ? AND address = ?", name, address)
	if err != nil {
		return fmt.Errorf("store: lift login lock: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("store: lift login lock %q %q: %w", name, address, ErrNotFound)
	}
	what := fmt.Sprintf("账号 %s 自地址 %s", name, address)
	if name == "" {
		what = "地址 " + address
	}
	return tx.addEvent(ctx, a, at, Event{Action: "lift_login_lock", Summary: "解除" + what + "的登录暂停",
		Changes: []Change{{Field: "登录暂停", Before: what, After: "已解除"}}})
}
