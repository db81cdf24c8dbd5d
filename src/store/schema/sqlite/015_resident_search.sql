-- Resident search at city density (issue 19). residents_name serves the
-- first character of a name sought committee by committee of a unit (an
-- equality on the first two columns) and a substring of a name matched on
-- the index alone over a street's committee range (the name is in the
-- index, the table is never read). residents_phone finds a whole phone
-- number committee by committee of the unit, as UNIQUE (doc_type, doc_no)
-- finds a whole document number; starting with the committee, it is
-- written in order by an import, not at random places (bench/RESULTS.md:
-- with a bare (phone) index an import of a million residents took 38 %
-- longer than without these indexes, with this one 19 %).
-- Both are kept by every write of residents (register, import, purge) as
-- any index is; the expression is the same text in both dialects.
CREATE INDEX IF NOT EXISTS residents_name ON residents (committee, substr(name, 1, 1), name);
CREATE INDEX IF NOT EXISTS residents_phone ON residents (committee, phone);
