package store

import (
	"context"
	"fmt"
	"sync"
)

// The lists (the worklists, the decision list with its filters) and the search's count are
// asked again and again with the same arguments between two writes. The memo keeps their
// answers under the head of the history: every write to a decision, a unit or anything else a
// list shows writes an event in the same transaction (store rule: no change without its
// event), so a newer head means the answers may have changed and they are all forgotten. The
// head is read on every call, after any write the reader made has committed: a reader never
// gets an answer older than its own write, nor than anyone's write that committed before it
// asked.

// memoEntries bounds how many answers are kept: a list of 100 rows is some 30 KB.
const memoEntries = 256

// memo is the answers read since the head it holds.
type memo struct {
	mu   sync.Mutex
	head int64
	m    map[string]any
}

// historyHead is the id of the latest history event of the whole database.
func historyHead(ctx context.Context, q querier) (int64, error) {
	var head int64
	if err := q.QueryRowContext(ctx, "SELECT coalesce(max(id), 0) FROM events").Scan(&head); err != nil {
		return 0, fmt.Errorf("store: history head: %w", err)
	}
	return head, nil
}

// remembered answers key from the memo when nothing was written since it was kept, and
// otherwise with load, keeping the answer. The answer is shared between callers: they must
// not change it.
func remembered[T any](ctx context.Context, db *DB, key string, load func() (T, error)) (T, error) {
	head, err := historyHead(ctx, db.read)
	if err != nil {
		var zero T
		return zero, err
	}
	m := &db.memo
	m.mu.Lock()
	if v, ok := m.m[key]; ok && m.head == head {
		m.mu.Unlock()
		return v.(T), nil
	}
	m.mu.Unlock()
	// Loaded after the head was read: at least as new as it, so keeping it under the head is
	// safe (a later head forgets it).
	v, err := load()
	if err != nil {
		return v, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	switch {
	case head < m.head:
		return v, nil // a write came between: those kept are newer
	case head > m.head || m.m == nil || len(m.m) >= memoEntries:
		m.head, m.m = head, map[string]any{}
	}
	m.m[key] = v
	return v, nil
}
