/*
 * Accounts that follow deployments (app/workforce/deployed.h).
 */
#include "app/workforce/deployed.h"

#include "app/input.h"
#include "core/unitcode.h"

#include <stdio.h>
#include <string.h>

int deploy_account_parse(struct db *db, const json_t *body, void *job)
{
    static const char *const keys[] = {"username", NULL};
    struct deploy_account *u = job;
    int rc;

    (void)db;
    if (body && ((rc = input_only_keys(body, keys, &u->err)) < 0 ||
                 (rc = input_text(body, "username", INPUT_TRIM, sizeof u->name - 1, u->name,
                                  sizeof u->name, &u->err)) < 0))
        return rc;
    if (!u->name[0])
        snprintf(u->name, sizeof u->name, "dep%lld", (long long)u->id);
    accounts_generate_password(u->password);
    if (accounts_hash_password(u->password, u->hash) < 0)
        return app_fail(&u->err, APP_E_INTERNAL, "nomem", NULL, "out of memory while hashing");
    return 0;
}

/* The deployment {id} and its post, within the caller's scope. */
static int deployment_in_scope(struct db *db, struct deploy_account *u)
{
    int rc;

    if ((rc = store_deployment_get(db, u->id, &u->d)) == 0)
        rc = store_duty_post_get(db, u->d.duty_post, &u->p);
    if (rc == DB_E_NOTFOUND || (rc == 0 && !scope_contains(&u->c, u->p.unit)))
        return app_fail(&u->err, APP_E_NOTFOUND, "not_found", "id", "no deployment %lld",
                        (long long)u->id);
    return rc < 0 ? app_db_fail(&u->err, db, rc) : 0;
}

int deploy_account_job(struct db *db, void *arg)
{
    struct deploy_account *u = arg;
    struct account_new n = {0};
    int rc;

    if ((rc = app_require(&u->c, PERM_STAFF, &u->err)) < 0 || (rc = deployment_in_scope(db, u)) < 0)
        return rc;
    if (u->today > u->d.until)
        return app_fail(&u->err, APP_E_CONFLICT, "deployment_over", "id",
                        "the deployment ended; an account would never work");
    /* At a checkpoint post: that post's screening account; elsewhere a
     * helper of the post's unit. */
    u->role = role_code(u->p.post ? ROLE_CHECKPOINT : ROLE_HELPER);
    n.name = u->name;
    n.role = u->role;
    n.unit = u->p.unit;
    n.post = u->p.post;
    rc = accounts_create_hashed(db, &n, u->hash, &u->account, &u->err);
    if (rc == -1)
        return strcmp(u->err.code, "exists") == 0 ? APP_E_CONFLICT : APP_E_INVALID;
    if (rc < 0)
        return APP_E_INTERNAL;
    if ((rc = store_account_set_period(db, u->account, u->d.from, u->d.until)) < 0)
        return app_db_fail(&u->err, db, rc);
    if ((rc = store_deployment_account_set(db, u->d.id, u->account)) == DB_E_CONSTRAINT)
        return app_fail(&u->err, APP_E_CONFLICT, "has_account", "id",
                        "the deployment already has an account");
    return rc < 0 ? app_db_fail(&u->err, db, rc) : 0;
}

int sign_self_parse(struct db *db, const json_t *body, void *job)
{
    int present = 0;

    (void)db;
    return sign_read_body(body, job, &present);
}

int sign_self_job(struct db *db, void *arg)
{
    struct sign *u = arg;
    int rc;

    if ((rc = store_deployment_by_account(db, u->c.account, &u->d)) == DB_E_NOTFOUND)
        return app_fail(&u->err, APP_E_FORBIDDEN, "not_deployed", NULL,
                        "this account is no deployed person's");
    if (rc < 0)
        return app_db_fail(&u->err, db, rc);
    if (!u->post)
        u->post = u->d.duty_post;
    return sign_at_post(db, u);
}
