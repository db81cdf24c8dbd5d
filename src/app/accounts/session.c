/*
 * Sessions, CSRF tokens and the login throttle (see session.h).
 */
#include "app/accounts/session.h"

#include "app/accounts/accounts.h"
#include "core/date.h"
#include "util/clock.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CACHE_SLOTS 4096
#define KEY_MAX     (16 + ACCOUNT_NAME_MAX + CALLER_ADDR_MAX)

/* ---- tokens ------------------------------------------------------------- */

static pthread_once_t sodium_once = PTHREAD_ONCE_INIT;

static void sodium_start(void)
{
    if (sodium_init() < 0)
        abort();
}

static int token_valid(const char *token)
{
    size_t n = token ? strlen(token) : 0;

    if (n != SESSION_TOKEN_LEN - 1)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!((token[i] >= '0' && token[i] <= '9') || (token[i] >= 'a' && token[i] <= 'f')))
            return 0;
    return 1;
}

static void token_hash(const char *token, char out[SESSION_HASH_LEN])
{
    unsigned char h[crypto_hash_sha256_BYTES];

    pthread_once(&sodium_once, sodium_start);
    crypto_hash_sha256(h, (const unsigned char *)token, strlen(token));
    sodium_bin2hex(out, SESSION_HASH_LEN, h, sizeof h);
}

void session_csrf(const char *token, char out[SESSION_TOKEN_LEN])
{
    static const char label[] = "cordon-csrf";
    unsigned char key[32], h[32];

    pthread_once(&sodium_once, sodium_start);
    sodium_hex2bin(key, sizeof key, token, strlen(token), NULL, NULL, NULL);
    crypto_generichash(h, sizeof h, (const unsigned char *)label, sizeof label - 1, key,
                       sizeof key);
    sodium_bin2hex(out, SESSION_TOKEN_LEN, h, sizeof h);
    sodium_memzero(key, sizeof key);
}

int session_csrf_ok(const char *token, const char *csrf)
{
    char want[SESSION_TOKEN_LEN];

    if (!token_valid(token) || !csrf || strlen(csrf) != SESSION_TOKEN_LEN - 1)
        return 0;
    session_csrf(token, want);
    return sodium_memcmp(want, csrf, SESSION_TOKEN_LEN - 1) == 0;
}

static int caller_from(const struct account *a, struct caller *c)
{
    memset(c, 0, sizeof *c);
    if (role_parse(a->role, &c->role) < 0)
        return -1;
    c->account = a->id;
    snprintf(c->name, sizeof c->name, "%s", a->name);
    c->unit = a->unit;
    c->grid = a->grid;
    c->post = a->post;
    c->org = a->org;
    c->must_change = a->must_change;
    return 0;
}

/* 1 if the account may be used on `today`: within its days when it has
 * some (a deployed person's account, for the deployment's days). */
static int in_period(int32_t from, int32_t until, int32_t today)
{
    return (from == DATE_NONE || today >= from) && (until == DATE_NONE || today <= until);
}

/* ---- the per-process cache ----------------------------------------------- */

struct cache_entry {
    char hash[SESSION_HASH_LEN]; /* "" : empty slot */
    struct caller c;
    int32_t valid_from, valid_until; /* the account's days */
    int64_t last_seen;               /* as last written or read */
    double checked;                  /* monotonic seconds of the last database read */
};

static struct cache_entry cache[CACHE_SLOTS];
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;

static unsigned slot_of(const char *hash)
{
    unsigned v = 0;
    for (int i = 0; i < 4; i++)
        v = v * 16 + (unsigned)(hash[i] <= '9' ? hash[i] - '0' : hash[i] - 'a' + 10);
    return v % CACHE_SLOTS;
}

static void cache_forget(const char *hash)
{
    struct cache_entry *e = &cache[slot_of(hash)];

    pthread_mutex_lock(&cache_lock);
    if (strcmp(e->hash, hash) == 0)
        e->hash[0] = '\0';
    pthread_mutex_unlock(&cache_lock);
}

void session_cache_clear(void)
{
    pthread_mutex_lock(&cache_lock);
    for (int i = 0; i < CACHE_SLOTS; i++)
        cache[i].hash[0] = '\0';
    pthread_mutex_unlock(&cache_lock);
}

/* ---- small writes ------------------------------------------------------- */

