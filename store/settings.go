package store

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"juece/workflow"
)

// Settings loads the admin's settings; a key never saved keeps its workflow.DefaultSettings value.
func (db *DB) Settings(ctx context.Context) (workflow.Settings, error) {
	return loadSettings(ctx, db.read)
}

func loadSettings(ctx context.Context, q querier) (workflow.Settings, error) {
	s := workflow.DefaultSettings
	rows, err := q.QueryContext(ctx, "SELECT key, value FROM settings")
	if err != nil {
		return s, fmt.Errorf("store: settings: %w", err)
	}
	defer rows.Close()
	stored := map[string]int{}
	for rows.Next() {
		var k string
		var v int
		if err := rows.Scan(&k, &v); err != nil {
			return s, err
		}
		stored[k] = v
	}
	if err := rows.Err(); err != nil {
		return s, err
	}
	for _, f := range workflow.SettingFields {
		if v, ok := stored[f.Key]; ok {
			*f.Ptr(&s) = v
		}
	}
	return s, nil
}

// SaveSettings stores every setting, with one event listing those that changed.
func (tx *Tx) SaveSettings(ctx context.Context, a workflow.Actor, at time.Time, s workflow.Settings) error {
	if err := tx.markDue(ctx); err != nil { // the due dates depend on it
		return err
	}
	before := workflow.DefaultSettings
	rows, err := tx.tx.QueryContext(ctx, "SELECT key, value FROM settings")
	if err != nil {
		return fmt.Errorf("store: settings: %w", err)
	}
	stored := map[string]int{}
	for rows.Next() {
		var k string
		var v int
		if err := rows.Scan(&k, &v); err != nil {
			rows.Close()
			return err
		}
		stored[k] = v
	}
	rows.Close()
	var changes []Change
	for _, f := range workflow.SettingFields {
		if v, ok := stored[f.Key]; ok {
			*f.Ptr(&before) = v
		}
		old, now := *f.Ptr(&before), *f.Ptr(&s)
		if _, err := tx.tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`, f.Key, now); err != nil {
			return fmt.Errorf("store: save setting %s: %w", f.Key, err)
		}
		if old != now {
			changes = append(changes, Change{Field: f.Label, Before: strconv.Itoa(old), After: strconv.Itoa(now)})
		}
	}
	return tx.addEvent(ctx, a, at, Event{Action: "save_settings",
		Summary: fmt.Sprintf("修改期限设置（%d 项有变化）", len(changes)), Changes: changes})
}
