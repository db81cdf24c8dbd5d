-- Placeholder for migration 015 (another helper's issue); the lead drops it at merge.
SELECT 1;
