/*
 * Staffing gaps as tasks (issue 14): a post with fewer deployed for the
 * current shift than its minimum raises a task in the tasks engine to the
 * level above the post (a committee's post to its street, a street's to its
 * district, a district's to the city), once per post, day and shift; the
 * task is done by itself (its event says so) when the post is filled
 * again. Checked after each deployment, on the server's tick at the start
 * of each shift and by `cordon staff sweep` for every post.
 */
#ifndef CORDON_APP_GAPS_H
#define CORDON_APP_GAPS_H

#include "store/db.h"

#include <stdint.h>

/* Checks one post at `now` (its day and shift): opens or closes its gap
 * task. *out_changed (may be NULL) 1 if a task was opened or closed. 0 or
 * < 0 (a store status). */
int staffing_check_post(struct db *db, int64_t post, int32_t today, int64_t now, const char *by,
                        int *out_changed);

/* The server's tick: at the start of each shift (the first tick of a day
 * and shift in this process) every post is checked, in a transaction of
 * its own, by one server at a time (*out_skipped 1 when another holds the
 * lock). 0 or a store status. */
int staffing_tick(struct db *db, int32_t today, int64_t now, int *out_changed, int *out_skipped);

/* Checks every post; *out_changed the tasks opened or closed. */
int staffing_sweep(struct db *db, int32_t today, int64_t now, const char *by, int *out_changed);

#endif
