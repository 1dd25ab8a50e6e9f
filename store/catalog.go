package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"juece/workflow"
)

// The yearly decision catalog (决策事项目录, 条例第3条): the government office (the secretary)
// drafts the year's items, publishes the year, and each decision may name the item it carries out.

// CatalogItem is one item of a year's catalog, with the decision that carries it out, if any.
type CatalogItem struct {
	ID          int64
	Year        int
	Seq         int // 序号 within the year, from 1
	Title       string
	UnitID      int64
	UnitName    string
	Planned     string    // planned time, e.g. 2027年第二季度
	PublishedOn time.Time // zero until the year's catalog is published
	Version     int64

	DecisionID    int64 // 0 when no decision is linked (未启动)
	DecisionTitle string
	DecisionState workflow.State
}

// Published says whether the item has been published.
func (it CatalogItem) Published() bool { return !it.PublishedOn.IsZero() }

// ErrBadCatalogItem is wrapped by the catalog writes when an item is malformed.
var ErrBadCatalogItem = errors.New("store: bad catalog item")

// ErrCatalogTaken is returned when linking a decision to an item another decision already carries out.
var ErrCatalogTaken = errors.New("store: catalog item already linked to another decision")

// Longest title and planned time of a catalog item, in characters.
const (
	maxCatalogTitle   = 200
	maxCatalogPlanned = 50
)

func checkCatalogItem(it CatalogItem) error {
	switch {
	case it.Year < 2000 || it.Year > 2100:
		return fmt.Errorf("%w: 年度 %d 无效", ErrBadCatalogItem, it.Year)
	case strings.TrimSpace(it.Title) == "" || !utf8.ValidString(it.Title) || utf8.RuneCountInString(it.Title) > maxCatalogTitle:
		return fmt.Errorf("%w: 事项名称不能为空，不超过 %d 字", ErrBadCatalogItem, maxCatalogTitle)
	case !utf8.ValidString(it.Planned) || utf8.RuneCountInString(it.Planned) > maxCatalogPlanned:
		return fmt.Errorf("%w: 计划时间不超过 %d 字", ErrBadCatalogItem, maxCatalogPlanned)
	}
	return nil
}

func catalogFields(it CatalogItem) []field {
	return []field{{"事项名称", it.Title}, {"承办单位", it.UnitName}, {"计划完成时间", it.Planned}}
}

func (tx *Tx) unitName(ctx context.Context, id int64) (string, error) {
	var name string
	if err := tx.tx.QueryRowContext(ctx, "SELECT name FROM units WHERE id = ?", id).Scan(&name); err != nil {
		return "", fmt.Errorf("store: unit %d: %w", id, notFound(err))
	}
	return name, nil
}

// AddCatalogItem appends an item to its year's catalog (the next 序号) and returns its id.
// An item added after the year was published stays unpublished until the year is published again.
func (tx *Tx) AddCatalogItem(ctx context.Context, a workflow.Actor, at time.Time, it CatalogItem) (int64, error) {
	if err := checkCatalogItem(it); err != nil {
		return 0, err
	}
	name, err := tx.unitName(ctx, it.UnitID)
	if err != nil {
		return 0, err
	}
	it.UnitName = name
	var id int64
	err = tx.savepoint(ctx, func() error {
		if err := tx.tx.QueryRowContext(ctx, "SELECT coalesce(max(seq), 0) + 1 FROM catalog_items WHERE year = ?", it.Year).Scan(&it.Seq); err != nil {
			return fmt.Errorf("store: catalog %d: %w", it.Year, err)
		}
		res, err := tx.tx.ExecContext(ctx, `INSERT INTO catalog_items (year, seq, title, unit_id, planned, created_at, version)
			VALUES (?, ?, ?, ?, ?, ?, 1)`, it.Year, it.Seq, it.Title, it.UnitID, it.Planned, ms(at))
		if err != nil {
			return fmt.Errorf("store: add catalog item %q: %w", it.Title, err)
		}
		if id, err = res.LastInsertId(); err != nil {
			return err
		}
		return tx.addEvent(ctx, a, at, Event{Action: "add_catalog_item",
			Summary: fmt.Sprintf("%d年决策事项目录：新增第%d项 %s", it.Year, it.Seq, it.Title),
			Changes: diffFields(nil, catalogFields(it))})
	})
	return id, err
}

