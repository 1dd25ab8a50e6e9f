-- Objections to published normative documents (异议, 规划三(三)3): received from the portal
-- with a receipt (the hashes of the form's one-time token and of the short code, as comments
-- keep), answered by the legal office, the reply published where it chooses.
CREATE TABLE objections (
	id          INTEGER PRIMARY KEY,
	decision_id INTEGER NOT NULL REFERENCES decisions(id),
	ref         TEXT NOT NULL UNIQUE,
	author      TEXT NOT NULL,
	contact     TEXT NOT NULL DEFAULT '',
	provision   TEXT NOT NULL,
	body        TEXT NOT NULL,
	received_at INTEGER NOT NULL,
	form_token  TEXT NOT NULL,
	code_hash   TEXT NOT NULL,
	outcome     TEXT NOT NULL DEFAULT '' CHECK (outcome IN ('', 'amend', 'repeal', 'reject')),
	reply       TEXT NOT NULL DEFAULT '',
	published   INTEGER NOT NULL DEFAULT 0,
	replied_at  INTEGER NOT NULL DEFAULT 0,
	replied_by  INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX objections_decision ON objections(decision_id);
CREATE UNIQUE INDEX objections_form_token ON objections(decision_id, form_token);
CREATE INDEX objections_pending ON objections(replied_at, received_at);
