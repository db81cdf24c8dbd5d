/*
 * "Within this unit" as the store filters it: the committee codes a unit
 * holds, [lo, hi), and for a grid its own code as well. Every table that
 * holds people, places or events carries the committee and an index that
 * starts with it, so a list of a city, a district, a street, a committee
 * or a grid reads only that range. A grid is narrowed to its committee
 * first: residents carry no index on their grid (one more B-tree on every
 * import row), and a committee holds about 4,000 residents at real density,
 * so a grid's page reads those instead of scanning the city.
 */
#ifndef CORDON_STORE_UNIT_RANGE_H
#define CORDON_STORE_UNIT_RANGE_H

#include <stdint.h>

struct unit_range {
    int64_t lo, hi; /* committee codes, hi excluded */
    int64_t grid;   /* the grid's code, or 0 for a unit above it */
};

/* Fills *out for a unit of any level. Returns 0, or DB_E_RANGE for a code
 * that is no unit. */
int store_unit_range(int64_t unit, struct unit_range *out);

/* On Citus, the district the whole range lies in (a district's unit or
 * one below it), for a statement on a table distributed by district to
 * name it and go to one shard; 0 above a district, and always 0 on SQLite
 * and PostgreSQL, where the term would only cost a row lookup per row of a
 * count the (committee, ...) indexes serve alone. */
struct db;
int64_t store_unit_range_district(const struct db *db, const struct unit_range *u);

#endif
