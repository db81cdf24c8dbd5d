/*
 * What a route handler sees: the request (method, path, captured path
 * parameters, query arguments, body) and the response it fills. Handlers
 * live in http/h_*.c, parse, call one use case in app/, and format JSON.
 * This header is the only one they need besides the app/ ones.
 */
#ifndef CORDON_HTTP_HTTP_H
#define CORDON_HTTP_HTTP_H

#include "store/db.h"

#include <jansson.h>
#include <stddef.h>

#define HTTP_MAX_PARAMS 4

struct MHD_Connection;

struct http_request {
    const char *method;
    const char *path;
    const char *params[HTTP_MAX_PARAMS]; /* {name} captures, in order */
    int nparams;
    const char *body;
    size_t body_len;
    struct MHD_Connection *conn;
    struct db *db; /* this worker thread's connection */
};

struct http_response {
    int status;
    char *body; /* heap, owned by the response; freed by the server */
    size_t len;
    const char *content_type;
    const char *cache_control;
};

/* A query-string argument, or NULL. */
const char *http_query(const struct http_request *req, const char *name);

/* Sets a JSON body (steals the reference to `j`) and status. */
void http_reply_json(struct http_response *res, int status, json_t *j);

/*
 * Sets an error body {"error":{"code","message","field"}} with `status`.
 * `field` may be NULL. Always returns 0 so handlers can `return` it.
 */
int http_reply_error(struct http_response *res, int status, const char *code,
                     const char *field, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Sets a plain-text body (copied). */
void http_reply_text(struct http_response *res, int status, const char *content_type,
                     const char *text, size_t len);

typedef int (*http_handler)(struct http_request *req, struct http_response *res);

struct http_route {
    const char *method;  /* "GET", "POST", ... */
    const char *pattern; /* "/api/v1/units/{code}" */
    http_handler fn;
    const char *summary; /* one line, for the OpenAPI document */
};

/* The route table (http/routes.c), terminated by a zero entry. */
extern const struct http_route http_routes[];

/*
 * Finds the route for method+path, filling req->params. Returns the route,
 * or NULL with *out_status 404 (no such path) or 405 (path exists, other
 * method).
 */
const struct http_route *http_route_find(struct http_request *req, char *pathbuf,
                                         int *out_status);

/* Handlers, one file per area. */
int h_healthz(struct http_request *req, struct http_response *res);
int h_unit_get(struct http_request *req, struct http_response *res);
int h_unit_counts(struct http_request *req, struct http_response *res);
int h_unit_counts_history(struct http_request *req, struct http_response *res);

#endif
