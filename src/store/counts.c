/*
 * SQL of the live colour counts and their daily snapshots (counts.h). Every
 * row carries its unit's district; a read of a unit names it, so on Citus
 * it goes to one shard, and a write names it, so a resident's write and
 * the counts it moves are one worker's transaction. A city's counts are
 * summed from its districts' rows when read: every write that would have
 * touched the one city row (a lock that all the city's writers queued on,
 * and on Citus a row that lives on no worker of its own) touches its
 * district's rows instead.
 */
#include "store/counts.h"

#include "core/date.h"
#include "core/tally.h"
#include "core/unitcode.h"

#include <string.h>

/* The districts of a city: its code * 100 + 01..99, the one range of
 * six-digit codes below it. */
#define CITY_DISTRICTS 100

static int64_t district_of(int64_t unit)
{
    return unitcode_at_level(unit, LEVEL_DISTRICT);
}

/* Adds up rows (colour, n): one per colour for a unit's own row, one per
 * district and colour for a city (summed here rather than by a GROUP BY,
 * which would sort rows that come ordered by unit). */
static int read_counts(struct db_stmt *st, int64_t out[COLOUR_COUNT])
{
    int rc;

    while ((rc = db_step(st)) == DB_ROW) {
        int64_t c = db_column_int64(st, 0);
        if (c >= 0 && c < COLOUR_COUNT)
            out[c] += db_column_int64(st, 1);
    }
    db_done(st);
    return rc < 0 ? rc : 0;
}

int store_counts_get(struct db *db, int64_t unit, int64_t out[COLOUR_COUNT])
{
    struct db_stmt *st;
    int64_t district = district_of(unit);
    int rc;

    memset(out, 0, COLOUR_COUNT * sizeof out[0]);
    if (district) {
        rc = db_prepare(db, "SELECT colour, n FROM colour_counts WHERE unit = $1 AND district = $2",
                        &st);
        if (rc < 0)
            return rc;
        db_bind_int64(st, 1, unit);
        db_bind_int64(st, 2, district);
        return read_counts(st, out);
    }
    if (unitcode_level(unit) != LEVEL_CITY)
        return 0;
    if ((rc = db_prepare(db,
                         "SELECT colour, n FROM colour_counts /* fan-out */ "
                         "WHERE unit >= $1 AND unit < $2",
                         &st)) < 0)
        return rc;
    db_bind_int64(st, 1, unit * CITY_DISTRICTS);
    db_bind_int64(st, 2, (unit + 1) * CITY_DISTRICTS);
    return read_counts(st, out);
}

/* From this many units on, a tally goes as multi-row upserts: below, a new
 * statement text each time would cost more than the round trips it saves. */
#define COUNTS_ROWS_FROM 64
#define COUNTS_UPSERT                                                                              \
    "ON CONFLICT (unit, colour, district) DO UPDATE SET n = colour_counts.n + excluded.n"

int store_counts_add(struct db *db, int64_t unit, const int64_t delta[COLOUR_COUNT])
{
    struct db_stmt *st;
    int64_t district = district_of(unit);
    int rc;

    if (!district)
        return 0;
    if ((rc = db_prepare(db,
                         "INSERT INTO colour_counts (unit, colour, n, district) VALUES ($1, $2, "
                         "$3, $4) " COUNTS_UPSERT,
                         &st)) < 0)
        return rc;
    for (int c = 0; c < COLOUR_COUNT; c++) {
        if (!delta[c])
            continue;
        db_bind_int64(st, 1, unit);
        db_bind_int64(st, 2, c);
        db_bind_int64(st, 3, delta[c]);
        db_bind_int64(st, 4, district);
        if ((rc = db_step(st)) < 0)
            break;
        rc = 0;
    }
    db_done(st);
    return rc < 0 ? rc : 0;
}

static int count_one(void *db, int64_t unit, const int64_t delta[COLOUR_COUNT])
{
    return store_counts_add(db, unit, delta);
}

static int count_row(void *rows, int64_t unit, const int64_t delta[COLOUR_COUNT])
{
    int64_t district = district_of(unit);
    int rc = 0;

    for (int c = 0; c < COLOUR_COUNT && rc == 0 && district; c++)
        if (delta[c]) {
            const struct db_value v[] = {DB_ARG_INT(unit), DB_ARG_INT(c), DB_ARG_INT(delta[c]),
                                         DB_ARG_INT(district)};
            rc = db_rows_add(rows, v);
        }
    return rc;
}

int store_counts_add_tally(struct db *db, const struct tally *t)
{
    struct db_rows *r;
    int rc, end;

    if (t->used < COUNTS_ROWS_FROM)
        return tally_each(t, count_one, db);
    if ((rc = db_rows_begin(db, "colour_counts", "unit, colour, n, district", 4, COUNTS_UPSERT, 0,
                            &r)) < 0)
        return rc;
    rc = tally_each(t, count_row, r);
    end = db_rows_end(r, NULL, 0); /* writes the rest unless a row failed */
    return rc < 0 ? rc : end;
}

