/*
 * Resume-together groups over HTTP (issue 16): the street creates one (a
 * write on the group-commit writer), anyone who sees a member reads it,
 * and the chain of an enterprise carries its group (group_json). Handlers
 * parse, call app/enterprises/groups.c and format.
 */
#include "http/http.h"

#include "app/enterprises/groups.h"
#include "core/resume_groups.h"
#include "http/params.h"

#include <stdlib.h>

json_t *group_json(const struct enterprise_group *g)
{
    json_t *members = json_array();

    if (!g->g.id)
        return json_null();
    for (int i = 0; i < g->n; i++) {
        const struct enterprise_row *e = &g->members[i];
        enum resumption_status s = RS_CLOSED;
        int ready = resumption_parse(e->status, &s) == 0 && group_member_ready(s);
        json_array_append_new(members,
                              json_pack("{s:I, s:s, s:s, s:b}", "id", (json_int_t)e->id, "name",
                                        e->name, "status", e->status, "ready", ready));
    }
    return json_pack("{s:I, s:s, s:o, s:b, s:i, s:o}", "id", (json_int_t)g->g.id, "name", g->g.name,
                     "street", params_code_json(g->g.street), "ready", g->waiting == 0, "waiting",
                     g->waiting, "members", members);
}

int h_enterprise_group_get(struct http_request *req, struct http_response *res)
{
    struct enterprise_group *g = malloc(sizeof *g);
    struct app_error e;
    int64_t id;
    int rc;

    if (!g)
        return http_reply_error(res, 500, "internal", NULL, "out of memory");
    if (params_id(req, res, &id) == 0) {
        if ((rc = enterprise_group_get(req->db, req->caller, id, g, &e)) < 0)
            http_reply_app_error(res, rc, &e);
        else
            http_reply_json(res, 200, group_json(g));
    }
    free(g);
    return 0;
}

static void create_answer(void *job, struct http_response *res)
{
    struct group_create *u = job;
    http_reply_json(res, 201, group_json(&u->out));
}

/* The job checks the role (approve: the street). */
const struct http_write w_group_create = {
    .job_size = sizeof(struct group_create),
    .parse = group_create_parse,
    .job = group_create_job,
    .answer = create_answer,
};
