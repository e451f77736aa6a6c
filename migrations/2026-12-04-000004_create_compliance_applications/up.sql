-- Plivo's identity of an account: Basic auth with auth_id:auth_token on the Plivo routes. The
-- default account's comes from REGBOX_PLIVO_AUTH_ID / REGBOX_PLIVO_AUTH_TOKEN at start-up;
-- POST /sandbox/Accounts gives each new account one.
CREATE TABLE plivo_credentials (
    auth_id TEXT PRIMARY KEY NOT NULL,
    account_sid TEXT NOT NULL UNIQUE REFERENCES accounts (sid),
    auth_token TEXT NOT NULL,
    date_created TIMESTAMP NOT NULL
);

-- One-call compliance applications (Plivo's Compliance API): the end user is kept inside the
-- application as a JSON object, the documents in compliance_documents.
CREATE TABLE compliance_applications (
    id TEXT PRIMARY KEY NOT NULL,
    account_sid TEXT NOT NULL REFERENCES accounts (sid),
    alias TEXT NOT NULL,
    -- submitted, accepted or rejected
    status TEXT NOT NULL,
    country_iso TEXT NOT NULL,
    number_type TEXT NOT NULL,
    user_type TEXT NOT NULL,
    requirement_id TEXT NOT NULL,
    end_user_id TEXT NOT NULL,
    -- the end user's fields, a JSON object of strings
    end_user TEXT NOT NULL,
    callback_url TEXT,
    callback_method TEXT,
    rejection_reason TEXT,
    -- when the auto reviewer decides; NULL when no decision is pending (or in manual mode)
    review_due_at TIMESTAMP,
    -- to the millisecond, unlike the Twilio tables: Plivo's timestamps carry fractions, and
    -- lists are oldest first, so two applications made within a second keep their order
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX compliance_applications_account_created ON compliance_applications (account_sid, created_at, id);
-- an alias is used once per account; the index settles two concurrent creates with one alias
CREATE UNIQUE INDEX compliance_applications_account_alias ON compliance_applications (account_sid, alias);
CREATE INDEX compliance_applications_review_due ON compliance_applications (status, review_due_at);

-- An application's documents, with the uploaded file (stored so every replica can serve it).
CREATE TABLE compliance_documents (
    id TEXT PRIMARY KEY NOT NULL,
    application_id TEXT NOT NULL REFERENCES compliance_applications (id) ON DELETE CASCADE,
    -- the index in the request's documents array
    position INTEGER NOT NULL,
    document_type_id TEXT NOT NULL,
    document_name TEXT NOT NULL,
    file_name TEXT NOT NULL,
    -- the data_fields sent, a JSON object
    meta_information TEXT NOT NULL,
    mime_type TEXT,
    content BYTEA,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX compliance_documents_application ON compliance_documents (application_id, position);

-- Which accepted application a number (from the one inventory, phone_numbers) is linked to.
CREATE TABLE compliance_number_links (
    phone_number_sid TEXT PRIMARY KEY NOT NULL REFERENCES phone_numbers (sid) ON DELETE CASCADE,
    application_id TEXT NOT NULL REFERENCES compliance_applications (id) ON DELETE CASCADE,
    date_created TIMESTAMP NOT NULL
);
CREATE INDEX compliance_number_links_application ON compliance_number_links (application_id);

-- The outbox serves Plivo's callbacks too: GET or POST, and the V3 signature's nonce (NULL for
-- Twilio's X-Twilio-Signature callbacks).
ALTER TABLE callbacks ADD COLUMN method TEXT NOT NULL DEFAULT 'POST';
ALTER TABLE callbacks ADD COLUMN nonce TEXT;
