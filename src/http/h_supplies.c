/*
 * Supplies campaigns over HTTP (issue 15): open a campaign, read it with
 * its counts, book for a household, hand out against a pickup code, run
 * the draw. Parsing and rules are app/supplies/campaigns.c; writes go
 * through the group-commit writer.
 */
#include "http/http.h"

#include "app/supplies/campaigns.h"
#include "app/supplies/household.h"
#include "core/colour.h"
#include "core/date.h"
#include "core/tasks.h"
#include "http/params.h"
#include "render/poster.h"
#include "util/assets.h"
#include "util/clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const state_codes[BOOKING_STATES] = {"entered", "allocated", "picked_up",
                                                        "not_drawn", "lapsed"};

static const char *state_code(int state)
{
    return state >= 0 && state < BOOKING_STATES ? state_codes[state] : "?";
}

/* A mask of bits 1 << n as the list of names[n]; or of n + 1 (names NULL). */
static json_t *mask_json(int64_t mask, int n, const char *(*name)(int))
{
    json_t *a = json_array();

    for (int i = 0; i < n; i++)
        if (mask & (INT64_C(1) << i))
            json_array_append_new(a, name ? json_string(name(i)) : json_integer(i + 1));
    return a;
}

static const char *colour_name(int c)
{
    return colour_code((enum colour)c);
}

static json_t *point_json(const struct point_row *p)
{
    char hours[16];

    snprintf(hours, sizeof hours, "%02d:%02d-%02d:%02d", (int)(p->opens_at / 60),
             (int)(p->opens_at % 60), (int)(p->closes_at / 60), (int)(p->closes_at % 60));
    return json_pack("{s:I, s:s, s:I, s:I, s:I, s:I, s:o, s:s}", "id", (json_int_t)p->id, "name",
                     p->name, "stock", (json_int_t)p->stock, "allocated", (json_int_t)p->allocated,
                     "picked_up", (json_int_t)p->picked, "daily", (json_int_t)p->daily, "days",
                     mask_json(p->days, 7, NULL), "hours", hours);
}

/* The counts by unit (grid, else committee) of the households. */
static json_t *units_json(const struct campaign_view *v)
{
    json_t *a = json_array();

    for (int i = 0; i < v->nunits; i++) {
        const struct unit_counts *u = &v->units[i];
        json_array_append_new(
            a, json_pack("{s:o, s:I, s:I, s:I, s:I, s:I}", "unit", params_code_json(u->unit),
                         "booked", (json_int_t)u->booked, "allocated", (json_int_t)u->allocated,
                         "picked_up", (json_int_t)u->picked, "delivery", (json_int_t)u->delivery,
                         "delivered", (json_int_t)u->delivered));
    }
    return a;
}

static json_t *campaign_json(const struct campaign_view *v)
{
    const struct campaign_row *c = &v->c;
    json_t *points = json_array();

    json_t *j;

    for (int i = 0; i < v->npoints; i++)
        json_array_append_new(points, point_json(&v->points[i]));
    j = json_pack("{s:I, s:o, s:s, s:s, s:I, s:I, s:I, s:o, s:o, s:s, s:s?, s:s?, s:o, s:o, "
                  "s:{s:I, s:I, s:I, s:I, s:I, s:I}}",
                  "id", (json_int_t)c->id, "unit", params_code_json(c->unit), "item", c->item,
                  "measure", c->measure, "per_household", (json_int_t)c->per_household, "stock",
                  (json_int_t)c->stock, "remaining", (json_int_t)(c->stock - c->allocated), "opens",
                  params_day_json(c->opens), "closes", params_day_json(c->closes), "allocation",
                  c->allocation, "seed", c->seed[0] ? c->seed : NULL, "method",
                  c->method[0] ? c->method : NULL, "drawn", json_boolean(c->drawn_at != 0),
                  "points", points, "counts", "booked", (json_int_t)v->k.booked, "entered",
                  (json_int_t)v->k.entered, "allocated", (json_int_t)v->k.allocated, "picked_up",
                  (json_int_t)v->k.picked, "delivery", (json_int_t)v->k.delivery, "not_drawn",
                  (json_int_t)v->k.not_drawn);
    if (!j)
        return NULL;
    json_object_set_new(json_object_get(j, "counts"), "lapsed", json_integer(v->k.lapsed));
    json_object_set_new(json_object_get(j, "counts"), "delivered", json_integer(v->k.delivered));
    json_object_set_new(j, "units", units_json(v));
    json_object_set_new(j, "pickup_days", json_integer(c->pickup_days));
    json_object_set_new(
        j, "colours", c->colours ? mask_json(c->colours, COLOUR_COUNT, colour_name) : json_null());
    return j;
}

