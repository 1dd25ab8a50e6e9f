package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Backup writes a consistent copy of the database file at src to out while a server may go on
// writing to it. VACUUM INTO copies one read transaction's snapshot, so the copy holds whole
// transactions only and writers are never blocked; it goes to a temporary file beside out,
// which is synced to disk, checked with PRAGMA integrity_check and only then renamed onto out.
// So out is either what it was before or a whole, checked copy. src must exist: a backup of a
// database that is not there is an error, not an empty copy.
func Backup(ctx context.Context, src, out string) (err error) {
	if _, err := os.Stat(src); err != nil {
		return fmt.Errorf("store: backup: %w", err)
	}
	if same, err := sameFile(src, out); err != nil || same {
		return errors.Join(err, fmt.Errorf("store: backup: %s is the database itself", out))
	}
	tmp, err := tempBeside(out)
	if err != nil {
		return fmt.Errorf("store: backup: %w", err)
	}
	defer func() {
		if err != nil {
			os.Remove(tmp)
		}
	}()
	// A connection of its own: the reader pool is query_only, which refuses VACUUM INTO, and the
	// writer must stay free for the server. No other pragmas: a backup changes nothing in src.
	conn, err := sql.Open("sqlite", "file:"+fileURI(src)+"?_pragma=busy_timeout(5000)")
	if err != nil {
		return fmt.Errorf("store: backup %s: %w", src, err)
	}
	// VACUUM INTO wants a missing or empty file: tempBeside left an empty one to hold the name.
	_, err = conn.ExecContext(ctx, "VACUUM INTO ?", tmp)
	if cerr := conn.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("store: backup %s: %w", src, err)
	}
	if err := syncFile(tmp); err != nil {
		return fmt.Errorf("store: backup: %w", err)
	}
	if err := CheckFile(ctx, tmp); err != nil {
		return err
	}
	if err := os.Rename(tmp, out); err != nil {
		return fmt.Errorf("store: backup: %w", err)
	}
	return syncDir(filepath.Dir(out))
}

