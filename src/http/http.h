/*
 * What a route handler sees: the request (method, path, captured path
 * parameters, query arguments, body) and the response it fills. Handlers
 * live in http/h_*.c, parse, call one use case in app/, and format JSON.
 * This header is the only one they need besides the app/ ones.
 */
#ifndef CORDON_HTTP_HTTP_H
#define CORDON_HTTP_HTTP_H

#include "app/app.h"
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
    struct req_state *state;        /* the server's, for http_defer_*() */
    const struct http_route *route; /* the route matched */
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
 * there is durable. http_defer_write_flags: the same with the writer's
 * flags (store/writer.h: WRITER_OWN_UNDO, a job that keeps the group whole
 * by itself, run without a savepoint; WRITER_RERUN, a job that may run
 * twice, whose statements may travel in one PostgreSQL pipeline).
 * http_defer_task: `job` runs on the blocking task pool (password hashing)
 * with that thread's own database connection.
 */
typedef void (*http_finish_fn)(void *arg, int rc, struct http_response *res);
int http_defer_write(struct http_request *req, writer_job_fn job, http_finish_fn finish, void *arg);
int http_defer_write_flags(struct http_request *req, writer_job_fn job, http_finish_fn finish,
                           void *arg, unsigned flags);
int http_defer_task(struct http_request *req, int (*job)(struct db *db, void *arg),
                    http_finish_fn finish, void *arg);

/* Work that no request waits for, on the task pool: fn(db, arg) runs on a
 * task thread's connection (db NULL when it could not open one: fn must
 * allow it), then arg is freed. 0, or -1 when the pool takes no more (full
 * or stopping): the caller keeps arg and does without. */
int http_background(int (*fn)(struct db *db, void *arg), void *arg);

/* The group-commit writer of this server (for fire-and-forget writes). */
struct writer *http_writer(void);

/* Whether this request may read /metrics: its client address is in
 * `cordon serve --metrics-from` (default the loopback addresses; "any":
 * everyone), or it carries "Authorization: Bearer T" where T is the
 * CORDON_METRICS_TOKEN of the server's environment. */
int http_metrics_allowed(const struct http_request *req);

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

/*
 * A write route, as data (http/write.c runs it): the permission, the job's
 * size, its parser, the job that runs on the group-commit writer and the
 * function that writes the 2xx answer once the job is durable. The job
 * struct starts with APP_JOB_HEAD (app/app.h), which the generic handler
 * fills: the caller, the path's {id} or {code}, today and now.
 */
struct http_write {
    unsigned perm;   /* PERM_* the role needs before anything is read; 0: none
                      * (a public route, or one whose job checks) */
    unsigned flags;  /* HTTP_WRITE_* */
    size_t job_size; /* sizeof the job struct; calloc'd per request */
    /* Optional: what the path or query carry besides {id} and {code} (a
     * token, a query argument) into the job. Replies and returns -1 when
     * it is malformed. */
    int (*request)(struct http_request *req, struct http_response *res, void *job);
    app_parse_fn parse; /* the JSON body into the job; NULL: nothing to parse */
    writer_job_fn job;  /* runs on the writer, inside a savepoint */
    void (*answer)(void *job, struct http_response *res); /* the 2xx reply, after the commit */
    void (*release)(void *job); /* optional: frees what the job holds (not the job) */
};

/* The body is optional: an empty one is parsed as NULL. Without this flag a
 * route with a request schema needs a JSON body. */
#define HTTP_WRITE_BODY_OPTIONAL 1u
/* The job writes one statement, or undoes itself (WRITER_OWN_UNDO): the
 * writer runs it without a savepoint. */
#define HTTP_WRITE_OWN_UNDO 2u
/* The job may run twice (WRITER_RERUN): what it keeps between runs is in
 * the job struct, overwritten by a second run. Such jobs' statements may
 * travel in one libpq pipeline (PostgreSQL). */
#define HTTP_WRITE_RERUN 4u

/*
 * Runs a write: path id → permission → request hook → JSON body (when the
 * route has a request schema) → parse → the writer; replies on every
 * failure and, after the commit, with w->answer or the job's error.
 */
