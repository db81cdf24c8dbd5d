-- The counts carry their unit's district (issue 20): on Citus they are
-- distributed with the residents, so a resident's write and the counts it
-- moves are one worker's transaction instead of a two-phase commit over
-- every node; on PostgreSQL and SQLite the column is the same and the
-- reads name it too. A city's counts are no longer stored: they are the
-- sum of its districts' rows when read (store/counts.c), and the one city
-- row every writer of the city locked is gone.
DELETE FROM colour_counts WHERE unit < 100000;
DELETE FROM colour_daily WHERE unit < 100000;
ALTER TABLE colour_counts ADD COLUMN district BIGINT;
UPDATE colour_counts
   SET district = CASE WHEN unit >= 100000000000000 THEN unit / 1000000000
                       WHEN unit >= 100000000000 THEN unit / 1000000
                       WHEN unit >= 100000000 THEN unit / 1000
                       ELSE unit END;
ALTER TABLE colour_counts ALTER COLUMN district SET NOT NULL;
ALTER TABLE colour_counts DROP CONSTRAINT colour_counts_pkey;
ALTER TABLE colour_counts ADD PRIMARY KEY (unit, colour, district);
ALTER TABLE colour_daily ADD COLUMN district BIGINT;
UPDATE colour_daily
   SET district = CASE WHEN unit >= 100000000000000 THEN unit / 1000000000
                       WHEN unit >= 100000000000 THEN unit / 1000000
                       WHEN unit >= 100000000 THEN unit / 1000
                       ELSE unit END;
ALTER TABLE colour_daily ALTER COLUMN district SET NOT NULL;
ALTER TABLE colour_daily DROP CONSTRAINT colour_daily_pkey;
ALTER TABLE colour_daily ADD PRIMARY KEY (unit, day, colour, district);
