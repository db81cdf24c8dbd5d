/*
 * The route table, as data: method, path pattern with {captures}, handler.
 * Matching is by path segments; the first route whose pattern matches wins.
 */
#include "http/http.h"

#include <string.h>

const struct http_route http_routes[] = {
    {"GET", "/healthz", h_healthz, "Liveness: 200 and {\"status\":\"ok\"} when the database answers"},
    {"GET", "/api/v1/units/{code}", h_unit_get, "One org unit with its children"},
    {"GET", "/api/v1/units/{code}/counts", h_unit_counts, "Live colour counts of a unit"},
    {"GET", "/api/v1/units/{code}/counts/history", h_unit_counts_history,
     "Daily colour counts of a unit (?days=30)"},
    {"GET", "/api/v1/units/{code}/dashboard", h_unit_dashboard,
     "Dashboard of a unit: counts, change since yesterday, 30 days, units below, compounds"},
    /* The web UI (embedded files); keep these last. */
    {"GET", "/", h_static_index, "The web UI"},
    {"GET", "/vendor/{file}", h_static_vendor, "Third-party scripts of the web UI (ECharts)"},
    {"GET", "/{file}", h_static_file, "Files of the web UI"},
    {0, 0, 0, 0},
};

/*
 * Matches `path` (copied into pathbuf so captures can be cut out in place)
 * against `pattern`; on success fills req->params.
 */
static int match(const char *pattern, char *path, struct http_request *req)
{
    const char *p = pattern;
    char *s = path;
    int n = 0;

    while (*p && *s) {
        if (*p == '{') {
            const char *pe = strchr(p, '}');
            char *se = strchr(s, '/');
            if (!pe || n >= HTTP_MAX_PARAMS)
                return 0;
            if (!se)
                se = s + strlen(s);
            if (se == s)
                return 0;
            req->params[n++] = s;
            p = pe + 1;
            if (*se == '/') {
                if (*p != '/')
                    return 0;
                *se = '\0';
                s = se + 1;
                p++;
            } else {
                s = se;
            }
            continue;
        }
        if (*p != *s)
            return 0;
        p++, s++;
    }
    if (*p || *s)
        return 0;
    req->nparams = n;
    return 1;
}

const struct http_route *http_route_find(struct http_request *req, char *pathbuf,
                                         int *out_status)
{
    size_t len = strlen(req->path);
    int path_seen = 0;

    *out_status = 404;
    for (const struct http_route *r = http_routes; r->method; r++) {
        memcpy(pathbuf, req->path, len + 1);
        if (!match(r->pattern, pathbuf, req))
            continue;
        if (strcmp(r->method, req->method) == 0 ||
            (strcmp(req->method, "HEAD") == 0 && strcmp(r->method, "GET") == 0))
            return r;
        path_seen = 1;
    }
    if (path_seen)
        *out_status = 405;
    return NULL;
}
