/*
 * The residents' indexes and foreign keys put aside during a first import
 * and made again at its end (see residents_indexes.h). Each is read from
 * the database's catalogue as a pair of statements, one that drops it and
 * one that makes it again, so an index added by a later migration is
 * put aside and rebuilt with no change here.
 */
#include "store/residents_indexes.h"

#include <stdlib.h>
#include <string.h>

/* (drop, make) of the residents' indexes made by CREATE INDEX (sql is NULL
 * for the UNIQUE constraint's own index, which cannot be dropped). */
static const char list_sqlite[] =
    "SELECT 'DROP INDEX \"' || replace(name, '\"', '\"\"') || '\"', sql FROM sqlite_master "
    "WHERE type = 'index' AND tbl_name = 'residents' AND sql IS NOT NULL ORDER BY name";

/* (drop, make) of the residents' indexes that back no constraint, its
 * UNIQUE constraints, then the foreign keys of residents and households:
 * made again in that order, the keys checked once the indexes are there. */
static const char list_postgres[] =
    "SELECT d, m FROM ("
    "SELECT 0 AS o, c.relname AS n, 'DROP INDEX ' || quote_ident(c.relname) AS d, "
    "pg_get_indexdef(i.indexrelid) AS m FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
    "WHERE i.indrelid = 'residents'::regclass AND NOT i.indisprimary AND NOT EXISTS "
    "(SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid) "
    "UNION ALL SELECT CASE k.contype WHEN 'u' THEN 1 ELSE 2 END, k.conname, "
    "'ALTER TABLE ' || k.conrelid::regclass || ' DROP CONSTRAINT ' || quote_ident(k.conname), "
    "'ALTER TABLE ' || k.conrelid::regclass || ' ADD CONSTRAINT ' || quote_ident(k.conname) || "
    "' ' || pg_get_constraintdef(k.oid) FROM pg_constraint k WHERE "
    "(k.conrelid = 'residents'::regclass AND k.contype IN ('u', 'f')) OR "
    "(k.conrelid = 'households'::regclass AND k.contype = 'f')) AS x ORDER BY o, n";

/* Remembers one row of the list: how to drop it and make it again. */
static int remember(void *arg, struct db_stmt *st)
{
    struct store_deferred_indexes *d = arg;

    if (d->n == STORE_DEFERRED_INDEXES_MAX)
        return DB_E_ERROR;
    d->drop[d->n] = strdup(db_column_text(st, 0));
    d->make[d->n] = strdup(db_column_text(st, 1));
    d->n++;
    return d->drop[d->n - 1] && d->make[d->n - 1] ? 0 : DB_E_NOMEM;
}

int store_residents_indexes_defer(struct db *db, struct store_deferred_indexes *out)
{
    int rc;

    memset(out, 0, sizeof *out);
    if (db_is_citus(db))
        return 0;
    /* Read first, dropped after: SQLite cannot drop an index while its
     * schema is being read. */
    if ((rc = db_list(db, db_kind(db) == DB_SQLITE ? list_sqlite : list_postgres, NULL, 0, remember,
                      out)) < 0)
        return rc;
    for (int i = 0; i < out->n; i++)
        if ((rc = db_exec(db, out->drop[i])) < 0)
            return rc;
    return 0;
}

int store_residents_indexes_build(struct db *db, const struct store_deferred_indexes *d)
{
    int rc;

    for (int i = 0; i < d->n; i++)
        if ((rc = db_exec(db, d->make[i])) < 0)
            return rc;
    return 0;
}

int store_residents_analyze(struct db *db)
{
    if (db_kind(db) != DB_POSTGRES || db_is_citus(db))
        return 0;
    return db_exec(db, "ANALYZE residents, households, buildings, compounds");
}

void store_residents_indexes_free(struct store_deferred_indexes *d)
{
    for (int i = 0; i < d->n; i++) {
        free(d->drop[i]);
        free(d->make[i]);
    }
    d->n = 0;
}
