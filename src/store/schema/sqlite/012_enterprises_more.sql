-- Return to work, the rest (issue 16). Problem tickets: a task of the tasks
-- engine (deadline, escalation, events) raised for an enterprise by the
-- enterprise or its service specialist, with its kind (supplies,
-- staff_quarantine, logistics, finance, permits, other).
CREATE TABLE enterprise_tickets (
    task INTEGER PRIMARY KEY REFERENCES tasks (id),
    enterprise INTEGER NOT NULL REFERENCES enterprises (id),
    kind TEXT NOT NULL,
    district INTEGER NOT NULL
);
CREATE INDEX enterprise_tickets_enterprise ON enterprise_tickets (enterprise, task);

-- "Resume together" groups (a vehicle maker and its suppliers): a member
-- opens only when every member of its group is approved. An enterprise is in
-- at most one group.
CREATE TABLE enterprise_groups (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    street INTEGER NOT NULL REFERENCES units (code),
    district INTEGER NOT NULL,
    created_by TEXT NOT NULL,
    at INTEGER NOT NULL
);
CREATE TABLE enterprise_group_members (
    grp INTEGER NOT NULL REFERENCES enterprise_groups (id),
    enterprise INTEGER NOT NULL UNIQUE REFERENCES enterprises (id),
    district INTEGER NOT NULL,
    PRIMARY KEY (grp, enterprise)
);

-- Building entry: a worker's first entry of a day into a park or an office
-- building, with the temperature taken at the door (tenths of a degree;
-- fever 1 from 37.3). `worker` is the SHA-256 (hex) of the worker's
-- document number, never the number; (day, worker) is the key, so a worker
-- is counted once a day however many doors they pass. `street` is the
-- place's street, for the street's count of today's workers on site.
-- WITHOUT ROWID: the key is the table (one b-tree less per entry).
CREATE TABLE building_entries (
    day INTEGER NOT NULL,
    worker TEXT NOT NULL,
    place INTEGER NOT NULL REFERENCES places (id),
    street INTEGER NOT NULL,
    tenths INTEGER NOT NULL,
    fever INTEGER NOT NULL DEFAULT 0,
    at INTEGER NOT NULL,
    district INTEGER NOT NULL,
    PRIMARY KEY (day, worker)
) WITHOUT ROWID;
CREATE INDEX building_entries_street ON building_entries (street, day, place);
