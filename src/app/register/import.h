/*
 * Importing a committee's resident spreadsheet (CSV as Excel or WPS saves
 * it, UTF-8 or GB18030): headers in Chinese or English in any order, values
 * in Chinese or English, every row checked. All or nothing by default: one
 * bad row and nothing is written, and every bad row is reported with its
 * line, column and reason. With a rejects file, the good rows are written
 * and the bad ones saved there with their reasons.
 */
#ifndef CORDON_APP_IMPORT_H
#define CORDON_APP_IMPORT_H

#include "app/app.h"
#include "store/db.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define IMPORT_MAX_KEPT_ERRORS 10000 /* errors kept for the report; more are counted */

/* import_opts.cases_later: the cases opened here, one by one
 * (import_cases_open_one_by_one), the reference path of the tests, instead
 * of set-wise. */
#define IMPORT_CASES_ONE_BY_ONE 2

struct import_opts {
    int64_t committee; /* the committee the sheet belongs to; 0: each row
                          names its own in a 居委会代码 (committee) column,
                          for sheets spanning a street or more */
    FILE *rejects;     /* NULL: all or nothing; else skip bad rows, write them here */
    int progress;      /* 1 show, 0 hide, -1 if stderr is a terminal */
    const char *by;    /* who imports (history), e.g. "cli" or an account */
    /* Who opens the quarantine cases of rows with a running quarantine
     * (import_cases.h); NULL: the command line. */
    const struct caller *caller;
    /* 1: no case opened here (the demo opens its committee's itself once
     * its grids have their people, demo_cases.c; the synthetic city of a
     * load test has none). */
    int cases_later;   /* or IMPORT_CASES_ONE_BY_ONE */
    const char *sheet; /* a workbook's sheet by name; NULL: the first with the header */
};

struct import_error {
    size_t line;       /* 1-based line in the file; the header is line 1 */
    int column;        /* 1-based column, 0 for the whole row */
    char header[64];   /* the column's header as written in the file */
    char code[32];     /* stable machine code: bad_check_digit, missing, ... */
    char message[192]; /* English sentence with the value */
};

struct import_report {
    const char *encoding;        /* "UTF-8", "UTF-8 with BOM", "GB18030", "xlsx", "xls" */
    char sheet[128];             /* the workbook's sheet read; "" for CSV */
    size_t rows;                 /* data rows read */
    size_t created;              /* residents newly registered */
    size_t updated;              /* residents already registered, updated */
    size_t rejected;             /* rows with at least one error */
    size_t households;           /* distinct households in the file */
    char ignored_columns[256];   /* headers not recognised, comma-separated */
    struct import_error *errors; /* first IMPORT_MAX_KEPT_ERRORS errors */
    size_t nerrors;              /* kept */
    size_t errors_cap;           /* allocated slots of errors */
    size_t total_errors;         /* all, including those not kept */
    int committed;               /* 1 if anything was written */
    int64_t cases;               /* quarantine cases opened for imported rows */
    int64_t cases_left;          /* rows with a quarantine running today whose case
                                    was left to later (cases_later) */
};

/*
 * Imports `path` (or `len` bytes at `data` when path is NULL). Returns 0 on
 * success (report filled; with rejects, bad rows may exist), 1 when rows were
 * bad and nothing was written (report lists them), or < 0 for a failure that
 * is not about rows (unreadable file, unknown committee, missing required
 * column, database error) with err filled. The caller frees the report
 * with import_report_cleanup().
 */
int import_residents(struct db *db, const char *path, const char *data, size_t len,
                     const struct import_opts *opts, struct import_report *out,
                     struct app_error *err);

void import_report_cleanup(struct import_report *r);

/*
 * Counts one more error in *total and returns the zeroed slot that keeps it
 * (*errors grown as errors come, *n of *cap used), or NULL when
 * IMPORT_MAX_KEPT_ERRORS are kept already (or memory ran out: the error is
 * counted, not kept). An import with no error allocates nothing. The
 * resident, staff and enterprise importers all keep their errors this way.
 */
struct import_error *import_error_next(struct import_error **errors, size_t *n, size_t *cap,
                                       size_t *total);
/* import_error_next, then the slot filled: header and message formatted
 * from fmt and ap, cut at a character boundary (JSON refuses half ones). */
void import_error_vadd(struct import_error **errors, size_t *n, size_t *cap, size_t *total,
                       size_t line, int column, const char *header, const char *code,
                       const char *fmt, va_list ap);

#endif
