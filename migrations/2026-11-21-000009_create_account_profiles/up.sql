-- What Twilio's 2010 Accounts resource says about an account beyond its token and name: the
-- account family (owner_account_sid is the parent of a subaccount, and an account's own SID for
-- a top-level account, as in Twilio's `owner_account_sid`), its status and when it last changed.
-- A table of its own rather than new columns on accounts, so that the down migration can drop it
-- (dropping a column makes SQLite rebuild the table; see migrations/README.md).
CREATE TABLE account_profiles (
    sid TEXT PRIMARY KEY NOT NULL REFERENCES accounts (sid),
    owner_account_sid TEXT NOT NULL REFERENCES accounts (sid),
    -- active, suspended or closed
    status TEXT NOT NULL,
    date_updated TIMESTAMP NOT NULL
);
-- A parent's list of itself and its subaccounts.
CREATE INDEX account_profiles_owner ON account_profiles (owner_account_sid);

-- Every account that exists already is a top-level, active one.
INSERT INTO account_profiles (sid, owner_account_sid, status, date_updated)
SELECT sid, sid, 'active', date_created FROM accounts;
