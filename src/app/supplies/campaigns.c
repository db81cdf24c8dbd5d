/*
 * Supplies campaigns, bookings, pickups and the draw, with the caller's
 * scope (campaigns.h). The stock bound and the one booking per household
 * are the store's SQL; here the window, eligibility and scope.
 */
#include "app/supplies/campaigns.h"

#include "app/daytime.h"
#include "app/input.h"
#include "core/colour.h"
#include "render/xlsx_table.h"
#include "core/date.h"
#include "core/unitcode.h"
#include "app/tasks/tasks.h"
#include "core/tasks.h"
#include "store/orgs.h"
#include "store/unit_range.h"
#include "store/tasks.h"

#include <inttypes.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static pthread_once_t sodium_once = PTHREAD_ONCE_INIT;
static int sodium_ok;

static void sodium_start(void)
{
    sodium_ok = sodium_init() >= 0;
}

int supplies_random(void *buf, size_t n)
{
    pthread_once(&sodium_once, sodium_start);
    if (!sodium_ok)
        return -1;
    randombytes_buf(buf, n);
    return 0;
}

/* The campaign is the caller's to see: its unit within the scope, or the
 * caller's scope within its unit (a grid worker in a committee's). */
static int visible(const struct caller *c, int64_t unit)
{
    return scope_contains(c, unit) || unitcode_within(scope_of(c), unit);
}

static int point_one(void *arg, const struct point_row *p)
{
    struct campaign_view *v = arg;

    if (v->npoints < CAMPAIGN_POINTS_MAX)
        v->points[v->npoints++] = *p;
    return 0;
}

static int unit_one(void *arg, const struct unit_counts *u)
{
    struct campaign_view *v = arg;

    if (v->nunits < CAMPAIGN_UNITS_MAX)
        v->units[v->nunits++] = *u;
    return 0;
}

static int view_of(struct db *db, int64_t id, struct campaign_view *out)
{
    int rc;

    memset(out, 0, sizeof *out);
    if ((rc = store_campaign_get(db, id, &out->c)) < 0 ||
        (rc = store_campaign_counts(db, id, &out->k)) < 0 ||
        (rc = store_campaign_points(db, id, point_one, out)) < 0 ||
        (rc = store_campaign_units(db, id, unit_one, out)) < 0)
        return rc;
    return 0;
}

/* Reads campaign `id` when the caller may see it: 0, or 404 (field "id")
 * for one absent or outside the scope. */
static int campaign_in_scope(struct db *db, const struct caller *c, int64_t id,
                             struct campaign_row *out, struct app_error *err)
{
    int rc = store_campaign_get(db, id, out);

    if (rc == DB_E_NOTFOUND || (rc == 0 && !visible(c, out->unit)))
        return app_fail(err, APP_E_NOTFOUND, "not_found", "id", "no campaign %lld", (long long)id);
    if (rc < 0)
        return app_db_fail(err, db, rc);
    return 0;
}

int campaigns_get(struct db *db, const struct caller *c, int64_t id, struct campaign_view *out,
                  struct app_error *err)
{
    int rc;

    if ((rc = app_require(c, PERM_REGISTER_READ, err)) < 0 ||
        (rc = campaign_in_scope(db, c, id, &out->c, err)) < 0)
        return rc;
    if ((rc = view_of(db, id, out)) < 0)
        return app_db_fail(err, db, rc);
    return 0;
}

/* ---- the list ---------------------------------------------------------------- */

struct list_ctx {
    struct db *db;
    const struct caller *c;
    int64_t unit;
    struct page_walk w;
    campaign_view_fn fn;
    void *arg;
    struct campaign_view *v;
};

static int list_one(void *arg, const struct campaign_row *row)
{
    struct list_ctx *l = arg;
    int rc;

    if (!visible(l->c, row->unit) ||
        (l->unit && !unitcode_within(row->unit, l->unit) && !unitcode_within(l->unit, row->unit)))
        return 0;
    if (page_take(&l->w, row->id))
        return 1;
    if ((rc = view_of(l->db, row->id, l->v)) < 0)
        return rc;
    return l->fn(l->arg, l->v);
}

