/*
 * A per-address limit on the public routes that write (a traveller's
 * self-declaration, a resident's check-in reading): they need no session,
 * so nothing else stops one machine from filling the queues. A token
 * bucket per client address, in this server's memory: `rate` requests a
 * minute, and as many at once. Several servers each keep their own.
 */
#ifndef CORDON_HTTP_RATELIMIT_H
#define CORDON_HTTP_RATELIMIT_H

#define RATELIMIT_DEFAULT 30 /* requests a minute per address */

/* Sets the rate (requests a minute, >= 1) and forgets every bucket. */
void ratelimit_configure(unsigned per_minute);

/*
 * Takes one token for `address` at monotonic time `now` (seconds). Returns
 * 0 when the request may go on, or the seconds to wait (>= 1) when the
 * address has used its allowance.
 */
int ratelimit_take(const char *address, double now);

#endif
