/*
 * The one handler of every write route. A route names its write as data
 * (struct http_write in http.h: permission, job size, parser, job, answer);
 * this file does the plumbing each handler used to repeat: the path's {id}
 * or {code}, the permission, the JSON body, the job's allocation and header,
 * the parser, the deferral to the group-commit writer, and the answer or
 * the error once the job is durable.
 */
#include "http/http.h"

#include "core/unitcode.h"
#include "http/params.h"
#include "util/clock.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* One request's write: its descriptor and the job, in one allocation. */
struct write_call {
    const struct http_write *w;
    max_align_t job[]; /* w->job_size bytes, zeroed, APP_JOB_HEAD first */
};

static int run(struct db *db, void *arg)
{
    struct write_call *x = arg;
    return x->w->job(db, x->job);
}

/* After the commit (or on failure to queue): the answer or the error. */
static void finish(void *arg, int rc, struct http_response *res)
{
    struct write_call *x = arg;
    struct app_job *j = (struct app_job *)x->job;

    if (rc < 0)
        http_reply_app_error(res, rc, &j->err);
    else
        x->w->answer(x->job, res);
    if (x->w->release)
        x->w->release(x->job);
    free(x);
}

/* The route's first capture when it is {id} (a positive integer) or {code}
 * (a unit code) into *out; other captures are left to the request hook.
 * Replies 400 and returns -1 when malformed. */
static int path_id(struct http_request *req, struct http_response *res, int64_t *out)
{
    const char *p = req->route ? strchr(req->route->pattern, '{') : NULL;
    int rc;

    *out = 0;
    if (!p || req->nparams < 1)
        return 0;
    if (strncmp(p, "{id}", 4) == 0)
        return params_id(req, res, out);
    if (strncmp(p, "{code}", 6) == 0 &&
        (rc = unitcode_parse(req->params[0], strlen(req->params[0]), out)) < 0) {
        http_reply_error(res, 400, "bad_code", "code", "%.32s: %s", req->params[0],
                         unitcode_strerror(rc));
        return -1;
    }
    return 0;
}

/* The body, when the route takes one: NULL in *out otherwise. Returns -1
 * after replying when a required body is missing or malformed. */
static int body(struct http_request *req, struct http_response *res, const struct http_write *w,
                json_t **out)
{
    *out = NULL;
    if (!req->route || !req->route->request)
        return 0;
    if ((w->flags & HTTP_WRITE_BODY_OPTIONAL) && req->body_len == 0)
        return 0;
    return (*out = http_json_body(req, res)) ? 0 : -1;
}

int http_write(struct http_request *req, struct http_response *res, const struct http_write *w)
{
    struct write_call *x;
    struct app_job *j;
    struct app_error e;
    json_t *b = NULL;
    int64_t id;
    int rc;

    if (path_id(req, res, &id) < 0)
        return 0;
    if (w->perm && (rc = app_require(req->caller, w->perm, &e)) < 0)
        return http_reply_app_error(res, rc, &e);
    if (!(x = calloc(1, sizeof *x + w->job_size)))
        return http_reply_error(res, 500, "nomem", NULL, "out of memory");
    x->w = w;
    j = (struct app_job *)x->job;
    if (req->caller)
        j->c = *req->caller;
    j->id = id;
    j->today = clock_today();
    j->now = clock_now();
    if ((w->request && w->request(req, res, x->job) < 0) || body(req, res, w, &b) < 0)
        goto fail;
    rc = w->parse ? w->parse(req->db, b, x->job) : 0;
    json_decref(b);
    if (rc < 0) {
        http_reply_app_error(res, rc, &j->err);
        goto fail;
    }
    return http_defer_write_flags(req, run, finish, x,
                                  ((w->flags & HTTP_WRITE_OWN_UNDO) ? WRITER_OWN_UNDO : 0) |
                                      ((w->flags & HTTP_WRITE_RERUN) ? WRITER_RERUN : 0));

fail:
    if (w->release)
        w->release(x->job);
    free(x);
    return 0;
}

int h_write(struct http_request *req, struct http_response *res)
{
    return http_write(req, res, req->route->write);
}
