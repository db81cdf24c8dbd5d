/*
 * Problem tickets of enterprises and an enterprise's history (see
 * tickets.h): the ticket is a task (store/tasks.c, moved by
 * tasks_move_apply), linked to its enterprise in store/enterprise_tickets.c;
 * who may do what is core/tickets.c's rule applied to what the caller is to
 * the enterprise.
 */
#include "app/enterprises/tickets.h"

#include "app/daytime.h"
#include "app/enterprises/enterprises.h"
#include "app/input.h"
#include "core/date.h"
#include "core/tasks.h"
#include "core/unitcode.h"
#include "store/orgs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What the caller is to an enterprise it sees: 0, or 403 for a role that
 * neither owns, serves nor approves enterprises. */
static int actor_of(const struct caller *c, enum ticket_actor *out, struct app_error *err)
{
    if (role_can(c->role, PERM_APPROVE))
        *out = TICKET_BY_STREET;
    else if (role_can(c->role, PERM_ASSIGNED))
        *out = TICKET_BY_SPECIALIST;
    else if (role_can(c->role, PERM_OWN_ENTERPRISE))
        *out = TICKET_BY_ENTERPRISE;
    else
        return app_fail(err, APP_E_FORBIDDEN, "forbidden", NULL,
                        "this role does not work enterprises' tickets");
    return 0;
}

int ticket_open_parse(struct db *db, const json_t *body, void *job)
{
    static const char *const keys[] = {"kind", "title", "note", "deadline", "urgent", NULL};
    struct ticket_open *u = job;
    char kind[32];
    int has_deadline, rc;

    (void)db;
    if ((rc = input_only_keys(body, keys, &u->err)) < 0 ||
        (rc = input_text(body, "kind", INPUT_REQUIRED | INPUT_TRIM, 31, kind, sizeof kind,
                         &u->err)) < 0 ||
        (rc = input_text(body, "title", INPUT_TRIM, 200, u->title, sizeof u->title, &u->err)) < 0 ||
        (rc = input_text(body, "note", 0, 500, u->note, sizeof u->note, &u->err)) < 0 ||
        (rc = input_time(body, "deadline", &u->deadline, &has_deadline, &u->err)) < 0 ||
        (rc = input_bool(body, "urgent", &u->urgent, &u->err)) < 0)
        return rc;
    if (ticket_kind_parse(kind, &u->kind) < 0)
        return app_fail(&u->err, APP_E_INVALID, "bad_value", "kind",
                        "kind: %s is not one of supplies, staff_quarantine, logistics, finance, "
                        "permits, other",
                        kind);
    /* The tasks' clock (a replayed day's noon), as every task's deadline. */
    u->now = daytime_now();
    if (!has_deadline)
        u->deadline = u->now + TICKET_DEADLINE;
    else if (u->deadline <= u->now)
        return app_fail(&u->err, APP_E_INVALID, "bad_value", "deadline",
                        "the deadline has already passed");
    return 0;
}

/* Where a ticket lies: the enterprise's park or building (its committee and
 * grid, so that it is on their task boards too), else its street. */
static int ticket_place(struct db *db, const struct enterprise_row *e, struct task_row *t)
{
    struct place_row p;
    int64_t place = e->park ? e->park : e->building;
    int rc;

    t->committee = e->street;
    t->street = e->street;
    t->district = e->district;
    if (!place)
        return 0;
    if ((rc = store_place_get(db, place, &p)) < 0)
        return rc == DB_E_NOTFOUND ? 0 : rc;
    tasks_at_place(t, &p);
    return 0;
}

int ticket_open_job(struct db *db, void *arg)
{
    struct ticket_open *u = arg;
    struct enterprise_row e;
    struct task_row *t = &u->out.t;
    struct ticket_head *h = &u->out.h;
    enum ticket_actor who;
    int rc;

    if ((rc = actor_of(&u->c, &who, &u->err)) < 0)
        return rc;
    if (who == TICKET_BY_STREET)
        return app_fail(&u->err, APP_E_FORBIDDEN, "forbidden", NULL,
                        "a ticket is opened by the enterprise or its specialist");
    if ((rc = enterprise_visible(db, &u->c, u->id, &e, &u->err)) < 0)
        return rc;
    memset(t, 0, sizeof *t);
    t->day = DATE_NONE;
    t->kind = TASK_OTHER;
    t->deadline = u->deadline;
    t->urgent = u->urgent;
    t->created_at = u->now;
    snprintf(t->title, sizeof t->title, "%s", u->title);
    if (!t->title[0])
        snprintf(t->title, sizeof t->title, "%s：%.150s", ticket_kind_label_zh(u->kind), e.name);
    snprintf(t->note, sizeof t->note, "%s", u->note);
    snprintf(t->created_by, sizeof t->created_by, "%s", u->c.name);
    if ((rc = ticket_place(db, &e, t)) < 0)
        return app_db_fail(&u->err, db, rc);
    if (who == TICKET_BY_SPECIALIST)
        t->assignee = u->c.account;
    else if ((rc = store_enterprise_specialist(db, e.id, &t->assignee)) < 0 && rc != DB_E_NOTFOUND)
        return app_db_fail(&u->err, db, rc);
    memset(h, 0, sizeof *h);
    h->enterprise = e.id;
    snprintf(h->kind, sizeof h->kind, "%s", ticket_kind_code(u->kind));
    snprintf(h->enterprise_name, sizeof h->enterprise_name, "%s", e.name);
    if ((rc = tasks_add(db, t, u->c.name, NULL)) < 0)
        return app_db_fail(&u->err, db, rc);
    h->id = t->id;
    if ((rc = store_ticket_insert(db, h, e.district)) < 0 ||
        (rc = store_task_get(db, t->id, t)) < 0)
        return app_db_fail(&u->err, db, rc);
    return 0;
}

