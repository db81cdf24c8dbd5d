/*
 * Tasks over HTTP: list (by unit, state, assignee; ?board=1 for the overdue
 * board of a level), create, read with its events, and accept / done /
 * cancel. Handlers parse, call app/tasks/tasks.c and format; the escalation shown
 * is derived from the deadline and the clock at the moment of the answer.
 */
#include "http/http.h"

#include "app/daytime.h"
#include "app/tasks/tasks.h"
#include "core/date.h"
#include "core/tasks.h"
#include "http/params.h"

#include <stdio.h>
#include <string.h>

/* A household task's household as the card shows it: address, floor,
 * lift, and its head (masked; null when the caller may not see it). */
static json_t *home_json(const struct task_row *t)
{
    const struct task_home *h = &t->home;

    if (!t->household)
        return json_null();
    return json_pack(
        "{s:s, s:s, s:s, s:s, s:o, s:o, s:o}", "compound", h->compound, "building", h->building,
        "unit", h->unit, "room", h->room, "floor", h->floor ? json_integer(h->floor) : json_null(),
        "lift", h->lift < 0 ? json_null() : json_boolean(h->lift), "head",
        h->head ? json_pack("{s:I, s:s}", "id", (json_int_t)h->head, "name", h->head_name)
                : json_null());
}

json_t *task_json(const struct task_row *t, int64_t now)
{
    enum task_escalation esc = task_escalation_at((enum task_state)t->state, t->deadline, now);
    json_t *o = json_pack(
        "{s:I, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:s, s:b, s:o, s:o, s:o, s:s, s:b, "
        "s:s, s:o, s:s, s:o}",
        "id", (json_int_t)t->id, "kind", task_kind_code((enum task_kind)t->kind), "kind_label",
        task_kind_label_zh((enum task_kind)t->kind), "title", t->title, "where", t->where, "place",
        t->place ? json_integer(t->place) : json_null(), "household",
        t->household ? json_integer(t->household) : json_null(), "quarantine",
        t->quarantine ? json_integer(t->quarantine) : json_null(), "grid",
        params_code_json(t->grid), "committee", params_code_json(t->committee), "state",
        task_state_code((enum task_state)t->state), "urgent", t->urgent, "day",
        params_day_json(t->day), "deadline", params_time_json(t->deadline), "assignee",
        t->assignee_name[0] ? json_string(t->assignee_name) : json_null(), "escalation",
        task_escalation_code(esc), "overdue", esc != ESC_NONE, "note", t->note, "created_at",
        params_time_json(t->created_at), "created_by", t->created_by, "updated_at",
        params_time_json(t->updated_at));

    if (o)
        json_object_set_new(o, "home", home_json(t));
    return o;
}

/* ---- GET /api/v1/tasks ------------------------------------------------------------ */

struct list_out {
    json_t *items;
    int64_t now;
};

static int add_task(void *arg, const struct task_row *t)
{
    struct list_out *o = arg;
    json_array_append_new(o->items, task_json(t, o->now));
    return 0;
}

int task_state_param(struct http_request *req, struct http_response *res, int *out)
{
    const char *state = http_query(req, "state");
    enum task_state s;

    *out = -1;
    if (!state)
        return 0;
    if (strcmp(state, "active") == 0)
        *out = -2;
    else if (task_state_parse(state, &s) == 0)
        *out = (int)s;
    else
        return http_reply_error(res, 400, "bad_value", "state",
                                "state: %.20s is not open, accepted, done, cancelled or active",
                                state),
               -1;
    return 0;
}