int store_counts_rebuild(struct db *db)
{
    static const char *sql[] = {
        "DELETE FROM colour_counts",
        /* Grids, then committees, then streets and districts each from the
         * level below; every group within one district. */
        "INSERT INTO colour_counts (unit, colour, n, district) SELECT grid, colour, count(*), "
        "district FROM residents WHERE grid IS NOT NULL GROUP BY grid, colour, district",
        "INSERT INTO colour_counts (unit, colour, n, district) SELECT committee, colour, "
        "count(*), district FROM residents GROUP BY committee, colour, district",
        "INSERT INTO colour_counts (unit, colour, n, district) SELECT unit / 1000, colour, "
        "sum(n), district FROM colour_counts WHERE unit >= 100000000000 AND unit < "
        "1000000000000 GROUP BY unit / 1000, colour, district",
        "INSERT INTO colour_counts (unit, colour, n, district) SELECT unit / 1000, colour, "
        "sum(n), district FROM colour_counts WHERE unit >= 100000000 AND unit < 1000000000 "
        "GROUP BY unit / 1000, colour, district",
        NULL,
    };
    int rc;

    for (int i = 0; sql[i]; i++)
        if ((rc = db_exec(db, sql[i])) < 0)
            return rc;
    return 0;
}

int store_counts_snapshot(struct db *db, int32_t day)
{
    struct db_stmt *st;
    int rc;

    if ((rc = db_prepare(db,
                         "INSERT INTO colour_daily (unit, day, colour, n, district) SELECT unit, "
                         "$1, colour, n, district FROM colour_counts WHERE true ON CONFLICT (unit, "
                         "day, colour, district) DO UPDATE SET n = excluded.n",
                         &st)) < 0)
        return rc;
    db_bind_int64(st, 1, day);
    rc = db_step(st);
    db_done(st);
    return rc < 0 ? rc : 0;
}

int store_counts_daily(struct db *db, int64_t unit, int32_t from, int32_t to, daily_fn fn,
                       void *arg)
{
    struct db_stmt *st;
    int64_t counts[COLOUR_COUNT], district = district_of(unit);
    int32_t cur = DATE_NONE;
    int rc;

    if (!district && unitcode_level(unit) != LEVEL_CITY)
        return 0;
    if (district)
        rc = db_prepare(db,
                        "SELECT day, colour, n FROM colour_daily WHERE unit = $1 AND district = $2 "
                        "AND day >= $3 AND day <= $4 ORDER BY day, colour",
                        &st);
    else
        rc =
            db_prepare(db,
                       "SELECT day, colour, CAST(sum(n) AS BIGINT) FROM colour_daily /* fan-out */ "
                       "WHERE unit >= $1 AND unit < $2 AND day >= $3 AND day <= $4 "
                       "GROUP BY day, colour ORDER BY day, colour",
                       &st);
    if (rc < 0)
        return rc;
    db_bind_int64(st, 1, district ? unit : unit * CITY_DISTRICTS);
    db_bind_int64(st, 2, district ? district : (unit + 1) * CITY_DISTRICTS);
    db_bind_int64(st, 3, from);
    db_bind_int64(st, 4, to);
    memset(counts, 0, sizeof counts);
    while ((rc = db_step(st)) == DB_ROW) {
        int32_t day = (int32_t)db_column_int64(st, 0);
        int64_t c = db_column_int64(st, 1);
        if (day != cur && cur != DATE_NONE) {
            if ((rc = fn(arg, cur, counts)) != 0)
                goto out;
            memset(counts, 0, sizeof counts);
        }
        cur = day;
        if (c >= 0 && c < COLOUR_COUNT)
            counts[c] = db_column_int64(st, 2);
    }
    if (rc == DB_DONE && cur != DATE_NONE)
        rc = fn(arg, cur, counts);
out:
    db_done(st);
    return rc < 0 ? rc : (rc == DB_DONE ? 0 : rc);
}

int store_counts_daily_since(struct db *db, int32_t day, int64_t *out)
{
    int64_t d = day;
    int rc = db_query_int64(db, "SELECT count(*) FROM colour_daily WHERE day >= $1", 1, &d, out);

    return rc < 0 ? rc : 0;
}

int store_counts_daily_bulk(struct db *db, struct db_bulk **out)
{
    return db_bulk_begin(db, "colour_daily", "unit, day, colour, n, district", 5, out);
}

int store_counts_daily_row(struct db_bulk *b, int64_t unit, int32_t day,
                           const int64_t counts[COLOUR_COUNT])
{
    int64_t district = district_of(unit);
    int rc;

    for (int c = 0; c < COLOUR_COUNT && district; c++) {
        const struct db_value v[] = {DB_ARG_INT(unit), DB_ARG_INT(day), DB_ARG_INT(c),
                                     DB_ARG_INT(counts[c]), DB_ARG_INT(district)};
        if (!counts[c])
            continue;
        if ((rc = db_bulk_row(b, v)) < 0)
            return rc;
    }
    return 0;
}
