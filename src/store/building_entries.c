/*
 * SQL of building entry (see building_entries.h): entries appended, the
 * day's workers read back for the writer's set, and the per-(day, place)
 * counts the street reads.
 */
#include "store/building_entries.h"

#include <stdio.h>
#include <string.h>

int store_entry_add(struct db *db, const struct entry_row *e)
{
    const struct db_value args[] = {DB_ARG_INT(e->day),    DB_ARG_TEXT(e->worker),
                                    DB_ARG_INT(e->place),  DB_ARG_INT(e->street),
                                    DB_ARG_INT(e->tenths), DB_ARG_INT(e->fever),
                                    DB_ARG_INT(e->at),     DB_ARG_INT(e->district)};

    return db_run(db,
                  "INSERT INTO building_entries (day, worker, place, street, tenths, fever, at, "
                  "district) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                  args, 8);
}

static int read_worker(void *hand, struct db_stmt *st)
{
    const struct db_hand *h = hand;

    return ((entry_worker_fn)h->fn)(h->arg, db_column_text(st, 0));
}

int store_entry_workers(struct db *db, int64_t day, entry_worker_fn fn, void *arg)
{
    const struct db_value args[] = {DB_ARG_INT(day)};
    struct db_hand h = DB_HAND(fn, arg);

    /* The whole city's day, on purpose: once a day, into the writer's
     * memory (app/enterprises/entry_day.c). */
    return db_list(db, "SELECT worker FROM building_entries WHERE day = $1 /* bulk */", args, 1,
                   read_worker, &h);
}

int store_entry_day_add(struct db *db, const struct entry_day_row *d)
{
    const struct db_value args[] = {DB_ARG_INT(d->street), DB_ARG_INT(d->day), DB_ARG_INT(d->place),
                                    DB_ARG_INT(d->on_site), DB_ARG_INT(d->fevers)};

    return db_run(db,
                  "INSERT INTO building_entry_days (street, day, place, on_site, fevers) VALUES "
                  "($1, $2, $3, $4, $5) ON CONFLICT (street, day, place) DO UPDATE SET on_site = "
                  "building_entry_days.on_site + excluded.on_site, fevers = "
                  "building_entry_days.fevers + excluded.fevers",
                  args, 5);
}

int store_entry_days_recount(struct db *db, int64_t street, int64_t day)
{
    const struct db_value args[] = {DB_ARG_INT(street), DB_ARG_INT(day)};
    int rc;

    if ((rc = db_run(db, "DELETE FROM building_entry_days WHERE street = $1 AND day = $2", args,
                     2)) < 0)
        return rc;
    return db_run(db,
                  "INSERT INTO building_entry_days (street, day, place, on_site, fevers) SELECT "
                  "street, day, place, sum(1 - fever), sum(fever) FROM building_entries WHERE "
                  "street = $1 AND day = $2 GROUP BY street, day, place",
                  args, 2);
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

    /* "+p.id": the places are found on their committee range and sorted;
     * ordered by the primary key itself, SQLite walked every place of the
     * city. */
    return db_list(
        db,
        "SELECT p.id, p.name, p.kind, coalesce(x.n, 0), coalesce(x.f, 0), coalesce(s.staff, 0) "
        "FROM places p LEFT JOIN (SELECT place, sum(on_site) AS n, sum(fevers) AS f FROM "
        "building_entry_days WHERE street >= $1 AND street < $2 AND day = $3 GROUP BY place) x ON "
        "x.place = p.id LEFT JOIN (SELECT coalesce(building, park) AS place, sum(staff) AS staff "
        "FROM enterprises WHERE street >= $1 AND street < $2 AND coalesce(building, park) IS NOT "
        "NULL GROUP BY coalesce(building, park)) s ON s.place = p.id WHERE p.committee >= $4 AND "
        "p.committee < $5 AND p.kind IN ('park', 'office') AND (x.place IS NOT NULL OR s.place "
        "IS NOT NULL) ORDER BY +p.id",
        args, 5, place_each, &h);
}
