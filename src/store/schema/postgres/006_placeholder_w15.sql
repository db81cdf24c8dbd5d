-- Placeholder on branch w15 only, so that 007 applies: migrations must be
-- contiguous. The lead drops this file when merging the real 006.
SELECT 1;
