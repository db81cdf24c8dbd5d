/*
 * The group-commit writer (see writer.h). A bounded FIFO of jobs
 * (util/queue.c); the thread takes everything queued (up to max_jobs) as
 * one group. There is
 * no artificial delay: while one group's COMMIT waits for the disk, new jobs
 * queue up and form the next group, so the group size follows the load.
 */
#include "store/writer.h"

#include "util/queue.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct job {
    writer_job_fn fn;
    writer_done_fn done;
    void *arg;
    unsigned flags; /* WRITER_OWN_UNDO */
    int rc;
};

struct writer {
    struct writer_config cfg;
    struct db *db;
    pthread_t thread;
    pthread_mutex_t lock;      /* the statistics */
    struct queue q;            /* of struct job */
    int pipeline;              /* may send a group in one pipeline (WRITER_RERUN) */
    int joined;                /* the thread has ended (writer_drain) */
    struct writer_stats stats; /* under lock */
};

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int bucket_of(int n)
{
    int b = 0;
    while (n > 1 && b < WRITER_GROUP_BUCKETS - 1) {
        n >>= 1;
        b++;
    }
    return b;
}

/* Runs one job of the group, in a savepoint unless it undoes itself: 0
 * (j->rc its result, 0 or < 0), or the failure that spoils the group. */
static int run_job(struct db *db, struct job *j)
{
    int rc, cause;

    if (j->flags & WRITER_OWN_UNDO) {
        j->rc = j->fn(db, j->arg);
        if (j->rc >= 0) {
            j->rc = 0;
            return 0;
        }
        cause = db_last_error(db);
        return db_tx_spoiled(db) ? (cause < 0 ? cause : DB_E_ERROR) : 0;
    }
    if ((rc = db_savepoint(db, "job")) < 0)
        return rc;
    j->rc = j->fn(db, j->arg);
    if (j->rc < 0) {
        cause = db_last_error(db);
        /* If the database rolled the whole transaction back by itself
         * (disk full, I/O error, out of memory), the savepoint is gone
         * too: the group fails with the real cause, not with the
         * missing savepoint. */
        if ((rc = db_savepoint_undo(db, "job")) < 0)
            return db_unwritable(cause) ? cause : rc;
    } else {
        j->rc = 0;
    }
    return db_savepoint_release(db, "job");
}

/* Runs one group once, in a pipeline (pipe = 1) for as long as its jobs
 * may run twice; fills each job's rc. Returns 0, or the group's failure
 * (db_pipeline_failed says whether it was seen in the pipeline). */
static int run_group_once(struct writer *w, struct job **jobs, int n, int pipe, int *out_failed,
                          double *out_commit_s)
{
    struct db *db = w->db;
    double t;
    int rc;

    *out_failed = 0;
    if (pipe && (pipe = db_pipeline_begin(db)) < 0)
        return pipe;
    if ((rc = db_begin_write(db)) < 0) {
        if (pipe)
            db_rollback(db); /* leaves the pipeline */
        return rc;
    }
    if (w->cfg.group_begin && (rc = w->cfg.group_begin(db, w->cfg.group_arg)) < 0)
        goto rollback;
    for (int i = 0; i < n; i++) {
        struct job *j = jobs[i];
        if (pipe && !(j->flags & WRITER_RERUN)) {
            if ((rc = db_pipeline_end(db)) < 0)
                goto rollback;
            pipe = 0;
        }
        j->rc = 0;
        rc = run_job(db, j);
        if (j->rc < 0)
            (*out_failed)++;
        if (rc == 0 && pipe && db_pipeline_failed(db))
            rc = DB_E_ERROR; /* the job failed on an earlier job's statement */
        if (rc < 0)
            goto rollback;
        if (w->cfg.job_end)
            w->cfg.job_end(w->cfg.group_arg, j->rc);
    }
    if (w->cfg.group_end && (rc = w->cfg.group_end(db, w->cfg.group_arg)) < 0)
        goto rollback;
    t = now_s();
    rc = db_commit(db);
    *out_commit_s = now_s() - t;
    if (rc < 0)
        goto rollback;
    return 0;
rollback:
    db_rollback(db);
    return rc < 0 ? rc : DB_E_ERROR;
}

/* Runs one group; fills each job's rc. Returns 0, or the group's failure.
 * A group that failed in the pipeline runs again without it. */
static int run_group(struct writer *w, struct job **jobs, int n, int *out_failed,
                     double *out_commit_s, int *out_rerun)
{
    int pipe = w->pipeline && (jobs[0]->flags & WRITER_RERUN);
    int rc = run_group_once(w, jobs, n, pipe, out_failed, out_commit_s);

    *out_rerun = 0;
    if (rc < 0 && pipe && db_pipeline_failed(w->db)) {
        *out_rerun = 1;
        rc = run_group_once(w, jobs, n, 0, out_failed, out_commit_s);
    }
    return rc;
}

