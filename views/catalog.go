package views

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
}

// CatalogRow is one catalog item with the progress of the decision carrying it out.
type CatalogRow struct {
	Seq        int
	Title      string
	Unit       string
	Planned    string
	Progress   string // the stage label of the linked decision, or 未启动
	DecisionID int64  // the linked decision, when the viewer may open it; 0 otherwise
	Published  bool
}

// PublicCatalog is a published year's catalog on the public portal.
type PublicCatalog struct {
	Page  Page
	Year  int
	Items []CatalogRow
}