int campaigns_list(struct db *db, const struct caller *c, int64_t unit, struct page *pg,
                   campaign_view_fn fn, void *arg, struct app_error *err)
{
    struct list_ctx l = {db, c, unit, {pg, 0, 0}, fn, arg, NULL};
    int64_t at = unit ? unit : scope_of(c);
    int rc;

    page_begin(pg, CAMPAIGNS_PAGE_DEFAULT, CAMPAIGNS_PAGE_MAX);
    if ((rc = app_require(c, PERM_REGISTER_READ, err)) < 0)
        return rc;
    if (unit && !visible(c, unit))
        return app_fail(err, APP_E_NOTFOUND, "not_found", "unit", "no unit %lld", (long long)unit);
    if (!(l.v = malloc(sizeof *l.v)))
        return app_fail(err, APP_E_INTERNAL, "memory", NULL, "out of memory");
    rc = store_campaigns_walk(
        db, unitcode_level(at) >= LEVEL_DISTRICT ? unitcode_at_level(at, LEVEL_DISTRICT) : 0,
        pg->cursor, list_one, &l);
    free(l.v);
    return rc < 0 ? app_db_fail(err, db, rc) : 0;
}

/* ---- opening a campaign ------------------------------------------------------ */

static int parse_points(const json_t *body, struct campaigns_add *u)
{
    static const char *const keys[] = {"name", "stock", "daily", "days", "hours", NULL};
    const json_t *arr = json_object_get(body, "points"), *p;
    int64_t sum = 0;
    size_t i;
    int present, p_daily, p_days, p_hours, rc;

    if (!arr || json_is_null(arr))
        return 0;
    if (!json_is_array(arr) || json_array_size(arr) > CAMPAIGN_POINTS_MAX)
        return app_fail(&u->err, APP_E_INVALID, "bad_value", "points",
                        "points is a list of at most %d {name, stock}", CAMPAIGN_POINTS_MAX);
    json_array_foreach(arr, i, p)
    {
        struct point_row *pt = &u->points[u->npoints++];
        present = 0;
        pt->days = POINT_DAYS_ALL;
        pt->closes_at = 24 * 60;
        if ((rc = input_only_keys_in(p, keys, "points", &u->err)) < 0 ||
            (rc = input_text(p, "points.name", INPUT_REQUIRED | INPUT_TRIM, POINT_NAME_MAX - 1,
                             pt->name, sizeof pt->name, &u->err)) < 0 ||
            (rc = input_id(p, "points.stock", &pt->stock, &present, &u->err)) < 0 ||
            (rc = input_count(p, "points.daily", 1000000, &pt->daily, &p_daily, &u->err)) < 0 ||
            (rc = input_weekdays(p, "points.days", &pt->days, &p_days, &u->err)) < 0 ||
            (rc = input_hours(p, "points.hours", &pt->opens_at, &pt->closes_at, &p_hours,
                              &u->err)) < 0)
            return rc;
        if (!present)
            return app_fail(&u->err, APP_E_INVALID, "missing", "points.stock",
                            "points.stock is required");
        sum += pt->stock;
    }
    if (sum > u->in.stock)
        return app_fail(&u->err, APP_E_INVALID, "bad_value", "points",
                        "the points hold %lld, more than the stock %lld", (long long)sum,
                        (long long)u->in.stock);
    return 0;
}

static int required(struct campaigns_add *u, int present, const char *field)
{
    if (present)
        return 0;
    return app_fail(&u->err, APP_E_INVALID, "missing", field, "%s is required", field);
}

/* Who may book by colour: "colours" (only these) or "exclude_colours"
 * (all but these), into c->colours (0: any). */
static int parse_colours(const json_t *body, struct campaigns_add *u)
{
    int64_t only = 0, except = 0;
    int p_only = 0, p_except = 0, rc;

    if ((rc = input_colours(body, "colours", &only, &p_only, &u->err)) < 0 ||
        (rc = input_colours(body, "exclude_colours", &except, &p_except, &u->err)) < 0)
        return rc;
    if (p_only && p_except)
        return app_fail(&u->err, APP_E_INVALID, "bad_value", "exclude_colours",
                        "give colours or exclude_colours, not both");
    u->in.colours = p_only ? only : p_except ? ((INT64_C(1) << COLOUR_COUNT) - 1) & ~except : 0;
    if (p_except && !u->in.colours)
        return app_fail(&u->err, APP_E_INVALID, "bad_value", "exclude_colours",
                        "exclude_colours leaves no colour to book");
    return 0;
}

