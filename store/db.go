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
	"sync"
	"sync/atomic"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver (pure Go)

	"juece/workflow"
)

// ErrNotFound is returned when the asked-for row does not exist (or is not visible).
var ErrNotFound = errors.New("store: not found")

// ErrConflict is returned when a write names a version that is no longer current.
var ErrConflict = errors.New("store: version conflict")

//go:embed migrations/*.sql
var migrationFiles embed.FS

// DB is the database: a pool of readers and a single writer on one SQLite file.
type DB struct {
	read  pool
	write pool
	path  string
	// rules caches the settings and calendar for computing due dates (store/due.go).
	rules atomic.Pointer[workflow.Env]
	// rulesGen counts the transactions that changed the rules, so that a reader that loaded
	// them before such a change does not keep the old ones.
	rulesGen atomic.Int64
	// shortTerms caches the trigrams short search queries stand for (store/search.go).
	shortTerms shortTerms
	// signer, when started, hears of every commit that wrote events (signer.go).
	signer atomic.Pointer[Signer]
	// snapshots keeps loaded decisions for pages (snapshot.go).
	snapshots *snapshots
	// memo keeps the lists' answers until the next write (memo.go).
	memo memo
	// auth keeps sessions and users (authcache.go).
	auth *authCache
	// damaged is set when CheckPages found the file damaged: no write is taken after it.
	damaged atomic.Pointer[DamagedError]
	// writer runs InTx's writes in groups (group.go).
	writer groupWriter
	// walCheckpoints copies the log back into the file, off the writer (walcheckpoint.go).
	walCheckpoints *walCheckpointer
}

// pool is a connection pool whose statements are prepared once and kept by their SQL text:
// SQLite spends longer parsing most of juece's statements than running them.
type pool struct {
	*sql.DB
	stmts *stmtCache
}

func newPool(db *sql.DB) pool {
	return pool{DB: db, stmts: &stmtCache{db: db, m: map[string]*sql.Stmt{}}}
}

func (p pool) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if st := p.stmts.get(ctx, query); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return p.DB.ExecContext(ctx, query, args...)
}

func (p pool) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if st := p.stmts.get(ctx, query); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return p.DB.QueryContext(ctx, query, args...)
}

func (p pool) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if st := p.stmts.get(ctx, query); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return p.DB.QueryRowContext(ctx, query, args...)
}

// Close closes the kept statements, then the pool.
func (p pool) Close() error {
	p.stmts.close()
	return p.DB.Close()
}

// maxStmts bounds the statements kept per pool: queries built from filters come in many texts.
const maxStmts = 512

// stmtCache keeps a pool's prepared statements by their SQL text.
type stmtCache struct {
	db *sql.DB
	mu sync.Mutex
	m  map[string]*sql.Stmt
}

// get is the kept statement for query, prepared now if need be; nil when the cache is full or
// the statement does not prepare (the caller then runs it unprepared and gets its error).
// Preparing takes one of the pool's connections: never call it while holding the writer's.
func (c *stmtCache) get(ctx context.Context, query string) *sql.Stmt {
	c.mu.Lock()
	st, ok := c.m[query]
	full := len(c.m) >= maxStmts
	c.mu.Unlock()
	if ok || full {
		return st
	}
	st, err := c.db.PrepareContext(ctx, query)
	if err != nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if old, ok := c.m[query]; ok { // prepared meanwhile by another caller
		st.Close()
		return old
	}
	if len(c.m) >= maxStmts {
		st.Close()
		return nil
	}
	c.m[query] = st
	return st
}

// lookup is the kept statement for query, or nil.
func (c *stmtCache) lookup(query string) *sql.Stmt {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.m[query]
}

func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for q, st := range c.m {
		st.Close()
		delete(c.m, q)
	}
}

// conn is a write transaction that runs the writer's kept statements. The writer has one
// connection and the transaction holds it, so a statement not kept yet is prepared in the
// transaction and kept for later ones once the transaction is over (DB.keep).
type conn struct {
	raw    *sql.Tx
	stmts  *stmtCache
	local  map[string]*sql.Stmt // prepared in this transaction
	missed *[]string            // their texts, to keep after it
	// shared: the transaction is a group's (group.go). A request that goes away must not
	// interrupt a statement, which would make SQLite roll back every write of the group.
	shared bool
}

