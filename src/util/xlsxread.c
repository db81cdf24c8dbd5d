/*
 * The .xlsx reader (see xlsxread.h): libzip for the container, expat for the
 * XML, both in Debian and well kept. A small reader is written here rather
 * than taken from a library because Debian has no maintained C library that
 * reads .xlsx: libxlsxwriter (used for our exports) only writes, and the
 * readers that exist (xlsxio, libxls for the old format) are not packaged or
 * not maintained. What an import needs is narrow: the sheet list, the date
 * styles, the shared strings and the cells of one sheet as text, streamed.
 *
 * Shared strings must be held (cells refer to them by index) and are kept in
 * one pool; the rows of a sheet are never held: expat parses each chunk as
 * libzip inflates it and every finished row goes to the callback at once.
 */
#include "util/xlsxread.h"

#include "util/xmlscan.h"

#include <expat.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#define MAX_COLS        16384                       /* Excel's own limit (XFD) */
#define MAX_CELL_BYTES  (32767 * 4)                 /* 32767 characters of UTF-8 */
#define MAX_SST_BYTES   ((size_t)512 * 1024 * 1024) /* shared strings, all told */
#define MAX_SMALL_BYTES ((size_t)64 * 1024 * 1024)  /* workbook, rels, styles */
#define CHUNK           65536

struct buf {
    char *p;
    size_t n, cap;
};

struct sheet {
    char *name;
    char *rid;  /* r:id in workbook.xml */
    char *path; /* zip entry, from the relationships */
};

struct xlsx {
    zip_t *zip;
    int date1904;
    unsigned char *date_xf; /* per cellXfs index: 1 if a date format */
    size_t nxf;
    struct buf sst;  /* shared strings, each NUL-terminated */
    size_t *sst_off; /* offset of each in sst */
    size_t nsst, sst_cap;
    struct sheet *sheets;
    size_t nsheets;
};

static int buf_add(struct buf *b, const char *s, size_t n, size_t limit)
{
    if (b->n + n + 1 > limit)
        return XLSXREAD_E_LIMIT;
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        char *p;
        while (cap < b->n + n + 1)
            cap *= 2;
        if (!(p = realloc(b->p, cap)))
            return XLSXREAD_E_NOMEM;
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
    return 0;
}

/* Element and attribute names without their namespace prefix. */
static const char *local(const char *name)
{
    const char *c = strrchr(name, ':');
    return c ? c + 1 : name;
}

static const char *attr(const char **a, const char *name)
{
    for (; a[0]; a += 2)
        if (strcmp(local(a[0]), name) == 0)
            return a[1];
    return NULL;
}

/* ---- reading one entry of the zip through expat or the sheet scanner ---- */

struct parse {
    XML_Parser p;         /* expat, or */
    struct xmlscan *scan; /* the sheet scanner (util/xmlscan.h) */
    int rc;               /* first error of a handler, or a callback's stop value */
    char *err;
};

static void parse_fail(struct parse *ps, int rc)
{
    if (!ps->rc)
        ps->rc = rc;
    if (ps->scan)
        xmlscan_stop(ps->scan);
    else
        XML_StopParser(ps->p, XML_FALSE);
}

/* Where an entry's bytes come from: the zip, or (a sheet's XML given by a
 * test or the fuzzer) memory handed over `step` bytes at a time. */
struct source {
    zip_file_t *f;
    const char *mem;
    size_t len, at, step;
};

static zip_int64_t source_read(struct source *src, void *b, size_t max)
{
    size_t n = src->len - src->at;

    if (src->f)
        return zip_fread(src->f, b, max);
    n = n < src->step ? n : src->step;
    n = n < max ? n : max;
    memcpy(b, src->mem + src->at, n);
    src->at += n;
    return (zip_int64_t)n;
}

/* One piece (n bytes already in the parser's buffer; n 0 at the end) to
 * the parser: 0 or an XLSXREAD_E_* code with err. */
