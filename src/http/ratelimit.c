/*
 * Token buckets per client address for the public write routes
 * (ratelimit.h). A fixed table of slots indexed by a hash of the address:
 * bounded memory whatever the number of addresses. When two addresses
 * share a slot the newcomer takes it over with a full bucket, so a
 * collision can only be lenient, never lock out an innocent address.
 * Written here because it is twenty lines; libmicrohttpd limits
 * connections per address, not requests.
 */
#include "http/ratelimit.h"

#include <pthread.h>
#include <stdint.h>
#include <string.h>

#define SLOTS    4096
#define ADDR_MAX 64

struct bucket {
    char address[ADDR_MAX];
    double tokens;
    double at; /* when tokens was computed */
};

static struct bucket table[SLOTS];
static unsigned rate = RATELIMIT_DEFAULT;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

void ratelimit_configure(unsigned per_minute)
{
    pthread_mutex_lock(&lock);
    rate = per_minute ? per_minute : 1;
    memset(table, 0, sizeof table);
    pthread_mutex_unlock(&lock);
}

/* FNV-1a. */
static uint32_t hash(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

int ratelimit_take(const char *address, double now)
{
    struct bucket *b = &table[hash(address) % SLOTS];
    double per_second, wait;
    int out = 0;

    pthread_mutex_lock(&lock);
    per_second = rate / 60.0;
    if (strncmp(b->address, address, ADDR_MAX - 1) != 0) {
        strncpy(b->address, address, ADDR_MAX - 1);
        b->address[ADDR_MAX - 1] = '\0';
        b->tokens = rate;
        b->at = now;
    }
    if (now > b->at) {
        b->tokens += (now - b->at) * per_second;
        if (b->tokens > rate)
            b->tokens = rate;
        b->at = now;
    }
    if (b->tokens >= 1.0) {
        b->tokens -= 1.0;
    } else {
        wait = (1.0 - b->tokens) / per_second;
        out = (int)wait + 1;
    }
    pthread_mutex_unlock(&lock);
    return out;
}
