package store

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"juece/workflow"
)

// settingField is one workflow.Settings field as the settings table keys it.
type settingField struct {
	key   string
	label string
	ptr   func(*workflow.Settings) *int
}

// settingFields lists every stored setting, in the order the admin page shows them.
var settingFields = []settingField{
	{"min_comment_days", "公开征求意见期限（日）", func(s *workflow.Settings) *int { return &s.MinCommentDays }},
	{"min_review_workdays", "合法性审查时间（工作日）", func(s *workflow.Settings) *int { return &s.MinReviewWorkdays }},
	{"hearing_materials_days", "听证材料提前送达（日）", func(s *workflow.Settings) *int { return &s.HearingMaterialsDays }},
	{"post_eval_months", "公布后开展决策后评估（月）", func(s *workflow.Settings) *int { return &s.PostEvalMonths }},
	{"stage_overdue_days", "单一阶段逾期提示（日）", func(s *workflow.Settings) *int { return &s.StageOverdueDays }},
}

// Settings loads the admin's settings; a key never saved keeps its workflow.DefaultSettings value.
func (db *DB) Settings(ctx context.Context) (workflow.Settings, error) {
	s := workflow.DefaultSettings
	rows, err := db.read.QueryContext(ctx, "SELECT key, value FROM settings")
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
	for _, f := range settingFields {
		if v, ok := stored[f.key]; ok {
			*f.ptr(&s) = v
		}
	}
	return s, nil
}

// SaveSettings stores every setting, with one event listing those that changed.
func (tx *Tx) SaveSettings(ctx context.Context, a workflow.Actor, at time.Time, s workflow.Settings) error {
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
	for _, f := range settingFields {
		if v, ok := stored[f.key]; ok {
			*f.ptr(&before) = v
		}
		old, now := *f.ptr(&before), *f.ptr(&s)
		if _, err := tx.tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`, f.key, now); err != nil {
			return fmt.Errorf("store: save setting %s: %w", f.key, err)
		}
		if old != now {
			changes = append(changes, Change{Field: f.label, Before: strconv.Itoa(old), After: strconv.Itoa(now)})
		}
	}
	return tx.addEvent(ctx, a, at, Event{Action: "save_settings",
		Summary: fmt.Sprintf("修改期限设置（%d 项有变化）", len(changes)), Changes: changes})
}
