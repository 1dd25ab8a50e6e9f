-- Third-party bodies registered by the admin (评估机构、高校、研究中心 …), chosen, like the
-- units, as who assessed the risk before the decision and who evaluates it after (条例第36条:
-- never the same body). A body is named by a key: unit:<id> or body:<id>.
CREATE TABLE third_parties (
	id         INTEGER PRIMARY KEY,
	name       TEXT NOT NULL UNIQUE CHECK (name <> ''),
	created_at INTEGER NOT NULL
) STRICT;
ALTER TABLE risk_assessments ADD COLUMN assessor_body TEXT NOT NULL DEFAULT '';
ALTER TABLE evaluations ADD COLUMN evaluator_body TEXT NOT NULL DEFAULT '';
