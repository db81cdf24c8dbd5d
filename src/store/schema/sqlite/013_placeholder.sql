-- Placeholder: migration 013 belongs to another helper's branch (dropped at merge).
SELECT 1;