static int parse_piece(struct parse *ps, const char *name, zip_int64_t n)
{
    int s;

    if (ps->scan) {
        if ((s = xmlscan_parse(ps->scan, (size_t)n, n == 0)) == 0)
            return 0;
        if (ps->rc)
            return ps->rc;
        if (s == XMLSCAN_E_NOMEM || s == XMLSCAN_E_LIMIT)
            return s == XMLSCAN_E_NOMEM ? XLSXREAD_E_NOMEM : XLSXREAD_E_LIMIT;
        snprintf(ps->err, CSVREAD_ERR_LEN, "%s: %s", name, xmlscan_error(ps->scan));
        return XLSXREAD_E_XML;
    }
    if (XML_ParseBuffer(ps->p, (int)n, n == 0) == XML_STATUS_OK)
        return 0;
    if (ps->rc)
        return ps->rc;
    snprintf(ps->err, CSVREAD_ERR_LEN, "%s: line %lu: %s", name,
             (unsigned long)XML_GetCurrentLineNumber(ps->p),
             XML_ErrorString(XML_GetErrorCode(ps->p)));
    return XLSXREAD_E_XML;
}

/* Feeds the source to the parser, straight into its own buffer. */
static int parse_source(struct parse *ps, const char *name, struct source *src, size_t limit)
{
    size_t total = 0;
    zip_int64_t n;
    void *b;
    int rc = 0;

    do {
        if (!(b = ps->scan ? (void *)xmlscan_buffer(ps->scan, CHUNK) : XML_GetBuffer(ps->p, CHUNK)))
            return XLSXREAD_E_NOMEM;
        if ((n = source_read(src, b, CHUNK)) < 0) {
            snprintf(ps->err, CSVREAD_ERR_LEN, "%s: %s", name, zip_file_strerror(src->f));
            return XLSXREAD_E_ZIP;
        }
        if ((total += (size_t)n) > limit) {
            snprintf(ps->err, CSVREAD_ERR_LEN, "%s: larger than %zu bytes", name, limit);
            return XLSXREAD_E_LIMIT;
        }
        rc = parse_piece(ps, name, n);
    } while (rc == 0 && n > 0);
    return rc;
}

/* 1 when the entry does not exist and optional is set; 0; or < 0. */
static int parse_entry(struct xlsx *x, const char *name, struct parse *ps, int optional,
                       size_t limit)
{
    struct source src = {zip_fopen(x->zip, name, 0), NULL, 0, 0, 0};
    int rc;

    if (!src.f && !(src.f = zip_fopen(x->zip, name, ZIP_FL_NOCASE))) {
        if (optional)
            return 1;
        snprintf(ps->err, CSVREAD_ERR_LEN,
                 "not an .xlsx workbook (no %s in the zip): save it from Excel as .xlsx or CSV",
                 name);
        return XLSXREAD_E_FORMAT;
    }
    rc = parse_source(ps, name, &src, limit);
    zip_fclose(src.f);
    if (rc == XLSXREAD_E_NOMEM || rc == XLSXREAD_E_LIMIT)
        if (!ps->err[0])
            snprintf(ps->err, CSVREAD_ERR_LEN, "%s: %s", name, xlsxread_strerror(rc));
    return rc;
}

/* The handlers of one part, for either parser (same signatures). */
struct handlers {
    XML_StartElementHandler start;
    XML_EndElementHandler end;
    XML_CharacterDataHandler text;
};

static int parser_new(struct parse *ps, void *ud, const struct handlers *h, int scan)
{
    ps->p = NULL;
    ps->scan = NULL;
    if (scan)
        return (ps->scan = xmlscan_new(ud, h->start, h->end, h->text)) ? 0 : XLSXREAD_E_NOMEM;
    if (!(ps->p = XML_ParserCreate("UTF-8")))
        return XLSXREAD_E_NOMEM;
    XML_SetUserData(ps->p, ud);
    XML_SetElementHandler(ps->p, h->start, h->end);
    if (h->text)
        XML_SetCharacterDataHandler(ps->p, h->text);
    return 0;
}

static void parser_free(struct parse *ps)
{
    if (ps->p)
        XML_ParserFree(ps->p);
    xmlscan_free(ps->scan);
    ps->p = NULL;
    ps->scan = NULL;
}

/* Runs a parser with the handlers given over one entry (expat; the
 * scanner when scan is set), or over src when not NULL. */
static int parse_part(struct xlsx *x, const char *name, void *ud, const struct handlers *h,
                      int scan, struct source *src, int optional, size_t limit, char *err)
{
    struct parse *ps = ud; /* every context starts with its struct parse */
    int rc;

    ps->err = err;
    ps->rc = 0;
    if ((rc = parser_new(ps, ud, h, scan)) < 0)
        return rc;
    rc = src ? parse_source(ps, name, src, limit) : parse_entry(x, name, ps, optional, limit);
    parser_free(ps);
    return rc;
}

