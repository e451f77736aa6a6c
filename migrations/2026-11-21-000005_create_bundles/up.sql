CREATE TABLE bundles (
    sid TEXT PRIMARY KEY NOT NULL,
    account_sid TEXT NOT NULL REFERENCES accounts (sid),
    regulation_sid TEXT NOT NULL,
    friendly_name TEXT NOT NULL,
    email TEXT NOT NULL,
    status_callback TEXT,
    status TEXT NOT NULL,
    -- why the reviewer rejected it; not in Twilio's bundle JSON, sent in status callbacks
    failure_reason TEXT,
    valid_until TIMESTAMP,
    is_test BOOLEAN NOT NULL DEFAULT FALSE,
    -- the bundle this one is a Copy of (GET /Bundles/{Sid}/Copies)
    copied_from TEXT,
    -- when the simulated reviewer takes its next step (REGBOX_REVIEW=auto); NULL when none is due
    review_due_at TIMESTAMP,
    date_created TIMESTAMP NOT NULL,
    date_updated TIMESTAMP NOT NULL
);
-- One index per sort order of GET /Bundles, each ending in sid for keyset paging.
CREATE INDEX bundles_account_created ON bundles (account_sid, date_created, sid);
CREATE INDEX bundles_account_updated ON bundles (account_sid, date_updated, sid);
CREATE INDEX bundles_account_valid_until ON bundles (account_sid, valid_until, sid);
CREATE INDEX bundles_account_status_created ON bundles (account_sid, status, date_created, sid);
CREATE INDEX bundles_copied_from ON bundles (copied_from, date_created, sid);
-- Background work: due reviews and expiries.
CREATE INDEX bundles_review_due ON bundles (review_due_at);
CREATE INDEX bundles_status_valid_until ON bundles (status, valid_until);
