package main

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"juece/store"
)

// demoRecord is a data folder with a full demo history, an attachment, signed checkpoints and
// a short unsigned tail, plus a witness's copy of the checkpoints; built once per test binary.
type demoRecord struct {
	dir     string // the data folder: juece.db, checkpoints/, keys/, files/
	witness string // a witness's folder, kept before the tail
	file    []byte // the attachment's bytes
}

func buildDemoRecord(t *testing.T) demoRecord {
	t.Helper()
	ctx := context.Background()
	root := t.TempDir()
	r := demoRecord{dir: filepath.Join(root, "data"), witness: filepath.Join(root, "witness"), file: []byte("%PDF-1.4\n征求意见稿\n%%EOF\n")}
	db := filepath.Join(r.dir, "juece.db")
	if out, err := runCLI(t, "", "seed", "--demo", "--db", db); err != nil {
		t.Fatalf("seed: %v %s", err, out)
	}
	s, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	sha, size, err := store.StoreFile(r.dir, bytes.NewReader(r.file), 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	clerk, err := s.UserByName(ctx, "clerk")
	if err != nil {
		t.Fatal(err)
	}
	err = s.InTx(ctx, func(tx *store.Tx) error {
		d, err := s.Decision(ctx, 10)
		if err != nil {
			return err
		}
		_, err = tx.AddAttachment(ctx, clerk.Actor(), time.Now(), d, store.Attachment{Kind: "revision", Label: "征求意见稿.pdf",
			SHA256: sha, Size: size, ContentType: "application/pdf"})
		return err
	})
	s.Close()
	if err != nil {
		t.Fatal(err)
	}
	if out, err := runCLI(t, "", "audit", "checkpoint", "--db", db); err != nil {
		t.Fatalf("checkpoint: %v %s", err, out)
	}
	copyDir(t, store.CheckpointDir(r.dir), r.witness)
	for _, name := range []string{"zhao", "qian"} { // the unsigned tail: three events
		if out, err := runCLI(t, "a-long-password\n", "user", "add", "--db", db, "--username", name, "--name", name,
			"--unit", "市交通运输局", "--role", "clerk"); err != nil {
			t.Fatalf("user add: %v %s", err, out)
		}
	}
	return r
}

// copyDir copies a folder tree.
func copyDir(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, e os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if e.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		info, _ := e.Info()
		return os.WriteFile(filepath.Join(to, rel), b, info.Mode().Perm())
	})
	if err != nil {
		t.Fatal(err)
	}
}

// tamper is a copy of the demo record being tampered with, as someone with the server's disk
// would: straight in the SQLite file and the folders.
type tamper struct {
	t   *testing.T
	dir string
	db  string
	raw *sql.DB
}

func (x *tamper) exec(stmts ...string) {
	x.t.Helper()
	for _, s := range stmts {
		if _, err := x.raw.Exec(s); err != nil {
			x.t.Fatalf("%s: %v", s, err)
		}
	}
}

func (x *tamper) int(query string, args ...any) int64 {
	x.t.Helper()
	var n int64
	if err := x.raw.QueryRow(query, args...).Scan(&n); err != nil {
		x.t.Fatalf("%s: %v", query, err)
	}
	return n
}

// writer is the last event whose rows wrote the row key of table.
func (x *tamper) writer(table string, key any) int64 {
	x.t.Helper()
	k := fmt.Sprint(key)
	if _, ok := key.(string); ok {
		k = fmt.Sprintf("%q", key)
	}
	return x.int(`SELECT max(seq) FROM events WHERE rows LIKE ?`, fmt.Sprintf(`%%"t":"%s","k":%s,%%`, table, k))
}

// inserter is the event whose rows inserted the row key of table.
func (x *tamper) inserter(table string, key int64) int64 {
	x.t.Helper()
	return x.int(`SELECT min(seq) FROM events WHERE rows LIKE ?`, fmt.Sprintf(`%%"t":"%s","k":%d,"op":"i"%%`, table, key))
}

