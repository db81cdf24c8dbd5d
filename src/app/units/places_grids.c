/*
 * Grids, their responsible persons, places and organisations (see
 * places_grids.h).
 */
#include "app/units/places_grids.h"

#include "app/input.h"
#include "core/tasks.h"
#include "core/unitcode.h"
#include "store/accounts.h"
#include "store/places.h"
#include "store/units.h"

#include <stdio.h>
#include <string.h>

int grids_responsible(struct db *db, int64_t grid, int64_t *out_account, char out_name[64])
{
    struct account a;
    int rc;

    *out_account = 0;
    if (out_name)
        out_name[0] = '\0';
    if (!grid)
        return 0;
    rc = store_grid_person_get(db, grid, out_account);
    if (rc == DB_E_NOTFOUND)
        return 0;
    if (rc < 0)
        return rc;
    if (out_name && (rc = store_account_by_id(db, *out_account, &a)) == 0)
        snprintf(out_name, 64, "%s", a.name);
    return 0;
}

int places_assignee(struct db *db, const struct place_row *p, int64_t *out_account)
{
    if (p->responsible) {
        *out_account = p->responsible;
        return 0;
    }
    return grids_responsible(db, p->grid, out_account, NULL);
}

int places_compound_in_scope(struct db *db, const struct caller *c, int64_t id, const char *field,
                             struct place_compound *out, struct app_error *err)
{
    int rc = store_compound_get(db, id, out);

    if (rc == DB_E_NOTFOUND || (rc == 0 && !scope_contains(c, out->committee)))
        return app_fail(err, APP_E_NOTFOUND, "not_found", field, "no compound %lld", (long long)id);
    return rc < 0 ? app_db_fail(err, db, rc) : 0;
}

/* An account may answer for things in a committee when its scope lies
 * within that committee (its grid workers and the committee itself) or it
 * is an organisation's account. */
static int account_fits(const struct account *a, int64_t committee)
{
    return unitcode_within(a->grid ? a->grid : a->unit, committee) || a->org != 0;
}

/* The grid must be a grid of a committee within the caller's scope. */
static int check_grid(struct db *db, const struct caller *c, int64_t grid, const char *field,
                      struct app_error *err)
{
    struct unit u;
    int rc;

    if (unitcode_level(grid) != LEVEL_GRID || !scope_contains(c, grid))
        return app_fail(err, APP_E_NOTFOUND, "not_found", field, "no grid %lld", (long long)grid);
    rc = store_unit_get(db, grid, &u);
    if (rc == DB_E_NOTFOUND)
        return app_fail(err, APP_E_NOTFOUND, "not_found", field, "no grid %lld", (long long)grid);
    return rc < 0 ? app_db_fail(err, db, rc) : 0;
}

int grids_set_person_job(struct db *db, void *arg)
{
    struct grids_set_person *u = arg;
    struct account a;
    int rc;

    if ((rc = app_require(&u->c, PERM_GRIDS, &u->err)) < 0 ||
        (rc = check_grid(db, &u->c, u->grid, "code", &u->err)) < 0)
        return rc;
    rc = store_account_by_name(db, u->account, &a);
    if (rc == DB_E_NOTFOUND ||
        (rc == 0 && (a.disabled || !account_fits(&a, unitcode_parent(u->grid)))))
        return app_fail(&u->err, APP_E_INVALID, "bad_value", "account",
                        "account: %.40s is no account of this committee", u->account);
    if (rc < 0 || (rc = store_grid_person_set(db, u->grid, a.id)) < 0)
        return app_db_fail(&u->err, db, rc);
    return 0;
}

