/*
 * Reading the places of the register: compounds, their buildings and the
 * households (rooms) in them, each with how many of its residents have each
 * colour. The wall chart and the on-screen compound map are drawn from
 * these; writing places stays in residents.c (store_*_ensure), next to the
 * import that creates them. Also the household's "most urgent colour", the
 * one a room is painted with.
 */
#ifndef CORDON_STORE_PLACES_H
#define CORDON_STORE_PLACES_H

#include "core/colour.h"
#include "store/db.h"
#include "store/residents.h"

#include <stdint.h>

/* Sizes of the text columns as read (longer values are cut). */
#define PLACE_UNIT_MAX 32
#define PLACE_ROOM_MAX 32

/* The colour of a household with no residents (not an enum colour). */
#define PLACE_EMPTY (-1)

struct place_compound {
    int64_t id;
    int64_t committee;
    int64_t grid; /* 0: none */
    char name[PLACE_NAME_MAX];
    int64_t buildings;  /* filled by store_compounds_within() only */
    int64_t households; /* idem */
    int64_t residents;  /* idem */
};

/* One compound by id (the counts are left 0). Returns 0, DB_E_NOTFOUND or
 * < 0. */
int store_compound_get(struct db *db, int64_t id, struct place_compound *out);

/*
 * Calls fn for every compound within `unit` (city to committee: compounds
 * of its committees; a grid: compounds drawn into it), ordered by committee
 * and id, with its numbers of buildings, households and residents. fn
 * returning non-zero stops the walk and is returned; otherwise 0 or < 0.
 * DB_E_RANGE for a code that is no unit.
 */
typedef int (*place_compound_fn)(void *arg, const struct place_compound *c);
int store_compounds_within(struct db *db, int64_t unit, place_compound_fn fn, void *arg);

struct place_household {
    int64_t id;
    int64_t building; /* buildings.id */
    char building_name[PLACE_NAME_MAX];
    char unit[PLACE_UNIT_MAX]; /* "" if none */
    char room[PLACE_ROOM_MAX];
    int floor;                    /* 0: unknown (the column is NULL) */
    int64_t counts[COLOUR_COUNT]; /* residents per enum colour */
    int colour;                   /* place_urgent_colour(counts) */
};

/*
 * Calls fn for every household of compound `compound`, ordered by building
 * id and household id (presentation order is the caller's business), with
 * its residents counted per colour; a household without residents has all
 * counts 0 and colour PLACE_EMPTY. Buildings without households are not
 * seen. fn returning non-zero stops and is returned; otherwise 0 or < 0. An
 * unknown compound simply has no households (0).
 */
typedef int (*place_household_fn)(void *arg, const struct place_household *h);
int store_households_of_compound(struct db *db, int64_t compound, place_household_fn fn, void *arg);

/*
 * Urgency, most urgent first: red, orange, yellow, blue, purple, green.
 * This is not the enum (display) order: a household is as urgent as its most
 * urgent member, and green means there is nothing to do, so one green
 * resident must never hide a purple (away) one. Red is a fever, suspected or
 * confirmed case; orange is under quarantine and followed up daily; yellow
 * is back from abroad within the window (watched most closely); blue is back
 * from elsewhere in China; purple is away from the city.
 */
extern const enum colour place_urgency_order[COLOUR_COUNT];

/* The household's colour: the most urgent colour with a non-zero count, or
 * PLACE_EMPTY when every count is 0. Pure. */
int place_urgent_colour(const int64_t counts[COLOUR_COUNT]);

#endif
