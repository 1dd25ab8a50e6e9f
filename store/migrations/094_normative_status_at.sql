-- When a normative document's status last changed (已修改 / 已废止 / 已失效 …), so that a later
-- use of it as a basis of administration can be told from an earlier one (规划三(三)3).
ALTER TABLE normative_files ADD COLUMN status_at INTEGER NOT NULL DEFAULT 0;
