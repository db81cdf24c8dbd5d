-- Placeholder on branch w16 only: migration 006 belongs to another helper of
-- this wave; the lead drops this file when merging (numbers must be dense).
SELECT 1;
