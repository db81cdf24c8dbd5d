/*
 * SQL of building entry (see building_entries.h).
 */
#include "store/building_entries.h"

#include <stdio.h>
#include <string.h>

int store_entry_add(struct db *db, const struct entry_row *e, int *out_counted)
{
    const struct db_value args[] = {DB_ARG_INT(e->day),    DB_ARG_TEXT(e->worker),
                                    DB_ARG_INT(e->place),  DB_ARG_INT(e->street),
                                    DB_ARG_INT(e->tenths), DB_ARG_INT(e->fever),
                                    DB_ARG_INT(e->at),     DB_ARG_INT(e->district)};
    int64_t one = 0;
    struct db_stmt *st;
    int rc;

    *out_counted = 0;
    if ((rc = db_prepare_args(db,
                              "INSERT INTO building_entries (day, worker, place, street, tenths, "
                              "fever, at, district) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON "
                              "CONFLICT (day, worker) DO NOTHING RETURNING 1",
                              args, 8, &st)) < 0)
        return rc;
    rc = db_one(st, NULL, &one);
    if (rc == DB_E_NOTFOUND)
        return 0;
    if (rc < 0)
        return rc;
    *out_counted = 1;
    return 0;
}

static int read_place(void *out, struct db_stmt *st)
{
    struct entry_place *p = out;

    memset(p, 0, sizeof *p);
    p->id = db_column_int64(st, 0);
    snprintf(p->name, sizeof p->name, "%s", db_column_text(st, 1));
    snprintf(p->kind, sizeof p->kind, "%s", db_column_text(st, 2));
    p->on_site = db_column_int64(st, 3);
    p->fevers = db_column_int64(st, 4);
    p->normal = db_column_int64(st, 5);
    return 0;
}

DB_HAND_ROWS(place_each, struct entry_place, read_place, entry_place_fn)

int store_entry_places(struct db *db, int64_t lo, int64_t hi, int64_t day, entry_place_fn fn,
                       void *arg)
{
    const struct db_value args[] = {DB_ARG_INT(lo), DB_ARG_INT(hi), DB_ARG_INT(day),
                                    DB_ARG_INT(lo * 1000), DB_ARG_INT(hi * 1000)};
    struct db_hand h = DB_HAND(fn, arg);

    return db_list(
        db,
        "SELECT p.id, p.name, p.kind, coalesce(x.n, 0), coalesce(x.f, 0), coalesce(s.staff, 0) "
        "FROM places p LEFT JOIN (SELECT place, sum(1 - fever) AS n, sum(fever) AS f FROM "
        "building_entries WHERE street >= $1 AND street < $2 AND day = $3 GROUP BY place) x ON "
        "x.place = p.id LEFT JOIN (SELECT coalesce(building, park) AS place, sum(staff) AS staff "
        "FROM enterprises WHERE street >= $1 AND street < $2 AND coalesce(building, park) IS NOT "
        "NULL GROUP BY coalesce(building, park)) s ON s.place = p.id WHERE p.committee >= $4 AND "
        "p.committee < $5 AND p.kind IN ('park', 'office') AND (x.place IS NOT NULL OR s.place "
        "IS NOT NULL) ORDER BY p.id",
        args, 5, place_each, &h);
}
