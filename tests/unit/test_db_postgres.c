/*
 * Unit tests of the PostgreSQL driver (store/db_postgres.c) against a real
 * server: the URL in CORDON_TEST_PG, which tests/run sets on its PostgreSQL
 * pass (scripts/pg-test-server). Without it every case that needs a server
 * is skipped; the ones about unreachable servers run anyway.
 *
 * Covered: transactions and failed statements inside them, SQLSTATEs mapped
 * to DB_E_CONSTRAINT and DB_E_BUSY, COPY round-tripping awkward text, the
 * statement cache (reuse, nesting, eviction), $n binding, changes, newer
 * schema refused, concurrent migrations, a lost connection reopened, the
 * SQLite and PostgreSQL schemas describing the same tables, one-line
 * messages for unreachable servers and missing databases, and pipeline
 * mode (writes sent without waiting, a read carrying them, changes, a
 * failure seen late, COMMIT and ROLLBACK leaving it).
 */
#include "store/db.h"

#include "testutil.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <sys/wait.h>

#include <cmocka.h>

static char url[512];

static int setup(void **state)
{
    (void)state;
    if (testutil_pg())
        testutil_db_path(url, sizeof url, "pgdriver");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    if (testutil_pg())
        testutil_db_remove(url);
    return 0;
}

#define NEED_SERVER()                                                                              \
    do {                                                                                           \
        if (!testutil_pg())                                                                        \
            TESTUTIL_SKIP("needs PostgreSQL (CORDON_TEST_PG)");                                    \
    } while (0)

static struct db *open_new(void)
{
    struct db *db = NULL;
    char err[DB_ERR_LEN] = "";
    int rc = db_open(url, DB_OPEN_CREATE, &db, err);
    if (rc != 0)
        fail_msg("db_open %s: %s", url, err);
    assert_int_equal(db_kind(db), DB_POSTGRES);
    return db;
}

static int64_t count(struct db *db, const char *sql)
{
    int64_t n = -1;
    assert_int_equal(db_query_int64(db, sql, 0, NULL, &n), DB_ROW);
    return n;
}

static void one_clear_line(const char *err)
{
    assert_true(err[0] != '\0');
    assert_null(strchr(err, '\n'));
    assert_null(strchr(err, '\t'));
}

static void unreachable_server_is_one_line(void **state)
{
    struct db *db = NULL;
    char err[DB_ERR_LEN] = "";
    (void)state;
    /* Port 1 on loopback: nothing listens there. */
    assert_int_equal(db_open("postgres://cordon:secret@127.0.0.1:1/x", 0, &db, err), DB_E_ERROR);
    assert_null(db);
    one_clear_line(err);
    assert_non_null(strstr(err, "cannot connect"));
    assert_non_null(strstr(err, "127.0.0.1"));
    assert_null(strstr(err, "secret")); /* passwords are not printed */
    assert_int_equal(db_open("postgresql://127.0.0.1:1/x?connect_timeout=2", 0, &db, err),
                     DB_E_ERROR);
    one_clear_line(err);
}

static void missing_and_empty_databases_are_named(void **state)
{
    struct db *db = NULL;
    char err[DB_ERR_LEN] = "", missing[600];
    (void)state;
    NEED_SERVER();
    testutil_pg_url(missing, sizeof missing, "cordon_no_such_database");
    assert_int_equal(db_open(missing, DB_OPEN_CREATE, &db, err), DB_E_NOTFOUND);
    assert_null(db);
    one_clear_line(err);
    assert_non_null(strstr(err, "no such database"));
    assert_non_null(strstr(err, "createdb"));
    /* An existing but empty database: only `cordon init` (CREATE) fills it. */
    assert_int_equal(db_open(url, 0, &db, err), DB_E_NOTFOUND);
    assert_non_null(strstr(err, "cordon init"));
    db = open_new();
    db_close(db);
    assert_int_equal(db_open(url, 0, &db, err), 0);
    db_close(db);
}

