-- The decision list shows the newest registered first, with or without a unit or state filter:
-- with these indexes a page reads its rows in order instead of sorting every decision.
CREATE INDEX decisions_created ON decisions(created_at, id);
CREATE INDEX decisions_unit_created ON decisions(unit_id, created_at, id);
CREATE INDEX decisions_state_created ON decisions(state, created_at, id);
CREATE INDEX decisions_unit_state_created ON decisions(unit_id, state, created_at, id);
-- Worklists: the nearest due dates, read in order from the index until the page is full; the
-- state is in the index so that a role whose stages are rare skips the others without reading
-- their rows.
CREATE INDEX decisions_due ON decisions(due_on, state, state_since);
CREATE INDEX decisions_unit_due ON decisions(unit_id, due_on, state, state_since);
