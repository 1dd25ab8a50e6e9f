package main

import (
	"context"
	"database/sql"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"juece/store"
	"juece/web"
)

// TestWitness: a witness keeps two checkpoints the server publishes; the history is then
// rewritten and re-signed with the server's own key. The witness refuses the new checkpoint,
// and juece audit verify --witness fails on the database, though its own checkpoints agree.
func TestWitness(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := filepath.Join(dir, "data", "juece.db")
	witness := filepath.Join(dir, "witness")
	if out, err := runCLI(t, "", "seed", "--demo", "--db", db); err != nil {
		t.Fatalf("seed: %v %s", err, out)
	}
	s, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(web.New(s, web.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}))
	defer srv.Close()
	defer s.Close()
	from := srv.URL + "/public/checkpoint"
	witnessOnce := func() (string, error) {
		t.Helper()
		return runCLI(t, "", "audit", "witness", "--from", from, "--dir", witness)
	}
	if out, err := witnessOnce(); err != nil || !strings.Contains(out, "首次见证") {
		t.Fatalf("first witness: %v %s", err, out)
	}
	// The portal's footer links it.
	res, err := http.Get(srv.URL + "/public")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if !strings.Contains(string(page), `href="/public/checkpoint"`) {
		t.Error("the portal does not link the checkpoint")
	}
	// More history, signed twice, the witness away for the first: it follows the prev lines.
	for _, name := range []string{"zhao", "qian"} {
		if out, err := runCLI(t, "a-long-password\n", "user", "add", "--db", db, "--username", name, "--name", name,
			"--unit", "市交通运输局", "--role", "clerk"); err != nil {
			t.Fatalf("user add: %v %s", err, out)
		}
		if out, err := runCLI(t, "", "audit", "checkpoint", "--db", db); err != nil {
			t.Fatalf("checkpoint: %v %s", err, out)
		}
	}
	out, err := witnessOnce()
	if err != nil || !strings.Contains(out, "已保存 2 个检查点") {
		t.Fatalf("second witness: %v %s", err, out)
	}
	kept, err := store.ReadCheckpoints(witness)
	if err != nil || len(kept) != 3 {
		t.Fatalf("kept %d checkpoints: %v", len(kept), err)
	}
	if out, err := runCLI(t, "", "audit", "verify", "--db", db, "--witness", witness); err != nil || !strings.Contains(out, "延续全部 3 个见证检查点") {
		t.Fatalf("verify with the witness: %v %s", err, out)
	}

	// The rewrite: the first review's conclusion, in its row and its event, every later hash
	// recomputed, every checkpoint removed and the head re-signed with the key beside the database.
	raw, err := sql.Open("sqlite", "file:"+db)
	if err != nil {
		t.Fatal(err)
	}
	x := &tamper{t: t, dir: filepath.Dir(db), db: db, raw: raw}
	x.rewriteReview()
	x.removeNotes()
	raw.Close()
	if out, err := runCLI(t, "", "audit", "checkpoint", "--db", db); err != nil {
		t.Fatalf("re-sign: %v %s", err, out)
	}
	if out, err := runCLI(t, "", "audit", "verify", "--db", db); err != nil {
		t.Fatalf("without witnesses the rewrite is not seen (the checkpoints agree with it): %v %s", err, out)
	}
	if out, err := witnessOnce(); err == nil || !strings.Contains(err.Error(), "拒绝") {
		t.Fatalf("the witness accepted the rewritten history's checkpoint: %v %s", err, out)
	}
	// A newer checkpoint of the rewritten history names the rewritten one before it.
	if out, err := runCLI(t, "a-long-password\n", "user", "add", "--db", db, "--username", "sun", "--name", "sun",
		"--unit", "市交通运输局", "--role", "clerk"); err != nil {
		t.Fatalf("user add: %v %s", err, out)
	}
	if out, err := runCLI(t, "", "audit", "checkpoint", "--db", db); err != nil {
		t.Fatalf("checkpoint: %v %s", err, out)
	}
	if out, err := witnessOnce(); err == nil || !strings.Contains(err.Error(), "不延续已保存的") {
		t.Fatalf("the witness accepted a checkpoint that does not extend its own: %v %s", err, out)
	}
	if after, _ := store.ReadCheckpoints(witness); len(after) != len(kept) {
		t.Fatalf("the witness kept %d checkpoints after refusing, had %d", len(after), len(kept))
	}
	out, err = runCLI(t, "", "audit", "verify", "--db", db, "--witness", witness)
	if err == nil || !strings.Contains(out, "此前的历史被改写") || !strings.Contains(out, store.CheckpointFileName(kept[0].Size)) {
		t.Fatalf("verify with the witness after the rewrite: %v %s", err, out)
	}
}
