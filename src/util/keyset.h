/*
 * A set of 16-byte keys (open addressing, linear probing, the table kept at
 * most half full): the building-entry writer's set of the workers already
 * counted today (app/enterprises/entry_day.c), a few hundred thousand keys
 * looked up once per entry on the writer thread.
 *
 * Hand-written rather than taken from a library: the project's libraries
 * (jansson, libsodium, libmicrohttpd, SQLite, libpq) have no set, and the
 * Debian ones that do (glib's GHashTable, uthash) store a pointer per
 * entry, i.e. one allocation per 16-byte key; here the keys live inline in
 * one array. The keys are already uniform hashes, so their first 8 bytes
 * are the hash.
 */
#ifndef CORDON_UTIL_KEYSET_H
#define CORDON_UTIL_KEYSET_H

#include <stddef.h>
#include <stdint.h>

#define KEYSET_KEY 16

struct keyset_slot {
    uint8_t key[KEYSET_KEY];
};

struct keyset {
    struct keyset_slot *slots;
    uint8_t *full; /* full[i]: slot i holds a key */
    size_t cap, used;
};

void keyset_init(struct keyset *s);
/* Frees the table; the set is then empty and usable again. */
void keyset_cleanup(struct keyset *s);
/* Empties the set, keeping its table. */
void keyset_clear(struct keyset *s);
/* 1 added, 0 already there, -1 out of memory (the set unchanged). */
int keyset_add(struct keyset *s, const uint8_t key[KEYSET_KEY]);
int keyset_has(const struct keyset *s, const uint8_t key[KEYSET_KEY]);
size_t keyset_count(const struct keyset *s);

#endif
