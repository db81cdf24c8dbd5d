/*
 * Tests of store/writer.c, the group-commit writer: jobs run in savepoints
 * of shared transactions, a failing job rolls back alone while the others
 * of its group commit, results reach their callers only after the commit,
 * many threads writing at once are all committed (in fewer transactions
 * than jobs), a failing group hook fails the whole group, and stopping
 * runs what is queued.
 */
#include "store/db.h"
#include "store/writer.h"

#include "testutil.h"

#include <pthread.h>
#include <time.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

static char path[512];

static int64_t count_rows(const char *sql)
{
    struct db *db;
    char err[DB_ERR_LEN];
    int64_t n = -1;

    assert_int_equal(db_open(path, 0, &db, err), 0);
    assert_int_equal(db_query_int64(db, sql, 0, NULL, &n), DB_ROW);
    db_close(db);
    return n;
}

static int setup(void **state)
{
    struct db *db;
    char err[DB_ERR_LEN];

    (void)state;
    testutil_db_path(path, sizeof path, "writer");
    if (db_open(path, DB_OPEN_CREATE, &db, err) < 0)
        return -1;
    if (db_exec(db, "CREATE TABLE t (v BIGINT NOT NULL UNIQUE)") < 0)
        return -1;
    db_close(db);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    testutil_db_remove(path);
    return 0;
}

/* Inserts v; a negative v inserts |v| and then fails, so its row must be
 * rolled back with it. */
static int insert_job(struct db *db, void *arg)
{
    int64_t v = *(int64_t *)arg, a = v < 0 ? -v : v;
    int rc = db_query_int64(db, "INSERT INTO t (v) VALUES ($1)", 1, &a, NULL);

    if (rc < 0)
        return rc;
    return v < 0 ? DB_E_RANGE : 0;
}

static void a_job_commits_and_reports_its_result(void **state)
{
    struct writer_config cfg = {0};
    struct writer *w;
    char err[DB_ERR_LEN];
    int64_t a = 1, b = -2, c = 1;

    (void)state;
    cfg.db_url = path;
    assert_int_equal(writer_start(&cfg, &w, err), 0);
    assert_int_equal(writer_run(w, insert_job, &a), 0);
    assert_int_equal(writer_run(w, insert_job, &b), DB_E_RANGE);
    /* A constraint violation is the job's own failure, not the writer's. */
    assert_int_equal(writer_run(w, insert_job, &c), DB_E_CONSTRAINT);
    writer_stop(w);
    assert_int_equal(count_rows("SELECT count(*) FROM t"), 1);
    assert_int_equal(count_rows("SELECT count(*) FROM t WHERE v = 2"), 0);
}

struct done_log {
    pthread_mutex_t lock;
    int ok, failed;
};

static void count_done(void *arg, int rc)
{
    struct done_log *d = arg;

    pthread_mutex_lock(&d->lock);
    if (rc == 0)
        d->ok++;
    else
        d->failed++;
    pthread_mutex_unlock(&d->lock);
}

struct slot {
    int64_t v;
    struct done_log *log;
};

static int slot_job(struct db *db, void *arg)
{
    return insert_job(db, &((struct slot *)arg)->v);
}

static void slot_done(void *arg, int rc)
{
    count_done(((struct slot *)arg)->log, rc);
}

/* Jobs queued together share a transaction; the failing ones (every 7th)
 * roll back alone. */
