/*
 * The quarantine and task tallies of a dashboard, shared between requests
 * while they are dear to compute (issue 19; see tally_memo.c).
 */
#ifndef CORDON_APP_TASKS_TALLY_MEMO_H
#define CORDON_APP_TASKS_TALLY_MEMO_H

#include "store/quarantines.h"
#include "store/tasks.h"

#include <stdint.h>

/* What a dashboard shows of a unit's quarantines and tasks, and when
 * (clock_now() seconds) it was computed. */
struct tally {
    struct task_counts tc;
    struct quarantine_counts qc;
    int64_t as_of;
};

/* The day and reading slot a tally is for: a kept tally of another day or
 * slot is never served. */
struct tally_key {
    int64_t unit;
    int32_t today, due_day;
    int slot;
};

/* 1 with *out when a kept tally of k may be served: younger than the memo's
 * time to live, or older while another request is computing it again. 0
 * when the caller computes it, and then hands it to tally_memo_put (also
 * when computing failed, with NULL, so that the next request tries). */
int tally_memo_get(const struct tally_key *k, struct tally *out);

/* Keeps t when it counted enough rows to be dear (tally_memo.c); t NULL
 * says the caller's computing failed. */
void tally_memo_put(const struct tally_key *k, const struct tally *t);

#endif
