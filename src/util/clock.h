/*
 * "Today" and "now" for the whole program. CORDON_TODAY=YYYY-MM-DD and
 * CORDON_NOW=YYYY-MM-DDTHH:MM replace the clock (tests, replaying an
 * exercise); otherwise the local date in the city's time zone
 * (Asia/Shanghai unless clock_set_tz() says otherwise).
 */
#ifndef CORDON_UTIL_CLOCK_H
#define CORDON_UTIL_CLOCK_H

#include <stdint.h>

/* Sets the IANA time zone used for "today" (default "Asia/Shanghai").
 * Returns 0, or -1 if the zone is unknown to this machine's tzdata. */
int clock_set_tz(const char *tz);

/* Checks CORDON_TODAY / CORDON_NOW; returns 0, or -1 with a message. */
int clock_check_env(char err[256]);

/* Seconds since the epoch (UTC), from CORDON_NOW if set. */
int64_t clock_now(void);

/* Today's date (days since 1970-01-01) in the city's zone, from
 * CORDON_TODAY, else CORDON_NOW, else the real clock. */
int32_t clock_today(void);

/* The local day of a UTC timestamp, in the city's zone. */
int32_t clock_day_of(int64_t t);

/* Seconds of the monotonic clock, for ages and time-outs in memory (caches
 * and memos); unlike clock_now(), CORDON_NOW does not replace it. */
double clock_mono(void);

/* Formats a timestamp as local "YYYY-MM-DDTHH:MM:SS+08:00" into out. */
void clock_format(int64_t t, char out[32]);

#endif
