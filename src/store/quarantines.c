/*
 * SQL of quarantine cases and temperature readings (see quarantines.h).
 */
#include "store/quarantines.h"

#include "core/date.h"

#include <stdio.h>
#include <string.h>

#define Q_COLS                                                                                     \
    "id, resident, household, unit, committee, district, kind, day_from, day_until, facility, "    \
    "follower, state, closed_day, created_at, created_by"

static void read_row(struct db_stmt *st, struct quarantine_row *q)
{
    memset(q, 0, sizeof *q);
    q->id = db_column_int64(st, 0);
    q->resident = db_column_int64(st, 1);
    q->household = db_column_int64(st, 2);
    q->unit = db_column_int64(st, 3);
    q->committee = db_column_int64(st, 4);
    q->district = db_column_int64(st, 5);
    q->kind = (int)db_column_int64(st, 6);
    q->day_from = (int32_t)db_column_int64(st, 7);
    q->day_until = (int32_t)db_column_int64(st, 8);
    snprintf(q->facility, sizeof q->facility, "%s", db_column_text(st, 9));
    q->follower = db_column_int64(st, 10);
    q->state = (int)db_column_int64(st, 11);
    q->closed_day = db_column_is_null(st, 12) ? DATE_NONE : (int32_t)db_column_int64(st, 12);
    q->created_at = db_column_int64(st, 13);
    snprintf(q->created_by, sizeof q->created_by, "%s", db_column_text(st, 14));
}

int store_quarantine_insert(struct db *db, struct quarantine_row *q, const char *token_hash)
{
    struct db_stmt *st;
    int rc;

    if ((rc = db_prepare(db,
                         "INSERT INTO quarantines (resident, household, unit, committee, district, "
                         "kind, day_from, day_until, facility, follower, state, token_hash, "
                         "created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, "
                         "0, $11, $12, $13) RETURNING id",
                         &st)) < 0)
        return rc;
    db_bind_int64(st, 1, q->resident);
    if (q->household)
        db_bind_int64(st, 2, q->household);
    else
        db_bind_null(st, 2);
    db_bind_int64(st, 3, q->unit);
    db_bind_int64(st, 4, q->committee);
    db_bind_int64(st, 5, q->district);
    db_bind_int64(st, 6, q->kind);
    db_bind_int64(st, 7, q->day_from);
    db_bind_int64(st, 8, q->day_until);
    db_bind_text(st, 9, q->facility, -1);
    if (q->follower)
        db_bind_int64(st, 10, q->follower);
    else
        db_bind_null(st, 10);
    db_bind_text(st, 11, token_hash, -1);
    db_bind_int64(st, 12, q->created_at);
    db_bind_text(st, 13, q->created_by, -1);
    rc = db_step(st);
    if (rc == DB_ROW) {
        q->id = db_column_int64(st, 0);
        q->state = QSTATE_OPEN;
        q->closed_day = DATE_NONE;
        rc = 0;
    } else if (rc == DB_DONE) {
        rc = DB_E_ERROR;
    }
    db_done(st);
    return rc;
}

static int get_one(struct db *db, const char *sql, int64_t id, const char *text,
                   struct quarantine_row *out)
{
    struct db_stmt *st;
    int rc;

    if ((rc = db_prepare(db, sql, &st)) < 0)
        return rc;
    if (text)
        db_bind_text(st, 1, text, -1);
    else
        db_bind_int64(st, 1, id);
    rc = db_step(st);
    if (rc == DB_ROW) {
        read_row(st, out);
        rc = 0;
    } else if (rc == DB_DONE) {
        rc = DB_E_NOTFOUND;
    }
    db_done(st);
    return rc;
}

int store_quarantine_get(struct db *db, int64_t id, struct quarantine_row *out)
{
    return get_one(db, "SELECT " Q_COLS " FROM quarantines WHERE id = $1", id, NULL, out);
}

int store_quarantine_by_token(struct db *db, const char *token_hash, struct quarantine_row *out)
{
    return get_one(db, "SELECT " Q_COLS " FROM quarantines WHERE token_hash = $1", 0, token_hash,
                   out);
}

int store_quarantine_open_of(struct db *db, int64_t resident, struct quarantine_row *out)
{
    return get_one(db,
                   "SELECT " Q_COLS " FROM quarantines WHERE resident = $1 AND state = 0 "
                   "ORDER BY id DESC LIMIT 1",
                   resident, NULL, out);
}

int store_quarantine_set_token(struct db *db, int64_t id, const char *token_hash)
{
    const struct db_value args[] = {DB_ARG_INT(id), DB_ARG_TEXT(token_hash)};

    return db_run(db, "UPDATE quarantines SET token_hash = $2 WHERE id = $1", args, 2);
}

int store_quarantine_close(struct db *db, int64_t id, int state, int32_t day)
{
    const struct db_value args[] = {DB_ARG_INT(id), DB_ARG_INT(state), DB_ARG_INT(day)};

    return db_run(db,
                  "UPDATE quarantines SET state = $2, closed_day = $3 "
                  "WHERE id = $1 AND state = 0",
                  args, 3);
}