static json_t *booking_json(const struct booking_row *b)
{
    return json_pack("{s:I, s:I, s:I, s:s, s:s, s:o, s:b, s:o}", "id", (json_int_t)b->id,
                     "campaign", (json_int_t)b->campaign, "household", (json_int_t)b->household,
                     "code", b->code, "state", state_code(b->state), "point",
                     b->point ? json_integer(b->point) : json_null(), "delivery", b->delivery,
                     "pick_by", params_day_json(b->pick_by));
}

int h_campaign_get(struct http_request *req, struct http_response *res)
{
    struct campaign_view v;
    struct app_error e;
    int64_t id;
    int rc;

    if (params_id(req, res, &id) < 0)
        return 0;
    if ((rc = campaigns_get(req->db, req->caller, id, &v, &e)) < 0)
        return http_reply_app_error(res, rc, &e);
    http_reply_json(res, 200, campaign_json(&v));
    return 0;
}

static int add_campaign(void *arg, const struct campaign_view *v)
{
    return json_array_append_new(arg, campaign_json(v)) < 0 ? DB_E_NOMEM : 0;
}

int h_campaigns_list(struct http_request *req, struct http_response *res)
{
    struct page pg = {0, 0, 0};
    struct app_error e;
    int64_t unit, limit = CAMPAIGNS_PAGE_DEFAULT;
    json_t *items;
    int rc;

    if (params_unit(req, res, "unit", &unit) < 0 ||
        params_int(req, res, "cursor", 1, PARAMS_ID_MAX, &pg.cursor) < 0 ||
        params_int(req, res, "limit", 1, CAMPAIGNS_PAGE_MAX, &limit) < 0)
        return 0;
    pg.limit = (int)limit;
    items = json_array();
    if ((rc = campaigns_list(req->db, req->caller, unit, &pg, add_campaign, items, &e)) < 0) {
        json_decref(items);
        return http_reply_app_error(res, rc, &e);
    }
    http_reply_json(res, 200, params_page_json(items, pg.next));
    return 0;
}

static void add_answer(void *job, struct http_response *res)
{
    struct campaigns_add *u = job;
    http_reply_json(res, 201, campaign_json(&u->out));
}

static void book_answer(void *job, struct http_response *res)
{
    struct campaigns_book *u = job;
    json_t *j = booking_json(&u->out);

    if (u->task)
        json_object_set_new(j, "task", json_integer(u->task));
    http_reply_json(res, 201, j);
}

static void pickup_answer(void *job, struct http_response *res)
{
    struct campaigns_pickup *u = job;
    json_t *j = booking_json(&u->out);

    json_object_set_new(j, "item", json_string(u->campaign.item));
    json_object_set_new(j, "quantity", json_integer(u->campaign.per_household));
    http_reply_json(res, 200, j);
}

static void draw_answer(void *job, struct http_response *res)
{
    struct campaigns_draw *u = job;
    http_reply_json(res, 200, campaign_json(&u->out));
}

/* The jobs check the role (grids to open and draw, register_write to book
 * and hand out). */
const struct http_write w_campaigns_create = {
    .job_size = sizeof(struct campaigns_add),
    .parse = campaigns_add_parse,
    .job = campaigns_add_job,
    .answer = add_answer,
};