static void *writer_main(void *arg)
{
    struct writer *w = arg;
    int max = w->cfg.max_jobs > 0 ? w->cfg.max_jobs : 512;
    struct job **jobs = calloc((size_t)max, sizeof *jobs);

    if (!jobs) {
        fprintf(stderr, "cordon: writer: out of memory\n");
        abort();
    }
    for (;;) {
        struct job *j;
        double t0, t1, commit_s = 0;
        int n, failed = 0, rerun = 0, rc;

        if ((n = queue_pop(&w->q, (void **)jobs, max)) == 0)
            break; /* closed and empty */

        t0 = now_s();
        rc = run_group(w, jobs, n, &failed, &commit_s, &rerun);
        t1 = now_s();
        if (rc == 0 && w->cfg.committed)
            w->cfg.committed(w->cfg.committed_arg, n);
        /* Statistics first, then the answers: whoever has its answer sees
         * its write counted (the metrics and tests read them after). */
        pthread_mutex_lock(&w->lock);
        w->stats.groups++;
        w->stats.jobs += (uint64_t)n;
        w->stats.jobs_failed += (uint64_t)failed;
        if (rc < 0)
            w->stats.groups_failed++;
        w->stats.groups_rerun += (uint64_t)rerun;
        w->stats.busy_s += t1 - t0;
        w->stats.commit_s += commit_s;
        w->stats.group_size[bucket_of(n)]++;
        w->stats.wal_bytes = db_wal_bytes(w->db);
        pthread_mutex_unlock(&w->lock);
        for (int i = 0; i < n; i++) {
            j = jobs[i];
            if (j->done)
                j->done(j->arg, rc < 0 ? rc : j->rc);
            free(j);
        }
        if (rc < 0)
            fprintf(stderr, "cordon: writer: a group of %d writes failed: %s%s%s\n", n,
                    db_strerror(rc), *db_errmsg(w->db) ? ": " : "", db_errmsg(w->db));
    }
    free(jobs);
    return NULL;
}

int writer_start(const struct writer_config *cfg, struct writer **out, char err[DB_ERR_LEN])
{
    struct writer *w;
    int rc;

    *out = NULL;
    if (!(w = calloc(1, sizeof *w))) {
        snprintf(err, DB_ERR_LEN, "out of memory");
        return DB_E_NOMEM;
    }
    w->cfg = *cfg;
    w->pipeline = !getenv("CORDON_PG_PIPELINE") || strcmp(getenv("CORDON_PG_PIPELINE"), "off") != 0;
    if (!w->cfg.max_queue)
        w->cfg.max_queue = 65536;
    if ((rc = db_open(cfg->db_url, 0, &w->db, err)) < 0) {
        free(w);
        return rc;
    }
    if (queue_init(&w->q, w->cfg.max_queue) < 0) {
        snprintf(err, DB_ERR_LEN, "out of memory");
        db_close(w->db);
        free(w);
        return DB_E_NOMEM;
    }
    w->stats.wal_bytes = db_wal_bytes(w->db);
    pthread_mutex_init(&w->lock, NULL);
    if (pthread_create(&w->thread, NULL, writer_main, w) != 0) {
        snprintf(err, DB_ERR_LEN, "cannot start the writer thread");
        pthread_mutex_destroy(&w->lock);
        queue_cleanup(&w->q);
        db_close(w->db);
        free(w);
        return DB_E_ERROR;
    }
    *out = w;
    return 0;
}

int writer_submit(struct writer *w, writer_job_fn job, writer_done_fn done, void *arg)
{
    return writer_submit_flags(w, job, done, arg, 0);
}

int writer_submit_flags(struct writer *w, writer_job_fn job, writer_done_fn done, void *arg,
                        unsigned flags)
{
    struct job *j = malloc(sizeof *j);

    if (!j)
        return DB_E_NOMEM;
    j->fn = job;
    j->done = done;
    j->arg = arg;
    j->flags = flags;
    j->rc = 0;
    if (queue_push(&w->q, j) < 0) { /* full, or stopping */
        free(j);
        return DB_E_BUSY;
    }
    return 0;
}

struct waiter {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    int done;
    int rc;
};

static void wake_waiter(void *arg, int rc)
{
    struct waiter *wt = arg;

    pthread_mutex_lock(&wt->lock);
    wt->rc = rc;
    wt->done = 1;
    pthread_cond_signal(&wt->cond);
    pthread_mutex_unlock(&wt->lock);
}

struct sync_job {
    writer_job_fn fn;
    void *arg;
    struct waiter wt;
};

static int run_sync(struct db *db, void *arg)
{
    struct sync_job *s = arg;
    return s->fn(db, s->arg);
}

static void done_sync(void *arg, int rc)
{
    struct sync_job *s = arg;
    wake_waiter(&s->wt, rc);
}

int writer_run(struct writer *w, writer_job_fn job, void *arg)
{
    struct sync_job s;
    int rc;

    s.fn = job;
    s.arg = arg;
    pthread_mutex_init(&s.wt.lock, NULL);
    pthread_cond_init(&s.wt.cond, NULL);
    s.wt.done = 0;
    s.wt.rc = 0;
    if ((rc = writer_submit(w, run_sync, done_sync, &s)) == 0) {
        pthread_mutex_lock(&s.wt.lock);
        while (!s.wt.done)
            pthread_cond_wait(&s.wt.cond, &s.wt.lock);
        rc = s.wt.rc;
        pthread_mutex_unlock(&s.wt.lock);
    }
    pthread_cond_destroy(&s.wt.cond);
    pthread_mutex_destroy(&s.wt.lock);
    return rc;
}

void writer_drain(struct writer *w)
{
    if (!w || w->joined)
        return;
    queue_close(&w->q);
    pthread_join(w->thread, NULL);
    w->joined = 1;
}

void writer_stop(struct writer *w)
{
    if (!w)
        return;
    writer_drain(w);
    db_close(w->db);
    queue_cleanup(&w->q);
    pthread_mutex_destroy(&w->lock);
    free(w);
}

void writer_get_stats(struct writer *w, struct writer_stats *out)
{
    pthread_mutex_lock(&w->lock);
    *out = w->stats;
    pthread_mutex_unlock(&w->lock);
    out->queued = queue_length(&w->q);
}
