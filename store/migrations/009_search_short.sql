-- Short queries through the index (see 003 for the index itself). The trigram index cannot be
-- asked for one or two characters, but every two characters of an indexed text begin one of its
-- trigrams -- once each text ends with a newline, as all do from here on. So store.Search turns a
-- two-character query into the indexed trigrams that start with it, read from search_terms.
-- The triggers are those of 003 with the newline added; the index is rebuilt with it.
CREATE VIRTUAL TABLE search_terms USING fts5vocab(search_index, 'row');

DROP TRIGGER search_decisions_ai;
DROP TRIGGER search_decisions_au;
DROP TRIGGER search_decisions_ad;
DROP TRIGGER search_revisions_ai;
DROP TRIGGER search_comments_ai;
DROP TRIGGER search_comments_au;
DROP TRIGGER search_comments_ad;
DROP TRIGGER search_opinions_ai;
DROP TRIGGER search_meetings_ai;
DROP TRIGGER search_meetings_au;
DROP TRIGGER search_meetings_ad;
DROP TRIGGER search_experts_ai;
DROP TRIGGER search_experts_au;
DROP TRIGGER search_experts_ad;
DROP TRIGGER search_reviews_ai;
DROP TRIGGER search_hearings_ai;
DROP TRIGGER search_hearings_au;
DROP TRIGGER search_hearings_ad;

-- Decisions: the title and the proposal's texts. Only a change to those columns re-indexes,
-- not the version bump that every write makes.
CREATE TRIGGER search_decisions_ai AFTER INSERT ON decisions BEGIN
	INSERT INTO search_index(rowid, kind, decision_id, record_id, title, body)
	VALUES (new.id * 16 + 1, 'decision', new.id, new.id, new.title || char(10),
		new.problem || char(10) || new.reasons || char(10) || new.legal_basis || char(10) ||
		new.solution || char(10) || new.necessity || char(10));
END;
CREATE TRIGGER search_decisions_au AFTER UPDATE OF title, problem, reasons, legal_basis, solution, necessity ON decisions BEGIN
	DELETE FROM search_index WHERE rowid = old.id * 16 + 1;
	INSERT INTO search_index(rowid, kind, decision_id, record_id, title, body)
	VALUES (new.id * 16 + 1, 'decision', new.id, new.id, new.title || char(10),
		new.problem || char(10) || new.reasons || char(10) || new.legal_basis || char(10) ||
		new.solution || char(10) || new.necessity || char(10));
END;
CREATE TRIGGER search_decisions_ad AFTER DELETE ON decisions BEGIN
	DELETE FROM search_index WHERE rowid = old.id * 16 + 1;
END;

-- Draft revisions, meeting opinions and legality reviews are never updated or deleted (their
-- BEFORE triggers in 001 refuse it), so an insert trigger is all they need.
CREATE TRIGGER search_revisions_ai AFTER INSERT ON draft_revisions BEGIN
	INSERT INTO search_index(rowid, kind, decision_id, record_id, title, body)
	VALUES (new.id * 16 + 2, 'revision', new.decision_id, new.id, '', new.body || char(10) || new.options || char(10));
END;

CREATE TRIGGER search_comments_ai AFTER INSERT ON comments BEGIN
	INSERT INTO search_index(rowid, kind, decision_id, record_id, title, body)
	VALUES (new.id * 16 + 3, 'comment', new.decision_id, new.id, '', new.body || char(10) || new.reason || char(10));
END;
CREATE TRIGGER search_comments_au AFTER UPDATE OF body, reason, decision_id ON comments BEGIN
	DELETE FROM search_index WHERE rowid = old.id * 16 + 3;
	INSERT INTO search_index(rowid, kind, decision_id, record_id, title, body)
	VALUES (new.id * 16 + 3, 'comment', new.decision_id, new.id, '', new.body || char(10) || new.reason || char(10));
END;
CREATE TRIGGER search_comments_ad AFTER DELETE ON comments BEGIN
	DELETE FROM search_index WHERE rowid = old.id * 16 + 3;
END;

CREATE TRIGGER search_opinions_ai AFTER INSERT ON meeting_opinions BEGIN
	INSERT INTO search_index(rowid, kind, decision_id, record_id, title, body)
	VALUES (new.id * 16 + 4, 'opinion', (SELECT decision_id FROM meetings WHERE id = new.meeting_id), new.id,
		new.speaker || char(10), new.text || char(10));
END;

CREATE TRIGGER search_meetings_ai AFTER INSERT ON meetings BEGIN
	INSERT INTO search_index(rowid, kind, decision_id, record_id, title, body)
	VALUES (new.id * 16 + 5, 'meeting', new.decision_id, new.id, new.number || char(10),
		new.attendees || char(10) || new.departure_reason || char(10));
