package store

import (
	"context"
	"fmt"

	"juece/workflow"
)

// PageStamp says which writes a rendered decision page has seen. A page shows more than its
// decision (names of accounts, the catalog items a unit may link, the bodies, the settings and
// calendar behind its due dates), and every write to any of those writes a history event in
// the same transaction (store rule: no change without its event): the head of the history,
// read with the decision's row, is newer after any write that could change the page.
type PageStamp struct {
	UnitID  int64 // the decision's unit, for who may see it
	Kind    workflow.Kind
	Version int64
	Head    int64 // the id of the latest history event of the whole database
}

// PageStamp reads the stamp of decision id in one statement, so the three agree; ErrNotFound
// when there is no such decision.
func (db *DB) PageStamp(ctx context.Context, id int64) (PageStamp, error) {
	var s PageStamp
	err := db.read.QueryRowContext(ctx, `SELECT unit_id, kind, version, coalesce((SELECT max(id) FROM events), 0)
		FROM decisions WHERE id = ?`, id).Scan(&s.UnitID, &s.Kind, &s.Version, &s.Head)
	if err != nil {
		return s, fmt.Errorf("store: decision %d: %w", id, notFound(err))
	}
	return s, nil
}
