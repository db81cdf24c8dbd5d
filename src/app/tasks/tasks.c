/*
 * Tasks (see tasks.h): creation with assignment from place to grid to
 * person, the state machine, lists bounded by the caller's scope, the daily
 * sweep (quarantines ending, recurring rubbish collection, missed
 * check-ins, escalation events) and the dashboard's counters.
 */
#include "app/tasks/tasks.h"

#include "app/batches.h"
#include "app/daytime.h"
#include "app/input.h"
#include "app/units/places_grids.h"
#include "app/quarantine/quarantines.h"
#include "app/tasks/tally_memo.h"
#include "core/date.h"
#include "core/facts.h"
#include "core/tasks.h"
#include "core/unitcode.h"
#include "store/accounts.h"
#include "store/orgs.h"
#include "store/quarantines.h"
#include "store/units.h"
#include "util/clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_DEADLINE (24 * 3600)
#define RUBBISH_DUE_H    18         /* a day's rubbish is collected by 18:00 */
#define ALERT_WITHIN     (2 * 3600) /* a missed check-in is followed up within two hours */

/* The sweep's lock between processes: the bytes of "cordon", 0 and 7. */
#define SWEEP_LOCK INT64_C(0x636f72646f6e0007)

static void text_copy(char *dst, size_t size, const char *src)
{
    snprintf(dst, size, "%s", src);
}

int tasks_add(struct db *db, struct task_row *t, const char *by, int *out_new)
{
    struct task_event e;
    int rc, fresh = 0;

    if ((rc = store_task_insert(db, t, &fresh)) < 0)
        return rc;
    if (out_new)
        *out_new = fresh;
    if (!fresh)
        return 0;
    memset(&e, 0, sizeof e);
    e.task = t->id;
    e.at = t->created_at;
    text_copy(e.kind, sizeof e.kind, "created");
    e.unit = t->grid ? t->grid : t->committee;
    text_copy(e.recorded_by, sizeof e.recorded_by, by);
    if (t->assignee) {
        struct account a;
        if (store_account_by_id(db, t->assignee, &a) == 0)
            snprintf(e.detail, sizeof e.detail, "assigned to %s", a.name);
    }
    return store_task_event_add(db, &e, t->district);
}

int tasks_default_assignee(struct db *db, int64_t place, int64_t grid, int64_t *out)
{
    struct place_row p;
    int rc;

    *out = 0;
    if (place) {
        if ((rc = store_place_get(db, place, &p)) < 0)
            return rc;
        return places_assignee(db, &p, out);
    }
    return grids_responsible(db, grid, out, NULL);
}

/* ---- who sees a task ---------------------------------------------------------- */

static int task_visible(struct db *db, const struct caller *c, const struct task_row *t, int *out)
{
    int serves = 0, rc;

    *out = 0;
    if (c->role == ROLE_PROPERTY) {
        if (!c->org)
            return 0;
        if (t->org == c->org) {
            *out = 1;
            return 0;
        }
        if (t->compound && (rc = store_org_serves(db, c->org, t->compound, &serves)) < 0)
            return rc;
        *out = serves;
        return 0;
    }
    if (c->role == ROLE_GRID_WORKER) {
        *out = (t->grid && t->grid == c->grid) || (t->assignee && t->assignee == c->account);
        return 0;
    }
    *out = scope_contains(c, t->grid ? t->grid : t->committee);
    return 0;
}

/* The household's head goes to those who may read the register and have
 * that resident in their scope, as GET /api/v1/households/{id} shows it;
 * to others the task says only where it is. */
static void home_for(const struct caller *c, struct task_row *t)
{
    if (!t->home.head)
        return;
    if (!role_can(c->role, PERM_REGISTER_READ) || !scope_contains(c, t->home.head_unit)) {
        t->home.head = 0;
        t->home.head_unit = 0;
        t->home.head_name[0] = '\0';
    }
}

static int read_visible(struct db *db, const struct caller *c, int64_t id, struct task_row *t,
                        struct app_error *err)
{
    int rc, ok = 0;

    rc = store_task_get(db, id, t);
    if (rc == 0 && (rc = task_visible(db, c, t, &ok)) == 0 && !ok)
        rc = DB_E_NOTFOUND;
    if (rc == 0)
        home_for(c, t);
    if (rc == DB_E_NOTFOUND)
        return app_fail(err, APP_E_NOTFOUND, "not_found", "id", "no task %lld", (long long)id);
    return rc < 0 ? app_db_fail(err, db, rc) : 0;
}

/* ---- creating by hand --------------------------------------------------------- */

/* An account may take a task when it answers for something within the
 * task's committee, or belongs to the organisation concerned. */
