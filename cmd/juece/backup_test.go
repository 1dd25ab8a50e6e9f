package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"juece/store"
	"juece/web"
	"juece/workflow"
)

// TestBackupRestoreCommands: a backup taken while the store keeps writing restores into a
// database that verifies, opens and serves; restore refuses a database a server holds and warns
// of checkpoints the backup does not reach.
func TestBackupRestoreCommands(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := filepath.Join(dir, "data", "juece.db")
	if _, err := runCLI(t, "", "seed", "--demo", "--db", db); err != nil {
		t.Fatal(err)
	}
	if out, err := runCLI(t, "", "audit", "checkpoint", "--db", db); err != nil {
		t.Fatalf("checkpoint: %v %s", err, out)
	}

	// The server's side: a store that keeps writing comments and transitions.
	live, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	waitWrites, stopWrites := keepWriting(t, live)
	waitWrites(5)
	backup := filepath.Join(dir, "backups", "juece-backup")
	out, err := runCLI(t, "", "backup", "--db", db, "--out", backup)
	if err != nil || !strings.Contains(out, "已通过完整性检查") {
		t.Fatalf("backup: %v %s", err, out)
	}
	// The live database is held: restore refuses it and changes nothing.
	if out, err := runCLI(t, "", "restore", "--from", backup, "--db", db); err == nil || !strings.Contains(err.Error(), "运行中的服务") {
		t.Fatalf("restore over a running database: %v %s", err, out)
	}
	waitWrites(5) // so that the next checkpoint lies past the backup
	stopWrites()
	if err := live.Close(); err != nil {
		t.Fatal(err)
	}
	if out, err := runCLI(t, "", "audit", "checkpoint", "--db", db); err != nil {
		t.Fatalf("checkpoint: %v %s", err, out)
	}

	// Restored elsewhere (a new machine): it verifies, opens and serves.
	fresh := filepath.Join(dir, "new", "juece.db")
	out, err = runCLI(t, "", "restore", "--from", backup, "--db", fresh)
	if err != nil || !strings.Contains(out, "已恢复") || strings.Contains(out, "原数据库已保留") {
		t.Fatalf("restore: %v %s", err, out)
	}
	if out, err := runCLI(t, "", "audit", "verify", "--db", fresh); err != nil || !strings.Contains(out, "审计链完整") {
		t.Fatalf("verify the restored database: %v %s", err, out)
	}
	// A bare database copy (an older backup) still restores, checked against the checkpoints
	// given; without them only its chain is checked, and restore says so.
	bare := filepath.Join(dir, "bare", "juece.db")
	out, err = runCLI(t, "", "restore", "--from", filepath.Join(backup, store.BackupSetDB), "--db", bare)
	if err != nil || !strings.Contains(out, "已恢复") || !strings.Contains(out, "未找到检查点目录") {
		t.Fatalf("restore of a bare copy: %v %s", err, out)
	}
	if out, err := runCLI(t, "", "restore", "--from", filepath.Join(backup, store.BackupSetDB), "--db", filepath.Join(dir, "bare2", "juece.db"),
		"--checkpoints", store.CheckpointDir(backup)); err != nil || strings.Contains(out, "已核对 0 个检查点") {
		t.Fatalf("restore of a bare copy with checkpoints: %v %s", err, out)
	}
	rdb, err := store.Open(ctx, fresh)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(web.New(rdb, web.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}))
	for path, want := range map[string]string{"/healthz": "ok", "/public": "城市公共交通票价调整方案"} {
		res, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK || !strings.Contains(string(body), want) {
			t.Errorf("GET %s on the restored database: %d, want %q in it", path, res.StatusCode, want)
		}
	}
	srv.Close()
	rdb.Close()

	// Restored over the stopped server's database: the second checkpoint is past the backup.
	out, err = runCLI(t, "", "restore", "--from", backup, "--db", db)
	if err != nil || !strings.Contains(out, "已核对 1 个检查点") || !strings.Contains(out, "警告：1 个检查点") || !strings.Contains(out, "原数据库已保留为") {
		t.Fatalf("restore over the stopped database: %v %s", err, out)
	}
	if kept, _ := filepath.Glob(db + ".before-restore-*"); len(kept) != 1 {
		t.Fatalf("kept databases: %v", kept)
	}
	if _, err := runCLI(t, "", "backup", "--db", filepath.Join(dir, "none.db"), "--out", filepath.Join(dir, "x.db")); err == nil {
		t.Fatal("backup of a missing database succeeded")
	}
	if _, err := os.Stat(filepath.Join(dir, "x.db")); !os.IsNotExist(err) {
		t.Fatal("a failed backup left a file behind")
	}
	if _, err := runCLI(t, "", "restore", "--db", db); err == nil {
		t.Fatal("restore without --from accepted")
	}
}

