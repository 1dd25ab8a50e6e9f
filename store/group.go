package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
)

// Group commit. A write transaction at synchronous=FULL costs one fsync of the WAL at its
// commit, which is most of a small write's time. The writer therefore takes every write that is
// waiting (InTx) and runs them in one transaction, each in its own savepoint: a write that fails
// or panics rolls back its savepoint only, and the others go on. The group commits once, with one
// fsync, and only then is each writer told its outcome, so a write acknowledged is a write on disk
// exactly as before. The writes of a group run one after another on the one connection, in the
// order they were taken: the history's hash chain stays strictly ordered.

// maxGroup bounds how many writes one transaction takes, so that a long queue still commits
// (and answers) in steps.
const maxGroup = 64

// writeJob is one InTx call waiting for the writer.
type writeJob struct {
	ctx  context.Context
	fn   func(*Tx) error
	done chan jobResult
}

type jobResult struct {
	err   error
	panic any // fn panicked with it: panicked again in the caller's goroutine
	// panicked is set with panic, which may be nil (panic(nil) is a *runtime.PanicNilError
	// since Go 1.21, but a flag says it plainly).
	panicked bool
}

// groupWriter is the goroutine that owns the writer connection for InTx.
type groupWriter struct {
	jobs    chan *writeJob // unbuffered: a job is either taken or its sender still waits
	closing chan struct{}
	stopped sync.WaitGroup
	once    sync.Once
	// groups and writes count the committed or failed groups and the writes they took, for
	// WriteStats.
	groups, writes, largest atomic.Int64
	// waiting counts the writes handed to InTx and not yet taken by the writer.
	waiting atomic.Int64
}

// WriteStats says how the writes were grouped since the database was opened.
type WriteStats struct {
	Groups  int64 // transactions the writer ran for InTx
	Writes  int64 // InTx calls they took
	Largest int64 // the most writes one group took
}

// WriteStats reads the group counters.
func (db *DB) WriteStats() WriteStats {
	w := &db.writer
	return WriteStats{Groups: w.groups.Load(), Writes: w.writes.Load(), Largest: w.largest.Load()}
}

func (w *groupWriter) start(db *DB) {
	w.jobs = make(chan *writeJob)
	w.closing = make(chan struct{})
	w.stopped.Add(1)
	go func() {
		defer w.stopped.Done()
		for {
			var first *writeJob
			select {
			case first = <-w.jobs:
			case <-w.closing:
				return
			}
			group := []*writeJob{first}
		more:
			for len(group) < maxGroup {
				select {
				case j := <-w.jobs:
					group = append(group, j)
				default:
					break more
				}
			}
			for len(group) > 0 {
				group = db.runGroup(group)
			}
		}
	}()
}

// stop ends the writer goroutine once the group it runs is over; later InTx calls fail.
func (w *groupWriter) stop() {
	if w.closing == nil {
		return
	}
	w.once.Do(func() { close(w.closing) })
	w.stopped.Wait()
}

// errClosed answers a write asked after Close.
var errClosed = errors.New("store: the database is closed")

// grouped runs fn through the writer, in the next group, and returns its outcome once that
// group has committed or failed.
func (db *DB) grouped(ctx context.Context, fn func(*Tx) error) error {
	j := &writeJob{ctx: ctx, fn: fn, done: make(chan jobResult, 1)}
	db.writer.waiting.Add(1)
	select {
	case db.writer.jobs <- j:
		db.writer.waiting.Add(-1)
	case <-db.writer.closing:
		db.writer.waiting.Add(-1)
		return errClosed
	}
	r := <-j.done
	if r.panicked {
		panic(r.panic)
	}
	return r.err
}

// groupState is what the writes of one group changed that the caches must hear of after it.
type groupState struct {
	rulesChanged, wroteEvents bool
	touched, users            map[int64]bool
}

func (g *groupState) add(t *Tx) {
	g.rulesChanged = g.rulesChanged || t.rulesChanged
	g.wroteEvents = g.wroteEvents || t.wroteEvents
	for id := range t.touched {
		if g.touched == nil {
			g.touched = map[int64]bool{}
		}
		g.touched[id] = true
	}
	for id := range t.users {
		if g.users == nil {
			g.users = map[int64]bool{}
		}
		g.users[id] = true
	}
}

// afterWrites tells the caches and the background work what a transaction's writes changed.
// Committed or not, the accounts and rules it touched are read afresh; only a commit makes the
// kept snapshots stale, the log longer and the history to be signed longer.
func (db *DB) afterWrites(g groupState, committed bool) {
	db.auth.dropUsers(g.users)
	if g.rulesChanged {
		db.rulesGen.Add(1)
		db.rules.Store(nil)
	}
	if !committed {
		return
	}
	db.snapshots.drop(g.touched)
	db.walCheckpoints.poke()
	if s := db.signer.Load(); s != nil && g.wroteEvents {
		s.poke()
	}
}