int campaigns_add_parse(struct db *db, const json_t *body, void *job)
{
    static const char *const keys[] = {"item",   "unit",        "measure", "per_household",
                                       "stock",  "opens",       "closes",  "allocation",
                                       "points", "pickup_days", "colours", "exclude_colours",
                                       NULL};
    struct campaigns_add *u = job;
    struct campaign_row *c = &u->in;
    int p_unit = 0, p_per = 0, p_stock = 0, p_opens = 0, p_closes = 0, p_days = 0, rc;

    (void)db;
    if ((rc = input_only_keys(body, keys, &u->err)) < 0 ||
        (rc = input_count(body, "pickup_days", 366, &c->pickup_days, &p_days, &u->err)) < 0 ||
        (rc = parse_colours(body, u)) < 0 ||
        (rc = input_text(body, "item", INPUT_REQUIRED | INPUT_TRIM, CAMPAIGN_ITEM_MAX - 1, c->item,
                         sizeof c->item, &u->err)) < 0 ||
        (rc = input_text(body, "measure", INPUT_TRIM, CAMPAIGN_TEXT_MAX - 1, c->measure,
                         sizeof c->measure, &u->err)) < 0 ||
        (rc = input_code(body, "unit", &c->unit, &p_unit, &u->err)) < 0 ||
        (rc = input_id(body, "per_household", &c->per_household, &p_per, &u->err)) < 0 ||
        (rc = input_id(body, "stock", &c->stock, &p_stock, &u->err)) < 0 ||
        (rc = input_date(body, "opens", &c->opens, &p_opens, &u->err)) < 0 ||
        (rc = input_date(body, "closes", &c->closes, &p_closes, &u->err)) < 0 ||
        (rc = input_text(body, "allocation", INPUT_REQUIRED, CAMPAIGN_TEXT_MAX - 1, c->allocation,
                         sizeof c->allocation, &u->err)) < 0 ||
        (rc = required(u, p_unit, "unit")) < 0 || (rc = required(u, p_per, "per_household")) < 0 ||
        (rc = required(u, p_stock, "stock")) < 0 || (rc = required(u, p_opens, "opens")) < 0 ||
        (rc = required(u, p_closes, "closes")) < 0)
        return rc;
    if (strcmp(c->allocation, "first_come") != 0 && strcmp(c->allocation, "draw") != 0)
        return app_fail(&u->err, APP_E_INVALID, "bad_value", "allocation",
                        "allocation is first_come or draw");
    if (c->closes < c->opens)
        return app_fail(&u->err, APP_E_INVALID, "bad_value", "closes", "closes is before opens");
    if (unitcode_level(c->unit) < LEVEL_COMMITTEE)
        return app_fail(&u->err, APP_E_INVALID, "bad_value", "unit",
                        "%lld is not a committee or grid code", (long long)c->unit);
    return parse_points(body, u);
}

int campaigns_add_job(struct db *db, void *arg)
{
    struct campaigns_add *u = arg;
    struct campaign_row *c = &u->in;
    int rc;

    if ((rc = app_require(&u->c, PERM_GRIDS, &u->err)) < 0)
        return rc;
    if (!scope_contains(&u->c, c->unit))
        return app_fail(&u->err, APP_E_NOTFOUND, "not_found", "unit", "no unit %lld",
                        (long long)c->unit);
    c->district = unitcode_at_level(c->unit, LEVEL_DISTRICT);
    c->created_at = u->now;
    snprintf(c->created_by, sizeof c->created_by, "%s", u->c.name);
    if ((rc = store_campaign_insert(db, c)) < 0)
        return app_db_fail(&u->err, db, rc);
    for (int i = 0; i < u->npoints; i++) {
        u->points[i].campaign = c->id;
        if ((rc = store_point_insert(db, &u->points[i], c->district)) < 0)
            return rc == DB_E_CONSTRAINT
                       ? app_fail(&u->err, APP_E_INVALID, "duplicate", "points.name",
                                  "two points named %s", u->points[i].name)
                       : app_db_fail(&u->err, db, rc);
    }
    if ((rc = view_of(db, c->id, &u->out)) < 0)
        return app_db_fail(&u->err, db, rc);
    return 0;
}

