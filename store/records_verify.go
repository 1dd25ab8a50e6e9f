package store

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/maphash"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// RecordProblem is one way a recorded table differs from what the history says.
type RecordProblem struct {
	Table string
	Key   string // the row's primary key
	// Field is the column that differs; "" when the whole row is unrecorded (Expected "") or
	// missing (Found "").
	Field           string
	Found, Expected string
	// Event is the event that last set the field, or wrote or deleted the row; 0 when none did.
	Event int64
}

func (p RecordProblem) String() string {
	by := "没有任何事件记载"
	if p.Event > 0 {
		by = fmt.Sprintf("由第 %d 号事件记载", p.Event)
	}
	switch {
	case p.Field != "":
		if p.Event == 0 {
			by = "建库时写入，此后没有事件改动"
		}
		return fmt.Sprintf("表 %s 第 %s 行的 %s：库中为 %s，历史记载为 %s（%s）", p.Table, p.Key, p.Field,
			showValue(p.Found), showValue(p.Expected), by)
	case p.Expected == "":
		if p.Event > 0 {
			return fmt.Sprintf("表 %s 第 %s 行：历史记载它已被删除（第 %d 号事件），库中却有", p.Table, p.Key, p.Event)
		}
		return fmt.Sprintf("表 %s 第 %s 行：库中有此行，历史中没有任何事件写入它", p.Table, p.Key)
	default:
		return fmt.Sprintf("表 %s 第 %s 行：历史记载有此行（%s），库中却没有", p.Table, p.Key, by)
	}
}

// showValue shows a value in a problem: short, on one line.
func showValue(s string) string {
	s = strings.ReplaceAll(s, "\n", "⏎")
	if utf8.RuneCountInString(s) > 60 {
		s = string([]rune(s)[:60]) + "…"
	}
	return "「" + s + "」"
}

// RecordsResult is what VerifyRecords found.
type RecordsResult struct {
	// Bare lists the events without rows after the first with: since recording began every
	// event has them, so these were not written by juece (forged, or appended around it).
	Bare     []int64
	Rows     int             // recorded rows compared
	Problems []RecordProblem // the first MaxRecordProblems, each named in full
	Total    int             // every row that differs (Problems may list fewer)
}

// MaxRecordProblems bounds the problems VerifyRecords names one by one.
const MaxRecordProblems = 50

// VerifyRecords replays the rows of every event (records.go) from what the migrations write,
// and compares the result with every row of every recorded table: each row must hold exactly
// the values the history last gave it, every row the history wrote must be there (unless it
// deleted it), and no row may be there that no event wrote. It reads one snapshot. The chain
// itself is VerifyChain's: call that first, so that the events replayed are the ones signed.
//
// To stay within memory on a large history it keeps, per row, a keyed 32-bit hash of each
// value and the last event that wrote it, then reads the events of the rows that differ a
// second time to name the values.
func (db *DB) VerifyRecords(ctx context.Context) (RecordsResult, error) {
	initial, err := migrationRows()
	if err != nil {
		return RecordsResult{}, err
	}
	var res RecordsResult
	err = db.readTx(ctx, func(q querier) error {
		tables, err := recordedTables(ctx, q)
		if err != nil {
			return err
		}
		rp := newReplay(tables)
		for _, e := range initial {
			rp.apply(0, e)
		}
		if err := rp.events(ctx, q, nil); err != nil {
			return err
		}
		res.Bare = rp.bare
		bad, n, err := rp.compare(ctx, q)
		if err != nil {
			return err
		}
		res.Rows, res.Total = n, len(bad)
		res.Problems, err = rp.explain(ctx, q, initial, sample(bad))
		return err
	})
	return res, err
}

// replay is the state of the recorded rows as the history builds it.
type replay struct {
	tables []recordedTable
	index  map[string]int          // table name → index in tables
	cols   []map[string]int        // per table: column → index in its cols
	rows   map[rowID]*replayedRow  // the rows
	seed   maphash.Seed            // a key of this run's own: no one can aim a forgery at a collision
	only   map[rowID]*explainedRow // set in the second pass: the rows being explained
	inBase bool                    // the last event applied was a record_baseline event
	// recording: an event with rows has been read, so every later one must have them; bare
	// lists those that do not (at most MaxRecordProblems).
	recording bool
	bare      []int64
}

type rowID struct {
	table int
	i     int64
	s     string
}

