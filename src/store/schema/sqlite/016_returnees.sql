-- Return to work (issue 16): an application's prevention checklist and the
-- staff returning from outside the city, each of whom becomes a hand-over
-- to its home committee.
--
-- The checklist of an enterprise's application of a day (the day its
-- status became `applied`): door_checks 1 when temperatures are taken at
-- the door, masks the masks in stock (a count), canteen 1 when the canteen
-- is spaced. A re-application the same day replaces it.
CREATE TABLE IF NOT EXISTS enterprise_applications (
    enterprise INTEGER NOT NULL REFERENCES enterprises (id),
    day INTEGER NOT NULL,
    door_checks INTEGER NOT NULL DEFAULT 0,
    masks INTEGER NOT NULL DEFAULT 0,
    canteen INTEGER NOT NULL DEFAULT 0,
    by_name TEXT NOT NULL,
    at INTEGER NOT NULL,
    district INTEGER NOT NULL,
    PRIMARY KEY (enterprise, day)
);

-- Staff of an enterprise returning from outside the city, given with its
-- application: the mainland ID number (checked), name, phone, where they
-- come from (text: a province or city outside this one), the arrival day
-- and the home committee (a committee of the city) that receives them.
CREATE TABLE IF NOT EXISTS enterprise_returnees (
    id INTEGER PRIMARY KEY,
    enterprise INTEGER NOT NULL REFERENCES enterprises (id),
    day INTEGER NOT NULL,
    doc_no TEXT NOT NULL,
    name TEXT NOT NULL,
    birth INTEGER,
    sex INTEGER NOT NULL DEFAULT 0,
    phone TEXT NOT NULL DEFAULT '',
    origin TEXT NOT NULL,
    arrival INTEGER NOT NULL,
    committee INTEGER NOT NULL REFERENCES units (code),
    at INTEGER NOT NULL,
    district INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS enterprise_returnees_enterprise ON enterprise_returnees (enterprise, id);

-- A hand-over now has a source: a checkpoint's screening, or an
-- enterprise's returnee. Hand-overs stay one table: the inbox, the accept /
-- reject / route actions, the deadline and its escalation sweep, the
-- dashboard's tally all read `handovers` alone, and a returnee must go
-- through all of them exactly as a traveller does; a second table of
-- hand-overs would mean a second copy of each. The source is the id: a
-- screening's hand-over has the screening's id (as before), a returnee's
-- 1,000,000,000,000 + the returnee's id (HANDOVER_RETURNEE_BASE in
-- store/handovers.h) — far above any screening id, still an exact integer
-- in JavaScript, and the returnee found from it by the primary key. Why not
-- a `source` / `returnee` column: a checkpoint's hand-over is keyed by its
-- screening's id everywhere (store/handovers.c), so a returnee's hand-over
-- needs an id no screening can take whatever its columns say; the range
-- gives it one and tells the source with it, with no column to keep in step.
