-- The fair-competition review (公平竞争审查) of a decision that concerns the economic activity of
-- market players, one of the agenda package's materials (条例第29条).
ALTER TABLE decisions ADD COLUMN market_activity INTEGER NOT NULL DEFAULT 0;

CREATE TABLE fair_competition_reviews (
	decision_id INTEGER PRIMARY KEY REFERENCES decisions(id),
	reviewed_on INTEGER NOT NULL,
	reviewer    TEXT NOT NULL,
	conclusion  TEXT NOT NULL CHECK (conclusion IN ('no_effect', 'adjusted', 'exception')),
	summary     TEXT NOT NULL,
	created_at  INTEGER NOT NULL
) STRICT;
