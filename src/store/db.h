/*
 * The one portable database interface every query in cordon goes through.
 * Two drivers implement it: SQLite (default, embedded, one file in WAL mode)
 * and PostgreSQL (libpq, later). SQL above this layer is written once, in the
 * subset both dialects share: $1..$n parameters, ON CONFLICT, RETURNING,
 * BIGINT keys, dates as integer days.
 *
 * A `struct db` is one connection and is used by one thread at a time.
 */
#ifndef CORDON_STORE_DB_H
#define CORDON_STORE_DB_H

#include <stddef.h>
#include <stdint.h>

#define DB_ERR_LEN 256

struct db;
struct db_stmt;

enum db_kind { DB_SQLITE = 1, DB_POSTGRES = 2 };

/* Return codes. db_step() also returns DB_ROW / DB_DONE. */
enum db_status {
    DB_DONE = 0,
    DB_ROW = 1,
    DB_E_ERROR = -1,      /* anything else; see db_errmsg() */
    DB_E_BUSY = -2,       /* locked by another process past the busy timeout */
    DB_E_CONSTRAINT = -3, /* unique / foreign key / check violated */
    DB_E_NOTADB = -4,     /* the file is not a database, or is corrupt */
    DB_E_NEWER = -5,      /* the schema is newer than this program */
    DB_E_NOMEM = -6,
    DB_E_NOTFOUND = -7,  /* a lookup found no row (used by store_* functions) */
    DB_E_RANGE = -8,     /* an argument out of range */
    DB_E_FULL = -9,      /* the disk (or the size allowed) is full */
    DB_E_READONLY = -10, /* the database cannot be written */
};

/* Open flags. */
#define DB_OPEN_CREATE    1 /* create the database file if missing */
#define DB_OPEN_NOMIGRATE 2 /* do not apply migrations (tests, `cordon version`) */

/*
 * Opens `url` (a file path for SQLite, or postgres://...) and applies any
 * pending schema migrations in one transaction each. A missing SQLite file is
 * an error unless DB_OPEN_CREATE. A schema newer than this program is refused
 * (DB_E_NEWER). On failure returns a negative enum db_status, sets *out to
 * NULL and writes one line into err.
 */
int db_open(const char *url, int flags, struct db **out, char err[DB_ERR_LEN]);

/* Closes the connection and every statement it cached. Accepts NULL. */
void db_close(struct db *db);

enum db_kind db_kind(const struct db *db);

/* 1 when db is a Citus coordinator (found when it was opened): where Citus
 * runs a statement far slower than another of the same effect, the store
 * picks that other one (store_booking_take); 0 elsewhere. */
int db_is_citus(const struct db *db);

/* The last error of this connection, in English. */
const char *db_errmsg(const struct db *db);

/* The status (< 0) of this connection's last failure, 0 when none since
 * the last db_begin_write(): what
 * a later failure (a ROLLBACK TO after the database rolled the whole
 * transaction back by itself) must not hide, e.g. DB_E_FULL. */
int db_last_error(const struct db *db);

/* DB_E_FULL or DB_E_READONLY when a connection of this process met one
 * since the last transaction that committed cleanly; else 0 (readiness,
 * /healthz). */
int db_unwritable_now(void);

/* Whether rc says the database cannot take writes now (DB_E_FULL,
 * DB_E_READONLY): a 503 for clients, "not ready" for /healthz. */
int db_unwritable(int rc);

/* Runs one or more SQL statements without parameters or results. */
int db_exec(struct db *db, const char *sql);

/*
 * Savepoints inside the open transaction, so that a use case can undo one
 * step of a job without SQL of its own. `name` is the caller's fixed
 * identifier (lower-case letters and underscores; DB_E_RANGE otherwise).
 * db_savepoint_undo() rolls back to the savepoint, which stays open until
 * released; none of them ends the transaction.
 */
int db_savepoint(struct db *db, const char *name);
/* 1 when the transaction open on db can no longer go on: the database
 * rolled it back by itself, or (PostgreSQL) a statement failed in it with
 * no savepoint to return to. Asks the connection, not the server. */
int db_tx_spoiled(struct db *db);
int db_savepoint_release(struct db *db, const char *name);
int db_savepoint_undo(struct db *db, const char *name);

