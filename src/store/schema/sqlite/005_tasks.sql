-- Organisations that serve compounds: property companies (物业) and owners'
-- committees (业委会). A property account may belong to one organisation
-- and then sees the tasks of the compounds it serves. (Quarantine cases,
-- places in grids and tasks: below, issue 7.)
CREATE TABLE orgs (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    street INTEGER NOT NULL REFERENCES units (code),
    UNIQUE (street, name)
);

ALTER TABLE accounts ADD COLUMN org INTEGER REFERENCES orgs (id);

-- Which compounds an organisation serves (a property company may serve
-- several; a compound may have a property company and an owners' committee).
CREATE TABLE org_compounds (
    org INTEGER NOT NULL REFERENCES orgs (id),
    compound INTEGER NOT NULL REFERENCES compounds (id),
    PRIMARY KEY (org, compound)
);
CREATE INDEX org_compounds_compound ON org_compounds (compound);

-- Committees draw grids over buildings too (a compound's grid is the
-- default of its buildings).
ALTER TABLE buildings ADD COLUMN grid INTEGER;

-- The person answerable for each grid (问题到格、责任到人): an account.
CREATE TABLE grid_people (
    grid INTEGER PRIMARY KEY REFERENCES units (code),
    account INTEGER NOT NULL REFERENCES accounts (id),
    district INTEGER NOT NULL
);

-- Non-residential places (office building, park, garage, corridor,
-- passage, market, shop, station exit, other), each in exactly one grid.
-- `responsible` overrides the grid's person for this place (NULL: the
-- grid's); `org` is the organisation that owns or runs it, if any.
CREATE TABLE places (
    id INTEGER PRIMARY KEY,
    committee INTEGER NOT NULL REFERENCES units (code),
    grid INTEGER NOT NULL REFERENCES units (code),
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    compound INTEGER REFERENCES compounds (id),
    org INTEGER REFERENCES orgs (id),
    responsible INTEGER REFERENCES accounts (id),
    district INTEGER NOT NULL,
    UNIQUE (committee, name)
);
CREATE INDEX places_grid ON places (grid);

-- Quarantine cases: a resident at home (at the household) or in a central
-- facility from day_from to day_until inclusive. `unit` is the resident's
-- grid or committee when opened (the scope the case is seen from); state 0
-- open, 1 ended (on the day after day_until), 2 cancelled. `token_hash` is
-- the SHA-256 of the resident's check-in link. Days since 1970-01-01,
-- times in Unix seconds.
CREATE TABLE quarantines (
    id INTEGER PRIMARY KEY,
    resident INTEGER NOT NULL REFERENCES residents (id),
    household INTEGER REFERENCES households (id),
    unit INTEGER NOT NULL,
    committee INTEGER NOT NULL,
    district INTEGER NOT NULL,
    kind INTEGER NOT NULL,
    day_from INTEGER NOT NULL,
    day_until INTEGER NOT NULL,
    facility TEXT NOT NULL DEFAULT '',
    follower INTEGER REFERENCES accounts (id),
    state INTEGER NOT NULL DEFAULT 0,
    closed_day INTEGER,
    token_hash TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    created_by TEXT NOT NULL
);
CREATE INDEX quarantines_committee ON quarantines (committee, state);
CREATE INDEX quarantines_resident ON quarantines (resident, state);
CREATE INDEX quarantines_open ON quarantines (day_until) WHERE state = 0;

-- Changes of a case after it was opened, append-only: `until` (the health
-- authority moved the last day: ended early or extended; until_before and
-- until_after are the old and new last days) and `cancelled` (opened by
-- mistake). `reason` is required text, recorded_by an account name.
CREATE TABLE quarantine_events (
    quarantine INTEGER NOT NULL REFERENCES quarantines (id),
    seq INTEGER NOT NULL,
    at INTEGER NOT NULL,
    kind TEXT NOT NULL,
    until_before INTEGER NOT NULL,
    until_after INTEGER,
    reason TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    district INTEGER NOT NULL,
    PRIMARY KEY (quarantine, seq)
);

-- Temperatures of a case, twice a day (slot 0 morning, 1 evening), in
-- tenths of a degree; recorded_by is an account name or "resident" (the
-- check-in link).
CREATE TABLE temperatures (
    quarantine INTEGER NOT NULL REFERENCES quarantines (id),
    day INTEGER NOT NULL,
    slot INTEGER NOT NULL,
    tenths INTEGER NOT NULL,
    at INTEGER NOT NULL,
    recorded_by TEXT NOT NULL,
    district INTEGER NOT NULL,
    PRIMARY KEY (quarantine, day, slot)
);

-- Tasks: a service or a problem at a place or a household, for a person.
-- `grid`, `committee`, `street` (0 when none) are where it lies, so "within
-- this unit" is a range or an equality on an index; `compound` lets an
-- organisation see the tasks of the compounds it serves. state 0 open,
-- 1 accepted, 2 done, 3 cancelled. `day` is set on tasks generated for one
-- day (a quarantined household's rubbish), and (household, kind, day) is
-- unique so that generating a day twice adds nothing. `escalated` is the
-- highest escalation step recorded in the events (1 committee, 2 street,
-- 3 district); the level itself is derived from now and the deadline.
CREATE TABLE tasks (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    place INTEGER REFERENCES places (id),
    household INTEGER REFERENCES households (id),
    quarantine INTEGER REFERENCES quarantines (id),
    compound INTEGER,
    grid INTEGER NOT NULL DEFAULT 0,
    committee INTEGER NOT NULL,
    street INTEGER NOT NULL,
    district INTEGER NOT NULL,
    org INTEGER REFERENCES orgs (id),
    assignee INTEGER REFERENCES accounts (id),
    state INTEGER NOT NULL DEFAULT 0,
    urgent INTEGER NOT NULL DEFAULT 0,
    day INTEGER,
    deadline INTEGER NOT NULL,
    escalated INTEGER NOT NULL DEFAULT 0,
    note TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    created_by TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (household, kind, day)
);
CREATE INDEX tasks_committee ON tasks (committee, state);
CREATE INDEX tasks_street ON tasks (street, state);
CREATE INDEX tasks_grid ON tasks (grid, state);
CREATE INDEX tasks_compound ON tasks (compound);
CREATE INDEX tasks_assignee ON tasks (assignee, state);
CREATE INDEX tasks_quarantine ON tasks (quarantine);
CREATE INDEX tasks_due ON tasks (deadline) WHERE state < 2;

-- The history of each task, append-only: created, accepted, done,
-- cancelled, escalated (unit: the level it reached), note.
CREATE TABLE task_events (
    task INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    at INTEGER NOT NULL,
    kind TEXT NOT NULL,
    unit INTEGER NOT NULL DEFAULT 0,
    recorded_by TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '',
    district INTEGER NOT NULL,
    PRIMARY KEY (task, seq)
);
