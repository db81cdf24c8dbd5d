/*
 * The HTTP server (libmicrohttpd): listening socket, worker threads, one
 * database connection per worker, request bodies with a size limit,
 * sessions and CSRF, dispatch through the route table, the group-commit
 * writer and a small pool for blocking work, an access log and metrics.
 */
#ifndef CORDON_HTTP_SERVER_H
#define CORDON_HTTP_SERVER_H

#include <stddef.h>

#define SERVER_MAX_CONNECTIONS 4096u /* at once, all addresses */
#define SERVER_MAX_PER_ADDRESS 128u  /* at once, from one address */
#define SERVER_METRICS_FROM    "127.0.0.1,::1"

struct server_config {
    const char *listen; /* "127.0.0.1:8080", "[::1]:0", ":8080" */
    const char *db_url; /* opened once per worker thread */
    unsigned threads;   /* worker threads; 0 = one per core */
    size_t max_body;    /* bytes; larger request bodies get 413 */
    unsigned timeout_s; /* idle connection timeout */
    /* Called on the main thread at start and then every tick_s seconds
     * (periodic jobs: the midnight roll-over, escalations); again after a
     * second when it returns 1 (work left that its time did not cover: a
     * city's pass over its open cases). May be NULL. */
    int (*tick)(void *arg);
    void *tick_arg;
    unsigned tick_s;
    /* A request must arrive whole within this many seconds (408 beyond);
     * 0: 30. */
    unsigned request_timeout_s;
    /* Public writes (HTTP_LIMITED routes) a minute per client address;
     * 0: RATELIMIT_DEFAULT. */
    unsigned public_rate;
    /* Searches of the register (?q=) a minute per account; 0:
     * RATELIMIT_SEARCH_DEFAULT. */
    unsigned search_rate;
    /* Connections at once from one client address; 0:
     * SERVER_MAX_PER_ADDRESS. Beyond, libmicrohttpd refuses them. */
    unsigned max_per_address;
    /* Comma-separated client addresses that may read /metrics; NULL:
     * SERVER_METRICS_FROM; "any": everyone. */
    const char *metrics_from;
    /* Writes waiting for the writer at most; beyond, 503 busy. 0: the
     * writer's default (65,536). */
    int writer_queue;
};

/*
 * Listens, prints "listening on http://HOST:PORT" on stdout, and serves until
 * SIGINT or SIGTERM. Returns 0 after a clean stop, or -1 with a message in
 * err (address in use, database unusable...).
 */
int server_run(const struct server_config *cfg, char err[256]);

#endif
