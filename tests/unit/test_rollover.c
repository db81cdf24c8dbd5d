/*
 * Tests of the roll-over with several processes on one database (issue 8:
 * jobs run once with several servers). Processes are forked and started
 * together, each on its own connection; afterwards each day was rolled over
 * by exactly one of them, the live counts equal a full recount and every
 * stored colour is what the rules say. On PostgreSQL, where nothing but the
 * roll-over's advisory lock keeps processes apart, also: a server's tick
 * skips while another process rolls over or writes, and a writer waits for
 * a roll-over in progress instead of rolling the same day again.
 */
#include "app/units/hierarchy.h"
#include "app/register/register.h"
#include "app/register/rollover.h"
#include "app/register/rules.h"
#include "core/date.h"
#include "store/residents.h"

#include "doc_colours.h"
#include "testutil.h"

#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <sys/wait.h>

#include <cmocka.h>

#define NPROCS     6
#define NRESIDENTS 1500

/* The error of the use cases that report one (app/app.h). */
static struct app_error ae;

static char path[512];
static struct db *db;
static int32_t day0; /* the day the residents were registered */

static const int64_t committees[] = {310105002002LL, 310105002003LL, 310112001001LL};

static void set_today(int32_t day)
{
    char s[DATE_STR_LEN];
    date_format(day, s);
    setenv("CORDON_TODAY", s, 1);
}

static uint64_t rng = 99;
static uint32_t rnd(uint32_t n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng % n);
}

/* Facts that change colour on one of the next days: arrivals 14 days old
 * soon, quarantines ending soon. */
static void due_soon_facts(struct facts *f, int32_t today)
{
    facts_init(f);
    switch (rnd(4)) {
    case 0:
        f->arrival_day = today - 13 + (int32_t)rnd(5);
        f->arrival_abroad = (int)rnd(2);
        break;
    case 1:
        f->quarantine = QUARANTINE_HOME;
        f->quarantine_from = today - 10;
        f->quarantine_until = today + (int32_t)rnd(4);
        f->arrival_day = f->quarantine_from;
        break;
    case 2:
        f->presence = PRESENCE_AWAY;
        break;
    default:
        break;
    }
}

static int setup(void **state)
{
    char err[256];
    struct hierarchy_report hr;
    struct register_batch b;
    (void)state;
    day0 = date_from_ymd(2020, 3, 1);
    set_today(day0);
    testutil_db_path(path, sizeof path, "rollover");
    if (db_open(path, DB_OPEN_CREATE, &db, err) < 0 || hierarchy_init_city(db, 3101, &hr, &ae) < 0)
        return -1;
    if (register_begin(&b, db, "test", "cli", &ae) < 0)
        return -1;
    for (int i = 0; i < NRESIDENTS; i++) {
        struct resident r;
        memset(&r, 0, sizeof r);
        r.committee = committees[rnd(3)];
        snprintf(r.name, sizeof r.name, "居民%d", i);
        r.doc_type = 1;
        snprintf(r.doc_no, sizeof r.doc_no, "R%08d", i);
        r.birth = DATE_NONE;
        due_soon_facts(&r.facts, day0);
        if (register_put(&b, &r, NULL, "register", NULL, day0) < 0)
            return -1;
    }
    return register_commit(&b, &ae);
}

static int teardown(void **state)
{
    (void)state;
    db_close(db);
    testutil_db_remove(path);
    unsetenv("CORDON_TODAY");
    return 0;
}

static struct db *open_other(void)
{
    struct db *d = NULL;
    char err[DB_ERR_LEN];
    if (db_open(path, 0, &d, err) < 0)
        fail_msg("open %s: %s", path, err);
    return d;
}

/* Live counts minus a full recount, summed over every unit and colour as
 * absolute differences: 0 when they agree. */
static int64_t counts_drift(void)
{
    int64_t d = -1;
    assert_int_equal(db_begin_write(db), 0);
    assert_int_equal(db_exec(db, "CREATE TEMP TABLE live AS SELECT unit, colour, n FROM "
                                 "colour_counts WHERE n <> 0"),
                     0);
    assert_int_equal(store_counts_rebuild(db), 0);
    assert_int_equal(
        db_query_int64(db,
                       "SELECT coalesce(sum(abs(coalesce(l.n, 0) - coalesce(c.n, 0))), "
                       "0) FROM live l FULL OUTER JOIN (SELECT unit, colour, n FROM "
                       "colour_counts WHERE n <> 0) c ON c.unit = l.unit AND "
                       "c.colour = l.colour",
                       0, NULL, &d),
        DB_ROW);
    assert_int_equal(db_rollback(db), 0);
    return d;
}

