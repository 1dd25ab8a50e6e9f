-- The public draw of hearing participants (条例第16条): the seats per category and the committed
-- seed, the citizens' sign-ups from the portal, and each sign-up's place in the drawn order.
CREATE TABLE hearing_draws (
	id               INTEGER PRIMARY KEY,
	decision_id      INTEGER NOT NULL UNIQUE REFERENCES decisions(id),
	signup_closes_on INTEGER NOT NULL,           -- the last day of sign-up, 00:00 Asia/Shanghai
	seed             TEXT NOT NULL,              -- 64 hex digits; shown only once drawn
	seed_hash        TEXT NOT NULL,              -- SHA-256 of seed, published when committed
	committed_at     INTEGER NOT NULL,
	drawn_at         INTEGER NOT NULL DEFAULT 0, -- 0 until the draw
	witnesses        TEXT NOT NULL DEFAULT '',
	list_digest      TEXT NOT NULL DEFAULT ''    -- SHA-256 of the sign-up list the draw took
) STRICT;

-- A key of its own, so that the history can name each row (store/records.go).
CREATE TABLE hearing_quotas (
	id       INTEGER PRIMARY KEY,
	draw_id  INTEGER NOT NULL REFERENCES hearing_draws(id),
	position INTEGER NOT NULL,
	category TEXT NOT NULL,
	seats    INTEGER NOT NULL CHECK (seats > 0),
	UNIQUE (draw_id, category)
) STRICT;

CREATE TABLE hearing_signups (
	id               INTEGER PRIMARY KEY,
	decision_id      INTEGER NOT NULL REFERENCES decisions(id),
	ref              TEXT NOT NULL UNIQUE,
	name             TEXT NOT NULL,
	category         TEXT NOT NULL,
	organisation     TEXT NOT NULL DEFAULT '',
	contact          TEXT NOT NULL,
	interest         TEXT NOT NULL,
	created_at       INTEGER NOT NULL,
	rank             INTEGER NOT NULL DEFAULT 0, -- place in its category's drawn order from 1; 0 until drawn
	withdrawn_at     INTEGER NOT NULL DEFAULT 0,
	withdrawn_reason TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX hearing_signups_decision ON hearing_signups(decision_id);
