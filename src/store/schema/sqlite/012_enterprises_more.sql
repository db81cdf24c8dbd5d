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
