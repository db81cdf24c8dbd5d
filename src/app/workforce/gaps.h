/*
 * Staffing gaps as tasks (issue 14): a post with fewer deployed for the
 * current shift than its minimum raises a task in the tasks engine to the
 * level above the post (a committee's post to its street, a street's to its
 * district, a district's to the city), once per post, day and shift; the
 * task is done by itself when the post is filled again. Checked after each
 * deployment and by `cordon staff sweep` for every post.
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

/* Checks every post; *out_changed the tasks opened or closed. */
int staffing_sweep(struct db *db, int32_t today, int64_t now, const char *by, int *out_changed);

#endif
