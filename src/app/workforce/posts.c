/*
 * A post's roster, hand-over notes and teams (app/workforce/posts.h).
 */
#include "app/workforce/posts.h"

#include "app/daytime.h"
#include "app/input.h"
#include "core/unitcode.h"
#include "core/workforce.h"

#include <stdio.h>
#include <string.h>

int duty_post_read(struct db *db, const struct caller *c, int64_t id, struct duty_post_row *out,
                   struct app_error *err)
{
    struct deployment_row d;
    int rc = store_duty_post_get(db, id, out);

    if (rc < 0 && rc != DB_E_NOTFOUND)
        return app_db_fail(err, db, rc);
    if (role_can(c->role, PERM_STAFF)) {
        if (rc == DB_E_NOTFOUND || !scope_contains(c, out->unit))
            return app_fail(err, APP_E_NOTFOUND, "not_found", "id", "no post %lld", (long long)id);
        return 0;
    }
    /* A deployed person's account: its own post only. */
    if (c->account && rc == 0) {
        rc = store_deployment_by_account(db, c->account, &d);
        if (rc < 0 && rc != DB_E_NOTFOUND)
            return app_db_fail(err, db, rc);
        if (rc == 0 && d.duty_post == id)
            return 0;
    }
    return app_fail(err, APP_E_FORBIDDEN, "forbidden", NULL, "not a post of this account's");
}

int duty_post_roster(struct db *db, const struct caller *c, int64_t id, int32_t from, roster_fn fn,
                     void *arg, struct app_error *err)
{
    struct duty_post_row p;
    int rc;

    if ((rc = duty_post_read(db, c, id, &p, err)) < 0)
        return rc;
    if ((rc = store_roster(db, id, from, from + 6, fn, arg)) < 0)
        return app_db_fail(err, db, rc);
    return 0;
}

int duty_post_notes(struct db *db, const struct caller *c, int64_t id, shift_note_fn fn, void *arg,
                    struct app_error *err)
{
    struct duty_post_row p;
    int rc;

    if ((rc = duty_post_read(db, c, id, &p, err)) < 0)
        return rc;
    if ((rc = store_shift_notes(db, id, SHIFT_NOTES_SHOWN, fn, arg)) < 0)
        return app_db_fail(err, db, rc);
    return 0;
}

int duty_post_teams(struct db *db, const struct caller *c, int64_t id, team_fn fn, void *arg,
                    struct app_error *err)
{
    struct duty_post_row p;
    int rc;

    if ((rc = duty_post_read(db, c, id, &p, err)) < 0)
        return rc;
    if ((rc = store_teams(db, 0, 0, id, fn, arg)) < 0)
        return app_db_fail(err, db, rc);
    return 0;
}

int teams_within(struct db *db, const struct caller *c, int64_t unit, team_fn fn, void *arg,
                 struct app_error *err)
{
    int64_t lo, hi;
    int rc;

    if (!unit)
        unit = scope_of(c);
    if ((rc = scope_check_unit(c, unit, PERM_STAFF, err)) < 0)
        return rc;
    if (unitcode_committee_range(unit, &lo, &hi) < 0)
        return app_fail(err, APP_E_NOTFOUND, "not_found", "unit", "no unit %lld", (long long)unit);
    if ((rc = store_teams(db, lo, hi, 0, fn, arg)) < 0)
        return app_db_fail(err, db, rc);
    return 0;
}

int shift_note_parse(struct db *db, const json_t *body, void *job)
{
    static const char *const keys[] = {"note", NULL};
    struct shift_note_new *u = job;
    int rc;

    (void)db;
    if ((rc = input_only_keys(body, keys, &u->err)) < 0 ||
        (rc = input_text(body, "note", INPUT_REQUIRED | INPUT_TRIM, SHIFT_NOTE_MAX, u->n.note,
                         sizeof u->n.note, &u->err)) < 0)
        return rc;
    return 0;
}

int shift_note_job(struct db *db, void *arg)
{
    struct shift_note_new *u = arg;
    struct duty_post_row p;
    int rc;

    if ((rc = duty_post_read(db, &u->c, u->id, &p, &u->err)) < 0)
        return rc;
    u->n.duty_post = p.id;
    u->n.day = u->today;
    snprintf(u->n.shift, sizeof u->n.shift, "%s",
             shift_code(shift_at((int64_t)daytime_minute(u->now) * 60)));
    snprintf(u->n.written_by, sizeof u->n.written_by, "%s", u->c.name);
    u->n.at = u->now;
    if ((rc = store_shift_note_insert(db, &u->n)) < 0)
        return app_db_fail(&u->err, db, rc);
    return 0;
}

int team_parse(struct db *db, const json_t *body, void *job)
{
    static const char *const keys[] = {"name", "post", "lead", "members", NULL};
    struct team_new *u = job;
    int pp = 0, pl = 0, rc, lead_in = 0;

    (void)db;
    if ((rc = input_only_keys(body, keys, &u->err)) < 0 ||
        (rc = input_text(body, "name", INPUT_REQUIRED | INPUT_TRIM, sizeof u->t.name - 1, u->t.name,
                         sizeof u->t.name, &u->err)) < 0 ||
        (rc = input_id(body, "post", &u->t.duty_post, &pp, &u->err)) < 0 ||
        (rc = input_id(body, "lead", &u->t.lead, &pl, &u->err)) < 0 ||
        (rc = input_ids(body, "members", u->t.members, TEAM_MEMBERS_MAX, &u->t.nmembers, &u->err)) <
            0)
        return rc;
    if (!pp || !pl)
        return app_fail(&u->err, APP_E_INVALID, "missing", !pp ? "post" : "lead",
                        "post and lead are required");
    for (int i = 0; i < u->t.nmembers; i++)
        lead_in |= u->t.members[i] == u->t.lead;
    if (!lead_in)
        return app_fail(&u->err, APP_E_INVALID, "lead_not_member", "lead",
                        "the lead is one of the members");
    return 0;
}

int team_job(struct db *db, void *arg)
{
    struct team_new *u = arg;
    struct duty_post_row p;
    struct staff_row s;
    int rc;

    if ((rc = app_require(&u->c, PERM_STAFF, &u->err)) < 0)
        return rc;
    rc = store_duty_post_get(db, u->t.duty_post, &p);
    if (rc == DB_E_NOTFOUND || (rc == 0 && !scope_contains(&u->c, p.unit)))
        return app_fail(&u->err, APP_E_NOTFOUND, "not_found", "post", "no post %lld",
                        (long long)u->t.duty_post);
    if (rc < 0)
        return app_db_fail(&u->err, db, rc);
    for (int i = 0; i < u->t.nmembers; i++) {
        if ((rc = store_staff_get(db, u->t.members[i], &s)) == DB_E_NOTFOUND)
            return app_fail(&u->err, APP_E_NOTFOUND, "not_found", "members", "no staff %lld",
                            (long long)u->t.members[i]);
        if (rc < 0)
            return app_db_fail(&u->err, db, rc);
        snprintf(u->t.names[i], sizeof u->t.names[i], "%s", s.name);
        snprintf(u->t.homes[i], sizeof u->t.homes[i], "%s", s.home_unit_name);
    }
    u->t.area = p.area;
    snprintf(u->t.post_name, sizeof u->t.post_name, "%s", p.name);
    if ((rc = store_team_insert(db, &u->t)) == DB_E_CONSTRAINT)
        return app_fail(&u->err, APP_E_CONFLICT, "duplicate", "name",
                        "a team %s exists at this post", u->t.name);
    return rc < 0 ? app_db_fail(&u->err, db, rc) : 0;
}