int grids_assign_job(struct db *db, void *arg)
{
    struct grids_assign *u = arg;
    struct place_compound pc;
    int rc;

    if ((rc = app_require(&u->c, PERM_GRIDS, &u->err)) < 0)
        return rc;
    if ((rc = places_compound_in_scope(db, &u->c, u->compound, "id", &pc, &u->err)) < 0)
        return rc;
    if (u->grid) {
        if ((rc = check_grid(db, &u->c, u->grid, "grid", &u->err)) < 0)
            return rc;
        if (unitcode_parent(u->grid) != pc.committee)
            return app_fail(&u->err, APP_E_INVALID, "inconsistent", "grid",
                            "grid %lld is not a grid of the compound's committee",
                            (long long)u->grid);
    }
    if (u->building) {
        if ((rc = store_building_in_compound(db, u->building, u->compound)) < 0)
            return app_db_fail(&u->err, db, rc);
        if (!rc)
            return app_fail(&u->err, APP_E_NOTFOUND, "not_found", "building",
                            "no building %lld in this compound", (long long)u->building);
    }
    rc = 0;
    if (u->set_lift)
        rc = store_buildings_set_lift(db, u->compound, u->building, u->lift);
    if (rc == 0 && !u->keep_grid)
        rc = u->building ? store_building_set_grid(db, u->building, u->grid)
                         : store_compound_set_grid(db, u->compound, u->grid);
    return rc < 0 ? app_db_fail(&u->err, db, rc) : 0;
}

int grids_set_person_parse(struct db *db, const json_t *body, void *job)
{
    static const char *const keys[] = {"account", NULL};
    struct grids_set_person *u = job;
    int rc;

    (void)db;
    u->grid = u->id;
    if ((rc = input_only_keys(body, keys, &u->err)) < 0)
        return rc;
    return input_text(body, "account", INPUT_REQUIRED, sizeof u->account - 1, u->account,
                      sizeof u->account, &u->err);
}

int grids_assign_parse(struct db *db, const json_t *body, void *job)
{
    static const char *const keys[] = {"grid", "building", "lift", NULL};
    struct grids_assign *u = job;
    int rc, present, has_grid, has_lift;

    (void)db;
    u->compound = u->id;
    if ((rc = input_only_keys(body, keys, &u->err)) < 0 ||
        (rc = input_code(body, "grid", &u->grid, &has_grid, &u->err)) < 0 ||
        (rc = input_bool_opt(body, "lift", &u->lift, &has_lift, &u->err)) < 0)
        return rc;
    u->set_lift = has_lift;
    u->keep_grid = has_lift && !has_grid;
    return input_id(body, "building", &u->building, &present, &u->err);
}

int places_create_parse(struct db *db, const json_t *body, void *job)
{
    static const char *const keys[] = {"kind", "name",        "grid", "compound",
                                       "org",  "responsible", NULL};
    struct places_create *u = job;
    char kind[32];
    enum place_kind k;
    int rc, present;

    (void)db;
    memset(&u->p, 0, sizeof u->p);
    if ((rc = input_only_keys(body, keys, &u->err)) < 0 ||
        (rc = input_text(body, "kind", INPUT_REQUIRED, 31, kind, sizeof kind, &u->err)) < 0)
        return rc;
    if (place_kind_parse(kind, &k) < 0)
        return app_fail(&u->err, APP_E_INVALID, "bad_value", "kind",
                        "kind: %s is not one of office, park, garage, corridor, passage, market, "
                        "shop, station_exit, other",
                        kind);
    u->p.kind = (int)k;
    if ((rc = input_text(body, "name", INPUT_REQUIRED, 120, u->p.name, sizeof u->p.name, &u->err)) <
            0 ||
        (rc = input_code(body, "grid", &u->p.grid, &present, &u->err)) < 0)
        return rc;
    if (!present)
        return app_fail(&u->err, APP_E_INVALID, "missing", "grid",
                        "grid is required: every place lies in one grid");
    if ((rc = input_id(body, "compound", &u->p.compound, &present, &u->err)) < 0 ||
        (rc = input_id(body, "org", &u->p.org, &present, &u->err)) < 0 ||
        (rc = input_text(body, "responsible", 0, 63, u->responsible, sizeof u->responsible,
                         &u->err)) < 0)
        return rc;
    return 0;
}

