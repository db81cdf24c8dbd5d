/*
 * The driver-independent half of db.h: choosing a driver from the URL,
 * dispatching calls, schema migrations (SQL files embedded from
 * src/store/schema/<dialect>/NNN_name.sql) and small query helpers.
 */
#include "store/db.h"

#include "store/db_driver.h"
#include "util/assets.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OPS(db)  (((const struct db_base *)(db))->ops)
#define SOPS(st) (((const struct db_stmt_base *)(st))->ops)

int db_open(const char *url, int flags, struct db **out, char err[DB_ERR_LEN])
{
    int citus, rc;

    *out = NULL;
    if (strncmp(url, "postgres://", 11) == 0 || strncmp(url, "postgresql://", 13) == 0)
        rc = db_postgres_open(url, flags, out, err);
    else
        rc = db_sqlite_open(url, flags, out, err);
    if (rc < 0)
        return rc;
    /* Every PostgreSQL connection knows at once whether it is on a Citus
     * coordinator (db_is_citus), migrated or not: the store and the
     * migrations ask it, and an open database is migrated already. */
    if (db_kind(*out) == DB_POSTGRES && (rc = db_citus_detect(*out, &citus)) < 0) {
        snprintf(err, DB_ERR_LEN, "cannot look for Citus: %s", db_errmsg(*out));
        db_close(*out);
        *out = NULL;
        return rc;
    }
    if (!(flags & DB_OPEN_NOMIGRATE) && (rc = db_migrate(*out, err)) < 0) {
        db_close(*out);
        *out = NULL;
        return rc;
    }
    return 0;
}

void db_close(struct db *db)
{
    if (db)
        OPS(db)->close(db);
}

enum db_kind db_kind(const struct db *db)
{
    return OPS(db)->kind;
}

int db_is_citus(const struct db *db)
{
    return ((const struct db_base *)db)->citus;
}

const char *db_errmsg(const struct db *db)
{
    return OPS(db)->errmsg(db);
}

int db_last_error(const struct db *db)
{
    return ((const struct db_base *)db)->last_error;
}

/* DB_E_FULL or DB_E_READONLY since the last write committed, else 0: for
 * the whole process (db_unwritable_now). */
static _Atomic int unwritable_now;

int db_note_error(struct db_base *b, int rc)
{
    if (!(db_unwritable(b->last_error) && rc == DB_E_ERROR))
        b->last_error = rc;
    if (db_unwritable(rc))
        unwritable_now = rc;
    return rc;
}

int db_unwritable_now(void)
{
    return unwritable_now;
}

int db_unwritable(int rc)
{
    return rc == DB_E_FULL || rc == DB_E_READONLY;
}

int db_exec(struct db *db, const char *sql)
{
    return OPS(db)->exec(db, sql);
}

static int savepoint_sql(struct db *db, const char *fmt, const char *name)
{
    char sql[128];

    if (strlen(name) > 64 || strspn(name, "abcdefghijklmnopqrstuvwxyz_") != strlen(name))
        return DB_E_RANGE;
    snprintf(sql, sizeof sql, fmt, name);
    return db_exec(db, sql);
}

int db_savepoint(struct db *db, const char *name)
{
    return savepoint_sql(db, "SAVEPOINT %s", name);
}

int db_savepoint_release(struct db *db, const char *name)
{
    return savepoint_sql(db, "RELEASE SAVEPOINT %s", name);
}

int db_tx_spoiled(struct db *db)
{
    return OPS(db)->tx_spoiled(db);
}

int db_savepoint_undo(struct db *db, const char *name)
{
    return savepoint_sql(db, "ROLLBACK TO SAVEPOINT %s", name);
}

int db_pipeline_begin(struct db *db)
{
    int rc;

    if (!OPS(db)->pipeline)
        return 0;
    rc = OPS(db)->pipeline(db, 1);
    return rc < 0 ? rc : 1;
}

int db_pipeline_end(struct db *db)
{
    return OPS(db)->pipeline ? OPS(db)->pipeline(db, 0) : 0;
}

int db_pipeline_failed(struct db *db)
{
    return OPS(db)->pipeline_failed ? OPS(db)->pipeline_failed(db) : 0;
}

int db_prepare(struct db *db, const char *sql, struct db_stmt **out)
{
    return OPS(db)->prepare(db, sql, out);
}

