/*
 * CSV reader and writer (see csvread.h): encoding detection and conversion,
 * line accounting around libcsv, and a small Excel-friendly writer.
 *
 * The input streams through a window of a bounded size (1 MiB by default),
 * whatever the size of the file: each window is checked as UTF-8 or
 * converted from GB18030 (an incomplete character at its end waits for the
 * next window), and the UTF-8 text goes to libcsv, which is incremental, so
 * a record or a quoted field may span windows. The encoding is decided on
 * the first window that holds a non-ASCII byte, starting at that byte: the
 * ASCII text before it reads the same in both encodings. libcsv does not
 * report positions, so line numbers are kept from the line breaks of every
 * window (a CRLF cut between two windows is one break), and error lines are
 * exact anywhere in the file.
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
#include <sys/stat.h>
#include <unistd.h>

/* Bytes handed to libcsv per call; also how far a runaway field can grow
 * past max_field_bytes before it is caught. */
#define PARSE_CHUNK (64 * 1024)

/* The window of input read, checked and converted at a time. */
#define READ_CHUNK (1024 * 1024)

/* Smallest window accepted (CORDON_IMPORT_CHUNK, tests). */
#define MIN_CHUNK 64

/* The encoding is decided on at least this many bytes from the first
 * non-ASCII one (or on what is left of the input). */
#define DECIDE_MIN 4096

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
 * same CR seen in the whole file. Branch-free: it runs on every window.
 */
static size_t count_breaks(const char *s, size_t len, int next)
{
    size_t n = 0, i;

    if (len == 0)
        return 0;
    for (i = 0; i + 1 < len; i++)
        n += (size_t)((s[i] == '\n') | ((s[i] == '\r') & (s[i + 1] != '\n')));
    n += (size_t)(s[i] == '\n' || (s[i] == '\r' && next != '\n'));
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

/* The input as it streams through: the parser, the encoding decided so
 * far, and where the next unparsed byte stands. */
struct stream {
    struct reader r;
    struct csv_parser p;
    enum csvread_encoding want; /* as asked */
    enum csvread_encoding enc;  /* as decided (UTF8 while undecided) */
    int decided;                /* 0: only ASCII seen so far (AUTO) */
    int started;                /* the start of the input was looked at */
    iconv_t cd;                 /* GB18030 to UTF-8, once decided */
    char *conv;                 /* converted window */
    size_t conv_cap;
    size_t chunk;     /* window size */
    size_t off;       /* input offset of the window being fed */
    size_t line;      /* line of the next byte not yet parsed */
    int last_cr;      /* the last byte parsed was a CR */
    size_t in_bytes;  /* input seen */
    size_t out_bytes; /* UTF-8 text parsed */
};

/* Line of byte pos of s, s starting at the next unparsed byte. A LF right
 * after a CR that ended the text before is not a new line. */
static size_t line_of(const struct stream *st, const char *s, size_t len, size_t pos)
{
    size_t n = count_breaks(s, pos, pos < len ? (unsigned char)s[pos] : -1);

    if (st->last_cr && pos > 0 && s[0] == '\n')
        n--;
    return st->line + n;
}

static int bad_utf8(const struct stream *st, const char *s, size_t len, size_t at, size_t bad)
{
    char hex[16];

    hex_bytes((const unsigned char *)s + bad, len - bad, hex);
    return fail(st->r.err, CSVREAD_E_ENCODING,
                "line %zu, byte offset %zu: invalid UTF-8 (bytes %s)", line_of(st, s, len, bad),
                at + bad, hex);
}

/*
 * Whether s (avail bytes, avail < 4) is the beginning of a valid UTF-8
 * sequence cut off by the end of the window: completed with the smallest
 * continuation bytes the lead byte allows, it must be valid.
 */
static int utf8_incomplete(const unsigned char *s, size_t avail)
{
    unsigned char t[5] = {0x80, 0x80, 0x80, 0x80, 0x80};
    size_t need = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : 2;

    if (s[0] < 0xC2 || avail >= need)
        return 0;
    t[1] = s[0] == 0xE0 ? 0xA0 : s[0] == 0xF0 ? 0x90 : 0x80;
    memcpy(t, s, avail);
    return utf8_seq(t, sizeof t) == need;
}

/* Recognises files that are not CSV text at all, with advice for the user. */
static int check_text(const struct stream *st, const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;

    if (len >= 4 && memcmp(s, "PK\x03\x04", 4) == 0)
        return fail(st->r.err, CSVREAD_E_NOTTEXT,
                    "this is an Excel workbook (.xlsx), not CSV: save it as \"CSV UTF-8\"");
    if (len >= 4 && memcmp(s, "\xD0\xCF\x11\xE0", 4) == 0)
        return fail(st->r.err, CSVREAD_E_NOTTEXT,
                    "this is an old Excel workbook (.xls), not CSV: save it as \"CSV UTF-8\"");
    if (len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF)))
        return fail(st->r.err, CSVREAD_E_NOTTEXT,
                    "this file is UTF-16 (Excel \"Unicode Text\"): save it as \"CSV UTF-8\"");
    return 0;
}

