-- Masks by reservation (issue 15): campaigns of a scarce good handed out
-- per household. `unit` is the committee or grid whose households may
-- book; `stock` the boxes to hand out and `allocated` how many are held by
-- bookings (never above stock: the booking's UPDATE carries the bound).
-- `allocation` is first_come or draw; a draw records its `seed` and
-- `method` so that anyone can run it again. Days since 1970-01-01 (opens,
-- closes inclusive), times in Unix seconds.
CREATE TABLE campaigns (
    id INTEGER PRIMARY KEY,
    unit INTEGER NOT NULL REFERENCES units (code),
    item TEXT NOT NULL,
    measure TEXT NOT NULL DEFAULT '',
    per_household INTEGER NOT NULL,
    stock INTEGER NOT NULL CHECK (stock >= 0),
    allocated INTEGER NOT NULL DEFAULT 0 CHECK (allocated >= 0 AND allocated <= stock),
    opens INTEGER NOT NULL,
    closes INTEGER NOT NULL,
    allocation TEXT NOT NULL,
    seed TEXT NOT NULL DEFAULT '',
    method TEXT NOT NULL DEFAULT '',
    drawn_at INTEGER,
    district INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    created_by TEXT NOT NULL
);
CREATE INDEX campaigns_unit ON campaigns (unit);

-- Where a campaign's goods are collected (a pharmacy, the committee
-- office), each with its own stock; `allocated` as on campaigns.
CREATE TABLE campaign_points (
    id INTEGER PRIMARY KEY,
    campaign INTEGER NOT NULL REFERENCES campaigns (id),
    name TEXT NOT NULL,
    stock INTEGER NOT NULL CHECK (stock >= 0),
    allocated INTEGER NOT NULL DEFAULT 0 CHECK (allocated >= 0 AND allocated <= stock),
    district INTEGER NOT NULL,
    UNIQUE (campaign, name)
);

-- One booking per household per campaign (the UNIQUE is the rule). state
-- 0 entered (a draw not yet run), 1 allocated, 2 picked up, 3 not drawn;
-- `code` the pickup code, unique city-wide; `delivery` 1 when the
-- household was quarantined at booking (goods brought to the door).
CREATE TABLE bookings (
    id INTEGER PRIMARY KEY,
    campaign INTEGER NOT NULL REFERENCES campaigns (id),
    household INTEGER NOT NULL REFERENCES households (id),
    point INTEGER REFERENCES campaign_points (id),
    code TEXT NOT NULL UNIQUE,
    state INTEGER NOT NULL,
    delivery INTEGER NOT NULL DEFAULT 0,
    committee INTEGER NOT NULL,
    district INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    created_by TEXT NOT NULL,
    picked_at INTEGER,
    picked_by TEXT,
    UNIQUE (campaign, household)
);

-- Each household's own page (/h/TOKEN, no account): the SHA-256 of its
-- link's token and of its short code (typed instead of scanning the QR).
-- Reissuing replaces the row: the old link and code stop working.
CREATE TABLE household_links (
    household INTEGER PRIMARY KEY REFERENCES households (id),
    token_hash TEXT NOT NULL UNIQUE,
    code_hash TEXT NOT NULL UNIQUE,
    district INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    created_by TEXT NOT NULL
);
