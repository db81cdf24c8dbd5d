/*
 * The pages of the web UI that are one read each: GET
 * /api/v1/units/{code}/dashboard (app/dashboard.c) and GET
 * /api/v1/compounds/{id}/map (app/compound_map.c).
 */
#include "http/http.h"

#include "app/compound_map.h"
#include "app/dashboard.h"
#include "core/unitcode.h"
#include "util/clock.h"

#include <stdlib.h>
#include <string.h>

int h_unit_dashboard(struct http_request *req, struct http_response *res)
{
    const char *s = req->params[0];
    int64_t code;
    json_t *j;
    int rc;

    if ((rc = unitcode_parse(s, strlen(s), &code)) < 0)
        return http_reply_error(res, 400, "bad_code", "code", "%s: %s", s, unitcode_strerror(rc));
    if (!(j = dashboard_json(req->db, code, clock_today(), 30, &rc))) {
        if (rc == DB_E_NOTFOUND)
            return http_reply_error(res, 404, "not_found", "code", "no unit %s", s);
        return http_reply_error(res, 500, "db_error", NULL, "%s", db_errmsg(req->db));
    }
    http_reply_json(res, 200, j);
    return 0;
}

int h_compound_map(struct http_request *req, struct http_response *res)
{
    const char *s = req->params[0];
    char *end;
    long long id = strtoll(s, &end, 10);
    json_t *j;
    int rc;

    if (!*s || *end || id <= 0)
        return http_reply_error(res, 400, "bad_id", "id", "%s: not a compound id", s);
    /* Scope: the caller's jurisdiction once accounts exist (0: no limit). */
    if (!(j = compound_map_json(req->db, (int64_t)id, 0, clock_today(), &rc))) {
        if (rc == DB_E_NOTFOUND)
            return http_reply_error(res, 404, "not_found", "id", "no compound %s", s);
        return http_reply_error(res, 500, "db_error", NULL, "%s", db_errmsg(req->db));
    }
    http_reply_json(res, 200, j);
    return 0;
}
