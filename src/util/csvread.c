/*
 * CSV reader and writer (see csvread.h): encoding detection and conversion,
 * line accounting around libcsv, and a small Excel-friendly writer.
 *
 * The input is held whole in memory: the encoding is decided on every byte
 * (a file whose first megabyte is ASCII may still hold GBK further down), and
 * parsing then runs over one contiguous UTF-8 buffer in fixed chunks, which
 * bounds libcsv's field buffer between chunks. libcsv does not report
 * positions, so line numbers are rebuilt from what it does report: every line
 * break outside a record (CSV_REPALL_NL) and the breaks inside quoted fields.
 */
#include "util/csvread.h"

#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* Bytes handed to libcsv per call; also how far a runaway field can grow
 * past max_field_bytes before it is caught. */
#define PARSE_CHUNK (64 * 1024)

/* Reading a pipe or other file of unknown size starts with this buffer. */
#define READ_CHUNK (1024 * 1024)

/* First size of the per-record field arena; it doubles as needed. */
#define ARENA_START 4096

struct reader {
    csvread_row_fn fn;
    void *arg;
    size_t max_field;
    size_t max_fields;
    int keep_blank;

    /* The current record: fields copied out of libcsv's buffer, which it
     * reuses for every field. Offsets, not pointers, while the arena may
     * still move. */
    char *arena;
    size_t arena_len;
    size_t arena_cap;
    size_t *offs;
    size_t *lens;
    const char **ptrs;
    size_t nfields;

    size_t line;   /* line the current (or next) record starts on */
    size_t breaks; /* line breaks inside the current record's fields */
    int prev_term; /* character that ended the last row event, or 0 */

    size_t records; /* delivered */
    size_t blank;   /* skipped */
    int rc;         /* first error or callback stop; libcsv cannot be
                       stopped from a callback, so later ones are ignored */
    char *err;
};

static const char *const error_text[] = {
    "success",
    "invalid argument",
    "input/output error",
    "out of memory",
    "file too large",
    "not a CSV text file",
    "invalid character encoding",
    "misplaced or unclosed quote",
    "field too long",
    "too many fields in a record",
};

const char *csvread_strerror(int code)
{
    if (code <= 0 && -code < (int)(sizeof(error_text) / sizeof(error_text[0])))
        return error_text[-code];
    return "unknown error";
}

const char *csvread_encoding_name(enum csvread_encoding enc)
{
    switch (enc) {
    case CSVREAD_ENC_AUTO:
        return "auto";
    case CSVREAD_ENC_UTF8:
        return "UTF-8";
    case CSVREAD_ENC_UTF8_BOM:
        return "UTF-8 with BOM";
    case CSVREAD_ENC_GB18030:
        return "GB18030";
    }
    return "unknown";
}

/* Formats into err (if any) and returns code, for one-line error exits. */
__attribute__((format(printf, 3, 4))) static int fail(char *err, int code, const char *fmt, ...)
{
    va_list ap;

    if (err) {
        va_start(ap, fmt);
        vsnprintf(err, CSVREAD_ERR_LEN, fmt, ap);
        va_end(ap);
    }
    return code;
}

/*
 * Line breaks in s[0..len): LF, CRLF (one break) and a lone CR. next is the
 * byte after s, or -1, so that a CR ending the range is judged like the
 * same CR seen in the whole file.
 */
static size_t count_breaks(const char *s, size_t len, int next)
{
    size_t n = 0;

    for (size_t i = 0; i < len; i++) {
        if (s[i] == '\n')
            n++;
        else if (s[i] == '\r' && (i + 1 < len ? s[i + 1] : next) != '\n')
            n++;
    }
    return n;
}

/* Whether s holds a CR or LF. Branch-free so the compiler can vectorise it:
 * it runs on every field, and fields are short. */
static int has_break(const char *s, size_t len)
{
    unsigned char any = 0;

    for (size_t i = 0; i < len; i++)
        any |= (unsigned char)((s[i] == '\n') | (s[i] == '\r'));
    return any;
}

