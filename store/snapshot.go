package store

import (
	"container/list"
	"context"
	"fmt"
	"reflect"
	"sync"

	"juece/workflow"
)

// A page loads its decision with every stage's records: some fifteen queries. The snapshots
// keep the loaded decisions in memory, each under the decision's change counter, and a reader
// asks the database only for that counter (one index look-up) before using a kept one.
//
// The counter is the decision's version together with the id of its latest history event.
// Every write to anything a snapshot holds writes an event naming the decision in the same
// transaction (store rule: no change without its event), including the writes that leave the
// version alone on purpose (public comments, hearing sign-ups, implementation opinions,
// accountability cases); so a newer write always means a newer counter. The counter is read
// from the database on every call, after any write the reader made has committed (and again in
// the transaction that loads the decision, which is kept under it): a reader never gets a
// snapshot older than its own last write, and a write from another process (the CLI) is seen
// as well.
//
// Callers may change what they get (the write path fills in records as it writes), so a
// reader gets its own deep copy; the write transaction never reads from here.

// snapshotCacheBytes bounds the memory the kept snapshots take, by their estimated size.
const snapshotCacheBytes = 24 << 20

// changeCounter says which writes a snapshot has seen.
type changeCounter struct {
	version   int64
	lastEvent int64
}

// newerThan reports whether c is from a later write than o.
func (c changeCounter) newerThan(o changeCounter) bool {
	return c.version > o.version || (c.version == o.version && c.lastEvent > o.lastEvent)
}

type snapshotKey struct {
	id    int64
	parts Parts
}

type snapshotEntry struct {
	key     snapshotKey
	counter changeCounter
	d       *workflow.Decision
	size    int
}

// snapshots is a least-recently-used cache of loaded decisions, bounded by size.
type snapshots struct {
	mu    sync.Mutex
	max   int
	used  int
	order *list.List // front: most recently used
	m     map[snapshotKey]*list.Element
	parts map[int64]map[Parts]bool // the parts kept of each decision, for drop
}

func newSnapshots(max int) *snapshots {
	return &snapshots{max: max, order: list.New(), m: map[snapshotKey]*list.Element{}, parts: map[int64]map[Parts]bool{}}
}

// get is a copy of the snapshot kept for k at counter c, or nil.
func (s *snapshots) get(k snapshotKey, c changeCounter) *workflow.Decision {
	s.mu.Lock()
	el, ok := s.m[k]
	if !ok || el.Value.(*snapshotEntry).counter != c {
		s.mu.Unlock()
		return nil
	}
	s.order.MoveToFront(el)
	d := el.Value.(*snapshotEntry).d
	s.mu.Unlock()
	return deepCopy(d) // the kept one is never changed: copied outside the lock
}

// put keeps a copy of d, loaded at counter c, unless a later one is kept already or d alone
// would take more than the bound.
func (s *snapshots) put(k snapshotKey, c changeCounter, d *workflow.Decision) {
	size := sizeOf(reflect.ValueOf(d))
	if size > s.max/4 {
		return
	}
	d = deepCopy(d)
	s.mu.Lock()
	defer s.mu.Unlock()
	if el, ok := s.m[k]; ok {
		if el.Value.(*snapshotEntry).counter.newerThan(c) {
			return // a reader that began before a write came back after one that began after it
		}
		s.remove(el)
	}
	s.m[k] = s.order.PushFront(&snapshotEntry{key: k, counter: c, d: d, size: size})
	if s.parts[k.id] == nil {
		s.parts[k.id] = map[Parts]bool{}
	}
	s.parts[k.id][k.parts] = true
	s.used += size
	for s.used > s.max {
		s.remove(s.order.Back())
	}
}

// drop forgets every snapshot of the decisions ids: they changed, so those are of no more use.
func (s *snapshots) drop(ids map[int64]bool) {
	if len(ids) == 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for id := range ids {
		for p := range s.parts[id] {
			s.remove(s.m[snapshotKey{id, p}])
		}
	}
}

func (s *snapshots) remove(el *list.Element) {
	e := s.order.Remove(el).(*snapshotEntry)
	delete(s.m, e.key)
	if delete(s.parts[e.key.id], e.key.parts); len(s.parts[e.key.id]) == 0 {
		delete(s.parts, e.key.id)
	}
	s.used -= e.size
}

