/*
 * High-risk origins over HTTP (app/checkpoints/origins.h): the table of
 * patterns and the quarantine each calls for, listed for those who accept
 * hand-overs, added and deleted by city and district accounts.
 */
#include "http/http.h"

#include "app/checkpoints/origins.h"
#include "http/params.h"

static int add_rule(void *arg, const struct origin_rule *r)
{
    json_array_append_new(arg, origin_rule_json(r));
    return 0;
}

int h_origins_list(struct http_request *req, struct http_response *res)
{
    struct page pg = {0, 0, 0};
    struct app_error e;
    int64_t limit = ORIGINS_PAGE_DEFAULT;
    json_t *items;
    int rc;

    if (params_int(req, res, "cursor", 1, PARAMS_ID_MAX, &pg.cursor) < 0 ||
        params_int(req, res, "limit", 1, ORIGINS_PAGE_MAX, &limit) < 0)
        return 0;
    pg.limit = (int)limit;
    items = json_array();
    if ((rc = origins_list(req->db, req->caller, &pg, add_rule, items, &e)) < 0) {
        json_decref(items);
        return http_reply_app_error(res, rc, &e);
    }
    http_reply_json(res, 200, params_page_json(items, pg.next));
    return 0;
}

static void add_answer(void *job, struct http_response *res)
{
    struct origins_add *u = job;
    http_reply_json(res, 201, origin_rule_json(&u->r));
}

static void delete_answer(void *job, struct http_response *res)
{
    struct origins_delete *u = job;
    http_reply_json(res, 200, origin_rule_json(&u->out));
}

const struct http_write w_origins_add = {
    .perm = PERM_ORIGINS,
    .job_size = sizeof(struct origins_add),
    .parse = origins_add_parse,
    .job = origins_add_job,
    .answer = add_answer,
};

const struct http_write w_origins_delete = {
    .perm = PERM_ORIGINS,
    .job_size = sizeof(struct origins_delete),
    .job = origins_delete_job,
    .answer = delete_answer,
};
