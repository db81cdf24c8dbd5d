-- Organisations that serve compounds: property companies (物业) and owners'
-- committees (业委会). A property account may belong to one organisation
-- and then sees the tasks of the compounds it serves. (Quarantine cases,
-- places in grids and tasks: below, issue 7.)
CREATE TABLE orgs (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    street INTEGER NOT NULL REFERENCES units (code),
    UNIQUE (street, name)
);

ALTER TABLE accounts ADD COLUMN org INTEGER REFERENCES orgs (id);
