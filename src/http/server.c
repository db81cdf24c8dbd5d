/*
 * libmicrohttpd wiring. We create the listening socket ourselves so that an
 * address in use or a bad host gives a precise message, and so `:0` can pick
 * a free port that we then print (tests read it). Each worker thread opens
 * its own database connection on first use: SQLite connections must not be
 * shared between threads, and a connection per thread needs no locking.
 * Responses are queued on the second call of the access handler (after the
 * headers, and the body if any, have been read), which keeps keep-alive
 * working.
 */
#include "http/server.h"

#include "http/http.h"
#include "store/db.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_WORKERS 64

struct server {
    const struct server_config *cfg;
    pthread_mutex_t lock;
    struct db *dbs[MAX_WORKERS + 8]; /* every connection opened, closed at stop */
    int ndbs;
};

struct req_state {
    char *body;
    size_t len, cap;
    int too_big;
};

static __thread struct db *tls_db;

static struct db *worker_db(struct server *s, char err[DB_ERR_LEN])
{
    struct db *db;

    if (tls_db)
        return tls_db;
    if (db_open(s->cfg->db_url, 0, &db, err) < 0)
        return NULL;
    pthread_mutex_lock(&s->lock);
    if (s->ndbs < (int)(sizeof s->dbs / sizeof s->dbs[0])) {
        s->dbs[s->ndbs++] = db;
        tls_db = db;
    }
    pthread_mutex_unlock(&s->lock);
    if (!tls_db) { /* more threads than slots: cannot happen with MAX_WORKERS */
        db_close(db);
        snprintf(err, DB_ERR_LEN, "too many worker threads");
        return NULL;
    }
    return db;
}

static enum MHD_Result send_response(struct MHD_Connection *conn, struct http_response *res,
                                     int head_only)
{
    struct MHD_Response *r;
    enum MHD_Result ok;

    if (head_only) {
        free(res->body);
        res->body = NULL;
        r = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    } else {
        r = MHD_create_response_from_buffer(res->len, res->body ? res->body : (void *)"",
                                            res->body ? MHD_RESPMEM_MUST_FREE
                                                      : MHD_RESPMEM_PERSISTENT);
    }
    res->body = NULL;
    if (!r)
        return MHD_NO;
    if (res->content_type)
        MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, res->content_type);
    MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL,
                            res->cache_control ? res->cache_control : "no-store");
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    ok = MHD_queue_response(conn, (unsigned)res->status, r);
    MHD_destroy_response(r);
    return ok;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size,
                                  void **con_cls)
{
    struct server *s = cls;
    struct req_state *rs = *con_cls;
    struct http_response res = {0};
    struct http_request req = {0};
    const struct http_route *route;
    char err[DB_ERR_LEN], *pathbuf;
    int status;
    enum MHD_Result ok;

    (void)version;
    if (!rs) {
        const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
                                                     MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (!(rs = calloc(1, sizeof *rs)))
            return MHD_NO;
        *con_cls = rs;
        if (cl && strtoull(cl, NULL, 10) > s->cfg->max_body)
            rs->too_big = 1;
        return MHD_YES;
    }
    if (*upload_data_size) {
        size_t n = *upload_data_size;
        *upload_data_size = 0;
        if (rs->too_big || rs->len + n > s->cfg->max_body) {
            rs->too_big = 1;
            return MHD_YES;
        }
        if (rs->len + n + 1 > rs->cap) {
            size_t cap = rs->cap ? rs->cap : 4096;
            char *nb;
            while (cap < rs->len + n + 1)
                cap *= 2;
            if (!(nb = realloc(rs->body, cap)))
                return MHD_NO;
            rs->body = nb;
            rs->cap = cap;
        }
        memcpy(rs->body + rs->len, upload_data, n);
        rs->len += n;
        rs->body[rs->len] = '\0';
        return MHD_YES;
    }

    if (rs->too_big) {
        http_reply_error(&res, 413, "body_too_large", NULL,
                         "request body larger than %zu bytes", s->cfg->max_body);
        return send_response(conn, &res, 0);
    }
    req.method = method;
    req.path = url;
    req.conn = conn;
    req.body = rs->body ? rs->body : "";
    req.body_len = rs->len;
    if (!(pathbuf = malloc(strlen(url) + 1)))
        return MHD_NO;
    route = http_route_find(&req, pathbuf, &status);
    if (!route) {
        if (status == 405)
            http_reply_error(&res, 405, "method_not_allowed", NULL, "%s is not allowed on %s",
                             method, url);
        else
            http_reply_error(&res, 404, "not_found", NULL, "no route %s", url);
    } else if (!(req.db = worker_db(s, err))) {
        http_reply_error(&res, 503, "db_unavailable", NULL, "%s", err);
    } else {
        res.status = 200;
        route->fn(&req, &res);
        if (!res.status)
            res.status = 500;
    }
    ok = send_response(conn, &res, strcmp(method, "HEAD") == 0);
    free(pathbuf);
    return ok;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    struct req_state *rs = *con_cls;

    (void)cls, (void)conn, (void)toe;
    if (rs) {
        free(rs->body);
        free(rs);
        *con_cls = NULL;
    }
}

