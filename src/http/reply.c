/*
 * Building responses: JSON bodies, the one error shape of the API, plain
 * text; and reading query arguments.
 */
#include "http/http.h"

#include <microhttpd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *http_query(const struct http_request *req, const char *name)
{
    return MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, name);
}

void http_reply_json(struct http_response *res, int status, json_t *j)
{
    free(res->body);
    res->body = json_dumps(j, JSON_COMPACT | JSON_ENSURE_ASCII * 0);
    res->len = res->body ? strlen(res->body) : 0;
    res->status = res->body ? status : 500;
    res->content_type = "application/json; charset=utf-8";
    json_decref(j);
}

int http_reply_error(struct http_response *res, int status, const char *code, const char *field,
                     const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    json_t *err;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    err = json_pack("{s:s, s:s}", "code", code, "message", msg);
    if (field)
        json_object_set_new(err, "field", json_string(field));
    else
        json_object_set_new(err, "field", json_null());
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
