-- Placeholder on branch x15 only: migration 010 belongs to another helper of
-- this wave; the lead drops this file when merging (numbers must be dense).
SELECT 1;
