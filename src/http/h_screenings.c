/*
 * Checkpoint screening over HTTP: POST /api/v1/screenings (answered once
 * the screening and its hand-over are durable; 201, or 200 with the earlier
 * screening and "duplicate":true), the post's screenings of a day, one
 * screening, and the self-declarations: POST /api/v1/declarations (public,
 * from the phone form of a post's poster) and GET /api/v1/declarations
 * ?document=… for the officer. Handlers parse and call app/checkpoints/screenings.c.
 */
#include "http/http.h"
#include "http/params.h"

#include "app/checkpoints/screenings.h"
#include "core/date.h"
#include "core/unitcode.h"
#include "util/clock.h"

#include <stdio.h>
#include <string.h>

static void create_answer(void *job, struct http_response *res)
{
    struct screening_new *u = job;
    char code[UNITCODE_STR_LEN], deadline[32];
    json_t *j = screening_json(&u->out);

    unitcode_format(u->h.unit, code);
    clock_format(u->h.deadline, deadline);
    json_object_set_new(j, "duplicate", json_boolean(u->duplicate));
    json_object_set_new(j, "alert", u->out.s.fever ? json_string("fever") : json_null());
    json_object_set_new(j, "handover",
                        json_pack("{s:I, s:s, s:s, s:i, s:s, s:s}", "id", (json_int_t)u->h.id,
                                  "unit", code, "unit_name", u->holder.name, "level",
                                  u->holder.level, "status", u->h.status, "deadline", deadline));
    http_reply_json(res, u->duplicate ? 200 : 201, j);
}

const struct http_write w_screenings_create = {
    .perm = PERM_SCREEN,
    .job_size = sizeof(struct screening_new),
    .parse = screenings_parse,
    .job = screenings_create_job,
    .answer = create_answer,
};

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

static void declare_answer(void *job, struct http_response *res)
{
    struct declaration_new *u = job;

    http_reply_json(res, 201,
                    json_pack("{s:I, s:{s:I, s:s, s:s}}", "id", (json_int_t)u->d.id, "post", "id",
                              (json_int_t)u->post.id, "name", u->post.name, "checkpoint",
                              u->post.checkpoint_name));
}

const struct http_write w_declarations_create = {
    .job_size = sizeof(struct declaration_new),
    .parse = declarations_parse,
    .job = declarations_create_job,
    .answer = declare_answer,
};

static void lookup_answer(void *job, struct http_response *res)
{
    struct declarations_lookup *u = job;
    json_t *items = json_array();

    for (int i = 0; i < u->n; i++)
        json_array_append_new(items, declaration_json(&u->found[i], &u->posts[i]));
    http_reply_json(res, 200, json_pack("{s:o}", "items", items));
}

/* ?document=…, required. */
static int lookup_document(struct http_request *req, struct http_response *res, void *job)
{
    struct declarations_lookup *u = job;
    const char *doc = http_query(req, "document");

    if (!doc) {
        http_reply_error(res, 400, "missing", "document", "give the document number: ?document=…");
        return -1;
    }
    if (!*doc || strlen(doc) >= RES_DOC_MAX) {
        http_reply_error(res, 400, "bad_value", "document",
                         "give the document number (1 to %d bytes)", RES_DOC_MAX - 1);
        return -1;
    }
    snprintf(u->document, sizeof u->document, "%s", doc);
    u->day = u->today;
    return 0;
}

/* A read that writes its audit entries: through the writer, answered
 * after they are committed. */
const struct http_write w_declarations_find = {
    .perm = PERM_SCREEN,
    .job_size = sizeof(struct declarations_lookup),
    .request = lookup_document,
    .job = declarations_lookup_job,
    .answer = lookup_answer,
};
