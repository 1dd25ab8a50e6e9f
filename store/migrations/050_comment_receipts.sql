-- The citizen's receipt (issue 16): a comment from the portal keeps the hash of its form's
-- one-time token (the same form sent again is answered with the first receipt) and the hash of
-- the short code printed on the receipt, with which the citizen looks up its handling later.
-- Only hashes: neither the history nor a backup gives anyone the code.
ALTER TABLE comments ADD COLUMN form_token TEXT NOT NULL DEFAULT '';
ALTER TABLE comments ADD COLUMN code_hash TEXT NOT NULL DEFAULT '';
CREATE INDEX comments_form_token ON comments(decision_id, form_token) WHERE form_token <> '';
