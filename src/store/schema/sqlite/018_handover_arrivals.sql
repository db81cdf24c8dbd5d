-- A hand-over carries its screening's day and fever flag (issue 20): the
-- dashboard's "arrivals today" counted hand-overs joined to their
-- screenings, and on Citus screenings are distributed by the district of
-- the post that screened the traveller (any district of the city), so that
-- one statement fanned out to every worker. With the two columns here the
-- count reads hand-overs alone. `day` is NULL for an enterprise's returnee
-- (no screening; the join left them out, and so does `day = ?`).
ALTER TABLE handovers ADD COLUMN day INTEGER;
ALTER TABLE handovers ADD COLUMN fever INTEGER NOT NULL DEFAULT 0;
UPDATE handovers
   SET day = (SELECT s.day FROM screenings s WHERE s.id = handovers.id),
       fever = (SELECT s.fever FROM screenings s WHERE s.id = handovers.id)
 WHERE id IN (SELECT id FROM screenings);
