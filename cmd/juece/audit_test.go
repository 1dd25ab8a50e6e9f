package main

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"juece/store"
)

func TestAuditCommands(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "juece.db")
	if _, err := runCLI(t, "", "seed", "--demo", "--db", db); err != nil {
		t.Fatal(err)
	}

	// The seeder's writes count towards checkpoints like the server's: its hundreds of events
	// left one behind.
	out, err := runCLI(t, "", "audit", "verify", "--db", db)
	if err != nil || !strings.Contains(out, "审计链完整") || strings.Contains(out, "已核对 0 个检查点") {
		t.Fatalf("verify after seeding: %v\n%s", err, out)
	}
	out, err = runCLI(t, "", "audit", "checkpoint", "--db", db)
	if err != nil || !strings.Contains(out, "000000") {
		t.Fatalf("checkpoint: %v\n%s", err, out)
	}
	s, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	head, err := s.Head(context.Background())
	s.Close()
	if err != nil || head.Seq == 0 {
		t.Fatalf("head %+v, %v", head, err)
	}
	out, err = runCLI(t, "", "audit", "verify", "--db", db)
	if err != nil || !strings.Contains(out, head.Hash) || strings.Contains(out, "已核对 0 个检查点") {
		t.Fatalf("verify: %v\n%s", err, out)
	}
	pub := filepath.Join(dir, "checkpoints", "checkpoint.pub")
	if out, err := runCLI(t, "", "audit", "verify", "--db", db, "--checkpoints", filepath.Join(dir, "checkpoints"), "--pub", pub); err != nil {
		t.Fatalf("verify with the key given: %v\n%s", err, out)
	}

	// A changed event is named.
	raw, err := sql.Open("sqlite", "file:"+db)
	if err != nil {
		t.Fatal(err)
	}
	for _, stmt := range []string{"DROP TRIGGER events_no_update", "UPDATE events SET summary = summary || '。' WHERE seq = 2"} {
		if _, err := raw.Exec(stmt); err != nil {
			t.Fatal(err)
		}
	}
	raw.Close()
	out, err = runCLI(t, "", "audit", "verify", "--db", db)
	if err == nil || !strings.Contains(err.Error(), "第 2 号事件") || strings.Contains(out, "审计链完整") {
		t.Fatalf("verify of a tampered history: %v\n%s", err, out)
	}
	if _, err := runCLI(t, "", "audit", "checkpoint", "--db", db); err == nil {
		t.Fatal("checkpoint over a tampered history")
	}

	// A missing database is not an empty, intact one; a bad checkpoint is refused.
	if _, err := runCLI(t, "", "audit", "verify", "--db", filepath.Join(dir, "none.db")); err == nil {
		t.Fatal("verify of a missing database passed")
	}
	if err := os.WriteFile(filepath.Join(dir, "checkpoints", "000000000001.note"), []byte("juece audit checkpoint\n1\nAAAA\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := runCLI(t, "", "audit", "verify", "--db", db); err == nil || !strings.Contains(err.Error(), "000000000001.note") {
		t.Fatalf("a bad checkpoint: %v", err)
	}
	if _, err := runCLI(t, "", "audit", "bogus"); err == nil {
		t.Fatal("unknown audit command accepted")
	}
}
