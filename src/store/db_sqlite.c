/*
 * The SQLite driver of db.h: the embedded default. One file in WAL mode with
 * synchronous=FULL (every answered commit survives a power cut), a busy
 * timeout so concurrent processes wait instead of failing, foreign keys on,
 * and a per-connection cache of prepared statements keyed by SQL text.
 *
 * Parameters are written $1..$n as in PostgreSQL. SQLite reads "$1" as a
 * named parameter, so each statement keeps a map from n to SQLite's index.
 */
#include "store/db_driver.h"
#include "store/db_sqlite_plan.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define CACHE_SLOTS     128 /* distinct statements kept prepared per connection */
#define MAX_PARAMS      64
#define BUSY_TIMEOUT_MS 5000

struct db_stmt {
    struct db_stmt_base base;
    struct db *db;
    sqlite3_stmt *st;
    char *sql;     /* owned copy, the cache key */
    uint64_t hash; /* of sql */
    int in_use;    /* handed out and not yet done */
    int cached;    /* lives in the cache (else freed on done) */
    int stepped;   /* stepped since the last reset */
    int nparams;
    unsigned char pmap[MAX_PARAMS + 1]; /* $n -> sqlite index */
    /* "INSERT ... RETURNING id" is run as a plain INSERT and answered from
     * sqlite3_last_insert_rowid(): SQLite implements RETURNING by buffering
     * the statement's output, which costs more than the insert itself on
     * the import path. 0: not rewritten; 1: rewritten, no row given yet;
     * 2: the rowid row is current. */
    int rowid_returning;
    int64_t rowid;
};

struct db {
    struct db_base base;
    sqlite3 *h;
    char err[DB_ERR_LEN];
    struct db_stmt *cache[CACHE_SLOTS];
    /* Fast path: SQL text is almost always a string literal, so its address
     * identifies it; this small table maps addresses to cached statements
     * without hashing the text (a measurable cost on the import path). */
    struct {
        const char *sql;
        struct db_stmt *st;
    } by_ptr[CACHE_SLOTS];
    /* What the connection has appended to the WAL (wal_hook below). */
    int64_t wal_frames;
    int wal_last;  /* frames in the log after the last commit */
    int page_size; /* a frame is a page and a 24-byte header */
    int wal_autocheckpoint;
};

static const struct db_ops sqlite_ops;

static int map_rc(int rc)
{
    switch (rc & 0xff) {
    case SQLITE_OK:
        return 0;
    case SQLITE_ROW:
        return DB_ROW;
    case SQLITE_DONE:
        return DB_DONE;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return DB_E_BUSY;
    case SQLITE_CONSTRAINT:
        return DB_E_CONSTRAINT;
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
        return DB_E_NOTADB;
    case SQLITE_NOMEM:
        return DB_E_NOMEM;
    case SQLITE_FULL:
        return DB_E_FULL;
    case SQLITE_READONLY:
        return DB_E_READONLY;
    default:
        return DB_E_ERROR;
    }
}

static int fail(struct db *db, int rc)
{
    snprintf(db->err, sizeof db->err, "%s", sqlite3_errmsg(db->h));
    return db_note_error(&db->base, map_rc(rc));
}

static uint64_t fnv1a(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    while (*s)
        h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
    return h;
}

static void stmt_free(struct db_stmt *st)
{
    if (!st)
        return;
    sqlite3_finalize(st->st);
    free(st->sql);
    free(st);
}

static void sq_close(struct db *db)
{
    for (int i = 0; i < CACHE_SLOTS; i++)
        stmt_free(db->cache[i]);
    sqlite3_close_v2(db->h);
    free(db);
}

static const char *sq_errmsg(const struct db *db)
{
    return db->err;
}