// runGroup runs the jobs in one transaction and answers them. When the transaction itself
// fails (SQLite rolled it back, or the commit failed), every job it ran gets the error, and
// those it had not reached yet are returned to be run in the next one.
func (db *DB) runGroup(jobs []*writeJob) (rest []*writeJob) {
	db.writer.groups.Add(1)
	db.writer.writes.Add(int64(len(jobs)))
	for {
		l := db.writer.largest.Load()
		if int64(len(jobs)) <= l || db.writer.largest.CompareAndSwap(l, int64(len(jobs))) {
			break
		}
	}
	results := make([]jobResult, len(jobs))
	ran := 0
	var missed []string
	var g groupState
	// answer tells the writers their outcomes, after the caches have heard of the group: a
	// writer's next read never meets what its write changed.
	answer := func(committed bool) {
		db.keep(missed) // the commit or rollback has freed the writer's connection
		db.afterWrites(g, committed)
		for i, j := range jobs[:ran] {
			j.done <- results[i]
		}
	}
	fail := func(err error) []*writeJob {
		for i := range results[:ran] {
			if !results[i].panicked && results[i].err == nil {
				results[i].err = err
			}
		}
		answer(false)
		return jobs[ran:]
	}
	if e := db.damaged.Load(); e != nil {
		ran = len(jobs)
		return fail(e)
	}
	// The transaction is the group's, not any one request's: a request that goes away fails its
	// own write only.
	bg := context.Background()
	sqltx, err := db.write.BeginTx(bg, nil)
	if err != nil {
		ran = len(jobs)
		return fail(fmt.Errorf("store: begin: %w", err))
	}
	c := conn{raw: sqltx, stmts: db.write.stmts, local: map[string]*sql.Stmt{}, missed: &missed, shared: true}
	// Rows staged by a write made outside juece (straight into the file) are no event's: the
	// next event must not take them into the history, where verify will find them missing.
	if _, err := c.ExecContext(bg, "DELETE FROM record_rows_pending"); err != nil {
		sqltx.Rollback()
		ran = len(jobs)
		return fail(fmt.Errorf("store: pending rows: %w", err))
	}
	var head *ChainHead
	for i, j := range jobs {
		ran = i + 1
		if err := j.ctx.Err(); err != nil {
			results[i].err = err
			continue
		}
		// Each write is a transaction of its own to the code it runs: its own versions bumped,
		// the chain's head as the writes before it left it, the rules read afresh when one
		// before it changed them.
		t := &Tx{tx: c, db: db, head: head, rulesChanged: g.rulesChanged}
		res, broken := t.runJob(j)
		results[i] = res
		g.add(t) // a failed write's marks too: dropping a cache entry needlessly is harmless
		if broken != nil {
			sqltx.Rollback()
			return fail(broken)
		}
		if res.err == nil && !res.panicked {
			head = t.head
		} else {
			head = nil // its events are gone: read the head again
		}
	}
	if err := sqltx.Commit(); err != nil {
		return fail(fmt.Errorf("store: commit: %w", err))
	}
	answer(true)
	return nil
}

// runJob runs one write in its own savepoint, with the due dates it moved computed again in
// it, and rolls the savepoint back when the write fails or panics. broken is set when the
// savepoint cannot be rolled back or released: SQLite has ended the whole transaction.
func (t *Tx) runJob(j *writeJob) (res jobResult, broken error) {
	bg := context.WithoutCancel(j.ctx)
	if _, err := t.tx.ExecContext(bg, "SAVEPOINT group_write"); err != nil {
		return jobResult{err: err}, fmt.Errorf("store: savepoint: %w", err)
	}
	func() {
		defer func() {
			if p := recover(); p != nil {
				res = jobResult{panic: p, panicked: true}
			}
		}()
		if err := j.fn(t); err != nil {
			res.err = err
			return
		}
		res.err = t.refreshDue(j.ctx)
	}()
	if res.err != nil || res.panicked {
		if _, err := t.tx.ExecContext(bg, "ROLLBACK TO group_write"); err != nil {
			return res, fmt.Errorf("store: roll back to savepoint: %w", err)
		}
	}
	if _, err := t.tx.ExecContext(bg, "RELEASE group_write"); err != nil {
		return res, fmt.Errorf("store: release savepoint: %w", err)
	}
	return res, nil
}