static int assignee_fits(struct db *db, const struct account *a, const struct task_row *t, int *out)
{
    int serves = 0, rc;

    *out = 0;
    if (a->disabled)
        return 0;
    if (unitcode_within(a->grid ? a->grid : a->unit, t->committee)) {
        *out = 1;
        return 0;
    }
    if (a->org) {
        if (a->org == t->org) {
            *out = 1;
            return 0;
        }
        if (t->compound && (rc = store_org_serves(db, a->org, t->compound, &serves)) < 0)
            return rc;
    }
    *out = serves;
    return 0;
}

void tasks_at_place(struct task_row *t, const struct place_row *p)
{
    t->place = p->id;
    t->grid = p->grid;
    t->committee = p->committee;
    t->compound = p->compound;
    t->org = p->org;
    t->district = p->district;
}

static int locate_place(struct db *db, const struct caller *c, int64_t id, struct task_row *t,
                        struct app_error *err)
{
    struct place_row p;
    int rc;

    rc = store_place_get(db, id, &p);
    if (rc == 0 && !(c->role == ROLE_PROPERTY      ? c->org && p.org == c->org
                     : c->role == ROLE_GRID_WORKER ? p.grid == c->grid
                                                   : scope_contains(c, p.grid)))
        rc = DB_E_NOTFOUND;
    if (rc == DB_E_NOTFOUND)
        return app_fail(err, APP_E_NOTFOUND, "not_found", "place", "no place %lld", (long long)id);
    if (rc < 0)
        return app_db_fail(err, db, rc);
    tasks_at_place(t, &p);
    return 0;
}

static int locate_household(struct db *db, const struct caller *c, int64_t id, struct task_row *t,
                            struct app_error *err)
{
    struct household_where w;
    int rc, serves = 0;

    /* Any district: a property company may serve compounds of several. */
    rc = store_household_where(db, id, 0, &w);
    if (rc == 0) {
        if (c->role == ROLE_PROPERTY) {
            if (c->org && (rc = store_org_serves(db, c->org, w.compound, &serves)) < 0)
                return app_db_fail(err, db, rc);
            if (!serves)
                rc = DB_E_NOTFOUND;
        } else if (c->role == ROLE_GRID_WORKER ? w.grid != c->grid
                                               : !scope_contains(c, w.committee)) {
            rc = DB_E_NOTFOUND;
        }
    }
    if (rc == DB_E_NOTFOUND)
        return app_fail(err, APP_E_NOTFOUND, "not_found", "household", "no household %lld",
                        (long long)id);
    if (rc < 0)
        return app_db_fail(err, db, rc);
    t->household = id;
    t->grid = w.grid;
    t->committee = w.committee;
    t->compound = w.compound;
    t->district = w.district;
    return 0;
}

