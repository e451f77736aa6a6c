CREATE TABLE supporting_documents (
    sid TEXT PRIMARY KEY NOT NULL,
    account_sid TEXT NOT NULL REFERENCES accounts (sid),
    friendly_name TEXT NOT NULL,
    -- machine_name of a supporting document type (free text on Twilio's side)
    type TEXT NOT NULL,
    attributes TEXT NOT NULL,
    status TEXT NOT NULL,
    failure_reason TEXT,
    -- JSON array such as [{"code": 18001}], or NULL
    errors TEXT,
    -- content type of the uploaded file, NULL until a file is uploaded
    mime_type TEXT,
    date_created TIMESTAMP NOT NULL,
    date_updated TIMESTAMP NOT NULL
);
CREATE INDEX supporting_documents_account_created ON supporting_documents (account_sid, date_created, sid);

-- The uploaded file lives in the database so every replica can serve it; kept apart so that
-- listing documents never reads file content.
CREATE TABLE supporting_document_files (
    document_sid TEXT PRIMARY KEY NOT NULL REFERENCES supporting_documents (sid) ON DELETE CASCADE,
    mime_type TEXT NOT NULL,
    content BYTEA NOT NULL,
    date_created TIMESTAMP NOT NULL
);