static void failed_statement_spoils_commit(void **state)
{
    struct db *db;
    (void)state;
    NEED_SERVER();
    db = open_new();
    assert_int_equal(db_exec(db, "CREATE TABLE t (x BIGINT PRIMARY KEY)"), 0);
    assert_int_equal(db_begin_write(db), 0);
    assert_int_equal(db_exec(db, "INSERT INTO t VALUES (1)"), 0);
    assert_int_equal(count(db, "SELECT count(*) FROM t"), 1);
    assert_int_equal(db_rollback(db), 0);
    assert_int_equal(count(db, "SELECT count(*) FROM t"), 0);
    /* PostgreSQL aborts a transaction at its first error and answers the
     * COMMIT with ROLLBACK: that must reach the caller as an error. */
    assert_int_equal(db_begin_write(db), 0);
    assert_int_equal(db_exec(db, "INSERT INTO t VALUES (2)"), 0);
    assert_int_equal(db_exec(db, "INSERT INTO t VALUES (2)"), DB_E_CONSTRAINT);
    assert_true(db_commit(db) < 0);
    assert_non_null(strstr(db_errmsg(db), "rolled back"));
    assert_int_equal(count(db, "SELECT count(*) FROM t"), 0);
    assert_int_equal(db_begin_write(db), 0);
    assert_int_equal(db_exec(db, "INSERT INTO t VALUES (3)"), 0);
    assert_int_equal(db_commit(db), 0);
    assert_int_equal(count(db, "SELECT sum(x) FROM t"), 3);
    db_close(db);
}

static void sqlstates_are_mapped(void **state)
{
    struct db *db, *other;
    char err[DB_ERR_LEN], shortwait[700];
    (void)state;
    NEED_SERVER();
    db = open_new();
    assert_int_equal(db_exec(db, "CREATE TABLE p (k BIGINT PRIMARY KEY);"
                                 "CREATE TABLE c (k BIGINT NOT NULL REFERENCES p (k) "
                                 "CHECK (k > 0))"),
                     0);
    assert_int_equal(db_exec(db, "INSERT INTO p VALUES (1)"), 0);
    assert_int_equal(db_exec(db, "INSERT INTO p VALUES (1)"), DB_E_CONSTRAINT);
    assert_non_null(strstr(db_errmsg(db), "unique"));
    one_clear_line(db_errmsg(db));
    assert_int_equal(db_exec(db, "INSERT INTO c VALUES (2)"), DB_E_CONSTRAINT);
    assert_int_equal(db_exec(db, "INSERT INTO c VALUES (NULL)"), DB_E_CONSTRAINT);
    assert_int_equal(db_exec(db, "INSERT INTO c VALUES (-1)"), DB_E_CONSTRAINT);
    assert_int_equal(db_exec(db, "SELECT * FROM no_such_table"), DB_E_ERROR);
    /* The audit log refuses changes as a constraint, as in SQLite. */
    assert_int_equal(db_exec(db, "INSERT INTO audit (at, account_name, action, district) "
                                 "VALUES (1, 'a', 'view', 310105)"),
                     0);
    assert_int_equal(db_exec(db, "UPDATE audit SET at = 2"), DB_E_CONSTRAINT);
    assert_int_equal(db_exec(db, "DELETE FROM audit"), DB_E_CONSTRAINT);
    /* A row locked by another connection past the lock timeout: busy. Not
     * on Citus: there the two tables above become Citus local tables, and
     * the second UPDATE waits inside Citus's executor (wait event
     * "Extension"), where lock_timeout does not end it. */
    if (testutil_citus()) {
        db_close(db);
        TESTUTIL_SKIP("Citus: the mapping above passed; a second writer waits in Citus's "
                      "executor past lock_timeout, so the busy case is not tried");
    }
    snprintf(shortwait, sizeof shortwait, "%s?options=-c%%20lock_timeout%%3D200", url);
    assert_int_equal(db_open(shortwait, 0, &other, err), 0);
    assert_int_equal(db_begin_write(db), 0);
    assert_int_equal(db_exec(db, "UPDATE p SET k = 1 WHERE k = 1"), 0);
    assert_int_equal(db_exec(other, "UPDATE p SET k = 1 WHERE k = 1"), DB_E_BUSY);
    assert_int_equal(db_rollback(db), 0);
    assert_int_equal(db_exec(other, "UPDATE p SET k = 1 WHERE k = 1"), 0);
    db_close(other);
    db_close(db);
}

