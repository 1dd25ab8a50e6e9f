package store

import "context"

// HistoryHead is the id of the latest history event of the whole database: every write moves
// it in its own transaction (store rule: no change without its event), so what was read or
// drawn after reading it may be kept under it until it moves, as the memo (memo.go) and the
// kept list pages of package web do. Read after a reader's own write has committed, it is at
// least that write's event.
func (db *DB) HistoryHead(ctx context.Context) (int64, error) {
	return historyHead(ctx, db.read)
}
