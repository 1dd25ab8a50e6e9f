-- Failed logins per account name and client address, and per address across all names
-- (username ''): what throttles logins (store/loginlock.go). Nothing here locks an account as
-- such, so nobody can lock a user out from elsewhere.
CREATE TABLE login_failures (
    username     TEXT NOT NULL,    -- as typed, case-folded; '' for the address across names
    address      TEXT NOT NULL,    -- the client address (an IPv6 one as its /64)
    failures     INTEGER NOT NULL, -- in the window that began at window_start
    window_start INTEGER NOT NULL, -- unix ms
    locked_until INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (username, address)
) WITHOUT ROWID;
CREATE INDEX login_failures_window ON login_failures(window_start);
CREATE INDEX login_failures_locked ON login_failures(locked_until);