// UpdateCatalogItem edits an item's title, unit and planned time. version is the item's version
// the form was built on: a stale one gets ErrConflict.
func (tx *Tx) UpdateCatalogItem(ctx context.Context, a workflow.Actor, at time.Time, id, version int64, title string, unitID int64, planned string) error {
	old, err := catalogItem(ctx, tx.tx, id)
	if err != nil {
		return err
	}
	if old.Version != version {
		return fmt.Errorf("store: catalog item %d is no longer at version %d: %w", id, version, ErrConflict)
	}
	nw := old
	nw.Title, nw.UnitID, nw.Planned = title, unitID, planned
	if err := checkCatalogItem(nw); err != nil {
		return err
	}
	if nw.UnitName, err = tx.unitName(ctx, unitID); err != nil {
		return err
	}
	return tx.savepoint(ctx, func() error {
		_, err := tx.tx.ExecContext(ctx, `UPDATE catalog_items SET title = ?, unit_id = ?, planned = ?, version = version + 1
			WHERE id = ? AND version = ?`, title, unitID, planned, id, version)
		if err != nil {
			return fmt.Errorf("store: update catalog item %d: %w", id, err)
		}
		return tx.addEvent(ctx, a, at, Event{Action: "edit_catalog_item",
			Summary: fmt.Sprintf("%d年决策事项目录：修改第%d项", old.Year, old.Seq),
			Changes: diffFields(catalogFields(old), catalogFields(nw))})
	})
}

// PublishCatalog publishes a year's catalog: every item of the year not yet published gets
// published_on. It returns how many items it published; a year without items is ErrNotFound.
func (tx *Tx) PublishCatalog(ctx context.Context, a workflow.Actor, at time.Time, year int) (int, error) {
	var total int
	if err := tx.tx.QueryRowContext(ctx, "SELECT count(*) FROM catalog_items WHERE year = ?", year).Scan(&total); err != nil {
		return 0, fmt.Errorf("store: catalog %d: %w", year, err)
	}
	if total == 0 {
		return 0, fmt.Errorf("store: catalog %d has no items: %w", year, ErrNotFound)
	}
	var n int64
	err := tx.savepoint(ctx, func() error {
		res, err := tx.tx.ExecContext(ctx, "UPDATE catalog_items SET published_on = ?, version = version + 1 WHERE year = ? AND published_on = 0", ms(at), year)
		if err != nil {
			return fmt.Errorf("store: publish catalog %d: %w", year, err)
		}
		if n, err = res.RowsAffected(); err != nil {
			return err
		}
		return tx.addEvent(ctx, a, at, Event{Action: "publish_catalog",
			Summary: fmt.Sprintf("公布%d年决策事项目录（%d项，本次公布%d项）", year, total, n),
			Changes: []Change{{Field: "公布日期", After: showDate(at)}}})
	})
	return int(n), err
}

const catalogSelect = `SELECT c.id, c.year, c.seq, c.title, c.unit_id, u.name, c.planned, c.published_on, c.version,
	coalesce(d.id, 0), coalesce(d.title, ''), coalesce(d.state, '')
	FROM catalog_items c JOIN units u ON u.id = c.unit_id LEFT JOIN decisions d ON d.catalog_item_id = c.id`

func scanCatalogItem(r rowScanner) (CatalogItem, error) {
	var it CatalogItem
	var pub int64
	var state string
	err := r.Scan(&it.ID, &it.Year, &it.Seq, &it.Title, &it.UnitID, &it.UnitName, &it.Planned, &pub, &it.Version,
		&it.DecisionID, &it.DecisionTitle, &state)
	if pub != 0 {
		it.PublishedOn = fromMS(pub)
	}
	it.DecisionState = workflow.State(state)
	return it, err
}

