/*
 * SQL of display tokens (the big screen of an operations centre: a token
 * bound to one unit, stored hashed) and of what the screen shows beyond the
 * dashboard's counts: the last hour's events of hand-overs and tasks within
 * a unit, without who or whom.
 */
#ifndef CORDON_STORE_DISPLAYS_H
#define CORDON_STORE_DISPLAYS_H

#include "store/db.h"

#include <stdint.h>

#define DISPLAY_NAME_MAX 64
#define DISPLAY_BY_MAX   64

struct display_row {
    int64_t id;
    int64_t unit;
    char name[DISPLAY_NAME_MAX];
    int64_t created_at;
    char created_by[DISPLAY_BY_MAX];
    int64_t revoked_at; /* 0: in use */
};

/* Inserts d (its id set) with the token's hash. 0 or < 0. */
int store_display_insert(struct db *db, struct display_row *d, const char *token_hash,
                         int64_t district);

int store_display_get(struct db *db, int64_t id, struct display_row *out);

/* The display of a token's hash, revoked or not: 0 or DB_E_NOTFOUND. */
int store_display_by_token(struct db *db, const char *token_hash, struct display_row *out);

/* Marks a display revoked at `at` (if it was not already). 0 or < 0. */
int store_display_revoke(struct db *db, int64_t id, int64_t at);

/* The displays of `unit` itself and of the units beneath it, given as the
 * range of its committees [lo, hi) (0, 0 for none): committees in it,
 * streets and districts whose codes are prefixes of them; with an id above
 * `after`, by id. */
typedef int (*display_fn)(void *arg, const struct display_row *d);
int store_displays_within(struct db *db, int64_t unit, int64_t lo, int64_t hi, int64_t after,
                          display_fn fn, void *arg);

/* One event of the ticker: when, what (source "handover" or "task", the
 * event's kind) and the committee it happened in (0 when above one). */
struct wall_event {
    int64_t at;
    char source[16];
    char kind[16];
    int64_t committee;
};
typedef int (*wall_event_fn)(void *arg, const struct wall_event *e);

/* Events between `since` and `until` of hand-overs and tasks held by
 * committees in [lo, hi) (or their grids), newest first, at most `max`. */
int store_wall_events(struct db *db, int64_t lo, int64_t hi, int64_t since, int64_t until, int max,
                      wall_event_fn fn, void *arg);

#endif
