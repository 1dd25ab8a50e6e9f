package store

import (
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// CheckExisting is what the server checks before it opens the database at path, which Open
// would otherwise create: the file exists, is not empty, has a sound SQLite header, is not
// shorter than that header says, and holds juece's tables. A typo in --db or a lost or cut-off
// file must not start an empty system beside a folder of checkpoints. It reads a few pages
// only, so that a large database starts at once; CheckPages reads them all, after the start.
// Its errors are in Chinese, for whoever starts the server.
func CheckExisting(ctx context.Context, path string) error {
	info, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("数据库文件 %s 不存在。若要新建数据库，请运行 juece migrate --db %s 或 juece serve --init；"+
			"若数据库应当存在，请检查 --db 路径，或从备份恢复（juece restore）", path, path)
	case err != nil:
		return fmt.Errorf("数据库文件 %s 无法读取：%w", path, err)
	case !info.Mode().IsRegular():
		return fmt.Errorf("%s 不是数据库文件", path)
	case info.Size() == 0:
		return fmt.Errorf("数据库文件 %s 是空的（0 字节）。若要新建数据库，请运行 juece serve --init；否则请从备份恢复（juece restore）", path)
	}
	if err := checkHeader(path, info.Size()); err != nil {
		return err
	}
	// A connection of its own that may recover the WAL a crash left, and writes nothing else.
	conn, err := sql.Open("sqlite", "file:"+fileURI(path)+"?_pragma=busy_timeout(5000)")
	if err != nil {
		return fmt.Errorf("store: check %s: %w", path, err)
	}
	defer conn.Close()
	var n int
	err = conn.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN ('schema_migrations', 'events', 'decisions')`).Scan(&n)
	if err != nil {
		return fmt.Errorf("数据库文件 %s 已损坏或不是数据库（%v）。请从备份恢复（juece restore）", path, err)
	}
	if n != 3 {
		return fmt.Errorf("文件 %s 不是本系统的数据库", path)
	}
	return nil
}

// checkHeader reads the file's first 100 bytes, SQLite's header: the magic string, the page
// size, and the database's size in pages, which a file cut short no longer holds. The size
// is only compared when no write-ahead log is waiting, since a log may still hold the pages
// (SQLite's file format, section 1.3).
func checkHeader(path string, size int64) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("数据库文件 %s 无法读取：%w", path, err)
	}
	defer f.Close()
	h := make([]byte, 100)
	if _, err := io.ReadFull(f, h); err != nil || string(h[:16]) != "SQLite format 3\x00" {
		return fmt.Errorf("文件 %s 不是数据库，或其文件头已损坏。请从备份恢复（juece restore）", path)
	}
	pageSize := int64(binary.BigEndian.Uint16(h[16:18]))
	if pageSize == 1 {
		pageSize = 65536
	}
	pages := int64(binary.BigEndian.Uint32(h[28:32]))
	headerValid := pages > 0 && binary.BigEndian.Uint32(h[24:28]) == binary.BigEndian.Uint32(h[92:96])
	if wal, err := os.Stat(path + "-wal"); err == nil && wal.Size() > 0 {
		return nil
	}
	if headerValid && size < pages*pageSize {
		return fmt.Errorf("数据库文件 %s 已损坏：文件长 %d 字节，而其文件头记载 %d 页、共 %d 字节（文件被截断）。请从备份恢复（juece restore）",
			path, size, pages, pages*pageSize)
	}
	return nil
}

// DamagedError refuses every write once CheckPages found damage: writing on damaged pages
// spreads the damage. Reading goes on, so that the records can still be seen and saved.
type DamagedError struct{ Problems string }

func (e *DamagedError) Error() string {
	return "数据库未通过完整性检查（" + e.Problems + "），系统已停止接受提交，本次提交未作任何更改。请系统管理员从备份恢复（juece restore）"
}

// CheckPages runs PRAGMA quick_check over the whole file; it takes seconds on a large one,
// so the server runs it after it has started. On damage every later write is refused with a
// *DamagedError, and the error is returned for the log.
func (db *DB) CheckPages(ctx context.Context) error {
	var problems []string
	rows, err := db.read.QueryContext(ctx, "PRAGMA quick_check")
	if err == nil {
		for rows.Next() {
			var s string
			if err = rows.Scan(&s); err != nil {
				break
			}
			if s != "ok" {
				problems = append(problems, s)
			}
		}
		err = errors.Join(err, rows.Err(), rows.Close())
	}
	if err != nil && ctx.Err() != nil {
		return nil // stopped with the server
	}
	if err != nil {
		problems = append(problems, err.Error())
	}
	if len(problems) == 0 {
		return nil
	}
	if len(problems) > 5 {
		problems = append(problems[:5], fmt.Sprintf("……共 %d 处", len(problems)))
	}
	e := &DamagedError{Problems: strings.Join(problems, "；")}
	db.damaged.Store(e)
	return e
}

// BehindError says that the database holds less history than its own signed checkpoints vouch
// for, or other history: it was cut short, rolled back to an old copy, or rewritten.
type BehindError struct {
	Head       ChainHead
	Checkpoint Checkpoint
	Found      string // the hash the database holds at the checkpoint's size; "" when it has no such event
	DBPath     string
}

func (e *BehindError) Error() string {
	what := fmt.Sprintf("库中只有 %d 个事件", e.Head.Seq)
	if e.Found != "" {
		what = fmt.Sprintf("库中第 %d 个事件的哈希为 %s，与检查点不同", e.Checkpoint.Size, e.Found)
	}
	return fmt.Sprintf("数据库落后于或不同于它自己的检查点，拒绝启动：数据库链头为第 %d 个事件（%s），"+
		"最新检查点 %s 记载第 %d 个事件（%s），%s。请运行 juece audit verify --db %s 查明原因；"+
		"若数据库是从备份恢复的，请用 juece restore 恢复，它会说明丢失了哪些事件",
		e.Head.Seq, e.Head.Hash, filepath.Base(e.Checkpoint.File), e.Checkpoint.Size, e.Checkpoint.Hash, what, e.DBPath)
}

// CheckCheckpointHead checks that the database reaches the latest signed checkpoint in
// dataDir's checkpoints folder and holds the hash it signed: a *BehindError when not. Only the
// latest checkpoint's signature and its one event are read, so it is cheap at every start;
// juece audit verify checks the rest.
func (db *DB) CheckCheckpointHead(ctx context.Context, dataDir string) error {
	dir := CheckpointDir(dataDir)
	names, err := checkpointNames(dir)
	if err != nil || len(names) == 0 {
		return err
	}
	verifiers, err := checkpointVerifier(dir, "")
	if err != nil {
		return err
	}
	cp, err := readCheckpoint(filepath.Join(dir, names[len(names)-1]), verifiers)
	if err != nil {
		return err
	}
	head, err := db.Head(ctx)
	if err != nil {
		return err
	}
	var hash string
	err = db.read.QueryRowContext(ctx, "SELECT hash FROM events WHERE seq = ?", cp.Size).Scan(&hash)
	switch {
	case isNoRows(err):
		return &BehindError{Head: head, Checkpoint: cp, DBPath: db.path}
	case err != nil:
		return fmt.Errorf("store: check checkpoint %d: %w", cp.Size, err)
	case hash != cp.Hash:
		return &BehindError{Head: head, Checkpoint: cp, Found: hash, DBPath: db.path}
	}
	return nil
}
