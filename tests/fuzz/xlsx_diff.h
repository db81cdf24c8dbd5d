/*
 * The differential check of the sheet scanner (util/xmlscan.c) against
 * expat, shared by the unit test (every test workbook) and the fuzzer
 * (any bytes as a sheet's XML): whenever expat reads a sheet, the scanner
 * must read it too and give the same rows, byte for byte. Where expat
 * refuses the XML the scanner may refuse it or read it (it checks less).
 */
#ifndef CORDON_TESTS_XLSX_DIFF_H
#define CORDON_TESTS_XLSX_DIFF_H

#include "util/xlsxread.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Every row delivered, as text: line, index, fields (length-prefixed). */
struct xdiff_out {
    char *p;
    size_t n;
    FILE *f;
};

static int xdiff_row(void *arg, const struct csvread_row *r)
{
    struct xdiff_out *o = arg;

    fprintf(o->f, "%zu %zu %zu:", r->line, r->index, r->nfields);
    for (size_t i = 0; i < r->nfields; i++) {
        fprintf(o->f, "%zu=", r->lens[i]);
        fwrite(r->fields[i], 1, r->lens[i], o->f);
    }
    fputc('\n', o->f);
    return 0;
}

/* Reads with parser p (sheet i of x, or xml/len in pieces of step when x
 * is NULL) into o; the reader's return value. */
static int xdiff_read(struct xlsx *x, size_t i, const char *xml, size_t len, size_t step,
                      enum xlsx_parser p, struct xdiff_out *o)
{
    char err[CSVREAD_ERR_LEN];
    int rc;

    o->p = NULL;
    o->n = 0;
    if (!(o->f = open_memstream(&o->p, &o->n)))
        abort();
    rc = x ? xlsx_read_sheet_with(x, i, p, xdiff_row, o, err)
           : xlsx_read_sheet_xml(xml, len, step, p, xdiff_row, o, err);
    fclose(o->f);
    return rc;
}

/* 0 when both read the same rows, 1 when expat refused the sheet (nothing
 * to compare), -1 when they differ (printed to stderr). */
static int xdiff_check(struct xlsx *x, size_t i, const char *xml, size_t len, size_t step)
{
    struct xdiff_out e, s;
    int erc = xdiff_read(x, i, xml, len, 0, XLSX_EXPAT, &e), src, out;

    if (erc != 0) {
        free(e.p);
        return 1;
    }
    src = xdiff_read(x, i, xml, len, step, XLSX_SCAN, &s);
    out = src == 0 && s.n == e.n && memcmp(s.p, e.p, e.n) == 0 ? 0 : -1;
    if (out)
        fprintf(stderr,
                "xlsx_diff: expat and the scanner differ (scanner rc %d)\n"
                "-- expat:\n%s-- scanner:\n%s",
                src, e.p, s.p);
    free(e.p);
    free(s.p);
    return out;
}

#endif
