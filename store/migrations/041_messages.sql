-- Reminders and 催办: each user's messages (the in-app message centre), their deliveries by
-- e-mail and webhook (the log of what was sent, retried with back-off), and each user's choice
-- of channels.
CREATE TABLE messages (
	id          INTEGER PRIMARY KEY,
	user_id     INTEGER NOT NULL REFERENCES users(id),
	decision_id INTEGER REFERENCES decisions(id),
	kind        TEXT NOT NULL CHECK (kind IN ('due_soon', 'due_today', 'overdue', 'urge', 'digest')),
	dedupe      TEXT NOT NULL DEFAULT '', -- a reminder's or digest's key, so that it is sent once; '' for an urge
	subject     TEXT NOT NULL,
	body        TEXT NOT NULL,
	link        TEXT NOT NULL DEFAULT '',
	created_at  INTEGER NOT NULL,
	read_at     INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE UNIQUE INDEX messages_dedupe ON messages(user_id, dedupe) WHERE dedupe != '';
CREATE INDEX messages_user ON messages(user_id, id);
CREATE INDEX messages_unread ON messages(user_id) WHERE read_at = 0;

CREATE TABLE deliveries (
	id         INTEGER PRIMARY KEY,
	message_id INTEGER NOT NULL REFERENCES messages(id),
	channel    TEXT NOT NULL CHECK (channel IN ('email', 'webhook')),
	target     TEXT NOT NULL,              -- the e-mail address, or the webhook's URL
	attempts   INTEGER NOT NULL DEFAULT 0,
	next_at    INTEGER NOT NULL,           -- when to try next
	sent_at    INTEGER NOT NULL DEFAULT 0,
	failed_at  INTEGER NOT NULL DEFAULT 0, -- given up after the last attempt
	last_error TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX deliveries_pending ON deliveries(next_at) WHERE sent_at = 0 AND failed_at = 0;

CREATE TABLE notify_prefs (
	user_id    INTEGER PRIMARY KEY REFERENCES users(id),
	email      TEXT NOT NULL DEFAULT '',
	by_email   INTEGER NOT NULL DEFAULT 0,
	by_webhook INTEGER NOT NULL DEFAULT 0
) STRICT;
