-- Return to work (issue 16): enterprises of a street, each with its unified
-- social credit code (unique city-wide), in a park and/or an office building
-- (places of kind park / office of a committee of the street). `output` is
-- the annual output in units of 10,000 yuan (万元), rounded. `account` is the
-- enterprise's own account (role enterprise), if any. `status` and
-- `staff_on_site` repeat the latest day of enterprise_days (the list's
-- filter); the status on a given date is read from enterprise_days.
CREATE TABLE enterprises (
    id INTEGER PRIMARY KEY,
    credit_code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    industry TEXT NOT NULL DEFAULT '',
    staff INTEGER NOT NULL DEFAULT 0,
    output INTEGER NOT NULL DEFAULT 0,
    street INTEGER NOT NULL REFERENCES units (code),
    park INTEGER REFERENCES places (id),
    building INTEGER REFERENCES places (id),
    contact TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    account INTEGER REFERENCES accounts (id),
    status TEXT NOT NULL DEFAULT 'closed',
    staff_on_site INTEGER NOT NULL DEFAULT 0,
    district INTEGER NOT NULL
);
CREATE INDEX enterprises_street ON enterprises (street, id);

-- The status of an enterprise per day (closed, applied, approved,
-- partly_open, fully_open) with its staff on site that day, who set it and
-- why (the street's reasons when it returns an application); a day without
-- a row keeps the status of the latest day before it (none: closed).
CREATE TABLE enterprise_days (
    enterprise INTEGER NOT NULL REFERENCES enterprises (id),
    day INTEGER NOT NULL,
    status TEXT NOT NULL,
    staff_on_site INTEGER NOT NULL DEFAULT 0,
    by_name TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    at INTEGER NOT NULL,
    PRIMARY KEY (enterprise, day)
);

-- Service specialists (accounts of role specialist) and the enterprises
-- each is assigned to (一企一策).
CREATE TABLE enterprise_specialists (
    enterprise INTEGER NOT NULL REFERENCES enterprises (id),
    account INTEGER NOT NULL REFERENCES accounts (id),
    PRIMARY KEY (enterprise, account)
);
CREATE INDEX enterprise_specialists_account ON enterprise_specialists (account);

-- Supplier chains: `enterprise` depends on `supplier` (a vehicle maker on
-- its parts makers); the chain is blocked while a supplier is not open.
CREATE TABLE enterprise_suppliers (
    enterprise INTEGER NOT NULL REFERENCES enterprises (id),
    supplier INTEGER NOT NULL REFERENCES enterprises (id),
    PRIMARY KEY (enterprise, supplier)
);
CREATE INDEX enterprise_suppliers_supplier ON enterprise_suppliers (supplier);