/* 1-based line of byte pos in s (of length len). */
static size_t line_at(const char *s, size_t len, size_t pos)
{
    return 1 + count_breaks(s, pos, pos < len ? (unsigned char)s[pos] : -1);
}

/*
 * Length of the valid UTF-8 sequence at s (avail bytes left), or 0 if it is
 * not one. Strict per Unicode table 3-7: no overlong forms, no surrogates,
 * nothing above U+10FFFF.
 */
static size_t utf8_seq(const unsigned char *s, size_t avail)
{
    unsigned char c = s[0], lo = 0x80, hi = 0xBF;
    size_t need;

    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        need = 1;
    else if (c >= 0xE0 && c <= 0xEF)
        need = 2;
    else if (c >= 0xF0 && c <= 0xF4)
        need = 3;
    else
        return 0;
    if (c == 0xE0)
        lo = 0xA0;
    else if (c == 0xED)
        hi = 0x9F;
    else if (c == 0xF0)
        lo = 0x90;
    else if (c == 0xF4)
        hi = 0x8F;
    if (avail <= need || s[1] < lo || s[1] > hi)
        return 0;
    for (size_t k = 2; k <= need; k++)
        if ((s[k] & 0xC0) != 0x80)
            return 0;
    return need + 1;
}

/* Offset of the first byte that is not valid UTF-8, or len if all are. Runs
 * of ASCII, most of a CSV file, are skipped 16 bytes at a time. */
static size_t utf8_check(const unsigned char *s, size_t len)
{
    size_t i = 0, k;
    uint64_t a, b;

    while (i < len) {
        if (len - i >= 16) {
            memcpy(&a, s + i, 8);
            memcpy(&b, s + i + 8, 8);
            if (((a | b) & UINT64_C(0x8080808080808080)) == 0) {
                i += 16;
                continue;
            }
        }
        if (s[i] < 0x80) {
            i++;
            continue;
        }
        if ((k = utf8_seq(s + i, len - i)) == 0)
            return i;
        i += k;
    }
    return len;
}

/*
 * Whether invalid UTF-8 text is a damaged UTF-8 file rather than
 * GB18030. GBK text passes for UTF-8 only by accident (roughly one character
 * in ten), so many valid multi-byte sequences against few invalid ones means
 * UTF-8 with a few bad bytes, which GB18030 would turn into silent mojibake.
 */
static int utf8_mostly(const unsigned char *s, size_t len)
{
    size_t valid = 0, invalid = 0, i = 0, k;

    while (i < len) {
        if (s[i] < 0x80) {
            i++;
        } else if ((k = utf8_seq(s + i, len - i)) != 0) {
            valid++;
            i += k;
        } else {
            invalid++;
            i++;
        }
    }
    return valid >= 8 && valid >= 4 * invalid;
}

/* "E4 B8" style dump of up to 4 bytes at s, for error messages. */
static void hex_bytes(const unsigned char *s, size_t avail, char out[16])
{
    size_t n = avail < 4 ? avail : 4, o = 0;

    out[0] = '\0';
    for (size_t i = 0; i < n; i++)
        o += (size_t)snprintf(out + o, 16 - o, i ? " %02X" : "%02X", s[i]);
}

static int bad_utf8(const char *s, size_t len, size_t bad, char *err)
{
    char hex[16];

    hex_bytes((const unsigned char *)s + bad, len - bad, hex);
    return fail(err, CSVREAD_E_ENCODING, "line %zu, byte offset %zu: invalid UTF-8 (bytes %s)",
                line_at(s, len, bad), bad, hex);
}

/*
 * Converts len bytes of GB18030 at in to a new UTF-8 buffer (*out, owned by
 * the caller, NUL-terminated), at most 1.5 times len: two GB18030 bytes
 * become at most three UTF-8 bytes, one or four bytes stay as many. On a
 * byte sequence GB18030 does not define, returns CSVREAD_E_ENCODING with its
 * line and offset in err.
 */
