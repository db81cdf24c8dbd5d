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
    int unfinished;    /* rollover_tick only: the day's residents are not all done */
};

/*
 * Inside an open write transaction, at its start (before it writes
 * anything): processes every day after the last rolled-over day up to
 * `today` (of `today`, the snapshot and the first batch: rollover_run). On
 * a database never rolled over it only records today. Returns 0 or < 0.
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
 * The same in its own transaction, loading the rules, for `cordon rollover`
 * and the other commands. It never waits for another process that is
 * rolling over, or writing: it sets out->skipped and returns 0, and the
 * other one does the work (the next tick tries again).
 *
 * A day is opened at once: the counts' snapshot of the day before and the
 * first 2,000 residents due, in the transaction of whichever comes first,
 * this or a writer's rollover_catch_up. The rest of the day's residents
 * are re-evaluated in batches of 2,000, each in a transaction of its own,
 * while meta `rolling_due` names the day (a city's day is ~250,000 of
 * them); rollover_run does them all, one batch after the other, waiting
 * for the lock between two (writers hold it for milliseconds).
 */
int rollover_run(struct db *db, int32_t today, struct rollover_report *out, struct app_error *err);

/* The same for the server's tick: pauses between two batches as long as
 * the batch took, so writers waiting for the lock take it, and stops when
 * budget_s is spent (out->unfinished; the next tick goes on). */
int rollover_tick(struct db *db, int32_t today, double budget_s, struct rollover_report *out,
                  struct app_error *err);

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
