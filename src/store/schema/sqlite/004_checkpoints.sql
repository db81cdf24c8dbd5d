-- Checkpoints (railway station, highway toll gate, airport, metro station)
-- and their posts (an exit, a lane), each in one district. A checkpoint
-- account may belong to one post: it screens there and sees that post's
-- screenings. (Screenings and hand-overs: below, issue 6.)
CREATE TABLE checkpoints (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    district INTEGER NOT NULL REFERENCES units (code),
    UNIQUE (district, name)
);

CREATE TABLE posts (
    id INTEGER PRIMARY KEY,
    checkpoint INTEGER NOT NULL REFERENCES checkpoints (id),
    name TEXT NOT NULL,
    UNIQUE (checkpoint, name)
);

ALTER TABLE accounts ADD COLUMN post INTEGER REFERENCES posts (id);

-- Screenings (issue 6): one row per traveller screened at a post. A person
-- is screened at most once a day, at any post (the unique key): a second
-- screening answers the first, flagged. Times are Unix seconds, days are
-- days since 1970-01-01, temperatures tenths of a degree (373 = 37.3 °C).
-- `district` is the post's district (distribution key).
CREATE TABLE screenings (
    id INTEGER PRIMARY KEY,
    post INTEGER NOT NULL REFERENCES posts (id),
    district INTEGER NOT NULL,
    at INTEGER NOT NULL,
    day INTEGER NOT NULL,
    doc_type INTEGER NOT NULL,
    doc_no TEXT NOT NULL,
    doc_override TEXT,
    name TEXT NOT NULL,
    birth INTEGER,
    sex INTEGER NOT NULL DEFAULT 0,
    phone TEXT NOT NULL DEFAULT '',
    origin TEXT NOT NULL,
    abroad INTEGER NOT NULL DEFAULT 0,
    travel TEXT NOT NULL DEFAULT '',
    destination TEXT NOT NULL,
    temperature INTEGER NOT NULL,
    fever INTEGER NOT NULL DEFAULT 0,
    symptoms TEXT NOT NULL DEFAULT '',
    recorded_by TEXT NOT NULL,
    declaration INTEGER,
    UNIQUE (doc_type, doc_no, day)
);
CREATE INDEX screenings_day_post ON screenings (day, post);

-- Self-declarations made on a phone from a post's QR poster, waiting for
-- the officer to add the temperature (`screening` is set once confirmed).
CREATE TABLE declarations (
    id INTEGER PRIMARY KEY,
    post INTEGER NOT NULL REFERENCES posts (id),
    district INTEGER NOT NULL,
    at INTEGER NOT NULL,
    day INTEGER NOT NULL,
    doc_type INTEGER NOT NULL,
    doc_no TEXT NOT NULL,
    name TEXT NOT NULL,
    birth INTEGER,
    sex INTEGER NOT NULL DEFAULT 0,
    phone TEXT NOT NULL DEFAULT '',
    origin TEXT NOT NULL,
    abroad INTEGER NOT NULL DEFAULT 0,
    travel TEXT NOT NULL DEFAULT '',
    destination TEXT NOT NULL,
    symptoms TEXT NOT NULL DEFAULT '',
    screening INTEGER
);
CREATE INDEX declarations_doc ON declarations (doc_no, day);

-- Hand-overs: each screening becomes one, keyed by the screening's id (one
-- key, not two), held by a unit (a committee's inbox, or the queue of the
-- street, district or city that the destination resolved to). "Within a
-- unit" is a few ranges of holder codes on one index (a unit's own code,
-- and those of the streets and committees below it: codes nest by digits).
-- state: 0 pending, 1 accepted. `deadline` is when the current holder's
-- time runs out; `period` the deadline's length (escalation to the next
-- level comes one period later); `escalated` the escalation steps the sweep
-- has recorded in the timeline (0, 1 street, 2 district). `resolved` is the
-- unit the destination resolved to: the compound, building and room read
-- from it are that unit's, not those of a unit it was routed to later.
CREATE TABLE handovers (
    id INTEGER PRIMARY KEY,
    unit INTEGER NOT NULL,
    level INTEGER NOT NULL,
    district INTEGER NOT NULL,
    state INTEGER NOT NULL DEFAULT 0,
    resolved INTEGER NOT NULL,
    status TEXT NOT NULL,
    compound TEXT NOT NULL DEFAULT '',
    building TEXT NOT NULL DEFAULT '',
    room_unit TEXT NOT NULL DEFAULT '',
    room TEXT NOT NULL DEFAULT '',
    floor INTEGER NOT NULL DEFAULT 0,
    household INTEGER,
    created_at INTEGER NOT NULL,
    deadline INTEGER NOT NULL,
    period INTEGER NOT NULL,
    escalated INTEGER NOT NULL DEFAULT 0,
    resident INTEGER,
    updated_at INTEGER NOT NULL
);
CREATE INDEX handovers_unit ON handovers (unit, state);
CREATE INDEX handovers_due ON handovers (deadline) WHERE state = 0;

-- The timeline of each hand-over, append-only: created, escalated,
-- rejected, routed, accepted; `unit` is where it went (or was escalated
-- to), `detail` the reason or the resident, as text.
CREATE TABLE handover_events (
    handover INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    at INTEGER NOT NULL,
    kind TEXT NOT NULL,
    unit INTEGER NOT NULL,
    recorded_by TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '',
    district INTEGER NOT NULL,
    PRIMARY KEY (handover, seq)
) WITHOUT ROWID;
