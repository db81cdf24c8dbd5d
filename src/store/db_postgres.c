/*
 * The PostgreSQL driver of db.h, on libpq: the database for more than one
 * machine. Statements are prepared on the server once per connection and
 * cached by SQL text; parameters and results travel as text, and the server
 * infers each parameter's type from its context. Bulk loads use COPY.
 *
 * Transactions are READ COMMITTED. That is enough where SQLite relies on
 * BEGIN IMMEDIATE for counts: they change by `n = n + excluded.n` upserts,
 * which take the row lock and add to the latest committed value. A lost
 * connection is reopened on the next call made outside a transaction.
 *
 * Pipeline mode (db_pipeline_begin, for the writer's group transaction):
 * statements run for their effect and db_exec's are sent and their answers
 * left for later; a statement whose rows are read asks the server to flush
 * and reads every answer due up to its own, so a job's reads are its only
 * round trips; COMMIT goes with a Sync and the answers are read last. The
 * first failure is kept: the server skips everything after it up to the
 * Sync, so every later call returns it and the caller rolls back.
 */
#include "store/db_driver.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define CACHE_SLOTS 128 /* distinct statements kept prepared per connection */
/* A statement may live in any of CACHE_WAYS slots from its hash on, the
 * least recently used idle one making way: with one slot, two statements
 * of every group commit (its advisory lock and the booking) evicted each
 * other, and each re-prepare started the server's plan cache over
 * (custom plans, planned every time, for the first five executions). */
#define CACHE_WAYS 4
#define MAX_PARAMS 64
#define COPY_CHUNK (256 * 1024) /* bytes handed to PQputCopyData at once */
#define NUM_LEN    32           /* a formatted int64 or double, with NUL */

struct db_stmt {
    struct db_stmt_base base;
    struct db *db;
    char *sql;                    /* owned copy, the cache key */
    uint64_t hash;                /* of sql */
    char name[24];                /* of the prepared statement on the server */
    unsigned gen;                 /* connection generation it was prepared in */
    int in_use;                   /* handed out and not yet done */
    int cached;                   /* lives in the cache (else deallocated on done) */
    uint64_t used;                /* db->tick when last handed out */
    int nparams;                  /* highest $n in the SQL */
    int no_rows;                  /* INSERT, UPDATE or DELETE without RETURNING */
    PGresult *res;                /* of the last execution, NULL before */
    int row;                      /* current row of res */
    int finished;                 /* DB_DONE was returned: the next step runs it again */
    const char *vals[MAX_PARAMS]; /* what PQexecPrepared sends; NULL = NULL */
    char *text[MAX_PARAMS];       /* owned buffers for text parameters */
    size_t text_cap[MAX_PARAMS];
    char num[MAX_PARAMS][NUM_LEN];
};

struct db {
    struct db_base base;
    PGconn *conn;
    char err[DB_ERR_LEN];
    struct db_stmt *cache[CACHE_SLOTS];
    unsigned gen;       /* bumped on reconnect: prepared statements are gone */
    unsigned next_name; /* for statement names */
    uint64_t tick;      /* counts statements handed out (LRU of the cache) */
    int in_tx;          /* BEGIN issued, no COMMIT/ROLLBACK yet */
    int in_copy;        /* a COPY is in progress: no other statement may run */
    int64_t changes;
    int pipe;    /* in pipeline mode */
    int queued;  /* statements sent in it whose answers are still to be read */
    int pipe_rc; /* the first failure seen in the pipeline, else 0 */
    /* Statements evicted while the transaction had failed, when the server
     * refuses even DEALLOCATE: deallocated at the next chance. */
    char (*stale)[24];
    int nstale, stale_cap;
};

/* The COPY bulk handle (db.c casts it to struct db_bulk). */
struct pg_bulk {
    struct db_bulk_base base;
    struct db *db;
    int ncols;
    int failed;
    char *buf;
    size_t len, cap;
};

static const struct db_ops pg_ops;

static uint64_t fnv1a(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    while (*s)
        h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
    return h;
}

/* Copies a libpq message into out as one line: newlines and tabs become
 * spaces, runs of spaces one, and trailing space is dropped. */
static void one_line(char *out, size_t size, const char *msg)
{
    size_t n = 0;

    for (; msg && *msg && n + 1 < size; msg++) {
        char c = (*msg == '\n' || *msg == '\t' || *msg == '\r') ? ' ' : *msg;
        if (c == ' ' && (n == 0 || out[n - 1] == ' '))
            continue;
        out[n++] = c;
    }
    while (n > 0 && out[n - 1] == ' ')
        n--;
    out[n] = '\0';
}

static int map_sqlstate(const char *s)
{
    if (!s)
        return DB_E_ERROR;
    if (strncmp(s, "23", 2) == 0)
        return DB_E_CONSTRAINT;
    if (strcmp(s, "40001") == 0 || strcmp(s, "40P01") == 0 || strcmp(s, "55P03") == 0)
        return DB_E_BUSY;
    if (strcmp(s, "53200") == 0)
        return DB_E_NOMEM;
    if (strcmp(s, "53100") == 0) /* disk_full */
        return DB_E_FULL;
    if (strcmp(s, "25006") == 0) /* read_only_sql_transaction */
        return DB_E_READONLY;
    return DB_E_ERROR;
}

