-- Why a draft changed since the public saw it needs no new consultation (条例第15条): the draft,
-- the one the public saw, the reason. Never edited.
CREATE TABLE draft_change_notes (
	id                 INTEGER PRIMARY KEY,
	decision_id        INTEGER NOT NULL REFERENCES decisions(id),
	revision_id        INTEGER NOT NULL REFERENCES draft_revisions(id),
	notice_revision_id INTEGER NOT NULL REFERENCES draft_revisions(id),
	reason             TEXT NOT NULL CHECK (reason <> ''),
	noted_at           INTEGER NOT NULL,
	noted_by           INTEGER NOT NULL REFERENCES users(id)
) STRICT;
CREATE INDEX draft_change_notes_decision ON draft_change_notes(decision_id);
CREATE TRIGGER draft_change_notes_no_update BEFORE UPDATE ON draft_change_notes
BEGIN SELECT RAISE(ABORT, 'a draft change note is never edited'); END;
CREATE TRIGGER draft_change_notes_no_delete BEFORE DELETE ON draft_change_notes
BEGIN SELECT RAISE(ABORT, 'a draft change note is never edited'); END;
