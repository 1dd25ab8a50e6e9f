// Package store owns juece's SQLite database: the schema, every query and every transaction.
// Each write goes through InTx together with the history event that describes it.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver (pure Go)
)

// ErrNotFound is returned when the asked-for row does not exist (or is not visible).
var ErrNotFound = errors.New("store: not found")

// ErrConflict is returned when a write names a version that is no longer current.
var ErrConflict = errors.New("store: version conflict")

//go:embed migrations/*.sql
var migrationFiles embed.FS

// DB is the database: a pool of readers and a single writer on one SQLite file.
type DB struct {
	read  *sql.DB
	write *sql.DB
	path  string
}

// Open opens (creating if needed) the database file at path and applies the migrations.
func Open(ctx context.Context, path string) (*DB, error) {
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("store: create %s: %w", dir, err)
		}
	}
	base := dsn(path)
	write, err := sql.Open("sqlite", base+"&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	write.SetMaxOpenConns(1)
	write.SetConnMaxLifetime(0)
	read, err := sql.Open("sqlite", base+"&_pragma=query_only(1)")
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	read.SetMaxOpenConns(8)
	db := &DB{read: read, write: write, path: path}
	if err := db.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// dsn is the connection string of the database file at path with juece's pragmas.
func dsn(path string) string {
	// synchronous(FULL): an acknowledged decision must survive power loss.
	pragmas := "_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=foreign_keys(1)"
	return "file:" + fileURI(path) + "?" + pragmas
}

// fileURI escapes path for a "file:" connection string.
func fileURI(path string) string { return (&url.URL{Path: path}).EscapedPath() }

// Close closes both pools.
func (db *DB) Close() error {
	return errors.Join(db.read.Close(), db.write.Close())
}

// Path is the database file's path.
func (db *DB) Path() string { return db.path }

// Ping checks that the database answers a query.
func (db *DB) Ping(ctx context.Context) error {
	var one int
	return db.read.QueryRowContext(ctx, "SELECT 1").Scan(&one)
}

// migrate applies, in name order, every embedded migration not yet recorded.
func (db *DB) migrate(ctx context.Context) error {
	if _, err := db.write.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		name TEXT PRIMARY KEY, applied_at INTEGER NOT NULL) STRICT`); err != nil {
		return fmt.Errorf("store: migrations table: %w", err)
	}
	names, err := fs.Glob(migrationFiles, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	for _, name := range names {
		body, err := migrationFiles.ReadFile(name)
		if err != nil {
			return err
		}
		err = db.InTx(ctx, func(tx *Tx) error {
			var n int
			if err := tx.tx.QueryRowContext(ctx, "SELECT count(*) FROM schema_migrations WHERE name=?", name).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return nil
			}
			if _, err := tx.tx.ExecContext(ctx, string(body)); err != nil {
				return err
			}
			_, err := tx.tx.ExecContext(ctx, "INSERT INTO schema_migrations(name, applied_at) VALUES(?, ?)", name, ms(time.Now()))
			return err
		})
		if err != nil {
			return fmt.Errorf("store: migration %s: %w", name, err)
		}
	}
	return nil
}

// Tx is one write transaction. Every method that changes a row also writes its history event.
type Tx struct {
	tx *sql.Tx
	// bumped holds the decisions whose version this transaction has raised: a decision's
	// version goes up once per transaction, however many records it writes.
	bumped map[int64]bool
}

// InTx runs fn in one write transaction: committed when fn returns nil, rolled back on an
// error or a panic.
func (db *DB) InTx(ctx context.Context, fn func(tx *Tx) error) (err error) {
	sqltx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	defer func() {
		if p := recover(); p != nil {
			sqltx.Rollback()
			panic(p)
		}
		if err != nil {
			sqltx.Rollback()
		}
	}()
	if err = fn(&Tx{tx: sqltx}); err != nil {
		return err
	}
	if err = sqltx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	return nil
}

// querier is what reads need: the reader pool or a write transaction.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// ms turns a time into the stored form: Unix milliseconds UTC; the zero time is 0.
func ms(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

// fromMS turns a stored time back; 0 is the zero time.
func fromMS(v int64) time.Time {
	if v == 0 {
		return time.Time{}
	}
	return time.UnixMilli(v).UTC()
}

// b2i stores a bool as SQLite's 0/1.
func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// placeholders returns "?, ?, …" for n arguments.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}
