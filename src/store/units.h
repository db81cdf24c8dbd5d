/*
 * Storage of the org-unit tree and of the database's settings (meta).
 * All SQL about units lives here; callers get plain structs.
 */
#ifndef CORDON_STORE_UNITS_H
#define CORDON_STORE_UNITS_H

#include "store/db.h"

#include <stdint.h>

#define UNIT_NAME_MAX 128

struct unit {
    int64_t code;
    char name[UNIT_NAME_MAX];
    int level;
    int64_t parent; /* 0 for the city */
};

/* Reads the current row of a "SELECT code, name, level, parent FROM
 * units" into *(struct unit *)out (a db_row_fn). Returns 0. */
int store_unit_row(void *out, struct db_stmt *st);

/* Reads one unit. Returns 0, DB_E_NOTFOUND, or < 0. */
int store_unit_get(struct db *db, int64_t code, struct unit *out);

/* Calls fn for each child of `code` in code order (or for the city when
 * code is 0). fn returning non-zero stops and is returned. */
typedef int (*unit_fn)(void *arg, const struct unit *u);
int store_unit_children(struct db *db, int64_t code, unit_fn fn, void *arg);

/* Number of units at each level 1..5 beneath (and including) `code`. */
int store_unit_count_levels(struct db *db, int64_t code, int64_t out_counts[6]);

/* Inserts one unit (used for grids and by the bulk loader). */
int store_unit_insert(struct db *db, const struct unit *u);
int store_unit_rename(struct db *db, int64_t code, const char *name);
/* Deletes a unit that has no children; DB_E_CONSTRAINT if it has any. */
int store_unit_delete(struct db *db, int64_t code);

/* The root city's code, or 0 when the database has no hierarchy yet. */
int store_city_code(struct db *db, int64_t *out);

/* Largest grid number n in use under a committee (0 if none). */
int store_grid_last(struct db *db, int64_t committee, int *out_n);

/* Settings. store_meta_get returns DB_E_NOTFOUND when the key is unset. */
int store_meta_get(struct db *db, const char *key, char *out, size_t size);
int store_meta_set(struct db *db, const char *key, const char *value);

#endif