static void failing_jobs_roll_back_alone(void **state)
{
    enum { N = 500 };
    static struct slot slots[N];
    struct done_log log = {PTHREAD_MUTEX_INITIALIZER, 0, 0};
    struct writer_config cfg = {0};
    struct writer *w;
    char err[DB_ERR_LEN];

    (void)state;
    cfg.db_url = path;
    assert_int_equal(writer_start(&cfg, &w, err), 0);
    for (int i = 0; i < N; i++) {
        slots[i].v = i % 7 == 0 ? -(1000 + i) : 1000 + i;
        slots[i].log = &log;
        assert_int_equal(writer_submit(w, slot_job, slot_done, &slots[i]), 0);
    }
    writer_stop(w); /* runs everything queued first */
    assert_int_equal(log.ok + log.failed, N);
    assert_int_equal(log.failed, (N + 6) / 7);
    assert_int_equal(count_rows("SELECT count(*) FROM t WHERE v >= 1000"), N - (N + 6) / 7);
    assert_int_equal(count_rows("SELECT count(*) FROM t WHERE v >= 1000 AND (v - 1000) % 7 = 0"),
                     0);
}

struct thread_arg {
    struct writer *w;
    int base;
    int n;
    int ok;
};

static void *writer_thread(void *arg)
{
    struct thread_arg *t = arg;

    for (int i = 0; i < t->n; i++) {
        int64_t v = t->base + i;
        int rc = writer_run(t->w, insert_job, &v);
        if (rc == 0)
            t->ok++;
        else
            fprintf(stderr, "write %lld failed: %d %s\n", (long long)v, rc, db_strerror(rc));
    }
    return NULL;
}

/* Stands for a slow disk: every transaction takes 2 ms more. */
static int slow_group(struct db *db, void *arg)
{
    struct timespec ts = {0, 2000000};

    (void)db, (void)arg;
    nanosleep(&ts, NULL);
    return 0;
}

/* 32 threads each waiting on their own writes: all are committed, and
 * while one transaction takes its time the others' writes queue up and
 * share the next (fewer transactions than writes). */
static void concurrent_writers_share_commits(void **state)
{
    enum { THREADS = 32, EACH = 50 };
    struct thread_arg ta[THREADS];
    pthread_t th[THREADS];
    struct writer_config cfg = {0};
    struct writer_stats st;
    struct writer *w;
    char err[DB_ERR_LEN];

    (void)state;
    cfg.db_url = path;
    cfg.group_begin = slow_group;
    assert_int_equal(writer_start(&cfg, &w, err), 0);
    for (int i = 0; i < THREADS; i++) {
        ta[i] = (struct thread_arg){w, 100000 + i * EACH, EACH, 0};
        pthread_create(&th[i], NULL, writer_thread, &ta[i]);
    }
    for (int i = 0; i < THREADS; i++) {
        pthread_join(th[i], NULL);
        assert_int_equal(ta[i].ok, EACH);
    }
    writer_get_stats(w, &st);
    assert_int_equal(st.jobs, THREADS * EACH);
    assert_true(st.groups * 4 < st.jobs);
    assert_int_equal(st.groups_failed, 0);
    writer_stop(w);
    assert_int_equal(count_rows("SELECT count(*) FROM t WHERE v >= 100000"), THREADS * EACH);
}

static int refuse_group(struct db *db, void *arg)
{
    (void)db;
    return *(int *)arg ? DB_E_ERROR : 0;
}

static int commits_seen;

static void on_commit(void *arg, int jobs)
{
    (void)arg;
    commits_seen += jobs;
}

static void a_failing_group_hook_fails_every_job(void **state)
{
    struct writer_config cfg = {0};
    struct writer *w;
    char err[DB_ERR_LEN];
    int refuse = 1;
    int64_t v = 555555;

    (void)state;
    cfg.db_url = path;
    cfg.group_begin = refuse_group;
    cfg.group_arg = &refuse;
    cfg.committed = on_commit;
    commits_seen = 0;
    assert_int_equal(writer_start(&cfg, &w, err), 0);
    assert_int_equal(writer_run(w, insert_job, &v), DB_E_ERROR);
    assert_int_equal(commits_seen, 0);
    refuse = 0;
    assert_int_equal(writer_run(w, insert_job, &v), 0);
    assert_int_equal(commits_seen, 1);
    writer_stop(w);
    assert_int_equal(count_rows("SELECT count(*) FROM t WHERE v = 555555"), 1);
}

