#!/usr/bin/env python3
"""WAL written per building entry (issue 16), before and after migration 017.

Usage: python3 bench/entries_wal.py [--rows 300000] [--groups 200] [--group 150]

A table already holding `rows` entries of today (a big day, the demo's
size), then `groups` transactions of `group` new entries each, as the
writer's group commit writes them: each entry a new worker (a keyed hash,
i.e. a random key) at one of 20 places of the street. The WAL is emptied
before and never checkpointed during (wal_autocheckpoint=0): its growth
divided by the entries is what each entry costs the disk.

- before: the table of migration 012 (WITHOUT ROWID, key (day, worker),
  index (street, day, place)), one INSERT ... ON CONFLICT DO NOTHING per
  entry, as store_entry_add did;
- after: the schema of migration 017 applied to it (src/store/schema/
  sqlite/017_entries_append.sql, read from the tree): one plain INSERT per
  entry and, once per group, one upsert per place touched into
  building_entry_days (app/enterprises/entry_day.c).
"""
import argparse
import hashlib
import os
import random
import sqlite3
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BEFORE = """
CREATE TABLE building_entries (
    day INTEGER NOT NULL, worker TEXT NOT NULL, place INTEGER NOT NULL,
    street INTEGER NOT NULL, tenths INTEGER NOT NULL, fever INTEGER NOT NULL DEFAULT 0,
    at INTEGER NOT NULL, district INTEGER NOT NULL, PRIMARY KEY (day, worker)
) WITHOUT ROWID;
CREATE INDEX building_entries_street ON building_entries (street, day, place);
"""
DAY, STREET, DISTRICT = 18330, 310104012, 310104
PLACES = list(range(1, 21))


def worker(n):
    return hashlib.sha256(b"k" + str(n).encode()).hexdigest()


def measure(after, rows, groups, group):
    d = tempfile.mkdtemp(prefix="cordon-entries-wal.")
    path = os.path.join(d, "e.db")
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=FULL")
    con.executescript(BEFORE)
    rnd = random.Random(1)
    con.execute("BEGIN")
    con.executemany("INSERT INTO building_entries VALUES (?, ?, ?, ?, ?, 0, ?, ?)",
                    ((DAY, worker(i), rnd.choice(PLACES), STREET, 365, i, DISTRICT)
                     for i in range(rows)))
    con.execute("COMMIT")
    if after:
        with open(os.path.join(ROOT, "src/store/schema/sqlite/017_entries_append.sql")) as f:
            con.executescript("BEGIN;" + f.read() + "COMMIT;")
    con.execute("PRAGMA wal_autocheckpoint=0")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    wal = path + "-wal"
    start = os.path.getsize(wal)
    n = rows
    for _ in range(groups):
        con.execute("BEGIN")
        touched = {}
        for _ in range(group):
            place = rnd.choice(PLACES)
            args = (DAY, worker(n), place, STREET, 365, 0, n, DISTRICT)
            n += 1
            if after:
                con.execute("INSERT INTO building_entries (day, worker, place, street, tenths, "
                            "fever, at, district) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", args)
                touched[place] = touched.get(place, 0) + 1
            else:
                con.execute("INSERT INTO building_entries (day, worker, place, street, tenths, "
                            "fever, at, district) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                            "ON CONFLICT (day, worker) DO NOTHING", args)
        for place, k in touched.items():
            con.execute("INSERT INTO building_entry_days (street, day, place, on_site, fevers) "
                        "VALUES (?, ?, ?, ?, 0) ON CONFLICT (street, day, place) DO UPDATE SET "
                        "on_site = building_entry_days.on_site + excluded.on_site",
                        (STREET, DAY, place, k))
        con.execute("COMMIT")
    grown = os.path.getsize(wal) - start
    con.close()
    for f in os.listdir(d):
        os.unlink(os.path.join(d, f))
    os.rmdir(d)
    return grown / (groups * group)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=300000)
    ap.add_argument("--groups", type=int, default=200)
    ap.add_argument("--group", type=int, default=150)
    a = ap.parse_args()
    before = measure(False, a.rows, a.groups, a.group)
    after = measure(True, a.rows, a.groups, a.group)
    print(f"-- entries_wal: {a.groups} groups of {a.group} new entries into a day of {a.rows:,}")
    print(f"   before (012: key (day, worker), index (street, day, place)): "
          f"{before / 1024:.1f} KB of WAL per entry")
    print(f"   after (017: appended, building_entry_days once per group and place): "
          f"{after / 1024:.2f} KB of WAL per entry, {before / after:.1f}x less")


if __name__ == "__main__":
    main()
