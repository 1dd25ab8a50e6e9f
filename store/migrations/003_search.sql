-- Full-text search (全文检索) over decisions and their records. Chinese has no spaces between
-- words, so the index uses FTS5's trigram tokenizer: any query of three or more characters is
-- a substring match. Shorter queries cannot use it (a 2-character MATCH finds nothing and
-- raises no error); store.Search scans title and body with instr() for those.
--
-- One row per indexed record. Its rowid is record_id * 16 + a code for the kind, so a trigger
-- finds the row to replace by rowid instead of scanning the UNINDEXED columns:
--   1 decision (决策事项)   2 revision (草案)      3 comment (公众意见)   4 opinion (会议发言)
--   5 meeting (会议记录)    6 expert (专家意见)    7 review (审查意见)    8 hearing (听证记录)
-- The decision's title is not copied into the other kinds' rows: it is joined at query time,
-- so renaming a decision touches one row.
CREATE VIRTUAL TABLE search_index USING fts5(
	kind UNINDEXED,
	decision_id UNINDEXED,
	record_id UNINDEXED,
	title,
	body,
	tokenize = 'trigram'
);

-- Decisions: the title and the proposal's texts. Only a change to those columns re-indexes,
-- not the version bump that every write makes.
CREATE TRIGGER search_decisions_ai AFTER INSERT ON decisions BEGIN
	INSERT INTO search_index(rowid, kind, decision_id, record_id, title, body)
	VALUES (new.id * 16 + 1, 'decision', new.id, new.id, new.title,
		new.problem || char(10) || new.reasons || char(10) || new.legal_basis || char(10) ||
		new.solution || char(10) || new.necessity);
END;
CREATE TRIGGER search_decisions_au AFTER UPDATE OF title, problem, reasons, legal_basis, solution, necessity ON decisions BEGIN
	DELETE FROM search_index WHERE rowid = old.id * 16 + 1;
	INSERT INTO search_index(rowid, kind, decision_id, record_id, title, body)
	VALUES (new.id * 16 + 1, 'decision', new.id, new.id, new.title,
		new.problem || char(10) || new.reasons || char(10) || new.legal_basis || char(10) ||
		new.solution || char(10) || new.necessity);
END;
CREATE TRIGGER search_decisions_ad AFTER DELETE ON decisions BEGIN
	DELETE FROM search_index WHERE rowid = old.id * 16 + 1;
END;

-- Draft revisions, meeting opinions and legality reviews are never updated or deleted (their
-- BEFORE triggers in 001 refuse it), so an insert trigger is all they need.
CREATE TRIGGER search_revisions_ai AFTER INSERT ON draft_revisions BEGIN
	INSERT INTO search_index(rowid, kind, decision_id, record_id, title, body)
	VALUES (new.id * 16 + 2, 'revision', new.decision_id, new.id, '', new.body || char(10) || new.options);
END;

CREATE TRIGGER search_comments_ai AFTER INSERT ON comments BEGIN
	INSERT INTO search_index(rowid, kind, decision_id, record_id, title, body)
	VALUES (new.id * 16 + 3, 'comment', new.decision_id, new.id, '', new.body || char(10) || new.reason);
END;
CREATE TRIGGER search_comments_au AFTER UPDATE OF body, reason, decision_id ON comments BEGIN
	DELETE FROM search_index WHERE rowid = old.id * 16 + 3;
	INSERT INTO search_index(rowid, kind, decision_id, record_id, title, body)
	VALUES (new.id * 16 + 3, 'comment', new.decision_id, new.id, '', new.body || char(10) || new.reason);
END;
CREATE TRIGGER search_comments_ad AFTER DELETE ON comments BEGIN
	DELETE FROM search_index WHERE rowid = old.id * 16 + 3;
END;

CREATE TRIGGER search_opinions_ai AFTER INSERT ON meeting_opinions BEGIN
	INSERT INTO search_index(rowid, kind, decision_id, record_id, title, body)
	VALUES (new.id * 16 + 4, 'opinion', (SELECT decision_id FROM meetings WHERE id = new.meeting_id), new.id,
		new.speaker, new.text);
END;

CREATE TRIGGER search_meetings_ai AFTER INSERT ON meetings BEGIN
	INSERT INTO search_index(rowid, kind, decision_id, record_id, title, body)
	VALUES (new.id * 16 + 5, 'meeting', new.decision_id, new.id, new.number,
		new.attendees || char(10) || new.departure_reason);
