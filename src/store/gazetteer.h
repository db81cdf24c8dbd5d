/*
 * Bulk reads for the address resolver (app/units/resolve.c): every named unit of
 * the city, the compounds registered after a given id (so the resolver's
 * index can catch up cheaply), and the household at a resolved address.
 * Read-only; places are written by residents.c.
 */
#ifndef CORDON_STORE_GAZETTEER_H
#define CORDON_STORE_GAZETTEER_H

#include "store/db.h"
#include "store/units.h"

#include <stdint.h>

/* Calls fn for every district, street/town and committee/village (levels
 * 2-4), parents before children (by level, then code). fn returning
 * non-zero stops the walk and is returned; otherwise 0 or < 0. */
int store_gazetteer_units(struct db *db, unit_fn fn, void *arg);

/* Calls fn for every compound with id > after_id, in id order. */
typedef int (*gazetteer_compound_fn)(void *arg, int64_t id, int64_t committee, const char *name);
int store_gazetteer_compounds(struct db *db, int64_t after_id, gazetteer_compound_fn fn, void *arg);

/* The largest compound id (0 when there is none): one index lookup, cheap
 * enough to ask before every resolution. */
int store_compound_last_id(struct db *db, int64_t *out);

/*
 * The household of compound `compound` whose building is one of the
 * `nbuildings` names (the same building as 12, 12号, 12号楼...), whose
 * room is one of `nrooms` names, and, when unit is not "", whose unit is
 * one of `nunits` names. Returns 0 with *out_id when exactly one household
 * fits, DB_E_NOTFOUND when none or several do, or < 0.
 */
int store_household_at(struct db *db, int64_t compound, const char *const *buildings,
                       int nbuildings, const char *const *units, int nunits,
                       const char *const *rooms, int nrooms, int64_t *out_id);

#endif
