/*
 * The demo's building entries (see demo_entries.h): the places of the street
 * and their normal staff read once, then one bulk load of the day's rows.
 */
#include "demo/demo_entries.h"

#include "core/unitcode.h"
#include "demo/demo_enterprises.h"
#include "store/building_entries.h"
#include "store/units.h"
#include "util/linktoken.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PLACES 1024

struct places {
    int64_t id[MAX_PLACES], normal[MAX_PLACES], total, entered;
    int n;
};

static int keep_place(void *arg, const struct entry_place *p)
{
    struct places *ps = arg;

    if (ps->n < MAX_PLACES && p->normal > 0) {
        ps->id[ps->n] = p->id;
        ps->normal[ps->n++] = p->normal;
        ps->total += p->normal;
    }
    ps->entered += p->on_site + p->fevers;
    return 0;
}

/* One entry as generated, before the load. */
struct gen {
    char worker[LINKHASH_LEN];
    int64_t place, at;
    int tenths, fever;
};

/* Generates each place's share of the day's workers into g[0..*n). */
static int generate(const char *key, const struct places *ps, int32_t day, struct gen *g,
                    int64_t *n)
{
    int64_t morning = (int64_t)day * 86400 - 1800; /* 07:30 in Shanghai (UTC+8) */
    char number[24];

    *n = 0;
    for (int i = 0; i < ps->n; i++)
        for (int64_t k = ps->normal[i] * DEMO_ENTRIES / ps->total; k > 0; k--, (*n)++) {
            unsigned h = (unsigned)*n * 2654435761u;
            struct gen *e = &g[*n];

            e->place = ps->id[i];
            e->fever = (h >> 20) % 1000 == 0;
            e->tenths = e->fever ? 375 : 360 + (int)(h >> 8) % 13; /* 36.0 .. 37.2 */
            e->at = morning + (int64_t)(h % 9000);
            snprintf(number, sizeof number, "W%09lld", (long long)*n);
            if (linktoken_keyed_text(key, number, e->worker) < 0)
                return -1;
        }
    return 0;
}

static int load(struct db *db, const struct gen *g, int64_t n, int32_t day)
{
    int64_t district = unitcode_at_level(DEMO_HONGMEI, LEVEL_DISTRICT);
    struct db_bulk *b = NULL;
    int rc;

    if ((rc = db_bulk_begin(db, "building_entries",
                            "day,worker,place,street,tenths,fever,at,district", 8, &b)) < 0)
        return rc;
    for (int64_t i = 0; i < n && rc == 0; i++) {
        const struct db_value v[8] = {DB_ARG_INT(day),         DB_ARG_TEXT(g[i].worker),
                                      DB_ARG_INT(g[i].place),  DB_ARG_INT(DEMO_HONGMEI),
                                      DB_ARG_INT(g[i].tenths), DB_ARG_INT(g[i].fever),
                                      DB_ARG_INT(g[i].at),     DB_ARG_INT(district)};
        rc = db_bulk_row(b, v);
    }
    if (rc < 0) {
        db_bulk_end(b);
        return rc;
    }
    return db_bulk_end(b);
}

static int write_day(struct db *db, const char *key, const struct places *ps, int32_t day,
                     int64_t *out_n)
{
    struct gen *g = malloc(sizeof *g * (DEMO_ENTRIES + (size_t)ps->n));
    int64_t n = 0;
    int rc = -1;

    *out_n = 0;
    if (!g || generate(key, ps, day, g, &n) < 0)
        goto out;
    if ((rc = db_begin_write(db)) < 0)
        goto out;
    if ((rc = load(db, g, n, day)) < 0 ||
        (rc = store_entry_days_recount(db, DEMO_HONGMEI, day)) < 0 || (rc = db_commit(db)) < 0)
        db_rollback(db);
    else
        *out_n = n;
out:
    free(g);
    return rc;
}

int demo_entries_create(struct db *db, int32_t day, int64_t *out_n, char err[256])
{
    struct places *ps = calloc(1, sizeof *ps);
    char key[128];
    int rc;

    *out_n = 0;
    if (!ps) {
        snprintf(err, 256, "out of memory");
        return -1;
    }
    if ((rc = store_meta_get(db, "entry_key", key, sizeof key)) < 0 ||
        (rc = store_entry_places(db, DEMO_HONGMEI, DEMO_HONGMEI + 1, day, keep_place, ps)) < 0) {
        snprintf(err, 256, "cannot read the demo's buildings: %s", db_errmsg(db));
        goto out;
    }
    if (ps->entered == 0 && ps->total > 0 && (rc = write_day(db, key, ps, day, out_n)) < 0)
        snprintf(err, 256, "cannot write the demo's entries: %s", db_errmsg(db));
out:
    sodium_memzero(key, sizeof key);
    free(ps);
    return rc;
}
