-- A new version of a normative document that is a new document (with its own number)
-- supersedes the old one: the old document's id, 0 when it replaces none. The old one finds its
-- successor by this column, so the link is shown both ways.
ALTER TABLE normative_files ADD COLUMN supersedes INTEGER NOT NULL DEFAULT 0;
CREATE INDEX normative_files_supersedes ON normative_files(supersedes) WHERE supersedes <> 0;