// stats is the number of kept snapshots and their estimated size in bytes.
func (s *snapshots) stats() (n, bytes int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.m), s.used
}

// readCounter reads the change counter of decision id.
func readCounter(ctx context.Context, q querier, id int64) (changeCounter, error) {
	var c changeCounter
	err := q.QueryRowContext(ctx, `SELECT d.version, coalesce((SELECT max(e.id) FROM events e WHERE e.decision_id = d.id), 0)
		FROM decisions d WHERE d.id = ?`, id).Scan(&c.version, &c.lastEvent)
	if err != nil {
		return c, fmt.Errorf("store: decision %d: %w", id, notFound(err))
	}
	return c, nil
}

// deepCopy copies d with everything it points to, so that changing the copy leaves d alone.
func deepCopy(d *workflow.Decision) *workflow.Decision {
	return copyValue(reflect.ValueOf(d)).Interface().(*workflow.Decision)
}

// copyValue deep-copies v. Exported fields are copied deeply; unexported ones (time.Time's
// location) are shared, being immutable.
func copyValue(v reflect.Value) reflect.Value {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return v
		}
		p := reflect.New(v.Type().Elem())
		p.Elem().Set(copyValue(v.Elem()))
		return p
	case reflect.Slice:
		if v.IsNil() {
			return v
		}
		s := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		if plain(v.Type().Elem()) {
			reflect.Copy(s, v)
			return s
		}
		for i := range v.Len() {
			s.Index(i).Set(copyValue(v.Index(i)))
		}
		return s
	case reflect.Map:
		if v.IsNil() || v.Type() == valuesType {
			return v
		}
		m := reflect.MakeMapWithSize(v.Type(), v.Len())
		for it := v.MapRange(); it.Next(); {
			m.SetMapIndex(copyValue(it.Key()), copyValue(it.Value()))
		}
		return m
	case reflect.Struct:
		if plain(v.Type()) {
			return v
		}
		s := reflect.New(v.Type()).Elem()
		s.Set(v)
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				s.Field(i).Set(copyValue(v.Field(i)))
			}
		}
		return s
	case reflect.Interface:
		if v.IsNil() {
			return v
		}
		c := reflect.New(v.Type()).Elem()
		c.Set(copyValue(v.Elem()))
		return c
	}
	return v
}

var plainTypes sync.Map // reflect.Type → bool

var valuesType = reflect.TypeFor[workflow.Values]()

// plain reports whether a value of type t holds no pointer, slice, map or interface in an
// exported field (strings are immutable): copying it by assignment is a deep copy.
func plain(t reflect.Type) bool {
	if p, ok := plainTypes.Load(t); ok {
		return p.(bool)
	}
	p := true
	switch t.Kind() {
	case reflect.Map:
		p = t == valuesType // a record's added fields are never changed in place: shared
	case reflect.Pointer, reflect.Slice, reflect.Interface, reflect.Chan, reflect.Func:
		p = false
	case reflect.Array:
		p = plain(t.Elem())
	case reflect.Struct:
		for i := range t.NumField() {
			if f := t.Field(i); f.IsExported() && !plain(f.Type) {
				p = false
				break
			}
		}
	}
	plainTypes.Store(t, p)
	return p
}

// sizeOf estimates the memory v takes: its own size plus what it points to.
func sizeOf(v reflect.Value) int {
	n := int(v.Type().Size())
	return n + sizeBehind(v)
}

// sizeBehind is the memory v points to (strings' bytes, slices' arrays, maps' entries).
func sizeBehind(v reflect.Value) int {
	switch v.Kind() {
	case reflect.String:
		return v.Len()
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return 0
		}
		return sizeOf(v.Elem())
	case reflect.Slice:
		n := v.Cap() * int(v.Type().Elem().Size())
		for i := range v.Len() {
			n += sizeBehind(v.Index(i))
		}
		return n
	case reflect.Map:
		n := 48 // the map's header
		for it := v.MapRange(); it.Next(); {
			n += sizeOf(it.Key()) + sizeOf(it.Value())
		}
		return n
	case reflect.Struct:
		n := 0
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				n += sizeBehind(v.Field(i))
			}
		}
		return n
	case reflect.Array:
		n := 0
		for i := range v.Len() {
			n += sizeBehind(v.Index(i))
		}
		return n
	}
	return 0
}
