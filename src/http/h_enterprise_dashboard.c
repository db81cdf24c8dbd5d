/*
 * The return-to-work dashboards over HTTP (issue 16): resumption broken
 * down by street, park, building or industry with the enterprises above an
 * output threshold, and the open problem tickets by kind and age. Handlers
 * parse, call app/enterprises/dashboard.c and format.
 */
#include "http/http.h"

#include "app/enterprises/dashboard.h"
#include "core/resumption.h"
#include "http/params.h"

#include <stdlib.h>
#include <string.h>

static json_t *figures_json(const struct resumption_figures *f)
{
    return json_pack("{s:{s:I, s:I}, s:{s:I, s:I}, s:{s:I, s:I}}", "enterprises", "total",
                     (json_int_t)f->total, "open", (json_int_t)f->open, "staff", "total",
                     (json_int_t)f->staff_total, "on_site", (json_int_t)f->staff_on_site, "output",
                     "total", (json_int_t)f->output_total, "open", (json_int_t)f->output_open);
}

static int add_large(void *arg, const struct resumption_row *r)
{
    json_array_append_new(
        arg, json_pack("{s:I, s:s, s:s, s:s, s:I, s:I, s:I, s:s, s:s, s:s}", "id",
                       (json_int_t)r->id, "credit_code", r->credit_code, "name", r->name,
                       "industry", r->industry, "output", (json_int_t)r->output, "staff",
                       (json_int_t)r->staff, "staff_on_site", (json_int_t)r->on_site, "status",
                       r->status, "park", r->park_name, "building", r->building_name));
    return 0;
}

int h_unit_resumption_breakdown(struct http_request *req, struct http_response *res)
{
    const char *bys = http_query(req, "by");
    struct breakdown_row *rows = NULL;
    enum breakdown_by by = BY_STREET;
    struct app_error e;
    int64_t code, threshold = RESUMPTION_LARGE_OUTPUT;
    int32_t day;
    json_t *large, *groups;
    int rc, n = 0;

    if (unit_and_date(req, res, &code, &day) < 0 ||
        params_int(req, res, "threshold", 0, PARAMS_ID_MAX, &threshold) < 0)
        return 0;
    if (bys && breakdown_by_parse(bys, &by) < 0)
        return http_reply_error(res, 400, "bad_value", "by",
                                "by: %.20s is not street, park, building or industry", bys);
    large = json_array();
    if ((rc = resumption_breakdown(req->db, req->caller, code, day, by, threshold, &rows, &n,
                                   add_large, large, &e)) < 0) {
        json_decref(large);
        return http_reply_app_error(res, rc, &e);
    }
    groups = json_array();
    for (int i = 0; i < n; i++) {
        json_t *g = figures_json(&rows[i].f);
        json_object_set_new(g, "key", json_string(rows[i].key));
        json_object_set_new(g, "name", json_string(rows[i].name));
        json_array_append_new(groups, g);
    }
    free(rows);
    http_reply_json(res, 200,
                    json_pack("{s:o, s:o, s:s, s:o, s:{s:I, s:o}}", "unit", params_code_json(code),
                              "date", params_day_json(day), "by", bys ? bys : "street", "groups",
                              groups, "large", "threshold", (json_int_t)threshold, "items", large));
    return 0;
}

int h_unit_tickets_summary(struct http_request *req, struct http_response *res)
{
    struct ticket_ages a[TICKET_KIND_COUNT];
    struct app_error e;
    int64_t code;
    int32_t day;
    json_t *kinds;
    int rc;

    if (unit_and_date(req, res, &code, &day) < 0)
        return 0;
    if ((rc = tickets_summary(req->db, req->caller, code, a, &e)) < 0)
        return http_reply_app_error(res, rc, &e);
    kinds = json_array();
    for (int k = 0; k < TICKET_KIND_COUNT; k++)
        json_array_append_new(
            kinds,
            json_pack("{s:s, s:s, s:I, s:I, s:I, s:{s:I, s:I, s:I}}", "kind",
                      ticket_kind_code((enum ticket_kind)k), "label",
                      ticket_kind_label_zh((enum ticket_kind)k), "open", (json_int_t)a[k].open,
                      "accepted", (json_int_t)a[k].accepted, "overdue", (json_int_t)a[k].overdue,
                      "age", "under_1d", (json_int_t)a[k].day1, "1d_3d", (json_int_t)a[k].day3,
                      "over_3d", (json_int_t)a[k].older));
    http_reply_json(res, 200,
                    json_pack("{s:o, s:o}", "unit", params_code_json(code), "kinds", kinds));
    return 0;
}