int tasks_create_job(struct db *db, void *arg)
{
    static const char *const keys[] = {"kind",     "place",    "household", "title", "note",
                                       "deadline", "assignee", "urgent",    NULL};
    struct tasks_create *u = arg;
    struct task_row *t = &u->out;
    const json_t *body = u->body;
    struct account a;
    char kind[32];
    enum task_kind k;
    int64_t place = 0, household = 0, now = daytime_now();
    int rc, has_place, has_household, has_deadline, has_assignee, fits;

    memset(t, 0, sizeof *t);
    t->day = DATE_NONE;
    if ((rc = app_require(&u->c, PERM_TASKS, &u->err)) < 0 ||
        (rc = input_only_keys(body, keys, &u->err)) < 0 ||
        (rc = input_text(body, "kind", INPUT_REQUIRED, 31, kind, sizeof kind, &u->err)) < 0)
        return rc;
    if (task_kind_parse(kind, &k) < 0)
        return app_fail(&u->err, APP_E_INVALID, "bad_value", "kind",
                        "kind: %s is not one of rubbish, groceries, medicine, inspection, repair, "
                        "gate_duty, crowd_guidance, "
                        "other",
                        kind);
    t->kind = (int)k;
    if ((rc = input_id(body, "place", &place, &has_place, &u->err)) < 0 ||
        (rc = input_id(body, "household", &household, &has_household, &u->err)) < 0 ||
        (rc = input_text(body, "title", 0, 200, t->title, sizeof t->title, &u->err)) < 0 ||
        (rc = input_text(body, "note", 0, 500, t->note, sizeof t->note, &u->err)) < 0 ||
        (rc = input_time(body, "deadline", &t->deadline, &has_deadline, &u->err)) < 0 ||
        (rc = input_bool(body, "urgent", &t->urgent, &u->err)) < 0 ||
        (rc = input_account(db, body, "assignee", &a, &has_assignee, &u->err)) < 0)
        return rc;
    if (has_place == has_household)
        return app_fail(&u->err, APP_E_INVALID, has_place ? "inconsistent" : "missing",
                        has_place ? "household" : "place",
                        "a task is at a place or at a household: give exactly one");
    if (!has_deadline)
        t->deadline = now + DEFAULT_DEADLINE;
    else if (t->deadline <= now)
        return app_fail(&u->err, APP_E_INVALID, "bad_value", "deadline",
                        "the deadline has already passed");
    if ((rc = has_place ? locate_place(db, &u->c, place, t, &u->err)
                        : locate_household(db, &u->c, household, t, &u->err)) < 0)
        return rc;
    if (u->c.role == ROLE_PROPERTY && u->c.org && !t->org)
        t->org = u->c.org;
    t->street = unitcode_at_level(t->committee, LEVEL_STREET);
    if (!t->district)
        t->district = unitcode_at_level(t->committee, LEVEL_DISTRICT);
    if (has_assignee) {
        if ((rc = assignee_fits(db, &a, t, &fits)) < 0)
            return app_db_fail(&u->err, db, rc);
        if (!fits)
            return app_fail(&u->err, APP_E_INVALID, "bad_value", "assignee",
                            "assignee: %.40s does not answer for this place", a.name);
        t->assignee = a.id;
    } else if ((rc = tasks_default_assignee(db, t->place, t->grid, &t->assignee)) < 0) {
        return app_db_fail(&u->err, db, rc);
    }
    if (!t->title[0])
        text_copy(t->title, sizeof t->title, task_kind_label_zh(k));
    t->created_at = now;
    text_copy(t->created_by, sizeof t->created_by, u->c.name);
    if ((rc = tasks_add(db, t, u->c.name, NULL)) < 0 || (rc = store_task_get(db, t->id, t)) < 0)
        return app_db_fail(&u->err, db, rc);
    home_for(&u->c, t);
    return 0;
}

/* ---- moving through the states ------------------------------------------------ */

int tasks_create_parse(struct db *db, const json_t *body, void *job)
{
    struct tasks_create *u = job;

    (void)db;
    u->body = json_incref((json_t *)body);
    return 0;
}

void tasks_create_release(void *job)
{
    struct tasks_create *u = job;

    json_decref(u->body);
    u->body = NULL;
}

/* The optional body {note} of a move to `to`. */
static int move_parse(const json_t *body, struct tasks_move *u, enum task_state to)
{
    static const char *const keys[] = {"note", NULL};
    int rc;

    u->to = (int)to;
    u->note[0] = '\0';
    if (!body)
        return 0;
    if ((rc = input_only_keys(body, keys, &u->err)) < 0 ||
        (rc = input_text(body, "note", 0, 500, u->note, sizeof u->note, &u->err)) < 0)
        return rc;
    return 0;
}

int tasks_accept_parse(struct db *db, const json_t *body, void *job)
{
    (void)db;
    return move_parse(body, job, TASK_ACCEPTED);
}

int tasks_done_parse(struct db *db, const json_t *body, void *job)
{
    (void)db;
    return move_parse(body, job, TASK_DONE);
}

int tasks_cancel_parse(struct db *db, const json_t *body, void *job)
{
    (void)db;
    return move_parse(body, job, TASK_CANCELLED);
}

int tasks_move_apply(struct db *db, struct tasks_move *u)
{
    struct task_row *t = &u->out;
    struct task_event e;
    int64_t assignee = -1, now = daytime_now();
    int rc;

    if (!task_can_move((enum task_state)t->state, (enum task_state)u->to))
        return app_fail(&u->err, APP_E_CONFLICT, "bad_state", "state",
                        "a task that is %s cannot be %s", task_state_code(t->state),
                        task_state_code(u->to));
    /* Whoever accepts a task takes it on. */
    if (u->to == TASK_ACCEPTED && u->c.account > 0 && t->assignee != u->c.account)
        assignee = u->c.account;
    if ((rc = store_task_update(db, t->id, u->to, u->note[0] ? u->note : NULL, assignee, now)) < 0)
        return app_db_fail(&u->err, db, rc);
    memset(&e, 0, sizeof e);
    e.task = t->id;
    e.at = now;
    text_copy(e.kind, sizeof e.kind, task_state_code(u->to));
    e.unit = scope_of(&u->c);
    text_copy(e.recorded_by, sizeof e.recorded_by, u->c.name);
    text_copy(e.detail, sizeof e.detail, u->note);
    if ((rc = store_task_event_add(db, &e, t->district)) < 0 ||
        (rc = store_task_get(db, t->id, t)) < 0)
        return app_db_fail(&u->err, db, rc);
    home_for(&u->c, t);
    return 0;
}

