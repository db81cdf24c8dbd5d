/*
 * Use cases on the org-unit tree: creating a city's hierarchy from the
 * embedded national division codes, listing the cities that can be created,
 * and committees drawing their grids.
 */
#ifndef CORDON_APP_HIERARCHY_H
#define CORDON_APP_HIERARCHY_H

#include "app/app.h"
#include "store/db.h"
#include "store/units.h"

#include <stdint.h>

#define APP_ERR_LEN 256

struct hierarchy_report {
    int64_t city;
    char city_name[UNIT_NAME_MAX];
    int64_t counts[6]; /* units per level 1..5 now in the database */
    int created;       /* 1: this call created them; 0: they were there */
};

/*
 * Creates the hierarchy of `city` (4-digit code) from the embedded division
 * codes, in one transaction. On a database that already holds this city it
 * changes nothing (report->created = 0). A database holding another city,
 * or an unknown city code, is an error (-1 with a message in err).
 */
int hierarchy_init_city(struct db *db, int64_t city, struct hierarchy_report *out,
                        struct app_error *err);

/* One city of the embedded data. */
struct city_info {
    int64_t code;
    char name[UNIT_NAME_MAX];     /* 上海市 */
    char province[UNIT_NAME_MAX]; /* 上海市 */
    int districts, streets, committees;
};

/* Calls fn for every city whose code or name (or its province's name)
 * contains `filter` (NULL: all), in code order. */
typedef int (*city_fn)(void *arg, const struct city_info *c);
int hierarchy_cities(const char *filter, city_fn fn, void *arg, struct app_error *err);

/* Adds a grid to a committee: returns its new code in *out_code. */
int hierarchy_grid_add(struct db *db, int64_t committee, const char *name, int64_t *out_code,
                       struct app_error *err);
int hierarchy_grid_rename(struct db *db, int64_t grid, const char *name, struct app_error *err);
int hierarchy_grid_remove(struct db *db, int64_t grid, struct app_error *err);

#endif
