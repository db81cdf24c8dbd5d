/*
 * Handlers for the org-unit tree: GET /api/v1/units/{code}, and /healthz
 * (which proves the database answers).
 */
#include "http/http.h"

#include "app/counts.h"
#include "core/unitcode.h"
#include "store/units.h"
#include "util/clock.h"

#include <stdlib.h>
#include <string.h>

int h_healthz(struct http_request *req, struct http_response *res)
{
    int64_t city = 0;

    if (store_city_code(req->db, &city) < 0)
        return http_reply_error(res, 503, "db_unavailable", NULL, "database: %s",
                                db_errmsg(req->db));
    http_reply_json(res, 200, json_pack("{s:s}", "status", "ok"));
    return 0;
}

struct children_ctx {
    json_t *arr;
};

static int add_child(void *arg, const struct unit *u)
{
    struct children_ctx *c = arg;
    char code[UNITCODE_STR_LEN];

    unitcode_format(u->code, code);
    json_array_append_new(c->arr,
                          json_pack("{s:s, s:s, s:i}", "code", code, "name", u->name, "level",
                                    u->level));
    return 0;
}

int h_unit_get(struct http_request *req, struct http_response *res)
{
    const char *s = req->params[0];
    int64_t code;
    struct unit u;
    struct children_ctx c;
    char codes[UNITCODE_STR_LEN], parent[UNITCODE_STR_LEN];
    int rc;

    if ((rc = unitcode_parse(s, strlen(s), &code)) < 0)
        return http_reply_error(res, 400, "bad_code", "code", "%s: %s", s,
                                unitcode_strerror(rc));
    rc = store_unit_get(req->db, code, &u);
    if (rc == DB_E_NOTFOUND)
        return http_reply_error(res, 404, "not_found", "code", "no unit %s", s);
    if (rc < 0)
        return http_reply_error(res, 500, "db_error", NULL, "%s", db_errmsg(req->db));
    c.arr = json_array();
    if ((rc = store_unit_children(req->db, code, add_child, &c)) < 0) {
        json_decref(c.arr);
        return http_reply_error(res, 500, "db_error", NULL, "%s", db_errmsg(req->db));
    }
    unitcode_format(u.code, codes);
    unitcode_format(u.parent, parent);
    http_reply_json(res, 200,
                    json_pack("{s:s, s:s, s:i, s:s?, s:o}", "code", codes, "name", u.name,
                              "level", u.level, "parent", u.parent ? parent : NULL, "children",
                              c.arr));
    return 0;
}

/* Parses the {code} capture; on failure replies 400 and returns -1. */
static int unit_param(struct http_request *req, struct http_response *res, int64_t *out)
{
    const char *s = req->params[0];
    int rc = unitcode_parse(s, strlen(s), out);

    if (rc < 0) {
        http_reply_error(res, 400, "bad_code", "code", "%s: %s", s, unitcode_strerror(rc));
        return -1;
    }
    return 0;
}

int h_unit_counts(struct http_request *req, struct http_response *res)
{
    int64_t code;
    json_t *j;
    int rc;

    if (unit_param(req, res, &code) < 0)
        return 0;
    if (!(j = counts_json(req->db, code, &rc))) {
        if (rc == DB_E_NOTFOUND)
            return http_reply_error(res, 404, "not_found", "code", "no unit %s", req->params[0]);
        return http_reply_error(res, 500, "db_error", NULL, "%s", db_errmsg(req->db));
    }
    http_reply_json(res, 200, j);
    return 0;
}

int h_unit_counts_history(struct http_request *req, struct http_response *res)
{
    const char *ds = http_query(req, "days");
    int64_t code;
    long days = 30;
    char *end;
    json_t *j;
    int rc;

    if (unit_param(req, res, &code) < 0)
        return 0;
    if (ds) {
        days = strtol(ds, &end, 10);
        if (!*ds || *end || days < 1 || days > 366)
            return http_reply_error(res, 400, "bad_value", "days", "days must be 1 to 366");
    }
    if (!(j = counts_history_json(req->db, code, clock_today(), (int)days, &rc))) {
        if (rc == DB_E_NOTFOUND)
            return http_reply_error(res, 404, "not_found", "code", "no unit %s", req->params[0]);
        return http_reply_error(res, 500, "db_error", NULL, "%s", db_errmsg(req->db));
    }
    http_reply_json(res, 200, j);
    return 0;
}
