-- PostgreSQL twin of sqlite/018_handover_arrivals.sql (keep the two in step).
-- A hand-over carries its screening's day and fever flag (issue 20): the
-- dashboard's "arrivals today" counted hand-overs joined to their
-- screenings, and on Citus screenings are distributed by the district of
-- the post that screened the traveller (any district of the city), so that
-- one statement fanned out to every worker. With the two columns here the
-- count reads hand-overs alone. `day` is NULL for an enterprise's returnee.
--
-- The existing rows are filled from a materialised CTE: on a Citus database
-- migrated before this (handovers a reference table, screenings
-- distributed) an UPDATE of the one joined to the other is refused, while
-- Citus runs the CTE first as a distributed SELECT and joins its result.
ALTER TABLE handovers ADD COLUMN IF NOT EXISTS day INTEGER;
ALTER TABLE handovers ADD COLUMN IF NOT EXISTS fever INTEGER NOT NULL DEFAULT 0;
WITH t AS MATERIALIZED (SELECT s.id, s.day, s.fever FROM screenings s
                          JOIN handovers h ON h.id = s.id)
UPDATE handovers SET day = t.day, fever = t.fever FROM t WHERE t.id = handovers.id;
