/*
 * Resume-together groups (see groups.h): created by the street, read with
 * their members' statuses, and the check an opening goes through.
 */
#include "app/enterprises/groups.h"

#include "app/enterprises/enterprises.h"
#include "app/input.h"
#include "core/resume_groups.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Reads group `id`'s row and members, counting those not ready. */
static int read_group(struct db *db, int64_t id, struct enterprise_group *out)
{
    int64_t ids[GROUP_MEMBERS_MAX];
    enum resumption_status s;
    int rc, n = 0;

    out->n = out->waiting = 0;
    if ((rc = store_group_get(db, id, &out->g)) < 0 ||
        (rc = store_group_members(db, id, ids, GROUP_MEMBERS_MAX, &n)) < 0)
        return rc;
    for (int i = 0; i < n; i++) {
        struct enterprise_row *e = &out->members[out->n];
        if ((rc = store_enterprise_get(db, ids[i], e)) < 0)
            return rc;
        out->n++;
        if (resumption_parse(e->status, &s) < 0)
            s = RS_CLOSED;
        out->waiting += !group_member_ready(s);
    }
    return 0;
}

int group_create_parse(struct db *db, const json_t *body, void *job)
{
    static const char *const keys[] = {"name", "members", NULL};
    struct group_create *u = job;
    int rc;

    (void)db;
    if ((rc = input_only_keys(body, keys, &u->err)) < 0 ||
        (rc = input_text(body, "name", INPUT_REQUIRED | INPUT_TRIM, 120, u->name, sizeof u->name,
                         &u->err)) < 0 ||
        (rc = input_ids(body, "members", u->ids, GROUP_MEMBERS_MAX, &u->n, &u->err)) < 0)
        return rc;
    if (u->n < 2)
        return app_fail(&u->err, APP_E_INVALID, "too_few", "members",
                        "a group resumes at least two enterprises together");
    return 0;
}

int group_create_job(struct db *db, void *arg)
{
    struct group_create *u = arg;
    struct enterprise_row e;
    int64_t in = 0;
    int rc;

    if ((rc = app_require(&u->c, PERM_APPROVE, &u->err)) < 0)
        return rc;
    memset(&u->out.g, 0, sizeof u->out.g);
    for (int i = 0; i < u->n; i++) {
        if ((rc = enterprise_visible(db, &u->c, u->ids[i], &e, &u->err)) < 0) {
            snprintf(u->err.field, sizeof u->err.field, "members");
            return rc;
        }
        if (i > 0 && e.street != u->out.g.street)
            return app_fail(&u->err, APP_E_INVALID, "mixed_streets", "members",
                            "the members of a group are of one street");
        u->out.g.street = e.street;
        u->out.g.district = e.district;
        if ((rc = store_group_of(db, e.id, &in)) == 0)
            return app_fail(&u->err, APP_E_CONFLICT, "in_group", "members",
                            "%s is in a group already", e.name);
        if (rc != DB_E_NOTFOUND)
            return app_db_fail(&u->err, db, rc);
    }
    snprintf(u->out.g.name, sizeof u->out.g.name, "%s", u->name);
    if ((rc = store_group_insert(db, &u->out.g, u->c.name, u->now)) < 0)
        return app_db_fail(&u->err, db, rc);
    for (int i = 0; i < u->n; i++)
        if ((rc = store_group_member_add(db, u->out.g.id, u->ids[i], u->out.g.district)) < 0)
            return app_db_fail(&u->err, db, rc);
    if ((rc = read_group(db, u->out.g.id, &u->out)) < 0)
        return app_db_fail(&u->err, db, rc);
    return 0;
}

int enterprise_group_get(struct db *db, const struct caller *c, int64_t id,
                         struct enterprise_group *out, struct app_error *err)
{
    struct enterprise_row e;
    struct app_error ignored;
    int rc;

    if (!role_can(c->role, PERM_ENTERPRISES) && !role_can(c->role, PERM_OWN_ENTERPRISE) &&
        !role_can(c->role, PERM_ASSIGNED))
        return app_fail(err, APP_E_FORBIDDEN, "forbidden", NULL, "this role sees no enterprise");
    rc = read_group(db, id, out);
    if (rc < 0 && rc != DB_E_NOTFOUND)
        return app_db_fail(err, db, rc);
    if (rc == 0 && role_can(c->role, PERM_ENTERPRISES) && scope_contains(c, out->g.street))
        return 0;
    for (int i = 0; rc == 0 && i < out->n && !role_can(c->role, PERM_ENTERPRISES); i++)
        if (enterprise_visible(db, c, out->members[i].id, &e, &ignored) == 0)
            return 0;
    return app_fail(err, APP_E_NOTFOUND, "not_found", "id", "no group %lld", (long long)id);
}

int enterprise_group_of(struct db *db, int64_t enterprise, struct enterprise_group *out,
                        struct app_error *err)
{
    int64_t id = 0;
    int rc = store_group_of(db, enterprise, &id);

    memset(&out->g, 0, sizeof out->g);
    out->n = out->waiting = 0;
    if (rc == DB_E_NOTFOUND)
        return 0;
    if (rc < 0 || (rc = read_group(db, id, out)) < 0)
        return app_db_fail(err, db, rc);
    return 0;
}

int enterprise_group_check_open(struct db *db, int64_t id, struct app_error *err)
{
    struct enterprise_group *g = malloc(sizeof *g);
    int rc;

    if (!g)
        return app_fail(err, APP_E_INTERNAL, "nomem", NULL, "out of memory");
    rc = enterprise_group_of(db, id, g, err);
    if (rc == 0 && g->g.id && g->waiting > 0)
        rc = app_fail(err, APP_E_CONFLICT, "group_waiting", "status",
                      "it resumes together with its group %s: %d of the %d members are not "
                      "approved yet",
                      g->g.name, g->waiting, g->n);
    free(g);
    return rc;
}
