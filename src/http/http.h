/*
 * What a route handler sees: the request (method, path, captured path
 * parameters, query arguments, body) and the response it fills. Handlers
 * live in http/h_*.c, parse, call one use case in app/, and format JSON.
 * This header is the only one they need besides the app/ ones.
 */
#ifndef CORDON_HTTP_HTTP_H
#define CORDON_HTTP_HTTP_H

#include "app/scope.h"
#include "store/db.h"
#include "store/writer.h"

#include <jansson.h>
#include <stddef.h>

#define HTTP_MAX_PARAMS 4

struct MHD_Connection;
struct req_state;

struct http_request {
    const char *method;
    const char *path;
    const char *params[HTTP_MAX_PARAMS]; /* {name} captures, in order */
    int nparams;
    const char *body;
    size_t body_len;
    struct MHD_Connection *conn;
    struct db *db; /* this worker thread's connection */
    /* The account behind the request (NULL on public routes), its session
     * token (the cookie) and the client's address. */
    const struct caller *caller;
    const char *token;
    const char *client;
    struct req_state *state; /* the server's, for http_defer_*() */
};

struct http_response {
    int status;
    char *body; /* heap, owned by the response; freed by the server */
    size_t len;
    const char *content_type;
    const char *cache_control;
    char account[64]; /* the access log's account when there was no session (login) */
    int nheaders;     /* extra headers, set with http_add_header() */
    struct {
        char name[32];
        char value[256];
    } headers[3];
};

/* Adds a response header (Set-Cookie, Retry-After...); at most 3. */
void http_add_header(struct http_response *res, const char *name, const char *value);

/*
 * The request body as JSON. On failure (empty, malformed, not UTF-8, a
 * content type other than JSON) replies 400/415 with the position and
 * returns NULL. The caller owns the result (json_decref).
 */
json_t *http_json_body(struct http_request *req, struct http_response *res);

/* Replies with the error of a use case (status from its app_status). */
int http_reply_app_error(struct http_response *res, int rc, const struct app_error *err);

/*
 * Deferred answers, for work that must not hold a server thread. The
 * handler calls one of these last and returns; the connection waits without
 * a thread, and when the work is done `finish` runs on a server thread with
 * the work's result to fill the response. `finish` is called exactly once
 * and owns `arg` (it frees it). If the work cannot be queued (server
 * stopping, queue full) finish gets DB_E_BUSY.
 *
 * http_defer_write: `job` runs on the group-commit writer inside a savepoint
 * of a shared transaction; finish runs after the commit, so a 2xx given
 * there is durable.
 * http_defer_task: `job` runs on the blocking task pool (password hashing)
 * with that thread's own database connection.
 */
typedef void (*http_finish_fn)(void *arg, int rc, struct http_response *res);
int http_defer_write(struct http_request *req, writer_job_fn job, http_finish_fn finish, void *arg);
int http_defer_task(struct http_request *req, int (*job)(struct db *db, void *arg),
                    http_finish_fn finish, void *arg);

/* The group-commit writer of this server (for fire-and-forget writes). */
struct writer *http_writer(void);

/* Marks the write through the writer as having changed data that cached
 * answers (counts) depend on. */
void http_cache_invalidate(void);

/* A query-string argument, or NULL. */
const char *http_query(const struct http_request *req, const char *name);

/* Sets a JSON body (steals the reference to `j`) and status. */
void http_reply_json(struct http_response *res, int status, json_t *j);

/*
 * Sets an error body {"error":{"code","message","field"}} with `status`.
 * `field` may be NULL. Always returns 0 so handlers can `return` it.
 */
