/*
 * A tally of colour-count changes per org unit, accumulated in memory while a
 * transaction writes residents, then rolled up the tree and applied to the
 * live counts once. An import of a million residents thus updates a few
 * thousand count rows, not four million. Pure (hash map and arithmetic).
 */
#ifndef CORDON_CORE_TALLY_H
#define CORDON_CORE_TALLY_H

#include <stdint.h>

#include "core/colour.h"

struct tally_entry {
    int64_t unit; /* 0: empty slot */
    int64_t delta[COLOUR_COUNT];
};

struct tally {
    struct tally_entry *slots;
    uint32_t cap; /* power of two */
    uint32_t used;
};

void tally_init(struct tally *t);
void tally_cleanup(struct tally *t);

/* Adds `d` residents of colour `c` to `unit` (a committee or grid) and to
 * every ancestor up to the city. Returns 0, or -1 when out of memory. */
int tally_add(struct tally *t, int64_t unit, enum colour c, int64_t d);

/* Moves one resident from (old_unit, old_colour) to (new_unit, new_colour);
 * a zero old_unit means a new resident. */
int tally_move(struct tally *t, int64_t old_unit, enum colour old_colour, int64_t new_unit,
               enum colour new_colour);

/* Adds every change of src to dst, unit by unit (src's entries are
 * already rolled up: nothing is rolled up again). Returns 0 or -1 when out
 * of memory. */
int tally_merge(struct tally *dst, const struct tally *src);

/* Iterates over units with a non-zero change. */
typedef int (*tally_fn)(void *arg, int64_t unit, const int64_t delta[COLOUR_COUNT]);
int tally_each(const struct tally *t, tally_fn fn, void *arg);

#endif