int db_bind_int64(struct db_stmt *st, int idx, int64_t v)
{
    return SOPS(st)->bind_int64(st, idx, v);
}

int db_bind_double(struct db_stmt *st, int idx, double v)
{
    return SOPS(st)->bind_double(st, idx, v);
}

int db_bind_text(struct db_stmt *st, int idx, const char *s, int len)
{
    if (!s)
        return SOPS(st)->bind_null(st, idx);
    return SOPS(st)->bind_text(st, idx, s, len);
}

int db_bind_text_static(struct db_stmt *st, int idx, const char *s, int len)
{
    if (!s)
        return SOPS(st)->bind_null(st, idx);
    if (SOPS(st)->bind_text_static)
        return SOPS(st)->bind_text_static(st, idx, s, len);
    return SOPS(st)->bind_text(st, idx, s, len);
}

int db_bind_null(struct db_stmt *st, int idx)
{
    return SOPS(st)->bind_null(st, idx);
}

int db_step(struct db_stmt *st)
{
    return SOPS(st)->step(st);
}

int db_column_count(struct db_stmt *st)
{
    return SOPS(st)->column_count(st);
}

int db_column_is_null(struct db_stmt *st, int col)
{
    return SOPS(st)->column_is_null(st, col);
}

int64_t db_column_int64(struct db_stmt *st, int col)
{
    return SOPS(st)->column_int64(st, col);
}

double db_column_double(struct db_stmt *st, int col)
{
    return SOPS(st)->column_double(st, col);
}

const char *db_column_text(struct db_stmt *st, int col)
{
    return SOPS(st)->column_text(st, col);
}

int db_column_bytes(struct db_stmt *st, int col)
{
    return SOPS(st)->column_bytes(st, col);
}

int64_t db_changes(struct db *db)
{
    return OPS(db)->changes(db);
}

int64_t db_wal_bytes(struct db *db)
{
    return OPS(db)->wal_bytes ? OPS(db)->wal_bytes(db) : -1;
}

void db_done(struct db_stmt *st)
{
    if (st)
        SOPS(st)->done(st);
}

int db_bulk_hint(struct db *db, int on)
{
    return OPS(db)->bulk_hint ? OPS(db)->bulk_hint(db, on) : 0;
}

int db_bulk_journal(struct db *db, int on)
{
    return OPS(db)->bulk_journal ? OPS(db)->bulk_journal(db, on) : 0;
}

int db_begin(struct db *db)
{
    return OPS(db)->exec(db, "BEGIN");
}

int db_begin_write(struct db *db)
{
    ((struct db_base *)db)->last_error = 0; /* a transaction's own failures */
    return OPS(db)->begin_write(db);
}

int db_commit(struct db *db)
{
    int rc = OPS(db)->exec(db, "COMMIT");

    if (rc == 0 && !db_unwritable(((struct db_base *)db)->last_error))
        unwritable_now = 0; /* a write went through again */
    return rc;
}

int db_rollback(struct db *db)
{
    return OPS(db)->exec(db, "ROLLBACK");
}

int db_lock(struct db *db, int64_t key, enum db_lock_mode mode)
{
    int got = 0;
    return OPS(db)->xact_lock(db, key, mode, 1, &got);
}

int db_try_lock(struct db *db, int64_t key, enum db_lock_mode mode, int *out_got)
{
    *out_got = 0;
    return OPS(db)->xact_lock(db, key, mode, 0, out_got);
}

int db_query_int64(struct db *db, const char *sql, int n, const int64_t *args, int64_t *out)
{
    struct db_stmt *st;
    int rc;

    if ((rc = db_prepare(db, sql, &st)) < 0)
        return rc;
    for (int i = 0; i < n; i++)
        if ((rc = db_bind_int64(st, i + 1, args[i])) < 0)
            goto out;
    rc = db_step(st);
    if (rc == DB_ROW && out)
        *out = db_column_int64(st, 0);
out:
    db_done(st);
    return rc;
}

int db_bind_values(struct db_stmt *st, const struct db_value *args, int n)
{
    int rc = 0;

    for (int i = 0; i < n && rc >= 0; i++) {
        if (args[i].type == DB_INT)
            rc = db_bind_int64(st, i + 1, args[i].i);
        else if (args[i].type == DB_TEXT)
            rc = db_bind_text(st, i + 1, args[i].s, -1);
        else
            rc = db_bind_null(st, i + 1);
    }
    return rc < 0 ? rc : 0;
}

