package store

import (
	"database/sql"
	"strings"
	"testing"
)

// verifyRecords fails the test unless the records agree with the history, or, when want is
// given, unless a problem names it.
func verifyRecords(t *testing.T, db *DB, want string) {
	t.Helper()
	r, err := db.VerifyRecords(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range r.Problems {
		got = append(got, p.String())
	}
	all := strings.Join(got, "\n")
	switch {
	case want == "" && r.Total != 0:
		t.Fatalf("%d rows differ from the history:\n%s", r.Total, all)
	case want != "" && !strings.Contains(all, want):
		t.Fatalf("want a problem naming %q, got %d:\n%s", want, r.Total, all)
	}
}

// TestRecordingFollowsSchema: a column added later (as a migration would) is recorded from the
// next start, rows written before it hold its default, and both verify.
func TestRecordingFollowsSchema(t *testing.T) {
	f := newDecisionFixture(t)
	// The fixture's own rows were inserted without events: a baseline as for an old database.
	reopen := func() {
		t.Helper()
		path := f.db.Path()
		if err := f.db.Close(); err != nil {
			t.Fatal(err)
		}
		db, err := Open(f.ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		f.db = db
		t.Cleanup(func() { db.Close() })
	}
	raw, err := sql.Open("sqlite", "file:"+f.db.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec("DELETE FROM record_baseline"); err != nil {
		t.Fatal(err)
	}
	reopen()
	verifyRecords(t, f.db, "")
	f.create("城市公共交通票价调整方案", f.unit)
	verifyRecords(t, f.db, "")

	if _, err := raw.Exec("ALTER TABLE units ADD COLUMN phone TEXT NOT NULL DEFAULT '12345'"); err != nil {
		t.Fatal(err)
	}
	reopen()
	err = f.db.InTx(f.ctx, func(tx *Tx) error {
		_, err := tx.CreateUnit(f.ctx, f.secretary, f.at(), "市交通运输局", UnitUndertaking)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	var rows string
	if err := raw.QueryRow("SELECT rows FROM events ORDER BY seq DESC LIMIT 1").Scan(&rows); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(rows, `"phone":"12345"`) {
		t.Fatalf("the new column is not recorded: %s", rows)
	}
	verifyRecords(t, f.db, "")

	// Changed behind the store's back, in an old row and in a new one.
	if _, err := raw.Exec("UPDATE units SET phone = '999' WHERE id = 1"); err != nil {
		t.Fatal(err)
	}
	verifyRecords(t, f.db, "表 units 第 1 行的 phone：库中为 「999」，历史记载为 「12345」")
}

// TestRecordingUnderMigrations: with the triggers dropped, as migrate does before each
// migration, a migration's writes stage nothing for the next event; ensureRecording makes them
// again, one set of three per recorded table.
func TestRecordingUnderMigrations(t *testing.T) {
	f := newDecisionFixture(t)
	triggers := func(q querier) int {
		t.Helper()
		var n int
		if err := q.QueryRowContext(f.ctx, "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name LIKE 'record_rows_%'").Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	tables, err := recordedTables(f.ctx, f.db.read)
	if err != nil {
		t.Fatal(err)
	}
	if got := triggers(f.db.read); got != 3*len(tables) {
		t.Fatalf("%d recording triggers for %d tables", got, len(tables))
	}
	err = f.db.InTx(f.ctx, func(tx *Tx) error {
		if err := tx.dropRecording(f.ctx); err != nil {
			return err
		}
		if _, err := tx.tx.ExecContext(f.ctx, "UPDATE units SET name = name || '（更名）' WHERE id = 1"); err != nil {
			return err
		}
		var pending int
		if err := tx.tx.QueryRowContext(f.ctx, "SELECT count(*) FROM record_rows_pending").Scan(&pending); err != nil {
			return err
		}
		if pending != 0 || triggers(tx.tx) != 0 {
			t.Errorf("without triggers: %d rows staged, %d triggers", pending, triggers(tx.tx))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.db.ensureRecording(f.ctx); err != nil {
		t.Fatal(err)
	}
	if got := triggers(f.db.read); got != 3*len(tables) {
		t.Fatalf("%d recording triggers after ensureRecording, want %d", got, 3*len(tables))
	}
}