/* A NUL byte anywhere in the window means a binary file. */
static int check_nul(const struct stream *st, const char *s, size_t len)
{
    const char *nul = len ? memchr(s, '\0', len) : NULL;

    if (nul == NULL)
        return 0;
    return fail(st->r.err, CSVREAD_E_NOTTEXT,
                "line %zu, byte offset %zu: NUL byte, not a text file",
                line_of(st, s, len, (size_t)(nul - s)), st->off + (size_t)(nul - s));
}

/* Length of the ASCII run at the start of s, 16 bytes at a time. */
static size_t ascii_prefix(const unsigned char *s, size_t len)
{
    size_t i = 0;
    uint64_t a, b;

    while (len - i >= 16) {
        memcpy(&a, s + i, 8);
        memcpy(&b, s + i + 8, 8);
        if (((a | b) & UINT64_C(0x8080808080808080)) != 0)
            break;
        i += 16;
    }
    while (i < len && s[i] < 0x80)
        i++;
    return i;
}

static int open_gb18030(struct stream *st)
{
    if ((st->cd = iconv_open("UTF-8", "GB18030")) == (iconv_t)-1)
        return fail(st->r.err, CSVREAD_E_ENCODING, "iconv cannot convert from GB18030: %s",
                    strerror(errno));
    st->enc = CSVREAD_ENC_GB18030;
    st->decided = 1;
    return 0;
}

/*
 * Decides between UTF-8 and GB18030 on s, which starts at the first
 * non-ASCII byte of the input (at is its offset). Valid UTF-8 is UTF-8; text
 * that is mostly valid UTF-8 with a few bad bytes is reported as broken
 * UTF-8 rather than decoded as GB18030 mojibake; anything else is GB18030.
 * A later window that breaks the decision is an error at its exact place.
 */
static int decide(struct stream *st, const char *s, size_t len, size_t at, int eof)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t bad = utf8_check(u, len);

    if (bad == len || (!eof && utf8_incomplete(u + bad, len - bad))) {
        st->enc = CSVREAD_ENC_UTF8;
        st->decided = 1;
        return 0;
    }
    if (utf8_mostly(u, len))
        return bad_utf8(st, s, len, at, bad);
    return open_gb18030(st);
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

/* Reports libcsv's strict-mode error on character c at the given line. */
static int quote_error(struct reader *r, size_t line, char c)
{
    size_t col = r->nfields + 1;

    if (c == '"')
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
 * Reports a field still open at a byte on line `line` (next: that byte, or
 * -1) that has outgrown the limit or the input. Its first line is found by
 * taking the breaks inside it away.
 */
static int open_field_error(struct reader *r, struct csv_parser *p, size_t line, int next, int eof)
{
    line -= count_breaks((char *)p->entry_buf, p->entry_pos, next);
    if (eof)
        return fail(r->err, CSVREAD_E_QUOTE,
                    "line %zu, column %zu: quoted field is never closed (missing quote?)", line,
                    r->nfields + 1);
    return fail(r->err, CSVREAD_E_FIELD_LEN,
                "line %zu, column %zu: field longer than the limit of %zu bytes%s", line,
                r->nfields + 1, r->max_field, p->quoted ? " (missing closing quote?)" : "");
}

/* Hands the UTF-8 text s to libcsv, then moves the line count past it. */
static int parse_text(struct stream *st, const char *s, size_t len)
{
    struct reader *r = &st->r;
    size_t off, n, done;

    for (off = 0; off < len; off += n) {
        n = len - off < PARSE_CHUNK ? len - off : PARSE_CHUNK;
        done = csv_parse(&st->p, s + off, n, on_field, on_row, r);
        if (r->rc != 0)
            return r->rc;
        if (done < n) {
            if (csv_error(&st->p) == CSV_EPARSE)
                return quote_error(r, line_of(st, s, len, off + done), s[off + done]);
            return fail(r->err, CSVREAD_E_NOMEM, "out of memory in the CSV parser");
        }
        /* +1: a quoted field of exactly the limit may hold its closing quote. */
        if (st->p.entry_pos > r->max_field + 1)
            return open_field_error(r, &st->p, line_of(st, s, len, off + n),
                                    off + n < len ? (unsigned char)s[off + n] : -1, 0);
    }
    if (len) {
        st->line = line_of(st, s, len, len);
        st->last_cr = s[len - 1] == '\r';
        st->out_bytes += len;
    }
    return 0;
}

/* UTF-8 window: checked, parsed in place; an incomplete character at its
 * end is left for the next window. */
static int feed_utf8(struct stream *st, const char *s, size_t len, size_t at, int eof, size_t *used)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t bad = utf8_check(u, len);

    /* A bad byte right at the end waits too: the next window shows the
     * same bytes after it in the message as a longer window would. */
    if (bad < len && (eof || !(utf8_incomplete(u + bad, len - bad) || (len - bad < 4 && bad > 0))))
        return bad_utf8(st, s, len, at, bad);
    *used += bad;
    return parse_text(st, s, bad);
}

