package store

import (
	"errors"
	"strings"
	"testing"

	"juece/workflow"
)

func TestCatalogAddPublishListLink(t *testing.T) {
	f := newDecisionFixture(t)
	add := func(title string, unit int64) int64 {
		t.Helper()
		var id int64
		err := f.db.InTx(f.ctx, func(tx *Tx) (err error) {
			id, err = tx.AddCatalogItem(f.ctx, f.secretary, f.at(), CatalogItem{Year: 2026, Title: title, UnitID: unit, Planned: "2026年第二季度"})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	before := countEvents(t, f.db)
	first := add("老旧小区改造三年计划", f.unit)
	second := add("生活垃圾分类管理办法", f.otherUnit)
	if got := countEvents(t, f.db); got != before+2 {
		t.Errorf("adding two items wrote %d events, want 2", got-before)
	}
	if err := f.db.InTx(f.ctx, func(tx *Tx) error {
		_, err := tx.AddCatalogItem(f.ctx, f.secretary, f.at(), CatalogItem{Year: 2026, Title: "  ", UnitID: f.unit})
		return err
	}); !errors.Is(err, ErrBadCatalogItem) {
		t.Errorf("empty title: %v", err)
	}

	if ok, _ := f.db.CatalogPublished(f.ctx, 2026); ok {
		t.Error("published before publishing")
	}
	var n int
	if err := f.db.InTx(f.ctx, func(tx *Tx) (err error) {
		n, err = tx.PublishCatalog(f.ctx, f.secretary, f.at(), 2026, PartyAgreement{AgreedOn: f.at(), Document: "市委办函〔2026〕1号"})
		return
	}); err != nil || n != 2 {
		t.Fatalf("publish: %d, %v", n, err)
	}
	if err := f.db.InTx(f.ctx, func(tx *Tx) error {
		_, err := tx.PublishCatalog(f.ctx, f.secretary, f.at(), 2030, PartyAgreement{AgreedOn: f.at(), Document: "市委办函〔2026〕1号"})
		return err
	}); !errors.Is(err, ErrNotFound) {
		t.Errorf("publishing an empty year: %v", err)
	}
	if ok, _ := f.db.CatalogPublished(f.ctx, 2026); !ok {
		t.Error("not published after publishing")
	}

	id := f.create("老旧小区改造", f.unit)
	v := f.load(id).Version
	evs := len(f.history(id))
	if err := f.write(id, func(tx *Tx, d *workflow.Decision) error { return tx.LinkCatalogItem(f.ctx, f.clerk, f.at(), d, second) }); !errors.Is(err, ErrBadCatalogItem) {
		t.Errorf("linking another unit's item: %v", err)
	}
	if err := f.write(id, func(tx *Tx, d *workflow.Decision) error { return tx.LinkCatalogItem(f.ctx, f.clerk, f.at(), d, first) }); err != nil {
		t.Fatal(err)
	}
	d := f.load(id)
	if d.CatalogItem != first || d.Version != v+1 {
		t.Errorf("after link: item %d version %d, want %d, %d", d.CatalogItem, d.Version, first, v+1)
	}
	h := f.history(id)
	if len(h) != evs+1 || !strings.Contains(h[len(h)-1].Summary, "关联决策事项目录第1项") {
		t.Errorf("link events: %d (want %d), last %q", len(h), evs+1, h[len(h)-1].Summary)
	}

	other := f.create("另一事项", f.unit)
	if err := f.write(other, func(tx *Tx, d *workflow.Decision) error { return tx.LinkCatalogItem(f.ctx, f.clerk, f.at(), d, first) }); !errors.Is(err, ErrCatalogTaken) {
		t.Errorf("linking a taken item: %v", err)
	}

	items, err := f.db.CatalogItems(f.ctx, 2026)
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 2 || items[0].Seq != 1 || items[1].Seq != 2 || !items[0].Published() {
		t.Fatalf("items: %+v", items)
	}
	if items[0].DecisionID != id || items[0].DecisionState != workflow.Proposed || items[0].UnitName != "市住房城乡建设局" {
		t.Errorf("first item: %+v", items[0])
	}
	if items[1].DecisionID != 0 {
		t.Errorf("second item linked: %+v", items[1])
	}
}
