/*
 * Staff sent down: registering home units and posts, the staff list,
 * deployments and staffing, with the caller's scope (app/workforce/workforce.h).
 */
#include "app/workforce/workforce.h"

#include "app/input.h"
#include "app/workforce/gaps.h"
#include "core/mask.h"
#include "core/unitcode.h"
#include "core/workforce.h"
#include "store/accounts.h"

#include <stdio.h>
#include <string.h>

/* [lo, hi) of the areas within a unit; -1 for a code that is no unit. */
static int area_range(int64_t unit, int64_t *lo, int64_t *hi)
{
    return unitcode_committee_range(unit, lo, hi);
}

int home_unit_add(struct db *db, struct home_unit_row *h, struct app_error *err)
{
    int level = unitcode_level(h->unit);
    int rc;

    if (strcmp(h->level, "city") != 0 && strcmp(h->level, "district") != 0)
        return app_fail(err, APP_E_INVALID, "bad_value", "level", "level is city or district");
    if (level != (strcmp(h->level, "city") == 0 ? LEVEL_CITY : LEVEL_DISTRICT))
        return app_fail(err, APP_E_INVALID, "bad_code", "unit", "%lld is not a %s code",
                        (long long)h->unit, h->level);
    h->area = workforce_area(h->unit);
    if ((rc = store_home_unit_insert(db, h)) == DB_E_CONSTRAINT)
        return app_fail(err, APP_E_CONFLICT, "duplicate", "name", "home unit %s exists", h->name);
    return rc < 0 ? app_db_fail(err, db, rc) : 0;
}

int duty_post_add(struct db *db, struct duty_post_row *p, struct app_error *err)
{
    enum duty_post_kind k;
    int level = unitcode_level(p->unit);
    int rc;

    if (duty_post_kind_parse(p->kind, &k) < 0)
        return app_fail(err, APP_E_INVALID, "bad_value", "kind", "no kind of post %s", p->kind);
    snprintf(p->kind, sizeof p->kind, "%s", duty_post_kind_code(k));
    if (level < LEVEL_DISTRICT || level > LEVEL_COMMITTEE)
        return app_fail(err, APP_E_INVALID, "bad_code", "unit",
                        "a post lies in a district, street or committee");
    if (p->min_day < 0 || p->min_night < 0)
        return app_fail(err, APP_E_INVALID, "bad_value", "minimum", "minimums are not negative");
    p->area = workforce_area(p->unit);
    if ((rc = store_duty_post_insert(db, p)) == DB_E_CONSTRAINT)
        return app_fail(err, APP_E_CONFLICT, "duplicate", "name", "post %s exists there", p->name);
    return rc < 0 ? app_db_fail(err, db, rc) : 0;
}

int home_unit_attach(struct db *db, const char *account, const char *home_unit,
                     struct app_error *err)
{
    struct home_unit_row h;
    struct account a;
    int rc;

    if ((rc = store_account_by_name(db, account, &a)) == DB_E_NOTFOUND)
        return app_fail(err, APP_E_NOTFOUND, "not_found", "account", "no account %s", account);
    if (rc < 0)
        return app_db_fail(err, db, rc);
    if (strcmp(a.role, role_code(ROLE_HOME_UNIT)) != 0)
        return app_fail(err, APP_E_INVALID, "bad_role", "account", "%s is not a home_unit account",
                        account);
    if ((rc = store_home_unit_by_name(db, home_unit, &h)) == DB_E_NOTFOUND)
        return app_fail(err, APP_E_NOTFOUND, "not_found", "home_unit", "no home unit %s",
                        home_unit);
    if (rc < 0 || (rc = store_home_unit_account_set(db, a.id, h.id)) < 0)
        return app_db_fail(err, db, rc);
    return 0;
}

int staff_caller_home_unit(struct db *db, const struct caller *c, int64_t *out,
                           struct app_error *err)
{
    int rc;

