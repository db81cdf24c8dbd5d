/*
 * The demo's quarantined residents have their cases (issue 13): the
 * generated register of 岐山 sets quarantine facts by import, and the one
 * path from a quarantine to a case (app/quarantine) is applied to them
 * afterwards, so the committee's 隔离中 equals its orange count.
 */
#ifndef CORDON_DEMO_DEMO_CASES_H
#define CORDON_DEMO_DEMO_CASES_H

#include "store/db.h"

#include <stdint.h>

/* Opens a case for every resident within `unit` who is orange today
 * because of a running quarantine and has no open case, in one
 * transaction, as the committee account `committee_account` (or the
 * command line when it does not exist). *out_opened counts them. Returns
 * 0, or < 0 with a line in err. */
int demo_cases_create(struct db *db, int64_t unit, const char *committee_account,
                      int64_t *out_opened, char err[256]);

#endif
