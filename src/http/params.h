/*
 * Path and query parameters shared by the handlers: an {id} capture,
 * bounded integers, a unit code, a flag. Each replies 400 with the
 * parameter named and returns -1 when malformed (params_parse_int only
 * parses).
 */
#ifndef CORDON_HTTP_PARAMS_H
#define CORDON_HTTP_PARAMS_H

#include "http/http.h"

#include <stdint.h>

#define PARAMS_ID_MAX 9007199254740991LL /* 2^53 - 1: exact in every JSON reader */

/* Decimal digits only (no sign, at most 16), within [min, max]: 0 with
 * *out set, or -1. */
int params_parse_int(const char *s, int64_t min, int64_t max, int64_t *out);

int params_id(struct http_request *req, struct http_response *res, int64_t *out);
int params_int(struct http_request *req, struct http_response *res, const char *name, int64_t min,
               int64_t max, int64_t *out);
int params_unit(struct http_request *req, struct http_response *res, const char *name,
                int64_t *out);
int params_flag(struct http_request *req, struct http_response *res, const char *name, int *out);
/* A text argument copied into out ("" when absent); 400 too_long when it
 * does not fit in n bytes. */
int params_text(struct http_request *req, struct http_response *res, const char *name, char *out,
                size_t n);

/* The register's text search ?q= (NULL in *out when absent): 1 to 64
 * bytes (400 bad_value), and one search of the caller's allowance
 * (`cordon serve --search-rate`, a minute per account; 429 throttled with
 * Retry-After beyond). */
int params_search(struct http_request *req, struct http_response *res, const char **out);

/* JSON helpers: a unit code as a string (null for 0), a day (null for
 * DATE_NONE), an instant as local time (null for 0). */
json_t *params_code_json(int64_t code);
json_t *params_day_json(int32_t day);
json_t *params_time_json(int64_t t);

/* {"items": items, "next": "cursor" | null} */
json_t *params_page_json(json_t *items, int64_t next);

#endif
