/*
 * SQL of building entry (issue 16): a worker's first entry of a day into a
 * park or office building, keyed by (day, worker) so that the database
 * counts a worker once a day; and the street's count of today's workers on
 * site by place, against the staff the register puts there.
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

/* Records the entry unless the worker entered somewhere already that day:
 * *out_counted 1 when recorded, 0 when counted before. 0 or < 0. */
int store_entry_add(struct db *db, const struct entry_row *e, int *out_counted);

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