int http_reply_error(struct http_response *res, int status, const char *code, const char *field,
                     const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Sets a plain-text body (copied). */
void http_reply_text(struct http_response *res, int status, const char *content_type,
                     const char *text, size_t len);

typedef int (*http_handler)(struct http_request *req, struct http_response *res);

struct http_route {
    const char *method;  /* "GET", "POST", ... */
    const char *pattern; /* "/api/v1/units/{code}" */
    http_handler fn;
    const char *summary;  /* one line, for the OpenAPI document */
    unsigned flags;       /* HTTP_PUBLIC ...; 0: a session is required */
    const char *query;    /* query parameters, comma-separated (OpenAPI) */
    const char *request;  /* schema of the JSON body (http/openapi.c), or NULL */
    const char *response; /* schema of the 2xx body, or NULL */
};

/* Route flags. Without HTTP_PUBLIC a route needs a session (401 without
 * one) and, for POST/PUT/PATCH/DELETE, the session's X-CSRF-Token (403). */
#define HTTP_PUBLIC      1u /* no session needed */
#define HTTP_FIRST_LOGIN 2u /* allowed before a one-time password is changed */
#define HTTP_LIMITED     4u /* public writes: at most --public-rate a minute per address (429) */

/* The route table (http/routes.c), terminated by a zero entry. */
extern const struct http_route http_routes[];

/*
 * Finds the route for method+path, filling req->params. Returns the route,
 * or NULL with *out_status 404 (no such path) or 405 (path exists, other
 * method).
 */
const struct http_route *http_route_find(struct http_request *req, char *pathbuf, int *out_status);

/* Handlers, one file per area. */
int h_healthz(struct http_request *req, struct http_response *res);
int h_unit_get(struct http_request *req, struct http_response *res);
int h_unit_counts(struct http_request *req, struct http_response *res);
int h_unit_counts_history(struct http_request *req, struct http_response *res);
int h_unit_grids_add(struct http_request *req, struct http_response *res);
int h_metrics(struct http_request *req, struct http_response *res);
int h_openapi(struct http_request *req, struct http_response *res);
int h_session_login(struct http_request *req, struct http_response *res);
int h_session_get(struct http_request *req, struct http_response *res);
int h_session_logout(struct http_request *req, struct http_response *res);
int h_session_password(struct http_request *req, struct http_response *res);
int h_residents_list(struct http_request *req, struct http_response *res);
int h_residents_create(struct http_request *req, struct http_response *res);
int h_resident_get(struct http_request *req, struct http_response *res);
int h_resident_facts(struct http_request *req, struct http_response *res);
int h_resident_history(struct http_request *req, struct http_response *res);
int h_household_get(struct http_request *req, struct http_response *res);
int h_compounds_list(struct http_request *req, struct http_response *res);
int h_compound_get(struct http_request *req, struct http_response *res);
int h_rules_get(struct http_request *req, struct http_response *res);
int h_rules_put(struct http_request *req, struct http_response *res);
int h_audit_list(struct http_request *req, struct http_response *res);
int h_unit_dashboard(struct http_request *req, struct http_response *res);
int h_compound_map(struct http_request *req, struct http_response *res);
int h_compound_wallchart(struct http_request *req, struct http_response *res);
int h_import_residents(struct http_request *req, struct http_response *res);
int h_export_xlsx(struct http_request *req, struct http_response *res);
int h_export_csv(struct http_request *req, struct http_response *res);
int h_export_counts(struct http_request *req, struct http_response *res);
int h_resolve(struct http_request *req, struct http_response *res);
int h_posts_list(struct http_request *req, struct http_response *res);
int h_post_get(struct http_request *req, struct http_response *res);
int h_post_poster_pdf(struct http_request *req, struct http_response *res);
int h_post_poster_png(struct http_request *req, struct http_response *res);
int h_screenings_create(struct http_request *req, struct http_response *res);
int h_screenings_list(struct http_request *req, struct http_response *res);
int h_screening_get(struct http_request *req, struct http_response *res);
int h_declarations_create(struct http_request *req, struct http_response *res);
int h_declarations_find(struct http_request *req, struct http_response *res);
int h_handovers_list(struct http_request *req, struct http_response *res);
int h_handover_get(struct http_request *req, struct http_response *res);
int h_handover_accept(struct http_request *req, struct http_response *res);
int h_handover_reject(struct http_request *req, struct http_response *res);
int h_handover_route(struct http_request *req, struct http_response *res);
int h_quarantines_create(struct http_request *req, struct http_response *res);
int h_quarantines_list(struct http_request *req, struct http_response *res);
int h_quarantine_get(struct http_request *req, struct http_response *res);
int h_quarantine_temperature(struct http_request *req, struct http_response *res);
int h_quarantine_link(struct http_request *req, struct http_response *res);
int h_quarantine_until(struct http_request *req, struct http_response *res);
int h_quarantine_cancel(struct http_request *req, struct http_response *res);
int h_checkin_get(struct http_request *req, struct http_response *res);
int h_checkin_post(struct http_request *req, struct http_response *res);
int h_tasks_list(struct http_request *req, struct http_response *res);
int h_tasks_create(struct http_request *req, struct http_response *res);
int h_task_get(struct http_request *req, struct http_response *res);
int h_task_accept(struct http_request *req, struct http_response *res);
int h_task_done(struct http_request *req, struct http_response *res);
int h_task_cancel(struct http_request *req, struct http_response *res);
int h_places_list(struct http_request *req, struct http_response *res);
int h_places_create(struct http_request *req, struct http_response *res);
int h_household_quarantine(struct http_request *req, struct http_response *res);
int h_orgs_list(struct http_request *req, struct http_response *res);
int h_orgs_create(struct http_request *req, struct http_response *res);
int h_orgs_serve(struct http_request *req, struct http_response *res);
int h_grid_responsible_get(struct http_request *req, struct http_response *res);
int h_grid_responsible_put(struct http_request *req, struct http_response *res);
int h_compound_grid(struct http_request *req, struct http_response *res);
int h_static_index(struct http_request *req, struct http_response *res);
int h_static_file(struct http_request *req, struct http_response *res);
int h_static_vendor(struct http_request *req, struct http_response *res);

#endif
