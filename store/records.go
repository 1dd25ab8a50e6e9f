package store

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"juece/workflow"
)

// The history is the source of truth for every row users and admins change. Triggers on each
// such table (a "recorded" table: every table but the untracked ones below) put what a
// statement wrote into record_rows_pending: an inserted row's values, an updated row's changed
// values, a deleted row's key. addEvent moves them into the event it writes, in its rows column
// (covered by the chain hash), so each event carries the values it wrote, and VerifyRecords can
// replay the history and compare the result with every row.
//
// An event's rows is a JSON array of {"t": table, "k": key, "op": op, "v": {column: value}}
// in the order written; op is "i" (insert: every recorded column), "u" (update: the changed
// ones), "d" (delete: no v) or "b" (baseline: every recorded column of a row as found when
// recording began, written by record_baseline events). The key is the table's primary key.

// untrackedTables are written without a history event of their own, or derived from other
// rows: sessions, the login throttle's counters (on main since migration 020), the history
// itself, the search index and the bookkeeping of this file; and the message centre: the
// reminders the scheduler writes on its own, their read state and the deliveries' retries
// (an urge, the only message a person sends, is in the history as its own event). Every other
// table is recorded: a new table is, unless it is named here.
var untrackedTables = []string{"sessions", "login_failures", "events", "schema_migrations", "record_rows_pending", "record_baseline",
	"messages", "deliveries"}

// untrackedColumns are columns that change without an event (failed logins, the due dates the
// store derives at commit, the comments' group key derived from the body) or must not enter
// the history (password hashes).
var untrackedColumns = map[string][]string{
	"users":     {"password_hash", "failed_logins", "locked_until"},
	"decisions": {"due_on", "limit_on"},
	"comments":  {"group_key"},
}

// recordedTable is one recorded table as the current schema has it.
type recordedTable struct {
	name     string
	key      string   // its primary key column
	cols     []string // the recorded columns, in schema order
	defaults []any    // each column's default value, as a row written before the column existed holds it
}