/* Records the error of res (or of the connection when res is NULL) and
 * returns its enum db_status. */
static int fail(struct db *db, const PGresult *res)
{
    const char *primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    const char *detail = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL) : NULL;
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    char msg[DB_ERR_LEN];

    if (primary) {
        snprintf(msg, sizeof msg, "%s%s%s", primary, detail ? ": " : "", detail ? detail : "");
    } else {
        snprintf(msg, sizeof msg, "%s", PQerrorMessage(db->conn));
        if (!msg[0])
            snprintf(msg, sizeof msg, "no answer from the server");
    }
    one_line(db->err, sizeof db->err, msg);
    /* A lost server (restarting, failing over) is temporary: DB_E_BUSY, so
     * clients get 503 and retry; the next statement reconnects (usable()). */
    if (PQstatus(db->conn) == CONNECTION_BAD) {
        snprintf(msg, sizeof msg, "connection to PostgreSQL lost: %s", db->err);
        snprintf(db->err, sizeof db->err, "%s", msg);
        return db_note_error(&db->base, DB_E_BUSY);
    }
    /* A lock wait past lock_timeout, said as SQLite says it. */
    if (state && strcmp(state, "55P03") == 0) {
        snprintf(msg, sizeof msg, "database is locked by another transaction (%s)", db->err);
        snprintf(db->err, sizeof db->err, "%s", msg);
    }
    return db_note_error(&db->base, map_sqlstate(state));
}

static void note_changes(struct db *db, const PGresult *res)
{
    const char *cmd = PQcmdStatus((PGresult *)res);

    if (strncmp(cmd, "INSERT ", 7) == 0 || strncmp(cmd, "UPDATE ", 7) == 0 ||
        strncmp(cmd, "DELETE ", 7) == 0 || strncmp(cmd, "MERGE ", 6) == 0 ||
        strncmp(cmd, "COPY ", 5) == 0)
        db->changes = strtoll(PQcmdTuples((PGresult *)res), NULL, 10);
}

/* 0 when res is a success, else records the error. Does not clear res. */
static int check(struct db *db, const PGresult *res)
{
    ExecStatusType s = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;

    if (s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK) {
        note_changes(db, res);
        return 0;
    }
    return fail(db, res);
}

static void quiet(void *arg, const char *message)
{
    /* Notices ("table exists, skipping") are not errors: drop them rather
     * than let libpq print them on stderr. */
    (void)arg;
    (void)message;
}

/* After a reconnect: the session is new, nothing is prepared. */
static int reconnect(struct db *db)
{
    PQreset(db->conn);
    if (PQstatus(db->conn) != CONNECTION_OK)
        return fail(db, NULL);
    db->gen++;
    db->nstale = 0;
    db->in_tx = 0;
    db->in_copy = 0;
    db->pipe = 0;
    db->queued = 0;
    return 0;
}

/* Reopens a lost connection when that cannot split a transaction. */
static int usable(struct db *db)
{
    if (db->in_copy) {
        snprintf(db->err, sizeof db->err, "a bulk load is in progress on this connection");
        return DB_E_ERROR;
    }
    if (PQstatus(db->conn) == CONNECTION_OK)
        return 0;
    if (db->in_tx) {
        snprintf(db->err, sizeof db->err,
                 "connection to PostgreSQL lost in a transaction: roll it back");
        return DB_E_BUSY;
    }
    return reconnect(db);
}

static void deallocate(struct db *db, const char *name)
{
    char sql[48];

    if (PQstatus(db->conn) != CONNECTION_OK || db->in_copy)
        return;
    if (db->pipe || PQtransactionStatus(db->conn) == PQTRANS_INERROR) {
        if (db->nstale == db->stale_cap) {
            int cap = db->stale_cap ? 2 * db->stale_cap : 16;
            void *p = realloc(db->stale, (size_t)cap * sizeof *db->stale);
            if (!p)
                return; /* the server frees it with the session */
            db->stale = p;
            db->stale_cap = cap;
        }
        snprintf(db->stale[db->nstale++], sizeof db->stale[0], "%s", name);
        return;
    }
    snprintf(sql, sizeof sql, "DEALLOCATE %s", name);
    PQclear(PQexec(db->conn, sql));
}

static void flush_stale(struct db *db)
{
    if (db->pipe || PQtransactionStatus(db->conn) == PQTRANS_INERROR)
        return;
    while (db->nstale > 0) {
        char sql[48];
        snprintf(sql, sizeof sql, "DEALLOCATE %s", db->stale[--db->nstale]);
        PQclear(PQexec(db->conn, sql));
    }
}

