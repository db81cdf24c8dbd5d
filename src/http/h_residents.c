/*
 * The register over HTTP: residents (list, register, read, facts, history),
 * households and compounds. Each handler parses the path, query and body,
 * calls one use case of app/residents.c (which checks role and scope and
 * masks), and formats the answer. Writes, and unmasked reads (which write
 * an audit entry), are deferred to the group-commit writer and answered
 * after their commit.
 */
#include "http/http.h"

#include "app/counts.h"
#include "app/residents.h"
#include "core/colour.h"
#include "core/date.h"
#include "core/document.h"
#include "core/unitcode.h"
#include "util/clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ID_MAX 9007199254740991LL /* 2^53 - 1: exact in every JSON reader */

/* ---- parsing ------------------------------------------------------------------ */

static int parse_int(const char *s, int64_t min, int64_t max, int64_t *out)
{
    int64_t v = 0;

    if (!s || !*s || strlen(s) > 16)
        return -1;
    for (const char *p = s; *p; p++) {
        if (*p < '0' || *p > '9')
            return -1;
        v = v * 10 + (*p - '0');
    }
    if (v < min || v > max)
        return -1;
    *out = v;
    return 0;
}

/* The {id} capture: a positive integer; else replies 400. */
static int id_param(struct http_request *req, struct http_response *res, int64_t *out)
{
    if (parse_int(req->params[0], 1, ID_MAX, out) < 0) {
        http_reply_error(res, 400, "bad_id", "id", "%.32s is not an id", req->params[0]);
        return -1;
    }
    return 0;
}

/* An optional integer query argument; replies 400 when malformed. */
static int query_int(struct http_request *req, struct http_response *res, const char *name,
                     int64_t min, int64_t max, int64_t *out)
{
    const char *s = http_query(req, name);

    if (!s)
        return 0;
    if (parse_int(s, min, max, out) < 0) {
        http_reply_error(res, 400, "bad_value", name, "%s must be an integer from %lld to %lld",
                         name, (long long)min, (long long)max);
        return -1;
    }
    return 0;
}

static int query_unit(struct http_request *req, struct http_response *res, int64_t *out)
{
    const char *s = http_query(req, "unit");
    int rc;

    *out = 0;
    if (!s)
        return 0;
    if ((rc = unitcode_parse(s, strlen(s), out)) < 0) {
        http_reply_error(res, 400, "bad_code", "unit", "%.32s: %s", s, unitcode_strerror(rc));
        return -1;
    }
    return 0;
}

/* ?unmask=1|true|0|false */
static int query_bool(struct http_request *req, struct http_response *res, const char *name,
                      int *out)
{
    const char *s = http_query(req, name);

    *out = 0;
    if (!s)
        return 0;
    if (strcmp(s, "1") == 0 || strcmp(s, "true") == 0) {
        *out = 1;
    } else if (strcmp(s, "0") != 0 && strcmp(s, "false") != 0) {
        http_reply_error(res, 400, "bad_value", name, "%s must be 1 or 0", name);
        return -1;
    }
    return 0;
}

/* ---- formatting ------------------------------------------------------------------ */

static json_t *day_json(int32_t day)
{
    char s[DATE_STR_LEN];

    if (day == DATE_NONE)
        return json_null();
    date_format(day, s);
    return json_string(s);
}

static json_t *code_json(int64_t code)
{
    char s[UNITCODE_STR_LEN];

    if (!code)
        return json_null();
    unitcode_format(code, s);
    return json_string(s);
}

static json_t *facts_json(const struct resident *r)
{
    const struct facts *f = &r->facts;
    json_t *arrival = json_null();

    if (f->arrival_day != DATE_NONE)
        arrival = json_pack("{s:o, s:s, s:b}", "date", day_json(f->arrival_day), "origin",
                            r->origin, "abroad", f->arrival_abroad);
    return json_pack("{s:s, s:o, s:{s:s, s:o, s:o}, s:s}", "presence", presence_code(f->presence),
                     "arrival", arrival, "quarantine", "kind", quarantine_code(f->quarantine),
                     "from", day_json(f->quarantine_from), "until", day_json(f->quarantine_until),
                     "health", health_code(f->health));
}

static json_t *resident_json(const struct resident_view *v)
{
    const struct resident *r = &v->rp.r;
    const struct resident_place *p = &v->rp;
    static const char *const sexes[] = {NULL, "male", "female"};
    char updated[32];
    json_t *address = json_null();

    if (r->household)
        address = json_pack("{s:s, s:s, s:s, s:s}", "compound", p->compound, "building",
                            p->building, "unit", p->unit, "room", p->room);
    clock_format(r->updated_at, updated);
    return json_pack("{s:I, s:o, s:o, s:o, s:o, s:s, s:s, s:s, s:s?, s:s?, s:o, s:o, s:s, s:o, "
                     "s:s, s:b}",
                     "id", (json_int_t)r->id, "committee", code_json(r->committee), "grid",
                     code_json(r->grid), "household",
                     r->household ? json_integer(r->household) : json_null(), "address", address,
                     "name", r->name, "doc_type", doc_type_code((enum doc_type)r->doc_type),
                     "doc_no", r->doc_no, "phone", r->phone[0] ? r->phone : NULL, "sex",
                     r->sex >= 1 && r->sex <= 2 ? sexes[r->sex] : NULL, "birth", day_json(r->birth),
                     "facts", facts_json(r), "colour", colour_code(r->colour), "next_change",
                     day_json(r->next_change), "updated_at", updated, "masked", v->masked);
}

