/*
 * Accounts: creating them with a role and a scope, passwords (Argon2id via
 * libsodium, INTERACTIVE limits: about 50 ms and 64 MiB each, so at most
 * one hash per core runs at a time, whoever asks), disabling, listing, and
 * the demo's one account per role.
 */
#ifndef CORDON_APP_ACCOUNTS_H
#define CORDON_APP_ACCOUNTS_H

#include "app/accounts/roles.h"
#include "app/app.h"
#include "store/accounts.h"
#include "store/db.h"

#include <stdint.h>

#define ACCOUNTS_ERR_LEN       256
#define ACCOUNTS_PASSWORD_MIN  8   /* characters (bytes) */
#define ACCOUNTS_PASSWORD_MAX  128 /* bytes */
#define ACCOUNTS_GENERATED_LEN 17  /* a generated password and its NUL */

/* 1 if `name` is a valid account name: 2 to 32 of a-z 0-9 . _ - starting
 * with a letter or digit. */
int accounts_name_valid(const char *name);

/* Hashes a password (blocks while every core is already hashing). Returns
 * 0, or -1 (out of memory). */
int accounts_hash_password(const char *password, char out[ACCOUNT_HASH_MAX]);

/* 0 if password matches hash, else -1. Counts against the same limit. */
int accounts_verify_password(const char *hash, const char *password);

/* Spends the time of one verification without a real hash, so a login for
 * an unknown name takes as long as one with a wrong password. */
void accounts_verify_dummy(const char *password);

/* Password verifications (real or dummy) run by this process so far, for
 * /metrics: a login for an unknown name must add one, like a wrong
 * password. */
uint64_t accounts_verify_count(void);

/* 16 random characters from an alphabet without look-alikes (0/O, 1/l/I). */
void accounts_generate_password(char out[ACCOUNTS_GENERATED_LEN]);

struct account_new {
    const char *name;
    const char *role;     /* role code */
    int64_t unit;         /* the account's org unit */
    int64_t grid;         /* grid workers: a grid of `unit` (or unit is the grid); else 0 */
    const char *password; /* NULL: generate one (must be changed at first login) */
    int64_t post;         /* checkpoint accounts: their post (posts.id); else 0 */
    int64_t org;          /* property accounts: their organisation (orgs.id); else 0 */
};

/*
 * Creates an account after checking the name, role, that the unit (and
 * grid) exist and suit the role, and the password's length. When no
 * password is given one is generated into out_password (else out_password
 * is ""). Returns 0 (id in *out_id, may be NULL), -1 for invalid input or a
 * taken name (err says which), or a db error.
 */
int accounts_create(struct db *db, const struct account_new *n,
                    char out_password[ACCOUNTS_GENERATED_LEN], int64_t *out_id,
                    struct app_error *err);

/* As accounts_create, with n->password NULL and the hash of a generated
 * password the caller already holds (accounts_hash_password, run before
 * the job is queued so the ~50 ms of Argon2 never hold up the group-commit
 * writer); the password is to be changed at first login. */
int accounts_create_hashed(struct db *db, const struct account_new *n,
                           const char hash[ACCOUNT_HASH_MAX], int64_t *out_id,
                           struct app_error *err);

/* Sets a new password (NULL: generate one into out_password, to be changed
 * at next login) and ends the account's sessions. */
int accounts_set_password(struct db *db, const char *name, const char *password,
                          char out_password[ACCOUNTS_GENERATED_LEN], struct app_error *err);

/* Disables (1) or enables (0) an account; disabling ends its sessions. */
int accounts_set_disabled(struct db *db, const char *name, int disabled, struct app_error *err);

/* Checks a new password's length: 0, or -1 with err. */
int accounts_password_ok(const char *password, struct app_error *err);

/*
 * The demo's accounts (demo only: their passwords are printed in the docs):
 * one per role, scoped in and around 岐山居委会, plus a second committee
 * (310105002003) to test the line between two committees.
 */
struct demo_account {
    const char *name;
    const char *role;
    int64_t unit;
    int64_t grid;
    const char *password;
    const char *note; /* what the scope is, in Chinese */
};
extern const struct demo_account accounts_demo[]; /* ends with name == NULL */

/*
 * Creates every demo account that does not exist yet (an existing name is
 * left alone). Call after demo_create(): the grid worker's grid
 * 310105002002001 must exist. Returns 0 (how many were created in
 * *out_created, may be NULL) or < 0 with err.
 */
int accounts_create_demo(struct db *db, int *out_created, struct app_error *err);

#endif
