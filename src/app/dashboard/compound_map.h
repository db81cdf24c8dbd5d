/*
 * The six-colour map of one compound on screen, as JSON: its buildings,
 * and in each the rooms with floor, household id, the household's most
 * urgent colour and its residents per colour, plus the legend's totals.
 * The printed wall chart (app/dashboard/wallchart.c) draws the same data.
 */
#ifndef CORDON_APP_COMPOUND_MAP_H
#define CORDON_APP_COMPOUND_MAP_H

#include "store/db.h"

#include <jansson.h>
#include <stdint.h>

/*
 * The map of compound `id` for a caller whose jurisdiction is `scope` (a unit
 * code; 0 for no limit, only for trusted callers such as the CLI). A
 * compound outside the scope is DB_E_NOTFOUND, like one that does not exist.
 * `today` is reported so forms default to the server's date (CORDON_TODAY).
 * Returns NULL with *out_rc on error.
 */
json_t *compound_map_json(struct db *db, int64_t id, int64_t scope, int32_t today, int *out_rc);

#endif