    *out = 0;
    if (role_can(c->role, PERM_STAFF))
        return 0;
    if ((rc = app_require(c, PERM_STAFF_SENT, err)) < 0)
        return rc;
    if ((rc = store_home_unit_of_account(db, c->account, out)) == DB_E_NOTFOUND)
        return app_fail(err, APP_E_FORBIDDEN, "forbidden", NULL,
                        "this account belongs to no home unit");
    return rc < 0 ? app_db_fail(err, db, rc) : 0;
}

struct staff_ctx {
    struct page_walk w;
    int unmask;
    int (*fn)(void *, const struct staff_row *);
    void *arg;
};

static int staff_one(void *arg, const struct staff_row *s)
{
    struct staff_ctx *x = arg;
    struct staff_row m;

    if (page_take(&x->w, s->id))
        return 1;
    if (x->unmask)
        return x->fn(x->arg, s);
    m = *s;
    mask_phone(s->phone, m.phone, sizeof m.phone);
    return x->fn(x->arg, &m);
}

int staff_list(struct db *db, const struct caller *c, int64_t unit, const char *home_unit,
               struct page *pg, int (*fn)(void *, const struct staff_row *), void *arg,
               struct app_error *err)
{
    struct staff_ctx x = {{pg, 0, 0}, c->role == ROLE_SYSTEM /* the command line */, fn, arg};
    struct home_unit_row h = {0};
    int64_t own, lo, hi;
    int rc;

    page_begin(pg, STAFF_PAGE_DEFAULT, STAFF_PAGE_MAX);
    if ((rc = staff_caller_home_unit(db, c, &own, err)) < 0)
        return rc;
    if (own) /* a home unit: its own staff, wherever in the city */
        unit = unitcode_at_level(scope_of(c), LEVEL_CITY);
    else if (!unit)
        unit = scope_of(c);
    if (!scope_contains(c, unit) || area_range(unit, &lo, &hi) < 0)
        return app_fail(err, APP_E_NOTFOUND, "not_found", "unit", "no unit %lld", (long long)unit);
    if (home_unit && *home_unit && (rc = store_home_unit_by_name(db, home_unit, &h)) < 0) {
        if (rc == DB_E_NOTFOUND)
            return app_fail(err, APP_E_NOTFOUND, "not_found", "home_unit", "no home unit %s",
                            home_unit);
        return app_db_fail(err, db, rc);
    }
    if (own && h.id && h.id != own)
        return app_fail(err, APP_E_NOTFOUND, "not_found", "home_unit", "no home unit %s",
                        home_unit);
    if ((rc = store_staff_within(db, lo, hi, own ? own : h.id, pg->cursor, staff_one, &x)) < 0)
        return app_db_fail(err, db, rc);
    return 0;
}

int deploy_parse(struct db *db, const json_t *body, void *job)
{
    static const char *const keys[] = {"staff", "post", "from", "until", "duty", "shift", NULL};
    struct deploy *u = job;
    int32_t from = 0, until = 0;
    int ps = 0, pp = 0, pf = 0, pu = 0, rc;
    char duty[32], shift[32];
    enum duty d;
    enum shift s = SHIFT_DAY;

    (void)db;
    if ((rc = input_only_keys(body, keys, &u->err)) < 0 ||
        (rc = input_id(body, "staff", &u->d.staff, &ps, &u->err)) < 0 ||
        (rc = input_id(body, "post", &u->d.duty_post, &pp, &u->err)) < 0 ||
        (rc = input_date(body, "from", &from, &pf, &u->err)) < 0 ||
        (rc = input_date(body, "until", &until, &pu, &u->err)) < 0 ||
        (rc = input_text(body, "duty", INPUT_REQUIRED | INPUT_TRIM, sizeof duty - 1, duty,
                         sizeof duty, &u->err)) < 0 ||
        (rc = input_text(body, "shift", INPUT_TRIM, sizeof shift - 1, shift, sizeof shift,
                         &u->err)) < 0)
        return rc;
    if (!ps || !pp || !pf || !pu)
        return app_fail(&u->err, APP_E_INVALID, "missing",
                        !ps   ? "staff"
                        : !pp ? "post"
                        : !pf ? "from"
                              : "until",
                        "staff, post, from and until are required");
    if (until < from)
        return app_fail(&u->err, APP_E_INVALID, "until_before_from", "until",
                        "a deployment cannot end before it starts");
    if (duty_parse(duty, &d) < 0)
        return app_fail(&u->err, APP_E_INVALID, "bad_value", "duty", "no duty %s", duty);
    if (*shift && shift_parse(shift, &s) < 0)
        return app_fail(&u->err, APP_E_INVALID, "bad_value", "shift", "shift is day or night");
    u->d.from = from;
    u->d.until = until;
    snprintf(u->d.duty, sizeof u->d.duty, "%s", duty_code(d));
    snprintf(u->d.shift, sizeof u->d.shift, "%s", shift_code(s));
    return 0;
}

