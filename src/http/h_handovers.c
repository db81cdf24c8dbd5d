/*
 * Hand-overs over HTTP: the inbox (GET /api/v1/handovers?unit&state),
 * one hand-over with its timeline, and POST …/{id}/accept, reject and
 * route, each answered once durable. Handlers parse and call
 * app/checkpoints/handovers.c, which checks the role and the scope.
 */
#include "http/http.h"
#include "http/params.h"

#include "app/checkpoints/handovers.h"
#include "core/unitcode.h"
#include "util/clock.h"

#include <stdio.h>
#include <string.h>

static int add_handover(void *arg, const struct handover_view *v)
{
    json_array_append_new(arg, handover_json(v));
    return 0;
}

int h_handovers_list(struct http_request *req, struct http_response *res)
{
    static const char *const states[] = {"pending", "overdue", "accepted", "all"};
    const char *us = http_query(req, "unit"), *ss = http_query(req, "state");
    const char *cs = http_query(req, "cursor"), *ls = http_query(req, "limit");
    struct handovers_query q;
    struct page pg = {0, 0, 0};
    struct app_error e;
    int64_t limit = HANDOVERS_PAGE_DEFAULT;
    json_t *items;
    int rc;

    memset(&q, 0, sizeof q);
    q.state = HQ_PENDING;
    if (us && (rc = unitcode_parse(us, strlen(us), &q.unit)) < 0)
        return http_reply_error(res, 400, "bad_code", "unit", "%.32s: %s", us,
                                unitcode_strerror(rc));
    if (ss) {
        int i = 0;
        while (i < 4 && strcmp(ss, states[i]) != 0)
            i++;
        if (i == 4)
            return http_reply_error(res, 400, "bad_value", "state",
                                    "%.32s: not one of pending, overdue, accepted, all", ss);
        q.state = (enum handover_query_state)i;
    }
    if (cs && params_parse_int(cs, 1, PARAMS_ID_MAX, &pg.cursor) < 0)
        return http_reply_error(res, 400, "bad_value", "cursor", "%.32s is not a cursor", cs);
    if (ls && (params_parse_int(ls, 1, PARAMS_ID_MAX, &limit) < 0 || limit > HANDOVERS_PAGE_MAX))
        return http_reply_error(res, 400, "bad_value", "limit", "limit is 1 to %d",
                                HANDOVERS_PAGE_MAX);
    pg.limit = (int)limit;
    items = json_array();
    if ((rc = handovers_list(req->db, req->caller, &q, clock_now(), &pg, add_handover, items, &e)) <
        0) {
        json_decref(items);
        return http_reply_app_error(res, rc, &e);
    }
    http_reply_json(res, 200, params_page_json(items, pg.next));
    return 0;
}

static int add_event(void *arg, const struct handover_event *ev)
{
    json_array_append_new(arg, handover_event_json(ev));
    return 0;
}

static void read_answer(void *job, struct http_response *res)
{
    struct handover_read *r = job;
    json_t *j = handover_json(&r->out);

    json_object_set_new(j, "events", r->events);
    r->events = NULL;
    http_reply_json(res, 200, j);
}

static void read_release(void *job)
{
    struct handover_read *r = job;
    json_decref(r->events);
}

/* ?unmask=1: the traveller in full, for roles that may unmask, audited and
 * answered once the audit entry is durable. */
static int unmasked_request(struct http_request *req, struct http_response *res, void *job)
{
    struct handover_read *r = job;
    return params_text(req, res, "reason", r->reason, sizeof r->reason);
}

static const struct http_write w_handover_unmasked = {
    .perm = PERM_HANDOVER | PERM_UNMASK,
    .job_size = sizeof(struct handover_read),
    .request = unmasked_request,
    .job = handovers_read_unmasked_job,
    .answer = read_answer,
    .release = read_release,
};

int h_handover_get(struct http_request *req, struct http_response *res)
{
    struct handover_view v;
    struct app_error e;
    const char *unmask;
    json_t *events, *j;
    int64_t id;
    int rc;

    if (params_parse_int(req->params[0], 1, PARAMS_ID_MAX, &id) < 0)
        return http_reply_error(res, 400, "bad_id", "id", "%.32s is not an id", req->params[0]);
    if ((unmask = http_query(req, "unmask"))) {
        if (strcmp(unmask, "1") == 0 || strcmp(unmask, "true") == 0)
            return http_write(req, res, &w_handover_unmasked);
        if (strcmp(unmask, "0") != 0 && strcmp(unmask, "false") != 0)
            return http_reply_error(res, 400, "bad_value", "unmask", "unmask must be 1 or 0");
    }
    events = json_array();
    if ((rc = handovers_get(req->db, req->caller, id, clock_now(), &v, add_event, events, &e)) <
        0) {
        json_decref(events);
        return http_reply_app_error(res, rc, &e);
    }
    j = handover_json(&v);
    json_object_set_new(j, "events", events);
    http_reply_json(res, 200, j);
    return 0;
}

static void action_answer(void *job, struct http_response *res)
{
    struct handover_action *a = job;
    http_reply_json(res, 200, handover_json(&a->out));
}

const struct http_write w_handover_accept = {
    .perm = PERM_HANDOVER,
    .job_size = sizeof(struct handover_action),
    .parse = handovers_accept_parse,
    .job = handovers_accept_job,
    .answer = action_answer,
};

const struct http_write w_handover_reject = {
    .perm = PERM_HANDOVER,
    .job_size = sizeof(struct handover_action),
    .parse = handovers_reject_parse,
    .job = handovers_reject_job,
    .answer = action_answer,
};

const struct http_write w_handover_route = {
    .perm = PERM_HANDOVER,
    .job_size = sizeof(struct handover_action),
    .parse = handovers_route_parse,
    .job = handovers_route_job,
    .answer = action_answer,
};
