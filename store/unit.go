package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"juece/workflow"
)

// UnitKind says what a unit does in the procedure.
type UnitKind string

// The unit kinds.
const (
	UnitUndertaking UnitKind = "undertaking" // 承办单位
	UnitLegal       UnitKind = "legal"       // 法制机构
	UnitOffice      UnitKind = "office"      // 政府办公室
	UnitAudit       UnitKind = "audit"       // 审计
	UnitAdmin       UnitKind = "admin"       // 系统管理
)

// Unit is an organisation whose staff use juece.
type Unit struct {
	ID   int64
	Name string
	Kind UnitKind
}

// CreateUnit adds a unit.
func (tx *Tx) CreateUnit(ctx context.Context, a workflow.Actor, at time.Time, name string, kind UnitKind) (int64, error) {
	res, err := tx.tx.ExecContext(ctx, "INSERT INTO units(name, kind, created_at) VALUES (?, ?, ?)", name, string(kind), ms(at))
	if err != nil {
		return 0, fmt.Errorf("store: create unit %q: %w", name, err)
	}
	id, _ := res.LastInsertId()
	return id, tx.addEvent(ctx, a, at, Event{Action: "add_unit", Summary: "新增单位：" + name,
		Changes: []Change{{Field: "单位", After: name}}})
}

// Units lists every unit by id.
func (db *DB) Units(ctx context.Context) ([]Unit, error) {
	rows, err := db.read.QueryContext(ctx, "SELECT id, name, kind FROM units ORDER BY id")
	if err != nil {
		return nil, fmt.Errorf("store: units: %w", err)
	}
	defer rows.Close()
	var out []Unit
	for rows.Next() {
		var u Unit
		if err := rows.Scan(&u.ID, &u.Name, &u.Kind); err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// UnitByName finds a unit by its name.
func (db *DB) UnitByName(ctx context.Context, name string) (Unit, error) {
	var u Unit
	err := db.read.QueryRowContext(ctx, "SELECT id, name, kind FROM units WHERE name = ?", name).Scan(&u.ID, &u.Name, &u.Kind)
	if errors.Is(err, sql.ErrNoRows) {
		return Unit{}, fmt.Errorf("store: unit %q: %w", name, ErrNotFound)
	}
	return u, err
}