int tasks_move_job(struct db *db, void *arg)
{
    struct tasks_move *u = arg;
    struct task_row *t = &u->out;
    int rc;

    if ((rc = app_require(&u->c, PERM_TASKS, &u->err)) < 0 ||
        (rc = read_visible(db, &u->c, u->id, t, &u->err)) < 0)
        return rc;
    if (task_can_move((enum task_state)t->state, (enum task_state)u->to) &&
        u->to == TASK_CANCELLED && (u->c.role == ROLE_GRID_WORKER || u->c.role == ROLE_PROPERTY) &&
        strcmp(t->created_by, u->c.name) != 0)
        return app_fail(&u->err, APP_E_FORBIDDEN, "forbidden", NULL,
                        "only the committee (or whoever created it) cancels a task");
    return tasks_move_apply(db, u);
}

/* ---- reading ------------------------------------------------------------------- */

/* PAGE_FORWARD's shape, with the household's head fitted to the caller. */
struct task_page {
    struct page_walk w;
    task_fn fn;
    void *arg;
    const struct caller *c;
};

static int task_page_one(void *arg, const struct task_row *row)
{
    struct task_page *p = arg;
    struct task_row t;

    if (page_take(&p->w, row->id))
        return 1;
    t = *row;
    home_for(p->c, &t);
    return p->fn(p->arg, &t);
}

int tasks_list(struct db *db, const struct caller *c, const struct tasks_query *q, struct page *pg,
               task_fn fn, void *arg, struct app_error *err)
{
    struct task_filter f;
    struct task_page p = {{pg, 0, 0}, fn, arg, c};
    int64_t unit, now = daytime_now();
    int rc, level;

    page_begin(pg, TASKS_PAGE_DEFAULT, TASKS_PAGE_MAX);
    if ((rc = app_require(c, PERM_TASKS, err)) < 0)
        return rc;
    if (q->unit && !scope_contains(c, q->unit))
        return app_fail(err, APP_E_NOTFOUND, "not_found", "unit", "no unit %lld",
                        (long long)q->unit);
    unit = q->unit ? q->unit : scope_of(c);
    memset(&f, 0, sizeof f);
    f.state = q->state;
    f.kind = q->kind ? task_kind_code((enum task_kind)(q->kind - 1)) : NULL;
    f.after = pg->cursor;
    f.limit = pg->limit + 1; /* one more says whether there is a next page */
    level = unitcode_level(unit);
    if (c->role == ROLE_PROPERTY) {
        if (!c->org)
            return 0;
        f.org = c->org;
    } else if (c->role == ROLE_GRID_WORKER) {
        f.grid = c->grid;
        f.grid_also = c->account;
    } else if (level == LEVEL_GRID) {
        f.grid = unit;
    } else if (unitcode_committee_range(unit, &f.lo, &f.hi) < 0) {
        return app_fail(err, APP_E_NOTFOUND, "not_found", "unit", "no unit %lld", (long long)unit);
    }
    if (q->assignee[0]) {
        struct account a;
        rc = store_account_by_name(db, q->assignee, &a);
        if (rc == DB_E_NOTFOUND)
            return 0; /* nobody of that name: nothing assigned to them */
        if (rc < 0)
            return app_db_fail(err, db, rc);
        f.assignee = a.id;
    }
    if (q->board)
        f.overdue_at = level <= LEVEL_DISTRICT ? now - ESC_DISTRICT_AFTER
                       : level == LEVEL_STREET ? now - ESC_STREET_AFTER
                                               : now;
    if ((rc = store_tasks_find(db, &f, task_page_one, &p)) < 0)
        return app_db_fail(err, db, rc);
    return 0;
}

int tasks_get(struct db *db, const struct caller *c, int64_t id, struct task_row *out,
              task_event_fn fn, void *arg, struct app_error *err)
{
    int rc;

    if ((rc = app_require(c, PERM_TASKS, err)) < 0 || (rc = read_visible(db, c, id, out, err)) < 0)
        return rc;
    if (fn && (rc = store_task_events(db, id, out->district, fn, arg)) < 0)
        return app_db_fail(err, db, rc);
    return 0;
}

/* ---- generated tasks --------------------------------------------------------- */

void tasks_rubbish_of_day(int32_t today, int64_t now, struct task_row *t)
{
    memset(t, 0, sizeof *t);
    t->kind = TASK_RUBBISH;
    t->day = today;
    t->deadline = daytime_at(today, RUBBISH_DUE_H, 0);
    if (t->deadline < now + ALERT_WITHIN)
        t->deadline = now + ALERT_WITHIN; /* a case opened late in the day */
    text_copy(t->title, sizeof t->title, "居家隔离户垃圾上门清运");
    t->created_at = now;
    text_copy(t->created_by, sizeof t->created_by, "sweep");
}