/* Text that COPY's text format must escape, and what must pass as is. */
static void awkward(int i, char *out, size_t size)
{
    static const char *const parts[] = {"tab\there",  "new\nline", "back\\slash", "cr\rlf\r\n",
                                        "\\N",        "\\.",       "\\t literal", "岐山居委会",
                                        "trailing\\", "",          "quote'\"",    "a\t\t\\\\b"};
    snprintf(out, size, "%s-%d", parts[i % 12], i);
}

static void copy_round_trips_awkward_text(void **state)
{
    struct db *db;
    struct db_bulk *b;
    struct db_stmt *st;
    char text[64];
    int rows = 0;
    (void)state;
    NEED_SERVER();
    db = open_new();
    assert_int_equal(db_exec(db, "CREATE TABLE b (k BIGINT PRIMARY KEY, s TEXT, x BIGINT)"), 0);
    assert_int_equal(db_begin_write(db), 0);
    assert_int_equal(db_bulk_begin(db, "b", "k, s, x", 3, &b), 0);
    for (int i = 0; i < 10000; i++) {
        struct db_value v[3] = {{DB_INT, i, NULL}, {DB_TEXT, 0, text}, {DB_INT, -i, NULL}};
        awkward(i, text, sizeof text);
        if (i % 7 == 0)
            v[1].type = DB_NULL;
        if (i % 5 == 0)
            v[2].type = DB_NULL;
        if (i == 9999)
            v[2].i = INT64_MIN;
        assert_int_equal(db_bulk_row(b, v), 0);
    }
    assert_int_equal(db_bulk_end(b), 0);
    assert_int_equal(db_changes(db), 10000);
    assert_int_equal(db_commit(db), 0);
    assert_int_equal(count(db, "SELECT count(*) FROM b"), 10000);
    assert_int_equal(count(db, "SELECT count(*) FROM b WHERE s IS NULL"), 1429);
    assert_int_equal(count(db, "SELECT count(*) FROM b WHERE x IS NULL"), 2000);
    assert_int_equal(db_prepare(db, "SELECT k, s, x FROM b ORDER BY k", &st), 0);
    while (db_step(st) == DB_ROW) {
        int64_t k = db_column_int64(st, 0);
        assert_int_equal(k, rows);
        if (k % 7 == 0) {
            assert_true(db_column_is_null(st, 1));
        } else {
            awkward((int)k, text, sizeof text);
            assert_string_equal(db_column_text(st, 1), text);
            assert_int_equal(db_column_bytes(st, 1), (int)strlen(text));
        }
        if (k % 5 == 0)
            assert_true(db_column_is_null(st, 2));
        else
            assert_true(db_column_int64(st, 2) == (k == 9999 ? INT64_MIN : -k));
        rows++;
    }
    db_done(st);
    assert_int_equal(rows, 10000);
    db_close(db);
}

