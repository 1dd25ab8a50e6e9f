package store

import (
	"context"
	"fmt"
	"time"

	"juece/workflow"
)

// Body is an organisation that may assess a decision before it is taken or evaluate it after:
// a unit of the government, or a third-party body the admin registered. Key names it for the
// comparison 条例第36条 asks for.
type Body struct {
	Key  string // "unit:<id>" or "body:<id>"
	Name string
}

// Bodies lists the units (their staff's units first) and then the registered third parties.
func (db *DB) Bodies(ctx context.Context) ([]Body, error) {
	var out []Body
	err := db.readTx(ctx, func(q querier) error {
		units, err := collect(ctx, q, func(r rowScanner) (Body, error) {
			var b Body
			var id int64
			err := r.Scan(&id, &b.Name)
			b.Key = fmt.Sprintf("unit:%d", id)
			return b, err
		}, `SELECT id, name FROM units WHERE kind <> 'admin' ORDER BY id`)
		if err != nil {
			return err
		}
		parties, err := collect(ctx, q, func(r rowScanner) (Body, error) {
			var b Body
			var id int64
			err := r.Scan(&id, &b.Name)
			b.Key = fmt.Sprintf("body:%d", id)
			return b, err
		}, `SELECT id, name FROM third_parties ORDER BY id`)
		out = append(units, parties...)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: bodies: %w", err)
	}
	return out, nil
}

// AddThirdParty registers a third-party body, with its event.
func (tx *Tx) AddThirdParty(ctx context.Context, a workflow.Actor, at time.Time, name string) (int64, error) {
	res, err := tx.tx.ExecContext(ctx, "INSERT INTO third_parties(name, created_at) VALUES (?, ?)", name, ms(at))
	if err != nil {
		return 0, fmt.Errorf("store: add third party %q: %w", name, err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, err
	}
	return id, tx.addEvent(ctx, a, at, Event{Action: "add_third_party", Summary: "登记第三方机构：" + name,
		Changes: []Change{{Field: "第三方机构", After: name}}})
}