/* What the job and group-end hooks see: each job's result in order, and
 * the end of the group before its commit; a failing group end fails every
 * job of the group and writes nothing. */
struct hooks_seen {
    int kept, dropped, ends;
    int refuse_end;
    int64_t rows_at_end; /* rows of the test seen by the last group end */
};

static void seen_job_end(void *arg, int rc)
{
    struct hooks_seen *h = arg;
    if (rc >= 0)
        h->kept++;
    else
        h->dropped++;
}

/* On the writer thread: records, the test asserts afterwards. */
static int seen_group_end(struct db *db, void *arg)
{
    struct hooks_seen *h = arg;

    h->ends++;
    if (db_query_int64(db, "SELECT count(*) FROM t WHERE v >= 880000", 0, NULL, &h->rows_at_end) <
        0)
        h->rows_at_end = -1;
    return h->refuse_end ? DB_E_ERROR : 0;
}

static void job_and_group_end_hooks(void **state)
{
    enum { N = 20 };
    static struct slot slots[N];
    struct done_log log = {PTHREAD_MUTEX_INITIALIZER, 0, 0};
    struct hooks_seen h = {0, 0, 0, 0, 0};
    struct writer_config cfg = {0};
    struct writer *w;
    char err[DB_ERR_LEN];
    int64_t v = 889999;

    (void)state;
    cfg.db_url = path;
    cfg.job_end = seen_job_end;
    cfg.group_end = seen_group_end;
    cfg.group_arg = &h;
    assert_int_equal(writer_start(&cfg, &w, err), 0);
    for (int i = 0; i < N; i++) {
        slots[i].v = i % 5 == 0 ? -(880000 + i) : 880000 + i;
        slots[i].log = &log;
        assert_int_equal(writer_submit(w, slot_job, slot_done, &slots[i]), 0);
    }
    writer_drain(w);
    assert_int_equal(h.kept + h.dropped, N);
    assert_int_equal(h.dropped, N / 5);
    assert_true(h.ends >= 1);
    /* The last group end ran before COMMIT and saw every kept row. */
    assert_int_equal(h.rows_at_end, N - N / 5);
    writer_stop(w);
    assert_int_equal(count_rows("SELECT count(*) FROM t WHERE v >= 880000"), N - N / 5);

    h.refuse_end = 1;
    assert_int_equal(writer_start(&cfg, &w, err), 0);
    assert_int_equal(writer_run(w, insert_job, &v), DB_E_ERROR);
    writer_stop(w);
    assert_int_equal(count_rows("SELECT count(*) FROM t WHERE v = 889999"), 0);
}

static void a_missing_database_fails_to_start(void **state)
{
    struct writer_config cfg = {0};
    struct writer *w;
    char err[DB_ERR_LEN], missing[600];

    (void)state;
    TESTUTIL_SQLITE_ONLY();
    snprintf(missing, sizeof missing, "%s.missing/x.db", path);
    cfg.db_url = missing;
    assert_true(writer_start(&cfg, &w, err) < 0);
    assert_null(w);
    writer_stop(NULL);
}

static void a_drained_writer_refuses_new_jobs(void **state)
{
    struct writer_config cfg = {0};
    struct writer *w;
    char err[DB_ERR_LEN];
    int64_t v = 777777;

    (void)state;
    cfg.db_url = path;
    assert_int_equal(writer_start(&cfg, &w, err), 0);
    assert_int_equal(writer_run(w, insert_job, &v), 0);
    writer_drain(w);
    writer_drain(w); /* twice is harmless */
    assert_int_equal(writer_submit(w, insert_job, NULL, &v), DB_E_BUSY);
    assert_int_equal(writer_run(w, insert_job, &v), DB_E_BUSY);
    writer_stop(w);
}

/* ---- jobs that undo themselves (WRITER_OWN_UNDO) ---------------------------- */

