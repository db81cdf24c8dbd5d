/*
 * The demo scenario (see demo.h): grids for Qishan, its compounds and
 * residents, a light population elsewhere, 30 days of history.
 */
#include "demo/demo.h"

#include "demo/demo_cadre_day.h"
#include "demo/demo_cases.h"
#include "demo/demo_checkpoints.h"
#include "demo/demo_enterprises.h"
#include "demo/demo_enterprises_more.h"
#include "demo/demo_returnees.h"
#include "demo/demo_supplies.h"
#include "demo/demo_tasks.h"
#include "demo/demo_workforce.h"
#include "demo/generate.h"
#include "app/units/hierarchy.h"
#include "app/register/import.h"
#include "app/register/rules.h"
#include "core/colour.h"
#include "core/date.h"
#include "core/tally.h"
#include "core/unitcode.h"
#include "store/residents.h"
#include "store/units.h"
#include "util/clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const qishan_compounds[] = {"岐山村",     "江苏路480弄", "愚园路1032弄",
                                               "长宁路18弄", "武夷路100弄", NULL};
static const char *const qishan_grids[] = {"岐山第一网格", "岐山第二网格", "岐山第三网格",
                                           "岐山第四网格"};

/*
 * The demo's people in one sheet and one import: 岐山's residents first (so
 * that they keep the first numbers), then `per_committee` in every
 * committee of the city. One import of an empty register takes the bulk
 * path where the driver has one (COPY on PostgreSQL), where two imports
 * sent the second one row by row: minutes on Citus, where every row of a
 * reference table goes to every node.
 */
static int demo_people(struct db *db, int64_t city, int64_t per_committee, struct demo_report *out,
                       char err[256])
{
    struct gen_opts opts = {20200309, 0, 1, qishan_compounds, qishan_grids, 4};
    struct gen_committee q = {DEMO_COMMITTEE, "岐山居委会", 6000};
    struct import_opts io = {0, NULL, 0, "demo", NULL, 1, NULL};
    struct import_report rep;
    struct app_error ae;
    char *buf = NULL, *more = NULL, *nl;
    size_t len = 0, more_len = 0;
    FILE *f;
    int rc;

    err[0] = '\0';
    opts.today = clock_today();
    if (!(f = open_memstream(&buf, &len))) {
        snprintf(err, 256, "out of memory");
        return -1;
    }
    rc = gen_residents_csv(f, &q, 1, &opts, 1, NULL) < 0 ? -1 : 0;
    fflush(f);
    /* A row a line, after the header: 岐山's people. */
    for (size_t i = 0; rc == 0 && i < len; i++)
        out->qishan_residents += buf[i] == '\n';
    out->qishan_residents--;
    if (rc == 0 && per_committee > 0) {
        int64_t levels[6] = {0};
        FILE *g;
        if ((rc = store_unit_count_levels(db, city, levels)) < 0) {
            snprintf(err, 256, "%s", db_errmsg(db));
            goto out;
        }
        if (!(g = open_memstream(&more, &more_len))) {
            rc = -1;
            goto out;
        }
        rc = gen_residents_file(db, city, levels[LEVEL_COMMITTEE] * per_committee, 2020, g, err);
        fclose(g);
        /* Its rows under 岐山's header (which has the committee column; the
         * grid column, last, stays empty). */
        if (rc == 0 && (nl = memchr(more, '\n', more_len))) {
            size_t n = more_len - (size_t)(nl + 1 - more);
            if (fwrite(nl + 1, 1, n, f) != n)
                rc = -1;
        }
    }
out:
    if (fclose(f) != 0 && rc == 0)
        rc = -1;
    free(more);
    if (rc < 0) {
        free(buf);
        if (!err[0])
            snprintf(err, 256, "cannot generate the demo");
        return rc;
    }
    rc = import_residents(db, NULL, buf, len, &io, &rep, &ae);
    free(buf);
    if (rc < 0)
        snprintf(err, 256, "%s", ae.message);
    if (rc == 1) {
        snprintf(err, 256, "demo rows rejected: line %zu: %s", rep.errors[0].line,
                 rep.errors[0].message);
        rc = -1;
    }
    import_report_cleanup(&rep);
    return rc;
}

