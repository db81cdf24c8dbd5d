-- A cadre's day (issue 13). Display tokens: the big screen of a street's
-- operations centre reads its unit's aggregates with a token bound to that
-- unit, stored hashed (SHA-256 hex), never expiring until revoked.
CREATE TABLE displays (
    id INTEGER PRIMARY KEY,
    unit INTEGER NOT NULL REFERENCES units (code),
    name TEXT NOT NULL DEFAULT '',
    token_hash TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    created_by TEXT NOT NULL,
    revoked_at INTEGER,
    district INTEGER NOT NULL
);
CREATE INDEX displays_unit ON displays (unit);

-- The grid worker's task card says whether a building has a lift: 1 lift,
-- 0 walk-up (步梯), NULL not known. Set per building or for a whole compound
-- (POST /api/v1/compounds/{id}/grid with "lift", cordon place lift).
ALTER TABLE buildings ADD COLUMN lift INTEGER;

-- High-risk origins (issue 13, item 9): a traveller whose origin contains
-- `pattern` (a region's name or code as the checkpoint wrote it) is offered,
-- on acceptance, the quarantine of `kind` (home, central) for `days` days
-- from the arrival. Edited by city and district accounts.
CREATE TABLE origins (
    id INTEGER PRIMARY KEY,
    pattern TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    days INTEGER NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    created_by TEXT NOT NULL
);