static json_t *page_json(json_t *items, int64_t next)
{
    char s[24];

    snprintf(s, sizeof s, "%lld", (long long)next);
    return json_pack("{s:o, s:s?}", "items", items, "next", next ? s : NULL);
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
    struct app_error e;
    const char *colour = http_query(req, "colour");
    int64_t limit = RESIDENTS_PAGE_DEFAULT, next;
    enum colour col;
    json_t *items;
    int rc;

    memset(&q, 0, sizeof q);
    q.colour = -1;
    if (query_unit(req, res, &q.unit) < 0 ||
        query_int(req, res, "compound", 1, ID_MAX, &q.compound) < 0 ||
        query_int(req, res, "cursor", 0, ID_MAX, &q.cursor) < 0 ||
        query_int(req, res, "limit", 1, RESIDENTS_PAGE_MAX, &limit) < 0)
        return 0;
    if (colour) {
        if (colour_parse(colour, &col) < 0)
            return http_reply_error(res, 400, "bad_value", "colour",
                                    "%.32s: not a colour (red, orange, yellow, green, blue, "
                                    "purple)",
                                    colour);
        q.colour = (int)col;
    }
    q.q = http_query(req, "q");
    if (q.q && (strlen(q.q) > 64 || !*q.q))
        return http_reply_error(res, 400, "bad_value", "q", "q must have 1 to 64 bytes");
    q.limit = (int)limit;
    items = json_array();
    if ((rc = residents_list(req->db, req->caller, &q, add_view, items, &next, &e)) < 0) {
        json_decref(items);
        return http_reply_app_error(res, rc, &e);
    }
    http_reply_json(res, 200, page_json(items, next));
    return 0;
}

/* ---- POST /api/v1/residents --------------------------------------------------------- */

static void create_finish(void *arg, int rc, struct http_response *res)
{
    struct residents_create *u = arg;

    if (rc < 0)
        http_reply_app_error(res, rc, &u->err);
    else
        http_reply_json(res, 201, resident_json(&u->out));
    free(u);
}

int h_residents_create(struct http_request *req, struct http_response *res)
{
    struct residents_create *u;
    struct app_error e;
    json_t *body;
    int rc;

    if ((rc = app_require(req->caller, PERM_REGISTER_WRITE, &e)) < 0)
        return http_reply_app_error(res, rc, &e);
    if (!(body = http_json_body(req, res)))
        return 0;
    if (!(u = malloc(sizeof *u))) {
        json_decref(body);
        return http_reply_error(res, 500, "nomem", NULL, "out of memory");
    }
    rc = residents_create_parse(body, req->caller, clock_today(), u, &e);
    json_decref(body);
    if (rc < 0) {
        free(u);
        return http_reply_app_error(res, rc, &e);
    }
    return http_defer_write(req, residents_create_job, create_finish, u);
}

/* ---- GET /api/v1/residents/{id} ----------------------------------------------------- */

static void read_finish(void *arg, int rc, struct http_response *res)
{
    struct residents_read *u = arg;

    if (rc < 0)
        http_reply_app_error(res, rc, &u->err);
    else
        http_reply_json(res, 200, resident_json(&u->out));
    free(u);
}

int h_resident_get(struct http_request *req, struct http_response *res)
{
    struct resident_view v;
    struct residents_read *u;
    struct app_error e;
    int64_t id;
    int unmask, rc;

    if (id_param(req, res, &id) < 0 || query_bool(req, res, "unmask", &unmask) < 0)
        return 0;
    if (!unmask) {
        if ((rc = residents_get(req->db, req->caller, id, &v, &e)) < 0)
            return http_reply_app_error(res, rc, &e);
        http_reply_json(res, 200, resident_json(&v));
        return 0;
    }
    /* Unmasking writes an audit entry with the read: answered after both
     * are durable. A role that may not unmask is refused before queueing. */
    if ((rc = app_require(req->caller, PERM_REGISTER_READ | PERM_UNMASK, &e)) < 0)
        return http_reply_app_error(res, rc, &e);
    if (!(u = calloc(1, sizeof *u)))
        return http_reply_error(res, 500, "nomem", NULL, "out of memory");
    u->c = *req->caller;
    u->id = id;
    return http_defer_write(req, residents_read_unmasked_job, read_finish, u);
}

/* ---- POST /api/v1/residents/{id}/facts ------------------------------------------------ */

