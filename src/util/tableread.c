/*
 * The format sniffing and the header search of util/tableread.h. The CSV
 * path is csvread itself; workbooks (.xlsx and .xls) are read through one
 * small table of functions so the sheet choice and the header search are
 * written once.
 */
#include "util/tableread.h"

#include "util/rowpipe.h"
#include "util/xlsread.h"
#include "util/xlsxread.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A workbook, whichever the format. */
struct book {
    void *h;
    size_t (*count)(const void *h);
    const char *(*name)(const void *h, size_t i);
    int (*read)(void *h, size_t i, csvread_row_fn fn, void *arg, char *err);
    void (*close)(void *h);
};

static size_t x_count(const void *h)
{
    return xlsx_sheet_count(h);
}
static const char *x_name(const void *h, size_t i)
{
    return xlsx_sheet_name(h, i);
}
static int x_read(void *h, size_t i, csvread_row_fn fn, void *arg, char *err)
{
    return xlsx_read_sheet(h, i, fn, arg, err);
}
static void x_close(void *h)
{
    xlsx_close(h);
}
static size_t o_count(const void *h)
{
    return xls_sheet_count(h);
}
static const char *o_name(const void *h, size_t i)
{
    return xls_sheet_name(h, i);
}
static int o_read(void *h, size_t i, csvread_row_fn fn, void *arg, char *err)
{
    return xls_read_sheet(h, i, fn, arg, err);
}
static void o_close(void *h)
{
    xls_close(h);
}

/*
 * The one normalisation every format gets: spaces at both ends of a cell
 * (ASCII space and tab, the ideographic space U+3000, the no-break space
 * U+00A0) are dropped, so " 张三 " typed in Excel or saved to CSV is 张三.
 * Rows without such cells pass as they are; the others are copied.
 */
struct trim {
    csvread_row_fn fn;
    void *arg;
    char *buf;
    size_t cap;
    const char **fields;
    size_t *lens, nf;
};

/* Length of a space at s (n bytes left), 0 if none; at the end with back. */
static size_t space_at(const unsigned char *s, size_t n, int back)
{
    if (n >= 1 && (s[back ? n - 1 : 0] == ' ' || s[back ? n - 1 : 0] == '\t'))
        return 1;
    if (n >= 2 && memcmp(back ? s + n - 2 : s, "\xC2\xA0", 2) == 0)
        return 2;
    if (n >= 3 && memcmp(back ? s + n - 3 : s, "\xE3\x80\x80", 3) == 0)
        return 3;
    return 0;
}

static int needs_trim(const struct csvread_row *r)
{
    for (size_t i = 0; i < r->nfields; i++) {
        const unsigned char *s = (const unsigned char *)r->fields[i];
        if (space_at(s, r->lens[i], 0) || space_at(s, r->lens[i], 1))
            return 1;
    }
    return 0;
}

static int trim_room(struct trim *t, const struct csvread_row *r)
{
    size_t need = r->nfields;
    void *p;

    for (size_t i = 0; i < r->nfields; i++)
        need += r->lens[i];
    if (need > t->cap) {
        if (!(p = realloc(t->buf, need)))
            return CSVREAD_E_NOMEM;
        t->buf = p;
        t->cap = need;
    }
    if (r->nfields > t->nf) {
        if (!(p = realloc(t->fields, r->nfields * sizeof *t->fields)))
            return CSVREAD_E_NOMEM;
        t->fields = p;
        if (!(p = realloc(t->lens, r->nfields * sizeof *t->lens)))
            return CSVREAD_E_NOMEM;
        t->lens = p;
        t->nf = r->nfields;
    }
    return 0;
}

static int on_trim_row(void *arg, const struct csvread_row *r)
{
    struct trim *t = arg;
    struct csvread_row row = *r;
    size_t used = 0, k;
    int rc;

    if (!needs_trim(r))
        return t->fn(t->arg, r);
    if ((rc = trim_room(t, r)) < 0)
        return rc;
    for (size_t i = 0; i < r->nfields; i++) {
        const unsigned char *s = (const unsigned char *)r->fields[i];
        size_t n = r->lens[i];
        while ((k = space_at(s, n, 0)))
            s += k, n -= k;
        while ((k = space_at(s, n, 1)))
            n -= k;
        memcpy(t->buf + used, s, n);
        t->buf[used + n] = '\0';
        t->fields[i] = t->buf + used;
        t->lens[i] = n;
        used += n + 1;
    }
    row.fields = t->fields;
    row.lens = t->lens;
    return t->fn(t->arg, &row);
}

