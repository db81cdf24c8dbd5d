-- PostgreSQL twin of sqlite/012_enterprises_more.sql (keep the two in step).
-- Return to work, the rest (issue 16). Problem tickets: a task of the tasks
-- engine (deadline, escalation, events) raised for an enterprise by the
-- enterprise or its service specialist, with its kind (supplies,
-- staff_quarantine, logistics, finance, permits, other).
CREATE TABLE enterprise_tickets (
    task BIGINT PRIMARY KEY REFERENCES tasks (id),
    enterprise BIGINT NOT NULL REFERENCES enterprises (id),
    kind TEXT COLLATE "C" NOT NULL,
    district BIGINT NOT NULL
);
CREATE INDEX enterprise_tickets_enterprise ON enterprise_tickets (enterprise, task);
