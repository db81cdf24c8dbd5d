/*
 * Group commit. One thread owns a write connection; callers hand it jobs
 * (a function and its argument). It runs every job queued at that moment,
 * up to a maximum, inside one transaction, each job in its own SAVEPOINT so
 * a failing job rolls back alone, then commits once: one fsync makes the
 * whole group durable. A job's caller hears its result only after that
 * commit, so an answer given on success never refers to a write a crash
 * could lose. With synchronous=FULL one commit costs a disk flush; sharing
 * it is where durable write throughput comes from (DESIGN.md).
 */
#ifndef CORDON_STORE_WRITER_H
#define CORDON_STORE_WRITER_H

#include "store/db.h"

#include <stdint.h>

struct writer;

/* A job: runs on the writer thread inside a savepoint of the group's
 * transaction. Returns 0 to keep its changes, < 0 to roll them back. It must
 * not begin, commit or roll back itself. */
typedef int (*writer_job_fn)(struct db *db, void *arg);

/* Called on the writer thread once the job's fate is sealed: rc is the
 * job's own result, or the commit's failure (then nothing of the group was
 * written). Must be quick and must not submit and wait. */
typedef void (*writer_done_fn)(void *arg, int rc);

struct writer_config {
    const char *db_url;
    int max_jobs;  /* jobs per transaction at most; 0: 512 */
    int max_queue; /* jobs waiting at most, beyond that submit refuses; 0: 65536 */
    /* Runs after BEGIN, before the group's first job (e.g. bring the daily
     * roll-over up to date and load what every job needs). A failure fails
     * the whole group. May be NULL. */
    int (*group_begin)(struct db *db, void *arg);
    void *group_arg;
    /* Runs after each job with its result, once its savepoint is released
     * (rc >= 0) or rolled back (rc < 0), and before the next job (e.g.
     * keep or drop what the job left for the end of the group). May be
     * NULL; gets group_arg. */
    void (*job_end)(void *arg, int rc);
    /* Runs after the last job, before COMMIT (e.g. write what the jobs
     * accumulated, once); a failure fails the whole group. May be NULL;
     * gets group_arg. */
    int (*group_end)(struct db *db, void *arg);
    /* Runs after each successful commit, with the number of jobs in it
     * (invalidate caches). May be NULL. */
    void (*committed)(void *arg, int jobs);
    void *committed_arg;
};

/* Opens the connection and starts the thread. Returns 0, or < 0 with err. */
int writer_start(const struct writer_config *cfg, struct writer **out, char err[DB_ERR_LEN]);

/*
 * Queues a job; `done` (may be NULL) is called later on the writer thread.
 * Returns 0, or DB_E_BUSY when the queue is full or the writer stopping
 * (then neither job nor done is ever called).
 */
int writer_submit(struct writer *w, writer_job_fn job, writer_done_fn done, void *arg);

/* A job that keeps the group whole by itself: it either writes with one
 * statement, or takes its own savepoint for more, and when it fails it has
 * written nothing. The writer runs it without a savepoint (two statements
 * fewer, two round trips on PostgreSQL); if it fails and the transaction
 * is spoiled (db_tx_spoiled), the whole group fails, as for any failure
 * the savepoint could not undo. */
#define WRITER_OWN_UNDO 1u
/* A job that may run twice: all it keeps between runs is in its argument,
 * which a second run overwrites (no allocation, no list appended to, no
 * effect outside the database). On PostgreSQL the writer sends the
 * statements of a group that begins with such jobs in one libpq pipeline,
 * up to the first job without the flag; if a statement fails there, the
 * whole group is rolled back and run again without the pipeline, where the
 * failing job fails alone (db_pipeline_begin). CORDON_PG_PIPELINE=off in
 * the environment turns the pipeline off. */
#define WRITER_RERUN 2u
/* writer_submit() with flags (WRITER_OWN_UNDO, WRITER_RERUN). */
int writer_submit_flags(struct writer *w, writer_job_fn job, writer_done_fn done, void *arg,
                        unsigned flags);

/* Queues a job and waits for its commit: returns the job's result, the
 * commit's failure, or DB_E_BUSY as writer_submit. Not on the writer thread. */
int writer_run(struct writer *w, writer_job_fn job, void *arg);

/* Refuses new jobs from now on (writer_submit answers DB_E_BUSY), runs
 * every job already queued, and ends the thread; the handle stays valid, so
 * threads still holding it are refused rather than left with a dangling
 * pointer. Accepts NULL. */
void writer_drain(struct writer *w);

/* writer_drain(), then closes the connection and frees the handle. Accepts
 * NULL. */
void writer_stop(struct writer *w);

#define WRITER_GROUP_BUCKETS 8 /* jobs per group: 1, 2-3, 4-7, ... 128+ */

struct writer_stats {
    uint64_t groups;      /* transactions committed or failed */
    uint64_t jobs;        /* jobs run */
    uint64_t jobs_failed; /* jobs that returned < 0 */
    uint64_t groups_failed;
    uint64_t groups_rerun; /* pipelined groups run again without the pipeline */
    double busy_s;         /* time inside transactions */
    double commit_s;       /* time inside COMMIT (the flush) */
    uint64_t group_size[WRITER_GROUP_BUCKETS];
    int queued;        /* waiting now */
    int64_t wal_bytes; /* appended to the write-ahead log; -1: not known */
};

void writer_get_stats(struct writer *w, struct writer_stats *out);

#endif
