/*
 * A hash map from byte strings to int64 values, with keys copied into the
 * map's own arena. Used where an import must remember things per row (place
 * names to ids, document numbers to line numbers) for a million rows without
 * a million mallocs.
 */
#ifndef CORDON_UTIL_STRMAP_H
#define CORDON_UTIL_STRMAP_H

#include <stddef.h>
#include <stdint.h>

struct strmap_slot {
    uint64_t hash;
    const char *key; /* NULL: empty */
    uint32_t len;
    int64_t value;
};

struct strmap_chunk;

struct strmap {
    struct strmap_slot *slots;
    size_t cap, used;
    struct strmap_chunk *chunks; /* key arena */
};

void strmap_init(struct strmap *m);
void strmap_cleanup(struct strmap *m);

/* Returns 1 and sets *out if the key is present, else 0. */
int strmap_get(const struct strmap *m, const char *key, size_t len, int64_t *out);

/* Sets key to value (replacing). Returns 0, or -1 when out of memory. */
int strmap_put(struct strmap *m, const char *key, size_t len, int64_t value);

#endif
