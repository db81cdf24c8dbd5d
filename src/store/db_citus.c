/*
 * The Citus step of the PostgreSQL driver: when the database has the citus
 * extension (a coordinator), every table that migrations created and Citus
 * does not manage yet is distributed after the migrations ran. Use cases
 * never see it; the SQL they send is the same on PostgreSQL and Citus.
 *
 * The rule lives here in one place (docs/scaling.md, "Citus"):
 * - tables in `distributed` below are hash-distributed by their district
 *   column, all in one colocation group, so a district's rows of every such
 *   table sit on the same worker and a write to them is a single-shard
 *   transaction; their primary keys and unique constraints get the district
 *   appended (Citus enforces uniqueness only with the distribution column);
 * - every other table is a reference table (a full copy on every node):
 *   the default, so a table added by a new migration works unchanged, keeps
 *   all its constraints and foreign keys, and joins locally with everything.
 * A table in the list that has no district column stays a reference table;
 * a foreign key to a listed table from one that stays a reference table
 * goes (Citus allows none). The residents' documents are kept once more in
 * resident_docs, distributed by document number, whose key keeps one
 * person one record across districts (store/residents_docs.h).
 */
#include "store/db_driver.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Hash-distributed by district, co-located with the first one. Only tables
 * that no query reads in a correlated subquery of a reference table (Citus
 * plans none): the history and events, which are most of the rows written,
 * the residents, whose every read and write names the district, and the
 * counts a resident's write moves (migration 021 gave them their district;
 * docs/scaling.md), and a case's temperatures, twice a day for every case,
 * each read with its case's district (the quarantine counts join them to
 * the cases instead of a NOT EXISTS under them). */
static const char *const distributed[] = {
    "fact_history",  "audit",        "quarantine_events", "task_events",
    "colour_counts", "colour_daily", "handover_events",   "screenings",
    "declarations",  "residents",    "temperatures",
};

/* One PL/pgSQL block does the work in the server, in one transaction: the
 * reference tables first, in foreign-key order (a table after the tables it
 * references), then the distributed ones. %s is the list above as a SQL
 * array literal. */
