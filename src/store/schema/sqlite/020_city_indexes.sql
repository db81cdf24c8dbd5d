-- Indexes for statements that read a whole table of the city (found by
-- running the whole API suite with the SQLite plan check on):
-- - a campaign's points list counts each point's boxes picked up
--   (store_campaign_points): without bookings_point that count read every
--   booking of the city once per point;
-- - an organisation's task list (its own tasks or its compounds'):
--   without tasks_org the organisation's half of the OR scanned every task;
-- - the staff sign-ins of an area (store_sign_events) read every sign-in
--   of the city without sign_events_area.
-- IF NOT EXISTS: a test sets the schema version back to replay migrations.
CREATE INDEX IF NOT EXISTS bookings_point ON bookings (point, state);
CREATE INDEX IF NOT EXISTS tasks_org ON tasks (org);
CREATE INDEX IF NOT EXISTS sign_events_area ON sign_events (area, day);