int tasks_generate_for_case(struct db *db, const struct quarantine_row *q, int32_t today,
                            int64_t now, int64_t *out_generated)
{
    struct household_where w;
    struct task_row t;
    int rc, fresh = 0;

    if (q->kind != QUARANTINE_HOME || !q->household || q->state != QSTATE_OPEN ||
        today < q->day_from || today > q->day_until)
        return 0;
    if ((rc = store_household_where(db, q->household, q->district, &w)) < 0)
        return rc == DB_E_NOTFOUND ? 0 : rc;
    tasks_rubbish_of_day(today, now, &t);
    t.household = q->household;
    t.quarantine = q->id;
    t.compound = w.compound;
    t.grid = w.grid ? w.grid : (unitcode_level(q->unit) == LEVEL_GRID ? q->unit : 0);
    t.committee = w.committee;
    t.street = unitcode_at_level(w.committee, LEVEL_STREET);
    t.district = w.district;
    if ((rc = grids_responsible(db, t.grid, &t.assignee, NULL)) < 0)
        return rc;
    if (!t.assignee)
        t.assignee = q->follower;
    if ((rc = tasks_add(db, &t, "sweep", &fresh)) < 0)
        return rc;
    if (out_generated)
        *out_generated += fresh;
    return 0;
}

struct id_list {
    int64_t *v;
    size_t n, cap;
};

static int push_id(struct id_list *l, int64_t id)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        int64_t *nv = realloc(l->v, cap * sizeof *nv);
        if (!nv)
            return DB_E_NOMEM;
        l->v = nv;
        l->cap = cap;
    }
    l->v[l->n++] = id;
    return 0;
}

static int collect_task(void *arg, const struct task_row *t)
{
    return push_id(arg, t->id);
}

int tasks_close(struct db *db, const struct task_row *t, int state, const char *by, const char *why,
                int64_t now)
{
    struct task_event e;
    int rc;

    if ((rc = store_task_update(db, t->id, state, NULL, -1, now)) < 0)
        return rc;
    memset(&e, 0, sizeof e);
    e.task = t->id;
    e.at = now;
    text_copy(e.kind, sizeof e.kind, task_state_code((enum task_state)state));
    e.unit = t->grid ? t->grid : t->committee;
    text_copy(e.recorded_by, sizeof e.recorded_by, by);
    text_copy(e.detail, sizeof e.detail, why);
    return store_task_event_add(db, &e, t->district);
}

int tasks_cancel_for_case(struct db *db, const struct quarantine_row *q, int32_t after,
                          const char *by, const char *why, int64_t now, int64_t *out_cancelled)
{
    struct id_list ids = {0};
    struct task_row t;
    int rc, shared = 0;

    if ((rc = store_tasks_of_case(db, q->id, after, collect_task, &ids)) < 0)
        goto out;
    for (size_t i = 0; i < ids.n; i++) {
        if ((rc = store_task_get(db, ids.v[i], &t)) < 0 ||
            (t.household &&
             (rc = store_quarantine_household_running(db, t.household, t.day, q->id, &shared)) < 0))
            goto out;
        if (shared)
            continue; /* another case of the household still needs that day's task */
        if ((rc = tasks_close(db, &t, TASK_CANCELLED, by, why, now)) < 0)
            goto out;
        (*out_cancelled)++;
    }
out:
    free(ids.v);
    return rc;
}

/* An inspection task for a home case whose last due check-in is missing
 * (at most one per household and day). */
static int alert_missed(struct db *db, const struct quarantine_row *q, int64_t now,
                        int64_t *out_alerts)
{
    struct household_where w;
    struct task_row t;
    int32_t day;
    int64_t due;
    int slot, have = 0, fresh = 0, rc;

    daytime_last_due(now, &day, &slot, &due);
    if (q->kind != QUARANTINE_HOME || !q->household || day < q->day_from || day > q->day_until ||
        q->created_at >= due)
        return 0;
    if ((rc = store_temperature_exists(db, q->id, q->district, day, slot, &have)) < 0 || have)
        return rc;
    if ((rc = store_household_where(db, q->household, q->district, &w)) < 0)
        return rc == DB_E_NOTFOUND ? 0 : rc;
    memset(&t, 0, sizeof t);
    t.kind = TASK_INSPECTION;
    t.household = q->household;
    t.quarantine = q->id;
    t.compound = w.compound;
    t.grid = w.grid ? w.grid : (unitcode_level(q->unit) == LEVEL_GRID ? q->unit : 0);
    t.committee = w.committee;
    t.street = unitcode_at_level(w.committee, LEVEL_STREET);
    t.district = w.district;
    t.day = day;
    t.urgent = 1;
    t.deadline = now + ALERT_WITHIN;
    t.assignee = q->follower;
    if (!t.assignee && (rc = grids_responsible(db, t.grid, &t.assignee, NULL)) < 0)
        return rc;
    snprintf(t.title, sizeof t.title,
             "体温未报(%s)：联系隔离户 (check-in missed: call the household)", slot ? "晚" : "早");
    t.created_at = now;
    text_copy(t.created_by, sizeof t.created_by, "sweep");
    if ((rc = tasks_add(db, &t, "sweep", &fresh)) < 0)
        return rc;
    *out_alerts += fresh;
    return 0;
}

