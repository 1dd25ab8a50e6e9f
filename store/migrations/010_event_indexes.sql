-- The audit log filters the history by action, user or unit, newest first, and lists the
-- actions there are; the yearly report reads every state change. Over millions of events these
-- read the index instead of every event.
CREATE INDEX events_action ON events(action, id);
CREATE INDEX events_user ON events(user_id, id);
CREATE INDEX events_unit ON events(unit_id, id);
CREATE INDEX events_state_changes ON events(decision_id, id, at, to_state) WHERE to_state != '';
