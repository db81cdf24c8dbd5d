/*
 * Parts of a dashboard that are dear to count at the city and its
 * districts, shared between requests for a few seconds (issue 19).
 *
 * Why: at city density (bench/city.py's Shanghai: 24.7 million residents,
 * 990,355 open quarantine cases, a day of 143,622 screenings) the city's
 * quarantine and task tallies took ~450 ms a request, its checkpoint
 * tallies (screenings by post, hand-overs pending by level) hundreds more,
 * and a district's a fifth of that; a street's take a few milliseconds, a
 * committee's well under one. Dashboards poll, so the city's and the
 * districts' pages would cost a core each for the same figures over and
 * over, and miss their 50 ms.
 *
 * The rule: a part that counted at least TALLY_MIN_ROWS rows (open cases
 * and open tasks; screenings of the day and pending hand-overs) is kept
 * for TALLY_TTL_S seconds and served to every dashboard of that unit
 * meanwhile; the part carries "as_of", when its figures were counted. A
 * smaller one is counted on every request, so a committee's and a
 * street's pages, and every page of a small city, show each write at once.
 * The rule is the size of what was counted, not the time it took, so that
 * the same database always behaves the same (a loaded machine must not
 * make a page stale). When a kept part expires, the first request to see
 * it hands the recount to the server's task pool and is served the kept
 * part, like every request until the new one is kept: once a part is kept,
 * no request waits for a recount (the first request of a unit does).
 * Without a task pool (the command line, unit tests) the first request
 * recounts in line. CORDON_TALLY_MIN_ROWS replaces the threshold and
 * CORDON_TALLY_TTL_S the time to live (tests: 0 rows keeps every part, and
 * 2 s makes it expire within a test); CORDON_TALLY_AHEAD=0 turns counting
 * ahead off.
 *
 * Counted ahead: the server's tick hands the city's and its districts'
 * parts to the task pool whenever their key is new (a start, a new day, a
 * new check-in slot: tally_memo_warm), so the first dashboard of the city
 * after one of those does not count for ~0.9 s either (bench/RESULTS.md,
 * "The city's dashboard with a day of screenings").
 *
 * Kept per server process in a small table searched in full (the parts
 * worth keeping are those of the city and its districts: a few dozen).
 */
#include "app/tasks/tally_memo.h"

#include "store/db.h"
#include "util/clock.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define TALLY_SLOTS    128
#define WARM_SLOTS     64
#define TALLY_TTL_S    5.0
#define TALLY_MIN_ROWS 20000

struct kept {
    struct tally_key key;
    json_t *part;  /* NULL: the slot is free */
    double at;     /* clock_mono() when counted */
    int computing; /* a recount of key is under way */
};

static struct kept kept[TALLY_SLOTS];
static pthread_mutex_t kept_lock = PTHREAD_MUTEX_INITIALIZER;
static tally_background_fn background;
/* The last key of each (kind, unit) counted ahead, so that it is handed to
 * the pool once, kept or not (under kept_lock; the oldest is reused). */
static struct tally_key warmed[WARM_SLOTS];
static int warmed_next;
static uint64_t counted[3]; /* by enum tally_counted, atomically */

static int64_t min_rows(void)
{
    const char *v = getenv("CORDON_TALLY_MIN_ROWS");

    return v && *v ? strtoll(v, NULL, 10) : TALLY_MIN_ROWS;
}

static double ttl_s(void)
{
    const char *v = getenv("CORDON_TALLY_TTL_S");

    return v && *v ? atof(v) : TALLY_TTL_S;
}

/* CORDON_TALLY_AHEAD=0 turns counting ahead off (tests/api/test_query_plans.py:
 * the dashboards' statements must be prepared by the requests it watches). */
static int ahead_on(void)
{
    const char *v = getenv("CORDON_TALLY_AHEAD");

    return !v || strcmp(v, "0") != 0;
}

static int same(const struct tally_key *a, const struct tally_key *b)
{
    return a->kind == b->kind && a->unit == b->unit && a->today == b->today &&
           a->due_day == b->due_day && a->slot == b->slot;
}

/* The slot holding a part of k's unit and kind (of any day), or NULL. */
static struct kept *find(const struct tally_key *k)
{
    for (int i = 0; i < TALLY_SLOTS; i++)
        if (kept[i].part && kept[i].key.kind == k->kind && kept[i].key.unit == k->unit)
            return &kept[i];
    return NULL;
}

/* Keeps part (counted over rows) for k, or forgets k's when part is NULL
 * or small. */
