CREATE TABLE item_assignments (
    sid TEXT PRIMARY KEY NOT NULL,
    bundle_sid TEXT NOT NULL REFERENCES bundles (sid) ON DELETE CASCADE,
    account_sid TEXT NOT NULL REFERENCES accounts (sid),
    -- IT… (end user), RD… (supporting document) or AD… (address)
    object_sid TEXT NOT NULL,
    date_created TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX item_assignments_bundle_object ON item_assignments (bundle_sid, object_sid);
CREATE INDEX item_assignments_bundle_created ON item_assignments (bundle_sid, date_created, sid);
-- "is this end user / document assigned anywhere?" on delete
CREATE INDEX item_assignments_object ON item_assignments (object_sid);
