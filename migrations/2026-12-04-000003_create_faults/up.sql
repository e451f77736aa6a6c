-- Faults injected through POST /sandbox/Faults: the next `total` requests of the account whose
-- path starts with `path` (and whose method matches, when set) are answered with `status` /
-- `code` after `delay_ms`. `remaining` is counted down by a conditional UPDATE, so a fault is
-- used exactly `total` times however many replicas share the database.
CREATE TABLE faults (
    sid TEXT PRIMARY KEY NOT NULL,
    account_sid TEXT NOT NULL REFERENCES accounts (sid),
    path TEXT NOT NULL,
    method TEXT,
    status INTEGER,
    code INTEGER,
    message TEXT,
    total INTEGER NOT NULL,
    remaining INTEGER NOT NULL,
    delay_ms INTEGER NOT NULL,
    date_created TIMESTAMP NOT NULL
);

CREATE INDEX faults_account_remaining ON faults (account_sid, remaining);
CREATE INDEX faults_account_created ON faults (account_sid, date_created, sid);
