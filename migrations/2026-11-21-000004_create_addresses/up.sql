-- Twilio's 2010-04-01 Addresses resource (AD…), referenced by regulations through address_sids.
CREATE TABLE addresses (
    sid TEXT PRIMARY KEY NOT NULL,
    account_sid TEXT NOT NULL REFERENCES accounts (sid),
    friendly_name TEXT,
    customer_name TEXT NOT NULL,
    street TEXT NOT NULL,
    street_secondary TEXT,
    city TEXT NOT NULL,
    region TEXT NOT NULL,
    postal_code TEXT NOT NULL,
    iso_country TEXT NOT NULL,
    emergency_enabled BOOLEAN NOT NULL DEFAULT FALSE,
    validated BOOLEAN NOT NULL DEFAULT FALSE,
    verified BOOLEAN NOT NULL DEFAULT FALSE,
    date_created TIMESTAMP NOT NULL,
    date_updated TIMESTAMP NOT NULL
);
CREATE INDEX addresses_account_created ON addresses (account_sid, date_created, sid);