static int sq_exec(struct db *db, const char *sql)
{
    int rc = sqlite3_exec(db->h, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? 0 : fail(db, rc);
}

/* Outside a transaction after BEGIN: SQLite rolled it back (I/O error,
 * disk full, out of memory). */
static int sq_tx_spoiled(struct db *db)
{
    return sqlite3_get_autocommit(db->h) != 0;
}

static int sq_begin_write(struct db *db)
{
    return sq_exec(db, "BEGIN IMMEDIATE");
}

/* Locks between processes: a write transaction (BEGIN IMMEDIATE) already
 * holds the database's one write lock, which excludes every other writer,
 * so any lock a writer asks for is already held. */
static int sq_xact_lock(struct db *db, int64_t key, enum db_lock_mode mode, int wait, int *out_got)
{
    (void)db;
    (void)key;
    (void)mode;
    (void)wait;
    *out_got = 1;
    return 0;
}

/* 1 GiB of page cache during bulk writes (allocated only as used), the
 * 64 MiB default otherwise. */
static int sq_bulk_hint(struct db *db, int on)
{
    return sq_exec(db, on ? "PRAGMA cache_size=-1048576" : "PRAGMA cache_size=-65536");
}

/* The journal mode the pragma answered, in out (as "wal", "delete"). */
static int journal_mode(struct db *db, const char *sql, char out[16])
{
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(db->h, sql, -1, &st, NULL);

    out[0] = '\0';
    if (rc != SQLITE_OK)
        return fail(db, rc);
    if ((rc = sqlite3_step(st)) == SQLITE_ROW)
        snprintf(out, 16, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : fail(db, rc);
}

/* Leaving the log needs the file to itself: tried once, without waiting
 * (busy means another connection), and left as it is if it cannot. */
static int sq_bulk_journal(struct db *db, int on)
{
    char mode[16];
    int rc;

    if (!on)
        return journal_mode(db, "PRAGMA journal_mode=WAL", mode);
    if (!sqlite3_get_autocommit(db->h))
        return 0;
    sqlite3_busy_timeout(db->h, 0);
    rc = journal_mode(db, "PRAGMA journal_mode=DELETE", mode);
    sqlite3_busy_timeout(db->h, BUSY_TIMEOUT_MS);
    if (rc == DB_E_BUSY)
        return 0;
    return rc < 0 ? rc : strcmp(mode, "delete") == 0;
}

static int build_pmap(struct db *db, struct db_stmt *st)
{
    int n = sqlite3_bind_parameter_count(st->st);

    for (int i = 1; i <= n; i++) {
        const char *name = sqlite3_bind_parameter_name(st->st, i);
        int k;
        if (!name || name[0] != '$' || (k = atoi(name + 1)) < 1 || k > MAX_PARAMS) {
            snprintf(db->err, sizeof db->err, "parameters must be written $1..$%d", MAX_PARAMS);
            return DB_E_ERROR;
        }
        st->pmap[k] = (unsigned char)i;
        if (k > st->nparams)
            st->nparams = k;
    }
    return 0;
}

static int sq_prepare(struct db *db, const char *sql, struct db_stmt **out)
{
    unsigned pslot = (unsigned)(((uintptr_t)sql >> 3) % CACHE_SLOTS);
    uint64_t h;
    unsigned slot;
    struct db_stmt *st = db->by_ptr[pslot].st;
    int rc;

    /* Entries are cleared when their statement leaves the cache; the text
     * is still compared, since a freed SQL buffer can be reused at the same
     * address for other text. */
    if (db->by_ptr[pslot].sql == sql && st && !st->in_use && strcmp(st->sql, sql) == 0) {
        st->in_use = 1;
        *out = st;
        return 0;
    }
    h = fnv1a(sql);
    slot = (unsigned)(h % CACHE_SLOTS);
    st = db->cache[slot];
    if (st && !st->in_use && st->hash == h && strcmp(st->sql, sql) == 0) {
        st->in_use = 1;
        db->by_ptr[pslot].sql = sql;
        db->by_ptr[pslot].st = st;
        *out = st;
        return 0;
    }
    if (!(st = calloc(1, sizeof *st)))
        return DB_E_NOMEM;
    st->base.ops = &sqlite_ops;
    st->db = db;
    st->hash = h;
    {
        static const char suffix[] = " RETURNING id";
        size_t n = strlen(sql), k = sizeof suffix - 1;
        int rewrite = n > k && strncmp(sql, "INSERT ", 7) == 0 && strcmp(sql + n - k, suffix) == 0;
        rc = sqlite3_prepare_v3(db->h, sql, rewrite ? (int)(n - k) : -1, SQLITE_PREPARE_PERSISTENT,
                                &st->st, NULL);
        if (rc == SQLITE_OK && sqlite_plan_check_enabled())
            sqlite_plan_check(db->h, sql, rewrite ? (int)(n - k) : -1);
        st->rowid_returning = rewrite;
    }
    if (rc != SQLITE_OK) {
        rc = fail(db, rc);
        free(st);
        return rc;
    }
    if (!(st->sql = strdup(sql))) {
        stmt_free(st);
        return DB_E_NOMEM;
    }
    if ((rc = build_pmap(db, st)) < 0) {
        stmt_free(st);
        return rc;
    }
    /* Take the slot if it is free or holds an idle statement; a slot in
     * use (nested use of the same SQL, or a collision) keeps its owner and
     * this statement is freed on done. */
    if (!db->cache[slot] || !db->cache[slot]->in_use) {
        for (int i = 0; db->cache[slot] && i < CACHE_SLOTS; i++)
            if (db->by_ptr[i].st == db->cache[slot])
                db->by_ptr[i].st = NULL, db->by_ptr[i].sql = NULL;
        stmt_free(db->cache[slot]);
        db->cache[slot] = st;
        st->cached = 1;
        db->by_ptr[pslot].sql = sql;
        db->by_ptr[pslot].st = st;
    }
    st->in_use = 1;
    *out = st;
    return 0;
}

static int param(struct db_stmt *st, int idx)
{
    if (st->rowid_returning == 2)
        st->rowid_returning = 1;
    if (st->stepped) {
        sqlite3_reset(st->st);
        st->stepped = 0;
    }
    if (idx < 1 || idx > st->nparams || !st->pmap[idx])
        return 0;
    return st->pmap[idx];
}

static int sq_bind_int64(struct db_stmt *st, int idx, int64_t v)
{
    int i = param(st, idx);
    if (!i)
        return DB_E_RANGE;
    int rc = sqlite3_bind_int64(st->st, i, v);
    return rc == SQLITE_OK ? 0 : fail(st->db, rc);
}

static int sq_bind_double(struct db_stmt *st, int idx, double v)
{
    int i = param(st, idx);
    if (!i)
        return DB_E_RANGE;
    int rc = sqlite3_bind_double(st->st, i, v);
    return rc == SQLITE_OK ? 0 : fail(st->db, rc);
}

static int sq_bind_text(struct db_stmt *st, int idx, const char *s, int len)
{
    int i = param(st, idx);
    if (!i)
        return DB_E_RANGE;
    int rc = sqlite3_bind_text(st->st, i, s, len, SQLITE_TRANSIENT);
    return rc == SQLITE_OK ? 0 : fail(st->db, rc);
}

static int sq_bind_text_static(struct db_stmt *st, int idx, const char *s, int len)
{
    int i = param(st, idx);
    if (!i)
        return DB_E_RANGE;
    int rc = sqlite3_bind_text(st->st, i, s, len, SQLITE_STATIC);
    return rc == SQLITE_OK ? 0 : fail(st->db, rc);
}

static int sq_bind_null(struct db_stmt *st, int idx)
{
    int i = param(st, idx);
    if (!i)
        return DB_E_RANGE;
    int rc = sqlite3_bind_null(st->st, i);
    return rc == SQLITE_OK ? 0 : fail(st->db, rc);
}

static int sq_step(struct db_stmt *st)
{
    int rc;

    if (st->rowid_returning == 2) { /* the one row was read: done */
        st->rowid_returning = 1;
        return DB_DONE;
    }
    rc = sqlite3_step(st->st);
    st->stepped = 1;
    if (st->rowid_returning && rc == SQLITE_DONE) {
        /* Nothing inserted (ON CONFLICT DO NOTHING): no row, as RETURNING
         * would give; last_insert_rowid() would be a stale earlier one. */
        if (sqlite3_changes(st->db->h) == 0)
            return DB_DONE;
        st->rowid = sqlite3_last_insert_rowid(st->db->h);
        st->rowid_returning = 2;
        return DB_ROW;
    }
    if (rc == SQLITE_ROW)
        return DB_ROW;
    if (rc == SQLITE_DONE)
        return DB_DONE;
    rc = fail(st->db, rc);
    sqlite3_reset(st->st);
    st->stepped = 0;
    return rc;
}

static int sq_column_count(struct db_stmt *st)
{
    return st->rowid_returning == 2 ? 1 : sqlite3_column_count(st->st);
}

static int sq_column_is_null(struct db_stmt *st, int col)
{
    if (st->rowid_returning == 2)
        return 0;
    return sqlite3_column_type(st->st, col) == SQLITE_NULL;
}

static int64_t sq_column_int64(struct db_stmt *st, int col)
{
    if (st->rowid_returning == 2)
        return col == 0 ? st->rowid : 0;
    return sqlite3_column_int64(st->st, col);
}

static double sq_column_double(struct db_stmt *st, int col)
{
    return sqlite3_column_double(st->st, col);
}

static const char *sq_column_text(struct db_stmt *st, int col)
{
    const unsigned char *s = sqlite3_column_text(st->st, col);
    return s ? (const char *)s : "";
}

static int sq_column_bytes(struct db_stmt *st, int col)
{
    return sqlite3_column_bytes(st->st, col);
}

static int64_t sq_changes(struct db *db)
{
    return sqlite3_changes64(db->h);
}

static void sq_done(struct db_stmt *st)
{
    if (st->rowid_returning)
        st->rowid_returning = 1;
    sqlite3_reset(st->st);
    sqlite3_clear_bindings(st->st);
    st->stepped = 0;
    st->in_use = 0;
    if (!st->cached)
        stmt_free(st);
}

/* SQLite calls this after each commit with the number of frames now in the
 * log; a log that restarted from its beginning (after a checkpoint) holds
 * fewer than before, and all of them are this commit's. Installing a hook
 * replaces SQLite's automatic checkpoint, so the hook does what that one
 * does: a passive checkpoint once the log reaches 1,000 frames (SQLite's
 * default, sqlite3WalDefaultHook), or CORDON_SQLITE_WAL_AUTOCHECKPOINT
 * frames (bench/api_writes.sh --wal-attr keeps a whole run's log to read
 * it). */
static int wal_hook(void *arg, sqlite3 *h, const char *schema, int frames)
{
    struct db *db = arg;

    db->wal_frames += frames >= db->wal_last ? frames - db->wal_last : frames;
    db->wal_last = frames;
    if (frames >= db->wal_autocheckpoint)
        sqlite3_wal_checkpoint_v2(h, schema, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
    return SQLITE_OK;
}

static int64_t sq_wal_bytes(struct db *db)
{
    return db->wal_frames * (db->page_size + 24);
}

static int wal_setup(struct db *db)
{
    const char *v = getenv("CORDON_SQLITE_WAL_AUTOCHECKPOINT");
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(db->h, "PRAGMA page_size", -1, &st, NULL);

    if (rc != SQLITE_OK)
        return fail(db, rc);
    if ((rc = sqlite3_step(st)) == SQLITE_ROW)
        db->page_size = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW)
        return fail(db, rc);
    db->wal_autocheckpoint = v && atoi(v) > 0 ? atoi(v) : 1000;
    sqlite3_wal_hook(db->h, wal_hook, db);
    return 0;
}

static const struct db_ops sqlite_ops = {
    .kind = DB_SQLITE,
    .close = sq_close,
    .errmsg = sq_errmsg,
    .exec = sq_exec,
    .prepare = sq_prepare,
    .bind_int64 = sq_bind_int64,
    .bind_double = sq_bind_double,
    .bind_text = sq_bind_text,
    .bind_null = sq_bind_null,
    .bind_text_static = sq_bind_text_static,
    .step = sq_step,
    .column_count = sq_column_count,
    .column_is_null = sq_column_is_null,
    .column_int64 = sq_column_int64,
    .column_double = sq_column_double,
    .column_text = sq_column_text,
    .column_bytes = sq_column_bytes,
    .changes = sq_changes,
    .done = sq_done,
    .begin_write = sq_begin_write,
    .tx_spoiled = sq_tx_spoiled,
    .bulk_hint = sq_bulk_hint,
    .bulk_journal = sq_bulk_journal,
    .bulk_begin = NULL,
    .xact_lock = sq_xact_lock,
    .wal_bytes = sq_wal_bytes,
};

/* Before any connection: connections are never shared between threads (one
 * per worker), so SQLite's own locking of connections is not needed, and
 * memory statistics, which take a global mutex on every allocation, are
 * off. */
static pthread_once_t config_once = PTHREAD_ONCE_INIT;
static void configure(void)
{
    sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    sqlite3_initialize();
}

/* CORDON_SQLITE_MAX_PAGES: a ceiling on the file's size in pages (PRAGMA
 * max_page_count, never below the current size), so that writes past it
 * fail as on a full disk. A quota for an operator, and how the tests make
 * a database full. */
static int size_quota(struct db *db)
{
    const char *v = getenv("CORDON_SQLITE_MAX_PAGES");
    char sql[64];
    long n;

    if (!v || !*v)
        return 0;
    n = strtol(v, NULL, 10);
    if (n <= 0)
        return 0;
    snprintf(sql, sizeof sql, "PRAGMA max_page_count=%ld", n);
    return sq_exec(db, sql);
}

/* CORDON_SQLITE_READ_ONLY=1: every write fails with SQLITE_READONLY (PRAGMA
 * query_only), as on a file or a file system that became read-only. How
 * the tests reach that path: they run as root, for whom file modes do not
 * make a file read-only, and cannot remount a file system. */
static int read_only_switch(struct db *db)
{
    const char *v = getenv("CORDON_SQLITE_READ_ONLY");

    if (!v || strcmp(v, "1") != 0)
        return 0;
    return sq_exec(db, "PRAGMA query_only=1");
}

int db_sqlite_open(const char *path, int flags, struct db **out, char err[DB_ERR_LEN])
{
    struct db *db;
    struct stat sb;
    int rc, oflags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;

    *out = NULL;
    pthread_once(&config_once, configure);
    if (stat(path, &sb) != 0) {
        if (!(flags & DB_OPEN_CREATE)) {
            snprintf(err, DB_ERR_LEN, "%s: no such database (create it with `cordon init`)", path);
            return DB_E_NOTFOUND;
        }
        oflags |= SQLITE_OPEN_CREATE;
    } else if (!S_ISREG(sb.st_mode)) {
        snprintf(err, DB_ERR_LEN, "%s: not a regular file", path);
        return DB_E_NOTADB;
    }
    if (!(db = calloc(1, sizeof *db))) {
        snprintf(err, DB_ERR_LEN, "out of memory");
        return DB_E_NOMEM;
    }
    db->base.ops = &sqlite_ops;
    rc = sqlite3_open_v2(path, &db->h, oflags, NULL);
    if (rc != SQLITE_OK) {
        snprintf(err, DB_ERR_LEN, "%s: %s", path, db->h ? sqlite3_errmsg(db->h) : "cannot open");
        sqlite3_close_v2(db->h);
        free(db);
        return map_rc(rc);
    }
    sqlite3_busy_timeout(db->h, BUSY_TIMEOUT_MS);
    sqlite3_extended_result_codes(db->h, 0);
    /* The first real read tells a corrupt or foreign file apart. */
    rc = sq_exec(db, "PRAGMA journal_mode=WAL;"
                     "PRAGMA synchronous=FULL;"
                     "PRAGMA foreign_keys=ON;"
                     "PRAGMA cache_size=-65536;"
                     "PRAGMA temp_store=MEMORY;");
    if (rc == 0)
        rc = sq_exec(db, "SELECT count(*) FROM sqlite_master");
    if (rc == 0)
        rc = wal_setup(db);
    if (rc == 0)
        rc = size_quota(db);
    if (rc == 0)
        rc = read_only_switch(db);
    if (rc < 0) {
        if (rc == DB_E_NOTADB)
            snprintf(err, DB_ERR_LEN, "%s: not a cordon database (%s)", path, db->err);
        else if (rc == DB_E_BUSY)
            snprintf(err, DB_ERR_LEN, "%s: locked by another process (%s)", path, db->err);
        else
            snprintf(err, DB_ERR_LEN, "%s: %s", path, db->err);
        sq_close(db);
        return rc;
    }
    *out = db;
    return 0;
}
