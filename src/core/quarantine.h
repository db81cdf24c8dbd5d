/*
 * Pure rules of a quarantine case's last day when the health authority
 * moves it after the case was opened: an early release (提前解除) or an
 * extension (延长隔离). A release takes effect today at the earliest — the
 * new last day may be yesterday (released today) but never earlier, so
 * days that have passed keep the colour they had; the day before the first
 * day is the earliest of all (a case released on its first day held no
 * whole day of quarantine); and a quarantine lasts at most a year.
 */
#ifndef CORDON_CORE_QUARANTINE_H
#define CORDON_CORE_QUARANTINE_H

#include <stdint.h>

#define QUARANTINE_DAYS_MAX 366 /* until - from at most (as when opening) */

/* What moving the last day does to a case that is open today. */
enum quarantine_change {
    QCHANGE_NONE = 0,    /* the same last day: nothing to do */
    QCHANGE_EXTEND = 1,  /* a later last day */
    QCHANGE_SHORTEN = 2, /* an earlier last day, today or later: the case runs on */
    QCHANGE_END_NOW = 3, /* yesterday (or the day before the first): ended today */
};

/* Errors of quarantine_until_check(). */
enum {
    QUNTIL_E_BEFORE_FROM = -1, /* before from - 1 */
    QUNTIL_E_PAST = -2,        /* before yesterday: would rewrite past days */
    QUNTIL_E_TOO_LONG = -3,    /* more than QUARANTINE_DAYS_MAX after from */
};

/* Checks a new last day `next` of a case running from..until, today being
 * `today` (days since 1970-01-01). Returns 0 and sets *out, or a negative
 * QUNTIL_E_* (*out untouched). */
int quarantine_until_check(int32_t from, int32_t until, int32_t next, int32_t today,
                           enum quarantine_change *out);

/* The API error code ("inconsistent", "out_of_range") and an English
 * sentence for a QUNTIL_E_* value. */
const char *quarantine_until_errcode(int rc);
const char *quarantine_until_strerror(int rc);

#endif