const struct http_write w_campaign_book = {
    .flags = HTTP_WRITE_OWN_UNDO, /* one statement, or book_checked's savepoint */
    .job_size = sizeof(struct campaigns_book),
    .parse = campaigns_book_parse,
    .job = campaigns_book_job,
    .answer = book_answer,
};

const struct http_write w_pickups = {
    .job_size = sizeof(struct campaigns_pickup),
    .parse = campaigns_pickup_parse,
    .job = campaigns_pickup_job,
    .answer = pickup_answer,
};

const struct http_write w_campaign_draw = {
    .flags = HTTP_WRITE_BODY_OPTIONAL,
    .job_size = sizeof(struct campaigns_draw),
    .parse = campaigns_draw_parse,
    .job = campaigns_draw_job,
    .answer = draw_answer,
};

/* ---- the household's own page ---------------------------------------------------- */

static void link_answer(void *job, struct http_response *res)
{
    struct household_link *u = job;
    char link[96];

    snprintf(link, sizeof link, "/h/%s", u->token);
    http_reply_json(res, 201,
                    json_pack("{s:I, s:s, s:s, s:s}", "household", (json_int_t)u->id, "link", link,
                              "code", u->code, "address", u->address));
}

const struct http_write w_household_link = {
    .job_size = sizeof(struct household_link),
    .job = household_link_job,
    .answer = link_answer,
};

/* POST /api/v1/households/{id}/slip.pdf?base=URL: a new link (the old one
 * stops working) printed as an A4 slip for the door, its QR code opening
 * BASE/h/TOKEN, with the short code to type instead. */
static int slip_base(struct http_request *req, struct http_response *res, void *job)
{
    struct household_link *u = job;
    const char *base = http_query(req, "base");

    if (!base || strlen(base) >= sizeof u->base ||
        (strncmp(base, "http://", 7) != 0 && strncmp(base, "https://", 8) != 0)) {
        http_reply_error(res, 400, "bad_value", "base",
                         "base must be the server's address as phones reach it: http(s)://…");
        return -1;
    }
    snprintf(u->base, sizeof u->base, "%s", base);
    return 0;
}

static void slip_answer(void *job, struct http_response *res)
{
    struct household_link *u = job;
    char url[520], sub[64], perr[POSTER_ERR_LEN];
    struct poster ps = {u->address,
                        sub,
                        url,
                        "我家的页面",
                        "Our household's page",
                        "手机扫码：预约物资、查看取货码、求助",
                        "Scan: book supplies, pickup codes, ask for help"};
    unsigned char *pdf = NULL;
    size_t len = 0;

    snprintf(url, sizeof url, "%s%sh/%s", u->base, u->base[strlen(u->base) - 1] == '/' ? "" : "/",
             u->token);
    snprintf(sub, sizeof sub, "代码 Code %s", u->code);
    if (poster_render(&ps, POSTER_PDF, &pdf, &len, perr) < 0) {
        http_reply_error(res, 500, "internal", NULL, "%s", perr);
        return;
    }
    http_reply_text(res, 201, "application/pdf", (const char *)pdf, len);
    free(pdf);
}

const struct http_write w_household_slip = {
    .job_size = sizeof(struct household_link),
    .request = slip_base,
    .job = household_link_job,
    .answer = slip_answer,
};

/* The page itself: household.html for any token (the page asks the API,
 * which answers 404 for a wrong one); never cached. */
int h_household_html(struct http_request *req, struct http_response *res)
{
    const struct asset *a = asset_find("web/household.html");

    (void)req;
    if (!a)
        return http_reply_error(res, 404, "not_found", NULL, "no such file");
    http_reply_text(res, 200, "text/html; charset=utf-8", a->start, asset_size(a));
    res->cache_control = "no-store";
    return 0;
}

