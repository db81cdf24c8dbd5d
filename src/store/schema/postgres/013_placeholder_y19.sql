-- Placeholder for migration 013 (another helper's issue); the lead drops it at merge.
SELECT 1;