int http_write(struct http_request *req, struct http_response *res, const struct http_write *w);

/* The handler of every route with a .write descriptor. */
int h_write(struct http_request *req, struct http_response *res);

struct http_route {
    const char *method;  /* "GET", "POST", ... */
    const char *pattern; /* "/api/v1/units/{code}" */
    http_handler fn;
    const char *summary;            /* one line, for the OpenAPI document */
    unsigned flags;                 /* HTTP_PUBLIC ...; 0: a session is required */
    const char *query;              /* query parameters, comma-separated (OpenAPI) */
    const char *request;            /* schema of the JSON body (http/openapi.c), or NULL */
    const char *response;           /* schema of the 2xx body, or NULL */
    const struct http_write *write; /* a write route (handler h_write), or NULL */
};

/* Route flags. Without HTTP_PUBLIC a route needs a session (401 without
 * one) and, for POST/PUT/PATCH/DELETE, the session's X-CSRF-Token (403). */
#define HTTP_PUBLIC      1u /* no session needed */
#define HTTP_FIRST_LOGIN 2u /* allowed before a one-time password is changed */
#define HTTP_LIMITED     4u /* public writes: at most --public-rate a minute per address (429) */
#define HTTP_DISPLAY     8u /* a display token (Authorization: Bearer) may read it too */

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
int h_resident_get(struct http_request *req, struct http_response *res);
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
int h_committee_wallchart(struct http_request *req, struct http_response *res);
int h_import_residents(struct http_request *req, struct http_response *res);
int h_import_report_xlsx(struct http_request *req, struct http_response *res);
int h_export_xlsx(struct http_request *req, struct http_response *res);
int h_export_csv(struct http_request *req, struct http_response *res);
int h_export_counts(struct http_request *req, struct http_response *res);
int h_resolve(struct http_request *req, struct http_response *res);
int h_posts_list(struct http_request *req, struct http_response *res);
int h_post_get(struct http_request *req, struct http_response *res);
int h_post_poster_pdf(struct http_request *req, struct http_response *res);
int h_post_poster_png(struct http_request *req, struct http_response *res);
int h_screenings_list(struct http_request *req, struct http_response *res);
int h_screening_get(struct http_request *req, struct http_response *res);
int h_handovers_list(struct http_request *req, struct http_response *res);
int h_handover_get(struct http_request *req, struct http_response *res);
int h_quarantines_list(struct http_request *req, struct http_response *res);
int h_quarantine_get(struct http_request *req, struct http_response *res);
int h_checkin_get(struct http_request *req, struct http_response *res);
int h_tasks_list(struct http_request *req, struct http_response *res);
int h_task_get(struct http_request *req, struct http_response *res);
/* A task as the API shows it (h_tasks.c), and the ?state= of a list of
 * tasks into *out (-1 any, -2 active): 0, or -1 having replied 400. */
struct task_row;
json_t *task_json(const struct task_row *t, int64_t now);
int task_state_param(struct http_request *req, struct http_response *res, int *out);
int h_places_list(struct http_request *req, struct http_response *res);
int h_orgs_list(struct http_request *req, struct http_response *res);
int h_grid_responsible_get(struct http_request *req, struct http_response *res);
int h_static_index(struct http_request *req, struct http_response *res);
int h_static_file(struct http_request *req, struct http_response *res);
int h_static_vendor(struct http_request *req, struct http_response *res);

