/*
 * Reading and writing the CSV files committees keep in Excel or WPS.
 *
 * The reader takes a file (of any size: it streams through a bounded window,
 * memory flat) or an in-memory upload, works out whether it is UTF-8 (with or
 * without a byte order mark) or GB18030/GBK, converts it to UTF-8 window by
 * window, and hands over one record at a time with the line it starts on, so
 * import errors can say "line 17, column 4". The CSV grammar itself is
 * libcsv's, in strict mode. The writer produces CSV that Excel opens
 * correctly (UTF-8 with a BOM, CRLF, quotes only where needed).
 */
#ifndef CORDON_UTIL_CSVREAD_H
#define CORDON_UTIL_CSVREAD_H

#include <stddef.h>
#include <stdio.h>

/* Size of the error buffers filled by csvread_file() and csvread_buffer(). */
#define CSVREAD_ERR_LEN 256

/* Defaults used when the corresponding option is 0. */
#define CSVREAD_DEFAULT_MAX_FIELD_BYTES 4096
#define CSVREAD_DEFAULT_MAX_FIELDS      256

/* Upper bounds accepted for the options, to keep every buffer finite. */
#define CSVREAD_LIMIT_MAX_FIELD_BYTES ((size_t)64 * 1024 * 1024)
#define CSVREAD_LIMIT_MAX_FIELDS      65536

enum csvread_encoding {
    CSVREAD_ENC_AUTO = 0, /* options only: detect (the default) */
    CSVREAD_ENC_UTF8,     /* UTF-8 without a byte order mark, or plain ASCII */
    CSVREAD_ENC_UTF8_BOM, /* UTF-8 starting with EF BB BF (stripped) */
    CSVREAD_ENC_GB18030,  /* GB18030, of which GBK and GB2312 are subsets */
};

enum csvread_error {
    CSVREAD_E_ARG = -1,       /* bad argument or option value */
    CSVREAD_E_IO = -2,        /* cannot open, read or write a file */
    CSVREAD_E_NOMEM = -3,     /* out of memory */
    CSVREAD_E_TOOBIG = -4,    /* input larger than max_input_bytes */
    CSVREAD_E_NOTTEXT = -5,   /* an .xlsx/.xls workbook, UTF-16, or NUL bytes */
    CSVREAD_E_ENCODING = -6,  /* bytes that are neither UTF-8 nor GB18030 */
    CSVREAD_E_QUOTE = -7,     /* a misplaced or unclosed quote */
    CSVREAD_E_FIELD_LEN = -8, /* a field longer than max_field_bytes */
    CSVREAD_E_FIELDS = -9,    /* a record with more than max_fields fields */
};

/*
 * Reader options. A zeroed struct (or a NULL pointer) means the defaults, so
 * callers set only what they change: (struct csvread_opts){.max_fields = 40}.
 */
struct csvread_opts {
    size_t max_field_bytes;         /* longest field in UTF-8 bytes; 0: 4096 */
    size_t max_fields;              /* most fields in one record; 0: 256 */
    size_t max_input_bytes;         /* largest input accepted; 0: no limit */
    size_t chunk_bytes;             /* window read and converted at a time; 0: the
                                       environment's CORDON_IMPORT_CHUNK, else
                                       1 MiB; at least 64 */
    enum csvread_encoding encoding; /* AUTO detects; UTF8 or UTF8_BOM force UTF-8
                                       (a BOM is still stripped), GB18030 forces
                                       conversion, for files detection gets wrong */
    int keep_blank_records;         /* 1: also deliver records whose fields are all
                                       empty (",,,," rows Excel leaves behind) */
};

/* One record, valid only during the callback: copy what you keep. */
struct csvread_row {
    const char *const *fields; /* NUL-terminated UTF-8, fields[0..nfields) */
    const size_t *lens;        /* byte length of each field, without the NUL */
    size_t nfields;            /* at least 1 */
    size_t line;               /* 1-based physical line the record starts on */
    size_t index;              /* 0-based count of delivered records; the
                                  header, if the file has one, is index 0 */
};

