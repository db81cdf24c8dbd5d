-- Masks by reservation, the rest (issue 15). On campaigns: `pickup_days`,
-- how many days a holder has to collect from the day the box is allocated
-- (0: no end); `colours`, the colours a household may have to book (bit
-- 1 << enum colour of its worst-coloured member; 0: any). On bookings:
-- `pick_by`, the last day to collect (NULL: no end), past which the
-- server's tick puts the box back (state 4, lapsed); `draw_rank`, the
-- place in the draw's seeded order, which names the next households when
-- boxes come back. On points: the days of the week (bit 0 Monday) and the
-- local minutes of the day it serves, and `daily`, how many boxes it hands
-- out a day (0: no limit), counted in campaign_point_days.
ALTER TABLE campaigns ADD COLUMN pickup_days INTEGER NOT NULL DEFAULT 0;
ALTER TABLE campaigns ADD COLUMN colours INTEGER NOT NULL DEFAULT 0;
ALTER TABLE bookings ADD COLUMN pick_by INTEGER;
ALTER TABLE bookings ADD COLUMN draw_rank INTEGER;
ALTER TABLE campaign_points ADD COLUMN days INTEGER NOT NULL DEFAULT 127;
ALTER TABLE campaign_points ADD COLUMN opens_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE campaign_points ADD COLUMN closes_at INTEGER NOT NULL DEFAULT 1440;
ALTER TABLE campaign_points ADD COLUMN daily INTEGER NOT NULL DEFAULT 0;
CREATE INDEX bookings_pick_by ON bookings (pick_by) WHERE state = 1;

CREATE TABLE campaign_point_days (
    point INTEGER NOT NULL REFERENCES campaign_points (id),
    day INTEGER NOT NULL,
    picked INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (point, day)
);
