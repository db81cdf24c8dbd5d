/*
 * The web UI, served from files embedded in the binary (web/ and ECharts
 * from node_modules): GET / is web/index.html, GET /NAME is web/NAME, GET
 * /vendor/echarts.min.js is ECharts. Content types by extension; assets are
 * cacheable for a short time (the binary is the version).
 */
#include "http/http.h"

#include "util/assets.h"

#include <stdio.h>
#include <string.h>

static const struct {
    const char *ext;
    const char *type;
} types[] = {
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".json", "application/json; charset=utf-8"},
    {".ico", "image/x-icon"},
    {".webmanifest", "application/manifest+json"},
};

static const char *type_of(const char *path)
{
    const char *dot = strrchr(path, '.');

    for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
        if (strcmp(dot, types[i].ext) == 0)
            return types[i].type;
    return "application/octet-stream";
}

static int serve(struct http_response *res, const char *path)
{
    const struct asset *a = asset_find(path);

    if (!a)
        return http_reply_error(res, 404, "not_found", NULL, "no such file");
    http_reply_text(res, 200, type_of(path), a->start, asset_size(a));
    res->cache_control = strstr(path, "index.html") ? "no-cache" : "public, max-age=300";
    return 0;
}

int h_static_index(struct http_request *req, struct http_response *res)
{
    (void)req;
    return serve(res, "web/index.html");
}

int h_static_file(struct http_request *req, struct http_response *res)
{
    const char *name = req->params[0];
    char path[256];

    /* One path segment of safe characters: no way out of web/. */
    if (strlen(name) > 128 ||
        strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789-_.") != strlen(name) || name[0] == '.')
        return http_reply_error(res, 404, "not_found", NULL, "no such file");
    snprintf(path, sizeof path, "web/%s", name);
    return serve(res, path);
}

int h_static_vendor(struct http_request *req, struct http_response *res)
{
    if (strcmp(req->params[0], "echarts.min.js") != 0)
        return http_reply_error(res, 404, "not_found", NULL, "no such file");
    return serve(res, "node_modules/echarts/dist/echarts.min.js");
}
