/*
 * The daily roll-over (see rollover.h). The residents due on a day are first
 * collected (id, facts, colour, counting unit: a few dozen bytes each), then
 * re-evaluated and updated, so the scan over the next-change index never
 * runs while that index is being changed. With several processes on one
 * PostgreSQL database, an advisory lock taken at the start of every
 * transaction that catches up makes each day roll over once, and never
 * while another transaction is writing residents.
 */
#include "app/register/rollover.h"

#include "app/batches.h"

#include "app/register/rules.h"
#include "core/date.h"
#include "core/tally.h"
#include "store/residents.h"
#include "store/units.h"
#include "util/clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct due {
    int64_t id;
    int64_t unit;
    struct facts facts;
    enum colour colour;
};

struct due_list {
    struct due *v;
    size_t n, cap;
};

static int collect(void *arg, const struct resident *r)
{
    struct due_list *l = arg;

    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 1024;
        struct due *nv = realloc(l->v, cap * sizeof *nv);
        if (!nv)
            return DB_E_NOMEM;
        l->v = nv;
        l->cap = cap;
    }
    l->v[l->n].id = r->id;
    l->v[l->n].unit = resident_count_unit(r);
    l->v[l->n].facts = r->facts;
    l->v[l->n].colour = r->colour;
    l->n++;
    return 0;
}

struct apply_ctx {
    struct db *db;
};

static int apply_delta(void *arg, int64_t unit, const int64_t delta[COLOUR_COUNT])
{
    struct apply_ctx *a = arg;
    return store_counts_add(a->db, unit, delta);
}

int rollover_last_day(struct db *db, int32_t *out)
{
    char buf[32];
    int rc = store_meta_get(db, "rolled_to", buf, sizeof buf);

    if (rc == DB_E_NOTFOUND) {
        *out = DATE_NONE;
        return 0;
    }
    if (rc < 0)
        return rc;
    *out = (int32_t)strtol(buf, NULL, 10);
    return 0;
}

/* issue 19: at a city's size a day's roll-over re-evaluates ~250,000
 * residents (1 %, 7.26 s): in one transaction it held the write lock that
 * long, and writes waiting past the 5 s busy timeout were refused. The
 * counts' snapshot must come before the day's first write, so opening a day
 * still happens at once (the snapshot and a first batch); the rest of the
 * day's residents are re-evaluated by the server's tick in batches
 * (app/batches.h), each its own transaction, while meta `rolling_due`
 * names the day. Meanwhile a resident not yet re-evaluated keeps
 * yesterday's colour for a few seconds; a write to it evaluates it for
 * today anyway. CORDON_ROLLOVER_BATCH makes batches smaller (the tests).
 */

/* Re-evaluates at most `limit` residents due on `day` and moves their
 * counts; *out_more when there may be more. */
static int roll_batch(struct db *db, const struct colour_rules *rules, int32_t day, int limit,
                      struct rollover_report *out, int *out_more)
{
    struct due_list l = {0};
    struct tally t;
    struct apply_ctx a = {db};
    int rc;

    tally_init(&t);
    if ((rc = store_residents_due(db, day, limit, collect, &l)) < 0)
        goto out;
    for (size_t i = 0; i < l.n; i++) {
        int32_t next;
        enum colour c = colour_eval(rules, &l.v[i].facts, day, &next);
        if ((rc = store_resident_set_colour(db, l.v[i].id, l.v[i].unit, c, next)) < 0)
            goto out;
        out->evaluated++;
        if (c != l.v[i].colour) {
            out->changed++;
            if (tally_move(&t, l.v[i].unit, l.v[i].colour, l.v[i].unit, c) < 0) {
                rc = DB_E_NOMEM;
                goto out;
            }
        }
    }
    *out_more = l.n == (size_t)limit;
    rc = tally_each(&t, apply_delta, &a);
out:
    tally_cleanup(&t);
    free(l.v);
    return rc;
}

