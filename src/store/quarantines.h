/*
 * Storage of quarantine cases and their temperature check-ins (tables of
 * 005_tasks.sql). A case is found by id, by the hash of its check-in link,
 * or as the open case of a resident; lists are bounded by a range of
 * committee codes (or one grid) in the query itself. The colour effect of a
 * case lives in the resident's facts (app/quarantine/quarantines.c), not here.
 */
#ifndef CORDON_STORE_QUARANTINES_H
#define CORDON_STORE_QUARANTINES_H

#include "store/db.h"

#include <stdint.h>

#define QUARANTINE_FACILITY_MAX 128
#define QUARANTINE_HASH_LEN     65 /* SHA-256 in hex and a NUL */

enum quarantine_state { QSTATE_OPEN = 0, QSTATE_ENDED = 1, QSTATE_CANCELLED = 2 };

struct quarantine_row {
    int64_t id;
    int64_t resident;
    int64_t household; /* 0: none */
    int64_t unit;      /* the resident's grid or committee when opened */
    int64_t committee;
    int64_t district;
    int kind; /* enum quarantine_kind (core/facts.h) */
    int32_t day_from, day_until;
    char facility[QUARANTINE_FACILITY_MAX];
    int64_t follower;   /* accounts.id, 0: none */
    int state;          /* enum quarantine_state */
    int32_t closed_day; /* DATE_NONE while open */
    int64_t created_at;
    char created_by[64];
};

/* Inserts (sets q->id). */
int store_quarantine_insert(struct db *db, struct quarantine_row *q, const char *token_hash);
/* 0, DB_E_NOTFOUND or < 0. */
int store_quarantine_get(struct db *db, int64_t id, struct quarantine_row *out);
int store_quarantine_by_token(struct db *db, const char *token_hash, struct quarantine_row *out);
/* The open case of a resident: 0, DB_E_NOTFOUND or < 0. */
int store_quarantine_open_of(struct db *db, int64_t resident, struct quarantine_row *out);
/* Replaces the check-in link's hash. */
int store_quarantine_set_token(struct db *db, int64_t id, const char *token_hash);
/* Ends (QSTATE_ENDED) or cancels a case on `day`. */
int store_quarantine_close(struct db *db, int64_t id, int state, int32_t day);
/* Moves the last day of an open case. */
int store_quarantine_set_until(struct db *db, int64_t id, int32_t until);

#define QUARANTINE_REASON_MAX 256

/* A change of a case after it was opened (table quarantine_events): kind
 * "until" (until_before -> until_after) or "cancelled" (until_after
 * DATE_NONE), with its reason. */
struct quarantine_event {
    int64_t quarantine;
    int seq;
    int64_t at;
    char kind[16];
    int32_t until_before, until_after;
    char reason[QUARANTINE_REASON_MAX];
    char recorded_by[64];
};
/* Appends an event (seq is the next of the case). */
int store_quarantine_event_add(struct db *db, const struct quarantine_event *e, int64_t district);
/* The events of a case, oldest first. */
typedef int (*quarantine_event_fn)(void *arg, const struct quarantine_event *e);
int store_quarantine_events(struct db *db, int64_t quarantine, int64_t district,
                            quarantine_event_fn fn, void *arg);

typedef int (*quarantine_fn)(void *arg, const struct quarantine_row *q);
/* Cases whose committee lies in [lo, hi) (or of one grid when grid != 0),
 * open only when open_only, newest first, at most `limit` after id
 * `before` (0: from the newest). */
int store_quarantines_within(struct db *db, int64_t lo, int64_t hi, int64_t grid, int open_only,
                             int64_t before, int limit, quarantine_fn fn, void *arg);
/* Open cases whose last day is before `today` (to be ended). */
int store_quarantines_expired(struct db *db, int32_t today, quarantine_fn fn, void *arg);
/* *out 1 if household `household` has an open case other than `except`
 * running on `day` (its generated tasks of that day are still needed). */
int store_quarantine_household_running(struct db *db, int64_t household, int32_t day,
                                       int64_t except, int *out);
/* Open cases running on `day` (day_from <= day <= day_until), at most
 * `limit` of them with an id above `after`, by id: the pass over a city's
 * cases goes in batches (tasks.c). */
int store_quarantines_running_after(struct db *db, int32_t day, int64_t after, int limit,
                                    quarantine_fn fn, void *arg);

/* Counts within [lo, hi) or a grid: open cases running today, ending
 * today, and running on `slot_day` without a reading in `slot` although
 * opened before `slot_due` (a missed check-in). */
struct quarantine_counts {
    int64_t active, ending_today, missed;
};
int store_quarantine_counts(struct db *db, int64_t lo, int64_t hi, int64_t grid, int32_t today,
                            int32_t slot_day, int slot, int64_t slot_due,
                            struct quarantine_counts *out);

struct temperature_row {
    int32_t day;
    int slot; /* 0 morning, 1 evening */
    int tenths;
    int64_t at;
    char recorded_by[64];
};
/* Inserts a reading; DB_E_CONSTRAINT when that slot of that day has one. */
int store_temperature_insert(struct db *db, int64_t quarantine, const struct temperature_row *t,
                             int64_t district);
/* Readings of a case (of `district`, the case's) from day `since` on, by
 * day and slot. */
typedef int (*temperature_fn)(void *arg, const struct temperature_row *t);
int store_temperatures_of(struct db *db, int64_t quarantine, int64_t district, int32_t since,
                          temperature_fn fn, void *arg);
/* *out 1 if the case (of `district`) has a reading in (day, slot). */
int store_temperature_exists(struct db *db, int64_t quarantine, int64_t district, int32_t day,
                             int slot, int *out);

#endif
