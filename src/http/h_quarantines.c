/*
 * Quarantine cases over HTTP: open a case, list and read cases, record a
 * temperature, issue a new check-in link, move a case's last day or cancel
 * it, and the resident's own check-in
 * page behind that link (public routes: the token is the only key, and it
 * opens nothing but its own case). Handlers parse, call app/quarantine/quarantines.c
 * and format; writes go through the group-commit writer.
 */
#include "http/http.h"

#include "app/quarantine/quarantines.h"
#include "core/colour.h"
#include "core/facts.h"
#include "core/temperature.h"
#include "http/params.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const qstates[] = {"open", "ended", "cancelled"};

static json_t *temps_json(const struct quarantine_view *v)
{
    json_t *a = json_array();
    char t[8];

    for (int i = 0; i < v->ntemps; i++) {
        const struct temperature_row *r = &v->temps[i];
        temperature_format(r->tenths, t, sizeof t);
        json_array_append_new(
            a, json_pack("{s:o, s:s, s:f, s:b, s:o, s:s}", "day", params_day_json(r->day), "slot",
                         r->slot ? "evening" : "morning", "temperature", r->tenths / 10.0, "fever",
                         temperature_is_fever(r->tenths), "at", params_time_json(r->at),
                         "recorded_by", r->recorded_by));
    }
    return a;
}

static json_t *events_json(const struct quarantine_view *v)
{
    json_t *a = json_array();

    for (int i = 0; i < v->nevents; i++) {
        const struct quarantine_event *e = &v->events[i];
        json_array_append_new(a, json_pack("{s:o, s:s, s:o, s:o, s:s, s:s}", "at",
                                           params_time_json(e->at), "kind", e->kind, "until_before",
                                           params_day_json(e->until_before), "until_after",
                                           params_day_json(e->until_after), "reason", e->reason,
                                           "recorded_by", e->recorded_by));
    }
    return a;
}

/* The full view for workers; `public` leaves out who follows up and the
 * unit (the resident's page shows only its own dates and readings). */
static json_t *view_json(const struct quarantine_view *v, int public)
{
    const struct quarantine_row *q = &v->q;
    json_t *j =
        json_pack("{s:I, s:s, s:s, s:o, s:o, s:s, s:s, s:s, s:o, s:o}", "id", (json_int_t)q->id,
                  "kind", quarantine_code((enum quarantine_kind)q->kind), "name", v->name, "from",
                  params_day_json(q->day_from), "until", params_day_json(q->day_until), "address",
                  v->address, "state", qstates[v->state < 3 ? v->state : 0], "colour",
                  colour_code((enum colour)v->colour), "due",
                  json_pack("{s:o, s:s, s:b}", "day", params_day_json(v->due_day), "slot",
                            v->due_slot ? "evening" : "morning", "missed", v->missed),
                  "temperatures", temps_json(v));
    if (!public) {
        json_object_set_new(j, "resident", json_integer(q->resident));
        json_object_set_new(j, "household",
                            q->household ? json_integer(q->household) : json_null());
        json_object_set_new(j, "unit", params_code_json(q->unit));
        json_object_set_new(j, "committee", params_code_json(q->committee));
        json_object_set_new(j, "facility", json_string(q->facility));
        json_object_set_new(j, "follower", v->follower[0] ? json_string(v->follower) : json_null());
        json_object_set_new(j, "closed", params_day_json(q->closed_day));
        json_object_set_new(j, "created_by", json_string(q->created_by));
        json_object_set_new(j, "events", events_json(v));
    }
    return j;
}

/* ---- POST /api/v1/quarantines, /api/v1/households/{id}/quarantine ---------------- */

static void open_answer(void *job, struct http_response *res)
{
    struct quarantines_open *u = job;
    json_t *j = view_json(&u->out, 0);
    char link[128];

    snprintf(link, sizeof link, "/checkin.html#%s", u->token);
    json_object_set_new(j, "checkin", json_string(link));
    json_object_set_new(j, "tasks_generated", json_integer(u->tasks));
    http_reply_json(res, 201, j);
}

const struct http_write w_quarantines_open = {
    .perm = PERM_QUARANTINE,
    .job_size = sizeof(struct quarantines_open),
    .parse = quarantines_open_parse,
    .job = quarantines_open_job,
    .answer = open_answer,
};

static void household_answer(void *job, struct http_response *res)
{
    struct quarantines_household *u = job;
    json_t *cases = json_array(), *skipped = json_array();
    char link[128];

    for (int i = 0; i < u->n; i++) {
        json_t *j = view_json(&u->cases[i].view, 0);
        snprintf(link, sizeof link, "/checkin.html#%s", u->cases[i].token);
        json_object_set_new(j, "checkin", json_string(link));
        json_array_append_new(cases, j);
    }
    for (int i = 0; i < u->nskipped; i++)
        json_array_append_new(skipped, json_integer(u->skipped[i]));
    http_reply_json(res, u->n ? 201 : 200,
                    json_pack("{s:o, s:o, s:I}", "cases", cases, "skipped", skipped,
                              "tasks_generated", (json_int_t)u->tasks));
}

const struct http_write w_quarantines_household = {
    .perm = PERM_QUARANTINE,
    .job_size = sizeof(struct quarantines_household),
    .parse = quarantines_household_parse,
    .job = quarantines_household_job,
    .answer = household_answer,
};

/* ---- GET /api/v1/quarantines, /api/v1/quarantines/{id} -------------------------- */

static int add_view(void *arg, const struct quarantine_view *v)
{
    json_array_append_new(arg, view_json(v, 0));
    return 0;
}

