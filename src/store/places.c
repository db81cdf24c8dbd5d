/*
 * SQL that reads compounds, buildings and households (see places.h). A
 * household's residents are counted per colour by one grouped join, so a
 * compound of two thousand rooms is one query, not one per room.
 */
#include "store/places.h"

#include "store/unit_range.h"

#include <stdio.h>
#include <string.h>

const enum colour place_urgency_order[COLOUR_COUNT] = {
    COLOUR_RED, COLOUR_ORANGE, COLOUR_YELLOW, COLOUR_BLUE, COLOUR_PURPLE, COLOUR_GREEN,
};

int place_urgent_colour(const int64_t counts[COLOUR_COUNT])
{
    for (int i = 0; i < COLOUR_COUNT; i++)
        if (counts[place_urgency_order[i]] > 0)
            return (int)place_urgency_order[i];
    return PLACE_EMPTY;
}

static int read_compound(void *out, struct db_stmt *st)
{
    struct place_compound *c = out;

    memset(c, 0, sizeof *c);
    c->id = db_column_int64(st, 0);
    c->committee = db_column_int64(st, 1);
    c->grid = db_column_int64(st, 2);
    snprintf(c->name, sizeof c->name, "%s", db_column_text(st, 3));
    return 0;
}

int store_compound_get(struct db *db, int64_t id, struct place_compound *out)
{
    const struct db_value args[] = {DB_ARG_INT(id)};

    return db_get(db, "SELECT id, committee, grid, name FROM compounds WHERE id = $1", args, 1,
                  read_compound, out);
}

/* DISTRICT: "" or the term that names the residents' district on Citus. */
/* clang-format off */
#define COMPOUND_SUMMARY(DISTRICT)                                                                 \
    "SELECT c.id, c.committee, c.grid, c.name, "                                                   \
    "(SELECT count(*) FROM buildings b WHERE b.compound = c.id), "                                 \
    "(SELECT count(*) FROM households h JOIN buildings b ON b.id = h.building "                    \
    "WHERE b.compound = c.id), "                                                                   \
    "COALESCE(n.residents, 0) FROM compounds c LEFT JOIN (SELECT b.compound, count(*) AS "         \
    "residents FROM residents r JOIN households h ON h.id = r.household AND h.committee = "        \
    "r.committee JOIN buildings b ON b.id = h.building WHERE r.committee >= $1 AND r.committee < " \
    "$2" DISTRICT " GROUP BY b.compound) n ON n.compound = c.id "
/* clang-format on */

/* A COMPOUND_SUMMARY row: the compound and its numbers. */
static int read_summary(void *out, struct db_stmt *st)
{
    struct place_compound *c = out;

    read_compound(c, st);
    c->buildings = db_column_int64(st, 4);
    c->households = db_column_int64(st, 5);
    c->residents = db_column_int64(st, 6);
    return 0;
}

DB_HAND_ROWS(summary_row, struct place_compound, read_summary, place_compound_fn)

int store_compounds_within(struct db *db, int64_t unit, place_compound_fn fn, void *arg)
{
    struct db_hand h = DB_HAND(fn, arg);
    struct unit_range u;
    int rc;

    /* The residents of the unit's compounds are counted in one pass over
     * the (committee, household) index of its committees, grouped by
     * compound: joined by household alone, SQLite built an automatic index
     * over the whole residents table for every compound (42 s for one
     * committee's page in a city of 25 million); and a count per compound
     * correlated with the compound is what Citus cannot plan once the
     * register is distributed (issue 20). */
    if ((rc = store_unit_range(unit, &u)) < 0)
        return rc;
    int64_t district = store_unit_range_district(db, &u);
    const struct db_value args[] = {DB_ARG_INT(u.lo), DB_ARG_INT(u.hi), DB_ARG_INT(u.grid),
                                    DB_ARG_INT(district)};
#define IN_GRID     "WHERE c.committee >= $1 AND c.committee < $2 AND c.grid = $3 "
#define IN_RANGE    "WHERE c.committee >= $1 AND c.committee < $2 AND CAST($3 AS BIGINT) = 0 "
#define IN_DISTRICT " AND r.district = $4"
#define ORDER       "ORDER BY c.committee, c.id"
    static const char *const sql[2][2] = {
        {COMPOUND_SUMMARY("") IN_RANGE ORDER, COMPOUND_SUMMARY("") IN_GRID ORDER},
        {COMPOUND_SUMMARY(IN_DISTRICT) IN_RANGE ORDER, COMPOUND_SUMMARY(IN_DISTRICT) IN_GRID ORDER},
    };
#undef IN_GRID
#undef IN_RANGE
#undef IN_DISTRICT
#undef ORDER
    return db_list(db, sql[district != 0][u.grid != 0], args, district ? 4 : 3, summary_row, &h);
}

int store_households_of_compound(struct db *db, int64_t compound, place_household_fn fn, void *arg)
{
    struct place_household h;
    struct db_stmt *st;
    int rc, have = 0;

    /* One row per (household, colour present), or one row with a NULL
     * colour for a household nobody lives in. */
    if ((rc =
             db_prepare(db,
                        "SELECT b.id, b.name, h.id, h.unit, h.room, h.floor, r.colour, "
                        "count(r.id) FROM buildings b JOIN households h ON h.building = b.id "
                        "LEFT JOIN residents r ON r.committee = h.committee AND r.household = h.id "
                        "WHERE b.compound = $1 "
                        "GROUP BY b.id, b.name, h.id, h.unit, h.room, h.floor, r.colour "
                        "ORDER BY b.id, h.id, r.colour",
                        &st)) < 0)
        return rc;
    db_bind_int64(st, 1, compound);
    while ((rc = db_step(st)) == DB_ROW) {
        int64_t id = db_column_int64(st, 2);
        if (have && id != h.id) {
            h.colour = place_urgent_colour(h.counts);
            if ((rc = fn(arg, &h)) != 0)
                goto out;
            have = 0;
        }
        if (!have) {
            memset(&h, 0, sizeof h);
            h.id = id;
            h.building = db_column_int64(st, 0);
            snprintf(h.building_name, sizeof h.building_name, "%s", db_column_text(st, 1));
            snprintf(h.unit, sizeof h.unit, "%s", db_column_text(st, 3));
            snprintf(h.room, sizeof h.room, "%s", db_column_text(st, 4));
            h.floor = (int)db_column_int64(st, 5);
            have = 1;
        }
        if (!db_column_is_null(st, 6)) {
            int64_t c = db_column_int64(st, 6);
            if (c >= 0 && c < COLOUR_COUNT)
                h.counts[c] += db_column_int64(st, 7);
        }
    }
    if (rc == DB_DONE && have) {
        h.colour = place_urgent_colour(h.counts);
        rc = fn(arg, &h);
    }
out:
    db_done(st);
    return rc < 0 ? rc : (rc == DB_DONE ? 0 : rc);
}
