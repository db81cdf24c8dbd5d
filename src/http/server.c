/*
 * libmicrohttpd wiring. We create the listening socket ourselves so that an
 * address in use or a bad host gives a precise message, and so `:0` can pick
 * a free port that we then print (tests read it). Each server thread opens
 * its own database connection on first use: SQLite connections must not be
 * shared between threads, and a connection per thread needs no locking.
 * Responses are queued on the last call of the access handler (after the
 * headers, and the body if any, have been read), which keeps keep-alive
 * working.
 *
 * Around each handler: the session (cookie) and CSRF checks of non-public
 * routes, the access log line, metrics. Work that must not hold one of the
 * few server threads (a durable write waiting for its group's fsync, a
 * password hash) is deferred: the connection is suspended, the work runs on
 * the group-commit writer or the task pool, and the connection is resumed
 * to send the answer when it is done.
 */
#include "http/server.h"

#include "app/accounts/session.h"
#include "app/dashboard/displays.h"
#include "app/tasks/tally_memo.h"
#include "http/http.h"
#include "http/messages.h"
#include "http/metrics.h"
#include "http/ratelimit.h"
#include "store/db.h"
#include "store/writer.h"
#include "http/deadline.h"
#include "util/utf8.h"
#include "util/queue.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_WORKERS      64
#define MAX_TASK_THREADS 16

enum { PHASE_READ = 0, PHASE_WAIT, PHASE_DONE };

/* The blocking task pool: password hashing and other slow work. */
#define MAX_TASKS_QUEUED 4096
struct task {
    int (*fn)(struct db *db, void *arg);
    struct req_state *rs; /* NULL for background work (http_background) */
    void *arg;            /* background work's argument, freed after it ran */
};

struct server {
    const struct server_config *cfg;
    pthread_mutex_t lock;
    struct db *dbs[MAX_WORKERS + MAX_TASK_THREADS + 8]; /* every connection, closed at stop */
    int ndbs;
    struct writer *writer;
    struct queue tasks; /* of struct task, for the task threads */
    pthread_t task_threads[MAX_TASK_THREADS];
    int ntask_threads;
    int stopping;
};

struct req_state {
    char *body;
    size_t len, cap;
    int too_big;
    int timed_out;
    double t0;
    int phase;
    int deferred; /* the handler deferred its answer */
    struct MHD_Connection *conn;
    const struct http_route *route;
    struct caller caller;
    int have_caller;
    char token[SESSION_TOKEN_LEN];
    char client[CALLER_ADDR_MAX];
    /* deferred work */
    writer_job_fn job;
    http_finish_fn finish;
    void *arg;
    int job_rc;
};

static struct server *the_server;
static __thread struct db *tls_db;

static double mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static struct db *thread_db(struct server *s, char err[DB_ERR_LEN])
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
    if (!tls_db) { /* more threads than slots: cannot happen with the limits above */
        db_close(db);
        snprintf(err, DB_ERR_LEN, "too many server threads");
        return NULL;
    }
    return db;
}

int http_metrics_allowed(const struct http_request *req)
{
    const char *from = the_server && the_server->cfg->metrics_from ? the_server->cfg->metrics_from
                                                                   : SERVER_METRICS_FROM;
    const char *token = getenv("CORDON_METRICS_TOKEN"), *auth;
    size_t n = req->client ? strlen(req->client) : 0, len;

    if (token && *token &&
        (auth = MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, "Authorization")) &&
        strncmp(auth, "Bearer ", 7) == 0 && strlen(auth + 7) == strlen(token) &&
        sodium_memcmp(auth + 7, token, strlen(token)) == 0)
        return 1;
    if (strcmp(from, "any") == 0)
        return 1;
    for (const char *p = from; n && *p; p += len + (p[len] == ',')) {
        len = strcspn(p, ",");
        if (len == n && strncmp(p, req->client, n) == 0)
            return 1;
    }
    return 0;
}

struct writer *http_writer(void)
{
    return the_server ? the_server->writer : NULL;
}

/* ---- deferred work --------------------------------------------------------------- */

/* On the writer or a task thread: record the result and wake the
 * connection; MHD calls on_request again, which finishes. */
static void deferred_done(void *arg, int rc)
{
    struct req_state *rs = arg;

    rs->job_rc = rc;
    __atomic_store_n(&rs->phase, PHASE_DONE, __ATOMIC_RELEASE);
    MHD_resume_connection(rs->conn);
}