/* ---- booking ----------------------------------------------------------------- */

int campaigns_book_parse(struct db *db, const json_t *body, void *job)
{
    static const char *const keys[] = {"household", "point", NULL};
    struct campaigns_book *u = job;
    int present = 0, p_point = 0, rc;

    (void)db;
    if ((rc = input_only_keys(body, keys, &u->err)) < 0 ||
        (rc = input_id(body, "household", &u->household, &present, &u->err)) < 0 ||
        (rc = input_id(body, "point", &u->point, &p_point, &u->err)) < 0)
        return rc;
    if (!present)
        return app_fail(&u->err, APP_E_INVALID, "missing", "household", "household is required");
    return 0;
}

/* Where a household lies when it is within the caller's scope (its grid,
 * else its committee, in *at): 0, or 404 on `field` (absent or outside). */
int campaigns_household_in_scope(struct db *db, const struct caller *c, int64_t household,
                                 const char *field, struct household_where *w, int64_t *at,
                                 struct app_error *err)
{
    int rc = store_household_where(db, household, scope_district(c), w);

    if (rc < 0 && rc != DB_E_NOTFOUND)
        return app_db_fail(err, db, rc);
    *at = rc == 0 ? (w->grid ? w->grid : w->committee) : 0;
    if (rc == DB_E_NOTFOUND || !scope_contains(c, *at))
        return app_fail(err, APP_E_NOTFOUND, "not_found", field, "no household %lld",
                        (long long)household);
    return 0;
}

/* The household, when within the caller's scope and the campaign's unit:
 * 0, 404 outside the scope, 400 not_eligible outside the campaign's. */
static int household_eligible(struct db *db, struct campaigns_book *u, const struct campaign_row *c,
                              struct household_where *w)
{
    int64_t at;
    int rc;

    if ((rc = campaigns_household_in_scope(db, &u->c, u->household, "household", w, &at, &u->err)) <
        0)
        return rc;
    if (!unitcode_within(at, c->unit))
        return app_fail(&u->err, APP_E_INVALID, "not_eligible", "household",
                        "household %lld lies outside the campaign's unit %lld",
                        (long long)u->household, (long long)c->unit);
    return 0;
}

static int already_booked(struct campaigns_book *u)
{
    return app_fail(&u->err, APP_E_CONFLICT, "already_booked", "household",
                    "household %lld has already booked this campaign", (long long)u->household);
}

int supplies_task(struct db *db, const struct supplies_task_in *in, int64_t *out)
{
    const struct household_where *w = in->where;
    struct task_row t;
    int rc;

    memset(&t, 0, sizeof t);
    t.kind = in->kind;
    t.day = DATE_NONE;
    snprintf(t.title, sizeof t.title, "%s", in->title);
    snprintf(t.note, sizeof t.note, "%s", in->note);
    t.household = in->household;
    t.grid = w->grid;
    t.committee = w->committee;
    t.compound = w->compound;
    t.district = w->district;
    t.street = unitcode_at_level(w->committee, LEVEL_STREET);
    t.deadline = in->now + SUPPLIES_TASK_DUE;
    t.created_at = in->now;
    snprintf(t.created_by, sizeof t.created_by, "%s", in->by);
    if ((rc = tasks_default_assignee(db, 0, t.grid, &t.assignee)) < 0 ||
        (rc = tasks_add(db, &t, in->by, NULL)) < 0)
        return rc;
    *out = t.id;
    return 0;
}

/* A quarantined household's goods go to its door: a task for the grid's
 * responsible person through the tasks engine. */
