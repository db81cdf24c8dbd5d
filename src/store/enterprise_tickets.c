/*
 * SQL of enterprise tickets and the rows of an enterprise's history (see
 * enterprise_tickets.h).
 */
#include "store/enterprise_tickets.h"

#include <stdio.h>
#include <string.h>

#define COPY(dst, st, col) snprintf(dst, sizeof dst, "%s", db_column_text(st, col))

#define TICKET_COLUMNS                                                                             \
    "k.task, k.enterprise, k.kind, e.name FROM enterprise_tickets k JOIN enterprises e ON "        \
    "e.id = k.enterprise "

static int read_ticket(void *out, struct db_stmt *st)
{
    struct ticket_head *t = out;

    memset(t, 0, sizeof *t);
    t->id = db_column_int64(st, 0);
    t->enterprise = db_column_int64(st, 1);
    COPY(t->kind, st, 2);
    COPY(t->enterprise_name, st, 3);
    return 0;
}

int store_ticket_insert(struct db *db, const struct ticket_head *t, int64_t district)
{
    const struct db_value args[] = {DB_ARG_INT(t->id), DB_ARG_INT(t->enterprise),
                                    DB_ARG_TEXT(t->kind), DB_ARG_INT(district)};

    return db_run(db,
                  "INSERT INTO enterprise_tickets (task, enterprise, kind, district) VALUES ($1, "
                  "$2, $3, $4)",
                  args, 4);
}

int store_ticket_get(struct db *db, int64_t task, struct ticket_head *out)
{
    const struct db_value args[] = {DB_ARG_INT(task)};

    return db_get(db, "SELECT " TICKET_COLUMNS "WHERE k.task = $1", args, 1, read_ticket, out);
}

DB_HAND_ROWS(ticket_each, struct ticket_head, read_ticket, ticket_head_fn)

int store_tickets_list(struct db *db, const struct ticket_filter *f, int64_t after, int limit,
                       ticket_head_fn fn, void *arg)
{
    const struct db_value args[] = {DB_ARG_INT(f->enterprise),
                                    DB_ARG_INT(f->lo),
                                    DB_ARG_INT(f->hi),
                                    DB_ARG_INT(f->owner),
                                    DB_ARG_INT(f->specialist),
                                    DB_ARG_INT(f->state),
                                    DB_ARG_TEXT(f->kind ? f->kind : ""),
                                    DB_ARG_INT(after),
                                    DB_ARG_INT(limit)};
    struct db_hand h = DB_HAND(fn, arg);

    return db_list(db,
                   "SELECT " TICKET_COLUMNS
                   "JOIN tasks t ON t.id = k.task WHERE ($1 = 0 OR k.enterprise = $1) AND "
                   "e.street >= $2 AND e.street < $3 AND ($4 = 0 OR e.account = $4) AND ($5 = 0 "
                   "OR k.enterprise IN (SELECT enterprise FROM enterprise_specialists WHERE "
                   "account = $5)) AND ($6 = -1 OR ($6 = -2 AND t.state < 2) OR t.state = $6) AND "
                   "($7 = '' OR k.kind = $7) AND k.task > $8 ORDER BY k.task LIMIT $9",
                   args, 9, ticket_each, &h);
}

int store_enterprise_specialist(struct db *db, int64_t enterprise, int64_t *out)
{
    const struct db_value args[] = {DB_ARG_INT(enterprise)};
    struct db_stmt *st;
    int rc;

    if ((rc = db_prepare_args(db,
                              "SELECT account FROM enterprise_specialists WHERE enterprise = $1 "
                              "ORDER BY account LIMIT 1",
                              args, 1, &st)) < 0)
        return rc;
    return db_one(st, NULL, out);
}

static int read_day_row(void *out, struct db_stmt *st)
{
    struct enterprise_day_row *d = out;

    memset(d, 0, sizeof *d);
    d->day = db_column_int64(st, 0);
    COPY(d->status, st, 1);
    d->on_site = db_column_int64(st, 2);
    COPY(d->by, st, 3);
    COPY(d->reason, st, 4);
    d->at = db_column_int64(st, 5);
    return 0;
}

DB_HAND_ROWS(day_each, struct enterprise_day_row, read_day_row, enterprise_day_fn)

int store_enterprise_days(struct db *db, int64_t enterprise, enterprise_day_fn fn, void *arg)
{
    const struct db_value args[] = {DB_ARG_INT(enterprise)};
    struct db_hand h = DB_HAND(fn, arg);

    return db_list(db,
                   "SELECT day, status, staff_on_site, by_name, reason, at FROM enterprise_days "
                   "WHERE enterprise = $1 ORDER BY day",
                   args, 1, day_each, &h);
}

struct age_hand {
    ticket_age_fn fn;
    void *arg;
};

static int age_row(void *arg, struct db_stmt *st)
{
    struct age_hand *h = arg;

    return h->fn(h->arg, db_column_text(st, 0), (int)db_column_int64(st, 1), db_column_int64(st, 2),
                 db_column_int64(st, 3));
}

int store_tickets_open(struct db *db, int64_t lo, int64_t hi, ticket_age_fn fn, void *arg)
{
    const struct db_value args[] = {DB_ARG_INT(lo), DB_ARG_INT(hi)};
    struct age_hand h = {fn, arg};

    return db_list(db,
                   "SELECT k.kind, t.state, t.created_at, t.deadline FROM enterprise_tickets k "
                   "JOIN enterprises e ON e.id = k.enterprise JOIN tasks t ON t.id = k.task "
                   "WHERE e.street >= $1 AND e.street < $2 AND t.state < 2 ORDER BY k.task",
                   args, 2, age_row, &h);
}