/*
 * Pipeline mode (PostgreSQL; nothing on SQLite), for the writer's group
 * transaction. From db_pipeline_begin() until db_pipeline_end(), COMMIT or
 * ROLLBACK, a statement whose rows nobody reads (db_run, db_exec) is sent
 * without waiting for its answer; one whose rows are read (db_step, db_get,
 * ...) carries everything queued before it in one round trip, and
 * db_changes() waits for the answers. The price: a failure may be seen
 * late, by a later statement, after the server has skipped everything that
 * followed it, so a savepoint cannot isolate it; db_pipeline_failed() then
 * says 1 and the transaction must be rolled back (and, to isolate the
 * failure, run again without the pipeline).
 * db_pipeline_begin returns 1 when the connection entered pipeline mode, 0
 * when the driver has none, < 0 on failure. db_pipeline_end reads every
 * answer still due and leaves pipeline mode, the transaction open: 0, or
 * the first failure.
 */
int db_pipeline_begin(struct db *db);
int db_pipeline_end(struct db *db);
int db_pipeline_failed(struct db *db);

/*
 * Returns a prepared statement for `sql`, from the connection's cache when
 * the same text was prepared before and is not in use. The statement belongs
 * to the connection; hand it back with db_done() when finished.
 */
int db_prepare(struct db *db, const char *sql, struct db_stmt **out);

/* Parameters are numbered from 1, as $1..$n in the SQL. */
int db_bind_int64(struct db_stmt *st, int idx, int64_t v);
int db_bind_double(struct db_stmt *st, int idx, double v);
/* Text is copied by the driver; len < 0 means strlen(s). NULL binds NULL. */
int db_bind_text(struct db_stmt *st, int idx, const char *s, int len);
int db_bind_null(struct db_stmt *st, int idx);
/* Like db_bind_text, but the driver may keep the pointer instead of a copy:
 * the caller keeps `s` unchanged until the statement is stepped to its end
 * or done. For hot paths (a million-row import binds four texts a row). */
int db_bind_text_static(struct db_stmt *st, int idx, const char *s, int len);

/* Advances: DB_ROW when a row is ready, DB_DONE at the end, or < 0. */
int db_step(struct db_stmt *st);

/* Columns are numbered from 0. Text is valid until the next step or done;
 * a NULL column reads as 0 / "" (check db_column_is_null()). */
int db_column_count(struct db_stmt *st);
int db_column_is_null(struct db_stmt *st, int col);
int64_t db_column_int64(struct db_stmt *st, int col);
double db_column_double(struct db_stmt *st, int col);
const char *db_column_text(struct db_stmt *st, int col);
int db_column_bytes(struct db_stmt *st, int col);

/* Rows changed by the last completed INSERT/UPDATE/DELETE. */
int64_t db_changes(struct db *db);

/* Bytes this connection has appended to the write-ahead log since it
 * opened (frames and their headers), or -1 when the driver cannot tell
 * (PostgreSQL's WAL is the server's, shared by every connection). */
int64_t db_wal_bytes(struct db *db);

/* Resets the statement, clears its bindings and returns it to the cache.
 * Accepts NULL. */
void db_done(struct db_stmt *st);

/* Tells the driver a long bulk write follows (on = 1) or has ended (0):
 * SQLite then keeps far more pages in memory, so a million-row import does
 * not spill its B-trees to disk mid-transaction. */
int db_bulk_hint(struct db *db, int on);

/* Before a bulk write into empty tables (on = 1), outside any transaction:
 * SQLite then journals with a rollback journal instead of the write-ahead
 * log, when no other connection has the file open, so each new page is
 * written once (into the file) instead of twice (into the log, then by the
 * checkpoint); all-or-nothing and durability are the same (a hot journal
 * is rolled back at the next open). 1 when switched, 0 when not (another
 * connection, a transaction open, or a driver without one), < 0 on error.
 * on = 0, after the write's transaction: back to the write-ahead log (every
 * open also sets it). */
int db_bulk_journal(struct db *db, int on);

/* Transactions. db_begin_write takes the write lock at once (BEGIN
 * IMMEDIATE in SQLite), so a writer never fails halfway on a lock upgrade. */
int db_begin(struct db *db);
int db_begin_write(struct db *db);
int db_commit(struct db *db);
int db_rollback(struct db *db);

/*
 * Locks between processes that share one database, held until the current
 * transaction ends (call inside a write transaction: db_begin_write). A job
 * that must run once however many servers there are takes one, so that its
 * check ("is there anything to do?") and its work are not interleaved with
 * another process doing the same. `key` names the lock: every user of one
 * lock passes the same key. SQLite's write lock already serialises every
 * writer, so there these are no-ops that always succeed; PostgreSQL uses
 * transaction-level advisory locks (pg_advisory_xact_lock and its shared
 * and try variants).
 */
