-- Outbox of status callbacks: a row is written in the same transaction as the status change it
-- reports, and a worker on any replica delivers it.
CREATE TABLE callbacks (
    sid TEXT PRIMARY KEY NOT NULL,
    account_sid TEXT NOT NULL REFERENCES accounts (sid),
    bundle_sid TEXT NOT NULL,
    url TEXT NOT NULL,
    -- the form parameters, as a JSON object of strings
    params TEXT NOT NULL,
    signature TEXT NOT NULL,
    -- pending, delivered or failed
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_http_status INTEGER,
    last_error TEXT,
    -- a worker claims a row by moving next_attempt_at forward with a conditional update (a lease);
    -- a worker that dies leaves the lease to expire, and another picks the row up
    next_attempt_at TIMESTAMP NOT NULL,
    date_created TIMESTAMP NOT NULL,
    date_updated TIMESTAMP NOT NULL
);
CREATE INDEX callbacks_due ON callbacks (state, next_attempt_at);
CREATE INDEX callbacks_bundle_created ON callbacks (bundle_sid, date_created, sid);
