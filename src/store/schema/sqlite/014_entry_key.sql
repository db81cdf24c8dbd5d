-- Building entry, keyed (issue 16): a worker's document number is kept as
-- HMAC-SHA-256 under a secret of this database (meta 'entry_key', 64 hex
-- characters made here from the database's strong random source), no longer
-- as a plain SHA-256 that anyone can reverse by hashing every ID number.
-- The old plain hashes cannot be turned into keyed ones (the numbers are not
-- kept), so each is replaced by a random value: every past entry still
-- counts once for its day and place, but it can no longer be matched with
-- anything. The only cost: a worker who entered before the upgrade and again
-- after it on the same day is counted twice that day.
INSERT INTO meta (key, value) VALUES ('entry_key', lower(hex(randomblob(32))))
ON CONFLICT (key) DO NOTHING;
UPDATE building_entries SET worker = 'old:' || lower(hex(randomblob(16)));
