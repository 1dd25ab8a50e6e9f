package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Session is a server-side login session. Only the SHA-256 of the cookie's id is stored, so a
// copy of the database does not hand out live sessions.
type Session struct {
	IDHash     string
	UserID     int64
	CSRFToken  string
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time // the absolute expiry
}

// CreateSession stores a new session.
func (db *DB) CreateSession(ctx context.Context, s Session) error {
	_, err := db.write.ExecContext(ctx, `INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, last_seen_at, expires_at)
		VALUES (?, ?, ?, ?, ?, ?)`, s.IDHash, s.UserID, s.CSRFToken, ms(s.CreatedAt), ms(s.LastSeenAt), ms(s.ExpiresAt))
	if err != nil {
		return fmt.Errorf("store: create session: %w", err)
	}
	return nil
}

// Session loads a session by the hash of its id.
func (db *DB) Session(ctx context.Context, idHash string) (Session, error) {
	s, ok, gen := db.auth.session(idHash)
	if ok {
		return s, nil
	}
	var created, seen, expires int64
	err := db.read.QueryRowContext(ctx, `SELECT id_hash, user_id, csrf_token, created_at, last_seen_at, expires_at
		FROM sessions WHERE id_hash = ?`, idHash).Scan(&s.IDHash, &s.UserID, &s.CSRFToken, &created, &seen, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return Session{}, fmt.Errorf("store: session: %w", ErrNotFound)
	}
	if err != nil {
		return Session{}, fmt.Errorf("store: session: %w", err)
	}
	s.CreatedAt, s.LastSeenAt, s.ExpiresAt = fromMS(created), fromMS(seen), fromMS(expires)
	db.auth.putSession(s, gen)
	return s, nil
}

// TouchSession records activity, which pushes back the idle expiry.
func (db *DB) TouchSession(ctx context.Context, idHash string, at time.Time) error {
	_, err := db.write.ExecContext(ctx, "UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?", ms(at), idHash)
	if err == nil {
		db.auth.touched(idHash, at)
	}
	return err
}

// DeleteSession ends a session.
func (db *DB) DeleteSession(ctx context.Context, idHash string) error {
	defer db.auth.dropSession(idHash) // also when the delete failed: the next request reads it again
	_, err := db.write.ExecContext(ctx, "DELETE FROM sessions WHERE id_hash = ?", idHash)
	return err
}

// DeleteExpiredSessions removes sessions past their absolute expiry or idle since before idleBefore.
func (db *DB) DeleteExpiredSessions(ctx context.Context, now, idleBefore time.Time) error {
	defer db.auth.dropSession("")
	_, err := db.write.ExecContext(ctx, "DELETE FROM sessions WHERE expires_at <= ? OR last_seen_at <= ?", ms(now), ms(idleBefore))
	return err
}