struct hash_job {
    char hash[SESSION_HASH_LEN];
    int64_t now;
    int del; /* 1: delete, 0: touch */
};

static int hash_job_run(struct db *db, void *arg)
{
    struct hash_job *j = arg;
    return j->del ? store_session_delete(db, j->hash) : store_session_touch(db, j->hash, j->now);
}

static void hash_job_free(void *arg, int rc)
{
    (void)rc;
    free(arg);
}

/* Touches or deletes a session without waiting for it. */
static void fire_and_forget(struct db *db, struct writer *w, const char *hash, int64_t now, int del)
{
    struct hash_job *j = malloc(sizeof *j);

    if (!j)
        return;
    snprintf(j->hash, sizeof j->hash, "%s", hash);
    j->now = now;
    j->del = del;
    if (w) {
        if (writer_submit(w, hash_job_run, hash_job_free, j) < 0)
            free(j);
        return;
    }
    hash_job_run(db, j);
    free(j);
}

/* ---- checking a session --------------------------------------------------- */

int session_check(struct db *db, struct writer *w, const char *token, const char *address,
                  struct caller *out, struct app_error *err)
{
    char hash[SESSION_HASH_LEN];
    struct cache_entry *e;
    struct session_row row;
    int64_t now = clock_now(), last_seen;
    int32_t today = clock_today();
    double t = clock_mono();
    int rc, hit = 0, touch = 0;

    if (!token_valid(token))
        return app_fail(err, APP_E_AUTH, "no_session", NULL, "log in first");
    token_hash(token, hash);
    e = &cache[slot_of(hash)];
    pthread_mutex_lock(&cache_lock);
    if (strcmp(e->hash, hash) == 0 && t - e->checked < SESSION_CACHE_S &&
        e->last_seen >= now - SESSION_IDLE_S && in_period(e->valid_from, e->valid_until, today)) {
        *out = e->c;
        if (now - e->last_seen >= SESSION_TOUCH_S) {
            e->last_seen = now;
            touch = 1;
        }
        hit = 1;
    }
    pthread_mutex_unlock(&cache_lock);
    if (!hit) {
        rc = store_session_get(db, hash, &row);
        if (rc == DB_E_NOTFOUND)
            return app_fail(err, APP_E_AUTH, "no_session", NULL, "no such session; log in");
        if (rc < 0)
            return app_db_fail(err, db, rc);
        if (row.last_seen < now - SESSION_IDLE_S) {
            cache_forget(hash);
            fire_and_forget(db, w, hash, now, 1);
            return app_fail(err, APP_E_AUTH, "session_expired", NULL,
                            "the session expired after %d hours without use; log in again",
                            SESSION_IDLE_S / 3600);
        }
        if (row.a.disabled || caller_from(&row.a, out) < 0) {
            cache_forget(hash);
            return app_fail(err, APP_E_AUTH, "no_session", NULL, "the account is disabled");
        }
        if (!in_period(row.a.valid_from, row.a.valid_until, today)) {
            cache_forget(hash);
            fire_and_forget(db, w, hash, now, 1);
            return app_fail(err, APP_E_AUTH, "account_expired", NULL,
                            "the account is valid only for its deployment's days");
        }
        last_seen = row.last_seen;
        if (now - last_seen >= SESSION_TOUCH_S) {
            last_seen = now;
            touch = 1;
        }
        pthread_mutex_lock(&cache_lock);
        snprintf(e->hash, sizeof e->hash, "%s", hash);
        e->c = *out;
        e->valid_from = row.a.valid_from;
        e->valid_until = row.a.valid_until;
        e->last_seen = last_seen;
        e->checked = t;
        pthread_mutex_unlock(&cache_lock);
    }
    if (touch)
        fire_and_forget(db, w, hash, now, 0);
    snprintf(out->address, sizeof out->address, "%s", address ? address : "");
    return 0;
}

/* ---- logging in ------------------------------------------------------------- */

struct failure_job {
    char keys[2][KEY_MAX];
    int limits[2];
    int64_t now;
    int64_t locked_until; /* out: the attempt was refused until then */
};