static int escalate(struct db *db, int64_t id, int64_t now, int64_t *out_escalated)
{
    struct task_row t;
    struct task_event e;
    enum task_escalation to;
    int rc;

    if ((rc = store_task_get(db, id, &t)) < 0)
        return rc;
    to = task_escalation_at((enum task_state)t.state, t.deadline, now);
    if ((int)to <= t.escalated)
        return 0;
    for (int step = t.escalated + 1; step <= (int)to; step++) {
        memset(&e, 0, sizeof e);
        e.task = t.id;
        e.at = now;
        text_copy(e.kind, sizeof e.kind, "escalated");
        e.unit = unitcode_at_level(t.committee, task_escalation_level((enum task_escalation)step));
        text_copy(e.recorded_by, sizeof e.recorded_by, "sweep");
        snprintf(e.detail, sizeof e.detail, "overdue: on the %s board",
                 task_escalation_code((enum task_escalation)step));
        if ((rc = store_task_event_add(db, &e, t.district)) < 0)
            return rc;
    }
    (*out_escalated)++;
    return store_task_set_escalated(db, t.id, (int)to);
}

/* issue 19: the pass over the open cases goes in batches (app/batches.h),
 * each in a transaction of its own. A city holds a million open cases and
 * the pass takes ~11 s: in one transaction it held the write lock that long
 * at each new check-in slot, and a resident's update waiting behind it past
 * the 5 s busy timeout was refused. Between two batches the sweep pauses
 * as long as the batch took, so writers waiting for the lock get it. The
 * last case done is kept in meta `tasks_sweep_at` ("DAY:SLOT:ID"): a
 * server stopped in the middle goes on where it stopped at its next tick,
 * and two servers on one PostgreSQL share a pass instead of making it
 * twice. CORDON_SWEEP_BATCH makes batches smaller (the tests). */
struct case_batch {
    struct quarantine_row *v;
    size_t n, cap;
};

static int collect_row(void *arg, const struct quarantine_row *q)
{
    struct case_batch *b = arg;

    if (b->n == b->cap)
        return DB_E_RANGE; /* the query's LIMIT is the batch's size */
    b->v[b->n++] = *q;
    return 0;
}

/* The value of meta `key`, or "" when it has none. */
static int meta_or_empty(struct db *db, const char *key, char *out, size_t size)
{
    int rc = store_meta_get(db, key, out, size);

    if (rc == DB_E_NOTFOUND) {
        out[0] = '\0';
        return 0;
    }
    return rc;
}

/* The sweep's parts, in this order, each in batches of its own
 * transactions: cases past their last day end (a fourteenth of a city's at
 * midnight), overdue tasks escalate (a hundred thousand on a city's day),
 * then the pass over the open cases (once per slot). */
enum sweep_part { PART_ENDS, PART_ESCALATIONS, PART_CASES, PART_DONE };

/* A write transaction holding the sweep's lock: 0, 1 when another process
 * holds it (nothing open then), or < 0. */
static int sweep_begin(struct db *db)
{
    int rc, got = 0;

    if ((rc = db_begin_write(db)) < 0)
        return rc;
    if ((rc = db_try_lock(db, SWEEP_LOCK, DB_LOCK_EXCLUSIVE, &got)) < 0 || !got) {
        db_rollback(db);
        return rc < 0 ? rc : 1;
    }
    return 0;
}

/* One batch of the ends or the escalations, in a transaction of its own:
 * 0 (*out_done when it was the last), 1 when another process holds the
 * sweep (it goes on with it), or < 0. */
