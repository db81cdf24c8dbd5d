/*
 * The register over HTTP: residents (list, register, read, facts, history),
 * households and compounds. Each handler parses the path, query and body,
 * calls one use case of app/register/residents.c (which checks role and scope and
 * masks), and formats the answer. Writes, and unmasked reads (which write
 * an audit entry), are deferred to the group-commit writer and answered
 * after their commit.
 */
#include "http/http.h"
#include "http/params.h"

#include "app/dashboard/counts.h"
#include "app/register/residents.h"
#include "core/colour.h"
#include "core/date.h"
#include "core/document.h"
#include "core/unitcode.h"
#include "util/clock.h"

#include <stdlib.h>
#include <string.h>

/* ---- formatting ------------------------------------------------------------------ */

static json_t *facts_json(const struct resident *r)
{
    const struct facts *f = &r->facts;
    json_t *arrival = json_null();

    if (f->arrival_day != DATE_NONE)
        arrival = json_pack("{s:o, s:s, s:b}", "date", params_day_json(f->arrival_day), "origin",
                            r->origin, "abroad", f->arrival_abroad);
    return json_pack("{s:s, s:o, s:{s:s, s:o, s:o}, s:s}", "presence", presence_code(f->presence),
                     "arrival", arrival, "quarantine", "kind", quarantine_code(f->quarantine),
                     "from", params_day_json(f->quarantine_from), "until",
                     params_day_json(f->quarantine_until), "health", health_code(f->health));
}

static json_t *resident_json(const struct resident_view *v)
{
    const struct resident *r = &v->rp.r;
    const struct resident_place *p = &v->rp;
    static const char *const sexes[] = {NULL, "male", "female"};
    char updated[32];
    json_t *address = json_null();

    if (r->household)
        address = json_pack("{s:s, s:I, s:s, s:s, s:s}", "compound", p->compound, "compound_id",
                            (json_int_t)p->compound_id, "building", p->building, "unit", p->unit,
                            "room", p->room);
    clock_format(r->updated_at, updated);
    return json_pack("{s:I, s:o, s:o, s:o, s:o, s:s, s:s, s:s, s:s?, s:s?, s:o, s:o, s:s, s:o, "
                     "s:s, s:b}",
                     "id", (json_int_t)r->id, "committee", params_code_json(r->committee), "grid",
                     params_code_json(r->grid), "household",
                     r->household ? json_integer(r->household) : json_null(), "address", address,
                     "name", r->name, "doc_type", doc_type_code((enum doc_type)r->doc_type),
                     "doc_no", r->doc_no, "phone", r->phone[0] ? r->phone : NULL, "sex",
                     r->sex >= 1 && r->sex <= 2 ? sexes[r->sex] : NULL, "birth",
                     params_day_json(r->birth), "facts", facts_json(r), "colour",
                     colour_code(r->colour), "next_change", params_day_json(r->next_change),
                     "updated_at", updated, "masked", v->masked);
}

/* ---- GET /api/v1/residents --------------------------------------------------------- */

static int add_view(void *arg, const struct resident_view *v)
{
    json_array_append_new(arg, resident_json(v));
    return 0;
}

int h_residents_list(struct http_request *req, struct http_response *res)
{
    struct residents_query q;
    struct page pg = {0, 0, 0};
    struct app_error e;
    const char *colour = http_query(req, "colour");
    int64_t limit = RESIDENTS_PAGE_DEFAULT, total = 0;
    enum colour col;
    json_t *items, *page;
    int rc;

    memset(&q, 0, sizeof q);
    q.colour = -1;
    if (params_unit(req, res, "unit", &q.unit) < 0 ||
        params_int(req, res, "compound", 1, PARAMS_ID_MAX, &q.compound) < 0 ||
        params_int(req, res, "cursor", 0, PARAMS_ID_MAX, &pg.cursor) < 0 ||
        params_int(req, res, "limit", 1, RESIDENTS_PAGE_MAX, &limit) < 0)
        return 0;
    if (colour) {
        if (colour_parse(colour, &col) < 0)
            return http_reply_error(res, 400, "bad_value", "colour",
                                    "%.32s: not a colour (red, orange, yellow, green, blue, "
                                    "purple)",
                                    colour);
        q.colour = (int)col;
    }
    if (params_search(req, res, &q.q) < 0)
        return 0;
    pg.limit = (int)limit;
    items = json_array();
    /* The first page says how many match in all (the count on screen). */
    if ((rc = residents_list(req->db, req->caller, &q, &pg, add_view, items,
                             pg.cursor ? NULL : &total, &e)) < 0) {
        json_decref(items);
        return http_reply_app_error(res, rc, &e);
    }
    page = params_page_json(items, pg.next);
    if (!pg.cursor)
        json_object_set_new(page, "total", json_integer(total));
    http_reply_json(res, 200, page);
    return 0;
}