/* Splits "host:port", "[v6]:port" or ":port" and binds a listening socket. */
static int open_listener(const char *listen_at, char *out_desc, size_t desc_size,
                         char err[256])
{
    char host[256] = "", port[16] = "";
    const char *colon;
    struct addrinfo hints, *ai = NULL, *a;
    int fd = -1, one = 1, rc;

    if (listen_at[0] == '[') {
        const char *close = strchr(listen_at, ']');
        if (!close || close[1] != ':') {
            snprintf(err, 256, "--listen %s: expected [ADDRESS]:PORT", listen_at);
            return -1;
        }
        snprintf(host, sizeof host, "%.*s", (int)(close - listen_at - 1), listen_at + 1);
        snprintf(port, sizeof port, "%s", close + 2);
    } else if ((colon = strrchr(listen_at, ':'))) {
        snprintf(host, sizeof host, "%.*s", (int)(colon - listen_at), listen_at);
        snprintf(port, sizeof port, "%s", colon + 1);
    } else {
        snprintf(err, 256, "--listen %s: expected HOST:PORT, e.g. 127.0.0.1:8080", listen_at);
        return -1;
    }
    if (!*port || strspn(port, "0123456789") != strlen(port) || atoi(port) > 65535) {
        snprintf(err, 256, "--listen %s: the port must be a number 0-65535", listen_at);
        return -1;
    }
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    if ((rc = getaddrinfo(*host ? host : NULL, port, &hints, &ai)) != 0) {
        snprintf(err, 256, "--listen %s: %s", listen_at, gai_strerror(rc));
        return -1;
    }
    snprintf(err, 256, "cannot listen on %s", listen_at);
    for (a = ai; a; a = a->ai_next) {
        if ((fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol)) < 0)
            continue;
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        if (bind(fd, a->ai_addr, a->ai_addrlen) == 0 && listen(fd, 1024) == 0)
            break;
        snprintf(err, 256, "cannot listen on %s: %s", listen_at, strerror(errno));
        close(fd);
        fd = -1;
    }
    freeaddrinfo(ai);
    if (fd >= 0) {
        struct sockaddr_storage ss;
        socklen_t sl = sizeof ss;
        char h[INET6_ADDRSTRLEN] = "?";
        int p = 0;
        getsockname(fd, (struct sockaddr *)&ss, &sl);
        if (ss.ss_family == AF_INET) {
            struct sockaddr_in *in = (struct sockaddr_in *)&ss;
            inet_ntop(AF_INET, &in->sin_addr, h, sizeof h);
            p = ntohs(in->sin_port);
            snprintf(out_desc, desc_size, "%s:%d", h, p);
        } else {
            struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&ss;
            inet_ntop(AF_INET6, &in6->sin6_addr, h, sizeof h);
            p = ntohs(in6->sin6_port);
            snprintf(out_desc, desc_size, "[%s]:%d", h, p);
        }
    }
    return fd;
}

int server_run(const struct server_config *cfg, char err[256])
{
    struct server s;
    struct MHD_Daemon *d;
    sigset_t set;
    char desc[128], dberr[DB_ERR_LEN];
    unsigned threads = cfg->threads;
    struct db *probe;
    int fd, sig = 0;

    memset(&s, 0, sizeof s);
    s.cfg = cfg;
    pthread_mutex_init(&s.lock, NULL);
    if (!threads) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        threads = n > 0 ? (unsigned)n : 2;
    }
    if (threads > MAX_WORKERS)
        threads = MAX_WORKERS;
    /* Fail now, with the real reason, if the database is unusable. */
    if (db_open(cfg->db_url, 0, &probe, dberr) < 0) {
        snprintf(err, 256, "%s", dberr);
        return -1;
    }
    db_close(probe);
    if ((fd = open_listener(cfg->listen, desc, sizeof desc, err)) < 0)
        return -1;

    /* Workers inherit this mask: only the main thread takes the signals. */
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);

    d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL, 0, NULL, NULL,
                         on_request, &s, MHD_OPTION_LISTEN_SOCKET, fd,
                         MHD_OPTION_THREAD_POOL_SIZE, threads, MHD_OPTION_CONNECTION_TIMEOUT,
                         cfg->timeout_s ? cfg->timeout_s : 30u, MHD_OPTION_NOTIFY_COMPLETED,
                         on_completed, &s, MHD_OPTION_CONNECTION_LIMIT, 4096u,
                         MHD_OPTION_END);
    if (!d) {
        close(fd);
        snprintf(err, 256, "cannot start the HTTP server on %s", desc);
        return -1;
    }
    if (cfg->tick)
        cfg->tick(cfg->tick_arg);
    printf("cordon: listening on http://%s\n", desc);
    fflush(stdout);
    for (;;) {
        struct timespec ts = {cfg->tick_s ? (time_t)cfg->tick_s : 30, 0};
        sig = sigtimedwait(&set, NULL, &ts);
        if (sig == SIGINT || sig == SIGTERM)
            break;
        if (sig < 0 && cfg->tick)
            cfg->tick(cfg->tick_arg);
    }
    fprintf(stderr, "cordon: %s, stopping\n", sig == SIGINT ? "interrupted" : "terminated");
    MHD_stop_daemon(d);
    close(fd);
    for (int i = 0; i < s.ndbs; i++)
        db_close(s.dbs[i]);
    pthread_mutex_destroy(&s.lock);
    return 0;
}
