/*
 * Parameter parsing and small JSON helpers shared by the handlers (see
 * params.h).
 */
#include "http/params.h"

#include "core/date.h"
#include "core/unitcode.h"
#include "http/ratelimit.h"
#include "util/clock.h"

#include <stdio.h>
#include <string.h>

int params_parse_int(const char *s, int64_t min, int64_t max, int64_t *out)
{
    int64_t v = 0;

    if (!s || !*s || strlen(s) > 16)
        return -1;
    for (const char *p = s; *p; p++) {
        if (*p < '0' || *p > '9')
            return -1;
        v = v * 10 + (*p - '0');
    }
    if (v < min || v > max)
        return -1;
    *out = v;
    return 0;
}

int params_id(struct http_request *req, struct http_response *res, int64_t *out)
{
    if (params_parse_int(req->params[0], 1, PARAMS_ID_MAX, out) < 0) {
        http_reply_error(res, 400, "bad_id", "id", "%.32s is not an id", req->params[0]);
        return -1;
    }
    return 0;
}

int params_int(struct http_request *req, struct http_response *res, const char *name, int64_t min,
               int64_t max, int64_t *out)
{
    const char *s = http_query(req, name);

    if (!s)
        return 0;
    if (params_parse_int(s, min, max, out) < 0) {
        http_reply_error(res, 400, "bad_value", name, "%s must be an integer from %lld to %lld",
                         name, (long long)min, (long long)max);
        return -1;
    }
    return 0;
}

int params_unit(struct http_request *req, struct http_response *res, const char *name, int64_t *out)
{
    const char *s = http_query(req, name);
    int rc;

    *out = 0;
    if (!s)
        return 0;
    if ((rc = unitcode_parse(s, strlen(s), out)) < 0) {
        http_reply_error(res, 400, "bad_code", name, "%.32s: %s", s, unitcode_strerror(rc));
        return -1;
    }
    return 0;
}

int params_flag(struct http_request *req, struct http_response *res, const char *name, int *out)
{
    const char *s = http_query(req, name);

    *out = 0;
    if (!s)
        return 0;
    if (strcmp(s, "1") == 0 || strcmp(s, "true") == 0) {
        *out = 1;
    } else if (strcmp(s, "0") != 0 && strcmp(s, "false") != 0) {
        http_reply_error(res, 400, "bad_value", name, "%s must be 1 or 0", name);
        return -1;
    }
    return 0;
}

int params_text(struct http_request *req, struct http_response *res, const char *name, char *out,
                size_t n)
{
    const char *s = http_query(req, name);
    size_t len = s ? strlen(s) : 0;

    if (len >= n) {
        http_reply_error(res, 400, "too_long", name, "%s is longer than %zu bytes", name, n - 1);
        return -1;
    }
    memcpy(out, s ? s : "", len);
    out[len] = '\0';
    return 0;
}

int params_search(struct http_request *req, struct http_response *res, const char **out)
{
    const char *q = http_query(req, "q");
    char ra[16];
    int wait;

    *out = NULL;
    if (!q)
        return 0;
    if (strlen(q) > 64 || !*q) {
        http_reply_error(res, 400, "bad_value", "q", "q must have 1 to 64 bytes");
        return -1;
    }
    if (req->caller &&
        (wait = ratelimit_take(RATELIMIT_SEARCH, req->caller->name, ratelimit_now()))) {
        snprintf(ra, sizeof ra, "%d", wait);
        http_add_header(res, "Retry-After", ra);
        http_reply_error(res, 429, "throttled", "q", "too many searches; try again in %d s", wait);
        return -1;
    }
    *out = q;
    return 0;
}

json_t *params_code_json(int64_t code)
{
    char s[UNITCODE_STR_LEN];

    if (!code)
        return json_null();
    unitcode_format(code, s);
    return json_string(s);
}

json_t *params_day_json(int32_t day)
{
    char s[DATE_STR_LEN];

    if (day == DATE_NONE)
        return json_null();
    date_format(day, s);
    return json_string(s);
}

json_t *params_time_json(int64_t t)
{
    char s[32];

    if (!t)
        return json_null();
    clock_format(t, s);
    return json_string(s);
}

json_t *params_page_json(json_t *items, int64_t next)
{
    char s[24];

    snprintf(s, sizeof s, "%lld", (long long)next);
    return json_pack("{s:o, s:s?}", "items", items, "next", next ? s : NULL);
}
