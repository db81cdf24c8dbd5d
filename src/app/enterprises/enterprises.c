/*
 * Return to work (issue 16): who sees which enterprise, the register's
 * list, the status of a day (the table in core/resumption.c decides the
 * moves, this file who the actor is), and the resumption figures.
 */
#include "app/enterprises/enterprises.h"

#include "app/enterprises/groups.h"
#include "app/input.h"
#include "core/unitcode.h"
#include "store/accounts.h"

#include <stdio.h>
#include <string.h>

/* The streets [lo, hi) a unit covers: a street itself, or those of a
 * district or city. 0, or -1 for a code below a street. */
int enterprise_street_range(int64_t unit, int64_t *lo, int64_t *hi)
{
    if (unitcode_level(unit) > LEVEL_STREET || unitcode_committee_range(unit, lo, hi) < 0)
        return -1;
    *lo /= 1000; /* a committee is its street's code and three digits */
    *hi /= 1000;
    return 0;
}

int enterprise_streets_of(const struct caller *c, int64_t unit, const char *what, int64_t *lo,
                          int64_t *hi, struct app_error *err)
{
    int rc;

    if ((rc = scope_check_unit(c, unit, PERM_ENTERPRISES, err)) < 0)
        return rc;
    if (enterprise_street_range(unit, lo, hi) < 0)
        return app_fail(err, APP_E_INVALID, "bad_code", "code",
                        "%s counted by street, district or city", what);
    return 0;
}

static int not_found(struct app_error *err, int64_t id)
{
    return app_fail(err, APP_E_NOTFOUND, "not_found", "id", "no enterprise %lld", (long long)id);
}

int enterprise_visible(struct db *db, const struct caller *c, int64_t id,
                       struct enterprise_row *out, struct app_error *err)
{
    int rc, assigned = 0;

    if (!role_can(c->role, PERM_ENTERPRISES) && !role_can(c->role, PERM_OWN_ENTERPRISE) &&
        !role_can(c->role, PERM_ASSIGNED))
        return app_fail(err, APP_E_FORBIDDEN, "forbidden", NULL, "this role sees no enterprise");
    if ((rc = store_enterprise_get(db, id, out)) == DB_E_NOTFOUND)
        return not_found(err, id);
    if (rc < 0)
        return app_db_fail(err, db, rc);
    if (role_can(c->role, PERM_ENTERPRISES))
        return scope_contains(c, out->street) ? 0 : not_found(err, id);
    if (role_can(c->role, PERM_OWN_ENTERPRISE))
        return out->account && out->account == c->account ? 0 : not_found(err, id);
    if ((rc = store_enterprise_assigned(db, id, c->account, &assigned)) < 0)
        return app_db_fail(err, db, rc);
    return assigned ? 0 : not_found(err, id);
}

PAGE_FORWARD(ent_walk, enterprise_row_fn, struct enterprise_row)

/* The filter of a list by the caller's role and the query. */
static int list_filter(const struct caller *c, const struct enterprise_query *q,
                       struct enterprise_filter *f, struct app_error *err)
{
    enum resumption_status s;
    int64_t unit = q->unit ? q->unit : scope_of(c);

    memset(f, 0, sizeof *f);
    f->place = q->place;
    f->status = q->status;
    if (q->status[0] && resumption_parse(q->status, &s) < 0)
        return app_fail(err, APP_E_INVALID, "bad_value", "status",
                        "status: %s is not one of closed, applied, approved, partly_open, "
                        "fully_open",
                        q->status);
    if (!role_can(c->role, PERM_ENTERPRISES)) {
        f->lo = 0;
        f->hi = INT64_MAX;
        if (role_can(c->role, PERM_OWN_ENTERPRISE))
            f->owner = c->account ? c->account : -1;
        else if (role_can(c->role, PERM_ASSIGNED))
            f->specialist = c->account ? c->account : -1;
        else
            return app_fail(err, APP_E_FORBIDDEN, "forbidden", NULL,
                            "this role sees no enterprise");
        return 0;
    }
    if (!scope_contains(c, unit))
        return app_fail(err, APP_E_NOTFOUND, "not_found", "unit", "no unit %lld", (long long)unit);
    if (enterprise_street_range(unit, &f->lo, &f->hi) < 0)
        return app_fail(err, APP_E_INVALID, "bad_code", "unit",
                        "enterprises are listed by street, district or city");
    return 0;
}