enum db_lock_mode {
    DB_LOCK_SHARED = 1,    /* many holders at once, none while it is held exclusive */
    DB_LOCK_EXCLUSIVE = 2, /* one holder, no shared holder */
};

/* Takes the lock, waiting for conflicting holders as long as any lock wait
 * (then DB_E_BUSY, as a busy SQLite database). Returns 0 or < 0. */
int db_lock(struct db *db, int64_t key, enum db_lock_mode mode);

/* Takes the lock only if nobody holds it in a conflicting mode, without
 * waiting: *out_got is 1 when taken, 0 when not. Returns 0 or < 0. */
int db_try_lock(struct db *db, int64_t key, enum db_lock_mode mode, int *out_got);

/*
 * Convenience for one-shot statements: prepare, bind the int64 arguments
 * (count n), step once, and return the first column of the first row in
 * *out (if out is not NULL). Returns DB_ROW, DB_DONE (no row) or < 0.
 */
int db_query_int64(struct db *db, const char *sql, int n, const int64_t *args, int64_t *out);

/* ------------------------------------------------------------------------
 * The shapes every store function shares, written once: arguments as a
 * db_value array (DB_ARG_INT(x), DB_ARG_TEXT(s): NULL text binds NULL), a
 * statement run for its effect, and the row loops.
 */
/* clang-format off */
#define DB_ARG_INT(x)  {DB_INT, (int64_t)(x), NULL}
#define DB_ARG_TEXT(s) {DB_TEXT, 0, (s)}
#define DB_ARG_NULL    {DB_NULL, 0, NULL}
#define DB_ARG_NULLIF(x, none) {(x) == (none) ? DB_NULL : DB_INT, (int64_t)(x), NULL}
#define DB_ARG_OPT(x)  DB_ARG_NULLIF(x, 0) /* 0 binds NULL */
/* clang-format on */
struct db_value;

/* Binds args[0..n-1] to $1..$n. 0 or < 0. */
int db_bind_values(struct db_stmt *st, const struct db_value *args, int n);

/* Prepares sql and binds args[0..n-1] to $1..$n. 0 or < 0 (nothing to
 * finish then). */
int db_prepare_args(struct db *db, const char *sql, const struct db_value *args, int n,
                    struct db_stmt **out);

/* A statement run for its effect (INSERT, UPDATE, DELETE): prepare, bind,
 * step once, finish. 0 or < 0. */
int db_run(struct db *db, const char *sql, const struct db_value *args, int n);

/* Reads the current row of st into a caller's struct, or hands it on;
 * a non-zero return stops db_each(). */
typedef int (*db_row_fn)(void *arg, struct db_stmt *st);

/* Steps st to its end calling fn(arg, st) on each row, then finishes st.
 * 0, fn's first non-zero return, or < 0. */
int db_each(struct db_stmt *st, db_row_fn fn, void *arg);

/* Steps st once: fn(arg, st) on its row and 0 (fn's return when < 0), or
 * DB_E_NOTFOUND when there is none; then finishes st. fn NULL: the first
 * column into *(int64_t *)arg (an id). */
int db_one(struct db_stmt *st, db_row_fn fn, void *arg);

/*
 * A caller's typed callback and its argument, carried through db_each() to
 * a row function made by DB_HAND_ROWS (the pointer is cast back to its own
 * type before the call, which C allows).
 */
struct db_hand {
    void (*fn)(void);
    void *arg;
};
/* clang-format off */
#define DB_HAND(f, a) {(void (*)(void))(f), (a)}
/* clang-format on */
/* Defines `static int NAME(void *hand, struct db_stmt *st)`: reads the row
 * into a TYPE with READ (a db_row_fn; its failure is returned) and hands it
 * to the FN_TYPE callback of the struct db_hand. */
#define DB_HAND_ROWS(name, type, read, fn_type)                                                    \
    static int name(void *hand, struct db_stmt *st)                                                \
    {                                                                                              \
        const struct db_hand *h_ = hand;                                                           \
        type row_;                                                                                 \
        int rc_ = read(&row_, st);                                                                 \
        return rc_ ? rc_ : ((fn_type)h_->fn)(h_->arg, &row_);                                      \
    }

/* The three whole shapes, prepare to finish: one row read by `read` into
 * out (0, DB_E_NOTFOUND or < 0); every row handed to fn (as db_each());
 * an INSERT ... RETURNING id (0 with *out_id, or < 0). */
int db_get(struct db *db, const char *sql, const struct db_value *args, int n, db_row_fn read,
           void *out);
