/*
 * Checkpoint screening over HTTP: POST /api/v1/screenings (answered once
 * the screening and its hand-over are durable; 201, or 200 with the earlier
 * screening and "duplicate":true), the post's screenings of a day, one
 * screening, and the self-declarations: POST /api/v1/declarations (public,
 * from the phone form of a post's poster) and GET /api/v1/declarations
 * ?document=… for the officer. Handlers parse and call app/screenings.c.
 */
#include "http/http.h"
#include "http/params.h"

#include "app/screenings.h"
#include "core/date.h"
#include "core/unitcode.h"
#include "util/clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void create_finish(void *arg, int rc, struct http_response *res)
{
    struct screening_new *u = arg;
    char code[UNITCODE_STR_LEN], deadline[32];
    json_t *j;

    if (rc < 0) {
        http_reply_app_error(res, rc, &u->err);
        free(u);
        return;
    }
    j = screening_json(&u->out);
    unitcode_format(u->h.unit, code);
    clock_format(u->h.deadline, deadline);
    json_object_set_new(j, "duplicate", json_boolean(u->duplicate));
    json_object_set_new(j, "alert", u->out.s.fever ? json_string("fever") : json_null());
    json_object_set_new(j, "handover",
                        json_pack("{s:I, s:s, s:s, s:i, s:s, s:s}", "id", (json_int_t)u->h.id,
                                  "unit", code, "unit_name", u->holder.name, "level",
                                  u->holder.level, "status", u->h.status, "deadline", deadline));
    http_reply_json(res, u->duplicate ? 200 : 201, j);
    free(u);
}

int h_screenings_create(struct http_request *req, struct http_response *res)
{
    struct screening_new *u;
    struct app_error e;
    json_t *body;
    int rc;

    if ((rc = app_require(req->caller, PERM_SCREEN, &e)) < 0)
        return http_reply_app_error(res, rc, &e);
    if (!(body = http_json_body(req, res)))
        return 0;
    if (!(u = malloc(sizeof *u))) {
        json_decref(body);
        return http_reply_error(res, 500, "nomem", NULL, "out of memory");
    }
    rc = screenings_parse(req->db, body, req->caller, clock_now(), u, &e);
    json_decref(body);
    if (rc == 0)
        rc = screenings_resolve(req->db, u, &e);
    if (rc < 0) {
        free(u);
        return http_reply_app_error(res, rc, &e);
    }
    return http_defer_write(req, screenings_create_job, create_finish, u);
}

static int add_screening(void *arg, const struct screening_view *v)
{
    json_array_append_new(arg, screening_json(v));
    return 0;
}

/* ?post=ID&date=YYYY-MM-DD&cursor=ID&limit=N */
int h_screenings_list(struct http_request *req, struct http_response *res)
{
    const char *ps = http_query(req, "post"), *ds = http_query(req, "date");
    const char *cs = http_query(req, "cursor"), *ls = http_query(req, "limit");
    int64_t post = 0, limit = SCREENINGS_PAGE_DEFAULT;
    struct page pg = {0, 0, 0};
    int32_t day = clock_today();
    struct app_error e;
    json_t *items;
    int rc;

    if (ps && params_parse_int(ps, 1, PARAMS_ID_MAX, &post) < 0)
        return http_reply_error(res, 400, "bad_id", "post", "%.32s is not a post id", ps);
    if (ds && (strlen(ds) != 10 || date_parse(ds, 10, &day) < 0))
        return http_reply_error(res, 400, "bad_date", "date", "%.32s is not YYYY-MM-DD", ds);
    if (cs && params_parse_int(cs, 1, PARAMS_ID_MAX, &pg.cursor) < 0)
        return http_reply_error(res, 400, "bad_value", "cursor", "%.32s is not a cursor", cs);
    if (ls && (params_parse_int(ls, 1, PARAMS_ID_MAX, &limit) < 0 || limit > SCREENINGS_PAGE_MAX))
        return http_reply_error(res, 400, "bad_value", "limit", "limit is 1 to %d",
                                SCREENINGS_PAGE_MAX);
    pg.limit = (int)limit;
    items = json_array();
    if ((rc = screenings_list(req->db, req->caller, post, day, &pg, add_screening, items, &e)) <
        0) {
        json_decref(items);
        return http_reply_app_error(res, rc, &e);
    }
    http_reply_json(res, 200, params_page_json(items, pg.next));
    return 0;
}

