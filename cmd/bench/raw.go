package main

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"time"

	_ "modernc.org/sqlite" // the driver juece itself uses
)

// pragmas are store/db.go's: WAL, synchronous=FULL, a busy timeout.
const pragmas = "_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=foreign_keys(1)"

func sqliteDSN(path string, extra string) string {
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + pragmas + extra
}

// rawInserts times raw write transactions as issue 17 defines its anchor — BEGIN IMMEDIATE;
// UPDATE one row; INSERT two; COMMIT, the shape of a state change with its event and one
// record row — from one writer on a fresh SQLite file in dir for d: what the disk and driver
// allow a transaction to cost, the floor under every transition.
func rawInserts(ctx context.Context, dir string, d time.Duration) (result, error) {
	tmp, err := os.MkdirTemp(dir, "bench-raw-")
	if err != nil {
		return result{}, err
	}
	defer os.RemoveAll(tmp)
	db, err := sql.Open("sqlite", sqliteDSN(filepath.Join(tmp, "raw.db"), ""))
	if err != nil {
		return result{}, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	conn, err := db.Conn(ctx)
	if err != nil {
		return result{}, err
	}
	defer conn.Close()
	for _, q := range []string{
		"CREATE TABLE decisions (id INTEGER PRIMARY KEY, version INTEGER NOT NULL, state TEXT NOT NULL) STRICT",
		"CREATE TABLE events (id INTEGER PRIMARY KEY, decision_id INTEGER NOT NULL, at INTEGER NOT NULL, summary TEXT NOT NULL) STRICT",
		"CREATE TABLE record_rows (id INTEGER PRIMARY KEY, event_id INTEGER NOT NULL, row TEXT NOT NULL) STRICT",
		"INSERT INTO decisions (id, version, state) VALUES (1, 1, 'implementation')",
	} {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			return result{}, fmt.Errorf("raw baseline: %w", err)
		}
	}
	summary := "基准测试：一行写入，与一次状态变更的历史事件相当的长度。"
	return runPhase(ctx, "raw SQLite transaction (UPDATE + 2 INSERT)", 1, d, func(ctx context.Context, _ int) (time.Duration, string) {
		start := time.Now()
		if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
			return 0, "begin"
		}
		step := func(q string, args ...any) bool {
			if _, err := conn.ExecContext(ctx, q, args...); err != nil {
				conn.ExecContext(ctx, "ROLLBACK")
				return false
			}
			return true
		}
		if !step("UPDATE decisions SET version = version + 1 WHERE id = 1") ||
			!step("INSERT INTO events(decision_id, at, summary) VALUES(1, ?, ?)", start.UnixMilli(), summary) ||
			!step("INSERT INTO record_rows(event_id, row) VALUES(last_insert_rowid(), ?)", summary) {
			return 0, "write"
		}
		if _, err := conn.ExecContext(ctx, "COMMIT"); err != nil {
			return 0, "commit"
		}
		return time.Since(start), ""
	}), nil
}

// countDecisions reads how many decisions the database holds, without changing it.
func countDecisions(ctx context.Context, path string) (int64, error) {
	if _, err := os.Stat(path); err != nil {
		return 0, err
	}
	db, err := sql.Open("sqlite", sqliteDSN(path, "&_pragma=query_only(1)"))
	if err != nil {
		return 0, err
	}
	defer db.Close()
	var n int64
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM decisions").Scan(&n); err != nil {
		return 0, fmt.Errorf("count decisions in %s: %w", path, err)
	}
	return n, nil
}