static void stmt_free(struct db_stmt *st, int dealloc)
{
    if (!st)
        return;
    if (dealloc && st->gen == st->db->gen)
        deallocate(st->db, st->name);
    PQclear(st->res);
    for (int i = 0; i < MAX_PARAMS; i++)
        free(st->text[i]);
    free(st->sql);
    free(st);
}

static void pg_close(struct db *db)
{
    if (!db)
        return;
    /* The session's prepared statements die with it: no DEALLOCATE. */
    for (int i = 0; i < CACHE_SLOTS; i++)
        stmt_free(db->cache[i], 0);
    PQfinish(db->conn);
    free(db->stale);
    free(db);
}

static const char *pg_errmsg(const struct db *db)
{
    return db->err;
}

/* ---- pipeline mode ----------------------------------------------------------- */

/* Keeps the pipeline's first failure (res NULL: the connection's); the
 * answers of the statements the server skipped after it keep it too. */
static int pipe_fail(struct db *db, const PGresult *res)
{
    if (db->pipe_rc)
        return db->pipe_rc;
    if (res && PQresultStatus(res) == PGRES_PIPELINE_ABORTED) {
        snprintf(db->err, sizeof db->err, "a statement of the pipeline failed before this one");
        db->pipe_rc = db_note_error(&db->base, DB_E_ERROR);
    } else {
        db->pipe_rc = fail(db, res);
    }
    return db->pipe_rc;
}

/* Counts a statement sent in the pipeline (ok: what the PQsend call said). */
static int pipe_sent(struct db *db, int ok)
{
    if (!ok)
        return pipe_fail(db, NULL);
    db->queued++;
    return 0;
}

/* The answer of the oldest statement sent, the NULL that ends it read
 * too; a Sync's answer has none. NULL when the connection failed. */
static PGresult *pipe_next(struct db *db)
{
    PGresult *res = PQgetResult(db->conn), *more;

    if (!res || PQresultStatus(res) == PGRES_PIPELINE_SYNC)
        return res;
    while ((more = PQgetResult(db->conn))) {
        PQclear(res);
        res = more;
    }
    return res;
}

/* Reads the answers of every statement sent: the last one into *out when
 * out is given, the others checked and dropped. 0, or the first failure. */
static int pipe_read(struct db *db, PGresult **out)
{
    while (db->queued > 0) {
        PGresult *res = pipe_next(db);
        ExecStatusType s = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;

        if (s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK)
            note_changes(db, res);
        else
            pipe_fail(db, res);
        if (--db->queued == 0 && out)
            *out = res;
        else
            PQclear(res);
    }
    return db->pipe_rc;
}

/* Asks the server for the answers sent so far, and reads them. */
static int pipe_flush(struct db *db, PGresult **out)
{
    if (PQsendFlushRequest(db->conn) != 1 || PQflush(db->conn) != 0)
        pipe_fail(db, NULL);
    return pipe_read(db, out);
}

/* Sends a Sync, reads every answer (the last statement's into *out when
 * out is given) and leaves pipeline mode; the transaction stays open. */
static int pipe_end(struct db *db, PGresult **out)
{
    PGresult *res;

    if (PQpipelineSync(db->conn) != 1)
        pipe_fail(db, NULL);
    pipe_read(db, out);
    res = pipe_next(db);
    if (!res || PQresultStatus(res) != PGRES_PIPELINE_SYNC)
        pipe_fail(db, res);
    PQclear(res);
    db->pipe = 0;
    db->queued = 0;
    /* Answers still due (a broken connection): start a new session, the
     * transaction lost with the old one, rather than stay in the mode. */
    if (PQexitPipelineMode(db->conn) != 1) {
        pipe_fail(db, NULL);
        reconnect(db);
    }
    return db->pipe_rc;
}

static int pg_pipeline(struct db *db, int on)
{
    int rc;

    if (!on)
        return db->pipe ? pipe_end(db, NULL) : 0;
    if (db->pipe)
        return 0;
    if ((rc = usable(db)) < 0)
        return rc;
    if (PQenterPipelineMode(db->conn) != 1)
        return fail(db, NULL);
    db->pipe = 1;
    db->queued = 0;
    db->pipe_rc = 0;
    return 0;
}

static int pg_pipeline_failed(struct db *db)
{
    return db->pipe_rc != 0;
}

/* COMMIT of a transaction in which a statement failed answers "ROLLBACK"
 * without an error: it must not look like success. */
static int commit_refused(struct db *db, const PGresult *res)
{
    char prev[DB_ERR_LEN];

    if (!res || strcmp(PQcmdStatus((PGresult *)res), "ROLLBACK") != 0)
        return 0;
    snprintf(prev, sizeof prev, "%s", db->err);
    snprintf(db->err, sizeof db->err, "transaction rolled back: a statement in it had failed (%s)",
             prev[0] ? prev : "unknown error");
    return DB_E_ERROR;
}

