-- Staff sent down (issue 14): the offices that send their staff (home
-- units, 派出单位: a city or district office, `unit` its city or district
-- code, `area` that code as a committee-level key: 310105 is
-- 310105000000, so "within this unit" is one range), the staff themselves (a phone is one person), the posts that
-- receive them (a committee, a checkpoint post, a toll gate, a metro
-- station, an airport, a service station), each placed in the hierarchy
-- (`unit`, any level) with its minimum staffing per shift, and the
-- deployments: a person at a post from one day to another (days since
-- 1970-01-01, both included), with a duty and a shift. `unit` of a
-- deployment is its post's, for "within this unit" on an index.
CREATE TABLE home_units (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    level TEXT NOT NULL,
    unit INTEGER NOT NULL REFERENCES units (code),
    area INTEGER NOT NULL
);

CREATE TABLE staff (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    phone TEXT NOT NULL UNIQUE,
    home_unit INTEGER NOT NULL REFERENCES home_units (id),
    batch INTEGER NOT NULL DEFAULT 0,
    skills TEXT NOT NULL DEFAULT '',
    doc_no TEXT
);
CREATE INDEX staff_home_unit ON staff (home_unit, id);

CREATE TABLE duty_posts (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    unit INTEGER NOT NULL REFERENCES units (code),
    area INTEGER NOT NULL,
    post INTEGER REFERENCES posts (id),
    min_day INTEGER NOT NULL DEFAULT 0,
    min_night INTEGER NOT NULL DEFAULT 0,
    UNIQUE (unit, name)
);

CREATE TABLE deployments (
    id INTEGER PRIMARY KEY,
    staff INTEGER NOT NULL REFERENCES staff (id),
    duty_post INTEGER NOT NULL REFERENCES duty_posts (id),
    unit INTEGER NOT NULL,
    day_from INTEGER NOT NULL,
    day_until INTEGER NOT NULL,
    duty TEXT NOT NULL,
    shift TEXT NOT NULL,
    link_hash TEXT UNIQUE,
    CHECK (day_until >= day_from)
);
CREATE INDEX deployments_staff ON deployments (staff, day_from);
CREATE INDEX deployments_unit ON deployments (unit, day_from);
CREATE INDEX duty_posts_area ON duty_posts (area);
CREATE INDEX deployments_post ON deployments (duty_post, day_from);

-- The accounts of a home unit (role home_unit): they see where their own
-- staff are, and import them; nothing of the register.
CREATE TABLE home_unit_accounts (
    account INTEGER PRIMARY KEY REFERENCES accounts (id),
    home_unit INTEGER NOT NULL REFERENCES home_units (id)
);

-- Signing in and out at the post (through the deployment's one-time link):
-- one row each, `day` the local day, `at` Unix seconds, `area` the post's.
CREATE TABLE sign_events (
    id INTEGER PRIMARY KEY,
    deployment INTEGER NOT NULL REFERENCES deployments (id),
    duty_post INTEGER NOT NULL REFERENCES duty_posts (id),
    area INTEGER NOT NULL,
    day INTEGER NOT NULL,
    at INTEGER NOT NULL,
    kind TEXT NOT NULL
);
CREATE INDEX sign_events_deployment ON sign_events (deployment, day);

-- The task a post's gap raised for a day and shift (to the level above, in
-- the tasks engine); done by itself when the post is filled again.
CREATE TABLE gap_tasks (
    duty_post INTEGER NOT NULL REFERENCES duty_posts (id),
    day INTEGER NOT NULL,
    shift TEXT NOT NULL,
    task INTEGER NOT NULL REFERENCES tasks (id),
    PRIMARY KEY (duty_post, day, shift)
);