int db_prepare_args(struct db *db, const char *sql, const struct db_value *args, int n,
                    struct db_stmt **out)
{
    int rc;

    if ((rc = db_prepare(db, sql, out)) < 0)
        return rc;
    if ((rc = db_bind_values(*out, args, n)) < 0) {
        db_done(*out);
        *out = NULL;
    }
    return rc;
}

int db_run(struct db *db, const char *sql, const struct db_value *args, int n)
{
    struct db_stmt *st;
    int rc;

    if ((rc = db_prepare_args(db, sql, args, n, &st)) < 0)
        return rc;
    rc = SOPS(st)->run ? SOPS(st)->run(st) : db_step(st);
    db_done(st);
    return rc < 0 ? rc : 0;
}

int db_each(struct db_stmt *st, db_row_fn fn, void *arg)
{
    int rc;

    while ((rc = db_step(st)) == DB_ROW)
        if ((rc = fn(arg, st)) != 0)
            break;
    db_done(st);
    return rc == DB_DONE ? 0 : rc;
}

int db_one(struct db_stmt *st, db_row_fn fn, void *arg)
{
    int rc = db_step(st);

    if (rc == DB_ROW) {
        if (fn) {
            rc = fn(arg, st);
            rc = rc < 0 ? rc : 0;
        } else {
            *(int64_t *)arg = db_column_int64(st, 0);
            rc = 0;
        }
    } else if (rc == DB_DONE) {
        rc = DB_E_NOTFOUND;
    }
    db_done(st);
    return rc;
}

int db_get(struct db *db, const char *sql, const struct db_value *args, int n, db_row_fn read,
           void *out)
{
    struct db_stmt *st;
    int rc;

    if ((rc = db_prepare_args(db, sql, args, n, &st)) < 0)
        return rc;
    return db_one(st, read, out);
}

int db_list(struct db *db, const char *sql, const struct db_value *args, int n, db_row_fn fn,
            void *arg)
{
    struct db_stmt *st;
    int rc;

    if ((rc = db_prepare_args(db, sql, args, n, &st)) < 0)
        return rc;
    return db_each(st, fn, arg);
}

int db_insert_id(struct db *db, const char *sql, const struct db_value *args, int n,
                 int64_t *out_id)
{
    int rc = db_get(db, sql, args, n, NULL, out_id);

    return rc == DB_E_NOTFOUND ? DB_E_ERROR : rc;
}

struct id_list {
    int64_t *ids;
    int n, max;
};

static int take_id(void *arg, struct db_stmt *st)
{
    struct id_list *l = arg;

    if (l->n >= l->max)
        return 1;
    l->ids[l->n++] = db_column_int64(st, 0);
    return 0;
}

int db_list_ids(struct db *db, const char *sql, const struct db_value *args, int n,
                int64_t *out_ids, int max, int *out_n)
{
    struct id_list l = {out_ids, 0, max};
    int rc = db_list(db, sql, args, n, take_id, &l);

    *out_n = l.n;
    return rc < 0 ? rc : 0;
}

int db_find_or_insert(struct db *db, const char *select, int nselect, const char *insert,
                      const struct db_value *args, int n, int64_t *out_id, int *out_created)
{
    int rc;

    if (out_created)
        *out_created = 0;
    if ((rc = db_get(db, select, args, nselect, NULL, out_id)) != DB_E_NOTFOUND)
        return rc;
    if ((rc = db_insert_id(db, insert, args, n, out_id)) == 0 && out_created)
        *out_created = 1;
    return rc;
}

const char *db_strerror(int rc)
{
    switch (rc) {
    case DB_DONE:
        return "done";
    case DB_ROW:
        return "row";
    case DB_E_BUSY:
        return "database is locked by another process";
    case DB_E_CONSTRAINT:
        return "constraint violated";
    case DB_E_NOTADB:
        return "not a cordon database, or corrupt";
    case DB_E_NEWER:
        return "database schema is newer than this program";
    case DB_E_NOMEM:
        return "out of memory";
    case DB_E_NOTFOUND:
        return "not found";
    case DB_E_RANGE:
        return "out of range";
    case DB_E_FULL:
        return "database or disk is full";
    case DB_E_READONLY:
        return "database is read-only";
    default:
        return "database error";
    }
}