/* db_exec in pipeline mode: ROLLBACK leaves it first; COMMIT ends it. */
static int pipe_exec(struct db *db, const char *sql)
{
    PGresult *res = NULL;
    int rc;

    if (db->pipe_rc)
        return db->pipe_rc;
    if ((rc = pipe_sent(db, PQsendQueryParams(db->conn, sql, 0, NULL, NULL, NULL, NULL, 0))) < 0)
        return rc;
    if (strncmp(sql, "BEGIN", 5) == 0)
        db->in_tx = 1;
    if (strcmp(sql, "COMMIT") != 0)
        return 0;
    rc = pipe_end(db, &res);
    if (rc == 0) {
        db->in_tx = 0; /* else ROLLBACK ends the failed transaction */
        rc = commit_refused(db, res);
    }
    PQclear(res);
    return rc;
}

static int pg_exec(struct db *db, const char *sql)
{
    int commit = strcmp(sql, "COMMIT") == 0, rollback = strcmp(sql, "ROLLBACK") == 0, rc;
    PGresult *res;

    if (db->pipe && !rollback)
        return pipe_exec(db, sql);
    if (db->pipe)
        pipe_end(db, NULL); /* its failure is what is being rolled back */
    /* A lost connection has rolled its transaction back already. */
    if (rollback && !db->in_copy && PQstatus(db->conn) != CONNECTION_OK) {
        db->in_tx = 0;
        return reconnect(db);
    }
    if ((rc = usable(db)) < 0)
        return rc;
    res = PQexec(db->conn, sql);
    rc = check(db, res);
    if (rc == 0 && commit)
        rc = commit_refused(db, res);
    if (commit || rollback)
        db->in_tx = 0;
    else if (rc == 0 && strncmp(sql, "BEGIN", 5) == 0)
        db->in_tx = 1;
    PQclear(res);
    return rc;
}

static int pg_tx_spoiled(struct db *db)
{
    if (db->pipe)
        return db->pipe_rc != 0;
    return PQtransactionStatus(db->conn) != PQTRANS_INTRANS;
}

static int pg_begin_write(struct db *db)
{
    return pg_exec(db, "BEGIN");
}

/* The highest $n in sql, outside quotes and comments; -1 past MAX_PARAMS. */
static int count_params(const char *sql)
{
    int max = 0;

    for (const char *p = sql; *p; p++) {
        if (*p == '\'' || *p == '"') {
            char q = *p;
            while (p[1] && p[1] != q)
                p++;
            if (p[1])
                p++;
        } else if (p[0] == '-' && p[1] == '-') {
            while (p[1] && p[1] != '\n')
                p++;
        } else if (*p == '$' && p[1] >= '0' && p[1] <= '9') {
            int n = 0;
            while (p[1] >= '0' && p[1] <= '9' && n <= MAX_PARAMS)
                n = n * 10 + (*++p - '0');
            if (n > MAX_PARAMS)
                return -1;
            if (n > max)
                max = n;
        }
    }
    return max;
}

/* 1 when sql can return no rows: an INSERT, UPDATE or DELETE without
 * RETURNING. In pipeline mode such a statement is sent without waiting
 * for its answer, whichever db.h call runs it. */
static int returns_no_rows(const char *sql)
{
    static const char *const verbs[] = {"INSERT ", "UPDATE ", "DELETE "};
    int verb = 0;

    while (*sql == ' ' || *sql == '\n' || *sql == '\t')
        sql++;
    for (int i = 0; i < 3; i++)
        verb |= strncasecmp(sql, verbs[i], strlen(verbs[i])) == 0;
    return verb && !strcasestr(sql, "RETURNING");
}

static int prepare_on_server(struct db_stmt *st)
{
    struct db *db = st->db;
    PGresult *res;
    int rc;

    if (db->pipe) {
        if (db->pipe_rc)
            return db->pipe_rc;
        /* Read at once, the first time a statement is seen on the
         * connection: a Parse the server skipped after a failure must not
         * count as prepared (prepared statements outlive a rollback). */
        rc = pipe_sent(db, PQsendPrepare(db->conn, st->name, st->sql, 0, NULL));
        if (rc == 0 && (rc = pipe_flush(db, NULL)) == 0)
            st->gen = db->gen;
        return rc;
    }
    flush_stale(db);
    res = PQprepare(db->conn, st->name, st->sql, 0, NULL);
    rc = check(db, res);
    PQclear(res);
    if (rc == 0)
        st->gen = db->gen;
    return rc;
}

/* The slot a new statement of hash h takes: CACHE_SLOTS when none may. */
static unsigned cache_victim(const struct db *db, uint64_t h)
{
    unsigned best = CACHE_SLOTS;

    for (int i = 0; i < CACHE_WAYS; i++) {
        unsigned s = (unsigned)((h + (unsigned)i) % CACHE_SLOTS);
        const struct db_stmt *c = db->cache[s];
        if (!c)
            return s;
        if (!c->in_use && (best == CACHE_SLOTS || c->used < db->cache[best]->used))
            best = s;
    }
    return best;
}

