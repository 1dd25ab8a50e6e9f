-- Files attached to a decision's records (the draft, expert opinions, hearing minutes, the risk
-- report, the review submission, meeting minutes …). The file itself lives in the data
-- directory at files/<first 2 hex>/<sha256>; the user's file name is only a label. Attachments
-- are never changed or deleted: the history and the dossier refer to them.
CREATE TABLE attachments (
	id           INTEGER PRIMARY KEY,
	decision_id  INTEGER NOT NULL REFERENCES decisions(id),
	record_kind  TEXT NOT NULL CHECK (record_kind IN ('decision', 'revision', 'expert', 'hearing', 'risk', 'submission', 'meeting', 'publication', 'report', 'evaluation')),
	label        TEXT NOT NULL CHECK (length(label) BETWEEN 1 AND 200),
	sha256       TEXT NOT NULL CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'),
	size         INTEGER NOT NULL CHECK (size >= 0),
	content_type TEXT NOT NULL,
	uploaded_by  INTEGER NOT NULL REFERENCES users(id),
	uploaded_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX attachments_decision ON attachments(decision_id, id);
CREATE TRIGGER attachments_no_update BEFORE UPDATE ON attachments
BEGIN SELECT RAISE(ABORT, 'attachments are kept as uploaded'); END;
CREATE TRIGGER attachments_no_delete BEFORE DELETE ON attachments
BEGIN SELECT RAISE(ABORT, 'attachments are kept as uploaded'); END;