static int delivery_task(struct db *db, const struct campaign_row *c, const struct booking_row *b,
                         const struct household_where *w, int64_t now, const char *by,
                         int64_t *task)
{
    struct supplies_task_in in = {TASK_OTHER, b->household, w, "", "", now, by};
    char title[128], note[64];

    snprintf(title, sizeof title, "送货上门: %s %lld%s", c->item, (long long)c->per_household,
             c->measure);
    snprintf(note, sizeof note, "取货码 %s", b->code);
    in.title = title;
    in.note = note;
    return supplies_task(db, &in, task);
}

int campaigns_allocated(struct db *db, const struct campaign_row *c, int64_t booking, int64_t now,
                        const char *by)
{
    struct household_where w;
    struct booking_row b;
    int64_t task = 0;
    int rc;

    if ((rc = store_booking_get(db, booking, &b)) < 0 || !b.delivery)
        return rc < 0 ? rc : 0;
    if ((rc = store_household_where(db, b.household, b.district, &w)) < 0)
        return rc;
    return delivery_task(db, c, &b, &w, now, by, &task);
}

int32_t campaigns_pick_by(const struct campaign_row *c, int32_t today)
{
    return c->pickup_days ? today + (int32_t)c->pickup_days - 1 : DATE_NONE;
}

/* The household's colour (its worst-coloured member's) is one the
 * campaign takes: 0, or 400 not_eligible on "household". */
static int colour_eligible(struct db *db, struct campaigns_book *u, const struct campaign_row *c)
{
    int worst = -1, rc;

    if (!c->colours)
        return 0;
    if ((rc = store_household_worst_colour(db, u->household, &worst)) < 0)
        return app_db_fail(&u->err, db, rc);
    if (worst < 0 || !(c->colours & (INT64_C(1) << worst)))
        return app_fail(&u->err, APP_E_INVALID, "not_eligible", "household",
                        "household %lld's colour (%s) is not one this campaign takes",
                        (long long)u->household, worst < 0 ? "no members" : colour_code(worst));
    return 0;
}

/* The booking statement (store_booking_take) for u within `scope` (a unit
 * code): 0 with u->out, DB_E_NOTFOUND when nothing was written, or < 0. */
static int book_statement(struct db *db, struct campaigns_book *u, int64_t scope, int delivery_ok)
{
    unsigned char raw[PICKUP_CODE_LEN];
    char code[PICKUP_CODE_LEN + 1];
    struct unit_range r;
    struct booking_take in;

    if (store_unit_range(scope, &r) < 0)
        return DB_E_NOTFOUND; /* no unit: the checks say why */
    if (supplies_random(raw, sizeof raw) < 0)
        return DB_E_ERROR;
    pickup_code_from(raw, code);
    in = (struct booking_take){u->id, u->household, u->point, u->today, u->now,     u->c.name,
                               code,  r.lo,         r.hi,     r.grid,   delivery_ok};
    return store_booking_take(db, &in, &u->out);
}

int campaigns_book_household(struct db *db, struct campaigns_book *u, const struct campaign_row *c,
                             const struct household_where *w)
{
    struct booking_row *b = &u->out;
    int exists = 0, rc;

    if (u->today < c->opens || u->today > c->closes)
        return app_fail(&u->err, APP_E_CONFLICT, "window_closed", NULL,
                        "bookings are taken from %d to %d (days)", c->opens, c->closes);
    if ((rc = colour_eligible(db, u, c)) < 0)
        return rc;
    /* One statement: the UNIQUE keeps one booking per household, the
     * bounded SELECT and the trigger of 014 the stock. Nothing written:
     * booked already (409) or no box left (410). */
    rc = book_statement(db, u, w->grid ? w->grid : w->committee, 1);
    if (rc == DB_E_NOTFOUND && (rc = store_booking_exists(db, c->id, u->household, &exists)) == 0)
        return exists ? already_booked(u)
                      : app_fail(&u->err, APP_E_GONE, "stock_gone", u->point ? "point" : NULL,
                                 "no %s left", u->point ? "stock at this point" : "stock");
    if (rc < 0 || (b->delivery && b->state == BOOKING_ALLOCATED &&
                   (rc = delivery_task(db, c, b, w, u->now, u->c.name, &u->task)) < 0))
        return app_db_fail(&u->err, db, rc);
    return 0;
}