type replayedRow struct {
	hashes  []uint32
	set     []bool // the history gave the column a value (else it must hold its default)
	seq     int64  // the last event that wrote the row
	deleted bool
}

// explainedRow is a differing row replayed in full: each column's value and the event that set it.
type explainedRow struct {
	values  []any
	set     []bool
	seqs    []int64
	seq     int64
	deleted bool
	exists  bool
}

func newReplay(tables []recordedTable) *replay {
	rp := &replay{tables: tables, index: map[string]int{}, rows: map[rowID]*replayedRow{}, seed: maphash.MakeSeed()}
	for i, t := range tables {
		rp.index[t.name] = i
		m := map[string]int{}
		for j, c := range t.cols {
			m[c] = j
		}
		rp.cols = append(rp.cols, m)
	}
	return rp
}

// entry is one decoded entry of an event's rows.
type entry struct {
	T  string         `json:"t"`
	K  any            `json:"k"`
	Op string         `json:"op"`
	V  map[string]any `json:"v"`
}

// id is the row an entry names; ok false for a table the schema no longer has.
func (rp *replay) id(table string, key any) (rowID, bool) {
	ti, ok := rp.index[table]
	if !ok {
		return rowID{}, false
	}
	id := rowID{table: ti}
	switch k := key.(type) {
	case json.Number:
		n, err := k.Int64()
		if err != nil {
			id.s = k.String()
		} else {
			id.i = n
		}
	case int64:
		id.i = k
	case string:
		id.s = k
	case []byte:
		id.s = string(k)
	default:
		id.s = fmt.Sprint(k)
	}
	return id, true
}

// hash is the keyed hash of one value, the same for a value read from SQL and from JSON.
func (rp *replay) hash(v any) uint32 {
	var h maphash.Hash
	h.SetSeed(rp.seed)
	switch x := normalValue(v).(type) {
	case nil:
		h.WriteByte(0)
	case int64:
		h.WriteByte(1)
		h.WriteString(strconv.FormatInt(x, 10))
	case float64:
		h.WriteByte(3)
		h.WriteString(strconv.FormatUint(math.Float64bits(x), 16))
	case string:
		h.WriteByte(2)
		h.WriteString(x)
	}
	s := h.Sum64()
	return uint32(s) ^ uint32(s>>32)
}

// normalValue turns a value read from SQL or decoded from JSON into nil, int64, float64 or a
// valid UTF-8 string (the history keeps text as valid UTF-8).
func normalValue(v any) any {
	switch x := v.(type) {
	case nil:
		return nil
	case json.Number:
		if n, err := x.Int64(); err == nil {
			return n
		}
		f, _ := x.Float64()
		return normalValue(f)
	case int64:
		return x
	case int:
		return int64(x)
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1<<53 {
			return int64(x)
		}
		return x
	case bool:
		return map[bool]int64{false: 0, true: 1}[x]
	case []byte:
		return validUTF8(string(x))
	case string:
		return validUTF8(x)
	}
	return fmt.Sprint(v)
}

// apply applies one entry of event seq.
func (rp *replay) apply(seq int64, e entry) {
	id, ok := rp.id(e.T, e.K)
	if !ok {
		return
	}
	cols := rp.cols[id.table]
	if rp.only != nil {
		x, ok := rp.only[id]
		if !ok {
			return
		}
		switch e.Op {
		case "d":
			*x = explainedRow{values: x.values, set: make([]bool, len(x.set)), seqs: x.seqs, seq: seq, deleted: true}
			return
		case "i", "b":
			clear(x.set)
		}
		x.exists, x.deleted, x.seq = true, false, seq
		for c, v := range e.V {
			if j, ok := cols[c]; ok {
				x.values[j], x.set[j], x.seqs[j] = normalValue(v), true, seq
			}
		}
		return
	}
	r := rp.rows[id]
	if r == nil {
		n := len(rp.tables[id.table].cols)
		r = &replayedRow{hashes: make([]uint32, n), set: make([]bool, n)}
		rp.rows[id] = r
	}
	r.seq = seq
	switch e.Op {
	case "d":
		r.deleted = true
		clear(r.set)
		return
	case "i", "b":
		clear(r.set)
	}
	r.deleted = false
	for c, v := range e.V {
		if j, ok := cols[c]; ok {
			r.hashes[j], r.set[j] = rp.hash(v), true
		}
	}
}

