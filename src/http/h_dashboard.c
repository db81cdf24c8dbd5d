/*
 * The pages of the web UI that are one read each: GET
 * /api/v1/units/{code}/dashboard (app/dashboard/dashboard.c) and GET
 * /api/v1/compounds/{id}/map (app/dashboard/compound_map.c).
 */
#include "http/http.h"

#include "app/dashboard/compound_map.h"
#include "app/dashboard/dashboard.h"
#include "app/dashboard/wallchart.h"
#include "core/unitcode.h"
#include "util/clock.h"

#include <stdlib.h>
#include <string.h>

int h_unit_dashboard(struct http_request *req, struct http_response *res)
{
    const char *s = req->params[0];
    struct app_error e;
    int64_t code;
    json_t *j;
    int rc;

    if ((rc = unitcode_parse(s, strlen(s), &code)) < 0)
        return http_reply_error(res, 400, "bad_code", "code", "%s: %s", s, unitcode_strerror(rc));
    /* Aggregates of a unit within the caller's jurisdiction (else 404). */
    if ((rc = scope_check_unit(req->caller, code, PERM_COUNTS, &e)) < 0)
        return http_reply_app_error(res, rc, &e);
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
    struct app_error e;
    json_t *j;
    int rc;

    if (!*s || *end || id <= 0)
        return http_reply_error(res, 400, "bad_id", "id", "%s: not a compound id", s);
    /* Rooms and their households' colours: for roles that read the
     * register, within their jurisdiction (a compound outside it is 404). */
    if ((rc = app_require(req->caller, PERM_REGISTER_READ, &e)) < 0)
        return http_reply_app_error(res, rc, &e);
    if (!(j = compound_map_json(req->db, (int64_t)id, scope_of(req->caller), clock_today(), &rc))) {
        if (rc == DB_E_NOTFOUND)
            return http_reply_error(res, 404, "not_found", "id", "no compound %s", s);
        return http_reply_error(res, 500, "db_error", NULL, "%s", db_errmsg(req->db));
    }
    http_reply_json(res, 200, j);
    return 0;
}

/* The PDF bytes as the answer (the server frees them). */
static void pdf_answer(struct http_response *res, unsigned char *pdf, size_t len, const char *name)
{
    char disp[128];

    free(res->body);
    res->body = (char *)pdf;
    res->len = len;
    res->status = 200;
    res->content_type = "application/pdf";
    snprintf(disp, sizeof disp, "inline; filename=\"%s\"", name);
    http_add_header(res, "Content-Disposition", disp);
}

int h_compound_wallchart(struct http_request *req, struct http_response *res)
{
    const char *s = req->params[0];
    char *end;
    long long id = strtoll(s, &end, 10);
    unsigned char *pdf = NULL;
    size_t len = 0;
    struct app_error e;
    int rc;

    if (!*s || *end || id <= 0)
        return http_reply_error(res, 400, "bad_id", "id", "%s: not a compound id", s);
    if ((rc = app_require(req->caller, PERM_REGISTER_READ, &e)) < 0)
        return http_reply_app_error(res, rc, &e);
    rc = wallchart_compound_mem(req->db, (int64_t)id, scope_of(req->caller), clock_today(),
                                WALLCHART_PDF, 0, &pdf, &len, &e);
    if (rc == WALLCHART_E_NOTFOUND)
        return http_reply_error(res, 404, "not_found", "id", "no compound %s", s);
    if (rc < 0)
        return http_reply_error(res, 500, "wallchart_failed", NULL, "%s", e.message);
    pdf_answer(res, pdf, len, "wallchart.pdf");
    return 0;
}

/* GET /api/v1/units/{code}/wallchart.pdf: a committee's whole wall chart,
 * every compound, numbered A4 sheets in one PDF. */
int h_committee_wallchart(struct http_request *req, struct http_response *res)
{
    const char *s = req->params[0];
    unsigned char *pdf = NULL;
    size_t len = 0;
    struct app_error e;
    int64_t code;
    int rc;

    if ((rc = unitcode_parse(s, strlen(s), &code)) < 0)
        return http_reply_error(res, 400, "bad_code", "code", "%s: %s", s, unitcode_strerror(rc));
    if ((rc = app_require(req->caller, PERM_REGISTER_READ, &e)) < 0)
        return http_reply_app_error(res, rc, &e);
    rc = wallchart_committee_mem(req->db, code, scope_of(req->caller), clock_today(), &pdf, &len,
                                 &e);
    if (rc == WALLCHART_E_NOTFOUND)
        return http_reply_error(res, 404, "not_found", "code", "no committee %s", s);
    if (rc < 0)
        return http_reply_error(res, 500, "wallchart_failed", NULL, "%s", e.message);
    pdf_answer(res, pdf, len, "committee-wallchart.pdf");
    return 0;
}
