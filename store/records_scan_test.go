package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"maps"
	"testing"
)

// TestApplyRowsAgreesWithJSON: the fast reader of an event's rows ends in the state
// encoding/json gives, for the form addEvent writes and for hand-made variants, and leaves to
// encoding/json what it does not read.
func TestApplyRowsAgreesWithJSON(t *testing.T) {
	tables := []recordedTable{
		{name: "comments", key: "id", cols: []string{"id", "body", "disposed_at", "disposed_by"}, defaults: []any{nil, "", int64(0), nil}},
		{name: "calendar_days", key: "day", cols: []string{"day", "kind", "name"}, defaults: []any{nil, nil, ""}},
	}
	cases := []struct {
		rows  string
		plain bool
	}{
		{`[]`, true},
		{`[{"t":"comments","k":3,"op":"i","v":{"id":3,"body":"同意\u003c方案\u003e","disposed_at":0,"disposed_by":null}}]`, true},
		{`[{"t":"comments","k":3,"op":"i","v":{"id":3,"body":"甲","disposed_at":0,"disposed_by":null}},{"t":"comments","k":3,"op":"u","v":{"body":"乙\n\"丙\""}}]`, true},
		{`[{"t":"comments","k":3,"op":"i","v":{"id":3,"body":"甲"}},{"t":"comments","k":3,"op":"d"}]`, true},
		{`[{"t":"calendar_days","k":"2026-10-01","op":"b","v":{"day":"2026-10-01","kind":"off","name":"国庆节"}}]`, true},
		{` [ { "t" : "comments" , "k" : 4 , "op" : "u" , "v" : { "disposed_at" : 1759194000000 , "disposed_by" : 7 } } ] `, true},
		{`[{"t":"elsewhere","k":1,"op":"i","v":{"x":1}}]`, true},
		{`[{"t":"comments","k":5,"op":"i","v":{"id":5,"body":true,"disposed_at":1.0}}]`, true},
		{`[{"k":6,"t":"comments","op":"i","v":{"id":6,"body":"倒序"}}]`, false},
		{`[{"t":"comments","k":7,"v":{"id":7},"op":"i"}]`, false},
	}
	for _, c := range cases {
		fast, slow := newReplay(tables), newReplay(tables)
		slow.seed = fast.seed
		err := fast.applyRows(9, []byte(c.rows))
		if (err == nil) != c.plain || (err != nil && !errors.Is(err, errNotPlain)) {
			t.Errorf("%s: %v", c.rows, err)
			continue
		}
		dec := json.NewDecoder(bytes.NewReader([]byte(c.rows)))
		dec.UseNumber()
		var entries []entry
		if err := dec.Decode(&entries); err != nil {
			t.Fatalf("%s: %v", c.rows, err)
		}
		for _, e := range entries {
			slow.apply(9, e)
			if !c.plain {
				fast.apply(9, e) // what the caller does after errNotPlain
			}
		}
		if !maps.EqualFunc(fast.rows, slow.rows, func(a, b *replayedRow) bool {
			return a.seq == b.seq && a.deleted == b.deleted && bytes.Equal(u32(a.hashes, a.set), u32(b.hashes, b.set))
		}) {
			t.Errorf("%s: the fast reader and encoding/json disagree", c.rows)
		}
	}
}

// u32 lays out the set columns' hashes for comparing.
func u32(h []uint32, set []bool) []byte {
	var b []byte
	for i, x := range h {
		if set[i] {
			b = append(b, byte(i), byte(x), byte(x>>8), byte(x>>16), byte(x>>24))
		}
	}
	return b
}

// FuzzApplyRows: on any bytes the fast reader neither panics nor disagrees with encoding/json:
// what it reads whole, encoding/json reads to the same state.
func FuzzApplyRows(f *testing.F) {
	f.Add([]byte(`[{"t":"comments","k":3,"op":"i","v":{"id":3,"body":"同意\u003c方案\u003e","disposed_at":0,"disposed_by":null}}]`))
	f.Add([]byte(`[{"t":"calendar_days","k":"2026-10-01","op":"b","v":{"day":"2026-10-01","kind":"off","name":"国庆节"}},{"t":"comments","k":3,"op":"d"}]`))
	f.Add([]byte(` [ { "t" : "comments" , "k" : 4 , "op" : "u" , "v" : { "disposed_at" : 1.5e3 , "body" : "\ud83d\ude00" } } ] `))
	tables := []recordedTable{
		{name: "comments", key: "id", cols: []string{"id", "body", "disposed_at", "disposed_by"}, defaults: []any{nil, "", int64(0), nil}},
		{name: "calendar_days", key: "day", cols: []string{"day", "kind", "name"}, defaults: []any{nil, nil, ""}},
	}
	f.Fuzz(func(t *testing.T, text []byte) {
		fast := newReplay(tables)
		if err := fast.applyRows(1, text); err != nil {
			return // left to encoding/json
		}
		slow := newReplay(tables)
		slow.seed = fast.seed
		dec := json.NewDecoder(bytes.NewReader(text))
		dec.UseNumber()
		var entries []entry
		if err := dec.Decode(&entries); err != nil {
			t.Fatalf("read by the fast reader, refused by encoding/json: %q: %v", text, err)
		}
		for _, e := range entries {
			slow.apply(1, e)
		}
		if !maps.EqualFunc(fast.rows, slow.rows, func(a, b *replayedRow) bool {
			return a.seq == b.seq && a.deleted == b.deleted && bytes.Equal(u32(a.hashes, a.set), u32(b.hashes, b.set))
		}) {
			t.Fatalf("the readers disagree on %q", text)
		}
	})
}