static json_t *page_json(const struct household_page *p)
{
    json_t *members = json_array(), *campaigns = json_array();

    for (int i = 0; i < p->nmembers; i++) {
        const struct member_row *m = &p->members[i];
        json_array_append_new(
            members,
            json_pack("{s:s, s:s, s:o}", "name", m->name, "colour",
                      colour_code((enum colour)m->colour), "quarantine_until",
                      m->quarantine_until ? params_day_json(m->quarantine_until) : json_null()));
    }
    for (int i = 0; i < p->ncampaigns; i++) {
        json_t *c = json_pack(
            "{s:I, s:s, s:s, s:I, s:o, s:o, s:s, s:I}", "id", (json_int_t)p->campaigns[i].c.id,
            "item", p->campaigns[i].c.item, "measure", p->campaigns[i].c.measure, "per_household",
            (json_int_t)p->campaigns[i].c.per_household, "opens",
            params_day_json(p->campaigns[i].c.opens), "closes",
            params_day_json(p->campaigns[i].c.closes), "allocation", p->campaigns[i].c.allocation,
            "remaining", (json_int_t)(p->campaigns[i].c.stock - p->campaigns[i].c.allocated));
        json_object_set_new(c, "booking",
                            p->campaigns[i].b.id ? booking_json(&p->campaigns[i].b) : json_null());
        json_array_append_new(campaigns, c);
    }
    return json_pack("{s:s, s:o, s:o}", "address", p->address, "members", members, "campaigns",
                     campaigns);
}

int h_household_page(struct http_request *req, struct http_response *res)
{
    struct household_page *p;
    struct app_error e;
    int rc;

    if (!(p = malloc(sizeof *p)))
        return http_reply_error(res, 500, "nomem", NULL, "out of memory");
    if ((rc = household_page_get(req->db, req->params[0], clock_today(), p, &e)) < 0) {
        free(p);
        return http_reply_app_error(res, rc, &e);
    }
    http_reply_json(res, 200, page_json(p));
    res->cache_control = "no-store";
    free(p);
    return 0;
}

/* The page's token (or short code) is the only key: copied into the job;
 * the job answers 404 for a wrong one. */
static int page_token(struct http_request *req, struct http_response *res, char *out, size_t n)
{
    if (strlen(req->params[0]) >= n) {
        http_reply_error(res, 404, "not_found", "token", "no such link");
        return -1;
    }
    snprintf(out, n, "%s", req->params[0]);
    return 0;
}

static int book_token(struct http_request *req, struct http_response *res, void *job)
{
    struct campaigns_book *u = job;
    return page_token(req, res, u->token, sizeof u->token);
}

static int help_token(struct http_request *req, struct http_response *res, void *job)
{
    struct household_help *u = job;
    return page_token(req, res, u->token, sizeof u->token);
}

static void help_answer(void *job, struct http_response *res)
{
    struct household_help *u = job;
    http_reply_json(res, 201,
                    json_pack("{s:I, s:s}", "task", (json_int_t)u->task, "kind",
                              task_kind_code((enum task_kind)u->kind)));
}

const struct http_write w_household_book = {
    .job_size = sizeof(struct campaigns_book),
    .request = book_token,
    .parse = household_book_parse,
    .job = household_book_job,
    .answer = book_answer,
};

const struct http_write w_household_help = {
    .job_size = sizeof(struct household_help),
    .request = help_token,
    .parse = household_help_parse,
    .job = household_help_job,
    .answer = help_answer,
};

/* GET /api/v1/campaigns/{id}/list.xlsx?point=ID: a point's list for the
 * pharmacy (every point without ?point). */
int h_campaign_list_xlsx(struct http_request *req, struct http_response *res)
{
    char path[512], name[64];
    struct app_error e;
    int64_t id, point = 0;
    int rc;

    if (params_id(req, res, &id) < 0 || params_int(req, res, "point", 1, PARAMS_ID_MAX, &point) < 0)
        return 0;
    if (http_temp_path(path, sizeof path) < 0)
        return http_reply_error(res, 500, "internal", NULL, "cannot create a temporary file");
    if ((rc = campaigns_point_list(req->db, req->caller, id, point, path, &e)) < 0) {
        unlink(path);
        return http_reply_app_error(res, rc, &e);
    }
    snprintf(name, sizeof name, "campaign-%lld-point-%lld.xlsx", (long long)id, (long long)point);
    return http_reply_file(
        res, path, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name);
}
