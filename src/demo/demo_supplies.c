/*
 * The demo's 中海寰宇 mask campaign (demo_supplies.h), made through the
 * same use cases as the API; only the compound's buildings and empty
 * households are written straight to the store, as an import would.
 */
#include "demo/demo_supplies.h"

#include "app/quarantine/quarantines.h"
#include "app/register/residents.h"
#include "app/daytime.h"
#include "app/supplies/campaigns.h"
#include "app/supplies/lapse.h"
#include "core/date.h"
#include "core/unitcode.h"
#include "store/residents.h"
#include "store/supplies.h"
#include "store/units.h"
#include "util/clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BUILDINGS          16
#define FLOORS             25
#define PER_FLOOR          3
#define HOUSEHOLDS         (BUILDINGS * FLOORS * PER_FLOOR) /* 1,200 */
#define BOOKINGS           1194
#define QUARANTINED        6
#define DEMO_SUPPLIES_SEED "310112108064" /* the draw's, shown on its page */

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
 * 2503, written together), in one transaction. */
static int make_compound(struct demo_supplies *d)
{
    int64_t compound, building, district = unitcode_at_level(DEMO_SUPPLIES_COMMITTEE, 2);
    struct household_add *h = calloc(HOUSEHOLDS, sizeof *h);
    char name[16];
    int rc, n = 0;

    if (!h || (rc = db_begin_write(d->db)) < 0 ||
        (rc = store_compound_insert(d->db, DEMO_SUPPLIES_COMMITTEE, "中海寰宇", &compound)) < 0)
        goto fail;
    for (int b = 1; b <= BUILDINGS; b++) {
        snprintf(name, sizeof name, "%d号", b);
        if ((rc = store_building_insert(d->db, compound, district, name, &building)) < 0)
            goto fail;
        for (int f = 1; f <= FLOORS; f++)
            for (int r = 1; r <= PER_FLOOR; r++, n++) {
                snprintf(h[n].room, sizeof h[n].room, "%d%02d", f, r);
                h[n].building = building;
                h[n].floor = f;
                h[n].committee = DEMO_SUPPLIES_COMMITTEE;
            }
    }
    if ((rc = store_households_insert_many(d->db, h, HOUSEHOLDS)) < 0 ||
        (rc = db_commit(d->db)) < 0)
        goto fail;
    for (int i = 0; i < HOUSEHOLDS; i++)
        d->households[i] = h[i].id;
    free(h);
    return 0;
fail:
    free(h);
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

/* Opens a campaign from `body` (consumed) on `today`: 0 and *out, or -1. */
static int make_campaign(struct demo_supplies *d, json_t *body, int32_t today, int64_t *out)
{
    struct campaigns_add *u = calloc(1, sizeof *u);
    int rc;

    if (!u || !body) {
        json_decref(body);
        free(u);
        return fail(d, NULL, "campaign");
    }
    u->c = d->cli;
    u->today = today;
    u->now = daytime_at(today, 9, 0);
    if ((rc = campaigns_add_parse(d->db, body, u)) < 0 ||
        (rc = app_write(d->db, NULL, campaigns_add_job, u)) < 0)
        rc = fail(d, &u->err, "campaign");
    else
        *out = u->out.c.id;
    json_decref(body);
    free(u);
    return rc;
}

/* Bookings of households[first .. first + n) for `campaign`, spread over
 * `ndays` days from `day` at 09:00; with pick_every, all but every
 * pick_every-th of those not on delivery collected the same day at 10:00
 * when the point serves then and has boxes of the day left. */
struct plan {
    int64_t campaign;
    int first, n;
    int32_t day;
    int ndays, pick_every;
};

static int pick_up(struct demo_supplies *d, const struct campaigns_book *b, int32_t day)
{
    struct campaigns_pickup p;
    int rc;

    memset(&p, 0, sizeof p);
    p.c = d->cli;
    p.today = day;
    p.now = daytime_at(day, 10, 0);
    snprintf(p.code, sizeof p.code, "%s", b->out.code);
    rc = campaigns_pickup_job(d->db, &p);
    /* Closed that day, or its boxes of the day gone: left to collect. */
    if (rc == APP_E_CONFLICT)
        return 0;
    return rc < 0 ? fail(d, &p.err, "pickup") : 0;
}

static int book_plan(struct demo_supplies *d, const struct plan *pl)
{
    struct campaigns_book b;
    int rc;

    if ((rc = db_begin_write(d->db)) < 0)
        return fail(d, NULL, "bookings");
    for (int i = 0; i < pl->n; i++) {
        int32_t day = pl->day + (int32_t)(i * pl->ndays / pl->n);
        memset(&b, 0, sizeof b);
        b.c = d->cli;
        b.id = pl->campaign;
        b.today = day;
        b.now = daytime_at(day, 9, 0);
        b.household = d->households[pl->first + i];
        if ((rc = campaigns_book_job(d->db, &b)) < 0) {
            rc = fail(d, &b.err, "bookings");
            goto fail;
        }
        if (pl->pick_every && i % pl->pick_every != pl->pick_every - 1 && !b.out.delivery &&
            (rc = pick_up(d, &b, day)) < 0)
            goto fail;
    }
    if ((rc = db_commit(d->db)) < 0) {
        rc = fail(d, NULL, "bookings");
        goto fail;
    }
    return 0;
fail:
    db_rollback(d->db);
    return rc;
}

/* The draw of `campaign` on `day` with a fixed seed, so the demo's draw
 * can be checked like any other. */
static int draw(struct demo_supplies *d, int64_t campaign, int32_t day)
{
    struct campaigns_draw *u = calloc(1, sizeof *u);
    int rc;

    if (!u)
        return fail(d, NULL, "draw");
    u->c = d->cli;
    u->id = campaign;
    u->today = day;
    u->now = daytime_at(day, 9, 0);
    snprintf(u->seed, sizeof u->seed, "%s", DEMO_SUPPLIES_SEED);
    if ((rc = app_write(d->db, NULL, campaigns_draw_job, u)) < 0)
        rc = fail(d, &u->err, "draw");
    free(u);
    return rc;
}

/* A booking window from today + from to today + to, as dates. */
static void window(int32_t today, int from, int to, char s[2][DATE_STR_LEN])
{
    date_format(today + from, s[0]);
    date_format(today + to, s[1]);
}

/* Thermometers for the households coloured red to yellow only (the
 * quarantined: on delivery, a task each); disinfectant by draw, its
 * window closed and drawn; then the masks, first come, open now. */
static int make_campaigns(struct demo_supplies *d, int32_t today)
{
    char w[2][DATE_STR_LEN];
    int64_t thermo = 0, disinfect = 0, masks = 0;
    struct plan pl;
    int rc;

    window(today, -1, 5, w);
    if ((rc = make_campaign(d,
                            json_pack("{s:s, s:s, s:s, s:i, s:i, s:s, s:s, s:s, s:[s,s,s]}", "item",
                                      "体温计", "measure", "支", "unit", "310112108064",
                                      "per_household", 1, "stock", 20, "opens", w[0], "closes",
                                      w[1], "allocation", "first_come", "colours", "red", "orange",
                                      "yellow"),
                            today - 1, &thermo)) < 0)
        return rc;
    for (int i = 0; i < QUARANTINED; i++) {
        pl = (struct plan){thermo, i * 199 + 5, 1, today - 1, 1, 0};
        if ((rc = book_plan(d, &pl)) < 0)
            return rc;
    }
    window(today, -7, -3, w);
    if ((rc = make_campaign(
             d,
             json_pack("{s:s, s:s, s:s, s:i, s:i, s:s, s:s, s:s, s:i, s:[{s:s, s:i, s:s}]}", "item",
                       "消毒液", "measure", "瓶", "unit", "310112108064", "per_household", 1,
                       "stock", 300, "opens", w[0], "closes", w[1], "allocation", "draw",
                       "pickup_days", 7, "points", "name", "中海寰宇居委会办公室", "stock", 300,
                       "hours", "08:30-17:30"),
             today - 7, &disinfect)) < 0)
        return rc;
    pl = (struct plan){disinfect, 0, 600, today - 7, 5, 0};
    if ((rc = book_plan(d, &pl)) < 0 || (rc = draw(d, disinfect, today - 2)) < 0)
        return rc;
    window(today, -2, 2, w);
    if ((rc = make_campaign(
             d,
             json_pack("{s:s, s:s, s:s, s:i, s:i, s:s, s:s, s:s, s:i, s:[{s:s, s:i, s:i}, "
                       "{s:s, s:i, s:i, s:[i,i,i,i,i], s:s}]}",
                       "item", "口罩", "measure", "盒", "unit", "310112108064", "per_household", 1,
                       "stock", HOUSEHOLDS, "opens", w[0], "closes", w[1], "allocation",
                       "first_come", "pickup_days", 2, "points", "name", "益丰大药房(梅陇店)",
                       "stock", 700, "daily", 300, "name", "老百姓大药房(莲花南路店)", "stock", 500,
                       "daily", 200, "days", 1, 2, 3, 4, 5, "hours", "09:00-17:00"),
             today - 2, &masks)) < 0)
        return rc;
    pl = (struct plan){masks, 0, BOOKINGS, today - 2, 3, 10};
    return book_plan(d, &pl);
}

int demo_supplies_create(struct db *db, char err[256])
{
    struct demo_supplies *d;
    struct supplies_lapse_report lapsed;
    struct app_error e;
    int64_t n = 0, city = 0;
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
        rc = make_campaigns(d, today);
    /* What was not collected in time goes back, as the server's tick does. */
    if (rc == 0 && supplies_lapse(db, today, daytime_at(today, 8, 0), &lapsed, &e) < 0)
        rc = fail(d, &e, "lapse");
    free(d);
    return rc;
}