/* Runs expat with the handlers given over one entry. */
static int parse_with(struct xlsx *x, const char *name, void *ud, XML_StartElementHandler start,
                      XML_EndElementHandler end, XML_CharacterDataHandler text, int optional,
                      size_t limit, char *err)
{
    const struct handlers h = {start, end, text};

    return parse_part(x, name, ud, &h, 0, NULL, optional, limit, err);
}

/* ---- workbook.xml and its relationships ---- */

struct wb_ctx {
    struct parse ps;
    struct xlsx *x;
};

static char *dup_or_fail(struct parse *ps, const char *s)
{
    char *d = strdup(s ? s : "");
    if (!d)
        parse_fail(ps, XLSXREAD_E_NOMEM);
    return d;
}

static void wb_start(void *ud, const char *el, const char **a)
{
    struct wb_ctx *c = ud;
    struct xlsx *x = c->x;
    const char *n = local(el), *v;

    if (strcmp(n, "workbookPr") == 0 && (v = attr(a, "date1904")))
        x->date1904 = strcmp(v, "1") == 0 || strcmp(v, "true") == 0;
    if (strcmp(n, "sheet") == 0) {
        struct sheet *s = realloc(x->sheets, (x->nsheets + 1) * sizeof *s);
        if (!s)
            return parse_fail(&c->ps, XLSXREAD_E_NOMEM);
        x->sheets = s;
        s = &x->sheets[x->nsheets++];
        memset(s, 0, sizeof *s);
        s->name = dup_or_fail(&c->ps, attr(a, "name"));
        s->rid = dup_or_fail(&c->ps, attr(a, "id"));
    }
}

static void rel_start(void *ud, const char *el, const char **a)
{
    struct wb_ctx *c = ud;
    const char *id = attr(a, "Id"), *target = attr(a, "Target"), *type = attr(a, "Type");

    if (strcmp(local(el), "Relationship") != 0 || !id || !target)
        return;
    for (size_t i = 0; i < c->x->nsheets; i++) {
        struct sheet *s = &c->x->sheets[i];
        size_t n;
        if (s->path || strcmp(s->rid, id) != 0)
            continue;
        if (type && strstr(type, "/chartsheet"))
            continue; /* no cells */
        /* Targets are relative to xl/, or absolute from the zip's root. */
        n = strlen(target) + 4;
        if (!(s->path = malloc(n)))
            return parse_fail(&c->ps, XLSXREAD_E_NOMEM);
        if (target[0] == '/')
            snprintf(s->path, n, "%s", target + 1);
        else
            snprintf(s->path, n, "xl/%s", target);
    }
}

static void no_end(void *ud, const char *el)
{
    (void)ud, (void)el;
}

/* Sheets that have a worksheet path, in order; the others are dropped. */
static void keep_worksheets(struct xlsx *x)
{
    size_t k = 0;

    for (size_t i = 0; i < x->nsheets; i++) {
        if (x->sheets[i].path) {
            x->sheets[k++] = x->sheets[i];
        } else {
            free(x->sheets[i].name);
            free(x->sheets[i].rid);
        }
    }
    x->nsheets = k;
}

static int load_workbook(struct xlsx *x, char *err)
{
    struct wb_ctx c = {.x = x};
    int rc;

    if ((rc = parse_with(x, "xl/workbook.xml", &c, wb_start, no_end, NULL, 0, MAX_SMALL_BYTES,
                         err)) != 0)
        return rc;
    if ((rc = parse_with(x, "xl/_rels/workbook.xml.rels", &c, rel_start, no_end, NULL, 1,
                         MAX_SMALL_BYTES, err)) < 0)
        return rc;
    keep_worksheets(x);
    if (x->nsheets == 0) {
        snprintf(err, CSVREAD_ERR_LEN, "the workbook has no worksheet");
        return XLSXREAD_E_FORMAT;
    }
    return 0;
}

/* ---- styles.xml: which cell formats are dates ---- */

struct st_ctx {
    struct parse ps;
    struct xlsx *x;
    int in_xfs;
    int *custom; /* numFmtId of custom date formats */
    size_t ncustom;
};