static void put(const struct tally_key *k, const json_t *part, int64_t rows)
{
    struct kept *e, *oldest = &kept[0];
    json_t *copy = part && rows >= min_rows() ? json_deep_copy(part) : NULL;

    pthread_mutex_lock(&kept_lock);
    if (!(e = find(k)) && copy) {
        for (int i = 0; i < TALLY_SLOTS && !e; i++)
            if (!kept[i].part)
                e = &kept[i];
            else if (kept[i].at < oldest->at)
                oldest = &kept[i];
        e = e ? e : oldest;
    }
    if (e) {
        json_decref(e->part);
        e->key = *k;
        e->part = copy;
        e->at = clock_mono();
        e->computing = 0;
    } else {
        json_decref(copy);
    }
    pthread_mutex_unlock(&kept_lock);
}

struct recount {
    struct tally_key key;
    int64_t now;
    tally_count_fn count;
    enum tally_counted how;
};

static int recount_job(struct db *db, void *arg)
{
    struct recount *r = arg;
    int64_t rows = 0;
    int rc = DB_E_BUSY;
    json_t *part = db ? r->count(db, &r->key, r->now, &rows, &rc) : NULL;

    put(&r->key, part, rows);
    /* Counted once kept: a test that saw it counted ahead is then served. */
    if (part)
        __atomic_add_fetch(&counted[r->how], 1, __ATOMIC_RELAXED);
    json_decref(part);
    return part ? 0 : rc;
}

void tally_memo_set_background(tally_background_fn fn)
{
    __atomic_store_n(&background, fn, __ATOMIC_RELEASE);
}

/* A recount of k handed to the task pool: 0, or -1 when there is none. */
static int recount_later(const struct tally_key *k, int64_t now, tally_count_fn count,
                         enum tally_counted how)
{
    tally_background_fn bg = __atomic_load_n(&background, __ATOMIC_ACQUIRE);
    struct recount *r;

    if (!bg || !(r = malloc(sizeof *r)))
        return -1;
    r->key = *k;
    r->now = now;
    r->count = count;
    r->how = how;
    if (bg(recount_job, r) < 0) {
        free(r);
        return -1;
    }
    return 0;
}

json_t *tally_memo_part(struct db *db, const struct tally_key *k, int64_t now, tally_count_fn count,
                        int *out_rc)
{
    struct kept *e;
    json_t *part = NULL;
    int64_t rows = 0;
    int recount = 0;

    pthread_mutex_lock(&kept_lock);
    if ((e = find(k)) && same(&e->key, k)) {
        if (clock_mono() - e->at < ttl_s() || e->computing) {
            part = json_deep_copy(e->part);
        } else {
            e->computing = 1; /* this caller recounts; the others are served */
            recount = 1;
            part = json_deep_copy(e->part);
        }
    }
    pthread_mutex_unlock(&kept_lock);
    if (part && (!recount || recount_later(k, now, count, TALLY_COUNTED_BACKGROUND) == 0)) {
        *out_rc = 0;
        return part;
    }
    json_decref(part);
    __atomic_add_fetch(&counted[TALLY_COUNTED_INLINE], 1, __ATOMIC_RELAXED);
    if (!(part = count(db, k, now, &rows, out_rc))) {
        put(k, NULL, 0);
        return NULL;
    }
    put(k, part, rows);
    *out_rc = 0;
    return part;
}

int tally_memo_warm(const struct tally_key *k, int64_t now, tally_count_fn count)
{
    struct tally_key *w = NULL;
    struct kept *e;
    int i;

    if (!ahead_on() || !__atomic_load_n(&background, __ATOMIC_ACQUIRE))
        return -1;
    pthread_mutex_lock(&kept_lock);
    for (i = 0; i < WARM_SLOTS && !w; i++)
        if (warmed[i].kind == k->kind && warmed[i].unit == k->unit)
            w = &warmed[i];
    if ((w && same(w, k)) || ((e = find(k)) && same(&e->key, k))) {
        pthread_mutex_unlock(&kept_lock);
        return 0;
    }
    if (!w) {
        w = &warmed[warmed_next];
        warmed_next = (warmed_next + 1) % WARM_SLOTS;
    }
    *w = *k;
    pthread_mutex_unlock(&kept_lock);
    if (recount_later(k, now, count, TALLY_COUNTED_AHEAD) < 0) {
        pthread_mutex_lock(&kept_lock);
        memset(w, 0, sizeof *w); /* again at the next tick */
        pthread_mutex_unlock(&kept_lock);
        return -1;
    }
    return 1;
}

uint64_t tally_memo_counted(enum tally_counted how)
{
    return __atomic_load_n(&counted[how], __ATOMIC_RELAXED);
}
