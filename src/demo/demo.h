/*
 * The demo scenario of MISSION.md on top of a city's hierarchy: 岐山居委会
 * (310105002002, Jiangsu Road street, Changning) with about 2,000 households
 * and 6,000 residents in several compounds drawn into grids, a lighter
 * population in every other committee of the city, and 30 days of history
 * so the dashboards have a trend to show.
 */
#ifndef CORDON_DEMO_DEMO_H
#define CORDON_DEMO_DEMO_H

#include "store/db.h"

#include <stdint.h>

#define DEMO_COMMITTEE 310105002002LL

struct demo_report {
    int64_t residents;
    int64_t qishan_residents;
    int grids;
    int64_t cases; /* quarantine cases opened for the quarantined (demo_cases.h) */
};

/* Fills the demo. Idempotent: a database that already has residents is left
 * alone (returns 0 with residents = 0). Returns 0 or < 0 with err set. */
int demo_create(struct db *db, int64_t per_committee, struct demo_report *out, char err[256]);

/*
 * Writes colour_daily for the `days` days before today by evaluating every
 * resident's current facts on each past day (facts dated in the future of
 * that day do not count yet). An approximation for demos: it assumes the
 * facts recorded now were the facts then.
 */
int demo_backfill_history(struct db *db, int days, char err[256]);

#endif