// event reads event seq as stored.
func (x *tamper) event(seq int64) store.EventRow {
	x.t.Helper()
	var r store.EventRow
	err := x.raw.QueryRow(`SELECT seq, coalesce(decision_id, 0), coalesce(user_id, 0), user_name, role, coalesce(unit_id, 0),
		at, action, from_state, to_state, summary, changes, rows FROM events WHERE seq = ?`, seq).
		Scan(&r.Seq, &r.DecisionID, &r.UserID, &r.UserName, &r.Role, &r.UnitID, &r.At, &r.Action, &r.FromState, &r.ToState,
			&r.Summary, &r.Changes, &r.Rows)
	if err != nil {
		x.t.Fatal(err)
	}
	return r
}

// rehash recomputes every hash from event seq on, as a careful forger would.
func (x *tamper) rehash(from int64) {
	x.t.Helper()
	x.exec("DROP TRIGGER IF EXISTS events_no_update")
	prev := store.GenesisHash
	if from > 1 {
		var h string
		if err := x.raw.QueryRow("SELECT hash FROM events WHERE seq = ?", from-1).Scan(&h); err != nil {
			x.t.Fatal(err)
		}
		prev = h
	}
	head := x.int("SELECT max(seq) FROM events")
	for seq := from; seq <= head; seq++ {
		h, err := store.EventHash(prev, x.event(seq))
		if err != nil {
			x.t.Fatal(err)
		}
		if _, err := x.raw.Exec("UPDATE events SET prev_hash = ?, hash = ? WHERE seq = ?", prev, h, seq); err != nil {
			x.t.Fatal(err)
		}
		prev = h
	}
}

