/*
 * Cases for the demo's quarantined residents (see demo_cases.h): collects
 * the residents, then opens each case through quarantines_open_for_fact
 * inside one writer job.
 */
#include "demo/demo_cases.h"

#include "app/app.h"
#include "app/quarantine/quarantines.h"
#include "core/colour.h"
#include "core/date.h"
#include "core/unitcode.h"
#include "store/accounts.h"
#include "store/residents.h"
#include "util/clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct demo_cases {
    struct caller c;
    int32_t today;
    int64_t *ids;
    struct facts_change *changes;
    size_t n, cap;
    int64_t opened;
    struct app_error err;
};

static int collect(void *arg, const struct resident *r)
{
    struct demo_cases *d = arg;
    const struct facts *f = &r->facts;

    if (r->colour != COLOUR_ORANGE || f->quarantine == QUARANTINE_NONE ||
        f->quarantine_from == DATE_NONE || f->quarantine_from > d->today ||
        f->quarantine_until == DATE_NONE || f->quarantine_until < d->today ||
        (f->quarantine == QUARANTINE_HOME && !r->household))
        return 0;
    if (d->n == d->cap) {
        size_t cap = d->cap ? 2 * d->cap : 256;
        int64_t *ids = realloc(d->ids, cap * sizeof *ids);
        struct facts_change *ch;
        if (!ids)
            return DB_E_NOMEM;
        d->ids = ids;
        if (!(ch = realloc(d->changes, cap * sizeof *ch)))
            return DB_E_NOMEM;
        d->changes = ch;
        d->cap = cap;
    }
    memset(&d->changes[d->n], 0, sizeof d->changes[d->n]);
    d->changes[d->n].set = FACT_QUARANTINE;
    d->changes[d->n].quarantine = f->quarantine;
    d->changes[d->n].quarantine_from = f->quarantine_from;
    d->changes[d->n].quarantine_until = f->quarantine_until;
    d->changes[d->n].effective = f->quarantine_from;
    d->ids[d->n++] = r->id;
    return 0;
}

/* The writer job: one case per resident; one already open is left alone. */
static int open_all(struct db *db, void *arg)
{
    struct demo_cases *d = arg;
    char token[QUARANTINE_TOKEN_LEN];

    for (size_t i = 0; i < d->n; i++) {
        int64_t id = 0;
        int rc =
            quarantines_open_for_fact(db, &d->c, d->ids[i], &d->changes[i], &id, token, &d->err);
        if (rc < 0 && strcmp(d->err.code, "case_open") != 0)
            return rc;
        d->opened += rc == 0;
    }
    return 0;
}

int demo_cases_create(struct db *db, int64_t unit, const char *committee_account,
                      int64_t *out_opened, char err[256])
{
    struct demo_cases d;
    struct account a;
    int rc;

    memset(&d, 0, sizeof d);
    d.today = clock_today();
    caller_cli(&d.c, unitcode_at_level(unit, LEVEL_CITY));
    if (store_account_by_name(db, committee_account, &a) == 0) {
        snprintf(d.c.name, sizeof d.c.name, "%s", committee_account);
        d.c.role = ROLE_COMMITTEE;
        d.c.unit = unit;
        d.c.account = a.id;
    }
    if ((rc = store_residents_within(db, unit, collect, &d)) < 0) {
        snprintf(err, 256, "demo cases: %s", db_errmsg(db));
        goto out;
    }
    if ((rc = app_write(db, NULL, open_all, &d)) < 0) {
        snprintf(err, 256, "demo cases: %s", d.err.code[0] ? d.err.message : db_errmsg(db));
        goto out;
    }
    *out_opened = d.opened;
    rc = 0;
out:
    free(d.ids);
    free(d.changes);
    return rc;
}