static int sweep_step(struct db *db, int32_t today, int64_t now, enum sweep_part part, int64_t most,
                      int *out_done, struct tasks_sweep_report *out)
{
    struct id_list tasks = {0};
    int64_t n = 0;
    int rc;

    if ((rc = sweep_begin(db)) != 0)
        return rc;
    if (part == PART_ENDS) {
        if ((rc = quarantines_end_expired(db, today, most, &n)) < 0)
            goto fail;
        out->ended += n;
    } else {
        if ((rc = store_tasks_to_escalate(db, now, now - ESC_STREET_AFTER, now - ESC_DISTRICT_AFTER,
                                          (int)most, collect_task, &tasks)) < 0)
            goto fail;
        n = (int64_t)tasks.n;
        for (size_t i = 0; i < tasks.n; i++)
            if ((rc = escalate(db, tasks.v[i], now, &out->escalated)) < 0)
                goto fail;
    }
    if ((rc = db_commit(db)) < 0)
        goto fail;
    *out_done = n < most;
    free(tasks.v);
    return 0;
fail:
    db_rollback(db);
    free(tasks.v);
    return rc;
}

/* One batch of the pass over the open cases, in a transaction of its own:
 * today's tasks and missed check-ins of the cases after *after. With
 * `swept` (the tick), *after is where the record says the pass stands, and
 * the pass is over when the slot is recorded as gone over. 0 (*out_done
 * when nothing is left), 1 when another process holds the sweep, or < 0. */
static int sweep_batch(struct db *db, int32_t today, int64_t now, const char *swept,
                       struct case_batch *b, int64_t *after, int *out_done,
                       struct tasks_sweep_report *out)
{
    char was[32], at[64];
    size_t len;
    int rc;

    b->n = 0;
    if ((rc = sweep_begin(db)) != 0)
        return rc;
    *out_done = 0;
    if (swept) {
        if ((rc = meta_or_empty(db, "tasks_swept", was, sizeof was)) < 0 ||
            (rc = meta_or_empty(db, "tasks_sweep_at", at, sizeof at)) < 0)
            goto fail;
        len = strlen(swept);
        *out_done = strcmp(was, swept) == 0;
        *after =
            strncmp(at, swept, len) == 0 && at[len] == ':' ? strtoll(at + len + 1, NULL, 10) : 0;
    }
    if (*out_done) {
        db_rollback(db);
        return 0;
    }
    if ((rc = store_quarantines_running_after(db, today, *after, (int)b->cap, collect_row, b)) < 0)
        goto fail;
    for (size_t i = 0; i < b->n; i++)
        if ((rc = tasks_generate_for_case(db, &b->v[i], today, now, &out->generated)) < 0 ||
            (rc = alert_missed(db, &b->v[i], now, &out->alerts)) < 0)
            goto fail;
    if (b->n)
        *after = b->v[b->n - 1].id;
    *out_done = b->n < b->cap;
    if (swept) {
        /* A pass over is recorded in `tasks_swept` alone. */
        if (*out_done)
            at[0] = '\0';
        else
            snprintf(at, sizeof at, "%s:%lld", swept, (long long)*after);
        if ((rc = store_meta_set(db, "tasks_sweep_at", at)) < 0 ||
            (*out_done && (rc = store_meta_set(db, "tasks_swept", swept)) < 0))
            goto fail;
    }
    if ((rc = db_commit(db)) < 0)
        goto fail;
    out->cases += (int64_t)b->n;
    return 0;
fail:
    db_rollback(db);
    return rc;
}

/* swept: for the server's tick, "DAY:SLOT" of the check-in slot now due;
 * the open cases are gone over once per slot, whichever process and however
 * many restarts (the last slot gone over is kept in meta `tasks_swept`, so a
 * server restarted on a city of a million open cases does not spend its
 * first 11 s inserting tasks that exist). NULL for the command line's
 * sweep, which goes over them every time. */
static int sweep(struct db *db, int32_t today, int64_t now, const char *swept, double budget_s,
                 struct tasks_sweep_report *out, struct app_error *err)
{
    struct case_batch b = {0};
    enum sweep_part part = PART_ENDS;
    char was[32];
    int64_t after = 0;
    int rc, first = 1, cases_too = 1, done;
    double start = clock_mono(), t0;

