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
	RemovedOn   time.Time // set when the item's removal is published (an adjustment)
	Version     int64
	Reason      string // input only: why an item is added after the year was published

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
// An item added after the year was published is an adjustment: it needs it.Reason and stays
// unpublished until the year is published again.
func (tx *Tx) AddCatalogItem(ctx context.Context, a workflow.Actor, at time.Time, it CatalogItem) (int64, error) {
	if err := checkCatalogItem(it); err != nil {
		return 0, err
	}
	published, err := catalogPublished(ctx, tx.tx, it.Year)
	if err != nil {
		return 0, err
	}
	if published && strings.TrimSpace(it.Reason) == "" {
		return 0, fmt.Errorf("%w: 目录已经公布，新增事项属于目录调整，须说明理由", ErrBadCatalogItem)
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
		fields := catalogFields(it)
		if published {
			if _, err := tx.tx.ExecContext(ctx, `INSERT INTO catalog_adjustments (year, item_id, kind, reason, created_at)
				VALUES (?, ?, 'add', ?, ?)`, it.Year, id, it.Reason, ms(at)); err != nil {
				return fmt.Errorf("store: catalog adjustment: %w", err)
			}
			fields = append(fields, field{"调整理由", it.Reason})
		}
		return tx.addEvent(ctx, a, at, Event{Action: "add_catalog_item",
			Summary: fmt.Sprintf("%d年决策事项目录：新增第%d项 %s", it.Year, it.Seq, it.Title),
			Changes: diffFields(nil, fields)})
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

// PartyAgreement is the Party committee's agreement to publish a year's catalog or its
// adjustments (条例第3条: 经同级党委同意后向社会公布): its date and the document recording it.
type PartyAgreement struct {
	AgreedOn time.Time
	Document string
}

// PublishCatalog publishes what is pending in a year's catalog, with the Party committee's
// agreement: every item not yet published, and the changes and removals of published items
// (applied now). It returns how many items and adjustments it published; a year without items
// is ErrNotFound, one with nothing pending or an agreement missing or dated after today is
// ErrBadCatalogItem.
func (tx *Tx) PublishCatalog(ctx context.Context, a workflow.Actor, at time.Time, year int, ag PartyAgreement) (int, error) {
	var total int
	if err := tx.tx.QueryRowContext(ctx, "SELECT count(*) FROM catalog_items WHERE year = ?", year).Scan(&total); err != nil {
		return 0, fmt.Errorf("store: catalog %d: %w", year, err)
	}
	if total == 0 {
		return 0, fmt.Errorf("store: catalog %d has no items: %w", year, ErrNotFound)
	}
	switch {
	case ag.AgreedOn.IsZero() || strings.TrimSpace(ag.Document) == "":
		return 0, fmt.Errorf("%w: 须记录同级党委同意的日期和文件（条例第3条）", ErrBadCatalogItem)
	case workflow.Day(ag.AgreedOn).After(workflow.Day(at)):
		return 0, fmt.Errorf("%w: 党委同意日期不能晚于今日", ErrBadCatalogItem)
	}
	pending, err := catalogAdjustments(ctx, tx.tx, year, true)
	if err != nil {
		return 0, err
	}
	var items, adjusted int64
	err = tx.savepoint(ctx, func() error {
		res, err := tx.tx.ExecContext(ctx, "UPDATE catalog_items SET published_on = ?, version = version + 1 WHERE year = ? AND published_on = 0", ms(at), year)
		if err != nil {
			return fmt.Errorf("store: publish catalog %d: %w", year, err)
		}
		if items, err = res.RowsAffected(); err != nil {
			return err
		}
		for _, adj := range pending {
			switch adj.Kind {
			case "change":
				_, err = tx.tx.ExecContext(ctx, "UPDATE catalog_items SET title = ?, unit_id = ?, planned = ?, version = version + 1 WHERE id = ?",
					adj.Title, adj.UnitID, adj.Planned, adj.ItemID)
				adjusted++
			case "remove":
				_, err = tx.tx.ExecContext(ctx, "UPDATE catalog_items SET removed_on = ?, version = version + 1 WHERE id = ?", ms(at), adj.ItemID)
				adjusted++
			}
			if err != nil {
				return fmt.Errorf("store: apply catalog adjustment %d: %w", adj.ID, err)
			}
		}
		if items == 0 && len(pending) == 0 {
			return fmt.Errorf("%w: 没有待公布的事项或调整", ErrBadCatalogItem)
		}
		res, err = tx.tx.ExecContext(ctx, `INSERT INTO catalog_publications (year, published_on, agreed_on, document, items, adjustments)
			VALUES (?, ?, ?, ?, ?, ?)`, year, ms(at), ms(ag.AgreedOn), ag.Document, items, adjusted)
		if err != nil {
			return fmt.Errorf("store: publish catalog %d: %w", year, err)
		}
		pub, err := res.LastInsertId()
		if err != nil {
			return err
		}
		if _, err := tx.tx.ExecContext(ctx, "UPDATE catalog_adjustments SET publication_id = ? WHERE year = ? AND publication_id IS NULL", pub, year); err != nil {
			return fmt.Errorf("store: publish catalog %d: %w", year, err)
		}
		summary := fmt.Sprintf("公布%d年决策事项目录（%d项，本次公布%d项）", year, total, items)
		if adjusted > 0 {
			summary = fmt.Sprintf("公布%d年决策事项目录调整（新增%d项，变更或移出%d项）", year, items, adjusted)
		}
		return tx.addEvent(ctx, a, at, Event{Action: "publish_catalog", Summary: summary,
			Changes: []Change{{Field: "公布日期", After: showDate(at)}, {Field: "党委同意日期", After: showDate(ag.AgreedOn)},
				{Field: "党委同意文件", After: ag.Document}}})
	})
	return int(items + adjusted), err
}

// CatalogAdjustment is a change to a published catalog: an item added, changed or removed,
// with the reason; it takes effect when published.
type CatalogAdjustment struct {
	ID          int64
	Year        int
	ItemID      int64
	Seq         int
	Kind        string // add, change, remove
	Reason      string
	Before      string // the item as it was published (change, remove)
	Title       string // a change's new values
	UnitID      int64
	UnitName    string
	Planned     string
	CreatedAt   time.Time
	PublishedOn time.Time // zero while pending
	AgreedOn    time.Time // the Party committee's agreement to its publication
	Document    string
}

// KindLabel names the adjustment.
func (a CatalogAdjustment) KindLabel() string {
	return map[string]string{"add": "新增", "change": "变更", "remove": "移出"}[a.Kind]
}

func catalogAdjustments(ctx context.Context, q querier, year int, pendingOnly bool) ([]CatalogAdjustment, error) {
	where := "a.year = ?"
	if pendingOnly {
		where += " AND a.publication_id IS NULL"
	}
	out, err := collect(ctx, q, func(r rowScanner) (CatalogAdjustment, error) {
		var x CatalogAdjustment
		var created, published, agreed int64
		err := r.Scan(&x.ID, &x.Year, &x.ItemID, &x.Seq, &x.Kind, &x.Reason, &x.Before, &x.Title, &x.UnitID, &x.UnitName, &x.Planned,
			&created, &published, &agreed, &x.Document)
		x.CreatedAt, x.PublishedOn, x.AgreedOn = fromMS(created), fromMS(published), fromMS(agreed)
		return x, err
	}, `SELECT a.id, a.year, a.item_id, c.seq, a.kind, a.reason, a.before, a.title, coalesce(a.unit_id, 0), coalesce(u.name, ''), a.planned,
		a.created_at, coalesce(p.published_on, 0), coalesce(p.agreed_on, 0), coalesce(p.document, '')
		FROM catalog_adjustments a JOIN catalog_items c ON c.id = a.item_id LEFT JOIN units u ON u.id = a.unit_id
		LEFT JOIN catalog_publications p ON p.id = a.publication_id
		WHERE `+where+` ORDER BY a.id`, year)
	if err != nil {
		return nil, fmt.Errorf("store: catalog adjustments %d: %w", year, err)
	}
	return out, nil
}

// CatalogAdjustments lists a year's adjustments, pending and published, in the order made.
func (db *DB) CatalogAdjustments(ctx context.Context, year int) ([]CatalogAdjustment, error) {
	return catalogAdjustments(ctx, db.read, year, false)
}

// CatalogPublication is one publication of a year's catalog, with the Party committee's agreement.
type CatalogPublication struct {
	PublishedOn time.Time
	AgreedOn    time.Time
	Document    string
	Items       int
	Adjustments int
}

// CatalogPublications lists a year's publications, the first first.
func (db *DB) CatalogPublications(ctx context.Context, year int) ([]CatalogPublication, error) {
	out, err := collect(ctx, db.read, func(r rowScanner) (CatalogPublication, error) {
		var x CatalogPublication
		var pub, agreed int64
		err := r.Scan(&pub, &agreed, &x.Document, &x.Items, &x.Adjustments)
		x.PublishedOn, x.AgreedOn = fromMS(pub), fromMS(agreed)
		return x, err
	}, "SELECT published_on, agreed_on, document, items, adjustments FROM catalog_publications WHERE year = ? ORDER BY id", year)
	if err != nil {
		return nil, fmt.Errorf("store: catalog publications %d: %w", year, err)
	}
	return out, nil
}

// AdjustCatalogItem proposes a change (new title, unit and planned time) or the removal of a
// published item, with the reason; it takes effect when the year is published again. An item
// has at most one pending adjustment.
func (tx *Tx) AdjustCatalogItem(ctx context.Context, a workflow.Actor, at time.Time, itemID int64, kind, reason string, nw CatalogItem) error {
	old, err := catalogItem(ctx, tx.tx, itemID)
	if err != nil {
		return err
	}
	switch {
	case !old.Published() || !old.RemovedOn.IsZero():
		return fmt.Errorf("%w: 只能调整已公布的目录事项", ErrBadCatalogItem)
	case strings.TrimSpace(reason) == "":
		return fmt.Errorf("%w: 须说明调整理由", ErrBadCatalogItem)
	case kind != "change" && kind != "remove":
		return fmt.Errorf("%w: 调整类型无效", ErrBadCatalogItem)
	}
	var pending int
	if err := tx.tx.QueryRowContext(ctx, "SELECT count(*) FROM catalog_adjustments WHERE item_id = ? AND publication_id IS NULL", itemID).Scan(&pending); err != nil {
		return err
	}
	if pending > 0 {
		return fmt.Errorf("%w: 该事项已有待公布的调整", ErrBadCatalogItem)
	}
	before := fmt.Sprintf("%s（%s，%s）", old.Title, old.UnitName, old.Planned)
	fields := []field{{"调整", map[string]string{"change": "变更", "remove": "移出"}[kind]}, {"调整理由", reason}}
	var unit any
	if kind == "change" {
		nw.Year = old.Year
		if err := checkCatalogItem(nw); err != nil {
			return err
		}
		if nw.UnitName, err = tx.unitName(ctx, nw.UnitID); err != nil {
			return err
		}
		unit = nw.UnitID
	}
	return tx.savepoint(ctx, func() error {
		if _, err := tx.tx.ExecContext(ctx, `INSERT INTO catalog_adjustments (year, item_id, kind, reason, before, title, unit_id, planned, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, old.Year, itemID, kind, reason, before, nw.Title, unit, nw.Planned, ms(at)); err != nil {
			return fmt.Errorf("store: adjust catalog item %d: %w", itemID, err)
		}
		var changes []Change
		for _, f := range fields[:2] {
			changes = append(changes, Change{Field: f.name, After: f.value})
		}
		if kind == "change" {
			changes = append(changes, diffFields(catalogFields(old), catalogFields(nw))...)
		}
		return tx.addEvent(ctx, a, at, Event{Action: "adjust_catalog_item",
			Summary: fmt.Sprintf("%d年决策事项目录调整（待公布）：%s第%d项 %s", old.Year, fields[0].value, old.Seq, old.Title),
			Changes: changes})
	})
}

func catalogPublished(ctx context.Context, q querier, year int) (bool, error) {
	var n int
	if err := q.QueryRowContext(ctx, "SELECT count(*) FROM catalog_items WHERE year = ? AND published_on != 0", year).Scan(&n); err != nil {
		return false, fmt.Errorf("store: catalog %d: %w", year, err)
	}
	return n > 0, nil
}

const catalogSelect = `SELECT c.id, c.year, c.seq, c.title, c.unit_id, u.name, c.planned, c.published_on, c.removed_on, c.version,
	coalesce(d.id, 0), coalesce(d.title, ''), coalesce(d.state, '')
	FROM catalog_items c JOIN units u ON u.id = c.unit_id LEFT JOIN decisions d ON d.catalog_item_id = c.id`

func scanCatalogItem(r rowScanner) (CatalogItem, error) {
	var it CatalogItem
	var pub, removed int64
	var state string
	err := r.Scan(&it.ID, &it.Year, &it.Seq, &it.Title, &it.UnitID, &it.UnitName, &it.Planned, &pub, &removed, &it.Version,
		&it.DecisionID, &it.DecisionTitle, &state)
	it.PublishedOn, it.RemovedOn = fromMS(pub), fromMS(removed)
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
	return catalogPublished(ctx, db.read, year)
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
