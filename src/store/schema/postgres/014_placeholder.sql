-- Placeholder for a migration number given to another helper (dropped at merge).
SELECT 1;