static int deferred_job(struct db *db, void *arg)
{
    struct req_state *rs = arg;
    return rs->job(db, rs->arg);
}

/* Suspends first, so a fast job cannot resume before the suspension. */
static int defer(struct http_request *req, writer_job_fn job, http_finish_fn finish, void *arg,
                 int task, unsigned flags)
{
    struct req_state *rs = req->state;
    struct server *s = the_server;
    int rc;

    rs->job = job;
    rs->finish = finish;
    rs->arg = arg;
    rs->phase = PHASE_WAIT;
    rs->deferred = 1;
    MHD_suspend_connection(rs->conn);
    if (s->stopping) {
        rc = DB_E_BUSY;
    } else if (!task) {
        rc = writer_submit_flags(s->writer, deferred_job, deferred_done, rs, flags);
    } else {
        struct task *t = malloc(sizeof *t);
        rc = DB_E_NOMEM;
        if (t) {
            t->fn = job;
            t->rs = rs;
            rc = 0;
            if (queue_push(&s->tasks, t) < 0) { /* full, or stopping */
                free(t);
                rc = DB_E_BUSY;
            }
        }
    }
    if (rc < 0)
        deferred_done(rs, rc);
    return 0;
}

int http_defer_write(struct http_request *req, writer_job_fn job, http_finish_fn finish, void *arg)
{
    return defer(req, job, finish, arg, 0, 0);
}

int http_defer_write_flags(struct http_request *req, writer_job_fn job, http_finish_fn finish,
                           void *arg, unsigned flags)
{
    return defer(req, job, finish, arg, 0, flags);
}

int http_defer_task(struct http_request *req, int (*job)(struct db *db, void *arg),
                    http_finish_fn finish, void *arg)
{
    return defer(req, job, finish, arg, 1, 0);
}

int http_background(int (*fn)(struct db *db, void *arg), void *arg)
{
    struct server *s = the_server;
    struct task *t;

    if (!s || s->stopping || !(t = calloc(1, sizeof *t)))
        return -1;
    t->fn = fn;
    t->arg = arg;
    if (queue_push(&s->tasks, t) < 0) { /* full, or stopping */
        free(t);
        return -1;
    }
    return 0;
}

static void *task_main(void *arg)
{
    struct server *s = arg;
    char err[DB_ERR_LEN];

    for (;;) {
        void *item;
        struct task *t;
        struct db *db;
        int rc;

        if (queue_pop(&s->tasks, &item, 1) == 0)
            break; /* closed and empty */
        t = item;
        db = thread_db(s, err);
        if (!t->rs) { /* background work: no connection waits for it */
            t->fn(db, t->arg);
            free(t->arg);
            free(t);
            continue;
        }
        rc = db ? t->fn(db, t->rs->arg) : DB_E_BUSY;
        deferred_done(t->rs, rc);
        free(t);
    }
    return NULL;
}

/* ---- responses and the access log ----------------------------------------------------- */

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
    for (int i = 0; i < res->nheaders; i++)
        MHD_add_response_header(r, res->headers[i].name, res->headers[i].value);
    ok = MHD_queue_response(conn, (unsigned)res->status, r);
    MHD_destroy_response(r);
    return ok;
}

/* One JSON line per request on stderr, written with one write(2) so lines
 * from several threads never interleave. */
static void access_log(const char *method, const struct req_state *rs,
                       const struct http_response *res, double ms)
{
    const char *account = rs->have_caller ? rs->caller.name : res->account[0] ? res->account : NULL;
    char line[512], when[32], m[12];
    struct timespec ts;
    struct tm tm;
    size_t i;
    int n;

    /* The method as sent, reduced to letters (it is the client's text). */
    for (i = 0; method[i] && i + 1 < sizeof m; i++)
        m[i] = (method[i] >= 'A' && method[i] <= 'Z') ? method[i] : '?';
    m[i] = '\0';
    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S", &tm);
    n = snprintf(line, sizeof line,
                 "{\"time\":\"%s.%03ldZ\",\"method\":\"%s\",\"route\":\"%s\",\"status\":%d,"
                 "\"ms\":%.3f,\"account\":%s%s%s}\n",
                 when, ts.tv_nsec / 1000000, m, rs->route ? rs->route->pattern : "(none)",
                 res->status, ms, account ? "\"" : "", account ? account : "null",
                 account ? "\"" : "");
    if (n > 0 && n < (int)sizeof line) {
        ssize_t w = write(STDERR_FILENO, line, (size_t)n);
        (void)w;
    }
}

