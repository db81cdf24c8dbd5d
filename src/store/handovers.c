/*
 * SQL of hand-overs and their timeline (see handovers.h).
 */
#include "store/handovers.h"

#include "core/unitcode.h"

#include <stdio.h>
#include <string.h>

#define HANDOVER_COLS                                                                              \
    "id, id, unit, level, state, status, compound, building, room_unit, room, floor, "             \
    "household, created_at, deadline, period, escalated, resident, updated_at, resolved, day, "    \
    "fever, screened_in"

static int read_handover(void *out, struct db_stmt *st)
{
    struct handover *h = out;

    memset(h, 0, sizeof *h);
    h->id = db_column_int64(st, 0);
    h->screening = db_column_int64(st, 1);
    h->unit = db_column_int64(st, 2);
    h->level = (int)db_column_int64(st, 3);
    h->state = (int)db_column_int64(st, 4);
    snprintf(h->status, sizeof h->status, "%s", db_column_text(st, 5));
    snprintf(h->compound, sizeof h->compound, "%s", db_column_text(st, 6));
    snprintf(h->building, sizeof h->building, "%s", db_column_text(st, 7));
    snprintf(h->room_unit, sizeof h->room_unit, "%s", db_column_text(st, 8));
    snprintf(h->room, sizeof h->room, "%s", db_column_text(st, 9));
    h->floor = (int)db_column_int64(st, 10);
    h->household = db_column_int64(st, 11);
    h->created_at = db_column_int64(st, 12);
    h->deadline = db_column_int64(st, 13);
    h->period = db_column_int64(st, 14);
    h->escalated = (int)db_column_int64(st, 15);
    h->resident = db_column_int64(st, 16);
    h->updated_at = db_column_int64(st, 17);
    h->resolved = db_column_int64(st, 18);
    h->day = (int32_t)db_column_int64(st, 19);
    h->fever = (int)db_column_int64(st, 20);
    h->screened_in = db_column_int64(st, 21);
    if (h->id > HANDOVER_RETURNEE_BASE) { /* an enterprise's returnee: no screening */
        h->returnee = h->id - HANDOVER_RETURNEE_BASE;
        h->screening = 0;
    }
    return 0;
}

/* The holder's district (the city itself for the city's queue): the
 * distribution key. */
static int64_t holder_district(int64_t unit)
{
    return unitcode_level(unit) >= LEVEL_DISTRICT ? unitcode_at_level(unit, LEVEL_DISTRICT) : unit;
}

int store_handover_insert(struct db *db, struct handover *h)
{
    int rc;

    h->level = unitcode_level(h->unit);
    h->id = h->returnee ? HANDOVER_RETURNEE_BASE + h->returnee : h->screening;
    const struct db_value args[] = {DB_ARG_INT(h->id),         DB_ARG_INT(h->unit),
                                    DB_ARG_INT(h->level),      DB_ARG_INT(holder_district(h->unit)),
                                    DB_ARG_INT(h->state),      DB_ARG_TEXT(h->status),
                                    DB_ARG_TEXT(h->compound),  DB_ARG_TEXT(h->building),
                                    DB_ARG_TEXT(h->room_unit), DB_ARG_TEXT(h->room),
                                    DB_ARG_INT(h->floor),      DB_ARG_OPT(h->household),
                                    DB_ARG_INT(h->created_at), DB_ARG_INT(h->deadline),
                                    DB_ARG_INT(h->period),     DB_ARG_INT(h->escalated),
                                    DB_ARG_OPT(h->resident),   DB_ARG_INT(h->updated_at),
                                    DB_ARG_OPT(h->day),        DB_ARG_INT(h->fever),
                                    DB_ARG_OPT(h->screened_in)};
    rc = db_run(db,
                "INSERT INTO handovers (id, unit, level, district, state, status, "
                "compound, building, room_unit, room, floor, household, created_at, "
                "deadline, period, escalated, resident, updated_at, resolved, day, fever, "
                "screened_in) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, "
                "$14, $15, $16, $17, $18, $2, $19, $20, $21)",
                args, 21);
    h->resolved = h->unit;
    return rc;
}

int store_handover_get(struct db *db, int64_t id, struct handover *out)
{
    const struct db_value args[] = {DB_ARG_INT(id)};

    return db_get(db, "SELECT " HANDOVER_COLS " FROM handovers WHERE id = $1", args, 1,
                  read_handover, out);
}

int store_handover_by_screening(struct db *db, int64_t screening, struct handover *out)
{
    return store_handover_get(db, screening, out); /* a hand-over's id is its screening's */
}