static int gb18030_to_utf8(const char *in, size_t len, char **out, size_t *out_len, char *err)
{
    iconv_t cd;
    char *buf = NULL, *ip = (char *)in, *op, hex[16];
    size_t cap, il = len, ol, at;
    int rc = 0, e;

    if (len > (SIZE_MAX - 16) / 3 * 2)
        return fail(err, CSVREAD_E_TOOBIG, "input too large to convert");
    cap = len + len / 2 + 16;
    if ((cd = iconv_open("UTF-8", "GB18030")) == (iconv_t)-1)
        return fail(err, CSVREAD_E_ENCODING, "iconv cannot convert from GB18030: %s",
                    strerror(errno));
    if ((buf = malloc(cap)) == NULL) {
        rc = fail(err, CSVREAD_E_NOMEM, "out of memory converting from GB18030");
        goto out;
    }
    op = buf;
    ol = cap - 1;
    if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1) {
        e = errno;
        at = (size_t)(ip - in);
        hex_bytes((const unsigned char *)ip, il, hex);
        if (e == EILSEQ || e == EINVAL)
            rc = fail(err, CSVREAD_E_ENCODING,
                      "line %zu, byte offset %zu: bytes %s are neither UTF-8 nor GB18030%s",
                      line_at(in, len, at), at, hex, e == EINVAL ? " (cut off at the end)" : "");
        else
            rc = fail(err, CSVREAD_E_ENCODING, "converting from GB18030: %s", strerror(e));
        goto out;
    }
    *op = '\0';
    *out = buf;
    *out_len = (size_t)(op - buf);
    buf = NULL;
out:
    free(buf);
    iconv_close(cd);
    return rc;
}

/* Recognises files that are not CSV text at all, with advice for the user. */
static int check_text(const char *s, size_t len, char *err)
{
    const unsigned char *u = (const unsigned char *)s;
    const char *nul;

    if (len >= 4 && memcmp(s, "PK\x03\x04", 4) == 0)
        return fail(err, CSVREAD_E_NOTTEXT,
                    "this is an Excel workbook (.xlsx), not CSV: save it as \"CSV UTF-8\"");
    if (len >= 4 && memcmp(s, "\xD0\xCF\x11\xE0", 4) == 0)
        return fail(err, CSVREAD_E_NOTTEXT,
                    "this is an old Excel workbook (.xls), not CSV: save it as \"CSV UTF-8\"");
    if (len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF)))
        return fail(err, CSVREAD_E_NOTTEXT,
                    "this file is UTF-16 (Excel \"Unicode Text\"): save it as \"CSV UTF-8\"");
    if ((nul = memchr(s, '\0', len)) != NULL)
        return fail(err, CSVREAD_E_NOTTEXT, "line %zu, byte offset %zu: NUL byte, not a text file",
                    line_at(s, len, (size_t)(nul - s)), (size_t)(nul - s));
    return 0;
}

/*
 * Decides the encoding of s and yields its UTF-8 text: either a pointer into
 * s (*conv stays NULL) or a converted copy in *conv, which the caller frees.
 */
static int to_utf8(const char *s, size_t len, enum csvread_encoding want, const char **out,
                   size_t *out_len, char **conv, enum csvread_encoding *enc, char *err)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t base = 0, bad;
    int rc;

    *conv = NULL;
    *enc = want == CSVREAD_ENC_GB18030 ? CSVREAD_ENC_GB18030 : CSVREAD_ENC_UTF8;
    if (len == 0) {
        *out = "";
        *out_len = 0;
        return 0;
    }
    if ((rc = check_text(s, len, err)) < 0)
        return rc;
    if (want != CSVREAD_ENC_GB18030 && len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
        *enc = CSVREAD_ENC_UTF8_BOM;
        base = 3;
    } else if (want == CSVREAD_ENC_GB18030) {
        *enc = CSVREAD_ENC_GB18030;
    } else {
        *enc = CSVREAD_ENC_UTF8;
    }
    if (*enc != CSVREAD_ENC_GB18030) {
        bad = base + utf8_check(u + base, len - base);
        if (bad == len) {
            *out = s + base;
            *out_len = len - base;
            return 0;
        }
        if (*enc == CSVREAD_ENC_UTF8_BOM || want == CSVREAD_ENC_UTF8 ||
            want == CSVREAD_ENC_UTF8_BOM || utf8_mostly(u, len))
            return bad_utf8(s, len, bad, err);
        *enc = CSVREAD_ENC_GB18030;
    }
    if ((rc = gb18030_to_utf8(s, len, conv, out_len, err)) < 0)
        return rc;
    *out = *conv;
    /* A GB18030 byte order mark (84 31 95 33) comes out as a UTF-8 one. */
    if (*out_len >= 3 && memcmp(*out, "\xEF\xBB\xBF", 3) == 0) {
        *out += 3;
        *out_len -= 3;
    }
    return 0;
}

