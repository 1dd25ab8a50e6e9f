-- The yearly decision catalog (决策事项目录, 条例第3条): drafted by the government office,
-- published once a year; a decision may name the one catalog item it carries out (at most one
-- decision per item).
CREATE TABLE catalog_items (
	id           INTEGER PRIMARY KEY,
	year         INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
	seq          INTEGER NOT NULL CHECK (seq > 0),
	title        TEXT NOT NULL,
	unit_id      INTEGER NOT NULL REFERENCES units(id),
	planned      TEXT NOT NULL DEFAULT '', -- planned time, e.g. 2027年第二季度
	published_on INTEGER NOT NULL DEFAULT 0, -- unix ms; 0 until the year's catalog is published
	created_at   INTEGER NOT NULL,
	version      INTEGER NOT NULL DEFAULT 1,
	UNIQUE (year, seq)
) STRICT;

ALTER TABLE decisions ADD COLUMN catalog_item_id INTEGER REFERENCES catalog_items(id);
CREATE UNIQUE INDEX decisions_catalog_item ON decisions(catalog_item_id) WHERE catalog_item_id IS NOT NULL;
