-- Accounts own every resource. The default account is inserted (or its token updated) at start-up
-- from REGBOX_ACCOUNT_SID / REGBOX_AUTH_TOKEN; others come from POST /sandbox/Accounts.
CREATE TABLE accounts (
    sid TEXT PRIMARY KEY NOT NULL,
    auth_token TEXT NOT NULL,
    friendly_name TEXT NOT NULL,
    date_created TIMESTAMP NOT NULL
);

-- API keys (SK…): Basic auth with SK…:secret acts as account_sid.
CREATE TABLE api_keys (
    sid TEXT PRIMARY KEY NOT NULL,
    account_sid TEXT NOT NULL REFERENCES accounts (sid),
    secret TEXT NOT NULL,
    friendly_name TEXT NOT NULL,
    date_created TIMESTAMP NOT NULL
);