END;
CREATE TRIGGER search_meetings_au AFTER UPDATE OF number, attendees, departure_reason, decision_id ON meetings BEGIN
	DELETE FROM search_index WHERE rowid = old.id * 16 + 5;
	INSERT INTO search_index(rowid, kind, decision_id, record_id, title, body)
	VALUES (new.id * 16 + 5, 'meeting', new.decision_id, new.id, new.number || char(10),
		new.attendees || char(10) || new.departure_reason || char(10));
END;
CREATE TRIGGER search_meetings_ad AFTER DELETE ON meetings BEGIN
	DELETE FROM search_index WHERE rowid = old.id * 16 + 5;
END;

CREATE TRIGGER search_experts_ai AFTER INSERT ON expert_opinions BEGIN
	INSERT INTO search_index(rowid, kind, decision_id, record_id, title, body)
	VALUES (new.id * 16 + 6, 'expert', new.decision_id, new.id, '', new.opinion || char(10) || new.conclusion || char(10));
END;
CREATE TRIGGER search_experts_au AFTER UPDATE OF opinion, conclusion, decision_id ON expert_opinions BEGIN
	DELETE FROM search_index WHERE rowid = old.id * 16 + 6;
	INSERT INTO search_index(rowid, kind, decision_id, record_id, title, body)
	VALUES (new.id * 16 + 6, 'expert', new.decision_id, new.id, '', new.opinion || char(10) || new.conclusion || char(10));
END;
CREATE TRIGGER search_experts_ad AFTER DELETE ON expert_opinions BEGIN
	DELETE FROM search_index WHERE rowid = old.id * 16 + 6;
END;

CREATE TRIGGER search_reviews_ai AFTER INSERT ON legality_reviews BEGIN
	INSERT INTO search_index(rowid, kind, decision_id, record_id, title, body)
	VALUES (new.id * 16 + 7, 'review', new.decision_id, new.id, '',
		new.authority || char(10) || new.procedure || char(10) || new.substance || char(10) || new.legal_risk || char(10));
END;

CREATE TRIGGER search_hearings_ai AFTER INSERT ON hearings BEGIN
	INSERT INTO search_index(rowid, kind, decision_id, record_id, title, body)
	VALUES (new.id * 16 + 8, 'hearing', new.decision_id, new.id, '',
		new.record_summary || char(10) || new.opinions_handling || char(10));
END;
CREATE TRIGGER search_hearings_au AFTER UPDATE OF record_summary, opinions_handling, decision_id ON hearings BEGIN
	DELETE FROM search_index WHERE rowid = old.id * 16 + 8;
	INSERT INTO search_index(rowid, kind, decision_id, record_id, title, body)
	VALUES (new.id * 16 + 8, 'hearing', new.decision_id, new.id, '',
		new.record_summary || char(10) || new.opinions_handling || char(10));
END;
CREATE TRIGGER search_hearings_ad AFTER DELETE ON hearings BEGIN
	DELETE FROM search_index WHERE rowid = old.id * 16 + 8;
END;

-- Index everything again, each text with its newline.
DELETE FROM search_index;
INSERT INTO search_index(rowid, kind, decision_id, record_id, title, body)
SELECT id * 16 + 1, 'decision', id, id, title || char(10),
	problem || char(10) || reasons || char(10) || legal_basis || char(10) || solution || char(10) || necessity || char(10)
FROM decisions;
INSERT INTO search_index(rowid, kind, decision_id, record_id, title, body)
SELECT id * 16 + 2, 'revision', decision_id, id, '', body || char(10) || options || char(10) FROM draft_revisions;
INSERT INTO search_index(rowid, kind, decision_id, record_id, title, body)
SELECT id * 16 + 3, 'comment', decision_id, id, '', body || char(10) || reason || char(10) FROM comments;
INSERT INTO search_index(rowid, kind, decision_id, record_id, title, body)
SELECT o.id * 16 + 4, 'opinion', m.decision_id, o.id, o.speaker || char(10), o.text || char(10)
FROM meeting_opinions o JOIN meetings m ON m.id = o.meeting_id;
INSERT INTO search_index(rowid, kind, decision_id, record_id, title, body)
SELECT id * 16 + 5, 'meeting', decision_id, id, number || char(10), attendees || char(10) || departure_reason || char(10) FROM meetings;
INSERT INTO search_index(rowid, kind, decision_id, record_id, title, body)
SELECT id * 16 + 6, 'expert', decision_id, id, '', opinion || char(10) || conclusion || char(10) FROM expert_opinions;
INSERT INTO search_index(rowid, kind, decision_id, record_id, title, body)
SELECT id * 16 + 7, 'review', decision_id, id, '',
	authority || char(10) || procedure || char(10) || substance || char(10) || legal_risk || char(10)
FROM legality_reviews;
INSERT INTO search_index(rowid, kind, decision_id, record_id, title, body)
SELECT id * 16 + 8, 'hearing', decision_id, id, '', record_summary || char(10) || opinions_handling || char(10) FROM hearings;