int store_handover_update(struct db *db, const struct handover *h)
{
    const struct db_value args[] = {DB_ARG_INT(h->id),
                                    DB_ARG_INT(h->unit),
                                    DB_ARG_INT(unitcode_level(h->unit)),
                                    DB_ARG_INT(holder_district(h->unit)),
                                    DB_ARG_INT(h->state),
                                    DB_ARG_INT(h->deadline),
                                    DB_ARG_INT(h->escalated),
                                    DB_ARG_OPT(h->resident),
                                    DB_ARG_INT(h->updated_at)};

    return db_run(db,
                  "UPDATE handovers SET unit = $2, level = $3, district = $4, state = $5, "
                  "deadline = $6, escalated = $7, resident = $8, updated_at = $9 WHERE id "
                  "= $1",
                  args, 9);
}

int store_handover_set_escalated(struct db *db, int64_t id, int step, int *out_changed)
{
    const struct db_value args[] = {DB_ARG_INT(id), DB_ARG_INT(step)};
    int rc;

    *out_changed = 0;
    if ((rc = db_run(db,
                     "UPDATE handovers SET escalated = $2 WHERE id = $1 AND escalated < $2 "
                     "AND state = 0",
                     args, 2)) < 0)
        return rc;
    *out_changed = db_changes(db) > 0;
    return 0;
}

/* "Within unit": the holder is the unit itself or a unit below it, and
 * codes nest by digits (a district's streets are its code * 1000 + 1..999,
 * a street's committees likewise; a city's districts its code * 100 + n),
 * so that is at most four ranges of holder codes, bound as $1..$8. Unused
 * ranges are empty (-1, -1). */
#define WITHIN_SQL                                                                                 \
    "(unit BETWEEN $1 AND $2 OR unit BETWEEN $3 AND $4 OR unit BETWEEN $5 AND $6 OR unit "         \
    "BETWEEN $7 AND $8)"

/* args[0..7]: the ranges of WITHIN_SQL. */
static void within_args(int64_t unit, struct db_value *args)
{
    int64_t lo = unit, hi = unit;
    int level = unitcode_level(unit), i = 1;

    for (int k = 0; k < 8; k++)
        args[k] = (struct db_value)DB_ARG_INT(-1);
    args[0].i = args[1].i = unit;
    for (int l = level + 1; l <= LEVEL_COMMITTEE && i < 4; l++, i++) {
        int64_t f = l == LEVEL_DISTRICT ? 100 : 1000;
        lo = lo * f;
        hi = hi * f + f - 1;
        args[2 * i].i = lo;
        args[2 * i + 1].i = hi;
    }
}

/* The unit's hand-overs are found by handovers_unit in a subquery, and the
 * cursor only filters ("+id"): written as one WHERE, SQLite walked the
 * primary key from the cursor, or scanned the table, through every
 * hand-over of the city (test_query_plans). */
int store_handovers_find(struct db *db, const struct handover_filter *f, int64_t *ids, int *out_n)
{
    struct db_value args[12] = {DB_ARG_NULL};

    within_args(f->unit, args);
    args[8] = (struct db_value)DB_ARG_INT(f->state);
    args[9] = (struct db_value)DB_ARG_INT(f->due);
    args[10] = (struct db_value)DB_ARG_INT(f->after);
    args[11] = (struct db_value)DB_ARG_INT(f->limit);
    return db_list_ids(
        db,
        "SELECT id FROM handovers WHERE id IN (SELECT id FROM handovers WHERE " WITHIN_SQL
        ") AND (CAST($9 AS INTEGER) "
        "< 0 OR state = $9) AND (CAST($10 AS BIGINT) = 0 OR (state = 0 AND "
        "deadline <= $10)) AND +id > $11 ORDER BY id LIMIT $12",
        args, 12, ids, f->limit, out_n);
}

struct handover_list {
    struct handover *out;
    int n, max;
};

static int take_handover(void *arg, struct db_stmt *st)
{
    struct handover_list *l = arg;

    if (l->n >= l->max)
        return 1;
    return read_handover(&l->out[l->n++], st);
}

int store_handovers_due(struct db *db, int64_t now, struct handover *out, int max, int *out_n)
{
    const struct db_value args[] = {DB_ARG_INT(now), DB_ARG_INT(max)};
    struct handover_list l = {out, 0, max};
    int rc = db_list(db,
                     "SELECT " HANDOVER_COLS " FROM handovers WHERE state = 0 AND deadline "
                     "<= $1 AND (escalated = 0 OR (escalated = 1 AND deadline + period <= "
                     "$1)) ORDER BY deadline, id LIMIT $2",
                     args, 2, take_handover, &l);

    *out_n = l.n;
    return rc < 0 ? rc : 0;
}