    memset(out, 0, sizeof *out);
    if (swept && (rc = meta_or_empty(db, "tasks_swept", was, sizeof was)) < 0)
        goto fail;
    cases_too = !swept || strcmp(was, swept) != 0;
    b.cap = (size_t)batch_rows("CORDON_SWEEP_BATCH");
    for (;;) {
        t0 = clock_mono();
        done = 0;
        if (part == PART_CASES && !b.v && !(b.v = malloc(b.cap * sizeof *b.v))) {
            rc = DB_E_NOMEM;
            goto fail;
        }
        rc = part == PART_CASES ? sweep_batch(db, today, now, swept, &b, &after, &done, out)
                                : sweep_step(db, today, now, part, (int64_t)b.cap, &done, out);
        if (rc < 0)
            goto fail;
        if (rc == 1) {
            /* Another process holds the sweep: it does the work. */
            if (first)
                out->skipped = 1;
            else
                out->unfinished = 1;
            break;
        }
        first = 0;
        if (done && ++part == PART_CASES && !cases_too)
            part = PART_DONE;
        if (part == PART_DONE)
            break;
        /* A part that is over leads to the next at once: each tick gets
         * past the parts that have nothing left, whatever its time. */
        if (!done && budget_s > 0 && clock_mono() - start >= budget_s) {
            out->unfinished = 1;
            break;
        }
        batch_pause(clock_mono() - t0);
    }
    free(b.v);
    return 0;
fail:
    free(b.v);
    app_fail(err, APP_E_INTERNAL, "db_error", NULL, "cannot sweep tasks: %s", db_errmsg(db));
    return rc;
}

int tasks_sweep(struct db *db, int32_t today, int64_t now, struct tasks_sweep_report *out,
                struct app_error *err)
{
    return sweep(db, today, now, NULL, 0, out, err);
}

int tasks_tick(struct db *db, int32_t today, int64_t now, double budget_s,
               struct tasks_sweep_report *out, struct app_error *err)
{
    char swept[32];
    int32_t due_day;
    int64_t due;
    int slot;

    daytime_last_due(now, &due_day, &slot, &due);
    snprintf(swept, sizeof swept, "%d:%d", (int)today, slot);
    return sweep(db, today, now, swept, budget_s, out, err);
}

/* ---- dashboard counters -------------------------------------------------------- */

/* The quarantine and task part of a dashboard (tally_memo.c keeps it for
 * the city and its districts): {"quarantine": {...}, "tasks": {...}}. */
static json_t *count_tasks_part(struct db *db, const struct tally_key *k, int64_t now,
                                int64_t *out_rows, int *out_rc)
{
    struct task_filter f;
    struct task_counts tc;
    struct quarantine_counts qc;
    int32_t due_day;
    int64_t due, board;
    int slot, level = unitcode_level(k->unit);
    char as_of[32];

    memset(&f, 0, sizeof f);
    if (level == LEVEL_GRID)
        f.grid = k->unit;
    else if (unitcode_committee_range(k->unit, &f.lo, &f.hi) < 0) {
        *out_rc = DB_E_RANGE;
        return NULL;
    }
    daytime_last_due(now, &due_day, &slot, &due);
    if ((*out_rc = store_task_counts(db, &f, now, now - ESC_STREET_AFTER, now - ESC_DISTRICT_AFTER,
                                     &tc)) < 0 ||
        (*out_rc = store_quarantine_counts(db, f.lo, f.hi, f.grid, k->today, due_day, slot, due,
                                           &qc)) < 0)
        return NULL;
    *out_rows = qc.active + tc.open;
    board = level <= LEVEL_DISTRICT ? tc.district : level == LEVEL_STREET ? tc.street : tc.overdue;
    clock_format(now, as_of);
    return json_pack("{s:{s:I, s:I, s:I, s:s}, s:{s:I, s:I, s:I, s:s}}", "quarantine", "active",
                     (json_int_t)qc.active, "ending_today", (json_int_t)qc.ending_today, "missed",
                     (json_int_t)qc.missed, "as_of", as_of, "tasks", "open", (json_int_t)tc.open,
                     "overdue", (json_int_t)tc.overdue, "board", (json_int_t)board, "as_of", as_of);
}

/* The part's key: a unit's figures of a day and check-in slot. */
static void tasks_key(int64_t unit, int32_t today, int64_t now, struct tally_key *k)
{
    int64_t due;

    memset(k, 0, sizeof *k);
    k->kind = TALLY_TASKS;
    k->unit = unit;
    k->today = today;
    daytime_last_due(now, &k->due_day, &k->slot, &due);
}

int tasks_dashboard_add(struct db *db, int64_t unit, int32_t today, int64_t now, json_t *out)
{
    struct tally_key k;
    json_t *part;
    int rc;

    tasks_key(unit, today, now, &k);
    /* The city's and a district's may be a few seconds old (tally_memo.c). */
    if (!(part = tally_memo_part(db, &k, now, count_tasks_part, &rc)))
        return rc;
    json_object_update(out, part);
    json_decref(part);
    return 0;
}

int tasks_dashboard_warm(int64_t unit, int32_t today, int64_t now)
{
    struct tally_key k;

    tasks_key(unit, today, now, &k);
    return tally_memo_warm(&k, now, count_tasks_part);
}