int enterprises_list(struct db *db, const struct caller *c, const struct enterprise_query *q,
                     struct page *pg, enterprise_row_fn fn, void *arg, struct app_error *err)
{
    struct enterprise_filter f;
    struct ent_walk w = {{pg, 0, 0}, fn, arg};
    int rc;

    page_begin(pg, ENTERPRISES_PAGE_DEFAULT, ENTERPRISES_PAGE_MAX);
    if ((rc = list_filter(c, q, &f, err)) < 0)
        return rc;
    rc = store_enterprises_list(db, &f, pg->cursor, pg->limit + 1, ent_walk_one, &w);
    if (rc < 0)
        return app_db_fail(err, db, rc);
    return 0;
}

int enterprise_status_parse(struct db *db, const json_t *body, void *job)
{
    static const char *const keys[] = {"status",    "staff_on_site", "day", "reason",
                                       "checklist", "returnees",     NULL};
    struct enterprise_status *u = job;
    char status[32];
    int present, rc;

    (void)db;
    u->day = u->today;
    if ((rc = input_only_keys(body, keys, &u->err)) < 0 ||
        (rc = input_text(body, "status", INPUT_REQUIRED | INPUT_TRIM, 31, status, sizeof status,
                         &u->err)) < 0 ||
        (rc = input_count(body, "staff_on_site", 10000000, &u->on_site, &present, &u->err)) < 0 ||
        (rc = input_past_date(body, "day", u->today, &u->day, &present, &u->err)) < 0 ||
        (rc = input_text(body, "reason", INPUT_TRIM, 255, u->reason, sizeof u->reason, &u->err)) <
            0 ||
        (rc = application_parse(body, u->today, &u->app, &u->err)) < 0)
        return rc;
    if (resumption_parse(status, &u->status) < 0)
        return app_fail(&u->err, APP_E_INVALID, "bad_value", "status",
                        "status: %s is not one of closed, applied, approved, partly_open, "
                        "fully_open",
                        status);
    if ((u->app.n || u->app.has_checklist) && u->status != RS_APPLIED)
        return app_fail(&u->err, APP_E_INVALID, "only_applied",
                        u->app.n ? "returnees" : "checklist",
                        "a checklist and returning staff come with an application (applied)");
    return 0;
}

/* Who moves the status: the street (approves), or the enterprise (its own
 * account, its specialist). A register role that may not approve: 403. */
static int actor_of(const struct caller *c, enum resumption_actor *out, struct app_error *err)
{
    if (role_can(c->role, PERM_APPROVE))
        *out = RA_STREET;
    else if (role_can(c->role, PERM_OWN_ENTERPRISE) || role_can(c->role, PERM_ASSIGNED))
        *out = RA_ENTERPRISE;
    else
        return app_fail(err, APP_E_FORBIDDEN, "forbidden", NULL,
                        "this role may not change an enterprise's status");
    return 0;
}

