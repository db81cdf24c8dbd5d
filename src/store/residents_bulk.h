/*
 * The bulk path of a first import: on PostgreSQL one INSERT per row is a
 * round trip to the server, so a million-row import into an empty register
 * would spend minutes waiting. Instead the places (compounds, buildings,
 * households), residents and history rows it creates are staged here, with
 * ids drawn in advance from the tables' own sequences (db_new_ids), and
 * sent a few thousand at a time with db_bulk_* (COPY), parents before
 * children, in the caller's transaction. Whoever stages rows also checks
 * them first: what reaches the database is what the per-row path
 * (store/residents.h) would have written.
 *
 * Use it only where db_bulk_is_fast() and nothing else writes these rows in
 * the same transaction meanwhile: a staged row is not in the database until
 * the next store_bulk_flush(), so it cannot be looked up before.
 */
#ifndef CORDON_STORE_RESIDENTS_BULK_H
#define CORDON_STORE_RESIDENTS_BULK_H

#include "store/residents.h"

struct store_bulk;

/* A new, empty stage on db. Returns 0 or DB_E_NOMEM. */
int store_bulk_new(struct db *db, struct store_bulk **out);

/* Frees the stage; rows not flushed are dropped. Accepts NULL. */
void store_bulk_free(struct store_bulk *b);

/* Stages a compound (as store_compound_insert, then store_compound_set_grid
 * when grid is not 0); its id is known at once. */
int store_bulk_compound(struct store_bulk *b, int64_t committee, const char *name, int64_t grid,
                        int64_t *out_id);

/* Stages a building (as store_building_insert) of a compound staged or in
 * the database. */
int store_bulk_building(struct store_bulk *b, int64_t compound, int64_t district, const char *name,
                        int64_t *out_id);

/* Stages a household (as store_household_insert) of a building staged or
 * in the database. */
int store_bulk_household(struct store_bulk *b, int64_t building, const char *unit, const char *room,
                         int floor, int64_t committee, int64_t *out_id);

/* Stages resident r, setting r->id. Every few thousand residents it sends
 * everything staged (store_bulk_flush). */
int store_bulk_resident(struct store_bulk *b, struct resident *r);

/* Stages a history row (as store_history_add). */
int store_bulk_history(struct store_bulk *b, const struct fact_record *f);

/* Sends everything staged: compounds, buildings, households, residents,
 * then history.
 * Returns 0 or < 0 (db_errmsg() says why). */
int store_bulk_flush(struct store_bulk *b);

#endif
