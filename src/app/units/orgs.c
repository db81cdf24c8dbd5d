/*
 * Organisations over the API, with the caller's scope (app/units/orgs.h).
 */
#include "app/units/orgs.h"

#include "app/input.h"
#include "app/units/places_grids.h"
#include "core/unitcode.h"
#include "store/units.h"

#include <stdio.h>
#include <string.h>

static int fill_compound(void *arg, int64_t compound)
{
    struct {
        struct db *db;
        struct org_view *v;
    } *x = arg;
    int rc;

    if (x->v->ncompounds == ORGS_COMPOUNDS_MAX)
        return 0;
    rc = store_compound_get(x->db, compound, &x->v->compounds[x->v->ncompounds]);
    if (rc == DB_E_NOTFOUND)
        return 0;
    if (rc < 0)
        return rc;
    x->v->ncompounds++;
    return 0;
}

/* An organisation with its street's name and its compounds. */
static int view_of(struct db *db, const struct org_row *o, struct org_view *out)
{
    struct {
        struct db *db;
        struct org_view *v;
    } x = {db, out};
    struct unit u;
    int rc;

    memset(out, 0, sizeof *out);
    out->o = *o;
    if (store_unit_get(db, o->street, &u) == 0)
        snprintf(out->street_name, sizeof out->street_name, "%s", u.name);
    if ((rc = store_org_compounds(db, o->id, fill_compound, &x)) < 0)
        return rc;
    return 0;
}

/* Visible: the organisation's street lies within the caller's scope, or
 * the caller works below that street (a committee, a grid). */
static int visible(const struct caller *c, int64_t street)
{
    return scope_contains(c, street) || unitcode_within(scope_of(c), street);
}

static int may_read(const struct caller *c, struct app_error *err)
{
    if (role_can(c->role, PERM_TASKS) || role_can(c->role, PERM_ORGS) ||
        role_can(c->role, PERM_GRIDS))
        return 0;
    return app_fail(err, APP_E_FORBIDDEN, "forbidden", NULL,
                    "a %s account does not see organisations", role_code(c->role));
}

struct list_ctx {
    struct db *db;
    const struct caller *c;
    struct page_walk w;
    org_view_fn fn;
    void *arg;
};

static int list_one(void *arg, const struct org_row *o)
{
    struct list_ctx *l = arg;
    struct org_view v;
    int rc;

    if (!visible(l->c, o->street))
        return 0;
    if (page_take(&l->w, o->id))
        return 1;
    if ((rc = view_of(l->db, o, &v)) < 0)
        return rc;
    return l->fn(l->arg, &v);
}

int orgs_list(struct db *db, const struct caller *c, int64_t unit, struct page *pg, org_view_fn fn,
              void *arg, struct app_error *err)
{
    struct list_ctx l = {db, c, {pg, 0, 0}, fn, arg};
    int64_t lo, hi;
    int rc;

    page_begin(pg, ORGS_PAGE_DEFAULT, ORGS_PAGE_MAX);
    if ((rc = may_read(c, err)) < 0)
        return rc;
    if (!unit)
        unit = scope_of(c);
    else if (!scope_contains(c, unit) && !unitcode_within(scope_of(c), unit))
        return app_fail(err, APP_E_NOTFOUND, "not_found", "unit", "no unit %lld", (long long)unit);
    if (unitcode_level(unit) > LEVEL_STREET) {
        lo = unitcode_at_level(unit, LEVEL_STREET);
        hi = lo + 1;
    } else if (unitcode_committee_range(unit, &lo, &hi) == 0) {
        lo /= 1000; /* a committee is its street's code and three digits */
        hi /= 1000;
    } else {
        return app_fail(err, APP_E_NOTFOUND, "not_found", "unit", "no unit %lld", (long long)unit);
    }
    if ((rc = store_orgs_within(db, lo, hi, pg->cursor, list_one, &l)) < 0)
        return app_db_fail(err, db, rc);
    return 0;
}

int orgs_add_parse(struct db *db, const json_t *body, void *job)
{
    static const char *const keys[] = {"name", "kind", "street", NULL};
    struct orgs_add *u = job;
    int present = 0, rc;

    (void)db;
    if ((rc = input_only_keys(body, keys, &u->err)) < 0 ||
        (rc = input_text(body, "name", INPUT_REQUIRED, ORG_NAME_MAX - 1, u->name, sizeof u->name,
                         &u->err)) < 0 ||
        (rc = input_text(body, "kind", INPUT_REQUIRED, ORG_KIND_MAX - 1, u->kind, sizeof u->kind,
                         &u->err)) < 0 ||
        (rc = input_code(body, "street", &u->street, &present, &u->err)) < 0)
        return rc;
    if (!present)
        return app_fail(&u->err, APP_E_INVALID, "missing", "street", "street is required");
    if (unitcode_level(u->street) != LEVEL_STREET)
        return app_fail(&u->err, APP_E_INVALID, "bad_value", "street",
                        "%lld is not a street or town code", (long long)u->street);
    return 0;
}

int orgs_add_job(struct db *db, void *arg)
{
    struct orgs_add *u = arg;
    struct org_row o;
    int64_t id;
    int rc;

    if ((rc = app_require(&u->c, PERM_ORGS, &u->err)) < 0)
        return rc;
    if (!scope_contains(&u->c, u->street))
        return app_fail(&u->err, APP_E_NOTFOUND, "not_found", "street", "no street %lld",
                        (long long)u->street);
    if ((rc = orgs_create(db, u->name, u->kind, u->street, &id, &u->err)) < 0)
        return rc;
    if ((rc = store_org_get(db, id, &o)) < 0 || (rc = view_of(db, &o, &u->out)) < 0)
        return app_db_fail(&u->err, db, rc);
    return 0;
}

int orgs_serve_parse(struct db *db, const json_t *body, void *job)
{
    static const char *const keys[] = {"compound", NULL};
    struct orgs_serve *u = job;
    int present = 0, rc;

    (void)db;
    u->org = u->id;
    if ((rc = input_only_keys(body, keys, &u->err)) < 0 ||
        (rc = input_id(body, "compound", &u->compound, &present, &u->err)) < 0)
        return rc;
    if (!present)
        return app_fail(&u->err, APP_E_INVALID, "missing", "compound", "compound is required");
    return 0;
}

int orgs_serve_job(struct db *db, void *arg)
{
    struct orgs_serve *u = arg;
    struct place_compound pc;
    struct org_row o;
    int rc;

    if (!role_can(u->c.role, PERM_ORGS) && !role_can(u->c.role, PERM_GRIDS))
        return app_fail(&u->err, APP_E_FORBIDDEN, "forbidden", NULL,
                        "a %s account does not link organisations to compounds",
                        role_code(u->c.role));
    rc = store_org_get(db, u->org, &o);
    if (rc == DB_E_NOTFOUND || (rc == 0 && !visible(&u->c, o.street)))
        return app_fail(&u->err, APP_E_NOTFOUND, "not_found", "id", "no organisation %lld",
                        (long long)u->org);
    if (rc < 0)
        return app_db_fail(&u->err, db, rc);
    if ((rc = places_compound_in_scope(db, &u->c, u->compound, "compound", &pc, &u->err)) < 0)
        return rc;
    if ((rc = orgs_link(db, u->org, u->compound, &u->err)) < 0)
        return rc;
    if ((rc = view_of(db, &o, &u->out)) < 0)
        return app_db_fail(&u->err, db, rc);
    return 0;
}