static const char distribute_sql[] =
    "DO $citus$\n"
    "DECLARE\n"
    "  dist text[] := %s;\n"
    "  t text; c record; cols text; progress boolean := true; first text; fks text[] := '{}';\n"
    "  body text;\n"
    "BEGIN\n"
    "  SET LOCAL citus.multi_shard_modify_mode TO 'sequential';\n"
    /* The audit log's append-only triggers run on every shard; they only
     * raise, so they are safe wherever they run. */
    "  SET LOCAL citus.enable_unsafe_triggers TO on;\n"
    /* Every later connection too: a transaction that reads several shards
     * and then writes a reference table (a write use case reading history,
     * say) must not have opened parallel connections first. */
    "  EXECUTE format('ALTER DATABASE %%I SET citus.multi_shard_modify_mode TO sequential',\n"
    "                 current_database());\n"
    /* A listed table stays a reference table when it cannot be distributed
     * (no district column), or when an earlier cordon made it one: the
     * register was one until session 14, and Citus can neither
     * undistribute a table with an identity column nor drop its identity
     * (docs/scaling.md says how such a database moves). */
    "  dist := ARRAY(SELECT d FROM unnest(dist) d WHERE to_regclass(d) IS NOT NULL\n"
    "    AND EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass(d)\n"
    "                AND attname = 'district' AND NOT attisdropped)\n"
    "    AND NOT EXISTS (SELECT 1 FROM pg_dist_partition p WHERE p.logicalrelid = to_regclass(d)\n"
    "                    AND p.repmodel = 't'));\n"
    /* A foreign key from a table that stays a reference table to a listed
     * one cannot exist on Citus: it goes (quarantines.resident; the use
     * case reads the resident in the same transaction before it opens a
     * case, and a resident is never deleted, only moved or purged in
     * place). */
    "  FOR c IN SELECT conrelid::regclass::text AS t, conname FROM pg_constraint\n"
    "      WHERE contype = 'f' AND confrelid::regclass::text = ANY (dist)\n"
    "        AND conrelid::regclass::text <> ALL (dist) LOOP\n"
    "    EXECUTE format('ALTER TABLE %%I DROP CONSTRAINT %%I', c.t, c.conname);\n"
    "  END LOOP;\n"
    /* Their foreign keys (to tables that become reference tables) go
     * until they are distributed: Citus would make them Citus local tables
     * on its own, and cannot distribute a local table with an identity
     * column. */
    "  FOR c IN SELECT conrelid::regclass::text AS t, conname, pg_get_constraintdef(oid) AS def\n"
    "      FROM pg_constraint WHERE contype = 'f' AND conrelid::regclass::text = ANY (dist)\n"
    "        AND NOT EXISTS (SELECT 1 FROM pg_dist_partition p WHERE p.logicalrelid = conrelid\n"
    "                        AND p.partmethod = 'h') LOOP\n"
    "    fks := fks || format('ALTER TABLE %%I ADD CONSTRAINT %%I %%s', c.t, c.conname, c.def);\n"
    "    EXECUTE format('ALTER TABLE %%I DROP CONSTRAINT %%I', c.t, c.conname);\n"
    "  END LOOP;\n"
    "  WHILE progress LOOP\n"
    "    progress := false;\n"
    "    FOR t IN SELECT k.relname FROM pg_class k\n"
    "        WHERE k.relnamespace = 'public'::regnamespace AND k.relkind = 'r'\n"
    "          AND k.relname <> ALL (dist)\n"
    "          AND NOT EXISTS (SELECT 1 FROM pg_dist_partition p WHERE p.logicalrelid = k.oid\n"
    "                          AND (p.repmodel = 't' OR p.partmethod = 'h'))\n"
    "          AND NOT EXISTS (SELECT 1 FROM pg_constraint f WHERE f.conrelid = k.oid\n"
    "                          AND f.contype = 'f' AND f.confrelid <> k.oid\n"
    "                          AND NOT EXISTS (SELECT 1 FROM pg_dist_partition p\n"
    "                              WHERE p.logicalrelid = f.confrelid AND p.repmodel = 't'))\n"
    "        ORDER BY k.relname LOOP\n"
    /* A table with a foreign key to a reference table is a Citus local
     * table already (Citus does that on its own): create_reference_table
     * turns it into a reference table all the same. */
    "      PERFORM create_reference_table(t);\n"
    "      progress := true;\n"
    "    END LOOP;\n"
    "  END LOOP;\n"
    "  SELECT p.logicalrelid::text INTO first FROM pg_dist_partition p\n"
    "    WHERE p.partmethod = 'h' ORDER BY p.colocationid LIMIT 1;\n"
    "  FOREACH t IN ARRAY dist LOOP\n"
    "    IF EXISTS (SELECT 1 FROM pg_dist_partition p WHERE p.logicalrelid = t::regclass\n"
    "               AND p.partmethod = 'h') THEN CONTINUE; END IF;\n"
    "    FOR c IN SELECT conname, contype, conkey FROM pg_constraint\n"
    "        WHERE conrelid = t::regclass AND contype IN ('p', 'u')\n"
    "          AND NOT (SELECT attnum FROM pg_attribute WHERE attrelid = t::regclass\n"
    "                   AND attname = 'district') = ANY (conkey) LOOP\n"
    "      SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY k.i) INTO cols\n"
    "        FROM unnest(c.conkey) WITH ORDINALITY k(n, i)\n"
    "        JOIN pg_attribute a ON a.attrelid = t::regclass AND a.attnum = k.n;\n"
    "      EXECUTE format('ALTER TABLE %%I DROP CONSTRAINT %%I', t, c.conname);\n"
    "      EXECUTE format('ALTER TABLE %%I ADD CONSTRAINT %%I %%s (%%s, district)', t, c.conname,\n"
    "                     CASE c.contype WHEN 'p' THEN 'PRIMARY KEY' ELSE 'UNIQUE' END, cols);\n"
    "    END LOOP;\n"
    "    PERFORM create_distributed_table(t, 'district',\n"
    "                                     colocate_with => coalesce(first, 'default'));\n"
    "    first := coalesce(first, t);\n"
    "  END LOOP;\n"
    "  FOREACH t IN ARRAY fks LOOP EXECUTE t; END LOOP;\n"
    /* One person, one record across districts: the register's unique
     * (doc_type, doc_no) carries the district on Citus, so the documents
     * are kept once more in a table distributed by the document number,
     * whose key Citus enforces (store/residents_docs.c writes it). */
    "  IF to_regclass('residents') IS NOT NULL AND to_regclass('resident_docs') IS NULL THEN\n"
    "    CREATE TABLE resident_docs (doc_no text COLLATE \"C\" NOT NULL,\n"
    "      doc_type integer NOT NULL, district bigint NOT NULL, id bigint NOT NULL,\n"
    "      PRIMARY KEY (doc_no, doc_type));\n"
    "    PERFORM create_distributed_table('resident_docs', 'doc_no', colocate_with => 'none');\n"
    "    INSERT INTO resident_docs SELECT doc_no, doc_type, district, id FROM residents;\n"
    "  END IF;\n"
    /* A trigger on a reference table runs on each node's copy, where a
     * query on another Citus table would be a distributed query from a
     * shard, which Citus refuses (bookings_take_box of 013 takes a box of
     * the campaign). Each copy updates its own node's copy of the other
     * reference table instead (the same rows change on every node, so the
     * copies stay equal): the trigger function's writes name the shard. */
    "  FOR c IN SELECT DISTINCT p.oid::regprocedure AS fn, p.prosrc FROM pg_trigger g\n"
    "      JOIN pg_proc p ON p.oid = g.tgfoid\n"
    "      JOIN pg_language l ON l.oid = p.prolang AND l.lanname = 'plpgsql'\n"
    "      JOIN pg_dist_partition d ON d.logicalrelid = g.tgrelid AND d.repmodel = 't'\n"
    "      WHERE NOT g.tgisinternal LOOP\n"
    "    body := c.prosrc;\n"
    "    FOR t, cols IN SELECT d.logicalrelid::text, shard_name(d.logicalrelid, s.shardid)\n"
    "        FROM pg_dist_partition d JOIN pg_dist_shard s USING (logicalrelid)\n"
    "        WHERE d.repmodel = 't' LOOP\n"
    "      body := regexp_replace(body, '(UPDATE|INSERT INTO|DELETE FROM)\\s+' || t || '\\M',\n"
    "                             '\\1 ' || cols, 'gi');\n"
    "    END LOOP;\n"
    "    CONTINUE WHEN body = c.prosrc;\n"
    "    EXECUTE format('CREATE OR REPLACE FUNCTION %%s RETURNS trigger LANGUAGE plpgsql '\n"
    "                   'SET citus.enable_manual_changes_to_shards = on AS %%L', c.fn, body);\n"
    "  END LOOP;\n"
    "END\n"
    "$citus$";

