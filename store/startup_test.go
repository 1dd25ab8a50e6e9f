package store

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCheckPagesStopsWrites: damage in a page no start-up read touches is found by CheckPages
// after the start, and from then on every write is refused while reading goes on.
func TestCheckPagesStopsWrites(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "juece.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	// A table of its own at the end of the file, so that the damaged page is one that opening
	// the database does not read.
	if _, err := db.write.ExecContext(ctx, `CREATE TABLE filler (id INTEGER PRIMARY KEY, x BLOB);
		WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 400)
		INSERT INTO filler (x) SELECT randomblob(3000) FROM n;
		PRAGMA wal_checkpoint(TRUNCATE);`); err != nil {
		t.Fatal(err)
	}
	if err := db.CheckPages(ctx); err != nil {
		t.Fatalf("a sound file: %v", err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if err := CheckExisting(ctx, path); err != nil {
		t.Fatalf("a sound file refused: %v", err)
	}

	// Overwrite a page near the end with garbage, keeping the file's length.
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	pageSize := 4096
	at := (len(raw)/pageSize - 3) * pageSize
	for i := range pageSize {
		raw[at+i] = byte(i*7 + 13)
	}
	if err := os.WriteFile(path, raw, 0o640); err != nil {
		t.Fatal(err)
	}
	if err := CheckExisting(ctx, path); err != nil {
		t.Fatalf("the cheap start-up check read the damaged page (then it is not cheap): %v", err)
	}
	db, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.InTx(ctx, func(tx *Tx) error { return nil }); err != nil {
		t.Fatalf("a write before the check: %v", err)
	}
	err = db.CheckPages(ctx)
	var damaged *DamagedError
	if !errors.As(err, &damaged) {
		t.Fatalf("damage not found: %v", err)
	}
	err = db.InTx(ctx, func(tx *Tx) error { t.Error("a write ran on a damaged file"); return nil })
	if !errors.As(err, &damaged) || !strings.Contains(err.Error(), "从备份恢复") {
		t.Errorf("write after damage: %v", err)
	}
	if _, err := db.Head(ctx); err != nil {
		t.Errorf("reading stopped too: %v", err)
	}
}

// TestCheckExistingCutShort: a file cut short is refused at start from its header alone.
func TestCheckExistingCutShort(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "juece.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.write.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(path, info.Size()-4096); err != nil {
		t.Fatal(err)
	}
	if err := CheckExisting(ctx, path); err == nil || !strings.Contains(err.Error(), "截断") {
		t.Errorf("a file one page short: %v", err)
	}
}