/* Counts one failure in f (key i of j) and stores it. */
static int count_failure(struct db *db, const struct failure_job *j, int i, struct login_failure *f)
{
    if (j->now - f->first_at > SESSION_FAILURE_WINDOW_S || f->failures == 0) {
        f->failures = 0;
        f->first_at = j->now;
        /* A lockout long past no longer makes the next one longer. */
        if (f->locked_until < j->now - SESSION_FAILURE_WINDOW_S)
            f->lockouts = 0;
    }
    if (++f->failures >= j->limits[i]) {
        int shift = f->lockouts < 6 ? (int)f->lockouts : 6;
        f->lockouts++;
        f->locked_until = j->now + ((int64_t)SESSION_LOCK_S << shift);
        f->failures = 0;
        f->first_at = j->now;
    }
    return store_login_failure_put(db, j->keys[i], f);
}

/* Reserves one attempt: refused (locked_until set) when a key is locked,
 * else counted as a failure against each key before the password is
 * hashed, under the write lock, so that concurrent guesses are all counted
 * before any is evaluated: no more than the limit are ever evaluated. A
 * login that succeeds clears its account's count (success_job_run). */
static int failure_job_run(struct db *db, void *arg)
{
    struct failure_job *j = arg;
    struct login_failure f[2];
    int rc;

    j->locked_until = 0;
    for (int i = 0; i < 2; i++) {
        rc = store_login_failure_get(db, j->keys[i], &f[i]);
        if (rc == DB_E_NOTFOUND)
            memset(&f[i], 0, sizeof f[i]);
        else if (rc < 0)
            return rc;
        if (f[i].locked_until > j->now && f[i].locked_until > j->locked_until)
            j->locked_until = f[i].locked_until;
    }
    if (j->locked_until)
        return 0;
    for (int i = 0; i < 2; i++)
        if ((rc = count_failure(db, j, i, &f[i])) < 0)
            return rc;
    return 0;
}

struct success_job {
    char account_key[KEY_MAX];
    char address_key[KEY_MAX];
    char hash[SESSION_HASH_LEN];
    int64_t account;
    int64_t now;
    const char *address;
};

static int success_job_run(struct db *db, void *arg)
{
    struct success_job *j = arg;
    struct login_failure f;
    int rc;

    /* The address gets its reserved attempt back: many people behind one
     * address log in all day. */
    rc = store_login_failure_get(db, j->address_key, &f);
    if (rc < 0 && rc != DB_E_NOTFOUND)
        return rc;
    if (rc == 0 && f.failures > 0) {
        f.failures--;
        if ((rc = store_login_failure_put(db, j->address_key, &f)) < 0)
            return rc;
    }
    if ((rc = store_login_failure_clear(db, j->account_key)) < 0 ||
        (rc = store_sessions_expire(db, j->now - SESSION_IDLE_S)) < 0)
        return rc;
    return store_session_insert(db, j->hash, j->account, j->now, j->address);
}

