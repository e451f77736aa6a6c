CREATE TABLE end_users (
    sid TEXT PRIMARY KEY NOT NULL,
    account_sid TEXT NOT NULL REFERENCES accounts (sid),
    friendly_name TEXT NOT NULL,
    type TEXT NOT NULL,
    -- JSON object, serialised
    attributes TEXT NOT NULL,
    date_created TIMESTAMP NOT NULL,
    date_updated TIMESTAMP NOT NULL
);
-- Keyset paging: newest first within an account, ties broken by SID.
CREATE INDEX end_users_account_created ON end_users (account_sid, date_created, sid);
