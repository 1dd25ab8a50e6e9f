-- The decision's attributes changed after drafting (they decide which procedures are owed), with
-- the reason and, when a procedure is dropped, the legal office's agreement. Never edited.
CREATE TABLE flag_changes (
	id              INTEGER PRIMARY KEY,
	decision_id     INTEGER NOT NULL REFERENCES decisions(id),
	before          TEXT NOT NULL,
	after           TEXT NOT NULL,
	reason          TEXT NOT NULL CHECK (reason <> ''),
	legal_agreement TEXT NOT NULL DEFAULT '',
	changed_at      INTEGER NOT NULL,
	changed_by      INTEGER NOT NULL REFERENCES users(id)
) STRICT;
CREATE INDEX flag_changes_decision ON flag_changes(decision_id);
CREATE TRIGGER flag_changes_no_update BEFORE UPDATE ON flag_changes
BEGIN SELECT RAISE(ABORT, 'a change of attributes is never edited'); END;
CREATE TRIGGER flag_changes_no_delete BEFORE DELETE ON flag_changes
BEGIN SELECT RAISE(ABORT, 'a change of attributes is never edited'); END;
