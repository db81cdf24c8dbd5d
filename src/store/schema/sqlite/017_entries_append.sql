-- Building entries appended in arrival order (issue 16's benchmark): the
-- (day, worker) key put every entry on a random leaf page of the day's
-- b-tree (the worker is a keyed hash) and the (street, day, place) index
-- added another, ~12 KB of WAL per entry. The table is now a plain rowid
-- table: each group of entries fills the last page or two. A worker counted
-- once a day is now the writer's rule (app/enterprises/entry_day.c keeps
-- the day's set of worker hashes in memory, loaded from this table through
-- the index on day); the street's counts come from building_entry_days,
-- one row per day and place, updated once per group commit.
CREATE TABLE building_entries_017 (
    id INTEGER PRIMARY KEY,
    day INTEGER NOT NULL,
    worker TEXT NOT NULL,
    place INTEGER NOT NULL REFERENCES places (id),
    street INTEGER NOT NULL,
    tenths INTEGER NOT NULL,
    fever INTEGER NOT NULL DEFAULT 0,
    at INTEGER NOT NULL,
    district INTEGER NOT NULL
);
INSERT INTO building_entries_017 (day, worker, place, street, tenths, fever, at, district)
SELECT day, worker, place, street, tenths, fever, at, district FROM building_entries
ORDER BY day, at;
DROP TABLE building_entries;
ALTER TABLE building_entries_017 RENAME TO building_entries;
CREATE INDEX IF NOT EXISTS building_entries_day ON building_entries (day);

-- A day's entries at one place: workers on site (no fever) and fevers.
CREATE TABLE IF NOT EXISTS building_entry_days (
    street INTEGER NOT NULL,
    day INTEGER NOT NULL,
    place INTEGER NOT NULL REFERENCES places (id),
    on_site INTEGER NOT NULL DEFAULT 0,
    fevers INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (street, day, place)
) WITHOUT ROWID;
DELETE FROM building_entry_days;
INSERT INTO building_entry_days (street, day, place, on_site, fevers)
SELECT street, day, place, sum(1 - fever), sum(fever) FROM building_entries
GROUP BY street, day, place;
