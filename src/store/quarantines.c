/*
 * SQL of quarantine cases and temperature readings (see quarantines.h).
 */
#include "store/quarantines.h"

#include "core/date.h"
#include "core/unitcode.h"

#include <stdio.h>
#include <string.h>

#define Q_COLS                                                                                     \
    "id, resident, household, unit, committee, district, kind, day_from, day_until, facility, "    \
    "follower, state, closed_day, created_at, created_by"

static int read_row(void *out, struct db_stmt *st)
{
    struct quarantine_row *q = out;

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
    return 0;
}

int store_quarantine_insert(struct db *db, struct quarantine_row *q, const char *token_hash)
{
    const struct db_value args[] = {
        DB_ARG_INT(q->resident),   DB_ARG_OPT(q->household), DB_ARG_INT(q->unit),
        DB_ARG_INT(q->committee),  DB_ARG_INT(q->district),  DB_ARG_INT(q->kind),
        DB_ARG_INT(q->day_from),   DB_ARG_INT(q->day_until), DB_ARG_TEXT(q->facility),
        DB_ARG_OPT(q->follower),   DB_ARG_TEXT(token_hash),  DB_ARG_INT(q->created_at),
        DB_ARG_TEXT(q->created_by)};
    int rc = db_insert_id(db,
                          "INSERT INTO quarantines (resident, household, unit, committee, "
                          "district, kind, day_from, day_until, facility, follower, state, "
                          "token_hash, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, "
                          "$7, $8, $9, $10, 0, $11, $12, $13) RETURNING id",
                          args, 13, &q->id);

    if (rc == 0) {
        q->state = QSTATE_OPEN;
        q->closed_day = DATE_NONE;
    }
    return rc;
}

static int get_one(struct db *db, const char *sql, int64_t id, const char *text,
                   struct quarantine_row *out)
{
    const struct db_value args[] = {text ? (struct db_value)DB_ARG_TEXT(text)
                                         : (struct db_value)DB_ARG_INT(id)};

    return db_get(db, sql, args, 1, read_row, out);
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
    const int64_t key[] = {e->quarantine, district};
    int64_t seq = 0;
    int rc;

    /* The next number, then the row: two statements that each go to the
     * case's district (one shard on Citus). An INSERT ... SELECT reading
     * the events is planned by Citus on the coordinator, fetching the
     * SELECT from every shard, and cannot be explained with its
     * parameters (auto_explain failed the statement, test_citus). */
    if ((rc = db_query_int64(db,
                             "SELECT COALESCE(max(seq), 0) + 1 FROM quarantine_events "
                             "WHERE quarantine = $1 AND district = $2",
                             2, key, &seq)) < 0)
        return rc;
    const struct db_value args[] = {
        DB_ARG_INT(e->quarantine),   DB_ARG_INT(seq),
        DB_ARG_INT(e->at),           DB_ARG_TEXT(e->kind),
        DB_ARG_INT(e->until_before), DB_ARG_NULLIF(e->until_after, DATE_NONE),
        DB_ARG_TEXT(e->reason),      DB_ARG_TEXT(e->recorded_by),
        DB_ARG_INT(district)};

    return db_run(db,
                  "INSERT INTO quarantine_events (quarantine, seq, at, kind, until_before, "
                  "until_after, reason, recorded_by, district) VALUES ($1, $2, $3, $4, $5, $6, "
                  "$7, $8, $9)",
                  args, 9);
}

struct event_each {
    quarantine_event_fn fn;
    void *arg;
    int64_t quarantine;
};

static int event_row(void *arg, struct db_stmt *st)
{
    struct event_each *x = arg;
    struct quarantine_event e;

    memset(&e, 0, sizeof e);
    e.quarantine = x->quarantine;
    e.seq = (int)db_column_int64(st, 0);
    e.at = db_column_int64(st, 1);
    snprintf(e.kind, sizeof e.kind, "%s", db_column_text(st, 2));
    e.until_before = (int32_t)db_column_int64(st, 3);
    e.until_after = db_column_is_null(st, 4) ? DATE_NONE : (int32_t)db_column_int64(st, 4);
    snprintf(e.reason, sizeof e.reason, "%s", db_column_text(st, 5));
    snprintf(e.recorded_by, sizeof e.recorded_by, "%s", db_column_text(st, 6));
    return x->fn(x->arg, &e);
}

