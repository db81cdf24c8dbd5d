/*
 * The demo's 中海寰宇 mask campaign (demo_supplies.h), made through the
 * same use cases as the API; only the compound's buildings and empty
 * households are written straight to the store, as an import would.
 */
#include "demo/demo_supplies.h"

#include "app/quarantine/quarantines.h"
#include "app/register/residents.h"
#include "app/supplies/campaigns.h"
#include "core/date.h"
#include "core/unitcode.h"
#include "store/residents.h"
#include "store/supplies.h"
#include "store/units.h"
#include "util/clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BUILDINGS   16
#define FLOORS      25
#define PER_FLOOR   3
#define HOUSEHOLDS  (BUILDINGS * FLOORS * PER_FLOOR) /* 1,200 */
#define BOOKINGS    1194
#define QUARANTINED 6
#define PICKED_UP   800

struct demo_supplies {
    struct db *db;
    char *err;
    struct caller cli;
    int64_t households[HOUSEHOLDS];
};

static int fail(struct demo_supplies *d, const struct app_error *e, const char *what)
{
    snprintf(d->err, 256, "demo %s: %s", what, e && e->code[0] ? e->message : db_errmsg(d->db));
    return -1;
}

/* The compound, its buildings 1号..16号 and their households (rooms 101 to
 * 2503), in one transaction. */
static int make_compound(struct demo_supplies *d)
{
    int64_t compound, building, district = unitcode_at_level(DEMO_SUPPLIES_COMMITTEE, 2);
    char name[16], room[16];
    int rc, n = 0;

    if ((rc = db_begin_write(d->db)) < 0 ||
        (rc = store_compound_insert(d->db, DEMO_SUPPLIES_COMMITTEE, "中海寰宇", &compound)) < 0)
        goto fail;
    for (int b = 1; b <= BUILDINGS; b++) {
        snprintf(name, sizeof name, "%d号", b);
        if ((rc = store_building_insert(d->db, compound, district, name, &building)) < 0)
            goto fail;
        for (int f = 1; f <= FLOORS; f++)
            for (int r = 1; r <= PER_FLOOR; r++) {
                snprintf(room, sizeof room, "%d%02d", f, r);
                if ((rc = store_household_insert(d->db, building, "", room, f,
                                                 DEMO_SUPPLIES_COMMITTEE, &d->households[n++])) < 0)
                    goto fail;
            }
    }
    if ((rc = db_commit(d->db)) < 0)
        goto fail;
    return 0;
fail:
    db_rollback(d->db);
    return fail(d, NULL, "compound");
}

/* One resident in household i, and the household into home quarantine
 * from three days ago. */
static int quarantine_one(struct demo_supplies *d, int i, int32_t today)
{
    struct residents_create *r = calloc(1, sizeof *r);
    struct quarantines_household *q = calloc(1, sizeof *q);
    char from[DATE_STR_LEN], doc[16], room[16], bname[16];
    json_t *body = NULL;
    int rc = -1;

    if (!r || !q)
        goto done;
    snprintf(doc, sizeof doc, "E%07d", 9100000 + i);
    snprintf(room, sizeof room, "%d%02d", (i / PER_FLOOR) % FLOORS + 1, i % PER_FLOOR + 1);
    snprintf(bname, sizeof bname, "%d号", i / (FLOORS * PER_FLOOR) + 1);
    body = json_pack("{s:s, s:s, s:s, s:s, s:{s:s, s:s, s:s}}", "name", "寰宇住户", "doc_type",
                     "passport", "doc_no", doc, "committee", "310112108064", "address", "compound",
                     "中海寰宇", "building", bname, "room", room);
    r->c = q->c = d->cli;
    r->today = q->today = today;
    r->now = q->now = clock_now();
    if ((rc = residents_create_parse(d->db, body, r)) < 0 ||
        (rc = app_write(d->db, NULL, residents_create_job, r)) < 0) {
        rc = fail(d, &r->err, "resident");
        goto done;
    }
    json_decref(body);
    date_format(today - 3, from);
    body = json_pack("{s:s, s:s}", "kind", "home", "from", from);
    q->id = d->households[i];
    if ((rc = quarantines_household_parse(d->db, body, q)) < 0 ||
        (rc = app_write(d->db, NULL, quarantines_household_job, q)) < 0)
        rc = fail(d, &q->err, "quarantine");
done:
    json_decref(body);
    free(r);
    free(q);
    return rc;
}