/* ---- POST /api/v1/residents, GET …/{id}?unmask=1, POST …/{id}/facts ------------------ */

static void create_answer(void *job, struct http_response *res)
{
    struct residents_create *u = job;
    http_reply_json(res, 201, resident_json(&u->out));
}

const struct http_write w_residents_create = {
    .perm = PERM_REGISTER_WRITE,
    .job_size = sizeof(struct residents_create),
    .parse = residents_create_parse,
    .job = residents_create_job,
    .answer = create_answer,
};

static void read_answer(void *job, struct http_response *res)
{
    struct residents_read *u = job;
    http_reply_json(res, 200, resident_json(&u->out));
}

/* Unmasking writes an audit entry with the read: answered after both are
 * durable. A role that may not unmask is refused before queueing. */
static int unmasked_request(struct http_request *req, struct http_response *res, void *job)
{
    struct residents_read *u = job;
    return params_text(req, res, "reason", u->reason, sizeof u->reason);
}

static const struct http_write w_resident_unmasked = {
    .perm = PERM_REGISTER_READ | PERM_UNMASK,
    .job_size = sizeof(struct residents_read),
    .request = unmasked_request,
    .job = residents_read_unmasked_job,
    .answer = read_answer,
};

int h_resident_get(struct http_request *req, struct http_response *res)
{
    struct resident_view v;
    struct app_error e;
    int64_t id;
    int unmask, rc;

    if (params_id(req, res, &id) < 0 || params_flag(req, res, "unmask", &unmask) < 0)
        return 0;
    if (unmask)
        return http_write(req, res, &w_resident_unmasked);
    if ((rc = residents_get(req->db, req->caller, id, &v, &e)) < 0)
        return http_reply_app_error(res, rc, &e);
    http_reply_json(res, 200, resident_json(&v));
    return 0;
}

static void facts_answer(void *job, struct http_response *res)
{
    struct residents_facts *u = job;
    json_t *j = resident_json(&u->out);
    char link[128];

    /* A running quarantine opened its case: its id and check-in link. */
    if (u->quarantine_case) {
        snprintf(link, sizeof link, "/checkin.html#%s", u->token);
        json_object_set_new(j, "quarantine_case", json_integer(u->quarantine_case));
        json_object_set_new(j, "checkin", json_string(link));
    }
    http_reply_json(res, 200, j);
}

const struct http_write w_resident_facts = {
    .perm = PERM_REGISTER_WRITE,
    .flags = HTTP_WRITE_RERUN, /* fills only its struct (residents_facts_job) */
    .job_size = sizeof(struct residents_facts),
    .parse = residents_facts_parse,
    .job = residents_facts_job,
    .answer = facts_answer,
};

/* ---- GET /api/v1/residents/{id}/history ------------------------------------------------ */

struct history_out {
    json_t *items;
};

static int add_history(void *arg, const struct history_row *h)
{
    struct history_out *o = arg;
    char at[32];
    json_t *value = json_loads(h->value, 0, NULL);

    clock_format(h->recorded_at, at);
    json_array_append_new(o->items, json_pack("{s:I, s:s, s:o, s:o, s:s, s:s, s:s, s:s}", "id",
                                              (json_int_t)h->id, "kind", h->kind, "value",
                                              value ? value : json_null(), "effective",
                                              params_day_json(h->effective), "recorded_at", at,
                                              "recorded_by", h->recorded_by, "source", h->source,
                                              "colour", colour_code((enum colour)h->colour)));
    return 0;
}

int h_resident_history(struct http_request *req, struct http_response *res)
{
    struct history_out o = {NULL};
    struct page pg = {0, 0, 0};
    struct app_error e;
    int64_t id, limit = RESIDENTS_PAGE_DEFAULT;
    int rc;

    if (params_id(req, res, &id) < 0 ||
        params_int(req, res, "cursor", 0, PARAMS_ID_MAX, &pg.cursor) < 0 ||
        params_int(req, res, "limit", 1, RESIDENTS_PAGE_MAX, &limit) < 0)
        return 0;
    pg.limit = (int)limit;
    o.items = json_array();
    if ((rc = residents_history(req->db, req->caller, id, &pg, add_history, &o, &e)) < 0) {
        json_decref(o.items);
        return http_reply_app_error(res, rc, &e);
    }
    http_reply_json(res, 200, params_page_json(o.items, pg.next));
    return 0;
}