int store_quarantine_set_until(struct db *db, int64_t id, int32_t until)
{
    const struct db_value args[] = {DB_ARG_INT(id), DB_ARG_INT(until)};

    return db_run(db, "UPDATE quarantines SET day_until = $2 WHERE id = $1 AND state = 0", args, 2);
}

int store_quarantine_event_add(struct db *db, const struct quarantine_event *e, int64_t district)
{
    struct db_stmt *st;
    int rc;

    if ((rc = db_prepare(db,
                         "INSERT INTO quarantine_events (quarantine, seq, at, kind, until_before, "
                         "until_after, reason, recorded_by, district) VALUES ($1, (SELECT "
                         "COALESCE(max(seq), 0) + 1 FROM quarantine_events WHERE quarantine = $1), "
                         "$2, $3, $4, $5, $6, $7, $8)",
                         &st)) < 0)
        return rc;
    db_bind_int64(st, 1, e->quarantine);
    db_bind_int64(st, 2, e->at);
    db_bind_text(st, 3, e->kind, -1);
    db_bind_int64(st, 4, e->until_before);
    if (e->until_after == DATE_NONE)
        db_bind_null(st, 5);
    else
        db_bind_int64(st, 5, e->until_after);
    db_bind_text(st, 6, e->reason, -1);
    db_bind_text(st, 7, e->recorded_by, -1);
    db_bind_int64(st, 8, district);
    rc = db_step(st);
    db_done(st);
    return rc < 0 ? rc : 0;
}

int store_quarantine_events(struct db *db, int64_t quarantine, quarantine_event_fn fn, void *arg)
{
    struct quarantine_event e;
    struct db_stmt *st;
    int rc;

    if ((rc = db_prepare(db,
                         "SELECT seq, at, kind, until_before, until_after, reason, recorded_by "
                         "FROM quarantine_events WHERE quarantine = $1 ORDER BY seq",
                         &st)) < 0)
        return rc;
    db_bind_int64(st, 1, quarantine);
    while ((rc = db_step(st)) == DB_ROW) {
        memset(&e, 0, sizeof e);
        e.quarantine = quarantine;
        e.seq = (int)db_column_int64(st, 0);
        e.at = db_column_int64(st, 1);
        snprintf(e.kind, sizeof e.kind, "%s", db_column_text(st, 2));
        e.until_before = (int32_t)db_column_int64(st, 3);
        e.until_after = db_column_is_null(st, 4) ? DATE_NONE : (int32_t)db_column_int64(st, 4);
        snprintf(e.reason, sizeof e.reason, "%s", db_column_text(st, 5));
        snprintf(e.recorded_by, sizeof e.recorded_by, "%s", db_column_text(st, 6));
        if ((rc = fn(arg, &e)) != 0)
            break;
    }
    db_done(st);
    return rc == DB_DONE ? 0 : rc;
}

static int each(struct db_stmt *st, quarantine_fn fn, void *arg)
{
    struct quarantine_row q;
    int rc;

    while ((rc = db_step(st)) == DB_ROW) {
        read_row(st, &q);
        if ((rc = fn(arg, &q)) != 0)
            break;
    }
    db_done(st);
    return rc == DB_DONE ? 0 : rc;
}

int store_quarantines_within(struct db *db, int64_t lo, int64_t hi, int64_t grid, int open_only,
                             int64_t before, int limit, quarantine_fn fn, void *arg)
{
    struct db_stmt *st;
    int rc;

    rc = db_prepare(
        db,
        grid ? "SELECT " Q_COLS " FROM quarantines WHERE unit = $1 AND CAST($2 AS BIGINT) >= 0 "
               "AND ($3 = 0 OR state = 0) AND (CAST($4 AS BIGINT) = 0 OR id < $4) "
               "ORDER BY id DESC LIMIT $5"
             : "SELECT " Q_COLS " FROM quarantines WHERE committee >= $1 AND "
               "committee < $2 AND ($3 = 0 OR state = 0) AND (CAST($4 AS BIGINT) = 0 OR id < $4) "
               "ORDER BY id DESC LIMIT $5",
        &st);
    if (rc < 0)
        return rc;
    db_bind_int64(st, 1, grid ? grid : lo);
    db_bind_int64(st, 2, grid ? 0 : hi);
    db_bind_int64(st, 3, open_only);
    db_bind_int64(st, 4, before);
    db_bind_int64(st, 5, limit);
    return each(st, fn, arg);
}

int store_quarantines_expired(struct db *db, int32_t today, quarantine_fn fn, void *arg)
{
    struct db_stmt *st;
    int rc;

    if ((rc = db_prepare(db,
                         "SELECT " Q_COLS " FROM quarantines WHERE state = 0 AND day_until < $1 "
                         "ORDER BY id",
                         &st)) < 0)
        return rc;
    db_bind_int64(st, 1, today);
    return each(st, fn, arg);
}

int store_quarantines_running(struct db *db, int32_t day, quarantine_fn fn, void *arg)
{
    struct db_stmt *st;
    int rc;

    if ((rc = db_prepare(db,
                         "SELECT " Q_COLS " FROM quarantines WHERE state = 0 AND day_from <= $1 "
                         "AND day_until >= $1 ORDER BY id",
                         &st)) < 0)
        return rc;
    db_bind_int64(st, 1, day);
    return each(st, fn, arg);
}

