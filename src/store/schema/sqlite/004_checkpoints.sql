-- Checkpoints (railway station, highway toll gate, airport, metro station)
-- and their posts (an exit, a lane), each in one district. A checkpoint
-- account may belong to one post: it screens there and sees that post's
-- screenings. (Screenings and hand-overs: below, issue 6.)
CREATE TABLE checkpoints (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    district INTEGER NOT NULL REFERENCES units (code),
    UNIQUE (district, name)
);

CREATE TABLE posts (
    id INTEGER PRIMARY KEY,
    checkpoint INTEGER NOT NULL REFERENCES checkpoints (id),
    name TEXT NOT NULL,
    UNIQUE (checkpoint, name)
);

ALTER TABLE accounts ADD COLUMN post INTEGER REFERENCES posts (id);
