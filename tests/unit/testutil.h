/*
 * Helpers shared by the unit tests: fresh databases that clean up after
 * themselves. Header-only so each test stays one executable.
 *
 * A test names its database with testutil_db_path() and opens it with
 * db_open(). Normally that is a file under $TMPDIR. When CORDON_TEST_PG
 * holds the URL of a PostgreSQL server's admin database (tests/run sets it
 * for its PostgreSQL pass), it is instead the URL of a new, empty database
 * created on that server, dropped again by testutil_db_remove(). Cases that
 * only make sense on SQLite start with TESTUTIL_SQLITE_ONLY(), which skips
 * them, visibly, on the PostgreSQL pass.
 *
 * On tests/run's Citus pass CORDON_TEST_PG is a Citus coordinator's admin
 * URL (scripts/citus-test-cluster). A new database is then made on the
 * coordinator and on every worker, each with the citus extension, and the
 * workers joined to it, as an operator sets up a city's database (the same
 * steps as tests/api/harness.py's); db_migrate() then distributes the
 * schema. testutil_citus() says whether this is that pass.
 */
#ifndef CORDON_TESTS_TESTUTIL_H
#define CORDON_TESTS_TESTUTIL_H

#include <ctype.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The PostgreSQL admin URL of this pass, or NULL on the SQLite pass. */
static inline const char *testutil_pg(void)
{
    const char *u = getenv("CORDON_TEST_PG");
    return u && *u ? u : NULL;
}

/* In a cmocka case (after <cmocka.h>): skips it, saying why on a line
 * "skip reason: ..." that tests/run pairs with the case's name when it
 * lists the skipped tests (cmocka's skip() takes no reason). */
#define TESTUTIL_SKIP(reason)                                                                      \
    do {                                                                                           \
        printf("skip reason: %s\n", reason);                                                       \
        skip();                                                                                    \
    } while (0)

/* In a cmocka case (after <cmocka.h>): skip it on the PostgreSQL pass. */
#define TESTUTIL_SQLITE_ONLY()                                                                     \
    do {                                                                                           \
        if (testutil_pg())                                                                         \
            TESTUTIL_SKIP("SQLite only");                                                          \
    } while (0)

static inline void testutil_pg_quiet(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

/* Runs one SQL command on the admin database: 0, or -1 with a message on
 * stderr. */
static inline int testutil_pg_admin(const char *sql)
{
    PGconn *c = PQconnectdb(testutil_pg());
    PGresult *r;
    int rc = -1;

    if (PQstatus(c) != CONNECTION_OK) {
        fprintf(stderr, "testutil: cannot connect to %s: %s", testutil_pg(), PQerrorMessage(c));
        PQfinish(c);
        return -1;
    }
    PQsetNoticeProcessor(c, testutil_pg_quiet, NULL);
    r = PQexec(c, sql);
    if (PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK)
        rc = 0;
    else
        fprintf(stderr, "testutil: %s: %s", sql, PQerrorMessage(c));
    PQclear(r);
    PQfinish(c);
    return rc;
}

/* The admin URL with its database replaced by dbname. */
static inline void testutil_pg_url(char *out, size_t size, const char *dbname)
{
    const char *u = testutil_pg(), *host = strstr(u, "://"), *slash, *q;
    size_t head;

    host = host ? host + 3 : u;
    q = strchr(host, '?');
    slash = strchr(host, '/');
    if (slash && q && slash > q)
        slash = NULL;
    head = (size_t)((slash ? slash : q ? q : host + strlen(host)) - u);
    snprintf(out, size, "%.*s/%s%s", (int)head, u, dbname, q ? q : "");
}

/* The database name in a URL made by testutil_pg_url(). */
static inline void testutil_pg_dbname(const char *url, char *out, size_t size)
{
    const char *s = strrchr(url, '/'), *q;

    s = s ? s + 1 : url;
    q = strchr(s, '?');
    snprintf(out, size, "%.*s", (int)(q ? (size_t)(q - s) : strlen(s)), s);
}

/* Connects to database dbname of the admin URL's server, or of the node at
 * host:port when host is not NULL (a Citus worker): NULL, with a message on
 * stderr, when that fails. Later keywords override what the URL says. */
static inline PGconn *testutil_pg_connect(const char *dbname, const char *host, const char *port)
{
    const char *keys[] = {"dbname", "dbname", "host", "port", NULL};
    const char *values[] = {testutil_pg(), dbname, host, port, NULL};
    PGconn *c;

    if (!host)
        keys[2] = NULL;
    c = PQconnectdbParams(keys, values, 1);
    if (PQstatus(c) != CONNECTION_OK) {
        fprintf(stderr, "testutil: cannot connect to %s on %s: %s", dbname,
                host ? host : "the admin server", PQerrorMessage(c));
        PQfinish(c);
        return NULL;
    }
    PQsetNoticeProcessor(c, testutil_pg_quiet, NULL);
    return c;
}

/* Runs one SQL command on c: 0, or -1 with a message on stderr. */
static inline int testutil_pg_run(PGconn *c, const char *sql)
{
    PGresult *r = PQexec(c, sql);
    int rc = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK ? 0 : -1;

    if (rc < 0)
        fprintf(stderr, "testutil: %s: %s", sql, PQerrorMessage(c));
    PQclear(r);
    return rc;
}

/* The Citus coordinator's workers, read once from its admin database:
 * their number (0 on plain PostgreSQL, or on SQLite), hosts and ports. */
#define TESTUTIL_CITUS_MAX 8
static struct {
    int known, n;
    char host[TESTUTIL_CITUS_MAX][64], port[TESTUTIL_CITUS_MAX][8];
} testutil_citus_nodes;

static inline int testutil_citus(void)
{
    PGconn *c;
    PGresult *r;

    if (testutil_citus_nodes.known || !testutil_pg())
        return testutil_citus_nodes.n;
    testutil_citus_nodes.known = 1;
    if (!(c = testutil_pg_connect("postgres", NULL, NULL)))
        return 0;
    r = PQexec(c, "SELECT nodename, nodeport FROM pg_dist_node WHERE groupid > 0 ORDER BY nodeid");
    /* Plain PostgreSQL has no pg_dist_node: an error, and no workers. */
    if (PQresultStatus(r) == PGRES_TUPLES_OK)
        for (int i = 0; i < PQntuples(r) && i < TESTUTIL_CITUS_MAX; i++) {
            snprintf(testutil_citus_nodes.host[i], sizeof testutil_citus_nodes.host[i], "%s",
                     PQgetvalue(r, i, 0));
            snprintf(testutil_citus_nodes.port[i], sizeof testutil_citus_nodes.port[i], "%s",
                     PQgetvalue(r, i, 1));
            testutil_citus_nodes.n = i + 1;
        }
    PQclear(r);
    PQfinish(c);
    return testutil_citus_nodes.n;
}

/* Runs sql in database db of every Citus worker: 0 or -1. */
static inline int testutil_citus_workers_run(const char *db, const char *sql)
{
    for (int i = 0; i < testutil_citus(); i++) {
        PGconn *c =
            testutil_pg_connect(db, testutil_citus_nodes.host[i], testutil_citus_nodes.port[i]);
        int rc = c ? testutil_pg_run(c, sql) : -1;

        PQfinish(c);
        if (rc < 0)
            return -1;
    }
    return 0;
}

/* Drops the database at url (made by testutil_db_path), if it exists: on a
 * Citus coordinator, its copies on the workers too. */
static inline void testutil_pg_drop(const char *url)
{
    char name[64], sql[160];

    testutil_pg_dbname(url, name, sizeof name);
    snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS \"%s\" WITH (FORCE)", name);
    testutil_pg_admin(sql);
    testutil_citus_workers_run("postgres", sql);
}