/* The rest of `day`'s residents, all of them, in the caller's transaction. */
static int roll_rest(struct db *db, const struct colour_rules *rules, int32_t day,
                     struct rollover_report *out)
{
    int rc, more = 1;

    while (more)
        if ((rc = roll_batch(db, rules, day, batch_rows("CORDON_ROLLOVER_BATCH"), out, &more)) < 0)
            return rc;
    return 0;
}

/* Opens `day`: the counts as they stand are the end of the previous day,
 * then its residents due, all of them, or the first batch when `first`
 * (*out_more then says whether the tick has more to do). */
static int roll_one_day(struct db *db, const struct colour_rules *rules, int32_t day, int first,
                        struct rollover_report *out, int *out_more)
{
    int rc;

    *out_more = 0;
    if ((rc = store_counts_snapshot(db, day - 1)) < 0)
        return rc;
    return first ? roll_batch(db, rules, day, batch_rows("CORDON_ROLLOVER_BATCH"), out, out_more)
                 : roll_rest(db, rules, day, out);
}

/* The day whose residents are still being re-evaluated (meta
 * `rolling_due`), DATE_NONE when none. */
static int rolling_day(struct db *db, int32_t *out)
{
    char buf[32];
    int rc = store_meta_get(db, "rolling_due", buf, sizeof buf);

    *out = DATE_NONE;
    if (rc == DB_E_NOTFOUND)
        return 0;
    if (rc < 0)
        return rc;
    if (buf[0])
        *out = (int32_t)strtol(buf, NULL, 10);
    return 0;
}

static int set_rolling_day(struct db *db, int32_t day)
{
    char buf[32] = "";

    if (day != DATE_NONE)
        snprintf(buf, sizeof buf, "%d", day);
    return store_meta_set(db, "rolling_due", buf);
}

/*
 * The roll-over's lock between processes (see rollover.h): the bytes of
 * "cordon", 0 and 2 (the schema migration's is ..., 1).
 */
#define ROLLOVER_LOCK INT64_C(0x636f72646f6e0002)

/* Catches up; try = 1 gives up at once (out->skipped) when another
 * process holds the lock, else waits for it. */
static int catch_up(struct db *db, const struct colour_rules *rules, int32_t today, int try,
                    struct rollover_report *out)
{
    int32_t last, pending;
    char buf[32];
    int rc, got = 0, more = 0;

    memset(out, 0, sizeof *out);
    out->from = out->to = DATE_NONE;
    if ((rc = rollover_last_day(db, &last)) < 0)
        return rc;
    if (last != DATE_NONE && last >= today) {
        /* Nothing to do. A writer holds the lock shared until it commits,
         * so a roll-over to a later day waits for its changes (and cannot
         * overwrite them with colours computed from older rows). The last
         * day only ever grows, so no need to read it again. */
        return try ? 0 : db_lock(db, ROLLOVER_LOCK, DB_LOCK_SHARED);
    }
    /* Never upgrade a shared lock (two upgraders would deadlock): take it
     * exclusive straight away. */
    if (try) {
        if ((rc = db_try_lock(db, ROLLOVER_LOCK, DB_LOCK_EXCLUSIVE, &got)) < 0)
            return rc;
        if (!got) {
            out->skipped = 1;
            return 0;
        }
    } else if ((rc = db_lock(db, ROLLOVER_LOCK, DB_LOCK_EXCLUSIVE)) < 0) {
        return rc;
    }
    /* Read again under the lock, in a statement of its own (on PostgreSQL
     * it sees everything committed before the lock was granted): another
     * process may have rolled over meanwhile. */
    if ((rc = rollover_last_day(db, &last)) < 0 || (rc = rolling_day(db, &pending)) < 0)
        return rc;
    if (last != DATE_NONE && last >= today)
        return 0;
    /* A day left half done (a server stopped before its tick finished it)
     * is finished before the next day's snapshot is taken. */
    if (pending != DATE_NONE && (rc = roll_rest(db, rules, pending, out)) < 0)
        return rc;
    if (last == DATE_NONE) {
        /* Nothing was evaluated for an earlier day: start from today. */
        last = today - 1;
        if ((rc = roll_one_day(db, rules, today, 1, out, &more)) < 0)
            return rc;
        out->from = out->to = today;
    } else {
        out->from = last + 1;
        for (int32_t d = last + 1; d <= today; d++)
            if ((rc = roll_one_day(db, rules, d, d == today, out, &more)) < 0)
                return rc;
        out->to = today;
    }
    if ((rc = set_rolling_day(db, more ? today : DATE_NONE)) < 0)
        return rc;
    snprintf(buf, sizeof buf, "%d", today);
    return store_meta_set(db, "rolled_to", buf);
}

