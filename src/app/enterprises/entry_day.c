/*
 * The writer's day of building entries (see entry_day.h): a key set of
 * today's workers and the group's counts by place, thread-local.
 */
#include "app/enterprises/entry_day.h"

#include <pthread.h>
#include <sodium.h>

#include <stdlib.h>
#include <string.h>

struct day_state {
    int32_t day;     /* the day the set holds; 0: not loaded */
    int uncommitted; /* the set holds workers of a group not yet committed */
    struct keyset set;
    struct entry_day_row *counts; /* the group's, by place */
    int ncounts, capcounts;
};

static __thread struct day_state st;
static pthread_key_t st_key;
static pthread_once_t st_once = PTHREAD_ONCE_INIT;

/* Frees the thread's set when the writer thread ends. */
static void st_free(void *arg)
{
    struct day_state *s = arg;

    keyset_cleanup(&s->set);
    free(s->counts);
    memset(s, 0, sizeof *s);
}

static void st_key_make(void)
{
    if (pthread_key_create(&st_key, st_free) != 0)
        abort();
}

/* Before the first allocation of this thread's state. */
static void st_track(void)
{
    pthread_once(&st_once, st_key_make);
    if (!pthread_getspecific(st_key))
        pthread_setspecific(st_key, &st);
}

void entry_day_key(const char *worker, uint8_t out[KEYSET_KEY])
{
    crypto_generichash(out, KEYSET_KEY, (const unsigned char *)worker, strlen(worker), NULL, 0);
}

static int load_one(void *arg, const char *worker)
{
    uint8_t key[KEYSET_KEY];

    entry_day_key(worker, key);
    return keyset_add(arg, key) < 0 ? DB_E_NOMEM : 0;
}

static int load(struct db *db, int32_t day)
{
    int rc;

    st_track();
    st.day = 0;
    keyset_clear(&st.set);
    if ((rc = store_entry_workers(db, day, load_one, &st.set)) < 0) {
        keyset_clear(&st.set);
        return rc;
    }
    st.day = day;
    return 0;
}

int entry_day_seen(struct db *db, int32_t day, const uint8_t key[KEYSET_KEY], int *out_seen)
{
    int rc;

    *out_seen = 0;
    /* Within a group the table already holds the group's own rows, so a
     * load here sees them: the set stays whole across a change of day. */
    if (st.day != day && (rc = load(db, day)) < 0)
        return rc;
    *out_seen = keyset_has(&st.set, key);
    return 0;
}

static struct entry_day_row *count_of(const struct entry_row *e)
{
    struct entry_day_row *d;

    for (int i = 0; i < st.ncounts; i++)
        if (st.counts[i].place == e->place && st.counts[i].day == e->day)
            return &st.counts[i];
    if (st.ncounts == st.capcounts) {
        int cap = st.capcounts ? st.capcounts * 2 : 16;
        struct entry_day_row *p = realloc(st.counts, (size_t)cap * sizeof *p);

        if (!p)
            return NULL;
        st.counts = p;
        st.capcounts = cap;
    }
    d = &st.counts[st.ncounts++];
    memset(d, 0, sizeof *d);
    d->street = e->street;
    d->day = e->day;
    d->place = e->place;
    return d;
}

int entry_day_record(const struct entry_row *e, const uint8_t key[KEYSET_KEY])
{
    struct entry_day_row *d = count_of(e);

    if (!d)
        return DB_E_NOMEM;
    if (keyset_add(&st.set, key) < 0) {
        if (d->on_site == 0 && d->fevers == 0)
            st.ncounts--; /* made just now: the last one */
        return DB_E_NOMEM;
    }
    st.uncommitted = 1;
    if (e->fever)
        d->fevers++;
    else
        d->on_site++;
    return 0;
}

void entry_day_group_begin(void)
{
    if (st.uncommitted) { /* the last group failed: its workers are not entered */
        st.day = 0;
        keyset_clear(&st.set);
        st.uncommitted = 0;
    }
    st.ncounts = 0;
}

int entry_day_group_end(struct db *db)
{
    int rc = 0;

    for (int i = 0; i < st.ncounts && rc == 0; i++)
        rc = store_entry_day_add(db, &st.counts[i]);
    st.ncounts = 0;
    return rc;
}

void entry_day_committed(void)
{
    st.uncommitted = 0;
}
