-- Resident search at city density (issue 19). residents_name serves the
-- first character of a name sought committee by committee of a unit (an
-- equality on the first two columns) and a substring of a name matched on
-- the index alone over a street's committee range (the name is in the
-- index, the table is never read). residents_phone finds a whole phone
-- number as UNIQUE (doc_type, doc_no) finds a whole document number.
-- Both are kept by every write of residents (register, import, purge) as
-- any index is; the expression is the same text in both dialects.
CREATE INDEX IF NOT EXISTS residents_name ON residents (committee, substr(name, 1, 1), name);
CREATE INDEX IF NOT EXISTS residents_phone ON residents (phone);
