-- Each decision's current stage due date and overdue limit (workflow.Due and workflow.Limit),
-- kept by the store so that worklists sort and the overdue list filters in SQL instead of
-- loading every decision. Unix milliseconds; 0 = the stage has none; -1 = to be computed: every
-- write to a decision marks it, and the store computes the marked ones before it commits.
ALTER TABLE decisions ADD COLUMN due_on INTEGER NOT NULL DEFAULT -1;
ALTER TABLE decisions ADD COLUMN limit_on INTEGER NOT NULL DEFAULT -1;
CREATE INDEX decisions_due_pending ON decisions(id) WHERE due_on = -1;
CREATE INDEX decisions_limit ON decisions(limit_on) WHERE limit_on > 0;