static enum MHD_Result finish_request(struct MHD_Connection *conn, const char *method,
                                      struct req_state *rs, struct http_response *res)
{
    double ms = (mono() - rs->t0) * 1000.0;
    int status = res->status;

    msg_localise(res, msg_lang_of(MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
                                                              MHD_HTTP_HEADER_ACCEPT_LANGUAGE)));
    metrics_observe(rs->route, status, ms / 1000.0);
    access_log(method, rs, res, ms);
    return send_response(conn, res, strcmp(method, "HEAD") == 0);
}

static void client_address(struct MHD_Connection *conn, char out[CALLER_ADDR_MAX])
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    const struct sockaddr *sa = ci ? ci->client_addr : NULL;

    out[0] = '\0';
    if (!sa)
        return;
    if (sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, out, CALLER_ADDR_MAX);
    else if (sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, out, CALLER_ADDR_MAX);
}

static int state_changing(const char *method)
{
    return strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0 &&
           strcmp(method, "OPTIONS") != 0;
}

/* A display token ("Authorization: Bearer TOKEN"): a caller of role
 * display, on the routes flagged HTTP_DISPLAY only (401 elsewhere, as
 * without a session, and once the token is revoked). */
static int authenticate_display(struct http_request *req, struct req_state *rs, const char *token,
                                struct http_response *res)
{
    struct app_error e;
    int rc;

    if (!(rs->route->flags & HTTP_DISPLAY)) {
        http_reply_error(res, 401, "display_only", NULL,
                         "a display token reads only its wall (GET /api/v1/wall)");
        return -1;
    }
    if ((rc = displays_caller(req->db, token, &rs->caller, &e)) < 0) {
        http_reply_app_error(res, rc, &e);
        return -1;
    }
    rs->have_caller = 1;
    req->caller = &rs->caller;
    return 0;
}

/* Session and CSRF checks (or a display token's); on failure fills res and
 * returns -1. */
static int authenticate(struct server *s, struct http_request *req, struct req_state *rs,
                        struct http_response *res)
{
    const char *cookie = MHD_lookup_connection_value(rs->conn, MHD_COOKIE_KIND, "cordon_session");
    const char *auth = MHD_lookup_connection_value(rs->conn, MHD_HEADER_KIND, "Authorization");
    const char *csrf;
    struct app_error e;
    int rc;

    if (auth && strncmp(auth, "Bearer ", 7) == 0)
        return authenticate_display(req, rs, auth + 7, res);
    if (!cookie) {
        http_reply_error(res, 401, "no_session", NULL, "log in first (POST /api/v1/session)");
        return -1;
    }
    if ((rc = session_check(req->db, s->writer, cookie, rs->client, &rs->caller, &e)) < 0) {
        http_reply_app_error(res, rc, &e);
        return -1;
    }
    rs->have_caller = 1;
    snprintf(rs->token, sizeof rs->token, "%s", cookie);
    req->caller = &rs->caller;
    req->token = rs->token;
    if (state_changing(req->method)) {
        csrf = MHD_lookup_connection_value(rs->conn, MHD_HEADER_KIND, "X-CSRF-Token");
        if (!session_csrf_ok(cookie, csrf)) {
            http_reply_error(res, 403, csrf ? "bad_csrf" : "no_csrf", "X-CSRF-Token",
                             "%s: send the csrf value returned at login as X-CSRF-Token",
                             csrf ? "wrong CSRF token" : "no CSRF token");
            return -1;
        }
    }
    if (rs->caller.must_change && !(rs->route->flags & HTTP_FIRST_LOGIN)) {
        http_reply_error(res, 403, "password_change_required", NULL,
                         "change the one-time password first (POST /api/v1/session/password)");
        return -1;
    }
    return 0;
}

/* The first query argument that is not UTF-8: its name in bad (or "" when
 * the name itself is not), found set. */
struct utf8_check {
    int found;
    char bad[64];
};

