-- PostgreSQL twin of sqlite/010_workforce_more.sql (keep the two in step):
-- staff sent down, the rest (issue 14): accounts that follow deployments.
-- An account may be valid only for some days (`valid_from`, `valid_until`,
-- days since 1970-01-01, both included; NULL: always): outside them login
-- is refused and open sessions end. A deployment's account is the deployed
-- person's, scoped to the post for the deployment's days; it signs in and
-- out at the post.
ALTER TABLE accounts ADD COLUMN valid_from INTEGER;
ALTER TABLE accounts ADD COLUMN valid_until INTEGER;

CREATE TABLE deployment_accounts (
    deployment BIGINT PRIMARY KEY REFERENCES deployments (id),
    account BIGINT NOT NULL UNIQUE REFERENCES accounts (id)
);