/* Every stored colour and next change against the documented rules
 * (doc_colours.h), not against core/colour.c itself. */
struct check_ctx {
    int32_t today;
    int checked;
    int bad;
};

static int check_colour(void *arg, const struct resident *r)
{
    struct check_ctx *c = arg;

    c->checked++;
    if (doc_colour(&r->facts, c->today) != r->colour ||
        doc_next_change(&r->facts, c->today) != r->next_change)
        c->bad++;
    return 0;
}

/* How many residents the documented rules give another colour on `day`
 * than the one stored: those a roll-over from the day before to `day` must
 * re-evaluate (independent of the next_change the code wrote). */
struct due_ctx {
    int32_t day;
    int due;
};

static int count_changing(void *arg, const struct resident *r)
{
    struct due_ctx *c = arg;

    c->due += doc_colour(&r->facts, c->day) != r->colour;
    return 0;
}

/* The residents a roll-over to `day` must re-evaluate, the database being
 * rolled over to the day before. */
static int due_by_the_rules(int32_t day)
{
    struct due_ctx dc = {day, 0};
    int32_t last;

    assert_int_equal(rollover_last_day(db, &last), 0);
    assert_int_equal(last, day - 1);
    assert_int_equal(store_residents_within(db, 3101, count_changing, &dc), 0);
    return dc.due;
}

static void assert_consistent(int32_t today)
{
    struct check_ctx cc;
    int32_t last;
    int64_t n = 0;

    assert_int_equal(counts_drift(), 0);
    memset(&cc, 0, sizeof cc);
    cc.today = today;
    assert_int_equal(store_residents_within(db, 3101, check_colour, &cc), 0);
    assert_int_equal(db_query_int64(db, "SELECT count(*) FROM residents", 0, NULL, &n), DB_ROW);
    assert_int_equal(cc.checked, n);
    assert_int_equal(cc.bad, 0);
    assert_int_equal(rollover_last_day(db, &last), 0);
    assert_int_equal(last, today);
}

/* What a child process reports through the results pipe (one write of a
 * few bytes is atomic). */
struct result {
    int rc;
    int skipped;
    int32_t from;
    int64_t evaluated;
};

/* In a child: connects, says so on ready_fd, waits for the start signal,
 * then rolls over to `day` either as the server's tick does (rollover_run,
 * never waits) or as a writer does at the start of its transaction
 * (rollover_catch_up, waits). */
static void child(int start_fd, int ready_fd, int result_fd, int32_t day, int as_writer)
{
    struct result res;
    struct rollover_report rep;
    struct colour_rules rules;
    char err[256], c;
    struct db *d = NULL;

    memset(&res, 0, sizeof res);
    if (db_open(path, 0, &d, err) < 0)
        res.rc = -100;
    c = 'r';
    if (write(ready_fd, &c, 1) != 1)
        _exit(2);
    close(ready_fd);
    if (res.rc < 0)
        goto out;
    if (read(start_fd, &c, 1) < 0) /* 0 at end of file: everyone starts now */
        res.rc = -101;
    if (as_writer) {
        if ((res.rc = rules_load(d, &rules, &ae)) == 0 && (res.rc = db_begin_write(d)) == 0) {
            if ((res.rc = rollover_catch_up(d, &rules, day, &rep)) == 0)
                res.rc = db_commit(d);
            else
                db_rollback(d);
        }
    } else {
        res.rc = rollover_run(d, day, &rep, &ae);
    }
    if (res.rc < 0)
        fprintf(stderr, "child: %s\n", db_errmsg(d));
    res.skipped = rep.skipped;
    res.from = rep.from;
    res.evaluated = rep.evaluated;
out:
    if (write(result_fd, &res, sizeof res) != (ssize_t)sizeof res)
        _exit(2);
    db_close(d);
    _exit(0);
}

/* Starts NPROCS processes together, each rolling over to `day`; checks that
 * one of them did the day's work and the others nothing. */