/* Whether iconv's stop at ip (il bytes left) is for the next window: a
 * character cut by the window's end, or a bad one too close to the end to
 * show the bytes after it in the message. */
static int deferred(int e, const char *s, const char *ip, size_t il, int eof)
{
    return !eof && (e == EINVAL || (e == EILSEQ && il < 4 && ip > s));
}

/* GB18030 window: converted to UTF-8, then parsed; an incomplete character
 * at its end is left for the next window. */
static int feed_gb18030(struct stream *st, const char *s, size_t len, size_t at, int eof,
                        size_t *used)
{
    char *ip = (char *)s, *op, hex[16], *p;
    size_t il = len, ol, done, need = len + len / 2 + 16;
    int e;

    /* Two GB18030 bytes become at most three UTF-8 bytes; one or four stay
     * as many. */
    if (need > st->conv_cap) {
        if ((p = realloc(st->conv, need)) == NULL)
            return fail(st->r.err, CSVREAD_E_NOMEM, "out of memory converting from GB18030");
        st->conv = p;
        st->conv_cap = need;
    }
    op = st->conv;
    ol = st->conv_cap;
    if (iconv(st->cd, &ip, &il, &op, &ol) == (size_t)-1 &&
        (e = errno, !deferred(e, s, ip, il, eof))) {
        done = (size_t)(ip - s);
        hex_bytes((const unsigned char *)ip, il, hex);
        if (e == EILSEQ || e == EINVAL)
            return fail(st->r.err, CSVREAD_E_ENCODING,
                        "line %zu, byte offset %zu: bytes %s are neither UTF-8 nor GB18030%s",
                        line_of(st, s, len, done), at + done, hex,
                        e == EINVAL ? " (cut off at the end)" : "");
        return fail(st->r.err, CSVREAD_E_ENCODING, "converting from GB18030: %s", strerror(e));
    }
    *used += (size_t)(ip - s);
    p = st->conv;
    /* A GB18030 byte order mark (84 31 95 33) comes out as a UTF-8 one. */
    if (at == 0 && op - p >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    return parse_text(st, p, (size_t)(op - p));
}

/* Looks at the start of the input: not a workbook, UTF-16, a BOM? */
static int start_input(struct stream *st, const char *s, size_t len, size_t *used)
{
    const unsigned char *u = (const unsigned char *)s;
    int rc;

    st->started = 1;
    if ((rc = check_text(st, s, len)) < 0)
        return rc;
    if (st->want == CSVREAD_ENC_GB18030)
        return open_gb18030(st);
    if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
        st->enc = CSVREAD_ENC_UTF8_BOM;
        st->decided = 1;
        *used = 3;
    } else if (st->want != CSVREAD_ENC_AUTO) {
        st->decided = 1;
    }
    return 0;
}

/*
 * Feeds the window s[0..len) (input offset st->off; eof: nothing follows).
 * *used is how much of it was taken: the rest (a cut character, or the text
 * after the first non-ASCII byte, to decide on a longer stretch) comes back
 * at the start of the next window.
 */
