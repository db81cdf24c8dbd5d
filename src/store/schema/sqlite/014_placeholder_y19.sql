-- Placeholder for migration 014 (another helper's issue); the lead drops it at merge.
SELECT 1;
