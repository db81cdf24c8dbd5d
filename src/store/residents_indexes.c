/*
 * The residents' secondary indexes put aside during a first import and
 * built again at its end (see residents_indexes.h): their SQL is read from
 * sqlite_master, so an index added by a later migration is put aside and
 * rebuilt with no change here.
 */
#include "store/residents_indexes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Indexes of residents made by CREATE INDEX (sql is NULL for the UNIQUE
 * constraint's own index, which cannot be dropped and is kept). */
static const char list_sql[] = "SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                               "AND tbl_name = 'residents' AND sql IS NOT NULL ORDER BY name";

static int remember(void *arg, struct db_stmt *st)
{
    struct store_deferred_indexes *d = arg;

    if (d->n == STORE_DEFERRED_INDEXES_MAX)
        return DB_E_ERROR;
    d->name[d->n] = strdup(db_column_text(st, 0));
    d->sql[d->n] = strdup(db_column_text(st, 1));
    d->n++;
    return d->name[d->n - 1] && d->sql[d->n - 1] ? 0 : DB_E_NOMEM;
}

int store_residents_indexes_defer(struct db *db, struct store_deferred_indexes *out)
{
    char drop[256];
    int rc;

    memset(out, 0, sizeof *out);
    if (db_kind(db) != DB_SQLITE)
        return 0;
    if ((rc = db_list(db, list_sql, NULL, 0, remember, out)) < 0)
        return rc;
    for (int i = 0; i < out->n; i++) {
        int n = snprintf(drop, sizeof drop, "DROP INDEX \"%s\"", out->name[i]);
        if (n < 0 || (size_t)n >= sizeof drop || strchr(out->name[i], '"'))
            return DB_E_ERROR;
        if ((rc = db_exec(db, drop)) < 0)
            return rc;
    }
    return 0;
}

int store_residents_indexes_build(struct db *db, const struct store_deferred_indexes *d)
{
    int rc;

    for (int i = 0; i < d->n; i++)
        if ((rc = db_exec(db, d->sql[i])) < 0)
            return rc;
    return 0;
}

void store_residents_indexes_free(struct store_deferred_indexes *d)
{
    for (int i = 0; i < d->n; i++) {
        free(d->name[i]);
        free(d->sql[i]);
    }
    d->n = 0;
}
