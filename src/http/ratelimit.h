/*
 * Per-key request limits: a token bucket per key, in this server's memory:
 * `rate` requests a minute, and as many at once. Several servers each keep
 * their own. Used for the public routes that write (a traveller's
 * self-declaration, a resident's check-in reading: they need no session,
 * so nothing else stops one machine from filling the queues), keyed by the
 * client address, and for searches of personal fields, keyed by account.
 */
#ifndef CORDON_HTTP_RATELIMIT_H
#define CORDON_HTTP_RATELIMIT_H

#define RATELIMIT_DEFAULT        30   /* requests a minute per address */
#define RATELIMIT_SLOTS          4096 /* keys remembered at once */
#define RATELIMIT_SEARCH_DEFAULT 60   /* searches a minute per account */

struct ratelimit;

/*
 * A table of `slots` buckets (0: RATELIMIT_SLOTS) of `per_minute` tokens
 * each (>= 1). Keys are kept exactly (the first 63 bytes) and placed by a
 * keyed hash; a slot is reused only once its bucket is full again, and keys
 * that find no slot share one overflow bucket: neither a collision nor an
 * eviction gives anyone a fresh allowance. NULL when out of memory.
 */
struct ratelimit *ratelimit_new(unsigned per_minute, unsigned slots);
void ratelimit_free(struct ratelimit *r);

/*
 * Takes one token for `key` at monotonic time `now` (seconds). Returns 0
 * when the request may go on, or the seconds to wait (>= 1) when the key
 * has used its allowance.
 */
int ratelimit_check(struct ratelimit *r, const char *key, double now);

/* The tables of this process: the public write routes (by client address)
 * and searches of the register (by account). */
enum ratelimit_table { RATELIMIT_PUBLIC, RATELIMIT_SEARCH, RATELIMIT_TABLES };

/* Sets table t's rate (requests a minute; 0: its default) and forgets
 * every bucket. Returns 0, or -1 when out of memory. */
int ratelimit_configure(enum ratelimit_table t, unsigned per_minute);

/* ratelimit_check() on table t (made with its default rate if need be). */
int ratelimit_take(enum ratelimit_table t, const char *key, double now);

/* The monotonic clock ratelimit_take() expects, in seconds. */
double ratelimit_now(void);

#endif
