/*
 * SQL for the org-unit tree (table units) and settings (table meta).
 */
#include "store/units.h"

#include "core/unitcode.h"

#include <stdio.h>
#include <string.h>

static void read_unit(struct db_stmt *st, struct unit *u)
{
    u->code = db_column_int64(st, 0);
    snprintf(u->name, sizeof u->name, "%s", db_column_text(st, 1));
    u->level = (int)db_column_int64(st, 2);
    u->parent = db_column_is_null(st, 3) ? 0 : db_column_int64(st, 3);
}

int store_unit_get(struct db *db, int64_t code, struct unit *out)
{
    struct db_stmt *st;
    int rc;

    if ((rc = db_prepare(db, "SELECT code, name, level, parent FROM units WHERE code = $1", &st)) <
        0)
        return rc;
    if ((rc = db_bind_int64(st, 1, code)) < 0)
        goto out;
    rc = db_step(st);
    if (rc == DB_ROW) {
        read_unit(st, out);
        rc = 0;
    } else if (rc == DB_DONE) {
        rc = DB_E_NOTFOUND;
    }
out:
    db_done(st);
    return rc;
}

int store_unit_children(struct db *db, int64_t code, unit_fn fn, void *arg)
{
    struct db_stmt *st;
    int rc;

    if (code == 0)
        rc = db_prepare(db,
                        "SELECT code, name, level, parent FROM units WHERE parent IS NULL "
                        "ORDER BY code",
                        &st);
    else
        rc = db_prepare(db,
                        "SELECT code, name, level, parent FROM units WHERE parent = $1 "
                        "ORDER BY code",
                        &st);
    if (rc < 0)
        return rc;
    if (code != 0 && (rc = db_bind_int64(st, 1, code)) < 0)
        goto out;
    while ((rc = db_step(st)) == DB_ROW) {
        struct unit u;
        read_unit(st, &u);
        if ((rc = fn(arg, &u)) != 0)
            goto out;
    }
out:
    db_done(st);
    return rc;
}

int store_unit_count_levels(struct db *db, int64_t code, int64_t out_counts[6])
{
    struct db_stmt *st;
    int level = unitcode_level(code), rc = 0;
    int64_t m = 1;

    memset(out_counts, 0, 6 * sizeof out_counts[0]);
    if (!level)
        return DB_E_RANGE;
    /* Every descendant at level l has a code in [code * m, (code + 1) * m)
     * where m = 10^(digits added since code's level): one range scan each. */
    if ((rc = db_prepare(db,
                         "SELECT count(*) FROM units WHERE level = $1 AND code >= $2 AND code < $3",
                         &st)) < 0)
        return rc;
    for (int l = level; l <= LEVEL_GRID; l++) {
        if (l > level)
            m *= (l == LEVEL_DISTRICT) ? 100 : 1000;
        db_bind_int64(st, 1, l);
        db_bind_int64(st, 2, code * m);
        db_bind_int64(st, 3, (code + 1) * m);
        if ((rc = db_step(st)) != DB_ROW)
            break;
        out_counts[l] = db_column_int64(st, 0);
        rc = 0;
    }
    db_done(st);
    return rc < 0 ? rc : 0;
}

int store_unit_insert(struct db *db, const struct unit *u)
{
    struct db_stmt *st;
    int rc;
    int64_t district = unitcode_at_level(u->code, LEVEL_DISTRICT);

    if ((rc = db_prepare(db,
                         "INSERT INTO units (code, name, level, parent, district) "
                         "VALUES ($1, $2, $3, $4, $5)",
                         &st)) < 0)
        return rc;
    db_bind_int64(st, 1, u->code);
    db_bind_text(st, 2, u->name, -1);
    db_bind_int64(st, 3, u->level);
    if (u->parent)
        db_bind_int64(st, 4, u->parent);
    else
        db_bind_null(st, 4);
    db_bind_int64(st, 5, district ? district : u->code);
    rc = db_step(st);
    db_done(st);
    return rc < 0 ? rc : 0;
}

int store_unit_rename(struct db *db, int64_t code, const char *name)
{
    struct db_stmt *st;
    int rc;

    if ((rc = db_prepare(db, "UPDATE units SET name = $2 WHERE code = $1", &st)) < 0)
        return rc;
    db_bind_int64(st, 1, code);
    db_bind_text(st, 2, name, -1);
    rc = db_step(st);
    db_done(st);
    if (rc < 0)
        return rc;
    return db_changes(db) == 1 ? 0 : DB_E_NOTFOUND;
}

int store_unit_delete(struct db *db, int64_t code)
{
    int64_t n = 0;
    int rc = db_query_int64(db, "SELECT count(*) FROM units WHERE parent = $1", 1, &code, &n);

    if (rc < 0)
        return rc;
    if (n > 0)
        return DB_E_CONSTRAINT;
    if ((rc = db_query_int64(db, "DELETE FROM units WHERE code = $1", 1, &code, NULL)) < 0)
        return rc;
    return db_changes(db) == 1 ? 0 : DB_E_NOTFOUND;
}

int store_city_code(struct db *db, int64_t *out)
{
    int rc = db_query_int64(db, "SELECT code FROM units WHERE level = 1 ORDER BY code LIMIT 1", 0,
                            NULL, out);
    if (rc == DB_DONE)
        *out = 0;
    return rc < 0 ? rc : 0;
}

int store_grid_last(struct db *db, int64_t committee, int *out_n)
{
    int64_t args[2] = {committee * 1000, committee * 1000 + 999}, v = 0;
    int rc = db_query_int64(db, "SELECT max(code) FROM units WHERE code >= $1 AND code <= $2", 2,
                            args, &v);
    if (rc < 0)
        return rc;
    *out_n = v ? (int)(v - committee * 1000) : 0;
    return 0;
}

int store_meta_get(struct db *db, const char *key, char *out, size_t size)
{
    struct db_stmt *st;
    int rc;

    if ((rc = db_prepare(db, "SELECT value FROM meta WHERE key = $1", &st)) < 0)
        return rc;
    db_bind_text(st, 1, key, -1);
    rc = db_step(st);
    if (rc == DB_ROW) {
        snprintf(out, size, "%s", db_column_text(st, 0));
        rc = 0;
    } else if (rc == DB_DONE) {
        rc = DB_E_NOTFOUND;
    }
    db_done(st);
    return rc;
}

int store_meta_set(struct db *db, const char *key, const char *value)
{
    const struct db_value args[] = {DB_ARG_TEXT(key), DB_ARG_TEXT(value)};

    return db_run(db,
                  "INSERT INTO meta (key, value) VALUES ($1, $2) "
                  "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                  args, 2);
}
