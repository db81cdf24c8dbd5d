/*
 * SQLite backup and restore through sqlite3_backup_*: see store/backup.h.
 * Raw SQLite here on purpose: the backup API works on connections of its
 * own, not on the portable struct db, and has no PostgreSQL equivalent.
 */
#include "store/backup.h"

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PAGES_PER_STEP 256 /* 1 MiB at 4 KiB pages: a short lock per step */
#define BUSY_MS        10000

int backup_is_postgres(const char *url)
{
    return strncmp(url, "postgres://", 11) == 0 || strncmp(url, "postgresql://", 13) == 0;
}

static int fail(char err[DB_ERR_LEN], int rc, const char *what, sqlite3 *h)
{
    snprintf(err, DB_ERR_LEN, "%s: %s", what, h ? sqlite3_errmsg(h) : "cannot open");
    return rc;
}

static int open_db(const char *path, int flags, sqlite3 **out, char err[DB_ERR_LEN])
{
    if (sqlite3_open_v2(path, out, flags, NULL) != SQLITE_OK) {
        int rc = fail(err, DB_E_ERROR, path, *out);
        sqlite3_close(*out);
        *out = NULL;
        return rc;
    }
    sqlite3_busy_timeout(*out, BUSY_MS);
    return 0;
}

/* Copies every page of src into dst, PAGES_PER_STEP at a time, sleeping
 * briefly when the destination or source is locked. */
static int copy(sqlite3 *dst, sqlite3 *src, struct backup_report *out, char err[DB_ERR_LEN])
{
    sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
    int rc;

    if (!b)
        return fail(err, DB_E_ERROR, "backup", dst);
    do {
        rc = sqlite3_backup_step(b, PAGES_PER_STEP);
        out->steps++;
        if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
            sqlite3_sleep(5);
    } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
    out->pages = sqlite3_backup_pagecount(b);
    if (sqlite3_backup_finish(b) != SQLITE_OK || rc != SQLITE_DONE)
        return fail(err, DB_E_ERROR, "backup", dst);
    return 0;
}

/* PRAGMA integrity_check's first line into out->integrity; 0 when "ok". */
static int integrity(sqlite3 *h, struct backup_report *out, char err[DB_ERR_LEN])
{
    sqlite3_stmt *st = NULL;
    int rc;

    if (sqlite3_prepare_v2(h, "PRAGMA integrity_check", -1, &st, NULL) != SQLITE_OK)
        return fail(err, DB_E_NOTADB, "integrity check", h);
    rc = sqlite3_step(st);
    snprintf(out->integrity, sizeof out->integrity, "%s",
             rc == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : "no answer");
    sqlite3_finalize(st);
    if (strcmp(out->integrity, "ok") == 0)
        return 0;
    snprintf(err, DB_ERR_LEN, "integrity check failed: %s", out->integrity);
    return DB_E_NOTADB;
}

/* 0 when h holds a cordon database (its migrations table). */
static int is_cordon(sqlite3 *h, const char *path, char err[DB_ERR_LEN])
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(h, "SELECT count(*) FROM schema_version", -1, &st, NULL);

    if (rc == SQLITE_OK)
        rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc == SQLITE_ROW)
        return 0;
    snprintf(err, DB_ERR_LEN, "%s is not a cordon database", path);
    return DB_E_NOTADB;
}

static int exists(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0;
}

/* The copy of src (already open, inside a read transaction when live) into
 * a fresh file `to` through to.tmp, checked before the rename. */
static int copy_new(sqlite3 *src, const char *to, struct backup_report *out, char err[DB_ERR_LEN])
{
    char tmp[4096];
    sqlite3 *dst = NULL;
    struct stat sb;
    int rc;

    if (snprintf(tmp, sizeof tmp, "%s.tmp", to) >= (int)sizeof tmp) {
        snprintf(err, DB_ERR_LEN, "path too long: %s", to);
        return DB_E_RANGE;
    }
    unlink(tmp);
    if ((rc = open_db(tmp, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, &dst, err)) < 0)
        return rc;
    if ((rc = copy(dst, src, out, err)) < 0 || (rc = integrity(dst, out, err)) < 0)
        goto done;
    /* Closed, the copy is one self-contained file (no -wal), safe to move. */
    if (sqlite3_close(dst) != SQLITE_OK) {
        rc = fail(err, DB_E_ERROR, tmp, dst);
        goto done;
    }
    dst = NULL;
    if (rename(tmp, to) != 0) {
        snprintf(err, DB_ERR_LEN, "cannot rename %s to %s", tmp, to);
        rc = DB_E_ERROR;
        goto done;
    }
    out->bytes = stat(to, &sb) == 0 ? (int64_t)sb.st_size : 0;
    return 0;

done:
    sqlite3_close(dst);
    unlink(tmp);
    return rc;
}

int backup_sqlite(const char *src, const char *dst, int force, struct backup_report *out,
                  char err[DB_ERR_LEN])
{
    sqlite3 *h = NULL;
    int rc;

    memset(out, 0, sizeof *out);
    if (!force && exists(dst)) {
        snprintf(err, DB_ERR_LEN, "%s exists (--force to replace it)", dst);
        return DB_E_CONSTRAINT;
    }
    if ((rc = open_db(src, SQLITE_OPEN_READONLY, &h, err)) < 0)
        return rc;
    if ((rc = is_cordon(h, src, err)) < 0)
        goto done;
    /* One read transaction over the whole copy: a fixed snapshot that the
     * server's commits (to the WAL) neither change nor restart. */
    if (sqlite3_exec(h, "BEGIN; SELECT count(*) FROM sqlite_master;", NULL, NULL, NULL) !=
        SQLITE_OK) {
        rc = fail(err, DB_E_ERROR, src, h);
        goto done;
    }
    rc = copy_new(h, dst, out, err);
    sqlite3_exec(h, "COMMIT", NULL, NULL, NULL);

done:
    sqlite3_close(h);
    return rc;
}

int restore_sqlite(const char *from, const char *to, int force, struct backup_report *out,
                   char err[DB_ERR_LEN])
{
    sqlite3 *src = NULL, *dst = NULL;
    int rc;

    memset(out, 0, sizeof *out);
    if (!exists(from)) {
        snprintf(err, DB_ERR_LEN, "%s: no such file", from);
        return DB_E_NOTFOUND;
    }
    if (!force && exists(to)) {
        snprintf(err, DB_ERR_LEN, "%s exists: restoring would replace it (--force)", to);
        return DB_E_CONSTRAINT;
    }
    if ((rc = open_db(from, SQLITE_OPEN_READONLY, &src, err)) < 0)
        return rc;
    if ((rc = is_cordon(src, from, err)) < 0 || (rc = integrity(src, out, err)) < 0)
        goto done;
    if (!exists(to)) {
        rc = copy_new(src, to, out, err);
        goto done;
    }
    /* In place: the backup API writes the pages under the destination's
     * exclusive lock, so other connections see the old or the new database. */
    if ((rc = open_db(to, SQLITE_OPEN_READWRITE, &dst, err)) == 0)
        rc = copy(dst, src, out, err);

done:
    sqlite3_close(dst);
    sqlite3_close(src);
    return rc;
}