static void race(int32_t day, int writers)
{
    int start[2], ready[2], results[2], rolled = 0, skipped = 0;
    char c;
    pid_t kids[NPROCS];
    int64_t evaluated = 0;
    int due = due_by_the_rules(day);

    assert_true(due > 50);
    assert_int_equal(pipe(start), 0);
    assert_int_equal(pipe(ready), 0);
    assert_int_equal(pipe(results), 0);
    for (int i = 0; i < NPROCS; i++) {
        if ((kids[i] = fork()) == 0) {
            close(start[1]);
            close(ready[0]);
            close(results[0]);
            child(start[0], ready[1], results[1], day, writers == 2 ? i % 2 : writers);
        }
        assert_true(kids[i] > 0);
    }
    close(start[0]);
    close(ready[1]);
    close(results[1]);
    /* Every child has connected and waits: then all start at once. */
    for (int i = 0; i < NPROCS; i++)
        assert_int_equal(read(ready[0], &c, 1), 1);
    close(ready[0]);
    close(start[1]);
    for (int i = 0; i < NPROCS; i++) {
        struct result res;
        assert_int_equal(read(results[0], &res, sizeof res), (ssize_t)sizeof res);
        if (res.rc != 0)
            fail_msg("a process failed to roll over: rc %d", res.rc);
        evaluated += res.evaluated;
        rolled += res.from != DATE_NONE;
        skipped += res.skipped;
    }
    close(results[0]);
    for (int i = 0; i < NPROCS; i++) {
        int status = 0;
        assert_int_equal(waitpid(kids[i], &status, 0), kids[i]);
        assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    }
    assert_int_equal(rolled, 1);
    assert_int_equal(evaluated, due);
    assert_true(skipped < NPROCS);
    assert_consistent(day);
}

static void racing_ticks_roll_each_day_once(void **state)
{
    (void)state;
    race(day0 + 1, 0);
}

static void racing_writers_roll_each_day_once(void **state)
{
    (void)state;
    race(day0 + 2, 1);
}

static void racing_ticks_and_writers_roll_each_day_once(void **state)
{
    (void)state;
    race(day0 + 3, 2);
}

/* PostgreSQL: a transaction that writes residents holds the roll-over lock
 * shared, so a server's tick skips until it commits instead of rolling
 * over underneath it. */
static void tick_skips_while_a_writer_writes(void **state)
{
    struct register_batch b;
    struct rollover_report rep;
    struct resident r;
    struct db *other;
    int32_t day = day0 + 3, last;
    (void)state;
    if (!testutil_pg())
        TESTUTIL_SKIP("PostgreSQL only: on SQLite the tick's BEGIN IMMEDIATE waits for the writer");
    set_today(day);
    assert_int_equal(register_begin(&b, db, "test", "cli", &ae), 0);
    memset(&r, 0, sizeof r);
    r.committee = committees[0];
    snprintf(r.name, sizeof r.name, "新居民");
    r.doc_type = 1;
    snprintf(r.doc_no, sizeof r.doc_no, "WRITER01");
    r.birth = DATE_NONE;
    due_soon_facts(&r.facts, day);
    assert_int_equal(register_put(&b, &r, NULL, "register", NULL, day), 0);

    other = open_other();
    assert_int_equal(rollover_run(other, day + 1, &rep, &ae), 0);
    assert_int_equal(rep.skipped, 1);
    assert_int_equal(rep.from, DATE_NONE);
    assert_int_equal(register_commit(&b, &ae), 0);
    assert_int_equal(rollover_run(other, day + 1, &rep, &ae), 0);
    assert_int_equal(rep.skipped, 0);
    assert_int_equal(rep.from, day + 1);
    db_close(other);
    assert_int_equal(rollover_last_day(db, &last), 0);
    assert_int_equal(last, day + 1);
    assert_consistent(day + 1);
}

/* PostgreSQL: while one process rolls over, a tick elsewhere skips and a
 * writer elsewhere waits for it, then finds the day done. */