int session_login(struct db *db, struct writer *w, const char *name, const char *password,
                  const char *address, struct login_result *out, struct app_error *err)
{
    struct failure_job fj;
    struct success_job sj;
    struct account a;
    unsigned char raw[32];
    int64_t now = clock_now(), locked = 0;
    int rc, found, ok;

    memset(out, 0, sizeof *out);
    if (!*name || strlen(name) >= ACCOUNT_NAME_MAX)
        return app_fail(err, APP_E_INVALID, "bad_value", "username",
                        "a user name has 1 to %d bytes", ACCOUNT_NAME_MAX - 1);
    if (strlen(password) > ACCOUNTS_PASSWORD_MAX)
        return app_fail(err, APP_E_INVALID, "bad_value", "password",
                        "a password has at most %d bytes", ACCOUNTS_PASSWORD_MAX);
    memset(&fj, 0, sizeof fj);
    snprintf(fj.keys[0], KEY_MAX, "account:%s", name);
    snprintf(fj.keys[1], KEY_MAX, "address:%s", address ? address : "");
    fj.limits[0] = SESSION_MAX_FAILURES_ACCOUNT;
    fj.limits[1] = SESSION_MAX_FAILURES_ADDRESS;
    fj.now = now;
    /* The attempt is reserved (counted) before the password is hashed. */
    if ((rc = app_write(db, w, failure_job_run, &fj)) < 0)
        return app_db_fail(err, db, rc);
    if ((locked = fj.locked_until)) {
        app_fail(err, APP_E_THROTTLED, "throttled", NULL,
                 "too many failed logins; try again in %lld s", (long long)(locked - now));
        err->retry_after = (int)(locked - now);
        return APP_E_THROTTLED;
    }
    rc = store_account_by_name(db, name, &a);
    if (rc < 0 && rc != DB_E_NOTFOUND)
        return app_db_fail(err, db, rc);
    found = rc == 0;
    /* A disabled account answers the same to any password (after the same
     * work), so it confirms none. */
    if (found && !a.disabled) {
        ok = accounts_verify_password(a.password_hash, password) == 0;
    } else {
        accounts_verify_dummy(password);
        ok = 0;
    }
    if (found && a.disabled)
        return app_fail(err, APP_E_FORBIDDEN, "account_disabled", NULL,
                        "the account %s is disabled", a.name);
    if (found && !in_period(a.valid_from, a.valid_until, clock_today()))
        return app_fail(err, APP_E_FORBIDDEN, "account_expired", NULL,
                        "the account %s is valid only for its deployment's days", a.name);
    if (!ok)
        return app_fail(err, APP_E_AUTH, "bad_credentials", NULL, "wrong user name or password");
    if (caller_from(&a, &out->caller) < 0)
        return app_fail(err, APP_E_INTERNAL, "bad_account", NULL, "the account has role %s",
                        a.role);
    pthread_once(&sodium_once, sodium_start);
    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(out->token, sizeof out->token, raw, sizeof raw);
    sodium_memzero(raw, sizeof raw);
    session_csrf(out->token, out->csrf);
    memset(&sj, 0, sizeof sj);
    snprintf(sj.account_key, sizeof sj.account_key, "%s", fj.keys[0]);
    snprintf(sj.address_key, sizeof sj.address_key, "%s", fj.keys[1]);
    token_hash(out->token, sj.hash);
    sj.account = a.id;
    sj.now = now;
    sj.address = address;
    if ((rc = app_write(db, w, success_job_run, &sj)) < 0)
        return app_db_fail(err, db, rc);
    snprintf(out->caller.address, sizeof out->caller.address, "%s", address ? address : "");
    return 0;
}

int session_logout(struct db *db, struct writer *w, const char *token)
{
    struct hash_job j;

    if (!token_valid(token))
        return 0;
    token_hash(token, j.hash);
    j.now = clock_now();
    j.del = 1;
    cache_forget(j.hash);
    return app_write(db, w, hash_job_run, &j);
}

struct password_job {
    int64_t account;
    char hash[ACCOUNT_HASH_MAX];
    char keep[SESSION_HASH_LEN];
};

static int password_job_run(struct db *db, void *arg)
{
    struct password_job *j = arg;
    int rc;

    if ((rc = store_account_set_password(db, j->account, j->hash, 0)) < 0)
        return rc;
    return store_sessions_delete_account(db, j->account, j->keep);
}

int session_change_password(struct db *db, struct writer *w, const struct caller *c,
                            const char *token, const char *current, const char *next,
                            struct app_error *err)
{
    struct password_job j;
    struct account a;
    int rc;

    if (accounts_password_ok(next, err) < 0) {
        snprintf(err->field, sizeof err->field, "new_password");
        return APP_E_INVALID;
    }
    if (strcmp(current, next) == 0)
        return app_fail(err, APP_E_INVALID, "bad_value", "new_password",
                        "the new password must differ from the current one");
    if ((rc = store_account_by_id(db, c->account, &a)) < 0)
        return app_db_fail(err, db, rc);
    if (strlen(current) > ACCOUNTS_PASSWORD_MAX ||
        accounts_verify_password(a.password_hash, current) < 0)
        return app_fail(err, APP_E_INVALID, "wrong_password", "password",
                        "the current password is wrong");
    memset(&j, 0, sizeof j);
    j.account = a.id;
    if (accounts_hash_password(next, j.hash) < 0)
        return app_fail(err, APP_E_INTERNAL, "nomem", NULL, "out of memory");
    token_hash(token, j.keep);
    if ((rc = app_write(db, w, password_job_run, &j)) < 0)
        return app_db_fail(err, db, rc);
    /* Other servers drop the other sessions within SESSION_CACHE_S; this
     * one forgets the whole cache now (rare, and cheap to refill). */
    session_cache_clear();
    return 0;
}

int session_live_count(struct db *db, int64_t *out)
{
    return store_sessions_count(db, clock_now() - SESSION_IDLE_S, out);
}