/* What the reader found, filled as far as reading got, also on error. */
struct csvread_info {
    enum csvread_encoding encoding; /* as detected (or forced) */
    size_t records;                 /* records delivered, header included */
    size_t blank_records;           /* all-empty records skipped */
    size_t input_bytes;             /* size of the input as given */
    size_t utf8_bytes;              /* size after BOM removal / conversion */
};

/*
 * Called once per record, in file order. Returning non-zero stops reading and
 * csvread_file()/csvread_buffer() return that value unchanged; use positive
 * values so they cannot be mistaken for a CSVREAD_E_* code.
 */
typedef int (*csvread_row_fn)(void *arg, const struct csvread_row *row);

/*
 * Reads the CSV file at path and calls fn for each record.
 *
 * The file is read in windows of chunk_bytes, never whole: memory stays flat
 * whatever its size (max_input_bytes, when set, bounds it). With a BOM it
 * must be UTF-8. Otherwise the encoding is decided on the first window that
 * holds a non-ASCII byte, from that byte on (the ASCII before it reads the
 * same either way): valid UTF-8 is UTF-8; text that is mostly valid UTF-8
 * with a few bad bytes is reported as broken UTF-8 rather than decoded as
 * GB18030 mojibake; anything else is converted from GB18030. A later byte
 * that does not fit the decision is an error naming its line and byte
 * offset; records before it have been delivered already, so a caller that
 * must be all-or-nothing (the imports) holds its writes until the end. Line
 * breaks are LF, CRLF or a lone CR; blank lines and all-empty records are
 * skipped (see keep_blank_records) but still counted in line.
 *
 * Returns 0 when every record was delivered, the callback's non-zero value if
 * it stopped the reading, or a CSVREAD_E_* code with a one-line message in
 * err naming the line (and column or byte offset) at fault. out_info and err
 * may be NULL.
 */
int csvread_file(const char *path,                /* file to read */
                 const struct csvread_opts *opts, /* NULL for defaults */
                 csvread_row_fn fn,               /* receives each record */
                 void *arg,                       /* passed to fn */
                 struct csvread_info *out_info,   /* encoding and counts */
                 char err[CSVREAD_ERR_LEN]);

/*
 * Same as csvread_file() on len bytes at data (an HTTP upload, a test
 * string). data is not modified and not retained; byte offsets in error
 * messages are offsets into data.
 */
int csvread_buffer(const void *data, size_t len, const struct csvread_opts *opts, csvread_row_fn fn,
                   void *arg, struct csvread_info *out_info, char err[CSVREAD_ERR_LEN]);

/* Static text for a CSVREAD_E_* code; "unknown error" for anything else. */
const char *csvread_strerror(int code);

/* Static name of an encoding for messages: "UTF-8", "GB18030", ... */
const char *csvread_encoding_name(enum csvread_encoding enc);

/*
 * Writer. All three return 0, or CSVREAD_E_IO if the stream reports an error.
 * Output is meant for Excel: call csvwrite_bom() first on a new file, since
 * Excel reads a UTF-8 CSV without BOM in the local ANSI code page.
 */

/* Writes the UTF-8 byte order mark EF BB BF. */
int csvwrite_bom(FILE *f);

/*
 * Writes one field without separator, quoted (quotes doubled) when it holds a
 * comma, quote, CR or LF or starts or ends with a space or tab. NULL writes
 * an empty field. A value a spreadsheet would run as a formula (it begins
 * with = + - @, TAB or CR) gets a leading ' as OWASP recommends ("CSV
 * injection"), except a plain number: an optional sign, digits and at most
 * one point ("-3", "-0.5", "+8613800138000") is data in every spreadsheet,
 * and an international phone keeps its +. So "+86 138..." (spaces) or
 * "-1+2" are written '+86 138... and '-1+2.
 */
int csvwrite_field(FILE *f, const char *s);

/* Writes n fields separated by commas and ended by CRLF; NULLs are empty. */
int csvwrite_row(FILE *f, const char *const *fields, size_t n);

#endif