/* The ticket `id` and its enterprise if the caller sees it. */
static int ticket_visible(struct db *db, const struct caller *c, int64_t id, struct ticket_head *h,
                          struct app_error *err)
{
    struct enterprise_row e;
    int rc = store_ticket_get(db, id, h);

    if (rc == DB_E_NOTFOUND)
        return app_fail(err, APP_E_NOTFOUND, "not_found", "id", "no ticket %lld", (long long)id);
    if (rc < 0)
        return app_db_fail(err, db, rc);
    rc = enterprise_visible(db, c, h->enterprise, &e, err);
    if (rc == APP_E_NOTFOUND)
        return app_fail(err, APP_E_NOTFOUND, "not_found", "id", "no ticket %lld", (long long)id);
    return rc;
}

int ticket_move_job(struct db *db, void *arg)
{
    struct ticket_move *u = arg;
    struct tasks_move *m = &u->m;
    enum ticket_actor who;
    int rc;

    if ((rc = actor_of(&m->c, &who, &m->err)) < 0 ||
        (rc = ticket_visible(db, &m->c, m->id, &u->h, &m->err)) < 0)
        return rc;
    if ((rc = store_task_get(db, m->id, &m->out)) < 0)
        return app_db_fail(&m->err, db, rc);
    if (task_can_move((enum task_state)m->out.state, (enum task_state)m->to) &&
        !ticket_may_move(who, m->to, strcmp(m->out.created_by, m->c.name) == 0))
        return app_fail(&m->err, APP_E_FORBIDDEN, "forbidden", NULL,
                        "the specialist works a ticket; the enterprise may only withdraw its own");
    return tasks_move_apply(db, m);
}

/* ---- lists --------------------------------------------------------------------- */

/* The filter of a list by the caller's role. */
static int list_scope(const struct caller *c, struct ticket_filter *f, struct app_error *err)
{
    f->lo = 0;
    f->hi = INT64_MAX;
    if (role_can(c->role, PERM_ENTERPRISES)) {
        int64_t unit = scope_of(c);
        if (unitcode_level(unit) > LEVEL_STREET) { /* a committee: its street's */
            f->lo = unitcode_at_level(unit, LEVEL_STREET);
            f->hi = f->lo + 1;
        } else {
            enterprise_street_range(unit, &f->lo, &f->hi);
        }
    } else if (role_can(c->role, PERM_ASSIGNED)) {
        f->specialist = c->account ? c->account : -1;
    } else if (role_can(c->role, PERM_OWN_ENTERPRISE)) {
        f->owner = c->account ? c->account : -1;
    } else {
        return app_fail(err, APP_E_FORBIDDEN, "forbidden", NULL, "this role sees no tickets");
    }
    return 0;
}

struct heads {
    struct ticket_head *a;
    int n, max;
};

static int head_add(void *arg, const struct ticket_head *t)
{
    struct heads *hs = arg;

    if (hs->n == hs->max)
        return 1;
    hs->a[hs->n++] = *t;
    return 0;
}

/* Each head's task handed on with it, up to n. */
static int hand_views(struct db *db, const struct heads *hs, int n, ticket_view_fn fn, void *arg)
{
    struct ticket_view *v = malloc(sizeof *v);
    int rc = v ? 0 : DB_E_NOMEM;

    for (int i = 0; i < n && rc == 0; i++) {
        v->h = hs->a[i];
        if ((rc = store_task_get(db, v->h.id, &v->t)) == 0)
            rc = fn(arg, v);
    }
    free(v);
    return rc;
}

int tickets_list(struct db *db, const struct caller *c, const struct ticket_query *q,
                 struct page *pg, ticket_view_fn fn, void *arg, struct app_error *err)
{
    struct ticket_filter f;
    struct enterprise_row e;
    struct heads hs = {NULL, 0, 0};
    enum ticket_kind k;
    int rc;

