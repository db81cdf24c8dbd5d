-- The resident register: places (compound > building > room, with the
-- stairwell unit and floor on the room), households at rooms, residents with
-- their current facts and derived colour, the append-only history of facts,
-- live colour counts per org unit and the daily snapshot of those counts.
-- Dates are days since 1970-01-01; times are Unix seconds. Every table that
-- holds people or places carries its district code (distribution key).
CREATE TABLE compounds (
    id INTEGER PRIMARY KEY,
    committee INTEGER NOT NULL REFERENCES units (code),
    grid INTEGER,
    name TEXT NOT NULL,
    district INTEGER NOT NULL,
    UNIQUE (committee, name)
);

CREATE TABLE buildings (
    id INTEGER PRIMARY KEY,
    compound INTEGER NOT NULL REFERENCES compounds (id),
    name TEXT NOT NULL,
    district INTEGER NOT NULL,
    UNIQUE (compound, name)
);

-- One household per room: the room is the household's address.
CREATE TABLE households (
    id INTEGER PRIMARY KEY,
    building INTEGER NOT NULL REFERENCES buildings (id),
    unit TEXT NOT NULL DEFAULT '',
    room TEXT NOT NULL,
    floor INTEGER,
    committee INTEGER NOT NULL,
    district INTEGER NOT NULL,
    UNIQUE (building, unit, room)
);

CREATE TABLE residents (
    id INTEGER PRIMARY KEY,
    committee INTEGER NOT NULL,
    grid INTEGER,
    district INTEGER NOT NULL,
    household INTEGER REFERENCES households (id),
    name TEXT NOT NULL,
    doc_type INTEGER NOT NULL,
    doc_no TEXT NOT NULL,
    birth INTEGER,
    sex INTEGER,
    phone TEXT,
    presence INTEGER NOT NULL DEFAULT 0,
    arrival_day INTEGER,
    arrival_abroad INTEGER NOT NULL DEFAULT 0,
    origin TEXT,
    quarantine INTEGER NOT NULL DEFAULT 0,
    quarantine_from INTEGER,
    quarantine_until INTEGER,
    health INTEGER NOT NULL DEFAULT 0,
    colour INTEGER NOT NULL,
    next_change INTEGER,
    updated_at INTEGER NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    UNIQUE (doc_type, doc_no)
);
-- (committee, household) also serves "the residents of a household": a
-- household's committee is always known.
CREATE INDEX residents_committee ON residents (committee, household);
CREATE INDEX residents_next_change ON residents (next_change) WHERE next_change IS NOT NULL;

-- Append-only: one row per recorded change of facts. `kind` names what was
-- recorded (presence, arrival, quarantine, health, register for a first
-- registration or an import that sets everything); `value` is JSON.
-- Keyed by (resident, version), the resident's version after the change, and
-- stored clustered on that key (WITHOUT ROWID): a resident's history is one
-- range, and each change costs one B-tree insert instead of two.
CREATE TABLE fact_history (
    resident INTEGER NOT NULL,
    version INTEGER NOT NULL,
    kind TEXT NOT NULL,
    value TEXT NOT NULL,
    effective INTEGER NOT NULL,
    recorded_at INTEGER NOT NULL,
    recorded_by TEXT NOT NULL,
    source TEXT NOT NULL,
    colour INTEGER NOT NULL,
    district INTEGER NOT NULL,
    PRIMARY KEY (resident, version)
) WITHOUT ROWID;

-- Live counts: for every org unit (city to grid) and colour, how many
-- residents beneath it have that colour now. Kept in the same transaction as
-- every write and roll-over.
CREATE TABLE colour_counts (
    unit INTEGER NOT NULL,
    colour INTEGER NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (unit, colour)
);

-- History: the counts of every unit at the end of each day.
CREATE TABLE colour_daily (
    unit INTEGER NOT NULL,
    day INTEGER NOT NULL,
    colour INTEGER NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (unit, day, colour)
);
