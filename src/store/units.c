/*
 * SQL for the org-unit tree (table units) and settings (table meta).
 */
#include "store/units.h"

#include "core/unitcode.h"

#include <stdio.h>
#include <string.h>

int store_unit_row(void *out, struct db_stmt *st)
{
    struct unit *u = out;

    u->code = db_column_int64(st, 0);
    snprintf(u->name, sizeof u->name, "%s", db_column_text(st, 1));
    u->level = (int)db_column_int64(st, 2);
    u->parent = db_column_is_null(st, 3) ? 0 : db_column_int64(st, 3);
    return 0;
}

DB_HAND_ROWS(unit_row, struct unit, store_unit_row, unit_fn)

int store_unit_get(struct db *db, int64_t code, struct unit *out)
{
    const struct db_value args[] = {DB_ARG_INT(code)};

    return db_get(db, "SELECT code, name, level, parent FROM units WHERE code = $1", args, 1,
                  store_unit_row, out);
}

int store_unit_children(struct db *db, int64_t code, unit_fn fn, void *arg)
{
    const struct db_value args[] = {DB_ARG_INT(code)};
    struct db_hand h = DB_HAND(fn, arg);

    if (code == 0)
        return db_list(db,
                       "SELECT code, name, level, parent FROM units WHERE parent IS NULL "
                       "ORDER BY code",
                       NULL, 0, unit_row, &h);
    return db_list(db,
                   "SELECT code, name, level, parent FROM units WHERE parent = $1 ORDER BY code",
                   args, 1, unit_row, &h);
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
    int64_t district = unitcode_at_level(u->code, LEVEL_DISTRICT);
    const struct db_value args[] = {DB_ARG_INT(u->code), DB_ARG_TEXT(u->name), DB_ARG_INT(u->level),
                                    DB_ARG_OPT(u->parent),
                                    DB_ARG_INT(district ? district : u->code)};

    return db_run(db,
                  "INSERT INTO units (code, name, level, parent, district) "
                  "VALUES ($1, $2, $3, $4, $5)",
                  args, 5);
}

int store_unit_rename(struct db *db, int64_t code, const char *name)
{
    const struct db_value args[] = {DB_ARG_INT(code), DB_ARG_TEXT(name)};
    int rc = db_run(db, "UPDATE units SET name = $2 WHERE code = $1", args, 2);

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

struct text_out {
    char *s;
    size_t size;
};

static int read_text(void *arg, struct db_stmt *st)
{
    struct text_out *t = arg;

    snprintf(t->s, t->size, "%s", db_column_text(st, 0));
    return 0;
}

int store_meta_get(struct db *db, const char *key, char *out, size_t size)
{
    const struct db_value args[] = {DB_ARG_TEXT(key)};
    struct text_out t = {out, size};

    return db_get(db, "SELECT value FROM meta WHERE key = $1", args, 1, read_text, &t);
}

int store_meta_set(struct db *db, const char *key, const char *value)
{
    const struct db_value args[] = {DB_ARG_TEXT(key), DB_ARG_TEXT(value)};

    return db_run(db,
                  "INSERT INTO meta (key, value) VALUES ($1, $2) "
                  "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                  args, 2);
}