static void copy_error_is_reported_at_the_end(void **state)
{
    struct db *db;
    struct db_bulk *b;
    struct db_stmt *st;
    (void)state;
    NEED_SERVER();
    db = open_new();
    assert_int_equal(db_exec(db, "CREATE TABLE b (k BIGINT PRIMARY KEY)"), 0);
    assert_int_equal(db_begin_write(db), 0);
    assert_int_equal(db_bulk_begin(db, "b", "k", 1, &b), 0);
    /* No other statement while COPY runs on the connection. */
    assert_true(db_prepare(db, "SELECT 1", &st) < 0);
    for (int i = 0; i < 3; i++) {
        struct db_value v = {DB_INT, 7, NULL};
        assert_int_equal(db_bulk_row(b, &v), 0);
    }
    assert_int_equal(db_bulk_end(b), DB_E_CONSTRAINT);
    assert_int_equal(db_rollback(db), 0);
    assert_int_equal(count(db, "SELECT count(*) FROM b"), 0);
    assert_true(db_bulk_begin(db, "no_such_table", "k", 1, &b) < 0);
    assert_null(b);
    assert_int_equal(count(db, "SELECT 1"), 1);
    db_close(db);
}

static void parameters_bind_by_number_and_type(void **state)
{
    struct db *db;
    struct db_stmt *st;
    (void)state;
    NEED_SERVER();
    db = open_new();
    assert_int_equal(db_prepare(db, "SELECT $2 || '-' || $1 || '-' || $2", &st), 0);
    assert_int_equal(db_bind_text(st, 1, "a", -1), 0);
    assert_int_equal(db_bind_text(st, 2, "bcd", 1), 0); /* a length cuts the text */
    assert_int_equal(db_step(st), DB_ROW);
    assert_string_equal(db_column_text(st, 0), "b-a-b");
    assert_int_equal(db_bind_int64(st, 3, 1), DB_E_RANGE);
    assert_int_equal(db_bind_int64(st, 0, 1), DB_E_RANGE);
    db_done(st);
    /* A '$3' inside a string literal is not a parameter. */
    assert_int_equal(db_prepare(db, "SELECT CAST($1 AS BIGINT) + 1, '$3', $2::float8, $1", &st), 0);
    assert_int_equal(db_bind_int64(st, 1, INT64_MAX - 1), 0);
    assert_int_equal(db_bind_double(st, 2, 0.1), 0);
    assert_int_equal(db_step(st), DB_ROW);
    assert_true(db_column_int64(st, 0) == INT64_MAX);
    assert_string_equal(db_column_text(st, 1), "$3");
    assert_true(db_column_double(st, 2) == 0.1);
    assert_int_equal(db_step(st), DB_DONE);
    /* Binding again after a step runs the statement anew. */
    assert_int_equal(db_bind_int64(st, 1, -5), 0);
    assert_int_equal(db_bind_null(st, 2), 0);
    assert_int_equal(db_step(st), DB_ROW);
    assert_int_equal(db_column_int64(st, 0), -4);
    assert_true(db_column_is_null(st, 2));
    assert_int_equal(db_column_int64(st, 2), 0);
    assert_string_equal(db_column_text(st, 2), "");
    db_done(st);
    /* Booleans read as 1 and 0, numerics as integers. */
    assert_int_equal(count(db, "SELECT 1 < 2"), 1);
    assert_int_equal(count(db, "SELECT 1 > 2"), 0);
    assert_int_equal(count(db, "SELECT sum(x) FROM (VALUES (2::bigint), (3::bigint)) AS v (x)"), 5);
    db_close(db);
}

static void changes_come_from_the_command_tag(void **state)
{
    struct db *db;
    int64_t id1 = 0, id2 = 0;
    (void)state;
    NEED_SERVER();
    db = open_new();
    assert_int_equal(db_exec(db, "CREATE TABLE t (id BIGINT GENERATED BY DEFAULT AS IDENTITY "
                                 "PRIMARY KEY, x BIGINT)"),
                     0);
    assert_int_equal(db_query_int64(db, "INSERT INTO t (x) VALUES (1) RETURNING id", 0, NULL, &id1),
                     DB_ROW);
    assert_int_equal(db_query_int64(db, "INSERT INTO t (x) VALUES (1) RETURNING id", 0, NULL, &id2),
                     DB_ROW);
    assert_true(id2 > id1);
    assert_int_equal(db_exec(db, "INSERT INTO t (x) VALUES (2), (3)"), 0);
    assert_int_equal(db_changes(db), 2);
    assert_int_equal(db_query_int64(db, "UPDATE t SET x = x + 1 WHERE x < 3", 0, NULL, NULL),
                     DB_DONE);
    assert_int_equal(db_changes(db), 3);
    assert_int_equal(count(db, "SELECT count(*) FROM t"), 4); /* a SELECT changes nothing */
    assert_int_equal(db_changes(db), 3);
    assert_int_equal(db_query_int64(db, "DELETE FROM t WHERE x > 100", 0, NULL, NULL), DB_DONE);
    assert_int_equal(db_changes(db), 0);
    db_close(db);
}

