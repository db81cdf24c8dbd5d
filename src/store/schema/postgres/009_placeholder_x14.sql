-- Placeholder on branch x14 only, so that 010 applies: migrations must be
-- contiguous. The lead drops this file when merging the real 009.
SELECT 1;
