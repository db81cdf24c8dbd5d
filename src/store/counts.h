/*
 * The live colour counts and their daily snapshots: for every unit from
 * district to grid and every colour, how many residents beneath it have
 * that colour. A row lives in its unit's district (the `district` column),
 * so on Citus a committee's counts sit on the worker that holds its people
 * and a write that moves them is a single-worker transaction. A city's
 * counts are not stored: they are the sum of its districts' rows, read
 * when asked (one row per district and colour, a few hundred for a city of
 * 16 districts). docs/scaling.md, "The counts".
 */
#ifndef CORDON_STORE_COUNTS_H
#define CORDON_STORE_COUNTS_H

#include "core/colour.h"
#include "store/db.h"

#include <stdint.h>

/* The live counts of a unit (city to grid). */
int store_counts_get(struct db *db, int64_t unit, int64_t out[COLOUR_COUNT]);
/* Adds delta[] to the unit's counts (nothing for a city: its counts are
 * its districts'). */
int store_counts_add(struct db *db, int64_t unit, const int64_t delta[COLOUR_COUNT]);
/* store_counts_add() of every unit of a tally: a large tally (the demo's
 * thirty days of history, ~11,000 counts) in multi-row upserts, a few
 * hundred counts a statement; a small one (a writer group's few units) one
 * prepared statement a count, as before. */
struct tally;
int store_counts_add_tally(struct db *db, const struct tally *t);
/* Replaces every count with a full recount from the residents table (after
 * a rule change, and in tests as the reference). */
int store_counts_rebuild(struct db *db);

/* Daily snapshot of every unit's counts as the end of `day`. */
int store_counts_snapshot(struct db *db, int32_t day);
/* Snapshot series of a unit for days in [from, to]; fn per (day, counts),
 * days without a snapshot are skipped. */
typedef int (*daily_fn)(void *arg, int32_t day, const int64_t counts[COLOUR_COUNT]);
int store_counts_daily(struct db *db, int64_t unit, int32_t from, int32_t to, daily_fn fn,
                       void *arg);
/* How many snapshot rows exist from `day` on. */
int store_counts_daily_since(struct db *db, int32_t day, int64_t *out);
/* A bulk load of snapshot rows: begin, then store_counts_daily_row() per
 * unit and day, then db_bulk_end(). */
int store_counts_daily_bulk(struct db *db, struct db_bulk **out);
/* The snapshot rows of one unit and day (nothing for a city). */
int store_counts_daily_row(struct db_bulk *b, int64_t unit, int32_t day,
                           const int64_t counts[COLOUR_COUNT]);

#endif