/* The booking with every check one after another, in a savepoint of its
 * own: what says why the one statement wrote nothing, and the way of a
 * household on delivery (its booking and its task, both or neither). */
static int book_checked(struct db *db, struct campaigns_book *u)
{
    struct household_where w;
    struct campaign_row c;
    int rc;

    if ((rc = campaign_in_scope(db, &u->c, u->id, &c, &u->err)) < 0 ||
        (rc = household_eligible(db, u, &c, &w)) < 0)
        return rc;
    if ((rc = db_savepoint(db, "book")) < 0)
        return app_db_fail(&u->err, db, rc);
    if ((rc = campaigns_book_household(db, u, &c, &w)) < 0) {
        if (db_savepoint_undo(db, "book") < 0)
            return app_db_fail(&u->err, db, DB_E_ERROR);
    }
    if (db_savepoint_release(db, "book") < 0)
        return app_db_fail(&u->err, db, DB_E_ERROR);
    return rc;
}

/* The common case is one statement and nothing else (the writer runs the
 * job without a savepoint: HTTP_WRITE_OWN_UNDO); when it writes nothing,
 * or the household is on delivery, book_checked. A household within the
 * caller's scope and the campaign's unit makes the campaign visible too. */
int campaigns_book_job(struct db *db, void *arg)
{
    struct campaigns_book *u = arg;
    int rc;

    if ((rc = app_require(&u->c, PERM_REGISTER_WRITE, &u->err)) < 0)
        return rc;
    rc = book_statement(db, u, scope_of(&u->c), 0);
    if (rc == 0)
        return 0;
    if (rc != DB_E_NOTFOUND)
        return app_db_fail(&u->err, db, rc);
    return book_checked(db, u);
}

/* ---- pickup ------------------------------------------------------------------ */

int campaigns_pickup_parse(struct db *db, const json_t *body, void *job)
{
    static const char *const keys[] = {"code", NULL};
    struct campaigns_pickup *u = job;
    char raw[64];
    int rc;

    (void)db;
    if ((rc = input_only_keys(body, keys, &u->err)) < 0 ||
        (rc = input_text(body, "code", INPUT_REQUIRED | INPUT_TRIM, sizeof raw - 1, raw, sizeof raw,
                         &u->err)) < 0)
        return rc;
    if (pickup_code_normalise(raw, u->code) < 0)
        return app_fail(&u->err, APP_E_INVALID, "bad_code", "code",
                        "a pickup code is %d letters and digits", PICKUP_CODE_LEN);
    return 0;
}

/* The pickup is within the booking's last day to collect, the point's
 * days and hours, and the point's boxes of the day (counted here): 0, or
 * 409 pickup_lapsed / point_closed / daily_stock_gone. */
static int pickup_when(struct db *db, struct campaigns_pickup *u)
{
    const struct booking_row *b = &u->out;
    struct point_row p;
    char hours[32];
    int minute = daytime_minute(u->now), rc;

    if (b->pick_by != DATE_NONE && u->today > b->pick_by)
        return app_fail(&u->err, APP_E_CONFLICT, "pickup_lapsed", "code",
                        "code %s had to be collected by day %d; its box went back", u->code,
                        b->pick_by);
    if (!b->point)
        return 0;
    if ((rc = store_point_get(db, b->point, &p)) < 0)
        return app_db_fail(&u->err, db, rc);
    snprintf(hours, sizeof hours, "%02d:%02d-%02d:%02d", (int)p.opens_at / 60, (int)p.opens_at % 60,
             (int)p.closes_at / 60, (int)p.closes_at % 60);
    if (!(p.days & (INT64_C(1) << date_weekday(u->today))) || minute < p.opens_at ||
        minute >= p.closes_at)
        return app_fail(&u->err, APP_E_CONFLICT, "point_closed", "code",
                        "%s is closed now: it serves %s on its days", p.name, hours);
    if (p.daily && (rc = store_point_pick_day(db, p.id, u->today, p.daily)) < 0)
        return rc == DB_E_NOTFOUND ? app_fail(&u->err, APP_E_CONFLICT, "daily_stock_gone", "code",
                                              "%s has handed out its %lld boxes of today", p.name,
                                              (long long)p.daily)
                                   : app_db_fail(&u->err, db, rc);
    return 0;
}