int store_quarantine_household_running(struct db *db, int64_t household, int32_t day,
                                       int64_t except, int *out)
{
    int64_t a[3] = {household, day, except}, n = 0;
    int rc = db_query_int64(db,
                            "SELECT count(*) FROM quarantines WHERE household = $1 AND state = 0 "
                            "AND day_from <= $2 AND day_until >= $2 AND id <> $3",
                            3, a, &n);
    if (rc < 0)
        return rc;
    *out = n > 0;
    return 0;
}

int store_quarantine_counts(struct db *db, int64_t lo, int64_t hi, int64_t grid, int32_t today,
                            int32_t slot_day, int slot, int64_t slot_due,
                            struct quarantine_counts *out)
{
    struct db_stmt *st;
    int rc;

    memset(out, 0, sizeof *out);
    rc = db_prepare(
        db,
        grid ? "SELECT "
               "count(CASE WHEN day_from <= $3 AND day_until >= $3 THEN 1 END), "
               "count(CASE WHEN day_until = $3 THEN 1 END), "
               "count(CASE WHEN day_from <= $4 AND day_until >= $4 AND created_at < $6 AND NOT "
               "EXISTS (SELECT 1 FROM temperatures t WHERE t.quarantine = q.id AND t.day = $4 AND "
               "t.slot = $5) THEN 1 END) "
               "FROM quarantines q WHERE unit = $1 AND CAST($2 AS BIGINT) >= 0 AND state = 0"
             : "SELECT "
               "count(CASE WHEN day_from <= $3 AND day_until >= $3 THEN 1 END), "
               "count(CASE WHEN day_until = $3 THEN 1 END), "
               "count(CASE WHEN day_from <= $4 AND day_until >= $4 AND created_at < $6 AND NOT "
               "EXISTS (SELECT 1 FROM temperatures t WHERE t.quarantine = q.id AND t.day = $4 AND "
               "t.slot = $5) THEN 1 END) "
               "FROM quarantines q WHERE committee >= $1 AND committee < $2 AND state = 0",
        &st);
    if (rc < 0)
        return rc;
    db_bind_int64(st, 1, grid ? grid : lo);
    db_bind_int64(st, 2, grid ? 0 : hi);
    db_bind_int64(st, 3, today);
    db_bind_int64(st, 4, slot_day);
    db_bind_int64(st, 5, slot);
    db_bind_int64(st, 6, slot_due);
    rc = db_step(st);
    if (rc == DB_ROW) {
        out->active = db_column_int64(st, 0);
        out->ending_today = db_column_int64(st, 1);
        out->missed = db_column_int64(st, 2);
        rc = 0;
    }
    db_done(st);
    return rc < 0 ? rc : 0;
}

int store_temperature_insert(struct db *db, int64_t quarantine, const struct temperature_row *t,
                             int64_t district)
{
    const struct db_value args[] = {DB_ARG_INT(quarantine), DB_ARG_INT(t->day),
                                    DB_ARG_INT(t->slot),    DB_ARG_INT(t->tenths),
                                    DB_ARG_INT(t->at),      DB_ARG_TEXT(t->recorded_by),
                                    DB_ARG_INT(district)};

    return db_run(db,
                  "INSERT INTO temperatures (quarantine, day, slot, tenths, at, "
                  "recorded_by, district) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                  args, 7);
}

int store_temperatures_of(struct db *db, int64_t quarantine, int32_t since, temperature_fn fn,
                          void *arg)
{
    struct temperature_row t;
    struct db_stmt *st;
    int rc;

    if ((rc = db_prepare(db,
                         "SELECT day, slot, tenths, at, recorded_by FROM temperatures "
                         "WHERE quarantine = $1 AND day >= $2 ORDER BY day, slot",
                         &st)) < 0)
        return rc;
    db_bind_int64(st, 1, quarantine);
    db_bind_int64(st, 2, since);
    while ((rc = db_step(st)) == DB_ROW) {
        memset(&t, 0, sizeof t);
        t.day = (int32_t)db_column_int64(st, 0);
        t.slot = (int)db_column_int64(st, 1);
        t.tenths = (int)db_column_int64(st, 2);
        t.at = db_column_int64(st, 3);
        snprintf(t.recorded_by, sizeof t.recorded_by, "%s", db_column_text(st, 4));
        if ((rc = fn(arg, &t)) != 0)
            break;
    }
    db_done(st);
    return rc == DB_DONE ? 0 : rc;
}

int store_temperature_exists(struct db *db, int64_t quarantine, int32_t day, int slot, int *out)
{
    int64_t a[3] = {quarantine, day, slot}, n = 0;
    int rc = db_query_int64(db,
                            "SELECT count(*) FROM temperatures WHERE quarantine = $1 AND day = $2 "
                            "AND slot = $3",
                            3, a, &n);
    if (rc < 0)
        return rc;
    *out = n > 0;
    return 0;
}