/* ---- GET /api/v1/households/{id} -------------------------------------------------------- */

int h_household_get(struct http_request *req, struct http_response *res)
{
    struct household_view *hv;
    struct app_error e;
    json_t *people;
    int64_t id;
    int rc;

    if (params_id(req, res, &id) < 0)
        return 0;
    if (!(hv = malloc(sizeof *hv)))
        return http_reply_error(res, 500, "nomem", NULL, "out of memory");
    if ((rc = residents_household(req->db, req->caller, id, hv, &e)) < 0) {
        free(hv);
        return http_reply_app_error(res, rc, &e);
    }
    people = json_array();
    for (int i = 0; i < hv->n; i++)
        json_array_append_new(people, resident_json(&hv->residents[i]));
    http_reply_json(res, 200,
                    json_pack("{s:I, s:o, s:I, s:s, s:I, s:s, s:s, s:s, s:o, s:o, s:o}", "id",
                              (json_int_t)hv->h.id, "committee", params_code_json(hv->h.committee),
                              "compound_id", (json_int_t)hv->h.compound, "compound",
                              hv->h.compound_name, "building_id", (json_int_t)hv->h.building_id,
                              "building", hv->h.building, "unit", hv->h.unit, "room", hv->h.room,
                              "floor", hv->h.floor ? json_integer(hv->h.floor) : json_null(),
                              "lift", hv->h.lift < 0 ? json_null() : json_boolean(hv->h.lift),
                              "residents", people));
    free(hv);
    return 0;
}

/* ---- GET /api/v1/compounds, /api/v1/compounds/{id} -------------------------------------- */

static int add_compound(void *arg, const struct place_compound *pc)
{
    json_array_append_new(
        arg,
        json_pack("{s:I, s:s, s:o, s:o, s:I, s:I, s:I}", "id", (json_int_t)pc->id, "name", pc->name,
                  "committee", params_code_json(pc->committee), "grid", params_code_json(pc->grid),
                  "buildings", (json_int_t)pc->buildings, "households", (json_int_t)pc->households,
                  "residents", (json_int_t)pc->residents));
    return 0;
}

int h_compounds_list(struct http_request *req, struct http_response *res)
{
    struct page pg = {0, 0, 0};
    struct app_error e;
    int64_t unit, limit = RESIDENTS_PAGE_DEFAULT;
    json_t *items;
    int rc;

    if (params_unit(req, res, "unit", &unit) < 0 ||
        params_int(req, res, "cursor", 0, PARAMS_ID_MAX, &pg.cursor) < 0 ||
        params_int(req, res, "limit", 1, RESIDENTS_PAGE_MAX, &limit) < 0)
        return 0;
    pg.limit = (int)limit;
    items = json_array();
    if ((rc = residents_compounds(req->db, req->caller, unit, &pg, add_compound, items, &e)) < 0) {
        json_decref(items);
        return http_reply_app_error(res, rc, &e);
    }
    http_reply_json(res, 200, params_page_json(items, pg.next));
    return 0;
}

static int add_household(void *arg, const struct place_household *h)
{
    json_array_append_new(
        arg, json_pack("{s:I, s:s, s:s, s:s, s:o, s:s?, s:o}", "id", (json_int_t)h->id, "building",
                       h->building_name, "unit", h->unit, "room", h->room, "floor",
                       h->floor ? json_integer(h->floor) : json_null(), "colour",
                       h->colour == PLACE_EMPTY ? NULL : colour_code((enum colour)h->colour),
                       "counts", counts_colours_json(h->counts)));
    return 0;
}

int h_compound_get(struct http_request *req, struct http_response *res)
{
    struct place_compound pc;
    struct app_error e;
    json_t *households;
    int64_t id;
    int rc;

    if (params_id(req, res, &id) < 0)
        return 0;
    households = json_array();
    if ((rc = residents_compound(req->db, req->caller, id, &pc, add_household, households, &e)) <
        0) {
        json_decref(households);
        return http_reply_app_error(res, rc, &e);
    }
    http_reply_json(res, 200,
                    json_pack("{s:I, s:s, s:o, s:o, s:o}", "id", (json_int_t)pc.id, "name", pc.name,
                              "committee", params_code_json(pc.committee), "grid",
                              params_code_json(pc.grid), "households", households));
    return 0;
}