int campaigns_pickup_job(struct db *db, void *arg)
{
    struct campaigns_pickup *u = arg;
    struct booking_row *b = &u->out;
    struct household_where w;
    int64_t at;
    int rc;

    if ((rc = app_require(&u->c, PERM_REGISTER_WRITE, &u->err)) < 0)
        return rc;
    rc = store_booking_by_code(db, u->code, b);
    if (rc < 0 && rc != DB_E_NOTFOUND)
        return app_db_fail(&u->err, db, rc);
    if (rc == DB_E_NOTFOUND)
        return app_fail(&u->err, APP_E_NOTFOUND, "not_found", "code", "no booking with code %s",
                        u->code);
    if ((rc = campaigns_household_in_scope(db, &u->c, b->household, "code", &w, &at, &u->err)) <
            0 ||
        (rc = campaign_in_scope(db, &u->c, b->campaign, &u->campaign, &u->err)) < 0)
        return rc;
    if (b->state == BOOKING_PICKED)
        return app_fail(&u->err, APP_E_CONFLICT, "already_picked", "code",
                        "code %s was already collected", u->code);
    if (b->state == BOOKING_LAPSED)
        return app_fail(&u->err, APP_E_CONFLICT, "pickup_lapsed", "code",
                        "code %s was not collected in time; its box went back", u->code);
    if (b->state != BOOKING_ALLOCATED)
        return app_fail(&u->err, APP_E_CONFLICT, "not_allocated", "code",
                        "code %s holds no box (%s)", u->code,
                        b->state == BOOKING_ENTERED ? "the draw has not been run" : "not drawn");
    if ((rc = pickup_when(db, u)) < 0)
        return rc;
    if ((rc = store_booking_pick(db, b->id, u->now, u->c.name)) < 0)
        return app_db_fail(&u->err, db, rc);
    b->state = BOOKING_PICKED;
    b->picked_at = u->now;
    return 0;
}

/* ---- the draw ---------------------------------------------------------------- */

int campaigns_draw_parse(struct db *db, const json_t *body, void *job)
{
    static const char *const keys[] = {"seed", NULL};
    struct campaigns_draw *u = job;
    int rc;

    (void)db;
    if (!body)
        return 0;
    if ((rc = input_only_keys(body, keys, &u->err)) < 0 ||
        (rc = input_text(body, "seed", INPUT_TRIM, 20, u->seed, sizeof u->seed, &u->err)) < 0)
        return rc;
    if (u->seed[0] && strspn(u->seed, "0123456789") != strlen(u->seed))
        return app_fail(&u->err, APP_E_INVALID, "bad_value", "seed",
                        "seed is a decimal number below 2^64");
    return 0;
}

/* Settles the shuffled entries: the first ones while stock lasts win
 * (a box of the campaign and of a point), the rest are not drawn; each
 * keeps its place in the order (the next drawn when boxes come back). */
static int settle(struct db *db, const struct campaign_row *c, const struct campaigns_draw *u,
                  const int64_t *ids, int n)
{
    int64_t campaign = c->id;
    int64_t point;
    int rc, won = 1;

    for (int i = 0; i < n; i++) {
        point = 0;
        if (won && (rc = store_campaign_take(db, campaign)) == 0)
            rc = store_point_take(db, campaign, 0, &point);
        else
            rc = DB_E_NOTFOUND;
        if (rc < 0 && rc != DB_E_NOTFOUND)
            return rc;
        won = rc == 0;
        if ((rc = store_booking_settle(db, ids[i], won ? BOOKING_ALLOCATED : BOOKING_NOT_DRAWN,
                                       point, won ? campaigns_pick_by(c, u->today) : DATE_NONE,
                                       i + 1)) < 0 ||
            (won && (rc = campaigns_allocated(db, c, ids[i], u->now, u->c.name)) < 0))
            return rc;
    }
    return 0;
}

