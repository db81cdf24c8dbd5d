/*
 * Display tokens (displays.h): issued to an account of the unit or above
 * (PERM_DISPLAYS, the unit within its scope), stored as the SHA-256 of the
 * token like the check-in links, revoked by the same accounts; and the
 * caller a token stands for, checked on every request of the screen.
 */
#include "app/dashboard/displays.h"

#include "app/input.h"
#include "core/unitcode.h"
#include "store/units.h"

#include <stdio.h>
#include <string.h>

int displays_scope(const struct caller *c, int64_t unit, unsigned perm, struct app_error *err)
{
    int rc;

    if ((rc = app_require(c, perm, err)) < 0)
        return rc;
    if (!scope_contains(c, unit))
        return app_fail(err, APP_E_NOTFOUND, "not_found", "unit", "no unit %lld", (long long)unit);
    return 0;
}

int displays_create_parse(struct db *db, const json_t *body, void *job)
{
    static const char *const keys[] = {"unit", "name", NULL};
    struct displays_create *u = job;
    int present = 0, rc;

    (void)db;
    if ((rc = input_only_keys(body, keys, &u->err)) < 0 ||
        (rc = input_code(body, "unit", &u->unit, &present, &u->err)) < 0 ||
        (rc = input_text(body, "name", INPUT_TRIM, sizeof u->name - 1, u->name, sizeof u->name,
                         &u->err)) < 0)
        return rc;
    if (!present)
        return app_fail(&u->err, APP_E_INVALID, "missing", "unit", "unit is required");
    return 0;
}

int displays_create_job(struct db *db, void *arg)
{
    struct displays_create *u = arg;
    char hash[LINKHASH_LEN];
    struct unit unit;
    int64_t district;
    int rc;

    if ((rc = displays_scope(&u->c, u->unit, PERM_DISPLAYS, &u->err)) < 0)
        return rc;
    rc = store_unit_get(db, u->unit, &unit);
    if (rc == DB_E_NOTFOUND)
        return app_fail(&u->err, APP_E_NOTFOUND, "not_found", "unit", "no unit %lld",
                        (long long)u->unit);
    if (rc < 0)
        return app_db_fail(&u->err, db, rc);
    if (unit.level > LEVEL_COMMITTEE)
        return app_fail(&u->err, APP_E_INVALID, "bad_level", "unit",
                        "a display shows a committee or a unit above one, not a grid");
    if (linktoken_new(u->token) < 0 || linktoken_hash(u->token, hash) < 0)
        return app_fail(&u->err, APP_E_INTERNAL, "random", NULL, "no random numbers");
    memset(&u->out, 0, sizeof u->out);
    u->out.unit = u->unit;
    snprintf(u->out.name, sizeof u->out.name, "%s", u->name);
    u->out.created_at = u->now;
    snprintf(u->out.created_by, sizeof u->out.created_by, "%s", u->c.name);
    district = unit.level == LEVEL_CITY ? u->unit : unitcode_at_level(u->unit, LEVEL_DISTRICT);
    if ((rc = store_display_insert(db, &u->out, hash, district)) < 0)
        return app_db_fail(&u->err, db, rc);
    return 0;
}

int displays_revoke_job(struct db *db, void *arg)
{
    struct displays_revoke *u = arg;
    int rc;

    if ((rc = app_require(&u->c, PERM_DISPLAYS, &u->err)) < 0)
        return rc;
    rc = store_display_get(db, u->id, &u->out);
    if (rc == DB_E_NOTFOUND || (rc == 0 && !scope_contains(&u->c, u->out.unit)))
        return app_fail(&u->err, APP_E_NOTFOUND, "not_found", "id", "no display %lld",
                        (long long)u->id);
    if (rc < 0 || (!u->out.revoked_at && (rc = store_display_revoke(db, u->id, u->now)) < 0))
        return app_db_fail(&u->err, db, rc);
    if (!u->out.revoked_at)
        u->out.revoked_at = u->now;
    return 0;
}

PAGE_FORWARD(display_page, display_fn, struct display_row)

int displays_list(struct db *db, const struct caller *c, int64_t unit, struct page *pg,
                  display_fn fn, void *arg, struct app_error *err)
{
    struct display_page p = {{pg, 0, 0}, fn, arg};
    int64_t lo = 0, hi = 0;
    int rc;

    page_begin(pg, DISPLAYS_PAGE_DEFAULT, DISPLAYS_PAGE_MAX);
    if (!unit)
        unit = scope_of(c);
    if ((rc = displays_scope(c, unit, PERM_DISPLAYS, err)) < 0)
        return rc;
    if (unitcode_level(unit) < LEVEL_COMMITTEE && unitcode_committee_range(unit, &lo, &hi) < 0)
        lo = hi = 0;
    if ((rc = store_displays_within(db, unit, lo, hi, pg->cursor, display_page_one, &p)) < 0)
        return app_db_fail(err, db, rc);
    return 0;
}

int displays_caller(struct db *db, const char *token, struct caller *out, struct app_error *err)
{
    char hash[LINKHASH_LEN];
    struct display_row d;
    int rc;

    if (linktoken_hash(token, hash) < 0)
        return app_fail(err, APP_E_AUTH, "display_revoked", NULL, "no such display token");
    rc = store_display_by_token(db, hash, &d);
    if (rc == DB_E_NOTFOUND || (rc == 0 && d.revoked_at))
        return app_fail(err, APP_E_AUTH, "display_revoked", NULL,
                        "this display token is unknown or was revoked");
    if (rc < 0)
        return app_db_fail(err, db, rc);
    memset(out, 0, sizeof *out);
    out->role = ROLE_DISPLAY;
    out->unit = d.unit;
    snprintf(out->name, sizeof out->name, "display:%lld", (long long)d.id);
    return 0;
}
