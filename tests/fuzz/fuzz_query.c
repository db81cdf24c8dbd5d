/*
 * libFuzzer target: what a request line carries: the path, matched against
 * the route table with its {id}/{code} captures (http_route_find), and the
 * query string, split at & and =, %-decoded, each value read by the
 * parsers the handlers apply to query arguments (bounded integers, unit
 * codes, dates, document types). Input: "METHOD path?query".
 */
#include "core/date.h"
#include "core/document.h"
#include "core/unitcode.h"
#include "http/http.h"
#include "http/params.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char *const methods[] = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"};

static int hex(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* %-decodes s in place (as libmicrohttpd does for arguments); its length. */
static size_t unescape(char *s)
{
    char *o = s;

    for (char *p = s; *p; p++) {
        if (*p == '%' && hex(p[1]) >= 0 && hex(p[2]) >= 0) {
            *o++ = (char)(hex(p[1]) * 16 + hex(p[2]));
            p += 2;
        } else
            *o++ = *p == '+' ? ' ' : *p;
    }
    *o = '\0';
    return (size_t)(o - s);
}

static void value(const char *v, size_t len)
{
    int64_t n;
    int32_t day;
    enum doc_type dt;

    params_parse_int(v, 0, PARAMS_ID_MAX, &n);
    params_parse_int(v, -1000, 1000, &n);
    unitcode_parse(v, len, &n);
    date_parse(v, len, &day);
    doc_type_parse(v, len, &dt);
}

static void query(char *q)
{
    char *save = NULL;

    for (char *kv = strtok_r(q, "&", &save); kv; kv = strtok_r(NULL, "&", &save)) {
        char *eq = strchr(kv, '=');
        if (eq)
            *eq++ = '\0';
        unescape(kv);
        if (eq)
            value(eq, unescape(eq));
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct http_request req = {0};
    char *line, *path, *q, *pathbuf;
    int status;

    if (size < 1 || !(line = malloc(size)) || !(pathbuf = malloc(size))) {
        if (size >= 1)
            free(line);
        return 0;
    }
    memcpy(line, data + 1, size - 1);
    line[size - 1] = '\0';
    req.method = methods[data[0] % (sizeof methods / sizeof *methods)];
    path = line;
    if ((q = strchr(path, '?')))
        *q++ = '\0';
    unescape(path);
    req.path = path;
    http_route_find(&req, pathbuf, &status);
    if (q)
        query(q);
    free(pathbuf);
    free(line);
    return 0;
}
