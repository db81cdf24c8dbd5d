/*
 * SQL of accounts, sessions and failed-login counters (see accounts.h).
 */
#include "store/accounts.h"

#include "core/date.h"
#include "core/unitcode.h"

#include <stdio.h>
#include <string.h>

#define ACCOUNT_COLS                                                                               \
    "id, name, role, unit, grid, password_hash, must_change, disabled, created_at, post, org, "    \
    "valid_from, valid_until"

static void read_account_at(struct db_stmt *st, int c, struct account *a)
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
    a->valid_from =
        db_column_is_null(st, c + 11) ? DATE_NONE : (int32_t)db_column_int64(st, c + 11);
    a->valid_until =
        db_column_is_null(st, c + 12) ? DATE_NONE : (int32_t)db_column_int64(st, c + 12);
}

static int read_account(void *out, struct db_stmt *st)
{
    read_account_at(st, 0, out);
    return 0;
}

int store_account_insert(struct db *db, struct account *a)
{
    int64_t district = unitcode_at_level(a->unit, LEVEL_DISTRICT);
    const struct db_value args[] = {DB_ARG_TEXT(a->name),
                                    DB_ARG_TEXT(a->role),
                                    DB_ARG_INT(a->unit),
                                    DB_ARG_OPT(a->grid),
                                    DB_ARG_TEXT(a->password_hash),
                                    DB_ARG_INT(a->must_change),
                                    DB_ARG_INT(a->disabled),
                                    DB_ARG_INT(a->created_at),
                                    DB_ARG_INT(district ? district : a->unit),
                                    DB_ARG_OPT(a->post),
                                    DB_ARG_OPT(a->org)};

    return db_insert_id(db,
                        "INSERT INTO accounts (name, role, unit, grid, password_hash, "
                        "must_change, disabled, created_at, district, post, org) "
                        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
                        args, 11, &a->id);
}

int store_account_by_name(struct db *db, const char *name, struct account *out)
{
    const struct db_value args[] = {DB_ARG_TEXT(name)};

    return db_get(db, "SELECT " ACCOUNT_COLS " FROM accounts WHERE name = $1", args, 1,
                  read_account, out);
}

int store_account_by_id(struct db *db, int64_t id, struct account *out)
{
    const struct db_value args[] = {DB_ARG_INT(id)};

    return db_get(db, "SELECT " ACCOUNT_COLS " FROM accounts WHERE id = $1", args, 1, read_account,
                  out);
}

int store_account_set_password(struct db *db, int64_t id, const char *hash, int must_change)
{
    const struct db_value args[] = {DB_ARG_INT(id), DB_ARG_TEXT(hash), DB_ARG_INT(must_change)};

    return db_run(db, "UPDATE accounts SET password_hash = $2, must_change = $3 WHERE id = $1",
                  args, 3);
}

int store_account_set_disabled(struct db *db, int64_t id, int disabled)
{
    const struct db_value args[] = {DB_ARG_INT(id), DB_ARG_INT(disabled)};

    return db_run(db, "UPDATE accounts SET disabled = $2 WHERE id = $1", args, 2);
}

int store_account_set_period(struct db *db, int64_t id, int32_t from, int32_t until)
{
    const struct db_value args[] = {DB_ARG_INT(id), DB_ARG_NULLIF(from, DATE_NONE),
                                    DB_ARG_NULLIF(until, DATE_NONE)};

    return db_run(db, "UPDATE accounts SET valid_from = $2, valid_until = $3 WHERE id = $1", args,
                  3);
}

DB_HAND_ROWS(account_row, struct account, read_account, account_fn)

int store_accounts_each(struct db *db, account_fn fn, void *arg)
{
    struct db_hand e = DB_HAND(fn, arg);

    return db_list(db, "SELECT " ACCOUNT_COLS " FROM accounts ORDER BY name", NULL, 0, account_row,
                   &e);
}

