package store

import (
	"context"
	"database/sql"
	"sync"
	"time"
)

// WAL checkpoints off the writer. SQLite copies the write-ahead log back into the database file
// (a checkpoint) on the connection whose commit finds the log over 1,000 pages: on juece's one
// writer, which then writes pages all over a large file and syncs it while every waiting write
// waits too. The writer's automatic checkpoints are therefore off (wal_autocheckpoint(0) in its
// connection string), and this goroutine checkpoints on a connection of its own, PASSIVE: it
// copies what no reader still needs, beside the writer and the readers, and never waits for
// them. A commit wakes it; it runs at most every walCheckpointEvery. Durability is the log's,
// synced at each commit as before; a checkpoint only moves committed pages.

// walCheckpointEvery spaces the checkpoints: the log grows by at most that long's writes.
const walCheckpointEvery = 200 * time.Millisecond

// walCheckpointIdle is how often it checkpoints when no commit wakes it.
const walCheckpointIdle = 30 * time.Second

type walCheckpointer struct {
	conn *sql.DB
	wake chan struct{}
	stop chan struct{}
	done sync.WaitGroup
	once sync.Once
}

func startWALCheckpointer(conn *sql.DB) *walCheckpointer {
	w := &walCheckpointer{conn: conn, wake: make(chan struct{}, 1), stop: make(chan struct{})}
	w.done.Add(1)
	go w.run()
	return w
}

// poke says a commit wrote to the log.
func (w *walCheckpointer) poke() {
	if w == nil {
		return
	}
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

func (w *walCheckpointer) run() {
	defer w.done.Done()
	// The writes made outside InTx (sessions, login failures) wake nobody: the ticker takes
	// their pages back too.
	tick := time.NewTicker(walCheckpointIdle)
	defer tick.Stop()
	for {
		select {
		case <-w.wake:
		case <-tick.C:
		case <-w.stop:
			return
		}
		var busy, logFrames, copied int
		// A failure leaves the pages in the log, where readers find them: the next one retries.
		_ = w.conn.QueryRowContext(context.Background(), "PRAGMA wal_checkpoint(PASSIVE)").Scan(&busy, &logFrames, &copied)
		select {
		case <-time.After(walCheckpointEvery):
		case <-w.stop:
			return
		}
	}
}

// close stops the goroutine and closes its connection; closing the last connection to the
// file checkpoints what is left. Closing again does nothing.
func (w *walCheckpointer) close() (err error) {
	if w == nil {
		return nil
	}
	w.once.Do(func() {
		close(w.stop)
		w.done.Wait()
		err = w.conn.Close()
	})
	return err
}