int db_citus_detect(struct db *db, int *out_citus)
{
    int64_t n = 0;
    int rc = db_query_int64(db, "SELECT count(*) FROM pg_extension WHERE extname = 'citus'", 0,
                            NULL, &n);

    if (rc < 0)
        return rc;
    *out_citus = n > 0;
    /* issue 20 (D21): remembered for db_is_citus(), which the store asks
     * where Citus needs another statement (store_booking_take). */
    ((struct db_base *)db)->citus = *out_citus;
    /* This connection too, not only the later ones that the database's
     * setting (distribute_sql) reaches: the connection that distributed
     * the schema goes on with the caller's writes, and a transaction that
     * read several shards in parallel and then writes a reference table is
     * refused ("cannot modify table ... because there was a parallel
     * operation on a distributed table"; test_handover and test_tasks on
     * the Citus pass). */
    if (*out_citus && (rc = db_exec(db, "SET citus.multi_shard_modify_mode TO 'sequential'")) < 0)
        return rc;
    return 0;
}

/* Past the quoted text or identifier that opens at s ('' or "" inside). */
static const char *skip_quoted(const char *s)
{
    char q = *s++;

    for (; *s; s++)
        if (*s == q && *++s != q)
            return s;
    return s;
}

/* The length of the dollar-quote tag at s ("$body$", "$$"), or 0 when s is
 * not one (a parameter such as $1). */
