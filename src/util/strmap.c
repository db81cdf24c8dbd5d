/*
 * Open addressing with linear probing and FNV-1a hashes; keys live in 64 KiB
 * arena chunks freed all at once. Written here rather than taken from a
 * library because none of the Debian-packaged C libraries we use offers a
 * plain string-to-integer map, and this one is 100 lines.
 */
#include "util/strmap.h"

#include <stdlib.h>
#include <string.h>

#define CHUNK_BYTES 65536

struct strmap_chunk {
    struct strmap_chunk *next;
    size_t used, cap;
    char data[];
};

void strmap_init(struct strmap *m)
{
    memset(m, 0, sizeof *m);
}

void strmap_cleanup(struct strmap *m)
{
    struct strmap_chunk *c = m->chunks, *n;

    while (c) {
        n = c->next;
        free(c);
        c = n;
    }
    free(m->slots);
    memset(m, 0, sizeof *m);
}

static uint64_t fnv(const char *s, size_t len)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
    return h ? h : 1;
}

static struct strmap_slot *find(const struct strmap *m, uint64_t h, const char *key, size_t len)
{
    size_t i = (size_t)h & (m->cap - 1);

    while (m->slots[i].key) {
        if (m->slots[i].hash == h && m->slots[i].len == len &&
            memcmp(m->slots[i].key, key, len) == 0)
            return &m->slots[i];
        i = (i + 1) & (m->cap - 1);
    }
    return &m->slots[i];
}

int strmap_get(const struct strmap *m, const char *key, size_t len, int64_t *out)
{
    struct strmap_slot *s;

    if (!m->cap)
        return 0;
    s = find(m, fnv(key, len), key, len);
    if (!s->key)
        return 0;
    *out = s->value;
    return 1;
}

static const char *arena_copy(struct strmap *m, const char *key, size_t len)
{
    struct strmap_chunk *c = m->chunks;
    char *p;

    if (!c || c->cap - c->used < len + 1) {
        size_t cap = len + 1 > CHUNK_BYTES ? len + 1 : CHUNK_BYTES;
        if (!(c = malloc(sizeof *c + cap)))
            return NULL;
        c->used = 0;
        c->cap = cap;
        c->next = m->chunks;
        m->chunks = c;
    }
    p = c->data + c->used;
    memcpy(p, key, len);
    p[len] = '\0';
    c->used += len + 1;
    return p;
}

static int grow(struct strmap *m)
{
    size_t ncap = m->cap ? m->cap * 2 : 1024;
    struct strmap_slot *old = m->slots, *ns = calloc(ncap, sizeof *ns);
    size_t ocap = m->cap;

    if (!ns)
        return -1;
    m->slots = ns;
    m->cap = ncap;
    for (size_t i = 0; i < ocap; i++)
        if (old[i].key)
            *find(m, old[i].hash, old[i].key, old[i].len) = old[i];
    free(old);
    return 0;
}

int strmap_put(struct strmap *m, const char *key, size_t len, int64_t value)
{
    struct strmap_slot *s;
    uint64_t h = fnv(key, len);

    if ((m->used + 1) * 4 >= m->cap * 3 && grow(m) < 0)
        return -1;
    s = find(m, h, key, len);
    if (!s->key) {
        if (!(s->key = arena_copy(m, key, len)))
            return -1;
        s->hash = h;
        s->len = (uint32_t)len;
        m->used++;
    }
    s->value = value;
    return 0;
}