// events applies every event's rows in order. A run of record_baseline events replaces the
// state: the rows as found when recording began. In the second pass (rp.only set) only the
// events that name a row being explained are decoded.
func (rp *replay) events(ctx context.Context, q querier, filter [][]byte) error {
	rows, err := q.QueryContext(ctx, "SELECT seq, action, rows FROM events ORDER BY seq")
	if err != nil {
		return fmt.Errorf("store: replay history: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var seq int64
		var action string
		var text []byte
		if err := rows.Scan(&seq, &action, &text); err != nil {
			return fmt.Errorf("store: replay history: %w", err)
		}
		if len(text) == 0 {
			if rp.recording && rp.only == nil && len(rp.bare) < MaxRecordProblems {
				rp.bare = append(rp.bare, seq)
			}
			continue
		}
		rp.recording = true
		base := action == "record_baseline"
		if base && !rp.inBase {
			rp.reset(seq)
		}
		rp.inBase = base
		if filter != nil && !slices.ContainsFunc(filter, func(f []byte) bool { return bytes.Contains(text, f) }) {
			continue
		}
		if rp.only == nil {
			if err := rp.applyRows(seq, text); err == nil {
				continue
			} else if !errors.Is(err, errNotPlain) {
				return err
			}
		}
		dec := json.NewDecoder(bytes.NewReader(text))
		dec.UseNumber()
		var entries []entry
		if err := dec.Decode(&entries); err != nil {
			return fmt.Errorf("store: replay history: event %d: rows: %w", seq, err)
		}
		for _, e := range entries {
			rp.apply(seq, e)
		}
	}
	return rows.Err()
}

// reset forgets every row before a baseline: the baseline lists them all as they were. (So a
// migration that writes recorded rows into a database with a history must ask for a new
// baseline: see 030_record_rows.sql.)
func (rp *replay) reset(seq int64) {
	if rp.only != nil {
		for _, x := range rp.only {
			*x = explainedRow{values: x.values, set: make([]bool, len(x.set)), seqs: x.seqs}
		}
		return
	}
	clear(rp.rows)
}

// compare reads every recorded row and lists those that differ from the replayed state, and
// the replayed rows that are not there.
func (rp *replay) compare(ctx context.Context, q querier) (bad []rowID, n int, err error) {
	seen := map[rowID]bool{}
	for ti, t := range rp.tables {
		cols := make([]string, len(t.cols))
		for j, c := range t.cols {
			cols[j] = quoteIdent(c)
		}
		rows, err := q.QueryContext(ctx, fmt.Sprintf("SELECT %s, %s FROM %s", quoteIdent(t.key), strings.Join(cols, ", "), quoteIdent(t.name)))
		if err != nil {
			return nil, 0, fmt.Errorf("store: compare %s: %w", t.name, err)
		}
		vals := make([]any, 1+len(t.cols))
		ptrs := make([]any, len(vals))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				rows.Close()
				return nil, 0, fmt.Errorf("store: compare %s: %w", t.name, err)
			}
			n++
			id, _ := rp.id(t.name, vals[0])
			id.table = ti
			seen[id] = true
			r := rp.rows[id]
			if r == nil || r.deleted {
				bad = append(bad, id)
				continue
			}
			for j := range t.cols {
				want := r.hashes[j]
				if !r.set[j] {
					want = rp.hash(t.defaults[j])
				}
				if rp.hash(vals[1+j]) != want {
					bad = append(bad, id)
					break
				}
			}
		}
		if err := rows.Close(); err != nil {
			return nil, 0, fmt.Errorf("store: compare %s: %w", t.name, err)
		}
	}
	for id, r := range rp.rows {
		if !r.deleted && !seen[id] {
			bad = append(bad, id)
		}
	}
	slices.SortFunc(bad, func(a, b rowID) int {
		if a.table != b.table {
			return a.table - b.table
		}
		if a.i != b.i {
			return int(max(-1, min(1, a.i-b.i)))
		}
		return strings.Compare(a.s, b.s)
	})
	return bad, n, nil
}

