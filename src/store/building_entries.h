/*
 * SQL of building entry (issue 16): a worker's first entry of a day into a
 * park or office building, appended in arrival order (that a worker is
 * counted once a day is the writer's rule, app/enterprises/entry_day.c,
 * which reads the day's workers back from here); and the street's count of
 * today's workers on site by place (building_entry_days, added to once per
 * group commit), against the staff the register puts there.
 */
#ifndef CORDON_STORE_BUILDING_ENTRIES_H
#define CORDON_STORE_BUILDING_ENTRIES_H

#include "store/db.h"

#include <stdint.h>

struct entry_row {
    int64_t day;
    const char *worker; /* HMAC-SHA-256 hex (app/enterprises/entries.c) */
    int64_t place, street, district;
    int tenths, fever;
    int64_t at;
};

/* Appends the entry (the caller has checked that the worker is not counted
 * yet that day). 0 or < 0. */
int store_entry_add(struct db *db, const struct entry_row *e);

/* Every worker hash entered on `day`, in any order. fn's non-zero return
 * stops the walk and is returned. */
typedef int (*entry_worker_fn)(void *arg, const char *worker);
int store_entry_workers(struct db *db, int64_t day, entry_worker_fn fn, void *arg);

/* Adds to a place's counts of a day (the row made when missing). */
struct entry_day_row {
    int64_t street, day, place;
    int64_t on_site, fevers;
};
int store_entry_day_add(struct db *db, const struct entry_day_row *d);
/* Counts a street's day again from its entries (after a bulk load). */
int store_entry_days_recount(struct db *db, int64_t street, int64_t day);

/* One place's day: workers on site (entries without fever), entries
 * refused with a fever, and normal (the staff of the register's
 * enterprises in that building, or in that park when they have no
 * building). */
struct entry_place {
    int64_t id;
    char name[128];
    char kind[16];
    int64_t on_site, fevers, normal;
};
typedef int (*entry_place_fn)(void *arg, const struct entry_place *p);
/* Parks and office buildings of streets [lo, hi) with entries on `day` or
 * staff in the register, by id. */
int store_entry_places(struct db *db, int64_t lo, int64_t hi, int64_t day, entry_place_fn fn,
                       void *arg);

#endif
