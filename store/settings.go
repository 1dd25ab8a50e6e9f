package store

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
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
	if s.DocPrefixes, err = loadDocPrefixes(ctx, q); err != nil {
		return s, err
	}
	return s, nil
}

// loadDocPrefixes reads the document number prefixes in the order they were set.
func loadDocPrefixes(ctx context.Context, q querier) ([]string, error) {
	out, err := collect(ctx, q, func(r rowScanner) (string, error) {
		var p string
		return p, r.Scan(&p)
	}, "SELECT prefix FROM doc_prefixes ORDER BY id")
	if err != nil {
		return nil, fmt.Errorf("store: document number prefixes: %w", err)
	}
	return out, nil
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
	oldPrefixes, err := loadDocPrefixes(ctx, tx.tx)
	if err != nil {
		return err
	}
	if !slices.Equal(oldPrefixes, s.DocPrefixes) {
		if _, err := tx.tx.ExecContext(ctx, "DELETE FROM doc_prefixes"); err != nil {
			return fmt.Errorf("store: save document number prefixes: %w", err)
		}
		for _, p := range s.DocPrefixes {
			if _, err := tx.tx.ExecContext(ctx, "INSERT INTO doc_prefixes (prefix) VALUES (?)", p); err != nil {
				return fmt.Errorf("store: save document number prefix %q: %w", p, err)
			}
		}
		changes = append(changes, Change{Field: workflow.DocPrefixesLabel, Before: strings.Join(oldPrefixes, "、"), After: strings.Join(s.DocPrefixes, "、")})
	}
	return tx.addEvent(ctx, a, at, Event{Action: "save_settings",
		Summary: fmt.Sprintf("修改期限设置（%d 项有变化）", len(changes)), Changes: changes})
}
