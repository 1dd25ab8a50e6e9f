package store

import (
	"bytes"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"juece/workflow"
)

// TestBackupWhileWriting takes backups while another goroutine keeps writing comments and
// transitions through the store. Each backup must hold whole transactions only: it restores,
// its history verifies and is a prefix of the live one, and every decision's version equals
// its number of history events (each write here bumps the version once and adds one event).
func TestBackupWhileWriting(t *testing.T) {
	f := newDecisionFixture(t)
	ids := []int64{f.create("城市公共交通票价调整方案", f.unit), f.create("老旧小区改造三年行动计划", f.unit)}
	dir := t.TempDir()

	var writes atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	var writeErr error
	go func() {
		defer wg.Done()
		at := f.now
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			at = at.Add(time.Minute)
			id := ids[i%len(ids)]
			err := f.db.InTx(f.ctx, func(tx *Tx) error {
				d, err := tx.Decision(f.ctx, id)
				if err != nil {
					return err
				}
				switch {
				case i%3 != 2:
					_, err = tx.AddComment(f.ctx, f.clerk, at, d, workflow.Comment{Body: "意见", Author: "市民", Source: "信函"})
				case d.State == workflow.Suspended:
					err = tx.transition(f.ctx, f.secretary, at, d, workflow.Resume, workflow.Implementation, "恢复")
				default:
					err = tx.transition(f.ctx, f.secretary, at, d, workflow.Suspend, workflow.Suspended, "暂停")
				}
				return err
			})
			if err != nil {
				writeErr = err
				return
			}
			writes.Add(1)
		}
	}()

	type taken struct {
		path   string
		before int64 // events committed before the backup began
	}
	var backups []taken
	for i := range 5 {
		for writes.Load() < int64(20*(i+1)) && writeErr == nil {
			time.Sleep(time.Millisecond)
		}
		head := mustHead(t, f.db)
		out := filepath.Join(dir, "backup", "juece-"+string(rune('a'+i))+".db")
		if err := Backup(f.ctx, f.db.Path(), out); err != nil {
			t.Fatalf("backup %d: %v", i, err)
		}
		backups = append(backups, taken{out, head.Seq})
	}
	close(stop)
	wg.Wait()
	if writeErr != nil {
		t.Fatal(writeErr)
	}
	final := mustHead(t, f.db)

	for i, b := range backups {
		target := filepath.Join(t.TempDir(), "restored.db")
		r, err := Restore(f.ctx, b.path, target, nil, time.Now())
		if err != nil {
			t.Fatalf("restore %d: %v", i, err)
		}
		if r.Head.Seq < b.before || r.Head.Seq > final.Seq {
			t.Fatalf("backup %d: head %d, want between %d and %d", i, r.Head.Seq, b.before, final.Seq)
		}
		// The backup's chain is the live chain cut at its head.
		var liveHash string
		if err := f.db.read.QueryRowContext(f.ctx, "SELECT hash FROM events WHERE seq = ?", r.Head.Seq).Scan(&liveHash); err != nil || liveHash != r.Head.Hash {
			t.Fatalf("backup %d: head %+v, live event has hash %q (%v)", i, r.Head, liveHash, err)
		}
		db, err := Open(f.ctx, target)
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range ids {
			d, err := db.Decision(f.ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			h, err := db.History(f.ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if int64(len(h)) != d.Version {
				t.Errorf("backup %d, decision %d: version %d but %d history events: a torn snapshot", i, id, d.Version, len(h))
			}
		}
		db.Close()
	}
	t.Logf("backup while writing: %d backups during %d writes, heads from %d events", len(backups), writes.Load(), backups[0].before)
}

// TestRestoreChecks: a backup replaces the database only after its file and its history check
// out against the signed checkpoints; a database a server may hold is never replaced; the
// replaced database is kept.
func TestRestoreChecks(t *testing.T) {
	cf := newChainFixture(t)
	ctx := t.Context()
	dir := t.TempDir()
	backup := filepath.Join(dir, "backup.db")
	if err := Backup(ctx, cf.dbPath, backup); err != nil {
		t.Fatal(err)
	}
	if err := Backup(ctx, filepath.Join(dir, "none.db"), filepath.Join(dir, "x.db")); err == nil {
		t.Fatal("a backup of a missing database succeeded")
	}
	if err := Backup(ctx, cf.dbPath, cf.dbPath); err == nil {
		t.Fatal("a backup onto the database itself succeeded")
	}

	// The target: another database, whose replacement must be kept.
	target := filepath.Join(dir, "live", "juece.db")
	old := newDecisionFixture(t)
	old.create("将被替换的数据库中的事项", old.unit)
	old.db.Close()
	if err := os.MkdirAll(filepath.Dir(target), 0o750); err != nil {
		t.Fatal(err)
	}
	copyFile(t, old.db.Path(), target)
	oldBytes, _ := os.ReadFile(target)
	unchanged := func(what string) {
		t.Helper()
		if now, _ := os.ReadFile(target); !bytes.Equal(now, oldBytes) {
			t.Fatalf("%s: the target was changed", what)
		}
		if left, _ := filepath.Glob(filepath.Join(filepath.Dir(target), ".*.tmp*")); len(left) > 0 {
			t.Fatalf("%s: left %v behind", what, left)
		}
	}

	// A server may hold the target: refused.
	if err := os.WriteFile(target+"-wal", nil, 0o640); err != nil {
		t.Fatal(err)
	}
	if _, err := Restore(ctx, backup, target, cf.cps, time.Now()); err == nil || !strings.Contains(err.Error(), "运行中的服务") {
		t.Fatalf("restore over a held database: %v", err)
	}
	unchanged("held database")
	os.Remove(target + "-wal")

	// A damaged file, a file that is not juece's, a tampered history: refused.
	damaged := filepath.Join(dir, "damaged.db")
	raw, _ := os.ReadFile(backup)
	if err := os.WriteFile(damaged, raw[:len(raw)/2], 0o640); err != nil {
		t.Fatal(err)
	}
	if _, err := Restore(ctx, damaged, target, cf.cps, time.Now()); err == nil || !strings.Contains(err.Error(), "完整性检查") && !strings.Contains(err.Error(), "已损坏") {
		t.Fatalf("restore of a damaged file: %v", err)
	}
	unchanged("damaged file")
	foreign := filepath.Join(dir, "foreign.db")
	fdb, err := sql.Open("sqlite", "file:"+foreign)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fdb.Exec("CREATE TABLE notes (body TEXT)"); err != nil {
		t.Fatal(err)
	}
	fdb.Close()
	if _, err := Restore(ctx, foreign, target, nil, time.Now()); err == nil || !strings.Contains(err.Error(), "不是本系统的数据库备份") {
		t.Fatalf("restore of a foreign database: %v", err)
	}
	unchanged("foreign database")
	tdb := cf.tampered(t, func(raw *sql.DB) {
		if _, err := raw.Exec("UPDATE events SET summary = '改写' WHERE seq = 3"); err != nil {
			t.Fatal(err)
		}
	})
	tdb.Close()
	var ce *ChainError
	if _, err := Restore(ctx, tdb.Path(), target, cf.cps, time.Now()); !errors.As(err, &ce) || ce.Seq != 3 {
		t.Fatalf("restore of a tampered history: %v", err)
	}
	unchanged("tampered history")

	// A good backup: in place, verified against both checkpoints, the old database kept.
	now := time.Date(2026, 11, 26, 23, 0, 0, 0, time.UTC)
	r, err := Restore(ctx, backup, target, cf.cps, now)
	if err != nil {
		t.Fatal(err)
	}
	if r.Head.Seq != cf.events || r.Matched != 2 || len(r.Later) != 0 || r.Kept != target+".before-restore-20261126T230000Z" {
		t.Fatalf("restored %+v", r)
	}
	if kept, _ := os.ReadFile(r.Kept); !bytes.Equal(kept, oldBytes) {
		t.Fatal("the replaced database was not kept as it was")
	}
	db, err := Open(ctx, target)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if h := mustHead(t, db); h.Seq != cf.events {
		t.Fatalf("restored head %+v, want %d events", h, cf.events)
	}
	if _, err := db.VerifyChain(ctx, cf.cps); err != nil {
		t.Fatal(err)
	}

	// A backup older than a checkpoint: restored, and the checkpoint past it is reported.
	early := filepath.Join(dir, "early.db")
	edb := cf.tampered(t, func(raw *sql.DB) {
		if _, err := raw.Exec("DELETE FROM events WHERE seq > ?", midCheckpoint+2); err != nil {
			t.Fatal(err)
		}
	})
	edb.Close()
	if err := Backup(ctx, edb.Path(), early); err != nil {
		t.Fatal(err)
	}
	db.Close()
	r, err = Restore(ctx, early, target, cf.cps, now.Add(time.Second))
	if err != nil {
		t.Fatal(err)
	}
	if r.Head.Seq != midCheckpoint+2 || r.Matched != 1 || len(r.Later) != 1 || r.Later[0].Size != cf.events {
		t.Fatalf("restored an early backup: %+v", r)
	}
}