static void writer_waits_for_a_rollover_in_progress(void **state)
{
    struct colour_rules rules;
    struct rollover_report rep;
    struct db *other;
    int32_t day = day0 + 5;
    int results[2], status = 0, due;
    char err[256];
    pid_t kid;
    struct result res;
    (void)state;
    if (!testutil_pg())
        TESTUTIL_SKIP("PostgreSQL only: on SQLite the write lock makes every other writer wait");
    due = due_by_the_rules(day);
    assert_int_equal(rules_load(db, &rules, &ae), 0);
    assert_int_equal(db_begin_write(db), 0);
    assert_int_equal(rollover_catch_up(db, &rules, day, &rep), 0);
    assert_int_equal(rep.evaluated, due);

    other = open_other();
    assert_int_equal(rollover_run(other, day, &rep, &ae), 0);
    assert_int_equal(rep.skipped, 1);
    db_close(other);

    assert_int_equal(pipe(results), 0);
    if ((kid = fork()) == 0) {
        struct db *d = NULL;
        close(results[0]);
        memset(&res, 0, sizeof res);
        if (db_open(path, 0, &d, err) < 0 || db_begin_write(d) < 0)
            _exit(3);
        res.rc = rollover_catch_up(d, &rules, day, &rep);
        res.evaluated = rep.evaluated;
        res.from = rep.from;
        db_commit(d);
        if (write(results[1], &res, sizeof res) != (ssize_t)sizeof res)
            _exit(2);
        db_close(d);
        _exit(0);
    }
    assert_true(kid > 0);
    close(results[1]);
    {
        /* Still waiting for the lock after 0.4 s: no answer yet. */
        struct pollfd p = {results[0], POLLIN, 0};
        assert_int_equal(poll(&p, 1, 400), 0);
    }
    assert_int_equal(db_commit(db), 0);
    assert_int_equal(read(results[0], &res, sizeof res), (ssize_t)sizeof res);
    close(results[0]);
    assert_int_equal(waitpid(kid, &status, 0), kid);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    assert_int_equal(res.rc, 0);
    assert_int_equal(res.from, DATE_NONE);
    assert_int_equal(res.evaluated, 0);
    assert_consistent(day);
}

/* The lock's own semantics on PostgreSQL; on SQLite it is always got. */
static void locks_conflict_as_documented(void **state)
{
    struct db *other;
    int got = -1;
    const int64_t key = 4242;
    (void)state;
    other = open_other();
    if (!testutil_pg()) {
        assert_int_equal(db_begin_write(db), 0);
        assert_int_equal(db_try_lock(db, key, DB_LOCK_EXCLUSIVE, &got), 0);
        assert_int_equal(got, 1);
        assert_int_equal(db_lock(db, key, DB_LOCK_SHARED), 0);
        assert_int_equal(db_rollback(db), 0);
        db_close(other);
        return;
    }
    assert_int_equal(db_lock(db, key, DB_LOCK_SHARED), DB_E_RANGE); /* no transaction */
    assert_int_equal(db_begin_write(db), 0);
    assert_int_equal(db_begin_write(other), 0);
    assert_int_equal(db_lock(db, key, DB_LOCK_SHARED), 0);
    assert_int_equal(db_try_lock(other, key, DB_LOCK_SHARED, &got), 0);
    assert_int_equal(got, 1);
    assert_int_equal(db_try_lock(other, key + 1, DB_LOCK_EXCLUSIVE, &got), 0);
    assert_int_equal(got, 1);
    assert_int_equal(db_commit(other), 0);
    assert_int_equal(db_begin_write(other), 0);
    assert_int_equal(db_try_lock(other, key, DB_LOCK_EXCLUSIVE, &got), 0);
    assert_int_equal(got, 0);
    assert_int_equal(db_commit(db), 0); /* released with the transaction */
    assert_int_equal(db_try_lock(other, key, DB_LOCK_EXCLUSIVE, &got), 0);
    assert_int_equal(got, 1);
    assert_int_equal(db_begin_write(db), 0);
    assert_int_equal(db_try_lock(db, key, DB_LOCK_SHARED, &got), 0);
    assert_int_equal(got, 0);
    /* A wait past lock_timeout is "busy", like a locked SQLite database. */
    assert_int_equal(db_exec(db, "SET LOCAL lock_timeout = 100"), 0);
    assert_int_equal(db_lock(db, key, DB_LOCK_SHARED), DB_E_BUSY);
    assert_int_equal(db_rollback(db), 0);
    assert_int_equal(db_rollback(other), 0);
    db_close(other);
}

/* The residents of the city by the colour the documented rules give them
 * on a day. */
struct by_colour {
    int32_t day;
    int64_t n[COLOUR_COUNT];
};

static int count_by_colour(void *arg, const struct resident *r)
{
    struct by_colour *c = arg;

    c->n[doc_colour(&r->facts, c->day)]++;
    return 0;
}