struct gate {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    int open;
    int entered; /* the writer is in gate_job */
};

/* Holds the writer until the test opens the gate, so that the jobs queued
 * meanwhile form the next group together. */
static int gate_job(struct db *db, void *arg)
{
    struct gate *g = arg;

    (void)db;
    pthread_mutex_lock(&g->lock);
    g->entered = 1;
    pthread_cond_broadcast(&g->cond);
    while (!g->open)
        pthread_cond_wait(&g->cond, &g->lock);
    pthread_mutex_unlock(&g->lock);
    return 0;
}

/* Ends the transaction under the writer's feet, then fails. */
static int spoil_job(struct db *db, void *arg)
{
    (void)arg;
    db_exec(db, "ROLLBACK");
    return DB_E_ERROR;
}

struct result {
    int rc, done;
};

static void note_done(void *arg, int rc)
{
    struct result *r = arg;

    r->rc = rc;
    __atomic_store_n(&r->done, 1, __ATOMIC_RELEASE);
}

struct own_slot {
    int64_t v;
    struct result r;
};

static int own_slot_job(struct db *db, void *arg)
{
    return insert_job(db, &((struct own_slot *)arg)->v);
}

static void own_slot_done(void *arg, int rc)
{
    note_done(&((struct own_slot *)arg)->r, rc);
}

/* Runs n jobs fn(slots + i * size) in one group behind a gate (flags per
 * slot), and `spoil` after slot `at` when >= 0; the writer's statistics
 * into *st when st is given. */
static void run_gated(writer_job_fn fn, writer_done_fn done, void *slots, size_t size, int n,
                      const unsigned *flags, int at, struct writer_stats *st)
{
    struct gate g = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0};
    struct writer_config cfg = {0};
    struct result spoiled = {0, 0};
    struct writer *w;
    char err[DB_ERR_LEN];

    cfg.db_url = path;
    assert_int_equal(writer_start(&cfg, &w, err), 0);
    assert_int_equal(writer_submit(w, gate_job, NULL, &g), 0);
    /* The gate alone in its group: the jobs form the next one. */
    pthread_mutex_lock(&g.lock);
    while (!g.entered)
        pthread_cond_wait(&g.cond, &g.lock);
    pthread_mutex_unlock(&g.lock);
    for (int i = 0; i < n; i++) {
        void *slot = (char *)slots + (size_t)i * size;
        assert_int_equal(writer_submit_flags(w, fn, done, slot, flags[i]), 0);
        if (i == at)
            assert_int_equal(
                writer_submit_flags(w, spoil_job, note_done, &spoiled, WRITER_OWN_UNDO), 0);
    }
    pthread_mutex_lock(&g.lock);
    g.open = 1;
    pthread_cond_broadcast(&g.cond);
    pthread_mutex_unlock(&g.lock);
    writer_drain(w);
    if (st)
        writer_get_stats(w, st);
    writer_stop(w);
    if (at >= 0)
        assert_true(spoiled.done && spoiled.rc < 0);
}

static void run_behind_gate(struct own_slot *slots, int n, const unsigned *flags, int at)
{
    run_gated(own_slot_job, own_slot_done, slots, sizeof *slots, n, flags, at, NULL);
}

/* Without a savepoint a job that fails having written nothing leaves the
 * others of its group alone, with or without theirs. */
static void own_undo_jobs_fail_alone(void **state)
{
    struct own_slot slots[4] = {
        {900005, {0, 0}}, {-900006, {0, 0}}, {900005, {0, 0}}, {900007, {0, 0}}};
    /* -900006 writes and fails: only with a savepoint is its row undone. */
    /* The duplicate in a savepoint: on PostgreSQL a failed statement spoils the transaction. */
    const unsigned flags[4] = {WRITER_OWN_UNDO, 0, 0, WRITER_OWN_UNDO};

    (void)state;
    run_behind_gate(slots, 4, flags, -1);
    assert_int_equal(slots[0].r.rc, 0);
    assert_int_equal(slots[1].r.rc, DB_E_RANGE);
    assert_int_equal(slots[2].r.rc, DB_E_CONSTRAINT); /* twice: nothing written */
    assert_int_equal(slots[3].r.rc, 0);
    assert_int_equal(count_rows("SELECT count(*) FROM t WHERE v BETWEEN 900005 AND 900007"), 2);
    assert_int_equal(count_rows("SELECT count(*) FROM t WHERE v IN (900005, 900007)"), 2);
}