static int64_t server_statements(struct db *db)
{
    return count(db, "SELECT count(*) FROM pg_prepared_statements");
}

static void statement_cache_reuses_and_evicts(void **state)
{
    struct db *db;
    struct db_stmt *outer, *inner, *again;
    const char *sql = "SELECT v FROM (SELECT 1 AS v UNION ALL SELECT 2) AS t ORDER BY v";
    char other[128];
    int rows = 0;
    int64_t before;
    (void)state;
    NEED_SERVER();
    db = open_new();
    assert_int_equal(db_prepare(db, sql, &outer), 0);
    before = server_statements(db);
    while (db_step(outer) == DB_ROW) {
        assert_int_equal(db_prepare(db, sql, &inner), 0);
        assert_ptr_not_equal(inner, outer);
        assert_int_equal(db_step(inner), DB_ROW);
        assert_int_equal(db_column_int64(inner, 0), 1);
        db_done(inner);
        rows++;
    }
    db_done(outer);
    assert_int_equal(rows, 2);
    /* The nested statement was deallocated; the cached one is reused. */
    assert_int_equal(server_statements(db), before);
    assert_int_equal(db_prepare(db, sql, &again), 0);
    assert_ptr_equal(again, outer);
    db_done(again);
    /* A thousand distinct statements leave at most the cache's worth
     * prepared on the server. */
    for (int i = 0; i < 1000; i++) {
        snprintf(other, sizeof other, "SELECT %d + $1", i);
        assert_int_equal(db_prepare(db, other, &inner), 0);
        assert_int_equal(db_bind_int64(inner, 1, 1), 0);
        assert_int_equal(db_step(inner), DB_ROW);
        assert_int_equal(db_column_int64(inner, 0), i + 1);
        db_done(inner);
    }
    assert_true(server_statements(db) <= 130);
    /* Evicted while a transaction has failed: deallocated later. */
    assert_int_equal(db_begin(db), 0);
    assert_true(db_exec(db, "SELECT * FROM no_such_table") < 0);
    for (int i = 0; i < 300; i++) {
        snprintf(other, sizeof other, "SELECT %d", i);
        if (db_prepare(db, other, &inner) == 0)
            db_done(inner);
    }
    assert_int_equal(db_rollback(db), 0);
    assert_int_equal(db_prepare(db, sql, &inner), 0);
    db_done(inner);
    assert_true(server_statements(db) <= 130);
    db_close(db);
}

/* The slot of the driver's statement cache a text hashes to (FNV-1a, as
 * db_postgres.c; 128 slots). */
static unsigned cache_slot(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    while (*s)
        h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
    return (unsigned)(h % 128);
}

/* Two statements of one slot used in turn (a group commit's lock and its
 * booking) both stay prepared: neither is prepared again. */
static void colliding_statements_both_stay(void **state)
{
    const char *name_of_a = "SELECT CAST(substr(name, 8) AS BIGINT) FROM pg_prepared_statements "
                            "WHERE statement = 'SELECT 0 + $1'";
    char a[64] = "SELECT 0 + $1", b[64];
    struct db_stmt *st;
    struct db *db;
    int64_t first = -1;
    int i = 0;
    (void)state;
    NEED_SERVER();
    do
        snprintf(b, sizeof b, "SELECT %d + $1", ++i);
    while (cache_slot(b) != cache_slot(a));
    db = open_new();
    for (int round = 0; round < 3; round++) {
        assert_int_equal(db_prepare(db, a, &st), 0);
        db_done(st);
        assert_int_equal(db_prepare(db, b, &st), 0);
        db_done(st);
        if (round == 0)
            first = count(db, name_of_a);
    }
    assert_true(first > 0);
    assert_int_equal(count(db, name_of_a), first); /* the same server statement */
    db_close(db);
}