static size_t dollar_tag(const char *s)
{
    size_t n = 1;

    if (s[1] >= '0' && s[1] <= '9')
        return 0;
    while (s[n] == '_' || (s[n] >= 'a' && s[n] <= 'z') || (s[n] >= 'A' && s[n] <= 'Z') ||
           (s[n] >= '0' && s[n] <= '9'))
        n++;
    return s[n] == '$' ? n + 1 : 0;
}

/* The end of the statement that starts at s: its ';' outside quotes,
 * comments and dollar-quoted bodies, or the end of the text. *out_blank
 * says whether it holds only spaces and comments. */
static const char *statement_end(const char *s, int *out_blank)
{
    size_t tag;
    const char *e;

    *out_blank = 1;
    while (*s && *s != ';') {
        if (s[0] == '-' && s[1] == '-') {
            s += strcspn(s, "\n");
            continue;
        }
        if (s[0] == '/' && s[1] == '*') {
            e = strstr(s + 2, "*/");
            s = e ? e + 2 : s + strlen(s);
            continue;
        }
        if (!strchr(" \t\r\n", *s))
            *out_blank = 0;
        if (*s == '\'' || *s == '"') {
            s = skip_quoted(s);
        } else if (*s == '$' && (tag = dollar_tag(s))) {
            char t[64];
            snprintf(t, sizeof t, "%.*s", (int)(tag < sizeof t ? tag : sizeof t - 1), s);
            e = strstr(s + tag, t);
            s = e ? e + tag : s + strlen(s);
        } else {
            s++;
        }
    }
    return s;
}

int db_citus_exec_script(struct db *db, int citus, const char *sql)
{
    const char *s = sql, *e;
    int blank, rc = 0;

    if (!citus)
        return db_exec(db, sql);
    for (; *s && rc >= 0; s = *e ? e + 1 : e) {
        char *one;

        e = statement_end(s, &blank);
        if (blank)
            continue;
        if (!(one = strndup(s, (size_t)(e - s))))
            return DB_E_NOMEM;
        rc = db_exec(db, one);
        free(one);
    }
    return rc;
}

int db_citus_distribute(struct db *db, char err[DB_ERR_LEN])
{
    char list[512], sql[sizeof distribute_sql + sizeof list];
    size_t used = 0;
    int citus = 0, rc;

    if ((rc = db_citus_detect(db, &citus)) < 0 || !citus) {
        if (rc < 0)
            snprintf(err, DB_ERR_LEN, "cannot look for Citus: %s", db_errmsg(db));
        return rc;
    }
    used += (size_t)snprintf(list, sizeof list, "ARRAY[");
    for (size_t i = 0; i < sizeof distributed / sizeof *distributed; i++)
        used += (size_t)snprintf(list + used, sizeof list - used, "%s'%s'", i ? ", " : "",
                                 distributed[i]);
    snprintf(list + used, sizeof list - used, "]::text[]");
    snprintf(sql, sizeof sql, distribute_sql, list);
    if ((rc = db_exec(db, sql)) < 0)
        snprintf(err, DB_ERR_LEN, "cannot distribute the schema on Citus: %s", db_errmsg(db));
    return rc;
}