/* On a Citus coordinator: the new, empty database db made on every worker
 * too, with the citus extension on each, and the workers joined to the
 * coordinator's. 0, or -1 with a message on stderr. */
static inline int testutil_citus_join(const char *db)
{
    char sql[192];
    PGconn *c;
    int rc = -1;

    snprintf(sql, sizeof sql, "CREATE DATABASE \"%s\"", db);
    if (testutil_citus_workers_run("postgres", sql) < 0 ||
        testutil_citus_workers_run(db, "CREATE EXTENSION citus") < 0 ||
        !(c = testutil_pg_connect(db, NULL, NULL)))
        return -1;
    if (testutil_pg_run(c, "CREATE EXTENSION citus") < 0)
        goto cleanup;
    /* The coordinator as its workers reach it: the admin URL's host and port. */
    snprintf(sql, sizeof sql, "SELECT citus_set_coordinator_host('%s', %s)", PQhost(c), PQport(c));
    if (testutil_pg_run(c, sql) < 0)
        goto cleanup;
    for (int i = 0; i < testutil_citus(); i++) {
        snprintf(sql, sizeof sql, "SELECT citus_add_node('%s', %s)", testutil_citus_nodes.host[i],
                 testutil_citus_nodes.port[i]);
        if (testutil_pg_run(c, sql) < 0)
            goto cleanup;
    }
    rc = 0;
cleanup:
    PQfinish(c);
    return rc;
}

/* Makes a fresh database for a test and writes where it is into out: a path
 * under $TMPDIR (leftovers removed), or the URL of a new, empty PostgreSQL
 * database named after the process and `name`. */
static inline void testutil_db_path(char *out, size_t size, const char *name)
{
    const char *dir = getenv("TMPDIR");
    char p[512];

    if (testutil_pg()) {
        char db[64], sql[160];
        size_t n = (size_t)snprintf(db, sizeof db, "cordon_t%d_", (int)getpid());
        for (const char *s = name; *s && n + 1 < sizeof db; s++)
            db[n++] = isalnum((unsigned char)*s) ? (char)tolower((unsigned char)*s) : '_';
        db[n] = '\0';
        testutil_pg_url(out, size, db);
        testutil_pg_drop(out);
        snprintf(sql, sizeof sql, "CREATE DATABASE \"%s\"", db);
        if (testutil_pg_admin(sql) == 0 && testutil_citus())
            testutil_citus_join(db);
        return;
    }
    snprintf(out, size, "%s/cordon-test-%d-%s.db", dir && *dir ? dir : "/tmp", (int)getpid(), name);
    unlink(out);
    snprintf(p, sizeof p, "%s-wal", out);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", out);
    unlink(p);
}

/* A fresh path under $TMPDIR for a plain file (an export, a chart), on both
 * passes: never derive one from testutil_db_path(), which is a URL on the
 * PostgreSQL pass. */
static inline void testutil_tmp_path(char *out, size_t size, const char *name)
{
    const char *dir = getenv("TMPDIR");

    snprintf(out, size, "%s/cordon-test-%d-%s", dir && *dir ? dir : "/tmp", (int)getpid(), name);
    unlink(out);
}

/* Removes the database made by testutil_db_path(). */
static inline void testutil_db_remove(const char *path)
{
    char p[512];

    if (strstr(path, "://")) {
        testutil_pg_drop(path);
        return;
    }
    unlink(path);
    snprintf(p, sizeof p, "%s-wal", path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", path);
    unlink(p);
}

#endif
