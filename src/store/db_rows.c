/*
 * Multi-row writes (db_rows_*, declared in db.h): many rows of one table in
 * a few statements, INSERT INTO t (cols) VALUES (...),(...),... [suffix],
 * the same SQL on SQLite, PostgreSQL and Citus. One statement costs one
 * round trip to the server, and on Citus one write to every copy of a
 * reference table, so thousands of rows sent one statement each cost
 * seconds to minutes where a few dozen statements cost milliseconds.
 * Unlike db_bulk_* (COPY), it takes a suffix (ON CONFLICT ..., RETURNING
 * id) and hands back the ids the database chose.
 */
#include "store/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Rows in one statement. The values are written into the statement as
 * literals (integers, texts quoted as SQL quotes them): both drivers take
 * at most 64 parameters a statement, 9 to 12 rows of a table. */
#define ROWS_PER_STMT 200

struct db_rows {
    struct db *db;
    char *head;   /* "INSERT INTO t (cols) VALUES " */
    char *suffix; /* after the values, may be "" */
    int ncols, want_ids;
    char *sql; /* head and the rows buffered */
    size_t len, cap;
    int n;        /* rows buffered */
    int failed;   /* the first failure; nothing is written after it */
    int64_t *ids; /* want_ids: one per row written, in order */
    size_t nids, idcap;
};

int db_rows_begin(struct db *db, const char *table, const char *columns, int ncols,
                  const char *suffix, int want_ids, struct db_rows **out)
{
    struct db_rows *r;
    size_t len = strlen(table) + strlen(columns) + 32;

    *out = NULL;
    if (ncols < 1)
        return DB_E_RANGE;
    if (!(r = calloc(1, sizeof *r)))
        return DB_E_NOMEM;
    r->db = db;
    r->ncols = ncols;
    r->want_ids = want_ids;
    r->head = malloc(len);
    r->suffix = strdup(suffix ? suffix : "");
    if (!r->head || !r->suffix) {
        db_rows_end(r, NULL, 0);
        return DB_E_NOMEM;
    }
    snprintf(r->head, len, "INSERT INTO %s (%s) VALUES ", table, columns);
    *out = r;
    return 0;
}

/* Appends n bytes of s to the statement. */
static int put(struct db_rows *r, const char *s, size_t n)
{
    if (r->len + n + 1 > r->cap) {
        size_t cap = r->cap ? 2 * r->cap : 16384;
        char *sql;
        while (cap < r->len + n + 1)
            cap *= 2;
        if (!(sql = realloc(r->sql, cap)))
            return DB_E_NOMEM;
        r->sql = sql;
        r->cap = cap;
    }
    memcpy(r->sql + r->len, s, n);
    r->len += n;
    r->sql[r->len] = '\0';
    return 0;
}

static int put_str(struct db_rows *r, const char *s)
{
    return put(r, s, strlen(s));
}

/* One value as a literal: NULL, an integer, or a text in quotes with each
 * quote doubled (standard SQL; PostgreSQL reads backslashes as themselves,
 * standard_conforming_strings being on since 9.1). */
static int put_value(struct db_rows *r, const struct db_value *v)
{
    char num[24];
    int rc = 0;

    if (v->type == DB_INT) {
        snprintf(num, sizeof num, "%lld", (long long)v->i);
        return put_str(r, num);
    }
    if (v->type != DB_TEXT || !v->s)
        return put_str(r, "NULL");
    rc = put(r, "'", 1);
    for (const char *p = v->s, *q; rc == 0 && *p; p = q) {
        q = strchr(p, '\'');
        if (!q) {
            rc = put_str(r, p);
            break;
        }
        q++;
        if ((rc = put(r, p, (size_t)(q - p))) == 0)
            rc = put(r, "'", 1);
    }
    return rc ? rc : put(r, "'", 1);
}

static int cmp_id(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

    return (x > y) - (x < y);
}