int campaigns_draw_job(struct db *db, void *arg)
{
    struct campaigns_draw *u = arg;
    struct campaign_row c;
    struct campaign_counts k;
    int64_t *ids = NULL;
    uint64_t seed;
    int n = 0, rc;

    if ((rc = app_require(&u->c, PERM_GRIDS, &u->err)) < 0 ||
        (rc = campaign_in_scope(db, &u->c, u->id, &c, &u->err)) < 0)
        return rc;
    if (strcmp(c.allocation, "draw") != 0 || c.drawn_at)
        return app_fail(&u->err, APP_E_CONFLICT, c.drawn_at ? "already_drawn" : "not_a_draw", NULL,
                        "campaign %lld %s", (long long)c.id,
                        c.drawn_at ? "was already drawn" : "is first come, first served");
    if (u->today <= c.closes)
        return app_fail(&u->err, APP_E_CONFLICT, "window_open", NULL,
                        "the draw runs after the booking window closes");
    if (u->seed[0])
        seed = strtoull(u->seed, NULL, 10);
    else if (supplies_random(&seed, sizeof seed) < 0)
        return app_fail(&u->err, APP_E_INTERNAL, "random", NULL, "no random numbers");
    snprintf(u->seed, sizeof u->seed, "%" PRIu64, seed);
    if ((rc = store_campaign_counts(db, c.id, &k)) < 0)
        goto db_fail;
    if (k.entered > 0 && !(ids = malloc((size_t)k.entered * sizeof *ids)))
        return app_fail(&u->err, APP_E_INTERNAL, "memory", NULL, "out of memory");
    if (k.entered > 0 && (rc = store_campaign_entries(db, c.id, ids, (int)k.entered, &n)) < 0)
        goto db_fail;
    draw_shuffle(ids, (size_t)n, seed);
    if ((rc = settle(db, &c, u, ids, n)) < 0 ||
        (rc = store_campaign_drawn(db, c.id, u->seed, DRAW_METHOD, u->now)) < 0 ||
        (rc = view_of(db, c.id, &u->out)) < 0)
        goto db_fail;
    free(ids);
    return 0;
db_fail:
    free(ids);
    return app_db_fail(&u->err, db, rc);
}

/* ---- a point's list ------------------------------------------------------------ */

static int list_line(void *arg, const struct booking_row *b, const char *address)
{
    static const char *const states[BOOKING_STATES] = {"待摇号", "待领取", "已领取", "未中签",
                                                       "逾期未领"};
    const char *cells[4] = {b->code, address,
                            b->state >= 0 && b->state < BOOKING_STATES ? states[b->state] : "?",
                            b->delivery ? "送货上门" : ""};

    return xlsx_table_row(arg, cells, NULL) < 0 ? DB_E_RANGE : 0;
}

int campaigns_point_list(struct db *db, const struct caller *c, int64_t id, int64_t point,
                         const char *path, struct app_error *err)
{
    static const struct xlsx_column cols[] = {
        {"取货码", 12, XLSX_COL_TEXT},
        {"地址", 36, XLSX_COL_TEXT},
        {"状态", 10, XLSX_COL_TEXT},
        {"送货", 10, XLSX_COL_TEXT},
    };
    struct campaign_row row;
    char xerr[XLSX_TABLE_ERR_LEN];
    struct xlsx_table *x;
    int rc;

    if ((rc = app_require(c, PERM_REGISTER_READ, err)) < 0 ||
        (rc = campaign_in_scope(db, c, id, &row, err)) < 0)
        return rc;
    if (!(x = xlsx_table_open(path, "预约名单", cols, 4, xerr)))
        return app_fail(err, APP_E_INTERNAL, "export_failed", NULL, "%s", xerr);
    if ((rc = store_point_bookings(db, id, point, list_line, x)) < 0) {
        xlsx_table_discard(x);
        return app_db_fail(err, db, rc);
    }
    if (xlsx_table_close(x, xerr) < 0)
        return app_fail(err, APP_E_INTERNAL, "export_failed", NULL, "%s", xerr);
    return 0;
}