static void trim_cleanup(struct trim *t)
{
    free(t->buf);
    free(t->fields);
    free(t->lens);
}

/* Passes the rows of a sheet on from its header row. */
struct finder {
    const struct tableread_opts *opts;
    csvread_row_fn fn;
    void *arg;
    int probe;    /* search for the header; give up after a few rows */
    int found;    /* the header was delivered */
    int gave_up;  /* probing found no header */
    size_t seen;  /* non-blank rows looked at while probing */
    size_t index; /* rows delivered */
};

static int is_header(const struct tableread_opts *o, const struct csvread_row *r)
{
    size_t known = 0, nonempty = 0;

    for (size_t i = 0; i < r->nfields; i++) {
        if (!r->lens[i])
            continue;
        nonempty++;
        known += o->header_known(r->fields[i]) != 0;
    }
    return known >= 2 || (known >= 1 && known == nonempty);
}

static int on_sheet_row(void *arg, const struct csvread_row *r)
{
    struct finder *f = arg;
    struct csvread_row row = *r;

    if (!f->found && f->probe && !is_header(f->opts, r)) {
        if (++f->seen < TABLEREAD_HEADER_SCAN)
            return 0;
        f->gave_up = 1;
        return 1;
    }
    f->found = 1;
    row.index = f->index++;
    return f->fn(f->arg, &row);
}

/* Sheet i of a book, read in the row pipe's producer thread. */
struct sheet_job {
    struct book *b;
    size_t i;
};

static int produce_sheet(void *arg, csvread_row_fn fn, void *fnarg, char *err)
{
    struct sheet_job *j = arg;
    return j->b->read(j->b->h, j->i, fn, fnarg, err);
}

/* Reads sheet i (parsed in a second thread, util/rowpipe.h): cells trimmed
 * (t), then the header searched (f). */
static int read_sheet(struct book *b, size_t i, const struct tableread_opts *o, int probe,
                      struct trim *t, struct tableread_info *info, char *err)
{
    struct finder f = {o, t->fn, t->arg, probe && o && o->header_known, 0, 0, 0, 0};
    struct trim tf = *t;
    int rc;

    tf.fn = on_sheet_row;
    tf.arg = &f;
    /* Named before the rows come: a caller's rejects file says the sheet. */
    snprintf(info->sheet, sizeof info->sheet, "%s", b->name(b->h, i));
    rc = rowpipe_run(produce_sheet, &(struct sheet_job){b, i}, on_trim_row, &tf, err);
    t->buf = tf.buf, t->cap = tf.cap, t->fields = tf.fields, t->lens = tf.lens, t->nf = tf.nf;

    info->records = f.index;
    if (f.gave_up || (f.probe && !f.found && rc == 0))
        return -100; /* not this sheet */
    return rc;
}

static int sheet_by_name(struct book *b, const char *name, size_t *out, char *err)
{
    size_t n = b->count(b->h), used = 0;

    for (size_t i = 0; i < n; i++)
        if (strcmp(b->name(b->h, i), name) == 0) {
            *out = i;
            return 0;
        }
    used = (size_t)snprintf(err, CSVREAD_ERR_LEN, "no sheet named %s; the sheets are", name);
    for (size_t i = 0; i < n && used < CSVREAD_ERR_LEN; i++)
        used += (size_t)snprintf(err + used, CSVREAD_ERR_LEN - used, "%s %s", i ? "," : "",
                                 b->name(b->h, i));
    return XLSXREAD_E_SHEET;
}

/* The named sheet, or the first whose header is found, or else the first
 * sheet from its first row (the importer then says which column is
 * missing). */
static int read_book(struct book *b, const struct tableread_opts *o, struct trim *t,
                     struct tableread_info *info, char *err)
{
    size_t first = 0, n = b->count(b->h);
    int rc;

