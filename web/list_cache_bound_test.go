package web

import (
	"bytes"
	"testing"
	"time"

	"juece/workflow"
)

// A kept list is served only at its head and within its time, a list of an older head never
// replaces one of a newer, and the lists stay within their bound.
func TestKeptListsBounded(t *testing.T) {
	k := newKeptLists(10 << 10)
	from := time.Date(2026, 3, 2, 9, 0, 0, 0, workflow.Shanghai)
	until := from.Add(time.Hour)
	key := listKey{list: "worklist", role: workflow.RoleSecretary}
	part := [][]byte{make([]byte, 1<<10)}
	k.put(key, keptList{head: 5, from: from, until: until, parts: part})
	for _, c := range []struct {
		head int64
		at   time.Time
		kept bool
	}{{5, from, true}, {5, until.Add(-time.Second), true}, {5, until, false}, {5, from.Add(-time.Second), false}, {6, from, false}, {4, from, false}} {
		if got := k.page(key, c.head, c.at) != nil; got != c.kept {
			t.Fatalf("head %d at %s: kept %v, want %v", c.head, c.at.Format(time.TimeOnly), got, c.kept)
		}
	}
	k.put(key, keptList{head: 4, from: from, until: until, parts: part})
	if k.page(key, 5, from) == nil {
		t.Fatal("a list of an older head replaced a newer")
	}
	k.put(key, keptList{head: 6, from: from, until: until, parts: part})
	if k.page(key, 6, from) == nil || k.page(key, 5, from) != nil {
		t.Fatal("a list of a newer head did not replace the older")
	}
	for unit := range int64(20) {
		k.put(listKey{list: "worklist", role: workflow.RoleClerk, unit: unit}, keptList{head: 6, from: from, until: until, parts: part})
	}
	if k.used > k.max || k.order.Len() != 10 || k.page(listKey{list: "worklist", role: workflow.RoleClerk, unit: 19}, 6, from) == nil {
		t.Fatalf("%d bytes in %d lists kept, bound %d", k.used, k.order.Len(), k.max)
	}
	if k.put(key, keptList{head: 7, from: from, until: until, parts: [][]byte{make([]byte, 4<<10)}}); k.page(key, 7, from) != nil {
		t.Fatal("a list over an eighth of the bound was kept")
	}
}

// TestKeptPartsOwnTheirBytes: a kept part is split where the slot stands and owns exactly its
// bytes, not the render's larger buffer, which the bound would not count.
func TestKeptPartsOwnTheirBytes(t *testing.T) {
	slot := []byte("csrf-SLOT")
	buf := make([]byte, 0, 4096)
	buf = append(buf, "<form><input value=\"csrf-SLOT\"></form><form>csrf-SLOT</form>"...)
	parts := keptParts(buf, slot)
	if got := string(bytes.Join(parts, slot)); got != string(buf) {
		t.Fatalf("joined again: %q, want %q", got, buf)
	}
	total := 0
	for _, p := range parts {
		if cap(p) != len(p) {
			t.Errorf("part %q has capacity %d: it could grow into the next", p, cap(p))
		}
		total += len(p)
	}
	if len(parts) != 3 || total != len(buf)-2*len(slot) {
		t.Fatalf("%d parts of %d bytes", len(parts), total)
	}
	if &parts[0][0] == &buf[0] {
		t.Fatal("the parts share the render's buffer")
	}
}
