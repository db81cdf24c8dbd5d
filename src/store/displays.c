/*
 * SQL of display tokens and of the big screen's ticker (displays.h).
 */
#include "store/displays.h"

#include <stdio.h>
#include <string.h>

#define DISPLAY_COLS "SELECT id, unit, name, created_at, created_by, revoked_at FROM displays "

int store_display_insert(struct db *db, struct display_row *d, const char *token_hash,
                         int64_t district)
{
    const struct db_value args[] = {DB_ARG_INT(d->unit),        DB_ARG_TEXT(d->name),
                                    DB_ARG_TEXT(token_hash),    DB_ARG_INT(d->created_at),
                                    DB_ARG_TEXT(d->created_by), DB_ARG_INT(district)};

    return db_insert_id(db,
                        "INSERT INTO displays (unit, name, token_hash, created_at, created_by, "
                        "district) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                        args, 6, &d->id);
}

static int read_display(void *out, struct db_stmt *st)
{
    struct display_row *d = out;

    memset(d, 0, sizeof *d);
    d->id = db_column_int64(st, 0);
    d->unit = db_column_int64(st, 1);
    snprintf(d->name, sizeof d->name, "%s", db_column_text(st, 2));
    d->created_at = db_column_int64(st, 3);
    snprintf(d->created_by, sizeof d->created_by, "%s", db_column_text(st, 4));
    d->revoked_at = db_column_is_null(st, 5) ? 0 : db_column_int64(st, 5);
    return 0;
}

int store_display_get(struct db *db, int64_t id, struct display_row *out)
{
    const struct db_value args[] = {DB_ARG_INT(id)};

    return db_get(db, DISPLAY_COLS "WHERE id = $1", args, 1, read_display, out);
}

int store_display_by_token(struct db *db, const char *token_hash, struct display_row *out)
{
    const struct db_value args[] = {DB_ARG_TEXT(token_hash)};

    return db_get(db, DISPLAY_COLS "WHERE token_hash = $1", args, 1, read_display, out);
}

int store_display_revoke(struct db *db, int64_t id, int64_t at)
{
    const struct db_value args[] = {DB_ARG_INT(id), DB_ARG_INT(at)};

    return db_run(db, "UPDATE displays SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL",
                  args, 2);
}

DB_HAND_ROWS(display_each_row, struct display_row, read_display, display_fn)

int store_displays_within(struct db *db, int64_t unit, int64_t lo, int64_t hi, int64_t after,
                          display_fn fn, void *arg)
{
    const struct db_value args[] = {DB_ARG_INT(unit), DB_ARG_INT(lo), DB_ARG_INT(hi),
                                    DB_ARG_INT(after)};
    struct db_hand h = DB_HAND(fn, arg);

    return db_list(db,
                   DISPLAY_COLS "WHERE (unit = $1 OR (unit >= $2 AND unit < $3) OR (unit >= $2 "
                                "/ 1000 AND unit < $3 / 1000) OR (unit >= $2 / 1000000 AND unit "
                                "< $3 / 1000000)) AND id > $4 ORDER BY id",
                   args, 4, display_each_row, &h);
}

static int read_event(void *out, struct db_stmt *st)
{
    struct wall_event *e = out;

    memset(e, 0, sizeof *e);
    e->at = db_column_int64(st, 0);
    snprintf(e->source, sizeof e->source, "%s", db_column_text(st, 1));
    snprintf(e->kind, sizeof e->kind, "%s", db_column_text(st, 2));
    e->committee = db_column_int64(st, 3);
    return 0;
}

DB_HAND_ROWS(event_each_row, struct wall_event, read_event, wall_event_fn)

int store_wall_events(struct db *db, int64_t lo, int64_t hi, int64_t since, int64_t until, int max,
                      wall_event_fn fn, void *arg)
{
    /* A hand-over's unit is a committee or one of its grids (15 digits:
     * the committee's code and three more). */
    const struct db_value args[] = {DB_ARG_INT(lo),        DB_ARG_INT(hi),    DB_ARG_INT(lo * 1000),
                                    DB_ARG_INT(hi * 1000), DB_ARG_INT(since), DB_ARG_INT(max),
                                    DB_ARG_INT(until)};
    struct db_hand h = DB_HAND(fn, arg);

    return db_list(
        db,
        "SELECT at, source, kind, committee FROM ("
        "SELECT e.at AS at, 'handover' AS source, e.kind AS kind, CASE WHEN h.unit >= $3 THEN "
        "h.unit / 1000 ELSE h.unit END AS committee FROM handover_events e JOIN handovers h ON "
        "h.id = e.handover WHERE e.at >= $5 AND e.at <= $7 AND ((h.unit >= $1 AND h.unit < $2) "
        "OR (h.unit >= $3 AND h.unit < $4)) "
        "UNION ALL SELECT e.at, 'task', e.kind, t.committee FROM task_events e JOIN tasks t ON "
        "t.id = e.task WHERE e.at >= $5 AND e.at <= $7 AND t.committee >= $1 AND t.committee < $2"
        ") ev ORDER BY at DESC LIMIT $6",
        args, 7, event_each_row, &h);
}
