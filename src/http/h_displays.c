/*
 * The big screen over HTTP (app/dashboard/displays.h): display tokens
 * issued, listed and revoked by street, district and city accounts, and GET
 * /api/v1/wall, the one read a display token may make (a session may too,
 * for a unit within its scope). The token itself comes as "Authorization:
 * Bearer TOKEN" on routes flagged HTTP_DISPLAY (http/server.c).
 */
#include "http/http.h"

#include "app/dashboard/displays.h"
#include "app/daytime.h"
#include "http/params.h"
#include "util/clock.h"

#include <stdio.h>

static json_t *display_json(const struct display_row *d)
{
    return json_pack("{s:I, s:o, s:s, s:o, s:s, s:o, s:b}", "id", (json_int_t)d->id, "unit",
                     params_code_json(d->unit), "name", d->name, "created_at",
                     params_time_json(d->created_at), "created_by", d->created_by, "revoked_at",
                     params_time_json(d->revoked_at), "revoked", d->revoked_at != 0);
}

static int add_display(void *arg, const struct display_row *d)
{
    json_array_append_new(arg, display_json(d));
    return 0;
}

int h_displays_list(struct http_request *req, struct http_response *res)
{
    struct page pg = {0, 0, 0};
    struct app_error e;
    int64_t unit, limit = DISPLAYS_PAGE_DEFAULT;
    json_t *items;
    int rc;

    if (params_unit(req, res, "unit", &unit) < 0 ||
        params_int(req, res, "cursor", 1, PARAMS_ID_MAX, &pg.cursor) < 0 ||
        params_int(req, res, "limit", 1, DISPLAYS_PAGE_MAX, &limit) < 0)
        return 0;
    pg.limit = (int)limit;
    items = json_array();
    if ((rc = displays_list(req->db, req->caller, unit, &pg, add_display, items, &e)) < 0) {
        json_decref(items);
        return http_reply_app_error(res, rc, &e);
    }
    http_reply_json(res, 200, params_page_json(items, pg.next));
    return 0;
}

int h_wall(struct http_request *req, struct http_response *res)
{
    struct app_error e;
    int64_t unit;
    json_t *j;
    int rc;

    if (params_unit(req, res, "unit", &unit) < 0)
        return 0;
    if (!(j = display_wall_json(req->db, req->caller, unit, daytime_now(), clock_today(), &rc, &e)))
        return http_reply_app_error(res, rc, &e);
    http_reply_json(res, 200, j);
    return 0;
}

static void create_answer(void *job, struct http_response *res)
{
    struct displays_create *u = job;
    char url[96];
    json_t *j = display_json(&u->out);

    snprintf(url, sizeof url, "/wall.html#%s", u->token);
    json_object_set_new(j, "token", json_string(u->token));
    json_object_set_new(j, "url", json_string(url));
    http_reply_json(res, 201, j);
}

static void revoke_answer(void *job, struct http_response *res)
{
    struct displays_revoke *u = job;
    http_reply_json(res, 200, display_json(&u->out));
}

/* The jobs check the role (PERM_DISPLAYS) and the unit's scope. */
const struct http_write w_displays_create = {
    .job_size = sizeof(struct displays_create),
    .parse = displays_create_parse,
    .job = displays_create_job,
    .answer = create_answer,
};

const struct http_write w_displays_revoke = {
    .job_size = sizeof(struct displays_revoke),
    .job = displays_revoke_job,
    .answer = revoke_answer,
};
