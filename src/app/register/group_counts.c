/*
 * Group-level live counts (group_counts.h): two thread-local tallies, the
 * running job's and the group's.
 */
#include "app/register/group_counts.h"

#include "store/residents.h"

static __thread struct tally group, job;
static __thread int open_, failed; /* failed: a merge ran out of memory */

void group_counts_open(void)
{
    tally_cleanup(&group);
    tally_cleanup(&job);
    open_ = 1;
    failed = 0;
}

int group_counts_defer(const struct tally *t)
{
    if (!open_)
        return 0;
    return tally_merge(&job, t) < 0 ? DB_E_NOMEM : 1;
}

void group_counts_job_end(int rc)
{
    if (open_ && rc >= 0 && tally_merge(&group, &job) < 0)
        failed = 1;
    tally_cleanup(&job);
}

int group_counts_flush(struct db *db)
{
    int rc = failed ? DB_E_NOMEM : open_ ? store_counts_add_tally(db, &group) : 0;

    group_counts_close();
    return rc;
}

void group_counts_close(void)
{
    tally_cleanup(&group);
    tally_cleanup(&job);
    open_ = 0;
    failed = 0;
}
