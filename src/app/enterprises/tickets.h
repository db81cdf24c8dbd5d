/*
 * Return to work (issue 16), problem tickets and an enterprise's history:
 * an enterprise or its service specialist opens a ticket (supplies, staff
 * quarantine, logistics, finance, permits, other) which is a task of the
 * tasks engine (deadline, escalation by the daily sweep, events), assigned
 * to the specialist; the specialist (or the street) accepts and closes it;
 * lists by enterprise, by specialist, by street; and the history of one
 * enterprise (its status changes and applications, its tickets' events) in
 * time order. Every use case checks the caller against the enterprise
 * (enterprise_visible: own, assigned, or in scope).
 */
#ifndef CORDON_APP_ENTERPRISE_TICKETS_H
#define CORDON_APP_ENTERPRISE_TICKETS_H

#include "app/app.h"
#include "app/tasks/tasks.h"
#include "core/tickets.h"
#include "store/enterprise_tickets.h"

#include <jansson.h>
#include <stdint.h>

#define TICKETS_PAGE_DEFAULT 50
#define TICKETS_PAGE_MAX     500
#define TICKET_DEADLINE      (48 * 3600) /* when none is given */

/* A ticket: the link and kind, and its task. */
struct ticket_view {
    struct ticket_head h;
    struct task_row t;
};

/* POST /enterprises/{id}/tickets {kind, title?, note?, deadline?, urgent?} */
struct ticket_open {
    APP_JOB_HEAD; /* c, id, today, now, err (app/app.h) */
    enum ticket_kind kind;
    char title[TASK_TITLE_MAX];
    char note[TASK_NOTE_MAX];
    int64_t deadline; /* 0: TICKET_DEADLINE from now */
    int urgent;
    struct ticket_view out;
};
int ticket_open_parse(struct db *db, const json_t *body, void *job);
int ticket_open_job(struct db *db, void *arg);

/* POST /tickets/{id}/accept|done|cancel {note?}: the parsers of the tasks
 * (tasks_accept_parse ...) fill `m`; the job checks the ticket's enterprise
 * and core/tickets.h's rule, then moves the task. */
struct ticket_move {
    struct tasks_move m; /* starts with APP_JOB_HEAD */
    struct ticket_head h;
};
int ticket_move_job(struct db *db, void *arg);

/* A list of tickets: of one enterprise (0: all the caller may see), a
 * state (-1 any, -2 open or accepted), a kind ("" any). */
struct ticket_query {
    int64_t enterprise;
    int state;
    char kind[20];
};
typedef int (*ticket_view_fn)(void *arg, const struct ticket_view *v);
int tickets_list(struct db *db, const struct caller *c, const struct ticket_query *q,
                 struct page *pg, ticket_view_fn fn, void *arg, struct app_error *err);

/* One entry of an enterprise's history: a status of a day ("status": an
 * application, an approval, a return, an opening) or an event of one of its
 * tickets ("ticket"). */
struct history_item {
    int64_t at;
    const char *what; /* "status" or "ticket" */
    char event[24];   /* the status, or the ticket's event (created, done...) */
    int64_t day;      /* status: the day; else 0 */
    int64_t on_site;  /* status: staff on site */
    int64_t ticket;   /* ticket: the task id; else 0 */
    char kind[20];    /* ticket: its kind */
    char by[64];
    char detail[TASK_NOTE_MAX];
    size_t seq; /* the order read in, which keeps items of one second in order */
};
typedef int (*history_fn)(void *arg, const struct history_item *h);
/* The history of enterprise `id`, oldest first. */
int enterprise_history(struct db *db, const struct caller *c, int64_t id, history_fn fn, void *arg,
                       struct app_error *err);

#endif