/* Every connection learns at open whether its database is on Citus (the
 * store takes another statement there: store_booking_take), also one that
 * opens a database migrated before, when no migration runs. */
static void citus_is_known_at_every_open(void **state)
{
    struct db *db;
    char err[DB_ERR_LEN] = "";
    (void)state;
    NEED_SERVER();
    db = open_new();
    assert_int_equal(db_is_citus(db), testutil_citus() > 0);
    db_close(db);
    db = NULL;
    assert_int_equal(db_open(url, 0, &db, err), 0);
    assert_int_equal(db_is_citus(db), testutil_citus() > 0);
    db_close(db);
}

static void newer_schema_is_refused(void **state)
{
    struct db *db;
    char err[DB_ERR_LEN] = "";
    (void)state;
    NEED_SERVER();
    db = open_new();
    assert_int_equal(db_exec(db, "UPDATE schema_version SET version = 999"), 0);
    db_close(db);
    db = NULL;
    assert_int_equal(db_open(url, 0, &db, err), DB_E_NEWER);
    assert_null(db);
    assert_non_null(strstr(err, "999"));
}

static void concurrent_migrations_apply_once(void **state)
{
    pid_t kids[4];
    struct db *db;
    int v = 0;
    (void)state;
    NEED_SERVER();
    for (int i = 0; i < 4; i++) {
        if ((kids[i] = fork()) == 0) {
            char err[DB_ERR_LEN];
            struct db *d = NULL;
            int rc = db_open(url, DB_OPEN_CREATE, &d, err);
            if (rc < 0)
                fprintf(stderr, "child: %s\n", err);
            db_close(d);
            _exit(rc < 0 ? 1 : 0);
        }
        assert_true(kids[i] > 0);
    }
    for (int i = 0; i < 4; i++) {
        int status = 0;
        assert_int_equal(waitpid(kids[i], &status, 0), kids[i]);
        assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    }
    db = open_new();
    assert_int_equal(db_schema_version(db, &v), 0);
    assert_int_equal(v, db_schema_latest(DB_POSTGRES));
    assert_int_equal(count(db, "SELECT count(*) FROM schema_version"), 1);
    db_close(db);
}

static void lost_connection_is_reopened(void **state)
{
    struct db *db, *admin;
    int64_t pid = 0;
    int rc;
    (void)state;
    NEED_SERVER();
    db = open_new();
    assert_int_equal(count(db, "SELECT count(*) FROM units WHERE code = 1"), 0);
    admin = open_new();
    assert_int_equal(db_query_int64(db, "SELECT pg_backend_pid()", 0, NULL, &pid), DB_ROW);
    assert_int_equal(
        db_query_int64(admin, "SELECT CAST(pg_terminate_backend(CAST($1 AS INTEGER)) AS INTEGER)",
                       1, &pid, NULL),
        DB_ROW);
    db_close(admin);
    /* The first call may learn of the loss; the next one has a new session
     * in which cached statements are prepared again. */
    rc = db_query_int64(db, "SELECT count(*) FROM units WHERE code = 1", 0, NULL, NULL);
    if (rc < 0) { /* temporary: busy (503), not an internal error */
        assert_non_null(strstr(db_errmsg(db), "connection"));
        assert_int_equal(rc, DB_E_BUSY);
    }
    assert_int_equal(count(db, "SELECT count(*) FROM units WHERE code = 1"), 0);
    /* Lost inside a transaction: refused until rolled back. */
    assert_int_equal(db_begin_write(db), 0);
    admin = open_new();
    assert_int_equal(db_query_int64(db, "SELECT pg_backend_pid()", 0, NULL, &pid), DB_ROW);
    assert_int_equal(
        db_query_int64(admin, "SELECT CAST(pg_terminate_backend(CAST($1 AS INTEGER)) AS INTEGER)",
                       1, &pid, NULL),
        DB_ROW);
    db_close(admin);
    assert_true(db_exec(db, "SELECT 1") < 0);
    assert_int_equal(db_exec(db, "SELECT 1"), DB_E_BUSY);
    assert_int_equal(db_rollback(db), 0);
    assert_int_equal(count(db, "SELECT 1"), 1);
    db_close(db);
}

