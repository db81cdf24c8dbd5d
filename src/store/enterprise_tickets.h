/*
 * SQL of an enterprise's problem tickets (issue 16): the link from a task
 * of the tasks engine to the enterprise it was raised for and its kind,
 * the lists of tickets a caller may see, and the rows of an enterprise's
 * history (its days and its tickets' events). The task itself is stored
 * and moved by store/tasks.c.
 */
#ifndef CORDON_STORE_ENTERPRISE_TICKETS_H
#define CORDON_STORE_ENTERPRISE_TICKETS_H

#include "store/db.h"
#include "store/enterprises.h"

#include <stdint.h>

struct ticket_head {
    int64_t id; /* the task */
    int64_t enterprise;
    char kind[20];
    char enterprise_name[ENT_NAME_MAX];
};

int store_ticket_insert(struct db *db, const struct ticket_head *t, int64_t district);
/* 0, DB_E_NOTFOUND or < 0. */
int store_ticket_get(struct db *db, int64_t task, struct ticket_head *out);

/* What a list is narrowed to: one enterprise (0: any), streets [lo, hi),
 * the enterprise's own account (0: any), a specialist's enterprises (0:
 * any), a task state (-1 any, -2 open or accepted), a kind ("" any). */
struct ticket_filter {
    int64_t enterprise, lo, hi, owner, specialist;
    int state;
    const char *kind;
};
typedef int (*ticket_head_fn)(void *arg, const struct ticket_head *t);
/* Tickets matching f with a task id above `after`, by id, at most `limit`. */
int store_tickets_list(struct db *db, const struct ticket_filter *f, int64_t after, int limit,
                       ticket_head_fn fn, void *arg);

/* The open or accepted tickets of the enterprises of streets [lo, hi):
 * fn(arg, kind, state, created_at, deadline) for each. */
typedef int (*ticket_age_fn)(void *arg, const char *kind, int state, int64_t created_at,
                             int64_t deadline);
int store_tickets_open(struct db *db, int64_t lo, int64_t hi, ticket_age_fn fn, void *arg);

/* The first specialist assigned to an enterprise (by account id) into
 * *out: 0, DB_E_NOTFOUND or < 0. */
int store_enterprise_specialist(struct db *db, int64_t enterprise, int64_t *out);

/* One day of an enterprise's status as recorded. */
struct enterprise_day_row {
    int64_t day, on_site, at;
    char status[ENT_STATUS_MAX];
    char by[64];
    char reason[256];
};
typedef int (*enterprise_day_fn)(void *arg, const struct enterprise_day_row *d);
/* Every recorded day of an enterprise, by day. */
int store_enterprise_days(struct db *db, int64_t enterprise, enterprise_day_fn fn, void *arg);

#endif