static enum MHD_Result arg_utf8(void *cls, enum MHD_ValueKind kind, const char *key,
                                const char *value)
{
    struct utf8_check *u = cls;
    int key_ok = utf8_valid(key, strlen(key));

    (void)kind;
    if (key_ok && (!value || utf8_valid(value, strlen(value))))
        return MHD_YES;
    u->found = 1;
    if (key_ok)
        snprintf(u->bad, sizeof u->bad, "%s", key);
    return MHD_NO;
}

/* Text in the path and the query must be UTF-8: 400 bad_utf8 otherwise
 * (on the argument's name), as it would reach the answers and the
 * database. Returns -1 after replying. */
static int check_utf8(struct MHD_Connection *conn, const char *url, struct http_response *res)
{
    struct utf8_check u = {!utf8_valid(url, strlen(url)), ""};

    if (!u.found)
        MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, arg_utf8, &u);
    if (!u.found)
        return 0;
    http_reply_error(res, 400, "bad_utf8", u.bad[0] ? u.bad : NULL,
                     "the path or the query is not valid UTF-8");
    return -1;
}

struct query_check {
    const char *allowed; /* "unit,compound:integer,..." */
    char bad[64];
};

static enum MHD_Result check_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                                 const char *value)
{
    struct query_check *q = cls;
    const char *p = q->allowed;
    size_t n = strlen(key);

    (void)kind, (void)value;
    while (*p) {
        size_t len = strcspn(p, ",:");
        if (len == n && strncmp(p, key, n) == 0)
            return MHD_YES;
        p += len;
        p += strcspn(p, ",");
        if (*p == ',')
            p++;
    }
    snprintf(q->bad, sizeof q->bad, "%s", key);
    return MHD_NO;
}

/* Routes that list their query parameters refuse any other (a typo in a
 * filter must not silently widen a list). */