// CheckFile runs PRAGMA integrity_check on the database file at path, opened read-only, and
// checks that it is a juece database (it has the migrations table and the history). Its errors
// are in Chinese: they are shown to whoever restores.
func CheckFile(ctx context.Context, path string) error {
	if _, err := os.Stat(path); err != nil {
		return fmt.Errorf("store: check %s: %w", path, err)
	}
	conn, err := sql.Open("sqlite", "file:"+fileURI(path)+"?mode=ro&_pragma=busy_timeout(5000)")
	if err != nil {
		return fmt.Errorf("store: check %s: %w", path, err)
	}
	defer conn.Close()
	rows, err := conn.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return fmt.Errorf("数据库文件 %s 无法读取或已损坏：%w", path, err)
	}
	var problems []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			rows.Close()
			return fmt.Errorf("store: check %s: %w", path, err)
		}
		if s != "ok" {
			problems = append(problems, s)
		}
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return fmt.Errorf("数据库文件 %s 无法读取或已损坏：%w", path, err)
	}
	if len(problems) > 0 {
		return fmt.Errorf("数据库文件 %s 未通过完整性检查（integrity_check）：%s", path, strings.Join(problems, "；"))
	}
	var n int
	err = conn.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN ('schema_migrations', 'events', 'decisions')`).Scan(&n)
	if err != nil || n != 3 {
		return errors.Join(err, fmt.Errorf("文件 %s 不是本系统的数据库备份", path))
	}
	return nil
}

// Restored is what Restore put in place: the history's head, the checkpoints it matched, and
// the checkpoints that vouch for events the backup does not hold (they were written after it).
type Restored struct {
	Head    ChainHead
	Matched int
	Later   []Checkpoint
	// Kept is where the database that was replaced now lies ("" when there was none).
	Kept string
}

// Restore puts the backup at from in place of the database file at target. The server must be
// stopped: a -wal or -shm file beside target means a server still holds it, or one stopped
// without folding its last writes into the file — both are refused. The backup is copied to a
// temporary file beside target, and that copy is checked (CheckFile), brought to the current
// schema, and its history verified (VerifyChain) against the checkpoints up to its head; only
// then is the old database kept beside it as <target>.before-restore-<time> and the copy
// renamed onto target. A failure leaves target as it was.
func Restore(ctx context.Context, from, target string, checkpoints []Checkpoint, now time.Time) (r Restored, err error) {
	return restore(ctx, from, target, checkpoints, now, nil)
}

// restore is Restore; check, when given, also checks the copy before it is put in place.
func restore(ctx context.Context, from, target string, checkpoints []Checkpoint, now time.Time, check func(*DB) error) (r Restored, err error) {
	if same, err := sameFile(from, target); err != nil || same {
		return Restored{}, errors.Join(err, fmt.Errorf("备份文件 %s 就是要恢复的数据库本身", from))
	}
	for _, side := range []string{target + "-wal", target + "-shm"} {
		if _, err := os.Stat(side); err == nil {
			return Restored{}, fmt.Errorf("发现 %s：数据库可能仍被运行中的服务使用，或上次未正常关闭。请先停止服务；"+
				"若服务确已停止，运行 juece migrate --db %s 一次，把未写入的内容合并进数据库后再恢复", side, target)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return Restored{}, fmt.Errorf("store: restore: %w", err)
		}
	}
	if err := CheckFile(ctx, from); err != nil {
		return Restored{}, err
	}
	tmp, err := tempBeside(target)
	if err != nil {
		return Restored{}, fmt.Errorf("store: restore: %w", err)
	}
	defer func() {
		if err != nil {
			os.Remove(tmp)
			os.Remove(tmp + "-wal")
			os.Remove(tmp + "-shm")
		}
	}()
	if err := copyFileSynced(from, tmp); err != nil {
		return Restored{}, fmt.Errorf("store: restore: %w", err)
	}
	// Check the copy, not only the original: what is renamed into place is what was checked.
	if err := CheckFile(ctx, tmp); err != nil {
		return Restored{}, err
	}
	if r, err = verifyCopy(ctx, tmp, checkpoints, check); err != nil {
		return Restored{}, err
	}
	if _, err := os.Stat(target); err == nil {
		r.Kept = fmt.Sprintf("%s.before-restore-%s", target, now.UTC().Format("20060102T150405Z"))
		if err := copyFileSynced(target, r.Kept); err != nil {
			return Restored{}, fmt.Errorf("store: restore: keep %s: %w", target, err)
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return Restored{}, fmt.Errorf("store: restore: %w", err)
	}
	if err := os.Rename(tmp, target); err != nil {
		return Restored{}, fmt.Errorf("store: restore: %w", err)
	}
	return r, syncDir(filepath.Dir(target))
}

// verifyCopy opens the copy as the server would (applying any newer migrations), verifies its
// history against the checkpoints its head reaches, and closes it, which folds its WAL back in.
func verifyCopy(ctx context.Context, path string, checkpoints []Checkpoint, check func(*DB) error) (Restored, error) {
	db, err := Open(ctx, path)
	if err != nil {
		return Restored{}, err
	}
	head, err := db.Head(ctx)
	if err != nil {
		db.Close()
		return Restored{}, err
	}
	// Checkpoints past the backup's head vouch for events written after it: they cannot match,
	// and the caller must hear of them.
	var upTo, later []Checkpoint
	for _, cp := range checkpoints {
		if cp.Size <= head.Seq {
			upTo = append(upTo, cp)
		} else {
			later = append(later, cp)
		}
	}
	_, err = db.VerifyChain(ctx, upTo)
	if err == nil && check != nil {
		err = check(db)
	}
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return Restored{}, err
	}
	return Restored{Head: head, Matched: len(upTo), Later: later}, nil
}

// tempBeside creates an empty temporary file in the folder of path, so that a rename onto path
// stays within one file system and is atomic.
func tempBeside(path string) (string, error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return "", err
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return "", err
	}
	return f.Name(), f.Close()
}

// copyFileSynced copies src onto dst, created or truncated, and syncs it to disk.
func copyFileSynced(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o640)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return errors.Join(out.Sync(), out.Close())
}

// syncFile flushes a written file to disk before it is renamed into place, so that a crash
// never leaves a renamed but half-written backup.
func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	return errors.Join(f.Sync(), f.Close())
}

// sameFile reports whether a and b name the same existing file.
func sameFile(a, b string) (bool, error) {
	ia, err := os.Stat(a)
	if err != nil {
		return false, nil
	}
	ib, err := os.Stat(b)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return os.SameFile(ia, ib), nil
}