    if (o && o->sheet && o->sheet[0]) {
        if ((rc = sheet_by_name(b, o->sheet, &first, err)) < 0)
            return rc;
        n = first + 1;
    }
    for (size_t i = first; i < n; i++)
        if ((rc = read_sheet(b, i, o, 1, t, info, err)) != -100)
            return rc;
    return read_sheet(b, first, o, 0, t, info, err);
}

static enum tableread_format sniff(const unsigned char *p, size_t n)
{
    if (n >= 4 && memcmp(p, "PK\3\4", 4) == 0)
        return TABLEREAD_XLSX;
    if (n >= 4 && memcmp(p, "\xD0\xCF\x11\xE0", 4) == 0)
        return TABLEREAD_XLS;
    return TABLEREAD_CSV;
}

static int open_book(struct book *b, enum tableread_format fmt, const char *path, const void *data,
                     size_t len, char *err)
{
    int rc;

    if (fmt == TABLEREAD_XLSX) {
        *b = (struct book){NULL, x_count, x_name, x_read, x_close};
        rc = path ? xlsx_open_file(path, (struct xlsx **)&b->h, err)
                  : xlsx_open_buffer(data, len, (struct xlsx **)&b->h, err);
    } else {
        *b = (struct book){NULL, o_count, o_name, o_read, o_close};
        rc = path ? xls_open_file(path, (struct xls **)&b->h, err)
                  : xls_open_buffer(data, len, (struct xls **)&b->h, err);
    }
    return rc;
}

static int read_any(enum tableread_format fmt, const char *path, const void *data, size_t len,
                    const struct tableread_opts *opts, csvread_row_fn fn, void *arg,
                    struct tableread_info *info, char *err)
{
    struct csvread_info ci = {0};
    struct trim t = {.fn = fn, .arg = arg};
    struct book b;
    int rc;

    memset(info, 0, sizeof *info);
    info->format = fmt;
    if (fmt == TABLEREAD_CSV) {
        rc = path ? csvread_file(path, NULL, on_trim_row, &t, &ci, err)
                  : csvread_buffer(data, len, NULL, on_trim_row, &t, &ci, err);
        info->encoding = ci.encoding;
        info->records = ci.records;
    } else {
        info->encoding = CSVREAD_ENC_UTF8;
        if ((rc = open_book(&b, fmt, path, data, len, err)) == 0) {
            rc = read_book(&b, opts, &t, info, err);
            b.close(b.h);
        }
    }
    if (rc == CSVREAD_E_NOMEM && !err[0])
        snprintf(err, CSVREAD_ERR_LEN, "out of memory");
    trim_cleanup(&t);
    return rc;
}

int tableread_file(const char *path, const struct tableread_opts *opts, csvread_row_fn fn,
                   void *arg, struct tableread_info *info, char err[CSVREAD_ERR_LEN])
{
    struct tableread_info dummy;
    unsigned char head[8];
    size_t n = 0;
    FILE *f;

    err[0] = '\0';
    if (!path || !fn)
        return CSVREAD_E_ARG;
    if ((f = fopen(path, "rb"))) {
        n = fread(head, 1, sizeof head, f);
        fclose(f);
    } /* else csvread says why it cannot open it */
    return read_any(sniff(head, n), path, NULL, 0, opts, fn, arg, info ? info : &dummy, err);
}

int tableread_buffer(const void *data, size_t len, const struct tableread_opts *opts,
                     csvread_row_fn fn, void *arg, struct tableread_info *info,
                     char err[CSVREAD_ERR_LEN])
{
    struct tableread_info dummy;

    err[0] = '\0';
    if ((!data && len) || !fn)
        return CSVREAD_E_ARG;
    return read_any(sniff(data, data ? len : 0), NULL, data, len, opts, fn, arg,
                    info ? info : &dummy, err);
}

const char *tableread_format_name(const struct tableread_info *info)
{
    if (info->format == TABLEREAD_XLSX)
        return "xlsx";
    if (info->format == TABLEREAD_XLS)
        return "xls";
    return csvread_encoding_name(info->encoding);
}
