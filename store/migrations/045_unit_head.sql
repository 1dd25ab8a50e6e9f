-- The head of an undertaking unit (承办单位负责人) gets the unit's weekly digest of overdue stages.
ALTER TABLE users ADD COLUMN is_unit_head INTEGER NOT NULL DEFAULT 0;
