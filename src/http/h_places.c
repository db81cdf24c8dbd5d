/*
 * Places and grids over HTTP: non-residential places (list, create), the
 * person answerable for a grid (read, set), and drawing a compound or one
 * of its buildings into a grid. Handlers parse, call app/units/places_grids.c
 * and format; writes go through the group-commit writer.
 */
#include "http/http.h"

#include "app/input.h"
#include "app/units/places_grids.h"
#include "core/tasks.h"
#include "core/unitcode.h"
#include "http/params.h"

#include <stdio.h>
#include <string.h>

struct places_out {
    struct db *db;
    json_t *items;
};

static json_t *place_json(struct db *db, const struct place_row *p)
{
    int64_t who = 0;
    char name[64] = "";

    if (p->responsible) {
        struct account a;
        if (store_account_by_id(db, p->responsible, &a) == 0)
            snprintf(name, sizeof name, "%s", a.name);
    } else {
        (void)grids_responsible(db, p->grid, &who, name);
    }
    return json_pack("{s:I, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o}", "id", (json_int_t)p->id,
                     "kind", place_kind_code((enum place_kind)p->kind), "kind_label",
                     place_kind_label_zh((enum place_kind)p->kind), "name", p->name, "grid",
                     params_code_json(p->grid), "committee", params_code_json(p->committee),
                     "compound", p->compound ? json_integer(p->compound) : json_null(), "org",
                     p->org ? json_integer(p->org) : json_null(), "responsible",
                     name[0] ? json_string(name) : json_null());
}

static int add_place(void *arg, const struct place_row *p)
{
    struct places_out *o = arg;
    json_array_append_new(o->items, place_json(o->db, p));
    return 0;
}

int h_places_list(struct http_request *req, struct http_response *res)
{
    struct places_out o = {req->db, NULL};
    struct page pg = {0, 0, 0};
    struct app_error e;
    int64_t unit, limit = PLACES_PAGE_DEFAULT;
    int rc;

    if (params_unit(req, res, "unit", &unit) < 0 ||
        params_int(req, res, "cursor", 1, PARAMS_ID_MAX, &pg.cursor) < 0 ||
        params_int(req, res, "limit", 1, PLACES_PAGE_MAX, &limit) < 0)
        return 0;
    pg.limit = (int)limit;
    o.items = json_array();
    if ((rc = places_list(req->db, req->caller, unit, &pg, add_place, &o, &e)) < 0) {
        json_decref(o.items);
        return http_reply_app_error(res, rc, &e);
    }
    http_reply_json(res, 200, params_page_json(o.items, pg.next));
    return 0;
}

/* The answer is formatted on the writer thread, where the new row and its
 * grid's responsible person are visible: the job's struct first, then the
 * JSON. */
struct place_create_ctx {
    struct places_create u;
    json_t *out;
};

static int place_create_job(struct db *db, void *arg)
{
    struct place_create_ctx *x = arg;
    int rc = places_create_job(db, &x->u);

    if (rc == 0)
        x->out = place_json(db, &x->u.p);
    return rc;
}

static void place_answer(void *job, struct http_response *res)
{
    struct place_create_ctx *x = job;

    http_reply_json(res, 201, x->out);
    x->out = NULL;
}

static void place_release(void *job)
{
    struct place_create_ctx *x = job;
    json_decref(x->out);
}

const struct http_write w_places_create = {
    .perm = PERM_GRIDS,
    .job_size = sizeof(struct place_create_ctx),
    .parse = places_create_parse,
    .job = place_create_job,
    .answer = place_answer,
    .release = place_release,
};

/* ---- /api/v1/units/{code}/responsible ----------------------------------------------- */

static int code_param(struct http_request *req, struct http_response *res, int64_t *out)
{
    int rc = unitcode_parse(req->params[0], strlen(req->params[0]), out);

    if (rc < 0) {
        http_reply_error(res, 400, "bad_code", "code", "%.32s: %s", req->params[0],
                         unitcode_strerror(rc));
        return -1;
    }
    return 0;
}

int h_grid_responsible_get(struct http_request *req, struct http_response *res)
{
    struct app_error e;
    int64_t grid, who = 0;
    char name[64];
    int rc;

    if (code_param(req, res, &grid) < 0)
        return 0;
    if ((rc = app_require(req->caller, PERM_TASKS, &e)) < 0)
        return http_reply_app_error(res, rc, &e);
    if (unitcode_level(grid) != LEVEL_GRID || !scope_contains(req->caller, grid))
        return http_reply_error(res, 404, "not_found", "code", "no grid %s", req->params[0]);
    if ((rc = grids_responsible(req->db, grid, &who, name)) < 0)
        return http_reply_error(res, 503, "db_unavailable", NULL, "%s", db_errmsg(req->db));
    http_reply_json(res, 200,
                    json_pack("{s:o, s:o}", "grid", params_code_json(grid), "account",
                              who ? json_string(name) : json_null()));
    return 0;
}

static void person_answer(void *job, struct http_response *res)
{
    struct grids_set_person *u = job;

    http_reply_json(
        res, 200,
        json_pack("{s:o, s:s}", "grid", params_code_json(u->grid), "account", u->account));
}

const struct http_write w_grid_responsible_put = {
    .perm = PERM_GRIDS,
    .job_size = sizeof(struct grids_set_person),
    .parse = grids_set_person_parse,
    .job = grids_set_person_job,
    .answer = person_answer,
};

/* ---- POST /api/v1/compounds/{id}/grid ------------------------------------------------- */

static void assign_answer(void *job, struct http_response *res)
{
    struct grids_assign *u = job;

    http_reply_json(res, 200,
                    json_pack("{s:I, s:o, s:o}", "compound", (json_int_t)u->compound, "building",
                              u->building ? json_integer(u->building) : json_null(), "grid",
                              params_code_json(u->grid)));
}

const struct http_write w_compound_grid = {
    .perm = PERM_GRIDS,
    .job_size = sizeof(struct grids_assign),
    .parse = grids_assign_parse,
    .job = grids_assign_job,
    .answer = assign_answer,
};
