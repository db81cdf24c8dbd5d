-- Placeholder on branch x15 only: migration 009 belongs to another helper of
-- this wave; the lead drops this file when merging (numbers must be dense).
SELECT 1;