int store_quarantine_events(struct db *db, int64_t quarantine, int64_t district,
                            quarantine_event_fn fn, void *arg)
{
    const struct db_value args[] = {DB_ARG_INT(quarantine), DB_ARG_INT(district)};
    struct event_each x = {fn, arg, quarantine};

    return db_list(db,
                   "SELECT seq, at, kind, until_before, until_after, reason, recorded_by "
                   "FROM quarantine_events WHERE quarantine = $1 AND district = $2 ORDER BY seq",
                   args, 2, event_row, &x);
}

DB_HAND_ROWS(q_each_row, struct quarantine_row, read_row, quarantine_fn)

int store_quarantines_within(struct db *db, int64_t lo, int64_t hi, int64_t grid, int open_only,
                             int64_t before, int limit, quarantine_fn fn, void *arg)
{
    /* A grid's cases are read within its committee, on the committee index. */
    const struct db_value args[] = {DB_ARG_INT(grid ? grid : lo),
                                    DB_ARG_INT(grid ? unitcode_parent(grid) : hi),
                                    DB_ARG_INT(open_only), DB_ARG_INT(before), DB_ARG_INT(limit)};
    struct db_hand e = DB_HAND(fn, arg);

    return db_list(
        db,
        grid ? "SELECT " Q_COLS " FROM quarantines WHERE unit = $1 AND committee = $2 "
               "AND ($3 = 0 OR state = 0) AND (CAST($4 AS BIGINT) = 0 OR id < $4) "
               "ORDER BY id DESC LIMIT $5"
             : "SELECT " Q_COLS " FROM quarantines WHERE committee >= $1 AND "
               "committee < $2 AND ($3 = 0 OR state = 0) AND (CAST($4 AS BIGINT) = 0 OR id < $4) "
               "ORDER BY id DESC LIMIT $5",
        args, 5, q_each_row, &e);
}

int store_quarantines_expired(struct db *db, int32_t today, quarantine_fn fn, void *arg)
{
    const struct db_value args[] = {DB_ARG_INT(today)};
    struct db_hand e = DB_HAND(fn, arg);

    return db_list(db,
                   /* In the order of quarantines_open, which the caller may
                    * stop reading early (a city's midnight ends 70,000). */
                   "SELECT " Q_COLS " FROM quarantines WHERE state = 0 AND day_until < $1 "
                   "ORDER BY day_until",
                   args, 1, q_each_row, &e);
}

