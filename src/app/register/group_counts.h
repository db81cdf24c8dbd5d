/*
 * The colour-count changes of the group-commit writer's current group. A
 * write inside a group (a register batch "within", app/register/register.h) does not
 * upsert the live counts itself: it hands its tally here, kept per job;
 * when the job's savepoint is released its changes join the group's, when
 * it is rolled back they are dropped; just before COMMIT the group's sum is
 * written once. One upsert per unit and colour per group instead of eight
 * per write: on PostgreSQL each upsert is a round trip, and they were most
 * of a fact update's time (bench/RESULTS.md). Per thread: the writer's
 * thread, or the thread of an app_write() without a writer.
 */
#ifndef CORDON_APP_GROUP_COUNTS_H
#define CORDON_APP_GROUP_COUNTS_H

#include "core/tally.h"
#include "store/db.h"

/* A group begins on this thread (forgets anything left by a failed one). */
void group_counts_open(void);

/* Keeps t's changes for the end of the group: 1 when kept, 0 when no group
 * is open on this thread (the caller writes them itself), DB_E_NOMEM. */
int group_counts_defer(const struct tally *t);

/* The job that ran last ended with rc: keep its changes (rc >= 0) or drop
 * them (rc < 0). */
void group_counts_job_end(int rc);

/* Writes the group's changes to the live counts and closes the group.
 * Returns 0 or < 0 (then the group must roll back). */
int group_counts_flush(struct db *db);

/* Closes the group without writing (it rolled back). */
void group_counts_close(void);

#endif