/* A custom number format is a date when it has y, m, d (or 年月日)
 * outside quotes, brackets and escapes; [h]:mm alone is a duration. */
static int format_is_date(const char *f)
{
    for (const char *p = f; *p; p++) {
        if (*p == '"') {
            while (p[1] && p[1] != '"')
                p++;
            if (p[1])
                p++;
        } else if (*p == '[') {
            while (p[1] && p[1] != ']')
                p++;
        } else if (*p == '\\' || *p == '_' || *p == '*') {
            if (p[1])
                p++;
        } else if (strchr("yYdDmM", *p) || strncmp(p, "年", 3) == 0 || strncmp(p, "日", 3) == 0) {
            return 1;
        }
    }
    return 0;
}

static int builtin_is_date(int id)
{
    return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) ||
           (id >= 50 && id <= 58);
}

static void st_start(void *ud, const char *el, const char **a)
{
    struct st_ctx *c = ud;
    const char *n = local(el), *id = attr(a, "numFmtId");

    if (strcmp(n, "cellXfs") == 0) {
        c->in_xfs = 1;
    } else if (strcmp(n, "numFmt") == 0 && id && format_is_date(attr(a, "formatCode") ?: "")) {
        int *p = realloc(c->custom, (c->ncustom + 1) * sizeof *p);
        if (!p)
            return parse_fail(&c->ps, XLSXREAD_E_NOMEM);
        c->custom = p;
        c->custom[c->ncustom++] = atoi(id);
    } else if (strcmp(n, "xf") == 0 && c->in_xfs) {
        int fid = id ? atoi(id) : 0, date = builtin_is_date(fid);
        unsigned char *p = realloc(c->x->date_xf, c->x->nxf + 1);
        if (!p)
            return parse_fail(&c->ps, XLSXREAD_E_NOMEM);
        c->x->date_xf = p;
        for (size_t i = 0; i < c->ncustom; i++)
            date |= c->custom[i] == fid;
        c->x->date_xf[c->x->nxf++] = (unsigned char)date;
    }
}

static void st_end(void *ud, const char *el)
{
    struct st_ctx *c = ud;

    if (strcmp(local(el), "cellXfs") == 0)
        c->in_xfs = 0;
}

static int load_styles(struct xlsx *x, char *err)
{
    struct st_ctx c = {.x = x};
    int rc = parse_with(x, "xl/styles.xml", &c, st_start, st_end, NULL, 1, MAX_SMALL_BYTES, err);

    free(c.custom);
    return rc < 0 ? rc : 0;
}

/* ---- sharedStrings.xml ---- */

struct sst_ctx {
    struct parse ps;
    struct xlsx *x;
    int in_t, in_rph; /* inside <t>; inside a phonetic run (not text) */
};

static void sst_start(void *ud, const char *el, const char **a)
{
    struct sst_ctx *c = ud;
    struct xlsx *x = c->x;
    const char *n = local(el);

    (void)a;
    if (strcmp(n, "si") == 0) {
        if (x->nsst == x->sst_cap) {
            size_t cap = x->sst_cap ? x->sst_cap * 2 : 1024;
            size_t *p = realloc(x->sst_off, cap * sizeof *p);
            if (!p)
                return parse_fail(&c->ps, XLSXREAD_E_NOMEM);
            x->sst_off = p;
            x->sst_cap = cap;
        }
        x->sst_off[x->nsst++] = x->sst.n;
    } else if (strcmp(n, "rPh") == 0) {
        c->in_rph = 1;
    } else if (strcmp(n, "t") == 0) {
        c->in_t = 1;
    }
}

static void sst_end(void *ud, const char *el)
{
    struct sst_ctx *c = ud;
    const char *n = local(el);
    int rc;

    if (strcmp(n, "si") == 0 && (rc = buf_add(&c->x->sst, "", 1, MAX_SST_BYTES)) < 0)
        return parse_fail(&c->ps, rc);
    if (strcmp(n, "rPh") == 0)
        c->in_rph = 0;
    else if (strcmp(n, "t") == 0)
        c->in_t = 0;
}

static void sst_text(void *ud, const char *s, int len)
{
    struct sst_ctx *c = ud;
    int rc;

    if (c->in_t && !c->in_rph && c->x->nsst &&
        (rc = buf_add(&c->x->sst, s, (size_t)len, MAX_SST_BYTES)) < 0)
        parse_fail(&c->ps, rc);
}