static int make_campaign(struct demo_supplies *d, int32_t today, int64_t *out)
{
    struct campaigns_add *u = calloc(1, sizeof *u);
    char opens[DATE_STR_LEN], closes[DATE_STR_LEN];
    json_t *body;
    int rc;

    if (!u)
        return fail(d, NULL, "campaign");
    date_format(today - 2, opens);
    date_format(today + 2, closes);
    body = json_pack("{s:s, s:s, s:s, s:i, s:i, s:s, s:s, s:s, s:[{s:s, s:i}, {s:s, s:i}]}", "item",
                     "口罩", "measure", "盒", "unit", "310112108064", "per_household", 1, "stock",
                     HOUSEHOLDS, "opens", opens, "closes", closes, "allocation", "first_come",
                     "points", "name", "益丰大药房(梅陇店)", "stock", 700, "name",
                     "老百姓大药房(莲花南路店)", "stock", 500);
    u->c = d->cli;
    u->today = today;
    u->now = clock_now();
    if ((rc = campaigns_add_parse(d->db, body, u)) < 0 ||
        (rc = app_write(d->db, NULL, campaigns_add_job, u)) < 0)
        rc = fail(d, &u->err, "campaign");
    else
        *out = u->out.c.id;
    json_decref(body);
    free(u);
    return rc;
}

/* 1,194 bookings and the first PICKED_UP collected, in one transaction. */
static int book_all(struct demo_supplies *d, int64_t campaign, int32_t today)
{
    struct campaigns_book b;
    struct campaigns_pickup p;
    int rc;

    if ((rc = db_begin_write(d->db)) < 0)
        return fail(d, NULL, "bookings");
    for (int i = 0; i < BOOKINGS; i++) {
        memset(&b, 0, sizeof b);
        b.c = d->cli;
        b.id = campaign;
        b.today = today;
        b.now = clock_now();
        b.household = d->households[i];
        if ((rc = campaigns_book_job(d->db, &b)) < 0)
            goto fail;
        if (i >= PICKED_UP || b.out.delivery)
            continue;
        memset(&p, 0, sizeof p);
        p.c = d->cli;
        p.today = today;
        p.now = b.now;
        snprintf(p.code, sizeof p.code, "%s", b.out.code);
        if ((rc = campaigns_pickup_job(d->db, &p)) < 0) {
            b.err = p.err;
            goto fail;
        }
    }
    if ((rc = db_commit(d->db)) < 0)
        goto fail;
    return 0;
fail:
    db_rollback(d->db);
    return fail(d, &b.err, "bookings");
}

int demo_supplies_create(struct db *db, char err[256])
{
    struct demo_supplies *d;
    int64_t n = 0, city = 0, campaign = 0;
    int32_t today = clock_today();
    int rc;

    if ((rc = store_campaigns_count(db, &n)) < 0 || (rc = store_city_code(db, &city)) < 0) {
        snprintf(err, 256, "cannot read the database: %s", db_errmsg(db));
        return rc;
    }
    if (n > 0 || !unitcode_within(DEMO_SUPPLIES_COMMITTEE, city))
        return 0;
    if (!(d = calloc(1, sizeof *d))) {
        snprintf(err, 256, "out of memory");
        return -1;
    }
    d->db = db;
    d->err = err;
    caller_cli(&d->cli, city);
    rc = make_compound(d);
    for (int i = 0; rc == 0 && i < QUARANTINED; i++)
        rc = quarantine_one(d, i * 199 + 5, today);
    if (rc == 0)
        rc = make_campaign(d, today, &campaign);
    if (rc == 0)
        rc = book_all(d, campaign, today);
    free(d);
    return rc;
}
