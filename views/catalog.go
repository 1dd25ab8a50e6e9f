package views

import (
	"fmt"
	"time"
)

// CatalogPage is the yearly decision catalog (决策事项目录, 条例第3条) as staff see it.
type CatalogPage struct {
	Page
	Year      int
	Years     []Option // the year selector
	Items     []CatalogRow
	Published bool // some item of the year has been published
	Pending   int  // items not yet published
	MayEdit   bool // the secretary: may add items and publish the year
	Units     []Option
	Add       *Form
	Notice    string
	// Adjustments after publication (条例第3条), each published with the Party committee's agreement.
	Publish      *Form
	AdjustForms  map[int64]*Form // by item, a refused adjustment keeps what was typed
	Adjustments  []AdjustmentRow
	Publications []PublicationRow
	PendingAdj   int // adjustments not yet published
}

// AdjustForm is the adjustment form of item id.
func (p CatalogPage) AdjustForm(it CatalogRow) *Form {
	if f, ok := p.AdjustForms[it.ID]; ok {
		return f
	}
	return NewForm(fmt.Sprintf("adjust-%d", it.ID), map[string]string{"kind": "change", "title": it.Title,
		"unit_id": fmt.Sprint(it.UnitID), "planned": it.Planned})
}

// AdjustmentRow is one adjustment of a published catalog.
type AdjustmentRow struct {
	Seq         int
	Kind        string // 新增, 变更, 移出
	Item        string // the item as it is, or was before the change
	Change      string // a change's new values
	Reason      string
	PublishedOn time.Time // zero while pending
	AgreedOn    time.Time
	Document    string
}

// PublicationRow is one publication of a year's catalog.
type PublicationRow struct {
	PublishedOn time.Time
	AgreedOn    time.Time
	Document    string
	Items       int
	Adjustments int
}

// CatalogRow is one catalog item with the progress of the decision carrying it out.
type CatalogRow struct {
	ID         int64
	UnitID     int64
	Seq        int
	Title      string
	Unit       string
	Planned    string
	Progress   string // the stage label of the linked decision, or 未启动
	DecisionID int64  // the linked decision, when the viewer may open it; 0 otherwise
	Published  bool
	Removed    bool // its removal was published
	Adjusting  bool // an adjustment of it awaits publication
}

// PublicCatalog is a published year's catalog on the public portal.
type PublicCatalog struct {
	Page         Page
	Year         int
	Items        []CatalogRow
	Adjustments  []AdjustmentRow // published ones
	Publications []PublicationRow
}