int demo_create(struct db *db, int64_t per_committee, struct demo_report *out, char err[256])
{
    struct app_error ae;
    int64_t existing = 0, city = 0, grid;
    int rc;

    memset(out, 0, sizeof *out);
    if ((rc = store_residents_count(db, &existing)) < 0 || (rc = store_city_code(db, &city)) < 0) {
        snprintf(err, 256, "cannot read the database: %s", db_errmsg(db));
        return rc;
    }
    if (existing > 0)
        return 0;
    if (!unitcode_within(DEMO_COMMITTEE, city)) {
        snprintf(err, 256, "the demo is of Shanghai (3101); this database holds %lld",
                 (long long)city);
        return -1;
    }
    if ((rc = demo_checkpoints_create(db, NULL, err)) < 0)
        return rc;
    for (int i = 0; i < 4; i++) {
        if ((rc = hierarchy_grid_add(db, DEMO_COMMITTEE, qishan_grids[i], &grid, &ae)) < 0) {
            snprintf(err, 256, "%s", ae.message);
            return rc;
        }
        out->grids++;
    }
    if ((rc = demo_people(db, city, per_committee, out, err)) < 0)
        return rc;
    if ((rc = demo_tasks_create(db, err)) < 0 ||
        (rc = demo_cases_create(db, DEMO_COMMITTEE, "qishan", &out->cases, err)) < 0 ||
        (rc = demo_supplies_create(db, err)) < 0 ||
        (rc = demo_workforce_create(db, clock_today(), err)) < 0)
        return rc;
    if ((rc = demo_enterprises_create(db, err)) < 0 ||
        (rc = demo_enterprises_more_create(db, err)) < 0 ||
        (rc = demo_cadre_day_create(db, err)) < 0 ||
        (rc = demo_returnees_create(db, err)) < 0) /* issue 16, R16 */
        return rc;
    if ((rc = store_residents_count(db, &out->residents)) < 0)
        return rc;
    return demo_backfill_history(db, 30, err);
}

struct backfill {
    const struct colour_rules *rules;
    int32_t first;
    int days;
    struct tally *t; /* one per day */
};

static int backfill_one(void *arg, const struct resident *r)
{
    struct backfill *b = arg;

    for (int i = 0; i < b->days; i++) {
        struct facts f = r->facts;
        int32_t day = b->first + i;
        /* Facts dated after that day had not happened yet. */
        if (f.arrival_day != DATE_NONE && f.arrival_day > day) {
            f.arrival_day = DATE_NONE;
            f.presence = PRESENCE_AWAY;
        }
        if (f.quarantine_from != DATE_NONE && f.quarantine_from > day)
            f.quarantine = QUARANTINE_NONE;
        if (tally_add(&b->t[i], resident_count_unit(r), colour_eval(b->rules, &f, day, NULL), 1) <
            0)
            return DB_E_NOMEM;
    }
    return 0;
}

struct day_writer {
    struct db_bulk *bulk;
    int32_t day;
};

/* The days written are before any real snapshot (the demo is new), so they
 * go through the bulk path (COPY on PostgreSQL) rather than upserts. */
static int write_day(void *arg, int64_t unit, const int64_t counts[COLOUR_COUNT])
{
    struct day_writer *w = arg;
    return store_counts_daily_row(w->bulk, unit, w->day, counts);
}

int demo_backfill_history(struct db *db, int days, char err[256])
{
    struct colour_rules rules;
    struct tally *t;
    struct backfill b;
    int64_t city = 0;
    struct app_error ae;
    int rc;

    err[0] = '\0';
    if (days < 1 || days > 366)
        return DB_E_RANGE;
    if ((rc = rules_load(db, &rules, &ae)) < 0) {
        snprintf(err, 256, "%s", ae.message);
        return rc;
    }
    if (!(t = calloc((size_t)days, sizeof *t))) {
        snprintf(err, 256, "out of memory");
        return DB_E_NOMEM;
    }
    b.rules = &rules;
    b.first = clock_today() - days;
    b.days = days;
    b.t = t;
    if ((rc = store_city_code(db, &city)) < 0 || (rc = db_begin_write(db)) < 0)
        goto out;
    if ((rc = store_residents_within(db, city, backfill_one, &b)) < 0)
        goto rollback;
    /* Only when no snapshot exists for those days: a real history is never
     * overwritten. */
    {
        struct db_bulk *bulk;
        int64_t have = 0;
        if ((rc = store_counts_daily_since(db, b.first, &have)) < 0)
            goto rollback;
        if (have > 0)
            goto commit;
        if ((rc = store_counts_daily_bulk(db, &bulk)) < 0)
            goto rollback;
        for (int i = 0; i < days && rc >= 0; i++) {
            struct day_writer w = {bulk, b.first + i};
            rc = tally_each(&t[i], write_day, &w);
        }
        if (db_bulk_end(bulk) < 0 && rc >= 0)
            rc = DB_E_ERROR;
        if (rc < 0)
            goto rollback;
    }
commit:
    if ((rc = db_commit(db)) < 0)
        goto rollback;
    goto out;
rollback:
    db_rollback(db);
out:
    if (rc < 0 && !err[0])
        snprintf(err, 256, "cannot write the history: %s", db_errmsg(db));
    for (int i = 0; i < days; i++)
        tally_cleanup(&t[i]);
    free(t);
    return rc;
}
