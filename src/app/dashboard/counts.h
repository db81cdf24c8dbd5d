/*
 * Reading the live colour counts of any unit, and their day-by-day history.
 */
#ifndef CORDON_APP_COUNTS_H
#define CORDON_APP_COUNTS_H

#include "core/colour.h"
#include "store/db.h"

#include <jansson.h>
#include <stdint.h>

/* {"code":"…","total":N,"colours":{"red":…,…}} for a unit; NULL on error
 * (DB_E_NOTFOUND in *out_rc for an unknown unit). */
json_t *counts_json(struct db *db, int64_t unit, int *out_rc);

/* {"code":"…","days":[{"date":"YYYY-MM-DD","total":N,"colours":{…}},…]}: the
 * end-of-day snapshots of the `days - 1` days before today, then today's
 * live counts. Days before any snapshot are omitted. */
json_t *counts_history_json(struct db *db, int64_t unit, int32_t today, int days, int *out_rc);

/* The colours object {"red":n,...} of six counts. */
json_t *counts_colours_json(const int64_t counts[COLOUR_COUNT]);

#endif
