/*
 * Helpers of the tests that build a sheet and compare what two imports
 * wrote (test_import_bulk.c, test_import_cases.c): a valid ID number, a
 * growing text, and every row of a query as text.
 */
#ifndef CORDON_TESTS_ROWS_HELPERS_H
#define CORDON_TESTS_ROWS_HELPERS_H

#include "core/idcard.h"
#include "store/db.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

/* A valid ID number from 17 digits. */
static inline void rows_id_of(const char *digits17, char out[19])
{
    memcpy(out, digits17, 17);
    out[17] = (char)idcard_make_check(digits17);
    out[18] = '\0';
}

/* Appends s to the text at *text of *len bytes. */
static inline void rows_add(char **text, size_t *len, const char *s)
{
    size_t n = strlen(s);
    char *p = realloc(*text, *len + n + 1);
    assert_non_null(p);
    *text = p;
    memcpy(*text + *len, s, n + 1);
    *len += n;
}

/* Every row of a query as text, one line per row, columns separated by |. */
static inline char *rows_dump(struct db *db, const char *sql)
{
    struct db_stmt *st;
    size_t cap = 1 << 16, len = 0;
    char *out = malloc(cap);
    int rc;

    assert_non_null(out);
    out[0] = '\0';
    if (db_prepare(db, sql, &st) < 0)
        fail_msg("%s: %s", sql, db_errmsg(db));
    while ((rc = db_step(st)) == DB_ROW) {
        for (int c = 0; c < db_column_count(st); c++) {
            const char *v = db_column_is_null(st, c) ? "NULL" : db_column_text(st, c);
            size_t n = strlen(v);
            while (len + n + 3 > cap) {
                cap *= 2;
                assert_non_null(out = realloc(out, cap));
            }
            memcpy(out + len, v, n);
            len += n;
            out[len++] = c + 1 < db_column_count(st) ? '|' : '\n';
        }
        out[len] = '\0';
    }
    assert_int_equal(rc, DB_DONE);
    db_done(st);
    return out;
}

#endif