/* Checks the move from the status in effect on the job's day. */
static int check_move(struct db *db, struct enterprise_status *u, enum resumption_actor who)
{
    char cur[ENT_STATUS_MAX] = "closed";
    enum resumption_status from = RS_CLOSED;
    int64_t on_site = 0, last = -1;
    int rc = store_enterprise_day_at(db, u->id, INT32_MAX, cur, &on_site, &last);

    if (rc < 0 && rc != DB_E_NOTFOUND)
        return app_db_fail(&u->err, db, rc);
    if (rc == 0 && last > u->day)
        return app_fail(&u->err, APP_E_CONFLICT, "day_passed", "day",
                        "a later day is already recorded for this enterprise");
    if (rc == 0 && resumption_parse(cur, &from) < 0)
        from = RS_CLOSED;
    if (resumption_can_move(from, u->status, who))
        return 0;
    if (resumption_can_move(from, u->status, who == RA_STREET ? RA_ENTERPRISE : RA_STREET))
        return app_fail(&u->err, APP_E_FORBIDDEN, "not_yours", "status",
                        "%s to %s is for the %s to decide", resumption_code(from),
                        resumption_code(u->status), who == RA_STREET ? "enterprise" : "street");
    return app_fail(&u->err, APP_E_CONFLICT, "bad_transition", "status",
                    "an enterprise cannot go from %s to %s", resumption_code(from),
                    resumption_code(u->status));
}

/* Opening (from a status that is not open) waits for the enterprise's
 * resume-together group (app/enterprises/groups.c). */
static int group_check(struct db *db, struct enterprise_status *u)
{
    enum resumption_status now = RS_CLOSED;

    if (!resumption_is_open(u->status) ||
        (resumption_parse(u->out.status, &now) == 0 && resumption_is_open(now)))
        return 0;
    return enterprise_group_check_open(db, u->id, &u->err);
}

int enterprise_status_job(struct db *db, void *arg)
{
    struct enterprise_status *u = arg;
    enum resumption_actor who = RA_ENTERPRISE;
    int rc;

    if ((rc = enterprise_visible(db, &u->c, u->id, &u->out, &u->err)) < 0 ||
        (rc = actor_of(&u->c, &who, &u->err)) < 0)
        return rc;
    if (u->on_site > u->out.staff)
        return app_fail(&u->err, APP_E_INVALID, "above_staff", "staff_on_site",
                        "staff_on_site: %lld is more than the enterprise's %lld staff",
                        (long long)u->on_site, (long long)u->out.staff);
    if (u->on_site > 0 && !resumption_is_open(u->status))
        return app_fail(&u->err, APP_E_INVALID, "not_open", "staff_on_site",
                        "staff are on site only when partly or fully open");
    if ((rc = check_move(db, u, who)) < 0 || (rc = group_check(db, u)) < 0)
        return rc;
    rc = store_enterprise_day_put(db, u->id, u->day, resumption_code(u->status), u->on_site,
                                  u->c.name, u->reason, u->now);
    if (rc < 0)
        return app_db_fail(&u->err, db, rc);
    if (u->status == RS_APPLIED &&
        (rc = application_record(db, &u->c, &u->out, u->day, u->now, &u->app, &u->err)) < 0)
        return rc;
    if ((rc = store_enterprise_get(db, u->id, &u->out)) < 0)
        return app_db_fail(&u->err, db, rc);
    return 0;
}

struct tally {
    struct resumption_figures *f;
    resumption_row_fn large_fn;
    void *arg;
};

static int tally_one(void *arg, const struct resumption_row *r)
{
    struct tally *t = arg;
    enum resumption_status s = RS_CLOSED;
    int open = resumption_parse(r->status, &s) == 0 && resumption_is_open(s);

    t->f->total++;
    t->f->staff_total += r->staff;
    t->f->output_total += r->output;
    if (open) {
        t->f->open++;
        t->f->staff_on_site += r->on_site;
        t->f->output_open += r->output;
    }
    if (t->large_fn && r->output >= RESUMPTION_LARGE_OUTPUT)
        return t->large_fn(t->arg, r);
    return 0;
}

int resumption_of_unit(struct db *db, const struct caller *c, int64_t unit, int32_t day,
                       struct resumption_figures *out, resumption_row_fn large_fn, void *arg,
                       struct app_error *err)
{
    struct tally t = {out, large_fn, arg};
    int64_t lo, hi;
    int rc;

    memset(out, 0, sizeof *out);
    if ((rc = enterprise_streets_of(c, unit, "resumption is", &lo, &hi, err)) < 0)
        return rc;
    if ((rc = store_resumption_rows(db, lo, hi, day, tally_one, &t)) < 0)
        return app_db_fail(err, db, rc);
    return rc;
}

