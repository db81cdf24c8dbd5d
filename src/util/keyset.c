/*
 * The 16-byte key set (see keyset.h).
 */
#include "util/keyset.h"

#include <stdlib.h>
#include <string.h>

#define KEYSET_MIN 64

void keyset_init(struct keyset *s)
{
    memset(s, 0, sizeof *s);
}

void keyset_cleanup(struct keyset *s)
{
    free(s->slots);
    free(s->full);
    keyset_init(s);
}

void keyset_clear(struct keyset *s)
{
    if (s->full)
        memset(s->full, 0, s->cap);
    s->used = 0;
}

static size_t home(const uint8_t key[KEYSET_KEY], size_t cap)
{
    uint64_t h;

    memcpy(&h, key, sizeof h);
    h ^= h >> 29; /* the keys are hashes; this only guards against a poor one */
    return (size_t)(h * 0x9e3779b97f4a7c15u >> 7) & (cap - 1);
}

/* The slot holding `key`, or the empty slot where it would go. */
static size_t find(const struct keyset *s, const uint8_t key[KEYSET_KEY])
{
    size_t i = home(key, s->cap);

    while (s->full[i] && memcmp(s->slots[i].key, key, KEYSET_KEY) != 0)
        i = (i + 1) & (s->cap - 1);
    return i;
}

static int grow(struct keyset *s)
{
    size_t cap = s->cap ? s->cap * 2 : KEYSET_MIN;
    struct keyset_slot *slots = malloc(cap * sizeof *slots);
    uint8_t *full = calloc(cap, 1);
    struct keyset old = *s;

    if (!slots || !full) {
        free(slots);
        free(full);
        return -1;
    }
    s->slots = slots;
    s->full = full;
    s->cap = cap;
    for (size_t i = 0; i < old.cap; i++)
        if (old.full[i]) {
            size_t j = find(s, old.slots[i].key);
            s->slots[j] = old.slots[i];
            s->full[j] = 1;
        }
    free(old.slots);
    free(old.full);
    return 0;
}

int keyset_add(struct keyset *s, const uint8_t key[KEYSET_KEY])
{
    size_t i;

    if ((s->used + 1) * 2 > s->cap && grow(s) < 0)
        return -1;
    i = find(s, key);
    if (s->full[i])
        return 0;
    memcpy(s->slots[i].key, key, KEYSET_KEY);
    s->full[i] = 1;
    s->used++;
    return 1;
}

int keyset_has(const struct keyset *s, const uint8_t key[KEYSET_KEY])
{
    return s->cap && s->full[find(s, key)];
}

size_t keyset_count(const struct keyset *s)
{
    return s->used;
}
