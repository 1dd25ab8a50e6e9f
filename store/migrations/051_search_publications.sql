-- The published decision in the search index: its document number (文号) as the title, the
-- text and its explanation as the body, at rowid id * 16 + 9 (1–8 are taken, see 003 and 009).
-- The number is indexed with the year's brackets as they should be, 〔2026〕, whatever was
-- typed, and store.Search writes a query's year brackets the same way; so 澜政发[2026]22号
-- and 澜政发（2026）22号 find 澜政发〔2026〕22号.
CREATE TRIGGER search_publications_ai AFTER INSERT ON publications BEGIN
	INSERT INTO search_index(rowid, kind, decision_id, record_id, title, body)
	VALUES (new.id * 16 + 9, 'publication', new.decision_id, new.id,
		replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(new.doc_number,
			'[', '〔'), ']', '〕'), '【', '〔'), '】', '〕'), '(', '〔'), ')', '〕'), '（', '〔'), '）', '〕'), '［', '〔'), '］', '〕') || char(10),
		new.text || char(10) || new.explanation || char(10));
END;
CREATE TRIGGER search_publications_au AFTER UPDATE OF doc_number, text, explanation, decision_id ON publications BEGIN
	DELETE FROM search_index WHERE rowid = old.id * 16 + 9;
	INSERT INTO search_index(rowid, kind, decision_id, record_id, title, body)
	VALUES (new.id * 16 + 9, 'publication', new.decision_id, new.id,
		replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(new.doc_number,
			'[', '〔'), ']', '〕'), '【', '〔'), '】', '〕'), '(', '〔'), ')', '〕'), '（', '〔'), '）', '〕'), '［', '〔'), '］', '〕') || char(10),
		new.text || char(10) || new.explanation || char(10));
END;
CREATE TRIGGER search_publications_ad AFTER DELETE ON publications BEGIN
	DELETE FROM search_index WHERE rowid = old.id * 16 + 9;
END;

-- Index the publications.
DELETE FROM search_index WHERE kind = 'publication';
INSERT INTO search_index(rowid, kind, decision_id, record_id, title, body)
SELECT id * 16 + 9, 'publication', decision_id, id,
	replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(doc_number,
		'[', '〔'), ']', '〕'), '【', '〔'), '】', '〕'), '(', '〔'), ')', '〕'), '（', '〔'), '）', '〕'), '［', '〔'), '］', '〕') || char(10),
	text || char(10) || explanation || char(10)
FROM publications;