static int load_sst(struct xlsx *x, char *err)
{
    struct sst_ctx c = {.x = x};
    int rc =
        parse_with(x, "xl/sharedStrings.xml", &c, sst_start, sst_end, sst_text, 1, (size_t)-1, err);

    return rc < 0 ? rc : 0;
}

/* ---- opening and closing ---- */

static int open_common(struct xlsx *x, char *err)
{
    int rc;

    if ((rc = load_workbook(x, err)) < 0 || (rc = load_styles(x, err)) < 0 ||
        (rc = load_sst(x, err)) < 0)
        return rc;
    return 0;
}

static int finish_open(struct xlsx *x, struct xlsx **out, char *err)
{
    int rc = open_common(x, err);

    if (rc < 0) {
        if (!err[0])
            snprintf(err, CSVREAD_ERR_LEN, "%s", xlsxread_strerror(rc));
        xlsx_close(x);
        return rc;
    }
    *out = x;
    return 0;
}

int xlsx_open_file(const char *path, struct xlsx **out, char err[CSVREAD_ERR_LEN])
{
    struct xlsx *x;
    int zerr = 0;

    err[0] = '\0';
    if (!path || !out)
        return XLSXREAD_E_ARG;
    if (!(x = calloc(1, sizeof *x)))
        return XLSXREAD_E_NOMEM;
    if (!(x->zip = zip_open(path, ZIP_RDONLY, &zerr))) {
        zip_error_t ze;
        zip_error_init_with_code(&ze, zerr);
        snprintf(err, CSVREAD_ERR_LEN, "%s: %s", path, zip_error_strerror(&ze));
        zip_error_fini(&ze);
        free(x);
        return zerr == ZIP_ER_OPEN || zerr == ZIP_ER_READ ? XLSXREAD_E_IO : XLSXREAD_E_ZIP;
    }
    return finish_open(x, out, err);
}

int xlsx_open_buffer(const void *data, size_t len, struct xlsx **out, char err[CSVREAD_ERR_LEN])
{
    struct xlsx *x;
    zip_source_t *src;
    zip_error_t ze;

    err[0] = '\0';
    if (!data || !out)
        return XLSXREAD_E_ARG;
    if (!(x = calloc(1, sizeof *x)))
        return XLSXREAD_E_NOMEM;
    zip_error_init(&ze);
    if (!(src = zip_source_buffer_create(data, len, 0, &ze)) ||
        !(x->zip = zip_open_from_source(src, ZIP_RDONLY, &ze))) {
        snprintf(err, CSVREAD_ERR_LEN, "not a readable .xlsx workbook: %s",
                 zip_error_strerror(&ze));
        zip_error_fini(&ze);
        if (src)
            zip_source_free(src);
        free(x);
        return XLSXREAD_E_ZIP;
    }
    zip_error_fini(&ze);
    return finish_open(x, out, err);
}

void xlsx_close(struct xlsx *x)
{
    if (!x)
        return;
    if (x->zip)
        zip_discard(x->zip);
    for (size_t i = 0; i < x->nsheets; i++) {
        free(x->sheets[i].name);
        free(x->sheets[i].rid);
        free(x->sheets[i].path);
    }
    free(x->sheets);
    free(x->date_xf);
    free(x->sst.p);
    free(x->sst_off);
    free(x);
}

size_t xlsx_sheet_count(const struct xlsx *x)
{
    return x ? x->nsheets : 0;
}

const char *xlsx_sheet_name(const struct xlsx *x, size_t i)
{
    return x && i < x->nsheets ? x->sheets[i].name : NULL;
}

/* ---- numbers and dates ---- */

