-- The city's document number prefixes (发文机关代字, e.g. 澜政发, 澜政办发, 澜政规): a
-- publication's 文号 must begin with one of them when any is set (admin: 期限设置).
CREATE TABLE doc_prefixes (
	id     INTEGER PRIMARY KEY,
	prefix TEXT NOT NULL UNIQUE
) STRICT;