static int check_query(struct req_state *rs, struct http_response *res)
{
    struct query_check q;

    if (!rs->route->query)
        return 0;
    q.allowed = rs->route->query;
    q.bad[0] = '\0';
    MHD_get_connection_values(rs->conn, MHD_GET_ARGUMENT_KIND, check_arg, &q);
    if (!q.bad[0])
        return 0;
    http_reply_error(res, 400, "unknown_parameter", q.bad, "unknown query parameter %s", q.bad);
    return -1;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
    struct server *s = cls;
    struct req_state *rs = *con_cls;
    struct http_response res;
    struct http_request req;
    char err[DB_ERR_LEN], *pathbuf;
    unsigned timeout = s->cfg->request_timeout_s ? s->cfg->request_timeout_s : 30;
    int status, wait;
    enum MHD_Result ok;

    (void)version;
    memset(&res, 0, sizeof res);
    if (!rs) {
        const char *cl =
            MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (!(rs = calloc(1, sizeof *rs)))
            return MHD_NO;
        *con_cls = rs;
        rs->t0 = mono();
        rs->conn = conn;
        if (cl && strtoull(cl, NULL, 10) > s->cfg->max_body) {
            /* Refused at once, before any of the body is read: libmicrohttpd
             * then closes the connection instead of draining it. */
            deadline_mark(conn, 1);
            http_reply_error(&res, 413, "body_too_large", NULL,
                             "request body larger than %zu bytes", s->cfg->max_body);
            return finish_request(conn, method, rs, &res);
        }
        return MHD_YES;
    }
    if (*upload_data_size) {
        size_t n = *upload_data_size;
        *upload_data_size = 0;
        if (mono() - rs->t0 > timeout)
            rs->timed_out = 1;
        if (rs->too_big || rs->timed_out || rs->len + n > s->cfg->max_body) {
            rs->too_big = !rs->timed_out;
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
    deadline_mark(conn, 1); /* whole: not timed while it is answered */

    /* Resumed after deferred work: finish and answer. */
    if (__atomic_load_n(&rs->phase, __ATOMIC_ACQUIRE) == PHASE_DONE) {
        rs->finish(rs->arg, rs->job_rc, &res);
        rs->phase = PHASE_READ;
        if (!res.status)
            http_reply_error(&res, 500, "internal", NULL, "no answer");
        return finish_request(conn, method, rs, &res);
    }
    if (rs->too_big) {
        http_reply_error(&res, 413, "body_too_large", NULL, "request body larger than %zu bytes",
                         s->cfg->max_body);
        return finish_request(conn, method, rs, &res);
    }
    if (rs->timed_out || mono() - rs->t0 > timeout) {
        http_reply_error(&res, 408, "request_timeout", NULL,
                         "the request was not received within %u s", timeout);
        return finish_request(conn, method, rs, &res);
    }
    if (check_utf8(conn, url, &res) < 0)
        return finish_request(conn, method, rs, &res);
    memset(&req, 0, sizeof req);
    req.method = method;
    req.path = url;
    req.conn = conn;
    req.body = rs->body ? rs->body : "";
    req.body_len = rs->len;
    req.state = rs;
    client_address(conn, rs->client);
    req.client = rs->client;
    if (!(pathbuf = malloc(strlen(url) + 1)))
        return MHD_NO;
    rs->route = http_route_find(&req, pathbuf, &status);
    req.route = rs->route;
    if (!rs->route) {
        if (status == 405)
            http_reply_error(&res, 405, "method_not_allowed", NULL, "%s is not allowed on %s",
                             method, url);
        else
            http_reply_error(&res, 404, "not_found", NULL, "no route %s", url);
    } else if ((rs->route->flags & HTTP_LIMITED) &&
               (wait = ratelimit_take(RATELIMIT_PUBLIC, rs->client, mono()))) {
        char secs[16];
        snprintf(secs, sizeof secs, "%d", wait);
        http_add_header(&res, "Retry-After", secs);
        http_reply_error(&res, 429, "rate_limited", NULL,
                         "too many requests from this address; try again in %d s", wait);
    } else if (!(req.db = thread_db(s, err))) {
        http_reply_error(&res, 503, "db_unavailable", NULL, "%s", err);
    } else if (((rs->route->flags & HTTP_PUBLIC) || authenticate(s, &req, rs, &res) == 0) &&
               check_query(rs, &res) == 0) {
        double t = mono();
        res.status = 200;
        rs->route->fn(&req, &res);
        metrics_add_read_time(mono() - t);
        if (rs->deferred) {
            rs->deferred = 0;
            free(pathbuf);
            free(res.body);
            return MHD_YES; /* answered when the work is done */
        }
        if (!res.status)
            res.status = 500;
    }
    ok = finish_request(conn, method, rs, &res);
    free(pathbuf);
    return ok;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    struct req_state *rs = *con_cls;

    (void)cls, (void)toe;
    deadline_mark(conn, 0);
    if (rs) {
        free(rs->body);
        free(rs);
        *con_cls = NULL;
    }
}

/* Splits "host:port", "[v6]:port" or ":port" and binds a listening socket. */
static int open_listener(const char *listen_at, char *out_desc, size_t desc_size, char err[256])
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

/* Test-only (tests/api/test_api_server.py): CORDON_TEST_WRITER_DELAY_MS
 * makes every write transaction take that much longer, standing for a slow
 * disk, so that a test sees concurrent writes share a commit without
 * depending on how fast this machine happens to be. Unset: no delay. */
static long writer_delay_ms;

static int slow_group_begin(struct db *db, void *arg)
{
    struct timespec ts = {writer_delay_ms / 1000, (writer_delay_ms % 1000) * 1000000L};

    nanosleep(&ts, NULL);
    return app_group_begin(db, arg);
}

static void writes_committed(void *arg, int jobs)
{
    (void)arg, (void)jobs;
    app_group_committed();
    http_cache_invalidate();
}

static void tasks_stop(struct server *s)
{
    queue_close(&s->tasks);
    for (int i = 0; i < s->ntask_threads; i++)
        pthread_join(s->task_threads[i], NULL);
}

int server_run(const struct server_config *cfg, char err[256])
{
    struct server s;
    struct writer_config wc;
    struct MHD_Daemon *d;
    sigset_t set;
    char desc[128], dberr[DB_ERR_LEN];
    unsigned threads = cfg->threads;
    struct db *probe;
    int fd, sig = 0, more = 0;

    memset(&s, 0, sizeof s);
    s.cfg = cfg;
    if (ratelimit_configure(RATELIMIT_PUBLIC, cfg->public_rate) < 0 ||
        ratelimit_configure(RATELIMIT_SEARCH, cfg->search_rate) < 0 ||
        queue_init(&s.tasks, MAX_TASKS_QUEUED) < 0) {
        snprintf(err, 256, "out of memory");
        return -1;
    }
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
        goto fail;
    }
    db_close(probe);
    if ((fd = open_listener(cfg->listen, desc, sizeof desc, err)) < 0)
        goto fail;

    /* Workers inherit this mask: only the main thread takes the signals. */
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);

    memset(&wc, 0, sizeof wc);
    wc.db_url = cfg->db_url;
    wc.max_queue = cfg->writer_queue;
    wc.group_begin = app_group_begin;
    if (getenv("CORDON_TEST_WRITER_DELAY_MS")) {
        writer_delay_ms = strtol(getenv("CORDON_TEST_WRITER_DELAY_MS"), NULL, 10);
        if (writer_delay_ms > 0 && writer_delay_ms <= 10000)
            wc.group_begin = slow_group_begin;
    }
    wc.job_end = app_job_end;
    wc.group_end = app_group_end;
    wc.committed = writes_committed;
    if (writer_start(&wc, &s.writer, dberr) < 0) {
        close(fd);
        snprintf(err, 256, "%s", dberr);
        goto fail;
    }
    s.ntask_threads = (int)(threads < MAX_TASK_THREADS ? threads : MAX_TASK_THREADS);
    for (int i = 0; i < s.ntask_threads; i++)
        pthread_create(&s.task_threads[i], NULL, task_main, &s);
    metrics_init();
    the_server = &s;
    tally_memo_set_background(http_background);

    /* Slow clients: at most max_per_address connections from one address
     * (libmicrohttpd refuses more at accept), and deadlines they cannot
     * reset by trickling bytes (deadline.c); the idle timeout stays as a
     * second net. */
    if (deadline_start(cfg->request_timeout_s ? cfg->request_timeout_s : 30u,
                       cfg->timeout_s ? cfg->timeout_s : 30u) < 0)
        d = NULL;
    else
        d = MHD_start_daemon(
            MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME, 0, NULL,
            NULL, on_request, &s, MHD_OPTION_LISTEN_SOCKET, fd, MHD_OPTION_THREAD_POOL_SIZE,
            threads, MHD_OPTION_CONNECTION_TIMEOUT, cfg->timeout_s ? cfg->timeout_s : 30u,
            MHD_OPTION_NOTIFY_COMPLETED, on_completed, &s, MHD_OPTION_CONNECTION_LIMIT,
            SERVER_MAX_CONNECTIONS, MHD_OPTION_PER_IP_CONNECTION_LIMIT,
            cfg->max_per_address ? cfg->max_per_address : SERVER_MAX_PER_ADDRESS,
            MHD_OPTION_NOTIFY_CONNECTION, deadline_notify, NULL, MHD_OPTION_URI_LOG_CALLBACK,
            deadline_request_line, NULL, MHD_OPTION_END);
    if (!d) {
        tally_memo_set_background(NULL);
        deadline_stop();
        close(fd);
        tasks_stop(&s);
        writer_stop(s.writer);
        the_server = NULL;
        snprintf(err, 256, "cannot start the HTTP server on %s", desc);
        goto fail;
    }
    if (cfg->tick)
        more = cfg->tick(cfg->tick_arg);
    printf("cordon: listening on http://%s\n", desc);
    fflush(stdout);
    for (;;) {
        struct timespec ts = {more ? 1 : cfg->tick_s ? (time_t)cfg->tick_s : 30, 0};
        sig = sigtimedwait(&set, NULL, &ts);
        if (sig == SIGINT || sig == SIGTERM)
            break;
        if (sig < 0 && cfg->tick)
            more = cfg->tick(cfg->tick_arg);
    }
    fprintf(stderr, "cordon: %s, stopping\n", sig == SIGINT ? "interrupted" : "terminated");
    /* Stop taking connections, finish the queued work (each resumes its
     * connection), then stop the threads: none may stay suspended. */
    MHD_quiesce_daemon(d);
    s.stopping = 1;
    tally_memo_set_background(NULL);
    tasks_stop(&s);
    writer_drain(s.writer); /* still valid for threads that hold it: refuses */
    MHD_stop_daemon(d);
    deadline_stop();
    writer_stop(s.writer);
    close(fd);
    the_server = NULL;
    for (int i = 0; i < s.ndbs; i++)
        db_close(s.dbs[i]);
    queue_cleanup(&s.tasks);
    pthread_mutex_destroy(&s.lock);
    return 0;
fail:
    queue_cleanup(&s.tasks);
    pthread_mutex_destroy(&s.lock);
    return -1;
}
