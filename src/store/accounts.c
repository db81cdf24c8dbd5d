/*
 * SQL of accounts, sessions and failed-login counters (see accounts.h).
 */
#include "store/accounts.h"

#include "core/unitcode.h"

#include <stdio.h>
#include <string.h>

#define ACCOUNT_COLS                                                                               \
    "id, name, role, unit, grid, password_hash, must_change, disabled, created_at, post, org"

static void read_account(struct db_stmt *st, int c, struct account *a)
{
    memset(a, 0, sizeof *a);
    a->id = db_column_int64(st, c + 0);
    snprintf(a->name, sizeof a->name, "%s", db_column_text(st, c + 1));
    snprintf(a->role, sizeof a->role, "%s", db_column_text(st, c + 2));
    a->unit = db_column_int64(st, c + 3);
    a->grid = db_column_is_null(st, c + 4) ? 0 : db_column_int64(st, c + 4);
    snprintf(a->password_hash, sizeof a->password_hash, "%s", db_column_text(st, c + 5));
    a->must_change = (int)db_column_int64(st, c + 6);
    a->disabled = (int)db_column_int64(st, c + 7);
    a->created_at = db_column_int64(st, c + 8);
    a->post = db_column_is_null(st, c + 9) ? 0 : db_column_int64(st, c + 9);
    a->org = db_column_is_null(st, c + 10) ? 0 : db_column_int64(st, c + 10);
}

/* Steps once: 0 on a change, the error otherwise. */
static int step_done(struct db_stmt *st)
{
    int rc = db_step(st);

    db_done(st);
    return rc < 0 ? rc : 0;
}

int store_account_insert(struct db *db, struct account *a)
{
    struct db_stmt *st;
    int64_t district = unitcode_at_level(a->unit, LEVEL_DISTRICT);
    int rc;

    if ((rc = db_prepare(db,
                         "INSERT INTO accounts (name, role, unit, grid, password_hash, "
                         "must_change, disabled, created_at, district, post, org) "
                         "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
                         &st)) < 0)
        return rc;
    db_bind_text(st, 1, a->name, -1);
    db_bind_text(st, 2, a->role, -1);
    db_bind_int64(st, 3, a->unit);
    if (a->grid)
        db_bind_int64(st, 4, a->grid);
    else
        db_bind_null(st, 4);
    db_bind_text(st, 5, a->password_hash, -1);
    db_bind_int64(st, 6, a->must_change);
    db_bind_int64(st, 7, a->disabled);
    db_bind_int64(st, 8, a->created_at);
    db_bind_int64(st, 9, district ? district : a->unit);
    if (a->post)
        db_bind_int64(st, 10, a->post);
    else
        db_bind_null(st, 10);
    if (a->org)
        db_bind_int64(st, 11, a->org);
    else
        db_bind_null(st, 11);
    rc = db_step(st);
    if (rc == DB_ROW) {
        a->id = db_column_int64(st, 0);
        rc = 0;
    } else if (rc == DB_DONE) {
        rc = DB_E_ERROR;
    }
    db_done(st);
    return rc;
}

static int one_account(struct db_stmt *st, struct account *out)
{
    int rc = db_step(st);

    if (rc == DB_ROW) {
        read_account(st, 0, out);
        rc = 0;
    } else if (rc == DB_DONE) {
        rc = DB_E_NOTFOUND;
    }
    db_done(st);
    return rc;
}

int store_account_by_name(struct db *db, const char *name, struct account *out)
{
    struct db_stmt *st;
    int rc;

    if ((rc = db_prepare(db, "SELECT " ACCOUNT_COLS " FROM accounts WHERE name = $1", &st)) < 0)
        return rc;
    db_bind_text(st, 1, name, -1);
    return one_account(st, out);
}

int store_account_by_id(struct db *db, int64_t id, struct account *out)
{
    struct db_stmt *st;
    int rc;

    if ((rc = db_prepare(db, "SELECT " ACCOUNT_COLS " FROM accounts WHERE id = $1", &st)) < 0)
        return rc;
    db_bind_int64(st, 1, id);
    return one_account(st, out);
}

int store_account_set_password(struct db *db, int64_t id, const char *hash, int must_change)
{
    struct db_stmt *st;
    int rc;

    if ((rc = db_prepare(db,
                         "UPDATE accounts SET password_hash = $2, must_change = $3 WHERE id = $1",
                         &st)) < 0)
        return rc;
    db_bind_int64(st, 1, id);
    db_bind_text(st, 2, hash, -1);
    db_bind_int64(st, 3, must_change);
    return step_done(st);
}

int store_account_set_disabled(struct db *db, int64_t id, int disabled)
{
    struct db_stmt *st;
    int rc;

    if ((rc = db_prepare(db, "UPDATE accounts SET disabled = $2 WHERE id = $1", &st)) < 0)
        return rc;
    db_bind_int64(st, 1, id);
    db_bind_int64(st, 2, disabled);
    return step_done(st);
}

int store_accounts_each(struct db *db, account_fn fn, void *arg)
{
    struct db_stmt *st;
    struct account a;
    int rc;

    if ((rc = db_prepare(db, "SELECT " ACCOUNT_COLS " FROM accounts ORDER BY name", &st)) < 0)
        return rc;
    while ((rc = db_step(st)) == DB_ROW) {
        read_account(st, 0, &a);
        if ((rc = fn(arg, &a)) != 0)
            break;
    }
    db_done(st);
    return rc == DB_DONE ? 0 : rc;
}

