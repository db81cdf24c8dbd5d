-- The counts carry their unit's district (issue 20): on Citus they are
-- distributed with the residents, so a resident's write and the counts it
-- moves are one worker's transaction; here the column is the same and the
-- reads name it too. A city's counts are no longer stored: they are the sum
-- of its districts' rows when read (store/counts.c), and the one city row
-- every writer of the city wrote is gone. SQLite cannot change a primary
-- key: the tables are made again.
CREATE TABLE colour_counts_021 (
    unit INTEGER NOT NULL,
    colour INTEGER NOT NULL,
    n INTEGER NOT NULL,
    district INTEGER NOT NULL,
    PRIMARY KEY (unit, colour, district)
);
INSERT INTO colour_counts_021 (unit, colour, n, district)
SELECT unit, colour, n,
       CASE WHEN unit >= 100000000000000 THEN unit / 1000000000
            WHEN unit >= 100000000000 THEN unit / 1000000
            WHEN unit >= 100000000 THEN unit / 1000
            ELSE unit END
  FROM colour_counts WHERE unit >= 100000;
DROP TABLE colour_counts;
ALTER TABLE colour_counts_021 RENAME TO colour_counts;
CREATE TABLE colour_daily_021 (
    unit INTEGER NOT NULL,
    day INTEGER NOT NULL,
    colour INTEGER NOT NULL,
    n INTEGER NOT NULL,
    district INTEGER NOT NULL,
    PRIMARY KEY (unit, day, colour, district)
);
INSERT INTO colour_daily_021 (unit, day, colour, n, district)
SELECT unit, day, colour, n,
       CASE WHEN unit >= 100000000000000 THEN unit / 1000000000
            WHEN unit >= 100000000000 THEN unit / 1000000
            WHEN unit >= 100000000 THEN unit / 1000
            ELSE unit END
  FROM colour_daily WHERE unit >= 100000;
DROP TABLE colour_daily;
ALTER TABLE colour_daily_021 RENAME TO colour_daily;
