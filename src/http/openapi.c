/*
 * GET /api/v1/openapi.json: an OpenAPI 3 document assembled from the route
 * table (paths, methods, summaries, path and query parameters, which need a
 * session and a CSRF token) and the schemas of data/openapi-schemas.json
 * (request and response bodies, named by the table). Nothing is written
 * twice, so the document cannot list a route the server does not have, or
 * miss one. Built once per process.
 */
#include "http/http.h"

#include "util/assets.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CORDON_API_VERSION "0.1.0"

/* The component schemas (request and response bodies), JSON Schema in the
 * OpenAPI 3.0 dialect, one object keyed by name: a real JSON file in the
 * source tree, embedded in the binary. */
#define SCHEMAS_ASSET "data/openapi-schemas.json"

static json_t *ref(const char *name)
{
    char r[128];

    snprintf(r, sizeof r, "#/components/schemas/%s", name);
    return json_pack("{s:s}", "$ref", r);
}

static int state_changing(const char *method)
{
    return strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0;
}

/* "/api/v1/units/{code}" + "get" -> "get_api_v1_units_code" */
static void operation_id(const struct http_route *r, char *out, size_t size)
{
    size_t n = 0;

    for (const char *m = r->method; *m && n + 1 < size; m++)
        out[n++] = (char)(*m >= 'A' && *m <= 'Z' ? *m + 32 : *m);
    for (const char *p = r->pattern; *p && n + 1 < size; p++) {
        char c = *p;
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
            out[n++] = c;
        else if (c == '/' || c == '.' || c == '-')
            out[n++] = '_';
    }
    out[n] = '\0';
}

static json_t *parameters(const struct http_route *r)
{
    json_t *arr = json_array();
    const char *p = r->pattern;

    while ((p = strchr(p, '{'))) {
        const char *e = strchr(p, '}');
        char name[32];
        if (!e)
            break;
        snprintf(name, sizeof name, "%.*s", (int)(e - p - 1), p + 1);
        json_array_append_new(arr, json_pack("{s:s, s:s, s:b, s:{s:s}}", "name", name, "in", "path",
                                             "required", 1, "schema", "type", "string"));
        p = e;
    }
    if (r->query && *r->query) {
        char buf[256], *save = NULL, *tok;
        snprintf(buf, sizeof buf, "%s", r->query);
        for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
            char *colon = strchr(tok, ':');
            const char *type = "string";
            if (colon) {
                *colon = '\0';
                type = colon + 1;
            }
            json_array_append_new(arr, json_pack("{s:s, s:s, s:b, s:{s:s}}", "name", tok, "in",
                                                 "query", "required", 0, "schema", "type", type));
        }
    }
    return arr;
}

static json_t *operation(const struct http_route *r)
{
    char id[128], status[4] = "200";
    const char *resp = r->response;
    json_t *op, *responses = json_object();

    if (resp && strlen(resp) > 4 && resp[3] == ':') {
        memcpy(status, resp, 3);
        resp += 4;
    }
    operation_id(r, id, sizeof id);
    op = json_pack("{s:s, s:s, s:o}", "summary", r->summary ? r->summary : "", "operationId", id,
                   "parameters", parameters(r));
    if (resp)
        json_object_set_new(responses, status,
                            json_pack("{s:s, s:{s:{s:o}}}", "description", "OK", "content",
                                      "application/json", "schema", ref(resp)));
    else
        json_object_set_new(responses, status, json_pack("{s:s}", "description", "OK"));
    json_object_set_new(responses, "default",
                        json_pack("{s:s, s:{s:{s:o}}}", "description",
                                  "an error, with the field it is about", "content",
                                  "application/json", "schema", ref("Error")));
    json_object_set_new(op, "responses", responses);
    if (r->request)
        json_object_set_new(op, "requestBody",
                            json_pack("{s:b, s:{s:{s:o}}}", "required", 1, "content",
                                      "application/json", "schema", ref(r->request)));
    if (r->flags & HTTP_PUBLIC)
        json_object_set_new(op, "security", json_array());
    else if (state_changing(r->method))
        json_object_set_new(op, "security", json_pack("[{s:[], s:[]}]", "session", "csrf"));
    else
        json_object_set_new(op, "security", json_pack("[{s:[]}]", "session"));
    return op;
}

/* A name the route table gives that the schemas do not have: said loudly
 * (the API tests read stderr), the document keeps the dangling $ref. */
static void check_ref(const json_t *comp, const char *name)
{
    if (name && strlen(name) > 4 && name[3] == ':')
        name += 4;
    if (name && !json_object_get(comp, name))
        fprintf(stderr, "cordon: openapi: no schema %s in %s\n", name, SCHEMAS_ASSET);
}

/* The embedded schemas as a new object (empty, said on stderr, if the file
 * is not a JSON object). */
static json_t *schemas(void)
{
    const struct asset *a = asset_find(SCHEMAS_ASSET);
    json_error_t e;
    json_t *comp = a ? json_loadb(a->start, asset_size(a), 0, &e) : NULL;

    if (!json_is_object(comp)) {
        fprintf(stderr, "cordon: openapi: %s: %s\n", SCHEMAS_ASSET,
                !a     ? "not embedded"
                : comp ? "not an object"
                       : e.text);
        json_decref(comp);
        return json_object();
    }
    for (const struct http_route *r = http_routes; r->method; r++) {
        check_ref(comp, r->request);
        check_ref(comp, r->response);
    }
    return comp;
}

static char *document;
static size_t document_len;
static pthread_once_t document_once = PTHREAD_ONCE_INIT;

static void build(void)
{
    json_t *paths = json_object(), *comp, *doc;

    for (const struct http_route *r = http_routes; r->method; r++) {
        json_t *item = json_object_get(paths, r->pattern);
        char m[16];
        size_t i;
        if (!item) {
            item = json_object();
            json_object_set_new(paths, r->pattern, item);
        }
        for (i = 0; r->method[i] && i + 1 < sizeof m; i++)
            m[i] = (char)(r->method[i] >= 'A' && r->method[i] <= 'Z' ? r->method[i] + 32
                                                                     : r->method[i]);
        m[i] = '\0';
        json_object_set_new(item, m, operation(r));
    }
    comp = schemas();
    doc = json_pack(
        "{s:s, s:{s:s, s:s, s:s}, s:o, s:{s:o, s:{s:{s:s, s:s, s:s}, s:{s:s, s:s, s:s}}}}",
        "openapi", "3.0.3", "info", "title", "cordon", "version", CORDON_API_VERSION, "description",
        "Community epidemic-prevention platform. Log in with POST /api/v1/session; send the "
        "returned csrf as X-CSRF-Token on every POST, PUT, PATCH and DELETE.",
        "paths", paths, "components", "schemas", comp, "securitySchemes", "session", "type",
        "apiKey", "in", "cookie", "name", "cordon_session", "csrf", "type", "apiKey", "in",
        "header", "name", "X-CSRF-Token");
    document = json_dumps(doc, JSON_COMPACT);
    document_len = document ? strlen(document) : 0;
    json_decref(doc);
}

int h_openapi(struct http_request *req, struct http_response *res)
{
    (void)req;
    pthread_once(&document_once, build);
    if (!document)
        return http_reply_error(res, 500, "nomem", NULL, "out of memory");
    http_reply_text(res, 200, "application/json; charset=utf-8", document, document_len);
    return 0;
}
