/*
 * Storage of accounts, sessions and failed-login counters (tables of
 * 003_accounts.sql). Plain rows in and out; who may do what is decided in
 * app/ (roles.c, session.c), never here.
 */
#ifndef CORDON_STORE_ACCOUNTS_H
#define CORDON_STORE_ACCOUNTS_H

#include "store/db.h"

#include <stdint.h>

#define ACCOUNT_NAME_MAX 64
#define ACCOUNT_ROLE_MAX 16
#define ACCOUNT_HASH_MAX 128 /* crypto_pwhash_STRBYTES */
#define SESSION_HASH_LEN 65  /* SHA-256 in hex and a NUL */

struct account {
    int64_t id;
    char name[ACCOUNT_NAME_MAX];
    char role[ACCOUNT_ROLE_MAX];
    int64_t unit;
    int64_t grid; /* 0: none */
    int64_t post; /* checkpoint accounts: their post (004_checkpoints.sql); else 0 */
    int64_t org;  /* property accounts: their organisation (005_tasks.sql); else 0 */
    char password_hash[ACCOUNT_HASH_MAX];
    int must_change;
    int disabled;
    int64_t created_at;
    /* The days the account may log in, both included (a deployed person's,
     * 010_workforce_more.sql); DATE_NONE: no bound. */
    int32_t valid_from, valid_until;
};

/* Inserts a (sets a->id). DB_E_CONSTRAINT when the name is taken or the
 * unit or grid does not exist. */
int store_account_insert(struct db *db, struct account *a);

/* One account by name or id: 0, DB_E_NOTFOUND or < 0. */
int store_account_by_name(struct db *db, const char *name, struct account *out);
int store_account_by_id(struct db *db, int64_t id, struct account *out);

int store_account_set_password(struct db *db, int64_t id, const char *hash, int must_change);
int store_account_set_disabled(struct db *db, int64_t id, int disabled);
/* The days the account may log in (DATE_NONE: no bound). */
int store_account_set_period(struct db *db, int64_t id, int32_t from, int32_t until);

/* Every account in name order; fn returning non-zero stops and is returned. */
typedef int (*account_fn)(void *arg, const struct account *a);
int store_accounts_each(struct db *db, account_fn fn, void *arg);

/* A session joined with its account. */
struct session_row {
    int64_t account;
    int64_t created_at;
    int64_t last_seen;
    struct account a; /* password_hash left empty */
};

int store_session_insert(struct db *db, const char *token_hash, int64_t account, int64_t now,
                         const char *address);
int store_session_get(struct db *db, const char *token_hash, struct session_row *out);
int store_session_touch(struct db *db, const char *token_hash, int64_t now);
int store_session_delete(struct db *db, const char *token_hash);
/* Every session of an account (disabled, password changed) but the one
 * whose hash is `keep` (NULL: none kept). */
int store_sessions_delete_account(struct db *db, int64_t account, const char *keep);
/* Sessions last seen before `before`. */
int store_sessions_expire(struct db *db, int64_t before);
/* Sessions seen at or after `since`. */
int store_sessions_count(struct db *db, int64_t since, int64_t *out);

/* Failed-login counters. get returns DB_E_NOTFOUND for a clean key. */
struct login_failure {
    int64_t failures;
    int64_t first_at;
    int64_t lockouts;
    int64_t locked_until;
};
int store_login_failure_get(struct db *db, const char *key, struct login_failure *out);
int store_login_failure_put(struct db *db, const char *key, const struct login_failure *f);
int store_login_failure_clear(struct db *db, const char *key);

#endif