/* A job without a savepoint that spoils the transaction fails the whole
 * group: no job is told its write is kept when it is not, and nothing
 * after it is written outside the group's transaction. */
static void a_spoiling_own_undo_job_fails_the_group(void **state)
{
    struct own_slot slots[3] = {{900011, {0, 0}}, {900012, {0, 0}}, {900013, {0, 0}}};
    const unsigned flags[3] = {0, WRITER_OWN_UNDO, 0};

    (void)state;
    run_behind_gate(slots, 3, flags, 0);
    for (int i = 0; i < 3; i++) {
        char sql[64];
        snprintf(sql, sizeof sql, "SELECT count(*) FROM t WHERE v = %d", 900011 + i);
        assert_true(slots[i].r.done);
        assert_int_equal(count_rows(sql), slots[i].r.rc == 0);
    }
    assert_true(slots[0].r.rc < 0); /* its write went with the group */
}

/* A job of a pipelined group: inserts v with db_run (on PostgreSQL sent
 * without waiting for its answer), reads the table's count when `read`
 * (a round trip carrying what was queued before it), asks how many rows
 * its insert changed when `changes`, and fails after writing when v < 0.
 * Counts its runs and keeps its failure's message. */
struct pipe_slot {
    int64_t v;
    int read, changes;
    int runs;
    int64_t changed;
    char msg[DB_ERR_LEN];
    struct result r;
};

static int pipe_job(struct db *db, void *arg)
{
    struct pipe_slot *p = arg;
    int64_t a = p->v < 0 ? -p->v : p->v, n;
    struct db_value v = {.type = DB_INT, .i = a};
    int rc;

    p->runs++;
    p->msg[0] = '\0';
    if ((rc = db_run(db, "INSERT INTO t (v) VALUES ($1)", &v, 1)) == 0 && p->changes)
        p->changed = db_changes(db);
    if (rc == 0 && p->read)
        rc = db_query_int64(db, "SELECT count(*) FROM t", 0, NULL, &n);
    if (rc < 0) {
        snprintf(p->msg, sizeof p->msg, "%s", db_errmsg(db));
        return rc;
    }
    return p->v < 0 ? DB_E_RANGE : 0;
}

static void pipe_done(void *arg, int rc)
{
    note_done(&((struct pipe_slot *)arg)->r, rc);
}

/* Runs the six jobs of a_failure_in_a_pipelined_group_fails_alone from v0
 * on: the third inserts the first's value again (a failure seen only by a
 * later statement in a pipeline), the fifth fails after writing; the
 * sixth runs without WRITER_RERUN, after the pipeline. */
static void run_pipe_group(struct pipe_slot *slots, int64_t v0, struct writer_stats *st)
{
    const unsigned flags[6] = {WRITER_RERUN, WRITER_RERUN, WRITER_RERUN,
                               WRITER_RERUN, WRITER_RERUN, 0};
    const int64_t v[6] = {v0, v0 + 1, v0, v0 + 3, -(v0 + 4), v0 + 5};

    for (int i = 0; i < 6; i++)
        slots[i] = (struct pipe_slot){.v = v[i], .read = i == 3, .changes = i == 1};
    run_gated(pipe_job, pipe_done, slots, sizeof *slots, 6, flags, -1, st);
    for (int i = 0; i < 6; i++)
        assert_true(slots[i].r.done);
}

