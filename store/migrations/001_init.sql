-- juece's schema. Times are INTEGER Unix milliseconds UTC (0 = not set); booleans are 0/1.
-- Rows that users change carry a version; decisions carry the version every form names.

CREATE TABLE units (
	id         INTEGER PRIMARY KEY,
	name       TEXT NOT NULL UNIQUE,
	kind       TEXT NOT NULL CHECK (kind IN ('undertaking', 'legal', 'office', 'audit', 'admin')),
	created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE users (
	id                  INTEGER PRIMARY KEY,
	username            TEXT NOT NULL UNIQUE COLLATE NOCASE,
	display_name        TEXT NOT NULL,
	unit_id             INTEGER NOT NULL REFERENCES units(id),
	role                TEXT NOT NULL CHECK (role IN ('clerk', 'reviewer', 'secretary', 'auditor', 'admin')),
	is_legal_head       INTEGER NOT NULL DEFAULT 0,
	password_hash       TEXT NOT NULL,
	disabled            INTEGER NOT NULL DEFAULT 0,
	failed_logins       INTEGER NOT NULL DEFAULT 0,
	locked_until        INTEGER NOT NULL DEFAULT 0,
	password_changed_at INTEGER NOT NULL,
	created_at          INTEGER NOT NULL,
	version             INTEGER NOT NULL DEFAULT 1
) STRICT;

-- Server-side sessions: the cookie holds a random id; only its SHA-256 is stored.
CREATE TABLE sessions (
	id_hash      TEXT PRIMARY KEY,
	user_id      INTEGER NOT NULL REFERENCES users(id),
	csrf_token   TEXT NOT NULL,
	created_at   INTEGER NOT NULL,
	last_seen_at INTEGER NOT NULL,
	expires_at   INTEGER NOT NULL
) STRICT;
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE decisions (
	id                    INTEGER PRIMARY KEY,
	title                 TEXT NOT NULL,
	category              TEXT NOT NULL CHECK (category IN ('public_service', 'planning', 'resources', 'investment', 'other')),
	state                 TEXT NOT NULL CHECK (state IN ('proposed', 'drafting', 'consultation', 'hearing', 'risk_assessment', 'legality_review', 'collective_discussion', 'published', 'implementation', 'suspended', 'post_evaluation', 'closed', 'rejected', 'deferred', 'withdrawn', 'declined')),
	unit_id               INTEGER NOT NULL REFERENCES units(id),
	-- proposal (条例第10条)
	proposer_kind         TEXT NOT NULL CHECK (proposer_kind IN ('leader', 'department', 'deputy', 'public')),
	proposer              TEXT NOT NULL,
	problem               TEXT NOT NULL DEFAULT '',
	reasons               TEXT NOT NULL DEFAULT '',
	legal_basis           TEXT NOT NULL DEFAULT '',
	solution              TEXT NOT NULL DEFAULT '',
	necessity             TEXT NOT NULL DEFAULT '',
	decision_organ        TEXT NOT NULL DEFAULT '',
	responsible_leader    TEXT NOT NULL DEFAULT '',
	co_units              TEXT NOT NULL DEFAULT '',
	-- flags that drive later gates
	affects_interests     INTEGER NOT NULL DEFAULT 0,
	not_disclosed         INTEGER NOT NULL DEFAULT 0,
	not_disclosed_reason  TEXT NOT NULL DEFAULT '',
	technical             INTEGER NOT NULL DEFAULT 0,
	stability_risk        INTEGER NOT NULL DEFAULT 0,
	hearing_required      INTEGER NOT NULL DEFAULT 0,
	hearing_chosen        INTEGER NOT NULL DEFAULT 0,
	-- start decision (条例第11条)
	start_decided_on      INTEGER NOT NULL DEFAULT 0,
	start_basis           TEXT NOT NULL DEFAULT '',
	start_by              TEXT NOT NULL DEFAULT '',
	-- exceptions taken, with their reasons
	hearing_skip_reason   TEXT NOT NULL DEFAULT '',
	risk_skip_reason      TEXT NOT NULL DEFAULT '',
	-- feedback on the adoption of comments (条例第15条)
	feedback_published_on INTEGER NOT NULL DEFAULT 0,
	feedback_channel      TEXT NOT NULL DEFAULT '',
	feedback_summary      TEXT NOT NULL DEFAULT '',
	-- report to the Party committee (条例第31条)
	party_reported_on     INTEGER NOT NULL DEFAULT 0,
	party_report_note     TEXT NOT NULL DEFAULT '',
	state_since           INTEGER NOT NULL,
	created_by            INTEGER NOT NULL REFERENCES users(id),
	created_at            INTEGER NOT NULL,
	updated_at            INTEGER NOT NULL,
	version               INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX decisions_unit_state ON decisions(unit_id, state);
CREATE INDEX decisions_state_since ON decisions(state, state_since);

-- Every saved draft is kept (条例第12条): revisions are never updated.
CREATE TABLE draft_revisions (
	id          INTEGER PRIMARY KEY,
	decision_id INTEGER NOT NULL REFERENCES decisions(id),
	no          INTEGER NOT NULL,
	body        TEXT NOT NULL,
	options     TEXT NOT NULL DEFAULT '',
	note        TEXT NOT NULL DEFAULT '',
	created_by  INTEGER NOT NULL REFERENCES users(id),
	created_at  INTEGER NOT NULL,
	UNIQUE (decision_id, no)
) STRICT;
CREATE TRIGGER draft_revisions_no_update BEFORE UPDATE ON draft_revisions
BEGIN SELECT RAISE(ABORT, 'draft revisions are kept as saved'); END;
CREATE TRIGGER draft_revisions_no_delete BEFORE DELETE ON draft_revisions
BEGIN SELECT RAISE(ABORT, 'draft revisions are kept as saved'); END;

CREATE TABLE disputes (
	id          INTEGER PRIMARY KEY,
	decision_id INTEGER NOT NULL REFERENCES decisions(id),
	department  TEXT NOT NULL,
	our_view    TEXT NOT NULL,
	their_view  TEXT NOT NULL,
	reasons     TEXT NOT NULL,
	legal_basis TEXT NOT NULL DEFAULT '',
	resolution  TEXT NOT NULL DEFAULT '',
	created_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX disputes_decision ON disputes(decision_id);

CREATE TABLE consultation_methods (
	id           INTEGER PRIMARY KEY,
	decision_id  INTEGER NOT NULL REFERENCES decisions(id),
	method       TEXT NOT NULL CHECK (method IN ('symposium', 'argument', 'visit', 'written', 'public', 'questionnaire', 'poll')),
	held_on      INTEGER NOT NULL,
	participants TEXT NOT NULL,
	summary      TEXT NOT NULL,
	created_at   INTEGER NOT NULL
) STRICT;
CREATE INDEX consultation_methods_decision ON consultation_methods(decision_id);

-- One public comment notice per decision; a new notice replaces the fields (history keeps the old).
CREATE TABLE comment_notices (
	id            INTEGER PRIMARY KEY,
	decision_id   INTEGER NOT NULL UNIQUE REFERENCES decisions(id),
	revision_id   INTEGER NOT NULL REFERENCES draft_revisions(id),
	channel       TEXT NOT NULL,
	how_to_submit TEXT NOT NULL,
	explanation   TEXT NOT NULL DEFAULT '',
	starts_on     INTEGER NOT NULL,
	ends_on       INTEGER NOT NULL,
	link          TEXT NOT NULL DEFAULT '',
	short_reason  TEXT NOT NULL DEFAULT '',
	published_on  INTEGER NOT NULL,
	created_at    INTEGER NOT NULL
) STRICT;
CREATE INDEX comment_notices_ends ON comment_notices(ends_on);

CREATE TABLE comments (
	id          INTEGER PRIMARY KEY,
	decision_id INTEGER NOT NULL REFERENCES decisions(id),
	ref         TEXT NOT NULL UNIQUE,
	source      TEXT NOT NULL,
	author      TEXT NOT NULL DEFAULT '',
	contact     TEXT NOT NULL DEFAULT '',
	body        TEXT NOT NULL,
	received_at INTEGER NOT NULL,
	disposition TEXT NOT NULL DEFAULT '' CHECK (disposition IN ('', 'adopted', 'partly', 'not_adopted')),
	reason      TEXT NOT NULL DEFAULT '',
	disposed_by INTEGER REFERENCES users(id),
	disposed_at INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX comments_decision ON comments(decision_id);

CREATE TABLE expert_opinions (
	id             INTEGER PRIMARY KEY,
	decision_id    INTEGER NOT NULL REFERENCES decisions(id),
	name           TEXT NOT NULL,
	field          TEXT NOT NULL,
	organisation   TEXT NOT NULL,
	opinion        TEXT NOT NULL,
	conclusion     TEXT NOT NULL,
	signed         INTEGER NOT NULL DEFAULT 0,
	signed_on      INTEGER NOT NULL DEFAULT 0,
	no_interest    INTEGER NOT NULL DEFAULT 0,
	differing_view INTEGER NOT NULL DEFAULT 0,
	created_at     INTEGER NOT NULL
) STRICT;
CREATE INDEX expert_opinions_decision ON expert_opinions(decision_id);

CREATE TABLE hearings (
	id                     INTEGER PRIMARY KEY,
	decision_id            INTEGER NOT NULL UNIQUE REFERENCES decisions(id),
	notice_published_on    INTEGER NOT NULL DEFAULT 0,
	notice_channel         TEXT NOT NULL DEFAULT '',
	held_on                INTEGER NOT NULL DEFAULT 0,
	place                  TEXT NOT NULL DEFAULT '',
	selection_method       TEXT NOT NULL DEFAULT '',
	selection_published_on INTEGER NOT NULL DEFAULT 0,
	list_published_on      INTEGER NOT NULL DEFAULT 0,
	materials_delivered_on INTEGER NOT NULL DEFAULT 0,
	record_signed          INTEGER NOT NULL DEFAULT 0,
	record_summary         TEXT NOT NULL DEFAULT '',
	opinions_handling      TEXT NOT NULL DEFAULT '',
	created_at             INTEGER NOT NULL
) STRICT;

CREATE TABLE hearing_participants (
	id           INTEGER PRIMARY KEY,
	hearing_id   INTEGER NOT NULL REFERENCES hearings(id),
	name         TEXT NOT NULL,
	category     TEXT NOT NULL,
	organisation TEXT NOT NULL DEFAULT '',
	created_at   INTEGER NOT NULL
) STRICT;
CREATE INDEX hearing_participants_hearing ON hearing_participants(hearing_id);

CREATE TABLE risk_assessments (
	id                    INTEGER PRIMARY KEY,
	decision_id           INTEGER NOT NULL UNIQUE REFERENCES decisions(id),
	stability_level       TEXT NOT NULL DEFAULT '' CHECK (stability_level IN ('', 'low', 'medium', 'high')),
	stability_analysis    TEXT NOT NULL DEFAULT '',
	safety_level          TEXT NOT NULL DEFAULT '' CHECK (safety_level IN ('', 'low', 'medium', 'high')),
	safety_analysis       TEXT NOT NULL DEFAULT '',
	environment_level     TEXT NOT NULL DEFAULT '' CHECK (environment_level IN ('', 'low', 'medium', 'high')),
	environment_analysis  TEXT NOT NULL DEFAULT '',
	economy_level         TEXT NOT NULL DEFAULT '' CHECK (economy_level IN ('', 'low', 'medium', 'high')),
	economy_analysis      TEXT NOT NULL DEFAULT '',
	other_level           TEXT NOT NULL DEFAULT '' CHECK (other_level IN ('', 'low', 'medium', 'high')),
	other_analysis        TEXT NOT NULL DEFAULT '',
	methods               TEXT NOT NULL DEFAULT '',
	risk_points           TEXT NOT NULL DEFAULT '',
	measures              TEXT NOT NULL DEFAULT '',
	contingency           TEXT NOT NULL DEFAULT '',
	assessor              TEXT NOT NULL DEFAULT '',
	assessor_unit         TEXT NOT NULL DEFAULT '',
	third_party           INTEGER NOT NULL DEFAULT 0,
	controllable          INTEGER NOT NULL DEFAULT 0,
	assessed_on           INTEGER NOT NULL DEFAULT 0,
	created_at            INTEGER NOT NULL
) STRICT;

CREATE TABLE review_submissions (
	id            INTEGER PRIMARY KEY,
	decision_id   INTEGER NOT NULL REFERENCES decisions(id),
	revision_id   INTEGER NOT NULL REFERENCES draft_revisions(id),
	legal_basis   TEXT NOT NULL,
	procedures    TEXT NOT NULL,
	submitted_on  INTEGER NOT NULL,
	submitted_by  INTEGER NOT NULL REFERENCES users(id),
	returned_on   INTEGER NOT NULL DEFAULT 0,
	return_reason TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX review_submissions_decision ON review_submissions(decision_id);

-- A signed review is never changed.
CREATE TABLE legality_reviews (
	id            INTEGER PRIMARY KEY,
	decision_id   INTEGER NOT NULL REFERENCES decisions(id),
	submission_id INTEGER NOT NULL REFERENCES review_submissions(id),
	revision_id   INTEGER NOT NULL REFERENCES draft_revisions(id),
	reviewer_id   INTEGER NOT NULL REFERENCES users(id),
	reviewer_name TEXT NOT NULL, -- as signed: a later rename does not change a signed review
	conclusion    TEXT NOT NULL CHECK (conclusion IN ('legal', 'revise', 'illegal')),
	authority     TEXT NOT NULL,
	procedure     TEXT NOT NULL,
	substance     TEXT NOT NULL,
	advisers      TEXT NOT NULL,
	legal_risk    TEXT NOT NULL DEFAULT '',
	signed_at     INTEGER NOT NULL
) STRICT;
CREATE INDEX legality_reviews_decision ON legality_reviews(decision_id);
CREATE TRIGGER legality_reviews_no_update BEFORE UPDATE ON legality_reviews
BEGIN SELECT RAISE(ABORT, 'a signed legality review is never changed'); END;
CREATE TRIGGER legality_reviews_no_delete BEFORE DELETE ON legality_reviews
BEGIN SELECT RAISE(ABORT, 'a signed legality review is never changed'); END;

CREATE TABLE meetings (
	id                  INTEGER PRIMARY KEY,
	decision_id         INTEGER NOT NULL REFERENCES decisions(id),
	kind                TEXT NOT NULL CHECK (kind IN ('standing', 'plenary', 'department')),
	number              TEXT NOT NULL,
	held_on             INTEGER NOT NULL,
	attendees           TEXT NOT NULL,
	legal_head_attended INTEGER NOT NULL DEFAULT 0,
	pack_draft          INTEGER NOT NULL DEFAULT 0,
	pack_public_report  INTEGER NOT NULL DEFAULT 0,
	pack_expert_report  INTEGER NOT NULL DEFAULT 0,
	pack_risk_report    INTEGER NOT NULL DEFAULT 0,
	pack_legality       INTEGER NOT NULL DEFAULT 0,
	pack_other          TEXT NOT NULL DEFAULT '',
	head_decision       TEXT NOT NULL DEFAULT '' CHECK (head_decision IN ('', 'approve', 'reject', 'reconsider', 'defer')),
	departure_reason    TEXT NOT NULL DEFAULT '',
	decided_at          INTEGER NOT NULL DEFAULT 0,
	created_at          INTEGER NOT NULL
) STRICT;
CREATE INDEX meetings_decision ON meetings(decision_id);

-- Opinions at the meeting, dissent verbatim: never edited afterwards (条例第38条).
CREATE TABLE meeting_opinions (
	id         INTEGER PRIMARY KEY,
	meeting_id INTEGER NOT NULL REFERENCES meetings(id),
	seq        INTEGER NOT NULL,
	speaker    TEXT NOT NULL,
	position   TEXT NOT NULL DEFAULT '',
	is_head    INTEGER NOT NULL DEFAULT 0,
	stance     TEXT NOT NULL CHECK (stance IN ('for', 'against', 'abstain')),
	text       TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	UNIQUE (meeting_id, seq)
) STRICT;
CREATE TRIGGER meeting_opinions_no_update BEFORE UPDATE ON meeting_opinions
BEGIN SELECT RAISE(ABORT, 'opinions recorded at a meeting are never edited'); END;
CREATE TRIGGER meeting_opinions_no_delete BEFORE DELETE ON meeting_opinions
BEGIN SELECT RAISE(ABORT, 'opinions recorded at a meeting are never edited'); END;

CREATE TABLE publications (
	id                   INTEGER PRIMARY KEY,
	decision_id          INTEGER NOT NULL UNIQUE REFERENCES decisions(id),
	doc_number           TEXT NOT NULL DEFAULT '',
	published_on         INTEGER NOT NULL DEFAULT 0,
	channels             TEXT NOT NULL DEFAULT '',
	link                 TEXT NOT NULL DEFAULT '',
	text                 TEXT NOT NULL DEFAULT '',
	explanation          TEXT NOT NULL DEFAULT '',
	not_published_reason TEXT NOT NULL DEFAULT '',
	created_at           INTEGER NOT NULL
) STRICT;

CREATE TABLE implementation_reports (
	id             INTEGER PRIMARY KEY,
	decision_id    INTEGER NOT NULL REFERENCES decisions(id),
	kind           TEXT NOT NULL CHECK (kind IN ('progress', 'problem', 'major_change', 'opinion')),
	executing_unit TEXT NOT NULL,
	body           TEXT NOT NULL,
	reported_on    INTEGER NOT NULL,
	created_at     INTEGER NOT NULL
) STRICT;
CREATE INDEX implementation_reports_decision ON implementation_reports(decision_id);

CREATE TABLE evaluations (
	id             INTEGER PRIMARY KEY,
	decision_id    INTEGER NOT NULL UNIQUE REFERENCES decisions(id),
	trigger_reason TEXT NOT NULL DEFAULT '',
	evaluators     TEXT NOT NULL DEFAULT '',
	evaluator_unit TEXT NOT NULL DEFAULT '',
	third_party    INTEGER NOT NULL DEFAULT 0,
	opinions       TEXT NOT NULL DEFAULT '',
	conclusion     TEXT NOT NULL DEFAULT '' CHECK (conclusion IN ('', 'continue', 'adjust', 'stop')),
	reasons        TEXT NOT NULL DEFAULT '',
	evaluated_on   INTEGER NOT NULL DEFAULT 0,
	created_at     INTEGER NOT NULL
) STRICT;

-- The append-only history: every change is one event, written in the change's transaction.
-- The events form a hash chain (store/chain.go): seq counts them from 1 without gaps (id = seq);
-- hash = SHA-256(0x01 || prev_hash || canonical encoding of the row), prev_hash = the hash of
-- event seq-1 (64 zeros for the first), both lowercase hex.
CREATE TABLE events (
	id          INTEGER PRIMARY KEY,
	seq         INTEGER NOT NULL UNIQUE CHECK (seq = id),
	prev_hash   TEXT NOT NULL,
	hash        TEXT NOT NULL,
	decision_id INTEGER REFERENCES decisions(id),
	user_id     INTEGER REFERENCES users(id),
	user_name   TEXT NOT NULL,
	role        TEXT NOT NULL,
	unit_id     INTEGER,
	at          INTEGER NOT NULL,
	action      TEXT NOT NULL,
	from_state  TEXT NOT NULL DEFAULT '',
	to_state    TEXT NOT NULL DEFAULT '',
	summary     TEXT NOT NULL DEFAULT '',
	changes     TEXT NOT NULL DEFAULT '[]'
) STRICT;
CREATE INDEX events_decision ON events(decision_id, id);
CREATE INDEX events_at ON events(at);
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'history events are append-only'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'history events are append-only'); END;