int store_quarantines_running_after(struct db *db, int32_t day, int64_t after, int limit,
                                    quarantine_fn fn, void *arg)
{
    const struct db_value args[] = {DB_ARG_INT(day), DB_ARG_INT(after), DB_ARG_INT(limit)};
    struct db_hand e = DB_HAND(fn, arg);

    /* In the order of the primary key from `after`, whatever share of the
     * table is open: the unary plus keeps SQLite off quarantines_open,
     * which would read every open case and sort them for each batch. */
    return db_list(db,
                   "SELECT " Q_COLS " FROM quarantines WHERE id > $2 /* walk */ AND +state = 0 "
                   "AND +day_from <= $1 AND +day_until >= $1 ORDER BY id LIMIT $3",
                   args, 3, q_each_row, &e);
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

static int read_counts(void *arg, struct db_stmt *st)
{
    struct quarantine_counts *out = arg;

    out->active = db_column_int64(st, 0);
    out->ending_today = db_column_int64(st, 1);
    out->missed = db_column_int64(st, 2); /* due in the slot; the readings are taken off */
    return 0;
}

static int read_one(void *arg, struct db_stmt *st)
{
    *(int64_t *)arg = db_column_int64(st, 0);
    return 0;
}

/* The district all of [lo, hi) lies in, or 0 (a city's range). */
static int64_t range_district(int64_t lo, int64_t hi)
{
    int64_t d = unitcode_at_level(lo, LEVEL_DISTRICT);

    return d == unitcode_at_level(hi - 1, LEVEL_DISTRICT) ? d : 0;
}

/* clang-format off */
#define COUNTS_OF_GRID  "unit = $1 AND committee = $2"
#define COUNTS_OF_RANGE "committee >= $1 AND committee < $2"
#define COUNTS_CASES(WHERE)                                                                        \
    "SELECT count(CASE WHEN day_from <= $3 AND day_until >= $3 THEN 1 END), "                     \
    "count(CASE WHEN day_until = $3 THEN 1 END), "                                                 \
    "count(CASE WHEN day_from <= $4 AND day_until >= $4 AND created_at < $5 THEN 1 END) "         \
    "FROM quarantines q WHERE " WHERE " AND state = 0"
/* The readings of the slot among the cases due in it: one per case at
 * most (the key of temperatures). A join, not a NOT EXISTS under the
 * cases: the readings are distributed by district on Citus, the cases a
 * reference table, and Citus plans no correlated subquery from the one into
 * the other; with the district named the readings are one shard's. */
#define COUNTS_READINGS(WHERE, DISTRICT)                                                           \
    "SELECT count(*) FROM temperatures t JOIN quarantines q ON q.id = t.quarantine WHERE q."       \
    WHERE " AND q.state = 0 AND q.day_from <= $3 AND q.day_until >= $3 AND q.created_at < $4 "    \
    "AND t.day = $3 AND t.slot = $5" DISTRICT
/* clang-format on */

int store_quarantine_counts(struct db *db, int64_t lo, int64_t hi, int64_t grid, int32_t today,
                            int32_t slot_day, int slot, int64_t slot_due,
                            struct quarantine_counts *out)
{
    /* A grid lies in one district; a range may cover several (a city). */
    int64_t district = grid ? unitcode_at_level(grid, LEVEL_DISTRICT) : range_district(lo, hi);
    const char *readings =
        grid       ? COUNTS_READINGS(COUNTS_OF_GRID, " AND t.district = $6")
        : district ? COUNTS_READINGS(COUNTS_OF_RANGE, " AND t.district = $6")
                   : COUNTS_READINGS(COUNTS_OF_RANGE, " /* fan-out: the districts of a unit */");
    int64_t read = 0;
    const struct db_value cases[] = {DB_ARG_INT(grid ? grid : lo),
                                     DB_ARG_INT(grid ? unitcode_parent(grid) : hi),
                                     DB_ARG_INT(today), DB_ARG_INT(slot_day), DB_ARG_INT(slot_due)};
    const struct db_value args[] = {DB_ARG_INT(grid ? grid : lo),
                                    DB_ARG_INT(grid ? unitcode_parent(grid) : hi),
                                    DB_ARG_INT(slot_day),
                                    DB_ARG_INT(slot_due),
                                    DB_ARG_INT(slot),
                                    DB_ARG_INT(district)};
    int rc;

    memset(out, 0, sizeof *out);
    rc = db_get(db, grid ? COUNTS_CASES(COUNTS_OF_GRID) : COUNTS_CASES(COUNTS_OF_RANGE), cases, 5,
                read_counts, out);
    if (rc == DB_E_NOTFOUND)
        return 0;
    if (rc < 0 || out->missed == 0)
        return rc < 0 ? rc : 0;
    rc = db_get(db, readings, args, grid || district ? 6 : 5, read_one, &read);
    if (rc < 0 && rc != DB_E_NOTFOUND)
        return rc;
    out->missed -= read;
    return 0;
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

struct temp_each {
    temperature_fn fn;
    void *arg;
};

static int temperature_row(void *arg, struct db_stmt *st)
{
    struct temp_each *x = arg;
    struct temperature_row t;

    memset(&t, 0, sizeof t);
    t.day = (int32_t)db_column_int64(st, 0);
    t.slot = (int)db_column_int64(st, 1);
    t.tenths = (int)db_column_int64(st, 2);
    t.at = db_column_int64(st, 3);
    snprintf(t.recorded_by, sizeof t.recorded_by, "%s", db_column_text(st, 4));
    return x->fn(x->arg, &t);
}

int store_temperatures_of(struct db *db, int64_t quarantine, int64_t district, int32_t since,
                          temperature_fn fn, void *arg)
{
    const struct db_value args[] = {DB_ARG_INT(quarantine), DB_ARG_INT(since),
                                    DB_ARG_INT(district)};
    struct temp_each x = {fn, arg};

    return db_list(db,
                   "SELECT day, slot, tenths, at, recorded_by FROM temperatures "
                   "WHERE quarantine = $1 AND day >= $2 AND district = $3 ORDER BY day, slot",
                   args, 3, temperature_row, &x);
}

int store_temperature_exists(struct db *db, int64_t quarantine, int64_t district, int32_t day,
                             int slot, int *out)
{
    int64_t a[4] = {quarantine, day, slot, district}, n = 0;
    int rc = db_query_int64(db,
                            "SELECT count(*) FROM temperatures WHERE quarantine = $1 AND day = $2 "
                            "AND slot = $3 AND district = $4",
                            4, a, &n);
    if (rc < 0)
        return rc;
    *out = n > 0;
    return 0;
}