int deploy_job(struct db *db, void *arg)
{
    struct deploy *u = arg;
    int64_t n = 0;
    int rc;

    if ((rc = app_require(&u->c, PERM_STAFF, &u->err)) < 0)
        return rc;
    rc = store_duty_post_get(db, u->d.duty_post, &u->post);
    if (rc == DB_E_NOTFOUND || (rc == 0 && !scope_contains(&u->c, u->post.unit)))
        return app_fail(&u->err, APP_E_NOTFOUND, "not_found", "post", "no post %lld",
                        (long long)u->d.duty_post);
    if (rc < 0)
        return app_db_fail(&u->err, db, rc);
    if ((rc = store_staff_get(db, u->d.staff, &u->staff)) == DB_E_NOTFOUND)
        return app_fail(&u->err, APP_E_NOTFOUND, "not_found", "staff", "no staff %lld",
                        (long long)u->d.staff);
    if (rc < 0 ||
        (rc = store_deployments_overlapping(db, u->d.staff, u->d.from, u->d.until, &n)) < 0)
        return app_db_fail(&u->err, db, rc);
    if (n > 0)
        return app_fail(&u->err, APP_E_CONFLICT, "overlap", "from",
                        "%s is already deployed within these days", u->staff.name);
    u->d.unit = u->post.area;
    if ((rc = store_deployment_insert(db, &u->d)) < 0)
        return app_db_fail(&u->err, db, rc);
    /* Today's gap at the post may be filled now (its task done). */
    if (u->d.from <= u->today && u->today <= u->d.until &&
        (rc = staffing_check_post(db, u->d.duty_post, u->today, u->now, u->c.name, NULL)) < 0)
        return app_db_fail(&u->err, db, rc);
    return 0;
}

int deploy_link_parse(struct db *db, const json_t *body, void *job)
{
    (void)db;
    (void)body;
    (void)job;
    return 0;
}

int deploy_link_job(struct db *db, void *arg)
{
    struct deploy_link *u = arg;
    struct deployment_row d;
    struct duty_post_row p;
    char hash[LINKHASH_LEN];
    int rc;

    if ((rc = app_require(&u->c, PERM_STAFF, &u->err)) < 0)
        return rc;
    if ((rc = store_deployment_get(db, u->id, &d)) == 0)
        rc = store_duty_post_get(db, d.duty_post, &p);
    if (rc == DB_E_NOTFOUND || (rc == 0 && !scope_contains(&u->c, p.unit)))
        return app_fail(&u->err, APP_E_NOTFOUND, "not_found", "id", "no deployment %lld",
                        (long long)u->id);
    if (rc < 0)
        return app_db_fail(&u->err, db, rc);
    if (linktoken_new(u->token) < 0 || linktoken_hash(u->token, hash) < 0)
        return app_fail(&u->err, APP_E_INTERNAL, "internal", NULL, "no random source");
    if ((rc = store_deployment_set_link(db, d.id, hash)) < 0)
        return app_db_fail(&u->err, db, rc);
    u->post = d.duty_post;
    return 0;
}

