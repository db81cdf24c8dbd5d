/*
 * SQL of hand-overs and their timeline (see handovers.h).
 */
#include "store/handovers.h"

#include "core/unitcode.h"

#include <stdio.h>
#include <string.h>

#define HANDOVER_COLS                                                                              \
    "id, id, unit, level, state, status, compound, building, room_unit, room, floor, "             \
    "household, created_at, deadline, period, escalated, resident, updated_at, resolved"

static void read_handover(struct db_stmt *st, struct handover *h)
{
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
}

/* The holder's district (the city itself for the city's queue): the
 * distribution key. */
static int64_t holder_district(int64_t unit)
{
    return unitcode_level(unit) >= LEVEL_DISTRICT ? unitcode_at_level(unit, LEVEL_DISTRICT) : unit;
}

static void bind_opt(struct db_stmt *st, int i, int64_t v)
{
    if (v)
        db_bind_int64(st, i, v);
    else
        db_bind_null(st, i);
}

int store_handover_insert(struct db *db, struct handover *h)
{
    struct db_stmt *st;
    int rc;

    h->level = unitcode_level(h->unit);
    if ((rc = db_prepare(db,
                         "INSERT INTO handovers (id, unit, level, district, state, status, "
                         "compound, building, room_unit, room, floor, household, created_at, "
                         "deadline, period, escalated, resident, updated_at, resolved) VALUES ($1, "
                         "$2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, "
                         "$18, $2)",
                         &st)) < 0)
        return rc;
    db_bind_int64(st, 1, h->screening);
    db_bind_int64(st, 2, h->unit);
    db_bind_int64(st, 3, h->level);
    db_bind_int64(st, 4, holder_district(h->unit));
    db_bind_int64(st, 5, h->state);
    db_bind_text(st, 6, h->status, -1);
    db_bind_text(st, 7, h->compound, -1);
    db_bind_text(st, 8, h->building, -1);
    db_bind_text(st, 9, h->room_unit, -1);
    db_bind_text(st, 10, h->room, -1);
    db_bind_int64(st, 11, h->floor);
    bind_opt(st, 12, h->household);
    db_bind_int64(st, 13, h->created_at);
    db_bind_int64(st, 14, h->deadline);
    db_bind_int64(st, 15, h->period);
    db_bind_int64(st, 16, h->escalated);
    bind_opt(st, 17, h->resident);
    db_bind_int64(st, 18, h->updated_at);
    h->resolved = h->unit;
    h->id = h->screening;
    rc = db_step(st);
    db_done(st);
    return rc < 0 ? rc : 0;
}

static int one_handover(struct db_stmt *st, struct handover *out)
{
    int rc = db_step(st);

    if (rc == DB_ROW) {
        read_handover(st, out);
        rc = 0;
    } else if (rc == DB_DONE) {
        rc = DB_E_NOTFOUND;
    }
    db_done(st);
    return rc;
}

int store_handover_get(struct db *db, int64_t id, struct handover *out)
{
    struct db_stmt *st;
    int rc;

    if ((rc = db_prepare(db, "SELECT " HANDOVER_COLS " FROM handovers WHERE id = $1", &st)) < 0)
        return rc;
    db_bind_int64(st, 1, id);
    return one_handover(st, out);
}

int store_handover_by_screening(struct db *db, int64_t screening, struct handover *out)
{
    struct db_stmt *st;
    int rc;

    if ((rc = db_prepare(db, "SELECT " HANDOVER_COLS " FROM handovers WHERE id = $1", &st)) < 0)
        return rc;
    db_bind_int64(st, 1, screening);
    return one_handover(st, out);
}

int store_handover_update(struct db *db, const struct handover *h)
{
    struct db_stmt *st;
    int rc;

    if ((rc = db_prepare(db,
                         "UPDATE handovers SET unit = $2, level = $3, district = $4, state = $5, "
                         "deadline = $6, escalated = $7, resident = $8, updated_at = $9 WHERE id "
                         "= $1",
                         &st)) < 0)
        return rc;
    db_bind_int64(st, 1, h->id);
    db_bind_int64(st, 2, h->unit);
    db_bind_int64(st, 3, unitcode_level(h->unit));
    db_bind_int64(st, 4, holder_district(h->unit));
    db_bind_int64(st, 5, h->state);
    db_bind_int64(st, 6, h->deadline);
    db_bind_int64(st, 7, h->escalated);
    bind_opt(st, 8, h->resident);
    db_bind_int64(st, 9, h->updated_at);
    rc = db_step(st);
    db_done(st);
    return rc < 0 ? rc : 0;
}

