/*
 * Building responses: JSON bodies, the one error shape of the API, plain
 * text; and reading query arguments.
 */
#include "http/http.h"

#include "util/utf8.h"

#include <microhttpd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *http_query(const struct http_request *req, const char *name)
{
    return MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, name);
}

void http_reply_json(struct http_response *res, int status, json_t *j)
{
    static const char failed[] =
        "{\"error\":{\"code\":\"internal\",\"message\":\"the answer could not be written\","
        "\"field\":null}}";

    free(res->body);
    res->body = j ? json_dumps(j, JSON_COMPACT | JSON_ENSURE_ASCII * 0) : NULL;
    res->len = res->body ? strlen(res->body) : 0;
    res->status = res->body ? status : 500;
    res->content_type = "application/json; charset=utf-8";
    json_decref(j);
    if (!res->body && (res->body = strdup(failed))) /* never a 500 without a body */
        res->len = sizeof failed - 1;
}

int http_reply_error(struct http_response *res, int status, const char *code, const char *field,
                     const char *fmt, ...)
{
    char msg[512], f[128];
    va_list ap;
    json_t *err;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    utf8_repair(msg); /* cut at 512 bytes, or quoting a cut value */
    err = json_pack("{s:s, s:s}", "code", code, "message", msg);
    if (field) {
        snprintf(f, sizeof f, "%s", field);
        utf8_repair(f);
        json_object_set_new(err, "field", json_string(f));
    } else {
        json_object_set_new(err, "field", json_null());
    }
    http_reply_json(res, status, json_pack("{s:o}", "error", err));
    return 0;
}

void http_reply_text(struct http_response *res, int status, const char *content_type,
                     const char *text, size_t len)
{
    free(res->body);
    res->body = malloc(len + 1);
    if (!res->body) {
        res->status = 500;
        res->len = 0;
        return;
    }
    memcpy(res->body, text, len);
    res->body[len] = '\0';
    res->len = len;
    res->status = status;
    res->content_type = content_type;
}

void http_add_header(struct http_response *res, const char *name, const char *value)
{
    int n = res->nheaders;

    if (n >= (int)(sizeof res->headers / sizeof res->headers[0]))
        return;
    snprintf(res->headers[n].name, sizeof res->headers[n].name, "%s", name);
    snprintf(res->headers[n].value, sizeof res->headers[n].value, "%s", value);
    res->nheaders++;
}

json_t *http_json_body(struct http_request *req, struct http_response *res)
{
    const char *type =
        MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
    json_error_t e;
    json_t *j;

    if (type && strncasecmp(type, "application/json", 16) != 0) {
        http_reply_error(res, 415, "unsupported_media_type", NULL,
                         "send the body as application/json, not %.64s", type);
        return NULL;
    }
    if (!req->body_len) {
        http_reply_error(res, 400, "bad_json", NULL, "the request needs a JSON body");
        return NULL;
    }
    /* Duplicate keys are refused: which of two values would count is
     * anybody's guess. Depth is bounded by jansson and the body size. */
    if (!(j = json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES, &e))) {
        http_reply_error(res, 400, "bad_json", NULL, "malformed JSON at line %d column %d: %s",
                         e.line, e.column, e.text);
        return NULL;
    }
    return j;
}

int http_reply_app_error(struct http_response *res, int rc, const struct app_error *err)
{
    struct app_error cause;
    int status;
    char ra[16];

    if (db_unwritable(rc)) { /* a whole group failed for it */
        app_db_fail(&cause, NULL, rc);
        return http_reply_error(res, 503, cause.code, NULL, "%s", cause.message);
    }
    switch (rc) {
    case APP_E_INVALID:
        status = 400;
        break;
    case APP_E_AUTH:
        status = 401;
        break;
    case APP_E_FORBIDDEN:
        status = 403;
        break;
    case APP_E_NOTFOUND:
    case DB_E_NOTFOUND:
        status = 404;
        break;
    case APP_E_CONFLICT:
        status = 409;
        break;
    case APP_E_GONE:
        status = 410;
        break;
    case APP_E_THROTTLED:
        status = 429;
        snprintf(ra, sizeof ra, "%d", err->retry_after > 0 ? err->retry_after : 1);
        http_add_header(res, "Retry-After", ra);
        break;
    case APP_E_BUSY:
    case DB_E_BUSY:
        status = 503;
        http_add_header(res, "Retry-After", "1");
        break;
    default:
        status = 500;
    }
    if (!err || !err->code[0])
        return http_reply_error(res, status, status == 503 ? "busy" : "internal", NULL, "%s",
                                status == 503 ? "the server is busy; try again" : "internal error");
    return http_reply_error(res, status, err->code, err->field[0] ? err->field : NULL, "%s",
                            err->message);
}
