/*
 * Accounts that follow deployments (issue 14): a deployed person gets an
 * account scoped to their post for the deployment's days -- at a
 * checkpoint post a checkpoint account bound to that post (it screens
 * only there), elsewhere a helper account of the post's unit (it sees
 * that unit's tasks and those assigned to it). Outside the deployment's
 * days login is refused and open sessions end (app/accounts/session.c).
 * With it the person signs in and out at the post, as with the link.
 */
#ifndef CORDON_APP_WORKFORCE_DEPLOYED_H
#define CORDON_APP_WORKFORCE_DEPLOYED_H

#include "app/accounts/accounts.h"
#include "app/workforce/workforce.h"

/* An account for the deployment {id}: body {username?} (default dep<id>);
 * PERM_STAFF over the post. Answers the account with its one-time
 * password (to be changed at first login). The parser generates and hashes
 * the password: Argon2 takes ~50 ms and must not hold up the group-commit
 * writer (every other write waits behind a job). */
struct deploy_account {
    APP_JOB_HEAD; /* c, id, today, now, err (app/app.h) */
    char name[ACCOUNT_NAME_MAX];
    char password[ACCOUNTS_GENERATED_LEN];
    char hash[ACCOUNT_HASH_MAX]; /* the password's, hashed by the parser */
    const char *role;            /* role code */
    int64_t account;
    struct deployment_row d;
    struct duty_post_row p;
};
int deploy_account_parse(struct db *db, const json_t *body, void *job); /* app_parse_fn */
int deploy_account_job(struct db *db, void *arg);

/* Signing in or out at the post with the deployed person's own account
 * (struct sign; the token unused): body {action, post?}. */
int sign_self_parse(struct db *db, const json_t *body, void *job); /* app_parse_fn */
int sign_self_job(struct db *db, void *arg);

#endif
