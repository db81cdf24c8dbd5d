-- A campaign's points list counts each point's boxes picked up
-- (store_campaign_points): without this index that count read every
-- booking of the city once per point.
CREATE INDEX IF NOT EXISTS bookings_point ON bookings (point, state);