static int feed(struct stream *st, const char *s, size_t len, int eof, size_t *used)
{
    size_t x;
    int rc;

    *used = 0;
    if (!st->started && (rc = start_input(st, s, len, used)) < 0)
        return rc;
    if ((rc = check_nul(st, s, len)) < 0)
        return rc;
    if (!st->decided) {
        x = *used + ascii_prefix((const unsigned char *)s + *used, len - *used);
        if (x == len || (x > *used && len - x < DECIDE_MIN && !eof)) {
            rc = parse_text(st, s + *used, x - *used);
            *used = x;
            return rc;
        }
        if ((rc = parse_text(st, s + *used, x - *used)) != 0 ||
            (rc = decide(st, s + x, len - x, st->off + x, eof)) != 0)
            return rc;
        *used = x;
    }
    if (st->enc == CSVREAD_ENC_GB18030)
        return feed_gb18030(st, s + *used, len - *used, st->off + *used, eof, used);
    return feed_utf8(st, s + *used, len - *used, st->off + *used, eof, used);
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

/* The window size: the option, else CORDON_IMPORT_CHUNK (bytes; tests use
 * a few KB so a small file spans many windows), else 1 MiB. */
static size_t chunk_size(const struct csvread_opts *o)
{
    const char *env = getenv("CORDON_IMPORT_CHUNK");
    size_t n = o->chunk_bytes;

    if (n == 0 && env && *env)
        n = (size_t)strtoull(env, NULL, 10);
    if (n == 0)
        n = READ_CHUNK;
    return n < MIN_CHUNK ? MIN_CHUNK : n;
}

/* Sets up st from the options; stream_end() releases it. */
static int stream_start(struct stream *st, const struct csvread_opts *o, csvread_row_fn fn,
                        void *arg, char *err)
{
    struct reader *r = &st->r;

    *st = (struct stream){.want = o->encoding, .enc = CSVREAD_ENC_UTF8, .cd = (iconv_t)-1};
    if (o->encoding == CSVREAD_ENC_UTF8_BOM)
        st->enc = CSVREAD_ENC_UTF8;
    st->chunk = chunk_size(o);
    st->line = 1;
    r->fn = fn;
    r->arg = arg;
    r->max_field = o->max_field_bytes ? o->max_field_bytes : CSVREAD_DEFAULT_MAX_FIELD_BYTES;
    r->max_fields = o->max_fields ? o->max_fields : CSVREAD_DEFAULT_MAX_FIELDS;
    r->keep_blank = o->keep_blank_records;
    r->line = 1;
    r->err = err;
    r->offs = malloc(r->max_fields * sizeof(*r->offs));
    r->lens = malloc(r->max_fields * sizeof(*r->lens));
    r->ptrs = malloc(r->max_fields * sizeof(*r->ptrs));
    if (r->offs == NULL || r->lens == NULL || r->ptrs == NULL || grow_arena(r, 1) < 0)
        return fail(err, CSVREAD_E_NOMEM, "out of memory");
    if (csv_init(&st->p, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL) != 0)
        return fail(err, CSVREAD_E_NOMEM, "cannot set up the CSV parser");
    /* Keep spaces: libcsv trims unquoted fields by default, Excel does not. */
    csv_set_space_func(&st->p, no_space);
    csv_set_blk_size(&st->p, 4096);
    return 0;
}

/* Ends the input: the last record, or the quoted field never closed. */
static int stream_finish(struct stream *st)
{
    struct reader *r = &st->r;

    if (csv_fini(&st->p, on_field, on_row, r) != 0 && r->rc == 0)
        return open_field_error(r, &st->p, st->line, -1, 1);
    return r->rc;
}

static void stream_end(struct stream *st, struct csvread_info *info)
{
    if (info) {
        info->encoding = st->enc;
        info->records = st->r.records;
        info->blank_records = st->r.blank;
        info->input_bytes = st->in_bytes;
        info->utf8_bytes = st->out_bytes;
    }
    csv_free(&st->p);
    if (st->cd != (iconv_t)-1)
        iconv_close(st->cd);
    free(st->conv);
    free(st->r.arena);
    free(st->r.ptrs);
    free(st->r.lens);
    free(st->r.offs);
}

/* Feeds len bytes at data, one window at a time, straight from memory. */
static int stream_buffer(struct stream *st, const char *data, size_t len)
{
    size_t n, used;
    int rc;

    st->in_bytes = len;
    do {
        n = len - st->off < st->chunk ? len - st->off : st->chunk;
        if ((rc = feed(st, data + st->off, n, st->off + n == len, &used)) != 0)
            return rc;
        if (used == 0 && n > 0)
            return fail(st->r.err, CSVREAD_E_ARG, "byte offset %zu: reader made no progress",
                        st->off);
        st->off += used;
    } while (st->off < len);
    return stream_finish(st);
}

/* Reads fd to its end in windows of st->chunk bytes, at most max in all. */
static int stream_fd(struct stream *st, int fd, const char *path, size_t max)
{
    char *buf;
    size_t have = 0, used;
    ssize_t n;
    int eof = 0, rc = 0;

    if ((buf = malloc(st->chunk)) == NULL)
        return fail(st->r.err, CSVREAD_E_NOMEM, "%s: out of memory", path);
    for (;;) {
        while (have < st->chunk && !eof) {
            if ((n = read(fd, buf + have, st->chunk - have)) < 0) {
                if (errno == EINTR)
                    continue;
                rc = fail(st->r.err, CSVREAD_E_IO, "%s: %s", path, strerror(errno));
                goto out;
            }
            eof = n == 0;
            have += (size_t)n;
            if ((st->in_bytes += (size_t)n) > max) {
                rc = fail(st->r.err, CSVREAD_E_TOOBIG, "%s: larger than the limit of %zu bytes",
                          path, max);
                goto out;
            }
        }
        if ((rc = feed(st, buf, have, eof, &used)) != 0)
            goto out;
        if (eof && used == have)
            break;
        if (used == 0) {
            rc = fail(st->r.err, CSVREAD_E_ARG, "%s: byte offset %zu: reader made no progress",
                      path, st->off);
            goto out;
        }
        memmove(buf, buf + used, have - used);
        have -= used;
        st->off += used;
    }
    rc = stream_finish(st);
out:
    free(buf);
    return rc;
}

int csvread_buffer(const void *data, size_t len, const struct csvread_opts *opts, csvread_row_fn fn,
                   void *arg, struct csvread_info *out_info, char err[CSVREAD_ERR_LEN])
{
    struct csvread_opts o = {0};
    struct stream st;
    int rc;

    if (err)
        err[0] = '\0';
    if (out_info)
        *out_info = (struct csvread_info){0};
    if (opts)
        o = *opts;
    if (fn == NULL || (data == NULL && len > 0))
        return fail(err, CSVREAD_E_ARG, "no input or no record handler");
    if ((rc = check_opts(&o, err)) < 0)
        return rc;
    if (o.max_input_bytes && len > o.max_input_bytes) {
        if (out_info)
            out_info->input_bytes = len;
        return fail(err, CSVREAD_E_TOOBIG, "input of %zu bytes is larger than the limit of %zu",
                    len, o.max_input_bytes);
    }
    if ((rc = stream_start(&st, &o, fn, arg, err)) == 0)
        rc = stream_buffer(&st, len ? data : "", len);
    stream_end(&st, out_info);
    return rc;
}

int csvread_file(const char *path, const struct csvread_opts *opts, csvread_row_fn fn, void *arg,
                 struct csvread_info *out_info, char err[CSVREAD_ERR_LEN])
{
    struct csvread_opts o = {0};
    struct stream st;
    struct stat sb;
    int fd, rc;

    if (err)
        err[0] = '\0';
    if (out_info)
        *out_info = (struct csvread_info){0};
    if (opts)
        o = *opts;
    if (path == NULL || fn == NULL)
        return fail(err, CSVREAD_E_ARG, "no file name or no record handler");
    if ((rc = check_opts(&o, err)) < 0)
        return rc;
    if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
        return fail(err, CSVREAD_E_IO, "%s: %s", path, strerror(errno));
    if (fstat(fd, &sb) < 0) {
        rc = fail(err, CSVREAD_E_IO, "%s: %s", path, strerror(errno));
        goto out;
    }
    if (S_ISDIR(sb.st_mode)) {
        rc = fail(err, CSVREAD_E_IO, "%s: is a directory", path);
        goto out;
    }
    if (S_ISREG(sb.st_mode) && o.max_input_bytes && (uintmax_t)sb.st_size > o.max_input_bytes) {
        rc = fail(err, CSVREAD_E_TOOBIG, "%s: %jd bytes, larger than the limit of %zu", path,
                  (intmax_t)sb.st_size, o.max_input_bytes);
        goto out;
    }
    if ((rc = stream_start(&st, &o, fn, arg, err)) == 0)
        rc = stream_fd(&st, fd, path, o.max_input_bytes ? o.max_input_bytes : SIZE_MAX);
    stream_end(&st, out_info);
out:
    close(fd);
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