int h_tasks_list(struct http_request *req, struct http_response *res)
{
    struct tasks_query q;
    struct app_error e;
    struct list_out o;
    struct page pg = {0, 0, 0};
    const char *assignee = http_query(req, "assignee"), *kind = http_query(req, "kind");
    enum task_kind k;
    int64_t limit = TASKS_PAGE_DEFAULT;
    int rc;

    memset(&q, 0, sizeof q);
    if (params_unit(req, res, "unit", &q.unit) < 0 ||
        params_int(req, res, "cursor", 0, PARAMS_ID_MAX, &pg.cursor) < 0 ||
        params_int(req, res, "limit", 1, TASKS_PAGE_MAX, &limit) < 0 ||
        params_flag(req, res, "board", &q.board) < 0)
        return 0;
    if (task_state_param(req, res, &q.state) < 0)
        return 0;
    if (kind) {
        if (task_kind_parse(kind, &k) < 0)
            return http_reply_error(res, 400, "bad_value", "kind", "kind: %.20s is not a task kind",
                                    kind);
        q.kind = (int)k + 1;
    }
    if (assignee) {
        if (!*assignee || strlen(assignee) >= sizeof q.assignee)
            return http_reply_error(res, 400, "bad_value", "assignee",
                                    "assignee must be an account name");
        snprintf(q.assignee, sizeof q.assignee, "%s", assignee);
    }
    pg.limit = (int)limit;
    o.items = json_array();
    o.now = daytime_now();
    if ((rc = tasks_list(req->db, req->caller, &q, &pg, add_task, &o, &e)) < 0) {
        json_decref(o.items);
        return http_reply_app_error(res, rc, &e);
    }
    http_reply_json(res, 200, params_page_json(o.items, pg.next));
    return 0;
}

/* ---- POST /api/v1/tasks ------------------------------------------------------------- */

static void create_answer(void *job, struct http_response *res)
{
    struct tasks_create *u = job;
    http_reply_json(res, 201, task_json(&u->out, daytime_now()));
}

const struct http_write w_tasks_create = {
    .perm = PERM_TASKS,
    .job_size = sizeof(struct tasks_create),
    .parse = tasks_create_parse,
    .job = tasks_create_job,
    .answer = create_answer,
    .release = tasks_create_release,
};

/* ---- GET /api/v1/tasks/{id} ------------------------------------------------------- */

static int add_event(void *arg, const struct task_event *ev)
{
    json_array_append_new(arg, json_pack("{s:i, s:o, s:s, s:o, s:s, s:s}", "seq", ev->seq, "at",
                                         params_time_json(ev->at), "kind", ev->kind, "unit",
                                         params_code_json(ev->unit), "by", ev->recorded_by,
                                         "detail", ev->detail));
    return 0;
}

int h_task_get(struct http_request *req, struct http_response *res)
{
    struct task_row t;
    struct app_error e;
    json_t *events, *j;
    int64_t id;
    int rc;

    if (params_id(req, res, &id) < 0)
        return 0;
    events = json_array();
    if ((rc = tasks_get(req->db, req->caller, id, &t, add_event, events, &e)) < 0) {
        json_decref(events);
        return http_reply_app_error(res, rc, &e);
    }
    j = task_json(&t, daytime_now());
    json_object_set_new(j, "events", events);
    http_reply_json(res, 200, j);
    return 0;
}

/* ---- POST /api/v1/tasks/{id}/accept|done|cancel -------------------------------------- */

static void move_answer(void *job, struct http_response *res)
{
    struct tasks_move *u = job;
    http_reply_json(res, 200, task_json(&u->out, daytime_now()));
}

const struct http_write w_task_accept = {
    .perm = PERM_TASKS,
    .flags = HTTP_WRITE_BODY_OPTIONAL,
    .job_size = sizeof(struct tasks_move),
    .parse = tasks_accept_parse,
    .job = tasks_move_job,
    .answer = move_answer,
};

const struct http_write w_task_done = {
    .perm = PERM_TASKS,
    .flags = HTTP_WRITE_BODY_OPTIONAL,
    .job_size = sizeof(struct tasks_move),
    .parse = tasks_done_parse,
    .job = tasks_move_job,
    .answer = move_answer,
};

const struct http_write w_task_cancel = {
    .perm = PERM_TASKS,
    .flags = HTTP_WRITE_BODY_OPTIONAL,
    .job_size = sizeof(struct tasks_move),
    .parse = tasks_cancel_parse,
    .job = tasks_move_job,
    .answer = move_answer,
};
