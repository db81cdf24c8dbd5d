/*
 * The dashboard of one unit in one answer: the unit and its ancestors (the
 * breadcrumb), live counts, yesterday's (today's change), the 30-day series,
 * the units below with their counts, and the compounds of a committee or
 * grid. One request per refresh, whatever the level.
 */
#ifndef CORDON_APP_DASHBOARD_H
#define CORDON_APP_DASHBOARD_H

#include "store/db.h"

#include <jansson.h>
#include <stdint.h>

/* NULL on error with *out_rc (DB_E_NOTFOUND for an unknown unit). */
json_t *dashboard_json(struct db *db, int64_t unit, int32_t today, int days, int *out_rc);

/* Hands the dear parts of the city's and its districts' dashboards
 * (app/tasks/tally_memo.c) to the server's task pool when they were not
 * counted yet for this day and check-in slot, so that the first of those
 * dashboards after a start or a new slot does not count them. The server's
 * tick calls it; cheap when there is nothing to do. How many parts were
 * handed, or < 0 on a database error. */
int dashboard_warm(struct db *db, int32_t today);

#endif