int rollover_catch_up(struct db *db, const struct colour_rules *rules, int32_t today,
                      struct rollover_report *out)
{
    return catch_up(db, rules, today, 0, out);
}

int rollover_exclude_writers(struct db *db)
{
    return db_lock(db, ROLLOVER_LOCK, DB_LOCK_EXCLUSIVE);
}

/* One batch of the day still being rolled over (meta `rolling_due`), in a
 * transaction of its own; *out_more when there is more. The lock is taken
 * exclusive and waited for: writers hold it shared for the few
 * milliseconds of their transaction (rollover_catch_up). */
static int continue_batch(struct db *db, const struct colour_rules *rules,
                          struct rollover_report *out, int *out_more)
{
    int32_t pending;
    int rc, more = 0;

    *out_more = 0;
    if ((rc = db_begin_write(db)) < 0)
        return rc;
    if ((rc = db_lock(db, ROLLOVER_LOCK, DB_LOCK_EXCLUSIVE)) < 0 ||
        (rc = rolling_day(db, &pending)) < 0)
        goto fail;
    if (pending == DATE_NONE) {
        db_rollback(db);
        return 0;
    }
    if ((rc = roll_batch(db, rules, pending, batch_rows("CORDON_ROLLOVER_BATCH"), out, &more)) <
            0 ||
        (!more && (rc = set_rolling_day(db, DATE_NONE)) < 0) || (rc = db_commit(db)) < 0)
        goto fail;
    out->to = pending;
    *out_more = more;
    return 0;
fail:
    db_rollback(db);
    return rc;
}

/* rollover_run and rollover_tick: budget_s 0 runs the day's batches back
 * to back to the end; > 0 pauses as long as each batch took between two
 * (writers waiting for the lock take it meanwhile) and stops when the time
 * is up (out->unfinished). */
static int run(struct db *db, int32_t today, double budget_s, struct rollover_report *out,
               struct app_error *err)
{
    struct colour_rules rules;
    double start = clock_mono(), t0;
    int rc, more = 1;

    if ((rc = rules_load(db, &rules, err)) < 0)
        return rc;
    if ((rc = db_begin_write(db)) < 0)
        goto fail;
    if ((rc = catch_up(db, &rules, today, 1, out)) < 0 || (rc = db_commit(db)) < 0) {
        db_rollback(db);
        goto fail;
    }
    if (out->skipped)
        return 0;
    while (more) {
        t0 = clock_mono();
        if ((rc = continue_batch(db, &rules, out, &more)) < 0)
            goto fail;
        if (!more || budget_s <= 0)
            continue;
        if (clock_mono() - start >= budget_s) {
            out->unfinished = 1;
            break;
        }
        batch_pause(clock_mono() - t0);
    }
    return 0;
fail:
    app_fail(err, APP_E_INTERNAL, "db_error", NULL, "cannot roll over: %s", db_errmsg(db));
    return rc;
}

int rollover_run(struct db *db, int32_t today, struct rollover_report *out, struct app_error *err)
{
    return run(db, today, 0, out, err);
}

int rollover_tick(struct db *db, int32_t today, double budget_s, struct rollover_report *out,
                  struct app_error *err)
{
    return run(db, today, budget_s, out, err);
}
