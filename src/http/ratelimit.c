/*
 * Token buckets per key (ratelimit.h): the client address on the public
 * write routes, the account on searches of personal fields. An
 * open-addressing table of exact keys, placed by a keyed hash (SipHash with
 * a random key per process), so nobody can choose keys that land on one
 * slot. A slot is reused only when its bucket has refilled completely, that
 * is when forgetting it changes nothing; a key that finds no slot in its
 * probe window shares one overflow bucket with every other such key. So
 * neither a collision nor an eviction ever hands out a fresh bucket.
 * Written here because it is short; libmicrohttpd limits connections per
 * address, not requests.
 */
#include "http/ratelimit.h"

#include <pthread.h>
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PROBES  8
#define KEY_MAX 64

struct bucket {
    char key[KEY_MAX]; /* "" when the slot is free */
    double tokens;
    double at; /* when tokens was computed */
};

struct ratelimit {
    pthread_mutex_t lock;
    unsigned rate; /* per minute, also the bucket's size */
    unsigned nslots;
    unsigned char hashkey[crypto_shorthash_KEYBYTES];
    struct bucket overflow;
    struct bucket slot[]; /* nslots */
};

struct ratelimit *ratelimit_new(unsigned per_minute, unsigned slots)
{
    struct ratelimit *r;

    if (sodium_init() < 0)
        return NULL;
    if (slots == 0)
        slots = RATELIMIT_SLOTS;
    if (!(r = calloc(1, sizeof *r + (size_t)slots * sizeof r->slot[0])))
        return NULL;
    pthread_mutex_init(&r->lock, NULL);
    r->rate = per_minute ? per_minute : 1;
    r->nslots = slots;
    randombytes_buf(r->hashkey, sizeof r->hashkey);
    r->overflow.tokens = r->rate;
    return r;
}

void ratelimit_free(struct ratelimit *r)
{
    if (!r)
        return;
    pthread_mutex_destroy(&r->lock);
    free(r);
}

/* Brings b's tokens up to `now`. */
static void refill(const struct ratelimit *r, struct bucket *b, double now)
{
    if (now > b->at) {
        b->tokens += (now - b->at) * (r->rate / 60.0);
        if (b->tokens > r->rate)
            b->tokens = r->rate;
        b->at = now;
    }
}

/* The bucket of key: its own slot, a free (or fully refilled, so
 * forgettable) slot in its probe window, else the shared overflow. */
static struct bucket *find(struct ratelimit *r, const char *key, double now)
{
    uint64_t h;
    struct bucket *free_slot = NULL;

    crypto_shorthash((unsigned char *)&h, (const unsigned char *)key, strlen(key), r->hashkey);
    for (unsigned i = 0; i < PROBES && i < r->nslots; i++) {
        struct bucket *b = &r->slot[(h + i) % r->nslots];
        if (b->key[0] && strncmp(b->key, key, KEY_MAX - 1) == 0)
            return b;
        if (!free_slot) {
            if (b->key[0])
                refill(r, b, now);
            if (!b->key[0] || b->tokens >= r->rate)
                free_slot = b;
        }
    }
    if (!free_slot)
        return &r->overflow;
    snprintf(free_slot->key, KEY_MAX, "%s", key);
    free_slot->tokens = r->rate;
    free_slot->at = now;
    return free_slot;
}

int ratelimit_check(struct ratelimit *r, const char *key, double now)
{
    struct bucket *b;
    double wait;
    int out = 0;

    pthread_mutex_lock(&r->lock);
    b = find(r, key, now);
    refill(r, b, now);
    if (b->tokens >= 1.0) {
        b->tokens -= 1.0;
    } else {
        wait = (1.0 - b->tokens) / (r->rate / 60.0);
        out = (int)wait + 1;
    }
    pthread_mutex_unlock(&r->lock);
    return out;
}

/* The process's tables (enum ratelimit_table). */
static struct ratelimit *tables[RATELIMIT_TABLES];
static const unsigned defaults[RATELIMIT_TABLES] = {RATELIMIT_DEFAULT, RATELIMIT_SEARCH_DEFAULT};
static pthread_mutex_t tables_lock = PTHREAD_MUTEX_INITIALIZER;

int ratelimit_configure(enum ratelimit_table t, unsigned per_minute)
{
    struct ratelimit *r = ratelimit_new(per_minute ? per_minute : defaults[t], 0), *old;

    if (!r)
        return -1;
    pthread_mutex_lock(&tables_lock);
    old = tables[t];
    tables[t] = r;
    pthread_mutex_unlock(&tables_lock);
    ratelimit_free(old);
    return 0;
}

int ratelimit_take(enum ratelimit_table t, const char *key, double now)
{
    int out;

    pthread_mutex_lock(&tables_lock);
    if (!tables[t])
        tables[t] = ratelimit_new(defaults[t], 0);
    out = tables[t] ? ratelimit_check(tables[t], key, now) : 1;
    pthread_mutex_unlock(&tables_lock);
    return out;
}

double ratelimit_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