// explain replays the differing rows in full, from the migrations' rows and the events that
// name them, and says for each what differs, with the event that set it.
func (rp *replay) explain(ctx context.Context, q querier, initial []entry, bad []rowID) ([]RecordProblem, error) {
	if len(bad) == 0 {
		return nil, nil
	}
	rp.only, rp.inBase = map[rowID]*explainedRow{}, false
	var filter [][]byte
	for _, id := range bad {
		n := len(rp.tables[id.table].cols)
		rp.only[id] = &explainedRow{values: make([]any, n), set: make([]bool, n), seqs: make([]int64, n)}
		key, _ := json.Marshal(rowKey(id))
		filter = append(filter, fmt.Appendf(nil, `"t":%q,"k":%s,`, rp.tables[id.table].name, key))
	}
	for _, e := range initial {
		rp.apply(0, e)
	}
	if err := rp.events(ctx, q, filter); err != nil {
		return nil, err
	}
	var out []RecordProblem
	for _, id := range bad {
		t := rp.tables[id.table]
		x := rp.only[id]
		p := RecordProblem{Table: t.name, Key: fmt.Sprint(rowKey(id)), Event: x.seq}
		cols := make([]string, len(t.cols))
		for j, c := range t.cols {
			cols[j] = quoteIdent(c)
		}
		vals := make([]any, len(t.cols))
		ptrs := make([]any, len(vals))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		err := q.QueryRowContext(ctx, fmt.Sprintf("SELECT %s FROM %s WHERE %s = ?", strings.Join(cols, ", "),
			quoteIdent(t.name), quoteIdent(t.key)), rowKey(id)).Scan(ptrs...)
		switch {
		case isNoRows(err):
			p.Expected = "（有此行）"
			out = append(out, p)
			continue
		case err != nil:
			return nil, fmt.Errorf("store: explain %s %v: %w", t.name, rowKey(id), err)
		}
		if !x.exists || x.deleted {
			out = append(out, p) // unrecorded, or deleted by the history
			continue
		}
		named := false
		for j, c := range t.cols {
			want, seq := x.values[j], x.seqs[j]
			if !x.set[j] {
				want, seq = t.defaults[j], 0
			}
			if normalValue(vals[j]) != normalValue(want) {
				out = append(out, RecordProblem{Table: t.name, Key: p.Key, Field: c, Found: showSQL(vals[j]), Expected: showSQL(want), Event: seq})
				named = true
			}
		}
		if !named { // the second reading found no field: say so rather than drop the row
			p.Field, p.Found, p.Expected = "（未能确定）", "与历史不符", "（见历史）"
			out = append(out, p)
		}
	}
	return out, nil
}

// sample picks the rows to name one by one: the first few of each table, so that every table
// that differs is named, and at most MaxRecordProblems in all.
func sample(bad []rowID) []rowID {
	tables := map[int]bool{}
	for _, id := range bad {
		tables[id.table] = true
	}
	perTable := max(1, MaxRecordProblems/max(1, len(tables)))
	var out []rowID
	for i, id := range bad {
		if i >= perTable && bad[i-perTable].table == id.table {
			continue
		}
		out = append(out, id)
	}
	return out[:min(len(out), MaxRecordProblems)]
}

func rowKey(id rowID) any {
	if id.s != "" {
		return id.s
	}
	return id.i
}

// showSQL shows a value for a problem: NULL as "NULL".
func showSQL(v any) string {
	v = normalValue(v)
	if v == nil {
		return "NULL"
	}
	return fmt.Sprint(v)
}

// migrationRows are the recorded rows the migrations alone write (the calendar's holidays…),
// which no event records: read once from a new database built from the embedded migrations.
var migrationRows = sync.OnceValues(func() ([]entry, error) {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "juece-migrations-")
	if err != nil {
		return nil, fmt.Errorf("store: migration rows: %w", err)
	}
	defer os.RemoveAll(dir)
	db, err := Open(ctx, filepath.Join(dir, "fresh.db"))
	if err != nil {
		return nil, fmt.Errorf("store: migration rows: %w", err)
	}
	defer db.Close()
	tables, err := recordedTables(ctx, db.read)
	if err != nil {
		return nil, err
	}
	var out []entry
	for _, t := range tables {
		rows, err := db.read.QueryContext(ctx, fmt.Sprintf("SELECT %s, %s FROM %s", quoteIdent(t.key),
			t.jsonObjectOf(quoteIdent(t.name)), quoteIdent(t.name)))
		if err != nil {
			return nil, fmt.Errorf("store: migration rows of %s: %w", t.name, err)
		}
		for rows.Next() {
			var key any
			var vals []byte
			if err := rows.Scan(&key, &vals); err != nil {
				rows.Close()
				return nil, err
			}
			e := entry{T: t.name, K: key, Op: "i"}
			dec := json.NewDecoder(bytes.NewReader(vals))
			dec.UseNumber()
			if err := dec.Decode(&e.V); err != nil {
				rows.Close()
				return nil, err
			}
			out = append(out, e)
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
	}
	return out, nil
})