/* issue 19: a city's day is ~250,000 residents due. The day is opened at
 * once (the counts' snapshot and a first batch, here by a writer), the rest
 * goes in batches of its own transactions (the tick's, a batch at a time
 * when its time is up), and a day left half done is finished before the
 * next day's snapshot, which therefore holds the whole day. */
static void a_day_rolls_over_in_batches(void **state)
{
    struct register_batch b;
    struct rollover_report rep;
    struct colour_rules rules;
    struct resident r;
    struct by_colour want;
    int32_t day = day0 + 8;
    int64_t n = -1;
    char sql[200];
    int due;
    (void)state;

    set_today(day - 1);
    assert_int_equal(rollover_run(db, day - 1, &rep, &ae), 0);
    /* 120 arrivals of 13 days ago: they turn green tomorrow. */
    assert_int_equal(register_begin(&b, db, "test", "cli", &ae), 0);
    for (int i = 0; i < 120; i++) {
        memset(&r, 0, sizeof r);
        r.committee = committees[i % 3];
        snprintf(r.name, sizeof r.name, "到沪%d", i);
        r.doc_type = 1;
        snprintf(r.doc_no, sizeof r.doc_no, "B%07d", i);
        r.birth = DATE_NONE;
        facts_init(&r.facts);
        r.facts.arrival_day = day - 14;
        assert_int_equal(register_put(&b, &r, NULL, "register", NULL, day - 1), 0);
    }
    assert_int_equal(register_commit(&b, &ae), 0);
    due = due_by_the_rules(day);
    assert_true(due >= 120);

    setenv("CORDON_ROLLOVER_BATCH", "20", 1);
    set_today(day);
    assert_int_equal(rules_load(db, &rules, &ae), 0);
    assert_int_equal(db_begin_write(db), 0);
    assert_int_equal(rollover_catch_up(db, &rules, day, &rep), 0);
    assert_int_equal(db_commit(db), 0);
    assert_int_equal(rep.from, day);
    assert_int_equal(rep.evaluated, 20);
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM meta WHERE key = 'rolling_due' AND value = '%d'", (int)day);
    assert_int_equal(db_query_int64(db, sql, 0, NULL, &n), DB_ROW);
    assert_int_equal(n, 1);

    assert_int_equal(rollover_tick(db, day, 1e-9, &rep, &ae), 0);
    assert_int_equal(rep.evaluated, 20);
    assert_true(rep.unfinished);

    /* Stopped there. The next day finishes it first. */
    set_today(day + 1);
    assert_int_equal(rollover_run(db, day + 1, &rep, &ae), 0);
    assert_true(rep.evaluated >= due - 40);
    assert_false(rep.unfinished);
    memset(&want, 0, sizeof want);
    want.day = day;
    assert_int_equal(store_residents_within(db, 3101, count_by_colour, &want), 0);
    for (int c = 0; c < COLOUR_COUNT; c++) {
        snprintf(sql, sizeof sql,
                 "SELECT coalesce(sum(n), 0) FROM colour_daily WHERE unit BETWEEN 310100 AND "
                 "310199 AND day = %d "
                 "AND colour = %d",
                 (int)day, c);
        assert_int_equal(db_query_int64(db, sql, 0, NULL, &n), DB_ROW);
        if (n != want.n[c])
            fail_msg("colour %d on the day left half done: %lld in the snapshot, %lld by the rules",
                     c, (long long)n, (long long)want.n[c]);
    }
    assert_int_equal(db_query_int64(db,
                                    "SELECT count(*) FROM meta WHERE key = 'rolling_due' "
                                    "AND value <> ''",
                                    0, NULL, &n),
                     DB_ROW);
    assert_int_equal(n, 0);
    assert_consistent(day + 1);
    unsetenv("CORDON_ROLLOVER_BATCH");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(racing_ticks_roll_each_day_once),
        cmocka_unit_test(racing_writers_roll_each_day_once),
        cmocka_unit_test(racing_ticks_and_writers_roll_each_day_once),
        cmocka_unit_test(tick_skips_while_a_writer_writes),
        cmocka_unit_test(writer_waits_for_a_rollover_in_progress),
        cmocka_unit_test(locks_conflict_as_documented),
        cmocka_unit_test(a_day_rolls_over_in_batches),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
