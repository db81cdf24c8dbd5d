/*
 * GET /api/v1/units/{code}/dashboard: everything the dashboard page shows
 * for a unit, in one answer (app/dashboard.c).
 */
#include "http/http.h"

#include "app/dashboard.h"
#include "core/unitcode.h"
#include "util/clock.h"

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
