/*
 * Logging in and out, and recognising a session on every request.
 *
 * A session token is 32 random bytes written as 64 hex digits; the database
 * keeps only its SHA-256, so a copy of the database lets no one in. The
 * CSRF token is derived from the session token (a keyed BLAKE2b), so it
 * needs no storage and is the same on every server sharing the database.
 * Sessions end after SESSION_IDLE_S without use. Recognising a session is
 * on every request's path, so each process keeps what it learnt in a small
 * cache, re-read from the database after SESSION_CACHE_S: a logout, a
 * disabled account or a password change made elsewhere takes effect within
 * that time (at once on the server that made it).
 *
 * Failed logins are counted per account and per client address, in the
 * database so that every server sees them: SESSION_MAX_FAILURES_ACCOUNT
 * (or _ADDRESS) failures within SESSION_FAILURE_WINDOW_S lock the key for
 * SESSION_LOCK_S, doubling with each lockout in a row (up to 64 times).
 * While locked, every attempt answers "throttled", even with the right
 * password, and is not even checked. Each attempt is counted (reserved)
 * before its password is hashed, so concurrent guesses cannot get more
 * than the limit evaluated; a login that succeeds gives it back. A
 * disabled account answers APP_E_FORBIDDEN to any password.
 */
#ifndef CORDON_APP_SESSION_H
#define CORDON_APP_SESSION_H

#include "app/app.h"
#include "store/accounts.h"
#include "store/db.h"
#include "store/writer.h"

#define SESSION_TOKEN_LEN            65 /* 64 hex digits and a NUL */
#define SESSION_IDLE_S               (12 * 3600)
#define SESSION_TOUCH_S              60 /* last_seen is written at most this often */
#define SESSION_CACHE_S              1
#define SESSION_MAX_FAILURES_ACCOUNT 5
#define SESSION_MAX_FAILURES_ADDRESS 20
#define SESSION_FAILURE_WINDOW_S     900
#define SESSION_LOCK_S               60

struct login_result {
    char token[SESSION_TOKEN_LEN]; /* for the cookie */
    char csrf[SESSION_TOKEN_LEN];  /* for X-CSRF-Token */
    struct caller caller;
};

/*
 * Checks name and password (blocks for one Argon2id verification; run it
 * off the request threads), applies and updates the throttle, and creates a
 * session. Writes go through `w` (may be NULL: direct). `address` is the
 * client's. Returns 0, or APP_E_THROTTLED (err->retry_after set),
 * APP_E_AUTH (bad name or password), APP_E_FORBIDDEN (account disabled),
 * APP_E_INVALID or a db error, with err filled.
 */
int session_login(struct db *db, struct writer *w, const char *name, const char *password,
                  const char *address, struct login_result *out, struct app_error *err);

/*
 * The caller behind a session token (the cookie's value). Returns 0 and
 * fills *out, or APP_E_AUTH ("no_session", "session_expired") with err.
 * Also refreshes the session's last use now and then, through `w` without
 * waiting (NULL: directly on db).
 */
int session_check(struct db *db, struct writer *w, const char *token, const char *address,
                  struct caller *out, struct app_error *err);

/* The CSRF token of a session token. */
void session_csrf(const char *token, char out[SESSION_TOKEN_LEN]);

/* 1 if `csrf` (the X-CSRF-Token header, may be NULL) belongs to token. */
int session_csrf_ok(const char *token, const char *csrf);

/* Ends the session of `token` (no error if there is none). */
int session_logout(struct db *db, struct writer *w, const char *token);

/* Changes the caller's password after checking the current one (blocks
 * for two hashes). Ends every other session of the account. */
int session_change_password(struct db *db, struct writer *w, const struct caller *c,
                            const char *token, const char *current, const char *next,
                            struct app_error *err);

/* Sessions used within the idle time (for /metrics). */
int session_live_count(struct db *db, int64_t *out);

/* Drops the cached entries of every session (tests). */
void session_cache_clear(void);

#endif
