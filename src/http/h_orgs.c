/*
 * Organisations over HTTP: list those of a street, register one, link a
 * compound it serves. Handlers parse, call app/orgs.c and format; writes go
 * through the group-commit writer.
 */
#include "http/http.h"

#include "app/orgs.h"
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

#define ORGS_PAGE_DEFAULT 200
#define ORGS_PAGE_MAX     1000

struct orgs_page {
    json_t *items;
    int64_t limit, n, last;
    int more;
};

static int add_org(void *arg, const struct org_view *v)
{
    struct orgs_page *p = arg;

    if (p->n == p->limit) {
        p->more = 1; /* one row past the page: there is a next one */
        return 1;
    }
    json_array_append_new(p->items, org_json(v));
    p->n++;
    p->last = v->o.id;
    return 0;
}

int h_orgs_list(struct http_request *req, struct http_response *res)
{
    struct orgs_page p = {NULL, ORGS_PAGE_DEFAULT, 0, 0, 0};
    struct app_error e;
    int64_t unit, cursor = 0;
    int rc;

    if (params_unit(req, res, "unit", &unit) < 0 ||
        params_int(req, res, "cursor", 1, PARAMS_ID_MAX, &cursor) < 0 ||
        params_int(req, res, "limit", 1, ORGS_PAGE_MAX, &p.limit) < 0)
        return 0;
    p.items = json_array();
    if ((rc = orgs_list(req->db, req->caller, unit, cursor, add_org, &p, &e)) < 0) {
        json_decref(p.items);
        return http_reply_app_error(res, rc, &e);
    }
    http_reply_json(res, 200, params_page_json(p.items, p.more ? p.last : 0));
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
