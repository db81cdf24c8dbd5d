/*
 * A hash map from non-zero 64-bit keys to int64 values, 16 bytes a slot.
 * The resident import remembers every ID card number of a file (to name the
 * earlier line of a duplicate); packed into one integer (import.c), a
 * number costs a quarter of what strmap spends on it as a string, which is
 * what keeps a whole city's file in memory as keys, never as rows.
 */
#ifndef CORDON_UTIL_U64MAP_H
#define CORDON_UTIL_U64MAP_H

#include <stddef.h>
#include <stdint.h>

struct u64map_slot {
    uint64_t key; /* 0: empty */
    int64_t value;
};

struct u64map {
    struct u64map_slot *slots;
    size_t cap, used;
};

void u64map_init(struct u64map *m);
void u64map_cleanup(struct u64map *m);

/* Returns 1 and sets *out if key (non-zero) is present, else 0. */
int u64map_get(const struct u64map *m, uint64_t key, int64_t *out);

/* Sets key (non-zero) to value (replacing). Returns 0, or -1 when out of
 * memory or key is 0. */
int u64map_put(struct u64map *m, uint64_t key, int64_t value);

/* Bytes held by the map, for reports and tests. */
size_t u64map_bytes(const struct u64map *m);

#endif
