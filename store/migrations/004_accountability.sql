-- Accountability cases (责任追究, 条例第38—41条), recorded by auditors against a decision.
CREATE TABLE accountability_cases (
	id          INTEGER PRIMARY KEY,
	decision_id INTEGER NOT NULL REFERENCES decisions(id),
	kind        TEXT NOT NULL CHECK (kind IN ('exceed_authority', 'violate_procedure', 'major_error', 'failure_to_decide', 'other')),
	persons     TEXT NOT NULL,
	facts       TEXT NOT NULL,
	handling    TEXT NOT NULL DEFAULT '',
	status      TEXT NOT NULL CHECK (status IN ('open', 'investigating', 'closed')),
	created_by  INTEGER NOT NULL REFERENCES users(id),
	created_at  INTEGER NOT NULL,
	updated_at  INTEGER NOT NULL,
	version     INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX accountability_cases_decision ON accountability_cases(decision_id);
