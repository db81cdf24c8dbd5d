/*
 * Private to src/store: the table of functions a database driver provides.
 * db.c dispatches the public db_* calls through it and implements what is
 * common (migrations, helpers).
 */
#ifndef CORDON_STORE_DB_DRIVER_H
#define CORDON_STORE_DB_DRIVER_H

#include "store/db.h"

struct db_ops {
    enum db_kind kind;
    void (*close)(struct db *db);
    const char *(*errmsg)(const struct db *db);
    int (*exec)(struct db *db, const char *sql);
    int (*prepare)(struct db *db, const char *sql, struct db_stmt **out);
    int (*bind_int64)(struct db_stmt *st, int idx, int64_t v);
    int (*bind_double)(struct db_stmt *st, int idx, double v);
    int (*bind_text)(struct db_stmt *st, int idx, const char *s, int len);
    int (*bind_null)(struct db_stmt *st, int idx);
    /* Optional: bind without copying; NULL means bind_text. */
    int (*bind_text_static)(struct db_stmt *st, int idx, const char *s, int len);
    int (*step)(struct db_stmt *st);
    int (*column_count)(struct db_stmt *st);
    int (*column_is_null)(struct db_stmt *st, int col);
    int64_t (*column_int64)(struct db_stmt *st, int col);
    double (*column_double)(struct db_stmt *st, int col);
    const char *(*column_text)(struct db_stmt *st, int col);
    int (*column_bytes)(struct db_stmt *st, int col);
    int64_t (*changes)(struct db *db);
    void (*done)(struct db_stmt *st);
    int (*begin_write)(struct db *db);
    /* Optional: tune the connection for a long bulk write (on = 1) and back
     * (on = 0); NULL means nothing to tune. */
    int (*bulk_hint)(struct db *db, int on);
    /* Optional: the journal of a first bulk write (db_bulk_journal); NULL
     * means nothing to switch. */
    int (*bulk_journal)(struct db *db, int on);
    /* Optional fast bulk path (COPY); NULL means "use a prepared INSERT". */
    int (*bulk_begin)(struct db *db, const char *table, const char *columns, int ncols,
                      struct db_bulk **out);
    /* Optional: n new identity values of table.id (db_new_ids); NULL
     * means the driver has none to give. */
    int (*new_ids)(struct db *db, const char *table, int n, int64_t *out);
    /* A transaction-level lock between processes (db_lock, db_try_lock):
     * wait = 1 waits for it, else *out_got says whether it was taken. */
    int (*xact_lock)(struct db *db, int64_t key, enum db_lock_mode mode, int wait, int *out_got);
    /* 1 when the open transaction can no longer go on (rolled back by the
     * database, or a statement failed in it on PostgreSQL). */
    int (*tx_spoiled)(struct db *db);
    /* Optional: bytes this connection has appended to the write-ahead log
     * since it opened (db_wal_bytes); NULL means the driver cannot tell. */
    int64_t (*wal_bytes)(struct db *db);
    /* Optional: run st for its effect only, its rows unread (db_run); in
     * pipeline mode the driver may send it without waiting for its answer.
     * NULL means step. */
    int (*run)(struct db_stmt *st);
    /* Optional pipeline mode (db_pipeline_begin, db_pipeline_end,
     * db_pipeline_failed); NULL: the driver has none. */
    int (*pipeline)(struct db *db, int on);
    int (*pipeline_failed)(struct db *db);
};

/* Every driver's struct db and struct db_stmt start with these headers. */
struct db_base {
    const struct db_ops *ops;
    int last_error; /* the status of the last failure (db_last_error) */
    int citus;      /* 1 on a Citus coordinator (db_citus_detect at open; db_is_citus) */
};
struct db_stmt_base {
    const struct db_ops *ops;
};
/* And every bulk handle with this one: db_bulk_row() and db_bulk_end() call
 * through it (the prepared-INSERT path in db.c, COPY in PostgreSQL). */
struct db_bulk_base {
    int (*row)(struct db_bulk *b, const struct db_value *values);
    int (*end)(struct db_bulk *b);
};

/* Records rc as the connection's last failure and returns it; a generic
 * failure that follows a full or read-only database in the same
 * transaction (the ROLLBACK of a transaction SQLite already rolled back)
 * does not hide it. */
int db_note_error(struct db_base *b, int rc);

int db_sqlite_open(const char *path, int flags, struct db **out, char err[DB_ERR_LEN]);
int db_postgres_open(const char *url, int flags, struct db **out, char err[DB_ERR_LEN]);

/* Applies pending migrations; shared by both drivers. */
int db_migrate(struct db *db, char err[DB_ERR_LEN]);

/* On a Citus coordinator, distributes the tables Citus does not manage yet
 * (db_citus.c); nothing on plain PostgreSQL. */
int db_citus_detect(struct db *db, int *out_citus);
int db_citus_distribute(struct db *db, char err[DB_ERR_LEN]);
/* Runs a migration file: on Citus one statement at a time (Citus sends a
 * multi-statement string's DDL to the workers whole, which they refuse),
 * elsewhere the file in one call. */
int db_citus_exec_script(struct db *db, int citus, const char *sql);

#endif