static void facts_finish(void *arg, int rc, struct http_response *res)
{
    struct residents_facts *u = arg;

    if (rc < 0)
        http_reply_app_error(res, rc, &u->err);
    else
        http_reply_json(res, 200, resident_json(&u->out));
    free(u);
}

int h_resident_facts(struct http_request *req, struct http_response *res)
{
    struct residents_facts *u;
    struct app_error e;
    json_t *body;
    int64_t id;
    int rc;

    if (id_param(req, res, &id) < 0)
        return 0;
    if ((rc = app_require(req->caller, PERM_REGISTER_WRITE, &e)) < 0)
        return http_reply_app_error(res, rc, &e);
    if (!(body = http_json_body(req, res)))
        return 0;
    if (!(u = calloc(1, sizeof *u))) {
        json_decref(body);
        return http_reply_error(res, 500, "nomem", NULL, "out of memory");
    }
    rc = residents_facts_parse(body, clock_today(), &u->ch, &e);
    json_decref(body);
    if (rc < 0) {
        free(u);
        return http_reply_app_error(res, rc, &e);
    }
    u->c = *req->caller;
    u->id = id;
    return http_defer_write(req, residents_facts_job, facts_finish, u);
}

/* ---- GET /api/v1/residents/{id}/history ------------------------------------------------ */

struct history_out {
    json_t *items;
    int64_t last;
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
                                              day_json(h->effective), "recorded_at", at,
                                              "recorded_by", h->recorded_by, "source", h->source,
                                              "colour", colour_code((enum colour)h->colour)));
    o->last = h->id;
    return 0;
}

int h_resident_history(struct http_request *req, struct http_response *res)
{
    struct history_out o = {NULL, 0};
    struct app_error e;
    int64_t id, cursor = 0, limit = RESIDENTS_PAGE_DEFAULT, next = 0;
    int rc;

    if (id_param(req, res, &id) < 0 || query_int(req, res, "cursor", 0, ID_MAX, &cursor) < 0 ||
        query_int(req, res, "limit", 1, RESIDENTS_PAGE_MAX, &limit) < 0)
        return 0;
    o.items = json_array();
    if ((rc = residents_history(req->db, req->caller, id, cursor, (int)limit, add_history, &o,
                                &next, &e)) < 0) {
        json_decref(o.items);
        return http_reply_app_error(res, rc, &e);
    }
    /* A full page may have more behind it; the next page starts below the
     * last id shown. */
    if ((int64_t)json_array_size(o.items) == limit)
        next = o.last;
    http_reply_json(res, 200, page_json(o.items, next));
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

    if (id_param(req, res, &id) < 0)
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
    http_reply_json(
        res, 200,
        json_pack("{s:I, s:o, s:I, s:s, s:s, s:s, s:s, s:o, s:o}", "id", (json_int_t)hv->h.id,
                  "committee", code_json(hv->h.committee), "compound_id",
                  (json_int_t)hv->h.compound, "compound", hv->h.compound_name, "building",
                  hv->h.building, "unit", hv->h.unit, "room", hv->h.room, "floor",
                  hv->h.floor ? json_integer(hv->h.floor) : json_null(), "residents", people));
    free(hv);
    return 0;
}

/* ---- GET /api/v1/compounds, /api/v1/compounds/{id} -------------------------------------- */

static int add_compound(void *arg, const struct place_compound *pc)
{
    json_array_append_new(
        arg, json_pack("{s:I, s:s, s:o, s:o, s:I, s:I, s:I}", "id", (json_int_t)pc->id, "name",
                       pc->name, "committee", code_json(pc->committee), "grid", code_json(pc->grid),
                       "buildings", (json_int_t)pc->buildings, "households",
                       (json_int_t)pc->households, "residents", (json_int_t)pc->residents));
    return 0;
}

int h_compounds_list(struct http_request *req, struct http_response *res)
{
    struct app_error e;
    int64_t unit, cursor = 0, limit = RESIDENTS_PAGE_DEFAULT, next;
    json_t *items;
    int rc;

    if (query_unit(req, res, &unit) < 0 || query_int(req, res, "cursor", 0, ID_MAX, &cursor) < 0 ||
        query_int(req, res, "limit", 1, RESIDENTS_PAGE_MAX, &limit) < 0)
        return 0;
    items = json_array();
    if ((rc = residents_compounds(req->db, req->caller, unit, cursor, (int)limit, add_compound,
                                  items, &next, &e)) < 0) {
        json_decref(items);
        return http_reply_app_error(res, rc, &e);
    }
    http_reply_json(res, 200, page_json(items, next));
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

    if (id_param(req, res, &id) < 0)
        return 0;
    households = json_array();
    if ((rc = residents_compound(req->db, req->caller, id, &pc, add_household, households, &e)) <
        0) {
        json_decref(households);
        return http_reply_app_error(res, rc, &e);
    }
    http_reply_json(res, 200,
                    json_pack("{s:I, s:s, s:o, s:o, s:o}", "id", (json_int_t)pc.id, "name", pc.name,
                              "committee", code_json(pc.committee), "grid", code_json(pc.grid),
                              "households", households));
    return 0;
}
