/*
 * The daily roll-over: colours change by themselves as days pass (an arrival
 * 14 days ago turns green, a quarantine ends). Each resident stores the day
 * its colour next changes, so rolling over to a day re-evaluates only the
 * residents due that day, never the whole population; and before each day's
 * changes the counts of every unit are saved as the previous day's snapshot.
 */
#ifndef CORDON_APP_ROLLOVER_H
#define CORDON_APP_ROLLOVER_H

#include "core/colour.h"
#include "store/db.h"

#include <stdint.h>

struct rollover_report {
    int32_t from;       /* first day processed (DATE_NONE: none) */
    int32_t to;         /* last day processed */
    int64_t evaluated;  /* residents re-evaluated */
    int64_t changed;    /* of which changed colour */
};

/*
 * Inside an open write transaction: processes every day after the last
 * rolled-over day up to `today`. On a database never rolled over it only
 * records today. Returns 0 or < 0.
 */
int rollover_catch_up(struct db *db, const struct colour_rules *rules, int32_t today,
                      struct rollover_report *out);

/* The same in its own transaction, loading the rules. */
int rollover_run(struct db *db, int32_t today, struct rollover_report *out, char err[256]);

/* Last day rolled over to (DATE_NONE if never). */
int rollover_last_day(struct db *db, int32_t *out);

#endif