int h_screening_get(struct http_request *req, struct http_response *res)
{
    struct screening_view v;
    struct app_error e;
    int64_t id;
    int rc;

    if (params_parse_int(req->params[0], 1, PARAMS_ID_MAX, &id) < 0)
        return http_reply_error(res, 400, "bad_id", "id", "%.32s is not an id", req->params[0]);
    if ((rc = screenings_get(req->db, req->caller, id, &v, &e)) < 0)
        return http_reply_app_error(res, rc, &e);
    http_reply_json(res, 200, screening_json(&v));
    return 0;
}

/* ---- self-declarations ------------------------------------------------------------ */

static void declare_finish(void *arg, int rc, struct http_response *res)
{
    struct declaration_new *u = arg;

    if (rc < 0)
        http_reply_app_error(res, rc, &u->err);
    else
        http_reply_json(res, 201,
                        json_pack("{s:I, s:{s:I, s:s, s:s}}", "id", (json_int_t)u->d.id, "post",
                                  "id", (json_int_t)u->post.id, "name", u->post.name, "checkpoint",
                                  u->post.checkpoint_name));
    free(u);
}

int h_declarations_create(struct http_request *req, struct http_response *res)
{
    struct declaration_new *u;
    struct app_error e;
    json_t *body;
    int rc;

    if (!(body = http_json_body(req, res)))
        return 0;
    if (!(u = malloc(sizeof *u))) {
        json_decref(body);
        return http_reply_error(res, 500, "nomem", NULL, "out of memory");
    }
    rc = declarations_parse(req->db, body, clock_now(), u, &e);
    json_decref(body);
    if (rc < 0) {
        free(u);
        return http_reply_app_error(res, rc, &e);
    }
    return http_defer_write(req, declarations_create_job, declare_finish, u);
}

static void lookup_finish(void *arg, int rc, struct http_response *res)
{
    struct declarations_lookup *u = arg;

    if (rc < 0) {
        http_reply_app_error(res, rc, &u->err);
    } else {
        json_t *items = json_array();
        for (int i = 0; i < u->n; i++)
            json_array_append_new(items, declaration_json(&u->found[i], &u->posts[i]));
        http_reply_json(res, 200, json_pack("{s:o}", "items", items));
    }
    free(u);
}

/* A read that writes its audit entries: through the writer, answered
 * after they are committed. */
int h_declarations_find(struct http_request *req, struct http_response *res)
{
    const char *doc = http_query(req, "document");
    struct declarations_lookup *u;
    struct app_error e;
    int rc;

    if ((rc = app_require(req->caller, PERM_SCREEN, &e)) < 0)
        return http_reply_app_error(res, rc, &e);
    if (!doc)
        return http_reply_error(res, 400, "missing", "document",
                                "give the document number: ?document=…");
    if (!*doc || strlen(doc) >= RES_DOC_MAX)
        return http_reply_error(res, 400, "bad_value", "document",
                                "give the document number (1 to %d bytes)", RES_DOC_MAX - 1);
    if (!(u = calloc(1, sizeof *u)))
        return http_reply_error(res, 500, "nomem", NULL, "out of memory");
    u->c = *req->caller;
    snprintf(u->document, sizeof u->document, "%s", doc);
    u->day = clock_today();
    return http_defer_write(req, declarations_lookup_job, lookup_finish, u);
}