int places_create_job(struct db *db, void *arg)
{
    struct places_create *u = arg;
    struct place_row *p = &u->p;
    int rc;

    if ((rc = app_require(&u->c, PERM_GRIDS, &u->err)) < 0 ||
        (rc = check_grid(db, &u->c, p->grid, "grid", &u->err)) < 0)
        return rc;
    p->committee = unitcode_parent(p->grid);
    p->district = unitcode_at_level(p->grid, LEVEL_DISTRICT);
    if (p->compound) {
        struct place_compound pc;
        rc = store_compound_get(db, p->compound, &pc);
        if (rc == DB_E_NOTFOUND || (rc == 0 && pc.committee != p->committee))
            return app_fail(&u->err, APP_E_INVALID, "bad_value", "compound",
                            "compound: no compound %lld in the grid's committee",
                            (long long)p->compound);
        if (rc < 0)
            return app_db_fail(&u->err, db, rc);
    }
    if (p->org) {
        struct org_row o;
        rc = store_org_get(db, p->org, &o);
        if (rc == DB_E_NOTFOUND || (rc == 0 && !unitcode_within(p->committee, o.street)))
            return app_fail(&u->err, APP_E_INVALID, "bad_value", "org",
                            "org: no organisation %lld in this street", (long long)p->org);
        if (rc < 0)
            return app_db_fail(&u->err, db, rc);
    }
    if (u->responsible[0]) {
        struct account a;
        rc = store_account_by_name(db, u->responsible, &a);
        if (rc == DB_E_NOTFOUND || (rc == 0 && (a.disabled || !account_fits(&a, p->committee))))
            return app_fail(&u->err, APP_E_INVALID, "bad_value", "responsible",
                            "responsible: %.40s is no account of this committee", u->responsible);
        if (rc < 0)
            return app_db_fail(&u->err, db, rc);
        p->responsible = a.id;
    }
    rc = store_place_insert(db, p);
    if (rc == DB_E_CONSTRAINT)
        return app_fail(&u->err, APP_E_CONFLICT, "duplicate", "name",
                        "the committee already has a place named %.60s", p->name);
    return rc < 0 ? app_db_fail(&u->err, db, rc) : 0;
}

PAGE_FORWARD(place_page, place_row_cb, struct place_row)

int places_list(struct db *db, const struct caller *c, int64_t unit, struct page *pg,
                place_row_cb fn, void *arg, struct app_error *err)
{
    struct place_page pp = {{pg, 0, 0}, fn, arg};
    int64_t lo = 0, hi = 0, scope, after = pg->cursor;
    int rc;

    page_begin(pg, PLACES_PAGE_DEFAULT, PLACES_PAGE_MAX);
    if ((rc = app_require(c, PERM_TASKS, err)) < 0)
        return rc;
    if (unit && !scope_contains(c, unit))
        return app_fail(err, APP_E_NOTFOUND, "not_found", "unit", "no unit %lld", (long long)unit);
    scope = unit ? unit : scope_of(c);
    if (c->role == ROLE_PROPERTY)
        return 0; /* organisations see their tasks, not the grid's places */
    if (unitcode_level(scope) == LEVEL_GRID)
        rc = store_places_within(db, 0, 0, scope, after, place_page_one, &pp);
    else if (unitcode_committee_range(scope, &lo, &hi) < 0)
        return app_fail(err, APP_E_NOTFOUND, "not_found", "unit", "no unit %lld", (long long)scope);
    else
        rc = store_places_within(db, lo, hi, 0, after, place_page_one, &pp);
    return rc < 0 ? app_db_fail(err, db, rc) : rc;
}

int places_get(struct db *db, const struct caller *c, int64_t id, struct place_row *out,
               struct app_error *err)
{
    int rc;

