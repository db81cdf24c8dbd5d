-- PostgreSQL twin of sqlite/001_units.sql (keep the two in step): the
-- org-unit tree (city, district, street/town, committee/village, grid) and
-- a small key/value table for settings of this database (its city, time
-- zone, rule table). Codes are the national statistical division codes as
-- integers; grids are a committee's code * 1000 + n. Text compares byte by
-- byte (COLLATE "C"), as in SQLite, whatever the database's locale.
CREATE TABLE meta (
    key TEXT COLLATE "C" PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE units (
    code BIGINT PRIMARY KEY,
    name TEXT COLLATE "C" NOT NULL,
    level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
    parent BIGINT REFERENCES units (code),
    district BIGINT NOT NULL
);
CREATE INDEX units_parent ON units (parent, code);