static int pg_prepare(struct db *db, const char *sql, struct db_stmt **out)
{
    uint64_t h = fnv1a(sql);
    struct db_stmt *st;
    unsigned slot;
    int rc, nested = 0;

    *out = NULL;
    if ((rc = usable(db)) < 0)
        return rc;
    for (int i = 0; i < CACHE_WAYS; i++) {
        st = db->cache[(h + (unsigned)i) % CACHE_SLOTS];
        if (!st || st->hash != h || strcmp(st->sql, sql) != 0)
            continue;
        nested = st->in_use;
        if (!st->in_use) {
            if (st->gen != db->gen && (rc = prepare_on_server(st)) < 0)
                return rc;
            st->in_use = 1;
            st->used = ++db->tick;
            *out = st;
            return 0;
        }
    }
    if (!(st = calloc(1, sizeof *st)) || !(st->sql = strdup(sql))) {
        free(st);
        return DB_E_NOMEM;
    }
    st->base.ops = &pg_ops;
    st->db = db;
    st->hash = h;
    st->no_rows = returns_no_rows(sql);
    if ((st->nparams = count_params(sql)) < 0) {
        snprintf(db->err, sizeof db->err, "parameters must be written $1..$%d", MAX_PARAMS);
        stmt_free(st, 0);
        return DB_E_RANGE;
    }
    snprintf(st->name, sizeof st->name, "cordon_%u", db->next_name++);
    if ((rc = prepare_on_server(st)) < 0) {
        stmt_free(st, 0);
        return rc;
    }
    /* Take a free slot of its ways, else the least recently used idle
     * one; a nested use of a cached statement, or all ways in use, and it
     * is deallocated on done. */
    if (!nested && (slot = cache_victim(db, h)) < CACHE_SLOTS) {
        stmt_free(db->cache[slot], 1);
        db->cache[slot] = st;
        st->cached = 1;
    }
    st->in_use = 1;
    st->used = ++db->tick;
    *out = st;
    return 0;
}

/* Binding after a step starts the next execution, keeping other values. */
static int param(struct db_stmt *st, int idx)
{
    if (st->res) {
        PQclear(st->res);
        st->res = NULL;
        st->finished = 0;
    }
    return idx >= 1 && idx <= st->nparams ? idx - 1 : -1;
}

static int pg_bind_int64(struct db_stmt *st, int idx, int64_t v)
{
    int i = param(st, idx);
    if (i < 0)
        return DB_E_RANGE;
    snprintf(st->num[i], NUM_LEN, "%lld", (long long)v);
    st->vals[i] = st->num[i];
    return 0;
}

static int pg_bind_double(struct db_stmt *st, int idx, double v)
{
    int i = param(st, idx);
    if (i < 0)
        return DB_E_RANGE;
    snprintf(st->num[i], NUM_LEN, "%.17g", v);
    st->vals[i] = st->num[i];
    return 0;
}

static int pg_bind_text(struct db_stmt *st, int idx, const char *s, int len)
{
    int i = param(st, idx);
    size_t n = len < 0 ? strlen(s) : (size_t)len;

    if (i < 0)
        return DB_E_RANGE;
    if (st->text_cap[i] < n + 1) {
        char *p = realloc(st->text[i], n + 1);
        if (!p)
            return DB_E_NOMEM;
        st->text[i] = p;
        st->text_cap[i] = n + 1;
    }
    memcpy(st->text[i], s, n);
    st->text[i][n] = '\0';
    st->vals[i] = st->text[i];
    return 0;
}

static int pg_bind_null(struct db_stmt *st, int idx)
{
    int i = param(st, idx);
    if (i < 0)
        return DB_E_RANGE;
    st->vals[i] = NULL;
    return 0;
}

/* Runs st: its answer in *out, or in pipeline mode, when nobody reads it
 * (read = 0), sent only (*out NULL). */
static int execute(struct db_stmt *st, int read, PGresult **out)
{
    struct db *db = st->db;
    int rc;

    *out = NULL;
    if (db->pipe && db->pipe_rc)
        return db->pipe_rc;
    if ((rc = usable(db)) < 0)
        return rc;
    if (st->gen != db->gen && (rc = prepare_on_server(st)) < 0)
        return rc;
    if (!db->pipe) {
        *out = PQexecPrepared(db->conn, st->name, st->nparams, st->vals, NULL, NULL, 0);
        return check(db, *out);
    }
    rc = pipe_sent(db,
                   PQsendQueryPrepared(db->conn, st->name, st->nparams, st->vals, NULL, NULL, 0));
    if (rc < 0 || !read || st->no_rows)
        return rc;
    return pipe_flush(db, out);
}

/* The first step runs the statement; the following ones walk its rows. */
static int pg_step(struct db_stmt *st)
{
    PGresult *res;
    int rc;

    if (st->res && !st->finished) {
        if (++st->row < PQntuples(st->res))
            return DB_ROW;
        st->finished = 1;
        return DB_DONE;
    }
    PQclear(st->res);
    st->res = NULL;
    st->finished = 0;
    if ((rc = execute(st, 1, &res)) < 0) {
        PQclear(res);
        return rc;
    }
    st->res = res;
    st->row = 0;
    if (res && PQntuples(res) > 0)
        return DB_ROW;
    st->finished = 1;
    return DB_DONE;
}

