-- The history as the source of truth (store/records.go): every event also carries, in rows, the
-- values it wrote to the tables users and admins change — an inserted row's values, an updated
-- row's changed ones, or its deletion — so that juece audit verify can replay the history and
-- compare the result with every row. The chain hash covers rows whenever it is not empty.
ALTER TABLE events ADD COLUMN rows TEXT NOT NULL DEFAULT '';

-- Where the triggers that store/records.go keeps on those tables put what a statement wrote,
-- until the event written with it in the same transaction takes it. Empty between transactions.
CREATE TABLE record_rows_pending (
	n    INTEGER PRIMARY KEY,
	tbl  TEXT NOT NULL,
	key  ANY,
	op   TEXT NOT NULL CHECK (op IN ('i', 'u', 'd')),
	vals TEXT NOT NULL DEFAULT '{}'
) STRICT;

-- One row once the history holds every tracked row: at once for a database with no events yet
-- (it holds only what the migrations wrote, which verify rebuilds itself), otherwise after the
-- store has written a record_baseline event with every row as found. A later migration that
-- changes tracked rows deletes this row, so that the next start records a new baseline.
CREATE TABLE record_baseline (
	at INTEGER NOT NULL
) STRICT;
INSERT INTO record_baseline (at) SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM events);
