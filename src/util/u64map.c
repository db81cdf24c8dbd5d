/*
 * Open addressing with linear probing (see u64map.h); the key is mixed
 * (splitmix64's finaliser) so that numbers differing in a few digits spread.
 */
#include "util/u64map.h"

#include <stdlib.h>
#include <string.h>

void u64map_init(struct u64map *m)
{
    memset(m, 0, sizeof *m);
}

void u64map_cleanup(struct u64map *m)
{
    free(m->slots);
    memset(m, 0, sizeof *m);
}

static size_t home(const struct u64map *m, uint64_t k)
{
    k ^= k >> 30;
    k *= 0xbf58476d1ce4e5b9ULL;
    k ^= k >> 27;
    k *= 0x94d049bb133111ebULL;
    k ^= k >> 31;
    return (size_t)k & (m->cap - 1);
}

static struct u64map_slot *find(const struct u64map *m, uint64_t key)
{
    size_t i = home(m, key);

    while (m->slots[i].key && m->slots[i].key != key)
        i = (i + 1) & (m->cap - 1);
    return &m->slots[i];
}

int u64map_get(const struct u64map *m, uint64_t key, int64_t *out)
{
    struct u64map_slot *s;

    if (!m->cap || !key)
        return 0;
    s = find(m, key);
    if (!s->key)
        return 0;
    *out = s->value;
    return 1;
}

/* Twice the slots (1024 at first), every key placed anew. */
static int grow(struct u64map *m)
{
    size_t cap = m->cap ? m->cap * 2 : 1024;
    struct u64map next = {calloc(cap, sizeof *m->slots), cap, m->used};

    if (!next.slots)
        return -1;
    for (size_t i = 0; i < m->cap; i++)
        if (m->slots[i].key)
            *find(&next, m->slots[i].key) = m->slots[i];
    free(m->slots);
    *m = next;
    return 0;
}

int u64map_put(struct u64map *m, uint64_t key, int64_t value)
{
    struct u64map_slot *s;

    if (!key || ((m->used + 1) * 4 >= m->cap * 3 && grow(m) < 0))
        return -1;
    s = find(m, key);
    if (!s->key) {
        s->key = key;
        m->used++;
    }
    s->value = value;
    return 0;
}

size_t u64map_bytes(const struct u64map *m)
{
    return m->cap * sizeof *m->slots;
}