/* The current row's value of col, or NULL when there is none. */
static const char *value(struct db_stmt *st, int col)
{
    if (!st->res || st->finished || st->row >= PQntuples(st->res) || col < 0 ||
        col >= PQnfields(st->res) || PQgetisnull(st->res, st->row, col))
        return NULL;
    return PQgetvalue(st->res, st->row, col);
}

static int pg_column_count(struct db_stmt *st)
{
    return st->res ? PQnfields(st->res) : 0;
}

static int pg_column_is_null(struct db_stmt *st, int col)
{
    return value(st, col) == NULL;
}

static int64_t pg_column_int64(struct db_stmt *st, int col)
{
    const char *v = value(st, col);

    if (!v)
        return 0;
    if (v[0] == 't' && v[1] == '\0') /* boolean */
        return 1;
    if (strchr(v, '.') || strchr(v, 'e')) /* numeric, as SQLite would cast */
        return (int64_t)strtod(v, NULL);
    return strtoll(v, NULL, 10);
}

static double pg_column_double(struct db_stmt *st, int col)
{
    const char *v = value(st, col);
    return v ? strtod(v, NULL) : 0;
}

static const char *pg_column_text(struct db_stmt *st, int col)
{
    const char *v = value(st, col);
    return v ? v : "";
}

static int pg_column_bytes(struct db_stmt *st, int col)
{
    return value(st, col) ? PQgetlength(st->res, st->row, col) : 0;
}

/* db_run: in pipeline mode, sent without waiting. */
static int pg_run(struct db_stmt *st)
{
    PGresult *res;
    int rc;

    PQclear(st->res);
    st->res = NULL;
    st->finished = 0;
    rc = execute(st, 0, &res);
    PQclear(res);
    return rc < 0 ? rc : DB_DONE;
}

static int64_t pg_changes(struct db *db)
{
    if (db->pipe && db->queued > 0)
        pipe_flush(db, NULL); /* a failure: the caller's next statement says it */
    return db->changes;
}

static void pg_done(struct db_stmt *st)
{
    PQclear(st->res);
    st->res = NULL;
    st->finished = 0;
    for (int i = 0; i < st->nparams; i++)
        st->vals[i] = NULL;
    st->in_use = 0;
    if (!st->cached)
        stmt_free(st, 1);
}

/* ---- bulk load by COPY ---------------------------------------------------- */

static int copy_flush(struct pg_bulk *b)
{
    if (b->len > 0 && PQputCopyData(b->db->conn, b->buf, (int)b->len) != 1) {
        b->failed = 1;
        return fail(b->db, NULL);
    }
    b->len = 0;
    return 0;
}

/* Makes room for n more bytes. */
static int copy_reserve(struct pg_bulk *b, size_t n)
{
    if (b->len + n <= b->cap)
        return 0;
    size_t cap = b->cap;
    while (cap < b->len + n)
        cap *= 2;
    char *p = realloc(b->buf, cap);
    if (!p)
        return DB_E_NOMEM;
    b->buf = p;
    b->cap = cap;
    return 0;
}

/* Writes v in decimal without a NUL; returns the length (at most 20).
 * snprintf was a fifth of the client's time in a million-row import. */