/* Days since 1970-01-01 to a civil date (H. Hinnant's algorithm). */
static void civil(int64_t z, int *y, int *m, int *d)
{
    int64_t era, doe, yoe, doy, mp;

    z += 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

static void format_date(double v, int date_system, char *out, size_t size)
{
    int64_t serial = (int64_t)floor(v), days;
    int64_t secs = (int64_t)llround((v - (double)serial) * 86400.0);
    int y, m, d;

    if (secs >= 86400)
        serial++, secs -= 86400;
    if (date_system == 1904)
        days = serial - 24107; /* 1904-01-01 is day -24107 */
    else if (serial >= 61)
        days = serial - 25569; /* 1899-12-30 + serial */
    else
        days = serial - 25568; /* before Excel's phantom 1900-02-29 */
    civil(days, &y, &m, &d);
    if (secs)
        snprintf(out, size, "%04d-%02d-%02d %02d:%02d:%02d", y, m, d, (int)(secs / 3600),
                 (int)(secs / 60 % 60), (int)(secs % 60));
    else
        snprintf(out, size, "%04d-%02d-%02d", y, m, d);
}

void xlsx_format_number(double v, int date_system, char *out, size_t size)
{
    char *e, *z;

    if (date_system && v >= 1 && v < 2958466) { /* up to 9999-12-31 */
        format_date(v, date_system, out, size);
    } else if (v == floor(v) && fabs(v) < 1e15) {
        snprintf(out, size, "%.0f", v);
    } else if (fabs(v) >= 1e15) {
        /* Digits already lost: Excel's General display, 3.30106E+17. */
        snprintf(out, size, "%.5E", v);
        if ((e = strchr(out, 'E'))) {
            for (z = e; z > out && z[-1] == '0'; z--)
                ;
            if (z > out && z[-1] == '.')
                z--;
            memmove(z, e, strlen(e) + 1);
        }
    } else {
        snprintf(out, size, "%.15g", v);
    }
}

/* ---- streaming a sheet ---- */

enum cell_type { T_NUMBER, T_SHARED, T_INLINE, T_STRING, T_BOOL, T_ISODATE };

struct sh_ctx {
    struct parse ps;
    struct xlsx *x;
    csvread_row_fn fn;
    void *arg;
    size_t row_no, col, next_col, index;
    enum cell_type type;
    long style;
    int in_v, in_is, in_t, in_rph;
    struct buf text; /* the cell being read */
    struct buf row;  /* texts of the row's cells, NUL-terminated, "" at 0 */
    size_t *off, *len;
    const char **fields;
    size_t ncols, cap;
    int nonblank;
};

/* "BC12" -> column 54 (0-based) and row 12; 0 if no letters. */
static int parse_ref(const char *r, size_t *col, size_t *row)
{
    size_t c = 0, n = 0;

    for (; *r >= 'A' && *r <= 'Z'; r++, n++)
        if ((c = c * 26 + (size_t)(*r - 'A' + 1)) > MAX_COLS)
            return -1;
    if (!n)
        return 0;
    *col = c - 1;
    if (*r >= '0' && *r <= '9')
        *row = (size_t)strtoul(r, NULL, 10);
    return 1;
}

static void row_start(struct sh_ctx *c, const char **a)
{
    const char *r = attr(a, "r");

    c->row_no = r ? (size_t)strtoul(r, NULL, 10) : c->row_no + 1;
    c->ncols = 0;
    c->next_col = 0;
    c->nonblank = 0;
    c->row.n = 1; /* keep the "" at offset 0 */
}

static enum cell_type cell_type(const char *t)
{
    if (!t || strcmp(t, "n") == 0)
        return T_NUMBER;
    if (strcmp(t, "s") == 0)
        return T_SHARED;
    if (strcmp(t, "inlineStr") == 0)
        return T_INLINE;
    if (strcmp(t, "b") == 0)
        return T_BOOL;
    return strcmp(t, "d") == 0 ? T_ISODATE : T_STRING; /* str, e */
}

static void cell_start(struct sh_ctx *c, const char **a)
{
    const char *r = NULL, *t = NULL, *s = NULL;
    size_t col = c->next_col, row = c->row_no;

    for (; a[0]; a += 2) { /* one pass over r, s and t (no prefixes here) */
        if (a[0][0] && !a[0][1]) {
            if (a[0][0] == 'r')
                r = a[1];
            else if (a[0][0] == 't')
                t = a[1];
            else if (a[0][0] == 's')
                s = a[1];
        }
    }
    if (r && parse_ref(r, &col, &row) < 0)
        return parse_fail(&c->ps, XLSXREAD_E_LIMIT);
    c->col = col;
    c->next_col = col + 1;
    c->style = s ? atol(s) : 0;
    c->type = cell_type(t);
    c->text.n = 0;
    if (c->text.p)
        c->text.p[0] = '\0';
}

/* The elements of a sheet that matter, told apart cheaply: this runs for
 * every cell of a million-row sheet. */
enum sheet_el { E_OTHER, E_ROW, E_C, E_V, E_IS, E_T, E_RPH };

static enum sheet_el sheet_el(const char *el)
{
    const char *n = el;

    for (const char *p = el; *p; p++)
        if (*p == ':')
            n = p + 1;
    switch (n[0]) {
    case 'c':
        return n[1] ? E_OTHER : E_C;
    case 'v':
        return n[1] ? E_OTHER : E_V;
    case 't':
        return n[1] ? E_OTHER : E_T;
    case 'i':
        return strcmp(n, "is") == 0 ? E_IS : E_OTHER;
    case 'r':
        return strcmp(n, "row") == 0 ? E_ROW : strcmp(n, "rPh") == 0 ? E_RPH : E_OTHER;
    }
    return E_OTHER;
}

static void sh_start(void *ud, const char *el, const char **a)
{
    struct sh_ctx *c = ud;

    switch (sheet_el(el)) {
    case E_ROW:
        return row_start(c, a);
    case E_C:
        return cell_start(c, a);
    case E_V:
        c->in_v = 1;
        return;
    case E_IS:
        c->in_is = 1;
        return;
    case E_T:
        c->in_t = 1;
        return;
    case E_RPH:
        c->in_rph = 1;
        return;
    case E_OTHER:
        return;
    }
}

static void sh_text(void *ud, const char *s, int len)
{
    struct sh_ctx *c = ud;
    int rc;

    if ((c->in_v || (c->in_is && c->in_t && !c->in_rph)) &&
        (rc = buf_add(&c->text, s, (size_t)len, MAX_CELL_BYTES)) < 0)
        parse_fail(&c->ps, rc);
}

/* Room for column c->col in the per-column arrays. */
static int grow_cols(struct sh_ctx *c)
{
    size_t cap = c->cap ? c->cap : 32;
    void *p;

    while (cap <= c->col)
        cap *= 2;
    if (!(p = realloc(c->off, cap * sizeof *c->off)))
        return XLSXREAD_E_NOMEM;
    c->off = p;
    if (!(p = realloc(c->len, cap * sizeof *c->len)))
        return XLSXREAD_E_NOMEM;
    c->len = p;
    if (!(p = realloc(c->fields, cap * sizeof *c->fields)))
        return XLSXREAD_E_NOMEM;
    c->fields = p;
    c->cap = cap;
    return 0;
}

/* The cell's value as text into c->row at column c->col. */
static int cell_end(struct sh_ctx *c)
{
    const char *v = c->text.p ? c->text.p : "";
    char num[64];
    size_t n, at;
    int rc;

    if (c->type == T_SHARED) {
        unsigned long i = strtoul(v, NULL, 10);
        v = i < c->x->nsst ? c->x->sst.p + c->x->sst_off[i] : "";
    } else if (c->type == T_NUMBER && *v) {
        int date = c->style >= 0 && (size_t)c->style < c->x->nxf && c->x->date_xf[c->style];
        xlsx_format_number(strtod(v, NULL), date ? (c->x->date1904 ? 1904 : 1900) : 0, num,
                           sizeof num);
        v = num;
    } else if (c->type == T_BOOL) {
        v = strcmp(v, "1") == 0 ? "TRUE" : "FALSE";
    } else if (c->type == T_ISODATE && strlen(v) > 10 && v[10] == 'T') {
        snprintf(num, sizeof num, "%.10s", v);
        v = num;
    }
    if (c->col >= c->cap && (rc = grow_cols(c)) < 0)
        return rc;
    for (; c->ncols <= c->col; c->ncols++)
        c->off[c->ncols] = 0, c->len[c->ncols] = 0;
    n = strlen(v);
    at = c->row.n;
    if ((rc = buf_add(&c->row, v, n + 1, (size_t)MAX_COLS * 1024)) < 0)
        return rc;
    c->off[c->col] = at;
    c->len[c->col] = n;
    c->nonblank |= n > 0;
    return 0;
}

static void row_end(struct sh_ctx *c)
{
    struct csvread_row r;
    size_t n = c->ncols;
    int rc;

    if (!c->nonblank)
        return;
    while (n && c->len[n - 1] == 0)
        n--; /* trailing empty (formatted) cells */
    for (size_t i = 0; i < n; i++)
        c->fields[i] = c->row.p + c->off[i];
    r = (struct csvread_row){c->fields, c->len, n, c->row_no, c->index++};
    if ((rc = c->fn(c->arg, &r)) != 0)
        parse_fail(&c->ps, rc);
}

static void sh_end(void *ud, const char *el)
{
    struct sh_ctx *c = ud;
    int rc;

    switch (sheet_el(el)) {
    case E_C:
        if ((rc = cell_end(c)) < 0)
            parse_fail(&c->ps, rc);
        c->in_v = c->in_is = c->in_t = c->in_rph = 0;
        return;
    case E_ROW:
        return row_end(c);
    case E_V:
        c->in_v = 0;
        return;
    case E_IS:
        c->in_is = 0;
        return;
    case E_T:
        c->in_t = 0;
        return;
    case E_RPH:
        c->in_rph = 0;
        return;
    case E_OTHER:
        return;
    }
}

/* The rows of one sheet (name for messages; its XML in the zip at path, or
 * in src) through the parser chosen. */
static int sheet_rows(struct xlsx *x, const char *name, const char *path, struct source *src,
                      enum xlsx_parser parser, csvread_row_fn fn, void *arg, char *err)
{
    static const struct handlers h = {sh_start, sh_end, sh_text};
    struct sh_ctx c = {.x = x, .fn = fn, .arg = arg};
    int rc;

    if ((rc = buf_add(&c.row, "", 1, 2)) < 0)
        return rc;
    rc = parse_part(x, path, &c, &h, parser == XLSX_SCAN, src, 0, (size_t)-1, err);
    if (rc < 0 && !err[0]) {
        if (rc == XLSXREAD_E_LIMIT)
            snprintf(err, CSVREAD_ERR_LEN, "sheet %s, row %zu: a cell or row is too large", name,
                     c.row_no);
        else
            snprintf(err, CSVREAD_ERR_LEN, "sheet %s: %s", name, xlsxread_strerror(rc));
    }
    free(c.text.p);
    free(c.row.p);
    free(c.off);
    free(c.len);
    free(c.fields);
    return rc;
}

int xlsx_read_sheet_with(struct xlsx *x, size_t i, enum xlsx_parser parser, csvread_row_fn fn,
                         void *arg, char err[CSVREAD_ERR_LEN])
{
    err[0] = '\0';
    if (!x || !fn)
        return XLSXREAD_E_ARG;
    if (i >= x->nsheets) {
        snprintf(err, CSVREAD_ERR_LEN, "no sheet %zu", i + 1);
        return XLSXREAD_E_SHEET;
    }
    return sheet_rows(x, x->sheets[i].name, x->sheets[i].path, NULL, parser, fn, arg, err);
}

int xlsx_read_sheet(struct xlsx *x, size_t i, csvread_row_fn fn, void *arg,
                    char err[CSVREAD_ERR_LEN])
{
    return xlsx_read_sheet_with(x, i, XLSX_SCAN, fn, arg, err);
}

int xlsx_read_sheet_xml(const char *xml, size_t len, size_t step, enum xlsx_parser parser,
                        csvread_row_fn fn, void *arg, char err[CSVREAD_ERR_LEN])
{
    struct xlsx x = {0};
    struct source src = {NULL, xml, len, 0, step ? step : CHUNK};

    err[0] = '\0';
    if (!xml || !fn)
        return XLSXREAD_E_ARG;
    return sheet_rows(&x, "sheet", "sheet.xml", &src, parser, fn, arg, err);
}

const char *xlsxread_strerror(int code)
{
    switch (code) {
    case XLSXREAD_E_ARG:
        return "bad argument";
    case XLSXREAD_E_IO:
        return "cannot read the file";
    case XLSXREAD_E_NOMEM:
        return "out of memory";
    case XLSXREAD_E_ZIP:
        return "not a readable zip container";
    case XLSXREAD_E_FORMAT:
        return "not an .xlsx workbook";
    case XLSXREAD_E_XML:
        return "malformed XML in the workbook";
    case XLSXREAD_E_LIMIT:
        return "a cell, row or string table is too large";
    case XLSXREAD_E_SHEET:
        return "no such sheet";
    }
    return "unknown error";
}
