/*
 * Online backup and restore of an SQLite database with SQLite's backup API
 * (the PostgreSQL answer is pg_dump / pg_restore: docs/operations.md). The
 * copy is taken inside one read transaction on the source, so it is one
 * consistent snapshot even while the server keeps committing (WAL: readers
 * and the writer do not block each other), and it is copied a few hundred
 * pages at a time so no lock is held for long.
 */
#ifndef CORDON_STORE_BACKUP_H
#define CORDON_STORE_BACKUP_H

#include "store/db.h"

#include <stdint.h>

/* What a backup or restore copied. */
struct backup_report {
    int64_t pages;      /* database pages copied */
    int64_t bytes;      /* size of the copy */
    int64_t steps;      /* sqlite3_backup_step calls */
    char integrity[64]; /* "ok", or the first line of PRAGMA integrity_check */
};

/* 1 when url names a PostgreSQL database (postgres://, postgresql://). */
int backup_is_postgres(const char *url);

/*
 * Copies the database at src (in use or not) into a new file dst, through
 * dst.tmp renamed at the end, so dst is never a half copy; an existing dst
 * is refused (DB_E_CONSTRAINT) unless force. The copy's integrity is checked
 * before the rename. Returns 0 with *out filled, or < 0 with err filled.
 */
int backup_sqlite(const char *src, const char *dst, int force, struct backup_report *out,
                  char err[DB_ERR_LEN]);

/*
 * Restores the backup file `from` into the database `to`: the backup is
 * checked first (a cordon database passing PRAGMA integrity_check). A
 * missing `to` is created through to.tmp; an existing one is refused
 * (DB_E_CONSTRAINT) unless force, and then overwritten in place through the
 * backup API, so a server holding it open sees the restored content, never
 * a half copy. Returns 0 or < 0 with err filled.
 */
int restore_sqlite(const char *from, const char *to, int force, struct backup_report *out,
                   char err[DB_ERR_LEN]);

#endif