int store_session_insert(struct db *db, const char *token_hash, int64_t account, int64_t now,
                         const char *address)
{
    struct db_stmt *st;
    int rc;

    if ((rc = db_prepare(db,
                         "INSERT INTO sessions (token_hash, account, created_at, last_seen, "
                         "address) VALUES ($1, $2, $3, $3, $4)",
                         &st)) < 0)
        return rc;
    db_bind_text(st, 1, token_hash, -1);
    db_bind_int64(st, 2, account);
    db_bind_int64(st, 3, now);
    db_bind_text(st, 4, address ? address : "", -1);
    return step_done(st);
}

int store_session_get(struct db *db, const char *token_hash, struct session_row *out)
{
    struct db_stmt *st;
    int rc;

    if ((rc = db_prepare(
             db,
             "SELECT s.created_at, s.last_seen, a.id, a.name, a.role, a.unit, a.grid, "
             "'', a.must_change, a.disabled, a.created_at, a.post, a.org FROM sessions s "
             "JOIN accounts a ON a.id = s.account WHERE s.token_hash = $1",
             &st)) < 0)
        return rc;
    db_bind_text(st, 1, token_hash, -1);
    rc = db_step(st);
    if (rc == DB_ROW) {
        out->created_at = db_column_int64(st, 0);
        out->last_seen = db_column_int64(st, 1);
        read_account(st, 2, &out->a);
        out->account = out->a.id;
        rc = 0;
    } else if (rc == DB_DONE) {
        rc = DB_E_NOTFOUND;
    }
    db_done(st);
    return rc;
}

int store_session_touch(struct db *db, const char *token_hash, int64_t now)
{
    struct db_stmt *st;
    int rc;

    if ((rc = db_prepare(db, "UPDATE sessions SET last_seen = $2 WHERE token_hash = $1", &st)) < 0)
        return rc;
    db_bind_text(st, 1, token_hash, -1);
    db_bind_int64(st, 2, now);
    return step_done(st);
}

int store_session_delete(struct db *db, const char *token_hash)
{
    struct db_stmt *st;
    int rc;

    if ((rc = db_prepare(db, "DELETE FROM sessions WHERE token_hash = $1", &st)) < 0)
        return rc;
    db_bind_text(st, 1, token_hash, -1);
    return step_done(st);
}

int store_sessions_delete_account(struct db *db, int64_t account, const char *keep)
{
    struct db_stmt *st;
    int rc;

    if ((rc = db_prepare(db, "DELETE FROM sessions WHERE account = $1 AND token_hash <> $2", &st)) <
        0)
        return rc;
    db_bind_int64(st, 1, account);
    db_bind_text(st, 2, keep ? keep : "", -1);
    return step_done(st);
}

int store_sessions_expire(struct db *db, int64_t before)
{
    struct db_stmt *st;
    int rc;

    if ((rc = db_prepare(db, "DELETE FROM sessions WHERE last_seen < $1", &st)) < 0)
        return rc;
    db_bind_int64(st, 1, before);
    return step_done(st);
}

int store_sessions_count(struct db *db, int64_t since, int64_t *out)
{
    int64_t n = 0;
    int rc =
        db_query_int64(db, "SELECT count(*) FROM sessions WHERE last_seen >= $1", 1, &since, &n);

    if (rc < 0)
        return rc;
    *out = n;
    return 0;
}

int store_login_failure_get(struct db *db, const char *key, struct login_failure *out)
{
    struct db_stmt *st;
    int rc;

    if ((rc = db_prepare(db,
                         "SELECT failures, first_at, lockouts, locked_until FROM login_failures "
                         "WHERE key = $1",
                         &st)) < 0)
        return rc;
    db_bind_text(st, 1, key, -1);
    rc = db_step(st);
    if (rc == DB_ROW) {
        out->failures = db_column_int64(st, 0);
        out->first_at = db_column_int64(st, 1);
        out->lockouts = db_column_int64(st, 2);
        out->locked_until = db_column_int64(st, 3);
        rc = 0;
    } else if (rc == DB_DONE) {
        rc = DB_E_NOTFOUND;
    }
    db_done(st);
    return rc;
}

int store_login_failure_put(struct db *db, const char *key, const struct login_failure *f)
{
    struct db_stmt *st;
    int rc;

    if ((rc = db_prepare(db,
                         "INSERT INTO login_failures (key, failures, first_at, lockouts, "
                         "locked_until) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (key) DO UPDATE "
                         "SET failures = excluded.failures, first_at = excluded.first_at, "
                         "lockouts = excluded.lockouts, locked_until = excluded.locked_until",
                         &st)) < 0)
        return rc;
    db_bind_text(st, 1, key, -1);
    db_bind_int64(st, 2, f->failures);
    db_bind_int64(st, 3, f->first_at);
    db_bind_int64(st, 4, f->lockouts);
    db_bind_int64(st, 5, f->locked_until);
    return step_done(st);
}

int store_login_failure_clear(struct db *db, const char *key)
{
    struct db_stmt *st;
    int rc;

    if ((rc = db_prepare(db, "DELETE FROM login_failures WHERE key = $1", &st)) < 0)
        return rc;
    db_bind_text(st, 1, key, -1);
    return step_done(st);
}