int db_list(struct db *db, const char *sql, const struct db_value *args, int n, db_row_fn fn,
            void *arg);
int db_insert_id(struct db *db, const char *sql, const struct db_value *args, int n,
                 int64_t *out_id);

/* The first column of up to `max` rows into out_ids[], their number in
 * *out_n. 0 or < 0. */
int db_list_ids(struct db *db, const char *sql, const struct db_value *args, int n,
                int64_t *out_ids, int max, int *out_n);

/* The id of the row `select` finds with args[0..nselect-1], else of the row
 * `insert` (... RETURNING id) makes with args[0..n-1]; *out_created (if
 * not NULL) says which. 0 or < 0. */
int db_find_or_insert(struct db *db, const char *select, int nselect, const char *insert,
                      const struct db_value *args, int n, int64_t *out_id, int *out_created);

/* The schema version of the open database, and the newest this program
 * knows. */
int db_schema_version(struct db *db, int *out_version);
int db_schema_latest(enum db_kind kind);

/* English text for an enum db_status. */
const char *db_strerror(int rc);

/* ------------------------------------------------------------------------
 * Bulk load: many rows of one table, as fast as the driver allows (a reused
 * INSERT in SQLite, COPY in PostgreSQL). Call inside a transaction.
 */
struct db_bulk;

enum db_value_type { DB_NULL = 0, DB_INT, DB_TEXT };

struct db_value {
    enum db_value_type type;
    int64_t i;
    const char *s; /* DB_TEXT: UTF-8, NUL-terminated */
};

/* Starts loading `table` with the given columns ("code,name,level"). */
int db_bulk_begin(struct db *db, const char *table, const char *columns, int ncols,
                  struct db_bulk **out);
int db_bulk_row(struct db_bulk *b, const struct db_value *values);
/* Finishes and frees the bulk handle (also on error). */
int db_bulk_end(struct db_bulk *b);

/* 1 when a bulk load is far faster than one INSERT per row, because the
 * driver has a path of its own (COPY in PostgreSQL, where each statement is
 * a round trip to the server); 0 when it is the same prepared INSERT
 * (SQLite, where a statement costs a few microseconds). */
int db_bulk_is_fast(struct db *db);

/*
 * For rows that a bulk load inserts with their ids given (a bulk load
 * cannot say which ids the database chose, and children must name their
 * parents): fills out[0..n-1] with new values of `table`'s identity column
 * `id`, which the database will never hand out again, even if this
 * transaction rolls back. Where the driver cannot (SQLite: no sequences),
 * returns DB_E_RANGE; use it only when db_bulk_is_fast().
 */
int db_new_ids(struct db *db, const char *table, int n, int64_t *out);

/* ------------------------------------------------------------------------
 * Multi-row writes (db_rows.c): rows of one table sent a few hundred at a
 * time as INSERT INTO table (columns) VALUES (...),(...),... suffix, the
 * values written as literals, the same SQL on every driver; for the writes
 * where one statement a row costs (PostgreSQL's round trips, Citus's
 * copies of a reference table) and the statement needs what COPY cannot
 * do: a suffix (ON CONFLICT ...) or the ids chosen (want_ids: every row
 * must be inserted; the suffix must not return anything itself). Call inside a transaction.
 * db_rows_add copies the row's texts and may write (0 or < 0; after a failure nothing more is
 * written). db_rows_end writes the rest, gives the ids of every row in the
 * order added (up to max; DB_E_RANGE when more) and frees r (also on
 * error; accepts NULL). A batch must not touch one row twice (PostgreSQL
 * refuses an ON CONFLICT DO UPDATE that would).
 */
struct db_rows;
int db_rows_begin(struct db *db, const char *table, const char *columns, int ncols,
                  const char *suffix, int want_ids, struct db_rows **out);
int db_rows_add(struct db_rows *r, const struct db_value *values);
int db_rows_end(struct db_rows *r, int64_t *out_ids, size_t max);

/* The same over n rows of a caller's array: fill(arg, i, values) writes row
 * i's ncols values (texts read before the next call). With first_id (the
 * id field of the caller's first row; NULL when no ids are wanted), row
 * i's id goes to the int64_t `stride` bytes further on per row. 0 or < 0. */
typedef void (*db_rows_fill_fn)(const void *arg, size_t i, struct db_value *values);
int db_rows_insert(struct db *db, const char *table, const char *columns, int ncols,
                   const char *suffix, size_t n, db_rows_fill_fn fill, const void *arg,
                   int64_t *first_id, size_t stride);

#endif
