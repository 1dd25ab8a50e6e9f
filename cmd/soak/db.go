package main

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	_ "modernc.org/sqlite" // the driver juece itself uses
)

// The harness reads the database file directly, with plain SQL, and only while no server runs:
// it checks what is on disk, not what the server's own read paths say.

func openDB(path string) (*sql.DB, error) {
	return sql.Open("sqlite", "file:"+(&url.URL{Path: path}).EscapedPath()+"?_pragma=busy_timeout(5000)")
}

// seedDemo prepares a fresh database with the demo units, accounts and decisions, through
// juece's own command line.
func seedDemo(ctx context.Context, bin, db string) error {
	if _, err := os.Stat(db); err == nil {
		return fmt.Errorf("%s exists: the soak needs a fresh database (give another --dir)", db)
	}
	out, err := exec.CommandContext(ctx, bin, "seed", "--demo", "--db", db).CombinedOutput()
	if err != nil {
		return fmt.Errorf("juece seed --demo: %v: %s", err, out)
	}
	return nil
}

// auditVerify runs `juece audit verify` on the database and its checkpoints.
func auditVerify(ctx context.Context, bin, db string) (string, error) {
	out, err := exec.CommandContext(ctx, bin, "audit", "verify", "--db", db).CombinedOutput()
	if err != nil {
		return string(out), fmt.Errorf("juece audit verify: %v: %s", err, out)
	}
	return string(out), nil
}

// demoFacts are the ids the soak needs from the seeded demo.
type demoFacts struct {
	running      []int64           // decisions in implementation or suspended: suspend/resume at will
	consultation int64             // a decision open for public comment
	byUnit       map[int64][]int64 // decision ids by undertaking unit
	all          []int64
	userUnit     map[string]int64 // unit of each username
}

func readDemoFacts(ctx context.Context, path string) (demoFacts, error) {
	f := demoFacts{byUnit: map[int64][]int64{}, userUnit: map[string]int64{}}
	db, err := openDB(path)
	if err != nil {
		return f, err
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, "SELECT id, state, unit_id FROM decisions ORDER BY id")
	if err != nil {
		return f, err
	}
	for rows.Next() {
		var id, unit int64
		var state string
		if err := rows.Scan(&id, &state, &unit); err != nil {
			rows.Close()
			return f, err
		}
		f.all = append(f.all, id)
		f.byUnit[unit] = append(f.byUnit[unit], id)
		switch state {
		case "implementation", "suspended":
			f.running = append(f.running, id)
		case "consultation":
			if f.consultation == 0 {
				f.consultation = id
			}
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return f, err
	}
	rows, err = db.QueryContext(ctx, "SELECT username, unit_id FROM users")
	if err != nil {
		return f, err
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		var unit int64
		if err := rows.Scan(&name, &unit); err != nil {
			return f, err
		}
		f.userUnit[name] = unit
	}
	if len(f.running) == 0 || f.consultation == 0 {
		return f, fmt.Errorf("demo data: no decision in implementation or none in consultation")
	}
	return f, rows.Err()
}

// integrityCheck is SQLite's own check of the file: "ok" when sound.
func integrityCheck(ctx context.Context, path string) (string, error) {
	db, err := openDB(path)
	if err != nil {
		return "", err
	}
	defer db.Close()
	var res string
	err = db.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&res)
	return res, err
}

// readHistory reads every decision's state and every history event.
func readHistory(ctx context.Context, path string) (history, error) {
	h := history{states: map[int64]string{}}
	db, err := openDB(path)
	if err != nil {
		return h, err
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, "SELECT id, state FROM decisions")
	if err != nil {
		return h, err
	}
	for rows.Next() {
		var id int64
		var state string
		if err := rows.Scan(&id, &state); err != nil {
			rows.Close()
			return h, err
		}
		h.states[id] = state
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return h, err
	}
	rows, err = db.QueryContext(ctx, `SELECT seq, coalesce(decision_id, 0), action, from_state, to_state, summary, changes
		FROM events ORDER BY seq`)
	if err != nil {
		return h, err
	}
	defer rows.Close()
	for rows.Next() {
		var e event
		if err := rows.Scan(&e.seq, &e.decision, &e.action, &e.from, &e.to, &e.summary, &e.changes); err != nil {
			return h, err
		}
		h.events = append(h.events, e)
	}
	return h, rows.Err()
}

// readComments reads every stored comment.
func readComments(ctx context.Context, path string) ([]storedComment, error) {
	db, err := openDB(path)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, "SELECT decision_id, ref, body FROM comments")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []storedComment
	for rows.Next() {
		var c storedComment
		if err := rows.Scan(&c.decision, &c.ref, &c.body); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// logScan is what the server's log says about the run.
type logScan struct {
	locked     int // lines reporting a locked or busy database
	errors     int // error lines, but for requests the client gave up on
	clientGone int // error lines of requests whose client gave up (context canceled)
}

// scanLog reads the server's log. A request whose client disconnected is logged as an error
// ("context canceled"); it is counted apart, since the client already counted it as a failed
// request.
func scanLog(path string) (logScan, error) {
	var r logScan
	b, err := os.ReadFile(path)
	if err != nil {
		return r, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if lockedDB(line) {
			r.locked++
		}
		switch {
		case !strings.Contains(line, "level=ERROR"):
		case strings.Contains(line, "context canceled"):
			r.clientGone++
		default:
			r.errors++
		}
	}
	return r, nil
}

// preparePhase makes a phase's folder under dir with a demo database, reads its facts, and
// picks a free loopback address and the server's log file.
func preparePhase(ctx context.Context, bin, dir, phase string) (dbPath string, facts demoFacts, addr string, logFile *os.File, err error) {
	dbPath = filepath.Join(dir, phase, "juece.db")
	if err = os.MkdirAll(filepath.Dir(dbPath), 0o750); err != nil {
		return
	}
	if err = seedDemo(ctx, bin, dbPath); err != nil {
		return
	}
	if facts, err = readDemoFacts(ctx, dbPath); err != nil {
		return
	}
	if addr, err = freeAddr(); err != nil {
		return
	}
	logFile, err = os.Create(filepath.Join(dir, phase, "server.log"))
	return
}
