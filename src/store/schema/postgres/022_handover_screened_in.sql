-- A hand-over keeps the district of the post that screened the traveller
-- (issue 20): on Citus the screenings are distributed by that district, and
-- a committee opening a hand-over read its screening by id alone, which
-- went to every shard. Hand-overs made before this migration keep NULL and
-- are read as before (store_screening_get without a district): nothing is
-- filled here, since on Citus a reference table cannot be updated from a
-- distributed one in one statement.
ALTER TABLE handovers ADD COLUMN screened_in BIGINT;
