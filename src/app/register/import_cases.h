/*
 * The quarantine cases of an import (issue 13): a row that sets a quarantine
 * still running today opens its case, through the one path from a
 * quarantine fact to a case (quarantines_open_for_fact), as the facts route
 * does — after the rows are committed, in one write of its own.
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
    struct facts_change ch; /* the quarantine part of the row */
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
 * 0, or < 0 with err filled (then none is opened). */
int import_cases_open(struct db *db, const struct caller *c, const struct import_cases *cs,
                      int64_t *out_opened, struct app_error *err);

void import_cases_cleanup(struct import_cases *cs);

#endif