// statementContext is ctx without its cancellation when the transaction is shared.
func (c conn) statementContext(ctx context.Context) context.Context {
	if c.shared {
		return context.WithoutCancel(ctx)
	}
	return ctx
}

// stmt is called by the three methods below, with ctx already their statementContext.
func (c conn) stmt(ctx context.Context, query string) *sql.Stmt {
	if st := c.stmts.lookup(query); st != nil {
		return c.raw.StmtContext(ctx, st)
	}
	if st, ok := c.local[query]; ok {
		return st
	}
	st, err := c.raw.PrepareContext(ctx, query)
	if err != nil {
		return nil
	}
	c.local[query] = st
	*c.missed = append(*c.missed, query)
	return st
}

func (c conn) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	ctx = c.statementContext(ctx)
	if st := c.stmt(ctx, query); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return c.raw.ExecContext(ctx, query, args...)
}

func (c conn) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	ctx = c.statementContext(ctx)
	if st := c.stmt(ctx, query); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return c.raw.QueryContext(ctx, query, args...)
}

func (c conn) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	ctx = c.statementContext(ctx)
	if st := c.stmt(ctx, query); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return c.raw.QueryRowContext(ctx, query, args...)
}

// keep prepares, on the writer's connection now free, the statements a transaction prepared.
func (db *DB) keep(queries []string) {
	for _, q := range queries {
		db.write.stmts.get(context.Background(), q)
	}
}

// readTx runs fn in one read transaction, so that what it reads is one snapshot, with the
// reader pool's kept statements (those it had to prepare are kept once it is over).
func (db *DB) readTx(ctx context.Context, fn func(q querier) error) error {
	rtx, err := db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("store: begin read: %w", err)
	}
	var missed []string
	err = fn(conn{raw: rtx, stmts: db.read.stmts, local: map[string]*sql.Stmt{}, missed: &missed})
	rtx.Rollback()
	for _, q := range missed {
		db.read.stmts.get(ctx, q)
	}
	return err
}