// appendEvent appends r after the head with a correct hash.
func (x *tamper) appendEvent(r store.EventRow) int64 {
	x.t.Helper()
	var seq int64
	var prev string
	if err := x.raw.QueryRow("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1").Scan(&seq, &prev); err != nil {
		x.t.Fatal(err)
	}
	r.Seq = seq + 1
	h, err := store.EventHash(prev, r)
	if err != nil {
		x.t.Fatal(err)
	}
	null := func(n int64) any {
		if n == 0 {
			return nil
		}
		return n
	}
	if _, err := x.raw.Exec(`INSERT INTO events (id, seq, prev_hash, hash, decision_id, user_id, user_name, role, unit_id, at,
		action, from_state, to_state, summary, changes, rows) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.Seq, r.Seq, prev, h, null(r.DecisionID), null(r.UserID), r.UserName, r.Role, null(r.UnitID), r.At, r.Action,
		r.FromState, r.ToState, r.Summary, r.Changes, r.Rows); err != nil {
		x.t.Fatal(err)
	}
	return r.Seq
}

// removeNotes deletes every checkpoint note.
func (x *tamper) removeNotes() {
	x.t.Helper()
	notes, _ := filepath.Glob(filepath.Join(store.CheckpointDir(x.dir), "*.note"))
	for _, n := range notes {
		if err := os.Remove(n); err != nil {
			x.t.Fatal(err)
		}
	}
}

// rewriteReview turns the first signed review's conclusion into "illegal" everywhere — the
// row, the event that recorded it — and rehashes the history from that event: a rewrite the
// chain and the records cannot see, only checkpoints kept elsewhere.
func (x *tamper) rewriteReview() int64 {
	x.t.Helper()
	seq := x.writer("legality_reviews", 1)
	e := x.event(seq)
	x.exec("DROP TRIGGER legality_reviews_no_update", "DROP TRIGGER IF EXISTS events_no_update",
		"UPDATE legality_reviews SET conclusion = 'illegal' WHERE id = 1")
	rows := strings.Replace(e.Rows, `"conclusion":"legal"`, `"conclusion":"illegal"`, 1)
	if rows == e.Rows {
		x.t.Fatal("the review's event does not hold its conclusion")
	}
	if _, err := x.raw.Exec("UPDATE events SET rows = ? WHERE seq = ?", rows, seq); err != nil {
		x.t.Fatal(err)
	}
	x.rehash(seq)
	return seq
}

// TestVerifyCatchesTampering performs, each on its own copy of a data folder with a full demo
// history, the tamperings an attacker with the server's disk can make, and checks that
// juece audit verify fails and names what was changed; the honest copy passes.
func TestVerifyCatchesTampering(t *testing.T) {
	rec := buildDemoRecord(t)
	cases := []struct {
		name   string
		tamper func(x *tamper) []string // does the tampering, returns what the verdict must name
		args   []string                 // more verify flags
	}{
		{"a signed review's text", func(x *tamper) []string {
			x.exec("DROP TRIGGER legality_reviews_no_update", "UPDATE legality_reviews SET substance = '未发现问题。' WHERE id = 1")
			return []string{"表 legality_reviews 第 1 行的 substance", fmt.Sprintf("第 %d 号事件", x.writer("legality_reviews", 1))}
		}, nil},
		{"a signed review's conclusion", func(x *tamper) []string {
			x.exec("DROP TRIGGER legality_reviews_no_update", "UPDATE legality_reviews SET conclusion = 'illegal' WHERE id = 2")
			return []string{"表 legality_reviews 第 2 行的 conclusion", "「illegal」", "「legal」", fmt.Sprintf("第 %d 号事件", x.writer("legality_reviews", 2))}
		}, nil},
		{"a comment's body", func(x *tamper) []string {
			x.exec("UPDATE comments SET body = '完全赞同' WHERE id = 3")
			return []string{"表 comments 第 3 行的 body", "「完全赞同」", fmt.Sprintf("第 %d 号事件", x.inserter("comments", 3))}
		}, nil},
		{"a comment's disposition", func(x *tamper) []string {
			x.exec("UPDATE comments SET disposition = 'adopted' WHERE id = 4")
			return []string{"表 comments 第 4 行的 disposition", "「adopted」", "「not_adopted」", fmt.Sprintf("第 %d 号事件", x.writer("comments", 4))}
		}, nil},
		{"a meeting opinion", func(x *tamper) []string {
			x.exec("DROP TRIGGER meeting_opinions_no_update", "UPDATE meeting_opinions SET stance = 'against', text = '同意。' WHERE id = 2")
			return []string{"表 meeting_opinions 第 2 行的 stance", "表 meeting_opinions 第 2 行的 text"}
		}, nil},
		{"a decision's title", func(x *tamper) []string {
			x.exec("UPDATE decisions SET title = '另一项决策' WHERE id = 1")
			return []string{"表 decisions 第 1 行的 title", "「另一项决策」"}
		}, nil},
		{"an attachment's label", func(x *tamper) []string {
			x.exec("DROP TRIGGER attachments_no_update", "UPDATE attachments SET label = '定稿.pdf' WHERE id = 1")
			return []string{"表 attachments 第 1 行的 label", "「征求意见稿.pdf」", fmt.Sprintf("第 %d 号事件", x.writer("attachments", 1))}
		}, nil},
		{"a decision's state set to published", func(x *tamper) []string {
			x.exec("UPDATE decisions SET state = 'published' WHERE id = 7")
			return []string{"表 decisions 第 7 行的 state", "「published」", "「legality_review」", fmt.Sprintf("第 %d 号事件", x.int(
				`SELECT max(seq) FROM events WHERE rows LIKE '%"t":"decisions","k":7,%' AND rows LIKE '%"state":%'`))}
		}, nil},
		{"a decision's version", func(x *tamper) []string {
			x.exec("UPDATE decisions SET version = version + 1 WHERE id = 2")
			return []string{"表 decisions 第 2 行的 version"}
		}, nil},
		{"a clerk promoted to admin", func(x *tamper) []string {
			x.exec("UPDATE users SET role = 'admin' WHERE username = 'clerk'")
			return []string{"表 users 第 2 行的 role", "「admin」", "「clerk」", fmt.Sprintf("第 %d 号事件", x.writer("users", 2))}
		}, nil},
		{"a holiday made a working day", func(x *tamper) []string {
			x.exec("UPDATE calendar_days SET kind = 'on' WHERE day = '2026-10-01'")
			return []string{"表 calendar_days 第 2026-10-01 行的 kind", "「off」"}
		}, nil},
		{"a decision's state changed while the server keeps writing", func(x *tamper) []string {
			// The recording triggers are still there and fire, but what they stage is no event's:
			// the server's next write must not take it into the history.
			ctx := context.Background()
			live, err := store.Open(ctx, x.db)
			if err != nil {
				x.t.Fatal(err)
			}
			defer live.Close()
			x.exec("UPDATE decisions SET state = 'published' WHERE id = 5")
			err = live.InTx(ctx, func(tx *store.Tx) error {
				_, err := tx.CreateUnit(ctx, cliActor, time.Now(), "市统计局", store.UnitUndertaking)
				return err
			})
			if err != nil {
				x.t.Fatal(err)
			}
			return []string{"表 decisions 第 5 行的 state", "「published」"}
		}, nil},
		{"a hearing participant removed", func(x *tamper) []string {
			x.exec("DELETE FROM hearing_participants WHERE id = 5")
			return []string{"表 hearing_participants 第 5 行：历史记载有此行", "库中却没有"}
		}, nil},
		{"a comment slipped in", func(x *tamper) []string {
			x.exec(`INSERT INTO comments (id, decision_id, ref, source, body, received_at) VALUES (900, 9, 'X-900', 'letter', '支持', 1)`)
			return []string{"表 comments 第 900 行：库中有此行，历史中没有任何事件写入它"}
		}, nil},
		{"an attachment's bytes changed at the same size", func(x *tamper) []string {
			changed := bytes.Clone(rec.file)
			changed[10] ^= 1
			sha := x.raw.QueryRow("SELECT sha256 FROM attachments WHERE id = 1")
			var s string
			if err := sha.Scan(&s); err != nil {
				x.t.Fatal(err)
			}
			if err := os.WriteFile(store.AttachmentPath(x.dir, s), changed, 0o644); err != nil {
				x.t.Fatal(err)
			}
			return []string{"附件 1（征求意见稿.pdf", "文件内容已被改动", s}
		}, nil},
		{"an attachment's file deleted", func(x *tamper) []string {
			var s string
			if err := x.raw.QueryRow("SELECT sha256 FROM attachments WHERE id = 1").Scan(&s); err != nil {
				x.t.Fatal(err)
			}
			if err := os.Remove(store.AttachmentPath(x.dir, s)); err != nil {
				x.t.Fatal(err)
			}
			return []string{"附件 1（征求意见稿.pdf", "文件不存在"}
		}, nil},
		{"an event's summary changed", func(x *tamper) []string {
			x.exec("DROP TRIGGER events_no_update", "UPDATE events SET summary = summary || '。' WHERE seq = 2")
			return []string{"第 2 号事件的哈希值与内容不符"}
		}, nil},
		{"an event deleted from the middle", func(x *tamper) []string {
			x.exec("DROP TRIGGER events_no_delete", "DELETE FROM events WHERE seq = 40")
			return []string{"序号 40 缺失"}
		}, nil},
		{"the signed tail cut off", func(x *tamper) []string {
			size := x.int("SELECT max(seq) FROM events") - 3 // the last checkpoint's
			x.exec("DROP TRIGGER events_no_delete", fmt.Sprintf("DELETE FROM events WHERE seq > %d", size-5))
			return []string{"链尾被截断", store.CheckpointFileName(size)}
		}, nil},
		{"the last events deleted (the unsigned tail)", func(x *tamper) []string {
			head := x.int("SELECT max(seq) FROM events")
			x.exec("DROP TRIGGER events_no_delete", fmt.Sprintf("DELETE FROM events WHERE seq > %d", head-3))
			return []string{"表 users 第 8 行：库中有此行，历史中没有任何事件写入它", "表 units 第"}
		}, nil},
		{"a forged sign_review appended", func(x *tamper) []string {
			e := x.event(x.writer("legality_reviews", 1))
			e.At = time.Now().UnixMilli()
			seq := x.appendEvent(e)
			return []string{"表 decisions 第 1 行的 updated_at", fmt.Sprintf("第 %d 号事件", seq)}
		}, nil},
		{"a bare forged event appended", func(x *tamper) []string {
			e := x.event(x.writer("legality_reviews", 1))
			e.Rows = ""
			seq := x.appendEvent(e)
			return []string{fmt.Sprintf("第 %d 号事件没有记载它写入的数据", seq)}
		}, nil},
		{"a checkpoint forged with another key", func(x *tamper) []string {
			notes, _ := filepath.Glob(filepath.Join(store.CheckpointDir(x.dir), "*.note"))
			b, _ := os.ReadFile(notes[len(notes)-1])
			b = bytes.Replace(b, []byte("— juece-audit "), []byte("— juece-audit AAAA"), 1)
			if err := os.WriteFile(notes[len(notes)-1], b, 0o644); err != nil {
				x.t.Fatal(err)
			}
			return []string{filepath.Base(notes[len(notes)-1]), "签名无效"}
		}, nil},
		{"the history rewritten and rehashed, the checkpoints deleted", func(x *tamper) []string {
			x.rewriteReview()
			x.removeNotes()
			return []string{"签名密钥", "存在，却没有任何检查点"}
		}, nil},
		{"the history rewritten and rehashed, re-signed with the key beside the database", func(x *tamper) []string {
			x.rewriteReview()
			x.removeNotes()
			x.raw.Close()
			if out, err := runCLI(x.t, "", "audit", "checkpoint", "--db", x.db); err != nil {
				x.t.Fatalf("re-sign: %v %s", err, out)
			}
			notes, _ := filepath.Glob(filepath.Join(rec.witness, "*.note"))
			return []string{"此前的历史被改写", filepath.Base(notes[0])}
		}, []string{"--witness", rec.witness}},
		{"every event and checkpoint deleted", func(x *tamper) []string {
			x.exec("DROP TRIGGER events_no_delete", "DELETE FROM events")
			x.removeNotes()
			return []string{"表 decisions 第 1 行：库中有此行，历史中没有任何事件写入它", "表 users 第 1 行"}
		}, nil},
	}

	honest := filepath.Join(t.TempDir(), "data")
	copyDir(t, rec.dir, honest)
	out, err := runCLI(t, "", "audit", "verify", "--db", filepath.Join(honest, "juece.db"), "--witness", rec.witness)
	if err != nil || !strings.Contains(out, "审计链完整") || !strings.Contains(out, "unsigned: 3 events since") ||
		!strings.Contains(out, "附件与记录一致：1 个文件") {
		t.Fatalf("the honest record: %v\n%s", err, out)
	}

	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "data")
			copyDir(t, rec.dir, dir)
			x := &tamper{t: t, dir: dir, db: filepath.Join(dir, "juece.db")}
			raw, err := sql.Open("sqlite", "file:"+x.db)
			if err != nil {
				t.Fatal(err)
			}
			x.raw = raw
			want := c.tamper(x)
			raw.Close()
			out, err := runCLI(t, "", append([]string{"audit", "verify", "--db", x.db}, c.args...)...)
			if err == nil {
				t.Fatalf("verify passed:\n%s", out)
			}
			got := out + err.Error()
			for _, w := range want {
				if !strings.Contains(got, w) {
					t.Errorf("the verdict does not name %q:\n%s", w, got)
				}
			}
		})
	}
}
