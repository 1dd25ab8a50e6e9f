package store

import (
	"bytes"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/mod/sumdb/note"

	"juece/workflow"
)

// chainFixture is a closed database file with a history of about thirty events written by the
// store's own methods, and two signed checkpoints of it: one midway, one at the head.
type chainFixture struct {
	dbPath  string
	dataDir string
	events  int64
	cps     []Checkpoint
}

// midCheckpoint is the size of the fixture's first checkpoint.
const midCheckpoint = 15

func newChainFixture(t *testing.T) chainFixture {
	t.Helper()
	f := newDecisionFixture(t)
	dataDir := filepath.Dir(f.db.Path())
	err := f.db.InTx(f.ctx, func(tx *Tx) error {
		unit, err := tx.CreateUnit(f.ctx, f.secretary, f.at(), "市审计局", UnitAudit)
		if err != nil {
			return err
		}
		_, err = tx.CreateUser(f.ctx, f.secretary, f.at(), User{Username: "auditor", DisplayName: "赵审计",
			UnitID: unit, Role: workflow.RoleAuditor, PasswordHash: "x"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	id := f.create("关于调整城市公共交通票价的决策", f.unit)
	for _, w := range everyWrite(f) {
		if err := f.write(id, w.write); err != nil {
			t.Fatalf("%s: %v", w.action, err)
		}
		if h := mustHead(t, f.db); h.Seq == midCheckpoint {
			if _, err := f.db.WriteCheckpoint(f.ctx, dataDir); err != nil {
				t.Fatal(err)
			}
		}
	}
	head := mustHead(t, f.db)
	if head.Seq < 30 {
		t.Fatalf("fixture has %d events, want about 30", head.Seq)
	}
	cp, err := f.db.WriteCheckpoint(f.ctx, dataDir)
	if err != nil {
		t.Fatal(err)
	}
	if cp.Size != head.Seq || cp.Hash != head.Hash {
		t.Fatalf("checkpoint %+v, head %+v", cp, head)
	}
	cps, err := ReadCheckpoints(CheckpointDir(dataDir))
	if err != nil {
		t.Fatal(err)
	}
	if len(cps) != 2 || cps[0].Size != midCheckpoint || cps[1] != cp {
		t.Fatalf("checkpoints %+v", cps)
	}
	if err := f.db.Close(); err != nil { // folds the WAL into the file, so the file can be copied
		t.Fatal(err)
	}
	return chainFixture{dbPath: f.db.Path(), dataDir: dataDir, events: head.Seq, cps: cps}
}

func mustHead(t *testing.T, db *DB) ChainHead {
	t.Helper()
	h, err := db.Head(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// tampered copies the fixture's database, changes it with raw SQL after dropping the
// append-only triggers, and opens the result with the store.
func (cf chainFixture) tampered(t *testing.T, tamper func(raw *sql.DB)) *DB {
	t.Helper()
	path := filepath.Join(t.TempDir(), "juece.db")
	copyFile(t, cf.dbPath, path)
	raw, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	for _, stmt := range []string{"DROP TRIGGER events_no_update", "DROP TRIGGER events_no_delete"} {
		if _, err := raw.Exec(stmt); err != nil {
			t.Fatal(err)
		}
	}
	tamper(raw)
	if err := raw.Close(); err != nil {
		t.Fatal(err)
	}
	db, err := Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	in, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}

func mustExec(t *testing.T, raw *sql.DB, query string, args ...any) {
	t.Helper()
	if _, err := raw.Exec(query, args...); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}

// wantChainError checks that err is a *ChainError at seq.
func wantChainError(t *testing.T, err error, seq int64) {
	t.Helper()
	var ce *ChainError
	if !errors.As(err, &ce) {
		t.Fatalf("error %v, want a ChainError at %d", err, seq)
	}
	if ce.Seq != seq {
		t.Fatalf("ChainError at %d (%s), want %d", ce.Seq, ce.Reason, seq)
	}
	t.Log(ce)
	if !strings.Contains(ce.Reason, fmt.Sprint(seq)) || !strings.HasPrefix(ce.Error(), "审计链校验失败：") {
		t.Errorf("reason %q does not name %d", ce.Reason, seq)
	}
}

// rawRow reads an event as stored.
func rawRow(t *testing.T, raw *sql.DB, seq int64) (r EventRow, prevHash, hash string) {
	t.Helper()
	err := raw.QueryRow(`SELECT seq, prev_hash, hash, coalesce(decision_id, 0), coalesce(user_id, 0), user_name, role,
		coalesce(unit_id, 0), at, action, from_state, to_state, summary, changes, rows FROM events WHERE seq = ?`, seq).
		Scan(&r.Seq, &prevHash, &hash, &r.DecisionID, &r.UserID, &r.UserName, &r.Role, &r.UnitID, &r.At, &r.Action,
			&r.FromState, &r.ToState, &r.Summary, &r.Changes, &r.Rows)
	if err != nil {
		t.Fatal(err)
	}
	return r, prevHash, hash
}

func TestChainIntact(t *testing.T) {
	cf := newChainFixture(t)
	db := cf.tampered(t, func(*sql.DB) {}) // a plain copy
	want := mustHead(t, db)
	if want.Seq != cf.events || want.Hash == GenesisHash || len(want.Hash) != 64 {
		t.Fatalf("head %+v", want)
	}
	for _, cps := range [][]Checkpoint{nil, cf.cps} {
		head, err := db.VerifyChain(t.Context(), cps)
		if err != nil || head != want {
			t.Fatalf("with %d checkpoints: %+v, %v; want %+v", len(cps), head, err, want)
		}
	}
	// Every event's stored hash is its content's, linked to the one before.
	raw, err := sql.Open("sqlite", "file:"+db.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	prev := GenesisHash
	for seq := int64(1); seq <= cf.events; seq++ {
		r, prevHash, hash := rawRow(t, raw, seq)
		got, err := EventHash(prev, r)
		if err != nil || prevHash != prev || got != hash {
			t.Fatalf("event %d: prev %s hash %s, recomputed %s (%v)", seq, prevHash, hash, got, err)
		}
		prev = hash
	}
	// History shows the chain hash; ids are seqs.
	evs, err := db.History(t.Context(), 1)
	if err != nil || len(evs) == 0 {
		t.Fatal(len(evs), err)
	}
	if _, _, hash := rawRow(t, raw, evs[0].ID); evs[0].Hash != hash {
		t.Errorf("History hash %q, stored %q", evs[0].Hash, hash)
	}
}

func TestChainEmpty(t *testing.T) {
	db, err := Open(t.Context(), filepath.Join(t.TempDir(), "juece.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	head, err := db.VerifyChain(t.Context(), nil)
	if err != nil || head != (ChainHead{Seq: 0, Hash: GenesisHash}) {
		t.Fatalf("%+v, %v", head, err)
	}
	if _, err := db.WriteCheckpoint(t.Context(), filepath.Dir(db.Path())); !errors.Is(err, ErrNoEvents) {
		t.Fatalf("checkpoint of an empty history: %v", err)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(db.Path()), "keys")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("keys made for an empty history: %v", err)
	}
	// A checkpoint of a history that is now gone: everything was deleted.
	_, err = db.VerifyChain(t.Context(), []Checkpoint{{Size: 3, Hash: GenesisHash, File: "x.note"}})
	wantChainError(t, err, 1)
}

func TestChainTampering(t *testing.T) {
	cf := newChainFixture(t)
	mid, last := int64(10), cf.events
	for _, tc := range []struct {
		name    string
		tamper  func(t *testing.T, raw *sql.DB)
		alone   int64 // the seq the chain check alone fails at; 0: it passes
		withCPs int64 // the seq the check with the checkpoints fails at
	}{
		{"flipped byte", func(t *testing.T, raw *sql.DB) {
			r, _, _ := rawRow(t, raw, mid)
			b := []byte(r.Summary)
			b[0] ^= 0x01 // the lead byte of a Chinese character: still valid UTF-8, another character
			mustExec(t, raw, "UPDATE events SET summary = ? WHERE seq = ?", string(b), mid)
		}, mid, mid},
		{"flipped byte, invalid UTF-8", func(t *testing.T, raw *sql.DB) {
			r, _, _ := rawRow(t, raw, mid)
			b := []byte(r.Summary)
			b[len(b)-1] ^= 0x80
			mustExec(t, raw, "UPDATE events SET summary = ? WHERE seq = ?", string(b), mid)
		}, mid, mid},
		{"changed time", func(t *testing.T, raw *sql.DB) {
			mustExec(t, raw, "UPDATE events SET at = at + 1 WHERE seq = ?", mid)
		}, mid, mid},
		{"deleted row", func(t *testing.T, raw *sql.DB) {
			mustExec(t, raw, "DELETE FROM events WHERE seq = ?", mid)
		}, mid, mid},
		{"deleted first row", func(t *testing.T, raw *sql.DB) {
			mustExec(t, raw, "DELETE FROM events WHERE seq = 1")
		}, 1, 1},
		{"renumbered after a deleted row", func(t *testing.T, raw *sql.DB) {
			mustExec(t, raw, "DELETE FROM events WHERE seq = ?", mid)
			for seq := mid + 1; seq <= last; seq++ {
				mustExec(t, raw, "UPDATE events SET id = ?, seq = ? WHERE seq = ?", seq-1, seq-1, seq)
			}
		}, mid, mid},
		{"swapped rows", func(t *testing.T, raw *sql.DB) {
			// Everything but id and seq changes places between events mid and mid+5.
			cols := "prev_hash, hash, decision_id, user_id, user_name, role, unit_id, at, action, from_state, to_state, summary, changes"
			read := func(seq int64) []any {
				vals := make([]any, 13)
				ptrs := make([]any, len(vals))
				for i := range vals {
					ptrs[i] = &vals[i]
				}
				if err := raw.QueryRow("SELECT "+cols+" FROM events WHERE seq = ?", seq).Scan(ptrs...); err != nil {
					t.Fatal(err)
				}
				return vals
			}
			a, b := read(mid), read(mid+5)
			set := "UPDATE events SET " + strings.ReplaceAll(cols, ",", " = ?,") + " = ? WHERE seq = ?"
			mustExec(t, raw, set, append(b, mid)...)
			mustExec(t, raw, set, append(a, mid+5)...)
		}, mid, mid},
		{"truncated tail", func(t *testing.T, raw *sql.DB) {
			mustExec(t, raw, "DELETE FROM events WHERE seq > ?", last-5)
		}, 0, last - 4},
		{"full rewrite", func(t *testing.T, raw *sql.DB) {
			// Event 3 says something else, and every hash from there on is recomputed.
			mustExec(t, raw, "UPDATE events SET summary = '登记决策建议：另一份决策' WHERE seq = 3")
			_, prev, _ := rawRow(t, raw, 3)
			for seq := int64(3); seq <= last; seq++ {
				r, _, _ := rawRow(t, raw, seq)
				hash, err := EventHash(prev, r)
				if err != nil {
					t.Fatal(err)
				}
				mustExec(t, raw, "UPDATE events SET prev_hash = ?, hash = ? WHERE seq = ?", prev, hash, seq)
				prev = hash
			}
		}, 0, midCheckpoint},
		{"rewrite after the last checkpoint but one", func(t *testing.T, raw *sql.DB) {
			mustExec(t, raw, "UPDATE events SET summary = 'x' WHERE seq = ?", midCheckpoint+2)
			_, prev, _ := rawRow(t, raw, midCheckpoint+2)
			for seq := int64(midCheckpoint + 2); seq <= last; seq++ {
				r, _, _ := rawRow(t, raw, seq)
				hash, err := EventHash(prev, r)
				if err != nil {
					t.Fatal(err)
				}
				mustExec(t, raw, "UPDATE events SET prev_hash = ?, hash = ? WHERE seq = ?", prev, hash, seq)
				prev = hash
			}
		}, 0, last},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := cf.tampered(t, func(raw *sql.DB) { tc.tamper(t, raw) })
			head, err := db.VerifyChain(t.Context(), nil)
			if tc.alone == 0 {
				if err != nil {
					t.Fatalf("chain alone: %v", err)
				}
				if head.Seq == 0 || head != mustHead(t, db) {
					t.Fatalf("chain alone: head %+v", head)
				}
			} else {
				wantChainError(t, err, tc.alone)
			}
			_, err = db.VerifyChain(t.Context(), cf.cps)
			wantChainError(t, err, tc.withCPs)
			// Nor does a checkpoint get signed over the damage.
			if tc.withCPs > midCheckpoint {
				dataDir := t.TempDir()
				copyDir(t, CheckpointDir(cf.dataDir), CheckpointDir(dataDir))
				copyDir(t, filepath.Join(cf.dataDir, "keys"), filepath.Join(dataDir, "keys"))
				if _, err := db.WriteCheckpoint(t.Context(), dataDir); err == nil {
					t.Fatal("a checkpoint was signed over a tampered history")
				}
			}
		})
	}
}

func copyDir(t *testing.T, from, to string) {
	t.Helper()
	if err := os.CopyFS(to, os.DirFS(from)); err != nil {
		t.Fatal(err)
	}
}

func TestCheckpointSignatures(t *testing.T) {
	cf := newChainFixture(t)
	dir := CheckpointDir(cf.dataDir)
	last := cf.cps[len(cf.cps)-1]

	// The signer key is private; the verifier key sits with the notes.
	if info, err := os.Stat(filepath.Join(cf.dataDir, "keys", "checkpoint.key")); err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("signer key: %v %v", info, err)
	}
	pub, err := os.ReadFile(filepath.Join(dir, "checkpoint.pub"))
	if err != nil {
		t.Fatal(err)
	}
	if cps, err := ReadCheckpointsWithKey(dir, strings.TrimSpace(string(pub))); err != nil || !slices.Equal(cps, cf.cps) {
		t.Fatalf("with the key given: %+v, %v", cps, err)
	}
	msg, err := os.ReadFile(last.File)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(msg, []byte(fmt.Sprintf("juece audit checkpoint\n%d\n", last.Size))) {
		t.Fatalf("note:\n%s", msg)
	}

	// refused copies the checkpoints folder, spoils it and expects ReadCheckpoints to refuse,
	// naming the file.
	refused := func(name string, spoil func(dir string), file string) {
		t.Helper()
		bad := filepath.Join(t.TempDir(), "checkpoints")
		copyDir(t, dir, bad)
		spoil(bad)
		_, err := ReadCheckpoints(bad)
		var ce *CheckpointError
		if !errors.As(err, &ce) || filepath.Base(ce.File) != file || !strings.Contains(err.Error(), file) {
			t.Errorf("%s: %v, want a CheckpointError naming %s", name, err, file)
		}
	}
	base := filepath.Base(last.File)
	refused("changed hash", func(bad string) {
		other := base64.StdEncoding.EncodeToString(make([]byte, 32))
		hash, _ := hex.DecodeString(last.Hash)
		spoilt := bytes.Replace(msg, []byte(base64.StdEncoding.EncodeToString(hash)), []byte(other), 1)
		if err := os.WriteFile(filepath.Join(bad, base), spoilt, 0o644); err != nil {
			t.Fatal(err)
		}
	}, base)
	refused("flipped signature byte", func(bad string) {
		spoilt := bytes.Clone(msg)
		i := bytes.LastIndex(spoilt, []byte("\n— "))
		sig := spoilt[i+len("\n— "):]
		j := bytes.IndexByte(sig, ' ')
		b, err := base64.StdEncoding.DecodeString(string(bytes.TrimSpace(sig[j+1:])))
		if err != nil {
			t.Fatal(err)
		}
		b[len(b)-1] ^= 1
		spoilt = append(spoilt[:i+len("\n— ")+j+1], []byte(base64.StdEncoding.EncodeToString(b)+"\n")...)
		if err := os.WriteFile(filepath.Join(bad, base), spoilt, 0o644); err != nil {
			t.Fatal(err)
		}
	}, base)
	refused("signed by another key", func(bad string) {
		skey, _, err := note.GenerateKey(rand.Reader, CheckpointKeyName)
		if err != nil {
			t.Fatal(err)
		}
		signer, err := note.NewSigner(skey)
		if err != nil {
			t.Fatal(err)
		}
		text, err := checkpointText(Checkpoint{Size: last.Size, Hash: last.Hash})
		if err != nil {
			t.Fatal(err)
		}
		forged, err := note.Sign(&note.Note{Text: text}, signer)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(bad, base), forged, 0o644); err != nil {
			t.Fatal(err)
		}
	}, base)
	refused("renamed", func(bad string) {
		if err := os.Rename(filepath.Join(bad, base), filepath.Join(bad, checkpointFileName(last.Size+1))); err != nil {
			t.Fatal(err)
		}
	}, checkpointFileName(last.Size+1))
	refused("no verifier key", func(bad string) {
		if err := os.Remove(filepath.Join(bad, "checkpoint.pub")); err != nil {
			t.Fatal(err)
		}
	}, "checkpoint.pub")

	// An empty or missing folder holds no checkpoints.
	if cps, err := ReadCheckpoints(filepath.Join(t.TempDir(), "none")); err != nil || len(cps) != 0 {
		t.Fatalf("missing folder: %v %v", cps, err)
	}
}

func TestWriteCheckpoint(t *testing.T) {
	f := newDecisionFixture(t)
	dataDir := filepath.Dir(f.db.Path())
	dir := CheckpointDir(dataDir)
	units := func(n int) {
		t.Helper()
		err := f.db.InTx(f.ctx, func(tx *Tx) error {
			for range n {
				if _, err := tx.CreateUnit(f.ctx, f.secretary, f.at(), fmt.Sprintf("单位%d", f.now.Unix()), UnitUndertaking); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	notes := func() []string {
		t.Helper()
		names, err := checkpointNames(dir)
		if err != nil {
			t.Fatal(err)
		}
		return names
	}

	units(CheckpointEvery - 1)
	if err := f.db.MaybeCheckpoint(f.ctx, dataDir); err != nil || len(notes()) != 0 {
		t.Fatalf("%d events: %v, checkpoints %v", CheckpointEvery-1, err, notes())
	}
	units(1)
	// Several requests finish at once: one checkpoint, not one each.
	errs := make(chan error, 4)
	for range cap(errs) {
		go func() { errs <- f.db.MaybeCheckpoint(f.ctx, dataDir) }()
	}
	for range cap(errs) {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	if !slices.Equal(notes(), []string{checkpointFileName(CheckpointEvery)}) {
		t.Fatalf("%d events: checkpoints %v", CheckpointEvery, notes())
	}
	units(3)
	if err := f.db.MaybeCheckpoint(f.ctx, dataDir); err != nil || len(notes()) != 1 {
		t.Fatalf("3 more events: %v, checkpoints %v", err, notes())
	}

	// On demand: signs the head; again at the same head, it writes nothing.
	cp, err := f.db.WriteCheckpoint(f.ctx, dataDir)
	if err != nil || cp.Size != CheckpointEvery+3 || cp.Hash != mustHead(t, f.db).Hash {
		t.Fatalf("%+v, %v", cp, err)
	}
	again, err := f.db.WriteCheckpoint(f.ctx, dataDir)
	if err != nil || again != cp || len(notes()) != 2 {
		t.Fatalf("again: %+v, %v, %v", again, err, notes())
	}
	// The next is due CheckpointEvery events after the latest, not at a multiple of it.
	units(CheckpointEvery - 1)
	if err := f.db.MaybeCheckpoint(f.ctx, dataDir); err != nil || len(notes()) != 2 {
		t.Fatalf("%v, %v", err, notes())
	}
	units(1)
	if err := f.db.MaybeCheckpoint(f.ctx, dataDir); err != nil || len(notes()) != 3 {
		t.Fatalf("%v, %v", err, notes())
	}
	cps, err := ReadCheckpoints(dir)
	if err != nil {
		t.Fatal(err)
	}
	head, err := f.db.VerifyChain(f.ctx, cps)
	if err != nil || head.Seq != 2*CheckpointEvery+3 || len(cps) != 3 {
		t.Fatalf("%+v, %v, %d checkpoints", head, err, len(cps))
	}

	// A lost signer key is not silently replaced: the old checkpoints could not be told from
	// forgeries any more.
	if err := os.Remove(filepath.Join(dataDir, "keys", "checkpoint.key")); err != nil {
		t.Fatal(err)
	}
	units(1)
	if _, err := f.db.WriteCheckpoint(f.ctx, dataDir); err == nil {
		t.Fatal("signed with a new key beside the old checkpoints")
	}
}

func TestAddEventValidUTF8(t *testing.T) {
	f := newDecisionFixture(t)
	err := f.db.InTx(f.ctx, func(tx *Tx) error {
		_, err := tx.CreateUnit(f.ctx, f.secretary, f.at(), "坏\xff字节\x00单位", UnitUndertaking)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.VerifyChain(f.ctx, nil); err != nil {
		t.Fatal(err)
	}
}

func TestCanonicalEvent(t *testing.T) {
	r := EventRow{Seq: 7, DecisionID: 2, UserID: 3, UserName: "张\"经办\"", Role: "clerk", UnitID: 0,
		At: 1772413260000, Action: "add_comment", FromState: "", ToState: "consultation",
		Summary: "登记\\意见\n\t\x01<&>\u2028", Changes: `[{"field":"意见","before":"","after":"同意"}]`}
	got, err := CanonicalEvent(r)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"action":"add_comment","at":1772413260000,"changes":"[{\"field\":\"意见\",\"before\":\"\",\"after\":\"同意\"}]",` +
		`"decision_id":2,"from_state":"","role":"clerk","seq":7,"summary":"登记\\意见\n\t\u0001<&>` + "\u2028" + `",` +
		`"to_state":"consultation","unit_id":0,"user_id":3,"user_name":"张\"经办\""}`
	if string(got) != want {
		t.Fatalf("canonical\n%s\nwant\n%s", got, want)
	}
	// Valid JSON whose keys come in byte order, decoding back to the row.
	dec := json.NewDecoder(bytes.NewReader(got))
	dec.UseNumber()
	var keys []string
	if _, err := dec.Token(); err != nil {
		t.Fatal(err)
	}
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, k.(string))
		if _, err := dec.Token(); err != nil {
			t.Fatal(err)
		}
	}
	if !slices.IsSorted(keys) || len(keys) != 12 {
		t.Errorf("keys %v", keys)
	}
	var back map[string]any
	if err := json.Unmarshal(got, &back); err != nil || back["summary"] != r.Summary || back["changes"] != r.Changes {
		t.Errorf("decoded %v, %v", back, err)
	}
	// The hash is fixed for a fixed row: a change of encoding is a change of format.
	hash, err := EventHash(GenesisHash, r)
	if err != nil {
		t.Fatal(err)
	}
	if hash != goldenEventHash {
		t.Errorf("EventHash = %s, want %s", hash, goldenEventHash)
	}
	// Every field counts.
	for i, change := range []func(*EventRow){
		func(r *EventRow) { r.Seq++ }, func(r *EventRow) { r.DecisionID++ }, func(r *EventRow) { r.UserID++ },
		func(r *EventRow) { r.UserName += " " }, func(r *EventRow) { r.Role += " " }, func(r *EventRow) { r.UnitID++ },
		func(r *EventRow) { r.At++ }, func(r *EventRow) { r.Action += " " }, func(r *EventRow) { r.FromState += " " },
		func(r *EventRow) { r.ToState += " " }, func(r *EventRow) { r.Summary += " " }, func(r *EventRow) { r.Changes += " " },
	} {
		r2 := r
		change(&r2)
		if h, err := EventHash(GenesisHash, r2); err != nil || h == hash {
			t.Errorf("change %d: hash %s, %v", i, h, err)
		}
	}
	if h, err := EventHash(hash, r); err != nil || h == hash {
		t.Errorf("another prev_hash: %s, %v", h, err)
	}
	r.Summary = "\xff"
	if _, err := CanonicalEvent(r); err == nil {
		t.Error("invalid UTF-8 has a canonical form")
	}
	if _, err := EventHash("zz", EventRow{}); err == nil {
		t.Error("a malformed prev_hash was accepted")
	}
}

// goldenEventHash is EventHash(GenesisHash, r) for TestCanonicalEvent's row.
const goldenEventHash = "8afc7a8e355ee36c6f69e5f54aae24a272c02d0401e88da42b8ad742badeb711"
