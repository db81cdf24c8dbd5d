-- instr(text, part): where part first occurs in text, from 1, or 0; the
-- name SQLite gives it, so that the resident search (store/residents_query.c)
-- sends one text to both databases. A plain SQL function, inlined by the
-- planner into strpos. On Citus it is made on every node.
CREATE OR REPLACE FUNCTION instr(text, text) RETURNS integer
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$SELECT strpos($1, $2)$$;