// keepWriting writes comments and transitions into db until stopped, one transaction at a time,
// as a busy server would. waitWrites lets it commit n more transactions; stop stops it and
// fails the test if a write failed.
func keepWriting(t *testing.T, live *store.DB) (waitWrites func(n int64), stop func()) {
	t.Helper()
	ctx := context.Background()
	clerk, err := live.UserByName(ctx, "clerk")
	if err != nil {
		t.Fatal(err)
	}
	secretary, err := live.UserByName(ctx, "secretary")
	if err != nil {
		t.Fatal(err)
	}
	var running int64 // a decision in implementation: suspended and resumed in turn
	for id := int64(1); running == 0; id++ {
		d, err := live.Decision(ctx, id)
		if err != nil {
			t.Fatalf("no decision in implementation in the demo: %v", err)
		}
		if d.State == workflow.Implementation {
			running = d.ID
		}
	}
	quit, done := make(chan struct{}), make(chan struct{})
	var writes atomic.Int64
	var writeErr error
	go func() {
		defer close(done)
		for i := 0; ; i++ {
			select {
			case <-quit:
				return
			default:
			}
			writeErr = live.InTx(ctx, func(tx *store.Tx) error {
				d, err := tx.Decision(ctx, running)
				if err != nil {
					return err
				}
				switch {
				case i%2 == 0:
					_, err = tx.AddComment(ctx, clerk.Actor(), time.Now(), d, workflow.Comment{Body: "来信意见", Author: "市民", Source: "信函"})
				case d.State == workflow.Suspended:
					err = tx.SetStateForTest(ctx, secretary.Actor(), time.Now(), d, workflow.Resume, workflow.Implementation, "恢复执行")
				default:
					err = tx.SetStateForTest(ctx, secretary.Actor(), time.Now(), d, workflow.Suspend, workflow.Suspended, "紧急情况")
				}
				return err
			})
			if writeErr != nil {
				return
			}
			writes.Add(1)
		}
	}()
	waitWrites = func(n int64) {
		for until := writes.Load() + n; writes.Load() < until; {
			select {
			case <-done: // the writer failed
				return
			case <-time.After(time.Millisecond):
			}
		}
	}
	stop = func() {
		close(quit)
		<-done
		if writeErr != nil {
			t.Fatal(writeErr)
		}
	}
	return waitWrites, stop
}

// TestBackupSetUnderLoad: backups taken while writes go on and checkpoints are signed every
// few events each restore on a new machine and verify — the set holds the checkpoints its
// snapshot reaches and none signed after it.
func TestBackupSetUnderLoad(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := filepath.Join(dir, "data", "juece.db")
	if out, err := runCLI(t, "", "seed", "--demo", "--db", db); err != nil {
		t.Fatalf("seed: %v %s", err, out)
	}
	live, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := live.StartSigner(store.SignerConfig{DataDir: filepath.Dir(db), Every: 3, Interval: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	waitWrites, stopWrites := keepWriting(t, live)
	var backups []string
	for i := range 3 {
		waitWrites(20)
		b := filepath.Join(dir, "backups", fmt.Sprintf("b%d", i))
		if out, err := runCLI(t, "", "backup", "--db", db, "--out", b); err != nil {
			t.Fatalf("backup %d: %v %s", i, err, out)
		}
		backups = append(backups, b)
	}
	waitWrites(20)
	stopWrites()
	signer.Stop()
	if err := live.Close(); err != nil {
		t.Fatal(err)
	}
	liveCps, err := store.ReadCheckpoints(store.CheckpointDir(filepath.Dir(db)))
	if err != nil {
		t.Fatal(err)
	}
	for i, b := range backups {
		setCps, err := store.ReadCheckpoints(store.CheckpointDir(b))
		if err != nil || len(setCps) == 0 || len(setCps) >= len(liveCps) {
			t.Fatalf("backup %d holds %d checkpoints of %d signed by the end: %v", i, len(setCps), len(liveCps), err)
		}
		fresh := filepath.Join(dir, fmt.Sprintf("new%d", i), "juece.db")
		out, err := runCLI(t, "", "restore", "--from", b, "--db", fresh)
		if err != nil || !strings.Contains(out, fmt.Sprintf("已核对 %d 个检查点", len(setCps))) || !strings.Contains(out, "签名私钥") {
			t.Fatalf("restore %d: %v %s", i, err, out)
		}
		if out, err := runCLI(t, "", "audit", "verify", "--db", fresh); err != nil || !strings.Contains(out, "审计链完整") {
			t.Fatalf("verify restore %d: %v %s", i, err, out)
		}
	}
}
