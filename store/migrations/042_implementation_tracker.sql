-- The public implementation tracker (条例第34—36条): reports the clerk marks public, the
-- milestones of a published decision, and the public's opinions on its implementation.
ALTER TABLE implementation_reports ADD COLUMN public INTEGER NOT NULL DEFAULT 0;

CREATE TABLE milestones (
	id          INTEGER PRIMARY KEY,
	decision_id INTEGER NOT NULL REFERENCES decisions(id),
	title       TEXT NOT NULL,
	planned_on  INTEGER NOT NULL,
	status      TEXT NOT NULL CHECK (status IN ('planned', 'in_progress', 'done', 'delayed')),
	done_on     INTEGER NOT NULL DEFAULT 0,
	note        TEXT NOT NULL DEFAULT '',
	created_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX milestones_decision ON milestones(decision_id);

CREATE TABLE implementation_opinions (
	id          INTEGER PRIMARY KEY,
	decision_id INTEGER NOT NULL REFERENCES decisions(id),
	ref         TEXT NOT NULL UNIQUE,
	author      TEXT NOT NULL DEFAULT '',
	contact     TEXT NOT NULL DEFAULT '',
	body        TEXT NOT NULL,
	received_at INTEGER NOT NULL
) STRICT;
CREATE INDEX implementation_opinions_decision ON implementation_opinions(decision_id);