/* Write descriptors (run by h_write), next to their answers in h_*.c. */
extern const struct http_write w_residents_create, w_resident_facts;
extern const struct http_write w_screenings_create, w_declarations_create, w_declarations_find;
extern const struct http_write w_handover_accept, w_handover_reject, w_handover_route;
extern const struct http_write w_quarantines_open, w_quarantines_household, w_quarantine_link;
extern const struct http_write w_quarantine_temperature, w_checkin_temperature;
extern const struct http_write w_quarantine_until, w_quarantine_cancel;
extern const struct http_write w_tasks_create, w_task_accept, w_task_done, w_task_cancel;
extern const struct http_write w_places_create, w_grid_responsible_put, w_compound_grid;
extern const struct http_write w_orgs_create, w_orgs_serve;
/* The `errors` of a spreadsheet import's answer (h_register_files.c). */
struct import_error;
json_t *http_import_errors_json(const struct import_error *errs, size_t n);
/* Staff sent down (h_workforce.c) */
int h_staff_import(struct http_request *req, struct http_response *res);
int h_staff_list(struct http_request *req, struct http_response *res);
int h_unit_staffing(struct http_request *req, struct http_response *res);
int h_unit_on_duty(struct http_request *req, struct http_response *res);
int h_duty_post(struct http_request *req, struct http_response *res); /* h_duty_posts.c */
int h_teams(struct http_request *req, struct http_response *res);
int h_staff_counts(struct http_request *req, struct http_response *res); /* h_staff_counts.c */
int h_staff_hours(struct http_request *req, struct http_response *res);
extern const struct http_write w_deploy, w_deploy_link, w_sign;
extern const struct http_write w_deploy_account, w_sign_self; /* accounts that follow deployments */
extern const struct http_write w_shift_note, w_team;          /* h_duty_posts.c */

/* A file for the answer (h_register_files.c): a fresh temporary path, and
 * the finished file read into the body (and removed) as an attachment. */
int http_temp_path(char *path, size_t size);
int http_reply_file(struct http_response *res, const char *path, const char *type,
                    const char *filename);

/* Supplies campaigns (h_supplies.c). */
int h_campaign_get(struct http_request *req, struct http_response *res);
int h_campaigns_list(struct http_request *req, struct http_response *res);
extern const struct http_write w_campaigns_create, w_campaign_book, w_pickups, w_campaign_draw;
int h_household_html(struct http_request *req, struct http_response *res);
int h_campaign_list_xlsx(struct http_request *req, struct http_response *res);
int h_household_page(struct http_request *req, struct http_response *res);
extern const struct http_write w_household_link, w_household_book, w_household_help;
extern const struct http_write w_household_slip;

/* Return to work (issue 16): h_enterprises.c. */
int h_enterprises_import(struct http_request *req, struct http_response *res);
int h_enterprises_list(struct http_request *req, struct http_response *res);
int h_enterprise_get(struct http_request *req, struct http_response *res);
int h_unit_resumption(struct http_request *req, struct http_response *res);
int h_enterprise_chain(struct http_request *req, struct http_response *res);
int h_enterprise_returnees(struct http_request *req, struct http_response *res);
extern const struct http_write w_enterprise_status, w_enterprise_supplier;
/* Problem tickets and an enterprise's history (h_enterprise_tickets.c). */
int h_enterprise_tickets(struct http_request *req, struct http_response *res);
int h_tickets_list(struct http_request *req, struct http_response *res);
int h_enterprise_history(struct http_request *req, struct http_response *res);
extern const struct http_write w_ticket_open, w_ticket_accept, w_ticket_done, w_ticket_cancel;
/* Resume-together groups (h_enterprise_groups.c); a group as JSON (null
 * when its id is 0). */
struct enterprise_group;
json_t *group_json(const struct enterprise_group *g);
int h_enterprise_group_get(struct http_request *req, struct http_response *res);
extern const struct http_write w_group_create;
/* Building entry (h_entries.c). */
int h_unit_entries(struct http_request *req, struct http_response *res);
extern const struct http_write w_entry;
/* The {code} of a unit route and its ?date= (default today): 0, or -1
 * having replied 400 (h_entries.c). */
int unit_and_date(struct http_request *req, struct http_response *res, int64_t *code, int32_t *day);
/* The return-to-work dashboards (h_enterprise_dashboard.c). */
int h_unit_resumption_breakdown(struct http_request *req, struct http_response *res);
int h_unit_tickets_summary(struct http_request *req, struct http_response *res);

/* The big screen (issue 13): h_displays.c. */
int h_displays_list(struct http_request *req, struct http_response *res);
int h_wall(struct http_request *req, struct http_response *res);
extern const struct http_write w_displays_create, w_displays_revoke;
/* High-risk origins (issue 13): h_origins.c. */
int h_origins_list(struct http_request *req, struct http_response *res);
extern const struct http_write w_origins_add, w_origins_delete;

#endif