int store_session_insert(struct db *db, const char *token_hash, int64_t account, int64_t now,
                         const char *address)
{
    const struct db_value args[] = {DB_ARG_TEXT(token_hash), DB_ARG_INT(account), DB_ARG_INT(now),
                                    DB_ARG_TEXT(address ? address : "")};

    return db_run(db,
                  "INSERT INTO sessions (token_hash, account, created_at, last_seen, "
                  "address) VALUES ($1, $2, $3, $3, $4)",
                  args, 4);
}

static int read_session(void *arg, struct db_stmt *st)
{
    struct session_row *out = arg;

    out->created_at = db_column_int64(st, 0);
    out->last_seen = db_column_int64(st, 1);
    read_account_at(st, 2, &out->a);
    out->account = out->a.id;
    return 0;
}

int store_session_get(struct db *db, const char *token_hash, struct session_row *out)
{
    const struct db_value args[] = {DB_ARG_TEXT(token_hash)};

    return db_get(db,
                  "SELECT s.created_at, s.last_seen, a.id, a.name, a.role, a.unit, a.grid, "
                  "'', a.must_change, a.disabled, a.created_at, a.post, a.org, a.valid_from, "
                  "a.valid_until FROM sessions s "
                  "JOIN accounts a ON a.id = s.account WHERE s.token_hash = $1",
                  args, 1, read_session, out);
}

int store_session_touch(struct db *db, const char *token_hash, int64_t now)
{
    const struct db_value args[] = {DB_ARG_TEXT(token_hash), DB_ARG_INT(now)};

    return db_run(db, "UPDATE sessions SET last_seen = $2 WHERE token_hash = $1", args, 2);
}

int store_session_delete(struct db *db, const char *token_hash)
{
    const struct db_value args[] = {DB_ARG_TEXT(token_hash)};

    return db_run(db, "DELETE FROM sessions WHERE token_hash = $1", args, 1);
}

int store_sessions_delete_account(struct db *db, int64_t account, const char *keep)
{
    const struct db_value args[] = {DB_ARG_INT(account), DB_ARG_TEXT(keep ? keep : "")};

    return db_run(db, "DELETE FROM sessions WHERE account = $1 AND token_hash <> $2", args, 2);
}

int store_sessions_expire(struct db *db, int64_t before)
{
    const struct db_value args[] = {DB_ARG_INT(before)};

    return db_run(db, "DELETE FROM sessions WHERE last_seen < $1", args, 1);
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

static int read_failure(void *arg, struct db_stmt *st)
{
    struct login_failure *out = arg;

    out->failures = db_column_int64(st, 0);
    out->first_at = db_column_int64(st, 1);
    out->lockouts = db_column_int64(st, 2);
    out->locked_until = db_column_int64(st, 3);
    return 0;
}

int store_login_failure_get(struct db *db, const char *key, struct login_failure *out)
{
    const struct db_value args[] = {DB_ARG_TEXT(key)};

    return db_get(db,
                  "SELECT failures, first_at, lockouts, locked_until FROM login_failures "
                  "WHERE key = $1",
                  args, 1, read_failure, out);
}

int store_login_failure_put(struct db *db, const char *key, const struct login_failure *f)
{
    const struct db_value args[] = {DB_ARG_TEXT(key), DB_ARG_INT(f->failures),
                                    DB_ARG_INT(f->first_at), DB_ARG_INT(f->lockouts),
                                    DB_ARG_INT(f->locked_until)};

    return db_run(db,
                  "INSERT INTO login_failures (key, failures, first_at, lockouts, "
                  "locked_until) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (key) DO UPDATE "
                  "SET failures = excluded.failures, first_at = excluded.first_at, "
                  "lockouts = excluded.lockouts, locked_until = excluded.locked_until",
                  args, 5);
}

int store_login_failure_clear(struct db *db, const char *key)
{
    const struct db_value args[] = {DB_ARG_TEXT(key)};

    return db_run(db, "DELETE FROM login_failures WHERE key = $1", args, 1);
}
