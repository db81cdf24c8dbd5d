/*
 * Deadlines that slow clients cannot reset (deadline.c): a request must
 * arrive whole within a time from its request line (else 408 and the
 * connection is closed), and a connection must start a request within a
 * time of opening or of its last answer (else it is closed). Hooked into
 * libmicrohttpd by the server: deadline_notify as
 * MHD_OPTION_NOTIFY_CONNECTION, deadline_request_line as
 * MHD_OPTION_URI_LOG_CALLBACK, deadline_mark from the request handlers.
 */
#ifndef CORDON_HTTP_DEADLINE_H
#define CORDON_HTTP_DEADLINE_H

#include <microhttpd.h>

/* Starts the sweeper thread with the two limits in seconds. 0 or -1. */
int deadline_start(unsigned request_s, unsigned idle_s);
void deadline_stop(void);

void deadline_notify(void *cls, struct MHD_Connection *c, void **socket_context,
                     enum MHD_ConnectionNotificationCode toe);
void *deadline_request_line(void *cls, const char *uri, struct MHD_Connection *c);

/* busy = 1: the request arrived whole and is being answered (not timed);
 * 0: it was answered, the wait for the next one begins. */
void deadline_mark(struct MHD_Connection *c, int busy);

/* Connections cut so far: late requests, idle connections. */
void deadline_counts(unsigned long *requests, unsigned long *idle);

#endif