static int keep_id(void *arg, struct db_stmt *st)
{
    struct db_rows *r = arg;

    if (r->nids == r->idcap) {
        size_t cap = r->idcap ? 2 * r->idcap : 1024;
        int64_t *ids = realloc(r->ids, cap * sizeof *ids);
        if (!ids)
            return DB_E_NOMEM;
        r->ids = ids;
        r->idcap = cap;
    }
    r->ids[r->nids++] = db_column_int64(st, 0);
    return 0;
}

/* Writes the rows buffered. The ids come back in the order the database
 * returns them; a sequence (PostgreSQL, and Citus which evaluates it on the
 * coordinator) or SQLite's rowid hands them out rising in the order of the
 * VALUES, so sorted they are the rows' ids in the order added. They are
 * asked for as "RETURNING id AS row_id": the SQLite driver answers a
 * statement that ends in " RETURNING id" from the last rowid alone (one
 * row, which is right for one-row inserts only). */
static int flush(struct db_rows *r)
{
    size_t before = r->nids;
    int rc;

    if (!r->n)
        return 0;
    if ((rc = put(r, " ", 1)) < 0 || (rc = put_str(r, r->suffix)) < 0 ||
        (r->want_ids && (rc = put_str(r, " RETURNING id AS row_id")) < 0))
        return rc;
    rc = r->want_ids ? db_list(r->db, r->sql, NULL, 0, keep_id, r) : db_run(r->db, r->sql, NULL, 0);
    if (rc == 0 && r->want_ids) {
        if (r->nids - before != (size_t)r->n)
            rc = DB_E_ERROR; /* a row skipped (ON CONFLICT DO NOTHING): no id to match */
        else
            qsort(r->ids + before, (size_t)r->n, sizeof *r->ids, cmp_id);
    }
    r->len = 0;
    r->n = 0;
    return rc;
}

int db_rows_add(struct db_rows *r, const struct db_value *values)
{
    int rc;

    if (r->failed)
        return r->failed;
    rc = put_str(r, r->n ? ",(" : r->head);
    if (rc == 0 && !r->n)
        rc = put(r, "(", 1);
    for (int c = 0; c < r->ncols && rc == 0; c++)
        if (!(rc = c ? put(r, ",", 1) : 0))
            rc = put_value(r, &values[c]);
    if (rc == 0)
        rc = put(r, ")", 1);
    if (rc == 0 && ++r->n == ROWS_PER_STMT)
        rc = flush(r);
    return rc < 0 ? (r->failed = rc) : 0;
}

int db_rows_end(struct db_rows *r, int64_t *out_ids, size_t max)
{
    int rc;

    if (!r)
        return 0;
    rc = r->failed ? r->failed : flush(r);
    if (rc == 0 && out_ids) {
        if (r->nids > max)
            rc = DB_E_RANGE;
        else
            memcpy(out_ids, r->ids, r->nids * sizeof *r->ids);
    }
    free(r->sql);
    free(r->ids);
    free(r->head);
    free(r->suffix);
    free(r);
    return rc;
}

int db_rows_insert(struct db *db, const char *table, const char *columns, int ncols,
                   const char *suffix, size_t n, db_rows_fill_fn fill, const void *arg,
                   int64_t *first_id, size_t stride)
{
    struct db_value v[64];
    struct db_rows *r;
    int64_t *ids = NULL;
    int rc;

    if (ncols > (int)(sizeof v / sizeof v[0]))
        return DB_E_RANGE;
    if (first_id && !(ids = calloc(n ? n : 1, sizeof *ids)))
        return DB_E_NOMEM;
    if ((rc = db_rows_begin(db, table, columns, ncols, suffix, first_id != NULL, &r)) < 0)
        goto out;
    for (size_t i = 0; i < n && rc == 0; i++) {
        fill(arg, i, v);
        rc = db_rows_add(r, v);
    }
    if (rc < 0) {
        db_rows_end(r, NULL, 0);
        goto out;
    }
    if ((rc = db_rows_end(r, ids, n)) == 0 && first_id)
        for (size_t i = 0; i < n; i++)
            *(int64_t *)(void *)((char *)first_id + i * stride) = ids[i];
out:
    free(ids);
    return rc;
}
