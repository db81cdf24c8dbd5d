/*
 * Organisations over HTTP: list those of a street, register one, link a
 * compound it serves. Handlers parse, call app/units/orgs.c and format; writes go
 * through the group-commit writer.
 */
#include "http/http.h"

#include "app/units/orgs.h"
#include "http/params.h"

static json_t *org_json(const struct org_view *v)
{
    json_t *compounds = json_array();

    for (int i = 0; i < v->ncompounds; i++)
        json_array_append_new(compounds,
                              json_pack("{s:I, s:s, s:o}", "id", (json_int_t)v->compounds[i].id,
                                        "name", v->compounds[i].name, "committee",
                                        params_code_json(v->compounds[i].committee)));
    return json_pack("{s:I, s:s, s:s, s:o, s:s, s:o}", "id", (json_int_t)v->o.id, "name", v->o.name,
                     "kind", v->o.kind, "street", params_code_json(v->o.street), "street_name",
                     v->street_name, "compounds", compounds);
}

static int add_org(void *arg, const struct org_view *v)
{
    json_array_append_new(arg, org_json(v));
    return 0;
}

int h_orgs_list(struct http_request *req, struct http_response *res)
{
    struct page pg = {0, 0, 0};
    struct app_error e;
    int64_t unit, limit = ORGS_PAGE_DEFAULT;
    json_t *items;
    int rc;

    if (params_unit(req, res, "unit", &unit) < 0 ||
        params_int(req, res, "cursor", 1, PARAMS_ID_MAX, &pg.cursor) < 0 ||
        params_int(req, res, "limit", 1, ORGS_PAGE_MAX, &limit) < 0)
        return 0;
    pg.limit = (int)limit;
    items = json_array();
    if ((rc = orgs_list(req->db, req->caller, unit, &pg, add_org, items, &e)) < 0) {
        json_decref(items);
        return http_reply_app_error(res, rc, &e);
    }
    http_reply_json(res, 200, params_page_json(items, pg.next));
    return 0;
}

static void add_answer(void *job, struct http_response *res)
{
    struct orgs_add *u = job;
    http_reply_json(res, 201, org_json(&u->out));
}

static void serve_answer(void *job, struct http_response *res)
{
    struct orgs_serve *u = job;
    http_reply_json(res, 200, org_json(&u->out));
}

/* The jobs check the role (PERM_ORGS, or PERM_GRIDS to link a compound). */
const struct http_write w_orgs_create = {
    .job_size = sizeof(struct orgs_add),
    .parse = orgs_add_parse,
    .job = orgs_add_job,
    .answer = add_answer,
};

const struct http_write w_orgs_serve = {
    .job_size = sizeof(struct orgs_serve),
    .parse = orgs_serve_parse,
    .job = orgs_serve_job,
    .answer = serve_answer,
};
