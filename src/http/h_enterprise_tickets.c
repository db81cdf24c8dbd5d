/*
 * Problem tickets of enterprises over HTTP (issue 16): open one (a write
 * on the group-commit writer), list them (an enterprise's, a specialist's,
 * a street's), move them (accept, done, cancel: writes), and an
 * enterprise's history. A ticket reads as its task (task_json) with its
 * kind and enterprise. Handlers parse, call app/enterprises/tickets.c and
 * format.
 */
#include "http/http.h"

#include "app/daytime.h"
#include "app/enterprises/tickets.h"
#include "core/date.h"
#include "http/params.h"

#include <string.h>

static json_t *ticket_json(const struct ticket_view *v, int64_t now)
{
    json_t *j = task_json(&v->t, now);
    enum ticket_kind k = TICKET_OTHER;

    ticket_kind_parse(v->h.kind, &k);
    json_object_set_new(j, "ticket_kind", json_string(v->h.kind));
    json_object_set_new(j, "ticket_kind_label", json_string(ticket_kind_label_zh(k)));
    json_object_set_new(
        j, "enterprise",
        json_pack("{s:I, s:s}", "id", (json_int_t)v->h.enterprise, "name", v->h.enterprise_name));
    return j;
}

struct list_out {
    json_t *items;
    int64_t now;
};

static int add_ticket(void *arg, const struct ticket_view *v)
{
    struct list_out *o = arg;
    json_array_append_new(o->items, ticket_json(v, o->now));
    return 0;
}

/* A list of tickets, of enterprise `enterprise` (0: all the caller sees). */
static int list(struct http_request *req, struct http_response *res, int64_t enterprise)
{
    struct ticket_query q;
    struct page pg = {0, 0, 0};
    struct app_error e;
    struct list_out o;
    const char *kind = http_query(req, "kind");
    int64_t limit = TICKETS_PAGE_DEFAULT;
    int rc;

    memset(&q, 0, sizeof q);
    q.enterprise = enterprise;
    if (task_state_param(req, res, &q.state) < 0 ||
        params_int(req, res, "cursor", 0, PARAMS_ID_MAX, &pg.cursor) < 0 ||
        params_int(req, res, "limit", 1, TICKETS_PAGE_MAX, &limit) < 0)
        return 0;
    snprintf(q.kind, sizeof q.kind, "%s", kind ? kind : "");
    pg.limit = (int)limit;
    o.items = json_array();
    o.now = daytime_now();
    if ((rc = tickets_list(req->db, req->caller, &q, &pg, add_ticket, &o, &e)) < 0) {
        json_decref(o.items);
        return http_reply_app_error(res, rc, &e);
    }
    http_reply_json(res, 200, params_page_json(o.items, pg.next));
    return 0;
}

int h_tickets_list(struct http_request *req, struct http_response *res)
{
    return list(req, res, 0);
}

int h_enterprise_tickets(struct http_request *req, struct http_response *res)
{
    int64_t id;

    if (params_id(req, res, &id) < 0)
        return 0;
    return list(req, res, id);
}

static int add_item(void *arg, const struct history_item *h)
{
    json_t *j = json_pack("{s:o, s:s, s:s, s:s, s:s}", "at", params_time_json(h->at), "what",
                          h->what, "event", h->event, "by", h->by, "detail", h->detail);

    if (h->ticket) {
        json_object_set_new(j, "ticket", json_integer(h->ticket));
        json_object_set_new(j, "ticket_kind", json_string(h->kind));
    } else {
        json_object_set_new(j, "day", params_day_json((int32_t)h->day));
        json_object_set_new(j, "staff_on_site", json_integer(h->on_site));
    }
    json_array_append_new(arg, j);
    return 0;
}

int h_enterprise_history(struct http_request *req, struct http_response *res)
{
    struct app_error e;
    json_t *items;
    int64_t id;
    int rc;

    if (params_id(req, res, &id) < 0)
        return 0;
    items = json_array();
    if ((rc = enterprise_history(req->db, req->caller, id, add_item, items, &e)) < 0) {
        json_decref(items);
        return http_reply_app_error(res, rc, &e);
    }
    http_reply_json(res, 200,
                    json_pack("{s:I, s:o}", "enterprise", (json_int_t)id, "items", items));
    return 0;
}

static void open_answer(void *job, struct http_response *res)
{
    struct ticket_open *u = job;
    http_reply_json(res, 201, ticket_json(&u->out, daytime_now()));
}

/* The job checks the role: the enterprise or its specialist. */
const struct http_write w_ticket_open = {
    .job_size = sizeof(struct ticket_open),
    .parse = ticket_open_parse,
    .job = ticket_open_job,
    .answer = open_answer,
};

static void move_answer(void *job, struct http_response *res)
{
    struct ticket_move *u = job;
    struct ticket_view v = {u->h, u->m.out};

    http_reply_json(res, 200, ticket_json(&v, daytime_now()));
}

/* The jobs check the role and the ticket's enterprise (core/tickets.c). */
#define TICKET_MOVE(name, parser)                                                                  \
    const struct http_write name = {                                                               \
        .flags = HTTP_WRITE_BODY_OPTIONAL,                                                         \
        .job_size = sizeof(struct ticket_move),                                                    \
        .parse = parser,                                                                           \
        .job = ticket_move_job,                                                                    \
        .answer = move_answer,                                                                     \
    };
TICKET_MOVE(w_ticket_accept, tasks_accept_parse)
TICKET_MOVE(w_ticket_done, tasks_done_parse)
TICKET_MOVE(w_ticket_cancel, tasks_cancel_parse)
