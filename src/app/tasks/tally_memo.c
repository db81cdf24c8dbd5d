/*
 * The quarantine and task tallies of a dashboard, shared between requests
 * while they are dear to compute (issue 19).
 *
 * Why: at city density (25 million residents, 990,355 open quarantines in
 * bench/city.py's city) the city's tallies took 450 ms a request and a
 * district's 90 ms: every open quarantine within the unit is read, and its
 * readings of the current slot looked up. A street's take a few
 * milliseconds, a committee's well under one. Dashboards poll, so the
 * city's and the districts' pages would cost a core each for the same
 * figures over and over, and miss their 50 ms.
 *
 * The rule: a tally that counted at least TALLY_MIN_ROWS open quarantines
 * and open tasks is kept for TALLY_TTL_S seconds and served to every
 * dashboard of that unit meanwhile; the answer carries "as_of", when its
 * figures were computed. A smaller one is computed every time, so a
 * committee's and a street's pages, and every page of a small city, show
 * each write at once. The rule is the size of what was counted, not the
 * time it took, so that the same database always behaves the same (a
 * loaded machine must not make a page stale). When a kept tally expires,
 * the first request computes it again and the others are served the
 * previous one until it is done (no pile of identical scans).
 * CORDON_TALLY_MIN_ROWS replaces the threshold and CORDON_TALLY_TTL_S the
 * time to live (tests: 0 rows keeps every tally, and 1 s makes it expire
 * within a test).
 *
 * Kept per server process, in a small table keyed by unit (a collision
 * evicts): the tallies worth keeping are those of the city and its
 * districts, a few dozen units.
 */
#include "app/tasks/tally_memo.h"

#include "util/clock.h"

#include <pthread.h>
#include <stdlib.h>

#define TALLY_SLOTS    64
#define TALLY_TTL_S    5.0
#define TALLY_MIN_ROWS 20000

struct kept {
    struct tally_key key;
    struct tally t;
    double at;     /* monotonic seconds when computed */
    int used;      /* t holds a tally of key */
    int computing; /* a request is computing key's tally again */
};

static struct kept kept[TALLY_SLOTS];
static pthread_mutex_t kept_lock = PTHREAD_MUTEX_INITIALIZER;

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

static int same(const struct tally_key *a, const struct tally_key *b)
{
    return a->unit == b->unit && a->today == b->today && a->due_day == b->due_day &&
           a->slot == b->slot;
}

static struct kept *slot_of(const struct tally_key *k)
{
    return &kept[(uint64_t)k->unit % TALLY_SLOTS];
}

int tally_memo_get(const struct tally_key *k, struct tally *out)
{
    struct kept *e = slot_of(k);
    int hit = 0;

    pthread_mutex_lock(&kept_lock);
    if (e->used && same(&e->key, k)) {
        if (clock_mono() - e->at < ttl_s() || e->computing) {
            *out = e->t;
            hit = 1;
        } else {
            e->computing = 1; /* this caller computes; the others keep being served */
        }
    }
    pthread_mutex_unlock(&kept_lock);
    return hit;
}

void tally_memo_put(const struct tally_key *k, const struct tally *t)
{
    struct kept *e = slot_of(k);

    pthread_mutex_lock(&kept_lock);
    if (t && t->qc.active + t->tc.open >= min_rows()) {
        e->key = *k;
        e->t = *t;
        e->at = clock_mono();
        e->used = 1;
        e->computing = 0;
    } else if (e->used && same(&e->key, k)) {
        /* Failed, or small now: computed every time from here on. */
        e->used = 0;
        e->computing = 0;
    }
    pthread_mutex_unlock(&kept_lock);
}