/* In a pipelined group a failure is seen late, by a later job's read: the
 * whole group is rolled back and run again without the pipeline, where the
 * failing job fails alone with the error it has without a pipeline, and
 * the others are committed. */
static void a_failure_in_a_pipelined_group_fails_alone(void **state)
{
    struct pipe_slot piped[6], plain[6];
    struct writer_stats st, st_plain;
    int pg = testutil_pg() != NULL;

    (void)state;
    run_pipe_group(piped, 920000, &st);
    setenv("CORDON_PG_PIPELINE", "off", 1);
    run_pipe_group(plain, 930000, &st_plain);
    unsetenv("CORDON_PG_PIPELINE");
    for (int i = 0; i < 6; i++) {
        char sql[80];
        int64_t v = piped[i].v < 0 ? -piped[i].v : piped[i].v;
        int rc = i == 2 ? DB_E_CONSTRAINT : i == 4 ? DB_E_RANGE : 0;
        assert_int_equal(piped[i].r.rc, rc);
        assert_int_equal(plain[i].r.rc, rc);
        /* The same error either way (its values aside). */
        if (i == 2)
            assert_int_equal(strncmp(piped[i].msg, plain[i].msg, 40), 0);
        snprintf(sql, sizeof sql, "SELECT count(*) FROM t WHERE v = %lld", (long long)v);
        assert_int_equal(count_rows(sql), rc == 0 || i == 2);
        /* Run twice on PostgreSQL (the pipeline, then without), once on
         * SQLite, up to the read that saw the failure. */
        assert_int_equal(piped[i].runs, pg && i < 4 ? 2 : 1);
        assert_int_equal(plain[i].runs, 1);
    }
    assert_int_equal(piped[1].changed, 1);
    assert_int_equal(st.groups_rerun, pg ? 1 : 0);
    assert_int_equal(st_plain.groups_rerun, 0);
    assert_int_equal(st.groups_failed, 0);
}

/* A job that fails without a database error (the use case's own checks)
 * is rolled back to its savepoint inside the pipeline: the group is not
 * run again. */
static void a_job_failing_on_its_own_keeps_the_pipeline(void **state)
{
    struct pipe_slot slots[3] = {{.v = 940001}, {.v = -940002, .read = 1}, {.v = 940003}};
    const unsigned flags[3] = {WRITER_RERUN, WRITER_RERUN, WRITER_RERUN};
    struct writer_stats st;

    (void)state;
    run_gated(pipe_job, pipe_done, slots, sizeof *slots, 3, flags, -1, &st);
    assert_int_equal(slots[0].r.rc, 0);
    assert_int_equal(slots[1].r.rc, DB_E_RANGE);
    assert_int_equal(slots[2].r.rc, 0);
    assert_int_equal(st.groups_rerun, 0);
    for (int i = 0; i < 3; i++)
        assert_int_equal(slots[i].runs, 1);
    assert_int_equal(count_rows("SELECT count(*) FROM t WHERE v BETWEEN 940001 AND 940003"), 2);
    assert_int_equal(count_rows("SELECT count(*) FROM t WHERE v = 940002"), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_job_commits_and_reports_its_result),
        cmocka_unit_test(failing_jobs_roll_back_alone),
        cmocka_unit_test(concurrent_writers_share_commits),
        cmocka_unit_test(a_failing_group_hook_fails_every_job),
        cmocka_unit_test(job_and_group_end_hooks),
        cmocka_unit_test(a_drained_writer_refuses_new_jobs),
        cmocka_unit_test(a_missing_database_fails_to_start),
        cmocka_unit_test(own_undo_jobs_fail_alone),
        cmocka_unit_test(a_spoiling_own_undo_job_fails_the_group),
        cmocka_unit_test(a_failure_in_a_pipelined_group_fails_alone),
        cmocka_unit_test(a_job_failing_on_its_own_keeps_the_pipeline),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