/* ---- migrations -------------------------------------------------------- */

static const char *dialect_dir(enum db_kind kind)
{
    return kind == DB_POSTGRES ? "src/store/schema/postgres/" : "src/store/schema/sqlite/";
}

/* Version number of a migration asset path ".../NNN_name.sql", or -1. */
static int migration_version(const char *path, const char *dir)
{
    size_t n = strlen(dir);
    const char *p;
    int v = 0;

    if (strncmp(path, dir, n) != 0)
        return -1;
    p = path + n;
    if (*p < '0' || *p > '9')
        return -1;
    while (*p >= '0' && *p <= '9')
        v = v * 10 + (*p++ - '0');
    return *p == '_' ? v : -1;
}

int db_schema_latest(enum db_kind kind)
{
    const char *dir = dialect_dir(kind);
    int latest = 0, v;

    for (int i = 0; i < asset_count; i++)
        if ((v = migration_version(asset_table[i].path, dir)) > latest)
            latest = v;
    return latest;
}

int db_schema_version(struct db *db, int *out_version)
{
    int64_t v = 0;
    int rc = db_query_int64(db, "SELECT version FROM schema_version", 0, NULL, &v);

    if (rc < 0)
        return rc;
    *out_version = rc == DB_ROW ? (int)v : 0;
    return 0;
}

/* CORDON_SCHEMA_UPTO=N (tests only): migrate no further than version N,
 * to make a database as an older cordon left it and then see the next
 * migrations upgrade it (tests/api/test_building_entries.py). Migrations
 * therefore never have to run twice. */
static int schema_target(enum db_kind kind)
{
    const char *v = getenv("CORDON_SCHEMA_UPTO");
    int latest = db_schema_latest(kind), upto = v ? atoi(v) : 0;

    return upto > 0 && upto < latest ? upto : latest;
}

