/*
 * Open-addressing hash map from unit code to six count deltas, with the
 * roll-up to ancestors done on insertion (a committee change is also a
 * street, district and city change).
 */
#include "core/tally.h"

#include "core/unitcode.h"

#include <stdlib.h>
#include <string.h>

void tally_init(struct tally *t)
{
    memset(t, 0, sizeof *t);
}

void tally_cleanup(struct tally *t)
{
    free(t->slots);
    memset(t, 0, sizeof *t);
}

static uint32_t hash(int64_t k)
{
    uint64_t x = (uint64_t)k * 0x9E3779B97F4A7C15ULL;
    return (uint32_t)(x >> 32);
}

static struct tally_entry *slot(struct tally *t, int64_t unit)
{
    uint32_t i;

    if (t->used * 2 >= t->cap) {
        uint32_t ncap = t->cap ? t->cap * 2 : 256;
        struct tally_entry *ns = calloc(ncap, sizeof *ns);
        if (!ns)
            return NULL;
        for (uint32_t j = 0; j < t->cap; j++) {
            if (!t->slots[j].unit)
                continue;
            i = hash(t->slots[j].unit) & (ncap - 1);
            while (ns[i].unit)
                i = (i + 1) & (ncap - 1);
            ns[i] = t->slots[j];
        }
        free(t->slots);
        t->slots = ns;
        t->cap = ncap;
    }
    i = hash(unit) & (t->cap - 1);
    while (t->slots[i].unit && t->slots[i].unit != unit)
        i = (i + 1) & (t->cap - 1);
    if (!t->slots[i].unit) {
        t->slots[i].unit = unit;
        t->used++;
    }
    return &t->slots[i];
}

int tally_add(struct tally *t, int64_t unit, enum colour c, int64_t d)
{
    if ((unsigned)c >= COLOUR_COUNT)
        return -1;
    for (int64_t u = unit; u; u = unitcode_parent(u)) {
        struct tally_entry *e = slot(t, u);
        if (!e)
            return -1;
        e->delta[c] += d;
    }
    return 0;
}

int tally_move(struct tally *t, int64_t old_unit, enum colour old_colour, int64_t new_unit,
               enum colour new_colour)
{
    if (old_unit == new_unit && old_colour == new_colour)
        return 0;
    if (old_unit && tally_add(t, old_unit, old_colour, -1) < 0)
        return -1;
    return new_unit ? tally_add(t, new_unit, new_colour, 1) : 0;
}

int tally_merge(struct tally *dst, const struct tally *src)
{
    for (uint32_t i = 0; i < src->cap; i++) {
        const struct tally_entry *e = &src->slots[i];
        struct tally_entry *d;
        if (!e->unit)
            continue;
        if (!(d = slot(dst, e->unit)))
            return -1;
        for (int c = 0; c < COLOUR_COUNT; c++)
            d->delta[c] += e->delta[c];
    }
    return 0;
}

int tally_each(const struct tally *t, tally_fn fn, void *arg)
{
    int rc;

    for (uint32_t i = 0; i < t->cap; i++) {
        const struct tally_entry *e = &t->slots[i];
        int any = 0;
        if (!e->unit)
            continue;
        for (int c = 0; c < COLOUR_COUNT; c++)
            any |= e->delta[c] != 0;
        if (any && (rc = fn(arg, e->unit, e->delta)) != 0)
            return rc;
    }
    return 0;
}
