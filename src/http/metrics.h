/*
 * Private to src/http: counters behind GET /metrics (Prometheus text
 * format). Observing a request is a few relaxed atomic additions, so every
 * request can be counted without a lock.
 */
#ifndef CORDON_HTTP_METRICS_H
#define CORDON_HTTP_METRICS_H

#include "http/http.h"

/* Sizes the tables from the route table; call once before serving. */
void metrics_init(void);

/* Counts one answered request: its route (NULL: none matched), status and
 * time from first byte to answer. */
void metrics_observe(const struct http_route *route, int status, double seconds);

/* Adds time spent in synchronous handlers (reading the database). */
void metrics_add_read_time(double seconds);

/* The text exposition; caller frees. */
char *metrics_render(struct db *db, struct writer *w, size_t *out_len);

#endif