static size_t format_int64(char *out, int64_t v)
{
    char digits[20];
    uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    size_t n = 0, len = 0;

    do {
        digits[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        out[len++] = '-';
    while (n)
        out[len++] = digits[--n];
    return len;
}

/* One row in COPY's text format: tab-separated, \N for NULL, and
 * backslash, tab, newline and carriage return escaped in text. */
static int pg_bulk_row(struct db_bulk *handle, const struct db_value *values)
{
    struct pg_bulk *b = (struct pg_bulk *)handle;
    int rc;

    if (b->failed)
        return DB_E_ERROR;
    for (int i = 0; i < b->ncols; i++) {
        const struct db_value *v = &values[i];
        size_t n = v->type == DB_TEXT && v->s ? 2 * strlen(v->s) : NUM_LEN;

        if ((rc = copy_reserve(b, n + 2)) < 0)
            return rc;
        if (i > 0)
            b->buf[b->len++] = '\t';
        if (v->type == DB_INT) {
            b->len += format_int64(b->buf + b->len, v->i);
        } else if (v->type == DB_TEXT && v->s) {
            for (const char *s = v->s; *s; s++) {
                char c = *s, e = 0;
                if (c == '\\')
                    e = '\\';
                else if (c == '\t')
                    e = 't';
                else if (c == '\n')
                    e = 'n';
                else if (c == '\r')
                    e = 'r';
                if (e) {
                    b->buf[b->len++] = '\\';
                    b->buf[b->len++] = e;
                } else {
                    b->buf[b->len++] = c;
                }
            }
        } else {
            b->buf[b->len++] = '\\';
            b->buf[b->len++] = 'N';
        }
    }
    b->buf[b->len++] = '\n';
    return b->len >= COPY_CHUNK ? copy_flush(b) : 0;
}

static int pg_bulk_end(struct db_bulk *handle)
{
    struct pg_bulk *b = (struct pg_bulk *)handle;
    struct db *db = b->db;
    PGresult *res;
    int rc = 0, r;

    if (!b->failed)
        rc = copy_flush(b);
    if (PQputCopyEnd(db->conn, b->failed ? "cordon: bulk load abandoned" : NULL) != 1 && !rc)
        rc = fail(db, NULL);
    /* The COPY's result, then NULL; anything else is drained. */
    while ((res = PQgetResult(db->conn))) {
        if ((r = check(db, res)) < 0 && !rc)
            rc = r;
        PQclear(res);
    }
    db->in_copy = 0;
    free(b->buf);
    free(b);
    return rc;
}

static int pg_bulk_begin(struct db *db, const char *table, const char *columns, int ncols,
                         struct db_bulk **out)
{
    char sql[1024];
    struct pg_bulk *b;
    PGresult *res;
    int rc;

    *out = NULL;
    if (ncols < 1 || ncols > MAX_PARAMS)
        return DB_E_RANGE;
    if ((size_t)snprintf(sql, sizeof sql, "COPY %s (%s) FROM STDIN", table, columns) >= sizeof sql)
        return DB_E_RANGE;
    if ((rc = usable(db)) < 0)
        return rc;
    if (db->pipe) { /* COPY has no place in a pipeline: run the group without */
        snprintf(db->err, sizeof db->err, "a bulk load cannot run in pipeline mode");
        return db->pipe_rc ? db->pipe_rc : (db->pipe_rc = DB_E_ERROR);
    }
    if (!(b = calloc(1, sizeof *b)) || !(b->buf = malloc(COPY_CHUNK + 4096))) {
        free(b);
        return DB_E_NOMEM;
    }
    b->cap = COPY_CHUNK + 4096;
    res = PQexec(db->conn, sql);
    if (PQresultStatus(res) != PGRES_COPY_IN) {
        rc = fail(db, res);
        PQclear(res);
        free(b->buf);
        free(b);
        return rc;
    }
    PQclear(res);
    b->base.row = pg_bulk_row;
    b->base.end = pg_bulk_end;
    b->db = db;
    b->ncols = ncols;
    db->in_copy = 1;
    *out = (struct db_bulk *)b;
    return 0;
}

/* ---- ids for bulk loads ------------------------------------------------------ */

/* Values of the table's identity sequence, one round trip for all n. They
 * need not be consecutive (other sessions draw from the same sequence
 * meanwhile), so each is read. The sequence is looked up once per call, not
 * once per value: pg_get_serial_sequence costs far more than nextval, and
 * OFFSET 0 keeps the planner from pulling it up into the per-row part. */
static int pg_new_ids(struct db *db, const char *table, int n, int64_t *out)
{
    struct db_stmt *st;
    int rc, got = 0;

    if ((rc = pg_prepare(db,
                         "SELECT nextval(q.s) FROM (SELECT CAST(pg_get_serial_sequence($1::text, "
                         "'id') AS regclass) AS s OFFSET 0) q, generate_series(1, $2::integer)",
                         &st)) < 0)
        return rc;
    pg_bind_text(st, 1, table, -1);
    pg_bind_int64(st, 2, n);
    while ((rc = pg_step(st)) == DB_ROW && got < n)
        out[got++] = pg_column_int64(st, 0);
    pg_done(st);
    if (rc < 0)
        return rc;
    if (got != n) {
        snprintf(db->err, sizeof db->err, "%s: %d new ids asked, %d given", table, n, got);
        return DB_E_ERROR;
    }
    return 0;
}

/* ---- locks between processes ----------------------------------------------- */

/* Transaction-level advisory locks: released by COMMIT or ROLLBACK, so a
 * crashed holder never leaves one behind. Outside a transaction the server
 * would release the lock as soon as the statement ends, which is never what
 * the caller meant. A wait is bounded by lock_timeout (DB_E_BUSY past it). */
static int pg_xact_lock(struct db *db, int64_t key, enum db_lock_mode mode, int wait, int *out_got)
{
    static const char *const sql[2][2] = {
        {"SELECT pg_try_advisory_xact_lock_shared($1)", "SELECT pg_try_advisory_xact_lock($1)"},
        {"SELECT pg_advisory_xact_lock_shared($1)", "SELECT pg_advisory_xact_lock($1)"},
    };
    struct db_stmt *st;
    int rc;

    *out_got = 0;
    if (!db->in_tx) {
        snprintf(db->err, sizeof db->err, "a lock between processes needs a transaction");
        return DB_E_RANGE;
    }
    if ((rc = pg_prepare(db, sql[wait ? 1 : 0][mode == DB_LOCK_EXCLUSIVE], &st)) < 0)
        return rc;
    pg_bind_int64(st, 1, key);
    rc = pg_step(st);
    if (rc == DB_ROW) {
        /* The waiting forms return void (an empty text); the try forms a
         * boolean. */
        *out_got = wait || strcmp(pg_column_text(st, 0), "t") == 0;
        rc = 0;
    } else if (rc == DB_DONE) {
        snprintf(db->err, sizeof db->err, "the lock query returned no row");
        rc = DB_E_ERROR;
    }
    pg_done(st);
    return rc;
}

static const struct db_ops pg_ops = {
    .kind = DB_POSTGRES,
    .close = pg_close,
    .errmsg = pg_errmsg,
    .exec = pg_exec,
    .prepare = pg_prepare,
    .bind_int64 = pg_bind_int64,
    .bind_double = pg_bind_double,
    .bind_text = pg_bind_text,
    .bind_null = pg_bind_null,
    .step = pg_step,
    .column_count = pg_column_count,
    .column_is_null = pg_column_is_null,
    .column_int64 = pg_column_int64,
    .column_double = pg_column_double,
    .column_text = pg_column_text,
    .column_bytes = pg_column_bytes,
    .changes = pg_changes,
    .done = pg_done,
    .begin_write = pg_begin_write,
    .tx_spoiled = pg_tx_spoiled,
    .bulk_begin = pg_bulk_begin,
    .new_ids = pg_new_ids,
    .xact_lock = pg_xact_lock,
    .run = pg_run,
    .pipeline = pg_pipeline,
    .pipeline_failed = pg_pipeline_failed,
};

/* url without its password and query string, for messages. */
static void shown_url(char *out, size_t size, const char *url)
{
    const char *auth = strstr(url, "://"), *at, *colon, *q = strchr(url, '?');
    size_t end = q ? (size_t)(q - url) : strlen(url);

    auth = auth ? auth + 3 : url;
    at = strchr(auth, '@');
    colon = at ? memchr(auth, ':', (size_t)(at - auth)) : NULL;
    if (at && colon && (!q || at < q))
        snprintf(out, size, "%.*s:***%.*s", (int)(colon - url), url,
                 (int)(end - (size_t)(at - url)), at);
    else
        snprintf(out, size, "%.*s", (int)end, url);
}

int db_postgres_open(const char *url, int flags, struct db **out, char err[DB_ERR_LEN])
{
    /* Defaults first: whatever the URL says overrides them. The lock wait
     * limit matches SQLite's busy timeout. */
    static const char *const keys[] = {"connect_timeout", "fallback_application_name",
                                       "options",         "client_encoding",
                                       "dbname",          NULL};
    const char *vals[] = {"10", "cordon", "-c lock_timeout=5000", "UTF8", url, NULL};
    char shown[160], msg[DB_ERR_LEN];
    struct db *db;
    PGresult *res;
    int rc;

    *out = NULL;
    shown_url(shown, sizeof shown, url);
    if (!(db = calloc(1, sizeof *db))) {
        snprintf(err, DB_ERR_LEN, "out of memory");
        return DB_E_NOMEM;
    }
    db->base.ops = &pg_ops;
    db->conn = PQconnectdbParams(keys, vals, 1);
    if (!db->conn) {
        free(db);
        snprintf(err, DB_ERR_LEN, "out of memory");
        return DB_E_NOMEM;
    }
    if (PQstatus(db->conn) != CONNECTION_OK) {
        one_line(msg, sizeof msg, PQerrorMessage(db->conn));
        if (strstr(msg, "database \"") && strstr(msg, "does not exist")) {
            snprintf(err, DB_ERR_LEN,
                     "%s: no such database (create it with createdb, then `cordon init`)", shown);
            rc = DB_E_NOTFOUND;
        } else {
            snprintf(err, DB_ERR_LEN, "%s: cannot connect: %s", shown, msg);
            rc = DB_E_ERROR;
        }
        pg_close(db);
        return rc;
    }
    PQsetNoticeProcessor(db->conn, quiet, NULL);
    if (PQserverVersion(db->conn) < 100000) {
        snprintf(err, DB_ERR_LEN, "%s: PostgreSQL 10 or newer is needed", shown);
        pg_close(db);
        return DB_E_ERROR;
    }
    /* An empty database is, to every command but `cordon init`, what a
     * missing file is with SQLite. */
    if (!(flags & DB_OPEN_CREATE)) {
        res = PQexec(db->conn, "SELECT to_regclass('schema_version') IS NULL");
        rc = check(db, res);
        if (rc == 0 && PQntuples(res) == 1 && PQgetvalue(res, 0, 0)[0] == 't') {
            snprintf(err, DB_ERR_LEN,
                     "%s: no such database: nothing of cordon's in it yet (create it with "
                     "`cordon init`)",
                     shown);
            rc = DB_E_NOTFOUND;
        } else if (rc < 0) {
            snprintf(err, DB_ERR_LEN, "%s: %s", shown, db->err);
        }
        PQclear(res);
        if (rc < 0) {
            pg_close(db);
            return rc;
        }
    }
    *out = db;
    return 0;
}
