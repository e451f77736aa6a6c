-- Undoes exactly the ADD COLUMN above (see migrations/README.md on DROP COLUMN).
ALTER TABLE accounts DROP COLUMN clock_offset_seconds;
