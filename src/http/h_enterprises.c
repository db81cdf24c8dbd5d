/*
 * Return to work over HTTP (issue 16): the street's enterprise import (the
 * CSV as the body, answered like /imports), the register's list and one
 * enterprise, an enterprise's status of a day (a write on the group-commit
 * writer), and a unit's resumption figures on a date. Handlers parse, call
 * app/enterprises/ and format.
 */
#include "http/http.h"

#include "app/enterprises/enterprises.h"
#include "app/enterprises/groups.h"
#include "app/enterprises/import.h"
#include "core/date.h"
#include "core/mask.h"
#include "core/unitcode.h"
#include "http/params.h"
#include "util/clock.h"

#include <stdlib.h>
#include <string.h>

static json_t *place_json(int64_t id, const char *name)
{
    return id ? json_pack("{s:I, s:s}", "id", (json_int_t)id, "name", name) : json_null();
}

/* An enterprise as the API shows it: the contact's name and phone masked. */
static json_t *enterprise_json(const struct enterprise_row *e)
{
    char contact[ENT_TEXT_MAX], phone[32];

    mask_name(e->contact, contact, sizeof contact);
    mask_phone(e->phone, phone, sizeof phone);
    return json_pack("{s:I, s:s, s:s, s:s, s:I, s:I, s:o, s:o, s:o, s:s, s:s, s:s, s:I}", "id",
                     (json_int_t)e->id, "credit_code", e->credit_code, "name", e->name, "industry",
                     e->industry, "staff", (json_int_t)e->staff, "output", (json_int_t)e->output,
                     "street", params_code_json(e->street), "park",
                     place_json(e->park, e->park_name), "building",
                     place_json(e->building, e->building_name), "contact", contact, "phone", phone,
                     "status", e->status, "staff_on_site", (json_int_t)e->staff_on_site);
}

static json_t *import_json(const struct import_report *rep)
{
    json_t *errors = http_import_errors_json(rep->errors, rep->nerrors);

    return json_pack("{s:b, s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:o}", "committed", rep->committed,
                     "encoding", rep->encoding ? rep->encoding : "", "sheet", rep->sheet, "rows",
                     (json_int_t)rep->rows, "created", (json_int_t)rep->created, "updated",
                     (json_int_t)rep->updated, "rejected", (json_int_t)rep->rejected,
                     "total_errors", (json_int_t)rep->total_errors, "errors", errors);
}

int h_enterprises_import(struct http_request *req, struct http_response *res)
{
    struct import_report rep;
    struct app_error e;
    int64_t street;
    int rc;

    if (!role_can(req->caller->role, PERM_APPROVE))
        return http_reply_error(res, 403, "forbidden", NULL,
                                "this role may not import enterprises");
    if (params_unit(req, res, "street", &street) < 0)
        return 0;
    if (!street)
        return http_reply_error(res, 400, "missing", "street", "the street parameter is required");
    if (req->body_len == 0)
        return http_reply_error(res, 400, "empty", "body", "send the CSV file as the body");
    rc = enterprises_import_sheet(req->db, req->caller, street, NULL, req->body, req->body_len,
                                  http_query(req, "sheet"), &rep, &e);
    if (rc < 0) {
        import_report_cleanup(&rep);
        return http_reply_app_error(res, rc, &e);
    }
    http_reply_json(res, rc == 1 ? 422 : 200, import_json(&rep));
    import_report_cleanup(&rep);
    return 0;
}

static int add_enterprise(void *arg, const struct enterprise_row *e)
{
    json_array_append_new(arg, enterprise_json(e));
    return 0;
}

int h_enterprises_list(struct http_request *req, struct http_response *res)
{
    struct enterprise_query q;
    struct page pg = {0, 0, 0};
    struct app_error e;
    int64_t limit = ENTERPRISES_PAGE_DEFAULT;
    const char *status = http_query(req, "status");
    json_t *items;
    int rc;

    memset(&q, 0, sizeof q);
    if (params_unit(req, res, "unit", &q.unit) < 0 ||
        params_int(req, res, "park", 1, PARAMS_ID_MAX, &q.place) < 0 ||
        params_int(req, res, "cursor", 1, PARAMS_ID_MAX, &pg.cursor) < 0 ||
        params_int(req, res, "limit", 1, ENTERPRISES_PAGE_MAX, &limit) < 0)
        return 0;
    snprintf(q.status, sizeof q.status, "%s", status ? status : "");
    pg.limit = (int)limit;
    items = json_array();
    if ((rc = enterprises_list(req->db, req->caller, &q, &pg, add_enterprise, items, &e)) < 0) {
        json_decref(items);
        return http_reply_app_error(res, rc, &e);
    }
    http_reply_json(res, 200, params_page_json(items, pg.next));
    return 0;
}

int h_enterprise_get(struct http_request *req, struct http_response *res)
{
    struct enterprise_row row;
    struct app_error e;
    int64_t id;
    int rc;

    if (params_id(req, res, &id) < 0)
        return 0;
    if ((rc = enterprise_visible(req->db, req->caller, id, &row, &e)) < 0)
        return http_reply_app_error(res, rc, &e);
    http_reply_json(res, 200, enterprise_json(&row));
    return 0;
}

static int add_large(void *arg, const struct resumption_row *r)
{
    json_array_append_new(arg,
                          json_pack("{s:I, s:s, s:s, s:I, s:I, s:I, s:s}", "id", (json_int_t)r->id,
                                    "credit_code", r->credit_code, "name", r->name, "output",
                                    (json_int_t)r->output, "staff", (json_int_t)r->staff,
                                    "staff_on_site", (json_int_t)r->on_site, "status", r->status));
    return 0;
}