    if ((rc = app_require(c, PERM_TASKS, err)) < 0)
        return rc;
    rc = store_place_get(db, id, out);
    if (rc == DB_E_NOTFOUND ||
        (rc == 0 && !(scope_contains(c, out->grid) || (c->org && out->org == c->org))))
        return app_fail(err, APP_E_NOTFOUND, "not_found", "place", "no place %lld", (long long)id);
    return rc < 0 ? app_db_fail(err, db, rc) : 0;
}

int orgs_create(struct db *db, const char *name, const char *kind, int64_t street, int64_t *out_id,
                struct app_error *err)
{
    struct org_row o;
    struct unit u;
    int rc;

    memset(&o, 0, sizeof o);
    if (!name || !*name || strlen(name) >= sizeof o.name)
        return app_fail(err, APP_E_INVALID, "bad_value", "name", "an organisation needs a name");
    if (strcmp(kind, "property") != 0 && strcmp(kind, "owners") != 0)
        return app_fail(err, APP_E_INVALID, "bad_value", "kind",
                        "kind: %s is not property or owners", kind);
    rc = store_unit_get(db, street, &u);
    if (rc == DB_E_NOTFOUND || (rc == 0 && u.level != LEVEL_STREET))
        return app_fail(err, APP_E_NOTFOUND, "not_found", "street", "no street %lld",
                        (long long)street);
    if (rc < 0)
        return app_db_fail(err, db, rc);
    snprintf(o.name, sizeof o.name, "%s", name);
    snprintf(o.kind, sizeof o.kind, "%s", kind);
    o.street = street;
    rc = store_org_insert(db, &o);
    if (rc == DB_E_CONSTRAINT)
        return app_fail(err, APP_E_CONFLICT, "duplicate", "name",
                        "the street already has an organisation named %.60s", name);
    if (rc < 0)
        return app_db_fail(err, db, rc);
    *out_id = o.id;
    return 0;
}

int orgs_link(struct db *db, int64_t org, int64_t compound, struct app_error *err)
{
    struct org_row o;
    struct place_compound pc;
    int rc;

    if ((rc = store_org_get(db, org, &o)) < 0)
        return rc == DB_E_NOTFOUND ? app_fail(err, APP_E_NOTFOUND, "not_found", "org",
                                              "no organisation %lld", (long long)org)
                                   : app_db_fail(err, db, rc);
    if ((rc = store_compound_get(db, compound, &pc)) < 0)
        return rc == DB_E_NOTFOUND ? app_fail(err, APP_E_NOTFOUND, "not_found", "compound",
                                              "no compound %lld", (long long)compound)
                                   : app_db_fail(err, db, rc);
    if (!unitcode_within(pc.committee, o.street))
        return app_fail(err, APP_E_INVALID, "inconsistent", "compound",
                        "compound %lld is not in the organisation's street", (long long)compound);
    rc = store_org_link(db, org, compound);
    return rc < 0 ? app_db_fail(err, db, rc) : 0;
}

int orgs_attach_account(struct db *db, const char *account, int64_t org, struct app_error *err)
{
    struct account a;
    struct org_row o;
    int rc;

    if ((rc = store_account_by_name(db, account, &a)) < 0)
        return rc == DB_E_NOTFOUND ? app_fail(err, APP_E_NOTFOUND, "not_found", "account",
                                              "no account %.40s", account)
                                   : app_db_fail(err, db, rc);
    if (strcmp(a.role, "property") != 0)
        return app_fail(err, APP_E_INVALID, "bad_value", "account",
                        "only property accounts belong to an organisation");
    if (org && (rc = store_org_get(db, org, &o)) < 0)
        return rc == DB_E_NOTFOUND ? app_fail(err, APP_E_NOTFOUND, "not_found", "org",
                                              "no organisation %lld", (long long)org)
                                   : app_db_fail(err, db, rc);
    rc = store_account_set_org(db, a.id, org);
    return rc < 0 ? app_db_fail(err, db, rc) : 0;
}