/* "table.column notnull" for every column, sorted, one string. */
static void describe(struct db *db, const char *sql, char *out, size_t size)
{
    struct db_stmt *st;
    char lines[512][96];
    int n = 0;
    size_t len = 0;

    assert_int_equal(db_prepare(db, sql, &st), 0);
    while (db_step(st) == DB_ROW && n < 512)
        snprintf(lines[n++], sizeof lines[0], "%s.%s %d\n", db_column_text(st, 0),
                 db_column_text(st, 1), (int)db_column_int64(st, 2));
    db_done(st);
    qsort(lines, (size_t)n, sizeof lines[0], (int (*)(const void *, const void *))strcmp);
    out[0] = '\0';
    for (int i = 0; i < n && len + sizeof lines[0] < size; i++)
        len += (size_t)snprintf(out + len, size - len, "%s", lines[i]);
}

static void schemas_of_both_dialects_agree(void **state)
{
    static char pg[32768], sq[32768];
    char path[512], err[DB_ERR_LEN];
    struct db *db, *lite = NULL;
    (void)state;
    NEED_SERVER();
    db = open_new();
    describe(db,
             "SELECT c.table_name, c.column_name, CAST(c.is_nullable = 'NO' AS INTEGER) FROM "
             "information_schema.columns c JOIN information_schema.tables t ON "
             "t.table_schema = c.table_schema AND t.table_name = c.table_name WHERE "
             "c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' "
             /* the Citus step's own (store/residents_docs.h), on Citus only */
             "AND c.table_name <> 'resident_docs'",
             pg, sizeof pg);
    db_close(db);
    snprintf(path, sizeof path, "%s/cordon-test-%d-twin.db",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", (int)getpid());
    unlink(path);
    assert_int_equal(db_open(path, DB_OPEN_CREATE, &lite, err), 0);
    /* Primary key columns are NOT NULL in PostgreSQL without saying so. */
    describe(lite,
             "SELECT m.name, p.name, p.\"notnull\" OR p.pk > 0 FROM sqlite_master m, "
             "pragma_table_info(m.name) p WHERE m.type = 'table'",
             sq, sizeof sq);
    db_close(lite);
    unlink(path);
    assert_true(strlen(pg) > 100);
    assert_string_equal(pg, sq);
}

static int read_v(void *arg, struct db_stmt *st)
{
    *(int64_t *)arg = db_column_int64(st, 0);
    return 0;
}

/* In pipeline mode writes are sent without waiting; a read sees them; the
 * changes of a queued UPDATE are read when asked; COMMIT keeps them. A
 * failing statement is reported by the next read (not by its own call),
 * every later call fails the same way, and after ROLLBACK the connection
 * works again outside the pipeline. */
static void pipeline_queues_writes_and_reports_failures_late(void **state)
{
    struct db *db;
    struct db_value v[2] = {DB_ARG_INT(1), DB_ARG_INT(10)};
    int64_t got = 0;

    (void)state;
    NEED_SERVER();
    db = open_new();
    assert_int_equal(db_exec(db, "CREATE TABLE p (k BIGINT PRIMARY KEY, v BIGINT)"), 0);

    assert_int_equal(db_pipeline_begin(db), 1);
    assert_int_equal(db_begin_write(db), 0);
    assert_int_equal(db_run(db, "INSERT INTO p (k, v) VALUES ($1, $2)", v, 2), 0);
    v[0].i = 2;
    assert_int_equal(db_run(db, "INSERT INTO p (k, v) VALUES ($1, $2)", v, 2), 0);
    assert_int_equal(db_run(db, "UPDATE p SET v = v + 1", NULL, 0), 0);
    assert_int_equal(db_changes(db), 2);
    assert_int_equal(db_get(db, "SELECT sum(v) FROM p", NULL, 0, read_v, &got), 0);
    assert_int_equal(got, 22);
    assert_false(db_pipeline_failed(db));
    assert_int_equal(db_commit(db), 0);
    assert_int_equal(count(db, "SELECT count(*) FROM p"), 2);

    assert_int_equal(db_pipeline_begin(db), 1);
    assert_int_equal(db_begin_write(db), 0);
    v[0].i = 3;
    assert_int_equal(db_run(db, "INSERT INTO p (k, v) VALUES ($1, $2)", v, 2), 0);
    v[0].i = 1; /* a duplicate key: sent, its failure not seen yet */
    assert_int_equal(db_run(db, "INSERT INTO p (k, v) VALUES ($1, $2)", v, 2), 0);
    assert_false(db_pipeline_failed(db));
    assert_int_equal(db_get(db, "SELECT sum(v) FROM p", NULL, 0, read_v, &got), DB_E_CONSTRAINT);
    assert_true(db_pipeline_failed(db));
    assert_non_null(strstr(db_errmsg(db), "duplicate key"));
    assert_true(db_tx_spoiled(db));
    assert_int_equal(db_run(db, "INSERT INTO p (k, v) VALUES ($1, $2)", v, 2), DB_E_CONSTRAINT);
    assert_int_equal(db_commit(db), DB_E_CONSTRAINT);
    assert_int_equal(db_rollback(db), 0);
    assert_int_equal(count(db, "SELECT count(*) FROM p"), 2); /* k = 3 rolled back */

    /* A failure seen only at COMMIT. */
    assert_int_equal(db_pipeline_begin(db), 1);
    assert_int_equal(db_begin_write(db), 0);
    assert_int_equal(db_run(db, "INSERT INTO p (k, v) VALUES ($1, $2)", v, 2), 0);
    assert_int_equal(db_commit(db), DB_E_CONSTRAINT);
    assert_int_equal(db_rollback(db), 0);
    assert_int_equal(count(db, "SELECT count(*) FROM p"), 2);
    db_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(unreachable_server_is_one_line),
        cmocka_unit_test_setup_teardown(missing_and_empty_databases_are_named, setup, teardown),
        cmocka_unit_test_setup_teardown(failed_statement_spoils_commit, setup, teardown),
        cmocka_unit_test_setup_teardown(sqlstates_are_mapped, setup, teardown),
        cmocka_unit_test_setup_teardown(copy_round_trips_awkward_text, setup, teardown),
        cmocka_unit_test_setup_teardown(copy_error_is_reported_at_the_end, setup, teardown),
        cmocka_unit_test_setup_teardown(parameters_bind_by_number_and_type, setup, teardown),
        cmocka_unit_test_setup_teardown(changes_come_from_the_command_tag, setup, teardown),
        cmocka_unit_test_setup_teardown(statement_cache_reuses_and_evicts, setup, teardown),
        cmocka_unit_test_setup_teardown(citus_is_known_at_every_open, setup, teardown),
        cmocka_unit_test_setup_teardown(newer_schema_is_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(concurrent_migrations_apply_once, setup, teardown),
        cmocka_unit_test_setup_teardown(lost_connection_is_reopened, setup, teardown),
        cmocka_unit_test_setup_teardown(schemas_of_both_dialects_agree, setup, teardown),
        cmocka_unit_test_setup_teardown(colliding_statements_both_stay, setup, teardown),
        cmocka_unit_test_setup_teardown(pipeline_queues_writes_and_reports_failures_late, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
