/*
 * Organisations over HTTP: list those of a street, register one, link a
 * compound it serves. Handlers parse, call app/orgs.c and format; writes go
 * through the group-commit writer.
 */
#include "http/http.h"

#include "app/orgs.h"
#include "http/params.h"

#include <stdlib.h>

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

/* The two writes share their shape: a use case's struct with `err` and
 * `out`, a job, an answer. */
struct org_write {
    int status; /* on success */
    union {
        struct orgs_add add;
        struct orgs_serve serve;
    } u;
    int is_add;
};

static int org_write_job(struct db *db, void *arg)
{
    struct org_write *w = arg;
    return w->is_add ? orgs_add_job(db, &w->u.add) : orgs_serve_job(db, &w->u.serve);
}

static void org_write_finish(void *arg, int rc, struct http_response *res)
{
    struct org_write *w = arg;
    const struct org_view *out = w->is_add ? &w->u.add.out : &w->u.serve.out;
    const struct app_error *err = w->is_add ? &w->u.add.err : &w->u.serve.err;

    if (rc < 0)
        http_reply_app_error(res, rc, err);
    else
        http_reply_json(res, w->status, org_json(out));
    free(w);
}

static int org_write(struct http_request *req, struct http_response *res, int is_add)
{
    struct org_write *w;
    json_t *body;
    int rc;

    if (!(body = http_json_body(req, res)))
        return 0;
    if (!(w = calloc(1, sizeof *w))) {
        json_decref(body);
        return http_reply_error(res, 500, "nomem", NULL, "out of memory");
    }
    w->is_add = is_add;
    w->status = is_add ? 201 : 200;
    if (is_add) {
        rc = orgs_add_parse(body, &w->u.add);
        w->u.add.c = *req->caller;
    } else {
        rc = params_id(req, res, &w->u.serve.org);
        if (rc < 0) {
            json_decref(body);
            free(w);
            return 0;
        }
        rc = orgs_serve_parse(body, &w->u.serve);
        w->u.serve.c = *req->caller;
    }
    json_decref(body);
    if (rc < 0) {
        rc = http_reply_app_error(res, rc, is_add ? &w->u.add.err : &w->u.serve.err);
        free(w);
        return rc;
    }
    return http_defer_write(req, org_write_job, org_write_finish, w);
}

int h_orgs_create(struct http_request *req, struct http_response *res)
{
    return org_write(req, res, 1);
}

int h_orgs_serve(struct http_request *req, struct http_response *res)
{
    return org_write(req, res, 0);
}
