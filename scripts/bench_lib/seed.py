"""Seeds N draft bundles straight into a regbox database, in one transaction, after the server
has created its schema: far faster than the API, and the rows are exactly what regbox writes.

usage: seed.py sqlite PATH N ACCOUNT_SID REGULATION_SID
       seed.py postgres-sql N ACCOUNT_SID REGULATION_SID   (prints the SQL for psql)
"""

import datetime
import secrets
import sqlite3
import sys

# The column list of migrations/2026-11-21-000005_create_bundles/up.sql.
COLUMNS = (
    "sid, account_sid, regulation_sid, friendly_name, email, status_callback, status, "
    "failure_reason, valid_until, is_test, copied_from, review_due_at, date_created, date_updated"
)


def seed_sqlite(path, count, account, regulation):
    # Oldest first, one second apart, ending a little before now: whole-second UTC timestamps
    # as diesel stores them on SQLite ('YYYY-MM-DD HH:MM:SS').
    now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0, tzinfo=None)
    start = now - datetime.timedelta(seconds=count + 60)
    rows = []
    for i in range(count):
        at = (start + datetime.timedelta(seconds=i)).strftime("%Y-%m-%d %H:%M:%S")
        rows.append(("BU" + secrets.token_hex(16), account, regulation, f"seed {i}",
                     "seed@example.com", None, "draft", None, None, 0, None, None, at, at))
    conn = sqlite3.connect(path, timeout=30)
    try:
        with conn:
            conn.executemany(f"INSERT INTO bundles ({COLUMNS}) VALUES ({', '.join('?' * 14)})", rows)
    finally:
        conn.close()


def postgres_sql(count, account, regulation):
    for value in (account, regulation):
        if not value.isalnum():
            raise SystemExit(f"refusing to put {value!r} into SQL")
    return f"""
INSERT INTO bundles ({COLUMNS})
SELECT 'BU' || md5(random()::text || g::text), '{account}', '{regulation}', 'seed ' || g,
       'seed@example.com', NULL, 'draft', NULL, NULL, FALSE, NULL, NULL, ts, ts
FROM (SELECT g, date_trunc('second', now() AT TIME ZONE 'UTC') - ({count} + 60 - g) * interval '1 second' AS ts
      FROM generate_series(1, {count}) AS g) AS s;
"""


def main(argv):
    if len(argv) == 6 and argv[1] == "sqlite":
        seed_sqlite(argv[2], int(argv[3]), argv[4], argv[5])
    elif len(argv) == 5 and argv[1] == "postgres-sql":
        sys.stdout.write(postgres_sql(int(argv[2]), argv[3], argv[4]))
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