int h_unit_resumption(struct http_request *req, struct http_response *res)
{
    const char *s = req->params[0], *ds = http_query(req, "date");
    struct resumption_figures f;
    struct app_error e;
    int32_t day = clock_today();
    int64_t code;
    json_t *large;
    int rc;

    if ((rc = unitcode_parse(s, strlen(s), &code)) < 0)
        return http_reply_error(res, 400, "bad_code", "code", "%s: %s", s, unitcode_strerror(rc));
    if (ds && (strlen(ds) != 10 || date_parse(ds, 10, &day) < 0))
        return http_reply_error(res, 400, "bad_date", "date", "%.32s is not YYYY-MM-DD", ds);
    large = json_array();
    if ((rc = resumption_of_unit(req->db, req->caller, code, day, &f, add_large, large, &e)) < 0) {
        json_decref(large);
        return http_reply_app_error(res, rc, &e);
    }
    http_reply_json(res, 200,
                    json_pack("{s:o, s:o, s:{s:I, s:I}, s:{s:I, s:I}, s:{s:I, s:I}, s:o}", "unit",
                              params_code_json(code), "date", params_day_json(day), "enterprises",
                              "total", (json_int_t)f.total, "open", (json_int_t)f.open, "staff",
                              "total", (json_int_t)f.staff_total, "on_site",
                              (json_int_t)f.staff_on_site, "output", "total",
                              (json_int_t)f.output_total, "open", (json_int_t)f.output_open,
                              "large", large));
    return 0;
}

static json_t *chain_json(const struct enterprise_chain *ch)
{
    json_t *suppliers = json_array();

    for (int i = 0; i < ch->n; i++) {
        const struct enterprise_row *e = &ch->suppliers[i];
        enum resumption_status s = RS_CLOSED;
        int open = resumption_parse(e->status, &s) == 0 && resumption_is_open(s);
        json_array_append_new(suppliers,
                              json_pack("{s:I, s:s, s:s, s:b}", "id", (json_int_t)e->id, "name",
                                        e->name, "status", e->status, "blocked", !open));
    }
    return json_pack("{s:{s:I, s:s, s:s}, s:b, s:i, s:o}", "enterprise", "id",
                     (json_int_t)ch->root.id, "name", ch->root.name, "status", ch->root.status,
                     "blocked", ch->blocked > 0, "blocked_suppliers", ch->blocked, "suppliers",
                     suppliers);
}

/* Replies with the chain and the resume-together group of its enterprise. */
static int chain_with_group(struct db *db, const struct enterprise_chain *ch,
                            struct http_response *res, struct app_error *e)
{
    struct enterprise_group *g = malloc(sizeof *g);
    json_t *j;
    int rc;

    if (!g)
        return app_fail(e, APP_E_INTERNAL, "nomem", NULL, "out of memory");
    if ((rc = enterprise_group_of(db, ch->root.id, g, e)) == 0) {
        j = chain_json(ch);
        json_object_set_new(j, "group", group_json(g));
        http_reply_json(res, 200, j);
    }
    free(g);
    return rc;
}

int h_enterprise_chain(struct http_request *req, struct http_response *res)
{
    struct enterprise_chain *ch = calloc(1, sizeof *ch);
    struct app_error e;
    int64_t id;
    int rc;

    if (!ch)
        return http_reply_error(res, 500, "internal", NULL, "out of memory");
    if (params_id(req, res, &id) == 0) {
        if ((rc = enterprise_chain(req->db, req->caller, id, ch, &e)) < 0 ||
            (rc = chain_with_group(req->db, ch, res, &e)) < 0)
            http_reply_app_error(res, rc, &e);
    }
    free(ch);
    return 0;
}

static void supplier_answer(void *job, struct http_response *res)
{
    struct enterprise_supplier *u = job;
    http_reply_json(res, 200, chain_json(&u->out));
}

/* The job checks the role (approve: the street). */
const struct http_write w_enterprise_supplier = {
    .job_size = sizeof(struct enterprise_supplier),
    .parse = enterprise_supplier_parse,
    .job = enterprise_supplier_job,
    .answer = supplier_answer,
};

static void status_answer(void *job, struct http_response *res)
{
    struct enterprise_status *u = job;
    json_t *j = enterprise_json(&u->out);

    if (u->app.n) { /* the hand-overs its returning staff became */
        json_t *ids = json_array();
        for (size_t i = 0; i < u->app.n; i++)
            json_array_append_new(ids, json_integer(u->app.handovers[i]));
        json_object_set_new(j, "handovers", ids);
    }
    http_reply_json(res, 200, j);
}

int h_enterprise_returnees(struct http_request *req, struct http_response *res)
{
    struct app_error e;
    json_t *j;
    int64_t id;
    int rc;

    if (params_id(req, res, &id) < 0)
        return 0;
    if (!(j = enterprise_returnees_json(req->db, req->caller, id, &rc, &e)))
        return http_reply_app_error(res, rc, &e);
    http_reply_json(res, 200, json_pack("{s:o}", "items", j));
    return 0;
}

/* The job checks the role: the street approves, the enterprise (or its
 * specialist) applies and opens. */
const struct http_write w_enterprise_status = {
    .job_size = sizeof(struct enterprise_status),
    .parse = enterprise_status_parse,
    .job = enterprise_status_job,
    .answer = status_answer,
};
