/*
 * The quarantine cases of an import (issue 13): a row that sets a quarantine
 * still running today opens its case — after the rows are committed, in one
 * write of its own. All the cases at once (issue 19: store/quarantines_bulk.h,
 * a few statements whatever their number), writing what the one path from a
 * quarantine fact to a case (quarantines_open_for_fact, the facts route's)
 * writes for each; that path, one case at a time, is kept as the tests'
 * reference.
 */
#ifndef CORDON_APP_REGISTER_IMPORT_CASES_H
#define CORDON_APP_REGISTER_IMPORT_CASES_H

#include "app/app.h"
#include "core/facts.h"
#include "store/residents.h"

#include <stddef.h>

struct import_case {
    size_t line;
    int doc_type;
    char doc_no[RES_DOC_MAX];
    int64_t resident, household, unit; /* as written (unit: its count unit) */
    struct facts_change ch;            /* the quarantine part of the row */
};

struct import_cases {
    struct import_case *v;
    size_t n, cap;
};

/* Remembers resident r's row when its facts set a quarantine running on
 * `today`. 0, or DB_E_NOMEM. */
int import_cases_note(struct import_cases *cs, size_t line, const struct resident *r,
                      int32_t today);

/* Opens the noted cases as `c` (NULL: the command line), one write; a
 * resident already in an open case is left alone. *out_opened: how many.
 * 0, or < 0 with err filled (then none is opened). Set-wise
 * (store/quarantines_bulk.h): a few statements for all the cases. */
int import_cases_open(struct db *db, const struct caller *c, const struct import_cases *cs,
                      int64_t *out_opened, struct app_error *err);

/* The same, one case at a time through quarantines_open_for_fact(), the
 * facts route's path: the reference the set-wise path is tested against
 * (import_opts.cases_one_by_one). */
int import_cases_open_one_by_one(struct db *db, const struct caller *c,
                                 const struct import_cases *cs, int64_t *out_opened,
                                 struct app_error *err);

void import_cases_cleanup(struct import_cases *cs);

#endif
