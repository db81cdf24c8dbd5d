/*
 * Supplies campaigns over HTTP (issue 15): open a campaign, read it with
 * its counts, book for a household, hand out against a pickup code, run
 * the draw. Parsing and rules are app/supplies/campaigns.c; writes go
 * through the group-commit writer.
 */
#include "http/http.h"

#include "app/supplies/campaigns.h"
#include "http/params.h"

static const char *const state_codes[] = {"entered", "allocated", "picked_up", "not_drawn"};

static json_t *campaign_json(const struct campaign_view *v)
{
    const struct campaign_row *c = &v->c;
    json_t *points = json_array();

    for (int i = 0; i < v->npoints; i++)
        json_array_append_new(
            points, json_pack("{s:I, s:s, s:I, s:I, s:I}", "id", (json_int_t)v->points[i].id,
                              "name", v->points[i].name, "stock", (json_int_t)v->points[i].stock,
                              "allocated", (json_int_t)v->points[i].allocated, "picked_up",
                              (json_int_t)v->points[i].picked));
    return json_pack("{s:I, s:o, s:s, s:s, s:I, s:I, s:I, s:o, s:o, s:s, s:s?, s:s?, s:o, s:o, "
                     "s:{s:I, s:I, s:I, s:I, s:I, s:I}}",
                     "id", (json_int_t)c->id, "unit", params_code_json(c->unit), "item", c->item,
                     "measure", c->measure, "per_household", (json_int_t)c->per_household, "stock",
                     (json_int_t)c->stock, "remaining", (json_int_t)(c->stock - c->allocated),
                     "opens", params_day_json(c->opens), "closes", params_day_json(c->closes),
                     "allocation", c->allocation, "seed", c->seed[0] ? c->seed : NULL, "method",
                     c->method[0] ? c->method : NULL, "drawn", json_boolean(c->drawn_at != 0),
                     "points", points, "counts", "booked", (json_int_t)v->k.booked, "entered",
                     (json_int_t)v->k.entered, "allocated", (json_int_t)v->k.allocated, "picked_up",
                     (json_int_t)v->k.picked, "delivery", (json_int_t)v->k.delivery, "not_drawn",
                     (json_int_t)v->k.not_drawn);
}

static json_t *booking_json(const struct booking_row *b)
{
    return json_pack("{s:I, s:I, s:I, s:s, s:s, s:o, s:b}", "id", (json_int_t)b->id, "campaign",
                     (json_int_t)b->campaign, "household", (json_int_t)b->household, "code",
                     b->code, "state", state_codes[b->state & 3], "point",
                     b->point ? json_integer(b->point) : json_null(), "delivery", b->delivery);
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

static void add_answer(void *job, struct http_response *res)
{
    struct campaigns_add *u = job;
    http_reply_json(res, 201, campaign_json(&u->out));
}

static void book_answer(void *job, struct http_response *res)
{
    struct campaigns_book *u = job;
    http_reply_json(res, 201, booking_json(&u->out));
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
