/*
 * Storage of the register: compounds, buildings, households (rooms),
 * residents with their current facts and colour, the append-only fact
 * history, live colour counts and their daily snapshots. All SQL of the
 * register lives here and in residents_query.c.
 */
#ifndef CORDON_STORE_RESIDENTS_H
#define CORDON_STORE_RESIDENTS_H

#include "core/colour.h"
#include "core/facts.h"
#include "store/counts.h"
#include "store/db.h"

#include <stdint.h>

#define RES_NAME_MAX   128
#define RES_DOC_MAX    32
#define RES_PHONE_MAX  24
#define RES_ORIGIN_MAX 128
#define PLACE_NAME_MAX 128

struct resident {
    int64_t id;
    int64_t committee;
    int64_t grid;      /* 0: none */
    int64_t household; /* 0: none */
    char name[RES_NAME_MAX];
    int doc_type; /* enum doc_type (core/document.h) */
    char doc_no[RES_DOC_MAX];
    int32_t birth; /* DATE_NONE if unknown */
    int sex;       /* 0 unknown, 1 male, 2 female */
    char phone[RES_PHONE_MAX];
    struct facts facts;
    char origin[RES_ORIGIN_MAX];
    enum colour colour;
    int32_t next_change; /* DATE_NONE: never */
    int64_t updated_at;
    int64_t version; /* 1 when registered, +1 with every recorded change */
};

/* The unit whose counts a resident is in: its grid, else its committee. */
int64_t resident_count_unit(const struct resident *r);

/* Places: find by name, creating when missing. */
int store_compound_ensure(struct db *db, int64_t committee, const char *name, int64_t *out_id);
int store_building_ensure(struct db *db, int64_t compound, int64_t district, const char *name,
                          int64_t *out_id);
int store_household_ensure(struct db *db, int64_t building, /* buildings.id */
                           const char *unit,                /* 单元, "" if none */
                           const char *room,                /* 室号 */
                           int floor,                       /* 0 if unknown */
                           int64_t committee,               /* owning committee */
                           int64_t *out_id);

/* Draws a compound into a grid (0: none). */
int store_compound_set_grid(struct db *db, int64_t compound, int64_t grid);

/* Inserts without looking first (the caller knows the place is new). */
int store_compound_insert(struct db *db, int64_t committee, const char *name, int64_t *out_id);
int store_building_insert(struct db *db, int64_t compound, int64_t district, const char *name,
                          int64_t *out_id);
int store_household_insert(struct db *db, int64_t building, const char *unit, const char *room,
                           int floor, int64_t committee, int64_t *out_id);
/* store_household_insert() of h[0..n-1] in a few statements; sets each id. */
struct household_add {
    int64_t id;
    int64_t building;
    char unit[16], room[16];
    int floor;
    int64_t committee;
};
int store_households_insert_many(struct db *db, struct household_add *h, size_t n);

/* Every compound, building and household of a committee: fn is called once
 * per (compound, building, household) row; building and household ids are 0
 * where the level is empty. */
typedef int (*place_row_fn)(void *arg, int64_t compound, const char *compound_name,
                            int64_t building, const char *building_name, int64_t household,
                            const char *unit, const char *room);
int store_places_of_committee(struct db *db, int64_t committee, place_row_fn fn, void *arg);

/* 1 if the register has no resident at all (a first import), else 0. */
int store_residents_empty(struct db *db, int *out_empty);

/* How many residents the register holds. */
int store_residents_count(struct db *db, int64_t *out);

/* The lowest id of a resident of `grid` who lives in a household, is not in
 * quarantine and is well (the demo quarantines one); 0 if there is none. */
int store_resident_first_well_at_home(struct db *db, int64_t grid, int64_t *out_id);

/* Residents. find/get return 0, DB_E_NOTFOUND or < 0.
 *
 * A resident read or written by id names its district where the caller
 * knows it (the district of the caller's scope, the one the resident was
 * read in): on a database distributed by district (Citus) the statement
 * then goes to one shard, where the id alone goes to every one. A resident
 * of another district is then not found, which is what a caller within a
 * district may see of it anyway. `district` 0: not known, any district. */
int store_resident_find_doc(struct db *db, int doc_type, const char *doc_no, struct resident *out);
int store_resident_get(struct db *db, int64_t id, int64_t district, struct resident *out);
/* Inserts r (r->id set on return). */
int store_resident_insert(struct db *db, struct resident *r);
/* Writes r over the row r->id, in the district it was read in (old's, else
 * r's). old, the row as it was (or NULL), lets a change of facts alone set
 * the fact columns only, leaving the indexes of who and where untouched. */
int store_resident_update(struct db *db, const struct resident *r, const struct resident *old);
/* Updates only colour and next-change (roll-over) of the resident `id`,
 * whose committee or grid `unit` names its district. */
int store_resident_set_colour(struct db *db, int64_t id, int64_t unit, enum colour c,
                              int32_t next_change);

/* Calls fn for at most `limit` residents whose next change is on or before
 * `day`, earliest change first. The callback may not write through the
 * same statement; it receives a copy. */
typedef int (*resident_fn)(void *arg, const struct resident *r);
int store_residents_due(struct db *db, int32_t day, int limit, resident_fn fn, void *arg);

/* Calls fn for every resident within unit `unit` (any level). */
int store_residents_within(struct db *db, int64_t unit, resident_fn fn, void *arg);

/* A resident with its address, for exports and lists. */
struct resident_place {
    struct resident r;
    int64_t compound_id; /* compounds.id, 0 without an address (residents_query.c) */
    char compound[PLACE_NAME_MAX];
    char building[PLACE_NAME_MAX];
    char unit[32];
    char room[32];
};

/* Calls fn for every resident within `unit`, ordered by committee,
 * compound, building, unit, room. */
typedef int (*resident_place_fn)(void *arg, const struct resident_place *rp);
int store_residents_with_places(struct db *db, int64_t unit, resident_place_fn fn, void *arg);

/* Appends to the fact history. */
struct fact_record {
    int64_t resident;
    int64_t version;   /* the resident's version after this change */
    const char *kind;  /* "register", "presence", "arrival", "quarantine", "health", "rollover" */
    const char *value; /* JSON text */
    int32_t effective; /* day it took effect */
    int64_t recorded_at;
    const char *recorded_by;
    const char *source; /* "import", "api", "handover", "cli" */
    enum colour colour; /* colour after the change */
    int64_t district;
};
int store_history_add(struct db *db, const struct fact_record *f);

#endif
