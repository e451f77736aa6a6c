CREATE TABLE evaluations (
    sid TEXT PRIMARY KEY NOT NULL,
    bundle_sid TEXT NOT NULL REFERENCES bundles (sid) ON DELETE CASCADE,
    account_sid TEXT NOT NULL REFERENCES accounts (sid),
    regulation_sid TEXT NOT NULL,
    status TEXT NOT NULL,
    -- JSON array of per-requirement results (docs/WIRE.md, "Nested shapes")
    results TEXT NOT NULL,
    date_created TIMESTAMP NOT NULL
);
CREATE INDEX evaluations_bundle_created ON evaluations (bundle_sid, date_created, sid);