int store_handover_set_escalated(struct db *db, int64_t id, int step, int *out_changed)
{
    struct db_stmt *st;
    int rc;

    *out_changed = 0;
    if ((rc = db_prepare(db,
                         "UPDATE handovers SET escalated = $2 WHERE id = $1 AND escalated < $2 "
                         "AND state = 0",
                         &st)) < 0)
        return rc;
    db_bind_int64(st, 1, id);
    db_bind_int64(st, 2, step);
    rc = db_step(st);
    db_done(st);
    if (rc < 0)
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

static void bind_within(struct db_stmt *st, int64_t unit)
{
    int64_t lo = unit, hi = unit;
    int level = unitcode_level(unit), i = 0;

    db_bind_int64(st, 1, unit);
    db_bind_int64(st, 2, unit);
    for (int l = level + 1; l <= LEVEL_COMMITTEE; l++) {
        int64_t f = l == LEVEL_DISTRICT ? 100 : 1000;
        lo = lo * f;
        hi = hi * f + f - 1;
        db_bind_int64(st, 3 + 2 * i, lo);
        db_bind_int64(st, 4 + 2 * i, hi);
        i++;
    }
    for (; i < 3; i++) {
        db_bind_int64(st, 3 + 2 * i, -1);
        db_bind_int64(st, 4 + 2 * i, -1);
    }
}

int store_handovers_find(struct db *db, const struct handover_filter *f, int64_t *ids, int *out_n)
{
    struct db_stmt *st;
    int rc;

    *out_n = 0;
    if ((rc = db_prepare(db,
                         "SELECT id FROM handovers WHERE " WITHIN_SQL " AND (CAST($9 AS INTEGER) "
                         "< 0 OR state = $9) AND (CAST($10 AS BIGINT) = 0 OR (state = 0 AND "
                         "deadline <= $10)) AND id > $11 ORDER BY id LIMIT $12",
                         &st)) < 0)
        return rc;
    bind_within(st, f->unit);
    db_bind_int64(st, 9, f->state);
    db_bind_int64(st, 10, f->due);
    db_bind_int64(st, 11, f->after);
    db_bind_int64(st, 12, f->limit);
    while ((rc = db_step(st)) == DB_ROW && *out_n < f->limit)
        ids[(*out_n)++] = db_column_int64(st, 0);
    db_done(st);
    return rc < 0 ? rc : 0;
}

int store_handovers_due(struct db *db, int64_t now, struct handover *out, int max, int *out_n)
{
    struct db_stmt *st;
    int rc;

    *out_n = 0;
    if ((rc = db_prepare(db,
                         "SELECT " HANDOVER_COLS " FROM handovers WHERE state = 0 AND deadline "
                         "<= $1 AND (escalated = 0 OR (escalated = 1 AND deadline + period <= "
                         "$1)) ORDER BY deadline, id LIMIT $2",
                         &st)) < 0)
        return rc;
    db_bind_int64(st, 1, now);
    db_bind_int64(st, 2, max);
    while ((rc = db_step(st)) == DB_ROW && *out_n < max)
        read_handover(st, &out[(*out_n)++]);
    db_done(st);
    return rc < 0 ? rc : 0;
}

int store_handovers_tally(struct db *db, int64_t unit, int64_t now, struct handover_tally *out)
{
    struct db_stmt *st;
    int rc;

    memset(out, 0, sizeof *out);
    if ((rc = db_prepare(db,
                         "SELECT level, count(*), sum(CASE WHEN deadline <= $9 THEN 1 ELSE 0 "
                         "END), sum(CASE WHEN deadline + period <= $9 THEN 1 ELSE 0 END) FROM "
                         "handovers WHERE " WITHIN_SQL " AND state = 0 GROUP BY level",
                         &st)) < 0)
        return rc;
    bind_within(st, unit);
    db_bind_int64(st, 9, now);
    while ((rc = db_step(st)) == DB_ROW) {
        int level = (int)db_column_int64(st, 0);
        if (level < 1 || level > 4)
            continue;
        out->pending[level] = db_column_int64(st, 1);
        out->overdue[level] = db_column_int64(st, 2);
        out->overdue2[level] = db_column_int64(st, 3);
    }
    db_done(st);
    return rc < 0 ? rc : 0;
}

int store_handover_event_add(struct db *db, int64_t handover, int64_t at, const char *kind,
                             int64_t unit, const char *by, const char *detail)
{
    int64_t district = holder_district(unit);

    const struct db_value args[] = {DB_ARG_INT(handover), DB_ARG_INT(at),
                                    DB_ARG_TEXT(kind),    DB_ARG_INT(unit),
                                    DB_ARG_TEXT(by),      DB_ARG_TEXT(detail ? detail : ""),
                                    DB_ARG_INT(district)};

    return db_run(db,
                  "INSERT INTO handover_events (handover, seq, at, kind, unit, "
                  "recorded_by, detail, district) SELECT CAST($1 AS BIGINT), COALESCE(MAX(seq), "
                  "0) + 1, CAST($2 AS BIGINT), CAST($3 AS TEXT), CAST($4 AS BIGINT), "
                  "CAST($5 AS TEXT), CAST($6 AS TEXT), CAST($7 AS BIGINT) FROM "
                  "handover_events WHERE handover = $1",
                  args, 7);
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

int store_handover_events(struct db *db, int64_t handover, handover_event_fn fn, void *arg)
{
    struct db_stmt *st;
    struct handover_event e;
    int rc;

    if ((rc = db_prepare(db,
                         "SELECT seq, at, kind, unit, recorded_by, detail FROM handover_events "
                         "WHERE handover = $1 ORDER BY seq",
                         &st)) < 0)
        return rc;
    db_bind_int64(st, 1, handover);
    while ((rc = db_step(st)) == DB_ROW) {
        memset(&e, 0, sizeof e);
        e.handover = handover;
        e.seq = (int)db_column_int64(st, 0);
        e.at = db_column_int64(st, 1);
        snprintf(e.kind, sizeof e.kind, "%s", db_column_text(st, 2));
        e.unit = db_column_int64(st, 3);
        snprintf(e.recorded_by, sizeof e.recorded_by, "%s", db_column_text(st, 4));
        snprintf(e.detail, sizeof e.detail, "%s", db_column_text(st, 5));
        if ((rc = fn(arg, &e)) != 0)
            break;
    }
    db_done(st);
    return rc < 0 ? rc : 0;
}
