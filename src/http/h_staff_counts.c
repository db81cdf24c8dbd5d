/*
 * The staff counts over HTTP (issue 14): sent by home unit and batch,
 * received by street, district and kind of post on a day, and duty hours
 * per person over some days. Handlers parse, call app/workforce/counts.h
 * and format (the sums by street and district are made here, from the
 * rows by post area, with each street's and district's name in `names`).
 */
#include "http/http.h"

#include "app/workforce/counts.h"
#include "core/date.h"
#include "core/unitcode.h"
#include "http/params.h"
#include "util/clock.h"

#include <stdio.h>
#include <string.h>

struct counts_json {
    json_t *sent, *street, *district, *kind, *names;
    json_int_t total;
};

static int add_sent(void *arg, const struct sent_row *r)
{
    struct counts_json *x = arg;

    json_array_append_new(x->sent, json_pack("{s:I, s:s, s:i, s:I, s:I}", "home_unit_id",
                                             (json_int_t)r->home_unit, "home_unit", r->name,
                                             "batch", r->batch, "staff", (json_int_t)r->staff,
                                             "deployed", (json_int_t)r->deployed));
    return 0;
}

/* obj[key] += n */
static void bump(json_t *obj, const char *key, json_int_t n)
{
    json_t *v = json_object_get(obj, key);

    json_object_set_new(obj, key, json_integer((v ? json_integer_value(v) : 0) + n));
}

static int add_received(void *arg, const struct received_row *r)
{
    struct counts_json *x = arg;
    char street[16], district[16];

    snprintf(street, sizeof street, "%lld",
             (long long)unitcode_at_level(r->area / 1000, LEVEL_STREET));
    snprintf(district, sizeof district, "%lld",
             (long long)unitcode_at_level(r->area / 1000, LEVEL_DISTRICT));
    /* A post placed at a district has no street. */
    if (r->area % 1000000 != 0) {
        bump(x->street, street, r->staff);
        json_object_set_new(x->names, street, json_string(r->street_name));
    }
    bump(x->district, district, r->staff);
    json_object_set_new(x->names, district, json_string(r->district_name));
    bump(x->kind, r->kind, r->staff);
    x->total += r->staff;
    return 0;
}

static int dated(struct http_request *req, struct http_response *res, const char *name,
                 int32_t *out)
{
    const char *s = http_query(req, name);

    if (s && (strlen(s) != 10 || date_parse(s, 10, out) < 0)) {
        http_reply_error(res, 400, "bad_date", name, "%.32s is not YYYY-MM-DD", s);
        return -1;
    }
    return 0;
}

int h_staff_counts(struct http_request *req, struct http_response *res)
{
    struct counts_json x;
    int32_t day = clock_today();
    struct app_error e;
    int64_t unit = 0;
    int rc;

    if (params_unit(req, res, "unit", &unit) < 0 || dated(req, res, "date", &day) < 0)
        return 0;
    x = (struct counts_json){json_array(),  json_object(), json_object(),
                             json_object(), json_object(), 0};
    if ((rc = staff_counts(req->db, req->caller, unit, day, add_sent, add_received, &x, &e)) < 0) {
        json_decref(x.sent);
        json_decref(x.street);
        json_decref(x.district);
        json_decref(x.kind);
        json_decref(x.names);
        return http_reply_app_error(res, rc, &e);
    }
    http_reply_json(res, 200,
                    json_pack("{s:o, s:o, s:{s:I, s:o, s:o, s:o, s:o}}", "date",
                              params_day_json(day), "sent", x.sent, "received", "total", x.total,
                              "by_street", x.street, "by_district", x.district, "by_kind", x.kind,
                              "names", x.names));
    return 0;
}

static int add_hours(void *arg, const struct duty_hours *h)
{
    json_array_append_new(arg, json_pack("{s:I, s:s, s:s, s:f, s:i}", "staff", (json_int_t)h->staff,
                                         "name", h->name, "home_unit", h->home_unit, "hours",
                                         (double)h->seconds / 3600.0, "days", h->days));
    return 0;
}

int h_staff_hours(struct http_request *req, struct http_response *res)
{
    int32_t until = clock_today(), from = until - 6;
    struct app_error e;
    int64_t unit = 0;
    json_t *items;
    int rc;

    if (params_unit(req, res, "unit", &unit) < 0 || dated(req, res, "from", &from) < 0 ||
        dated(req, res, "until", &until) < 0)
        return 0;
    items = json_array();
    if ((rc = staff_hours(req->db, req->caller, unit, from, until, add_hours, items, &e)) < 0) {
        json_decref(items);
        return http_reply_app_error(res, rc, &e);
    }
    http_reply_json(res, 200,
                    json_pack("{s:o, s:o, s:o}", "from", params_day_json(from), "until",
                              params_day_json(until), "items", items));
    return 0;
}
