package store

import (
	"context"
	"errors"
	"fmt"
	"syscall"

	"modernc.org/sqlite"
)

// SQLite's primary result codes for a storage that cannot take a write (sqlite.org/rescode.html).
const (
	sqliteReadOnly = 8
	sqliteIOErr    = 10
	sqliteFull     = 13
	sqliteCantOpen = 14
)

// StorageFault reports whether err says the storage cannot take a write: the disk (or the
// database's size limit) is full, it fails with I/O errors, or it has become read-only. Such a
// write is wholly absent, like any failed transaction; it may succeed once space is back.
func StorageFault(err error) bool {
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff { // the primary code of an extended one
		case sqliteFull, sqliteIOErr, sqliteReadOnly, sqliteCantOpen:
			return true
		}
	}
	for _, e := range []syscall.Errno{syscall.ENOSPC, syscall.EDQUOT, syscall.EIO, syscall.EROFS} {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}

// FreeSpace is how many bytes the filesystem holding dir has free for juece.
func FreeSpace(dir string) (uint64, error) {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		return 0, fmt.Errorf("store: free space of %s: %w", dir, err)
	}
	return st.Bavail * uint64(st.Bsize), nil
}

// WriteProbe checks that the database takes a write, without keeping one: it takes the write
// lock and allocates a page inside a transaction that it then rolls back.
func (db *DB) WriteProbe(ctx context.Context) error {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: write probe: %w", err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "CREATE TABLE write_probe (pad BLOB); INSERT INTO write_probe VALUES (zeroblob(8192))"); err != nil {
		return fmt.Errorf("store: write probe: %w", err)
	}
	return nil
}

// SetMaxPages caps the database file at n pages (SQLite's max_page_count; 0 lifts the cap to
// SQLite's maximum). Tests use it to fill the "disk" where they cannot mount a small one.
func (db *DB) SetMaxPages(ctx context.Context, n int64) error {
	if n <= 0 {
		n = 4294967294
	}
	_, err := db.write.ExecContext(ctx, fmt.Sprintf("PRAGMA max_page_count = %d", n))
	return err
}