int enterprise_link_account(struct db *db, const struct caller *c, int64_t id, const char *account,
                            int owner, struct app_error *err)
{
    struct enterprise_row e;
    struct account a;
    int rc;

    if ((rc = app_require(c, PERM_APPROVE, err)) < 0 ||
        (rc = enterprise_visible(db, c, id, &e, err)) < 0)
        return rc;
    if ((rc = store_account_by_name(db, account, &a)) == DB_E_NOTFOUND)
        return app_fail(err, APP_E_INVALID, "bad_value", "account", "no account %s", account);
    if (rc < 0)
        return app_db_fail(err, db, rc);
    if (strcmp(a.role, owner ? "enterprise" : "specialist") != 0)
        return app_fail(err, APP_E_INVALID, "bad_role", "account", "%s is not an %s account",
                        account, owner ? "enterprise" : "specialist");
    rc = owner ? store_enterprise_set_owner(db, id, a.id) : store_enterprise_assign(db, id, a.id);
    return rc < 0 ? app_db_fail(err, db, rc) : 0;
}

static int chain_one(void *arg, const struct enterprise_row *e)
{
    struct enterprise_chain *ch = arg;
    enum resumption_status s = RS_CLOSED;

    if (ch->n >= ENT_CHAIN_MAX)
        return 1;
    ch->suppliers[ch->n++] = *e;
    if (resumption_parse(e->status, &s) < 0 || !resumption_is_open(s))
        ch->blocked++;
    return 0;
}

/* The chain of an enterprise the caller already sees. */
static int read_chain(struct db *db, struct enterprise_chain *out, struct app_error *err)
{
    int rc;

    out->n = out->blocked = 0;
    if ((rc = store_enterprise_suppliers(db, out->root.id, chain_one, out)) < 0)
        return app_db_fail(err, db, rc);
    return 0;
}

int enterprise_chain(struct db *db, const struct caller *c, int64_t id,
                     struct enterprise_chain *out, struct app_error *err)
{
    int rc = enterprise_visible(db, c, id, &out->root, err);

    return rc < 0 ? rc : read_chain(db, out, err);
}

int enterprise_supplier_parse(struct db *db, const json_t *body, void *job)
{
    static const char *const keys[] = {"supplier", NULL};
    struct enterprise_supplier *u = job;
    int present = 0, rc;

    (void)db;
    if ((rc = input_only_keys(body, keys, &u->err)) < 0 ||
        (rc = input_id(body, "supplier", &u->supplier, &present, &u->err)) < 0)
        return rc;
    if (!present)
        return app_fail(&u->err, APP_E_INVALID, "missing", "supplier", "supplier is required");
    if (u->supplier == u->id)
        return app_fail(&u->err, APP_E_INVALID, "self", "supplier",
                        "an enterprise does not supply itself");
    return 0;
}

int enterprise_supplier_job(struct db *db, void *arg)
{
    struct enterprise_supplier *u = arg;
    struct enterprise_row s;
    int rc, back = 0;

    if ((rc = app_require(&u->c, PERM_APPROVE, &u->err)) < 0 ||
        (rc = enterprise_visible(db, &u->c, u->id, &u->out.root, &u->err)) < 0)
        return rc;
    if ((rc = enterprise_visible(db, &u->c, u->supplier, &s, &u->err)) < 0) {
        snprintf(u->err.field, sizeof u->err.field, "supplier");
        return rc;
    }
    if ((rc = store_enterprise_depends(db, u->supplier, u->id, &back)) < 0)
        return app_db_fail(&u->err, db, rc);
    if (back)
        return app_fail(&u->err, APP_E_CONFLICT, "cycle", "supplier", "%s already depends on %s",
                        s.name, u->out.root.name);
    if ((rc = store_enterprise_supplier_add(db, u->id, u->supplier)) < 0)
        return app_db_fail(&u->err, db, rc);
    return read_chain(db, &u->out, &u->err);
}