static int no_space(unsigned char c)
{
    (void)c;
    return 0;
}

static int grow_arena(struct reader *r, size_t need)
{
    size_t cap = r->arena_cap ? r->arena_cap : ARENA_START;
    char *p;

    while (cap - r->arena_len < need) {
        if (cap > SIZE_MAX / 2)
            return CSVREAD_E_NOMEM;
        cap *= 2;
    }
    if ((p = realloc(r->arena, cap)) == NULL)
        return CSVREAD_E_NOMEM;
    r->arena = p;
    r->arena_cap = cap;
    return 0;
}

/* libcsv field callback: copies the field into the record being built. */
static void on_field(void *data, size_t len, void *ctx)
{
    struct reader *r = ctx;

    if (r->rc)
        return;
    if (r->nfields == r->max_fields) {
        r->rc = fail(r->err, CSVREAD_E_FIELDS, "line %zu: more than %zu fields in a record",
                     r->line, r->max_fields);
        return;
    }
    if (len > r->max_field) {
        r->rc = fail(r->err, CSVREAD_E_FIELD_LEN,
                     "line %zu, column %zu: field of %zu bytes, longer than the limit of %zu",
                     r->line, r->nfields + 1, len, r->max_field);
        return;
    }
    if (r->arena_cap - r->arena_len < len + 1 && grow_arena(r, len + 1) < 0) {
        r->rc = fail(r->err, CSVREAD_E_NOMEM, "out of memory");
        return;
    }
    if (len) {
        memcpy(r->arena + r->arena_len, data, len);
        /* Only quoted fields can hold line breaks; most fields hold none. */
        if (has_break(data, len))
            r->breaks += count_breaks(data, len, '"');
    }
    r->arena[r->arena_len + len] = '\0';
    r->offs[r->nfields] = r->arena_len;
    r->lens[r->nfields] = len;
    r->arena_len += len + 1;
    r->nfields++;
}

/* libcsv row callback: c is the CR or LF that ended the row, -1 at the end of
 * the input. With CSV_REPALL_NL a row of no fields is a bare line break. */
static void on_row(int c, void *ctx)
{
    struct reader *r = ctx;
    struct csvread_row row;
    size_t i;

    if (r->rc)
        return;
    if (r->nfields == 0) {
        if (!(c == '\n' && r->prev_term == '\r')) /* LF of a CRLF */
            r->line++;
        r->prev_term = c;
        return;
    }
    for (i = 0; i < r->nfields && r->lens[i] == 0; i++)
        ;
    if (i < r->nfields || r->keep_blank) {
        for (i = 0; i < r->nfields; i++)
            r->ptrs[i] = r->arena + r->offs[i];
        row.fields = r->ptrs;
        row.lens = r->lens;
        row.nfields = r->nfields;
        row.line = r->line;
        row.index = r->records;
        r->records++;
        if ((r->rc = r->fn(r->arg, &row)) != 0) {
            fail(r->err, r->rc, "line %zu: reading stopped by the record handler (%d)", r->line,
                 r->rc);
            return;
        }
    } else {
        r->blank++;
    }
    r->line += r->breaks + (c >= 0);
    r->breaks = 0;
    r->prev_term = c;
    r->nfields = 0;
    r->arena_len = 0;
}

/* Reports libcsv's strict-mode error at byte pos of s. */
static int quote_error(struct reader *r, const char *s, size_t len, size_t pos)
{
    size_t line = line_at(s, len, pos), col = r->nfields + 1;

    if (s[pos] == '"')
        return fail(r->err, CSVREAD_E_QUOTE,
                    "line %zu, column %zu: quote inside an unquoted field (a field containing "
                    "quotes must be quoted, with each quote doubled)",
                    line, col);
    return fail(r->err, CSVREAD_E_QUOTE,
                "line %zu, column %zu: text after the closing quote of a field (a quote inside "
                "a quoted field must be doubled: \"\")",
                line, col);
}

