-- Normative documents (行政规范性文件, 规划三(三)): a decision row of another kind of matter,
-- run through the normative procedure (workflow.Normative). Every existing row is a major
-- decision.
ALTER TABLE decisions ADD COLUMN kind TEXT NOT NULL DEFAULT 'major' CHECK (kind IN ('major', 'normative'));
CREATE INDEX decisions_kind ON decisions(kind, state);

-- The register (统一登记、统一编号、统一发布): the issuing body's prefix from drafting on, the
-- number allocated in the publication's transaction, the filing (报送备案) and the status.
CREATE TABLE normative_files (
	decision_id        INTEGER PRIMARY KEY REFERENCES decisions(id),
	prefix             TEXT NOT NULL CHECK (prefix <> ''),
	number             TEXT NOT NULL DEFAULT '',
	year               INTEGER NOT NULL DEFAULT 0,
	seq                INTEGER NOT NULL DEFAULT 0,
	published_on       INTEGER NOT NULL DEFAULT 0,
	valid_until        INTEGER NOT NULL DEFAULT 0,
	channels           TEXT NOT NULL DEFAULT '',
	link               TEXT NOT NULL DEFAULT '',
	text               TEXT NOT NULL DEFAULT '',
	status             TEXT NOT NULL DEFAULT '' CHECK (status IN ('', 'valid', 'amended', 'repealed', 'expired')),
	status_note        TEXT NOT NULL DEFAULT '',
	filing_body        TEXT NOT NULL DEFAULT '',
	filed_on           INTEGER NOT NULL DEFAULT 0,
	filing_recorded_at INTEGER NOT NULL DEFAULT 0,
	filing_late_reason TEXT NOT NULL DEFAULT '',
	-- the legal office's filing review (备案审查)
	review_conclusion  TEXT NOT NULL DEFAULT '' CHECK (review_conclusion IN ('', 'passed', 'correct', 'annul')),
	review_reasons     TEXT NOT NULL DEFAULT '',
	reviewed_at        INTEGER NOT NULL DEFAULT 0,
	reviewed_by        INTEGER NOT NULL DEFAULT 0,
	-- the latest clean-up (清理); the history keeps every one
	cleanup_outcome    TEXT NOT NULL DEFAULT '' CHECK (cleanup_outcome IN ('', 'keep', 'amend', 'repeal', 'expire')),
	cleanup_reason     TEXT NOT NULL DEFAULT '',
	cleaned_at         INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE UNIQUE INDEX normative_files_number ON normative_files(number) WHERE number <> '';
CREATE UNIQUE INDEX normative_files_seq ON normative_files(prefix, year, seq) WHERE seq > 0;

-- The last number given per prefix and year: updated in the publication's write transaction,
-- so numbers are unique and without gaps.
CREATE TABLE doc_number_counters (
	key    TEXT PRIMARY KEY, -- 澜政规〔2026〕
	prefix TEXT NOT NULL,
	year   INTEGER NOT NULL,
	last   INTEGER NOT NULL CHECK (last > 0)
) STRICT;

-- The departments asked for their opinions (部门征求意见/会签, 规划三(三)2) and their replies.
CREATE TABLE dept_requests (
	id          INTEGER PRIMARY KEY,
	decision_id INTEGER NOT NULL REFERENCES decisions(id),
	unit_id     INTEGER NOT NULL REFERENCES units(id),
	due_on      INTEGER NOT NULL,
	sent_at     INTEGER NOT NULL,
	sent_by     INTEGER NOT NULL REFERENCES users(id),
	replied_at  INTEGER NOT NULL DEFAULT 0,
	replied_by  INTEGER NOT NULL DEFAULT 0,
	agrees      INTEGER NOT NULL DEFAULT 0,
	opinion     TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX dept_requests_decision ON dept_requests(decision_id);
CREATE INDEX dept_requests_unit ON dept_requests(unit_id, replied_at);

-- The legal office's coordination of a disagreement, and the ruling of the leaders or the
-- executive meeting when coordination fails.
CREATE TABLE coordinations (
	id                 INTEGER PRIMARY KEY,
	decision_id        INTEGER NOT NULL REFERENCES decisions(id),
	request_id         INTEGER NOT NULL REFERENCES dept_requests(id),
	issues             TEXT NOT NULL,
	views              TEXT NOT NULL,
	proposal           TEXT NOT NULL DEFAULT '',
	agreed             INTEGER NOT NULL DEFAULT 0,
	at                 INTEGER NOT NULL,
	by                 INTEGER NOT NULL REFERENCES users(id),
	ruling             TEXT NOT NULL DEFAULT '',
	ruled_by           TEXT NOT NULL DEFAULT '',
	ruled_at           INTEGER NOT NULL DEFAULT 0,
	ruling_recorded_by INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX coordinations_decision ON coordinations(decision_id);