// Open opens (creating if needed) the database file at path and applies the migrations.
func Open(ctx context.Context, path string) (*DB, error) {
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("store: create %s: %w", dir, err)
		}
	}
	base := dsn(path)
	// 16 MB: large transactions stay in memory. No automatic checkpoints: walcheckpoint.go.
	write, err := sql.Open("sqlite", base+"&_txlock=immediate&_pragma=cache_size(-16000)&_pragma=wal_autocheckpoint(0)")
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
	read.SetMaxOpenConns(readConns)
	read.SetMaxIdleConns(readConns) // kept open: each keeps its prepared statements and its page cache
	checkpoint, err := sql.Open("sqlite", base+"&_pragma=cache_size(-256)")
	if err != nil {
		write.Close()
		read.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	checkpoint.SetMaxOpenConns(1)
	db := &DB{read: newPool(read), write: newPool(write), path: path, shortTerms: shortTerms{m: map[string]shortTermsEntry{}},
		snapshots: newSnapshots(snapshotCacheBytes), auth: newAuthCache()}
	db.walCheckpoints = startWALCheckpointer(checkpoint)
	db.writer.start(db)
	if err := db.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if err := db.fillGroupKeys(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if err := db.ensureRecording(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// readConns is how many readers run at once. Each holds its own page cache and prepared
// statements (some megabytes), and on a machine of few cores more readers only wait for CPU:
// the pages are mostly answered from memory above the database (web/decision_cache.go).
const readConns = 4

// dsn is the connection string of the database file at path with juece's pragmas.
func dsn(path string) string {
	// synchronous(FULL): an acknowledged decision must survive power loss.
	// temp_store(2): statement journals of multi-statement transactions stay in memory.
	pragmas := "_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=foreign_keys(1)&_pragma=temp_store(2)"
	return "file:" + fileURI(path) + "?" + pragmas
}

// fileURI escapes path for a "file:" connection string.
func fileURI(path string) string { return (&url.URL{Path: path}).EscapedPath() }

// Close closes both pools.
func (db *DB) Close() error {
	db.writer.stop()
	return errors.Join(db.read.Close(), db.write.Close(), db.walCheckpoints.close())
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
		err = db.inTx(ctx, txMigrate, func(tx *Tx) error {
			var n int
			if err := tx.tx.QueryRowContext(ctx, "SELECT count(*) FROM schema_migrations WHERE name=?", name).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return nil
			}
			// A migration changes the schema or the data under the recording triggers: they are
			// made again afterwards (ensureRecording), and what it writes is no event's.
			if err := tx.dropRecording(ctx); err != nil {
				return err
			}
			if _, err := tx.tx.raw.ExecContext(ctx, string(body)); err != nil { // a script: not kept
				return err
			}
			_, err := tx.tx.ExecContext(ctx, "INSERT INTO schema_migrations(name, applied_at) VALUES(?, ?)", name, ms(time.Now()))
			return err
		})
		if err != nil {
			return fmt.Errorf("store: migration %s: %w", name, err)
		}
	}
	// Due dates of decisions written before migration 007, or marked when the process stopped.
	return db.InTx(ctx, func(*Tx) error { return nil })
}

// Tx is one write transaction. Every method that changes a row also writes its history event.
type Tx struct {
	tx conn
	// bumped holds the decisions whose version this transaction has raised: a decision's
	// version goes up once per transaction, however many records it writes.
	bumped map[int64]bool
	// head is the history's last event as this transaction left it; nil until read, and again
	// after a savepoint is rolled back.
	head *ChainHead
	// bulk is set by InBulkTx: writes skip their savepoints, since any failure ends the whole
	// transaction anyway.
	bulk bool
	db   *DB
	// rulesChanged: this transaction changes the settings or the calendar (markDue).
	rulesChanged bool
	// wroteEvents: this transaction wrote history events, which the checkpoint signer counts.
	wroteEvents bool
	// touched holds the decisions this transaction wrote an event of: their kept snapshots
	// are dropped once it has committed.
	touched map[int64]bool
	// users holds the accounts this transaction changes (userChanged).
	users map[int64]bool
}

// InTx runs fn as one write: committed when fn returns nil, rolled back on an error or a panic
// (the panic goes on in the caller). The writes waiting together share one transaction, each in
// its own savepoint (group.go); InTx returns once its group has committed.
func (db *DB) InTx(ctx context.Context, fn func(tx *Tx) error) (err error) {
	return db.grouped(ctx, fn)
}

// InBulkTx is InTx for writing many records at once (juece seed): a failed write fails the
// transaction instead of only its own savepoint, which saves SQLite (and its full-text index)
// a savepoint per record.
func (db *DB) InBulkTx(ctx context.Context, fn func(tx *Tx) error) (err error) {
	return db.inTx(ctx, txBulk, fn)
}

// txMode says how a transaction runs.
type txMode int

const (
	txBulk    txMode = iota // InBulkTx
	txMigrate               // a migration: the schema the due dates need may not be there yet
)

// inTx runs fn alone in a transaction of its own, for the bulk loads and the migrations.
func (db *DB) inTx(ctx context.Context, mode txMode, fn func(tx *Tx) error) (err error) {
	if e := db.damaged.Load(); e != nil {
		return e
	}
	sqltx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	var missed []string
	defer func() {
		p := recover()
		if p != nil || err != nil {
			sqltx.Rollback()
		}
		db.keep(missed) // only now: the commit or rollback has freed the writer's connection
		if p != nil {
			panic(p)
		}
	}()
	if mode == txBulk {
		// A load touches indexes all over a growing file: keep far more of it in memory (256 MB).
		if _, err = sqltx.ExecContext(ctx, "PRAGMA cache_size = -262144"); err != nil {
			return fmt.Errorf("store: bulk cache: %w", err)
		}
	}
	t := &Tx{tx: conn{raw: sqltx, stmts: db.write.stmts, local: map[string]*sql.Stmt{}, missed: &missed}, bulk: mode == txBulk, db: db}
	if mode != txMigrate {
		// Rows staged by a write made outside juece (straight into the file) are no event's: the
		// next event must not take them into the history, where verify will find them missing.
		if _, err = t.tx.ExecContext(ctx, "DELETE FROM record_rows_pending"); err != nil {
			return fmt.Errorf("store: pending rows: %w", err)
		}
	}
	committed := false
	defer func() { // after the commit or the rollback
		var g groupState
		g.add(t)
		db.afterWrites(g, committed)
	}()
	if err = fn(t); err != nil {
		return err
	}
	if mode != txMigrate {
		if err = t.refreshDue(ctx); err != nil {
			return err
		}
	}
	if err = sqltx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	committed = true
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