    page_begin(pg, TICKETS_PAGE_DEFAULT, TICKETS_PAGE_MAX);
    memset(&f, 0, sizeof f);
    if ((rc = list_scope(c, &f, err)) < 0)
        return rc;
    if (q->kind[0] && ticket_kind_parse(q->kind, &k) < 0)
        return app_fail(err, APP_E_INVALID, "bad_value", "kind", "kind: %s is not a ticket kind",
                        q->kind);
    if (q->enterprise && (rc = enterprise_visible(db, c, q->enterprise, &e, err)) < 0)
        return rc;
    f.enterprise = q->enterprise;
    f.state = q->state;
    f.kind = q->kind[0] ? ticket_kind_code(k) : "";
    hs.max = pg->limit + 1; /* one more says whether there is a next page */
    if (!(hs.a = calloc((size_t)hs.max, sizeof *hs.a)))
        return app_fail(err, APP_E_INTERNAL, "internal", NULL, "out of memory");
    rc = store_tickets_list(db, &f, pg->cursor, hs.max, head_add, &hs);
    if (rc >= 0 && hs.n > pg->limit) {
        hs.n = pg->limit;
        pg->next = hs.a[hs.n - 1].id;
    }
    if (rc >= 0)
        rc = hand_views(db, &hs, hs.n, fn, arg);
    free(hs.a);
    return rc < 0 ? app_db_fail(err, db, rc) : 0;
}

/* ---- history ------------------------------------------------------------------- */

struct items {
    struct history_item *a;
    size_t n, cap;
    const struct ticket_head *ticket; /* while reading its events */
};

static struct history_item *item_new(struct items *it)
{
    if (it->n == it->cap) {
        size_t cap = it->cap ? it->cap * 2 : 32;
        struct history_item *a = realloc(it->a, cap * sizeof *a);
        if (!a)
            return NULL;
        it->a = a;
        it->cap = cap;
    }
    memset(&it->a[it->n], 0, sizeof it->a[0]);
    it->a[it->n].seq = it->n;
    return &it->a[it->n++];
}

static int day_item(void *arg, const struct enterprise_day_row *d)
{
    struct history_item *h = item_new(arg);

    if (!h)
        return DB_E_NOMEM;
    h->at = d->at;
    h->what = "status";
    snprintf(h->event, sizeof h->event, "%s", d->status);
    h->day = d->day;
    h->on_site = d->on_site;
    snprintf(h->by, sizeof h->by, "%s", d->by);
    snprintf(h->detail, sizeof h->detail, "%s", d->reason);
    return 0;
}

static int event_item(void *arg, const struct task_event *e)
{
    struct items *it = arg;
    struct history_item *h = item_new(it);

    if (!h)
        return DB_E_NOMEM;
    h->at = e->at;
    h->what = "ticket";
    snprintf(h->event, sizeof h->event, "%s", e->kind);
    h->ticket = e->task;
    snprintf(h->kind, sizeof h->kind, "%s", it->ticket->kind);
    snprintf(h->by, sizeof h->by, "%s", e->recorded_by);
    snprintf(h->detail, sizeof h->detail, "%s", e->detail);
    return 0;
}

static int by_time(const void *a, const void *b)
{
    const struct history_item *x = a, *y = b;

    if (x->at != y->at)
        return x->at < y->at ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

#define HISTORY_TICKETS_MAX 10000

int enterprise_history(struct db *db, const struct caller *c, int64_t id, history_fn fn, void *arg,
                       struct app_error *err)
{
    struct enterprise_row e;
    struct ticket_filter f = {id, 0, INT64_MAX, 0, 0, -1, ""};
    struct heads hs = {NULL, 0, HISTORY_TICKETS_MAX};
    struct items it = {NULL, 0, 0, NULL};
    int rc;

    if ((rc = enterprise_visible(db, c, id, &e, err)) < 0)
        return rc;
    if (!(hs.a = calloc(HISTORY_TICKETS_MAX, sizeof *hs.a)))
        return app_fail(err, APP_E_INTERNAL, "internal", NULL, "out of memory");
    rc = store_enterprise_days(db, id, day_item, &it);
    if (rc >= 0)
        rc = store_tickets_list(db, &f, 0, HISTORY_TICKETS_MAX, head_add, &hs);
    for (int i = 0; rc >= 0 && i < hs.n; i++) {
        it.ticket = &hs.a[i];
        rc = store_task_events(db, hs.a[i].id, e.district, event_item, &it);
    }
    if (rc >= 0 && it.n)
        qsort(it.a, it.n, sizeof *it.a, by_time);
    for (size_t i = 0; rc >= 0 && i < it.n; i++)
        rc = fn(arg, &it.a[i]);
    free(hs.a);
    free(it.a);
    return rc < 0 ? app_db_fail(err, db, rc) : 0;
}