static int tally_row(void *arg, struct db_stmt *st)
{
    struct handover_tally *out = arg;
    int level = (int)db_column_int64(st, 0);

    if (level >= 1 && level <= 4) {
        out->pending[level] = db_column_int64(st, 1);
        out->overdue[level] = db_column_int64(st, 2);
        out->overdue2[level] = db_column_int64(st, 3);
    }
    return 0;
}

int store_handovers_tally(struct db *db, int64_t unit, int64_t now, struct handover_tally *out)
{
    struct db_value args[9];

    memset(out, 0, sizeof *out);
    within_args(unit, args);
    args[8] = (struct db_value)DB_ARG_INT(now);
    return db_list(db,
                   "SELECT level, count(*), sum(CASE WHEN deadline <= $9 THEN 1 ELSE 0 "
                   "END), sum(CASE WHEN deadline + period <= $9 THEN 1 ELSE 0 END) FROM "
                   "handovers WHERE " WITHIN_SQL " AND state = 0 GROUP BY level",
                   args, 9, tally_row, out);
}

static int two_counts(void *arg, struct db_stmt *st)
{
    int64_t *out = arg;

    out[0] = db_column_int64(st, 0);
    out[1] = db_column_int64(st, 1);
    return 0;
}

int store_handovers_arrivals(struct db *db, int64_t unit, int32_t day, int64_t *out_arrivals,
                             int64_t *out_fever)
{
    struct db_value args[9];
    int64_t n[2] = {0, 0};
    int rc;

    within_args(unit, args);
    args[8] = (struct db_value)DB_ARG_INT(day);
    rc = db_get(db,
                "SELECT count(*), COALESCE(sum(fever), 0) FROM handovers WHERE " WITHIN_SQL
                " AND day = $9",
                args, 9, two_counts, n);
    if (rc < 0)
        return rc;
    *out_arrivals = n[0];
    *out_fever = n[1];
    return 0;
}

int store_handover_event_add(struct db *db, int64_t handover, int64_t at, const char *kind,
                             int64_t unit, const char *by, const char *detail)
{
    int64_t seq = 0;
    int rc;

    /* The next number over the hand-over's events in every district it
     * passed through (a fan-out on Citus: each event lies in the district
     * of the unit that held it), then the row in its own district. Two
     * statements, as store_quarantine_event_add. */
    if ((rc = db_query_int64(db,
                             "SELECT COALESCE(max(seq), 0) + 1 FROM handover_events "
                             "WHERE handover = $1 /* fan-out */",
                             1, &handover, &seq)) < 0)
        return rc;
    return store_handover_event_put(db, handover, (int)seq, at, kind, unit, by, detail);
}

int store_handover_event_put(struct db *db, int64_t handover, int seq, int64_t at, const char *kind,
                             int64_t unit, const char *by, const char *detail)
{
    const struct db_value args[] = {DB_ARG_INT(handover),
                                    DB_ARG_INT(seq),
                                    DB_ARG_INT(at),
                                    DB_ARG_TEXT(kind),
                                    DB_ARG_INT(unit),
                                    DB_ARG_TEXT(by),
                                    DB_ARG_TEXT(detail ? detail : ""),
                                    DB_ARG_INT(holder_district(unit))};

    return db_run(db,
                  "INSERT INTO handover_events (handover, seq, at, kind, unit, "
                  "recorded_by, detail, district) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                  args, 8);
}

struct event_each {
    handover_event_fn fn;
    void *arg;
    int64_t handover;
};

static int event_row(void *arg, struct db_stmt *st)
{
    struct event_each *x = arg;
    struct handover_event e;

    memset(&e, 0, sizeof e);
    e.handover = x->handover;
    e.seq = (int)db_column_int64(st, 0);
    e.at = db_column_int64(st, 1);
    snprintf(e.kind, sizeof e.kind, "%s", db_column_text(st, 2));
    e.unit = db_column_int64(st, 3);
    snprintf(e.recorded_by, sizeof e.recorded_by, "%s", db_column_text(st, 4));
    snprintf(e.detail, sizeof e.detail, "%s", db_column_text(st, 5));
    return x->fn(x->arg, &e);
}

int store_handover_events(struct db *db, int64_t handover, handover_event_fn fn, void *arg)
{
    const struct db_value args[] = {DB_ARG_INT(handover)};
    struct event_each x = {fn, arg, handover};
    int rc = db_list(db,
                     "SELECT seq, at, kind, unit, recorded_by, detail FROM handover_events "
                     "WHERE handover = $1 /* fan-out: every district it passed */ ORDER BY seq",
                     args, 1, event_row, &x);

    return rc < 0 ? rc : 0;
}
