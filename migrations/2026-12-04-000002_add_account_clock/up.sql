-- How far the account's clock runs ahead of real time (POST /sandbox/Clock): what its background
-- work (review steps, expiry) and its timestamps see is real UTC plus this many seconds.
ALTER TABLE accounts ADD COLUMN clock_offset_seconds BIGINT NOT NULL DEFAULT 0;