func catalogItem(ctx context.Context, q querier, id int64) (CatalogItem, error) {
	it, err := scanCatalogItem(q.QueryRowContext(ctx, catalogSelect+" WHERE c.id = ?", id))
	if err != nil {
		return CatalogItem{}, fmt.Errorf("store: catalog item %d: %w", id, notFound(err))
	}
	return it, nil
}

// CatalogItem loads one item with its linked decision.
func (db *DB) CatalogItem(ctx context.Context, id int64) (CatalogItem, error) {
	return catalogItem(ctx, db.read, id)
}

// CatalogItems lists a year's items by 序号, each with the decision that carries it out.
func (db *DB) CatalogItems(ctx context.Context, year int) ([]CatalogItem, error) {
	out, err := collect(ctx, db.read, scanCatalogItem, catalogSelect+" WHERE c.year = ? ORDER BY c.seq", year)
	if err != nil {
		return nil, fmt.Errorf("store: catalog %d: %w", year, err)
	}
	return out, nil
}

// CatalogPublished says whether a year's catalog has been published (any of its items is).
func (db *DB) CatalogPublished(ctx context.Context, year int) (bool, error) {
	var n int
	err := db.read.QueryRowContext(ctx, "SELECT count(*) FROM catalog_items WHERE year = ? AND published_on != 0", year).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("store: catalog %d: %w", year, err)
	}
	return n > 0, nil
}

// LinkCatalogItem records which catalog item decision d carries out; itemID 0 removes the link.
// The item must belong to the decision's unit and not be carried out by another decision.
func (tx *Tx) LinkCatalogItem(ctx context.Context, a workflow.Actor, at time.Time, d *workflow.Decision, itemID int64) error {
	var it, old CatalogItem
	if itemID != 0 {
		var err error
		if it, err = catalogItem(ctx, tx.tx, itemID); err != nil {
			return err
		}
		if it.UnitID != d.UnitID {
			return fmt.Errorf("%w: 目录第%d项不属于本单位", ErrBadCatalogItem, it.Seq)
		}
		if it.DecisionID != 0 && it.DecisionID != d.ID {
			return fmt.Errorf("store: catalog item %d: %w", itemID, ErrCatalogTaken)
		}
	}
	show := func(c CatalogItem) string {
		if c.ID == 0 {
			return ""
		}
		return fmt.Sprintf("%d年第%d项 %s", c.Year, c.Seq, c.Title)
	}
	err := tx.change(ctx, a, at, d, func() (Event, error) {
		var cur int64
		if err := tx.tx.QueryRowContext(ctx, "SELECT coalesce(catalog_item_id, 0) FROM decisions WHERE id = ?", d.ID).Scan(&cur); err != nil {
			return Event{}, fmt.Errorf("store: decision %d: %w", d.ID, notFound(err))
		}
		if cur != 0 {
			var err error
			if old, err = catalogItem(ctx, tx.tx, cur); err != nil {
				return Event{}, err
			}
		}
		var arg any
		if itemID != 0 {
			arg = itemID
		}
		if _, err := tx.tx.ExecContext(ctx, "UPDATE decisions SET catalog_item_id = ? WHERE id = ?", arg, d.ID); err != nil {
			return Event{}, fmt.Errorf("store: link decision %d to catalog item %d: %w", d.ID, itemID, err)
		}
		summary := fmt.Sprintf("关联决策事项目录第%d项：%s（%d年）", it.Seq, it.Title, it.Year)
		if itemID == 0 {
			summary = "取消关联决策事项目录"
		}
		return Event{Action: "link_catalog_item", Summary: summary,
			Changes: diffFields([]field{{"决策事项目录", show(old)}}, []field{{"决策事项目录", show(it)}})}, nil
	})
	if err != nil {
		return err
	}
	d.CatalogItem = itemID
	return nil
}
