-- Catalog adjustments (条例第3条): after a year's catalog is published, items are added, changed
-- or removed with a reason, and take effect when published again; each publication records the
-- Party committee's agreement (date and document).
ALTER TABLE catalog_items ADD COLUMN removed_on INTEGER NOT NULL DEFAULT 0; -- unix ms; set when a removal is published

CREATE TABLE catalog_publications (
	id           INTEGER PRIMARY KEY,
	year         INTEGER NOT NULL,
	published_on INTEGER NOT NULL,
	agreed_on    INTEGER NOT NULL, -- the Party committee's agreement
	document     TEXT NOT NULL,    -- the document recording it
	items        INTEGER NOT NULL, -- items published for the first time
	adjustments  INTEGER NOT NULL  -- changes and removals published
) STRICT;
CREATE INDEX catalog_publications_year ON catalog_publications(year);

CREATE TABLE catalog_adjustments (
	id             INTEGER PRIMARY KEY,
	year           INTEGER NOT NULL,
	item_id        INTEGER NOT NULL REFERENCES catalog_items(id),
	kind           TEXT NOT NULL CHECK (kind IN ('add', 'change', 'remove')),
	reason         TEXT NOT NULL,
	before         TEXT NOT NULL DEFAULT '', -- the item as published, for a change or removal
	title          TEXT NOT NULL DEFAULT '', -- a change's new values
	unit_id        INTEGER REFERENCES units(id),
	planned        TEXT NOT NULL DEFAULT '',
	created_at     INTEGER NOT NULL,
	publication_id INTEGER REFERENCES catalog_publications(id) -- NULL while pending
) STRICT;
CREATE INDEX catalog_adjustments_year ON catalog_adjustments(year);