END;
CREATE TRIGGER search_meetings_au AFTER UPDATE OF number, attendees, departure_reason, decision_id ON meetings BEGIN
	DELETE FROM search_index WHERE rowid = old.id * 16 + 5;
	INSERT INTO search_index(rowid, kind, decision_id, record_id, title, body)
	VALUES (new.id * 16 + 5, 'meeting', new.decision_id, new.id, new.number,
		new.attendees || char(10) || new.departure_reason);
END;
CREATE TRIGGER search_meetings_ad AFTER DELETE ON meetings BEGIN
	DELETE FROM search_index WHERE rowid = old.id * 16 + 5;
END;

CREATE TRIGGER search_experts_ai AFTER INSERT ON expert_opinions BEGIN
	INSERT INTO search_index(rowid, kind, decision_id, record_id, title, body)
	VALUES (new.id * 16 + 6, 'expert', new.decision_id, new.id, '', new.opinion || char(10) || new.conclusion);
END;
CREATE TRIGGER search_experts_au AFTER UPDATE OF opinion, conclusion, decision_id ON expert_opinions BEGIN
	DELETE FROM search_index WHERE rowid = old.id * 16 + 6;
	INSERT INTO search_index(rowid, kind, decision_id, record_id, title, body)
	VALUES (new.id * 16 + 6, 'expert', new.decision_id, new.id, '', new.opinion || char(10) || new.conclusion);
END;
CREATE TRIGGER search_experts_ad AFTER DELETE ON expert_opinions BEGIN
	DELETE FROM search_index WHERE rowid = old.id * 16 + 6;
END;

CREATE TRIGGER search_reviews_ai AFTER INSERT ON legality_reviews BEGIN
	INSERT INTO search_index(rowid, kind, decision_id, record_id, title, body)
	VALUES (new.id * 16 + 7, 'review', new.decision_id, new.id, '',
		new.authority || char(10) || new.procedure || char(10) || new.substance || char(10) || new.legal_risk);
END;

CREATE TRIGGER search_hearings_ai AFTER INSERT ON hearings BEGIN
	INSERT INTO search_index(rowid, kind, decision_id, record_id, title, body)
	VALUES (new.id * 16 + 8, 'hearing', new.decision_id, new.id, '',
		new.record_summary || char(10) || new.opinions_handling);
END;
CREATE TRIGGER search_hearings_au AFTER UPDATE OF record_summary, opinions_handling, decision_id ON hearings BEGIN
	DELETE FROM search_index WHERE rowid = old.id * 16 + 8;
	INSERT INTO search_index(rowid, kind, decision_id, record_id, title, body)
	VALUES (new.id * 16 + 8, 'hearing', new.decision_id, new.id, '',
		new.record_summary || char(10) || new.opinions_handling);
END;
CREATE TRIGGER search_hearings_ad AFTER DELETE ON hearings BEGIN
	DELETE FROM search_index WHERE rowid = old.id * 16 + 8;
END;

-- Backfill what was recorded before this migration.
INSERT INTO search_index(rowid, kind, decision_id, record_id, title, body)
SELECT id * 16 + 1, 'decision', id, id, title,
	problem || char(10) || reasons || char(10) || legal_basis || char(10) || solution || char(10) || necessity
FROM decisions;
INSERT INTO search_index(rowid, kind, decision_id, record_id, title, body)
SELECT id * 16 + 2, 'revision', decision_id, id, '', body || char(10) || options FROM draft_revisions;
INSERT INTO search_index(rowid, kind, decision_id, record_id, title, body)
SELECT id * 16 + 3, 'comment', decision_id, id, '', body || char(10) || reason FROM comments;
INSERT INTO search_index(rowid, kind, decision_id, record_id, title, body)
SELECT o.id * 16 + 4, 'opinion', m.decision_id, o.id, o.speaker, o.text
FROM meeting_opinions o JOIN meetings m ON m.id = o.meeting_id;
INSERT INTO search_index(rowid, kind, decision_id, record_id, title, body)
SELECT id * 16 + 5, 'meeting', decision_id, id, number, attendees || char(10) || departure_reason FROM meetings;
INSERT INTO search_index(rowid, kind, decision_id, record_id, title, body)
SELECT id * 16 + 6, 'expert', decision_id, id, '', opinion || char(10) || conclusion FROM expert_opinions;
INSERT INTO search_index(rowid, kind, decision_id, record_id, title, body)
SELECT id * 16 + 7, 'review', decision_id, id, '',
	authority || char(10) || procedure || char(10) || substance || char(10) || legal_risk
FROM legality_reviews;
INSERT INTO search_index(rowid, kind, decision_id, record_id, title, body)
SELECT id * 16 + 8, 'hearing', decision_id, id, '', record_summary || char(10) || opinions_handling FROM hearings;