/*
 * Reports a field still open at byte pos that has outgrown the limit or the
 * input. Its first line is found by taking the breaks inside it away from
 * the breaks before pos.
 */
static int open_field_error(struct reader *r, struct csv_parser *p, const char *s, size_t len,
                            size_t pos, int eof)
{
    int next = pos < len ? (unsigned char)s[pos] : -1;
    size_t line = line_at(s, len, pos) - count_breaks((char *)p->entry_buf, p->entry_pos, next);

    if (eof)
        return fail(r->err, CSVREAD_E_QUOTE,
                    "line %zu, column %zu: quoted field is never closed (missing quote?)", line,
                    r->nfields + 1);
    return fail(r->err, CSVREAD_E_FIELD_LEN,
                "line %zu, column %zu: field longer than the limit of %zu bytes%s", line,
                r->nfields + 1, r->max_field, p->quoted ? " (missing closing quote?)" : "");
}

/* Runs libcsv over the UTF-8 text s, delivering records to r->fn. */
static int parse(struct reader *r, const char *s, size_t len)
{
    struct csv_parser p;
    size_t off, n, done;
    int rc = 0;

    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL) != 0)
        return fail(r->err, CSVREAD_E_NOMEM, "cannot set up the CSV parser");
    /* Keep spaces: libcsv trims unquoted fields by default, Excel does not. */
    csv_set_space_func(&p, no_space);
    csv_set_blk_size(&p, 4096);

    for (off = 0; off < len; off += n) {
        n = len - off < PARSE_CHUNK ? len - off : PARSE_CHUNK;
        done = csv_parse(&p, s + off, n, on_field, on_row, r);
        if ((rc = r->rc) != 0)
            goto out;
        if (done < n) {
            if (csv_error(&p) == CSV_EPARSE)
                rc = quote_error(r, s, len, off + done);
            else
                rc = fail(r->err, CSVREAD_E_NOMEM, "out of memory in the CSV parser");
            goto out;
        }
        /* +1: a quoted field of exactly the limit may hold its closing quote. */
        if (p.entry_pos > r->max_field + 1) {
            rc = open_field_error(r, &p, s, len, off + n, 0);
            goto out;
        }
    }
    if (csv_fini(&p, on_field, on_row, r) != 0 && r->rc == 0)
        rc = open_field_error(r, &p, s, len, len, 1);
    else
        rc = r->rc;
out:
    csv_free(&p);
    return rc;
}

static int check_opts(const struct csvread_opts *o, char *err)
{
    if (o->max_field_bytes > CSVREAD_LIMIT_MAX_FIELD_BYTES)
        return fail(err, CSVREAD_E_ARG, "max_field_bytes above %zu", CSVREAD_LIMIT_MAX_FIELD_BYTES);
    if (o->max_fields > CSVREAD_LIMIT_MAX_FIELDS)
        return fail(err, CSVREAD_E_ARG, "max_fields above %d", CSVREAD_LIMIT_MAX_FIELDS);
    if (o->encoding < CSVREAD_ENC_AUTO || o->encoding > CSVREAD_ENC_GB18030)
        return fail(err, CSVREAD_E_ARG, "unknown encoding %d", (int)o->encoding);
    return 0;
}

