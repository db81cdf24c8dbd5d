/*
 * Deadlines for slow clients (deadline.h). libmicrohttpd's connection
 * timeout is an idle timeout: a client that sends one byte every few
 * seconds resets it forever, and a few thousand such connections held the
 * whole server. Here every connection is registered when accepted
 * (MHD_OPTION_NOTIFY_CONNECTION) and a sweeper thread cuts it when it is
 * late: a request must arrive whole (request line, headers, body) within
 * `request_s` of its request line, and a connection must start a request
 * within `idle_s` of opening or of its previous answer. A late request
 * gets a 408 written on the socket; then the socket is shut down and
 * libmicrohttpd closes it as a client that went away. A request whose
 * answer is being prepared (deferred work) is not timed. Shutting a socket
 * down from another thread is safe: libmicrohttpd owns and closes the
 * descriptor, after the CLOSED notification that removes it from here
 * under the same lock.
 */
#include "http/deadline.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

struct conn_entry {
    int fd;
    double since; /* when the current wait began */
    int started;  /* a request line arrived: the request deadline runs */
    int busy;     /* the request is whole: being answered */
    int cut;      /* already shut down */
    struct conn_entry *prev, *next;
};

static struct {
    pthread_mutex_t lock;
    pthread_cond_t wake;
    struct conn_entry head; /* a ring */
    double request_s, idle_s;
    pthread_t thread;
    int running, stop;
    unsigned long cut_requests, cut_idle;
} dl = {.lock = PTHREAD_MUTEX_INITIALIZER, .wake = PTHREAD_COND_INITIALIZER};

static const char late[] = "HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n"
                           "Content-Type: application/json; charset=utf-8\r\nContent-Length: 96\r\n"
                           "\r\n{\"error\":{\"code\":\"request_timeout\",\"message\":\"the request "
                           "did not arrive in time\",\"field\":null}}";

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static struct conn_entry *entry_of(struct MHD_Connection *c)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return ci ? ci->socket_context : NULL;
}

void deadline_notify(void *cls, struct MHD_Connection *c, void **socket_context,
                     enum MHD_ConnectionNotificationCode toe)
{
    struct conn_entry *e = *socket_context;
    const union MHD_ConnectionInfo *ci;

    (void)cls;
    if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
        ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
        if (!ci || !(e = calloc(1, sizeof *e)))
            return; /* not timed: the idle timeout still applies */
        e->fd = ci->connect_fd;
        e->since = now_s();
        pthread_mutex_lock(&dl.lock);
        if (!dl.head.next)
            dl.head.next = dl.head.prev = &dl.head;
        e->next = dl.head.next;
        e->prev = &dl.head;
        dl.head.next->prev = e;
        dl.head.next = e;
        pthread_mutex_unlock(&dl.lock);
        *socket_context = e;
    } else if (e) {
        pthread_mutex_lock(&dl.lock);
        e->prev->next = e->next;
        e->next->prev = e->prev;
        pthread_mutex_unlock(&dl.lock);
        free(e);
        *socket_context = NULL;
    }
}

void *deadline_request_line(void *cls, const char *uri, struct MHD_Connection *c)
{
    struct conn_entry *e = entry_of(c);

    (void)cls, (void)uri;
    if (e) {
        pthread_mutex_lock(&dl.lock);
        e->started = 1;
        e->busy = 0;
        e->since = now_s();
        pthread_mutex_unlock(&dl.lock);
    }
    return NULL; /* the request's con_cls stays NULL for on_request */
}

void deadline_mark(struct MHD_Connection *c, int busy)
{
    struct conn_entry *e = entry_of(c);

    if (!e)
        return;
    pthread_mutex_lock(&dl.lock);
    e->busy = busy;
    if (!busy) { /* answered: the wait for the next request begins */
        e->started = 0;
        e->since = now_s();
    }
    pthread_mutex_unlock(&dl.lock);
}

/* Cuts the late connections; under the lock. */
static void sweep(double now)
{
    for (struct conn_entry *e = dl.head.next; e && e != &dl.head; e = e->next) {
        double limit = e->started ? dl.request_s : dl.idle_s;
        if (e->busy || e->cut || now - e->since <= limit)
            continue;
        if (e->started) {
            ssize_t w = send(e->fd, late, sizeof late - 1, MSG_DONTWAIT | MSG_NOSIGNAL);
            (void)w; /* best effort: the client may not read */
            dl.cut_requests++;
        } else {
            dl.cut_idle++;
        }
        shutdown(e->fd, SHUT_RDWR);
        e->cut = 1;
    }
}

static void *sweeper(void *arg)
{
    double step = dl.request_s < dl.idle_s ? dl.request_s : dl.idle_s;
    struct timespec ts;

    (void)arg;
    step = step / 4 < 0.25 ? 0.25 : step / 4 > 1 ? 1 : step / 4;
    pthread_mutex_lock(&dl.lock);
    while (!dl.stop) {
        sweep(now_s());
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_nsec += (long)(step * 1e9);
        ts.tv_sec += ts.tv_nsec / 1000000000L;
        ts.tv_nsec %= 1000000000L;
        pthread_cond_timedwait(&dl.wake, &dl.lock, &ts);
    }
    pthread_mutex_unlock(&dl.lock);
    return NULL;
}

int deadline_start(unsigned request_s, unsigned idle_s)
{
    pthread_mutex_lock(&dl.lock);
    if (!dl.head.next)
        dl.head.next = dl.head.prev = &dl.head;
    dl.request_s = request_s;
    dl.idle_s = idle_s;
    dl.stop = 0;
    pthread_mutex_unlock(&dl.lock);
    if (pthread_create(&dl.thread, NULL, sweeper, NULL) != 0)
        return -1;
    dl.running = 1;
    return 0;
}

void deadline_stop(void)
{
    if (!dl.running)
        return;
    pthread_mutex_lock(&dl.lock);
    dl.stop = 1;
    pthread_cond_signal(&dl.wake);
    pthread_mutex_unlock(&dl.lock);
    pthread_join(dl.thread, NULL);
    dl.running = 0;
}

void deadline_counts(unsigned long *requests, unsigned long *idle)
{
    pthread_mutex_lock(&dl.lock);
    *requests = dl.cut_requests;
    *idle = dl.cut_idle;
    pthread_mutex_unlock(&dl.lock);
}
