-- Placeholder for migration 011, which another helper of this wave adds
-- (migrations are applied in an unbroken sequence); the lead drops this file
-- at the merge.
SELECT 1;
