-- The portal lists a consultation's comments grouped, with each group's handling: the
-- dispositions and reasons of a page's groups are read from this index alone, not from the
-- rows (a fare consultation's largest groups hold thousands of comments).
CREATE INDEX comments_handling ON comments (decision_id, group_key, disposition, reason);