int sign_read_body(const json_t *body, struct sign *u, int *post_present)
{
    static const char *const keys[] = {"post", "action", NULL};
    int rc;

    if ((rc = input_only_keys(body, keys, &u->err)) < 0 ||
        (rc = input_id(body, "post", &u->post, post_present, &u->err)) < 0 ||
        (rc = input_text(body, "action", INPUT_REQUIRED, sizeof u->action - 1, u->action,
                         sizeof u->action, &u->err)) < 0)
        return rc;
    if (strcmp(u->action, "in") != 0 && strcmp(u->action, "out") != 0)
        return app_fail(&u->err, APP_E_INVALID, "bad_value", "action", "action is in or out");
    return 0;
}

int sign_parse(struct db *db, const json_t *body, void *job)
{
    struct sign *u = job;
    int present = 0, rc;

    (void)db;
    if ((rc = sign_read_body(body, u, &present)) < 0)
        return rc;
    if (!present)
        return app_fail(&u->err, APP_E_INVALID, "missing", "post", "post is required");
    return 0;
}

int sign_at_post(struct db *db, struct sign *u)
{
    char last[8] = "out";
    int rc;

    if ((rc = store_duty_post_get(db, u->d.duty_post, &u->p)) < 0)
        return app_db_fail(&u->err, db, rc);
    if (u->post != u->d.duty_post)
        return app_fail(&u->err, APP_E_CONFLICT, "not_deployed_here", "post",
                        "this person is deployed to %s, not to post %lld", u->p.name,
                        (long long)u->post);
    if (u->today < u->d.from || u->today > u->d.until)
        return app_fail(&u->err, APP_E_CONFLICT, "not_on_duty", NULL,
                        "the deployment does not cover today");
    if ((rc = store_sign_last(db, u->d.id, u->today, last)) < 0 && rc != DB_E_NOTFOUND)
        return app_db_fail(&u->err, db, rc);
    if (strcmp(last, u->action) == 0)
        return app_fail(&u->err, APP_E_CONFLICT,
                        strcmp(last, "in") == 0 ? "already_signed_in" : "not_signed_in", "action",
                        strcmp(last, "in") == 0 ? "already signed in" : "not signed in");
    if ((rc = store_sign_insert(db, &u->d, u->p.area, u->today, u->now, u->action)) < 0)
        return app_db_fail(&u->err, db, rc);
    return 0;
}

int sign_job(struct db *db, void *arg)
{
    struct sign *u = arg;
    char hash[LINKHASH_LEN];
    int rc;

    if (linktoken_hash(u->token, hash) < 0 ||
        (rc = store_deployment_by_link(db, hash, &u->d)) == DB_E_NOTFOUND)
        return app_fail(&u->err, APP_E_NOTFOUND, "not_found", "token", "no such link");
    if (rc < 0)
        return app_db_fail(&u->err, db, rc);
    return sign_at_post(db, u);
}

struct staffing_ctx {
    struct staffing_totals *t;
    int (*fn)(void *, const struct staffing_row *);
    void *arg;
};

static int staffing_one(void *arg, const struct staffing_row *r)
{
    struct staffing_ctx *x = arg;

    x->t->posts++;
    x->t->on_duty += r->on_day + r->on_night;
    x->t->minimum += r->p.min_day + r->p.min_night;
    x->t->gap += staffing_gap(r->p.min_day, r->on_day) + staffing_gap(r->p.min_night, r->on_night);
    return x->fn(x->arg, r);
}

int staffing_of(struct db *db, const struct caller *c, int64_t unit, int32_t day,
                int (*fn)(void *, const struct staffing_row *), void *arg,
                struct staffing_totals *out, struct app_error *err)
{
    struct staffing_ctx x = {out, fn, arg};
    int64_t lo, hi;
    int rc;

    memset(out, 0, sizeof *out);
    if ((rc = scope_check_unit(c, unit, PERM_STAFF, err)) < 0)
        return rc;
    if (area_range(unit, &lo, &hi) < 0)
        return app_fail(err, APP_E_NOTFOUND, "not_found", "code", "no unit %lld", (long long)unit);
    if ((rc = store_staffing(db, lo, hi, day, staffing_one, &x)) < 0)
        return app_db_fail(err, db, rc);
    return 0;
}