static int migrate(struct db *db, char err[DB_ERR_LEN])
{
    const char *dir = dialect_dir(db_kind(db));
    int current = 0, latest = schema_target(db_kind(db)), citus = db_is_citus(db), rc;

    rc = db_exec(db, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
    if (rc < 0) {
        snprintf(err, DB_ERR_LEN, "cannot read the schema version: %s", db_errmsg(db));
        return rc;
    }
    if ((rc = db_schema_version(db, &current)) < 0) {
        snprintf(err, DB_ERR_LEN, "cannot read the schema version: %s", db_errmsg(db));
        return rc;
    }
    if (current > latest) {
        snprintf(err, DB_ERR_LEN,
                 "the database has schema version %d, newer than this program's %d: "
                 "use a newer cordon",
                 current, latest);
        return DB_E_NEWER;
    }
    for (int v = current + 1; v <= latest; v++) {
        const struct asset *a = NULL;
        int64_t arg = v;

        for (int i = 0; i < asset_count && !a; i++)
            if (migration_version(asset_table[i].path, dir) == v)
                a = &asset_table[i];
        if (!a) {
            snprintf(err, DB_ERR_LEN, "schema migration %d is missing from this build", v);
            return DB_E_ERROR;
        }
        if ((rc = db_begin_write(db)) < 0) {
            snprintf(err, DB_ERR_LEN, "cannot migrate the schema: %s", db_errmsg(db));
            return rc;
        }
        /* Another process may have migrated meanwhile: check under the lock. */
        if ((rc = db_schema_version(db, &current)) < 0)
            goto fail;
        if (current >= v) {
            db_rollback(db);
            continue;
        }
        if ((rc = db_citus_exec_script(db, citus, a->start)) < 0)
            goto fail;
        if ((rc = db_exec(db, "DELETE FROM schema_version")) < 0)
            goto fail;
        rc = db_query_int64(db, "INSERT INTO schema_version (version) VALUES ($1)", 1, &arg, NULL);
        if (rc < 0)
            goto fail;
        if ((rc = db_commit(db)) < 0)
            goto fail;
        continue;
    fail:
        snprintf(err, DB_ERR_LEN, "schema migration %s failed: %s", a->path, db_errmsg(db));
        db_rollback(db);
        return rc;
    }
    return 0;
}

/*
 * SQLite's write lock already keeps two processes from migrating at once.
 * PostgreSQL has no such lock on an empty database (two CREATE TABLE IF NOT
 * EXISTS can collide), so there the whole migration runs under a session
 * advisory lock; its key is the bytes of "cordon", 0 and 1.
 */
#define MIGRATE_LOCK "7165071307861524481"

int db_migrate(struct db *db, char err[DB_ERR_LEN])
{
    int rc;

    if (db_kind(db) != DB_POSTGRES)
        return migrate(db, err);
    if ((rc = db_exec(db, "SELECT pg_advisory_lock(" MIGRATE_LOCK ")")) < 0) {
        snprintf(err, DB_ERR_LEN, "cannot lock the schema for migration: %s", db_errmsg(db));
        return rc;
    }
    rc = migrate(db, err);
    if (rc >= 0)
        rc = db_citus_distribute(db, err);
    db_exec(db, "SELECT pg_advisory_unlock(" MIGRATE_LOCK ")");
    return rc;
}

/* ---- bulk load ------------------------------------------------------------ */

/* The portable bulk path: one prepared INSERT, re-bound for every row. A
 * driver with a faster path (COPY) returns its own handle from bulk_begin;
 * every handle starts with struct db_bulk_base. */
struct insert_bulk {
    struct db_bulk_base base;
    struct db *db;
    struct db_stmt *st;
    int ncols;
};

static int insert_bulk_row(struct db_bulk *handle, const struct db_value *values)
{
    struct insert_bulk *b = (struct insert_bulk *)handle;
    int rc = 0;

    for (int i = 0; i < b->ncols && rc >= 0; i++) {
        switch (values[i].type) {
        case DB_INT:
            rc = db_bind_int64(b->st, i + 1, values[i].i);
            break;
        case DB_TEXT:
            rc = db_bind_text(b->st, i + 1, values[i].s, -1);
            break;
        default:
            rc = db_bind_null(b->st, i + 1);
        }
    }
    if (rc < 0)
        return rc;
    rc = db_step(b->st);
    return rc < 0 ? rc : 0;
}

static int insert_bulk_end(struct db_bulk *handle)
{
    struct insert_bulk *b = (struct insert_bulk *)handle;

    db_done(b->st);
    free(b);
    return 0;
}

int db_bulk_begin(struct db *db, const char *table, const char *columns, int ncols,
                  struct db_bulk **out)
{
    char sql[1024];
    size_t n;
    struct insert_bulk *b;
    int rc;

    *out = NULL;
    if (OPS(db)->bulk_begin)
        return OPS(db)->bulk_begin(db, table, columns, ncols, out);
    if (ncols < 1 || ncols > 64)
        return DB_E_RANGE;
    n = (size_t)snprintf(sql, sizeof sql, "INSERT INTO %s (%s) VALUES (", table, columns);
    for (int i = 1; i <= ncols && n < sizeof sql; i++)
        n += (size_t)snprintf(sql + n, sizeof sql - n, "%s$%d", i > 1 ? "," : "", i);
    if (n + 2 >= sizeof sql)
        return DB_E_RANGE;
    strcat(sql, ")");
    if (!(b = calloc(1, sizeof *b)))
        return DB_E_NOMEM;
    if ((rc = db_prepare(db, sql, &b->st)) < 0) {
        free(b);
        return rc;
    }
    b->base.row = insert_bulk_row;
    b->base.end = insert_bulk_end;
    b->db = db;
    b->ncols = ncols;
    *out = (struct db_bulk *)b;
    return 0;
}

int db_bulk_is_fast(struct db *db)
{
    return OPS(db)->bulk_begin != NULL && OPS(db)->new_ids != NULL;
}

int db_new_ids(struct db *db, const char *table, int n, int64_t *out)
{
    if (n < 0)
        return DB_E_RANGE;
    if (n == 0)
        return 0;
    return OPS(db)->new_ids ? OPS(db)->new_ids(db, table, n, out) : DB_E_RANGE;
}

int db_bulk_row(struct db_bulk *b, const struct db_value *values)
{
    return ((struct db_bulk_base *)b)->row(b, values);
}

int db_bulk_end(struct db_bulk *b)
{
    if (!b)
        return 0;
    return ((struct db_bulk_base *)b)->end(b);
}
