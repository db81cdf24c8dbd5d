/*
 * SQL of high-risk origins (origins.h).
 */
#include "store/origins.h"

#include "core/facts.h"

#include <stdio.h>
#include <string.h>

#define ORIGIN_COLS "SELECT id, pattern, kind, days, note, created_at, created_by FROM origins "

int store_origin_insert(struct db *db, struct origin_rule *r)
{
    const struct db_value args[] = {
        DB_ARG_TEXT(r->pattern),   DB_ARG_TEXT(quarantine_code((enum quarantine_kind)r->kind)),
        DB_ARG_INT(r->days),       DB_ARG_TEXT(r->note),
        DB_ARG_INT(r->created_at), DB_ARG_TEXT(r->created_by)};

    return db_insert_id(db,
                        "INSERT INTO origins (pattern, kind, days, note, created_at, created_by) "
                        "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                        args, 6, &r->id);
}

static int read_origin(void *out, struct db_stmt *st)
{
    struct origin_rule *r = out;
    enum quarantine_kind k = QUARANTINE_HOME;

    memset(r, 0, sizeof *r);
    r->id = db_column_int64(st, 0);
    snprintf(r->pattern, sizeof r->pattern, "%s", db_column_text(st, 1));
    if (quarantine_parse(db_column_text(st, 2), &k) < 0)
        k = QUARANTINE_HOME;
    r->kind = (int)k;
    r->days = (int)db_column_int64(st, 3);
    snprintf(r->note, sizeof r->note, "%s", db_column_text(st, 4));
    r->created_at = db_column_int64(st, 5);
    snprintf(r->created_by, sizeof r->created_by, "%s", db_column_text(st, 6));
    return 0;
}

int store_origin_get(struct db *db, int64_t id, struct origin_rule *out)
{
    const struct db_value args[] = {DB_ARG_INT(id)};

    return db_get(db, ORIGIN_COLS "WHERE id = $1", args, 1, read_origin, out);
}

int store_origin_delete(struct db *db, int64_t id)
{
    const struct db_value args[] = {DB_ARG_INT(id)};
    int rc = db_run(db, "DELETE FROM origins WHERE id = $1", args, 1);

    if (rc < 0)
        return rc;
    return db_changes(db) ? 0 : DB_E_NOTFOUND;
}

DB_HAND_ROWS(origin_each_row, struct origin_rule, read_origin, origin_fn)

int store_origins_list(struct db *db, int64_t after, origin_fn fn, void *arg)
{
    const struct db_value args[] = {DB_ARG_INT(after)};
    struct db_hand h = DB_HAND(fn, arg);

    return db_list(db, ORIGIN_COLS "WHERE id > $1 ORDER BY id", args, 1, origin_each_row, &h);
}