int csvread_buffer(const void *data, size_t len, const struct csvread_opts *opts, csvread_row_fn fn,
                   void *arg, struct csvread_info *out_info, char err[CSVREAD_ERR_LEN])
{
    struct csvread_opts o = {0};
    struct csvread_info info = {0};
    struct reader r = {0};
    const char *text = NULL;
    char *conv = NULL;
    size_t text_len = 0, max_input;
    int rc;

    if (err)
        err[0] = '\0';
    if (opts)
        o = *opts;
    if (fn == NULL || (data == NULL && len > 0)) {
        rc = fail(err, CSVREAD_E_ARG, "no input or no record handler");
        goto out;
    }
    if ((rc = check_opts(&o, err)) < 0)
        goto out;
    max_input = o.max_input_bytes ? o.max_input_bytes : CSVREAD_DEFAULT_MAX_INPUT_BYTES;
    info.input_bytes = len;
    if (len > max_input) {
        rc = fail(err, CSVREAD_E_TOOBIG, "input of %zu bytes is larger than the limit of %zu", len,
                  max_input);
        goto out;
    }
    if ((rc = to_utf8(data, len, o.encoding, &text, &text_len, &conv, &info.encoding, err)) < 0)
        goto out;
    info.utf8_bytes = text_len;

    r.fn = fn;
    r.arg = arg;
    r.max_field = o.max_field_bytes ? o.max_field_bytes : CSVREAD_DEFAULT_MAX_FIELD_BYTES;
    r.max_fields = o.max_fields ? o.max_fields : CSVREAD_DEFAULT_MAX_FIELDS;
    r.keep_blank = o.keep_blank_records;
    r.line = 1;
    r.err = err;
    r.offs = malloc(r.max_fields * sizeof(*r.offs));
    r.lens = malloc(r.max_fields * sizeof(*r.lens));
    r.ptrs = malloc(r.max_fields * sizeof(*r.ptrs));
    if (r.offs == NULL || r.lens == NULL || r.ptrs == NULL || grow_arena(&r, 1) < 0) {
        rc = fail(err, CSVREAD_E_NOMEM, "out of memory");
        goto free_reader;
    }
    rc = parse(&r, text, text_len);
    info.records = r.records;
    info.blank_records = r.blank;
free_reader:
    free(r.arena);
    free(r.ptrs);
    free(r.lens);
    free(r.offs);
    free(conv);
out:
    if (out_info)
        *out_info = info;
    return rc;
}

/* A whole input file, either mapped or read into the heap. */
struct file_data {
    const char *data;
    size_t len;
    void *map;  /* mapping to munmap, or NULL */
    char *heap; /* buffer to free, or NULL */
};

/*
 * Reads what is left of fd into a new buffer, at most max bytes; for pipes
 * and other files whose size is not known in advance. cap is the first
 * buffer size to try.
 */
static int read_rest(int fd, const char *path, size_t max, size_t cap, struct file_data *out,
                     char *err)
{
    char *buf, *p;
    size_t len = 0;
    ssize_t n;
    int rc = 0;

    /* One byte more than allowed, so that filling it proves the input too big. */
    if (cap > max + 1)
        cap = max + 1;
    if ((buf = malloc(cap)) == NULL)
        return fail(err, CSVREAD_E_NOMEM, "%s: out of memory", path);
    for (;;) {
        if (len == cap) {
            if (len > max) {
                rc = fail(err, CSVREAD_E_TOOBIG, "%s: larger than the limit of %zu bytes", path,
                          max);
                goto out;
            }
            cap = cap > max / 2 ? max + 1 : cap * 2;
            if ((p = realloc(buf, cap)) == NULL) {
                rc = fail(err, CSVREAD_E_NOMEM, "%s: out of memory", path);
                goto out;
            }
            buf = p;
        }
        if ((n = read(fd, buf + len, cap - len)) < 0) {
            if (errno == EINTR)
                continue;
            rc = fail(err, CSVREAD_E_IO, "%s: %s", path, strerror(errno));
            goto out;
        }
        if (n == 0)
            break;
        len += (size_t)n;
    }
    out->data = out->heap = buf;
    out->len = len;
    buf = NULL;
out:
    free(buf);
    return rc;
}

/*
 * Loads path whole. Regular files are mapped read-only rather than read:
 * copying into fresh heap pages costs as much as the parse's own overhead.
 * (A file truncated by someone else while mapped would raise SIGBUS; inputs
 * here are uploads and local files nobody rewrites during an import.)
 */
