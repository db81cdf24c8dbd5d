-- Staff sent down, the rest (issue 14): accounts that follow deployments.
-- An account may be valid only for some days (`valid_from`, `valid_until`,
-- days since 1970-01-01, both included; NULL: always): outside them login
-- is refused and open sessions end. A deployment's account is the deployed
-- person's, scoped to the post for the deployment's days; it signs in and
-- out at the post.
ALTER TABLE accounts ADD COLUMN valid_from INTEGER;
ALTER TABLE accounts ADD COLUMN valid_until INTEGER;

CREATE TABLE deployment_accounts (
    deployment INTEGER PRIMARY KEY REFERENCES deployments (id),
    account INTEGER NOT NULL UNIQUE REFERENCES accounts (id)
);

-- Hand-over notes at a post from one shift to the next (`day` the local
-- day, `shift` day or night, `at` Unix seconds), read on the post's page.
CREATE TABLE shift_notes (
    id INTEGER PRIMARY KEY,
    duty_post INTEGER NOT NULL REFERENCES duty_posts (id),
    day INTEGER NOT NULL,
    shift TEXT NOT NULL,
    note TEXT NOT NULL,
    written_by TEXT NOT NULL,
    at INTEGER NOT NULL
);
CREATE INDEX shift_notes_post ON shift_notes (duty_post, id);

-- Teams at a post whose members come from several home units (the
-- temporary party branch at each exit of 上海站), with a lead among them.
CREATE TABLE teams (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    duty_post INTEGER NOT NULL REFERENCES duty_posts (id),
    area INTEGER NOT NULL,
    lead INTEGER NOT NULL REFERENCES staff (id),
    UNIQUE (duty_post, name)
);
CREATE INDEX teams_area ON teams (area);

CREATE TABLE team_members (
    team INTEGER NOT NULL REFERENCES teams (id),
    staff INTEGER NOT NULL REFERENCES staff (id),
    PRIMARY KEY (team, staff)
);
