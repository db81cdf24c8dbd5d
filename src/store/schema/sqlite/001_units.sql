-- The org-unit tree (city, district, street/town, committee/village, grid)
-- and a small key/value table for settings of this database (its city,
-- time zone, rule table). Codes are the national statistical division codes
-- as integers; grids are a committee's code * 1000 + n.
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE units (
    code INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
    parent INTEGER REFERENCES units (code),
    district INTEGER NOT NULL
);
CREATE INDEX units_parent ON units (parent, code);
