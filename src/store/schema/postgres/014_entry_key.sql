-- Building entry, keyed (issue 16): a worker's document number is kept as
-- HMAC-SHA-256 under a secret of this database (meta 'entry_key', 64 hex
-- characters from two gen_random_uuid(), the server's strong random source:
-- 244 random bits), no longer as a plain SHA-256 that anyone can reverse by
-- hashing every ID number. The old plain hashes cannot be turned into keyed
-- ones (the numbers are not kept), so each is replaced by a random value:
-- every past entry still counts once for its day and place, but it can no
-- longer be matched with anything. The only cost: a worker who entered
-- before the upgrade and again after it on the same day is counted twice
-- that day.
INSERT INTO meta (key, value)
VALUES ('entry_key', replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''))
ON CONFLICT (key) DO NOTHING;
-- Each row's new value is the MD5 of a random salt, its day and its worker
-- (unique per row: the primary key), and the salt is forgotten: one random
-- value in the statement, not one per row, because a volatile function in
-- an UPDATE would draw other values on each copy of a Citus reference table
-- (Citus refuses it).
DO $entry_key$
BEGIN
  EXECUTE format('UPDATE building_entries SET worker = ''old:'' || '
                 'md5(%L || day::text || '':'' || worker)',
                 replace(gen_random_uuid()::text, '-', ''));
END
$entry_key$;
