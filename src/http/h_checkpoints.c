/*
 * Posts over HTTP: the posts a caller may see (GET /api/v1/posts), and the
 * names of one post for anyone (GET /api/v1/posts/{id}, public: the phone
 * form a poster's QR code opens shows where the traveller is).
 */
#include "http/http.h"

#include "app/checkpoints/checkpoints.h"

#include <microhttpd.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *post_json(const struct post *p)
{
    const char *label = checkpoint_kind_label(p->kind);
    char d[16];

    snprintf(d, sizeof d, "%lld", (long long)p->district);
    return json_pack("{s:I, s:s, s:I, s:s, s:s, s:s?, s:s}", "id", (json_int_t)p->id, "name",
                     p->name, "checkpoint_id", (json_int_t)p->checkpoint, "checkpoint",
                     p->checkpoint_name, "kind", p->kind, "kind_label", label, "district", d);
}

static int add_post(void *arg, const struct post *p)
{
    json_array_append_new(arg, post_json(p));
    return 0;
}

int h_posts_list(struct http_request *req, struct http_response *res)
{
    struct app_error e;
    json_t *items = json_array();
    int rc;

    if ((rc = checkpoints_posts(req->db, req->caller, add_post, items, &e)) < 0) {
        json_decref(items);
        return http_reply_app_error(res, rc, &e);
    }
    http_reply_json(res, 200, json_pack("{s:o}", "items", items));
    return 0;
}

int h_post_get(struct http_request *req, struct http_response *res)
{
    const char *s = req->params[0];
    char *end;
    long long id = strtoll(s, &end, 10);
    struct app_error e;
    struct post p;
    int rc;

    if (!*s || *end || id <= 0 || strlen(s) > 16)
        return http_reply_error(res, 400, "bad_id", "id", "%.32s is not an id", s);
    if ((rc = checkpoints_post_public(req->db, (int64_t)id, &p, &e)) < 0)
        return http_reply_app_error(res, rc, &e);
    http_reply_json(res, 200, post_json(&p));
    return 0;
}

/* The poster's QR code must open the form on a phone: ?base=http://host:port
 * says how phones reach this server, else the request's Host header is
 * taken. */
static int poster(struct http_request *req, struct http_response *res, int pdf)
{
    const char *s = req->params[0], *base = http_query(req, "base");
    char *end, host_base[300];
    long long id = strtoll(s, &end, 10);
    unsigned char *buf = NULL;
    size_t len = 0;
    struct app_error e;
    int rc;

    if (!*s || *end || id <= 0 || strlen(s) > 16)
        return http_reply_error(res, 400, "bad_id", "id", "%.32s is not an id", s);
    if (!base) {
        const char *host = MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, "Host");
        snprintf(host_base, sizeof host_base, "http://%s", host && *host ? host : "127.0.0.1");
        base = host_base;
    }
    if ((rc = checkpoints_poster(req->db, req->caller, (int64_t)id, base, pdf, &buf, &len, &e)) < 0)
        return http_reply_app_error(res, rc, &e);
    http_reply_text(res, 200, pdf ? "application/pdf" : "image/png", (const char *)buf, len);
    free(buf);
    return 0;
}

int h_post_poster_pdf(struct http_request *req, struct http_response *res)
{
    return poster(req, res, 1);
}

int h_post_poster_png(struct http_request *req, struct http_response *res)
{
    return poster(req, res, 0);
}
