/*
 * Handlers for the org-unit tree: GET /api/v1/units/{code}, and /healthz
 * (which proves the database answers).
 */
#include "http/http.h"

#include "core/unitcode.h"
#include "store/units.h"

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
