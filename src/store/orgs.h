/*
 * Storage of what "problem to the grid, responsibility to a person" rests
 * on (tables of 005_tasks.sql): organisations (property companies, owners'
 * committees) and the compounds they serve, the person answerable for each
 * grid, non-residential places in grids, and where a household lies (its
 * building's or compound's grid). Plain rows; who may change them is
 * decided in app/units/places_grids.c.
 */
#ifndef CORDON_STORE_ORGS_H
#define CORDON_STORE_ORGS_H

#include "store/db.h"

#include <stdint.h>

#define ORG_NAME_MAX   128
#define ORG_KIND_MAX   16
#define PLACE_NAME_LEN 128

struct org_row {
    int64_t id;
    char name[ORG_NAME_MAX];
    char kind[ORG_KIND_MAX]; /* "property" or "owners" */
    int64_t street;
};

/* Inserts an organisation (sets o->id). DB_E_CONSTRAINT when the street
 * already has one of that name. */
int store_org_insert(struct db *db, struct org_row *o);
/* 0, DB_E_NOTFOUND or < 0. */
int store_org_get(struct db *db, int64_t id, struct org_row *out);
/* Calls fn for every organisation whose street code lies in [lo, hi) and
 * whose id is above `after`, by id; fn returning non-zero stops and is
 * returned. */
typedef int (*org_row_fn)(void *arg, const struct org_row *o);
int store_orgs_within(struct db *db, int64_t lo, int64_t hi, int64_t after, org_row_fn fn,
                      void *arg);

/* Links an organisation to a compound it serves (linking twice changes
 * nothing). */
int store_org_link(struct db *db, int64_t org, int64_t compound);
/* *out 1 if org serves compound, else 0. */
int store_org_serves(struct db *db, int64_t org, int64_t compound, int *out);
/* Calls fn for every compound id the organisation serves. */
typedef int (*org_compound_fn)(void *arg, int64_t compound);
int store_org_compounds(struct db *db, int64_t org, org_compound_fn fn, void *arg);
/* Sets accounts.org of an account (0: none). */
int store_account_set_org(struct db *db, int64_t account, int64_t org);

/* The person answerable for a grid: set (replacing), read (DB_E_NOTFOUND
 * when none). */
int store_grid_person_set(struct db *db, int64_t grid, int64_t account);
int store_grid_person_get(struct db *db, int64_t grid, int64_t *out_account);

/* Draws a building into a grid (0: back to its compound's). */
int store_building_set_grid(struct db *db, int64_t building, int64_t grid);

/* Lift (1) or walk-up (0) for one building of a compound, or for all its
 * buildings (building 0). 0 or < 0. */
int store_buildings_set_lift(struct db *db, int64_t compound, int64_t building, int lift);

/* 1 when building `building` stands in compound `compound`, 0 when not (or
 * absent), < 0 on failure. */
int store_building_in_compound(struct db *db, int64_t building, int64_t compound);

/* Where a household lies: its committee, compound, and grid: the grid its
 * building is drawn into, else its residents' grid in the register, else
 * its compound's, else 0. 0, DB_E_NOTFOUND or < 0. */
struct household_where {
    int64_t committee;
    int64_t compound;
    int64_t grid;
    int64_t district;
};
/* `district`: the household's, when the caller knows it (its case's, its
 * booking's, the caller's scope), so that a register distributed by
 * district is read on one shard; 0: any (and a household of another
 * district is then not found). */
int store_household_where(struct db *db, int64_t household, int64_t district,
                          struct household_where *out);

struct place_row {
    int64_t id;
    int64_t committee;
    int64_t grid;
    int kind; /* enum place_kind (core/tasks.h) */
    char name[PLACE_NAME_LEN];
    int64_t compound;    /* 0: none */
    int64_t org;         /* 0: none */
    int64_t responsible; /* 0: the grid's person */
    int64_t district;
};

/* Inserts a place (sets p->id). DB_E_CONSTRAINT for a duplicate name in
 * the committee. */
int store_place_insert(struct db *db, struct place_row *p);
int store_place_get(struct db *db, int64_t id, struct place_row *out);
/* How many places there are, city-wide. */
int store_places_count(struct db *db, int64_t *out);
/* Calls fn for every place whose committee lies in [lo, hi), or when grid
 * is not 0 for the places of that grid, with an id above `after`, by id;
 * fn returning non-zero stops and is returned. */
typedef int (*place_row_cb)(void *arg, const struct place_row *p);
int store_places_within(struct db *db, int64_t lo, int64_t hi, int64_t grid, int64_t after,
                        place_row_cb fn, void *arg);

#endif