static int load_file(const char *path, size_t max, struct file_data *out, char *err)
{
    struct stat st;
    void *map;
    int fd, rc = 0;

    *out = (struct file_data){0};
    if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
        return fail(err, CSVREAD_E_IO, "%s: %s", path, strerror(errno));
    if (fstat(fd, &st) < 0) {
        rc = fail(err, CSVREAD_E_IO, "%s: %s", path, strerror(errno));
        goto out;
    }
    if (S_ISDIR(st.st_mode)) {
        rc = fail(err, CSVREAD_E_IO, "%s: is a directory", path);
        goto out;
    }
    if (!S_ISREG(st.st_mode)) {
        rc = read_rest(fd, path, max, READ_CHUNK, out, err);
        goto out;
    }
    if ((uintmax_t)st.st_size > max) {
        rc = fail(err, CSVREAD_E_TOOBIG, "%s: %jd bytes, larger than the limit of %zu", path,
                  (intmax_t)st.st_size, max);
        goto out;
    }
    if (st.st_size == 0)
        goto out;
    map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    if (map == MAP_FAILED) {
        rc = read_rest(fd, path, max, (size_t)st.st_size + 1, out, err);
        goto out;
    }
    out->data = out->map = map;
    out->len = (size_t)st.st_size;
out:
    close(fd);
    return rc;
}

static void unload_file(struct file_data *f)
{
    if (f->map)
        munmap(f->map, f->len);
    free(f->heap);
}

int csvread_file(const char *path, const struct csvread_opts *opts, csvread_row_fn fn, void *arg,
                 struct csvread_info *out_info, char err[CSVREAD_ERR_LEN])
{
    size_t max = CSVREAD_DEFAULT_MAX_INPUT_BYTES;
    struct file_data f;
    int rc;

    if (err)
        err[0] = '\0';
    if (out_info)
        *out_info = (struct csvread_info){0};
    if (path == NULL)
        return fail(err, CSVREAD_E_ARG, "no file name");
    if (opts && opts->max_input_bytes)
        max = opts->max_input_bytes;
    if ((rc = load_file(path, max, &f, err)) < 0)
        return rc;
    rc = csvread_buffer(f.data, f.len, opts, fn, arg, out_info, err);
    unload_file(&f);
    return rc;
}

int csvwrite_bom(FILE *f)
{
    return fwrite("\xEF\xBB\xBF", 1, 3, f) == 3 ? 0 : CSVREAD_E_IO;
}

/* Whether a spreadsheet would take the (non-empty) value s for a formula:
 * it begins with = + - @, TAB or CR, and is not a plain signed number. */
static int formula_like(const char *s)
{
    int digits = 0, point = 0;

    if (strchr("=+-@\t\r", s[0]) == NULL)
        return 0;
    if (s[0] != '+' && s[0] != '-')
        return 1;
    for (const char *p = s + 1; *p; p++) {
        if (*p >= '0' && *p <= '9')
            digits++;
        else if (*p == '.' && !point)
            point = 1;
        else
            return 1;
    }
    return digits == 0;
}

int csvwrite_field(FILE *f, const char *s)
{
    size_t len;
    int guard, quote;

    if (s == NULL || *s == '\0')
        return 0;
    len = strlen(s);
    guard = formula_like(s);
    quote = strpbrk(s, ",\"\r\n") != NULL || (!guard && (s[0] == ' ' || s[0] == '\t')) ||
            s[len - 1] == ' ' || s[len - 1] == '\t';
    if ((quote && putc('"', f) == EOF) || (guard && putc('\'', f) == EOF))
        return CSVREAD_E_IO;
    if (!quote)
        return fwrite(s, 1, len, f) == len ? 0 : CSVREAD_E_IO;
    /* Quoted: inner quotes doubled. */
    for (; *s; s++)
        if ((*s == '"' && putc('"', f) == EOF) || putc(*s, f) == EOF)
            return CSVREAD_E_IO;
    return putc('"', f) == EOF ? CSVREAD_E_IO : 0;
}

int csvwrite_row(FILE *f, const char *const *fields, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && putc(',', f) == EOF)
            return CSVREAD_E_IO;
        if (csvwrite_field(f, fields[i]) < 0)
            return CSVREAD_E_IO;
    }
    return fputs("\r\n", f) == EOF ? CSVREAD_E_IO : 0;
}
