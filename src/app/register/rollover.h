/*
 * The daily roll-over: colours change by themselves as days pass (an arrival
 * 14 days ago turns green, a quarantine ends). Each resident stores the day
 * its colour next changes, so rolling over to a day re-evaluates only the
 * residents due that day, never the whole population; and before each day's
 * changes the counts of every unit are saved as the previous day's snapshot.
 */
#ifndef CORDON_APP_ROLLOVER_H
#define CORDON_APP_ROLLOVER_H

#include "app/app.h"
#include "core/colour.h"
#include "store/db.h"

#include <stdint.h>

struct rollover_report {
    int32_t from;      /* first day processed (DATE_NONE: none) */
    int32_t to;        /* last day processed */
    int64_t evaluated; /* residents re-evaluated */
    int64_t changed;   /* of which changed colour */
    int skipped;       /* rollover_run only: another process was rolling over */
};

/*
 * Inside an open write transaction, at its start (before it writes
 * anything): processes every day after the last rolled-over day up to
 * `today`. On a database never rolled over it only records today. Returns
 * 0 or < 0.
 *
 * Several processes may share one PostgreSQL database, so this takes the
 * roll-over lock (db_lock) for the rest of the transaction: exclusive when
 * there are days to process (read again once held, so two processes never
 * roll the same day), shared when there are none, so that no roll-over
 * runs while this transaction changes residents and counts. When another
 * process is rolling over, this waits for it (at most the lock timeout,
 * then DB_E_BUSY).
 */
int rollover_catch_up(struct db *db, const struct colour_rules *rules, int32_t today,
                      struct rollover_report *out);

/*
 * The same in its own transaction, loading the rules, for the server's
 * periodic job and `cordon rollover`. It never waits for another process
 * that is rolling over, or writing: it sets out->skipped and returns 0,
 * and the other one does the work (the next tick tries again).
 */
int rollover_run(struct db *db, int32_t today, struct rollover_report *out, struct app_error *err);

/*
 * Inside an open write transaction, before rollover_catch_up: takes the
 * roll-over lock exclusive, so that no other writer (each holds it shared,
 * see rollover_catch_up) runs until this transaction ends. For changes that
 * re-evaluate and recount everyone, such as a new rule table. Returns 0 or
 * < 0 (DB_E_BUSY past the lock timeout).
 */
int rollover_exclude_writers(struct db *db);

/* Last day rolled over to (DATE_NONE if never). */
int rollover_last_day(struct db *db, int32_t *out);

#endif
