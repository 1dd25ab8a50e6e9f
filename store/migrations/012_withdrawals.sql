-- The undertaking unit's requests to withdraw a decision, and how the government office settled
-- each for the deciding organ (条例第10—11条): withdrawn, or declined with a reason.
CREATE TABLE withdrawal_requests (
	id           INTEGER PRIMARY KEY,
	decision_id  INTEGER NOT NULL REFERENCES decisions(id),
	reason       TEXT NOT NULL CHECK (reason <> ''),
	requested_at INTEGER NOT NULL,
	requested_by INTEGER NOT NULL REFERENCES users(id),
	settled_at   INTEGER NOT NULL DEFAULT 0,
	settled_by   INTEGER NOT NULL DEFAULT 0,
	withdrawn    INTEGER NOT NULL DEFAULT 0,
	answer       TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX withdrawal_requests_decision ON withdrawal_requests(decision_id);
