-- Comments at volume (issue 16): two more dispositions, 重复 and 与本事项无关, and the key that
-- groups identical and near-identical comments (the body folded in width and case, without
-- punctuation or spaces: store/textclean.GroupKey). The key is derived from the body, so it is
-- not recorded in the history (store/records.go untrackedColumns); NULL until the store has
-- computed it, which it does at insert and, for the rows below, at start (store/comment_group.go).
--
-- SQLite cannot change a CHECK constraint in place: the table is made again with the same rows,
-- its indexes and its search triggers (as 009_search_short.sql made them).
CREATE TABLE comments_new (
	id          INTEGER PRIMARY KEY,
	decision_id INTEGER NOT NULL REFERENCES decisions(id),
	ref         TEXT NOT NULL UNIQUE,
	source      TEXT NOT NULL,
	author      TEXT NOT NULL DEFAULT '',
	contact     TEXT NOT NULL DEFAULT '',
	body        TEXT NOT NULL,
	received_at INTEGER NOT NULL,
	disposition TEXT NOT NULL DEFAULT '' CHECK (disposition IN ('', 'adopted', 'partly', 'not_adopted', 'duplicate', 'irrelevant')),
	reason      TEXT NOT NULL DEFAULT '',
	disposed_by INTEGER REFERENCES users(id),
	disposed_at INTEGER NOT NULL DEFAULT 0,
	form_token  TEXT NOT NULL DEFAULT '',
	code_hash   TEXT NOT NULL DEFAULT '',
	group_key   TEXT
) STRICT;
INSERT INTO comments_new (id, decision_id, ref, source, author, contact, body, received_at, disposition, reason,
	disposed_by, disposed_at, form_token, code_hash)
SELECT id, decision_id, ref, source, author, contact, body, received_at, disposition, reason,
	disposed_by, disposed_at, form_token, code_hash FROM comments;
DROP TABLE comments;
ALTER TABLE comments_new RENAME TO comments;

CREATE INDEX comments_decision ON comments(decision_id);
CREATE INDEX comments_form_token ON comments(decision_id, form_token) WHERE form_token <> '';
-- The comments page groups and counts by key within a consultation, picks the pending and
-- filters by source from the index alone; and counts by handling and source.
CREATE INDEX comments_group ON comments(decision_id, group_key, disposition, source);
CREATE INDEX comments_status ON comments(decision_id, disposition, source);
CREATE INDEX comments_group_missing ON comments(id) WHERE group_key IS NULL;

CREATE TRIGGER search_comments_ai AFTER INSERT ON comments BEGIN
	INSERT INTO search_index(rowid, kind, decision_id, record_id, title, body)
	VALUES (new.id * 16 + 3, 'comment', new.decision_id, new.id, '', new.body || char(10) || new.reason || char(10));
END;
CREATE TRIGGER search_comments_au AFTER UPDATE OF body, reason, decision_id ON comments BEGIN
	DELETE FROM search_index WHERE rowid = old.id * 16 + 3;
	INSERT INTO search_index(rowid, kind, decision_id, record_id, title, body)
	VALUES (new.id * 16 + 3, 'comment', new.decision_id, new.id, '', new.body || char(10) || new.reason || char(10));
END;
CREATE TRIGGER search_comments_ad AFTER DELETE ON comments BEGIN
	DELETE FROM search_index WHERE rowid = old.id * 16 + 3;
END;