int h_quarantines_list(struct http_request *req, struct http_response *res)
{
    struct app_error e;
    const char *state = http_query(req, "state");
    int64_t unit, limit = 50;
    struct page pg = {0, 0, 0};
    json_t *items;
    int rc, open_only = 1;

    if (params_unit(req, res, "unit", &unit) < 0 ||
        params_int(req, res, "cursor", 0, PARAMS_ID_MAX, &pg.cursor) < 0 ||
        params_int(req, res, "limit", 1, QUARANTINES_PAGE_MAX, &limit) < 0)
        return 0;
    if (state && strcmp(state, "open") != 0 && strcmp(state, "all") != 0)
        return http_reply_error(res, 400, "bad_value", "state", "state must be open or all");
    if (state && strcmp(state, "all") == 0)
        open_only = 0;
    pg.limit = (int)limit;
    items = json_array();
    if ((rc = quarantines_list(req->db, req->caller, unit, open_only, &pg, add_view, items, &e)) <
        0) {
        json_decref(items);
        return http_reply_app_error(res, rc, &e);
    }
    http_reply_json(res, 200, params_page_json(items, pg.next));
    return 0;
}

int h_quarantine_get(struct http_request *req, struct http_response *res)
{
    struct quarantine_view *v;
    struct app_error e;
    int64_t id;
    int rc;

    if (params_id(req, res, &id) < 0)
        return 0;
    if (!(v = malloc(sizeof *v)))
        return http_reply_error(res, 500, "nomem", NULL, "out of memory");
    if ((rc = quarantines_get(req->db, req->caller, id, v, &e)) < 0) {
        free(v);
        return http_reply_app_error(res, rc, &e);
    }
    http_reply_json(res, 200, view_json(v, 0));
    free(v);
    return 0;
}

/* ---- temperatures: by a worker, or through the check-in link --------------------- */

static void temp_answer(void *job, struct http_response *res)
{
    struct quarantines_temp *u = job;
    json_t *j = view_json(&u->out, u->token[0] != 0);

    json_object_set_new(j, "fever", json_boolean(u->fever));
    if (!u->token[0])
        json_object_set_new(j, "task", u->task ? json_integer(u->task) : json_null());
    http_reply_json(res, 201, j);
}

const struct http_write w_quarantine_temperature = {
    .perm = PERM_QUARANTINE,
    .job_size = sizeof(struct quarantines_temp),
    .parse = quarantines_temp_parse,
    .job = quarantines_temp_job,
    .answer = temp_answer,
};

/* The token: exactly 64 lower-case hex digits, else 404 like a wrong one. */
static int token_ok(const char *t)
{
    return strlen(t) == 64 && strspn(t, "0123456789abcdef") == 64;
}

/* The check-in link's token is the only key: the caller (none) is unused. */
static int checkin_token(struct http_request *req, struct http_response *res, void *job)
{
    struct quarantines_temp *u = job;

    if (!token_ok(req->params[0])) {
        http_reply_error(res, 404, "not_found", "token", "no such link");
        return -1;
    }
    snprintf(u->token, sizeof u->token, "%.64s", req->params[0]);
    return 0;
}

const struct http_write w_checkin_temperature = {
    .job_size = sizeof(struct quarantines_temp),
    .request = checkin_token,
    .parse = quarantines_temp_parse,
    .job = quarantines_temp_job,
    .answer = temp_answer,
};

int h_checkin_get(struct http_request *req, struct http_response *res)
{
    struct quarantine_view *v;
    struct app_error e;
    int rc;

    if (!token_ok(req->params[0]))
        return http_reply_error(res, 404, "not_found", "token", "no such link");
    if (!(v = malloc(sizeof *v)))
        return http_reply_error(res, 500, "nomem", NULL, "out of memory");
    if ((rc = quarantines_checkin_get(req->db, req->params[0], v, &e)) < 0) {
        free(v);
        return http_reply_app_error(res, rc, &e);
    }
    http_reply_json(res, 200, view_json(v, 1));
    free(v);
    return 0;
}

/* ---- POST /api/v1/quarantines/{id}/link ------------------------------------------- */

static void link_answer(void *job, struct http_response *res)
{
    struct quarantines_link *u = job;
    char link[128];

    snprintf(link, sizeof link, "/checkin.html#%s", u->token);
    http_reply_json(res, 200, json_pack("{s:I, s:s}", "id", (json_int_t)u->id, "checkin", link));
}

const struct http_write w_quarantine_link = {
    .perm = PERM_QUARANTINE,
    .job_size = sizeof(struct quarantines_link),
    .job = quarantines_link_job,
    .answer = link_answer,
};

/* ---- POST /api/v1/quarantines/{id}/until, /cancel ---------------------------------- */

static void change_answer(void *job, struct http_response *res)
{
    struct quarantines_change *u = job;
    json_t *j = view_json(&u->out, 0);

    json_object_set_new(j, "tasks_cancelled", json_integer(u->tasks_cancelled));
    http_reply_json(res, 200, j);
}

const struct http_write w_quarantine_until = {
    .perm = PERM_QUARANTINE,
    .job_size = sizeof(struct quarantines_change),
    .parse = quarantines_until_parse,
    .job = quarantines_change_job,
    .answer = change_answer,
};

const struct http_write w_quarantine_cancel = {
    .perm = PERM_QUARANTINE,
    .job_size = sizeof(struct quarantines_change),
    .parse = quarantines_cancel_parse,
    .job = quarantines_change_job,
    .answer = change_answer,
};