// recordedTables lists the recorded tables of the schema q sees, in name order.
func recordedTables(ctx context.Context, q querier) ([]recordedTable, error) {
	names, err := collect(ctx, q, func(r rowScanner) (string, error) {
		var s string
		return s, r.Scan(&s)
	}, `SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'search_%' ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("store: recorded tables: %w", err)
	}
	var out []recordedTable
	for _, name := range names {
		if slices.Contains(untrackedTables, name) {
			continue
		}
		t := recordedTable{name: name}
		type col struct {
			name string
			dflt *string
			pk   int
		}
		cols, err := collect(ctx, q, func(r rowScanner) (col, error) {
			var c col
			var cid, notnull int
			var typ string
			return c, r.Scan(&cid, &c.name, &typ, &notnull, &c.dflt, &c.pk)
		}, "SELECT cid, name, type, \"notnull\", dflt_value, pk FROM pragma_table_info(?) ORDER BY cid", name)
		if err != nil {
			return nil, fmt.Errorf("store: columns of %s: %w", name, err)
		}
		for _, c := range cols {
			switch {
			case c.pk > 1 || (c.pk == 1 && t.key != ""):
				return nil, fmt.Errorf("store: %s has a composite primary key, which the history cannot name", name)
			case c.pk == 1:
				t.key = c.name
			}
			if slices.Contains(untrackedColumns[name], c.name) {
				continue
			}
			t.cols = append(t.cols, c.name)
			t.defaults = append(t.defaults, sqlDefault(c.dflt))
		}
		if t.key == "" {
			return nil, fmt.Errorf("store: %s has no primary key, which the history needs to name its rows", name)
		}
		out = append(out, t)
	}
	return out, nil
}

// sqlDefault reads a column's declared default: an integer, a quoted string or NULL.
func sqlDefault(d *string) any {
	if d == nil || strings.EqualFold(*d, "NULL") {
		return nil
	}
	if n, err := strconv.ParseInt(strings.Trim(*d, "()"), 10, 64); err == nil {
		return n
	}
	if s, ok := strings.CutPrefix(*d, "'"); ok {
		return strings.ReplaceAll(strings.TrimSuffix(s, "'"), "''", "'")
	}
	return *d
}

// quoteIdent quotes a table or column name for SQL.
func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// quoteText quotes a string as an SQL literal.
func quoteText(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// jsonObjectOf is the SQL that builds the JSON object of row's (NEW or OLD) recorded columns.
func (t recordedTable) jsonObjectOf(row string) string {
	args := make([]string, 0, 2*len(t.cols))
	for _, c := range t.cols {
		args = append(args, quoteText(c), row+"."+quoteIdent(c))
	}
	return "json_object(" + strings.Join(args, ", ") + ")"
}

// triggers is the SQL of the three triggers that record t's writes, by name.
func (t recordedTable) triggers() map[string]string {
	name, key := quoteText(t.name), quoteIdent(t.key)
	pending := "INSERT INTO record_rows_pending (tbl, key, op, vals) VALUES "
	var changed, pick, cols []string
	for _, c := range t.cols {
		q := quoteIdent(c)
		cols = append(cols, q)
		changed = append(changed, "NEW."+q+" IS NOT OLD."+q)
		pick = append(pick, fmt.Sprintf("SELECT %s AS c, NEW.%s AS v WHERE NEW.%s IS NOT OLD.%s", quoteText(c), q, q, q))
	}
	prefix := "record_rows_" + t.name
	return map[string]string{
		prefix + "_i": fmt.Sprintf("CREATE TRIGGER %s AFTER INSERT ON %s BEGIN %s(%s, NEW.%s, 'i', %s); END",
			quoteIdent(prefix+"_i"), quoteIdent(t.name), pending, name, key, t.jsonObjectOf("NEW")),
		prefix + "_u": fmt.Sprintf("CREATE TRIGGER %s AFTER UPDATE OF %s ON %s WHEN %s BEGIN %s(%s, NEW.%s, 'u', (SELECT json_group_object(c, v) FROM (%s))); END",
			quoteIdent(prefix+"_u"), strings.Join(cols, ", "), quoteIdent(t.name), strings.Join(changed, " OR "),
			pending, name, key, strings.Join(pick, " UNION ALL ")),
		prefix + "_d": fmt.Sprintf("CREATE TRIGGER %s AFTER DELETE ON %s BEGIN %s(%s, OLD.%s, 'd', '{}'); END",
			quoteIdent(prefix+"_d"), quoteIdent(t.name), pending, name, key),
	}
}

// ensureRecording brings the recording triggers in line with the current schema (a migration
// that adds a column or a table gets them at the next start), then, when the history does not
// yet hold every recorded row (record_baseline is empty), writes record_baseline events with
// every recorded row as found.
func (db *DB) ensureRecording(ctx context.Context) error {
	return db.inTx(ctx, txMigrate, func(tx *Tx) error {
		tables, err := recordedTables(ctx, tx.tx)
		if err != nil {
			return err
		}
		want := map[string]string{}
		for _, t := range tables {
			for name, sql := range t.triggers() {
				want[name] = sql
			}
		}
		have := map[string]string{}
		type trig struct{ name, sql string }
		existing, err := collect(ctx, tx.tx, func(r rowScanner) (trig, error) {
			var x trig
			return x, r.Scan(&x.name, &x.sql)
		}, "SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND name LIKE 'record_rows_%'")
		if err != nil {
			return fmt.Errorf("store: recording triggers: %w", err)
		}
		for _, x := range existing {
			have[x.name] = x.sql
		}
		for name, sql := range have {
			if want[name] != sql {
				if _, err := tx.tx.raw.ExecContext(ctx, "DROP TRIGGER "+quoteIdent(name)); err != nil {
					return fmt.Errorf("store: drop trigger %s: %w", name, err)
				}
			}
		}
		for name, sql := range want {
			if have[name] != sql {
				if _, err := tx.tx.raw.ExecContext(ctx, sql); err != nil {
					return fmt.Errorf("store: trigger %s: %w", name, err)
				}
			}
		}
		var done int
		if err := tx.tx.QueryRowContext(ctx, "SELECT count(*) FROM record_baseline").Scan(&done); err != nil {
			return fmt.Errorf("store: record baseline: %w", err)
		}
		if done > 0 {
			return nil
		}
		return tx.writeBaseline(ctx, tables)
	})
}

// dropRecording drops every recording trigger, before a migration runs.
func (tx *Tx) dropRecording(ctx context.Context) error {
	names, err := collect(ctx, tx.tx, func(r rowScanner) (string, error) {
		var s string
		return s, r.Scan(&s)
	}, "SELECT name FROM sqlite_schema WHERE type = 'trigger' AND name LIKE 'record_rows_%'")
	if err != nil {
		return fmt.Errorf("store: recording triggers: %w", err)
	}
	for _, n := range names {
		if _, err := tx.tx.raw.ExecContext(ctx, "DROP TRIGGER "+quoteIdent(n)); err != nil {
			return fmt.Errorf("store: drop trigger %s: %w", n, err)
		}
	}
	return nil
}

// baselineRowsPerEvent bounds one record_baseline event.
const baselineRowsPerEvent = 500

// baselineActor is who the history names for the baseline.
var baselineActor = workflow.Actor{Name: "系统", Role: workflow.RoleAdmin}

// writeBaseline writes every recorded row into record_baseline events, a few hundred rows each.
func (tx *Tx) writeBaseline(ctx context.Context, tables []recordedTable) error {
	now := time.Now()
	var batch [][]byte
	part := 0
	flush := func() error {
		part++
		e := Event{Action: "record_baseline", Summary: fmt.Sprintf("开始完整记录：写入此时的全部数据（第 %d 批）", part),
			rows: "[" + string(bytes.Join(batch, []byte(","))) + "]"}
		batch = batch[:0]
		return tx.addEvent(ctx, baselineActor, now, e)
	}
	for _, t := range tables {
		rows, err := tx.tx.QueryContext(ctx, fmt.Sprintf("SELECT %s, %s FROM %s ORDER BY %s",
			quoteIdent(t.key), t.jsonObjectOf(quoteIdent(t.name)), quoteIdent(t.name), quoteIdent(t.key)))
		if err != nil {
			return fmt.Errorf("store: baseline of %s: %w", t.name, err)
		}
		var entries [][]byte
		for rows.Next() {
			var key any
			var vals string
			if err := rows.Scan(&key, &vals); err != nil {
				rows.Close()
				return err
			}
			b, err := json.Marshal(rowEntry{T: t.name, K: key, Op: "b", V: json.RawMessage(vals)})
			if err != nil {
				rows.Close()
				return err
			}
			entries = append(entries, b)
		}
		if err := rows.Close(); err != nil {
			return err
		}
		for _, e := range entries {
			batch = append(batch, e)
			if len(batch) == baselineRowsPerEvent {
				if err := flush(); err != nil {
					return err
				}
			}
		}
	}
	if len(batch) > 0 || part == 0 {
		if err := flush(); err != nil {
			return err
		}
	}
	_, err := tx.tx.ExecContext(ctx, "INSERT INTO record_baseline (at) VALUES (?)", ms(now))
	return err
}

// rowEntry is one entry of an event's rows.
type rowEntry struct {
	T  string          `json:"t"`
	K  any             `json:"k"`
	Op string          `json:"op"`
	V  json.RawMessage `json:"v,omitempty"`
}

// takePendingRows returns, as an event's rows, what the statements since the last event wrote
// to recorded tables, and clears it; "" when nothing.
func (tx *Tx) takePendingRows(ctx context.Context) (string, error) {
	rows, err := tx.tx.QueryContext(ctx, "SELECT tbl, key, op, vals FROM record_rows_pending ORDER BY n")
	if err != nil {
		return "", fmt.Errorf("store: pending rows: %w", err)
	}
	var buf []byte
	for rows.Next() {
		var e rowEntry
		var vals string
		if err := rows.Scan(&e.T, &e.K, &e.Op, &vals); err != nil {
			rows.Close()
			return "", err
		}
		if e.Op != "d" {
			e.V = json.RawMessage(vals)
		}
		b, err := json.Marshal(e)
		if err != nil {
			rows.Close()
			return "", err
		}
		if buf == nil {
			buf = append(buf, '[')
		} else {
			buf = append(buf, ',')
		}
		buf = append(buf, b...)
	}
	if err := rows.Close(); err != nil {
		return "", err
	}
	if buf == nil {
		return "", nil
	}
	if _, err := tx.tx.ExecContext(ctx, "DELETE FROM record_rows_pending"); err != nil {
		return "", fmt.Errorf("store: pending rows: %w", err)
	}
	return string(append(buf, ']')), nil
}
