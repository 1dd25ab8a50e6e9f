-- Corrections with a trace (作废留痕): a voided record stays as it was; this row says who voided
-- it, when and why, and the decision's lists leave it out. Never updated or deleted.
CREATE TABLE voids (
	id          INTEGER PRIMARY KEY,
	decision_id INTEGER NOT NULL REFERENCES decisions(id),
	record      TEXT NOT NULL,
	record_id   INTEGER NOT NULL,
	summary     TEXT NOT NULL,
	reason      TEXT NOT NULL CHECK (reason <> ''),
	voided_at   INTEGER NOT NULL,
	voided_by   INTEGER NOT NULL REFERENCES users(id),
	UNIQUE (record, record_id)
) STRICT;
CREATE INDEX voids_decision ON voids(decision_id);
CREATE TRIGGER voids_no_update BEFORE UPDATE ON voids
BEGIN SELECT RAISE(ABORT, 'a void is never edited'); END;
CREATE TRIGGER voids_no_delete BEFORE DELETE ON voids
BEGIN SELECT RAISE(ABORT, 'a void is never deleted'); END;

-- Entries made after the fact (补录): the record, the day it states, and the reason it was
-- entered late. Never updated or deleted.
CREATE TABLE late_entries (
	id          INTEGER PRIMARY KEY,
	decision_id INTEGER NOT NULL REFERENCES decisions(id),
	record      TEXT NOT NULL,
	record_id   INTEGER NOT NULL DEFAULT 0,
	dated_on    INTEGER NOT NULL,
	reason      TEXT NOT NULL CHECK (reason <> ''),
	entered_at  INTEGER NOT NULL,
	entered_by  INTEGER NOT NULL REFERENCES users(id)
) STRICT;
CREATE INDEX late_entries_decision ON late_entries(decision_id);
CREATE TRIGGER late_entries_no_update BEFORE UPDATE ON late_entries
BEGIN SELECT RAISE(ABORT, 'a late entry is never edited'); END;
CREATE TRIGGER late_entries_no_delete BEFORE DELETE ON late_entries
BEGIN SELECT RAISE(ABORT, 'a late entry is never deleted'); END;
